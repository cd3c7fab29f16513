import CapsuleEngine
import CapsuleText
import Testing
@testable import CapsuleWASI

/// The bridge: real Wasm calling the WASI imports through the engine.
@Suite struct EngineBridgeTests {
    /// Instantiates `wat` with WASI over `fs` (preopened as descriptor 3) and calls `_start`;
    /// returns the exit code (0 when `_start` returns) and the captured standard output.
    private func run(_ wat: String, fs: MemoryFileSystem = MemoryFileSystem()) throws -> (code: UInt32, output: String, instance: Instance) {
        let sink = ByteSink()
        var configuration = WASIConfiguration(arguments: ["test"])
        configuration.standardOutput = WASIStreamFile(write: { sink.bytes += $0 })
        configuration.preopens = [WASIPreopen(guestPath: "/", directory: fs.root)]
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
        return (code, sink.text, instance)
    }

    /// Host-safety sweep (issue 8): the host functions held their context `unowned`, so a context the
    /// host let go of after `define` turned the guest's next WASI call into a Swift trap.
    @Test("The imports keep their context alive")
    func importsKeepTheirContext() throws {
        let store = Store()
        var imports = Imports()
        try WASIContext(WASIConfiguration(arguments: ["one", "two"])).define(into: &imports, store: store)
        let instance = try store.instantiate(
            WasmModule(bytes: TextFormat.wasm(fromWAT: """
                (module
                  (import "wasi_snapshot_preview1" "args_sizes_get" (func $sizes (param i32 i32) (result i32)))
                  (memory 1)
                  (func (export "count") (result i32)
                    (drop (call $sizes (i32.const 0) (i32.const 4)))
                    (i32.load (i32.const 0))))
                """)),
            imports: imports)
        #expect(try instance.function("count")?.call() == [.i32(2)])
    }

    @Test("A bad pointer from real Wasm is EFAULT; proc_exit ends the call with its code")
    func faultAndExit() throws {
        let result = try run("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory 1)
              (func (export "_start")
                ;; An iovec array that ends past the memory: EFAULT (21) becomes the exit code.
                (call $exit (call $w (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 0)))))
            """)
        #expect(result.code == 21)
    }

    @Test("A module without memory sees every pointer as out of range")
    func noMemory() throws {
        let result = try run("""
            (module
              (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (func (export "_start") (call $exit (call $r (i32.const 0) (i32.const 4)))))
            """)
        #expect(result.code == 21)
    }

    @Test("wasi_unstable: its whence values, 56-byte filestat and 56-byte clock subscriptions")
    func unstableLayouts() throws {
        let fs = MemoryFileSystem()
        try fs.write(Array("0123456789".utf8), to: "f")
        let result = try run("""
            (module
              (import "wasi_unstable" "path_open" (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_unstable" "fd_seek" (func $seek (param i32 i64 i32 i32) (result i32)))
              (import "wasi_unstable" "fd_filestat_get" (func $stat (param i32 i32) (result i32)))
              (import "wasi_unstable" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 0) "f")
              (func (export "_start") (local $fd i32)
                (drop (call $open (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 0)
                  (i64.const 6) (i64.const 0) (i32.const 0) (i32.const 16)))
                (local.set $fd (i32.load (i32.const 16)))
                ;; whence 1 is `end` in wasi_unstable: -3 from the end is 7.
                (drop (call $seek (local.get $fd) (i64.const -3) (i32.const 1) (i32.const 24)))
                (drop (call $stat (local.get $fd) (i32.const 64)))
                ;; One relative monotonic clock subscription of 1 ms: identifier at 16, id at 24, timeout at 32.
                (i64.store (i32.const 256) (i64.const 77))
                (i32.store8 (i32.const 264) (i32.const 0))
                (i32.store (i32.const 280) (i32.const 1))
                (i64.store (i32.const 288) (i64.const 1000000))
                (drop (call $poll (i32.const 256) (i32.const 512) (i32.const 1) (i32.const 32)))))
            """, fs: fs)
        let memory = try #require(result.instance.memory("memory"))
        func u64(_ at: Int) throws -> UInt64 {
            try memory.read(at: at, count: 8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        #expect(try u64(24) == 7)
        #expect(try memory.read(at: 64 + 16, count: 1) == [WASIFileType.regularFile.rawValue])
        #expect(try memory.read(at: 64 + 20, count: 4) == [1, 0, 0, 0])
        #expect(try u64(64 + 24) == 10)
        #expect(try memory.read(at: 32, count: 4) == [1, 0, 0, 0])
        #expect(try u64(512) == 77)
    }
}
