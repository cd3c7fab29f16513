import CapsuleCore
import Testing

@testable import CapsuleEngine

@Suite struct TailCallTests {
    static let countdown = """
        (module
          (func $tail (export "tail") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 42))
              (else (return_call $tail (i64.sub (local.get 0) (i64.const 1))))))
          (func $plain (export "plain") (param i64) (result i64)
            (if (result i64) (i64.eqz (local.get 0))
              (then (i64.const 42))
              (else (call $plain (i64.sub (local.get 0) (i64.const 1)))))))
        """

    @Test func aMillionDeepTailRecursionRunsInConstantStack() throws {
        let store = Store()
        let instance = try store.instantiate(module(Self.countdown))
        #expect(try instance.function("tail")?.call([.i64(1_000_000)]) == [.i64(42)])
        // Nothing is left on the frame stack.
        #expect(store.executionStack.frameDepth == 0)
    }

    @Test func theSameDepthWithPlainCallsExhaustsTheStackCleanly() throws {
        let instance = try Store().instantiate(module(Self.countdown))
        let trap = try #require(throws: Trap.self) { try instance.function("plain")?.call([.i64(1_000_000)]) }
        #expect(trap.kind == .callStackExhausted)
        #expect(trap.backtrace.first == "plain")
        // The store stays usable.
        #expect(try instance.function("tail")?.call([.i64(10)]) == [.i64(42)])
    }

    /// Found by the 3.0 differential run: `return_call_indirect` through a table64 takes an i64 index
    /// (it was validated as i32), and an index of 2^32 or more is out of bounds, not wrapped.
    @Test func returnCallIndirectThroughATable64TakesAnI64Index() throws {
        let instance = try Store().instantiate(module("""
            (module
              (type $t (func (result i32)))
              (table i64 funcref (elem $seven))
              (func $seven (result i32) (i32.const 7))
              (func (export "via") (param i64) (result i32)
                (return_call_indirect (type $t) (local.get 0))))
            """))
        #expect(try instance.function("via")?.call([.i64(0)]) == [.i32(7)])
        let trap = try #require(throws: Trap.self) { try instance.function("via")?.call([.i64(1 << 32)]) }
        #expect(trap.kind == .undefinedElement)
    }

    @Test func mutualTailRecursionThroughATable() throws {
        let instance = try Store().instantiate(module("""
            (module
              (type $t (func (param i32) (result i32)))
              (table funcref (elem $even $odd))
              (func $even (export "even") (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 1))
                  (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
              (func $odd (param i32) (result i32)
                (if (result i32) (i32.eqz (local.get 0))
                  (then (i32.const 0))
                  (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))
            """))
        #expect(try instance.function("even")?.call([.i32(1_000_001)]) == [.i32(0)])
        #expect(try instance.function("even")?.call([.i32(1_000_000)]) == [.i32(1)])
    }

    @Test func tailCallsMoveArgumentsOfEveryWidth() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func $sum (param i32 f64 v128 i64) (result f64)
                (f64.add (f64.add (f64.convert_i32_s (local.get 0)) (local.get 1))
                  (f64.add (f64.convert_i64_s (local.get 3)) (f64.convert_i32_s (i32x4.extract_lane 2 (local.get 2))))))
              (func (export "f") (param i32) (result f64) (local f64 f64)
                (return_call $sum (i32.add (local.get 0) (i32.const 1)) (f64.const 0.5) (v128.const i32x4 0 0 100 0) (i64.const 1000))))
            """))
        #expect(try instance.function("f")?.call([.i32(1)]) == [.float64(1102.5)])
    }

    @Test func aTailCallToAHostFunctionReturnsItsResults() throws {
        let store = Store()
        let double = Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, arguments in
            guard case .i32(let v) = arguments[0] else { return [] }
            return [.i32(v &* 2)]
        }
        var imports = Imports()
        imports.define(module: "env", name: "double", .function(double))
        let instance = try store.instantiate(module("""
            (module
              (import "env" "double" (func $double (param i32) (result i32)))
              (func $f (param i32) (result i32) (return_call $double (i32.add (local.get 0) (i32.const 1))))
              (func (export "g") (param i32) (result i32) (i32.add (call $f (local.get 0)) (i32.const 1))))
            """), imports: imports)
        #expect(try instance.function("g")?.call([.i32(20)]) == [.i32(43)])
    }

    @Test func aTailCallIntoAnotherInstanceUsesThatInstancesMemory() throws {
        let store = Store()
        let library = try store.instantiate(module("""
            (module (memory 1) (data (i32.const 0) "\\2a")
              (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
            """))
        var imports = Imports()
        imports.define(module: "lib", instance: library)
        let instance = try store.instantiate(module("""
            (module (import "lib" "peek" (func $peek (param i32) (result i32))) (memory 1)
              (func (export "f") (result i32) (return_call $peek (i32.const 0))))
            """), imports: imports)
        #expect(try instance.function("f")?.call() == [.i32(42)])
    }

    @Test func aTrapAfterATailCallNamesTheCallee() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func $boom (unreachable))
              (func (export "f") (return_call $boom)))
            """))
        let trap = try #require(throws: Trap.self) { try instance.function("f")?.call() }
        #expect(trap.kind == .unreachable)
        #expect(trap.backtrace == ["boom"])
    }

    @Test func tailCallsAreValidatedAgainstTheCallersResults() throws {
        #expect(throws: ModuleError.self) {
            try module("""
                (module (func $g (result i64) (i64.const 0)) (func (result i32) (return_call $g)))
                """)
        }
    }
}
