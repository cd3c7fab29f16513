import Foundation

/// A minimal `.wast` reader for decoder tests: top-level directives and the modules inside them.
///
/// It knows only enough of the script syntax to find `(module ...)` forms (binary, quoted or text)
/// and the directive around each; the full directive runner lives in CapsuleSpecTest.
enum Wast {
    /// A parsed S-expression.
    indirect enum Node {
        case list([Node], range: Range<Int>)
        case atom(String)
        case string([UInt8])

        var items: [Node] {
            if case .list(let items, _) = self { return items }
            return []
        }

        var atomValue: String? {
            if case .atom(let value) = self { return value }
            return nil
        }

        var stringValue: [UInt8]? {
            if case .string(let value) = self { return value }
            return nil
        }
    }

    /// How a module is written.
    enum ModuleSource {
        case binary([UInt8])
        case quote(String)
        case text(String)
    }

    /// A module and the directive it appears in (`module` for a plain definition).
    struct ModuleEntry {
        var directive: String
        var source: ModuleSource
        /// The expected failure message of assertions.
        var message: String?
        var file: String
        var line: Int
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Every module of a script, in order.
    static func modules(in text: String, file: String) throws -> [ModuleEntry] {
        var parser = Parser(text: text)
        let utf8 = Array(text.utf8)
        var entries: [ModuleEntry] = []
        var line = 1
        var lineCountedTo = 0
        for node in try parser.parseAll() {
            guard case .list(let items, let range) = node, let head = items.first?.atomValue else { continue }
            for byte in utf8[lineCountedTo..<range.lowerBound] where byte == 0x0A { line += 1 }
            lineCountedTo = range.lowerBound
            if head == "module" {
                entries.append(ModuleEntry(directive: head, source: moduleSource(node, text: utf8), message: nil, file: file, line: line))
            } else if head.hasPrefix("assert_"), items.count >= 2, items[1].items.first?.atomValue == "module" {
                let message = items.count >= 3 ? items[2].stringValue.map { String(decoding: $0, as: UTF8.self) } : nil
                entries.append(ModuleEntry(directive: head, source: moduleSource(items[1], text: utf8), message: message, file: file, line: line))
            }
        }
        return entries
    }

    private static func moduleSource(_ node: Node, text: [UInt8]) -> ModuleSource {
        guard case .list(var items, let range) = node else { return .text("") }
        items.removeFirst()
        if let name = items.first?.atomValue, name.hasPrefix("$") { items.removeFirst() }
        switch items.first?.atomValue {
        case "binary":
            return .binary(items.dropFirst().compactMap(\.stringValue).flatMap { $0 })
        case "quote":
            return .quote(items.dropFirst().compactMap(\.stringValue).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " "))
        default:
            return .text(String(decoding: text[range], as: UTF8.self))
        }
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(text: String) {
            bytes = Array(text.utf8)
        }

        mutating func parseAll() throws -> [Node] {
            var nodes: [Node] = []
            while true {
                skipTrivia()
                if position >= bytes.count { return nodes }
                nodes.append(try parseNode())
            }
        }

        private func peek(_ offset: Int = 0) -> UInt8? {
            position + offset < bytes.count ? bytes[position + offset] : nil
        }

        private mutating func skipTrivia() {
            while let c = peek() {
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                    position += 1
                } else if c == UInt8(ascii: ";") && peek(1) == UInt8(ascii: ";") {
                    while let d = peek(), d != 0x0A { position += 1 }
                } else if c == UInt8(ascii: "(") && peek(1) == UInt8(ascii: ";") {
                    var depth = 0
                    while position < bytes.count {
                        if peek() == UInt8(ascii: "(") && peek(1) == UInt8(ascii: ";") {
                            depth += 1
                            position += 2
                        } else if peek() == UInt8(ascii: ";") && peek(1) == UInt8(ascii: ")") {
                            depth -= 1
                            position += 2
                            if depth == 0 { break }
                        } else {
                            position += 1
                        }
                    }
                } else {
                    return
                }
            }
        }

        private static func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }

        private mutating func parseNode() throws -> Node {
            guard let c = peek() else { throw ParseError(description: "unexpected end of script") }
            if c == UInt8(ascii: "(") {
                let start = position
                position += 1
                var items: [Node] = []
                while true {
                    skipTrivia()
                    guard let d = peek() else { throw ParseError(description: "unclosed list") }
                    if d == UInt8(ascii: ")") {
                        position += 1
                        return .list(items, range: start..<position)
                    }
                    items.append(try parseNode())
                }
            }
            if c == UInt8(ascii: "\"") {
                position += 1
                var value: [UInt8] = []
                while let d = peek(), d != UInt8(ascii: "\"") {
                    position += 1
                    guard d == UInt8(ascii: "\\"), let e = peek() else {
                        value.append(d)
                        continue
                    }
                    position += 1
                    switch e {
                    case UInt8(ascii: "n"): value.append(0x0A)
                    case UInt8(ascii: "t"): value.append(0x09)
                    case UInt8(ascii: "r"): value.append(0x0D)
                    case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "\\"): value.append(e)
                    case UInt8(ascii: "u"):
                        var scalarValue: UInt32 = 0
                        position += 1 // {
                        while let h = peek(), h != UInt8(ascii: "}") {
                            scalarValue = scalarValue * 16 + UInt32(Self.hexValue(h) ?? 0)
                            position += 1
                        }
                        position += 1 // }
                        if let scalar = Unicode.Scalar(scalarValue) {
                            value.append(contentsOf: Array(String(Character(scalar)).utf8))
                        }
                    default:
                        guard let high = Self.hexValue(e), let lowByte = peek(), let low = Self.hexValue(lowByte) else {
                            throw ParseError(description: "bad escape")
                        }
                        position += 1
                        value.append(high * 16 + low)
                    }
                }
                position += 1
                return .string(value)
            }
            let start = position
            while let d = peek(), d != 0x20, d != 0x09, d != 0x0A, d != 0x0D,
                  d != UInt8(ascii: "("), d != UInt8(ascii: ")"), d != UInt8(ascii: "\"") {
                if d == UInt8(ascii: ";") && peek(1) == UInt8(ascii: ";") { break }
                position += 1
            }
            return .atom(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }
}
