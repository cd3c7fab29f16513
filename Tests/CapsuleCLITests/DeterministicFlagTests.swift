import CapsuleCLI
import Foundation
import Testing

/// `capsule run --deterministic`: a C program that prints times, a measured sleep and random numbers
/// (`Tests/Fixtures/deterministic/entropy.c`) prints the same bytes on every run with the flag, and
/// different ones without it.
@Suite struct DeterministicFlagTests {
    static let program = Fixtures.packageRoot.appendingPathComponent("Tests/Fixtures/deterministic/entropy.wasm").path

    private func run(_ flags: [String]) -> (status: Int32, output: String) {
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["run"] + flags + [Self.program], console: console)
        return (status, console.output)
    }

    @Test func twoDeterministicRunsPrintTheSameBytes() {
        let first = run(["--deterministic"])
        let second = run(["--deterministic"])
        #expect(first.status == 0)
        #expect(second.status == 0)
        #expect(first.output.split(separator: "\n").count == 8)
        #expect(first.output == second.output)
        // The sleep still passes on the guest's clock, without the host waiting.
        #expect(first.output.contains("slept at least 20 ms: yes"))
    }

    @Test func runsWithoutTheFlagDiffer() {
        let first = run([])
        let second = run([])
        #expect(first.status == 0)
        #expect(first.output.contains("slept at least 20 ms: yes"))
        // 16 bytes from the system's random source: equal twice with probability 2^-128.
        let entropy = { (text: String) in text.split(separator: "\n").first { $0.hasPrefix("entropy ") } }
        #expect(entropy(first.output) != nil)
        #expect(entropy(first.output) != entropy(second.output))
    }

    @Test func deterministicTimeStartsAtTheDocumentedEpoch() {
        let output = run(["--deterministic"]).output
        // DeterministicClocks' default wall-clock start: 2024-01-01T00:00:00Z.
        #expect(output.hasPrefix("time 1704067200\n"))
    }
}
