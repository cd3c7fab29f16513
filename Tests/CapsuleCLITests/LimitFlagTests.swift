import CapsuleCLI
import Foundation
import Testing

/// `capsule run --max-memory / --fuel / --timeout`: each limit stops or constrains a WAT guest, run in
/// process through ``CapsuleCommand/run(arguments:console:)`` with a ``BufferConsole``.
@Suite struct LimitFlagTests {
    /// A module whose `spin` export never returns.
    static let endlessLoop = """
        (module
          (func (export "spin")
            (loop $again (br $again))))
        """

    /// A module whose `grow` export grows its memory by 100 pages and returns memory.grow's result.
    static let grower = """
        (module
          (memory 1)
          (func (export "grow") (result i32)
            (memory.grow (i32.const 100))))
        """

    /// Each limit holds in both execution tiers.
    static let tiers = ["interpreter", "native"]

    /// Writes `text` to a fresh file and runs `capsule run` with `flags`, the file, then `trailing`.
    private func run(_ text: String, _ flags: [String], _ trailing: [String] = [])
        throws -> (status: Int32, output: String, errors: String)
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("guest.wat")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["run"] + flags + [file.path] + trailing, console: console)
        return (status, console.output, console.errorOutput)
    }

    @Test(arguments: Self.tiers) func fuelStopsAnEndlessLoop(tier: String) throws {
        let result = try run(Self.endlessLoop, ["--tier", tier, "--fuel", "100000", "--invoke", "spin"])
        #expect(result.status == 134)
        #expect(result.errors.contains("all fuel consumed"))
    }

    @Test(arguments: Self.tiers) func timeoutStopsAnEndlessLoopWithinAboutASecond(tier: String) throws {
        let start = Date()
        let result = try run(Self.endlessLoop, ["--tier", tier, "--timeout", "1", "--invoke", "spin"])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.status == 134)
        #expect(result.errors.contains("execution interrupted"))
        #expect(elapsed >= 0.9)
        #expect(elapsed < 3)
    }

    @Test(arguments: Self.tiers) func decimalTimeout(tier: String) throws {
        let start = Date()
        let result = try run(Self.endlessLoop, ["--tier", tier, "--timeout", "0.2", "--invoke", "spin"])
        #expect(result.status == 134)
        #expect(result.errors.contains("execution interrupted"))
        #expect(Date().timeIntervalSince(start) < 2)
    }

    @Test(arguments: Self.tiers) func maxMemoryMakesGrowthPastTheLimitFail(tier: String) throws {
        let limited = try run(Self.grower, ["--tier", tier, "--max-memory", "2M", "--invoke", "grow"])
        #expect(limited.status == 0)
        #expect(limited.output == "-1\n")
        let unlimited = try run(Self.grower, ["--tier", tier, "--invoke", "grow"])
        #expect(unlimited.status == 0)
        #expect(unlimited.output == "1\n")
    }

    @Test(arguments: Self.tiers) func maxMemoryAllowsGrowthWithinTheLimit(tier: String) throws {
        // 101 pages = 6,619,136 bytes; 7M leaves room for 112 pages.
        let result = try run(Self.grower, ["--tier", tier, "--max-memory", "7M", "--invoke", "grow"])
        #expect(result.output == "1\n")
        let exact = try run(Self.grower, ["--tier", tier, "--max-memory", "\(101 * 65536)", "--invoke", "grow"])
        #expect(exact.output == "1\n")
        let oneShort = try run(Self.grower, ["--tier", tier, "--max-memory", "\(101 * 65536 - 1)", "--invoke", "grow"])
        #expect(oneShort.output == "-1\n")
    }

    @Test(arguments: Self.tiers) func limitsLeaveAFinishingProgramAlone(tier: String) throws {
        let result = try run(Self.grower, ["--tier", tier, "--fuel", "1000", "--timeout", "5", "--invoke", "grow"])
        #expect(result.status == 0)
        #expect(result.output == "1\n")
    }

    @Test(arguments: [
        ["--max-memory", "lots"], ["--max-memory", "2X"], ["--max-memory=-1"], ["--max-memory", "M"],
        ["--max-memory", "99999999999999999999G"], ["--fuel=-5"], ["--fuel", "ten"],
        ["--timeout", "soon"], ["--timeout=-1"], ["--timeout", "inf"], ["--timeout", "nan"],
    ])
    func invalidLimitsAreOneLineErrors(flags: [String]) throws {
        let result = try run(Self.grower, flags + ["--invoke", "grow"])
        #expect(result.status == CapsuleCommand.usageStatus)
        #expect(result.output.isEmpty)
        #expect(result.errors.hasPrefix("capsule: \(flags[0].split(separator: "=")[0])"))
        #expect(result.errors.filter { $0 == "\n" }.count == 1)
    }

    @Test func sizeSuffixes() throws {
        // 64K is exactly one page: the initial page fits, any growth fails.
        let one = try run(Self.grower, ["--max-memory", "64K", "--invoke", "grow"])
        #expect(one.output == "-1\n")
        let gib = try run(Self.grower, ["--max-memory", "1G", "--invoke", "grow"])
        #expect(gib.output == "1\n")
    }
}
