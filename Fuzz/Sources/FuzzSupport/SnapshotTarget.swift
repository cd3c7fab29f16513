import CapsuleEngine
import CapsuleText

#if canImport(Glibc)
import Glibc
#endif

/// The snapshot reader (`Instance.restoreSnapshot`): every input must end in a clean
/// `SnapshotError` or a restored instance that still runs; a crash or a sanitizer report is a bug.
///
/// Inputs whose first byte is even are raw snapshots; odd ones are edits of a valid snapshot of the
/// fixed module below (taken after one call, so every record has content): after the first byte, each
/// 3 bytes are (offset high, offset low, xor mask), and a final byte left over truncates by that much.
/// Both kinds get a correct trailing CRC-32 before they are read, so the fuzzer explores the records
/// rather than the checksum (the checksum itself is tested in `swift test`). `CAPSULE_FUZZ_TRACE=1`
/// prints what became of each input when replaying.
public enum SnapshotTarget {
    /// `bytes` edited as the input says: after its first byte, each 3 bytes are (offset high, offset
    /// low, xor mask), and a final byte left over truncates by that much.
    static func edited(_ bytes: [UInt8], by data: UnsafeRawBufferPointer) -> [UInt8] {
        var bytes = bytes
        var i = 1
        while i + 3 <= data.count, !bytes.isEmpty {
            let offset = (Int(data[i]) << 8 | Int(data[i + 1])) % bytes.count
            bytes[offset] ^= data[i + 2]
            i += 3
        }
        if i < data.count { bytes.removeLast(Swift.min(Int(data[i]), bytes.count)) }
        return bytes
    }

    /// Makes the trailing CRC-32 right again, so that what is fuzzed is the records, not the checksum.
    static func fixChecksum(_ bytes: inout [UInt8]) {
        guard bytes.count >= 4 else { return }
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        for k in 0..<4 { bytes[bytes.count - 4 + k] = UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k))) }
    }

    static let text = """
        (module
          (type $i (func (result i32)))
          (memory 1 16)
          (global $count (mut i32) (i32.const 0))
          (global $wide (mut i64) (i64.const 0))
          (global $vector (mut v128) (v128.const i32x4 0 0 0 0))
          (global $ref (mut funcref) (ref.null func))
          (table $t 1 8 funcref)
          (func $three (type $i) (i32.const 3))
          (data $p "passive")
          (elem declare func $three)
          (func (export "work") (param i32)
            (global.set $count (i32.add (global.get $count) (local.get 0)))
            (global.set $wide (i64.add (global.get $wide) (i64.extend_i32_u (local.get 0))))
            (global.set $vector (i32x4.splat (local.get 0)))
            (global.set $ref (ref.func $three))
            (drop (memory.grow (i32.const 1)))
            (i32.store (i32.const 70000) (global.get $count))
            (drop (table.grow $t (ref.func $three) (i32.const 2)))
            (data.drop $p))
          (func (export "check") (result i32)
            (i32.add (i32.load (i32.const 70000)) (call_indirect (type $i) (i32.const 1)))))
        """

    static let module: WasmModule? = (try? TextFormat.wasm(fromWAT: text)).flatMap { try? WasmModule(bytes: $0) }

    static let valid: [UInt8] = {
        guard let module, let instance = try? Store().instantiate(module) else { return [] }
        _ = try? instance.function("work")?.call([.i32(5)])
        return (try? instance.snapshot()) ?? []
    }()

    public static func run(_ data: UnsafeRawBufferPointer) {
        guard let module, !valid.isEmpty, let first = data.first else { return }
        var bytes = first & 1 == 0 ? Array(data.dropFirst()) : edited(valid, by: data)
        fixChecksum(&bytes)
        guard let instance = try? Store().instantiate(module) else { return }
        let trace = getenv("CAPSULE_FUZZ_TRACE") != nil
        do {
            try instance.restoreSnapshot(bytes)
        } catch {
            if trace { print("refused: \(error)") }
            return
        }
        if trace { print("restored \(bytes.count) bytes; check: \(String(describing: try? instance.function("check")?.call()))") }
        // Restored: the instance must still run (traps are fine).
        _ = try? instance.function("check")?.call()
        _ = try? instance.function("work")?.call([.i32(1)])
    }
}
