import CapsuleCore
import Testing

@testable import CapsuleEngine

/// Extended constant expressions at instantiation: integer arithmetic and reads of earlier globals
/// in global initialisers and segment offsets.
@Suite struct ExtendedConstantTests {
    @Test func globalInitialisersComputeWithWrappingArithmetic() throws {
        let instance = try Store().instantiate(module("""
            (module
              (global $a (export "a") i32 (i32.add (i32.const 0x7FFFFFFF) (i32.const 1)))
              (global $b (export "b") i32 (i32.sub (i32.const 0) (i32.mul (i32.const 3) (i32.const 5))))
              (global $c (export "c") i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
              (global $d (export "d") i64 (i64.sub (i64.add (i64.const -1) (i64.const 10)) (i64.const 4)))
              (global $e (export "e") i32 (i32.mul (global.get $a) (i32.const 2)))
              (global $f (export "f") i64 (i64.add (global.get $c) (global.get $d))))
            """))
        #expect(instance.global("a")?.value == .i32(0x8000_0000))
        #expect(instance.global("b")?.value == .i32(UInt32(bitPattern: -15)))
        #expect(instance.global("c")?.value == .i64(0x1_0000_0000))
        #expect(instance.global("d")?.value == .i64(5))
        #expect(instance.global("e")?.value == .i32(0))
        #expect(instance.global("f")?.value == .i64(0x1_0000_0005))
    }

    @Test func referenceAndVectorGlobalsReadEarlierOnes() throws {
        let instance = try Store().instantiate(module("""
            (module
              (global $v v128 (v128.const i32x4 1 2 3 4))
              (global (export "w") v128 (global.get $v))
              (global $f funcref (ref.func $seven))
              (global (export "g") funcref (global.get $f))
              (func $seven (export "seven") (result i32) (i32.const 7)))
            """))
        #expect(instance.global("w")?.value == .v128(V128(lo: 1 | 2 << 32, hi: 3 | 4 << 32)))
        guard case .funcref(let reference)? = instance.global("g")?.value else { Issue.record("g is not a funcref"); return }
        #expect(reference?.functionIndex == 0)
    }

    @Test func importedGlobalsFeedTheArithmetic() throws {
        let store = Store()
        let base = try Global(store: store, type: GlobalType(valueType: .i32, isMutable: false), value: .i32(40))
        var imports = Imports()
        imports.define(module: "env", name: "base", .global(base))
        let instance = try store.instantiate(module("""
            (module
              (import "env" "base" (global $base i32))
              (global (export "g") i32 (i32.add (global.get $base) (i32.const 2))))
            """), imports: imports)
        #expect(instance.global("g")?.value == .i32(42))
    }

    @Test func segmentOffsetsUseArithmeticAndDefinedGlobals() throws {
        let instance = try Store().instantiate(module("""
            (module
              (global $four i32 (i32.const 4))
              (global $eight i32 (i32.mul (global.get $four) (i32.const 2)))
              (memory (export "m") 1)
              (data (i32.add (global.get $eight) (i32.const 1)) "\\2a")
              (data (global.get $four) "\\07")
              (table 10 funcref)
              (elem (i32.sub (global.get $eight) (i32.const 3)) $seven)
              (func $seven (result i32) (i32.const 7))
              (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))
            """))
        let memory = try #require(instance.memory("m"))
        #expect(try memory.read(at: 9, count: 1) == [0x2A])
        #expect(try memory.read(at: 4, count: 1) == [0x07])
        #expect(try instance.function("call")?.call([.i32(5)]) == [.i32(7)])
    }

    @Test func anOffsetComputedOutOfBoundsStillTraps() throws {
        #expect(throws: Trap.self) {
            try Store().instantiate(module("""
                (module (memory 1) (data (i32.mul (i32.const 65536) (i32.const 1)) "x"))
                """))
        }
        // Wrapping: 0xFFFFFFFF + 2 is 1, in bounds.
        let instance = try Store().instantiate(module("""
            (module (memory (export "m") 1) (data (i32.add (i32.const -1) (i32.const 2)) "y"))
            """))
        #expect(try instance.memory("m")?.read(at: 1, count: 1) == [0x79])
    }
}
