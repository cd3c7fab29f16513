import CapsuleBinary
import CapsuleText
import CapsuleValidation
import Foundation
import Testing

/// The pinned WebAssembly 2.0 test suite, as far as validation goes: every `assert_invalid`
/// module is rejected by the validator with the suite's message (compared as a prefix, as the
/// reference interpreter's runner does), and every module the suite expects to be valid
/// (`module`, `assert_unlinkable`, `assert_uninstantiable`, SIMD included) validates.
///
/// Modules that the text layer cannot encode or the decoder rejects are counted and printed,
/// not held against the validator. Skipped when `Vendor/testsuite` is not checked out.
@Suite struct SpecSuiteValidationTests {
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vendor/testsuite")

    static var wastFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: suiteDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".wast") }.sorted()
    }

    /// Directives whose module cannot reach the validator as the suite means it, keyed by
    /// `file:line`, each with the reason. They are run anyway and reported, but not held against the validator.
    /// (Empty since CapsuleText has its own parser, which encodes typed `select` as written.)
    static let knownTextLayerIssues: [String: String] = [:]

    /// Counts for one run over the suite.
    struct Tally: CustomStringConvertible {
        var invalidTotal = 0
        var invalidRejected = 0
        var invalidMessageMatches = 0
        var invalidNotEncodable = 0
        var invalidRejectedByDecoder = 0
        var invalidKnownTextLayerIssues = 0
        var validTotal = 0
        var validAccepted = 0
        var validNotEncodable = 0
        var validRejectedByDecoder = 0

        var description: String {
            """
            assert_invalid: \(invalidTotal) modules, \(invalidRejected) rejected by the validator \
            (\(invalidMessageMatches) with the suite's message, \(invalidKnownTextLayerIssues) known text-layer issues), \
            \(invalidRejectedByDecoder) rejected by the decoder, \
            \(invalidNotEncodable) not encodable by the text layer
            valid modules: \(validTotal), \(validAccepted) validated, \(validRejectedByDecoder) rejected by the decoder, \
            \(validNotEncodable) not encodable by the text layer
            """
        }
    }

    @Test(.enabled(if: !wastFiles.isEmpty, "Vendor/testsuite is not checked out"))
    func validationAgreesWithTheSuite() throws {
        var tally = Tally()
        for file in Self.wastFiles {
            let text = try String(contentsOf: Self.suiteDirectory.appendingPathComponent(file), encoding: .utf8)
            for directive in WastScript(parsing: text).directives {
                let place = "\(file):\(directive.line)"
                switch directive.kind {
                case .assertInvalid(let module, let message):
                    tally.invalidTotal += 1
                    let bytes: [UInt8]
                    do {
                        bytes = try module.binary()
                    } catch {
                        tally.invalidNotEncodable += 1
                        print("\(place): assert_invalid module not encodable by the text layer: \(error) (expected \"\(message)\")")
                        continue
                    }
                    let decoded: Module
                    do {
                        decoded = try Module(decoding: bytes, features: .wasm2)
                    } catch {
                        tally.invalidRejectedByDecoder += 1
                        print("\(place): assert_invalid module rejected by the decoder: \(error) (expected \"\(message)\")")
                        continue
                    }
                    do {
                        _ = try decoded.validate()
                        Issue.record("\(place): validated, expected \"\(message)\"")
                    } catch {
                        tally.invalidRejected += 1
                        if error.message.hasPrefix(message) {
                            tally.invalidMessageMatches += 1
                        } else if let reason = Self.knownTextLayerIssues[place] {
                            tally.invalidKnownTextLayerIssues += 1
                            print("\(place): \"\(error.message)\", expected \"\(message)\" (known: \(reason))")
                        } else {
                            Issue.record("\(place): \"\(error.message)\", expected \"\(message)\"")
                        }
                    }
                case .module(let module), .assertUnlinkable(let module, _), .assertUninstantiable(let module, _):
                    tally.validTotal += 1
                    guard let bytes = try? module.binary() else {
                        tally.validNotEncodable += 1
                        continue
                    }
                    let decoded: Module
                    do {
                        decoded = try Module(decoding: bytes, features: .wasm2)
                    } catch {
                        tally.validRejectedByDecoder += 1
                        print("\(place): valid module rejected by the decoder: \(error)")
                        continue
                    }
                    do {
                        _ = try decoded.validate()
                        tally.validAccepted += 1
                    } catch {
                        Issue.record("\(place): valid module rejected: \(error)")
                    }
                default:
                    continue
                }
            }
        }
        print(tally)
        #expect(tally.invalidTotal > 0 && tally.validTotal > 0)
    }
}
