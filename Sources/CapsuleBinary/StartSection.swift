extension ModuleDecoder {
    /// Start section (8): the start function's index.
    mutating func decodeStartSection(_ section: inout ByteReader) throws(DecodeError) {
        module.start = try section.readU32()
    }
}
