import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import Testing

/// Module-level rules: limits, memories, constant expressions, globals, segments, start, exports.
@Suite struct ModuleRuleTests {
    @Test func memoryLimits() throws {
        try expectValid("(module (memory 0 65536))")
        try expectInvalid("(module (memory 1 0))", "size minimum must not be greater than maximum")
        try expectInvalid("(module (memory 65537))", "memory size must be at most 65536 pages (4GiB)")
        try expectInvalid("(module (memory 0 65537))", "memory size must be at most 65536 pages (4GiB)")
        try expectInvalid("(module (import \"m\" \"mem\" (memory 2 1)))", "size minimum must not be greater than maximum")
    }

    @Test func tableLimits() throws {
        try expectValid("(module (table 0 0xffff_ffff funcref))")
        try expectInvalid("(module (table 1 0 funcref))", "size minimum must not be greater than maximum")
        try expectInvalid("(module (import \"m\" \"t\" (table 2 1 funcref)))", "size minimum must not be greater than maximum")
    }

    /// WebAssembly 3.0 (multi-memory): any number of memories, imported and defined.
    @Test func severalMemories() throws {
        try expectValid("(module (memory 0) (memory 0))")
        try expectValid("(module (import \"\" \"\" (memory 1)) (memory 0))")
    }

    @Test func globalInitialisersAreConstant() throws {
        try expectValid("(module (import \"m\" \"g\" (global i32)) (global i32 (global.get 0)))")
        try expectValid("(module (global funcref (ref.null func)) (global v128 (v128.const i64x2 0 0)))")
        try expectInvalid("(module (global i32 (i32.ctz (i32.const 0))))", "constant expression required")
        try expectInvalid("(module (global i32 (nop)))", "constant expression required")
        try expectInvalid("(module (global i32 (f32.const 0)))", "type mismatch")
        try expectInvalid("(module (global i32 (i32.const 0) (i32.const 0)))", "type mismatch")
        try expectInvalid("(module (global i32))", "type mismatch")
        // global.get reads immutable globals that are imported or (3.0) defined before: never itself or a later one.
        try expectInvalid("(module (global i32 (global.get 0)))", "unknown global")
        try expectInvalid("(module (global i32 (global.get 1)) (global i32 (i32.const 0)))", "unknown global")
        try expectInvalid("(module (import \"m\" \"g\" (global (mut i32))) (global i32 (global.get 0)))", "constant expression required")
        try expectInvalid("(module (import \"m\" \"g\" (global i64)) (global i32 (global.get 0)))", "type mismatch")
    }

    @Test func extendedConstantExpressionsAddSubtractAndMultiplyIntegers() throws {
        try expectValid("(module (global i32 (i32.add (i32.const 1) (i32.const 2))))")
        try expectValid("(module (global i32 (i32.sub (i32.mul (i32.const 3) (i32.const 4)) (i32.const 5))))")
        try expectValid("(module (global i64 (i64.mul (i64.add (i64.const 1) (i64.const 2)) (i64.sub (i64.const 0) (i64.const 1)))))")
        try expectValid("(module (import \"m\" \"g\" (global i32)) (global i32 (i32.add (global.get 0) (i32.const 8))))")
        // Only add, sub and mul of i32 and i64 are constant.
        try expectInvalid("(module (global i32 (i32.div_s (i32.const 1) (i32.const 1))))", "constant expression required")
        try expectInvalid("(module (global i32 (i32.and (i32.const 1) (i32.const 1))))", "constant expression required")
        try expectInvalid("(module (global f32 (f32.add (f32.const 1) (f32.const 1))))", "constant expression required")
        try expectInvalid("(module (global i64 (i64.shl (i64.const 1) (i64.const 1))))", "constant expression required")
        // The operands are typed like a body's.
        try expectInvalid("(module (global i32 (i32.add (i32.const 1) (i64.const 2))))", "type mismatch")
        try expectInvalid("(module (global i64 (i32.add (i32.const 1) (i32.const 2))))", "type mismatch")
        try expectInvalid("(module (global i32 (i32.const 1) (i32.add)))", "type mismatch")
        try expectInvalid("(module (global i32 (i32.const 1) (i32.const 2) (i32.const 3) (i32.add)))", "type mismatch")
        // Segment offsets take them too.
        try expectValid("(module (memory 1) (data (i32.add (i32.const 1) (i32.const 2)) \"a\"))")
        try expectValid("(module (table 4 funcref) (func $f) (elem (i32.mul (i32.const 1) (i32.const 2)) $f))")
        try expectInvalid("(module (memory 1) (data (i64.add (i64.const 1) (i64.const 2)) \"a\"))", "type mismatch")
    }

    @Test func constantExpressionsReadEarlierDefinedImmutableGlobals() throws {
        try expectValid("(module (global i32 (i32.const 0)) (global i32 (global.get 0)))")
        try expectValid("(module (global $a i64 (i64.const 2)) (global $b i64 (i64.mul (global.get $a) (global.get $a))))")
        try expectValid("(module (global v128 (v128.const i64x2 1 2)) (global v128 (global.get 0)))")
        // Mutable ones are not constant; a global cannot read itself or a later one.
        try expectInvalid("(module (global (mut i32) (i32.const 0)) (global i32 (global.get 0)))", "constant expression required")
        // (The text parser refuses a global that names itself, so this one is built directly.)
        var selfReference = Module()
        let i32 = GlobalType(valueType: .i32, isMutable: false)
        selfReference.globals = [
            Global(type: i32, initializer: ConstExpr(instructions: [.i32Const(0)], offset: 1)),
            Global(type: i32, initializer: ConstExpr(instructions: [.globalGet(1)], offset: 2)),
        ]
        #expect(Fixture.validationError(selfReference)?.message.hasPrefix("unknown global") == true)
        try expectInvalid("(module (global i32 (i32.const 0)) (global i64 (global.get 0)))", "type mismatch")
        // Segment offsets see every global, defined ones included.
        try expectValid("(module (memory 1) (data (global.get 0) \"a\") (global i32 (i32.const 0)))")
        try expectValid("(module (table 1 funcref) (func $f) (elem (global.get 0) $f) (global i32 (i32.const 0)))")
        try expectInvalid("(module (memory 1) (data (global.get 0) \"a\") (global (mut i32) (i32.const 0)))", "constant expression required")
        var beyondTheLast = Module()
        beyondTheLast.memories = [MemoryType(limits: Limits(min: 1))]
        beyondTheLast.globals = [Global(type: i32, initializer: ConstExpr(instructions: [.i32Const(0)], offset: 1))]
        beyondTheLast.datas = [DataSegment(mode: .active(memory: 0, offset: ConstExpr(instructions: [.globalGet(1)], offset: 2)), range: 0..<0, offset: 2)]
        #expect(Fixture.validationError(beyondTheLast)?.message.hasPrefix("unknown global") == true)
    }

    @Test func dataSegments() throws {
        try expectValid("(module (memory 1) (data (i32.const 0) \"a\"))")
        try expectInvalid("(module (data (i32.const 0) \"a\"))", "unknown memory")
        try expectInvalid("(module (memory 1) (data (i64.const 0) \"a\"))", "type mismatch")
        try expectInvalid("(module (memory 1) (data (offset (i32.const 0) (i32.const 0))))", "type mismatch")
        try expectValid("(module (import \"m\" \"g\" (global i32)) (memory 1) (data (global.get 0) \"a\"))")
    }

    @Test func startFunction() throws {
        try expectValid("(module (func $main) (start $main))")
        try expectInvalid("(module (func $main (result i32) (i32.const 0)) (start $main))", "start function")
        try expectInvalid("(module (func $main (param i32)) (start $main))", "start function")
        try expectInvalid("(module (start 1) (func))", "unknown function")
    }

    @Test func exports() throws {
        try expectValid("(module (func) (memory 0) (table 0 funcref) (global i32 (i32.const 0)) (export \"a\" (func 0)) (export \"b\" (memory 0)) (export \"c\" (table 0)) (export \"d\" (global 0)))")
        try expectInvalid("(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))", "duplicate export name")
        try expectInvalid("(module (func) (global i32 (i32.const 0)) (export \"a\" (func 0)) (export \"a\" (global 0)))", "duplicate export name")
        try expectInvalid("(module (export \"a\" (func 0)))", "unknown function")
        try expectInvalid("(module (export \"a\" (memory 0)))", "unknown memory")
        try expectInvalid("(module (export \"a\" (table 0)))", "unknown table")
        try expectInvalid("(module (export \"a\" (global 0)))", "unknown global")
    }
}
