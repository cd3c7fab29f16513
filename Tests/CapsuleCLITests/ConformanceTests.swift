import CapsuleCLI
import Foundation
import Testing

/// The WebAssembly 2.0 core test suite, one test per `.wast` file, through `capsule wast`.
///
/// The suite lives in the git-ignored `Vendor/testsuite` (see `Vendor/README.md`). When it is not checked out,
/// the parameterised test is disabled and ``ConformanceSetupTests`` records that conformance was skipped.
@Suite struct ConformanceTests {
    @Test(
        "Vendor/testsuite script has no failures",
        // Disabled, not failed, on a machine without the vendored suite.
        .enabled(if: Fixtures.testsuiteIsPresent, "Vendor/testsuite not present: conformance skipped"),
        arguments: Fixtures.testsuiteFiles, ["interpreter", "native"]
    )
    func script(_ name: String, tier: String) throws {
        let path = Fixtures.testsuite.appendingPathComponent(name).path
        let result = capsule("wast", "--wasm-version", "2.0", "--tier", tier, path)
        let summary = try #require(result.output.split(separator: "\n").last.map(String.init))
        let failures = result.output.split(separator: "\n").dropLast().prefix(20).joined(separator: "\n")
        #expect(result.status == 0, "\(name): \(summary)\n\(failures)")
        #expect(summary.contains(" passed, 0 failed"), "\(name): \(summary)")
    }
}

@Suite struct ConformanceSetupTests {
    @Test func fixturePathsResolve() {
        #expect(FileManager.default.fileExists(atPath: Fixtures.packageRoot.appendingPathComponent("Package.swift").path))
        #expect(Fixtures.testsuite.path.hasSuffix("Vendor/testsuite"))
        #expect(FileManager.default.fileExists(atPath: Fixtures.path("sample.wast")))
        if Fixtures.testsuiteIsPresent {
            #expect(Fixtures.testsuiteFiles.allSatisfy { $0.hasSuffix(".wast") })
        } else {
            print("Vendor/testsuite not present: conformance skipped")
            #expect(Fixtures.testsuiteFiles.isEmpty)
        }
    }
}

/// A wrong expectation planted in a copy of a spec script must be reported as a failure: the runner
/// compares results, it does not just count directives.
@Suite struct PlantedFailureTests {
    @Test(.enabled(if: Fixtures.testsuiteIsPresent, "Vendor/testsuite not present: planted-failure check skipped"))
    func wrongExpectationInACopyOfI32IsReported() throws {
        let original = try String(contentsOf: Fixtures.testsuite.appendingPathComponent("i32.wast"), encoding: .utf8)
        let line = #"(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 2))"#
        #expect(original.contains(line))
        let planted = original.replacingOccurrences(of: line, with: #"(assert_return (invoke "add" (i32.const 1) (i32.const 1)) (i32.const 3))"#)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("planted-i32-\(UUID().uuidString).wast")
        try planted.write(to: copy, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy) }
        let result = capsule("wast", copy.path)
        #expect(result.status == 1)
        #expect(result.output.contains("assert_return: expected (i32.const 3); got (i32.const 2)"))
        #expect(result.output.split(separator: "\n").last?.hasSuffix(" passed, 1 failed") == true)
    }
}
