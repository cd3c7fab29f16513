import CapsuleSpecTest
import CapsuleText
import Testing

@Suite struct WastCommandTests {
    @Test func runnerCountsSampleScript() throws {
        var executor = ValidationOnlyExecutor()
        let report = try WastRunner.run(file: Fixtures.path("sample.wast"), executor: &executor)
        // Passed: two assert_malformed, one assert_invalid. Failed: an assert_invalid of a valid module and an
        // invalid module definition. Skipped: the assert_return.
        #expect(report.passed == 3)
        #expect(report.failed == 2)
        #expect(report.skipped == 1)
        #expect(report.summary == "3 passed, 2 failed, 1 skipped")
        #expect(report.failures.map(\.line) == [11, 12])
        #expect(report.failures.map(\.directive) == ["assert_invalid", "module"])
    }

    @Test func commandPrintsFailuresAndSummaryAndFails() throws {
        let path = Fixtures.path("sample.wast")
        let result = capsule("wast", path)
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("\(path):11: assert_invalid: expected rejection") == true)
        #expect(lines.dropFirst().first?.hasPrefix("\(path):12: module: expected a valid module; got rejected by validation") == true)
        // The engine may run the assert_return one day: only the failure count is fixed.
        let summary = try #require(lines.last)
        #expect(summary.contains(" passed, 2 failed"))
    }

    @Test func summaryOmitsSkippedWhenNone() {
        var report = WastReport()
        report.record(.passed, file: "f", line: 1, directive: "assert_return")
        #expect(report.summary == "1 passed, 0 failed")
        report.record(.skipped(reason: "r"), file: "f", line: 2, directive: "assert_return")
        #expect(report.summary == "1 passed, 0 failed, 1 skipped")
        #expect(report.skipReasons == ["r": 1])
    }

    @Test func passingScriptExitsZero() {
        let result = capsule("wast", "-q", Fixtures.path("passing.wast"))
        #expect(result.status == 0)
        #expect(result.output.hasSuffix(" passed, 0 failed\n") || result.output.contains(" passed, 0 failed, "))
    }

    @Test func skipReasonsAreTalliedBeforeTheSummary() {
        // `assert_fuel` is beyond WebAssembly 2.0: the runner skips it whatever the executor.
        let result = capsule("wast", "--skip-reasons", Fixtures.path("skips.wast"))
        #expect(result.status == 0)
        #expect(result.output == "skipped 2: assert_fuel not supported\n0 passed, 0 failed, 2 skipped\n")
    }

    @Test func unreadableScriptIsAnError() {
        let result = capsule("wast", "/nonexistent/script.wast")
        #expect(result.status == 1)
        #expect(result.errors == "/nonexistent/script.wast: no such file\n")
    }
}
