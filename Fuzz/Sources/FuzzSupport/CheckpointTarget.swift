import CapsuleEngine
import CapsuleText

#if canImport(Glibc)
import Glibc
#endif

/// Checkpoints of a paused run (`Instance.restoreCheckpoint`, then `Instance.resume`): every input
/// must end in a clean error, or in a run that resumes and pauses again or finishes; a crash or a
/// sanitizer report is a bug. This is where a hostile file meets the interpreter: positions, frames
/// and slots that resume accepts are executed, so its checks must hold.
///
/// Inputs are edits of a valid checkpoint of the module below, paused by fuel three calls deep in a
/// loop (the first byte picks which of four pause points): after the first byte, each 3 bytes are
/// (offset high, offset low, xor mask), and a final byte left over truncates by that much. The
/// trailing CRC-32 is fixed up before reading, so the fuzzer explores the records and the execution
/// rather than the checksum. `CAPSULE_FUZZ_TRACE=1` prints what became of each input when replaying.
public enum CheckpointTarget {
    static let text = """
        (module
          (memory 1 4)
          (global $g (mut i64) (i64.const 0))
          (func $leaf (param i32) (result i32)
            (local $i i32)
            (loop $l
              (i32.store (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 65532)) (local.get $i))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
            (local.get $i))
          (func $middle (param i32) (result i32)
            (i32.add (call $leaf (local.get 0)) (call $leaf (i32.add (local.get 0) (i32.const 3)))))
          (func (export "run") (param i32) (result i64)
            (local $k i32)
            (loop $outer
              (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (call $middle (local.get $k)))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $outer (i32.lt_u (local.get $k) (local.get 0))))
            (global.get $g)))
        """

    static let module: WasmModule? = (try? TextFormat.wasm(fromWAT: text)).flatMap { try? WasmModule(bytes: $0) }

    static func limits(fuel: UInt64) -> StoreLimits {
        var limits = StoreLimits()
        limits.checkpointable = true
        limits.fuel = fuel
        limits.maxMemoryPages = 4
        return limits
    }

    /// Checkpoints paused after 1, 57, 400 and 1,234 units of fuel.
    static let valid: [[UInt8]] = ([1, 57, 400, 1_234] as [UInt64]).compactMap { fuel in
        guard let module, let instance = try? Store(limits: limits(fuel: fuel)).instantiate(module) else { return nil }
        do {
            _ = try instance.function("run")?.call([.i32(40)])
            return nil
        } catch let pause as ExecutionPaused {
            return try? instance.checkpoint(pause.execution, embedderData: [7, 7])
        } catch {
            return nil
        }
    }

    public static func run(_ data: UnsafeRawBufferPointer) {
        guard let module, valid.count == 4, let first = data.first else { return }
        var bytes = SnapshotTarget.edited(valid[Int(first) % 4], by: data)
        SnapshotTarget.fixChecksum(&bytes)
        let trace = getenv("CAPSULE_FUZZ_TRACE") != nil
        _ = try? CheckpointHeader.read(bytes)
        guard let instance = try? Store(limits: limits(fuel: 20_000)).instantiate(module) else { return }
        let checkpoint: Checkpoint
        do {
            checkpoint = try instance.restoreCheckpoint(bytes)
        } catch {
            if trace { print("refused: \(error)") }
            return
        }
        // The recorded fuel may be anything: the run gets a budget of its own.
        instance.store.fuel = 20_000
        do {
            let results = try instance.resume(checkpoint.execution)
            if trace { print("resumed to the end: \(results)") }
        } catch {
            if trace { print("resumed: \(error)") }
        }
        // The instance must still run afterwards.
        _ = try? instance.function("run")?.call([.i32(2)])
    }
}
