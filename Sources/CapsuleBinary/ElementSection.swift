import CapsuleCore

extension ModuleDecoder {
    /// Element section (9): segments in the eight encodings selected by their flags (0-7).
    ///
    /// Bit 0: passive or declarative (with bit 1) instead of active; bit 1: an explicit table index
    /// (active) and an element kind or type; bit 2: expressions instead of function indices.
    mutating func decodeElementSection(_ section: inout ByteReader) throws(DecodeError) {
        let count = try section.readLength()
        module.elements.reserveCapacity(count)
        for _ in 0..<count {
            module.elements.append(try section.readElementSegment())
        }
    }
}

extension ByteReader {
    /// Reads one element segment.
    /// - Throws: `malformed elements segment kind`, `malformed element kind`, `malformed reference type`, ...
    mutating func readElementSegment() throws(DecodeError) -> ElementSegment {
        let start = offset
        let flags = try readU32()
        guard flags <= 7 else {
            throw DecodeError(DecodeError.Message.malformedElementSegmentKind, offset: offset - 1)
        }
        let usesExpressions = flags & 0b100 != 0
        let mode: ElementSegment.Mode
        switch flags & 0b011 {
        case 0b000:
            mode = .active(table: 0, offset: try readConstExpr())
        case 0b010:
            let table = try readU32()
            mode = .active(table: table, offset: try readConstExpr())
        case 0b001:
            mode = .passive
        default:
            mode = .declarative
        }
        // Flags 0 and 4 imply `(ref func)` and `funcref`; the others state the element kind (indices,
        // whose elements are `(ref func)`) or type (expressions).
        var type = usesExpressions || !features.contains(.functionReferences) ? ValueType.funcref : ValueType.ref(.func, nullable: false)
        if flags & 0b011 != 0 {
            if usesExpressions {
                type = try readReferenceType()
            } else {
                let kindOffset = offset
                guard try readByte() == 0x00 else {
                    throw DecodeError(DecodeError.Message.malformedElementKind, offset: kindOffset)
                }
            }
        }
        let itemCount = try readLength()
        var initializers: [ConstExpr] = []
        initializers.reserveCapacity(itemCount)
        for _ in 0..<itemCount {
            if usesExpressions {
                initializers.append(try readConstExpr())
            } else {
                let itemOffset = offset
                initializers.append(ConstExpr(instructions: [.refFunc(try readU32())], offset: itemOffset))
            }
        }
        return ElementSegment(type: type, mode: mode, initializers: initializers, offset: start)
    }
}
