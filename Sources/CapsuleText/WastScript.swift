import WAT

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
        var parser = WastScriptParser(bytes: bytes)
        self.directives = parser.parse()
    }
}

/// Cuts the script into top-level forms and hands each to WasmKit's WAST parser.
struct WastScriptParser {
    /// Keywords that start a module field: a script may be a bare module written as fields.
    static let moduleFieldKeywords: Set<String> = [
        "type", "import", "func", "table", "memory", "global", "export", "start", "elem", "data", "tag", "rec",
    ]

    let bytes: [UInt8]
    var directives: [WastDirective] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func parse() -> [WastDirective] {
        var reader = SExpressionReader(bytes: bytes)
        // Consecutive top-level module fields form one inline module.
        var fields: (first: TopLevelForm, end: Int)?
        while true {
            let form: TopLevelForm
            do {
                guard let next = try reader.nextTopLevelForm() else { break }
                form = next
            } catch {
                flush(&fields)
                directives.append(
                    WastDirective(
                        line: error.line,
                        kind: .unparsable(keyword: nil, error: TextError(message: error.message, line: error.line, column: error.column))
                    ))
                break
            }
            if let keyword = form.keyword, Self.moduleFieldKeywords.contains(keyword) {
                if let current = fields {
                    fields = (current.first, form.range.upperBound)
                } else {
                    fields = (form, form.range.upperBound)
                }
                continue
            }
            flush(&fields)
            directives.append(WastDirective(line: form.line, kind: directive(for: form)))
        }
        flush(&fields)
        return directives
    }

    private mutating func flush(_ fields: inout (first: TopLevelForm, end: Int)?) {
        guard let current = fields else { return }
        fields = nil
        var form = current.first
        form.range = form.range.lowerBound..<current.end
        directives.append(WastDirective(line: form.line, kind: directive(for: form)))
    }

    /// Parses one top-level form with WasmKit's WAST parser, falling back to Capsule's own reading for the
    /// forms it does not handle.
    private func directive(for form: TopLevelForm) -> WastDirectiveKind {
        let text = String(decoding: bytes[clamped: form.range], as: UTF8.self)
        let converter = WastConverter(bytes: bytes, form: form)
        do throws(WatParserError) {
            var wast = try parseWAST(text, features: [.referenceTypes, .simd])
            guard let (directive, _) = try wast.nextDirective() else {
                return .unparsable(keyword: form.keyword, error: TextError(message: "empty directive", line: form.line, column: form.column))
            }
            return converter.convert(directive)
        } catch {
            return fallback(for: form, error: converter.textError(error))
        }
    }

    /// Handles a form that WasmKit's WAST parser rejected.
    ///
    /// - `assert_uninstantiable` is not known to WasmKit 0.4.2: its module and message are read here.
    /// - In `assert_malformed` and `assert_invalid`, a text module that does not parse is a rejected module,
    ///   not a broken script.
    private func fallback(for form: TopLevelForm, error: TextError) -> WastDirectiveKind {
        let keyword = form.keyword
        switch keyword {
        case "assert_uninstantiable", "assert_malformed", "assert_invalid", "assert_unlinkable":
            break
        default:
            return .unparsable(keyword: keyword, error: error)
        }
        var reader = SExpressionReader(bytes: bytes, startingAt: form.range.lowerBound, line: form.line, column: form.column)
        guard let tree = try? reader.nextExpression() else { return .unparsable(keyword: keyword, error: error) }
        let elements = tree.elements
        guard elements.count == 3, elements[1].head(in: bytes) == "module", let messageBytes = elements[2].stringValue(in: bytes)
        else {
            return .unparsable(keyword: keyword, error: error)
        }
        let message = String(decoding: messageBytes, as: UTF8.self)
        let moduleForm = TopLevelForm(
            range: elements[1].range, line: elements[1].line, column: elements[1].column, keyword: "module")
        let module: WastModule
        switch parseModule(moduleForm) {
        case .success(let parsed):
            module = parsed
        case .failure(let moduleError):
            guard keyword == "assert_malformed" || keyword == "assert_invalid" else {
                return .unparsable(keyword: keyword, error: moduleError)
            }
            module = WastModule(source: .text(.failure(moduleError)))
        }
        switch keyword {
        case "assert_uninstantiable": return .assertUninstantiable(module, message: message)
        case "assert_unlinkable": return .assertUnlinkable(module, message: message)
        case "assert_malformed": return .assertMalformed(module, message: message)
        default: return .assertInvalid(module, message: message)
        }
    }

    /// Parses a lone `(module ...)` form.
    private func parseModule(_ form: TopLevelForm) -> Result<WastModule, TextError> {
        let text = String(decoding: bytes[clamped: form.range], as: UTF8.self)
        let converter = WastConverter(bytes: bytes, form: form)
        do throws(WatParserError) {
            var wast = try parseWAST(text, features: [.referenceTypes, .simd])
            if let (directive, _) = try wast.nextDirective(), case .module(let module) = directive {
                return .success(converter.convert(module))
            }
            return .failure(TextError(message: "expected a module", line: form.line, column: form.column))
        } catch {
            return .failure(converter.textError(error))
        }
    }
}

extension Array {
    /// The elements in `range`, clamped to the array's bounds.
    subscript(clamped range: Range<Int>) -> ArraySlice<Element> {
        let lower = Swift.max(0, Swift.min(range.lowerBound, count))
        let upper = Swift.max(lower, Swift.min(range.upperBound, count))
        return self[lower..<upper]
    }
}
