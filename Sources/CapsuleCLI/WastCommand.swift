import ArgumentParser
import CapsuleCore
import CapsuleEngine
import CapsuleSpecTest

/// `capsule wast FILE...`: runs specification test scripts.
struct WastCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "wast",
        abstract: "Run WebAssembly specification test scripts (.wast).",
        discussion: """
            Modules the scripts define must decode, validate and instantiate; assert_malformed and assert_invalid \
            modules must be rejected; every other directive runs on Capsule's engine with the `spectest` host \
            module. Directives that need SIMD execution are counted as skipped. \
            Prints each failure as `FILE:LINE: directive: expected ...; got ...`, then the line \
            `N passed, M failed` (with `, K skipped` when some were skipped). Exits 1 when anything failed.

            Examples:
              capsule wast Vendor/testsuite/i32.wast
              capsule wast Vendor/testsuite/*.wast
              capsule wast --quiet --skip-reasons Vendor/testsuite/*.wast
              capsule wast --wasm-version 2.0 Vendor/testsuite/*.wast
            """
    )

    @Argument(help: "Scripts to run.")
    var files: [String]

    @Flag(name: .shortAndLong, help: "Print only the summary lines, not each failure.")
    var quiet = false

    @Flag(help: "Before the summary, print how many directives were skipped for each reason.")
    var skipReasons = false

    @Option(help: "The WebAssembly version whose features modules may use: 3.0 (the default) or 2.0 (for the 2.0 test suite, whose assertions reject what 3.0 added).")
    var wasmVersion: String = "3.0"

    @Option(help: ArgumentHelp("Execution tier: auto (the default: native code on x86-64 Linux, else the interpreter), native or interpreter.", valueName: "TIER"))
    var tier: String = "auto"

    /// The executor for directives that need an engine; a fresh one per script.
    static func makeExecutor(features: WasmFeatures, tier: ExecutionTier = .interpreter) -> EngineExecutor {
        EngineExecutor(features: features, tier: tier)
    }

    func execute(console: Console) -> Int32 {
        guard let features = WasmFeatures(version: wasmVersion) else {
            console.writeError("capsule: --wasm-version must be 2.0 or 3.0, not \(wasmVersion)\n")
            return 1
        }
        guard let chosenTier = ExecutionTier(rawValue: tier) else {
            console.writeError("capsule: --tier must be auto, native or interpreter, not \(tier)\n")
            return 1
        }
        var total = WastReport()
        var unreadable = false
        for path in files {
            var executor = Self.makeExecutor(features: features, tier: chosenTier)
            let report: WastReport
            do throws(WastFileError) {
                report = try WastRunner.run(file: path, executor: &executor, features: features)
            } catch {
                console.writeError("\(error)\n")
                unreadable = true
                continue
            }
            if !quiet {
                for failure in report.failures { console.write("\(failure)\n") }
            }
            if files.count > 1 { console.write("\(path): \(report.summary)\n") }
            total.merge(report)
        }
        if skipReasons {
            for (reason, count) in total.skipReasons.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                console.write("skipped \(count): \(reason)\n")
            }
        }
        if chosenTier == .native {
            // Asked for by name: say what ran natively (before the summary, which stays the last line).
            console.write(NativeTierStatistics.summary + "\n")
        }
        console.write("\(total.summary)\n")
        return total.failed > 0 || unreadable ? 1 : 0
    }
}
