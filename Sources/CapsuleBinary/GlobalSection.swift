extension ModuleDecoder {
    /// Global section (6): each global's type and initialiser expression.
    mutating func decodeGlobalSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.globals.reserveCapacity(count)
        for _ in 0..<count {
            let type = try section.readGlobalType()
            let initializer = try section.readConstExpr()
            module.globals.append(Global(type: type, initializer: initializer))
        }
    }
}
