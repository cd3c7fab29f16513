import WAT

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
    /// ```swift
    /// let bytes = try TextFormat.wasm(fromWAT: "(module (func (export \"f\") (result i32) i32.const 1))")
    /// ```
    /// - Throws: ``TextError`` when the text does not parse, or nests parentheses more than 1,000 deep.
    public static func wasm(fromWAT text: String) throws(TextError) -> [UInt8] {
        // WasmKit's parser recurses on nesting; refuse what would exhaust the stack before calling it.
        var reader = SExpressionReader(bytes: Array(text.utf8))
        do throws(SExpressionError) {
            try reader.checkNesting()
        } catch {
            throw TextError(message: error.message, line: error.line, column: error.column)
        }
        do throws(WatParserError) {
            // WebAssembly 2.0: reference types and SIMD (bulk memory is always on).
            return try wat2wasm(text, features: [.referenceTypes, .simd], options: EncodeOptions(nameSection: true))
        } catch {
            throw TextError(error)
        }
    }
}

extension TextError {
    init(_ error: WatParserError) {
        let message = error.description
        if let location = error.location {
            let (line, column) = location.computeLineAndColumn()
            // WatParserError's description appends the location; keep only the message part.
            let suffix = " at \(location)"
            let bare = message.hasSuffix(suffix) ? String(message.dropLast(suffix.count)) : message
            // WAT counts columns from 0; TextError's are 1-based.
            self.init(message: bare, line: line, column: column + 1)
        } else {
            self.init(message: message)
        }
    }
}
