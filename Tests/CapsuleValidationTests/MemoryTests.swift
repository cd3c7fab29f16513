import CapsuleBinary
import CapsuleValidation
import Testing

/// Loads, stores, alignment and the memory and bulk-memory instructions.
@Suite struct MemoryTests {
    @Test func accessesNeedAMemory() throws {
        try expectInvalid(function("(result i32)", "i32.const 0 i32.load"), "unknown memory")
        try expectInvalid(function("", "i32.const 0 i64.const 0 i64.store"), "unknown memory")
        try expectInvalid(function("(result i32)", "memory.size"), "unknown memory")
        try expectInvalid(function("(result i32)", "i32.const 1 memory.grow"), "unknown memory")
        try expectInvalid(function("", "i32.const 0 i32.const 0 i32.const 0 memory.fill"), "unknown memory")
        try expectInvalid(function("", "i32.const 0 i32.const 0 i32.const 0 memory.copy"), "unknown memory")
        try expectValid("(module (import \"m\" \"mem\" (memory 1)) (func (result i32) memory.size))")
    }

    @Test func loadsAndStoresAreTyped() throws {
        try expectValid("(module (memory 1) (func (result i64) i32.const 0 i64.load32_u))")
        try expectValid("(module (memory 1) (func i32.const 0 f64.const 1 f64.store))")
        try expectInvalid("(module (memory 1) (func (result i32) i32.const 0 i64.load))", "type mismatch")
        try expectInvalid("(module (memory 1) (func i32.const 0 f32.const 1 f64.store))", "type mismatch")
        try expectInvalid("(module (memory 1) (func (result i32) i64.const 0 i32.load))", "type mismatch")
    }

    @Test func alignmentMustNotExceedNatural() throws {
        try expectValid("(module (memory 1) (func (result i64) i32.const 0 i64.load align=8))")
        try expectValid("(module (memory 1) (func (result i32) i32.const 0 i32.load16_s align=1))")
        try expectInvalid("(module (memory 1) (func (result i64) i32.const 0 i64.load align=16))", "alignment must not be larger than natural")
        try expectInvalid("(module (memory 1) (func (result i32) i32.const 0 i32.load8_u align=2))", "alignment must not be larger than natural")
        try expectInvalid("(module (memory 1) (func i32.const 0 i64.const 0 i64.store32 align=8))", "alignment must not be larger than natural")
    }

    @Test func bulkMemoryAndDataSegments() throws {
        try expectValid("(module (memory 1) (data \"a\") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0 data.drop 0))")
        try expectInvalid("(module (data \"a\") (func i32.const 0 i32.const 0 i32.const 1 memory.init 0))", "unknown memory")
        try expectInvalid("(module (memory 1) (data \"a\") (func i32.const 0 i64.const 0 i32.const 1 memory.init 0))", "type mismatch")
        try expectInvalid("(module (memory 1) (func i32.const 0 i32.const 0 f32.const 1 memory.fill))", "type mismatch")
    }
}
