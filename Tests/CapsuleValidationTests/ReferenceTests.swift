import CapsuleBinary
import CapsuleValidation
import Testing

/// `ref.null`, `ref.is_null` and `ref.func` with the declared-function rule.
@Suite struct ReferenceTests {
    @Test func refFuncNeedsADeclaredFunction() throws {
        try expectInvalid("(module (func $f (drop (ref.func $f))))", "undeclared function reference")
        try expectInvalid("(module (start $f) (func $f (drop (ref.func $f))))", "undeclared function reference")
        try expectValid("(module (func $f (drop (ref.func $f))) (elem declare func $f))")
        try expectValid("(module (func $f (drop (ref.func $f))) (export \"f\" (func $f)))")
        try expectValid("(module (func $f (drop (ref.func $f))) (global funcref (ref.func $f)))")
        try expectValid("(module (table 1 funcref) (func $f (drop (ref.func $f))) (elem (i32.const 0) $f))")
        try expectValid("(module (func $f (drop (ref.func $f))) (elem funcref (ref.func $f)))")
    }

    @Test func declaredReferencesAreReported() throws {
        let validated = try Fixture.module("(module (func $f) (func $g) (export \"g\" (func $g)))").validate()
        #expect(!validated.isDeclaredFunctionReference(0))
        #expect(validated.isDeclaredFunctionReference(1))
        #expect(!validated.isDeclaredFunctionReference(2))
    }

    @Test func refIsNullTakesAnyReference() throws {
        try expectValid(function("(result i32)", "ref.null extern ref.is_null"))
        try expectValid(function("(result i32)", "ref.null func ref.is_null"))
        try expectValid(function("(result i32)", "unreachable ref.is_null"))
        try expectInvalid(function("(result i32)", "i32.const 0 ref.is_null"), "type mismatch")
        try expectInvalid(function("(result i32)", "ref.is_null"), "type mismatch")
    }

    @Test func refNullHasItsType() throws {
        try expectValid(function("(result externref)", "ref.null extern"))
        try expectInvalid(function("(result externref)", "ref.null func"), "type mismatch")
        try expectInvalid(function("(result funcref)", "ref.null extern"), "type mismatch")
    }
}
