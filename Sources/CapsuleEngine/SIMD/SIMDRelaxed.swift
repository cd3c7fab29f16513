import CapsuleCore

// The relaxed SIMD instructions of WebAssembly 3.0 whose chosen result is not already one of the
// 2.0 operations. The specification lets each relaxed instruction return one of a few results;
// Capsule always gives the first, which is what the specification's deterministic profile
// prescribes (every global parameter 0), so every host and every run agrees (Docs/RATIONALE.md,
// "Relaxed SIMD"). The others reuse 2.0 operations: `relaxed_swizzle` is `swizzle`, the
// `relaxed_trunc` family the saturating truncations, `relaxed_laneselect` is `bitselect`,
// `relaxed_min`/`relaxed_max` are `min`/`max`, `relaxed_q15mulr_s` is `q15mulr_sat_s`.

extension SIMDExecution {
    /// `relaxed_madd`: `a * b + c` with the product rounded on its own (unfused). Swift does not
    /// contract a separate multiplication and addition into a fused one, so the two roundings stay.
    @inline(__always)
    static func multiplyAdd<V: SIMD>(_ a: V, _ b: V, _ c: V) -> V where V.Scalar: BinaryFloatingPoint {
        let product = a * b
        return product + c
    }

    /// `i16x8.relaxed_dot_i8x16_i7x16_s`: products of signed byte pairs (both operands signed),
    /// adjacent products added with signed saturation (only -128 × -128 twice exceeds 16 bits).
    @inline(__always)
    static func relaxedDot(_ a: I8x16, _ b: I8x16) -> I16x8 {
        let product = SIMD16<Int16>(truncatingIfNeeded: a) &* SIMD16<Int16>(truncatingIfNeeded: b)
        return addSatS(product.evenHalf, product.oddHalf)
    }

    /// `i32x4.relaxed_dot_i8x16_i7x16_add_s`: the 16-bit dot products of ``relaxedDot(_:_:)``,
    /// adjacent pairs sign-extended and added, plus `c`, wrapping.
    @inline(__always)
    static func relaxedDotAdd(_ a: I8x16, _ b: I8x16, _ c: I32x4) -> I32x4 {
        let dot = relaxedDot(a, b)
        return I32x4(truncatingIfNeeded: dot.evenHalf) &+ I32x4(truncatingIfNeeded: dot.oddHalf) &+ c
    }
}
