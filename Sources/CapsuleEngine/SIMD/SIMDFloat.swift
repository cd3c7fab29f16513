import CapsuleCore

// Floating-point lanes and the conversions between lane types. Arithmetic (`add`, `sub`, `mul`,
// `div`, `sqrt`) is IEEE 754 lane by lane, which Swift's vector operators are; everything with
// special NaN or signed-zero rules (rounding, truncation, conversion, demotion, promotion)
// applies the scalar `Numerics` function to each lane, so lanes and scalars agree bit for bit;
// `min` and `max` follow the same case analysis as `Numerics.f32Min` with vector comparisons.
// `pmin`/`pmax` are the pseudo-minimum `b < a ? b : a` and pseudo-maximum `a < b ? b : a`,
// which return an operand's bits unchanged.

extension SIMDExecution {
    /// `min` (`isMax` false) or `max` of float lanes given as bit patterns `x` and `y`, from
    /// the masks `first` (`x` wins), `second` (`y` wins), `equal` and `xIsNaN`: the winner; for
    /// equal operands `x | y` (`x & y`), which picks -0 (+0) out of ±0; where a NaN is involved,
    /// that NaN (`x`'s if both are) with its quiet bit set. The same case analysis as
    /// `Numerics.f32Min` and its siblings.
    @inline(__always)
    static func minMax<B: SIMD>(_ x: B, _ y: B, first: B, second: B, equal: B, xIsNaN: B, isMax: Bool, quietBit: B.Scalar) -> B
    where B.Scalar: FixedWidthInteger {
        let unordered = ~(first | second | equal)
        let nan = select(xIsNaN, x, y) | B(repeating: quietBit)
        let tie = isMax ? x & y : x | y
        return (x & first) | (y & second) | (tie & equal) | (nan & unordered)
    }

    /// `f32x4.min` (`isMax` false) or `f32x4.max`.
    @inline(__always)
    static func minMax(_ a: F32x4, _ b: F32x4, isMax: Bool) -> U32x4 {
        minMax(
            unsafeBitCast(a, to: U32x4.self), unsafeBitCast(b, to: U32x4.self),
            first: unsafeBitCast(isMax ? b .< a : a .< b, to: U32x4.self),
            second: unsafeBitCast(isMax ? a .< b : b .< a, to: U32x4.self),
            equal: unsafeBitCast(a .== b, to: U32x4.self), xIsNaN: unsafeBitCast(a .!= a, to: U32x4.self),
            isMax: isMax, quietBit: 0x0040_0000)
    }

    /// `f64x2.min` (`isMax` false) or `f64x2.max`.
    @inline(__always)
    static func minMax(_ a: F64x2, _ b: F64x2, isMax: Bool) -> U64x2 {
        minMax(
            unsafeBitCast(a, to: U64x2.self), unsafeBitCast(b, to: U64x2.self),
            first: unsafeBitCast(isMax ? b .< a : a .< b, to: U64x2.self),
            second: unsafeBitCast(isMax ? a .< b : b .< a, to: U64x2.self),
            equal: unsafeBitCast(a .== b, to: U64x2.self), xIsNaN: unsafeBitCast(a .!= a, to: U64x2.self),
            isMax: isMax, quietBit: 0x0008_0000_0000_0000)
    }

    // MARK: Lane by lane through the scalar rules (out of line: they call the C library)

    /// `f32x4.ceil`.
    @inline(never) static func f32x4Ceil(_ a: U32x4) -> U32x4 { each(a, Numerics.f32Ceil) }
    /// `f32x4.floor`.
    @inline(never) static func f32x4Floor(_ a: U32x4) -> U32x4 { each(a, Numerics.f32Floor) }
    /// `f32x4.trunc`.
    @inline(never) static func f32x4Trunc(_ a: U32x4) -> U32x4 { each(a, Numerics.f32Trunc) }
    /// `f32x4.nearest`.
    @inline(never) static func f32x4Nearest(_ a: U32x4) -> U32x4 { each(a, Numerics.f32Nearest) }
    /// `f64x2.ceil`.
    @inline(never) static func f64x2Ceil(_ a: U64x2) -> U64x2 { each(a, Numerics.f64Ceil) }
    /// `f64x2.floor`.
    @inline(never) static func f64x2Floor(_ a: U64x2) -> U64x2 { each(a, Numerics.f64Floor) }
    /// `f64x2.trunc`.
    @inline(never) static func f64x2Trunc(_ a: U64x2) -> U64x2 { each(a, Numerics.f64Trunc) }
    /// `f64x2.nearest`.
    @inline(never) static func f64x2Nearest(_ a: U64x2) -> U64x2 { each(a, Numerics.f64Nearest) }

    // MARK: Conversions

    /// `i32x4.trunc_sat_f32x4_s`.
    @inline(never) static func i32x4TruncSatF32x4S(_ a: U32x4) -> U32x4 { each(a, Numerics.i32TruncSatF32S) }
    /// `i32x4.trunc_sat_f32x4_u`.
    @inline(never) static func i32x4TruncSatF32x4U(_ a: U32x4) -> U32x4 { each(a, Numerics.i32TruncSatF32U) }
    /// `f32x4.convert_i32x4_s`.
    @inline(never) static func f32x4ConvertI32x4S(_ a: U32x4) -> U32x4 { each(a, Numerics.f32ConvertI32S) }
    /// `f32x4.convert_i32x4_u`.
    @inline(never) static func f32x4ConvertI32x4U(_ a: U32x4) -> U32x4 { each(a, Numerics.f32ConvertI32U) }

    /// `i32x4.trunc_sat_f64x2_s_zero`: two saturating truncations, upper lanes zero.
    @inline(never)
    static func i32x4TruncSatF64x2SZero(_ a: U64x2) -> U32x4 {
        U32x4(Numerics.i32TruncSatF64S(a[0]), Numerics.i32TruncSatF64S(a[1]), 0, 0)
    }

    /// `i32x4.trunc_sat_f64x2_u_zero`: two saturating truncations, upper lanes zero.
    @inline(never)
    static func i32x4TruncSatF64x2UZero(_ a: U64x2) -> U32x4 {
        U32x4(Numerics.i32TruncSatF64U(a[0]), Numerics.i32TruncSatF64U(a[1]), 0, 0)
    }

    /// `f64x2.convert_low_i32x4_s`: the two low lanes, exactly.
    @inline(__always)
    static func f64x2ConvertLowI32x4S(_ a: U32x4) -> U64x2 {
        U64x2(Numerics.f64ConvertI32S(a[0]), Numerics.f64ConvertI32S(a[1]))
    }

    /// `f64x2.convert_low_i32x4_u`: the two low lanes, exactly.
    @inline(__always)
    static func f64x2ConvertLowI32x4U(_ a: U32x4) -> U64x2 {
        U64x2(Numerics.f64ConvertI32U(a[0]), Numerics.f64ConvertI32U(a[1]))
    }

    /// `f32x4.demote_f64x2_zero`: two demotions, upper lanes zero.
    @inline(never)
    static func demoteZero(_ a: U64x2) -> U32x4 {
        U32x4(Numerics.f32DemoteF64(a[0]), Numerics.f32DemoteF64(a[1]), 0, 0)
    }

    /// `f64x2.promote_low_f32x4`: the two low lanes, promoted.
    @inline(never)
    static func promoteLow(_ a: U32x4) -> U64x2 {
        U64x2(Numerics.f64PromoteF32(a[0]), Numerics.f64PromoteF32(a[1]))
    }
}
