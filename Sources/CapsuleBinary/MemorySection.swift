extension ModuleDecoder {
    /// Memory section (5): a vector of memory types.
    mutating func decodeMemorySection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.memories.reserveCapacity(count)
        for _ in 0..<count {
            module.memories.append(try section.readMemoryType())
        }
    }
}
