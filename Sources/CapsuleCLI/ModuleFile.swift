import CapsuleBinary
import CapsuleSpecTest
import CapsuleText
import CapsuleValidation
import Foundation

/// A problem with one input file, reported as `FILE: message`.
struct FileProblem: Error, CustomStringConvertible {
    var path: String
    /// The message, with its location (`offset N: ...` or `line:column: ...`).
    var message: String

    var description: String { "\(path): \(message)" }
}

/// Reading module files: `.wat` through the text format, anything else as binary.
enum ModuleFile {
    /// The file's contents, or why it cannot be read.
    static func contents(of path: String) throws(FileProblem) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw FileProblem(path: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw FileProblem(path: path, message: "is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileProblem(path: path, message: "cannot be read")
        }
        return [UInt8](data)
    }

    /// Whether the path names a text module.
    static func isText(_ path: String) -> Bool {
        path.lowercased().hasSuffix(".wat")
    }

    /// The module's binary bytes: the file itself, or the encoding of a `.wat` file.
    static func binary(at path: String) throws(FileProblem) -> [UInt8] {
        let bytes = try contents(of: path)
        guard isText(path) else { return bytes }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileProblem(path: path, message: "malformed UTF-8 encoding")
        }
        do throws(TextError) {
            return try TextFormat.wasm(fromWAT: text)
        } catch {
            throw FileProblem(path: path, message: error.description)
        }
    }

    /// Decodes a module file (without validating it).
    static func decode(at path: String) throws(FileProblem) -> Module {
        let bytes = try binary(at: path)
        do throws(DecodeError) {
            return try Module(decoding: bytes)
        } catch {
            throw FileProblem(path: path, message: error.description)
        }
    }

    /// Decodes and validates a module file.
    static func validate(at path: String) throws(FileProblem) -> ValidatedModule {
        let bytes = try binary(at: path)
        switch ModuleLoader.load(bytes) {
        case .success(let validated): return validated
        case .failure(let rejection): throw FileProblem(path: path, message: rejection.message)
        }
    }
}
