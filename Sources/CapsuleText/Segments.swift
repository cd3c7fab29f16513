/// Element and data segments in every text form, and their binary encodings (the flag values pick the
/// active/passive/declarative mode and whether items are function indices or expressions).
enum SegmentMode {
    case passive
    case declarative
    /// Active in `table` at the encoded constant `offset` (with its `end`); `explicit` when the text names
    /// the table (or the segment is a table's inline `elem`), which picks the encoding that names it too.
    case active(table: UInt32, offset: [UInt8], explicit: Bool)
}

extension ModuleParser {
    /// An element expression: `(item instr*)` or one folded instruction.
    mutating func elemExpression(_ w: inout BinaryWriter) throws(TextError) {
        labels = []
        if cursor.takeList("item") {
            try instructions(&w)
            try cursor.expectRightParen()
        } else {
            guard cursor.token.kind == .leftParen else { throw cursor.unexpected() }
            try foldedInstruction(&w)
        }
        w.byte(0x0B)
    }

    /// An offset: `(offset instr*)` or one folded instruction.
    private mutating func offsetExpression() throws(TextError) -> [UInt8] {
        var w = BinaryWriter()
        labels = []
        if cursor.takeList("offset") {
            try instructions(&w)
            try cursor.expectRightParen()
        } else {
            guard cursor.token.kind == .leftParen else { throw cursor.unexpected() }
            try foldedInstruction(&w)
        }
        w.byte(0x0B)
        return w.bytes
    }

    mutating func writeElemSegment(mode: SegmentMode, type: RefType, expressions: Bool, count: UInt32, items: [UInt8]) {
        var w = BinaryWriter()
        let isFuncref = type == RefType(nullable: true, heap: .abstract(0x70))
        switch mode {
        case .active(let table, let offset, let explicit):
            if table == 0 && !explicit && (!expressions || isFuncref) {
                w.byte(expressions ? 4 : 0)
                w.bytes(offset)
            } else {
                w.byte(expressions ? 6 : 2)
                w.u32(table)
                w.bytes(offset)
                if expressions { type.encode(&w) } else { w.byte(0) }
            }
        case .passive, .declarative:
            let base: UInt8 = { if case .passive = mode { return 1 } else { return 3 } }()
            w.byte(expressions ? base + 4 : base)
            if expressions { type.encode(&w) } else { w.byte(0) }
        }
        w.u32(count)
        w.bytes(items)
        elemSection.count += 1
        elemSection.writer.bytes(w.bytes)
    }

    mutating func elemField() throws(TextError) {
        _ = cursor.takeID()
        var mode = SegmentMode.passive
        if cursor.take("declare") {
            mode = .declarative
        } else if cursor.isList("table") || cursor.isList("offset") || (cursor.token.kind == .leftParen && !cursor.isList("item") && !cursor.isList("ref")) {
            var table: UInt32 = 0
            var explicit = false
            if cursor.takeList("table") {
                table = try index(in: \.tables, kind: "table")
                explicit = true
                try cursor.expectRightParen()
            }
            mode = .active(table: table, offset: try offsetExpression(), explicit: explicit)
        }
        var type = RefType(nullable: true, heap: .abstract(0x70))
        var expressions = false
        if cursor.take("func") {
            expressions = false
        } else if atRefType {
            type = try refType()
            expressions = true
        } else if case .active = mode {
            expressions = cursor.token.kind == .leftParen
        } else if cursor.token.kind != .rightParen {
            throw cursor.unexpected()
        }
        var items = BinaryWriter()
        var count: UInt32 = 0
        while cursor.token.kind != .rightParen {
            if expressions {
                try elemExpression(&items)
            } else {
                items.u32(try index(in: \.functions, kind: "function"))
            }
            count += 1
        }
        try cursor.expectRightParen()
        writeElemSegment(mode: mode, type: type, expressions: expressions, count: count, items: items.bytes)
    }

    mutating func writeDataSegment(memory: UInt32?, offset: [UInt8]?, bytes: [UInt8]) {
        var w = BinaryWriter()
        if let offset {
            let memory = memory ?? 0
            if memory == 0 {
                w.byte(0)
            } else {
                w.byte(2)
                w.u32(memory)
            }
            w.bytes(offset)
        } else {
            w.byte(1)
        }
        w.vector(bytes)
        dataSection.count += 1
        dataSection.writer.bytes(w.bytes)
    }

    mutating func dataField() throws(TextError) {
        _ = cursor.takeID()
        var memory: UInt32?
        var offset: [UInt8]?
        if cursor.takeList("memory") {
            memory = try index(in: \.memories, kind: "memory")
            try cursor.expectRightParen()
            offset = try offsetExpression()
        } else if cursor.token.kind == .leftParen {
            offset = try offsetExpression()
        }
        var bytes: [UInt8] = []
        while cursor.token.kind == .string { bytes += try cursor.string() }
        try cursor.expectRightParen()
        writeDataSegment(memory: memory, offset: offset, bytes: bytes)
    }
}
