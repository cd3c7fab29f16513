import XCTest
@testable import CapsuleText

final class LexerTests: XCTestCase {
    func testTokenKinds() throws {
        let lexed = try Lexer.lex(Array("(module $a $\"q x\" \"s\\n\" i32.add) ;; c\n(; nested (; x ;) ;)".utf8))
        let kinds = lexed.tokens.map(\.kind)
        XCTAssertEqual(kinds, [.leftParen, .keyword, .id, .id, .string, .keyword, .rightParen, .end])
        XCTAssertEqual(lexed.text(lexed.tokens[2]), "a")
        XCTAssertEqual(lexed.text(lexed.tokens[3]), "q x")
        XCTAssertEqual(lexed.strings[Int(lexed.tokens[4].value)], [UInt8(ascii: "s"), 0x0A])
    }

    /// Regression (comments.wast): a line comment ends at a carriage return as well as a line feed.
    func testLineCommentEndsAtCarriageReturn() throws {
        let lexed = try Lexer.lex(Array("a ;; comment\rb ;; c\r\nc".utf8))
        XCTAssertEqual(lexed.tokens.map { lexed.text($0) }.dropLast(), ["a", "b", "c"])
    }

    func testStringEscapes() throws {
        let lexed = try Lexer.lex(Array(#""\t\n\r\"\'\\\00\ff\u{41}\u{1F600}é""#.utf8))
        XCTAssertEqual(lexed.strings[0], [0x09, 0x0A, 0x0D, 0x22, 0x27, 0x5C, 0x00, 0xFF, 0x41, 0xF0, 0x9F, 0x98, 0x80, 0xC3, 0xA9])
    }

    func testAnnotationsAreLiftedOut() throws {
        let lexed = try Lexer.lex(Array("(module (@custom \"x\" (after func) \"y\") (@a (@) ()) )".utf8))
        XCTAssertEqual(lexed.tokens.map(\.kind), [.leftParen, .keyword, .rightParen, .end])
        XCTAssertEqual(lexed.annotations[2]?.map(\.name), ["custom", "a"])
    }

    func testErrorsCarryLineAndColumn() {
        func error(_ text: String) -> TextError? {
            do throws(TextError) {
                _ = try Lexer.lex(Array(text.utf8))
                return nil
            } catch {
                return error
            }
        }
        XCTAssertEqual(error("(module\n  \"abc"), TextError(message: "unclosed string", line: 2, column: 3))
        XCTAssertEqual(error("(module (; x"), TextError(message: "unclosed block comment", line: 1, column: 9))
        XCTAssertEqual(error("\n\n  \"\\q\""), TextError(message: "illegal escape", line: 3, column: 4))
        XCTAssertEqual(error("(a \u{1})")?.message, "illegal character")
        XCTAssertEqual(error("(a Würstchen)")?.message, "illegal character")
        XCTAssertEqual(error(String(repeating: "(", count: 2_000))?.message, "nesting too deep")
    }

    func testIntegers() {
        XCTAssertEqual(NumberLiteral.integer("0x7fff_ffff", bits: 32), 0x7FFF_FFFF)
        XCTAssertEqual(NumberLiteral.integer("-1", bits: 32), 0xFFFF_FFFF)
        XCTAssertEqual(NumberLiteral.integer("4294967295", bits: 32), 0xFFFF_FFFF)
        XCTAssertEqual(NumberLiteral.integer("-0x8000_0000", bits: 32), 0x8000_0000)
        XCTAssertNil(NumberLiteral.integer("4294967296", bits: 32))
        XCTAssertNil(NumberLiteral.integer("-0x8000_0001", bits: 32))
        XCTAssertNil(NumberLiteral.integer("1__0", bits: 32))
        XCTAssertNil(NumberLiteral.integer("_1", bits: 32))
        XCTAssertNil(NumberLiteral.integer("1_", bits: 32))
        XCTAssertEqual(NumberLiteral.integer("18_446_744_073_709_551_615", bits: 64), .max)
        XCTAssertNil(NumberLiteral.unsigned("+1", bits: 32))
    }

    func testFloats() {
        XCTAssertEqual(NumberLiteral.float32("1.5"), Float(1.5).bitPattern)
        XCTAssertEqual(NumberLiteral.float32("-0x1.8p1"), Float(-3).bitPattern)
        XCTAssertEqual(NumberLiteral.float32("0x1p-149"), 1)
        XCTAssertEqual(NumberLiteral.float32("1e1_0"), Float(1e10).bitPattern)
        XCTAssertEqual(NumberLiteral.float32("inf"), 0x7F80_0000)
        XCTAssertEqual(NumberLiteral.float32("-inf"), 0xFF80_0000)
        XCTAssertEqual(NumberLiteral.float32("nan"), 0x7FC0_0000)
        XCTAssertEqual(NumberLiteral.float32("-nan:0x1"), 0xFF80_0001)
        XCTAssertEqual(NumberLiteral.float32("0x1.fffffep127"), Float.greatestFiniteMagnitude.bitPattern)
        XCTAssertNil(NumberLiteral.float32("0x1p128"))
        XCTAssertNil(NumberLiteral.float32("nan:0x0"))
        XCTAssertNil(NumberLiteral.float32("nan:0x800000"))
        XCTAssertEqual(NumberLiteral.float64("0x1.0000000000001p0"), Double(bitPattern: 0x3FF0_0000_0000_0001).bitPattern)
        XCTAssertEqual(NumberLiteral.float64("1."), Double(1).bitPattern)
        XCTAssertEqual(NumberLiteral.float64("nan:0xf_ffff_ffff_ffff"), 0x7FFF_FFFF_FFFF_FFFF)
        XCTAssertNil(NumberLiteral.float64("1.e"))
        XCTAssertNil(NumberLiteral.float64(".5"))
    }
}
