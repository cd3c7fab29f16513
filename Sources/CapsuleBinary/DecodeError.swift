/// A malformed binary: the byte offset where decoding failed and the specification's category of error.
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset in the module where the problem was found.
    public var offset: Int
    /// The message, using the specification test suite's wording (`unexpected end`, `integer too large`, ...).
    public var message: String

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "offset \(offset): \(message)" }
}
