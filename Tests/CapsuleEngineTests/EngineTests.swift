import CapsuleCore
import Foundation
import CapsuleText
import Testing

@testable import CapsuleEngine

/// Builds a module from WAT text.
func module(_ text: String) throws -> WasmModule {
    try WasmModule(bytes: TextFormat.wasm(fromWAT: text))
}

@Suite struct EngineTests {
    @Test func opcodeWordsLoadAsTheirCase() {
        // The interpreter reads an instruction's first word as an `Op`; that relies on each case's
        // raw value being its in-memory tag.
        for op in Op.allCases {
            var word = UInt32(op.rawValue)
            let loaded = withUnsafeBytes(of: &word) { $0.load(as: Op.self) }
            #expect(loaded == op)
        }
    }

    @Test func recursiveFactorial() throws {
        let instance = try Store().instantiate(module("""
            (module (func $fac (export "fac") (param i64) (result i64)
              (if (result i64) (i64.eqz (local.get 0))
                (then (i64.const 1))
                (else (i64.mul (local.get 0) (call $fac (i64.sub (local.get 0) (i64.const 1))))))))
            """))
        let fac = try #require(instance.function("fac"))
        #expect(try fac.call([.i64(20)]) == [.i64(2_432_902_008_176_640_000)])
    }

    @Test func loopsLocalsAndMultipleResults() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
                (block $done (loop $next
                  (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                  (local.set $s (i32.add (local.get $s) (local.get $i)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br $next)))
                (local.get $s))
              (func (export "swap") (param i32 i32) (result i32 i32) (local.get 1) (local.get 0)))
            """))
        #expect(try instance.function("sum")?.call([.i32(100)]) == [.i32(4950)])
        #expect(try instance.function("swap")?.call([.i32(1), .i32(2)]) == [.i32(2), .i32(1)])
    }

    @Test func infiniteRecursionTrapsWithABacktrace() throws {
        let instance = try Store().instantiate(module("""
            (module (func $forever (export "forever") (call $forever)))
            """))
        let error = try #require(throws: Trap.self) { try instance.function("forever")?.call() }
        #expect(error.kind == .callStackExhausted)
        #expect(error.backtrace.first == "forever")
    }

    @Test func trapsCarryTheirSpecMessages() throws {
        let instance = try Store().instantiate(module("""
            (module (memory 1)
              (func $inner (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "outer") (result i32) (call $inner (i32.const 1) (i32.const 0)))
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "boom") unreachable))
            """))
        let division = try #require(throws: Trap.self) { try instance.function("outer")?.call() }
        #expect(division.kind.description == "integer divide by zero")
        #expect(division.backtrace == ["inner", "func[1]"])
        let overflow = try #require(throws: Trap.self) { try instance.function("div")?.call([.i32(0x8000_0000), .i32(UInt32(bitPattern: -1))]) }
        #expect(overflow.kind == .integerOverflow)
        let load = try #require(throws: Trap.self) { try instance.function("load")?.call([.i32(65534)]) }
        #expect(load.kind.description == "out of bounds memory access")
        #expect(try instance.function("load")?.call([.i32(65532)]) == [.i32(0)])
        let boom = try #require(throws: Trap.self) { try instance.function("boom")?.call() }
        #expect(boom.kind == .unreachable)
    }

    @Test func hostFunctionsSeeTheCallersMemoryAndCanCallBack() throws {
        let store = Store()
        var imports = Imports()
        var logged: [String] = []
        var reentered: Instance?
        imports.define(module: "env", name: "log", .function(Function(store: store, type: FuncType(params: [.i32, .i32], results: [])) { caller, arguments in
            guard case .i32(let pointer) = arguments[0], case .i32(let length) = arguments[1], let memory = caller.memory else { return [] }
            logged.append(String(decoding: try memory.read(at: Int(pointer), count: Int(length)), as: UTF8.self))
            return []
        }))
        imports.define(module: "env", name: "twice", .function(Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { _, arguments in
            // Calls back into the guest from inside a host call.
            guard let double = reentered?.function("double") else { return [.i32(0)] }
            return try double.call(arguments)
        }))
        let instance = try store.instantiate(module("""
            (module
              (import "env" "log" (func $log (param i32 i32)))
              (import "env" "twice" (func $twice (param i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "hello")
              (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
              (func (export "run") (result i32)
                (call $log (i32.const 16) (i32.const 5))
                (i32.add (call $twice (i32.const 20)) (i32.const 2))))
            """), imports: imports)
        reentered = instance
        #expect(try instance.function("run")?.call() == [.i32(42)])
        #expect(logged == ["hello"])
        let memory = try #require(instance.memory("memory"))
        try memory.write([1, 2, 3], at: 100)
        #expect(try memory.read(at: 100, count: 3) == [1, 2, 3])
        #expect(throws: Trap.self) { try memory.read(at: 65535, count: 2) }
    }

    @Test func linkErrorsNameTheImport() throws {
        let wasm = try module(#"(module (import "env" "f" (func (param i32))))"#)
        let store = Store()
        #expect(throws: LinkError.self) { try store.instantiate(wasm) }
        var imports = Imports()
        imports.define(module: "env", name: "f", .function(Function(store: store, type: FuncType(params: [], results: [])) { _, _ in [] }))
        do {
            _ = try store.instantiate(wasm, imports: imports)
            Issue.record("expected a link error")
        } catch let error as LinkError {
            #expect(error.description.contains("env::f"))
        }
    }

    @Test func globalsMemoryGrowthAndTables() throws {
        let instance = try Store().instantiate(module("""
            (module
              (global $g (export "g") (mut i32) (i32.const 7))
              (memory (export "mem") 1 3)
              (table (export "t") 2 funcref)
              (func $f (result i32) (i32.const 9))
              (elem (i32.const 1) $f)
              (func (export "bump") (result i32) (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "callAt") (param i32) (result i32) (call_indirect (result i32) (local.get 0))))
            """))
        #expect(try instance.function("bump")?.call() == [.i32(8)])
        #expect(instance.global("g")?.value == .i32(8))
        try instance.global("g")?.set(.i32(100))
        #expect(try instance.function("bump")?.call() == [.i32(101)])
        #expect(try instance.function("grow")?.call([.i32(2)]) == [.i32(1)])
        #expect(try instance.function("grow")?.call([.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(instance.memory("mem")?.pageCount == 3)
        #expect(try instance.function("callAt")?.call([.i32(1)]) == [.i32(9)])
        let uninitialized = try #require(throws: Trap.self) { try instance.function("callAt")?.call([.i32(0)]) }
        #expect(uninitialized.kind == .uninitializedElement)
        let undefined = try #require(throws: Trap.self) { try instance.function("callAt")?.call([.i32(5)]) }
        #expect(undefined.kind == .undefinedElement)
    }

    @Test func wrongArgumentsAreRejectedBeforeRunning() throws {
        let instance = try Store().instantiate(module(#"(module (func (export "f") (param i32)))"#))
        #expect(throws: CallError.self) { try instance.function("f")?.call([]) }
        #expect(throws: CallError.self) { try instance.function("f")?.call([.i64(1)]) }
    }
}

/// Regression: a `br_table` stub that returns from the function wrote pending constants to their
/// homes and the compiler then believed they were there for the table's later targets.
@Test func brTableStubsDoNotChangeTheStateOfOtherTargets() throws {
    let instance = try Store().instantiate(module("""
        (module (func (export "f") (param i32) (result i32 i32)
          (i32.add (block (result i32 i32)
            (br_table 0 1 0 (i32.const 50) (i32.const 51) (local.get 0))
            (i32.const 51) (i32.const -3)))
          (i32.const 52)))
        """))
    let f = try #require(instance.function("f"))
    #expect(try f.call([.i32(0)]) == [.i32(101), .i32(52)])
    #expect(try f.call([.i32(1)]) == [.i32(50), .i32(51)])
    #expect(try f.call([.i32(2)]) == [.i32(101), .i32(52)])
}

/// Fused compare-and-branch and immediate operands give the same results as the plain forms.
@Test func fusedBranchesAndImmediates() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "count") (param $n i32) (result i32) (local $i i32)
            (loop $l
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $i))
          (func (export "classify") (param i32) (result i32)
            (if (result i32) (i32.ge_s (local.get 0) (i32.const -5))
              (then (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (i32.const 1))))
              (else (i32.const -1))))
          (func (export "mix") (param i64) (result i64)
            (i64.shr_s (i64.add (local.get 0) (i64.const -7)) (i64.const 1))))
        """))
    #expect(try instance.function("count")?.call([.i32(1000)]) == [.i32(1000)])
    #expect(try instance.function("classify")?.call([.i32(0)]) == [.i32(0)])
    #expect(try instance.function("classify")?.call([.i32(UInt32(bitPattern: -5))]) == [.i32(1)])
    #expect(try instance.function("classify")?.call([.i32(UInt32(bitPattern: -6))]) == [.i32(UInt32(bitPattern: -1))])
    #expect(try instance.function("mix")?.call([.i64(1)]) == [.i64(UInt64(bitPattern: -3))])
}

/// Float compare-and-branch: with a NaN operand every ordered comparison is false, so `br_if` of it
/// is not taken and `if` of it takes the `else` arm (the negated branch is not the opposite comparison).
@Test func fusedFloatBranchesTreatNaNAsUnordered() throws {
    let compares = ["eq", "ne", "lt", "gt", "le", "ge"]
    var functions = ""
    for type in ["f32", "f64"] {
        for compare in compares {
            functions += """
                (func (export "br_\(type)_\(compare)") (param \(type) \(type)) (result i32)
                  (block $taken (br_if $taken (\(type).\(compare) (local.get 0) (local.get 1))) (return (i32.const 0)))
                  (i32.const 1))
                (func (export "if_\(type)_\(compare)") (param \(type) \(type)) (result i32)
                  (if (result i32) (\(type).\(compare) (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 0))))
                (func (export "k_\(type)_\(compare)") (param \(type)) (result i32)
                  (if (result i32) (\(type).\(compare) (local.get 0) (\(type).const 2.5)) (then (i32.const 1)) (else (i32.const 0))))

                """
        }
    }
    let instance = try Store().instantiate(module("(module \(functions))"))
    func expected(_ compare: String, _ a: Double, _ b: Double) -> UInt32 {
        let result: Bool
        switch compare {
        case "eq": result = a == b
        case "ne": result = a != b
        case "lt": result = a < b
        case "gt": result = a > b
        case "le": result = a <= b
        default: result = a >= b
        }
        return result ? 1 : 0
    }
    let samples: [Double] = [1, 2.5, 3, -0.0, .nan, .infinity]
    for compare in compares {
        for a in samples {
            for b in samples {
                let want = Value.i32(expected(compare, a, b))
                #expect(try instance.function("br_f64_\(compare)")?.call([.f64(a.bitPattern), .f64(b.bitPattern)]) == [want])
                #expect(try instance.function("if_f64_\(compare)")?.call([.f64(a.bitPattern), .f64(b.bitPattern)]) == [want])
                let fa = Float(a), fb = Float(b)
                #expect(try instance.function("br_f32_\(compare)")?.call([.f32(fa.bitPattern), .f32(fb.bitPattern)]) == [want])
                #expect(try instance.function("if_f32_\(compare)")?.call([.f32(fa.bitPattern), .f32(fb.bitPattern)]) == [want])
            }
            let want = Value.i32(expected(compare, a, 2.5))
            #expect(try instance.function("k_f64_\(compare)")?.call([.f64(a.bitPattern)]) == [want])
            #expect(try instance.function("k_f32_\(compare)")?.call([.f32(Float(a).bitPattern)]) == [want])
        }
    }
}

/// i64 compare-and-branch, constant slots (float and i64 constants, a constant first operand),
/// skipped zero writes to fresh locals, and loads from the sum of two slots.
@Test func i64BranchesConstantSlotsAndIndexedLoads() throws {
    let instance = try Store().instantiate(module("""
        (module (memory 1) (data (i32.const 8) "\\01\\02\\03\\04\\05\\06\\07\\08\\ff")
          (func (export "steps") (param $x i64) (result i32) (local $n i32) (local $z i64)
            (local.set $n (i32.const 0)) (local.set $z (i64.const 0))
            (block $done (loop $l
              (br_if $done (i64.le_u (local.get $x) (i64.const 1)))
              (local.set $x (i64.shr_u (local.get $x) (i64.const 1)))
              (local.set $n (i32.add (local.get $n) (i32.const 1)))
              (br_if $l (i64.ne (local.get $x) (local.get $z)))))
            (local.get $n))
          (func (export "poly") (param $x f64) (result f64)
            (f64.add (f64.mul (local.get $x) (f64.const 1.5)) (f64.sub (f64.const 0.25) (local.get $x))))
          (func (export "sub_from") (param i32) (result i32) (i32.sub (i32.const 100) (local.get 0)))
          (func (export "big") (param i64) (result i64) (i64.add (local.get 0) (i64.const 0x123456789)))
          (func (export "zero_again") (param i32) (result i32) (local $a i32)
            (local.set $a (i32.const 0))
            (if (local.get 0) (then (local.set $a (i32.const 7))))
            (local.set $a (i32.const 0))
            (local.get $a))
          (func (export "load_sum") (param i32 i32) (result i32)
            (i32.load8_u offset=1 (i32.add (local.get 0) (local.get 1))))
          (func (export "load_wrap") (param i32 i32) (result i32)
            (i32.load8_s (i32.add (local.get 0) (local.get 1)))))
        """))
    #expect(try instance.function("steps")?.call([.i64(1 << 40)]) == [.i32(40)])
    #expect(try instance.function("steps")?.call([.i64(0)]) == [.i32(0)])
    #expect(try instance.function("poly")?.call([.f64(2.0.bitPattern)]) == [.f64((3.0 - 1.75).bitPattern)])
    #expect(try instance.function("sub_from")?.call([.i32(1)]) == [.i32(99)])
    #expect(try instance.function("big")?.call([.i64(1)]) == [.i64(0x12345678A)])
    #expect(try instance.function("zero_again")?.call([.i32(1)]) == [.i32(0)])
    #expect(try instance.function("load_sum")?.call([.i32(4), .i32(4)]) == [.i32(2)])
    // The sum wraps at 32 bits before the offset is added: 0xffff_fff0 + 0x18 = 0x8.
    #expect(try instance.function("load_wrap")?.call([.i32(0xffff_fff0), .i32(0x18)]) == [.i32(1)])
    #expect(try instance.function("load_wrap")?.call([.i32(0xffff_fff0), .i32(0x20)]) == [.i32(UInt32(bitPattern: -1))])
    let error = try #require(throws: Trap.self) { try instance.function("load_sum")?.call([.i32(65535), .i32(0)]) }
    #expect(error.kind == .outOfBoundsMemoryAccess)
}

/// Consecutive copies become one `copy2` that still runs them in order, and never across a branch
/// target (a loop whose first instruction is a copy, right after another copy).
@Test func pairedCopiesKeepTheirOrderAndStopAtLabels() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "rotate") (param $n i32) (result i32) (local $a i32) (local $b i32) (local $c i32) (local $t i32)
            (local.set $a (i32.const 1)) (local.set $b (i32.const 2)) (local.set $c (i32.const 3))
            (loop $l
              (local.set $t (local.get $a))
              (local.set $a (local.get $b))
              (local.set $b (local.get $c))
              (local.set $c (local.get $t))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (i32.add (i32.mul (local.get $a) (i32.const 100)) (i32.add (i32.mul (local.get $b) (i32.const 10)) (local.get $c))))
          (func (export "swap") (param $a i32) (param $b i32) (result i32)
            (local.get $a) (local.get $b) (local.set $a) (local.set $b)
            (i32.sub (local.get $a) (local.get $b)))
          (func (export "chain") (param $n i32) (param $x i32) (result i32) (local $y i32) (local $z i32)
            (local.set $y (local.get $x))
            (loop $l
              (local.set $z (local.get $y))
              (local.set $y (i32.add (local.get $z) (i32.const 3)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (i32.add (i32.mul (local.get $z) (i32.const 1000)) (local.get $y))))
        """))
    #expect(try instance.function("rotate")?.call([.i32(1)]) == [.i32(231)])
    #expect(try instance.function("rotate")?.call([.i32(2)]) == [.i32(312)])
    #expect(try instance.function("rotate")?.call([.i32(4)]) == [.i32(231)])
    #expect(try instance.function("swap")?.call([.i32(5), .i32(7)]) == [.i32(2)])
    // z ends at x + 3(n-1), y at x + 3n.
    #expect(try instance.function("chain")?.call([.i32(3), .i32(10)]) == [.i32(16_019)])
}

/// `i32.xor` of a value rotated or shifted by a constant just before is one instruction; the
/// results match the two-instruction forms (also when the rotation count is out of range or the
/// rotated value is the xor's first operand).
@Test func xorWithRotatedOrShiftedOperand() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "sigma") (param $x i32) (result i32)
            (i32.xor (i32.xor (i32.rotl (local.get $x) (i32.const 25)) (i32.rotl (local.get $x) (i32.const 14)))
              (i32.shr_u (local.get $x) (i32.const 3))))
          (func (export "big") (param $x i32) (param $y i32) (result i32)
            (i32.xor (local.get $y) (i32.rotr (local.get $x) (i32.const 35))))
          (func (export "shift") (param $x i32) (param $y i32) (result i32)
            (i32.xor (local.get $y) (i32.shr_u (local.get $x) (i32.const 33))))
          (func (export "first") (param $x i32) (param $y i32) (result i32)
            (i32.xor (i32.rotl (local.get $x) (i32.const 8)) (local.get $y))))
        """))
    func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << (k & 31)) | (x >> ((32 - (k & 31)) & 31)) }
    for x: UInt32 in [0, 1, 0x8000_0001, 0xdead_beef, 0x1234_5678] {
        let sigma = rotl(x, 25) ^ rotl(x, 14) ^ (x >> 3)
        #expect(try instance.function("sigma")?.call([.i32(x)]) == [.i32(sigma)])
        #expect(try instance.function("big")?.call([.i32(x), .i32(0x0f0f_0f0f)]) == [.i32(0x0f0f_0f0f ^ rotl(x, 29))])
        #expect(try instance.function("shift")?.call([.i32(x), .i32(7)]) == [.i32(7 ^ (x >> 1))])
        #expect(try instance.function("first")?.call([.i32(x), .i32(0xff)]) == [.i32(rotl(x, 8) ^ 0xff)])
    }
}

/// A binary operation whose second operand is loaded just before reads memory itself: same results,
/// and the load's bounds check and address wrap-around are kept.
@Test func binaryOperationsWithALoadedOperand() throws {
    let instance = try Store().instantiate(module("""
        (module (memory 1)
          (data (i32.const 16) "\\00\\00\\00\\00\\00\\00\\04\\40")  ;; 2.5 as f64 at 16
          (data (i32.const 24) "\\07\\00\\00\\00")                  ;; 7 as i32 at 24
          (func (export "fadd") (param $x f64) (param $p i32) (result f64) (f64.add (local.get $x) (f64.load (local.get $p))))
          (func (export "fsub") (param $x f64) (param $p i32) (result f64) (f64.sub (local.get $x) (f64.load offset=8 (local.get $p))))
          (func (export "fmul") (param $x f64) (param $p i32) (result f64)
            (f64.mul (local.get $x) (f64.load (i32.add (local.get $p) (i32.const 8)))))
          (func (export "iadd") (param $x i32) (param $p i32) (result i32) (i32.add (local.get $x) (i32.load (local.get $p))))
          (func (export "dot") (param $n i32) (result f64) (local $s f64)
            (loop $l
              (local.set $s (f64.add (local.get $s) (f64.mul (f64.const 2) (f64.load (i32.const 16)))))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (local.get $s)))
        """))
    #expect(try instance.function("fadd")?.call([.f64(1.0.bitPattern), .i32(16)]) == [.f64(3.5.bitPattern)])
    #expect(try instance.function("fsub")?.call([.f64(1.0.bitPattern), .i32(8)]) == [.f64((-1.5).bitPattern)])
    #expect(try instance.function("fmul")?.call([.f64(4.0.bitPattern), .i32(8)]) == [.f64(10.0.bitPattern)])
    #expect(try instance.function("iadd")?.call([.i32(UInt32.max), .i32(24)]) == [.i32(6)])
    #expect(try instance.function("dot")?.call([.i32(3)]) == [.f64(15.0.bitPattern)])
    // 0xffff_fff8 + 8 wraps to 0 (memory there is zero) instead of running past the memory.
    #expect(try instance.function("fmul")?.call([.f64(1.0.bitPattern), .i32(0xffff_fff8)]) == [.f64(0.0.bitPattern)])
    for (name, argument) in [("fadd", Value.f64(0)), ("fsub", .f64(0)), ("fmul", .f64(0)), ("iadd", .i32(0))] {
        let error = try #require(throws: Trap.self) { try instance.function(name)?.call([argument, .i32(65534)]) }
        #expect(error.kind == .outOfBoundsMemoryAccess)
    }
}

/// `f64.add`/`f64.sub` of a product computed just before is one instruction that still rounds the
/// product on its own (no fused multiply-add), with the product as either operand of the add.
@Test func productsAddedOrSubtractedRoundTheProductFirst() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "add_second") (param f64 f64 f64) (result f64) (f64.add (local.get 0) (f64.mul (local.get 1) (local.get 2))))
          (func (export "add_first") (param f64 f64 f64) (result f64) (f64.add (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
          (func (export "sub") (param f64 f64 f64) (result f64) (f64.sub (local.get 0) (f64.mul (local.get 1) (local.get 2))))
          (func (export "sub_first") (param f64 f64 f64) (result f64) (f64.sub (f64.mul (local.get 1) (local.get 2)) (local.get 0)))
          (func (export "add_const") (param f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.const 0.5))))
        """))
    func call(_ name: String, _ values: [Double]) throws -> Double? {
        guard case .f64(let bits) = try instance.function(name)?.call(values.map { .f64($0.bitPattern) }).first else { return nil }
        return Double(bitPattern: bits)
    }
    // 1 + 2^-30 squared is 1 + 2^-29 + 2^-60; rounded on its own the 2^-60 is lost, which an FMA would keep.
    let x = 1.0 + 0x1p-30
    let product = x * x
    #expect(try call("add_second", [-1, x, x]) == product - 1)
    #expect(try call("add_first", [-1, x, x]) == product - 1)
    #expect(try call("sub", [1, x, x]) == 1 - product)
    #expect(try call("sub_first", [1, x, x]) == product - 1)
    #expect(try call("add_const", [3, 4]) == 12.5)
    #expect(try call("add_second", [1, .infinity, 0])?.isNaN == true)
}

/// An `f64.add` whose sum is copied right after (`local.tee` then `local.set`) is one instruction
/// writing both locals, also when the copy's destination is one of the add's operands; not across a
/// branch target.
@Test func sumCopiedRightAfterItsAddWritesBothSlots() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "both") (param $a f64) (param $b f64) (result f64) (local $x f64) (local $y f64)
            (local.set $y (local.tee $x (f64.add (local.get $a) (local.get $b))))
            (f64.add (f64.mul (local.get $x) (f64.const 10)) (local.get $y)))
          (func (export "operand") (param $a f64) (param $b f64) (result f64) (local $x f64)
            (local.set $a (local.tee $x (f64.add (local.get $a) (local.get $b))))
            (f64.add (f64.mul (local.get $a) (f64.const 10)) (local.get $x)))
          (func (export "iterate") (param $n i32) (param $c f64) (result f64) (local $z f64) (local $t f64)
            (loop $l
              (local.set $z (local.tee $t (f64.add (local.get $z) (local.get $c))))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.add (local.get $z) (local.get $t)))
          (func (export "label") (param $a f64) (param $n i32) (result f64) (local $x f64) (local $y f64)
            (local.set $x (f64.add (local.get $a) (local.get $a)))
            (loop $l
              (local.set $y (local.get $x))
              (local.set $x (f64.add (local.get $x) (local.get $a)))
              (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
            (f64.sub (local.get $x) (local.get $y))))
        """))
    func call(_ name: String, _ values: [Value]) throws -> Double? {
        guard case .f64(let bits) = try instance.function(name)?.call(values).first else { return nil }
        return Double(bitPattern: bits)
    }
    #expect(try call("both", [.f64(1.5.bitPattern), .f64(2.0.bitPattern)]) == 38.5)
    #expect(try call("operand", [.f64(1.5.bitPattern), .f64(2.0.bitPattern)]) == 38.5)
    #expect(try call("iterate", [.i32(4), .f64(0.5.bitPattern)]) == 4.0)
    #expect(try call("label", [.f64(1.0.bitPattern), .i32(3)]) == 1.0)
}

/// An `i32.add` of a constant and the branch testing its sum are one instruction that still writes the
/// sum: counting loops, the sum as the comparison's second operand (operands swapped), compared with
/// itself, a signed comparison across the wrap-around, a bare `br_if` on the sum and an `if`.
@Test func counterStepAndTestInOneInstruction() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "count") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (loop $l
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
            (i32.add (i32.mul (local.get $s) (i32.const 1000)) (local.get $i)))
          (func (export "swapped") (param $n i32) (result i32) (local $i i32)
            (loop $l
              (br_if $l (i32.gt_u (local.get $n) (local.tee $i (i32.add (local.get $i) (i32.const 3))))))
            (local.get $i))
          (func (export "itself") (param $i i32) (result i32)
            (block $b
              (br_if $b (i32.eq (local.tee $i (i32.add (local.get $i) (i32.const 7))) (local.get $i)))
              (return (i32.const -1)))
            (local.get $i))
          (func (export "signed") (param $i i32) (result i32)
            (if (result i32) (i32.lt_s (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 0))
              (then (i32.sub (i32.const 0) (local.get $i)))
              (else (local.get $i))))
          (func (export "down") (param $n i32) (result i32) (local $k i32)
            (loop $l
              (local.set $k (i32.add (local.get $k) (i32.const 2)))
              (br_if $l (local.tee $n (i32.add (local.get $n) (i32.const -1)))))
            (i32.add (local.get $k) (local.get $n))))
        """))
    func call(_ name: String, _ argument: Int32) throws -> Int32? {
        guard case .i32(let result) = try instance.function(name)?.call([.i32(UInt32(bitPattern: argument))]).first else { return nil }
        return Int32(bitPattern: result)
    }
    #expect(try call("count", 10) == 45 * 1000 + 10)
    #expect(try call("swapped", 10) == 12)
    #expect(try call("itself", 5) == 12)
    #expect(try call("signed", Int32.max) == Int32.min)
    #expect(try call("signed", -5) == 4)
    #expect(try call("signed", 41) == 42)
    #expect(try call("down", 4) == 8)
}

/// A copy right after an `i32.add` of a constant is one instruction that runs the two in order: the
/// copy sees the new sum, and the add reads its operand before the copy overwrites it.
@Test func copyAfterAnAddRunsAfterIt() throws {
    let instance = try Store().instantiate(module("""
        (module
          (func (export "sees_sum") (param $a i32) (result i32) (local $t i32) (local $u i32)
            (local.set $t (i32.add (local.get $a) (i32.const 5)))
            (local.set $u (local.get $t))
            (i32.add (i32.mul (local.get $u) (i32.const 100)) (local.get $t)))
          (func (export "overwrites_operand") (param $a i32) (param $b i32) (result i32) (local $t i32)
            (local.set $t (i32.add (local.get $a) (i32.const 1)))
            (local.set $a (local.get $b))
            (i32.add (i32.mul (local.get $t) (i32.const 100)) (local.get $a)))
          (func (export "post_increments") (param $n i32) (result i32) (local $i i32) (local $j i32) (local $old i32) (local $s i32)
            (loop $l
              (local.set $old (local.get $i))
              (local.set $i (i32.add (local.get $old) (i32.const 1)))
              (local.set $s (local.get $j))
              (local.set $j (i32.add (local.get $s) (i32.const 2)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (i32.add (i32.mul (local.get $old) (i32.const 1000)) (i32.add (i32.mul (local.get $s) (i32.const 10)) (local.get $j)))))
        """))
    func call(_ name: String, _ arguments: [UInt32]) throws -> UInt32? {
        guard case .i32(let result) = try instance.function(name)?.call(arguments.map { .i32($0) }).first else { return nil }
        return result
    }
    #expect(try call("sees_sum", [2]) == 707)
    #expect(try call("overwrites_operand", [3, 9]) == 409)
    #expect(try call("post_increments", [5]) == 4 * 1000 + 8 * 10 + 10)
}

@Suite struct LimitsTests {
    static let spin = """
        (module
          (func (export "spin") (loop $l (br $l)))
          (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
              (local.set $s (i32.add (local.get $s) (local.get $i)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (local.get $s)))
        """

    @Test func fuelStopsAnEndlessLoopAndIsReadable() throws {
        var limits = StoreLimits()
        limits.fuel = 100_000
        let store = Store(limits: limits)
        let instance = try store.instantiate(module(Self.spin))
        #expect(try instance.function("sum")?.call([.i32(100)]) == [.i32(4950)])
        let left = try #require(store.fuel)
        #expect(left < 100_000 && left > 90_000)
        let trap = try #require(throws: Trap.self) { try instance.function("spin")?.call() }
        #expect(trap.kind == .outOfFuel)
        #expect(trap.kind.description == "all fuel consumed")
        #expect(store.fuel == 0)
        store.fuel = 1_000
        #expect(try instance.function("sum")?.call([.i32(10)]) == [.i32(45)])
    }

    /// Under metering a loop's backward branch charges the loop itself (i32, i64 and float
    /// conditions): results are unchanged, every iteration is charged, and an endless loop closed by
    /// a float comparison still runs out of fuel.
    @Test func meteredBackwardBranchesChargeEveryIteration() throws {
        var limits = StoreLimits()
        limits.fuel = 1_000_000
        let store = Store(limits: limits)
        let instance = try store.instantiate(module("""
            (module
              (func (export "i64loop") (param $n i64) (result i64) (local $i i64)
                (loop $l
                  (local.set $i (i64.add (local.get $i) (i64.const 1)))
                  (br_if $l (i64.lt_u (local.get $i) (local.get $n))))
                (local.get $i))
              (func (export "f64loop") (param $x f64) (result f64)
                (loop $l
                  (local.set $x (f64.mul (local.get $x) (f64.const 0.5)))
                  (br_if $l (f64.gt (local.get $x) (f64.const 1))))
                (local.get $x))
              (func (export "forever") (param $x f64)
                (loop $l (br_if $l (f64.eq (local.get $x) (local.get $x))))))
            """))
        #expect(try instance.function("i64loop")?.call([.i64(1000)]) == [.i64(1000)])
        let consumed = 1_000_000 - (try #require(store.fuel))
        // Nine instructions per iteration (the loop's `end` included), charged on each of the 1000.
        #expect(consumed >= 9000 && consumed < 9100, "consumed \(consumed)")
        #expect(try instance.function("f64loop")?.call([.f64(1024.0.bitPattern)]) == [.f64(1.0.bitPattern)])
        #expect(try instance.function("forever")?.call([.f64(Double.nan.bitPattern)]) == [])
        let trap = try #require(throws: Trap.self) { try instance.function("forever")?.call([.f64(1.0.bitPattern)]) }
        #expect(trap.kind == .outOfFuel)
    }

    @Test func withoutMeteringThereIsNoFuel() throws {
        let store = Store()
        let instance = try store.instantiate(module(Self.spin))
        #expect(try instance.function("sum")?.call([.i32(1000)]) == [.i32(499_500)])
        #expect(store.fuel == nil)
    }

    @Test func anotherThreadCanInterruptRunningCode() throws {
        var limits = StoreLimits()
        limits.interruptible = true
        let store = Store(limits: limits)
        let instance = try store.instantiate(module(Self.spin))
        let handle = store.interruptHandle
        let thread = Thread { Thread.sleep(forTimeInterval: 0.1); handle.interrupt() }
        thread.start()
        let trap = try #require(throws: Trap.self) { try instance.function("spin")?.call() }
        #expect(trap.kind == .interrupted)
        handle.reset()
        #expect(try instance.function("sum")?.call([.i32(3)]) == [.i32(3)])
    }

    @Test func memoryLimitMakesGrowFail() throws {
        var limits = StoreLimits()
        limits.maxMemoryPages = 32
        let wat = #"(module (memory 1) (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"#
        let limited = try Store(limits: limits).instantiate(module(wat))
        #expect(try limited.function("grow")?.call([.i32(100)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try limited.function("grow")?.call([.i32(31)]) == [.i32(1)])
        let unlimited = try Store().instantiate(module(wat))
        #expect(try unlimited.function("grow")?.call([.i32(100)]) == [.i32(1)])
    }

    @Test func tableLimitMakesGrowFailAndRefusesLargeTables() throws {
        var limits = StoreLimits()
        limits.maxTableElements = 50
        let wat = #"(module (table 10 funcref) (func (export "grow") (param i32) (result i32) (table.grow (ref.null func) (local.get 0))))"#
        let limited = try Store(limits: limits).instantiate(module(wat))
        #expect(try limited.function("grow")?.call([.i32(41)]) == [.i32(UInt32(bitPattern: -1))])
        #expect(try limited.function("grow")?.call([.i32(40)]) == [.i32(10)])
        #expect(try limited.function("grow")?.call([.i32(1)]) == [.i32(UInt32(bitPattern: -1))])
        let unlimited = try Store().instantiate(module(wat))
        #expect(try unlimited.function("grow")?.call([.i32(41)]) == [.i32(10)])
        // A table whose initial size is over the limit fails to instantiate.
        #expect(throws: LinkError.self) { try Store(limits: limits).instantiate(module("(module (table 51 funcref))")) }
    }
}
