#if arch(x86_64) && os(Linux)
import CapsuleCore
import Foundation
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
        // A loop closed by a float compare-and-branch: its label is bound before the branch is reached.
        let halving = """
            (module (func (export "halve") (param f64) (result i32) (local i32)
              (loop (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br_if 0 (f64.gt (local.tee 0 (f64.mul (local.get 0) (f64.const 0.5))) (f64.const 1))))
              (local.get 1)))
            """
        let (e, f, halvingStore) = try bothTiers(halving, "halve", [.f64((1024.0 as Double).bitPattern)])
        #expect(e == f)
        #expect(e == "\([Value.i32(10)])")
        #expect(halvingStore.native?.fallbackFunctions == 0, "\(halvingStore.native?.fallbackOps ?? [:])")
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

    @Test func floatConversionsRoundingAndMinMaxGiveTheInterpretersBits() throws {
        // Every inline float operation of the native tier, over the inputs where Wasm's rules differ
        // from a plain hardware instruction: NaNs with payloads (quiet and signalling), ±0, ±∞, and the
        // edges of each integer range. The interpreter is the reference, bit for bit and trap for trap.
        let unaryF64 = ["f64.ceil", "f64.floor", "f64.trunc", "f64.nearest", "f32.demote_f64:f32", "i32.trunc_f64_s:i32", "i32.trunc_f64_u:i32",
                        "i64.trunc_f64_s:i64", "i64.trunc_f64_u:i64", "i32.trunc_sat_f64_s:i32", "i32.trunc_sat_f64_u:i32", "i64.trunc_sat_f64_s:i64", "i64.trunc_sat_f64_u:i64"]
        let unaryF32 = ["f32.ceil", "f32.floor", "f32.trunc", "f32.nearest", "f64.promote_f32:f64", "i32.trunc_f32_s:i32", "i32.trunc_f32_u:i32",
                        "i64.trunc_f32_s:i64", "i64.trunc_f32_u:i64", "i32.trunc_sat_f32_s:i32", "i32.trunc_sat_f32_u:i32", "i64.trunc_sat_f32_s:i64", "i64.trunc_sat_f32_u:i64"]
        let fromI32 = ["f32.convert_i32_s:f32", "f32.convert_i32_u:f32", "f64.convert_i32_s:f64", "f64.convert_i32_u:f64"]
        let fromI64 = ["f32.convert_i64_s:f32", "f32.convert_i64_u:f32", "f64.convert_i64_s:f64", "f64.convert_i64_u:f64"]
        var functions: [String] = []
        func add(_ ops: [String], param: String, same: String) {
            for entry in ops {
                let parts = entry.split(separator: ":")
                functions.append("(func (export \"\(parts[0])\") (param \(param)) (result \(parts.count > 1 ? String(parts[1]) : same)) (\(parts[0]) (local.get 0)))")
            }
        }
        add(unaryF64, param: "f64", same: "f64")
        add(unaryF32, param: "f32", same: "f32")
        add(fromI32, param: "i32", same: "")
        add(fromI64, param: "i64", same: "")
        for t in ["f32", "f64"] {
            for op in ["min", "max", "copysign"] {
                functions.append("(func (export \"\(t).\(op)\") (param \(t) \(t)) (result \(t)) (\(t).\(op) (local.get 0) (local.get 1)))")
            }
        }
        let text = "(module " + functions.joined(separator: " ") + ")"
        let doubles: [Double] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.99999, -0.99999, -1, 1e10, -1e10, 2147483647.5, 2147483648, -2147483648.5,
                                 -2147483649, 4294967295.5, 4294967296, 9223372036854775807, 9223372036854774784, -9223372036854775808,
                                 -9223372036854777856, 18446744073709549568, 18446744073709551616, .infinity, -.infinity, .greatestFiniteMagnitude,
                                 .leastNonzeroMagnitude, 3.4028235677973366e38, 1e-40]
        let doubleBits = doubles.map(\.bitPattern) + [0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0001, 0x7FF0_0000_0000_0001, 0x7FF4_3210_0000_0000]
        let floats: [Float] = [0, -0.0, 0.5, -0.5, 1.5, 2.5, -0.99, -1, 2147483520, 2147483648, -2147483648, -2147483904, 4294967040, 4294967296,
                               9223371487098961920, 9223372036854775808, -9223372036854775808, -9223373136366403584, 18446742974197923840,
                               18446744073709551616, .infinity, -.infinity, .greatestFiniteMagnitude, .leastNonzeroMagnitude, 8388608.5]
        let floatBits = floats.map(\.bitPattern) + [0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001, 0x7FA1_2345]
        let ints32: [UInt32] = [0, 1, UInt32.max, 0x8000_0000, 0x7FFF_FFFF, 16_777_217, 0xFFFF_FF01]
        let ints64: [UInt64] = [0, 1, UInt64.max, 1 << 63, (1 << 63) - 1, (1 << 63) + 1025, 0x0020_0000_0000_0001, 0xFFFF_FFFF_FFFF_F7FF, 9_007_199_254_740_993]
        var cases: [(String, [Value])] = []
        for op in unaryF64 { for b in doubleBits { cases.append((String(op.split(separator: ":")[0]), [.f64(b)])) } }
        for op in unaryF32 { for b in floatBits { cases.append((String(op.split(separator: ":")[0]), [.f32(b)])) } }
        for op in fromI32 { for v in ints32 { cases.append((String(op.split(separator: ":")[0]), [.i32(v)])) } }
        for op in fromI64 { for v in ints64 { cases.append((String(op.split(separator: ":")[0]), [.i64(v)])) } }
        let pairs64 = [(0, 1), (1, 0), (1, 5), (5, 1), (6, 6), (24, 24), (30, 31), (31, 30), (30, 0), (0, 32), (33, 32), (24, 25)]
        for op in ["f64.min", "f64.max", "f64.copysign"] {
            for (i, j) in pairs64 { cases.append((op, [.f64(doubleBits[i]), .f64(doubleBits[j])])) }
        }
        for op in ["f32.min", "f32.max", "f32.copysign"] {
            for (i, j) in [(0, 1), (1, 0), (2, 3), (3, 2), (5, 5), (20, 21), (25, 26), (26, 25), (26, 0), (0, 28), (27, 28)] {
                cases.append((op, [.f32(floatBits[i]), .f32(floatBits[j])]))
            }
        }
        let interpreter = try store(.interpreter).instantiate(module(text))
        let nativeStore = store(.native)
        let native = try nativeStore.instantiate(module(text))
        func outcome(_ instance: Instance, _ name: String, _ args: [Value]) throws -> String {
            let function = try #require(instance.function(name))
            do { return "\(try function.call(args))" } catch let trap as Trap { return "trap \(trap.kind)" }
        }
        for (name, args) in cases {
            let expected = try outcome(interpreter, name, args)
            let got = try outcome(native, name, args)
            #expect(got == expected, "\(name) \(args)")
        }
        #expect(cases.count > 500)
        #expect(nativeStore.native?.fallbackFunctions == 0, "fell back: \(nativeStore.native?.fallbackOps ?? [:])")
    }

    @Test func fuelRunsOutAtTheSamePointInBothTiers() throws {
        let text = """
            (module (memory 1)
              (func $work (param i32) (result i32)
                (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (local.get 0))) (local.get 0))
              (func (export "run") (param i32) (result i32)
                (loop (drop (call $work (local.get 0)))
                  (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
                (i32.load (i32.const 0))))
            """
        for budget in [5, 100, 1_001, 77_777] as [UInt64] {
            var outcomes: [String] = []
            for tier in [ExecutionTier.interpreter, .native] {
                var limits = StoreLimits()
                limits.tier = tier
                limits.fuel = budget
                let s = Store(limits: limits)
                let instance = try s.instantiate(module(text))
                let run = try #require(instance.function("run"))
                var result: String
                do { result = "\(try run.call([.i32(5_000)]))" } catch let trap as Trap { result = "trap \(trap.kind) \(trap.backtrace)" }
                outcomes.append("\(result) fuel left \(s.fuel ?? 0)")
                if tier == .native { #expect((s.native?.compiledFunctions ?? 0) >= 1) }
            }
            #expect(outcomes[0] == outcomes[1], "budget \(budget)")
        }
    }

    @Test func anInterruptStopsALoopInNativeCode() throws {
        var limits = StoreLimits()
        limits.tier = .native
        limits.interruptible = true
        let s = Store(limits: limits)
        let instance = try s.instantiate(module("(module (func (export \"spin\") (loop (br 0))))"))
        let spin = try #require(instance.function("spin"))
        let handle = s.interruptHandle
        let timer = Thread { Thread.sleep(forTimeInterval: 0.05); handle.interrupt() }
        timer.start()
        var kind: TrapKind?
        do { _ = try spin.call([]) } catch let trap as Trap { kind = trap.kind }
        #expect(kind == .interrupted)
        #expect((s.native?.compiledFunctions ?? 0) == 1)
    }
    @Test func hostFunctionsReenteringWasmDeeplyTrapInsteadOfOverflowing() throws {
        // Wasm -> host -> Wasm -> host ... until the call depth runs out: each round trip also costs
        // machine stack for Swift frames, which must end in a trap, not a crash on the guard page.
        for tier in [ExecutionTier.interpreter, .native] {
            let s = store(tier)
            var imports = Imports()
            nonisolated(unsafe) var again: Function?
            imports.define(module: "env", name: "again", .function(Function(store: s, type: FuncType(params: [.i32], results: [.i32])) { _, args in
                guard let again else { return [.i32(0)] }
                return try again.call(args)
            }))
            let instance = try s.instantiate(module("""
                (module (import "env" "again" (func $again (param i32) (result i32)))
                  (func (export "down") (param i32) (result i32)
                    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
                      (else (i32.add (i32.const 1) (call $again (i32.sub (local.get 0) (i32.const 1))))))))
                """), imports: imports)
            again = instance.function("down")
            let down = try #require(again)
            #expect(try down.call([.i32(200)]) == [.i32(200)], "\(tier)")
            var kind: TrapKind?
            do { _ = try down.call([.i32(1_000_000)]) } catch let trap as Trap { kind = trap.kind }
            #expect(kind == .callStackExhausted, "\(tier)")
            again = nil
        }
    }
    @Test func exceptionsThrownBelowNativeCodeReachTheirHandlers() throws {
        // $catcher's try_table keeps it interpreted; $middle (no handler) is native and lets the
        // exception of the interpreted $thrower pass through to it.
        let text = """
            (module (tag $e (param i32))
              (func $thrower (param i32) (throw $e (local.get 0)))
              (func $middle (param i32) (call $thrower (i32.add (local.get 0) (i32.const 1))))
              (func (export "catcher") (param i32) (result i32)
                (block $h (result i32)
                  (try_table (catch $e $h) (call $middle (local.get 0)))
                  (i32.const -1)))
              (func (export "escape") (param i32) (call $middle (local.get 0))))
            """
        let (a, b, _) = try bothTiers(text, "catcher", [.i32(41)])
        #expect(a == b)
        #expect(a == "\([Value.i32(42)])")
        for tier in [ExecutionTier.interpreter, .native] {
            let instance = try store(tier).instantiate(module(text))
            #expect(throws: WasmException.self) { try instance.function("escape")?.call([.i32(1)]) }
        }
    }
}
#endif
