import CapsuleBinary
import CapsuleCore
import Testing

/// Builds binary modules byte by byte, for invalid modules that the text format refuses to
/// encode (out-of-range indices, `select` with a type vector of the wrong length, ...).
struct BinaryBuilder {
    private var sections: [(id: UInt8, payload: [UInt8])] = []

    /// Unsigned LEB128.
    static func leb(_ value: UInt32) -> [UInt8] {
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

    /// A vector: its length, then its items.
    static func vector(_ items: [[UInt8]]) -> [UInt8] {
        leb(UInt32(items.count)) + items.flatMap { $0 }
    }

    /// A name: its UTF-8 length, then its bytes.
    static func name(_ text: String) -> [UInt8] {
        leb(UInt32(text.utf8.count)) + Array(text.utf8)
    }

    /// A function type `params -> results`.
    static func funcType(_ params: [ValueType], _ results: [ValueType]) -> [UInt8] {
        let encodedParams: [UInt8] = params.flatMap(\.binaryEncoding)
        let encodedResults: [UInt8] = results.flatMap(\.binaryEncoding)
        return [0x60] + leb(UInt32(params.count)) + encodedParams + leb(UInt32(results.count)) + encodedResults
    }

    /// A function body: local declarations (count, type) and instruction bytes (ending with `end`).
    static func body(locals: [(UInt32, ValueType)] = [], _ code: [UInt8]) -> [UInt8] {
        let content = vector(locals.map { leb($0.0) + $0.1.binaryEncoding }) + code
        return leb(UInt32(content.count)) + content
    }

    /// Adds a section whose payload is a vector of the given items.
    mutating func section(_ id: UInt8, _ items: [[UInt8]]) {
        sections.append((id, Self.vector(items)))
    }

    /// Adds a section with a raw payload.
    mutating func rawSection(_ id: UInt8, _ payload: [UInt8]) {
        sections.append((id, payload))
    }

    /// The module's bytes.
    var bytes: [UInt8] {
        var result: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        for section in sections {
            result.append(section.id)
            result += Self.leb(UInt32(section.payload.count)) + section.payload
        }
        return result
    }

    /// A module with one function `params -> results` and the given code, after `before` sections
    /// (ids 2 and up to 9, such as imports, tables, memories, globals) and before `after` sections (data).
    static func singleFunction(
        params: [ValueType] = [], results: [ValueType] = [], locals: [(UInt32, ValueType)] = [], code: [UInt8],
        before: [(UInt8, [[UInt8]])] = [], dataCount: UInt32? = nil, after: [(UInt8, [[UInt8]])] = []
    ) -> [UInt8] {
        var builder = BinaryBuilder()
        builder.section(1, [funcType(params, results)])
        for (id, items) in before where id < 3 { builder.section(id, items) }
        builder.section(3, [[0x00]])
        for (id, items) in before where id >= 3 { builder.section(id, items) }
        if let dataCount { builder.rawSection(12, leb(dataCount)) }
        builder.section(10, [body(locals: locals, code)])
        for (id, items) in after { builder.section(id, items) }
        return builder.bytes
    }
}

/// Expects the binary module to decode and then fail validation with a message starting with `message`.
func expectInvalid(bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = Fixture.validationError(try Module(decoding: bytes))
    #expect(error != nil, "module should be invalid (\(message))", sourceLocation: sourceLocation)
    if let error {
        #expect(error.message.hasPrefix(message), "got \"\(error.message)\", expected \"\(message)\"", sourceLocation: sourceLocation)
    }
}

/// Expects the binary module to decode and validate.
func expectValid(bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = Fixture.validationError(try Module(decoding: bytes))
    #expect(error == nil, "unexpected validation error: \(error?.description ?? "")", sourceLocation: sourceLocation)
}
