import CapsuleCore
import CapsuleEngine
import CapsuleText

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plugin whose state outlives the process: the host runs it, writes a snapshot of the instance
/// to a file between calls, and a fresh store (as a new process would) takes the snapshot back and
/// goes on where the first left off.
///
/// Run it with `swift run example-snapshot`; it prints ``expectedOutput``.
/// `swift run -c release example-snapshot --measure PAGES STRIDE FILE` times writing and restoring a
/// memory of PAGES pages with every STRIDE-th page written to (`Benchmarks/snapshot.sh` uses it).
public enum SnapshotExample {
    /// The plugin: `add` accumulates into a global and a memory log; `touch` grows the memory to
    /// `pages` and writes a word into every `stride`-th page.
    public static let guest = """
        (module
          (memory (export "memory") 1 65536)
          (global $total (mut i64) (i64.const 0))
          (global $count (mut i32) (i32.const 0))
          (func (export "add") (param i64) (result i64)
            (global.set $total (i64.add (global.get $total) (local.get 0)))
            (i64.store (i32.mul (global.get $count) (i32.const 8)) (local.get 0))
            (global.set $count (i32.add (global.get $count) (i32.const 1)))
            (global.get $total))
          (func (export "count") (result i32) (global.get $count))
          (func (export "touch") (param $pages i32) (param $stride i32) (local $page i32)
            (drop (memory.grow (i32.sub (local.get $pages) (memory.size))))
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $page) (local.get $pages)))
              (i64.store (i32.mul (local.get $page) (i32.const 65536)) (i64.extend_i32_u (i32.add (local.get $page) (i32.const 1))))
              (local.set $page (i32.add (local.get $page) (local.get $stride)))
              (br $next))))
          (func (export "touch-and-spin") (param $pages i32) (param $stride i32)
            (call 2 (local.get $pages) (local.get $stride))
            (loop $spin (br $spin))))
        """

    /// What ``run(snapshotPath:)`` returns.
    public static let expectedOutput = """
        first store: add 10, 20, 12 -> total 42 after 3 calls
        snapshot written: 65,6xx bytes (1 page of memory, globals, no table)
        second store, restored: count 3, add 8 -> total 50 after 4 calls

        """

    /// Runs the plugin in one store, snapshots it to `snapshotPath`, restores it in another and
    /// returns what the host printed.
    public static func run(snapshotPath: String) throws -> String {
        let module = try WasmModule(bytes: TextFormat.wasm(fromWAT: guest))
        var lines: [String] = []
        let first = try Store().instantiate(module)
        var total: [Value] = []
        for amount in [10, 20, 12] as [UInt64] {
            total = try first.function("add")?.call([.i64(amount)]) ?? []
        }
        lines.append("first store: add 10, 20, 12 -> total \(describe(total)) after \(describe(try first.function("count")?.call() ?? [])) calls")
        guard let file = fopen(snapshotPath, "wb") else { throw CannotWrite(path: snapshotPath) }
        var written = 0
        defer { fclose(file) }
        try first.writeSnapshot { chunk in
            written += chunk.count
            guard fwrite(chunk.baseAddress, 1, chunk.count, file) == chunk.count else { throw CannotWrite(path: snapshotPath) }
        }
        fflush(file)
        // Sizes are stable to the page; the tail of the number depends on the record layout.
        lines.append("snapshot written: \(written / 100 == 656 ? "65,6xx" : String(written)) bytes (1 page of memory, globals, no table)")

        let second = try Store().instantiate(module)
        try second.restoreSnapshot(contentsOf: snapshotPath)
        let count = describe(try second.function("count")?.call() ?? [])
        total = try second.function("add")?.call([.i64(8)]) ?? []
        lines.append("second store, restored: count \(count), add 8 -> total \(describe(total)) after \(describe(try second.function("count")?.call() ?? [])) calls")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Times a snapshot of a memory of `pages` pages (every `stride`-th written) to `path` and back.
    public static func measure(pages: Int, stride: Int, path: String) throws -> String {
        let module = try WasmModule(bytes: TextFormat.wasm(fromWAT: guest))
        var limits = StoreLimits()
        limits.maxMemoryPages = pages
        let source = try Store(limits: limits).instantiate(module)
        _ = try source.function("touch")?.call([.i32(UInt32(pages)), .i32(UInt32(stride))])
        let clock = ContinuousClock()
        guard let file = fopen(path, "wb") else { throw CannotWrite(path: path) }
        var written = 0
        let writing = try clock.measure {
            try source.writeSnapshot { chunk in
                written += chunk.count
                guard fwrite(chunk.baseAddress, 1, chunk.count, file) == chunk.count else { throw CannotWrite(path: path) }
            }
            fflush(file)
        }
        fclose(file)
        let target = try Store(limits: limits).instantiate(module)
        let restoring = try clock.measure { try target.restoreSnapshot(contentsOf: path) }
        let same = try target.function("count")?.call() == source.function("count")?.call()
        let touched = stride == 1 ? "every page written to" : "every \(stride)th page written to"
        return "memory \(pages * 64 / 1024) MiB (\(pages) pages, \(touched)): snapshot \(written) bytes, "
            + "write \(milliseconds(writing)) ms, restore \(milliseconds(restoring)) ms\(same ? "" : " (MISMATCH)")\n"
    }

    /// Times a checkpoint of a run paused while it loops, after writing a memory of `pages` pages
    /// (every `stride`-th written), to `path`, and resuming it in a fresh store from that file.
    public static func measureCheckpoint(pages: Int, stride: Int, path: String) throws -> String {
        let module = try WasmModule(bytes: TextFormat.wasm(fromWAT: guest))
        var limits = StoreLimits()
        limits.maxMemoryPages = pages
        limits.checkpointable = true
        limits.fuel = UInt64(pages / stride) * 40 + 10_000
        let source = try Store(limits: limits).instantiate(module)
        let paused: PausedExecution
        do {
            _ = try source.function("touch-and-spin")?.call([.i32(UInt32(pages)), .i32(UInt32(stride))])
            throw CannotWrite(path: "(the loop did not pause)")
        } catch let pause as ExecutionPaused {
            paused = pause.execution
        }
        let clock = ContinuousClock()
        guard let file = fopen(path, "wb") else { throw CannotWrite(path: path) }
        var written = 0
        let writing = try clock.measure {
            try source.writeCheckpoint(paused) { chunk in
                written += chunk.count
                guard fwrite(chunk.baseAddress, 1, chunk.count, file) == chunk.count else { throw CannotWrite(path: path) }
            }
            fflush(file)
        }
        fclose(file)
        limits.fuel = 1_000
        let target = try Store(limits: limits).instantiate(module)
        var again: PausedExecution?
        let resuming = try clock.measure {
            let checkpoint = try target.restoreCheckpoint(contentsOf: path)
            do { _ = try target.resume(checkpoint.execution) } catch let pause as ExecutionPaused { again = pause.execution }
        }
        let last = (pages - 1) / stride * stride
        let same = try target.memory("memory")?.read(at: last * 65536, count: 8) == source.memory("memory")?.read(at: last * 65536, count: 8)
            && again?.reason == .outOfFuel
        let touched = stride == 1 ? "every page written to" : "every \(stride)th page written to"
        return "memory \(pages * 64 / 1024) MiB (\(pages) pages, \(touched)), paused in a loop: checkpoint \(written) bytes, "
            + "write \(milliseconds(writing)) ms, restore and resume \(milliseconds(resuming)) ms\(same ? "" : " (MISMATCH)")\n"
    }

    private static func milliseconds(_ duration: Duration) -> String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(Int(ms.rounded()))
    }

    private static func describe(_ values: [Value]) -> String {
        switch values.first {
        case .i64(let v)?: return String(v)
        case .i32(let v)?: return String(v)
        default: return "?"
        }
    }
}

/// The snapshot file could not be written.
struct CannotWrite: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot write \(path)" }
}
