extension NameSection {
    /// Decodes the payload of a `name` custom section: module name (subsection 0), function names (1),
    /// local names (2) and tag names (11); other subsections are skipped.
    ///
    /// Returns `nil` when the payload is malformed (it is then ignored).
    public init?(decoding bytes: [UInt8], range: Range<Int>) {
        self.init()
        var reader = ByteReader(bytes: bytes, range: range)
        do throws(DecodeError) {
            while !reader.isAtEnd {
                let id = try reader.readByte()
                let size = try reader.readLength()
                var subsection = ByteReader(bytes: bytes, range: try reader.readBytes(count: size))
                switch id {
                case 0:
                    moduleName = try subsection.readName()
                case 1:
                    functionNames = try subsection.readNameMap()
                case 2:
                    let count = try subsection.readLength()
                    for _ in 0..<count {
                        let function = try subsection.readU32()
                        localNames[function] = try subsection.readNameMap()
                    }
                case 11:
                    tagNames = try subsection.readNameMap()
                default:
                    subsection.offset = subsection.end
                }
                guard subsection.isAtEnd else { return nil }
            }
        } catch {
            return nil
        }
    }
}

extension ByteReader {
    /// Reads a name map: a vector of (index, name) pairs.
    mutating func readNameMap() throws(DecodeError) -> [UInt32: String] {
        let count = try readLength()
        var map: [UInt32: String] = [:]
        map.reserveCapacity(count)
        for _ in 0..<count {
            let index = try readU32()
            map[index] = try readName()
        }
        return map
    }
}
