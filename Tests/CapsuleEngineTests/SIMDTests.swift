import CapsuleBinary
import CapsuleCore
import Testing

@testable import CapsuleEngine

/// Builds a `v128` from its four 32-bit lanes, lane 0 first.
private func v128(_ l0: UInt32, _ l1: UInt32, _ l2: UInt32, _ l3: UInt32) -> Value {
    .v128(V128(lo: UInt64(l0) | UInt64(l1) << 32, hi: UInt64(l2) | UInt64(l3) << 32))
}

@Suite struct SIMDTests {
    @Test func subopWordsLoadAsTheirCase() {
        // `SIMDExecution` reads the word after the destination as a `SIMDOp`.
        for op in SIMDOp.allCases {
            var word = op.codeWord
            let loaded = withUnsafeBytes(of: &word) { $0.load(as: SIMDOp.self) }
            #expect(loaded == op)
        }
    }

    @Test func vectorisedSumOverMemory() throws {
        // Sums n i32s from memory four lanes at a time; the accumulator is updated in place
        // (result slot == operand slot after `local.set` retargeting).
        let instance = try Store().instantiate(module("""
            (module (memory (export "mem") 1)
              (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $acc v128)
                (block $done (loop $next
                  (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
                  (local.set $acc (i32x4.add (local.get $acc) (v128.load offset=0 align=1 (local.get $p))))
                  (local.set $p (i32.add (local.get $p) (i32.const 16)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 4)))
                  (br $next)))
                (i32.add
                  (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
                  (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc))))))
            """))
        let memory = try #require(instance.memory("mem"))
        var bytes: [UInt8] = []
        for i in 1...64 { withUnsafeBytes(of: UInt32(i).littleEndian) { bytes.append(contentsOf: $0) } }
        try memory.write(bytes, at: 3)
        #expect(try instance.function("sum")?.call([.i32(3), .i32(64)]) == [.i32(64 * 65 / 2)])
    }

    @Test func memoryAccessesCheckTheirWholeWidth() throws {
        let instance = try Store().instantiate(module("""
            (module (memory 1)
              (func (export "load") (param i32) (result v128) (v128.load offset=16 (local.get 0)))
              (func (export "lane") (param i32) (result v128)
                (v128.load32_lane 2 (local.get 0) (v128.const i32x4 1 2 3 4)))
              (func (export "store") (param i32)
                (v128.store16_lane 7 (local.get 0) (v128.const i16x8 0 0 0 0 0 0 0 0x1234))))
            """))
        #expect(try instance.function("load")?.call([.i32(65536 - 32)]) == [v128(0, 0, 0, 0)])
        let load = try #require(throws: Trap.self) { try instance.function("load")?.call([.i32(65536 - 31)]) }
        #expect(load.kind == .outOfBoundsMemoryAccess)
        let wrapped = try #require(throws: Trap.self) { try instance.function("load")?.call([.i32(UInt32.max)]) }
        #expect(wrapped.kind == .outOfBoundsMemoryAccess)
        // The lane store writes bytes 65534 and 65535, the top half of the loaded lane.
        #expect(try instance.function("store")?.call([.i32(65534)]) == [])
        #expect(try instance.function("lane")?.call([.i32(65532)]) == [v128(1, 2, 0x1234_0000, 4)])
        #expect(throws: Trap.self) { try instance.function("store")?.call([.i32(65535)]) }
    }

    @Test func floatLanesFollowTheScalarRules() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func (export "min") (param v128 v128) (result v128) (f32x4.min (local.get 0) (local.get 1)))
              (func (export "pmin") (param v128 v128) (result v128) (f32x4.pmin (local.get 0) (local.get 1)))
              (func (export "trunc") (param v128) (result v128) (i32x4.trunc_sat_f32x4_s (local.get 0))))
            """))
        let negativeZero: UInt32 = 0x8000_0000, signallingNaN: UInt32 = 0x7FA0_0000, one: UInt32 = 0x3F80_0000
        // min: -0 < +0, a NaN operand gives a quiet NaN; pmin returns the first operand's bits.
        #expect(try instance.function("min")?.call([v128(0, signallingNaN, one, 0), v128(negativeZero, one, signallingNaN, 0)])
            == [v128(negativeZero, 0x7FE0_0000, 0x7FE0_0000, 0)])
        #expect(try instance.function("pmin")?.call([v128(0, signallingNaN, one, 0), v128(negativeZero, one, signallingNaN, 0)])
            == [v128(0, signallingNaN, one, 0)])
        // NaN → 0, out of range saturates, truncation toward zero.
        #expect(try instance.function("trunc")?.call([v128(0x7FC0_0000, 0x5F00_0000, 0xBFC0_0000, 0xCF80_0000)])
            == [v128(0, 0x7FFF_FFFF, UInt32(bitPattern: -1), 0x8000_0000)])
    }

    @Test func integerLaneOperations() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func (export "shuffle") (result v128)
                (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7
                  (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                  (v128.const i8x16 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31)))
              (func (export "swizzle") (result v128)
                (i8x16.swizzle (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
                  (v128.const i8x16 3 2 1 0 16 255 15 15 0 0 0 0 0 0 0 0)))
              (func (export "sat") (result v128)
                (i8x16.add_sat_s (v128.const i8x16 127 -128 100 -100 0 0 0 0 0 0 0 0 0 0 0 0)
                  (v128.const i8x16 1 -1 100 -100 0 0 0 0 0 0 0 0 0 0 0 0)))
              (func (export "shift") (param i32) (result v128)
                (i16x8.shr_s (v128.const i16x8 -32768 16384 0 0 0 0 0 0) (local.get 0)))
              (func (export "bitmask") (result i32)
                (i8x16.bitmask (v128.const i8x16 -1 0 -1 0 0 0 0 0 0 0 0 0 0 0 0 -128)))
              (func (export "q15") (result v128)
                (i16x8.q15mulr_sat_s (v128.const i16x8 -32768 16384 0 0 0 0 0 0)
                  (v128.const i16x8 -32768 16384 0 0 0 0 0 0))))
            """))
        #expect(try instance.function("shuffle")?.call()
            == [.v128(V128(bytes: [31, 0, 30, 1, 29, 2, 28, 3, 27, 4, 26, 5, 25, 6, 24, 7]))])
        #expect(try instance.function("swizzle")?.call() == [.v128(V128(bytes: [3, 2, 1, 0, 0, 0, 15, 15, 0, 0, 0, 0, 0, 0, 0, 0]))])
        #expect(try instance.function("sat")?.call() == [.v128(V128(bytes: [127, 128, 127, 128] + [UInt8](repeating: 0, count: 12)))])
        // The count is taken modulo 16: 17 shifts by 1.
        #expect(try instance.function("shift")?.call([.i32(17)]) == [v128(0x2000_C000, 0, 0, 0)])
        #expect(try instance.function("bitmask")?.call() == [.i32(0x8005)])
        #expect(try instance.function("q15")?.call() == [v128(0x2000_7FFF, 0, 0, 0)])
    }
}

/// The bit-trick lane helpers against plain scalar definitions: exhaustively for 8-bit lanes,
/// over edge values and a pseudo-random sample for wider ones.
@Suite struct SIMDLaneHelperTests {
    /// Lane `i` of the vectors below is pair `base + i` of all 8-bit pairs.
    private static func pairs8(_ base: Int) -> (SIMD16<Int8>, SIMD16<Int8>) {
        var a = SIMD16<Int8>(), b = SIMD16<Int8>()
        for i in 0..<16 {
            a[i] = Int8(truncatingIfNeeded: (base + i) >> 8)
            b[i] = Int8(truncatingIfNeeded: base + i)
        }
        return (a, b)
    }

    private static func saturate<T: FixedWidthInteger>(_ value: Int, as _: T.Type) -> T {
        T(clamping: value)
    }

    @Test func saturatingArithmeticOnEveryBytePair() {
        for base in stride(from: 0, to: 65536, by: 16) {
            let (a, b) = Self.pairs8(base)
            let ua = SIMD16<UInt8>(truncatingIfNeeded: a), ub = SIMD16<UInt8>(truncatingIfNeeded: b)
            let addS = SIMDExecution.addSatS(a, b), subS = SIMDExecution.subSatS(a, b)
            let addU = SIMDExecution.addSatU(ua, ub), subU = SIMDExecution.subSatU(ua, ub)
            let average = SIMDExecution.averageRounded(ua, ub), absolute = SIMDExecution.abs(a)
            for i in 0..<16 {
                #expect(addS[i] == Self.saturate(Int(a[i]) + Int(b[i]), as: Int8.self))
                #expect(subS[i] == Self.saturate(Int(a[i]) - Int(b[i]), as: Int8.self))
                #expect(addU[i] == Self.saturate(Int(ua[i]) + Int(ub[i]), as: UInt8.self))
                #expect(subU[i] == Self.saturate(Int(ua[i]) - Int(ub[i]), as: UInt8.self))
                #expect(average[i] == UInt8((Int(ua[i]) + Int(ub[i]) + 1) / 2))
                #expect(absolute[i] == Int8(truncatingIfNeeded: Swift.abs(Int(a[i]))))
            }
        }
    }

    @Test func wideLanesNarrowingAndQ15() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let edges: [Int16] = [0, 1, -1, 127, 128, -128, -129, 255, 256, .max, .min, .max - 1, .min + 1]
        for round in 0..<2000 {
            var a = SIMD8<Int16>(), b = SIMD8<Int16>()
            for i in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let random = Int16(truncatingIfNeeded: state >> 40)
                a[i] = round < 169 ? edges[(round / 13 + i) % 13] : random
                b[i] = round < 169 ? edges[round % 13] : Int16(truncatingIfNeeded: state >> 20)
            }
            let addS = SIMDExecution.addSatS(a, b), subS = SIMDExecution.subSatS(a, b)
            let q15 = SIMDExecution.q15MulRoundSat(a, b)
            let narrowS = SIMDExecution.narrowS(a, b), narrowU = SIMDExecution.narrowU(a, b)
            for i in 0..<8 {
                #expect(addS[i] == Self.saturate(Int(a[i]) + Int(b[i]), as: Int16.self))
                #expect(subS[i] == Self.saturate(Int(a[i]) - Int(b[i]), as: Int16.self))
                #expect(q15[i] == Self.saturate((Int(a[i]) * Int(b[i]) + 0x4000) >> 15, as: Int16.self))
                #expect(narrowS[i] == UInt8(bitPattern: Self.saturate(Int(a[i]), as: Int8.self)))
                #expect(narrowS[i + 8] == UInt8(bitPattern: Self.saturate(Int(b[i]), as: Int8.self)))
                #expect(narrowU[i] == Self.saturate(Int(a[i]), as: UInt8.self))
                #expect(narrowU[i + 8] == Self.saturate(Int(b[i]), as: UInt8.self))
            }
            let wide = SIMD4<Int32>(Int32(a[0]) << 8, Int32(a[1]) * 3, Int32(b[2]) << 16, -Int32(b[3]) << 15)
            let narrowed = SIMDExecution.narrowS(wide, wide &* 2)
            for i in 0..<4 {
                #expect(narrowed[i] == UInt16(bitPattern: Self.saturate(Int(wide[i]), as: Int16.self)))
                #expect(narrowed[i + 4] == UInt16(bitPattern: Self.saturate(Int(wide[i] &* 2), as: Int16.self)))
            }
        }
    }

    @Test func floatMinMaxMatchTheScalarRules() {
        let specials: [UInt32] = [
            0, 0x8000_0000, 0x3F80_0000, 0xBF80_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000,
            0x7FA0_0001, 0xFF80_0001, 0x0000_0001, 0x8000_0001, 0x7F7F_FFFF, 0xFF7F_FFFF,
        ]
        for x in specials {
            for y in stride(from: 0, to: specials.count, by: 4) {
                let lanes = (0..<4).map { specials[(y + $0) % specials.count] }
                let a = unsafeBitCast(SIMD4<UInt32>(repeating: x), to: SIMD4<Float>.self)
                let b = unsafeBitCast(SIMD4<UInt32>(lanes[0], lanes[1], lanes[2], lanes[3]), to: SIMD4<Float>.self)
                let minimum = SIMDExecution.minMax(a, b, isMax: false), maximum = SIMDExecution.minMax(a, b, isMax: true)
                for i in 0..<4 {
                    #expect(minimum[i] == Numerics.f32Min(x, lanes[i]))
                    #expect(maximum[i] == Numerics.f32Max(x, lanes[i]))
                }
            }
        }
    }

    @Test func laneAddressingByShifts() {
        let value = SIMD2<UInt64>(0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908)
        for width in [8, 16, 32, 64] {
            for index in 0..<UInt32(128 / width + 2) {  // indices past the lane count wrap
                let lane = Int(index) % (128 / width)
                let bytes = (0..<width / 8).map { UInt64(lane * width / 8 + $0) << (8 * UInt64($0)) }
                #expect(SIMDExecution.lane(value, index, width: width) == bytes.reduce(0, |))
                let replaced = SIMDExecution.replacingLane(value, index, width: width, with: ~0)
                #expect(SIMDExecution.lane(replaced, index, width: width) == (width == 64 ? UInt64.max : (1 << UInt64(width)) - 1))
                for other in 0..<UInt32(128 / width) where Int(other) != lane {
                    #expect(SIMDExecution.lane(replaced, other, width: width) == SIMDExecution.lane(value, other, width: width))
                }
            }
        }
    }
}
