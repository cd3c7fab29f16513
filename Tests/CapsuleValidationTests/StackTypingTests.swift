import CapsuleBinary
import CapsuleValidation
import Testing

/// Operand-stack typing: numeric operators, block results, multi-value blocks, the polymorphic stack.
@Suite struct StackTypingTests {
    @Test func numericOperatorsTypeCheck() throws {
        try expectValid(function("(result i32)", "i32.const 1 i32.const 2 i32.add"))
        try expectValid(function("(result f64)", "i64.const 1 f64.convert_i64_s f64.const 2 f64.mul"))
        try expectValid(function("(result i32)", "f32.const 1 i32.trunc_sat_f32_u"))
        try expectInvalid(function("(result i32)", "i32.const 1 f32.const 2 i32.add"), "type mismatch")
        try expectInvalid(function("(result i64)", "i32.const 1 i64.extend_i32_s i32.eqz"), "type mismatch")
    }

    @Test func emptyStackIsATypeMismatch() throws {
        try expectInvalid(function("", "i32.eqz drop"), "type mismatch")
        try expectInvalid(function("", "drop"), "type mismatch")
        try expectInvalid(function("(result i32)", "i32.const 1 i32.add"), "type mismatch")
    }

    @Test func functionResultsMustMatchExactly() throws {
        try expectInvalid(function("", "i32.const 1"), "type mismatch")
        try expectInvalid(function("(result i32)", ""), "type mismatch")
        try expectInvalid(function("(result i32)", "i64.const 1"), "type mismatch")
        try expectInvalid(function("(result i32)", "i32.const 1 i32.const 2"), "type mismatch")
        try expectValid(function("(result i32 i64)", "i32.const 1 i64.const 2"))
    }

    @Test func blockResultsAndParameters() throws {
        try expectValid(function("(result i32)", "(block (result i32) i32.const 1)"))
        try expectValid(function("(result i32)", "i32.const 1 i32.const 2 (block (param i32 i32) (result i32) i32.add)"))
        try expectInvalid(function("(result i32)", "i32.const 1 f32.const 2 (block (param i32 i32) (result i32) i32.add)"), "type mismatch")
        // A block cannot see the values below its parameters.
        try expectInvalid(function("(result i32)", "i32.const 1 (block (result i32) i32.eqz)"), "type mismatch")
        try expectInvalid(function("", "(block (result i32) i32.const 1 i32.const 2) drop"), "type mismatch")
        try expectInvalid(function("", "(block (result i32))"), "type mismatch")
    }

    @Test func loopLabelTakesTheParameters() throws {
        try expectValid(function("(param i32)", "i32.const 0 (loop (param i32) local.get 0 br_if 0 drop)"))
        try expectInvalid(function("", "i32.const 0 (loop (param i32) f32.const 1 br 0)"), "type mismatch")
    }

    @Test func ifElseWithParameters() throws {
        try expectValid(function("(param i32) (result i32)", """
            i32.const 5 local.get 0
            (if (param i32) (result i32) (then i32.const 1 i32.add) (else i32.const 2 i32.sub))
            """))
        try expectInvalid(function("(param i32) (result i32)", """
            i32.const 5 local.get 0
            (if (param i32) (result i32) (then i32.const 1 i32.add) (else f32.const 2))
            """), "type mismatch")
        try expectInvalid(function("(result i32)", "f32.const 0 (if (result i32) (then i32.const 1) (else i32.const 2))"), "type mismatch")
    }

    @Test func ifWithoutElseMustPassItsParametersThrough() throws {
        try expectInvalid(function("(result i32)", "i32.const 0 (if (result i32) (then i32.const 1))"), "type mismatch")
        try expectValid(function("(result i32)", "i32.const 1 i32.const 0 (if (param i32) (result i32) (then i32.const 2 i32.add))"))
        try expectInvalid(function("(result i64)", "i32.const 1 i32.const 0 (if (param i32) (result i64) (then i64.extend_i32_u))"), "type mismatch")
    }

    @Test func polymorphicStackAfterUnconditionalBranches() throws {
        try expectValid(function("(result i32)", "unreachable i32.add"))
        try expectValid(function("(result i32)", "unreachable"))
        try expectValid(function("(result i32 f64)", "unreachable return"))
        try expectValid(function("(result i32)", "(block (result i32) i32.const 1 br 0 i32.add)"))
        try expectValid(function("(result i32)", "(block (result i32) i32.const 7 i32.const 0 br_table 0 1 i32.add)"))
        try expectValid(function("", "unreachable select drop"))
        try expectInvalid(function("(result i32)", "unreachable f32.const 0 i32.add"), "type mismatch")
        try expectInvalid(function("(result i32)", "return f64.const 0"), "type mismatch")
        try expectInvalid(function("(result i32)", "unreachable i32.const 1 i32.const 2"), "type mismatch")
        // The polymorphic stack is local to its frame.
        try expectInvalid(function("", "unreachable (block i32.add drop)"), "type mismatch")
    }

    @Test func untypedSelectTakesNumericOrVectorOperands() throws {
        try expectValid(function("(result i32)", "i32.const 1 i32.const 2 i32.const 0 select"))
        try expectValid(function("(result v128)", "v128.const i64x2 1 2 v128.const i64x2 3 4 i32.const 0 select"))
        try expectValid(function("(result f32)", "unreachable f32.const 1 i32.const 0 select"))
        try expectInvalid(function("(result i32)", "i32.const 1 i64.const 2 i32.const 0 select"), "type mismatch")
        try expectInvalid(function("", "ref.null func ref.null func i32.const 0 select drop"), "type mismatch")
        try expectInvalid(function("", "unreachable ref.null extern i32.const 0 select drop"), "type mismatch")
        try expectInvalid(function("(result i32)", "i32.const 1 i32.const 2 i64.const 0 select"), "type mismatch")
    }

    @Test func typedSelectTakesExactlyOneType() throws {
        try expectValid(function("(result funcref)", "ref.null func ref.null func i32.const 1 select (result funcref)"))
        try expectValid(function("(result i64)", "i64.const 1 i64.const 2 i32.const 1 select (result i64)"))
        try expectInvalid(function("(result i64)", "i64.const 1 i32.const 2 i32.const 1 select (result i64)"), "type mismatch")
        // `select` with zero or two types is in IndexTests (the text format cannot encode it).
    }
}
