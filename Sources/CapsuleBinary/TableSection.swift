extension ModuleDecoder {
    /// Table section (4): a vector of tables, each a table type, or (typed function references)
    /// `0x40 0x00`, a table type and an initialiser expression.
    mutating func decodeTableSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.tables.reserveCapacity(count)
        for _ in 0..<count {
            if section.peekByte() == 0x40, section.features.contains(.functionReferences) {
                section.offset &+= 1
                try section.readZeroByte()
                module.tables.append(try section.readTableType())
                module.tableInitializers.append(try section.readConstExpr())
            } else {
                module.tables.append(try section.readTableType())
                module.tableInitializers.append(nil)
            }
        }
    }
}
