import CapsuleCore

// Lane movement: splats, lane extraction and replacement, `i8x16.shuffle` and `i8x16.swizzle`.
// Lane immediates were validated, but are still masked to the lane count so that no word of
// compiled code can index outside a vector.

extension SIMDExecution {
    /// `simd dst subop scalar`: every lane is the scalar's low bits.
    @inline(__always)
    static func splat<V: SIMD>(_ pc: PC, _ fp: FP, _: V.Type) -> PC where V.Scalar: FixedWidthInteger {
        setVector(fp, pc[1], V(repeating: V.Scalar(truncatingIfNeeded: fp[Int(pc[3])])))
        return pc + 4
    }

    /// `simd dst subop vector lane`: one lane, widened to a slot by `widen`.
    @inline(__always)
    static func extractLane<V: SIMD>(_ pc: PC, _ fp: FP, _: V.Type, _ widen: (V.Scalar) -> UInt64) -> PC {
        let value = vector(fp, pc[3], as: V.self)
        fp[Int(pc[1])] = widen(value[Int(pc[4]) & (V.scalarCount - 1)])
        return pc + 5
    }

    /// `simd dst subop vector scalar lane`: the vector with one lane set to the scalar's low bits.
    @inline(__always)
    static func replaceLane<V: SIMD>(_ pc: PC, _ fp: FP, _: V.Type) -> PC where V.Scalar: FixedWidthInteger {
        var value = vector(fp, pc[3], as: V.self)
        value[Int(pc[5]) & (V.scalarCount - 1)] = V.Scalar(truncatingIfNeeded: fp[Int(pc[4])])
        setVector(fp, pc[1], value)
        return pc + 6
    }

    /// `simd dst subop a b w0 w1 w2 w3`: lane `i` of the result is byte `lanes[i]` of `a ++ b`.
    @inline(__always)
    static func shuffle(_ pc: PC, _ fp: FP) -> PC {
        let a = vector(fp, pc[3], as: U8x16.self)
        let b = vector(fp, pc[4], as: U8x16.self)
        let lanes = unsafeBitCast(U32x4(pc[5], pc[6], pc[7], pc[8]), to: U8x16.self)
        var result = U8x16()
        for i in 0..<16 {
            let index = Int(lanes[i] & 31)
            result[i] = index < 16 ? a[index] : b[index & 15]
        }
        setVector(fp, pc[1], result)
        return pc + 9
    }

    /// `i8x16.swizzle`: lane `i` is `a[s[i]]`, or 0 when `s[i]` is 16 or more.
    @inline(__always)
    static func swizzle(_ a: U8x16, _ s: U8x16) -> U8x16 {
        var result = U8x16()
        for i in 0..<16 {
            let index = s[i]
            result[i] = index < 16 ? a[Int(index)] : 0
        }
        return result
    }
}
