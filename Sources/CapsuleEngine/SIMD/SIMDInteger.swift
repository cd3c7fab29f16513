import CapsuleCore

// Integer lane operations that are more than one Swift vector operator: saturating arithmetic,
// rounding average, absolute value, population count, lane tests and bit masks, narrowing,
// widening (extend, extended multiply, pairwise add), `dot` and `q15mulr_sat_s`. All arithmetic
// wraps or saturates explicitly; nothing here can overflow-trap.

extension SIMDExecution {
    // MARK: Saturating arithmetic

    /// Unsigned saturating add: `a + min(b, ~a)` never wraps and stops at the maximum.
    @inline(__always)
    static func addSatU<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        a &+ b.replacing(with: ~a, where: ~a .< b)
    }

    /// Unsigned saturating subtract: `max(a, b) - b` is `a - b` or 0.
    @inline(__always)
    static func subSatU<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        a.replacing(with: b, where: a .< b) &- b
    }

    /// `i8x16.add_sat_s`, through 16-bit lanes.
    @inline(__always)
    static func addSatS(_ a: I8x16, _ b: I8x16) -> I8x16 {
        I8x16(clamping: SIMD16<Int16>(truncatingIfNeeded: a) &+ SIMD16<Int16>(truncatingIfNeeded: b))
    }

    /// `i8x16.sub_sat_s`, through 16-bit lanes.
    @inline(__always)
    static func subSatS(_ a: I8x16, _ b: I8x16) -> I8x16 {
        I8x16(clamping: SIMD16<Int16>(truncatingIfNeeded: a) &- SIMD16<Int16>(truncatingIfNeeded: b))
    }

    /// `i16x8.add_sat_s`, through 32-bit lanes.
    @inline(__always)
    static func addSatS(_ a: I16x8, _ b: I16x8) -> I16x8 {
        I16x8(clamping: SIMD8<Int32>(truncatingIfNeeded: a) &+ SIMD8<Int32>(truncatingIfNeeded: b))
    }

    /// `i16x8.sub_sat_s`, through 32-bit lanes.
    @inline(__always)
    static func subSatS(_ a: I16x8, _ b: I16x8) -> I16x8 {
        I16x8(clamping: SIMD8<Int32>(truncatingIfNeeded: a) &- SIMD8<Int32>(truncatingIfNeeded: b))
    }

    /// `avgr_u`: `(a + b + 1) / 2` without overflow, as `(a | b) - ((a ^ b) >> 1)`.
    @inline(__always)
    static func averageRounded<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        (a | b) &- ((a ^ b) &>> 1)
    }

    /// `i16x8.q15mulr_sat_s`: `(a * b + 2^14) >> 15`, saturated (only -1 × -1 in Q15 saturates).
    @inline(__always)
    static func q15MulRoundSat(_ a: I16x8, _ b: I16x8) -> I16x8 {
        let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return I16x8(clamping: (product &+ 0x4000) &>> 15)
    }

    // MARK: Sign and bit counting

    /// Wrapping absolute value (the minimum stays the minimum).
    @inline(__always)
    static func abs<V: SIMD>(_ a: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        a.replacing(with: V() &- a, where: a .< V())
    }

    /// `i8x16.popcnt`: per-byte population count on the two 64-bit halves.
    @inline(__always)
    static func popcount(_ a: U64x2) -> U64x2 {
        var x = a
        x = x &- ((x &>> 1) & 0x5555_5555_5555_5555)
        x = (x & 0x3333_3333_3333_3333) &+ ((x &>> 2) & 0x3333_3333_3333_3333)
        return (x &+ (x &>> 4)) & 0x0F0F_0F0F_0F0F_0F0F
    }

    /// `all_true`: 1 if no lane is zero.
    @inline(__always)
    static func allTrue<V: SIMD>(_ a: V) -> UInt32 where V.Scalar: FixedWidthInteger {
        all(a .!= V()) ? 1 : 0
    }

    /// `i8x16.bitmask`: the sign bits of the 16 bytes, gathered by a multiplication per half
    /// (byte `i`'s bit lands in bit `56 + i` without carries).
    @inline(__always)
    static func bitmask8(_ a: U64x2) -> UInt32 {
        let gather: UInt64 = 0x0102_0408_1020_4080
        let low = (((a[0] >> 7) & 0x0101_0101_0101_0101) &* gather) >> 56
        let high = (((a[1] >> 7) & 0x0101_0101_0101_0101) &* gather) >> 56
        return UInt32(truncatingIfNeeded: low | (high << 8))
    }

    /// `bitmask` of wider lanes: bit `i` is the sign bit of lane `i`.
    @inline(__always)
    static func bitmask<V: SIMD>(_ a: V) -> UInt32 where V.Scalar: FixedWidthInteger & SignedInteger {
        var mask: UInt32 = 0
        for i in 0..<V.scalarCount where a[i] < 0 { mask |= 1 << UInt32(i) }
        return mask
    }

    // MARK: Narrowing and widening

    /// `i8x16.narrow_i16x8_s`.
    @inline(__always)
    static func narrowS(_ a: I16x8, _ b: I16x8) -> I8x16 {
        I8x16(lowHalf: SIMD8(clamping: a), highHalf: SIMD8(clamping: b))
    }

    /// `i8x16.narrow_i16x8_u` (the inputs are signed).
    @inline(__always)
    static func narrowU(_ a: I16x8, _ b: I16x8) -> U8x16 {
        U8x16(lowHalf: SIMD8(clamping: a), highHalf: SIMD8(clamping: b))
    }

    /// `i16x8.narrow_i32x4_s`.
    @inline(__always)
    static func narrowS(_ a: I32x4, _ b: I32x4) -> I16x8 {
        I16x8(lowHalf: SIMD4(clamping: a), highHalf: SIMD4(clamping: b))
    }

    /// `i16x8.narrow_i32x4_u` (the inputs are signed).
    @inline(__always)
    static func narrowU(_ a: I32x4, _ b: I32x4) -> U16x8 {
        U16x8(lowHalf: SIMD4(clamping: a), highHalf: SIMD4(clamping: b))
    }

    /// `dot_i16x8_s`: sums of adjacent signed products (only -2^15 × -2^15 twice wraps).
    @inline(__always)
    static func dot(_ a: I16x8, _ b: I16x8) -> I32x4 {
        let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return product.evenHalf &+ product.oddHalf
    }
}
