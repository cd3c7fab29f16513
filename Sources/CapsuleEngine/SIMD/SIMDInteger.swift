import CapsuleCore

// Integer lane operations that are more than one Swift vector operator: saturating arithmetic,
// rounding average, absolute value, population count, lane tests and bit masks, narrowing,
// widening (extend, extended multiply, pairwise add), `dot` and `q15mulr_sat_s`. All arithmetic
// wraps or saturates explicitly; nothing here can overflow-trap.

extension SIMDExecution {
    // MARK: Saturating arithmetic (shifts and bit operations only: no widening, no comparison)

    /// All ones in the lanes whose value is negative (an arithmetic shift by the lane width - 1).
    @inline(__always)
    static func signMask<V: SIMD>(_ a: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        a &>> V.Scalar(V.Scalar.bitWidth - 1)
    }

    /// Unsigned saturating add: lanes whose addition carries out become all ones. The carry out
    /// of `a + b = sum` is the top bit of `(a & b) | ((a | b) & ~sum)`.
    @inline(__always)
    static func addSatU<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        let sum = a &+ b
        let carry = ((a & b) | ((a | b) & ~sum)) &>> V.Scalar(V.Scalar.bitWidth - 1)
        return sum | (V() &- carry)
    }

    /// Unsigned saturating subtract: lanes whose subtraction borrows become 0. The borrow out of
    /// `a - b = difference` is the top bit of `(~a & b) | (~(a ^ b) & difference)`.
    @inline(__always)
    static func subSatU<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        let difference = a &- b
        let borrow = ((~a & b) | (~(a ^ b) & difference)) &>> V.Scalar(V.Scalar.bitWidth - 1)
        return difference & (borrow &- 1)
    }

    /// Signed saturating add: the wrapped sum, except where both operands have one sign and
    /// the sum the other; there the bound of `a`'s sign.
    @inline(__always)
    static func addSatS<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        let sum = a &+ b
        let overflow = signMask(~(a ^ b) & (a ^ sum))
        return select(overflow, signMask(a) ^ V(repeating: .max), sum)
    }

    /// Signed saturating subtract: the wrapped difference, except where the operands' signs
    /// differ and the difference's sign is not `a`'s; there the bound of `a`'s sign.
    @inline(__always)
    static func subSatS<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        let difference = a &- b
        let overflow = signMask((a ^ b) & (a ^ difference))
        return select(overflow, signMask(a) ^ V(repeating: .max), difference)
    }

    /// `avgr_u`: `(a + b + 1) / 2` without overflow, as `(a | b) - ((a ^ b) >> 1)`.
    @inline(__always)
    static func averageRounded<V: SIMD>(_ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger & UnsignedInteger {
        (a | b) &- ((a ^ b) &>> 1)
    }

    /// `i16x8.q15mulr_sat_s`: `(a * b + 2^14) >> 15`, saturated. Only -1 × -1 in Q15 exceeds the
    /// range; its 32768 truncates to -32768, which no other product yields, and is flipped to 32767.
    @inline(__always)
    static func q15MulRoundSat(_ a: I16x8, _ b: I16x8) -> I16x8 {
        let low = (I32x4(truncatingIfNeeded: a.lowHalf) &* I32x4(truncatingIfNeeded: b.lowHalf) &+ 0x4000) &>> 15
        let high = (I32x4(truncatingIfNeeded: a.highHalf) &* I32x4(truncatingIfNeeded: b.highHalf) &+ 0x4000) &>> 15
        let result = unsafeBitCast(pack16(unsafeBitCast(low, to: U64x2.self), unsafeBitCast(high, to: U64x2.self)), to: I16x8.self)
        return result ^ lanes(result .== I16x8(repeating: .min))
    }

    // MARK: Sign and bit counting

    /// Wrapping absolute value (the minimum stays the minimum): `(a ^ s) - s` with `s` the sign mask.
    @inline(__always)
    static func abs<V: SIMD>(_ a: V) -> V where V.Scalar: FixedWidthInteger & SignedInteger {
        let sign = signMask(a)
        return (a ^ sign) &- sign
    }

    /// `i8x16.popcnt`: per-byte population count on the two 64-bit halves.
    @inline(__always)
    static func popcount(_ a: U64x2) -> U64x2 {
        var x = a
        x = x &- ((x &>> 1) & 0x5555_5555_5555_5555)
        x = (x & 0x3333_3333_3333_3333) &+ ((x &>> 2) & 0x3333_3333_3333_3333)
        return (x &+ (x &>> 4)) & 0x0F0F_0F0F_0F0F_0F0F
    }

    /// `all_true`, given the lanes that are zero: 1 if there are none.
    @inline(__always)
    static func allTrue<M: SIMD>(zeroLanes: SIMDMask<M>) -> UInt32 {
        isNonZero(unsafeBitCast(zeroLanes, to: U64x2.self)) ? 0 : 1
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

    /// `bitmask` of wider lanes: bit `i` is the top bit of lane `i`.
    @inline(__always)
    static func bitmask<V: SIMD>(_ a: V) -> UInt32 where V.Scalar: FixedWidthInteger & UnsignedInteger {
        var mask: UInt32 = 0
        for i in 0..<V.scalarCount {
            mask |= UInt32(truncatingIfNeeded: a[i] >> (V.Scalar.bitWidth - 1)) << UInt32(i)
        }
        return mask
    }

    // MARK: Narrowing and widening

    /// `a` limited to `low...high`, lane by lane.
    @inline(__always)
    static func clamp(_ a: I16x8, _ low: Int16, _ high: Int16) -> U64x2 {
        let low = I16x8(repeating: low), high = I16x8(repeating: high)
        let limited = choose(a .> high, high, a)
        return unsafeBitCast(choose(limited .< low, low, limited), to: U64x2.self)
    }

    /// `a` limited to `low...high`, lane by lane.
    @inline(__always)
    static func clamp(_ a: I32x4, _ low: Int32, _ high: Int32) -> U64x2 {
        let low = I32x4(repeating: low), high = I32x4(repeating: high)
        let limited = choose(a .> high, high, a)
        return unsafeBitCast(choose(limited .< low, low, limited), to: U64x2.self)
    }

    /// The low bytes of the eight 16-bit lanes of `a`, then those of `b`.
    @inline(__always)
    static func pack8(_ a: U64x2, _ b: U64x2) -> U8x16 {
        @inline(__always) func half(_ word: UInt64) -> UInt64 {
            var x = word & 0x00FF_00FF_00FF_00FF
            x = (x | (x >> 8)) & 0x0000_FFFF_0000_FFFF
            return (x | (x >> 16)) & 0xFFFF_FFFF
        }
        let words = U64x2(half(a[0]) | half(a[1]) << 32, half(b[0]) | half(b[1]) << 32)
        return unsafeBitCast(words, to: U8x16.self)
    }

    /// The low halves of the four 32-bit lanes of `a`, then those of `b`.
    @inline(__always)
    static func pack16(_ a: U64x2, _ b: U64x2) -> U16x8 {
        @inline(__always) func half(_ word: UInt64) -> UInt64 {
            let x = word & 0x0000_FFFF_0000_FFFF
            return (x | (x >> 16)) & 0xFFFF_FFFF
        }
        let words = U64x2(half(a[0]) | half(a[1]) << 32, half(b[0]) | half(b[1]) << 32)
        return unsafeBitCast(words, to: U16x8.self)
    }

    /// `i8x16.narrow_i16x8_s`.
    @inline(__always)
    static func narrowS(_ a: I16x8, _ b: I16x8) -> U8x16 {
        pack8(clamp(a, -128, 127), clamp(b, -128, 127))
    }

    /// `i8x16.narrow_i16x8_u` (the inputs are signed).
    @inline(__always)
    static func narrowU(_ a: I16x8, _ b: I16x8) -> U8x16 {
        pack8(clamp(a, 0, 255), clamp(b, 0, 255))
    }

    /// `i16x8.narrow_i32x4_s`.
    @inline(__always)
    static func narrowS(_ a: I32x4, _ b: I32x4) -> U16x8 {
        pack16(clamp(a, -32768, 32767), clamp(b, -32768, 32767))
    }

    /// `i16x8.narrow_i32x4_u` (the inputs are signed).
    @inline(__always)
    static func narrowU(_ a: I32x4, _ b: I32x4) -> U16x8 {
        pack16(clamp(a, 0, 65535), clamp(b, 0, 65535))
    }

    /// `dot_i16x8_s`: sums of adjacent signed products (only -2^15 × -2^15 twice wraps).
    @inline(__always)
    static func dot(_ a: I16x8, _ b: I16x8) -> I32x4 {
        let product = SIMD8<Int32>(truncatingIfNeeded: a) &* SIMD8<Int32>(truncatingIfNeeded: b)
        return product.evenHalf &+ product.oddHalf
    }
}
