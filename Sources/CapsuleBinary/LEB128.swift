// LEB128 integers as the binary format defines them: at most ceil(N/7) bytes for an N-bit integer,
// and in the last byte the bits beyond N must be zero (unsigned) or copies of the sign bit (signed).

extension ByteReader {
    /// Reads an unsigned LEB128 integer of `bits` bits (1...64).
    ///
    /// - Throws: `integer representation too long` when more than ceil(bits/7) bytes are used,
    ///   `integer too large` when the last byte has bits set beyond `bits`, or the end error.
    @usableFromInline
    mutating func readUnsignedLEB(bits: Int) throws(DecodeError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var bitsLeft = bits
        while true {
            guard bitsLeft > 0 else { throw DecodeError(DecodeError.Message.integerTooLong, offset: offset) }
            let byteOffset = offset
            let byte = try readByte()
            if bitsLeft < 7 && UInt64(byte & 0x7F) >= (1 as UInt64) << UInt64(bitsLeft) {
                throw DecodeError(DecodeError.Message.integerTooLarge, offset: byteOffset)
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift &+= 7
            bitsLeft &-= 7
        }
    }

    /// Reads a signed LEB128 integer of `bits` bits (1...64), sign-extended to 64 bits.
    ///
    /// - Throws: `integer representation too long` when more than ceil(bits/7) bytes are used,
    ///   `integer too large` when the unused bits of the last byte do not all equal the sign bit,
    ///   or the end error.
    @usableFromInline
    mutating func readSignedLEB(bits: Int) throws(DecodeError) -> Int64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var bitsLeft = bits
        while true {
            guard bitsLeft > 0 else { throw DecodeError(DecodeError.Message.integerTooLong, offset: offset) }
            let byteOffset = offset
            let byte = try readByte()
            if bitsLeft < 7 {
                // The top (7 - bitsLeft + 1) payload bits: the sign bit and the unused bits above it.
                let mask = UInt8(truncatingIfNeeded: (0x7F << (bitsLeft - 1)) & 0x7F)
                let top = byte & mask
                if top != 0 && top != mask {
                    throw DecodeError(DecodeError.Message.integerTooLarge, offset: byteOffset)
                }
            }
            result |= UInt64(byte & 0x7F) << shift
            shift &+= 7
            if byte & 0x80 == 0 {
                if byte & 0x40 != 0 && shift < 64 { result |= ~0 << shift }
                return Int64(bitPattern: result)
            }
            bitsLeft &-= 7
        }
    }

    /// Reads a `u32` LEB128 (indices, counts, lengths).
    /// - Throws: `integer representation too long`, `integer too large`, or the end error.
    @inlinable @inline(__always)
    public mutating func readU32() throws(DecodeError) -> UInt32 {
        if offset < end {
            let byte = bytes[offset]
            if byte < 0x80 {
                offset &+= 1
                return UInt32(byte)
            }
        }
        return UInt32(truncatingIfNeeded: try readUnsignedLEB(bits: 32))
    }

    /// Reads a `u64` LEB128.
    /// - Throws: `integer representation too long`, `integer too large`, or the end error.
    public mutating func readU64() throws(DecodeError) -> UInt64 {
        try readUnsignedLEB(bits: 64)
    }

    /// Reads an `s32` LEB128 (`i32.const`).
    /// - Throws: `integer representation too long`, `integer too large`, or the end error.
    @inlinable
    public mutating func readS32() throws(DecodeError) -> Int32 {
        if offset < end {
            let byte = bytes[offset]
            if byte < 0x80 {
                offset &+= 1
                return Int32(Int8(bitPattern: byte << 1) >> 1)
            }
        }
        return Int32(truncatingIfNeeded: try readSignedLEB(bits: 32))
    }

    /// Reads an `s33` LEB128 (block type indices).
    /// - Throws: `integer representation too long`, `integer too large`, or the end error.
    public mutating func readS33() throws(DecodeError) -> Int64 {
        try readSignedLEB(bits: 33)
    }

    /// Reads an `s64` LEB128 (`i64.const`).
    /// - Throws: `integer representation too long`, `integer too large`, or the end error.
    public mutating func readS64() throws(DecodeError) -> Int64 {
        try readSignedLEB(bits: 64)
    }

    /// Reads a one-bit unsigned LEB128 flag (the limits flag): 0 or 1.
    /// - Throws: `integer too large` for other values, `integer representation too long` for a continuation bit.
    public mutating func readU1() throws(DecodeError) -> Bool {
        try readUnsignedLEB(bits: 1) == 1
    }
}
