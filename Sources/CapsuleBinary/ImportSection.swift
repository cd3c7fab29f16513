extension ModuleDecoder {
    /// Import section (2): module name, item name, then a kind byte and its descriptor.
    mutating func decodeImportSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.imports.reserveCapacity(count)
        for _ in 0..<count {
            let moduleName = try section.readName()
            let name = try section.readName()
            let descriptor = try section.readImportDescriptor()
            module.imports.append(Import(module: moduleName, name: name, descriptor: descriptor))
        }
    }
}

extension ByteReader {
    /// Reads an import's kind byte and descriptor (a core `externtype`; tags need the exceptions feature).
    /// - Throws: `malformed import kind`, or the descriptor's own errors.
    public mutating func readImportDescriptor() throws(DecodeError) -> ImportDescriptor {
        let kindOffset = offset
        switch try readByte() {
        case 0x00: return .function(try readU32())
        case 0x01: return .table(try readTableType())
        case 0x02: return .memory(try readMemoryType())
        case 0x03: return .global(try readGlobalType())
        case 0x04 where features.contains(.exceptions): return .tag(try readTagType())
        default: throw DecodeError(DecodeError.Message.malformedImportKind, offset: kindOffset)
        }
    }
}
