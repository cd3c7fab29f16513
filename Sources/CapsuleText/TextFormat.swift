/// A text-format (`.wat`/`.wast`) error: the message and the line and column where it was found.
public struct TextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, without the location.
    public var message: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?

    /// Creates an error with an optional location.
    public init(message: String, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.line = line
        self.column = column
    }

    /// `line:column: message`, or just the message when the location is unknown.
    public var description: String {
        if let line, let column { return "\(line):\(column): \(message)" }
        return message
    }
}

/// Converts WebAssembly text to the binary format.
public enum TextFormat {
    /// Encodes a `.wat` module (text) as binary bytes, with a `name` section for its identifiers.
    ///
    /// The text is one `(module $id? field*)` or the fields alone.
    ///
    /// ```swift
    /// let bytes = try TextFormat.wasm(fromWAT: "(module (func (export \"f\") (result i32) i32.const 1))")
    /// ```
    /// - Throws: ``TextError`` when the text does not parse, or nests parentheses more than 1,000 deep.
    public static func wasm(fromWAT text: String) throws(TextError) -> [UInt8] {
        let lexed = try Lexer.lex(Array(text.utf8))
        var cursor = TokenCursor(lexed: lexed)
        guard cursor.isList("module") else {
            return try ModuleParser.encode(lexed: lexed, fieldsAt: 0, bare: true).bytes
        }
        cursor.advance(2)
        let nameAt = cursor.position
        _ = cursor.takeID()
        if cursor.isKeyword("binary") || cursor.isKeyword("quote") || cursor.isKeyword("definition") {
            throw cursor.error("unexpected token")
        }
        let (bytes, end) = try ModuleParser.encode(lexed: lexed, fieldsAt: cursor.position, bare: false, nameAt: nameAt)
        cursor.position = end + 1
        guard cursor.isAtEnd else { throw cursor.unexpected() }
        return bytes
    }
}
