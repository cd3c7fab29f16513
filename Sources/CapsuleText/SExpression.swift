/// A light S-expression reader for `.wast` scripts.
///
/// It does not interpret anything: it finds where each top-level form starts and ends (with its line and
/// column) and, for the few directives that need a closer look, builds a small tree of lists, atoms and
/// strings. The actual parsing of modules, values and directives is WasmKit's `WAT`; this reader only
/// lets Capsule cut a script into directives, number their lines cheaply and handle the few forms `WAT`
/// does not know.
struct SExpression: Sendable {
    enum Kind: Sendable {
        /// `( ... )` and its elements.
        case list([SExpression])
        /// A keyword, number, identifier or other token.
        case atom
        /// A `"..."` string literal (range includes the quotes).
        case string
    }

    var kind: Kind
    /// Byte range of the whole expression in the source.
    var range: Range<Int>
    /// 1-based line of the expression's first byte.
    var line: Int
    /// 1-based column of the expression's first byte.
    var column: Int

    /// The elements of a list, or an empty array.
    var elements: [SExpression] {
        if case .list(let elements) = kind { return elements }
        return []
    }

    /// The keyword at the head of a list (its first element, when that is an atom).
    func head(in source: [UInt8]) -> String? {
        guard case .list(let elements) = kind, let first = elements.first, case .atom = first.kind else { return nil }
        return first.text(in: source)
    }

    /// The expression's source text.
    func text(in source: [UInt8]) -> String {
        let lower = max(0, min(range.lowerBound, source.count))
        let upper = max(lower, min(range.upperBound, source.count))
        return String(decoding: source[lower..<upper], as: UTF8.self)
    }
}

/// A top-level form of a script: where it is and the keyword it starts with.
struct TopLevelForm: Sendable {
    var range: Range<Int>
    /// 1-based line of the opening parenthesis.
    var line: Int
    /// 1-based column of the opening parenthesis.
    var column: Int
    /// The first atom inside the parentheses, such as `module` or `assert_return`.
    var keyword: String?
}

/// Why the reader stopped.
struct SExpressionError: Error, Sendable {
    var message: String
    var line: Int
    var column: Int
}

/// Reads S-expressions from UTF-8 bytes. Never traps on malformed input: every access is bounds-checked.
struct SExpressionReader {
    /// Deeper nesting of parentheses is refused rather than handed to WasmKit's recursive parser, which
    /// would exhaust the thread's stack (at about 2,000 levels in a debug build on an 8 MiB stack). The
    /// deepest nesting in the WebAssembly 2.0 test suite is 43.
    static let maximumDepth = 1_000

    let bytes: [UInt8]
    private(set) var index: Int
    private(set) var line: Int = 1
    private var lineStart: Int

    /// A reader positioned at `index`, which is on the given 1-based line and column.
    init(bytes: [UInt8], startingAt index: Int = 0, line: Int = 1, column: Int = 1) {
        self.bytes = bytes
        self.index = index
        self.line = line
        self.lineStart = index - (column - 1)
    }

    private var column: Int { index - lineStart + 1 }

    private func byte(at offset: Int) -> UInt8? {
        offset >= 0 && offset < bytes.count ? bytes[offset] : nil
    }

    private mutating func advance() {
        if let b = byte(at: index), b == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private func error(_ message: String) -> SExpressionError {
        SExpressionError(message: message, line: line, column: column)
    }

    /// Skips whitespace, line comments (`;; ...`) and nested block comments (`(; ... ;)`).
    mutating func skipTrivia() throws(SExpressionError) {
        while let b = byte(at: index) {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                advance()
            case UInt8(ascii: ";") where byte(at: index + 1) == UInt8(ascii: ";"):
                while let c = byte(at: index), c != UInt8(ascii: "\n") { advance() }
            case UInt8(ascii: "(") where byte(at: index + 1) == UInt8(ascii: ";"):
                let startLine = line
                let startColumn = column
                var depth = 0
                repeat {
                    if byte(at: index) == UInt8(ascii: "("), byte(at: index + 1) == UInt8(ascii: ";") {
                        depth += 1
                        advance()
                        advance()
                    } else if byte(at: index) == UInt8(ascii: ";"), byte(at: index + 1) == UInt8(ascii: ")") {
                        depth -= 1
                        advance()
                        advance()
                    } else if byte(at: index) == nil {
                        throw SExpressionError(message: "unclosed block comment", line: startLine, column: startColumn)
                    } else {
                        advance()
                    }
                } while depth > 0
            default:
                return
            }
        }
    }

    /// Whether the reader has consumed everything but trivia.
    mutating func isAtEnd() throws(SExpressionError) -> Bool {
        try skipTrivia()
        return index >= bytes.count
    }

    /// Reads the next top-level form without building its tree.
    mutating func nextTopLevelForm() throws(SExpressionError) -> TopLevelForm? {
        try skipTrivia()
        guard let b = byte(at: index) else { return nil }
        guard b == UInt8(ascii: "(") else {
            throw error(b == UInt8(ascii: ")") ? "unexpected \")\"" : "expected \"(\" to start a directive")
        }
        let start = index
        let startLine = line
        let startColumn = column
        advance()
        try skipTrivia()
        var keyword: String?
        if let c = byte(at: index), !Self.isDelimiter(c) {
            let atomStart = index
            skipAtom()
            keyword = String(decoding: bytes[atomStart..<index], as: UTF8.self)
        }
        var depth = 1
        while depth > 0 {
            try skipTrivia()
            guard let c = byte(at: index) else {
                throw SExpressionError(message: "unclosed \"(\"", line: startLine, column: startColumn)
            }
            switch c {
            case UInt8(ascii: "("):
                depth += 1
                if depth > Self.maximumDepth { throw error("nesting too deep") }
                advance()
            case UInt8(ascii: ")"):
                depth -= 1
                advance()
            case UInt8(ascii: "\""):
                try skipString()
            default:
                skipAtom()
            }
        }
        return TopLevelForm(range: start..<index, line: startLine, column: startColumn, keyword: keyword)
    }

    /// Scans the rest of the text and throws if parentheses nest deeper than ``maximumDepth``. Anything else
    /// (unbalanced parentheses, unclosed strings or comments) is left for the real parser to report.
    mutating func checkNesting() throws(SExpressionError) {
        var depth = 0
        while true {
            do throws(SExpressionError) {
                try skipTrivia()
            } catch {
                return
            }
            guard let c = byte(at: index) else { return }
            switch c {
            case UInt8(ascii: "("):
                depth += 1
                if depth > Self.maximumDepth { throw error("nesting too deep") }
                advance()
            case UInt8(ascii: ")"):
                depth = max(0, depth - 1)
                advance()
            case UInt8(ascii: "\""):
                do throws(SExpressionError) {
                    try skipString()
                } catch {
                    return
                }
            default:
                let before = index
                skipAtom()
                if index == before { advance() }
            }
        }
    }

    /// Reads the next expression as a tree (iteratively, so depth cannot exhaust the stack).
    mutating func nextExpression() throws(SExpressionError) -> SExpression? {
        try skipTrivia()
        guard byte(at: index) != nil else { return nil }
        // Each open list: its start offset, line and elements so far.
        var open: [(start: Int, line: Int, column: Int, elements: [SExpression])] = []
        while true {
            try skipTrivia()
            guard let c = byte(at: index) else { throw error("unclosed \"(\"") }
            let start = index
            let startLine = line
            let startColumn = column
            var finished: SExpression?
            switch c {
            case UInt8(ascii: "("):
                if open.count >= Self.maximumDepth { throw error("nesting too deep") }
                advance()
                open.append((start, startLine, startColumn, []))
            case UInt8(ascii: ")"):
                guard let list = open.popLast() else { throw error("unexpected \")\"") }
                advance()
                finished = SExpression(kind: .list(list.elements), range: list.start..<index, line: list.line, column: list.column)
            case UInt8(ascii: "\""):
                try skipString()
                finished = SExpression(kind: .string, range: start..<index, line: startLine, column: startColumn)
            default:
                skipAtom()
                finished = SExpression(kind: .atom, range: start..<index, line: startLine, column: startColumn)
            }
            if let finished {
                if open.isEmpty { return finished }
                open[open.count - 1].elements.append(finished)
            }
        }
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\""):
            return true
        default:
            return false
        }
    }

    private mutating func skipAtom() {
        while let b = byte(at: index), !Self.isDelimiter(b) {
            if b == UInt8(ascii: ";"), byte(at: index + 1) == UInt8(ascii: ";") { return }
            advance()
        }
    }

    private mutating func skipString() throws(SExpressionError) {
        let startLine = line
        let startColumn = column
        advance()  // opening quote
        while let b = byte(at: index) {
            if b == UInt8(ascii: "\"") {
                advance()
                return
            }
            if b == UInt8(ascii: "\\") { advance() }
            advance()
        }
        throw SExpressionError(message: "unclosed string", line: startLine, column: startColumn)
    }
}

extension SExpression {
    /// The value of a string literal, with the text format's escapes (`\n`, `\t`, `\\`, `\"`, `\'`, `\hh`,
    /// `\u{...}`) resolved. Returns `nil` for anything but a string.
    func stringValue(in source: [UInt8]) -> [UInt8]? {
        guard case .string = kind, range.count >= 2, range.lowerBound >= 0, range.upperBound <= source.count else { return nil }
        var result: [UInt8] = []
        var i = range.lowerBound + 1
        let end = range.upperBound - 1
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        while i < end {
            let b = source[i]
            guard b == UInt8(ascii: "\\"), i + 1 < end else {
                result.append(b)
                i += 1
                continue
            }
            let e = source[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): result.append(0x0A)
            case UInt8(ascii: "t"): result.append(0x09)
            case UInt8(ascii: "r"): result.append(0x0D)
            case UInt8(ascii: "u"):
                // \u{hex}
                var scalar: UInt32 = 0
                if i < end, source[i] == UInt8(ascii: "{") {
                    i += 1
                    while i < end, let h = hexValue(source[i]) {
                        scalar = (scalar &<< 4) | UInt32(h)
                        i += 1
                    }
                    if i < end, source[i] == UInt8(ascii: "}") { i += 1 }
                }
                result.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default:
                if let high = hexValue(e), i < end, let low = hexValue(source[i]) {
                    result.append(high << 4 | low)
                    i += 1
                } else {
                    result.append(e)
                }
            }
        }
        return result
    }
}
