import CapsuleCore

// Reading and writing `v128` values in frame slots, and the instruction shapes that every
// family of SIMD instructions shares. A `v128` occupies two consecutive 8-byte slots, low half
// first, lanes little-endian, so a slot pair can be loaded directly as any 16-byte Swift SIMD
// vector. Slots are only 8-byte aligned, hence the unaligned loads and stores.

extension SIMDExecution {
    typealias PC = UnsafeMutablePointer<UInt32>
    typealias FP = UnsafeMutablePointer<UInt64>

    typealias I8x16 = SIMD16<Int8>
    typealias U8x16 = SIMD16<UInt8>
    typealias I16x8 = SIMD8<Int16>
    typealias U16x8 = SIMD8<UInt16>
    typealias I32x4 = SIMD4<Int32>
    typealias U32x4 = SIMD4<UInt32>
    typealias I64x2 = SIMD2<Int64>
    typealias U64x2 = SIMD2<UInt64>
    typealias F32x4 = SIMD4<Float>
    typealias F64x2 = SIMD2<Double>

    /// The `v128` in slots `slot` and `slot + 1`, viewed as lanes of `V` (a 16-byte vector).
    @inline(__always)
    static func vector<V: SIMD>(_ fp: FP, _ slot: UInt32, as _: V.Type = V.self) -> V {
        UnsafeRawPointer(fp + Int(slot)).loadUnaligned(as: V.self)
    }

    /// Writes a 16-byte vector into slots `slot` and `slot + 1`.
    @inline(__always)
    static func setVector<V: SIMD>(_ fp: FP, _ slot: UInt32, _ value: V) {
        UnsafeMutableRawPointer(fp + Int(slot)).storeBytes(of: value, as: V.self)
    }

    /// Writes an `i32` result (zero-extended, as the interpreter keeps them).
    @inline(__always)
    static func setI32(_ fp: FP, _ slot: UInt32, _ value: UInt32) {
        fp[Int(slot)] = UInt64(value)
    }

    /// A comparison mask as lanes: all ones where true, zero where false. That is how a
    /// `SIMDMask` stores itself (its only stored property is such a vector), so this is a
    /// reinterpretation; `M().replacing(with: -1, where: mask)` says the same lane by lane and
    /// is many times slower.
    @inline(__always)
    static func lanes<M: SIMD>(_ mask: SIMDMask<M>) -> M where M.Scalar: FixedWidthInteger & SignedInteger, M.MaskStorage == M {
        unsafeBitCast(mask, to: M.self)
    }

    /// Lane-wise choice by a mask of all-ones or all-zero lanes: `mask ? a : b`, as bit operations.
    @inline(__always)
    static func select<V: SIMD>(_ mask: V, _ a: V, _ b: V) -> V where V.Scalar: FixedWidthInteger {
        (a & mask) | (b & ~mask)
    }

    /// `mask ? a : b` lane by lane, for any 16-byte vectors whose lanes match the mask's.
    @inline(__always)
    static func choose<M: SIMD, V: SIMD>(_ mask: SIMDMask<M>, _ a: V, _ b: V) -> V {
        let bits = unsafeBitCast(mask, to: U64x2.self)
        return unsafeBitCast(select(bits, unsafeBitCast(a, to: U64x2.self), unsafeBitCast(b, to: U64x2.self)), to: V.self)
    }

    /// Whether any bit of the vector is set.
    @inline(__always)
    static func isNonZero<V: SIMD>(_ value: V) -> Bool {
        let words = unsafeBitCast(value, to: U64x2.self)
        return (words[0] | words[1]) != 0
    }

    // Swift's vector comparisons (`.<`, `.==`...) compile to single instructions only where the
    // lane type is concrete: in generic code they resolve to the lane-by-lane protocol default,
    // a loop with a branch per lane. So comparisons are written where the lane type is known
    // (the cases of `execute`, the non-generic helpers), and generic helpers use only wrapping
    // arithmetic, shifts and bit operations, which vectorise either way.

    // MARK: Shapes (`simd dst subop operands...`)

    /// `v128 → v128`: `simd dst subop a`.
    @inline(__always)
    static func unary<A: SIMD, R: SIMD>(_ pc: PC, _ fp: FP, _: A.Type, _ operation: (A) -> R) -> PC {
        setVector(fp, pc[1], operation(vector(fp, pc[3], as: A.self)))
        return pc + 4
    }

    /// `v128 v128 → v128`: `simd dst subop a b`.
    @inline(__always)
    static func binary<A: SIMD, R: SIMD>(_ pc: PC, _ fp: FP, _: A.Type, _ operation: (A, A) -> R) -> PC {
        setVector(fp, pc[1], operation(vector(fp, pc[3], as: A.self), vector(fp, pc[4], as: A.self)))
        return pc + 5
    }

    /// `v128 v128 v128 → v128`: `simd dst subop a b c` (the relaxed SIMD ternary instructions).
    @inline(__always)
    static func ternary<A: SIMD, R: SIMD>(_ pc: PC, _ fp: FP, _: A.Type, _ operation: (A, A, A) -> R) -> PC {
        setVector(fp, pc[1], operation(vector(fp, pc[3], as: A.self), vector(fp, pc[4], as: A.self), vector(fp, pc[5], as: A.self)))
        return pc + 6
    }

    /// `v128 → i32`: `simd dst subop a`.
    @inline(__always)
    static func test<A: SIMD>(_ pc: PC, _ fp: FP, _: A.Type, _ operation: (A) -> UInt32) -> PC {
        setI32(fp, pc[1], operation(vector(fp, pc[3], as: A.self)))
        return pc + 4
    }

    /// `v128 i32 → v128` shifts: `simd dst subop a count`; the count is reduced modulo the lane
    /// width before `operation` sees it.
    @inline(__always)
    static func shift<A: SIMD>(_ pc: PC, _ fp: FP, _: A.Type, _ operation: (A, A.Scalar) -> A) -> PC
    where A.Scalar: FixedWidthInteger {
        let count = UInt32(truncatingIfNeeded: fp[Int(pc[4])]) & UInt32(A.Scalar.bitWidth - 1)
        setVector(fp, pc[1], operation(vector(fp, pc[3], as: A.self), A.Scalar(truncatingIfNeeded: count)))
        return pc + 5
    }

    /// Applies a bit-pattern function to each of four 32-bit lanes.
    @inline(__always)
    static func each(_ a: U32x4, _ f: (UInt32) -> UInt32) -> U32x4 {
        U32x4(f(a[0]), f(a[1]), f(a[2]), f(a[3]))
    }

    /// Applies a bit-pattern function to each pair of 32-bit lanes.
    @inline(__always)
    static func each(_ a: U32x4, _ b: U32x4, _ f: (UInt32, UInt32) -> UInt32) -> U32x4 {
        U32x4(f(a[0], b[0]), f(a[1], b[1]), f(a[2], b[2]), f(a[3], b[3]))
    }

    /// Applies a bit-pattern function to each of two 64-bit lanes.
    @inline(__always)
    static func each(_ a: U64x2, _ f: (UInt64) -> UInt64) -> U64x2 {
        U64x2(f(a[0]), f(a[1]))
    }

    /// Applies a bit-pattern function to each pair of 64-bit lanes.
    @inline(__always)
    static func each(_ a: U64x2, _ b: U64x2, _ f: (UInt64, UInt64) -> UInt64) -> U64x2 {
        U64x2(f(a[0], b[0]), f(a[1], b[1]))
    }
}
