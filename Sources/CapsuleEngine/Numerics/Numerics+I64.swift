import CapsuleCore

/// `i64` instructions: tests, comparisons, bit counting, arithmetic, bitwise operations, shifts,
/// rotations and sign extensions. Operands and results are `UInt64` bit patterns, except that tests
/// and comparisons produce an `i32` and so return `UInt32`.
extension Numerics {
    // MARK: Tests and comparisons (result is i32 0 or 1)

    /// `i64.eqz`: 1 if `a` is zero, else 0.
    @inline(__always) @usableFromInline
    static func i64Eqz(_ a: UInt64) -> UInt32 { bool(a == 0) }

    /// `i64.eq`: 1 if `a == b`, else 0.
    @inline(__always) @usableFromInline
    static func i64Eq(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a == b) }

    /// `i64.ne`: 1 if `a != b`, else 0.
    @inline(__always) @usableFromInline
    static func i64Ne(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a != b) }

    /// `i64.lt_s`: signed `a < b`.
    @inline(__always) @usableFromInline
    static func i64LtS(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Int64(bitPattern: a) < Int64(bitPattern: b)) }

    /// `i64.lt_u`: unsigned `a < b`.
    @inline(__always) @usableFromInline
    static func i64LtU(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a < b) }

    /// `i64.gt_s`: signed `a > b`.
    @inline(__always) @usableFromInline
    static func i64GtS(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Int64(bitPattern: a) > Int64(bitPattern: b)) }

    /// `i64.gt_u`: unsigned `a > b`.
    @inline(__always) @usableFromInline
    static func i64GtU(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a > b) }

    /// `i64.le_s`: signed `a <= b`.
    @inline(__always) @usableFromInline
    static func i64LeS(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Int64(bitPattern: a) <= Int64(bitPattern: b)) }

    /// `i64.le_u`: unsigned `a <= b`.
    @inline(__always) @usableFromInline
    static func i64LeU(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a <= b) }

    /// `i64.ge_s`: signed `a >= b`.
    @inline(__always) @usableFromInline
    static func i64GeS(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Int64(bitPattern: a) >= Int64(bitPattern: b)) }

    /// `i64.ge_u`: unsigned `a >= b`.
    @inline(__always) @usableFromInline
    static func i64GeU(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(a >= b) }

    // MARK: Bit counting

    /// `i64.clz`: number of leading zero bits (64 for zero).
    @inline(__always) @usableFromInline
    static func i64Clz(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.leadingZeroBitCount) }

    /// `i64.ctz`: number of trailing zero bits (64 for zero).
    @inline(__always) @usableFromInline
    static func i64Ctz(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.trailingZeroBitCount) }

    /// `i64.popcnt`: number of one bits.
    @inline(__always) @usableFromInline
    static func i64Popcnt(_ a: UInt64) -> UInt64 { UInt64(truncatingIfNeeded: a.nonzeroBitCount) }

    // MARK: Arithmetic

    /// `i64.add`: wrapping addition.
    @inline(__always) @usableFromInline
    static func i64Add(_ a: UInt64, _ b: UInt64) -> UInt64 { a &+ b }

    /// `i64.sub`: wrapping subtraction.
    @inline(__always) @usableFromInline
    static func i64Sub(_ a: UInt64, _ b: UInt64) -> UInt64 { a &- b }

    /// `i64.mul`: wrapping multiplication (the low 64 bits, identical for signed and unsigned).
    @inline(__always) @usableFromInline
    static func i64Mul(_ a: UInt64, _ b: UInt64) -> UInt64 { a &* b }

    /// `i64.div_s`: signed division truncating toward zero.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0;
    ///   ``CapsuleCore/TrapKind/integerOverflow`` for `-2^63 / -1`, whose quotient is not representable.
    @inline(__always) @usableFromInline
    static func i64DivS(_ a: UInt64, _ b: UInt64) throws(TrapKind) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        if a == 0x8000_0000_0000_0000 && b == 0xFFFF_FFFF_FFFF_FFFF { throw .integerOverflow }
        return UInt64(bitPattern: Int64(bitPattern: a).dividedReportingOverflow(by: Int64(bitPattern: b)).partialValue)
    }

    /// `i64.div_u`: unsigned division truncating toward zero.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i64DivU(_ a: UInt64, _ b: UInt64) throws(TrapKind) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a.dividedReportingOverflow(by: b).partialValue
    }

    /// `i64.rem_s`: signed remainder, with the sign of the dividend; `-2^63 rem_s -1` is 0.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i64RemS(_ a: UInt64, _ b: UInt64) throws(TrapKind) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        if b == 0xFFFF_FFFF_FFFF_FFFF { return 0 }
        return UInt64(bitPattern: Int64(bitPattern: a).remainderReportingOverflow(dividingBy: Int64(bitPattern: b)).partialValue)
    }

    /// `i64.rem_u`: unsigned remainder.
    ///
    /// - Throws: ``CapsuleCore/TrapKind/integerDivideByZero`` if `b` is 0.
    @inline(__always) @usableFromInline
    static func i64RemU(_ a: UInt64, _ b: UInt64) throws(TrapKind) -> UInt64 {
        if b == 0 { throw .integerDivideByZero }
        return a.remainderReportingOverflow(dividingBy: b).partialValue
    }

    // MARK: Bitwise operations, shifts and rotations

    /// `i64.and`: bitwise and.
    @inline(__always) @usableFromInline
    static func i64And(_ a: UInt64, _ b: UInt64) -> UInt64 { a & b }

    /// `i64.or`: bitwise or.
    @inline(__always) @usableFromInline
    static func i64Or(_ a: UInt64, _ b: UInt64) -> UInt64 { a | b }

    /// `i64.xor`: bitwise exclusive or.
    @inline(__always) @usableFromInline
    static func i64Xor(_ a: UInt64, _ b: UInt64) -> UInt64 { a ^ b }

    /// `i64.shl`: shift left by `b mod 64`.
    @inline(__always) @usableFromInline
    static func i64Shl(_ a: UInt64, _ b: UInt64) -> UInt64 { a &<< (b & 63) }

    /// `i64.shr_s`: arithmetic (sign-filling) shift right by `b mod 64`.
    @inline(__always) @usableFromInline
    static func i64ShrS(_ a: UInt64, _ b: UInt64) -> UInt64 {
        UInt64(bitPattern: Int64(bitPattern: a) &>> Int64(bitPattern: b & 63))
    }

    /// `i64.shr_u`: logical (zero-filling) shift right by `b mod 64`.
    @inline(__always) @usableFromInline
    static func i64ShrU(_ a: UInt64, _ b: UInt64) -> UInt64 { a &>> (b & 63) }

    /// `i64.rotl`: rotate left by `b mod 64`.
    @inline(__always) @usableFromInline
    static func i64Rotl(_ a: UInt64, _ b: UInt64) -> UInt64 { (a &<< (b & 63)) | (a &>> ((0 &- b) & 63)) }

    /// `i64.rotr`: rotate right by `b mod 64`.
    @inline(__always) @usableFromInline
    static func i64Rotr(_ a: UInt64, _ b: UInt64) -> UInt64 { (a &>> (b & 63)) | (a &<< ((0 &- b) & 63)) }

    // MARK: Sign extension

    /// `i64.extend8_s`: sign-extends the low 8 bits.
    @inline(__always) @usableFromInline
    static func i64Extend8S(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: a))) }

    /// `i64.extend16_s`: sign-extends the low 16 bits.
    @inline(__always) @usableFromInline
    static func i64Extend16S(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: a))) }

    /// `i64.extend32_s`: sign-extends the low 32 bits.
    @inline(__always) @usableFromInline
    static func i64Extend32S(_ a: UInt64) -> UInt64 { UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: a))) }
}
