/// A malformed binary: the byte offset where decoding failed and the specification's category of error.
///
/// Messages use the wording of the specification test suite's `assert_malformed` directives, so a
/// test runner can compare them by prefix (the suite's reference interpreter appends details, such as
/// the opcode after `illegal opcode`). The known messages are collected in ``DecodeError/Message``.
///
/// ```swift
/// do { _ = try Module(decoding: [0x00, 0x61, 0x73]) } catch { print(error) } // offset 3: unexpected end
/// ```
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset in the module where the problem was found.
    public var offset: Int
    /// The message, using the specification test suite's wording (`unexpected end`, `integer too large`, ...).
    public var message: String

    /// Makes an error with a message (preferably one of ``DecodeError/Message``) at a byte offset.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// `offset N: message`.
    public var description: String { "offset \(offset): \(message)" }
}

extension DecodeError {
    /// The messages the decoder produces (the suite's wording; some get a detail appended).
    public enum Message {
        /// The module ends inside its header or a section header.
        public static let unexpectedEnd = "unexpected end"
        /// A section, function body or other bounded item ends before its contents do.
        public static let unexpectedEndOfSection = "unexpected end of section or function"
        /// A length (section size, name length, vector count) exceeds the bytes that remain.
        public static let lengthOutOfBounds = "length out of bounds"
        /// A LEB128 integer uses more bytes than its type allows.
        public static let integerTooLong = "integer representation too long"
        /// A LEB128 integer's unused bits in its last byte are not zero (or not a sign extension).
        public static let integerTooLarge = "integer too large"
        /// A name is not valid UTF-8.
        public static let malformedUTF8 = "malformed UTF-8 encoding"
        /// The first four bytes are not `\0asm`.
        public static let magicHeaderNotDetected = "magic header not detected"
        /// The version field is not 1.
        public static let unknownBinaryVersion = "unknown binary version"
        /// A section id above 13.
        public static let malformedSectionID = "malformed section id"
        /// A section's contents do not fill exactly its declared size.
        public static let sectionSizeMismatch = "section size mismatch"
        /// A section appears twice or out of order, or bytes follow the last section.
        public static let unexpectedContentAfterLastSection = "unexpected content after last section"
        /// The function and code sections declare different numbers of functions.
        public static let functionAndCodeInconsistent = "function and code section have inconsistent lengths"
        /// The data count section disagrees with the data section.
        public static let dataCountInconsistent = "data count and data section have inconsistent lengths"
        /// `memory.init` or `data.drop` is used without a data count section.
        public static let dataCountRequired = "data count section required"
        /// A function declares 2^32 or more locals.
        public static let tooManyLocals = "too many locals"
        /// A reserved byte (memory index of `memory.*`) is not zero.
        public static let zeroByteExpected = "zero byte expected"
        /// An unknown opcode; the opcode follows in hexadecimal.
        public static let illegalOpcode = "illegal opcode"
        /// A block, function or constant expression does not end with `end` where it must.
        public static let endOpcodeExpected = "END opcode expected"
        /// A global's mutability byte is neither 0 nor 1.
        public static let malformedMutability = "malformed mutability"
        /// A byte that must be `funcref` or `externref` is not.
        public static let malformedReferenceType = "malformed reference type"
        /// A byte that must be a value type is not.
        public static let malformedValueType = "malformed value type"
        /// A type section entry does not start with 0x60.
        public static let malformedFunctionType = "malformed function type"
        /// A block type index is negative.
        public static let malformedBlockType = "malformed block type"
        /// An import kind byte above 4.
        public static let malformedImportKind = "malformed import kind"
        /// An export kind byte above 4.
        public static let malformedExportKind = "malformed export kind"
        /// A `try_table` catch clause whose kind byte is above 3.
        public static let malformedCatchClause = "malformed catch clause"
        /// A tag type's attribute byte is not 0 (exception).
        public static let malformedTagAttribute = "malformed tag attribute"
        /// An element kind byte other than 0 (funcref).
        public static let malformedElementKind = "malformed element kind"
        /// An element segment flags value above 7.
        public static let malformedElementSegmentKind = "malformed elements segment kind"
        /// A data segment flags value above 2.
        public static let malformedDataSegmentKind = "malformed data segment kind"
        /// A limits flag other than 0x00, 0x01, 0x04 and 0x05.
        public static let malformedLimitsFlags = "malformed limits flags"
        /// A memarg flags field of 0x80 or more (bit 6 selects an explicit memory index).
        public static let malformedMemopFlags = "malformed memop flags"
    }
}
