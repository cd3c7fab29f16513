import CapsuleEngine
import CapsuleText
import Testing
@testable import CapsuleWASI

/// Multi-memory and WASI: the WASI functions read the memory the module exports as `memory`, which
/// need not be memory 0 (WASI preview 1 names it so), and memory 0 when the module exports none.
@Suite struct MultiMemoryBridgeTests {
    /// Instantiates `wat` with WASI, calls `_start` and returns the exit code and standard output.
    private func run(_ wat: String) throws -> (code: UInt32, output: String) {
        let sink = ByteSink()
        var configuration = WASIConfiguration(arguments: ["test"])
        configuration.standardOutput = WASIStreamFile(write: { sink.bytes += $0 })
        let context = try WASIContext(configuration)
        let store = Store()
        var imports = Imports()
        context.define(into: &imports, store: store)
        let instance = try store.instantiate(WasmModule(bytes: TextFormat.wasm(fromWAT: wat)), imports: imports)
        var code: UInt32 = 0
        do {
            _ = try instance.function("_start")?.call()
        } catch let exit as WASIExit {
            code = exit.code
        }
        return (code, sink.text)
    }

    @Test("fd_write reads its iovecs and bytes from the memory exported as memory, here memory 1")
    func exportedMemoryOne() throws {
        // Memory 0 holds a decoy at the same addresses: reading it would print "no".
        let result = try run("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory $scratch 1)
              (memory $io (export "memory") 1)
              (data (memory $scratch) (i32.const 0) "\\10\\00\\00\\00\\02\\00\\00\\00")
              (data (memory $scratch) (i32.const 16) "no")
              (data (memory $io) (i32.const 0) "\\10\\00\\00\\00\\03\\00\\00\\00")
              (data (memory $io) (i32.const 16) "hi\\n")
              (func (export "_start")
                ;; fd 1, one iovec at 0, the count written at 32 (of memory 1).
                (call $exit (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))
            """)
        #expect(result.code == 0)
        #expect(result.output == "hi\n")
    }

    @Test("Without a memory export, WASI uses memory 0")
    func unexportedMemoryZero() throws {
        let result = try run("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory $first 1)
              (memory $second 1)
              (data (memory $first) (i32.const 0) "\\10\\00\\00\\00\\02\\00\\00\\00")
              (data (memory $first) (i32.const 16) "ok")
              (func (export "_start")
                (call $exit (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 32)))))
            """)
        #expect(result.code == 0)
        #expect(result.output == "ok")
    }
}
