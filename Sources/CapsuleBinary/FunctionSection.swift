extension ModuleDecoder {
    /// Function section (3): the type index of each function the module defines.
    mutating func decodeFunctionSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.functions.reserveCapacity(count)
        for _ in 0..<count {
            module.functions.append(try section.readU32())
        }
        functionSectionCount = count
    }
}
