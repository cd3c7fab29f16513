import CapsuleCore

extension ModuleDecoder {
    /// Type section (1): a vector of function types, each `0x60` then parameter and result types.
    mutating func decodeTypeSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.types.reserveCapacity(count)
        for _ in 0..<count {
            let start = section.offset
            guard try section.readTypeByte() == 0x60 else {
                throw DecodeError(DecodeError.Message.malformedFunctionType, offset: start)
            }
            let params = try section.readResultType()
            let results = try section.readResultType()
            module.types.append(FuncType(params: params, results: results))
        }
    }
}

extension ByteReader {
    /// Reads a result type: a vector of value types.
    public mutating func readResultType() throws(DecodeError) -> [ValueType] {
        let count = try readLength()
        var types: [ValueType] = []
        types.reserveCapacity(count)
        for _ in 0..<count { types.append(try readValueType()) }
        return types
    }
}
