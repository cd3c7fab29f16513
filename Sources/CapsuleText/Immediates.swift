/// Reading and encoding the immediates of non-structured instructions, by ``ImmediateKind``.
extension ModuleParser {
    mutating func immediates(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        switch info.immediate {
        case .none:
            break
        case .label:
            w.u32(try labelIndex())
        case .brTable:
            var targets: [UInt32] = []
            while atIndex { targets.append(try labelIndex()) }
            guard let last = targets.popLast() else { throw cursor.unexpected() }
            w.u32(UInt32(targets.count))
            for t in targets { w.u32(t) }
            w.u32(last)
        case .function:
            w.u32(try index(in: \.functions, kind: "function"))
        case .callIndirect:
            let table = atIndex ? try index(in: \.tables, kind: "table") : 0
            var names: [String?] = []
            let type = try typeUse(names: &names, allowNames: false)
            w.u32(type)
            w.u32(table)
        case .type:
            w.u32(try typeIndex())
        case .local:
            let t = cursor.token
            if t.kind == .id {
                guard let found = locals[cursor.text(t)] else { throw cursor.error("unknown local $\(cursor.text(t))") }
                cursor.advance()
                w.u32(found)
            } else {
                w.u32(try cursor.u32())
            }
        case .global:
            w.u32(try index(in: \.globals, kind: "global"))
        case .tag:
            w.u32(try index(in: \.tags, kind: "tag"))
        case .elem:
            w.u32(try index(in: \.elems, kind: "elem segment"))
        case .data:
            if inFunctionBody { needsDataCount = true }
            w.u32(try index(in: \.datas, kind: "data segment"))
        case .table:
            w.u32(atIndex ? try index(in: \.tables, kind: "table") : 0)
        case .memory:
            w.u32(atIndex ? try index(in: \.memories, kind: "memory") : 0)
        case .tableCopy:
            var dst: UInt32 = 0, src: UInt32 = 0
            if atIndex {
                dst = try index(in: \.tables, kind: "table")
                src = try index(in: \.tables, kind: "table")
            }
            w.u32(dst)
            w.u32(src)
        case .memoryCopy:
            var dst: UInt32 = 0, src: UInt32 = 0
            if atIndex {
                dst = try index(in: \.memories, kind: "memory")
                src = try index(in: \.memories, kind: "memory")
            }
            w.u32(dst)
            w.u32(src)
        case .tableInit:
            // `table.init table? elem`: two indices mean the first is the table.
            var table: UInt32 = 0
            if nextIsSecondIndex { table = try index(in: \.tables, kind: "table") }
            w.u32(try index(in: \.elems, kind: "elem segment"))
            w.u32(table)
        case .memoryInit:
            if inFunctionBody { needsDataCount = true }
            var memory: UInt32 = 0
            if nextIsSecondIndex { memory = try index(in: \.memories, kind: "memory") }
            w.u32(try index(in: \.datas, kind: "data segment"))
            w.u32(memory)
        case .memarg(let natural):
            try memarg(natural: natural, &w)
        case .memargLane(let natural):
            // `memidx? memarg lane`: a leading index is a memory only when another number follows it.
            var memory: UInt32?
            if atIndex {
                let next = cursor.peek(1)
                let nextWord = next.kind == .keyword ? cursor.text(next) : ""
                if cursor.token.kind == .id || nextWord.hasPrefix("offset=") || nextWord.hasPrefix("align=")
                    || (next.kind == .keyword && NumberLiteral.unsigned(nextWord, bits: 32) != nil)
                {
                    memory = try index(in: \.memories, kind: "memory")
                }
            }
            try memarg(natural: natural, memory: memory ?? 0, readMemory: false, &w)
            w.byte(try laneIndex())
        case .i32:
            w.s32(Int32(truncatingIfNeeded: try cursor.integer(bits: 32)))
        case .i64:
            w.s64(Int64(bitPattern: try cursor.integer(bits: 64)))
        case .f32:
            w.u32le(try cursor.f32())
        case .f64:
            w.u64le(try cursor.f64())
        case .v128:
            w.bytes(try v128Literal())
        case .shuffle:
            for _ in 0..<16 { w.byte(try laneIndex()) }
        case .lane:
            w.byte(try laneIndex())
        case .select:
            var types: [ValType] = []
            var sawResult = false
            while cursor.takeList("result") {
                sawResult = true
                while cursor.token.kind != .rightParen { types.append(try valType()) }
                try cursor.expectRightParen()
            }
            if sawResult {
                // Typed select: opcode 0x1C replaces the 0x1B already written.
                if let last = w.bytes.last, last == 0x1B { w.bytes[w.bytes.count - 1] = 0x1C }
                w.u32(UInt32(types.count))
                for t in types { t.encode(&w) }
            }
        case .heapType:
            try heapType().encode(&w)
        case .refTypeOpcode:
            let ref = try refType()
            if ref.nullable { bumpOpcode(&w) }
            ref.heap.encode(&w)
        case .brOnCast:
            let label = try labelIndex()
            let from = try refType()
            let to = try refType()
            w.byte((from.nullable ? 1 : 0) | (to.nullable ? 2 : 0))
            w.u32(label)
            from.heap.encode(&w)
            to.heap.encode(&w)
        case .typeField:
            let type = try typeIndex()
            w.u32(type)
            let t = cursor.token
            if t.kind == .id {
                guard let field = fieldNames[type]?[cursor.text(t)] else { throw cursor.error("unknown field $\(cursor.text(t))") }
                cursor.advance()
                w.u32(field)
            } else {
                w.u32(try cursor.u32())
            }
        case .typeCount:
            w.u32(try typeIndex())
            w.u32(try cursor.u32())
        case .typeData:
            if inFunctionBody { needsDataCount = true }
            w.u32(try typeIndex())
            w.u32(try index(in: \.datas, kind: "data segment"))
        case .typeElem:
            w.u32(try typeIndex())
            w.u32(try index(in: \.elems, kind: "elem segment"))
        case .typeType:
            w.u32(try typeIndex())
            w.u32(try typeIndex())
        case .block, .loop, .ifBlock, .tryBlock, .tryTable, .elseKeyword, .endKeyword, .catchKeyword, .catchAllKeyword, .delegate:
            throw cursor.error("unexpected token")
        }
    }

    /// Whether the cursor is at an index followed by another index.
    private var nextIsSecondIndex: Bool {
        guard atIndex else { return false }
        let next = cursor.peek(1)
        if next.kind == .id { return true }
        guard next.kind == .keyword, let first = cursor.text(next).utf8.first else { return false }
        return first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")
    }

    /// `ref.test`/`ref.cast` with a nullable type use the next opcode: bump the last LEB byte written.
    private func bumpOpcode(_ w: inout BinaryWriter) {
        if let last = w.bytes.last { w.bytes[w.bytes.count - 1] = last + 1 }
    }

    private mutating func laneIndex() throws(TextError) -> UInt8 {
        let t = cursor.token
        guard let word = cursor.keyword(), let value = NumberLiteral.unsigned(word, bits: 8) else {
            let text = cursor.text(t)
            let isNat = t.kind == .keyword && NumberLiteral.isWellFormedInteger(text) && text.first != "-" && text.first != "+"
            throw isNat ? cursor.error("malformed lane index", at: t) : cursor.error("unexpected token", at: t)
        }
        cursor.advance()
        return UInt8(value)
    }

    /// `memidx? offset=N? align=N?`, encoded as flags (alignment, bit 6 for a memory index), memory, offset.
    private mutating func memarg(natural: UInt8, memory explicit: UInt32 = 0, readMemory: Bool = true, _ w: inout BinaryWriter) throws(TextError) {
        var memory = explicit
        if readMemory, cursor.token.kind == .id || (cursor.isNat && !(cursor.keyword() ?? "").contains("=")) {
            memory = try index(in: \.memories, kind: "memory")
        }
        var offset: UInt64 = 0
        var align = UInt64(natural)
        if let word = cursor.keyword(), word.hasPrefix("offset=") {
            let t = cursor.token
            let digits = String(word.dropFirst(7))
            guard let value = NumberLiteral.unsigned(digits, bits: 64) else {
                let wellFormed = NumberLiteral.isWellFormedInteger(digits) && digits.first != "-" && digits.first != "+"
                throw cursor.error(wellFormed ? "offset out of range" : "unknown operator", at: t)
            }
            offset = value
            cursor.advance()
        }
        if let word = cursor.keyword(), word.hasPrefix("align=") {
            let t = cursor.token
            guard let value = NumberLiteral.unsigned(String(word.dropFirst(6)), bits: 64) else {
                throw cursor.error("unknown operator", at: t)
            }
            guard value != 0, value & (value - 1) == 0 else { throw cursor.error("alignment must be a power of two", at: t) }
            align = UInt64(value.trailingZeroBitCount)
            cursor.advance()
        }
        // An offset beyond the memory's address range is a validation error ("offset out of range"), not a
        // malformed one: it is encoded as written.
        if memory != 0 {
            w.u64(align | 0x40)
            w.u32(memory)
        } else {
            w.u64(align)
        }
        w.u64(offset)
    }

    /// `v128.const shape lanes...` as 16 little-endian bytes.
    mutating func v128Literal() throws(TextError) -> [UInt8] {
        let t = cursor.token
        guard let shape = cursor.takeKeyword() else { throw cursor.unexpected() }
        let lanes: [String: Int] = ["i8x16": 16, "i16x8": 8, "i32x4": 4, "i64x2": 2, "f32x4": 4, "f64x2": 2]
        guard let laneCount = lanes[shape] else { throw cursor.error("unexpected token", at: t) }
        // Too few or too many lane literals (the next token after them is a number) is one error.
        for i in 0...laneCount {
            let lane = cursor.peek(i)
            let text = cursor.text(lane)
            let isNumber = lane.kind == .keyword && (NumberLiteral.looksNumeric(text) || text.hasPrefix("inf") || text.hasPrefix("nan")
                || text.hasPrefix("-") || text.hasPrefix("+"))
            if i < laneCount ? !isNumber : isNumber { throw cursor.error("wrong number of lane literals", at: lane) }
        }
        var w = BinaryWriter()
        switch shape {
        case "i8x16":
            for _ in 0..<16 { w.byte(UInt8(truncatingIfNeeded: try cursor.integer(bits: 8))) }
        case "i16x8":
            for _ in 0..<8 {
                let v = try cursor.integer(bits: 16)
                w.byte(UInt8(truncatingIfNeeded: v))
                w.byte(UInt8(truncatingIfNeeded: v >> 8))
            }
        case "i32x4":
            for _ in 0..<4 { w.u32le(UInt32(truncatingIfNeeded: try cursor.integer(bits: 32))) }
        case "i64x2":
            for _ in 0..<2 { w.u64le(try cursor.integer(bits: 64)) }
        case "f32x4":
            for _ in 0..<4 { w.u32le(try cursor.f32()) }
        case "f64x2":
            for _ in 0..<2 { w.u64le(try cursor.f64()) }
        default:
            throw cursor.error("unexpected token", at: t)
        }
        return w.bytes
    }
}
