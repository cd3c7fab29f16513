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

    // Lanes are addressed in the two 64-bit halves with shifts and masks, not by indexing a
    // vector with a run-time lane number (which goes through a stack copy).

    /// Lane `index` (masked to the lane count) of `width`-bit lanes, zero-extended.
    @inline(__always)
    static func lane(_ value: U64x2, _ index: UInt32, width: Int) -> UInt64 {
        let bit = (Int(index) & (128 / width - 1)) &* width
        let word = (bit < 64 ? value[0] : value[1]) &>> UInt64(bit & 63)
        return width == 64 ? word : word & ((1 &<< UInt64(width)) &- 1)
    }

    /// `value` with lane `index` (masked to the lane count) of `width`-bit lanes set to the low
    /// bits of `scalar`.
    @inline(__always)
    static func replacingLane(_ value: U64x2, _ index: UInt32, width: Int, with scalar: UInt64) -> U64x2 {
        let bit = (Int(index) & (128 / width - 1)) &* width
        let shift = UInt64(bit & 63)
        let mask = (width == 64 ? ~0 : (1 &<< UInt64(width)) &- 1) &<< shift
        let bits = (scalar &<< shift) & mask
        return bit < 64 ? U64x2((value[0] & ~mask) | bits, value[1]) : U64x2(value[0], (value[1] & ~mask) | bits)
    }

    /// `simd dst subop vector lane`: one lane, widened to a slot by `widen`.
    @inline(__always)
    static func extractLane(_ pc: PC, _ fp: FP, width: Int, _ widen: (UInt64) -> UInt64) -> PC {
        fp[Int(pc[1])] = widen(lane(vector(fp, pc[3]), pc[4], width: width))
        return pc + 5
    }

    /// `simd dst subop vector scalar lane`: the vector with one lane set to the scalar's low bits.
    @inline(__always)
    static func replaceLane(_ pc: PC, _ fp: FP, width: Int) -> PC {
        setVector(fp, pc[1], replacingLane(vector(fp, pc[3]), pc[5], width: width, with: fp[Int(pc[4])]))
        return pc + 6
    }

    /// `simd dst subop a b w0 w1 w2 w3`: lane `i` of the result is byte `lanes[i]` of `a ++ b`
    /// (the lane bytes are the 16 bytes of the last four words). Out of line: its byte tables
    /// would otherwise give `execute` a stack protector on every call.
    @inline(never)
    static func shuffle(_ pc: PC, _ fp: FP) -> PC {
        var table = (vector(fp, pc[3], as: U64x2.self), vector(fp, pc[4], as: U64x2.self))
        let lanes = UnsafeRawPointer(pc + 5)
        var result = U64x2()
        withUnsafeBytes(of: &table) { source in
            withUnsafeMutableBytes(of: &result) { target in
                for i in 0..<16 {
                    target[i] = source[Int(lanes.load(fromByteOffset: i, as: UInt8.self) & 31)]
                }
            }
        }
        setVector(fp, pc[1], result)
        return pc + 9
    }

    /// `i8x16.swizzle`: lane `i` is `a[s[i]]`, or 0 when `s[i]` is 16 or more (out of line, as
    /// `shuffle`).
    @inline(never)
    static func swizzle(_ a: U64x2, _ s: U8x16) -> U64x2 {
        // Bytes 16..<32 of the table are zero; indices of 32 and above are sent there too.
        var table = (a, U64x2())
        var result = U64x2()
        withUnsafeBytes(of: &table) { source in
            withUnsafeMutableBytes(of: &result) { target in
                for i in 0..<16 {
                    let index = s[i]
                    target[i] = source[Int(index < 16 ? index : 16)]
                }
            }
        }
        return result
    }
}
