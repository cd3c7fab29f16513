/// The module fields other than types: functions, tables, memories, globals, tags, imports, exports,
/// start, element and data segments, each encoded into its section as it is read (pass 3 of
/// ``ModuleParser``), with the inline import, export, `elem` and `data` abbreviations.
extension ModuleParser {
    /// `(export "name")*` abbreviations of a definition with the given kind and index.
    private mutating func inlineExports(kind: UInt8, index: UInt32) throws(TextError) {
        while cursor.takeList("export") {
            let name = try cursor.name()
            try cursor.expectRightParen()
            exportSection.count += 1
            exportSection.writer.name(name)
            exportSection.writer.byte(kind)
            exportSection.writer.u32(index)
        }
    }

    /// An `(import "module" "name")` abbreviation, written as the start of an import entry.
    private mutating func inlineImport(kind: UInt8) throws(TextError) -> Bool {
        let t = cursor.token
        guard cursor.takeList("import") else { return false }
        if let firstDefinition { throw cursor.error("import after \(firstDefinition)", at: t) }
        let module = try cursor.name()
        let name = try cursor.name()
        try cursor.expectRightParen()
        importSection.count += 1
        importSection.writer.name(module)
        importSection.writer.name(name)
        importSection.writer.byte(kind)
        return true
    }

    /// The `(@name "...")` annotation before the cursor's token, if any: it names the definition in the
    /// name section in place of its id.
    func nameAnnotation() throws(TextError) -> String? {
        for annotation in cursor.lexed.annotations[cursor.position] ?? [] where annotation.name == "name" {
            guard annotation.tokens.count == 1, annotation.tokens[0].kind == .string,
                Int(annotation.tokens[0].value) < cursor.lexed.strings.count,
                let name = String(validating: cursor.lexed.strings[Int(annotation.tokens[0].value)], as: UTF8.self)
            else {
                throw TextError(message: "@name annotation: string expected", line: annotation.line, column: annotation.column)
            }
            return name
        }
        return nil
    }

    private mutating func define(_ what: String) {
        if firstDefinition == nil { firstDefinition = what }
    }

    /// A constant expression: instructions then `end`.
    mutating func constantExpression(_ w: inout BinaryWriter) throws(TextError) {
        labels = []
        locals = [:]
        try instructions(&w)
        w.byte(0x0B)
    }

    // MARK: Functions

    mutating func functionField() throws(TextError) {
        let id = cursor.takeID()
        let index = UInt32(functionTypes.count)
        if let name = try nameAnnotation() ?? id { functionNames.append((index, name)) }
        try inlineExports(kind: 0, index: index)
        var names: [String?] = []
        if try inlineImport(kind: 0) {
            let type = try typeUse(names: &names)
            importSection.writer.u32(type)
            functionTypes.append(type)
            try cursor.expectRightParen()
            return
        }
        define("function")
        let type = try typeUse(names: &names)
        functionTypes.append(type)
        functionSection.count += 1
        functionSection.writer.u32(type)

        locals = [:]
        labels = []
        var localCount = UInt32(0)
        func declareLocal(_ name: String?, at token: Token) throws(TextError) {
            if let name {
                guard locals[name] == nil else { throw cursor.error("duplicate local $\(name)", at: token) }
                locals[name] = localCount
            }
            localCount += 1
        }
        let start = cursor.token
        var namedLocals: [(UInt32, String)] = []
        for name in names {
            if let name { namedLocals.append((localCount, name)) }
            try declareLocal(name, at: start)
        }
        var localTypes: [ValType] = []
        while cursor.takeList("local") {
            let t = cursor.token
            if let name = cursor.takeID() {
                namedLocals.append((localCount, name))
                try declareLocal(name, at: t)
                localTypes.append(try valType())
            } else {
                while cursor.token.kind != .rightParen {
                    try declareLocal(nil, at: t)
                    localTypes.append(try valType())
                }
            }
            try cursor.expectRightParen()
        }
        if !namedLocals.isEmpty { localNames.append((index, namedLocals)) }
        var body = BinaryWriter()
        var runs: [(UInt32, ValType)] = []
        for t in localTypes {
            if let last = runs.last, last.1 == t {
                runs[runs.count - 1].0 += 1
            } else {
                runs.append((1, t))
            }
        }
        body.u32(UInt32(runs.count))
        for (count, t) in runs {
            body.u32(count)
            t.encode(&body)
        }
        inFunctionBody = true
        currentHints = []
        try instructions(&body)
        inFunctionBody = false
        if !currentHints.isEmpty { branchHints.append((index, currentHints)) }
        guard cursor.token.kind == .rightParen else { throw cursor.unexpected() }
        cursor.advance()
        body.byte(0x0B)
        codeSection.count += 1
        codeSection.writer.vector(body.bytes)
    }

    // MARK: Tables and memories

    /// `i32` or `i64` before limits (default `i32`).
    private mutating func addressType() -> Bool {
        if cursor.take("i64") { return true }
        _ = cursor.take("i32")
        return false
    }

    private mutating func limits(is64: Bool, _ w: inout BinaryWriter, shared: Bool = false) throws(TextError) {
        // Limits beyond 32 bits on a 32-bit memory or table are a validation error, so read 64 bits.
        let min = try cursor.u64()
        var max: UInt64?
        if cursor.isNat { max = try cursor.u64() }
        var flags: UInt8 = max == nil ? 0 : 1
        if is64 { flags |= 4 }
        w.byte(flags)
        w.u64(min)
        if let max { w.u64(max) }
    }

    /// A table type `addr? limits reftype` (after the id and abbreviations).
    private mutating func tableType(_ w: inout BinaryWriter) throws(TextError) -> Bool {
        let is64 = addressType()
        var limitsBytes = BinaryWriter()
        try limits(is64: is64, &limitsBytes)
        try refType().encode(&w)
        w.bytes(limitsBytes.bytes)
        tableIs64.append(is64)
        return is64
    }

    var atRefType: Bool {
        if let word = cursor.keyword() { return RefType.shorthands[word] != nil }
        return cursor.isList("ref")
    }

    mutating func tableField() throws(TextError) {
        _ = cursor.takeID()
        let index = UInt32(tableIs64.count)
        try inlineExports(kind: 1, index: index)
        if try inlineImport(kind: 1) {
            var local = BinaryWriter()
            _ = try tableType(&local)
            importSection.writer.bytes(local.bytes)
            try cursor.expectRightParen()
            return
        }
        define("table")
        let saved = cursor
        let is64 = addressType()
        if atRefType {
            // `(table addr? reftype (elem ...))`: sized by its elements.
            let ref = try refType()
            guard cursor.takeList("elem") else { throw cursor.unexpected() }
            var items = BinaryWriter()
            var count: UInt32 = 0
            // Function indices for a table of another type than funcref become `ref.func` expressions,
            // since the index form of a segment always has type funcref.
            let isFuncref = ref == RefType(nullable: true, heap: .abstract(0x70))
            let expressions = cursor.token.kind == .leftParen || !isFuncref
            while cursor.token.kind != .rightParen {
                if cursor.token.kind == .leftParen {
                    try elemExpression(&items)
                } else if expressions {
                    items.byte(0xD2)
                    items.u32(try self.index(in: \.functions, kind: "function"))
                    items.byte(0x0B)
                } else {
                    items.u32(try self.index(in: \.functions, kind: "function"))
                }
                count += 1
            }
            try cursor.expectRightParen()
            try cursor.expectRightParen()
            tableSection.count += 1
            ref.encode(&tableSection.writer)
            tableSection.writer.byte(is64 ? 5 : 1)
            tableSection.writer.u32(count)
            tableSection.writer.u32(count)
            tableIs64.append(is64)
            var offset = BinaryWriter()
            offset.byte(is64 ? 0x42 : 0x41)
            offset.byte(0)
            offset.byte(0x0B)
            writeElemSegment(mode: .active(table: index, offset: offset.bytes, explicit: true), type: ref, expressions: expressions, count: count, items: items.bytes)
            return
        }
        cursor = saved
        var type = BinaryWriter()
        _ = try tableType(&type)
        tableSection.count += 1
        if cursor.token.kind == .rightParen {
            tableSection.writer.bytes(type.bytes)
        } else {
            tableSection.writer.byte(0x40)
            tableSection.writer.byte(0x00)
            tableSection.writer.bytes(type.bytes)
            var local = BinaryWriter()
            try constantExpression(&local)
            tableSection.writer.bytes(local.bytes)
        }
        try cursor.expectRightParen()
    }

    private mutating func memoryType(_ w: inout BinaryWriter) throws(TextError) {
        let is64 = addressType()
        try limits(is64: is64, &w)
        memoryIs64.append(is64)
    }

    mutating func memoryField() throws(TextError) {
        _ = cursor.takeID()
        let index = UInt32(memoryIs64.count)
        try inlineExports(kind: 2, index: index)
        if try inlineImport(kind: 2) {
            var local = BinaryWriter()
            try memoryType(&local)
            importSection.writer.bytes(local.bytes)
            try cursor.expectRightParen()
            return
        }
        define("memory")
        let saved = cursor
        let is64 = addressType()
        if cursor.takeList("data") {
            var bytes: [UInt8] = []
            while cursor.token.kind == .string { bytes += try cursor.string() }
            try cursor.expectRightParen()
            try cursor.expectRightParen()
            let pages = UInt64((bytes.count + 65535) / 65536)
            memorySection.count += 1
            memorySection.writer.byte(is64 ? 5 : 1)
            memorySection.writer.u64(pages)
            memorySection.writer.u64(pages)
            memoryIs64.append(is64)
            var offset = BinaryWriter()
            offset.byte(is64 ? 0x42 : 0x41)
            offset.byte(0)
            offset.byte(0x0B)
            writeDataSegment(memory: index, offset: offset.bytes, bytes: bytes)
            return
        }
        cursor = saved
        memorySection.count += 1
        var local = BinaryWriter()
        try memoryType(&local)
        memorySection.writer.bytes(local.bytes)
        try cursor.expectRightParen()
    }

    // MARK: Globals and tags

    private mutating func globalType(_ w: inout BinaryWriter) throws(TextError) {
        if cursor.takeList("mut") {
            try valType().encode(&w)
            w.byte(1)
            try cursor.expectRightParen()
        } else {
            try valType().encode(&w)
            w.byte(0)
        }
    }

    mutating func globalField() throws(TextError) {
        _ = cursor.takeID()
        let index = globalCount
        globalCount += 1
        try inlineExports(kind: 3, index: index)
        if try inlineImport(kind: 3) {
            var local = BinaryWriter()
            try globalType(&local)
            importSection.writer.bytes(local.bytes)
            try cursor.expectRightParen()
            return
        }
        define("global")
        globalSection.count += 1
        var local = BinaryWriter()
        try globalType(&local)
        try constantExpression(&local)
        globalSection.writer.bytes(local.bytes)
        try cursor.expectRightParen()
    }

    mutating func tagField() throws(TextError) {
        _ = cursor.takeID()
        let index = tagCount
        tagCount += 1
        try inlineExports(kind: 4, index: index)
        var names: [String?] = []
        if try inlineImport(kind: 4) {
            importSection.writer.byte(0)
            importSection.writer.u32(try typeUse(names: &names))
            try cursor.expectRightParen()
            return
        }
        define("tag")
        tagSection.count += 1
        tagSection.writer.byte(0)
        tagSection.writer.u32(try typeUse(names: &names))
        try cursor.expectRightParen()
    }

    // MARK: Imports, exports, start

    mutating func importField() throws(TextError) {
        let t = cursor.token
        if let firstDefinition { throw cursor.error("import after \(firstDefinition)", at: t) }
        let module = try cursor.name()
        let name = try cursor.name()
        try cursor.expectLeftParen()
        let kindToken = cursor.token
        guard let kind = cursor.takeKeyword() else { throw cursor.unexpected() }
        let id = cursor.takeID()
        importSection.count += 1
        var w = BinaryWriter()
        w.name(module)
        w.name(name)
        var names: [String?] = []
        switch kind {
        case "func":
            w.byte(0)
            let index = UInt32(functionTypes.count)
            if let name = try nameAnnotation() ?? id { functionNames.append((index, name)) }
            let type = try typeUse(names: &names)
            functionTypes.append(type)
            w.u32(type)
        case "table":
            w.byte(1)
            _ = try tableType(&w)
        case "memory":
            w.byte(2)
            try memoryType(&w)
        case "global":
            w.byte(3)
            globalCount += 1
            try globalType(&w)
        case "tag":
            w.byte(4)
            tagCount += 1
            w.byte(0)
            w.u32(try typeUse(names: &names))
        default:
            throw cursor.error("unexpected token", at: kindToken)
        }
        importSection.writer.bytes(w.bytes)
        try cursor.expectRightParen()
        try cursor.expectRightParen()
    }

    mutating func exportField() throws(TextError) {
        let name = try cursor.name()
        try cursor.expectLeftParen()
        let kindToken = cursor.token
        guard let kind = cursor.takeKeyword() else { throw cursor.unexpected() }
        let code: UInt8
        let index: UInt32
        switch kind {
        case "func": code = 0; index = try self.index(in: \.functions, kind: "function")
        case "table": code = 1; index = try self.index(in: \.tables, kind: "table")
        case "memory": code = 2; index = try self.index(in: \.memories, kind: "memory")
        case "global": code = 3; index = try self.index(in: \.globals, kind: "global")
        case "tag": code = 4; index = try self.index(in: \.tags, kind: "tag")
        default: throw cursor.error("unexpected token", at: kindToken)
        }
        try cursor.expectRightParen()
        try cursor.expectRightParen()
        exportSection.count += 1
        exportSection.writer.name(name)
        exportSection.writer.byte(code)
        exportSection.writer.u32(index)
    }

    mutating func startField() throws(TextError) {
        let t = cursor.token
        if startSection != nil { throw cursor.error("multiple start sections", at: t) }
        var w = BinaryWriter()
        w.u32(try index(in: \.functions, kind: "function"))
        startSection = w.bytes
        try cursor.expectRightParen()
    }
}
