import XCTest
@testable import CapsuleText

final class LexerTests: XCTestCase {
    func testTokenKinds() throws {
        let lexed = try Lexer.lex(Array("(module $a $\"q x\" \"s\\n\" i32.add) ;; c\n(; nested (; x ;) ;)".utf8))
        let kinds = lexed.tokens.map(\.kind)
        XCTAssertEqual(kinds, [.leftParen, .keyword, .id, .id, .string, .keyword, .rightParen, .end])
        XCTAssertEqual(lexed.text(lexed.tokens[3]), "q x")
        XCTAssertEqual(lexed.strings[Int(lexed.tokens[4].value)], [UInt8(ascii: "s"), 0x0A])
    }
}
