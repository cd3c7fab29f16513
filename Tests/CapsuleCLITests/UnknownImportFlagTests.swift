import CapsuleCLI
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
        return (CapsuleCommand.run(arguments: ["run"] + arguments + [Self.module, "--invoke", "ask"], console: console), console)
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
