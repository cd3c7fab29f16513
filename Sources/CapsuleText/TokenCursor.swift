/// A position in a lexed text, with the small reading steps every parser of the format shares.
///
/// All reads are bounds-checked: past the last token the cursor keeps returning the `.end` token.
struct TokenCursor {
    let lexed: Lexed
    var position: Int

    init(lexed: Lexed, position: Int = 0) {
        self.lexed = lexed
        self.position = position
    }

    /// The token `offset` tokens ahead.
    func peek(_ offset: Int = 0) -> Token {
        let i = position + offset
        let tokens = lexed.tokens
        return i >= 0 && i < tokens.count ? tokens[i] : tokens[tokens.count - 1]
    }

    var token: Token { peek() }
    var isAtEnd: Bool { token.kind == .end }

    func text(_ token: Token) -> String { lexed.text(token) }

    /// The keyword `offset` tokens ahead, or `nil` when that token is not a keyword.
    func keyword(_ offset: Int = 0) -> String? {
        let t = peek(offset)
        return t.kind == .keyword ? lexed.text(t) : nil
    }

    func isKeyword(_ word: String, _ offset: Int = 0) -> Bool { keyword(offset) == word }

    /// Whether the next tokens are `(` and the keyword `word`.
    func isList(_ word: String, _ offset: Int = 0) -> Bool {
        peek(offset).kind == .leftParen && keyword(offset + 1) == word
    }

    /// The keyword after a `(`, when the cursor is at one.
    var listHead: String? { peek().kind == .leftParen ? keyword(1) : nil }

    mutating func advance(_ count: Int = 1) { position += count }

    /// Skips one token, or a whole parenthesised list.
    mutating func skipOne() {
        if token.kind == .leftParen {
            advance()
            skipToClose()
        } else {
            advance()
        }
    }

    func error(_ message: String, at token: Token? = nil) -> TextError {
        let t = token ?? self.token
        return TextError(message: message, line: Int(t.line), column: Int(t.column))
    }

    /// The error for a token the grammar does not allow here.
    func unexpected() -> TextError {
        let t = token
        switch t.kind {
        case .end: return error("unexpected end of input")
        case .reserved: return error(text(t) == "$" ? "empty identifier" : "unknown operator \(text(t))")
        default: return error("unexpected token")
        }
    }

    mutating func expectLeftParen() throws(TextError) {
        guard token.kind == .leftParen else { throw unexpected() }
        advance()
    }

    mutating func expectRightParen() throws(TextError) {
        guard token.kind == .rightParen else { throw unexpected() }
        advance()
    }

    mutating func expectKeyword(_ word: String) throws(TextError) {
        guard isKeyword(word) else { throw unexpected() }
        advance()
    }

    /// Consumes the keyword `word` if it is next.
    mutating func take(_ word: String) -> Bool {
        guard isKeyword(word) else { return false }
        advance()
        return true
    }

    /// Consumes `(` `word` if they are next.
    mutating func takeList(_ word: String) -> Bool {
        guard isList(word) else { return false }
        advance(2)
        return true
    }

    /// Consumes an identifier if one is next, returning its name (without `$`).
    mutating func takeID() -> String? {
        guard token.kind == .id else { return nil }
        defer { advance() }
        return text(token)
    }

    /// Consumes a keyword token and returns its text.
    mutating func takeKeyword() -> String? {
        guard let word = keyword() else { return nil }
        advance()
        return word
    }

    /// The bytes of a string literal.
    mutating func string() throws(TextError) -> [UInt8] {
        let t = token
        guard t.kind == .string, t.value >= 0, Int(t.value) < lexed.strings.count else { throw unexpected() }
        advance()
        return lexed.strings[Int(t.value)]
    }

    /// A string literal that must be valid UTF-8 (a name).
    mutating func name() throws(TextError) -> String {
        let t = token
        let bytes = try string()
        guard let text = String(validating: bytes, as: UTF8.self) else { throw error("malformed UTF-8 encoding", at: t) }
        return text
    }

    /// Skips to just after the `)` that closes the list whose `(` is `depth` levels out (1: the innermost
    /// open list). Stops at the end; returns whether the list was closed.
    @discardableResult
    mutating func skipToClose(depth: Int = 1) -> Bool {
        var open = depth
        while open > 0 {
            switch token.kind {
            case .leftParen: open += 1
            case .rightParen: open -= 1
            case .end: return false
            default: break
            }
            advance()
        }
        return true
    }

    /// A `u32` literal.
    mutating func u32() throws(TextError) -> UInt32 {
        let t = token
        guard let word = keyword(), let value = NumberLiteral.unsigned(word, bits: 32) else {
            throw t.kind == .keyword && NumberLiteral.looksNumeric(text(t)) ? error("constant out of range", at: t) : unexpected()
        }
        advance()
        return UInt32(value)
    }

    /// A `u64` literal.
    mutating func u64() throws(TextError) -> UInt64 {
        let t = token
        guard let word = keyword(), let value = NumberLiteral.unsigned(word, bits: 64) else {
            throw t.kind == .keyword && NumberLiteral.looksNumeric(text(t)) ? error("constant out of range", at: t) : unexpected()
        }
        advance()
        return value
    }

    /// Whether the next token is an unsigned integer literal.
    var isNat: Bool {
        guard let word = keyword(), let first = word.utf8.first else { return false }
        return first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
    }

    /// An `i32`, `i64` literal (signed or unsigned, as bits).
    mutating func integer(bits: Int) throws(TextError) -> UInt64 {
        let t = token
        guard let word = keyword() else { throw unexpected() }
        guard let value = NumberLiteral.integer(word, bits: bits) else {
            throw NumberLiteral.isWellFormedInteger(word) ? error("constant out of range", at: t) : error("unknown operator", at: t)
        }
        advance()
        return value
    }

    /// An `f32` literal as bits.
    mutating func f32() throws(TextError) -> UInt32 {
        let t = token
        guard let word = keyword() else { throw unexpected() }
        guard let value = NumberLiteral.float32(word) else {
            throw NumberLiteral.isWellFormedFloat(word) ? error("constant out of range", at: t) : error("unknown operator", at: t)
        }
        advance()
        return value
    }

    /// An `f64` literal as bits.
    mutating func f64() throws(TextError) -> UInt64 {
        let t = token
        guard let word = keyword() else { throw unexpected() }
        guard let value = NumberLiteral.float64(word) else {
            throw NumberLiteral.isWellFormedFloat(word) ? error("constant out of range", at: t) : error("unknown operator", at: t)
        }
        advance()
        return value
    }
}
