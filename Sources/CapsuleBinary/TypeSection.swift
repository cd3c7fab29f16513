import CapsuleCore

extension ModuleDecoder {
    /// Type section (1): a vector of recursive groups (GC: `0x4E` and a vector of sub types) or
    /// single sub types; a sub type is `0x50`/`0x4F` (open/final) with a vector of supertypes and a
    /// composite type, or a bare composite type (final, no supertype): a function type `0x60`, a
    /// structure `0x5F` or an array `0x5E`.
    mutating func decodeTypeSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.types.reserveCapacity(count)
        for _ in 0..<count {
            let groupStart = module.typeDefinitions.count
            if section.peekByte() == 0x4E, section.features.contains(.gc) {
                section.offset &+= 1
                let members = try section.readLength()
                for _ in 0..<members { try appendSubType(&section) }
            } else {
                try appendSubType(&section)
            }
            module.recGroups.append(groupStart..<module.typeDefinitions.count)
        }
    }

    private mutating func appendSubType(_ section: inout ByteReader) throws(DecodeError) {
        let type = try section.readSubType()
        module.typeDefinitions.append(type)
        module.types.append(type.composite.functionType ?? FuncType(params: [], results: []))
    }
}

extension ByteReader {
    /// Reads a sub type (see the type section); the features decide which forms are allowed.
    /// - Throws: `malformed function type` for an unknown form, `multiple supertypes`, or the errors
    ///   of the types inside.
    public mutating func readSubType() throws(DecodeError) -> SubType {
        let start = offset
        var isFinal = true
        var supertype: UInt32?
        if features.contains(.gc), let byte = peekByte(), byte == 0x50 || byte == 0x4F {
            offset &+= 1
            isFinal = byte == 0x4F
            let count = try readLength()
            guard count <= 1 else { throw DecodeError("multiple supertypes", offset: start) }
            if count == 1 { supertype = try readU32() }
        }
        let formStart = offset
        switch try readTypeByte() {
        case 0x60:
            let params = try readResultType()
            let results = try readResultType()
            return SubType(isFinal: isFinal, supertype: supertype, composite: .func(FuncType(params: params, results: results)))
        case 0x5F where features.contains(.gc):
            let count = try readLength()
            var fields: [FieldType] = []
            fields.reserveCapacity(Swift.min(count, 1024))
            for _ in 0..<count { fields.append(try readFieldType()) }
            return SubType(isFinal: isFinal, supertype: supertype, composite: .struct(fields))
        case 0x5E where features.contains(.gc):
            return SubType(isFinal: isFinal, supertype: supertype, composite: .array(try readFieldType()))
        default:
            throw DecodeError(DecodeError.Message.malformedFunctionType, offset: formStart)
        }
    }

    /// Reads a result type: a vector of value types.
    public mutating func readResultType() throws(DecodeError) -> [ValueType] {
        let count = try readLength()
        var types: [ValueType] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try readValueType()) }
        return types
    }
}
