import CapsuleCore
import CapsuleText
import Testing

@Suite struct WastScriptTests {
    @Test func directivesHaveKeywordsAndLines() throws {
        let script = WastScript(parsing: try fixtureText("sample.wast"))
        #expect(script.directives.map(\.line) == [2, 7, 8, 9, 10, 11, 12])
        #expect(
            script.directives.map(\.keyword) == [
                "module", "assert_return", "assert_malformed", "assert_malformed", "assert_invalid", "assert_invalid", "module",
            ])
        guard case .module(let module) = script.directives.first?.kind else {
            Issue.record("expected a module")
            return
        }
        #expect(module.name == "$M")
        guard case .text(.success(let bytes)) = module.source else {
            Issue.record("expected an encoded text module")
            return
        }
        #expect(bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]))
    }

    @Test func invokeArgumentsAndExpectedValues() {
        let script = WastScript(parsing: """
            (assert_return (invoke $M "f" (i32.const -1) (i64.const 2) (f32.const 1.5) (f64.const -0) (ref.null extern) (ref.extern 7))
              (i32.const 3) (f32.const nan:canonical) (f64.const nan:arithmetic) (f32.const nan:0x200000)
              (ref.null func) (ref.extern 1) (ref.func) (v128.const i32x4 1 2 3 4))
            """)
        guard case .assertReturn(.invoke(let invoke), let expected) = script.directives.first?.kind else {
            Issue.record("expected assert_return of an invoke: \(script.directives)")
            return
        }
        #expect(invoke.module == "$M")
        #expect(invoke.name == "f")
        #expect(
            invoke.arguments == [
                .i32(0xFFFF_FFFF), .i64(2), .f32(Float(1.5).bitPattern), .f64((-0.0 as Double).bitPattern), .refNull(.externref),
                .refExtern(7),
            ])
        let vector = V128(bytes: [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0])
        #expect(
            expected == [
                .value(.i32(3)), .f32NaN(.canonical), .f64NaN(.arithmetic), .value(.f32(0x7FA0_0000)), .refNull(.funcref),
                .refExtern(1), .refFunc(nil), .value(.v128(vector)),
            ])
    }

    @Test func v128FloatLanesKeepTheirNaNKinds() {
        let script = WastScript(parsing: """
            (assert_return (invoke "f") (v128.const f32x4 nan:canonical nan:arithmetic 1.0 -0.0) (v128.const f64x2 2.0 nan:canonical))
            """)
        guard case .assertReturn(_, let expected) = script.directives.first?.kind else {
            Issue.record("expected assert_return")
            return
        }
        #expect(
            expected == [
                .v128Lanes(
                    WastV128Pattern(
                        shape: .f32x4,
                        lanes: [.nan(.canonical), .nan(.arithmetic), .bits(UInt64(Float(1).bitPattern)), .bits(0x8000_0000)])),
                .v128Lanes(WastV128Pattern(shape: .f64x2, lanes: [.bits(Double(2).bitPattern), .nan(.canonical)])),
            ])
    }

    @Test func expectationsMatchValues() {
        #expect(WastExpectedValue.f32NaN(.canonical).matches(.f32(0xFFC0_0000)))
        #expect(!WastExpectedValue.f32NaN(.canonical).matches(.f32(0x7FC0_0001)))
        #expect(WastExpectedValue.f32NaN(.arithmetic).matches(.f32(0x7FC0_0001)))
        #expect(!WastExpectedValue.f32NaN(.arithmetic).matches(.f32(0x7F80_0001)))
        #expect(WastExpectedValue.f64NaN(.canonical).matches(.f64(0x7FF8_0000_0000_0000)))
        #expect(!WastExpectedValue.f64NaN(.canonical).matches(.f32(0x7FC0_0000)))
        #expect(WastExpectedValue.value(.f32(0x7FC0_0000)).matches(.f32(0x7FC0_0000)))
        #expect(!WastExpectedValue.value(.f32(0x7FC0_0000)).matches(.f32(0xFFC0_0000)))
        #expect(WastExpectedValue.refNull(.funcref).matches(.refNull(.funcref)))
        #expect(!WastExpectedValue.refNull(.funcref).matches(.refNull(.externref)))
        #expect(WastExpectedValue.refFunc(nil).matches(.refFunc(3)))
        #expect(!WastExpectedValue.refExtern(1).matches(.refExtern(2)))
        let pattern = WastV128Pattern(shape: .f32x4, lanes: [.nan(.canonical), .bits(0), .bits(0), .nan(.arithmetic)])
        let vector = V128(bytes: [0, 0, 0xC0, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0xC0, 0xFF])
        #expect(WastExpectedValue.v128Lanes(pattern).matches(.v128(vector)))
        #expect(!WastExpectedValue.v128Lanes(pattern).matches(.v128(V128(lo: 0, hi: 0))))
    }

    @Test func moduleForms() {
        let script = WastScript(parsing: """
            (module binary "\\00asm" "\\01\\00\\00\\00")
            (module $Q quote "(func)")
            (assert_malformed (module (func i32.const)) "unexpected token")
            (assert_uninstantiable (module (func $f unreachable) (start $f)) "unreachable")
            (assert_unlinkable (module (import "m" "f" (func))) "unknown import")
            (assert_trap (module (func $f unreachable) (start $f)) "unreachable")
            (register "m" $Q)
            (assert_return (get $Q "g") (i32.const 1))
            """)
        let kinds = script.directives.map(\.kind)
        #expect(kinds.count == 8)
        #expect(kinds.first == .module(WastModule(source: .binary([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))))
        #expect(kinds.dropFirst().first == .module(WastModule(name: "$Q", source: .quote("(func)"))))
        if case .assertMalformed(let module, let message) = kinds[2], case .text(.failure(let error)) = module.source {
            #expect(message == "unexpected token")
            #expect(error.line == 3)
        } else {
            Issue.record("text that does not parse should be a rejected module: \(kinds[2])")
        }
        if case .assertUninstantiable(let module, let message) = kinds[3], case .text(.success) = module.source {
            #expect(message == "unreachable")
        } else {
            Issue.record("expected assert_uninstantiable: \(kinds[3])")
        }
        if case .assertUnlinkable(let module, "unknown import") = kinds[4], case .text(.success) = module.source {
        } else {
            Issue.record("expected assert_unlinkable: \(kinds[4])")
        }
        if case .assertTrap(.instantiate(let module), "unreachable") = kinds[5], case .text(.success) = module.source {
        } else {
            Issue.record("expected assert_trap on a module: \(kinds[5])")
        }
        #expect(kinds[6] == .register(name: "m", module: "$Q"))
        #expect(kinds[7] == .assertReturn(.get(module: "$Q", name: "g"), expected: [.value(.i32(1))]))
    }

    @Test func quotedModuleIsParsedOnUse() throws {
        #expect(throws: TextError.self) { try WastModule(source: .quote("(func i32.const)")).binary() }
        let bytes = try WastModule(source: .quote("(module (func))")).binary()
        #expect(bytes.starts(with: [0x00, 0x61, 0x73, 0x6D]))
    }

    @Test func bareModuleFieldsFormOneModule() {
        let script = WastScript(parsing: """
            (func (export "g"))
            (memory 1)
            (assert_return (invoke "g"))
            """)
        #expect(script.directives.map(\.keyword) == ["module", "assert_return"])
        #expect(script.directives.map(\.line) == [1, 3])
    }

    @Test func brokenDirectiveDoesNotStopTheScript() {
        let script = WastScript(parsing: """
            (module)
            (assert_bogus (module))
            (assert_return (invoke "f" (i32.const)))
            ;; a comment (; and a block comment ;)
            (invoke "f")
            """)
        #expect(script.directives.map(\.line) == [1, 2, 3, 5])
        #expect(script.directives.map(\.keyword) == ["module", "assert_bogus", "assert_return", "invoke"])
        if case .unparsable(_, let error) = script.directives[2].kind {
            #expect(error.line == 3)
        } else {
            Issue.record("expected an unparsable directive: \(script.directives[2])")
        }
    }

    @Test func unbalancedScriptsAreReportedNotCrashed() {
        for text in ["(module", "(module))", "\"", "(;", "(module \"unclosed)"] {
            let script = WastScript(parsing: text)
            #expect(script.directives.contains { if case .unparsable = $0.kind { true } else { false } }, "\(text)")
        }
        let deep = String(repeating: "(", count: 20_000) + String(repeating: ")", count: 20_000)
        let script = WastScript(parsing: "(module)\n" + deep)
        #expect(script.directives.count == 2)
        #expect(script.directives.last?.line == 2)
    }

    @Test func deeplyNestedTextIsRejectedNotCrashed() {
        let depth = 100_000
        let text = "(module (func " + String(repeating: "(block ", count: depth) + String(repeating: ")", count: depth) + "))"
        #expect(throws: TextError(message: "nesting too deep", line: 1, column: 7_001)) {  // the 1,001st "("
            try TextFormat.wasm(fromWAT: text)
        }
        #expect(throws: TextError.self) { try WastModule(source: .quote(text)).binary() }
        // Nesting inside strings and comments does not count.
        let quoted = "(module (data \"" + String(repeating: "(", count: 5_000) + "\")) ;; " + String(repeating: "(", count: 5_000)
        #expect(throws: Never.self) { try TextFormat.wasm(fromWAT: quoted) }
    }

    private func fixtureText(_ name: String) throws -> String {
        try String(contentsOfFile: Fixtures.path(name), encoding: .utf8)
    }
}
