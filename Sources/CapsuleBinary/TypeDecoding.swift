import CapsuleCore

// Types in the binary format: value types, reference types, limits, table, memory and global types,
// and block types.

extension ByteReader {
    /// Reads a byte that encodes a type (a one-byte signed LEB128 in the binary format).
    ///
    /// - Throws: `integer representation too long` when the byte has its continuation bit set.
    @inline(__always)
    mutating func readTypeByte() throws(DecodeError) -> UInt8 {
        let byte = try readByte()
        if byte & 0x80 != 0 { throw DecodeError(DecodeError.Message.integerTooLong, offset: offset) }
        return byte
    }

    /// Reads a value type (`i32`, `i64`, `f32`, `f64`, `v128`, `funcref`, `externref`).
    /// - Throws: `malformed value type`, or the errors of a type byte.
    public mutating func readValueType() throws(DecodeError) -> ValueType {
        let start = offset
        let byte = try readTypeByte()
        guard let type = ValueType(rawValue: byte) else {
            throw DecodeError(DecodeError.Message.malformedValueType, offset: start)
        }
        return type
    }

    /// Reads a reference type (`funcref` or `externref`).
    /// - Throws: `malformed reference type`, or the errors of a type byte.
    public mutating func readReferenceType() throws(DecodeError) -> ValueType {
        let start = offset
        let byte = try readTypeByte()
        guard let type = ValueType(rawValue: byte), type.isReference else {
            throw DecodeError(DecodeError.Message.malformedReferenceType, offset: start)
        }
        return type
    }

    /// Reads limits: a flag byte (bit 0: a maximum follows; bit 2: 64-bit address type), the minimum
    /// and, with bit 0, the maximum, both `u64` (validation bounds them by the address type).
    /// - Throws: `malformed limits flags` for any other flag, LEB128 errors or the end error.
    public mutating func readLimits() throws(DecodeError) -> Limits {
        let start = offset
        let flags = try readByte()
        if !features.contains(.memory64) {
            // WebAssembly 2.0 reads the flag as a one-bit LEB128 integer.
            guard flags & 0x80 == 0 else { throw DecodeError(DecodeError.Message.integerTooLong, offset: start) }
            guard flags <= 1 else { throw DecodeError(DecodeError.Message.integerTooLarge, offset: start) }
        }
        guard flags & ~0x05 == 0 else { throw DecodeError(DecodeError.Message.malformedLimitsFlags, offset: start) }
        let minimum = try readAddressU64()
        let maximum = flags & 0x01 != 0 ? try readAddressU64() : nil
        return Limits(min: minimum, max: maximum, addressType: flags & 0x04 != 0 ? .i64 : .i32)
    }

    /// Reads a size or an offset: a `u64` with memory64, a `u32` without (WebAssembly 2.0).
    @inline(__always)
    mutating func readAddressU64() throws(DecodeError) -> UInt64 {
        features.contains(.memory64) ? try readU64() : UInt64(try readU32())
    }

    /// Reads a memory index: a `u32` with multi-memory, a reserved zero byte without (WebAssembly 2.0).
    @inline(__always)
    mutating func readMemoryIndex() throws(DecodeError) -> UInt32 {
        if features.contains(.multiMemory) { return try readU32() }
        try readZeroByte()
        return 0
    }

    /// Reads a table type: reference type, then limits.
    public mutating func readTableType() throws(DecodeError) -> TableType {
        let elementType = try readReferenceType()
        let limits = try readLimits()
        return TableType(elementType: elementType, limits: limits)
    }

    /// Reads a memory type: limits.
    public mutating func readMemoryType() throws(DecodeError) -> MemoryType {
        MemoryType(limits: try readLimits())
    }

    /// Reads a global type: value type, then mutability (0 or 1).
    /// - Throws: `malformed mutability`, or the errors of a value type.
    public mutating func readGlobalType() throws(DecodeError) -> GlobalType {
        let valueType = try readValueType()
        let start = offset
        switch try readByte() {
        case 0: return GlobalType(valueType: valueType, isMutable: false)
        case 1: return GlobalType(valueType: valueType, isMutable: true)
        default: throw DecodeError(DecodeError.Message.malformedMutability, offset: start)
        }
    }

    /// Reads a block type: `0x40` (empty), a value type, or a non-negative `s33` type index.
    /// - Throws: `malformed block type` for a negative index, or value type and LEB128 errors.
    public mutating func readBlockType() throws(DecodeError) -> BlockType {
        guard let byte = peekByte() else { throw endError() }
        if byte == 0x40 {
            offset &+= 1
            return .empty
        }
        if byte & 0xC0 == 0x40 {
            return .value(try readValueType())
        }
        let start = offset
        let index = try readS33()
        guard index >= 0 else { throw DecodeError(DecodeError.Message.malformedBlockType, offset: start) }
        return .typeIndex(UInt32(truncatingIfNeeded: index))
    }
}
