import XCTest
@testable import CapsuleText

/// The annotations the text format gives meaning to (`@custom`, `@name`, `@metadata.code.branch_hint`):
/// where each may stand, and the errors for malformed ones.
final class AnnotationTests: XCTestCase {
    /// The message of the error `text` is rejected with (fails the test when it is accepted).
    func rejection(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try TextFormat.wasm(fromWAT: text)
            XCTFail("accepted: \(text)", file: file, line: line)
            return nil
        } catch {
            return error.message
        }
    }

    func testMisplacedAnnotationsAreMalformed() {
        XCTAssertEqual(rejection("(module (type (@custom \"bla\") $t (func)))"), "misplaced @custom annotation")
        XCTAssertEqual(rejection("(module (func (nop (@custom \"bla\"))))"), "misplaced @custom annotation")
        XCTAssertEqual(rejection("(module (func) (@name \"M\"))"), "misplaced @name annotation")
        XCTAssertEqual(rejection("(module (start $f (@name \"M\")) (func $f))"), "misplaced @name annotation")
        XCTAssertEqual(rejection("(module (@metadata.code.branch_hint \"\\01\") (func))"), "misplaced @metadata.code.branch_hint annotation")
        // In a constant expression, not a function body.
        XCTAssertEqual(
            rejection("(module (global i32 (@metadata.code.branch_hint \"\\01\") (i32.const 0)))"),
            "misplaced @metadata.code.branch_hint annotation")
    }

    func testMalformedAnnotations() {
        XCTAssertEqual(rejection("(module (@custom))"), "@custom annotation: missing section name")
        XCTAssertEqual(rejection("(module (@custom \"\\df\"))"), "@custom annotation: malformed UTF-8 encoding")
        XCTAssertEqual(rejection("(module (@custom \"bla\" (type)))"), "@custom annotation: malformed placement")
        XCTAssertEqual(rejection("(module (@custom \"bla\" (before types)))"), "@custom annotation: malformed section kind")
        XCTAssertEqual(rejection("(module (@custom \"bla\" here))"), "@custom annotation: unexpected token")
        XCTAssertEqual(rejection("(module (@name \"M1\") (@name \"M2\"))"), "@name annotation: multiple module")
        XCTAssertEqual(
            rejection("(module (func (param i32) (@metadata.code.branch_hint \"\\01\") (@metadata.code.branch_hint \"\\01\") (if (local.get 0) (then))))"),
            "@metadata.code.branch_hint annotation: multiple hints on one instruction")
        XCTAssertEqual(
            rejection("(module (func (param i32) (@metadata.code.branch_hint \"\\01\\00\") (if (local.get 0) (then))))"),
            "@metadata.code.branch_hint annotation: hint of one byte expected")
    }

    func testPlacedAnnotationsAreAccepted() throws {
        // Custom sections between fields and at the end, names on the module, functions and tags, and
        // other annotations anywhere.
        let bytes = try TextFormat.wasm(fromWAT: """
            (module (@name "M") (@custom "a" "1") (func (@name "f")) (@custom "b" (before func) "2")
              (tag $t (@name "t")) (func (@other x (y)) nop (@other)) (@custom "c"))
            """)
        let text = String(decoding: bytes, as: UTF8.self)
        for name in ["a", "b", "c", "name"] { XCTAssertTrue(text.contains(name), "section \(name)") }
    }

    func testBranchHintSectionEncodesOffsetsFromTheBodyStart() throws {
        let bytes = try TextFormat.wasm(fromWAT: """
            (module (func (param i32) (local i32) local.get 0 (@metadata.code.branch_hint "\\01") if end))
            """)
        // The body is: 1 local run (01 01 7f), local.get 0 (20 00), then `if` at offset 5.
        let marker = Array("metadata.code.branch_hint".utf8)
        let start = try XCTUnwrap(bytes.indices.first { Array(bytes[$0..<min($0 + marker.count, bytes.count)]) == marker })
        XCTAssertEqual(Array(bytes[(start + marker.count)...].prefix(6)), [1, 0, 1, 5, 1, 1])
    }
}
