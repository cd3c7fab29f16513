/// A guest memory backed by a Swift array, for tests and for embedding without an engine.
///
/// ```swift
/// let memory = ByteMemory(count: 1024)
/// try memory.write(Array("hi".utf8), at: 0)
/// ```
public final class ByteMemory: GuestMemory {
    /// The bytes.
    public var storage: [UInt8]

    /// A zero-filled memory of `count` bytes.
    public init(count: Int) {
        storage = [UInt8](repeating: 0, count: max(0, count))
    }

    /// Calls `body` with the bytes.
    public func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeMutableBytes { try body($0) }
    }
}
