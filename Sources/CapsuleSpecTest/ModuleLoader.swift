import CapsuleCore
import CapsuleBinary
import CapsuleText
import CapsuleValidation

/// Why a module in a script was rejected, and by which layer.
public struct ModuleRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The layer that rejected the module.
    public enum Stage: String, Sendable, Hashable {
        /// The text format (a text or quoted module that does not parse).
        case text
        /// The binary decoder (a malformed module).
        case decoding
        /// The validator (an invalid module).
        case validation
    }

    /// The layer that rejected the module.
    public var stage: Stage
    /// The rejecting layer's message, with its location (`offset N: ...` or `line:column: ...`).
    public var message: String

    /// Creates a rejection.
    public init(stage: Stage, message: String) {
        self.stage = stage
        self.message = message
    }

    /// For example `decoding: offset 8: unexpected end`.
    public var description: String { "\(stage.rawValue): \(message)" }
}

/// Turns a script's module into a validated module: text to binary, decode, validate.
public enum ModuleLoader {
    /// Encodes (if needed), decodes and validates a module from a script.
    ///
    /// ```swift
    /// switch ModuleLoader.load(module) {
    /// case .success(let validated): ...
    /// case .failure(let rejection): print(rejection)
    /// }
    /// ```
    /// `features` are what the module may use (WebAssembly 3.0 by default; ``WasmFeatures``).
    public static func load(_ module: WastModule, features: WasmFeatures = .wasm3) -> Result<ValidatedModule, ModuleRejection> {
        let bytes: [UInt8]
        do throws(TextError) {
            bytes = try module.binary()
        } catch {
            return .failure(ModuleRejection(stage: .text, message: error.description))
        }
        return load(bytes, features: features)
    }

    /// Decodes and validates a binary module that may use `features`.
    public static func load(_ bytes: [UInt8], features: WasmFeatures = .wasm3) -> Result<ValidatedModule, ModuleRejection> {
        let decoded: Module
        do throws(DecodeError) {
            decoded = try Module(decoding: bytes, features: features)
        } catch {
            return .failure(ModuleRejection(stage: .decoding, message: error.description))
        }
        do throws(ValidationError) {
            return .success(try decoded.validate())
        } catch {
            return .failure(ModuleRejection(stage: .validation, message: error.description))
        }
    }
}
