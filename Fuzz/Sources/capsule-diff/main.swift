// The Capsule side of the differential run (Fuzz/diff/differential.py):
//     capsule-diff [--no-fuel] [--dump DIR] PATH...      (or "-" to read paths from standard input)
// For each .wasm path prints "== PATH", then ModuleRunner's lines; a module that does not decode or
// validate prints "invalid <message>". With --no-fuel the store meters nothing, so the code runs
// as most embedders run it, without fuel checkpoints (wasm-smith's own fuel still ends every
// module). With --dump, each exported memory of the last module is
// written to DIR/<name as in the report>.bin. Limits match the wasmtime store the script builds.
import CapsuleEngine
import FuzzSupport

#if canImport(Glibc)
import Glibc
#endif

var limits = StoreLimits()
limits.maxMemoryPages = 64  // 4 MiB, as wasmtime's memory_size limit
limits.maxTableElements = 10_000
limits.fuel = 50_000_000  // a safety net only: generated modules carry their own fuel
var runner = ModuleRunner(limits: limits)

var paths = Array(CommandLine.arguments.dropFirst())
if paths.first == "--no-fuel" {
    paths.removeFirst()
    limits.fuel = nil
    runner = ModuleRunner(limits: limits)
}
if paths.count >= 2, paths[0] == "--dump" {
    let directory = paths[1]
    paths.removeFirst(2)
    runner.memoryDump = { name, bytes in
        guard let file = fopen("\(directory)/\(ModuleRunner.quoted(name)).bin", "wb") else { return }
        if let base = bytes.baseAddress { fwrite(base, 1, bytes.count, file) }
        fclose(file)
    }
}
if paths == ["-"] {
    paths = []
    while let line = readLine() { paths.append(line) }
}
for path in paths {
    print("== \(path)")
    do {
        let module = try WasmModule(contentsOf: path)
        runner.run(module, stubImports: false) { print($0) }
    } catch {
        print("invalid \(String(describing: error).split(separator: "\n").first ?? "")")
    }
    fflush(nil)
}
