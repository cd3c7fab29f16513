extension ModuleDecoder {
    /// Import section (2): module name, item name, then a kind byte and its descriptor.
    mutating func decodeImportSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.imports.reserveCapacity(count)
        for _ in 0..<count {
            let moduleName = try section.readName()
            let name = try section.readName()
            let kindOffset = section.offset
            let descriptor: ImportDescriptor
            switch try section.readByte() {
            case 0x00: descriptor = .function(try section.readU32())
            case 0x01: descriptor = .table(try section.readTableType())
            case 0x02: descriptor = .memory(try section.readMemoryType())
            case 0x03: descriptor = .global(try section.readGlobalType())
            case 0x04 where module.features.contains(.exceptions): descriptor = .tag(try section.readTagType())
            default: throw DecodeError(DecodeError.Message.malformedImportKind, offset: kindOffset)
            }
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }
}
