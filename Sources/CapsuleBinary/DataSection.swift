extension ModuleDecoder {
    /// Data section (11): segments in the three encodings selected by their flags (0-2).
    mutating func decodeDataSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.datas.reserveCapacity(count)
        for _ in 0..<count {
            module.datas.append(try section.readDataSegment())
        }
    }
}

extension ByteReader {
    /// Reads one data segment: flags, then (for active ones) memory index and offset, then the bytes.
    /// - Throws: `malformed data segment kind`, `length out of bounds`, or the end error when the bytes overrun the module.
    mutating func readDataSegment() throws(DecodeError) -> DataSegment {
        let start = offset
        let flags = try readU32()
        let mode: DataSegment.Mode
        switch flags {
        case 0:
            mode = .active(memory: 0, offset: try readConstExpr())
        case 1:
            mode = .passive
        case 2:
            let memory = try readU32()
            mode = .active(memory: memory, offset: try readConstExpr())
        default:
            throw DecodeError(DecodeError.Message.malformedDataSegmentKind, offset: offset - 1)
        }
        let length = try readLength()
        let range = try readBytes(count: length)
        return DataSegment(mode: mode, range: range, offset: start)
    }
}
