import CapsuleCore

// CONTRACT STUB: replaced by the real decoder.

extension Module {
    /// Decodes a complete binary module, including every function body's instruction syntax.
    ///
    /// - Throws: ``DecodeError`` with the byte offset and the spec's error category.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        self.init()
        self.bytes = bytes
        throw DecodeError("not implemented", offset: 0)
    }
}

/// Decodes the instructions of one function body (or any expression) on the fly.
///
/// ```swift
/// var reader = InstructionReader(bytes: module.bytes, range: body.range)
/// while !reader.isAtEnd {
///     let offset = reader.offset
///     let instruction = try reader.next()
/// }
/// ```
public struct InstructionReader: Sendable {
    public let bytes: [UInt8]
    /// Offset of the next instruction in ``bytes``.
    public private(set) var offset: Int
    public let endOffset: Int

    public init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.endOffset = range.upperBound
    }

    /// Whether every byte of the range has been read.
    public var isAtEnd: Bool { offset >= endOffset }

    /// Decodes the next instruction.
    public mutating func next() throws(DecodeError) -> Instruction {
        throw DecodeError("not implemented", offset: offset)
    }
}
