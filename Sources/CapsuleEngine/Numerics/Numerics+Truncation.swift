import CapsuleCore

/// Float-to-integer truncations: the trapping `trunc` family and the saturating `trunc_sat`
/// family. Both round toward zero; they differ in what happens outside the target range.
///
/// The accepted range is exactly the set of floats whose truncation fits the target type. Each
/// bound is a power of two (or a power of two plus one below, for `f64` to `i32`) that the source
/// type represents exactly, so a single comparison pair decides; NaN fails both comparisons and is
/// told apart only on the slow (trapping or clamping) path:
///
/// | target | f32 source accepts | f64 source accepts |
/// |---|---|---|
/// | i32 signed | `-2^31 <= x < 2^31` | `-2^31 - 1 < x < 2^31` |
/// | i32 unsigned | `-1 < x < 2^32` | `-1 < x < 2^32` |
/// | i64 signed | `-2^63 <= x < 2^63` | `-2^63 <= x < 2^63` |
/// | i64 unsigned | `-1 < x < 2^64` | `-1 < x < 2^64` |
///
/// (For `f32` to `i32` signed, `>= -2^31` equals `> -2^31 - 1` because no `f32` lies between.)
extension Numerics {
    // MARK: Trapping truncations

    /// `i32.trunc_f32_s`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `Int32`.
    @inline(__always) @usableFromInline
    static func i32TruncF32S(_ a: UInt32) throws(TrapKind) -> UInt32 {
        let x = Float(bitPattern: a)
        guard x >= -0x1p31 && x < 0x1p31 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_f32_u`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `UInt32`.
    @inline(__always) @usableFromInline
    static func i32TruncF32U(_ a: UInt32) throws(TrapKind) -> UInt32 {
        let x = Float(bitPattern: a)
        guard x > -1 && x < 0x1p32 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt32(x)
    }

    /// `i32.trunc_f64_s`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `Int32`.
    @inline(__always) @usableFromInline
    static func i32TruncF64S(_ a: UInt64) throws(TrapKind) -> UInt32 {
        let x = Double(bitPattern: a)
        guard x > -2_147_483_649.0 && x < 0x1p31 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt32(bitPattern: Int32(x))
    }

    /// `i32.trunc_f64_u`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `UInt32`.
    @inline(__always) @usableFromInline
    static func i32TruncF64U(_ a: UInt64) throws(TrapKind) -> UInt32 {
        let x = Double(bitPattern: a)
        guard x > -1 && x < 0x1p32 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt32(x)
    }

    /// `i64.trunc_f32_s`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `Int64`.
    @inline(__always) @usableFromInline
    static func i64TruncF32S(_ a: UInt32) throws(TrapKind) -> UInt64 {
        let x = Float(bitPattern: a)
        guard x >= -0x1p63 && x < 0x1p63 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_f32_u`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `UInt64`.
    @inline(__always) @usableFromInline
    static func i64TruncF32U(_ a: UInt32) throws(TrapKind) -> UInt64 {
        let x = Float(bitPattern: a)
        guard x > -1 && x < 0x1p64 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt64(x)
    }

    /// `i64.trunc_f64_s`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `Int64`.
    @inline(__always) @usableFromInline
    static func i64TruncF64S(_ a: UInt64) throws(TrapKind) -> UInt64 {
        let x = Double(bitPattern: a)
        guard x >= -0x1p63 && x < 0x1p63 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt64(bitPattern: Int64(x))
    }

    /// `i64.trunc_f64_u`.
    /// - Throws: ``CapsuleCore/TrapKind/invalidConversionToInteger`` for NaN,
    ///   ``CapsuleCore/TrapKind/integerOverflow`` when the truncated value is outside `UInt64`.
    @inline(__always) @usableFromInline
    static func i64TruncF64U(_ a: UInt64) throws(TrapKind) -> UInt64 {
        let x = Double(bitPattern: a)
        guard x > -1 && x < 0x1p64 else { throw x.isNaN ? .invalidConversionToInteger : .integerOverflow }
        return UInt64(x)
    }

    // MARK: Saturating truncations (NaN gives 0; out-of-range values clamp to the nearest bound)

    /// `i32.trunc_sat_f32_s`.
    @inline(__always) @usableFromInline
    static func i32TruncSatF32S(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x >= -0x1p31 && x < 0x1p31 { return UInt32(bitPattern: Int32(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32(bitPattern: Int32.min) : UInt32(bitPattern: Int32.max)
    }

    /// `i32.trunc_sat_f32_u`.
    @inline(__always) @usableFromInline
    static func i32TruncSatF32U(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x > -1 && x < 0x1p32 { return UInt32(x) }
        if x.isNaN { return 0 }
        return x < 0 ? 0 : UInt32.max
    }

    /// `i32.trunc_sat_f64_s`.
    @inline(__always) @usableFromInline
    static func i32TruncSatF64S(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x > -2_147_483_649.0 && x < 0x1p31 { return UInt32(bitPattern: Int32(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt32(bitPattern: Int32.min) : UInt32(bitPattern: Int32.max)
    }

    /// `i32.trunc_sat_f64_u`.
    @inline(__always) @usableFromInline
    static func i32TruncSatF64U(_ a: UInt64) -> UInt32 {
        let x = Double(bitPattern: a)
        if x > -1 && x < 0x1p32 { return UInt32(x) }
        if x.isNaN { return 0 }
        return x < 0 ? 0 : UInt32.max
    }

    /// `i64.trunc_sat_f32_s`.
    @inline(__always) @usableFromInline
    static func i64TruncSatF32S(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x >= -0x1p63 && x < 0x1p63 { return UInt64(bitPattern: Int64(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64(bitPattern: Int64.min) : UInt64(bitPattern: Int64.max)
    }

    /// `i64.trunc_sat_f32_u`.
    @inline(__always) @usableFromInline
    static func i64TruncSatF32U(_ a: UInt32) -> UInt64 {
        let x = Float(bitPattern: a)
        if x > -1 && x < 0x1p64 { return UInt64(x) }
        if x.isNaN { return 0 }
        return x < 0 ? 0 : UInt64.max
    }

    /// `i64.trunc_sat_f64_s`.
    @inline(__always) @usableFromInline
    static func i64TruncSatF64S(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x >= -0x1p63 && x < 0x1p63 { return UInt64(bitPattern: Int64(x)) }
        if x.isNaN { return 0 }
        return x < 0 ? UInt64(bitPattern: Int64.min) : UInt64(bitPattern: Int64.max)
    }

    /// `i64.trunc_sat_f64_u`.
    @inline(__always) @usableFromInline
    static func i64TruncSatF64U(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x > -1 && x < 0x1p64 { return UInt64(x) }
        if x.isNaN { return 0 }
        return x < 0 ? 0 : UInt64.max
    }
}
