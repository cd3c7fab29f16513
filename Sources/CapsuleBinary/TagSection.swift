extension ModuleDecoder {
    /// Tag section (13, between the memory and global sections): a vector of tag types.
    mutating func decodeTagSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.tags.reserveCapacity(count)
        for _ in 0..<count {
            module.tags.append(try section.readTagType())
        }
    }
}

extension ByteReader {
    /// Reads a tag type: the attribute byte 0 (an exception), then a function type index.
    /// - Throws: `malformed tag attribute` for another attribute byte, or LEB128 errors.
    public mutating func readTagType() throws(DecodeError) -> UInt32 {
        let start = offset
        guard try readByte() == 0 else { throw DecodeError(DecodeError.Message.malformedTagAttribute, offset: start) }
        return try readU32()
    }
}
