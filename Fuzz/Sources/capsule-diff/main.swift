// The Capsule side of the differential runs (Fuzz/diff/differential.py, Fuzz/diff/tiers.py):
//     capsule-diff [--no-fuel] [--tier interpreter|native|auto] [--dump DIR] PATH...
// (or "-" for PATH to read paths from standard input; options in any order, before the paths).
// For each .wasm path prints "== PATH", then ModuleRunner's lines; a module that does not decode or
// validate prints "invalid <message>". With --no-fuel the store meters nothing, so the code runs
// as most embedders run it, without fuel checkpoints (wasm-smith's own fuel still ends every
// module). --tier sets StoreLimits.tier (default: the interpreter); the native tier runs only
// unmetered, so it needs --no-fuel to take effect. Under a tier other than the interpreter, each
// module's report ends with "# native compiled N interpreted M": the functions the native tier
// compiled and the ones it left to the interpreter while running that module, then REASON=COUNT for
// the latter by the instruction that kept them there (a comment line, not part of the comparison
// protocol). With --dump, each exported memory of each module is written to
// DIR/<module file name without .wasm>/<name as in the report>.bin. Limits match the wasmtime
// store differential.py builds.
import CapsuleEngine
import FuzzSupport

#if canImport(Glibc)
import Glibc
#endif

func usage(_ message: String) -> Never {
    let text = "capsule-diff: \(message)\n"
        + "usage: capsule-diff [--no-fuel | --fuel N] [--tier interpreter|native|auto] [--dump DIR] PATH... | -\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

var limits = StoreLimits()
limits.maxMemoryPages = 64  // 4 MiB, as wasmtime's memory_size limit
limits.maxTableElements = 10_000
limits.fuel = 50_000_000  // a safety net only: generated modules carry their own fuel
var dumpDirectory: String?
var comparableMetering = false

var arguments = Array(CommandLine.arguments.dropFirst())
while let option = arguments.first, option.hasPrefix("--") {
    arguments.removeFirst()
    switch option {
    case "--no-fuel":
        limits.fuel = nil
    case "--fuel":
        // A budget per call that may run out: both tiers must stop at the same instruction.
        guard let text = arguments.first, let budget = UInt64(text) else { usage("--fuel takes a number") }
        arguments.removeFirst()
        limits.fuel = budget
        comparableMetering = true
    case "--tier":
        guard let name = arguments.first, let tier = ExecutionTier(rawValue: name) else {
            usage("--tier takes interpreter, native or auto")
        }
        arguments.removeFirst()
        limits.tier = tier
    case "--dump":
        guard let directory = arguments.first else { usage("--dump takes a directory") }
        arguments.removeFirst()
        dumpDirectory = directory
    default:
        usage("unknown option \(option)")
    }
}
var paths = arguments
if paths == ["-"] {
    paths = []
    while let line = readLine() { paths.append(line) }
}

/// The file name of `path` without its directory and a final ".wasm".
func stem(_ path: String) -> String {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    return name.hasSuffix(".wasm") ? String(name.dropLast(5)) : name
}

let reportsTier = limits.tier != .interpreter
for path in paths {
    print("== \(path)")
    var runner = ModuleRunner(limits: limits)
    runner.meteringIsComparable = comparableMetering
    if let dumpDirectory {
        let directory = "\(dumpDirectory)/\(stem(path))"
        mkdir(directory, 0o755)
        runner.memoryDump = { name, bytes in
            guard let file = fopen("\(directory)/\(ModuleRunner.quoted(name)).bin", "wb") else { return }
            if let base = bytes.baseAddress { fwrite(base, 1, bytes.count, file) }
            fclose(file)
        }
    }
    let before = NativeTierStatistics.snapshot
    do {
        let module = try WasmModule(contentsOf: path)
        runner.run(module, stubImports: false) { print($0) }
    } catch {
        print("invalid \(String(describing: error).split(separator: "\n").first ?? "")")
    }
    if reportsTier {
        let after = NativeTierStatistics.snapshot
        var interpreted = 0
        var reasons: [String] = []
        for (reason, count) in after.interpreted.sorted(by: { $0.key < $1.key }) {
            let new = count - (before.interpreted[reason] ?? 0)
            guard new > 0 else { continue }
            interpreted += new
            reasons.append("\(reason.split(whereSeparator: { $0 == " " }).joined(separator: "_"))=\(new)")
        }
        print("# native compiled \(after.compiled - before.compiled) interpreted \(interpreted)"
            + (reasons.isEmpty ? "" : " " + reasons.joined(separator: " ")))
    }
    fflush(nil)
}
