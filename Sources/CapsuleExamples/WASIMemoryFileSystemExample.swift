import CapsuleEngine
import CapsuleText
import CapsuleWASI

/// A WASI program run over an in-memory filesystem: it reads `/data/input.txt`, prints it and writes
/// an upper-cased copy to `/data/output.txt`. The host captures the guest's standard output and then
/// reads the output file back from the in-memory filesystem; nothing on the host's disk is touched.
///
/// Run it with `swift run example-wasi-memfs`; it prints ``expectedOutput``.
public enum WASIMemoryFileSystemExample {
    /// The WASI guest, in the WebAssembly text format (a `_start` program using preview 1 calls).
    public static let guest = """
        (module
          (import "wasi_snapshot_preview1" "path_open"
            (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
          (memory (export "memory") 1)
          (data (i32.const 16) "input.txt")
          (data (i32.const 32) "output.txt")
          (data (i32.const 48) "guest read: ")
          ;; 64: an iovec; 72: byte count; 80: opened descriptor; 1024: a 1 KiB buffer.

          ;; Exits with status 1 when a call returned an error number.
          (func $check (param $errno i32)
            (if (local.get $errno) (then (call $proc_exit (i32.const 1)))))

          (func $write (param $fd i32) (param $pointer i32) (param $length i32)
            (i32.store (i32.const 64) (local.get $pointer))
            (i32.store (i32.const 68) (local.get $length))
            (call $check (call $fd_write (local.get $fd) (i32.const 64) (i32.const 1) (i32.const 72))))

          (func (export "_start")
            (local $fd i32) (local $count i32) (local $i i32) (local $byte i32)
            ;; Open input.txt in the preopened directory (descriptor 3) with the fd_read right.
            (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const 9)
              (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 80)))
            (local.set $fd (i32.load (i32.const 80)))
            (i32.store (i32.const 64) (i32.const 1024))
            (i32.store (i32.const 68) (i32.const 1024))
            (call $check (call $fd_read (local.get $fd) (i32.const 64) (i32.const 1) (i32.const 72)))
            (local.set $count (i32.load (i32.const 72)))
            (call $check (call $fd_close (local.get $fd)))
            ;; Print it on standard output.
            (call $write (i32.const 1) (i32.const 48) (i32.const 12))
            (call $write (i32.const 1) (i32.const 1024) (local.get $count))
            ;; Upper-case the ASCII letters in place.
            (block $done
              (loop $next
                (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
                (local.set $byte (i32.load8_u (i32.add (i32.const 1024) (local.get $i))))
                (if (i32.and (i32.ge_u (local.get $byte) (i32.const 97)) (i32.le_u (local.get $byte) (i32.const 122)))
                  (then (i32.store8 (i32.add (i32.const 1024) (local.get $i)) (i32.sub (local.get $byte) (i32.const 32)))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $next)))
            ;; Create (or truncate) output.txt with the fd_write right and write the copy.
            (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 32) (i32.const 10)
              (i32.const 9) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 80)))
            (local.set $fd (i32.load (i32.const 80)))
            (call $write (local.get $fd) (i32.const 1024) (local.get $count))
            (call $check (call $fd_close (local.get $fd)))))
        """

    /// What ``run()`` returns.
    public static let expectedOutput = """
        captured stdout: guest read: hello from an in-memory file
        /data/output.txt: HELLO FROM AN IN-MEMORY FILE
        exit status: 0

        """

    /// Collects what the guest writes to a stream.
    private final class Capture {
        var bytes: [UInt8] = []
    }

    /// Runs the guest over a fresh in-memory filesystem and returns what the host printed.
    public static func run() throws -> String {
        let filesystem = MemoryFileSystem()
        try filesystem.write(Array("hello from an in-memory file\n".utf8), to: "input.txt")

        let stdout = Capture()
        let stderr = Capture()
        var configuration = WASIConfiguration(arguments: ["memfs-demo"])
        configuration.standardInput = WASIStreamFile(read: { _ in [] })
        configuration.standardOutput = WASIStreamFile(write: { stdout.bytes += $0 })
        configuration.standardError = WASIStreamFile(write: { stderr.bytes += $0 })
        configuration.preopens.append(WASIPreopen(guestPath: "/data", directory: filesystem.root))
        let context = try WASIContext(configuration)

        let store = Store()
        var imports = Imports()
        context.define(into: &imports, store: store)
        let instance = try store.instantiate(WasmModule(bytes: TextFormat.wasm(fromWAT: guest)), imports: imports)
        guard let start = instance.function("_start") else { throw ExampleError("the guest has no _start") }

        var status: UInt32 = 0
        do {
            _ = try start.call()
        } catch let exit as WASIExit {
            status = exit.code
        }
        var text = "captured stdout: " + String(decoding: stdout.bytes, as: UTF8.self)
        if !stderr.bytes.isEmpty { text += "captured stderr: " + String(decoding: stderr.bytes, as: UTF8.self) }
        if status == 0 {
            text += "/data/output.txt: " + String(decoding: try filesystem.contents(of: "output.txt"), as: UTF8.self)
        }
        text += "exit status: \(status)\n"
        return text
    }
}
