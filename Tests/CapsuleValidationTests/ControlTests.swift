import CapsuleBinary
import CapsuleValidation
import Testing

/// Labels, branches, calls and returns.
@Suite struct ControlTests {
    @Test func labelsMustExist() throws {
        try expectValid(function("", "br 0"))
        try expectInvalid(function("", "br 1"), "unknown label")
        try expectInvalid(function("", "(block (br 2))"), "unknown label")
        try expectInvalid(function("", "i32.const 0 br_if 1"), "unknown label")
        try expectInvalid(function("", "(block (br_table 0 3 (i32.const 0)))"), "unknown label")
        try expectInvalid(function("", "(block (br_table 0 0 (i32.const 0)) ) (block (br_table 5 (i32.const 0)))"), "unknown label")
    }

    @Test func branchesCarryTheLabelTypes() throws {
        try expectValid(function("(result i32)", "(block (result i32) i32.const 1 br 0)"))
        try expectInvalid(function("(result i32)", "(block (result i32) f32.const 1 br 0)"), "type mismatch")
        try expectInvalid(function("(result i32)", "(block (result i32) br 0)"), "type mismatch")
        try expectValid(function("(result i32)", "(block (result i32) i32.const 1 i32.const 0 br_if 0)"))
        try expectInvalid(function("(result i32)", "(block (result i32) i32.const 1 br_if 0)"), "type mismatch")
    }

    @Test func brTableTargetsMustAgree() throws {
        try expectValid(function("(result i32)", "(block (result i32) (block (result i32) i32.const 1 i32.const 0 br_table 0 1))"))
        try expectInvalid(
            function("(result i32)", "(block (result i32) (block i32.const 1 i32.const 0 br_table 0 1) i32.const 2)"), "type mismatch")
        try expectInvalid(
            function("(result i32)", "(block (result i32) (drop (block (result f32) i32.const 1 i32.const 0 br_table 0 1)) i32.const 2)"),
            "type mismatch")
        // Arity must agree even on the polymorphic stack.
        try expectInvalid(function("", "(block (result i32) (block unreachable br_table 0 1)) drop"), "type mismatch")
        try expectValid(function("", "(block (result i32) (block (result f32) unreachable br_table 0 1) drop i32.const 0) drop"))
    }

    @Test func returnChecksTheFunctionResults() throws {
        try expectValid(function("(result i32)", "(block i32.const 1 return) unreachable"))
        try expectInvalid(function("(result i32)", "(block f32.const 1 return)"), "type mismatch")
        try expectInvalid(function("(result i32)", "(block return)"), "type mismatch")
    }

    @Test func callsCheckParametersAndResults() throws {
        try expectValid("(module (func $f (param i32 f64) (result i64) i64.const 0) (func (result i64) i32.const 1 f64.const 2 call $f))")
        try expectInvalid("(module (func $f (param i32 f64)) (func f64.const 2 i32.const 1 call $f))", "type mismatch")
        try expectInvalid("(module (func $f (result i64) i64.const 0) (func (result i32) call $f))", "type mismatch")
        try expectValid("(module (import \"m\" \"f\" (func $i (param i32))) (func i32.const 0 call $i))")
    }

    @Test func callIndirectNeedsAFuncrefTable() throws {
        try expectValid("(module (type $t (func (param i32) (result i32))) (table 1 funcref) (func (result i32) i32.const 1 i32.const 0 call_indirect (type $t)))")
        try expectInvalid("(module (type $t (func)) (func i32.const 0 call_indirect (type $t)))", "unknown table")
        try expectInvalid("(module (type $t (func)) (table 1 externref) (func i32.const 0 call_indirect (type $t)))", "type mismatch")
        try expectInvalid("(module (type $t (func)) (table 1 funcref) (func i64.const 0 call_indirect (type $t)))", "type mismatch")
    }

    @Test func blockTypeIndexMustExist() throws {
        // A multi-value block type refers to the type section.
        try expectValid("(module (type $p (func (param i32) (result i32 i32))) (func (result i32 i32) i32.const 1 (block (type $p) (param i32) (result i32 i32) i32.const 2)))")
    }
}
