import CapsuleBinary
import CapsuleValidation
import Testing

/// Table instructions, element segments and their types.
@Suite struct TableTests {
    @Test func tableInstructionsUseTheElementType() throws {
        try expectValid("(module (table 1 externref) (func (param externref) i32.const 0 local.get 0 table.set 0))")
        try expectInvalid("(module (table 1 externref) (func i32.const 0 ref.null func table.set 0))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (func (result externref) i32.const 0 table.get 0))", "type mismatch")
        try expectValid("(module (table 1 funcref) (func (result i32) ref.null func i32.const 1 table.grow 0))")
        try expectInvalid("(module (table 1 funcref) (func (result i32) i32.const 1 ref.null func table.grow 0))", "type mismatch")
        try expectValid("(module (table 1 externref) (func i32.const 0 ref.null extern i32.const 1 table.fill 0))")
    }

    @Test func tableCopyAndInitNeedMatchingTypes() throws {
        try expectValid("(module (table $a 1 funcref) (table $b 1 funcref) (func i32.const 0 i32.const 0 i32.const 0 table.copy $a $b))")
        try expectInvalid("(module (table $a 1 funcref) (table $b 1 externref) (func i32.const 0 i32.const 0 i32.const 0 table.copy $a $b))", "type mismatch")
        try expectValid("(module (table 1 funcref) (elem funcref (ref.null func)) (func i32.const 0 i32.const 0 i32.const 0 table.init 0 0))")
        try expectInvalid("(module (table 1 externref) (elem funcref (ref.null func)) (func i32.const 0 i32.const 0 i32.const 0 table.init 0 0))", "type mismatch")
        try expectValid("(module (elem funcref (ref.null func)) (func elem.drop 0))")
    }

    @Test func elementSegments() throws {
        try expectValid("(module (table 2 funcref) (func $f) (elem (i32.const 1) $f))")
        try expectInvalid("(module (func $f) (elem (i32.const 0) $f))", "unknown table")
        try expectInvalid("(module (table 1 externref) (func $f) (elem (table 0) (i32.const 0) func $f))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (func $f) (elem (i64.const 0) $f))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (elem funcref (ref.null extern)))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (elem funcref (i32.const 0)))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (func $f) (elem (offset (i32.const 0) (i32.const 0)) $f))", "type mismatch")
        try expectInvalid("(module (table 1 funcref) (func $f) (elem (offset (i32.const 0) (i32.ctz)) $f))", "constant expression required")
    }
}
