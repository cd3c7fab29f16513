import CapsuleBinary
import CapsuleValidation
import Testing

/// Vector instructions: types from the SIMD table, lane indices, shuffles and alignment.
@Suite struct SIMDTests {
    @Test func vectorInstructionsTypeCheck() throws {
        try expectValid(function("(result v128)", "v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4 i32x4.add"))
        try expectValid(function("(result i32)", "v128.const i32x4 1 2 3 4 i32x4.all_true"))
        try expectValid(function("(result v128)", "v128.const i32x4 1 2 3 4 i32.const 1 i32x4.shl"))
        try expectValid(function("(result v128)", "v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4 v128.bitselect"))
        try expectValid(function("(result v128)", "f64.const 1 f64x2.splat"))
        try expectInvalid(function("(result v128)", "i32.const 1 f64x2.splat"), "type mismatch")
        try expectInvalid(function("(result v128)", "v128.const i32x4 1 2 3 4 i32.const 1 i32x4.add"), "type mismatch")
        try expectInvalid(function("(result v128)", "v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4 i32x4.shl"), "type mismatch")
    }

    @Test func laneIndicesMustBeInRange() throws {
        try expectValid(function("(result i32)", "v128.const i32x4 1 2 3 4 i8x16.extract_lane_u 15"))
        try expectInvalid(function("(result i32)", "v128.const i32x4 1 2 3 4 i8x16.extract_lane_u 16"), "invalid lane index")
        try expectInvalid(function("(result i64)", "v128.const i32x4 1 2 3 4 i64x2.extract_lane 2"), "invalid lane index")
        try expectInvalid(function("(result v128)", "v128.const i32x4 1 2 3 4 f32.const 0 f32x4.replace_lane 4"), "invalid lane index")
        try expectValid(function("(result v128)", "v128.const i32x4 1 2 3 4 f32.const 0 f32x4.replace_lane 3"))
    }

    @Test func shuffleLanesMustBeBelow32() throws {
        let vectors = "v128.const i32x4 1 2 3 4 v128.const i32x4 1 2 3 4"
        try expectValid(function("(result v128)", "\(vectors) i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31"))
        try expectInvalid(function("(result v128)", "\(vectors) i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32"), "invalid lane index")
        try expectInvalid(function("(result v128)", "\(vectors) i8x16.shuffle 255 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"), "invalid lane index")
    }

    @Test func vectorMemoryAccesses() throws {
        try expectValid("(module (memory 1) (func (result v128) i32.const 0 v128.load align=16))")
        try expectInvalid("(module (memory 1) (func (result v128) i32.const 0 v128.load align=32))", "alignment must not be larger than natural")
        try expectInvalid("(module (memory 1) (func (result v128) i32.const 0 v128.load32_splat align=8))", "alignment must not be larger than natural")
        try expectInvalid("(module (func (result v128) i32.const 0 v128.load))", "unknown memory")
        try expectValid("(module (memory 1) (func (result v128) i32.const 0 v128.const i32x4 0 0 0 0 v128.load16_lane 7))")
        try expectInvalid("(module (memory 1) (func (result v128) i32.const 0 v128.const i32x4 0 0 0 0 v128.load16_lane 8))", "invalid lane index")
        try expectInvalid("(module (memory 1) (func i32.const 0 v128.const i32x4 0 0 0 0 v128.store64_lane align=16 0))", "alignment must not be larger than natural")
        try expectInvalid("(module (memory 1) (func i32.const 0 v128.const i32x4 0 0 0 0 v128.store64_lane 2))", "invalid lane index")
    }
}
