/// Decodes the instructions of one function body (or any expression) on the fly.
///
/// ```swift
/// var reader = InstructionReader(bytes: module.bytes, range: body.range)
/// while !reader.isAtEnd {
///     let offset = reader.offset
///     let instruction = try reader.next()
/// }
/// ```
/// Decoding allocates nothing except the vectors of `br_table` and typed `select`.
public struct InstructionReader: Sendable {
    /// The underlying bounded byte reader.
    @usableFromInline var reader: ByteReader

    /// Makes a reader over `range` of `bytes` (a function body's ``FunctionBody/range``).
    public init(bytes: [UInt8], range: Range<Int>) {
        reader = ByteReader(bytes: bytes, range: range, endMessage: DecodeError.Message.unexpectedEndOfSection)
    }

    /// The bytes the range points into (usually ``Module/bytes``).
    @inlinable public var bytes: [UInt8] { reader.bytes }

    /// Offset of the next instruction in ``bytes``.
    @inlinable public var offset: Int { reader.offset }

    /// Offset just past the last byte of the range.
    @inlinable public var endOffset: Int { reader.end }

    /// Whether every byte of the range has been read.
    @inlinable public var isAtEnd: Bool { reader.isAtEnd }

    /// Decodes the next instruction.
    /// - Throws: ``DecodeError`` (`illegal opcode`, `unexpected end of section or function`, LEB128 errors, ...).
    @inlinable
    public mutating func next() throws(DecodeError) -> Instruction {
        try reader.readInstruction()
    }
}
