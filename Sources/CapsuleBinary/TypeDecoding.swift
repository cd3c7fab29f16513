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

    /// Reads a value type: a number, `v128`, a reference shorthand (`funcref`, `externref`,
    /// `anyref`, ...) or, with typed function references, `(ref null? ht)` (0x63/0x64 and a heap type).
    /// - Throws: `malformed value type`, or the errors of a type byte and of a heap type.
    public mutating func readValueType() throws(DecodeError) -> ValueType {
        let start = offset
        let byte = try readTypeByte()
        if byte >= 0x7B && byte <= 0x7F, let type = ValueType(rawValue: UInt32(byte)) { return type }
        if byte == 0x63 || byte == 0x64 {
            guard features.contains(.functionReferences) else {
                throw DecodeError(DecodeError.Message.malformedValueType, offset: start)
            }
            return .ref(try readHeapType(), nullable: byte == 0x63)
        }
        guard let heap = abstractHeapType(byte) else {
            throw DecodeError(DecodeError.Message.malformedValueType, offset: start)
        }
        return .ref(heap, nullable: true)
    }

    /// The abstract heap type a byte names, when the module's features allow it.
    private func abstractHeapType(_ byte: UInt8) -> HeapType? {
        guard let heap = HeapType(abstractCode: byte) else { return nil }
        switch heap {
        case .func, .extern, .exn: return heap
        case .noExn: return features.contains(.gc) || features.contains(.functionReferences) ? heap : nil
        default: return features.contains(.gc) ? heap : nil
        }
    }

    /// Reads a heap type: an abstract one's byte, or a non-negative `s33` type index.
    /// - Throws: `malformed heap type` for a negative index or an unknown abstract byte.
    public mutating func readHeapType() throws(DecodeError) -> HeapType {
        let start = offset
        guard let byte = peekByte() else { throw endError() }
        if byte & 0xC0 == 0x40 {
            offset &+= 1
            guard let heap = abstractHeapType(byte) else { throw DecodeError("malformed heap type", offset: start) }
            return heap
        }
        let index = try readS33()
        guard index >= 0 else { throw DecodeError("malformed heap type", offset: start) }
        guard index <= Int64(HeapType.maxTypeIndex) else { throw DecodeError("unknown type: index too large", offset: start) }
        return .index(UInt32(truncatingIfNeeded: index))
    }

    /// Reads a reference type (a value type that is a reference).
    /// - Throws: `malformed reference type`, or the errors of a value type.
    public mutating func readReferenceType() throws(DecodeError) -> ValueType {
        let start = offset
        let type: ValueType
        do {
            type = try readValueType()
        } catch where error.message == DecodeError.Message.malformedValueType {
            throw DecodeError(DecodeError.Message.malformedReferenceType, offset: start)
        }
        guard type.isReference else {
            throw DecodeError(DecodeError.Message.malformedReferenceType, offset: start)
        }
        return type
    }

    /// Reads a storage type (GC): `i8` (0x78), `i16` (0x77) or a value type.
    public mutating func readStorageType() throws(DecodeError) -> StorageType {
        switch peekByte() {
        case 0x78: offset &+= 1; return .i8
        case 0x77: offset &+= 1; return .i16
        default: return .value(try readValueType())
        }
    }

    /// Reads a field type (GC): a storage type and its mutability (0 or 1).
    /// - Throws: `malformed mutability`, or the errors of a storage type.
    public mutating func readFieldType() throws(DecodeError) -> FieldType {
        let storage = try readStorageType()
        let start = offset
        switch try readByte() {
        case 0: return FieldType(storage: storage, isMutable: false)
        case 1: return FieldType(storage: storage, isMutable: true)
        default: throw DecodeError(DecodeError.Message.malformedMutability, offset: start)
        }
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
