import CapsuleBinary
import CapsuleComponent
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
    ///
    /// Read with `read(2)` straight into the array, once: going through `Data` would hold the file
    /// twice and copy it (a tenth of a second and 99 MB more for CPython's module). A file whose size
    /// `fstat` does not tell (a pipe) is read in pieces until its end.
    static func contents(of path: String) throws(FileProblem) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileProblem(path: path, message: errno == ENOENT ? "no such file" : "cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileProblem(path: path, message: "cannot be read") }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw FileProblem(path: path, message: "is a directory") }
        var bytes: [UInt8] = []
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            let size = Int(info.st_size)
            var failed = false
            bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                while count < size {
                    let got = read(descriptor, base + count, size - count)
                    if got < 0, errno == EINTR { continue }
                    if got < 0 { failed = true }
                    if got <= 0 { break }
                    count += got
                }
            }
            guard !failed else { throw FileProblem(path: path, message: "cannot be read") }
        }
        // Whatever is left (a file that grew, or one fstat gave no size for).
        var piece = [UInt8](repeating: 0, count: 65536)
        while true {
            let got = piece.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0, errno == EINTR { continue }
            guard got >= 0 else { throw FileProblem(path: path, message: "cannot be read") }
            if got == 0 { break }
            bytes += piece[..<got]
        }
        return bytes
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

    /// Decodes and validates a component's bytes.
    static func validateComponent(_ bytes: [UInt8], path: String) throws(FileProblem) -> ValidatedComponent {
        let component: Component
        do throws(DecodeError) {
            component = try Component(decoding: bytes)
        } catch {
            throw FileProblem(path: path, message: error.description)
        }
        do throws(ComponentValidationError) {
            return try component.validate()
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
