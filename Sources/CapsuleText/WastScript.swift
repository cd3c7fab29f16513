import CapsuleCore

/// A parsed `.wast` script: its directives in order, each with its line.
///
/// Parsing never fails as a whole: a directive that does not parse becomes
/// ``WastDirectiveKind/unparsable(keyword:error:)`` and the directives after it are still read.
/// Text modules are encoded to binary while parsing; quoted modules are kept as text.
///
/// ```swift
/// let script = WastScript(parsing: """
///     (module (func (export "one") (result i32) i32.const 1))
///     (assert_return (invoke "one") (i32.const 1))
///     """)
/// for directive in script.directives { print(directive.line, directive.keyword) }
/// ```
public struct WastScript: Sendable {
    /// The directives, in script order.
    public var directives: [WastDirective]

    /// Parses a script from its text.
    public init(parsing text: String) {
        self.init(parsing: Array(text.utf8))
    }

    /// Parses a script from the UTF-8 bytes of a `.wast` file.
    public init(parsing bytes: [UInt8]) {
        let (lexed, error) = Lexer.lexPrefix(bytes)
        var parser = WastScriptParser(cursor: TokenCursor(lexed: lexed))
        var directives = parser.parse()
        if let error {
            directives.append(WastDirective(line: error.line ?? 1, kind: .unparsable(keyword: nil, error: error)))
        }
        self.directives = directives
    }
}

/// Reads the directives of a script from its tokens.
struct WastScriptParser {
    /// Keywords that start a module field: a script may be a bare module written as fields.
    static let moduleFieldKeywords: Set<String> = [
        "type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data", "tag", "rec",
    ]

    var cursor: TokenCursor

    /// The message of the error thrown for a value or result form Capsule's engine cannot represent yet
    /// (GC and host references): the directive becomes ``WastDirectiveKind/unsupported(keyword:)``.
    static let unsupportedMarker = "\u{0}unsupported"

    func unsupported() -> TextError { TextError(message: Self.unsupportedMarker) }

    mutating func parse() -> [WastDirective] {
        var directives: [WastDirective] = []
        while !cursor.isAtEnd {
            let start = cursor.token
            let startPosition = cursor.position
            guard start.kind == .leftParen else {
                directives.append(WastDirective(line: Int(start.line), kind: .unparsable(keyword: nil, error: cursor.unexpected())))
                return directives
            }
            let keyword = cursor.keyword(1)
            if let keyword, Self.moduleFieldKeywords.contains(keyword) {
                // A bare module: every field up to the first directive.
                var end = cursor
                while end.token.kind == .leftParen, let k = end.keyword(1), Self.moduleFieldKeywords.contains(k) {
                    end.advance()
                    end.skipToClose()
                }
                let source: WastModuleSource
                do throws(TextError) {
                    let (bytes, _) = try ModuleParser.encode(lexed: cursor.lexed, fieldsAt: startPosition, bare: true, until: end.position)
                    source = .text(.success(bytes))
                } catch {
                    source = .text(.failure(error))
                }
                directives.append(WastDirective(line: Int(start.line), kind: .module(WastModule(source: source))))
                cursor = end
                continue
            }
            // A form that never closes is reported as such, and ends the script.
            var extent = cursor
            extent.advance()
            if !extent.skipToClose() {
                let error = cursor.error("unclosed parenthesis", at: start)
                directives.append(WastDirective(line: Int(start.line), kind: .unparsable(keyword: keyword, error: error)))
                return directives
            }
            var kind: WastDirectiveKind
            do throws(TextError) {
                kind = try directive()
            } catch {
                kind = error.message == Self.unsupportedMarker ? .unsupported(keyword: keyword ?? "directive") : .unparsable(keyword: keyword, error: error)
            }
            // Whatever happened inside, continue after the directive's closing parenthesis.
            cursor.position = startPosition + 1
            cursor.skipToClose()
            directives.append(WastDirective(line: Int(start.line), kind: kind))
        }
        return directives
    }

    /// One directive, the cursor at its `(`.
    private mutating func directive() throws(TextError) -> WastDirectiveKind {
        let head = cursor.peek(1)
        guard let keyword = cursor.keyword(1) else { throw cursor.error("unexpected token", at: head) }
        switch keyword {
        case "module":
            if cursor.isKeyword("instance", 2) {
                cursor.advance(3)
                let instance = cursor.takeID().map { "$" + $0 }
                let module = cursor.takeID().map { "$" + $0 }
                try cursor.expectRightParen()
                return .moduleInstance(instance: instance, module: module)
            }
            return .module(try module())
        case "register":
            cursor.advance(2)
            let name = try cursor.name()
            let module = cursor.takeID().map { "$" + $0 }
            try cursor.expectRightParen()
            return .register(name: name, module: module)
        case "invoke", "get":
            cursor.advance(0)
            return .action(try action())
        case "assert_return":
            cursor.advance(2)
            let action = try action()
            var expected: [WastExpectedValue] = []
            while cursor.token.kind == .leftParen { expected.append(try result()) }
            try cursor.expectRightParen()
            return .assertReturn(action, expected: expected)
        case "assert_trap", "assert_exhaustion", "assert_exception":
            cursor.advance(2)
            let action: WastAction
            if cursor.isList("module") {
                action = .instantiate(try module())
            } else {
                action = try self.action()
            }
            if keyword == "assert_exception" {
                try cursor.expectRightParen()
                return .assertException(action)
            }
            let message = try messageString()
            if keyword == "assert_trap" { return .assertTrap(action, message: message) }
            guard case .invoke(let invoke) = action else { throw cursor.error("unexpected token") }
            return .assertExhaustion(invoke, message: message)
        case "assert_invalid", "assert_malformed", "assert_unlinkable", "assert_uninstantiable",
            "assert_malformed_custom", "assert_invalid_custom":
            cursor.advance(2)
            let module = try self.module()
            let message = try messageString()
            switch keyword {
            case "assert_invalid": return .assertInvalid(module, message: message)
            case "assert_malformed": return .assertMalformed(module, message: message)
            case "assert_malformed_custom": return .assertMalformedCustom(module, message: message)
            case "assert_invalid_custom": return .assertInvalidCustom(module, message: message)
            case "assert_unlinkable": return .assertUnlinkable(module, message: message)
            default: return .assertUninstantiable(module, message: message)
            }
        default:
            return .unsupported(keyword: keyword)
        }
    }

    private mutating func messageString() throws(TextError) -> String {
        let message = String(decoding: try cursor.string(), as: UTF8.self)
        try cursor.expectRightParen()
        return message
    }

    /// `(module definition? $id? ...)` in its text, `binary` or `quote` form; the cursor after it.
    private mutating func module() throws(TextError) -> WastModule {
        let start = cursor.position
        try cursor.expectLeftParen()
        try cursor.expectKeyword("module")
        let isDefinition = cursor.take("definition")
        let nameAt = cursor.position
        let name = cursor.takeID().map { "$" + $0 }
        var end = cursor
        end.position = start + 1
        end.skipToClose()
        defer { cursor = end }
        if cursor.take("binary") {
            var bytes: [UInt8] = []
            while cursor.token.kind == .string { bytes += try cursor.string() }
            try cursor.expectRightParen()
            return WastModule(name: name, source: .binary(bytes), isDefinition: isDefinition)
        }
        if cursor.take("quote") {
            var bytes: [UInt8] = []
            while cursor.token.kind == .string {
                if !bytes.isEmpty { bytes.append(UInt8(ascii: " ")) }
                bytes += try cursor.string()
            }
            try cursor.expectRightParen()
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return WastModule(name: name, source: .text(.failure(cursor.error("malformed UTF-8 encoding"))), isDefinition: isDefinition)
            }
            return WastModule(name: name, source: .quote(text), isDefinition: isDefinition)
        }
        let source: WastModuleSource
        do throws(TextError) {
            let (bytes, _) = try ModuleParser.encode(lexed: cursor.lexed, fieldsAt: cursor.position, bare: false, nameAt: nameAt)
            source = .text(.success(bytes))
        } catch {
            source = .text(.failure(error))
        }
        return WastModule(name: name, source: source, isDefinition: isDefinition)
    }

    /// `(invoke $M? "name" const*)` or `(get $M? "name")`.
    private mutating func action() throws(TextError) -> WastAction {
        do {
            try cursor.expectLeftParen()
            if cursor.take("get") {
                let module = cursor.takeID().map { "$" + $0 }
                let name = try cursor.name()
                try cursor.expectRightParen()
                return .get(module: module, name: name)
            }
            try cursor.expectKeyword("invoke")
            let module = cursor.takeID().map { "$" + $0 }
            let name = try cursor.name()
            var arguments: [WastValue] = []
            while cursor.token.kind == .leftParen { arguments.append(try argument()) }
            try cursor.expectRightParen()
            return .invoke(WastInvoke(module: module, name: name, arguments: arguments))
        }
    }
}
