import CapsuleCore

/// A bounds-checked cursor over a range of a byte array: fixed-width integers, LEB128, names and vectors.
///
/// Every read checks the reader's ``end`` and throws ``DecodeError`` (with the byte offset) instead of
/// reading past it. The module decoder reads sections and function bodies with readers that end at the
/// end of the module and checks their sizes afterwards (as the reference interpreter does, so that
/// errors get the same wording); ``InstructionReader`` is bounded to one body.
///
/// ```swift
/// var reader = ByteReader(bytes: [0xE5, 0x8E, 0x26])
/// let value = try reader.readU32() // 624485
/// ```
public struct ByteReader: Sendable {
    /// All the bytes (offsets are positions in this array).
    public let bytes: [UInt8]
    /// Offset of the next byte to read.
    public var offset: Int
    /// Offset just past the last byte this reader may read.
    public let end: Int
    /// The message of the error thrown when a read overruns ``end``.
    public var endMessage: String
    /// The features the bytes may use: without ``WasmFeatures/memory64`` limits and offsets are `u32`,
    /// without ``WasmFeatures/multiMemory`` a memory index is a reserved zero byte (WebAssembly 2.0).
    public var features: WasmFeatures = .wasm3

    /// A reader over `range` of `bytes` (clamped to the array), failing with `endMessage` when a read overruns it.
    public init(bytes: [UInt8], range: Range<Int>, endMessage: String = DecodeError.Message.unexpectedEndOfSection) {
        self.bytes = bytes
        let lower = min(max(range.lowerBound, 0), bytes.count)
        let upper = min(max(range.upperBound, lower), bytes.count)
        self.offset = lower
        self.end = upper
        self.endMessage = endMessage
    }

    /// A reader over all of `bytes`.
    public init(bytes: [UInt8], endMessage: String = DecodeError.Message.unexpectedEnd) {
        self.init(bytes: bytes, range: 0..<bytes.count, endMessage: endMessage)
    }

    /// Whether every byte up to ``end`` has been read.
    @inlinable public var isAtEnd: Bool { offset >= end }

    /// Number of bytes left before ``end``.
    @inlinable public var remaining: Int { end - offset }

    /// The error for a read that overruns ``end``.
    @usableFromInline func endError() -> DecodeError {
        DecodeError(endMessage, offset: end)
    }

    /// The next byte, without consuming it; `nil` at the end.
    @inlinable public func peekByte() -> UInt8? {
        offset < end ? bytes[offset] : nil
    }

    /// Reads one byte.
    /// - Throws: ``endMessage`` at the end.
    @inlinable @inline(__always)
    public mutating func readByte() throws(DecodeError) -> UInt8 {
        guard offset < end else { throw endError() }
        let byte = bytes[offset]
        offset &+= 1
        return byte
    }

    /// Skips `count` bytes and returns their range.
    /// - Throws: ``endMessage`` when fewer than `count` bytes remain.
    public mutating func readBytes(count: Int) throws(DecodeError) -> Range<Int> {
        guard count >= 0, count <= remaining else { throw endError() }
        let start = offset
        offset = start + count
        return start..<offset
    }

    /// Reads a little-endian 32-bit value (an `f32` bit pattern).
    public mutating func readFixedU32() throws(DecodeError) -> UInt32 {
        guard remaining >= 4 else { offset = end; throw endError() }
        var value: UInt32 = 0
        for i in 0..<4 { value |= UInt32(bytes[offset &+ i]) << (8 * UInt32(i)) }
        offset &+= 4
        return value
    }

    /// Reads a little-endian 64-bit value (an `f64` bit pattern or half of a `v128`).
    public mutating func readFixedU64() throws(DecodeError) -> UInt64 {
        guard remaining >= 8 else { offset = end; throw endError() }
        var value: UInt64 = 0
        for i in 0..<8 { value |= UInt64(bytes[offset &+ i]) << (8 * UInt64(i)) }
        offset &+= 8
        return value
    }

    /// Reads a length (`u32`) that counts bytes or items which follow.
    ///
    /// As in the reference interpreter, the length must not exceed the bytes that remain counted from
    /// the start of the length itself (a length a few bytes too long then fails on the read that
    /// overruns). Every vector element takes at least one byte, so the check also bounds vector counts
    /// and any capacity reserved for them.
    /// - Throws: `length out of bounds`, or LEB128 errors.
    public mutating func readLength() throws(DecodeError) -> Int {
        let start = offset
        let length = Int(try readU32())
        guard length <= end - start else { throw DecodeError(DecodeError.Message.lengthOutOfBounds, offset: start) }
        return length
    }

    /// Reads a name: a length-prefixed UTF-8 string.
    /// - Throws: `length out of bounds`, `malformed UTF-8 encoding`, or LEB128 errors.
    public mutating func readName() throws(DecodeError) -> String {
        let start = offset
        let length = try readLength()
        let range = try readBytes(count: length)
        guard let name = String(validating: bytes[range], as: UTF8.self) else {
            throw DecodeError(DecodeError.Message.malformedUTF8, offset: start)
        }
        return name
    }
}
