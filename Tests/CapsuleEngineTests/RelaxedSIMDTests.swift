import CapsuleBinary
import CapsuleCore
import Testing

@testable import CapsuleEngine

// Lane builders (lane 0 first), as `Value.v128`.
private func bytes(_ lanes: [UInt8]) -> Value {
    var lo: UInt64 = 0, hi: UInt64 = 0
    for (i, lane) in lanes.enumerated() {
        if i < 8 { lo |= UInt64(lane) << UInt64(8 * i) } else { hi |= UInt64(lane) << UInt64(8 * (i - 8)) }
    }
    return .v128(V128(lo: lo, hi: hi))
}
private func i8(_ lanes: [Int8]) -> Value { bytes(lanes.map { UInt8(bitPattern: $0) }) }
private func i16(_ lanes: [Int16]) -> Value {
    bytes(lanes.flatMap { lane -> [UInt8] in let u = UInt16(bitPattern: lane); return [UInt8(u & 0xFF), UInt8(u >> 8)] })
}
private func u32(_ l0: UInt32, _ l1: UInt32, _ l2: UInt32, _ l3: UInt32) -> Value {
    .v128(V128(lo: UInt64(l0) | UInt64(l1) << 32, hi: UInt64(l2) | UInt64(l3) << 32))
}
private func i32(_ l0: Int32, _ l1: Int32, _ l2: Int32, _ l3: Int32) -> Value {
    u32(UInt32(bitPattern: l0), UInt32(bitPattern: l1), UInt32(bitPattern: l2), UInt32(bitPattern: l3))
}
private func f32(_ lanes: Float...) -> Value { u32(lanes[0].bitPattern, lanes[1].bitPattern, lanes[2].bitPattern, lanes[3].bitPattern) }
private func u64(_ l0: UInt64, _ l1: UInt64) -> Value { .v128(V128(lo: l0, hi: l1)) }
private func f64(_ l0: Double, _ l1: Double) -> Value { u64(l0.bitPattern, l1.bitPattern) }

/// Each relaxed SIMD instruction gives one fixed result: the specification's deterministic profile
/// (Docs/RATIONALE.md, "Relaxed SIMD"). These inputs are the ones where the allowed results differ.
@Suite struct RelaxedSIMDTests {
    /// One export per relaxed instruction, named after it, taking its operands as parameters.
    let instance: Instance

    init() throws {
        let unary = ["i32x4.relaxed_trunc_f32x4_s", "i32x4.relaxed_trunc_f32x4_u", "i32x4.relaxed_trunc_f64x2_s_zero", "i32x4.relaxed_trunc_f64x2_u_zero"]
        let binary = ["i8x16.relaxed_swizzle", "f32x4.relaxed_min", "f32x4.relaxed_max", "f64x2.relaxed_min", "f64x2.relaxed_max",
                      "i16x8.relaxed_q15mulr_s", "i16x8.relaxed_dot_i8x16_i7x16_s"]
        let ternary = ["f32x4.relaxed_madd", "f32x4.relaxed_nmadd", "f64x2.relaxed_madd", "f64x2.relaxed_nmadd",
                       "i8x16.relaxed_laneselect", "i16x8.relaxed_laneselect", "i32x4.relaxed_laneselect", "i64x2.relaxed_laneselect",
                       "i32x4.relaxed_dot_i8x16_i7x16_add_s"]
        func function(_ name: String, _ arity: Int) -> String {
            let params = String(repeating: " v128", count: arity)
            let gets = (0..<arity).map { "(local.get \($0))" }.joined(separator: " ")
            return "(func (export \"\(name)\") (param\(params)) (result v128) (\(name) \(gets)))"
        }
        let text = "(module " + (unary.map { function($0, 1) } + binary.map { function($0, 2) } + ternary.map { function($0, 3) }).joined(separator: " ") + ")"
        instance = try Store().instantiate(module(text))
    }

    private func call(_ name: String, _ arguments: Value...) throws -> Value? {
        try instance.function(name)?.call(arguments).first
    }

    @Test func everyRelaxedOpcodeDecodesFromTheTable() {
        // 0xFD 0x100...0x113, each with a name starting with its shape and no immediate.
        let relaxed = SIMDOp.allCases.filter { $0.rawValue >= 0x100 }
        #expect(relaxed.count == 20)
        #expect(relaxed.map(\.rawValue) == Array(0x100...0x113))
        #expect(relaxed.allSatisfy { $0.info.name.contains(".relaxed_") && $0.immediate == .none && $0.info.results == [.v128] })
        #expect(SIMDOp.f32x4RelaxedMadd.info.operands.count == 3)
        #expect(SIMDOp.i8x16RelaxedSwizzle.info.operands.count == 2)
    }

    @Test func swizzleGivesZeroForEveryIndexFrom16() throws {
        // Indices 16, 17 and 31 could also give a[i mod 16]; Capsule gives 0, as i8x16.swizzle.
        let a = bytes(Array(100..<116))
        let s = bytes([0, 15, 16, 17, 31, 32, 0x7F, 0x80, 0xFF, 1, 2, 3, 4, 5, 6, 7])
        #expect(try call("i8x16.relaxed_swizzle", a, s) == bytes([100, 115, 0, 0, 0, 0, 0, 0, 0, 101, 102, 103, 104, 105, 106, 107]))
    }

    @Test func truncationsSaturateAndSendNaNToZero() throws {
        #expect(try call("i32x4.relaxed_trunc_f32x4_s", f32(.nan, 3e9, -3e9, -1.75)) == i32(0, .max, .min, -1))
        #expect(try call("i32x4.relaxed_trunc_f32x4_s", f32(.infinity, -.infinity, 2147483520, -2147483648)) == i32(.max, .min, 2147483520, .min))
        #expect(try call("i32x4.relaxed_trunc_f32x4_u", f32(.nan, -1, 5e9, 2.9)) == u32(0, 0, .max, 2))
        #expect(try call("i32x4.relaxed_trunc_f32x4_u", f32(-0.9, .infinity, -.infinity, 4294967040)) == u32(0, .max, 0, 4294967040))
        // The f64x2 forms also zero the upper two lanes.
        #expect(try call("i32x4.relaxed_trunc_f64x2_s_zero", f64(.nan, 3e9)) == i32(0, .max, 0, 0))
        #expect(try call("i32x4.relaxed_trunc_f64x2_s_zero", f64(-3e9, -7.9)) == i32(.min, -7, 0, 0))
        #expect(try call("i32x4.relaxed_trunc_f64x2_u_zero", f64(-5, 1e10)) == u32(0, .max, 0, 0))
        #expect(try call("i32x4.relaxed_trunc_f64x2_u_zero", f64(.nan, 4294967295.5)) == u32(0, .max, 0, 0))
    }

    @Test func maddRoundsTheProductOnItsOwn() throws {
        // Unfused: FLT_MAX * 2 overflows to infinity before FLT_MAX is subtracted (fused: FLT_MAX).
        let max = Float.greatestFiniteMagnitude
        #expect(try call("f32x4.relaxed_madd", f32(max, max, 1, 1), f32(2, 2, 1, 1), f32(-max, -max, 1, 1)) == f32(.infinity, .infinity, 2, 2))
        // x*y rounds to exactly -z, so the unfused sum is 0 (fused: 2^-37).
        let x: Float = 0x1.000004p+0, y: Float = 0x1.0002p+0, z: Float = -0x1.000204p+0
        #expect(try call("f32x4.relaxed_madd", f32(x, x, x, x), f32(y, y, y, y), f32(z, z, z, z)) == f32(0, 0, 0, 0))
        #expect(try call("f32x4.relaxed_nmadd", f32(-x, -x, -x, -x), f32(y, y, y, y), f32(z, z, z, z)) == f32(0, 0, 0, 0))
        #expect(try call("f32x4.relaxed_nmadd", f32(2, 3, 0, 1), f32(3, 4, 5, 1), f32(1, 1, 1, 1)) == f32(-5, -11, 1, 0))
        let dmax = Double.greatestFiniteMagnitude
        #expect(try call("f64x2.relaxed_madd", f64(dmax, 1.5), f64(2, 2), f64(-dmax, 0.5)) == f64(.infinity, 3.5))
        let dx: Double = 0x1.00000004p+0, dy: Double = 0x1.000002p+0, dz: Double = -0x1.00000204p+0
        #expect(try call("f64x2.relaxed_madd", f64(dx, dx), f64(dy, dy), f64(dz, dz)) == f64(0, 0))
        #expect(try call("f64x2.relaxed_nmadd", f64(dx, 2), f64(-dy, 3), f64(dz, 7)) == f64(0, 1))
        // A NaN operand gives a NaN.
        let nan = try call("f32x4.relaxed_madd", f32(.nan, 1, 1, 1), f32(1, 1, 1, 1), f32(1, 1, 1, 1))
        guard case .v128(let bits)? = nan else { Issue.record("no v128 result"); return }
        #expect(Float(bitPattern: UInt32(truncatingIfNeeded: bits.lo)).isNaN)
    }

    @Test func laneselectIsBitselectForEveryShape() throws {
        // A mask whose lanes mix set and clear bits selects bit by bit (not by each lane's top bit).
        let a = u64(0xAAAA_AAAA_AAAA_AAAA, 0xFFFF_FFFF_FFFF_FFFF)
        let b = u64(0x5555_5555_5555_5555, 0)
        let mask = u64(0x0F0F_0F0F_00FF_FF00, 0x8000_0000_0000_0001)
        let expected = u64(0x5A5A_5A5A_55AA_AA55, 0x8000_0000_0000_0001)
        for shape in ["i8x16", "i16x8", "i32x4", "i64x2"] {
            #expect(try call("\(shape).relaxed_laneselect", a, b, mask) == expected, "\(shape)")
        }
    }

    @Test func minAndMaxAreTheNonRelaxedOnes() throws {
        // NaN operands give a quiet NaN (the operand's, quiet bit set); -0 is below +0.
        let signallingNaN: UInt32 = 0x7FA0_0000, quieted: UInt32 = 0x7FE0_0000, one: UInt32 = 0x3F80_0000
        let negativeZero: UInt32 = 0x8000_0000
        #expect(try call("f32x4.relaxed_min", u32(signallingNaN, one, 0, negativeZero), u32(one, signallingNaN, negativeZero, 0))
            == u32(quieted, quieted, negativeZero, negativeZero))
        #expect(try call("f32x4.relaxed_max", u32(signallingNaN, one, 0, negativeZero), u32(one, signallingNaN, negativeZero, 0))
            == u32(quieted, quieted, 0, 0))
        let dNaN: UInt64 = 0x7FF4_0000_0000_0000, dQuiet: UInt64 = 0x7FFC_0000_0000_0000
        #expect(try call("f64x2.relaxed_min", u64(dNaN, 0), u64(1.0.bitPattern, (-0.0).bitPattern)) == u64(dQuiet, (-0.0).bitPattern))
        #expect(try call("f64x2.relaxed_max", u64(2.0.bitPattern, (-0.0).bitPattern), u64(dNaN, 0)) == u64(dQuiet, 0))
        #expect(try call("f64x2.relaxed_max", f64(-1, 3), f64(-2, 4)) == f64(-1, 4))
    }

    @Test func q15mulrSaturatesTheOnlyOverflow() throws {
        // -1 × -1 in Q15 is 32768: saturated to 32767 (the other choice wraps to -32768).
        #expect(try call("i16x8.relaxed_q15mulr_s", i16([.min, .min, .max, 16384, -16384, 1, 0, -1]), i16([.min, .max, .max, 16384, 16384, 1, 5, -1]))
            == i16([.max, -32767, 32766, 8192, -8192, 0, 0, 0]))
    }

    @Test func dotProductsTreatBothOperandsAsSigned() throws {
        // b's lanes above 127 could be read unsigned; Capsule reads them signed.
        #expect(try call("i16x8.relaxed_dot_i8x16_i7x16_s", i8([-128, -128, 127, 127, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]),
                         i8([-127, -127, 127, 127, -1, -2, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0]))
            == i16([32512, 32258, -5, 39, 0, 0, 0, 0]))
        // -128 × -128 twice is 32768: the pairwise sum saturates to 32767.
        #expect(try call("i16x8.relaxed_dot_i8x16_i7x16_s", i8([-128, -128, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                         i8([-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
            == i16([.max, 128, 0, 0, 0, 0, 0, 0]))
        // The add form sums four products (through the saturated 16-bit pairs) and adds c, wrapping.
        #expect(try call("i32x4.relaxed_dot_i8x16_i7x16_add_s",
                         i8([-128, -128, -128, -128, -128, -128, -128, -128, 1, 1, 1, 1, 0, 0, 0, 0]),
                         i8([-127, -127, -127, -127, -128, -128, -128, -128, 1, 1, 1, 1, 0, 0, 0, 0]),
                         i32(1, 2, .max, 4))
            == i32(65025, 65536, .min + 3, 4))
    }

    @Test func resultsAreTheSameOnEveryCall() throws {
        let x: Float = 0x1.000004p+0, y: Float = 0x1.0002p+0, z: Float = -0x1.000204p+0
        let first = try call("f32x4.relaxed_madd", f32(x, 1, 2, 3), f32(y, 4, 5, 6), f32(z, 7, 8, 9))
        for _ in 0..<3 { #expect(try call("f32x4.relaxed_madd", f32(x, 1, 2, 3), f32(y, 4, 5, 6), f32(z, 7, 8, 9)) == first) }
    }
}
