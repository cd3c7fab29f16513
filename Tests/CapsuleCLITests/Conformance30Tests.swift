import CapsuleCLI
import Foundation
import Testing

/// The WebAssembly 3.0 core test suite (`Vendor/testsuite-3.0`), one test per file through
/// `capsule wast`: every file, with no directive skipped. Disabled when the suite is not checked out
/// (see `Vendor/README.md`).
@Suite struct Conformance30Tests {
    /// The files that must pass: every file of the suite.
    static let runFiles: [String] = Fixtures.testsuite30Files

    @Test(
        "Vendor/testsuite-3.0 script has no failures",
        .enabled(if: Fixtures.testsuite30IsPresent, "Vendor/testsuite-3.0 not present: 3.0 conformance skipped"),
        arguments: runFiles
    )
    func script(_ name: String) throws {
        let path = Fixtures.testsuite30.appendingPathComponent(name).path
        let result = capsule("wast", path)
        let summary = try #require(result.output.split(separator: "\n").last.map(String.init))
        let failures = result.output.split(separator: "\n").dropLast().prefix(20).joined(separator: "\n")
        #expect(result.status == 0, "\(name): \(summary)\n\(failures)")
        #expect(summary.contains(" passed, 0 failed"), "\(name): \(summary)")
        #expect(!summary.contains("skipped"), "\(name): \(summary)")
    }
}

@Suite struct Conformance30FileTests {
    @Test(.enabled(if: Fixtures.testsuite30IsPresent, "Vendor/testsuite-3.0 not present: file count not checked"))
    func theSuiteHasItsPinnedFiles() {
        // 193e551: 257 top-level files, 4 in legacy/, 3 in custom/.
        let files = Fixtures.testsuite30Files
        #expect(files.filter { !$0.contains("/") }.count == 257)
        #expect(files.filter { $0.hasPrefix("legacy/") }.count == 4)
        #expect(files.filter { $0.hasPrefix("custom/") }.count == 3)
        #expect(!files.contains { $0.hasPrefix("proposals/") })
    }
}
