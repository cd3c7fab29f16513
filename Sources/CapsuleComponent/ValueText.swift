/// Component values as text, in the WebAssembly Value Encoding (WAVE) that wasmtime's `--invoke` uses:
/// `42`, `-1.5`, `true`, `'x'`, `"text"`, `[1, 2]`, `(1, "a")`, `{x: 1, y: 2}`, `red`, `circle(2.5)`,
/// `some(1)`, `none`, `ok("a")`, `err`, `{read, write}`.
extension ComponentValue {
    /// A value parse error: what was expected and where.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        /// What is wrong.
        public var message: String
        /// The character offset in the text.
        public var offset: Int
        /// `offset N: message`.
        public var description: String { "offset \(offset): \(message)" }
    }

    /// Parses `text` as a value of `type`.
    ///
    /// ```swift
    /// let value = try ComponentValue.parse("{x: 1, y: -2}", as: .record([("x", .s32), ("y", .s32)]))
    /// ```
    /// - Throws: ``ParseError`` for text that is not a value of the type.
    public static func parse(_ text: String, as type: ValType) throws(ParseError) -> ComponentValue {
        var parser = ValueParser(Array(text.unicodeScalars))
        let value = try parser.value(type)
        parser.skipSpace()
        guard parser.atEnd else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Parses a comma-separated list of values (`1, "a"`), one per type.
    public static func parseArguments(_ text: String, as types: [ValType]) throws(ParseError) -> [ComponentValue] {
        var parser = ValueParser(Array(text.unicodeScalars))
        var values: [ComponentValue] = []
        for (i, type) in types.enumerated() {
            if i > 0 { try parser.expect(",") }
            values.append(try parser.value(type))
        }
        parser.skipSpace()
        guard parser.atEnd else { throw parser.error("more arguments than the function takes (\(types.count))") }
        return values
    }

    /// The value in WAVE, with strings and chars escaped: `"text"`, `[1, 2]`, `{x: 1}`, `some(1)`, `ok("a")`.
    public var wave: String {
        switch self {
        case .bool(let v): return String(v)
        case .s8(let v): return String(v)
        case .s16(let v): return String(v)
        case .s32(let v): return String(v)
        case .s64(let v): return String(v)
        case .u8(let v): return String(v)
        case .u16(let v): return String(v)
        case .u32(let v): return String(v)
        case .u64(let v): return String(v)
        case .enum(let name): return name
        case .flags(let set): return "{" + set.sorted().joined(separator: ", ") + "}"
        case .own(let handle): return "own(\(handle))"
        case .borrow(let handle): return "borrow(\(handle))"
        case .string(let text): return "\"" + Self.escape(text, quote: "\"") + "\""
        case .char(let scalar): return "'" + Self.escape(String(scalar), quote: "'") + "'"
        case .f32(let v): return v.isNaN ? "nan" : v.isInfinite ? (v < 0 ? "-inf" : "inf") : String(v)
        case .f64(let v): return v.isNaN ? "nan" : v.isInfinite ? (v < 0 ? "-inf" : "inf") : String(v)
        case .list(let values): return "[" + values.map(\.wave).joined(separator: ", ") + "]"
        case .tuple(let values): return "(" + values.map(\.wave).joined(separator: ", ") + ")"
        case .record(let fields): return "{" + fields.map { "\($0.name): \($0.value.wave)" }.joined(separator: ", ") + "}"
        case .variant(let name, let payload): return payload.map { "\(name)(\($0.wave))" } ?? name
        case .option(let value): return value.map { "some(\($0.wave))" } ?? "none"
        case .result(.success(let value)): return value.map { "ok(\($0.wave))" } ?? "ok"
        case .result(.failure(let error)): return error.payload.map { "err(\($0.wave))" } ?? "err"
        }
    }

    static func escape(_ text: String, quote: Character) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

struct ValueParser {
    let text: [Unicode.Scalar]
    var position = 0

    init(_ text: [Unicode.Scalar]) { self.text = text }

    var atEnd: Bool { position >= text.count }

    func error(_ message: String) -> ComponentValue.ParseError { .init(message: message, offset: position) }

    mutating func skipSpace() {
        while position < text.count, text[position].properties.isWhitespace { position += 1 }
    }

    mutating func expect(_ character: Unicode.Scalar) throws(ComponentValue.ParseError) {
        skipSpace()
        guard position < text.count, text[position] == character else { throw error("expected `\(character)`") }
        position += 1
    }

    mutating func accept(_ character: Unicode.Scalar) -> Bool {
        skipSpace()
        guard position < text.count, text[position] == character else { return false }
        position += 1
        return true
    }

    /// A label or keyword: letters, digits and `-`.
    mutating func word() throws(ComponentValue.ParseError) -> String {
        skipSpace()
        if position < text.count, text[position] == "%" { position += 1 }
        let start = position
        while position < text.count, text[position].properties.isAlphabetic || ("0"..."9").contains(text[position]) || text[position] == "-" {
            position += 1
        }
        guard position > start else { throw error("expected a name") }
        return String(String.UnicodeScalarView(text[start..<position]))
    }

    mutating func number() throws(ComponentValue.ParseError) -> String {
        skipSpace()
        let start = position
        while position < text.count, "+-0123456789.eExabcdfinABCDF_".unicodeScalars.contains(text[position]) { position += 1 }
        guard position > start else { throw error("expected a number") }
        return String(String.UnicodeScalarView(text[start..<position])).replacingUnderscores()
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) throws(ComponentValue.ParseError) -> T {
        let at = position
        let digits = try number()
        guard let value = T(digits) else { throw ComponentValue.ParseError(message: "`\(digits)` is not a \(T.self)", offset: at) }
        return value
    }

    mutating func float() throws(ComponentValue.ParseError) -> Double {
        let at = position
        let digits = try number()
        switch digits {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default:
            guard let value = Double(digits) else { throw ComponentValue.ParseError(message: "`\(digits)` is not a number", offset: at) }
            return value
        }
    }

    mutating func quoted(_ quote: Unicode.Scalar) throws(ComponentValue.ParseError) -> String {
        try expect(quote)
        var out = String.UnicodeScalarView()
        while true {
            guard position < text.count else { throw error("unterminated quoted text") }
            let scalar = text[position]
            position += 1
            if scalar == quote { return String(out) }
            guard scalar == "\\" else {
                out.append(scalar)
                continue
            }
            guard position < text.count else { throw error("unterminated escape") }
            let escaped = text[position]
            position += 1
            switch escaped {
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "u":
                try expect("{")
                let start = position
                while position < text.count, text[position] != "}" { position += 1 }
                guard let code = UInt32(String(String.UnicodeScalarView(text[start..<position])), radix: 16), let value = Unicode.Scalar(code) else {
                    throw error("invalid \\u{...} escape")
                }
                try expect("}")
                out.append(value)
            default: out.append(escaped)
            }
        }
    }

    mutating func value(_ type: ValType) throws(ComponentValue.ParseError) -> ComponentValue {
        switch type {
        case .bool:
            switch try word() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw error("expected true or false")
            }
        case .s8: return .s8(try integer(Int8.self))
        case .u8: return .u8(try integer(UInt8.self))
        case .s16: return .s16(try integer(Int16.self))
        case .u16: return .u16(try integer(UInt16.self))
        case .s32: return .s32(try integer(Int32.self))
        case .u32: return .u32(try integer(UInt32.self))
        case .s64: return .s64(try integer(Int64.self))
        case .u64: return .u64(try integer(UInt64.self))
        case .f32: return .f32(Float(try float()))
        case .f64: return .f64(try float())
        case .char:
            let text = try quoted("'")
            guard text.unicodeScalars.count == 1, let scalar = text.unicodeScalars.first else { throw error("expected one character") }
            return .char(scalar)
        case .string: return .string(try quoted("\""))
        case .list(let element), .fixedList(let element, _):
            try expect("[")
            var values: [ComponentValue] = []
            while !accept("]") {
                if !values.isEmpty { try expect(",") }
                if accept("]") { break }
                values.append(try value(element))
            }
            return .list(values)
        case .map(let key, let mapped):
            return try value(.list(.tuple([key, mapped])))
        case .tuple(let types):
            try expect("(")
            var values: [ComponentValue] = []
            for (i, element) in types.enumerated() {
                if i > 0 { try expect(",") }
                values.append(try value(element))
            }
            _ = accept(",")
            try expect(")")
            return .tuple(values)
        case .record(let fields):
            try expect("{")
            var values: [String: ComponentValue] = [:]
            while !accept("}") {
                if !values.isEmpty { try expect(",") }
                if accept("}") { break }
                let name = try word()
                guard let field = fields.first(where: { $0.name == name }) else { throw error("no field `\(name)`") }
                try expect(":")
                values[name] = try value(field.type)
            }
            var ordered: [(name: String, value: ComponentValue)] = []
            for field in fields {
                if let v = values[field.name] {
                    ordered.append((field.name, v))
                } else if case .option = field.type {
                    ordered.append((field.name, .option(nil)))
                } else {
                    throw error("missing field `\(field.name)`")
                }
            }
            return .record(ordered)
        case .variant(let cases):
            let name = try word()
            guard let match = cases.first(where: { $0.name == name }) else { throw error("no case `\(name)`") }
            return .variant(name, try payload(match.type))
        case .enum(let labels):
            let name = try word()
            guard labels.contains(name) else { throw error("no case `\(name)`") }
            return .enum(name)
        case .option(let some):
            switch try word() {
            case "none": return .option(nil)
            case "some": return .option(try payload(some))
            default: throw error("expected some(...) or none")
            }
        case .result(let ok, let failure):
            switch try word() {
            case "ok": return .result(.success(try payload(ok)))
            case "err": return .result(.failure(.init(try payload(failure))))
            default: throw error("expected ok or err")
            }
        case .flags(let labels):
            try expect("{")
            var set: Set<String> = []
            while !accept("}") {
                if !set.isEmpty { try expect(",") }
                if accept("}") { break }
                let name = try word()
                guard labels.contains(name) else { throw error("no flag `\(name)`") }
                set.insert(name)
            }
            return .flags(set)
        case .own, .borrow, .stream, .future, .errorContext:
            throw error("resource handles and async values cannot be written as text")
        }
    }

    /// `(value)` when the case has a type, nothing when it has none.
    mutating func payload(_ type: ValType?) throws(ComponentValue.ParseError) -> ComponentValue? {
        guard let type else { return nil }
        try expect("(")
        let inner = try value(type)
        try expect(")")
        return inner
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
