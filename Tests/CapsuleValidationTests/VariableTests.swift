import CapsuleBinary
import CapsuleValidation
import Testing

/// Locals (parameters and declared locals) and globals.
@Suite struct VariableTests {
    @Test func localsAreParametersThenDeclaredLocals() throws {
        try expectValid(function("(param i32 f32) (result i64) (local f64 i64)", "local.get 0 drop local.get 1 drop local.get 2 drop local.get 3"))
        try expectInvalid(function("(param i32) (result i32) (local f32)", "local.get 1"), "type mismatch")
        try expectInvalid(function("(local i64)", "i32.const 0 local.set 0"), "type mismatch")
        try expectValid(function("(result f32) (local f32)", "f32.const 1 local.tee 0"))
        try expectInvalid(function("(result i32) (local f32)", "f32.const 1 local.tee 0"), "type mismatch")
    }

    @Test func globalsMustExist() throws {
        try expectValid("(module (global $g (mut i32) (i32.const 0)) (func (result i32) global.get $g))")
        try expectValid("(module (import \"m\" \"g\" (global i64)) (func (result i64) global.get 0))")
    }

    @Test func immutableGlobalsCannotBeSet() throws {
        try expectInvalid("(module (global f32 (f32.const 0)) (func (global.set 0 (f32.const 1))))", "global is immutable")
        try expectInvalid("(module (import \"spectest\" \"global_i32\" (global i32)) (func (global.set 0 (i32.const 1))))", "global is immutable")
        try expectValid("(module (global (mut f32) (f32.const 0)) (func (global.set 0 (f32.const 1))))")
        try expectInvalid("(module (global (mut f32) (f32.const 0)) (func (global.set 0 (i32.const 1))))", "type mismatch")
    }
}
