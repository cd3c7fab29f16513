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
