extension ModuleDecoder {
    /// Data count section (12): the number of data segments, announced before the code section.
    mutating func decodeDataCountSection(_ section: inout ByteReader) throws(DecodeError) {
        module.dataCount = try section.readU32()
    }
}
