import CapsuleCore

/// `i32` instructions: tests, comparisons, bit counting, arithmetic, bitwise operations, shifts,
/// rotations and sign extensions. Operands and results are `UInt32` bit patterns.
extension Numerics {
    // MARK: Tests and comparisons (result is i32 0 or 1)

    /// `i32.eqz`: 1 if `a` is zero, else 0.
    @inline(__always) @usableFromInline
    static func i32Eqz(_ a: UInt32) -> UInt32 { bool(a == 0) }

    /// `i32.eq`: 1 if `a == b`, else 0.
    @inline(__always) @usableFromInline
    static func i32Eq(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a == b) }

    /// `i32.ne`: 1 if `a != b`, else 0.
    @inline(__always) @usableFromInline
    static func i32Ne(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a != b) }

    /// `i32.lt_s`: signed `a < b`.
    @inline(__always) @usableFromInline
    static func i32LtS(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Int32(bitPattern: a) < Int32(bitPattern: b)) }

    /// `i32.lt_u`: unsigned `a < b`.
    @inline(__always) @usableFromInline
    static func i32LtU(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a < b) }

    /// `i32.gt_s`: signed `a > b`.
    @inline(__always) @usableFromInline
    static func i32GtS(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Int32(bitPattern: a) > Int32(bitPattern: b)) }

    /// `i32.gt_u`: unsigned `a > b`.
    @inline(__always) @usableFromInline
    static func i32GtU(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a > b) }

    /// `i32.le_s`: signed `a <= b`.
    @inline(__always) @usableFromInline
    static func i32LeS(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Int32(bitPattern: a) <= Int32(bitPattern: b)) }

    /// `i32.le_u`: unsigned `a <= b`.
    @inline(__always) @usableFromInline
    static func i32LeU(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a <= b) }

    /// `i32.ge_s`: signed `a >= b`.
    @inline(__always) @usableFromInline
    static func i32GeS(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Int32(bitPattern: a) >= Int32(bitPattern: b)) }

    /// `i32.ge_u`: unsigned `a >= b`.
    @inline(__always) @usableFromInline
    static func i32GeU(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(a >= b) }

    // MARK: Bit counting

    /// `i32.clz`: number of leading zero bits (32 for zero).
    @inline(__always) @usableFromInline
    static func i32Clz(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.leadingZeroBitCount) }

    /// `i32.ctz`: number of trailing zero bits (32 for zero).
    @inline(__always) @usableFromInline
    static func i32Ctz(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.trailingZeroBitCount) }

    /// `i32.popcnt`: number of one bits.
    @inline(__always) @usableFromInline
    static func i32Popcnt(_ a: UInt32) -> UInt32 { UInt32(truncatingIfNeeded: a.nonzeroBitCount) }

    // MARK: Arithmetic

    /// `i32.add`: wrapping addition.
    @inline(__always) @usableFromInline
    static func i32Add(_ a: UInt32, _ b: UInt32) -> UInt32 { a &+ b }

    /// `i32.sub`: wrapping subtraction.
    @inline(__always) @usableFromInline
    static func i32Sub(_ a: UInt32, _ b: UInt32) -> UInt32 { a &- b }

    /// `i32.mul`: wrapping multiplication (the low 32 bits, identical for signed and unsigned).
    @inline(__always) @usableFromInline
    static func i32Mul(_ a: UInt32, _ b: UInt32) -> UInt32 { a &* b }

    /// `i32.div_s`: signed division truncating toward zero.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0;
    ///   ``CapsuleCore/TrapKind/integerOverflow`` for `-2^31 / -1`, whose quotient is not representable.
    @inline(__always) @usableFromInline
    static func i32DivS(_ a: UInt32, _ b: UInt32) throws(TrapKind) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        if a == 0x8000_0000 && b == 0xFFFF_FFFF { throw .integerOverflow }
        return UInt32(bitPattern: Int32(bitPattern: a).dividedReportingOverflow(by: Int32(bitPattern: b)).partialValue)
    }

    /// `i32.div_u`: unsigned division truncating toward zero.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i32DivU(_ a: UInt32, _ b: UInt32) throws(TrapKind) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a.dividedReportingOverflow(by: b).partialValue
    }

    /// `i32.rem_s`: signed remainder, with the sign of the dividend; `-2^31 rem_s -1` is 0.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i32RemS(_ a: UInt32, _ b: UInt32) throws(TrapKind) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        if b == 0xFFFF_FFFF { return 0 }
        return UInt32(bitPattern: Int32(bitPattern: a).remainderReportingOverflow(dividingBy: Int32(bitPattern: b)).partialValue)
    }

    /// `i32.rem_u`: unsigned remainder.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i32RemU(_ a: UInt32, _ b: UInt32) throws(TrapKind) -> UInt32 {
        if b == 0 { throw .integerDivideByZero }
        return a.remainderReportingOverflow(dividingBy: b).partialValue
    }

    // MARK: Bitwise operations, shifts and rotations

    /// `i32.and`: bitwise and.
    @inline(__always) @usableFromInline
    static func i32And(_ a: UInt32, _ b: UInt32) -> UInt32 { a & b }

    /// `i32.or`: bitwise or.
    @inline(__always) @usableFromInline
    static func i32Or(_ a: UInt32, _ b: UInt32) -> UInt32 { a | b }

    /// `i32.xor`: bitwise exclusive or.
    @inline(__always) @usableFromInline
    static func i32Xor(_ a: UInt32, _ b: UInt32) -> UInt32 { a ^ b }

    /// `i32.shl`: shift left by `b mod 32`.
    @inline(__always) @usableFromInline
    static func i32Shl(_ a: UInt32, _ b: UInt32) -> UInt32 { a &<< (b & 31) }

    /// `i32.shr_s`: arithmetic (sign-filling) shift right by `b mod 32`.
    @inline(__always) @usableFromInline
    static func i32ShrS(_ a: UInt32, _ b: UInt32) -> UInt32 {
        UInt32(bitPattern: Int32(bitPattern: a) &>> Int32(bitPattern: b & 31))
    }

    /// `i32.shr_u`: logical (zero-filling) shift right by `b mod 32`.
    @inline(__always) @usableFromInline
    static func i32ShrU(_ a: UInt32, _ b: UInt32) -> UInt32 { a &>> (b & 31) }

    /// `i32.rotl`: rotate left by `b mod 32`.
    @inline(__always) @usableFromInline
    static func i32Rotl(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &<< (b & 31)) | (a &>> ((0 &- b) & 31)) }

    /// `i32.rotr`: rotate right by `b mod 32`.
    @inline(__always) @usableFromInline
    static func i32Rotr(_ a: UInt32, _ b: UInt32) -> UInt32 { (a &>> (b & 31)) | (a &<< ((0 &- b) & 31)) }

    // MARK: Sign extension

    /// `i32.extend8_s`: sign-extends the low 8 bits.
    @inline(__always) @usableFromInline
    static func i32Extend8S(_ a: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: a))) }

    /// `i32.extend16_s`: sign-extends the low 16 bits.
    @inline(__always) @usableFromInline
    static func i32Extend16S(_ a: UInt32) -> UInt32 { UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: a))) }
}
