import CapsuleBinary
import CapsuleCore
import CapsuleEngine
import CapsuleText
import CapsuleValidation

/// What each fuzz target does with one input. Every function must return normally for every input:
/// errors are expected, a Swift trap or a sanitizer report is a bug.
public enum FuzzTargets {
    /// The targets by name.
    static let all: [String: @Sendable (UnsafeRawBufferPointer) -> Void] = [
        "decode": decode, "validate": validate, "text": text, "execute": execute, "wasi": wasi,
    ]

    /// The binary decoder: any bytes, then every function body again through `InstructionReader`.
    public static func decode(_ data: UnsafeRawBufferPointer) {
        let bytes = [UInt8](data)
        guard let module = try? Module(decoding: bytes) else { return }
        for body in module.codes {
            var reader = InstructionReader(bytes: module.bytes, range: body.range)
            while !reader.isAtEnd {
                guard (try? reader.next()) != nil else { break }
            }
        }
    }

    /// Decoder and validator.
    public static func validate(_ data: UnsafeRawBufferPointer) {
        guard let module = try? Module(decoding: [UInt8](data)) else { return }
        _ = try? module.validate()
    }

    /// The text adapter: the input as a `.wat` module and as a `.wast` script; whatever binary comes
    /// out is decoded and validated (a module the text parser accepted must not crash the rest).
    public static func text(_ data: UnsafeRawBufferPointer) {
        let text = String(decoding: data, as: UTF8.self)
        if let binary = try? TextFormat.wasm(fromWAT: text) {
            validate(binary)
        }
        let script = WastScript(parsing: [UInt8](data))
        for directive in script.directives {
            if case .module(let module) = directive.kind, let binary = try? module.binary() {
                validate(binary)
            }
        }
    }

    static func validate(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// Decode, validate, instantiate with stub imports, and call every exported function with fixed
    /// arguments, under a fuel limit and small memory, table and stack limits. A module without
    /// loops and calls (so it must terminate) runs a second time without fuel: compiled code differs
    /// when nothing is metered (no checkpoints), and that is how most embedders run it.
    public static func execute(_ data: UnsafeRawBufferPointer) {
        guard let module = try? WasmModule(bytes: [UInt8](data)) else { return }
        ModuleRunner(limits: ModuleRunner.fuzzLimits).run(module, stubImports: true) { _ in }
        if terminatesUnmetered(module) {
            var limits = ModuleRunner.fuzzLimits
            limits.fuel = nil
            ModuleRunner(limits: limits).run(module, stubImports: true) { _ in }
        }
    }

    /// Whether no body has a `loop`, `call` or `call_indirect`: then every call ends.
    static func terminatesUnmetered(_ module: WasmModule) -> Bool {
        let m = module.module
        for body in m.codes {
            var reader = InstructionReader(bytes: m.bytes, range: body.range)
            while !reader.isAtEnd {
                switch try? reader.next() {
                case .loop?, .call?, .callIndirect?, nil: return false
                default: continue
                }
            }
        }
        return true
    }
}
