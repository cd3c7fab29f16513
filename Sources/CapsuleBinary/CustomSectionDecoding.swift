extension ModuleDecoder {
    /// Custom section (0): a UTF-8 name, then a payload up to `end` that is kept as a byte range.
    ///
    /// The payload is not checked, except that a well-formed `name` section fills ``Module/names``
    /// (a malformed one is ignored, as the specification leaves custom contents unchecked).
    /// - Throws: name errors, or `unexpected end of section or function` when the name overruns `end`.
    mutating func decodeCustomSection(_ section: inout ByteReader, end: Int) throws(DecodeError) {
        let name = try section.readName()
        let payload = try section.readBytes(count: end - section.offset)
        module.customSections.append(CustomSection(name: name, range: payload))
        if name == "name", let names = NameSection(decoding: module.bytes, range: payload) {
            module.names = names
        }
    }
}
