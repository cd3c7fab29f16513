/// Builds the embedder's part of a checkpoint (``Instance/writeCheckpoint(_:embedderData:to:)``):
/// little-endian integers, length-prefixed strings and byte strings, read back in the same order by
/// ``CheckpointDataReader``.
///
/// ```swift
/// var writer = CheckpointDataWriter()
/// writer.string("config v2")
/// writer.u64(42)
/// let data = writer.bytes
/// ```
public struct CheckpointDataWriter: Sendable {
    /// What was written so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// One byte.
    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    /// A 32-bit integer, little-endian.
    public mutating func u32(_ value: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) } }
    /// A 64-bit integer, little-endian.
    public mutating func u64(_ value: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) } }
    /// A flag, as one byte.
    public mutating func bool(_ value: Bool) { u8(value ? 1 : 0) }
    /// A byte string: its length, then its bytes.
    public mutating func data(_ value: [UInt8]) {
        u64(UInt64(value.count))
        bytes += value
    }
    /// A string, as its UTF-8 bytes.
    public mutating func string(_ value: String) { data(Array(value.utf8)) }
}

/// Reads what a ``CheckpointDataWriter`` wrote; running past the end, or a length larger than what
/// is left, is a ``SnapshotError`` (the data may come from a hostile file).
public struct CheckpointDataReader: Sendable {
    private let bytes: [UInt8]
    private var position = 0

    /// A reader at the start of `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether everything was read.
    public var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws(SnapshotError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else { throw SnapshotError("the checkpoint's embedder data is truncated") }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// One byte.
    public mutating func u8() throws(SnapshotError) -> UInt8 { try take(1).first ?? 0 }
    /// A 32-bit integer.
    public mutating func u32() throws(SnapshotError) -> UInt32 { try take(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    /// A 64-bit integer.
    public mutating func u64() throws(SnapshotError) -> UInt64 { try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) } }
    /// A flag (any byte but 0 or 1 is an error).
    public mutating func bool() throws(SnapshotError) -> Bool {
        let value = try u8()
        guard value <= 1 else { throw SnapshotError("the checkpoint's embedder data is malformed (a flag of \(value))") }
        return value == 1
    }
    /// A byte string.
    public mutating func data() throws(SnapshotError) -> [UInt8] {
        let count = try u64()
        guard count <= UInt64(bytes.count - position) else { throw SnapshotError("the checkpoint's embedder data is truncated") }
        return Array(try take(Int(count)))
    }
    /// A string (invalid UTF-8 is an error).
    public mutating func string() throws(SnapshotError) -> String {
        let data = try data()
        guard let text = String(validating: data, as: UTF8.self) else { throw SnapshotError("the checkpoint's embedder data holds a string that is not UTF-8") }
        return text
    }
}
