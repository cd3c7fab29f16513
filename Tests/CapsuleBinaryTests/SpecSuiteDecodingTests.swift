import Foundation
import Testing
import CapsuleBinary
import CapsuleText

/// The pinned WebAssembly 2.0 test suite, as far as decoding goes: every `assert_malformed` binary
/// module is rejected with the suite's message (compared by prefix, as the reference interpreter's
/// runner does), and every other module (binary, or text through CapsuleText) decodes.
///
/// Skipped when `Vendor/testsuite` is not checked out.
@Suite struct SpecSuiteDecodingTests {
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vendor/testsuite")

    static var wastFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".wast") }.sorted()
    }

    static func entries(_ file: String) throws -> [Wast.ModuleEntry] {
        let text = try String(contentsOf: suiteDirectory.appendingPathComponent(file), encoding: .utf8)
        return try Wast.modules(in: text, file: file)
    }

    @Test(.enabled(if: !wastFiles.isEmpty, "Vendor/testsuite is not checked out"))
    func malformedBinaryModulesAreRejectedWithTheSuiteMessage() throws {
        var total = 0
        var rejected = 0
        var messageMatches = 0
        for file in Self.wastFiles {
            for entry in try Self.entries(file) where entry.directive == "assert_malformed" {
                guard case .binary(let bytes) = entry.source else { continue }
                total += 1
                let expected = entry.message ?? ""
                do {
                    _ = try Module(decoding: bytes, features: .wasm2)
                    Issue.record("\(entry.file):\(entry.line): decoded, expected \"\(expected)\"")
                } catch {
                    rejected += 1
                    if error.message.hasPrefix(expected) {
                        messageMatches += 1
                    } else {
                        Issue.record("\(entry.file):\(entry.line): \"\(error.message)\", expected \"\(expected)\"")
                    }
                }
            }
        }
        print("assert_malformed binary modules: \(rejected)/\(total) rejected, \(messageMatches) with the suite's message")
        #expect(total > 0)
    }

    @Test(.enabled(if: !wastFiles.isEmpty, "Vendor/testsuite is not checked out"))
    func otherModulesDecode() throws {
        var decoded = 0
        var unencodable = 0
        for file in Self.wastFiles {
            for entry in try Self.entries(file) where entry.directive != "assert_malformed" {
                let bytes: [UInt8]
                switch entry.source {
                case .binary(let binary):
                    bytes = binary
                case .text(let text):
                    guard let binary = try? TextFormat.wasm(fromWAT: text) else {
                        unencodable += 1
                        continue
                    }
                    bytes = binary
                case .quote:
                    continue
                }
                do {
                    _ = try Module(decoding: bytes, features: .wasm2)
                    decoded += 1
                } catch {
                    Issue.record("\(entry.file):\(entry.line) (\(entry.directive)): \(error)")
                }
            }
        }
        print("other modules: \(decoded) decoded, \(unencodable) not encodable by the text format")
        #expect(decoded > 0)
    }
}
