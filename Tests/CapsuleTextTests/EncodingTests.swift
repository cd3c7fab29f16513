import XCTest
@testable import CapsuleText

/// Encodings of each instruction family and module field, checked byte for byte.
final class EncodingTests: XCTestCase {
    /// The sections of a binary module by id (custom sections under 0, the last one kept).
    func sections(_ bytes: [UInt8]) -> [UInt8: [UInt8]] {
        var result: [UInt8: [UInt8]] = [:]
        var i = 8
        while i < bytes.count {
            let id = bytes[i]
            i += 1
            var size = 0, shift = 0
            while true {
                let b = bytes[i]
                i += 1
                size |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            result[id] = Array(bytes[i..<(i + size)])
            i += size
        }
        return result
    }

    /// The instruction bytes (without locals and final `end`) of the only function of `module`.
    func body(_ module: String) throws -> [UInt8] {
        let code = try XCTUnwrap(sections(try TextFormat.wasm(fromWAT: module))[10])
        // count=1, size, local groups=0 (the tests declare no locals), ..., end
        XCTAssertEqual(code[0], 1)
        var i = 1
        while code[i] & 0x80 != 0 { i += 1 }
        i += 1
        XCTAssertEqual(code[i], 0, "no locals expected")
        return Array(code[(i + 1)..<(code.count - 1)])
    }

    func testNumericAndFolded() throws {
        XCTAssertEqual(try body("(module (func (result i32) (i32.add (i32.const 1) (i32.const -1))))"), [0x41, 1, 0x41, 0x7F, 0x6A])
        XCTAssertEqual(try body("(module (func i64.const 0x8000_0000_0000_0000 drop f32.const -0 drop))"),
                       [0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F, 0x1A, 0x43, 0, 0, 0, 0x80, 0x1A])
    }

    func testBlocksAndLabels() throws {
        XCTAssertEqual(try body("(module (func block $a loop $b br $a br 1 br_if $b end end))"),
                       [0x02, 0x40, 0x03, 0x40, 0x0C, 1, 0x0C, 1, 0x0D, 0, 0x0B, 0x0B])
        XCTAssertEqual(try body("(module (func (if (result i32) (i32.const 1) (then (i32.const 2)) (else (i32.const 3))) drop))"),
                       [0x41, 1, 0x04, 0x7F, 0x41, 2, 0x05, 0x41, 3, 0x0B, 0x1A])
        // A block type with params becomes an implicit type (index 1, after the function's own type 0).
        XCTAssertEqual(try body("(module (func (i32.const 0) (block (param i32) (drop))))"), [0x41, 0, 0x02, 1, 0x1A, 0x0B])
        XCTAssertEqual(try body("(module (func block $l br_table $l 0 $l end))"), [0x02, 0x40, 0x0E, 2, 0, 0, 0, 0x0B])
    }

    func testMemoryInstructions() throws {
        XCTAssertEqual(try body("(module (memory 1) (func (drop (i32.load offset=4 align=1 (i32.const 0)))))"),
                       [0x41, 0, 0x28, 0, 4, 0x1A])
        XCTAssertEqual(try body("(module (memory 1) (memory $m i64 1) (func (drop (i64.load $m offset=0x1_0000_0000 (i64.const 0)))))"),
                       [0x42, 0, 0x29, 0x43, 1, 0x80, 0x80, 0x80, 0x80, 0x10, 0x1A])
        XCTAssertEqual(try body("(module (memory 1) (data $d \"x\") (func (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0)))"),
                       [0x41, 0, 0x41, 0, 0x41, 1, 0xFC, 8, 0, 0, 0xFC, 9, 0])
    }

    func testSIMD() throws {
        XCTAssertEqual(try body("(module (func (drop (v128.const i32x4 1 2 3 -1))))"),
                       [0xFD, 12, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x1A])
        XCTAssertEqual(try body("(module (memory 1) (func (drop (v128.load8_lane 3 (i32.const 0) (v128.const i64x2 0 0)))))").prefix(4),
                       [0x41, 0, 0xFD, 12])
        XCTAssertEqual(try body("(module (func (drop (i8x16.extract_lane_s 15 (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))))").suffix(4),
                       [0xFD, 21, 15, 0x1A])
        XCTAssertEqual(try body("(module (func (drop (f32x4.relaxed_madd (v128.const i64x2 0 0) (v128.const i64x2 0 0) (v128.const i64x2 0 0)))))").suffix(4),
                       [0xFD, 0x85, 0x02, 0x1A])
    }

    func testReferencesAndGC() throws {
        XCTAssertEqual(try body("(module (type $s (struct (field $x (mut i32)))) (func (drop (struct.get $s $x (struct.new $s (i32.const 7))))))"),
                       [0x41, 7, 0xFB, 0, 0, 0xFB, 2, 0, 0, 0x1A])
        XCTAssertEqual(try body("(module (func (drop (ref.cast (ref null i31) (ref.null any)))))"), [0xD0, 0x6E, 0xFB, 23, 0x6C, 0x1A])
        XCTAssertEqual(try body("(module (func (result anyref) (block (result anyref) (br_on_cast 0 anyref (ref i31) (ref.null any)))))"),
                       [0x02, 0x6E, 0xD0, 0x6E, 0xFB, 24, 1, 0, 0x6E, 0x6C, 0x0B])
        XCTAssertEqual(try body("(module (func (select (result i32) (i32.const 1) (i32.const 2) (i32.const 3)) drop))"),
                       [0x41, 1, 0x41, 2, 0x41, 3, 0x1C, 1, 0x7F, 0x1A])
    }

    func testTablesCallsAndArrays() throws {
        XCTAssertEqual(try body("(module (table $a 1 funcref) (table $b 1 funcref) (elem $e func) (func (table.copy $b $a (i32.const 0) (i32.const 0) (i32.const 0)) (table.init $b $e (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop $e)))"),
                       [0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 14, 1, 0, 0x41, 0, 0x41, 0, 0x41, 0, 0xFC, 12, 0, 1, 0xFC, 13, 0])
        XCTAssertEqual(try body("(module (type $t (func)) (table 1 funcref) (func (call_indirect (type $t) (i32.const 0)) (call_ref $t (ref.null $t))))"),
                       [0x41, 0, 0x11, 0, 0, 0xD0, 0, 0x14, 0])
        XCTAssertEqual(try body("(module (type $a (array (mut i8))) (func (drop (array.new_fixed $a 2 (i32.const 1) (i32.const 2))) (drop (i31.get_u (ref.i31 (i32.const 5))))))"),
                       [0x41, 1, 0x41, 2, 0xFB, 8, 0, 2, 0x1A, 0x41, 5, 0xFB, 28, 0xFB, 30, 0x1A])
    }

    func testExceptionsAndTailCalls() throws {
        XCTAssertEqual(try body("(module (tag $e) (func (block $h (try_table (catch $e $h) (catch_all_ref $h) (throw $e)))))"),
                       [0x02, 0x40, 0x1F, 0x40, 2, 0, 0, 0, 3, 0, 0x08, 0, 0x0B, 0x0B])
        XCTAssertEqual(try body("(module (tag $e) (func try $t catch $e rethrow $t catch_all end))"),
                       [0x06, 0x40, 0x07, 0, 0x09, 0, 0x19, 0x0B])
        XCTAssertEqual(try body("(module (func (try (do) (delegate 0))))"), [0x06, 0x40, 0x18, 0])
        XCTAssertEqual(try body("(module (func $f return_call $f))"), [0x12, 0])
    }

    func testModuleFields() throws {
        let bytes = try TextFormat.wasm(fromWAT: """
            (module
              (import "m" "f" (func $imp (param i32)))
              (tag (export "t") (param i32))
              (table $t 2 funcref)
              (table i64 1 externref (ref.null extern))
              (memory (export "mem") (data "ab"))
              (global $g (mut i32) (i32.const 0))
              (elem (table $t) (i32.const 0) func $main)
              (elem declare func $imp)
              (func $main (export "main") call $imp)
              (start $main))
            """)
        let s = sections(bytes)
        XCTAssertEqual(s[13], [1, 0, 0], "tag section: one tag, attribute 0, type 0")
        XCTAssertEqual(s[5], [1, 1, 1, 1], "memory sized by its data")
        XCTAssertEqual(s[4], [2, 0x70, 0, 2, 0x40, 0, 0x6F, 4, 1, 0xD0, 0x6F, 0x0B])
        // An explicit `(table $t)` keeps the form that names the table (flags 2), as wasm-tools does.
        XCTAssertEqual(s[9], [2, 2, 0, 0x41, 0, 0x0B, 0, 1, 1, 3, 0, 1, 0])
        XCTAssertEqual(s[8], [1])
        // Tag (id 13) sits between memory (5) and global (6).
        let order = sectionOrder(bytes)
        XCTAssertEqual(order.filter { $0 != 0 }, [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 10, 11])
        // The name section keeps the function ids.
        XCTAssertTrue(String(decoding: s[0] ?? [], as: UTF8.self).contains("main"))
    }

    func sectionOrder(_ bytes: [UInt8]) -> [UInt8] {
        var ids: [UInt8] = []
        var i = 8
        while i < bytes.count {
            ids.append(bytes[i])
            i += 1
            var size = 0, shift = 0
            while true {
                let b = bytes[i]
                i += 1
                size |= Int(b & 0x7F) << shift
                shift += 7
                if b & 0x80 == 0 { break }
            }
            i += size
        }
        return ids
    }

    func testRecursiveTypes() throws {
        let s = sections(try TextFormat.wasm(fromWAT: "(module (rec (type $a (sub (struct (field (ref null $b))))) (type $b (sub final $a (struct (field (ref null $b)) (field i8))))))"))
        XCTAssertEqual(s[1], [1, 0x4E, 2, 0x50, 0, 0x5F, 1, 0x63, 1, 0, 0x4F, 1, 0, 0x5F, 2, 0x63, 1, 0, 0x78, 0])
    }

    func textError(_ text: String) -> TextError? {
        do throws(TextError) {
            _ = try TextFormat.wasm(fromWAT: text)
            return nil
        } catch {
            return error
        }
    }

    func testTextErrors() {
        XCTAssertEqual(textError("(module (func i32.bogus))"), TextError(message: "unknown operator i32.bogus", line: 1, column: 15))
        XCTAssertEqual(textError("(module\n (func br $nope))")?.message, "unknown label $nope")
        XCTAssertEqual(textError("(module (func block $a end $b))")?.message, "mismatching label")
        XCTAssertEqual(textError("(module (func (i32.const 0x1_0000_0000)))")?.message, "constant out of range")
        XCTAssertEqual(textError("(module (func $f) (func $f))")?.message, "duplicate func $f")
        XCTAssertEqual(textError("(module (func) (import \"m\" \"f\" (func)))")?.message, "import after function")
        XCTAssertEqual(textError("(module (memory 1) (func (drop (i32.load align=3 (i32.const 0)))))")?.message, "alignment must be a power of two")
        XCTAssertEqual(textError("(module (func (try (do) (catch_all) (catch_all))))")?.line, 1)
        XCTAssertNotNil(textError("(module (func local.get $x))"))
        // The suite's messages: a malformed number is no number at all; lane counts are checked as a whole.
        XCTAssertEqual(textError("(module (func (i32.const 0x) drop))")?.message, "unknown operator")
        XCTAssertEqual(textError("(module (func (f32.const 1e) drop))")?.message, "unknown operator")
        XCTAssertEqual(textError("(module (func (v128.const i32x4 0 0 0) drop))")?.message, "wrong number of lane literals")
        XCTAssertEqual(textError("(module (func (v128.const i32x4 0 0 0 0 0) drop))")?.message, "wrong number of lane literals")
        XCTAssertEqual(textError("(module (func $))")?.message, "empty identifier")
        XCTAssertEqual(textError("(module (func (block (result i32) (type 0))))")?.message, "unexpected token")
    }

    /// Regression: plain `block ... end` nests without parentheses, so the lexer's limit did not bound the
    /// parser's recursion; deep text must be an error, not a stack overflow.
    func testNestingIsBounded() throws {
        let plain = "(module (func " + String(repeating: "block ", count: 5_000) + String(repeating: "end ", count: 5_000) + "))"
        XCTAssertEqual(textError(plain)?.message, "nesting too deep")
        let folded = "(module (func " + String(repeating: "(block ", count: 900) + String(repeating: ")", count: 900) + "))"
        XCTAssertNil(textError(folded))
        let tooDeep = "(module (func " + String(repeating: "(block ", count: 1_200) + String(repeating: ")", count: 1_200) + "))"
        XCTAssertEqual(textError(tooDeep)?.message, "nesting too deep")
    }

    func testWastScript() {
        let script = WastScript(parsing: """
            (module $M (func (export "f") (param i32) (result i32) local.get 0))
            (register "m" $M)
            (assert_return (invoke $M "f" (i32.const 3)) (i32.const 3))
            (assert_return (invoke "g") (f32.const nan:canonical) (v128.const f32x4 nan:arithmetic 1 2 3) (either (i32.const 1) (ref.null func)))
            (assert_trap (invoke "f" (i32.const 0)) "unreachable")
            (assert_exception (invoke "throws"))
            (assert_malformed (module quote "(func i32.bogus)") "unknown operator")
            (module definition $D binary "\\00asm\\01\\00\\00\\00")
            (module instance $I $D)
            (assert_return (invoke "h" (ref.host 1)) (ref.struct))
            """)
        let kinds = script.directives.map(\.keyword)
        XCTAssertEqual(kinds, ["module", "register", "assert_return", "assert_return", "assert_trap", "assert_exception",
                               "assert_malformed", "module", "module instance", "assert_return"])
        guard case .assertReturn(_, let expected) = script.directives[3].kind else { return XCTFail() }
        XCTAssertEqual(expected.count, 3)
        XCTAssertEqual(expected[0], .f32NaN(.canonical))
        guard case .assertMalformed(let module, _) = script.directives[6].kind else { return XCTFail() }
        XCTAssertThrowsError(try module.binary())
        XCTAssertNotNil(script.directives[9].kind.valueBeyondWebAssembly2)
        guard case .module(let definition) = script.directives[7].kind else { return XCTFail() }
        XCTAssertTrue(definition.isDefinition)
        XCTAssertEqual(definition.name, "$D")
    }
}
