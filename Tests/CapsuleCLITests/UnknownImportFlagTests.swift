@testable import CapsuleCLI
import Foundation
import Testing

/// `--trap-unknown-imports` and `--default-values-unknown-imports` (wasmtime's options): function
/// imports nothing defines get a body that traps, or one that returns zeros.
@Suite struct UnknownImportFlagTests {
    static let module: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-unknown-\(UUID().uuidString).wat").path
        let text = """
            (module
              (import "host" "call" (func $call (param i32) (result i64)))
              (func (export "ask") (result i64) (i64.add (call $call (i32.const 5)) (i64.const 1))))
            """
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }()

    func run(_ arguments: [String]) -> (Int32, BufferConsole) {
        let console = BufferConsole()
        return (CapsuleCommand.run(arguments: ["run"] + arguments + ["--invoke", "ask", Self.module], console: console), console)
    }

    @Test func withoutAFlagTheModuleIsRefused() {
        let (status, console) = run([])
        #expect(status == 1)
        #expect(console.errorOutput.contains("unknown import: host::call"))
    }

    @Test func trappingStubsTrapWhenCalled() {
        let (status, console) = run(["--trap-unknown-imports"])
        #expect(status == 134)
        #expect(console.errorOutput.contains("unknown import host::call was called"))
    }

    @Test func defaultStubsReturnZeros() {
        let (status, console) = run(["--default-values-unknown-imports"])
        #expect(status == 0, "\(console.errorOutput)")
        #expect(console.output == "1\n")
    }
}

/// `--invoke` of an export without parameters (a reactor's `run`, as CPython for WASI has) leaves
/// the arguments after FILE to the program, which reads them through WASI.
@Suite struct InvokeWithProgramArgumentsTests {
    static let module: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-reactor-\(UUID().uuidString).wat").path
        let text = """
            (module
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
              (memory (export "memory") 1)
              (global $ready (mut i32) (i32.const 0))
              (func (export "_initialize") (global.set $ready (i32.const 100)))
              (func (export "run") (result i32)
                (drop (call $sizes (i32.const 0) (i32.const 4)))
                (i32.add (global.get $ready) (i32.load (i32.const 0))))
              (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
            """
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }()

    @Test func theArgumentsGoToTheProgramWhenTheFunctionTakesNone() {
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["run", "--invoke", "run", Self.module, "-c", "print(1)"], console: console)
        #expect(status == 0, "\(console.errorOutput)")
        // _initialize ran (100), and the program saw argv[0] plus two arguments.
        #expect(console.output == "103\n")
        // A function with parameters still takes them.
        let add = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", "--invoke", "add", Self.module, "2", "3"], console: add) == 0)
        #expect(add.output == "5\n")
    }
}

/// wasmtime's `-S` and `-W` spellings, mapped to Capsule's own options.
@Suite struct WasmtimeOptionTests {
    static func file(_ text: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-wopt-\(UUID().uuidString).wat").path
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    static let spin = file("(module (func (export \"spin\") (loop $l (br $l))))")
    static let grow = file("(module (memory 1) (func (export \"grow\") (result i32) (memory.grow (i32.const 1))))")

    func run(_ arguments: [String]) -> (Int32, BufferConsole) {
        let console = BufferConsole()
        return (CapsuleCommand.run(arguments: ["run"] + arguments, console: console), console)
    }

    @Test func wasmOptionsSetTheLimits() {
        let (fuel, fuelConsole) = run(["-W", "fuel=1000", "--invoke", "spin", Self.spin])
        #expect(fuel == 134)
        #expect(fuelConsole.errorOutput.contains("all fuel consumed"))
        let (timeout, timeoutConsole) = run(["-W", "timeout=100ms", "--invoke", "spin", Self.spin])
        #expect(timeout == 134)
        #expect(timeoutConsole.errorOutput.contains("execution interrupted"))
        let (grown, grownConsole) = run(["-W", "max-memory-size=65536", "--invoke", "grow", Self.grow])
        #expect(grown == 0)
        #expect(grownConsole.output == "-1\n")
        let (free, freeConsole) = run(["--invoke", "grow", Self.grow])
        #expect(free == 0)
        #expect(freeConsole.output == "1\n")
        // Comma-separated, and the unknown-import options.
        let (both, bothConsole) = run(["-W", "unknown-imports-trap=y,fuel=1000000", "--invoke", "ask", UnknownImportFlagTests.module])
        #expect(both == 134)
        #expect(bothConsole.errorOutput.contains("unknown import host::call was called"))
    }

    @Test func unknownOrMalformedOptionsAreErrors() {
        for (arguments, message) in [
            (["-W", "jit-magic=y"], "not a Wasm option"),
            (["-S", "http"], "not a WASI option"),
            (["-S", "inherit-env=maybe"], "expected y or n"),
            (["-W", "timeout=soon"], "expected a duration"),
            (["-W", "fuel"], "expected fuel=N"),
        ] {
            let (status, console) = run(arguments + ["--invoke", "spin", Self.spin])
            #expect(status == CapsuleCommand.usageStatus, "\(arguments)")
            #expect(console.errorOutput.contains(message), "\(arguments): \(console.errorOutput)")
        }
    }

    static let tailCall = file("(module (func $f (result i32) (i32.const 7)) (func (export \"g\") (result i32) (return_call $f)))")

    @Test func featureOptionsTurnWebAssembly3FeaturesOff() {
        let (on, onConsole) = run(["--invoke", "g", Self.tailCall])
        #expect(on == 0)
        #expect(onConsole.output == "7\n")
        let (off, offConsole) = run(["-W", "tail-call=n", "--invoke", "g", Self.tailCall])
        #expect(off == 1)
        #expect(offConsole.errorOutput.contains("illegal opcode"), "\(offConsole.errorOutput)")
        let (again, _) = run(["-W", "tail-call=n", "-W", "tail-call=y", "--invoke", "g", Self.tailCall])
        #expect(again == 0)
        // 2.0 features are always on; missing ones may be asked off, not on.
        #expect(run(["-W", "simd,bulk-memory=y,gc=n,threads=n", "--invoke", "g", Self.tailCall]).0 == 0)
        for (arguments, message) in [
            (["-W", "simd=n"], "part of WebAssembly 2.0"), (["-W", "shared-memory"], "not implemented"),
            (["-W", "threads=y"], "not implemented"), (["-S", "cli=n"], "always provides WASI"),
        ] {
            let (status, console) = run(arguments + ["--invoke", "g", Self.tailCall])
            #expect(status == CapsuleCommand.usageStatus, "\(arguments)")
            #expect(console.errorOutput.contains(message), "\(arguments): \(console.errorOutput)")
        }
        #expect(run(["-S", "preview2=n,cli,common=y", "--invoke", "g", Self.tailCall]).0 == 0)
    }

    /// `capsule FILE ...` is `capsule run FILE ...`, as `wasmtime FILE ...` is `wasmtime run FILE ...`.
    @Test func runIsTheDefaultSubcommand() {
        let console = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["-W", "fuel=100000", "--invoke", "g", Self.tailCall], console: console) == 0)
        #expect(console.output == "7\n")
        let unknown = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["frobnicate"], console: unknown) == CapsuleCommand.usageStatus)
        #expect(unknown.errorOutput.contains("neither a subcommand"))
        let missing = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["absent.wasm"], console: missing) == 1)
        #expect(missing.errorOutput.contains("absent.wasm"))
    }

    @Test func durationsReadAsWasmtimeWritesThem() {
        #expect(RunCommand.duration("2s") == 2)
        #expect(RunCommand.duration("500ms") == 0.5)
        #expect(RunCommand.duration("1.5") == 1.5)
        #expect(RunCommand.duration("2m") == 120)
        #expect(RunCommand.duration("-1s") == nil)
    }
}
