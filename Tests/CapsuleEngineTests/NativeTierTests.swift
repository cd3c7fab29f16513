#if arch(x86_64) && os(Linux)
import CapsuleCore
import Testing

@testable import CapsuleEngine

/// A store running Wasm in `tier`.
private func store(_ tier: ExecutionTier) -> Store {
    var limits = StoreLimits()
    limits.tier = tier
    return Store(limits: limits)
}

/// Calls `name` with `arguments` under both tiers; returns (interpreter, native) outcomes as text
/// (results, or the trap message and backtrace).
private func bothTiers(_ text: String, _ name: String, _ arguments: [Value]) throws -> (String, String, Store) {
    var outcomes: [String] = []
    var nativeStore = Store()
    for tier in [ExecutionTier.interpreter, .native] {
        let s = store(tier)
        let instance = try s.instantiate(module(text))
        let function = try #require(instance.function(name))
        do {
            outcomes.append("\(try function.call(arguments))")
        } catch let trap as Trap {
            outcomes.append("trap \(trap.kind) \(trap.backtrace)")
        }
        if tier == .native { nativeStore = s }
    }
    return (outcomes[0], outcomes[1], nativeStore)
}

@Suite struct NativeTierTests {
    @Test func encodesInstructionsAsTheAssemblerManualSays() {
        // Expected bytes checked with `objdump -D -b binary -mi386:x86-64`.
        var a = X64Assembler()
        a.load(.rax, X64Mem(base: .rbx, disp: 8))
        a.store(X64Mem(base: .r12, disp: 0x100), .r15)
        a.load(.rax, X64Mem(base: .r13), w: false)
        a.alu(.add, .rax, imm: 5, w: true)
        a.alu(.cmp, .r9, imm: 0x1000, w: false)
        a.loadZX8(.rax, X64Mem(base: .r15, index: .rax, disp: 4))
        a.setcc(.l, .rsi)
        a.loadFloat(.xmm0, X64Mem(base: .rbx, disp: 16), double: true)
        a.sseArith(.add, .xmm1, X64Mem(base: .r15, index: .rax), double: true)
        a.call(.rax)
        a.push(.r15)
        a.movFromXMM(.rax, .xmm0, w: true)
        a.div(.rcx, signed: true, w: true)
        a.store16(X64Mem(base: .r15, index: .rax), .rdx)
        let expected: [UInt8] = [
            0x48, 0x8B, 0x43, 0x08, 0x4D, 0x89, 0xBC, 0x24, 0x00, 0x01, 0x00, 0x00, 0x41, 0x8B, 0x45, 0x00,
            0x48, 0x83, 0xC0, 0x05, 0x41, 0x81, 0xF9, 0x00, 0x10, 0x00, 0x00, 0x41, 0x0F, 0xB6, 0x44, 0x07, 0x04,
            0x40, 0x0F, 0x9C, 0xC6, 0xF2, 0x0F, 0x10, 0x43, 0x10, 0xF2, 0x41, 0x0F, 0x58, 0x0C, 0x07, 0xFF, 0xD0,
            0x41, 0x57, 0x66, 0x48, 0x0F, 0x7E, 0xC0, 0x48, 0xF7, 0xF9, 0x66, 0x41, 0x89, 0x14, 0x07,
        ]
        #expect(a.bytes == expected)
    }

    @Test func resolvesForwardAndBackwardLabels() {
        var a = X64Assembler()
        let back = a.newLabel(), forward = a.newLabel()
        a.bind(back)
        a.jcc(.e, forward)   // 0F 84 rel32 at 0..5
        a.jmp(back)          // E9 rel32 at 6..10
        a.bind(forward)
        let resolved = a.finish()
        #expect(resolved)
        #expect(a.bytes == [0x0F, 0x84, 0x05, 0x00, 0x00, 0x00, 0xE9, 0xF5, 0xFF, 0xFF, 0xFF])
        var b = X64Assembler()
        b.jmp(b.newLabel())
        let unbound = b.finish()
        #expect(!unbound)
    }

    @Test func fibonacciAndLoopsRunNativeWithTheInterpretersResults() throws {
        let text = """
            (module
              (func $fib (export "fib") (param i32) (result i32)
                (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
                  (then (local.get 0))
                  (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
              (func (export "sum") (param i32) (result i64) (local i64)
                (block (loop
                  (br_if 1 (i32.eqz (local.get 0)))
                  (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
                  (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                  (br 0)))
                (local.get 1)))
            """
        let (a, b, native) = try bothTiers(text, "fib", [.i32(20)])
        #expect(a == b)
        #expect(a == "\([Value.i32(6765)])")
        #expect((native.native?.compiledFunctions ?? 0) >= 1)
        #expect(native.native?.fallbackFunctions == 0)
        let (c, d, _) = try bothTiers(text, "sum", [.i32(100_000)])
        #expect(c == d)
        #expect(c == "\([Value.i64(5_000_050_000)])")
    }

    @Test func integerTrapsMatchTheInterpreter() throws {
        let text = """
            (module
              (func (export "divs") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
              (func (export "rems") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
              (func (export "trap") (unreachable))
              (func $f (export "forever") (call $f)))
            """
        for (name, args) in [("divs", [Value.i32(7), .i32(0)]), ("divs", [.i32(0x8000_0000), .i32(UInt32.max)]), ("divs", [.i32(UInt32(bitPattern: -7)), .i32(2)]),
                             ("rems", [.i64(0x8000_0000_0000_0000), .i64(UInt64.max)]), ("rems", [.i64(UInt64(bitPattern: -7)), .i64(0)]), ("trap", []), ("forever", [])] {
            let (a, b, _) = try bothTiers(text, name, args)
            #expect(a == b, "\(name) \(args)")
        }
    }

    @Test func memoryGlobalsTablesAndIndirectCalls() throws {
        let text = """
            (module
              (memory 1) (global $g (mut i32) (i32.const 5))
              (type $t (func (param i32) (result i32)))
              (table funcref (elem $inc $dbl))
              (func $inc (type $t) (i32.add (local.get 0) (global.get $g)))
              (func $dbl (type $t) (i32.mul (local.get 0) (i32.const 2)))
              (func (export "store") (param i32 i32) (result i32)
                (i32.store8 offset=1 (local.get 0) (local.get 1))
                (i32.load16_u (local.get 0)))
              (func (export "grow") (result i32) (drop (memory.grow (i32.const 2))) (memory.size))
              (func (export "ind") (param i32 i32) (result i32) (call_indirect (type $t) (local.get 1) (local.get 0)))
              (func (export "setg") (param i32) (result i32) (global.set $g (local.get 0)) (call $inc (i32.const 1)))
              (func (export "f64") (param f64 f64) (result f64) (f64.add (f64.mul (local.get 0) (local.get 1)) (f64.sqrt (local.get 1))))
              (func (export "fmin") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
              (func (export "flt") (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
              (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0))))
            """
        let cases: [(String, [Value])] = [
            ("store", [.i32(10), .i32(0x1FF)]), ("store", [.i32(65535), .i32(1)]), ("store", [.i32(UInt32.max), .i32(1)]),
            ("grow", []), ("ind", [.i32(0), .i32(3)]), ("ind", [.i32(1), .i32(3)]), ("ind", [.i32(2), .i32(3)]),
            ("setg", [.i32(41)]), ("f64", [.f64((1.5 as Double).bitPattern), .f64((4 as Double).bitPattern)]), ("fmin", [.f32((-0.0 as Float).bitPattern), .f32((0.0 as Float).bitPattern)]),
            ("flt", [.f64((Double.nan as Double).bitPattern), .f64((1 as Double).bitPattern)]), ("flt", [.f64((0.5 as Double).bitPattern), .f64((1 as Double).bitPattern)]), ("trunc", [.f64((1e10 as Double).bitPattern)]), ("trunc", [.f64((-3.7 as Double).bitPattern)]),
        ]
        for (name, args) in cases {
            let (a, b, native) = try bothTiers(text, name, args)
            #expect(a == b, "\(name) \(args)")
            #expect(native.native?.fallbackFunctions == 0, "\(name) fell back: \(native.native?.fallbackOps ?? [:])")
        }
    }

    @Test func hostCallsFromNativeCode() throws {
        let s = store(.native)
        var seen: [UInt32] = []
        var imports = Imports()
        imports.define(module: "env", name: "log", .function(Function(store: s, type: FuncType(params: [.i32], results: [.i32])) { _, args in
            if case .i32(let v) = args[0] { seen.append(v) }
            return [.i32(1)]
        }))
        let instance = try s.instantiate(module("""
            (module (import "env" "log" (func $log (param i32) (result i32)))
              (func (export "run") (param i32) (result i32) (local i32)
                (loop (local.set 1 (i32.add (local.get 1) (call $log (local.get 0))))
                  (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (local.get 1)))
            """), imports: imports)
        #expect(try instance.function("run")?.call([.i32(3)]) == [.i32(3)])
        #expect(seen == [3, 2, 1])
    }
}
#endif
