import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import Testing

/// Validation of tail calls, tags, `throw`, `throw_ref`, `try_table`, and (as raw binaries, which the
/// text parser cannot write yet) legacy `try`/`catch`/`delegate`/`rethrow`.
@Suite struct ExceptionValidationTests {
    typealias B = BinaryBuilder
    static let end: UInt8 = 0x0B
    /// A tag section with one tag of type 0, the function's own type `[i32] -> []`.
    static let tags: [(UInt8, [[UInt8]])] = [(13, [[0x00, 0x00]])]

    @Test func tailCallResultsMustMatchTheCallersResults() throws {
        try expectInvalid("(module (func $g (result i64) (i64.const 0)) (func (result i32) (return_call $g)))", "type mismatch")
        try expectInvalid("(module (func $g (result i32) (i32.const 0)) (func (return_call $g)))", "type mismatch")
        try expectValid("(module (func $g (param i32) (result i32) (local.get 0)) (func (result i32) (return_call $g (i32.const 1))))")
        try expectInvalid("""
            (module (type $t (func (result f32))) (table 1 funcref)
              (func (result i32) (return_call_indirect (type $t) (i32.const 0))))
            """, "type mismatch")
    }

    @Test func tagsHaveNoResultsAndKnownIndices() throws {
        try expectInvalid("(module (tag (result i32)))", "non-empty tag result type")
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x08, 0x05, Self.end], before: Self.tags), "unknown tag 5")
        try expectInvalid("(module (tag (param i32)) (func (throw 0)))", "type mismatch")
        try expectValid("(module (tag (param i32)) (func (throw 0 (i32.const 1))))")
    }

    @Test func throwRefTakesAnExnref() throws {
        try expectInvalid("(module (func (throw_ref (ref.null extern))))", "type mismatch")
        try expectValid("(module (func (throw_ref (ref.null exn))))")
    }

    @Test func catchClausesMustFitTheirLabels() throws {
        try expectValid("""
            (module (tag $e (param i32))
              (func (result i32) (block $h (result i32) (try_table (catch $e $h) (throw $e (i32.const 1))) (i32.const 0))))
            """)
        try expectInvalid("""
            (module (tag $e (param i32))
              (func (result i64) (block $h (result i64) (try_table (catch $e $h)) (i64.const 0))))
            """, "type mismatch")
        try expectInvalid("""
            (module (tag $e)
              (func (block $h (result exnref) (try_table (catch $e $h)) (unreachable)) (drop)))
            """, "type mismatch")
        try expectValid("""
            (module (func (block $h (result exnref) (try_table (catch_all_ref $h)) (unreachable)) (drop)))
            """)
        // The catch labels are looked up outside the try_table: label 1 does not exist here.
        try expectInvalid("(module (func (try_table (catch_all 1))))", "unknown label")
    }

    @Test func legacyTryCatchRules() throws {
        // try (catch 0: [i32]) drop end
        try expectValid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x07, 0x00, 0x1A, 0x0B, Self.end], before: Self.tags))
        // The catch clause must consume the payload: it is left on the stack.
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x07, 0x00, 0x0B, Self.end], before: Self.tags), "type mismatch")
        // rethrow 0 inside catch_all is valid; rethrow 0 in a try body is not.
        try expectValid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x19, 0x09, 0x00, 0x0B, Self.end], before: Self.tags))
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x09, 0x00, 0x0B, Self.end], before: Self.tags), "invalid rethrow label")
        // delegate 0 from a try directly in the function delegates to the caller.
        try expectValid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x18, 0x00, Self.end], before: Self.tags))
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x18, 0x01, Self.end], before: Self.tags), "unknown label")
        // catch after catch_all, and catch outside a try, are invalid.
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x19, 0x07, 0x00, 0x0B, Self.end], before: Self.tags), "catch")
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x02, 0x40, 0x07, 0x00, 0x0B, Self.end], before: Self.tags), "catch")
        try expectInvalid(bytes: B.singleFunction(params: [.i32], code: [0x06, 0x40, 0x07, 0x05, 0x0B, Self.end], before: Self.tags), "unknown tag 5")
    }
}
