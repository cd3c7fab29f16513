import CapsuleCore

/// Conversions other than float-to-integer truncation: integer width changes, integer-to-float
/// conversion, `f32`/`f64` demotion and promotion, and reinterpretation.
extension Numerics {
    // MARK: Integer width changes

    /// `i32.wrap_i64`: the low 32 bits.
    @inline(__always) @usableFromInline
    static func i32WrapI64(_ a: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: a) }

    /// `i64.extend_i32_s`: sign extension of an `i32`.
    @inline(__always) @usableFromInline
    static func i64ExtendI32S(_ a: UInt32) -> UInt64 { UInt64(bitPattern: Int64(Int32(bitPattern: a))) }

    /// `i64.extend_i32_u`: zero extension of an `i32`.
    @inline(__always) @usableFromInline
    static func i64ExtendI32U(_ a: UInt32) -> UInt64 { UInt64(a) }

    // MARK: Integer to float (correctly rounded, ties to even)

    /// `f32.convert_i32_s`.
    @inline(__always) @usableFromInline
    static func f32ConvertI32S(_ a: UInt32) -> UInt32 { Float(Int32(bitPattern: a)).bitPattern }

    /// `f32.convert_i32_u`.
    @inline(__always) @usableFromInline
    static func f32ConvertI32U(_ a: UInt32) -> UInt32 { Float(a).bitPattern }

    /// `f32.convert_i64_s`: a single correct rounding (no detour through `Double`).
    @inline(__always) @usableFromInline
    static func f32ConvertI64S(_ a: UInt64) -> UInt32 { Float(Int64(bitPattern: a)).bitPattern }

    /// `f32.convert_i64_u`: a single correct rounding, also above 2^63.
    @inline(__always) @usableFromInline
    static func f32ConvertI64U(_ a: UInt64) -> UInt32 { Float(a).bitPattern }

    /// `f64.convert_i32_s` (always exact).
    @inline(__always) @usableFromInline
    static func f64ConvertI32S(_ a: UInt32) -> UInt64 { Double(Int32(bitPattern: a)).bitPattern }

    /// `f64.convert_i32_u` (always exact).
    @inline(__always) @usableFromInline
    static func f64ConvertI32U(_ a: UInt32) -> UInt64 { Double(a).bitPattern }

    /// `f64.convert_i64_s`.
    @inline(__always) @usableFromInline
    static func f64ConvertI64S(_ a: UInt64) -> UInt64 { Double(Int64(bitPattern: a)).bitPattern }

    /// `f64.convert_i64_u`: correctly rounded, also above 2^63.
    @inline(__always) @usableFromInline
    static func f64ConvertI64U(_ a: UInt64) -> UInt64 { Double(a).bitPattern }

    // MARK: Demotion and promotion

    /// `f32.demote_f64`: rounds to nearest even (overflowing to infinity, underflowing to zero).
    ///
    /// A NaN keeps its sign and the top 23 bits of its payload and gets the quiet bit, so a
    /// canonical NaN stays canonical and any NaN becomes arithmetic.
    @inline(__always) @usableFromInline
    static func f32DemoteF64(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x.isNaN {
            let sign = UInt32(truncatingIfNeeded: a >> 32) & f32SignBit
            let payload = UInt32(truncatingIfNeeded: a >> 29) & 0x007F_FFFF
            return sign | 0x7F80_0000 | f32QuietBit | payload
        }
        return Float(x).bitPattern
    }

    /// `f64.promote_f32`: exact for numbers.
    ///
    /// A NaN keeps its sign and payload (shifted to the top of the wider fraction) and gets the
    /// quiet bit, so a canonical NaN stays canonical and any NaN becomes arithmetic.
    @inline(__always) @usableFromInline
    static func f64PromoteF32(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x.isNaN {
            let sign = UInt64(a & f32SignBit) << 32
            let payload = UInt64(a & 0x007F_FFFF) << 29
            return sign | 0x7FF0_0000_0000_0000 | f64QuietBit | payload
        }
        return Double(x).bitPattern
    }

    // MARK: Reinterpretation (identity on the bits)

    /// `i32.reinterpret_f32`: the same 32 bits.
    @inline(__always) @usableFromInline
    static func i32ReinterpretF32(_ a: UInt32) -> UInt32 { a }

    /// `i64.reinterpret_f64`: the same 64 bits.
    @inline(__always) @usableFromInline
    static func i64ReinterpretF64(_ a: UInt64) -> UInt64 { a }

    /// `f32.reinterpret_i32`: the same 32 bits.
    @inline(__always) @usableFromInline
    static func f32ReinterpretI32(_ a: UInt32) -> UInt32 { a }

    /// `f64.reinterpret_i64`: the same 64 bits.
    @inline(__always) @usableFromInline
    static func f64ReinterpretI64(_ a: UInt64) -> UInt64 { a }
}
