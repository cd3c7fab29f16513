import CapsuleBinary

/// Small helpers to write binary modules by hand in tests.
enum Binary {
    /// `\0asm` and version 1.
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// Minimal unsigned LEB128.
    static func u(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    /// Minimal signed LEB128.
    static func s(_ value: Int64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        while true {
            let byte = UInt8(value & 0x7F)
            value >>= 7
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                bytes.append(byte)
                return bytes
            }
            bytes.append(byte | 0x80)
        }
    }

    /// A length-prefixed name.
    static func name(_ text: String) -> [UInt8] {
        u(UInt64(text.utf8.count)) + Array(text.utf8)
    }

    /// A vector: count, then the items' bytes.
    static func vector(_ items: [[UInt8]]) -> [UInt8] {
        u(UInt64(items.count)) + items.flatMap { $0 }
    }

    /// A section: id, size, contents.
    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + u(UInt64(contents.count)) + contents
    }

    /// A module: the header, then the given sections.
    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    /// A code entry: size, local declarations, then the body bytes (which should end with 0x0B).
    static func code(locals: [(UInt32, UInt8)] = [], _ body: [UInt8]) -> [UInt8] {
        let declarations = vector(locals.map { u(UInt64($0.0)) + [$0.1] })
        let entry = declarations + body
        return u(UInt64(entry.count)) + entry
    }

    /// A module with one `[] -> []` function whose body is `body` (ending with 0x0B); optionally a
    /// memory, a table and a data count.
    static func function(_ body: [UInt8], locals: [(UInt32, UInt8)] = [], memory: Bool = false, dataCount: UInt32? = nil) -> [UInt8] {
        var sections: [[UInt8]] = [
            section(1, vector([[0x60, 0x00, 0x00]])),
            section(3, vector([[0x00]])),
        ]
        if memory { sections.append(section(5, vector([[0x00, 0x01]]))) }
        if let dataCount { sections.append(section(12, u(UInt64(dataCount)))) }
        sections.append(section(10, vector([code(locals: locals, body)])))
        return header + sections.flatMap { $0 }
    }

    /// Decodes and returns the error, or `nil` when decoding succeeds.
    static func error(_ bytes: [UInt8]) -> DecodeError? {
        do {
            _ = try Module(decoding: bytes)
            return nil
        } catch {
            return error
        }
    }

    /// Decodes the single function body of `module` into instructions.
    static func instructions(_ module: Module, function: Int = 0) throws -> [Instruction] {
        var reader = InstructionReader(bytes: module.bytes, range: module.codes[function].range)
        var result: [Instruction] = []
        while !reader.isAtEnd { result.append(try reader.next()) }
        return result
    }
}
