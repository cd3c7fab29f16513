extension ModuleDecoder {
    /// Table section (4): a vector of table types.
    mutating func decodeTableSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.tables.reserveCapacity(count)
        for _ in 0..<count {
            module.tables.append(try section.readTableType())
        }
    }
}
