import CapsuleCore
import CapsuleEngine

/// The fixed arguments the execution target and the differential runner pass to exported functions.
/// `Fuzz/diff/wasmtime_side.py` builds the same values; change both together.
public enum ExecutionValues {
    static let i32s: [UInt32] = [0, 1, 0xffff_ffff, 0x8000_0000, 0x7fff_ffff, 42, 0x1_0000, 7]
    static let i64s: [UInt64] = [0, 1, ~0, 0x8000_0000_0000_0000, 0x7fff_ffff_ffff_ffff, 42, 0x1_0000_0000, 7]
    static let f32s: [UInt32] = [0x0000_0000, 0x3f80_0000, 0xbfc0_0000, 0x7fc0_0000, 0x7f80_0000, 0x8000_0000, 0x7f7f_ffff, 0x0000_0001]
    static let f64s: [UInt64] = [
        0, 0x3ff0_0000_0000_0000, 0xbff8_0000_0000_0000, 0x7ff8_0000_0000_0000, 0x7ff0_0000_0000_0000,
        0x8000_0000_0000_0000, 0x7fef_ffff_ffff_ffff, 1,
    ]

    /// Argument `position` (0-based) of the export that is the `ordinal`th function export.
    public static func argument(_ type: ValueType, ordinal: Int, position: Int) -> Value {
        let k = (ordinal &* 3 &+ position) & 7
        switch type {
        case .i32: return .i32(i32s[k])
        case .i64: return .i64(i64s[k])
        case .f32: return .f32(f32s[k])
        case .f64: return .f64(f64s[k])
        case .v128: return .v128(V128(lo: i64s[k], hi: i64s[(k + 3) & 7]))
        // A reference argument is null (non-nullable ones fail the call's type check, as for any engine).
        default: return .zero(type)
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`), used to compare linear memories across engines.
public enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xedb8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        table.withUnsafeBufferPointer { table in
            for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xff)] ^ (crc >> 8) }
        }
        return crc ^ 0xffff_ffff
    }
}
