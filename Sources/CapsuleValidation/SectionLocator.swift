/// Finds where a section starts in a module's bytes, to give module-level validation errors an offset.
///
/// The module model keeps offsets for expressions, segments and bodies but not for imports,
/// exports or the start function; errors about those point at the start of their section. The
/// scan runs only when an error is reported, so valid modules never pay for it.
enum SectionLocator {
    /// Known section ids.
    enum SectionID: UInt8 {
        case type = 1, `import` = 2, function = 3, table = 4, memory = 5, global = 6
        case export = 7, start = 8, element = 9, code = 10, data = 11, dataCount = 12, tag = 13
    }

    /// The offset of the first section with the given id (its id byte), or 0 when the bytes have no such section.
    static func offset(of section: SectionID, in bytes: [UInt8]) -> Int {
        var position = 8
        while position < bytes.count {
            let id = bytes[position]
            if id == section.rawValue { return position }
            // Read the LEB128 section size; give up on anything malformed.
            var cursor = position + 1
            var size: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                guard cursor < bytes.count, shift < 35 else { return 0 }
                let byte = bytes[cursor]
                cursor += 1
                size |= UInt64(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            let (next, overflow) = cursor.addingReportingOverflow(Int(truncatingIfNeeded: size))
            guard !overflow, next > position else { return 0 }
            position = next
        }
        return 0
    }
}
