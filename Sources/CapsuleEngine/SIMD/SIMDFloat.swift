import CapsuleCore

// Floating-point lanes and the conversions between lane types. Arithmetic (`add`, `sub`, `mul`,
// `div`, `sqrt`) is IEEE 754 lane by lane, which Swift's vector operators are; everything with
// special NaN or signed-zero rules (min, max, rounding, truncation, conversion, demotion,
// promotion) applies the scalar `Numerics` function to each lane, so lanes and scalars agree
// bit for bit. `pmin`/`pmax` are the pseudo-minimum `b < a ? b : a` and pseudo-maximum
// `a < b ? b : a`, which return an operand's bits unchanged.

extension SIMDExecution {
    /// `f32x4.pmin`.
    @inline(__always)
    static func pseudoMin(_ a: F32x4, _ b: F32x4) -> F32x4 { a.replacing(with: b, where: b .< a) }

    /// `f32x4.pmax`.
    @inline(__always)
    static func pseudoMax(_ a: F32x4, _ b: F32x4) -> F32x4 { a.replacing(with: b, where: a .< b) }

    /// `f64x2.pmin`.
    @inline(__always)
    static func pseudoMin(_ a: F64x2, _ b: F64x2) -> F64x2 { a.replacing(with: b, where: b .< a) }

    /// `f64x2.pmax`.
    @inline(__always)
    static func pseudoMax(_ a: F64x2, _ b: F64x2) -> F64x2 { a.replacing(with: b, where: a .< b) }

    // MARK: Conversions

    /// `i32x4.trunc_sat_f64x2_s_zero` / `_u_zero`: two saturating truncations, upper lanes zero.
    @inline(__always)
    static func truncateZero(_ a: U64x2, _ truncate: (UInt64) -> UInt32) -> U32x4 {
        U32x4(truncate(a[0]), truncate(a[1]), 0, 0)
    }

    /// `f64x2.convert_low_i32x4_s` / `_u`: the two low lanes, exactly.
    @inline(__always)
    static func convertLow(_ a: U32x4, _ convert: (UInt32) -> UInt64) -> U64x2 {
        U64x2(convert(a[0]), convert(a[1]))
    }

    /// `f32x4.demote_f64x2_zero`: two demotions, upper lanes zero.
    @inline(__always)
    static func demoteZero(_ a: U64x2) -> U32x4 {
        U32x4(Numerics.f32DemoteF64(a[0]), Numerics.f32DemoteF64(a[1]), 0, 0)
    }

    /// `f64x2.promote_low_f32x4`: the two low lanes, promoted.
    @inline(__always)
    static func promoteLow(_ a: U32x4) -> U64x2 {
        U64x2(Numerics.f64PromoteF32(a[0]), Numerics.f64PromoteF32(a[1]))
    }
}
