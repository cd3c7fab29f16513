/// The tokens of the WebAssembly text format, and the lexer that produces them.
///
/// The lexer turns a whole `.wat` or `.wast` text into a flat array of ``Token``s in one pass. Comments
/// and whitespace disappear; annotations `(@name ...)` are lifted out of the token stream into
/// ``Lexed/annotations`` (keyed by the index of the token that follows them), so that the parsers see
/// only the tokens the grammar describes and look annotations up where the format gives them meaning.
struct Token: Sendable {
    enum Kind: UInt8, Sendable {
        case leftParen, rightParen
        /// A keyword, number or other run of identifier characters (`i32.add`, `0x1p3`, `offset=4`).
        case keyword
        /// `$name` or `$"name"`; ``Lexed/text(_:)`` is the name without the `$`.
        case id
        /// A string literal; its bytes are ``Lexed/strings`` at ``Token/value``.
        case string
        /// A run of characters that is no token of the format (`1"a"`, `{`, `,`).
        case reserved
        /// End of the text.
        case end
    }

    var kind: Kind
    /// Byte range in the source.
    var start: Int32
    var end: Int32
    var line: Int32
    var column: Int32
    /// For strings and quoted ids: the index in ``Lexed/strings``.
    var value: Int32 = -1
}

/// An annotation `(@name ...)`: its name and its tokens (without the parentheses).
struct Annotation: Sendable {
    var name: String
    var line: Int
    var column: Int
    var tokens: [Token]
}

/// The result of lexing a text: its tokens (ending with one `.end`), the decoded strings and annotations.
struct Lexed: Sendable {
    var bytes: [UInt8]
    var tokens: [Token] = []
    var strings: [[UInt8]] = []
    /// Annotations by the index of the first token after them.
    var annotations: [Int: [Annotation]] = [:]

    /// The source text of a token (for an id, the name without `$`).
    func text(_ token: Token) -> String {
        if token.kind == .id, token.value >= 0 {
            return String(decoding: strings[Int(token.value)], as: UTF8.self)
        }
        let start = Int(token.start) + (token.kind == .id ? 1 : 0)
        return String(decoding: bytes[start..<Int(token.end)], as: UTF8.self)
    }
}

/// Nesting of parentheses deeper than this is refused, so that the recursive parsers of folded
/// instructions cannot exhaust the stack. The deepest nesting in the WebAssembly test suites is under 100.
let maximumNesting = 1_000

/// Splits text into tokens. Every error is a ``TextError`` at the line and column of the offending token.
struct Lexer {
    private var lexed: Lexed
    private var index = 0
    private var line = 1
    private var lineStart = 0
    /// The index in the output of the `(` that opened the current top-level form.
    private var topLevelStart = 0

    private init(bytes: [UInt8]) {
        lexed = Lexed(bytes: bytes)
    }

    /// Lexes the whole text.
    static func lex(_ bytes: [UInt8]) throws(TextError) -> Lexed {
        let (lexed, error) = lexPrefix(bytes)
        if let error { throw error }
        return lexed
    }

    /// Lexes as much of a script as precedes its first lexical error: the tokens of every top-level form
    /// before the one containing the error, and the error. (A script's earlier directives still run.)
    static func lexPrefix(_ bytes: [UInt8]) -> (Lexed, TextError?) {
        var lexer = Lexer(bytes: bytes)
        var depth = 0
        var output: [Token] = []
        var failure: TextError?
        do throws(TextError) {
            try lexer.run(into: &output, depth: &depth, stopAtClose: false)
        } catch {
            failure = error
            output = Array(output.prefix(lexer.topLevelStart))
        }
        output.append(Token(kind: .end, start: Int32(bytes.count), end: Int32(bytes.count), line: Int32(lexer.line), column: Int32(lexer.column)))
        lexer.lexed.tokens = output
        return (lexer.lexed, failure)
    }

    private var column: Int { index - lineStart + 1 }

    private func byte(_ offset: Int) -> UInt8? {
        offset < lexed.bytes.count ? lexed.bytes[offset] : nil
    }

    private func error(_ message: String, line: Int, column: Int) -> TextError {
        TextError(message: message, line: line, column: column)
    }

    /// Lexes tokens into `output` until the end (or, inside an annotation, until its closing parenthesis).
    private mutating func run(into output: inout [Token], depth: inout Int, stopAtClose: Bool) throws(TextError) {
        var localDepth = 0
        while true {
            try skipTrivia()
            guard let b = byte(index) else {
                if stopAtClose { throw error("unclosed annotation", line: line, column: column) }
                return
            }
            let startLine = line, startColumn = column, start = index
            switch b {
            case UInt8(ascii: "("):
                // Inside an annotation, `(@...` is just more of its tokens.
                if !stopAtClose, byte(index + 1) == UInt8(ascii: "@") {
                    index += 2
                    let name = try annotationName(line: startLine, column: startColumn)
                    var inner: [Token] = []
                    var innerDepth = depth + 1
                    if innerDepth > maximumNesting { throw error("nesting too deep", line: startLine, column: startColumn) }
                    try run(into: &inner, depth: &innerDepth, stopAtClose: true)
                    _ = start
                    let annotation = Annotation(name: name, line: startLine, column: startColumn, tokens: inner)
                    if !stopAtClose {
                        lexed.annotations[output.count, default: []].append(annotation)
                    }
                    continue
                }
                if depth == 0 && !stopAtClose { topLevelStart = output.count }
                depth += 1
                localDepth += 1
                if depth > maximumNesting { throw error("nesting too deep", line: startLine, column: startColumn) }
                index += 1
                output.append(Token(kind: .leftParen, start: Int32(start), end: Int32(index), line: Int32(startLine), column: Int32(startColumn)))
            case UInt8(ascii: ")"):
                index += 1
                if stopAtClose && localDepth == 0 { return }
                localDepth -= 1
                depth -= 1
                output.append(Token(kind: .rightParen, start: Int32(start), end: Int32(index), line: Int32(startLine), column: Int32(startColumn)))
            default:
                output.append(try run(line: startLine, column: startColumn))
            }
        }
    }

    /// The name after `(@`: identifier characters or a string.
    private mutating func annotationName(line: Int, column: Int) throws(TextError) -> String {
        if byte(index) == UInt8(ascii: "\"") {
            let bytes = try string(line: line, column: column)
            guard !bytes.isEmpty, let text = String(validating: bytes, as: UTF8.self) else {
                throw error("malformed annotation id", line: line, column: column)
            }
            return text
        }
        let start = index
        while let b = byte(index), Self.isIDChar(b) { index += 1 }
        guard index > start else { throw error("empty annotation id", line: line, column: column) }
        return String(decoding: lexed.bytes[start..<index], as: UTF8.self)
    }

    private mutating func skipTrivia() throws(TextError) {
        while let b = byte(index) {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: ";") where byte(index + 1) == UInt8(ascii: ";"):
                // A line comment ends at a line feed or a carriage return (3.0: CR alone is a newline too).
                while let c = byte(index), c != UInt8(ascii: "\n"), c != UInt8(ascii: "\r") { index += 1 }
            case UInt8(ascii: "(") where byte(index + 1) == UInt8(ascii: ";"):
                let startLine = line, startColumn = column
                var depth = 0
                repeat {
                    guard let c = byte(index) else {
                        throw error("unclosed block comment", line: startLine, column: startColumn)
                    }
                    if c == UInt8(ascii: "("), byte(index + 1) == UInt8(ascii: ";") {
                        depth += 1
                        index += 2
                    } else if c == UInt8(ascii: ";"), byte(index + 1) == UInt8(ascii: ")") {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                        if c == UInt8(ascii: "\n") {
                            line += 1
                            lineStart = index
                        }
                    }
                } while depth > 0
            default:
                return
            }
        }
    }

    static func isIDChar(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-./:<=>?@\\^_`|~".utf8).contains(b)
        }
    }

    private func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "("), UInt8(ascii: ")"):
            return true
        case UInt8(ascii: ";"):
            return byte(index + 1) == UInt8(ascii: ";")
        default:
            return false
        }
    }

    /// A maximal run of characters up to a delimiter: a keyword, id, string, or reserved token.
    private mutating func run(line: Int, column: Int) throws(TextError) -> Token {
        let start = index
        var pieces = 0
        var allIDChars = true
        var lastString: [UInt8]?
        var sawString = false
        while let b = byte(index), !isDelimiter(b) {
            if b == UInt8(ascii: "\"") {
                lastString = try string(line: self.line, column: self.column)
                sawString = true
                pieces += 1
            } else {
                let runStart = index
                while let c = byte(index), !isDelimiter(c), c != UInt8(ascii: "\"") {
                    // Outside strings and comments, only printable ASCII may appear.
                    if c < 0x20 || c >= 0x7F { throw error("illegal character", line: self.line, column: self.column) }
                    if !Self.isIDChar(c) { allIDChars = false }
                    index += 1
                }
                if index > runStart { pieces += 1 }
            }
        }
        var token = Token(kind: .reserved, start: Int32(start), end: Int32(index), line: Int32(line), column: Int32(column))
        if pieces == 1, sawString, let lastString {
            token.kind = .string
            token.value = Int32(lexed.strings.count)
            lexed.strings.append(lastString)
        } else if !sawString, allIDChars {
            token.kind = lexed.bytes[start] == UInt8(ascii: "$") ? .id : .keyword
            if token.kind == .id, index - start == 1 { token.kind = .reserved }
        } else if pieces == 2, sawString, let lastString, lexed.bytes[start] == UInt8(ascii: "$"),
            index - start > 1, lexed.bytes[start + 1] == UInt8(ascii: "\"")
        {
            // `$"name"`: a quoted identifier, which must be non-empty valid UTF-8.
            guard !lastString.isEmpty, String(validating: lastString, as: UTF8.self) != nil else {
                throw error(lastString.isEmpty ? "empty identifier" : "malformed UTF-8 encoding", line: line, column: column)
            }
            token.kind = .id
            token.value = Int32(lexed.strings.count)
            lexed.strings.append(lastString)
        }
        return token
    }

    /// Reads a string literal starting at its opening quote and returns its bytes.
    private mutating func string(line: Int, column: Int) throws(TextError) -> [UInt8] {
        index += 1
        var result: [UInt8] = []
        while true {
            guard let b = byte(index) else { throw error("unclosed string", line: line, column: column) }
            switch b {
            case UInt8(ascii: "\""):
                index += 1
                return result
            case UInt8(ascii: "\n"), 0x7F, 0..<0x20:
                throw error(b == UInt8(ascii: "\n") ? "unclosed string" : "illegal character in string", line: self.line, column: self.column)
            case UInt8(ascii: "\\"):
                let escapeColumn = self.column
                guard let e = byte(index + 1) else { throw error("unclosed string", line: line, column: column) }
                index += 2
                switch e {
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): result.append(e)
                case UInt8(ascii: "u"):
                    guard byte(index) == UInt8(ascii: "{") else { throw error("illegal escape", line: self.line, column: escapeColumn) }
                    index += 1
                    var scalar: UInt32 = 0
                    var digits = 0
                    var lastUnderscore = true
                    while let h = byte(index), h != UInt8(ascii: "}") {
                        if h == UInt8(ascii: "_"), !lastUnderscore {
                            lastUnderscore = true
                            index += 1
                            continue
                        }
                        guard let v = Self.hexValue(h) else { throw error("illegal escape", line: self.line, column: escapeColumn) }
                        scalar = scalar &* 16 &+ UInt32(v)
                        if scalar > 0x10FFFF { throw error("illegal escape", line: self.line, column: escapeColumn) }
                        digits += 1
                        lastUnderscore = false
                        index += 1
                    }
                    guard digits > 0, !lastUnderscore, byte(index) == UInt8(ascii: "}"), let unicode = Unicode.Scalar(scalar) else {
                        throw error("illegal escape", line: self.line, column: escapeColumn)
                    }
                    index += 1
                    result.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    guard let high = Self.hexValue(e), let l = byte(index), let low = Self.hexValue(l) else {
                        throw error("illegal escape", line: self.line, column: escapeColumn)
                    }
                    index += 1
                    result.append(high << 4 | low)
                }
            default:
                result.append(b)
                index += 1
            }
        }
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
