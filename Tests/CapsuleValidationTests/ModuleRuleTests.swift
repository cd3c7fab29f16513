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
        // In 2.0, global.get may only read imported, immutable globals.
        try expectInvalid("(module (global i32 (global.get 0)))", "unknown global")
        try expectInvalid("(module (global i32 (i32.const 0)) (global i32 (global.get 0)))", "unknown global")
        try expectInvalid("(module (import \"m\" \"g\" (global (mut i32))) (global i32 (global.get 0)))", "constant expression required")
        try expectInvalid("(module (import \"m\" \"g\" (global i64)) (global i32 (global.get 0)))", "type mismatch")
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
