extension ModuleDecoder {
    /// Export section (7): name, kind byte and index.
    mutating func decodeExportSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.exports.reserveCapacity(count)
        for _ in 0..<count {
            let name = try section.readName()
            let kindOffset = section.offset
            let descriptor: ExportDescriptor
            switch try section.readByte() {
            case 0x00: descriptor = .function(try section.readU32())
            case 0x01: descriptor = .table(try section.readU32())
            case 0x02: descriptor = .memory(try section.readU32())
            case 0x03: descriptor = .global(try section.readU32())
            case 0x04 where module.features.contains(.exceptions): descriptor = .tag(try section.readU32())
            default: throw DecodeError(DecodeError.Message.malformedExportKind, offset: kindOffset)
            }
            module.exports.append(Export(name: name, descriptor: descriptor))
        }
    }
}
