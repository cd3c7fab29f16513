import Testing
import CapsuleBinary
import CapsuleCore
@testable import CapsuleEngine

// Edge cases of the scalar numeric instructions, picked by hand from the specification test suite
// (i32, i64, f32, f64, conversions, float_misc, float_exprs, f32_cmp, f64_cmp, f32_bitwise,
// f64_bitwise .wast) and from the NaN rules of the core specification's numerics chapter.

// MARK: - Helpers

private func i32(_ x: Int32) -> UInt32 { UInt32(bitPattern: x) }
private func i64(_ x: Int64) -> UInt64 { UInt64(bitPattern: x) }
private func f32(_ x: Float) -> UInt32 { x.bitPattern }
private func f64(_ x: Double) -> UInt64 { x.bitPattern }

/// The trap `body` throws, or nil if it returns.
private func trap<T>(_ body: () throws(TrapKind) -> T) -> TrapKind? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

/// The value `body` returns, or nil if it traps.
private func value<T>(_ body: () throws(TrapKind) -> T) -> T? {
    do { return try body() } catch { return nil }
}

// NaN bit patterns (text-format names in comments).
private let nan32: UInt32 = 0x7FC0_0000        // nan (canonical)
private let negNan32: UInt32 = 0xFFC0_0000     // -nan (canonical)
private let sNan32: UInt32 = 0x7FA0_0000       // nan:0x200000 (signalling)
private let negSNan32: UInt32 = 0xFFA0_0000    // -nan:0x200000 (signalling)
private let qNan32: UInt32 = 0x7FE0_0000       // nan:0x600000 (arithmetic, not canonical)
private let nan64: UInt64 = 0x7FF8_0000_0000_0000
private let negNan64: UInt64 = 0xFFF8_0000_0000_0000
private let sNan64: UInt64 = 0x7FF4_0000_0000_0000     // nan:0x4000000000000
private let negSNan64: UInt64 = 0xFFF4_0000_0000_0000
private let qNan64: UInt64 = 0x7FFC_0000_0000_0000     // nan:0xc000000000000

private func isCanonical(_ x: UInt32) -> Bool { x & 0x7FFF_FFFF == 0x7FC0_0000 }
private func isArithmetic(_ x: UInt32) -> Bool { x & 0x7FC0_0000 == 0x7FC0_0000 }
private func isCanonical(_ x: UInt64) -> Bool { x & 0x7FFF_FFFF_FFFF_FFFF == 0x7FF8_0000_0000_0000 }
private func isArithmetic(_ x: UInt64) -> Bool { x & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000 }

// MARK: - Integers

@Suite("Numerics: integers")
struct NumericsIntegerTests {
    @Test func wrappingArithmetic() {
        #expect(Numerics.i32Add(0x7FFF_FFFF, 1) == 0x8000_0000)
        #expect(Numerics.i32Add(0xFFFF_FFFF, 1) == 0)
        #expect(Numerics.i32Sub(0x8000_0000, 1) == 0x7FFF_FFFF)
        #expect(Numerics.i32Sub(0, 1) == 0xFFFF_FFFF)
        #expect(Numerics.i32Mul(0x1000_0000, 0x1000) == 0)
        #expect(Numerics.i32Mul(0x0123_4567, 0x7654_3210) == 0x358E_7470)
        #expect(Numerics.i32Mul(0x7FFF_FFFF, 0xFFFF_FFFF) == 0x8000_0001)
        #expect(Numerics.i64Add(0x7FFF_FFFF_FFFF_FFFF, 1) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64Sub(0, 1) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64Mul(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210) == 0x2236_D88F_E561_8CF0)
        #expect(Numerics.i64Mul(0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF) == 0x8000_0000_0000_0000)
    }

    @Test func divisionAndRemainderFollowTheDividendsSign() throws {
        #expect(try Numerics.i32DivS(i32(-7), 2) == i32(-3))
        #expect(try Numerics.i32DivS(7, i32(-2)) == i32(-3))
        #expect(try Numerics.i32DivS(i32(-7), i32(-2)) == 3)
        #expect(try Numerics.i32DivS(0x8000_0000, 2) == 0xC000_0000)
        #expect(try Numerics.i32DivU(0x8000_0000, 2) == 0x4000_0000)
        #expect(try Numerics.i32DivU(i32(-5), 2) == 0x7FFF_FFFD)
        #expect(try Numerics.i32RemS(i32(-5), 2) == i32(-1))
        #expect(try Numerics.i32RemS(5, i32(-2)) == 1)
        #expect(try Numerics.i32RemS(0x8000_0000, 2) == 0)
        #expect(try Numerics.i32RemS(0x7FFF_FFFF, i32(-1)) == 0)
        #expect(try Numerics.i32RemU(i32(-5), 2) == 1)
        #expect(try Numerics.i32RemU(0x8FF0_0FF0, 0x1_0001) == 0x8001)
        #expect(try Numerics.i64DivS(i64(-7), 2) == i64(-3))
        #expect(try Numerics.i64DivS(0x8000_0000_0000_0000, 2) == 0xC000_0000_0000_0000)
        #expect(try Numerics.i64DivU(0x8000_0000_0000_0000, 2) == 0x4000_0000_0000_0000)
        #expect(try Numerics.i64DivU(0x8FF0_0FF0_0FF0_0FF0, 0x1_0000_0001) == 0x8FF0_0FEF)
        #expect(try Numerics.i64RemS(i64(-7), 3) == i64(-1))
        #expect(try Numerics.i64RemU(0x8000_0000_0000_0001, 1000) == 809)
    }

    @Test func divisionTraps() {
        #expect(trap { () throws(TrapKind) in try Numerics.i32DivS(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i32DivS(0x8000_0000, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i32DivS(0x8000_0000, 0xFFFF_FFFF) } == .integerOverflow)
        #expect(trap { () throws(TrapKind) in try Numerics.i32DivU(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i32RemS(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i32RemU(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i64DivS(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i64DivS(0x8000_0000_0000_0000, i64(-1)) } == .integerOverflow)
        #expect(trap { () throws(TrapKind) in try Numerics.i64DivU(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i64RemS(1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.i64RemU(1, 0) } == .integerDivideByZero)
        // INT_MIN / -1 overflows only for div_s: the unsigned and remainder forms are fine.
        #expect(value { () throws(TrapKind) in try Numerics.i32DivU(0x8000_0000, 0xFFFF_FFFF) } == 0)
        #expect(value { () throws(TrapKind) in try Numerics.i32RemS(0x8000_0000, 0xFFFF_FFFF) } == 0)
        #expect(value { () throws(TrapKind) in try Numerics.i64RemS(0x8000_0000_0000_0000, i64(-1)) } == 0)
        #expect(value { () throws(TrapKind) in try Numerics.i64DivS(0x8000_0000_0000_0001, i64(-1)) } == 0x7FFF_FFFF_FFFF_FFFF)
    }

    @Test func shiftAndRotateCountsWrapAround() {
        #expect(Numerics.i32Shl(1, 31) == 0x8000_0000)
        #expect(Numerics.i32Shl(1, 32) == 1)
        #expect(Numerics.i32Shl(1, 33) == 2)
        #expect(Numerics.i32Shl(1, 0xFFFF_FFFF) == 0x8000_0000)
        #expect(Numerics.i32ShrS(0x8000_0000, 31) == 0xFFFF_FFFF)
        #expect(Numerics.i32ShrS(0x8000_0000, 32) == 0x8000_0000)
        #expect(Numerics.i32ShrS(i32(-1), 0xFFFF_FFFF) == 0xFFFF_FFFF)
        #expect(Numerics.i32ShrU(0x8000_0000, 31) == 1)
        #expect(Numerics.i32ShrU(0x8000_0000, 0x8000_0000) == 0x8000_0000)
        #expect(Numerics.i32Rotl(0xABCD_9876, 1) == 0x579B_30ED)
        #expect(Numerics.i32Rotl(0x0000_8000, 37) == 0x0010_0000)
        #expect(Numerics.i32Rotl(0x7654_3210, 0) == 0x7654_3210)
        #expect(Numerics.i32Rotr(0xB0C1_D2E3, 5) == 0x1D86_0E97)
        #expect(Numerics.i32Rotr(0x0000_8000, 37) == 0x0000_0400)
        #expect(Numerics.i32Rotr(1, 0xFFFF_FFFF) == 2)
        #expect(Numerics.i64Shl(1, 63) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64Shl(1, 64) == 1)
        #expect(Numerics.i64ShrS(0x8000_0000_0000_0000, 63) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64ShrS(1, 0xFFFF_FFFF_FFFF_FFFF) == 0)
        #expect(Numerics.i64ShrU(0x8000_0000_0000_0000, 127) == 1)
        #expect(Numerics.i64Rotl(0xABCD_9876_0000_1111, 1) == 0x579B_30EC_0000_2223)
        #expect(Numerics.i64Rotl(1, 0x8000_0000_0000_0040) == 1)
        #expect(Numerics.i64Rotr(0xABD1_F3E4_C5B6_A798, 0x3F) == 0x57A3_E7C9_8B6D_4F31)
        #expect(Numerics.i64Rotr(1, 1) == 0x8000_0000_0000_0000)
    }

    @Test func bitCounting() {
        #expect(Numerics.i32Clz(0) == 32)
        #expect(Numerics.i32Clz(0xFFFF_FFFF) == 0)
        #expect(Numerics.i32Clz(0x0000_8000) == 16)
        #expect(Numerics.i32Ctz(0) == 32)
        #expect(Numerics.i32Ctz(0x8000_0000) == 31)
        #expect(Numerics.i32Popcnt(0xFFFF_FFFF) == 32)
        #expect(Numerics.i32Popcnt(0xAAAA_5555) == 16)
        #expect(Numerics.i64Clz(0) == 64)
        #expect(Numerics.i64Clz(1) == 63)
        #expect(Numerics.i64Ctz(0) == 64)
        #expect(Numerics.i64Ctz(0x0000_0001_0000_0000) == 32)
        #expect(Numerics.i64Popcnt(0xFFFF_FFFF_FFFF_FFFF) == 64)
        #expect(Numerics.i64Popcnt(0x9999_9999_AAAA_AAAA) == 32)
    }

    @Test func comparisonsDistinguishSignedFromUnsigned() {
        #expect(Numerics.i32Eqz(0) == 1)
        #expect(Numerics.i32Eqz(0x8000_0000) == 0)
        #expect(Numerics.i64Eqz(0) == 1)
        #expect(Numerics.i64Eqz(0x1_0000_0000) == 0)
        #expect(Numerics.i32Eq(5, 5) == 1 && Numerics.i32Ne(5, 5) == 0)
        #expect(Numerics.i32LtS(0x8000_0000, 0) == 1 && Numerics.i32LtU(0x8000_0000, 0) == 0)
        #expect(Numerics.i32GtS(0x8000_0000, 0x7FFF_FFFF) == 0 && Numerics.i32GtU(0x8000_0000, 0x7FFF_FFFF) == 1)
        #expect(Numerics.i32LeS(i32(-1), i32(-1)) == 1 && Numerics.i32LeU(i32(-1), 0) == 0)
        #expect(Numerics.i32GeS(i32(-1), 0) == 0 && Numerics.i32GeU(i32(-1), 0) == 1)
        #expect(Numerics.i64Eq(0x1_0000_0000, 0) == 0 && Numerics.i64Ne(0x1_0000_0000, 0) == 1)
        #expect(Numerics.i64LtS(0x8000_0000_0000_0000, 0) == 1 && Numerics.i64LtU(0x8000_0000_0000_0000, 0) == 0)
        #expect(Numerics.i64GtS(i64(-1), i64(-2)) == 1 && Numerics.i64GtU(1, i64(-2)) == 0)
        #expect(Numerics.i64LeS(i64(-1), 0) == 1 && Numerics.i64LeU(i64(-1), 0) == 0)
        #expect(Numerics.i64GeS(0, 0) == 1 && Numerics.i64GeU(0, 1) == 0)
    }

    @Test func signExtensionWrapAndExtend() {
        #expect(Numerics.i32Extend8S(0x7F) == 0x7F)
        #expect(Numerics.i32Extend8S(0x80) == 0xFFFF_FF80)
        #expect(Numerics.i32Extend8S(0x0123_4580) == 0xFFFF_FF80)
        #expect(Numerics.i32Extend16S(0x8000) == 0xFFFF_8000)
        #expect(Numerics.i32Extend16S(0xFFFF_7FFF) == 0x7FFF)
        #expect(Numerics.i64Extend8S(0xFFFF_FFFF_FFFF_FF01) == 1)
        #expect(Numerics.i64Extend8S(0x80) == 0xFFFF_FFFF_FFFF_FF80)
        #expect(Numerics.i64Extend16S(0x8000) == 0xFFFF_FFFF_FFFF_8000)
        #expect(Numerics.i64Extend32S(0x8000_0000) == 0xFFFF_FFFF_8000_0000)
        #expect(Numerics.i64Extend32S(0x1_7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(Numerics.i32WrapI64(0xFFFF_FFFF_0000_0001) == 1)
        #expect(Numerics.i32WrapI64(0x1_0000_0000) == 0)
        #expect(Numerics.i64ExtendI32S(0x8000_0000) == 0xFFFF_FFFF_8000_0000)
        #expect(Numerics.i64ExtendI32S(0x7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(Numerics.i64ExtendI32U(0x8000_0000) == 0x8000_0000)
        #expect(Numerics.i32And(0xF0F0, 0xFF00) == 0xF000 && Numerics.i32Or(0xF0F0, 0xFF00) == 0xFFF0)
        #expect(Numerics.i32Xor(0xF0F0, 0xFF00) == 0x0FF0 && Numerics.i64Xor(1 << 63, 1) == 0x8000_0000_0000_0001)
        #expect(Numerics.i64And(0xFFFF_0000_FFFF, 0xFF_FF00) == 0xFF00 && Numerics.i64Or(1 << 40, 1) == 0x100_0000_0001)
    }
}

// MARK: - Floats

@Suite("Numerics: floats")
struct NumericsFloatTests {
    @Test func signOperationsAreBitwiseAndKeepNaNPayloads() {
        #expect(Numerics.f32Abs(negSNan32) == sNan32)
        #expect(Numerics.f32Neg(sNan32) == negSNan32)
        #expect(Numerics.f32Neg(f32(0)) == f32(-0.0))
        #expect(Numerics.f32Abs(f32(-.infinity)) == f32(.infinity))
        #expect(Numerics.f32Copysign(sNan32, f32(-0.0)) == negSNan32)
        #expect(Numerics.f32Copysign(f32(1.5), negNan32) == f32(-1.5))
        #expect(Numerics.f32Copysign(f32(-1.5), nan32) == f32(1.5))
        #expect(Numerics.f64Abs(negSNan64) == sNan64)
        #expect(Numerics.f64Neg(nan64) == negNan64)
        #expect(Numerics.f64Neg(f64(-0.0)) == f64(0))
        #expect(Numerics.f64Copysign(qNan64, f64(-1)) == qNan64 | (1 << 63))
        #expect(Numerics.f64Copysign(f64(-.infinity), f64(0)) == f64(.infinity))
    }

    @Test func roundingToIntegers() {
        // (input, ceil, floor, trunc, nearest)
        let cases: [(Float, Float, Float, Float, Float)] = [
            (0.5, 1, 0, 0, 0),
            (-0.5, -0.0, -1, -0.0, -0.0),
            (1.5, 2, 1, 1, 2),
            (2.5, 3, 2, 2, 2),
            (-2.5, -2, -3, -2, -2),
            (-3.5, -3, -4, -3, -4),
            (0x1p-149, 1, 0, 0, 0),
            (-0x1p-149, -0.0, -1, -0.0, -0.0),
            (-0.0, -0.0, -0.0, -0.0, -0.0),
            (8388609, 8388609, 8388609, 8388609, 8388609),  // 2^23 + 1: already integral
            (0x1.fffffep+22, 8388608, 8388607, 8388607, 8388608),  // 2^23 - 0.5, tie to even
            (0x1.fffffep+127, 0x1.fffffep+127, 0x1.fffffep+127, 0x1.fffffep+127, 0x1.fffffep+127),
            (-.infinity, -.infinity, -.infinity, -.infinity, -.infinity),
        ]
        for (x, c, f, t, n) in cases {
            #expect(Numerics.f32Ceil(f32(x)) == f32(c), "ceil \(x)")
            #expect(Numerics.f32Floor(f32(x)) == f32(f), "floor \(x)")
            #expect(Numerics.f32Trunc(f32(x)) == f32(t), "trunc \(x)")
            #expect(Numerics.f32Nearest(f32(x)) == f32(n), "nearest \(x)")
            let d = Double(x)
            #expect(Numerics.f64Ceil(f64(d)) == f64(Double(c)), "ceil \(d)")
            #expect(Numerics.f64Floor(f64(d)) == f64(Double(f)), "floor \(d)")
            #expect(Numerics.f64Trunc(f64(d)) == f64(Double(t)), "trunc \(d)")
            #expect(Numerics.f64Nearest(f64(d)) == f64(Double(n)), "nearest \(d)")
        }
        #expect(Numerics.f64Nearest(f64(4503599627370497)) == f64(4503599627370497))  // 2^52 + 1
        #expect(Numerics.f64Nearest(f64(-0x1.fffffffffffffp+51)) == f64(-4503599627370496))  // -(2^52 - 0.5)
        #expect(Numerics.f64Floor(f64(-0x1.fffffffffffffp-1)) == f64(-1))
        #expect(Numerics.f64Ceil(f64(0x1p-1074)) == f64(1))
    }

    @Test func roundingQuietsNaNs() {
        let f32Ops: [(UInt32) -> UInt32] = [Numerics.f32Ceil, Numerics.f32Floor, Numerics.f32Trunc, Numerics.f32Nearest, Numerics.f32Sqrt]
        for op in f32Ops {
            #expect(isCanonical(op(nan32)) && isCanonical(op(negNan32)))
            #expect(isArithmetic(op(sNan32)) && isArithmetic(op(negSNan32)))
            #expect(op(qNan32) == qNan32)
        }
        let f64Ops: [(UInt64) -> UInt64] = [Numerics.f64Ceil, Numerics.f64Floor, Numerics.f64Trunc, Numerics.f64Nearest, Numerics.f64Sqrt]
        for op in f64Ops {
            #expect(isCanonical(op(nan64)) && isCanonical(op(negNan64)))
            #expect(isArithmetic(op(sNan64)) && isArithmetic(op(negSNan64)))
            #expect(op(qNan64) == qNan64)
        }
    }

    @Test func squareRoot() {
        #expect(Numerics.f32Sqrt(f32(-0.0)) == f32(-0.0))
        #expect(Numerics.f32Sqrt(f32(0x1p-126)) == f32(0x1p-63))
        #expect(Numerics.f32Sqrt(f32(.infinity)) == f32(.infinity))
        #expect(isCanonical(Numerics.f32Sqrt(f32(-0x1p-149))))
        #expect(isCanonical(Numerics.f32Sqrt(f32(-.infinity))))
        #expect(Numerics.f64Sqrt(f64(-0.0)) == f64(-0.0))
        #expect(Numerics.f64Sqrt(f64(0x1.fffffffffffffp+1023)) == f64(0x1.fffffffffffffp+511))
        #expect(Numerics.f64Sqrt(f64(0x1.0000000000001p+0)) == f64(1))  // float_misc: rounds down
        #expect(isCanonical(Numerics.f64Sqrt(f64(-1))))
    }

    @Test func arithmeticRoundingAndSpecialValues() {
        #expect(Numerics.f32Add(f32(1), f32(0x1p-24)) == f32(1))  // tie to even
        #expect(Numerics.f32Add(f32(1), f32(0x1.000002p-24)) == f32(0x1.000002p+0))
        #expect(Numerics.f32Add(f32(0x1.fffffep+127), f32(0x1p+104)) == f32(.infinity))
        #expect(Numerics.f32Add(f32(-0.0), f32(0.0)) == f32(0))
        #expect(Numerics.f32Add(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(Numerics.f32Sub(f32(0), f32(0)) == f32(0))
        #expect(Numerics.f32Sub(f32(-0.0), f32(0)) == f32(-0.0))
        #expect(Numerics.f32Mul(f32(0x1p-126), f32(0x1p-23)) == f32(0x1p-149))
        #expect(Numerics.f32Mul(f32(-0.0), f32(5)) == f32(-0.0))
        #expect(Numerics.f32Div(f32(1), f32(-0.0)) == f32(-.infinity))
        #expect(Numerics.f32Div(f32(1), f32(3)) == f32(0x1.555556p-2))
        #expect(Numerics.f64Add(f64(0.1), f64(0.2)) == f64(0x1.3333333333334p-2))
        #expect(Numerics.f64Sub(f64(1), f64(0x1p-53)) == f64(0x1.fffffffffffffp-1))
        #expect(Numerics.f64Mul(f64(0x1p-1022), f64(0x1p-52)) == f64(0x1p-1074))
        #expect(Numerics.f64Mul(f64(0x1p-1074), f64(0.5)) == f64(0))  // tie to even underflows to 0
        #expect(Numerics.f64Div(f64(-1), f64(0)) == f64(-.infinity))
        #expect(Numerics.f64Div(f64(0x1.fffffffffffffp+1023), f64(0x1p-2)) == f64(.infinity))
    }

    @Test func arithmeticNaNRules() {
        // Invalid operations on non-NaN inputs produce a canonical NaN.
        #expect(isCanonical(Numerics.f32Sub(f32(.infinity), f32(.infinity))))
        #expect(isCanonical(Numerics.f32Mul(f32(0), f32(-.infinity))))
        #expect(isCanonical(Numerics.f32Div(f32(0), f32(-0.0))))
        #expect(isCanonical(Numerics.f64Add(f64(-.infinity), f64(.infinity))))
        #expect(isCanonical(Numerics.f64Div(f64(.infinity), f64(.infinity))))
        // Canonical NaN inputs give canonical NaNs; others at least arithmetic ones.
        let f32Ops: [(UInt32, UInt32) -> UInt32] = [Numerics.f32Add, Numerics.f32Sub, Numerics.f32Mul, Numerics.f32Div, Numerics.f32Min, Numerics.f32Max]
        for op in f32Ops {
            #expect(isCanonical(op(nan32, f32(1))) && isCanonical(op(f32(-0.0), negNan32)))
            #expect(isCanonical(op(nan32, negNan32)))
            #expect(isArithmetic(op(sNan32, f32(1))) && isArithmetic(op(f32(.infinity), negSNan32)))
            #expect(isArithmetic(op(qNan32, f32(0))) && isArithmetic(op(sNan32, nan32)))
        }
        let f64Ops: [(UInt64, UInt64) -> UInt64] = [Numerics.f64Add, Numerics.f64Sub, Numerics.f64Mul, Numerics.f64Div, Numerics.f64Min, Numerics.f64Max]
        for op in f64Ops {
            #expect(isCanonical(op(nan64, f64(1))) && isCanonical(op(f64(-0.0), negNan64)))
            #expect(isCanonical(op(nan64, negNan64)))
            #expect(isArithmetic(op(sNan64, f64(1))) && isArithmetic(op(f64(.infinity), negSNan64)))
            #expect(isArithmetic(op(qNan64, f64(0))) && isArithmetic(op(sNan64, nan64)))
        }
    }

    @Test func minMaxOrderSignedZerosAndPropagateNaN() {
        #expect(Numerics.f32Min(f32(-0.0), f32(0)) == f32(-0.0))
        #expect(Numerics.f32Min(f32(0), f32(-0.0)) == f32(-0.0))
        #expect(Numerics.f32Max(f32(-0.0), f32(0)) == f32(0))
        #expect(Numerics.f32Max(f32(0), f32(-0.0)) == f32(0))
        #expect(Numerics.f32Min(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(Numerics.f32Max(f32(-0.0), f32(-0.0)) == f32(-0.0))
        #expect(Numerics.f32Min(f32(-.infinity), f32(0x1p-149)) == f32(-.infinity))
        #expect(Numerics.f32Max(f32(.infinity), f32(-0x1.fffffep+127)) == f32(.infinity))
        #expect(Numerics.f32Min(f32(1), f32(2)) == f32(1) && Numerics.f32Max(f32(1), f32(2)) == f32(2))
        #expect(Numerics.f32Min(f32(-1), f32(-2)) == f32(-2) && Numerics.f32Max(f32(-1), f32(-2)) == f32(-1))
        #expect(Numerics.f32Min(sNan32, f32(0)) == (sNan32 | 0x40_0000))
        #expect(Numerics.f32Max(f32(0), negSNan32) == (negSNan32 | 0x40_0000))
        #expect(Numerics.f32Min(f32(-.infinity), nan32) == nan32)
        #expect(Numerics.f64Min(f64(-0.0), f64(0)) == f64(-0.0))
        #expect(Numerics.f64Min(f64(0), f64(-0.0)) == f64(-0.0))
        #expect(Numerics.f64Max(f64(-0.0), f64(0)) == f64(0))
        #expect(Numerics.f64Max(f64(0), f64(-0.0)) == f64(0))
        #expect(Numerics.f64Min(f64(0x1p-1074), f64(-0x1p-1074)) == f64(-0x1p-1074))
        #expect(Numerics.f64Max(f64(-.infinity), f64(-0x1.fffffffffffffp+1023)) == f64(-0x1.fffffffffffffp+1023))
        #expect(Numerics.f64Max(sNan64, f64(.infinity)) == (sNan64 | 0x8_0000_0000_0000))
        #expect(Numerics.f64Min(f64(1), negNan64) == negNan64)
    }

    @Test func comparisonsFollowIEEE() {
        let f32Pairs: [(Float, Float)] = [(-0.0, 0), (1, 2), (2, 1), (-.infinity, .infinity), (0x1p-149, 0), (.nan, 0), (0, .nan), (.nan, .nan)]
        for (x, y) in f32Pairs {
            let a = f32(x), b = f32(y)
            #expect(Numerics.f32Eq(a, b) == (x == y ? 1 : 0), "eq \(x) \(y)")
            #expect(Numerics.f32Ne(a, b) == (x != y ? 1 : 0), "ne \(x) \(y)")
            #expect(Numerics.f32Lt(a, b) == (x < y ? 1 : 0), "lt \(x) \(y)")
            #expect(Numerics.f32Gt(a, b) == (x > y ? 1 : 0), "gt \(x) \(y)")
            #expect(Numerics.f32Le(a, b) == (x <= y ? 1 : 0), "le \(x) \(y)")
            #expect(Numerics.f32Ge(a, b) == (x >= y ? 1 : 0), "ge \(x) \(y)")
        }
        // Spelled out for the cases that matter most.
        #expect(Numerics.f32Eq(f32(-0.0), f32(0)) == 1 && Numerics.f32Lt(f32(-0.0), f32(0)) == 0)
        #expect(Numerics.f32Eq(nan32, nan32) == 0 && Numerics.f32Ne(nan32, nan32) == 1)
        #expect(Numerics.f32Le(sNan32, f32(0)) == 0 && Numerics.f32Ge(f32(0), negNan32) == 0)
        #expect(Numerics.f64Eq(f64(-0.0), f64(0)) == 1 && Numerics.f64Ge(f64(-0.0), f64(0)) == 1)
        #expect(Numerics.f64Eq(nan64, nan64) == 0 && Numerics.f64Ne(sNan64, f64(1)) == 1)
        #expect(Numerics.f64Lt(f64(-.infinity), nan64) == 0 && Numerics.f64Gt(nan64, f64(-.infinity)) == 0)
        #expect(Numerics.f64Le(f64(0x1p-1074), f64(0x1p-1073)) == 1 && Numerics.f64Gt(f64(0x1p-1074), f64(0)) == 1)
        #expect(Numerics.f64Lt(f64(1), f64(0x1.0000000000001p+0)) == 1 && Numerics.f64Ge(f64(1), f64(2)) == 0)
    }
}

// MARK: - Conversions

@Suite("Numerics: conversions")
struct NumericsConversionTests {
    /// Runs a trapping truncation, giving its value or its trap.
    private func run<T>(_ body: () throws(TrapKind) -> T) -> Result<T, TrapKind> {
        do { return .success(try body()) } catch { return .failure(error) }
    }

    @Test func truncationToI32Boundaries() {
        let s32 = { (x: Float) in run { () throws(TrapKind) in try Numerics.i32TruncF32S(f32(x)) } }
        let u32 = { (x: Float) in run { () throws(TrapKind) in try Numerics.i32TruncF32U(f32(x)) } }
        let s64 = { (x: Double) in run { () throws(TrapKind) in try Numerics.i32TruncF64S(f64(x)) } }
        let u64 = { (x: Double) in run { () throws(TrapKind) in try Numerics.i32TruncF64U(f64(x)) } }
        #expect(s32(-2147483648.0) == .success(0x8000_0000))
        #expect(s32(2147483520.0) == .success(2147483520))
        #expect(s32(-1.9) == .success(i32(-1)))
        #expect(s32(-0x1p-149) == .success(0))
        #expect(s32(2147483648.0) == .failure(.integerOverflow))
        #expect(s32(-2147483904.0) == .failure(.integerOverflow))
        #expect(s32(.infinity) == .failure(.integerOverflow))
        #expect(u32(-0x1.fffffep-1) == .success(0))
        #expect(u32(4294967040.0) == .success(0xFFFF_FF00))
        #expect(u32(4294967296.0) == .failure(.integerOverflow))
        #expect(u32(-1.0) == .failure(.integerOverflow))
        #expect(s64(-2147483648.9) == .success(0x8000_0000))
        #expect(s64(2147483647.9) == .success(0x7FFF_FFFF))
        #expect(s64(2147483648.0) == .failure(.integerOverflow))
        #expect(s64(-2147483649.0) == .failure(.integerOverflow))
        #expect(u64(-0.9999) == .success(0))
        #expect(u64(-0x1.fffffffffffffp-1) == .success(0))
        #expect(u64(4294967295.9) == .success(0xFFFF_FFFF))
        #expect(u64(4294967296.0) == .failure(.integerOverflow))
        #expect(u64(-1.0) == .failure(.integerOverflow))
        #expect(u64(9223372036854775808) == .failure(.integerOverflow))
        #expect(u64(-.infinity) == .failure(.integerOverflow))
    }

    @Test func truncationToI64Boundaries() {
        let s32 = { (x: Float) in run { () throws(TrapKind) in try Numerics.i64TruncF32S(f32(x)) } }
        let u32 = { (x: Float) in run { () throws(TrapKind) in try Numerics.i64TruncF32U(f32(x)) } }
        let s64 = { (x: Double) in run { () throws(TrapKind) in try Numerics.i64TruncF64S(f64(x)) } }
        let u64 = { (x: Double) in run { () throws(TrapKind) in try Numerics.i64TruncF64U(f64(x)) } }
        #expect(s32(-9223372036854775808.0) == .success(0x8000_0000_0000_0000))
        #expect(s32(-4294967296) == .success(i64(-4294967296)))
        #expect(s32(9223372036854775808.0) == .failure(.integerOverflow))
        #expect(s32(-9223373136366403584.0) == .failure(.integerOverflow))
        #expect(u32(18446742974197923840.0) == .success(i64(-1099511627776)))
        #expect(u32(-0x1.ccccccp-1) == .success(0))
        #expect(u32(18446744073709551616.0) == .failure(.integerOverflow))
        #expect(u32(-1.0) == .failure(.integerOverflow))
        #expect(s64(9223372036854774784.0) == .success(9223372036854774784))
        #expect(s64(-9223372036854775808.0) == .success(0x8000_0000_0000_0000))
        #expect(s64(9223372036854775808.0) == .failure(.integerOverflow))
        #expect(s64(-9223372036854777856.0) == .failure(.integerOverflow))
        #expect(u64(18446744073709549568.0) == .success(i64(-2048)))
        #expect(u64(-0.9) == .success(0))
        #expect(u64(18446744073709551616.0) == .failure(.integerOverflow))
        #expect(u64(-1.0) == .failure(.integerOverflow))
        #expect(u64(.infinity) == .failure(.integerOverflow))
    }

    @Test func truncationOfNaNIsInvalid() {
        for bits in [nan32, negNan32, sNan32, negSNan32] {
            #expect(trap { () throws(TrapKind) in try Numerics.i32TruncF32S(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i32TruncF32U(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i64TruncF32S(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i64TruncF32U(bits) } == .invalidConversionToInteger)
        }
        for bits in [nan64, negNan64, sNan64, negSNan64] {
            #expect(trap { () throws(TrapKind) in try Numerics.i32TruncF64S(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i32TruncF64U(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i64TruncF64S(bits) } == .invalidConversionToInteger)
            #expect(trap { () throws(TrapKind) in try Numerics.i64TruncF64U(bits) } == .invalidConversionToInteger)
        }
    }

    @Test func saturatingTruncation() {
        #expect(Numerics.i32TruncSatF32S(f32(2147483648.0)) == 0x7FFF_FFFF)
        #expect(Numerics.i32TruncSatF32S(f32(-2147483904.0)) == 0x8000_0000)
        #expect(Numerics.i32TruncSatF32S(f32(-2147483648.0)) == 0x8000_0000)
        #expect(Numerics.i32TruncSatF32S(f32(-1.5)) == i32(-1))
        #expect(Numerics.i32TruncSatF32S(negSNan32) == 0)
        #expect(Numerics.i32TruncSatF32U(f32(4294967296.0)) == 0xFFFF_FFFF)
        #expect(Numerics.i32TruncSatF32U(f32(-1.0)) == 0)
        #expect(Numerics.i32TruncSatF32U(f32(-.infinity)) == 0)
        #expect(Numerics.i32TruncSatF32U(f32(4294967040.0)) == 0xFFFF_FF00)
        #expect(Numerics.i32TruncSatF32U(nan32) == 0)
        #expect(Numerics.i32TruncSatF64S(f64(2147483648.0)) == 0x7FFF_FFFF)
        #expect(Numerics.i32TruncSatF64S(f64(-2147483648.9)) == 0x8000_0000)
        #expect(Numerics.i32TruncSatF64S(f64(-2147483649.0)) == 0x8000_0000)
        #expect(Numerics.i32TruncSatF64S(f64(1e30)) == 0x7FFF_FFFF)
        #expect(Numerics.i32TruncSatF64S(negNan64) == 0)
        #expect(Numerics.i32TruncSatF64U(f64(4294967295.9)) == 0xFFFF_FFFF)
        #expect(Numerics.i32TruncSatF64U(f64(1e16)) == 0xFFFF_FFFF)
        #expect(Numerics.i32TruncSatF64U(f64(-0.9)) == 0)
        #expect(Numerics.i32TruncSatF64U(sNan64) == 0)
        #expect(Numerics.i64TruncSatF32S(f32(9223372036854775808.0)) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64TruncSatF32S(f32(-.infinity)) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64TruncSatF32S(f32(-4294967296)) == i64(-4294967296))
        #expect(Numerics.i64TruncSatF32S(nan32) == 0)
        #expect(Numerics.i64TruncSatF32U(f32(18446744073709551616.0)) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64TruncSatF32U(f32(-1.0)) == 0)
        #expect(Numerics.i64TruncSatF32U(negNan32) == 0)
        #expect(Numerics.i64TruncSatF64S(f64(9223372036854775808.0)) == 0x7FFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64TruncSatF64S(f64(-9223372036854777856.0)) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64TruncSatF64S(f64(-9223372036854775808.0)) == 0x8000_0000_0000_0000)
        #expect(Numerics.i64TruncSatF64S(nan64) == 0)
        #expect(Numerics.i64TruncSatF64U(f64(18446744073709549568.0)) == i64(-2048))
        #expect(Numerics.i64TruncSatF64U(f64(1e30)) == 0xFFFF_FFFF_FFFF_FFFF)
        #expect(Numerics.i64TruncSatF64U(f64(-.infinity)) == 0)
        #expect(Numerics.i64TruncSatF64U(negSNan64) == 0)
    }

    @Test func integerToFloatRoundsCorrectly() {
        #expect(Numerics.f32ConvertI32S(i32(-1)) == f32(-1))
        #expect(Numerics.f32ConvertI32S(0x8000_0000) == f32(-2147483648))
        #expect(Numerics.f32ConvertI32S(16777217) == f32(16777216))
        #expect(Numerics.f32ConvertI32S(i32(-16777219)) == f32(-16777220))
        #expect(Numerics.f32ConvertI32U(0xFFFF_FFFF) == f32(4294967296))
        #expect(Numerics.f32ConvertI32U(0x8000_0080) == f32(0x1p31))          // tie to even
        #expect(Numerics.f32ConvertI32U(0x8000_0081) == f32(0x1.000002p+31))
        #expect(Numerics.f32ConvertI64S(0x7FFF_FF40_0000_0001) == f32(0x1.fffffep+62))
        #expect(Numerics.f32ConvertI64S(0x8000_0040_0000_0001) == f32(-0x1.fffffep+62))
        #expect(Numerics.f32ConvertI64S(0x0020_0000_2000_0001) == f32(0x1.000002p+53))  // no double rounding
        #expect(Numerics.f32ConvertI64S(0xFFDF_FFFF_DFFF_FFFF) == f32(-0x1.000002p+53))
        #expect(Numerics.f32ConvertI64U(0xFFFF_FFFF_FFFF_FFFF) == f32(0x1p64))
        #expect(Numerics.f32ConvertI64U(0x7FFF_FFBF_FFFF_FFFF) == f32(0x1.fffffep+62))
        #expect(Numerics.f32ConvertI64U(0x8000_0080_0000_0001) == f32(0x1.000002p+63))
        #expect(Numerics.f32ConvertI64U(0xFFFF_FE80_0000_0001) == f32(0x1.fffffep+63))
        #expect(Numerics.f64ConvertI32S(0x8000_0000) == f64(-2147483648))
        #expect(Numerics.f64ConvertI32U(0xFFFF_FFFF) == f64(4294967295))
        #expect(Numerics.f64ConvertI64S(9007199254740993) == f64(9007199254740992))
        #expect(Numerics.f64ConvertI64S(i64(-9007199254740995)) == f64(-9007199254740996))
        #expect(Numerics.f64ConvertI64S(0x8000_0000_0000_0000) == f64(-0x1p63))
        #expect(Numerics.f64ConvertI64U(0x8000_0000_0000_0400) == f64(0x1p63))
        #expect(Numerics.f64ConvertI64U(0x8000_0000_0000_0401) == f64(0x1.0000000000001p+63))
        #expect(Numerics.f64ConvertI64U(0xFFFF_FFFF_FFFF_F400) == f64(0x1.ffffffffffffep+63))
        #expect(Numerics.f64ConvertI64U(0xFFFF_FFFF_FFFF_F401) == f64(0x1.fffffffffffffp+63))
        #expect(Numerics.f64ConvertI64U(0xFFFF_FFFF_FFFF_FFFF) == f64(0x1p64))
    }

    @Test func demoteAndPromote() {
        #expect(Numerics.f32DemoteF64(f64(0x1.fffffe0000000p+127)) == f32(0x1.fffffep+127))
        #expect(Numerics.f32DemoteF64(f64(0x1.fffffefffffffp+127)) == f32(0x1.fffffep+127))
        #expect(Numerics.f32DemoteF64(f64(0x1.ffffffp+127)) == f32(.infinity))
        #expect(Numerics.f32DemoteF64(f64(-0x1.ffffffp+127)) == f32(-.infinity))
        #expect(Numerics.f32DemoteF64(f64(0x1p-149)) == f32(0x1p-149))
        #expect(Numerics.f32DemoteF64(f64(0x1p-150)) == f32(0))                  // tie to even
        #expect(Numerics.f32DemoteF64(f64(0x1.0000000000001p-150)) == f32(0x1p-149))
        #expect(Numerics.f32DemoteF64(f64(-0x1p-1074)) == f32(-0.0))
        #expect(Numerics.f32DemoteF64(f64(0x1.00000100000p+0)) == f32(1))          // tie to even
        #expect(Numerics.f32DemoteF64(f64(0x1.00000300000p+0)) == f32(0x1.000004p+0))
        #expect(Numerics.f32DemoteF64(nan64) == nan32)
        #expect(Numerics.f32DemoteF64(negNan64) == negNan32)
        #expect(isArithmetic(Numerics.f32DemoteF64(sNan64)))
        #expect(isArithmetic(Numerics.f32DemoteF64(0x7FF0_0000_0000_0001)))     // payload lost entirely
        #expect(Numerics.f32DemoteF64(0xFFF4_0000_0000_0000) == 0xFFE0_0000)    // top payload bits kept
        #expect(Numerics.f64PromoteF32(f32(0x1p-149)) == f64(0x1p-149))
        #expect(Numerics.f64PromoteF32(f32(-0x1.fffffep+127)) == f64(-0x1.fffffep+127))
        #expect(Numerics.f64PromoteF32(f32(-0.0)) == f64(-0.0))
        #expect(Numerics.f64PromoteF32(nan32) == nan64)
        #expect(Numerics.f64PromoteF32(negNan32) == negNan64)
        #expect(Numerics.f64PromoteF32(sNan32) == 0x7FFC_0000_0000_0000)
        #expect(isArithmetic(Numerics.f64PromoteF32(0xFF80_0001)))
    }

    @Test func reinterpretationKeepsBits() {
        #expect(Numerics.i32ReinterpretF32(sNan32) == sNan32)
        #expect(Numerics.f32ReinterpretI32(0x8000_0000) == f32(-0.0))
        #expect(Numerics.i64ReinterpretF64(negSNan64) == negSNan64)
        #expect(Numerics.f64ReinterpretI64(0x7FF0_0000_0000_0001) == 0x7FF0_0000_0000_0001)
    }
}

// MARK: - Dispatch over NumericOp

@Suite("Numerics: evaluate")
struct NumericsEvaluateTests {
    @Test func slotConvention() throws {
        // i32 operands come from the low 32 bits; i32 results are zero-extended.
        #expect(try Numerics.evaluate(.i32Add, 0xDEAD_BEEF_FFFF_FFFF, 0x1234_5678_0000_0002) == 1)
        #expect(try Numerics.evaluate(.i64ExtendI32S, 0xFFFF_FFFF_7FFF_FFFF) == 0x7FFF_FFFF)
        #expect(try Numerics.evaluate(.i32Eqz, 0x1_0000_0000) == 1)
        #expect(try Numerics.evaluate(.i64Eqz, 0x1_0000_0000) == 0)
        #expect(try Numerics.evaluate(.f32Neg, UInt64(f32(1))) == UInt64(f32(-1)))
        #expect(try Numerics.evaluate(.f64PromoteF32, 0xFFFF_FFFF_0000_0000 | UInt64(f32(1.5))) == f64(1.5))
        #expect(try Numerics.evaluate(.i32TruncSatF64U, f64(-5)) == 0)
        #expect(trap { () throws(TrapKind) in try Numerics.evaluate(.i64RemU, 1, 0) } == .integerDivideByZero)
        #expect(trap { () throws(TrapKind) in try Numerics.evaluate(.i32TruncF32S, UInt64(sNan32)) } == .invalidConversionToInteger)
    }

    /// Every instruction on every pair of awkward inputs: nothing crashes, results of 32-bit type
    /// stay in 32 bits, and float results that are NaN are arithmetic (except for the bitwise
    /// sign operations and reinterpretations, which keep payloads as they are).
    @Test func everyInstructionIsTotal() {
        let integers: [UInt64] = [0, 1, 2, 31, 32, 63, 64, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
                                  0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF]
        let floats32: [UInt64] = [nan32, negNan32, sNan32, negSNan32, f32(.infinity), f32(-.infinity), f32(-0.0),
                                  f32(0x1p-149), f32(-0x1p31), f32(0x1p31), f32(0x1p63), f32(-0x1p64)].map { UInt64($0) }
        let floats64: [UInt64] = [nan64, negNan64, sNan64, negSNan64, f64(.infinity), f64(-.infinity), f64(-0.0),
                                  f64(0x1p-1074), f64(-2147483649.0), f64(0x1p32), f64(-0x1p63), f64(0x1p64)]
        let inputs = integers + floats32 + floats64
        let keepsPayload: Set<NumericOp> = [.f32Abs, .f32Neg, .f32Copysign, .f64Abs, .f64Neg, .f64Copysign,
                                            .f32ReinterpretI32, .f64ReinterpretI64]
        var evaluated = 0
        var failures: [String] = []
        for op in NumericOp.allCases {
            let info = op.info
            for a in inputs {
                for b in (info.secondOperand == nil ? [0] : inputs) {
                    guard let r = value({ () throws(TrapKind) in try Numerics.evaluate(op, a, b) }) else { continue }
                    evaluated += 1
                    let ok: Bool
                    switch info.result {
                    case .i32:
                        ok = r >> 32 == 0
                    case .f32:
                        let bits = UInt32(truncatingIfNeeded: r)
                        ok = r >> 32 == 0 && (!Float(bitPattern: bits).isNaN || keepsPayload.contains(op) || isArithmetic(bits))
                    case .f64:
                        ok = !Double(bitPattern: r).isNaN || keepsPayload.contains(op) || isArithmetic(r)
                    default:
                        ok = true
                    }
                    if !ok { failures.append("\(op)(0x\(String(a, radix: 16)), 0x\(String(b, radix: 16))) = 0x\(String(r, radix: 16))") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(20))")
        #expect(evaluated > 50_000)
    }
}
