/// Reads one text-format module and encodes it to binary.
///
/// Three passes over the module's tokens: the first collects the identifiers of every index space (so that
/// any field may refer to one defined later), the second reads the type definitions (so that implicit type
/// uses can find them and append after them), the third reads every other field in order and encodes it
/// into its section. Label and local ids are resolved while reading a function body.
struct IndexSpace {
    var ids: [String: UInt32] = [:]
    var count: UInt32 = 0

    /// Adds an entry, with its id when it has one; `false` when the id is already taken.
    mutating func declare(_ id: String?) -> Bool {
        defer { count += 1 }
        guard let id else { return true }
        if ids[id] != nil { return false }
        ids[id] = count
        return true
    }
}

struct ModuleParser {
    var cursor: TokenCursor

    var types = IndexSpace()
    var functions = IndexSpace()
    var tables = IndexSpace()
    var memories = IndexSpace()
    var globals = IndexSpace()
    var tags = IndexSpace()
    var elems = IndexSpace()
    var datas = IndexSpace()

    var typeDefinitions: [TypeDefinition] = []
    /// The type section's groups: first definition index, count, whether written as `(rec ...)`.
    var typeGroups: [(start: Int, count: Int, isRec: Bool)] = []
    var plainTypeIndex: [FuncSignature: UInt32] = [:]
    var fieldNames: [UInt32: [String: UInt32]] = [:]
    /// Whether each memory and table (in index order, as they are read) uses 64-bit addresses.
    var memoryIs64: [Bool] = []
    var tableIs64: [Bool] = []
    /// Each function's type index, in index order, as they are read.
    var functionTypes: [UInt32] = []
    /// Globals and tags read so far (imports included).
    var globalCount: UInt32 = 0
    var tagCount: UInt32 = 0

    var importSection = SectionBuffer()
    var functionSection = SectionBuffer()
    var tableSection = SectionBuffer()
    var memorySection = SectionBuffer()
    var tagSection = SectionBuffer()
    var globalSection = SectionBuffer()
    var exportSection = SectionBuffer()
    var startSection: [UInt8]?
    var elemSection = SectionBuffer()
    var codeSection = SectionBuffer()
    var dataSection = SectionBuffer()
    /// Whether a function body uses a data index (`memory.init`, `data.drop`, `array.new_data`, ...), which
    /// needs the data count section.
    var needsDataCount = false
    /// Whether a function body (not a constant expression) is being read.
    var inFunctionBody = false
    var importedGlobals: UInt32 = 0
    var importedTags: UInt32 = 0
    var exportNames: Set<String> = []
    /// The first non-import definition seen (imports must come before any), for the error message.
    var firstDefinition: String?

    var customSections: [CustomSection] = []
    var moduleName: String?
    var functionNames: [(UInt32, String)] = []
    var localNames: [(UInt32, [(UInt32, String)])] = []
    var branchHints: [(UInt32, [(UInt32, UInt8)])] = []

    // The function body being read.
    var locals: [String: UInt32] = [:]
    var labels: [String?] = []
    /// Instructions being read inside one another (see `enterNesting`).
    var nesting = 0
    var currentHints: [(UInt32, UInt8)] = []

    // Where annotations Capsule knows may stand (token indices they are keyed by; see `readAnnotations`).
    /// The `(` of each module field.
    var fieldStarts: Set<Int> = []
    /// Right after `module`, a field's keyword, or their `$id`: where `(@name ...)` names the definition.
    var nameSites: Set<Int> = []
    /// Each instruction of a function body.
    var hintSites: Set<Int> = []

    init(cursor: TokenCursor) {
        self.cursor = cursor
    }

    /// Resolves an index or `$id` of the given space.
    mutating func index(in space: KeyPath<ModuleParser, IndexSpace>, kind: String) throws(TextError) -> UInt32 {
        let t = cursor.token
        if t.kind == .id {
            guard let found = self[keyPath: space].ids[cursor.text(t)] else { throw cursor.error("unknown \(kind) $\(cursor.text(t))") }
            cursor.advance()
            return found
        }
        guard cursor.isNat else { throw cursor.unexpected() }
        return try cursor.u32()
    }

    /// Whether the next token is an index (a number or an id).
    var atIndex: Bool { cursor.token.kind == .id || cursor.isNat }

    // MARK: Entry

    /// Parses the fields of a module from the cursor to the `)` closing it (or the end, for a module
    /// written as bare fields) and returns the binary. `start` is the token index where the module's
    /// annotations may begin.
    static func encode(lexed: Lexed, fieldsAt position: Int, bare: Bool, nameAt: Int? = nil, until limit: Int? = nil) throws(TextError) -> (bytes: [UInt8], end: Int) {
        var parser = ModuleParser(cursor: TokenCursor(lexed: lexed, position: position))
        if let nameAt { try parser.readModuleName(at: nameAt) }
        let end = try parser.scan(bare: bare, limit: limit)
        parser.cursor.position = position
        try parser.readTypes(until: end)
        parser.indexPlainTypes()
        parser.cursor.position = position
        try parser.readFields(until: end)
        try parser.readAnnotations(from: nameAt ?? position, to: end)
        return (try parser.assemble(), end)
    }

    /// The module's name: an `(@name "...")` right after `module` or its `$id`, else the `$id` itself.
    private mutating func readModuleName(at position: Int) throws(TextError) {
        let idToken = cursor.lexed.tokens.indices.contains(position) ? cursor.lexed.tokens[position] : nil
        let hasID = idToken?.kind == .id
        var annotations = cursor.lexed.annotations[position] ?? []
        nameSites.insert(position)
        if hasID {
            annotations += cursor.lexed.annotations[position + 1] ?? []
            nameSites.insert(position + 1)
        }
        defer {
            if moduleName == nil, hasID, let idToken { moduleName = cursor.lexed.text(idToken) }
        }
        for annotation in annotations where annotation.name == "name" {
            var inner = TokenCursor(lexed: Lexed(bytes: cursor.lexed.bytes, tokens: annotation.tokens + [Token(kind: .end, start: 0, end: 0, line: 0, column: 0)], strings: cursor.lexed.strings))
            guard moduleName == nil else { throw TextError(message: "@name annotation: multiple module", line: annotation.line, column: annotation.column) }
            moduleName = try inner.name()
        }
    }

    /// Pass 1: declares every id; returns the index of the token that ends the fields.
    private mutating func scan(bare: Bool, limit: Int?) throws(TextError) -> Int {
        var c = cursor
        while c.token.kind == .leftParen, c.position < (limit ?? Int.max) {
            let fieldStart = c.position
            let headToken = c.peek(1)
            guard let head = c.keyword(1) else { throw c.error("unexpected token", at: headToken) }
            c.advance(2)
            let id = c.token.kind == .id ? c.text(c.token) : nil
            func declare(_ space: inout IndexSpace, _ kind: String, _ id: String?, at token: Token) throws(TextError) {
                guard space.declare(id) else { throw c.error("duplicate \(kind) $\(id ?? "")", at: token) }
            }
            let idToken = c.token
            switch head {
            case "type":
                try declare(&types, "type", id, at: idToken)
            case "rec":
                while c.isList("type") {
                    c.advance(2)
                    let inner = c.token.kind == .id ? c.text(c.token) : nil
                    try declare(&types, "type", inner, at: c.token)
                    c.skipToClose()
                }
            case "func": try declare(&functions, "func", id, at: idToken)
            case "table":
                try declare(&tables, "table", id, at: idToken)
                if hasChild("elem", in: c) { elems.count += 1 }
            case "memory":
                try declare(&memories, "memory", id, at: idToken)
                if hasChild("data", in: c) { datas.count += 1 }
            case "global": try declare(&globals, "global", id, at: idToken)
            case "tag": try declare(&tags, "tag", id, at: idToken)
            case "elem": try declare(&elems, "elem segment", id, at: idToken)
            case "data": try declare(&datas, "data segment", id, at: idToken)
            case "import":
                if c.token.kind == .string { c.advance() }
                if c.token.kind == .string { c.advance() }
                if c.token.kind == .leftParen, let kind = c.keyword(1) {
                    c.advance(2)
                    let inner = c.token.kind == .id ? c.text(c.token) : nil
                    let token = c.token
                    switch kind {
                    case "func": try declare(&functions, "func", inner, at: token)
                    case "table": try declare(&tables, "table", inner, at: token)
                    case "memory": try declare(&memories, "memory", inner, at: token)
                    case "global": try declare(&globals, "global", inner, at: token)
                    case "tag": try declare(&tags, "tag", inner, at: token)
                    default: break
                    }
                }
            case "export", "start":
                break
            default:
                throw c.error("unknown module field \(head)", at: headToken)
            }
            c.position = fieldStart + 1
            c.skipToClose()
        }
        if bare {
            guard c.isAtEnd || limit != nil else { throw c.unexpected() }
        } else {
            guard c.token.kind == .rightParen else { throw c.unexpected() }
        }
        return c.position
    }

    /// Whether the field whose contents start at the cursor has a direct child list `(word ...)`.
    private func hasChild(_ word: String, in cursor: TokenCursor) -> Bool {
        var c = cursor
        var depth = 0
        while true {
            switch c.token.kind {
            case .leftParen:
                if depth == 0, c.isKeyword(word, 1) { return true }
                depth += 1
            case .rightParen:
                if depth == 0 { return false }
                depth -= 1
            case .end:
                return false
            default:
                break
            }
            c.advance()
        }
    }

    /// Pass 2: the `type` and `rec` fields.
    private mutating func readTypes(until end: Int) throws(TextError) {
        while cursor.position < end {
            let fieldStart = cursor.position
            if cursor.takeList("type") {
                typeGroups.append((typeDefinitions.count, 1, false))
                try typeField(inRec: false)
            } else if cursor.takeList("rec") {
                let start = typeDefinitions.count
                while cursor.takeList("type") { try typeField(inRec: true) }
                try cursor.expectRightParen()
                typeGroups.append((start, typeDefinitions.count - start, true))
                if typeDefinitions.count - start == 1 { typeDefinitions[start].recGroupSize = 1 }
            } else {
                cursor.position = fieldStart + 1
                cursor.skipToClose()
            }
        }
    }

    /// Pass 3: every other field, in order.
    private mutating func readFields(until end: Int) throws(TextError) {
        while cursor.position < end {
            let fieldStart = cursor.position
            let head = cursor.keyword(1)
            fieldStarts.insert(fieldStart)
            if let head, Self.namedFields.contains(head) {
                nameSites.insert(fieldStart + 2)
                if cursor.peek(2).kind == .id { nameSites.insert(fieldStart + 3) }
            }
            switch head {
            case "type", "rec":
                cursor.position = fieldStart + 1
                cursor.skipToClose()
                continue
            default:
                break
            }
            cursor.advance(2)
            switch head {
            case "func": try functionField()
            case "table": try tableField()
            case "memory": try memoryField()
            case "global": try globalField()
            case "tag": try tagField()
            case "import": try importField()
            case "export": try exportField()
            case "start": try startField()
            case "elem": try elemField()
            case "data": try dataField()
            default: throw cursor.error("unexpected token")
            }
        }
    }

    // MARK: Custom sections

    private static let sectionIDs: [String: UInt8] = [
        "type": 1, "import": 2, "func": 3, "table": 4, "memory": 5, "tag": 13, "global": 6, "export": 7, "start": 8,
        "elem": 9, "datacount": 12, "code": 10, "data": 11,
    ]

    /// The fields that define something an `(@name ...)` annotation can name.
    private static let namedFields: Set<String> = ["type", "func", "table", "memory", "global", "tag", "elem", "data"]

    /// Reads the `(@custom ...)` annotations of the module's fields, and checks that every annotation
    /// Capsule knows (`@custom`, `@name`, `@metadata.code.branch_hint`) stands where the format gives it
    /// meaning: `@custom` between module fields, `@name` after the keyword (or id) of the module or a
    /// field, a branch hint before an instruction. Elsewhere it is misplaced, a malformed module; other
    /// annotations are ignored wherever they are.
    private mutating func readAnnotations(from start: Int, to end: Int) throws(TextError) {
        let positions = cursor.lexed.annotations.keys.filter { $0 >= start && $0 <= end }.sorted()
        for position in positions {
            for annotation in cursor.lexed.annotations[position] ?? [] {
                let allowed: Bool
                switch annotation.name {
                case "custom": allowed = fieldStarts.contains(position) || position == end
                case "name": allowed = nameSites.contains(position)
                case "metadata.code.branch_hint": allowed = hintSites.contains(position)
                default: continue
                }
                guard allowed else {
                    throw TextError(message: "misplaced @\(annotation.name) annotation", line: annotation.line, column: annotation.column)
                }
                if annotation.name == "custom" { customSections.append(try customSection(annotation)) }
            }
        }
    }

    /// The custom section a `(@custom "name" (before|after kind)? "contents"*)` annotation describes.
    func customSection(_ annotation: Annotation) throws(TextError) -> CustomSection {
        let fail = { (message: String) in TextError(message: "@custom annotation: \(message)", line: annotation.line, column: annotation.column) }
        var c = TokenCursor(lexed: Lexed(bytes: cursor.lexed.bytes, tokens: annotation.tokens + [Token(kind: .end, start: 0, end: 0, line: 0, column: 0)], strings: cursor.lexed.strings))
        guard c.token.kind == .string else { throw fail("missing section name") }
        let name = try c.string()
        guard String(validating: name, as: UTF8.self) != nil else { throw fail("malformed UTF-8 encoding") }
        var placement = CustomPlacement.after(11)
        if c.token.kind == .leftParen {
            c.advance()
            guard let where_ = c.takeKeyword(), where_ == "before" || where_ == "after" else { throw fail("malformed placement") }
            guard let kind = c.takeKeyword() else { throw fail("malformed section kind") }
            let id: UInt8
            switch kind {
            case "first": id = 1
            case "last": id = 11
            default:
                guard let found = Self.sectionIDs[kind] else { throw fail("malformed section kind") }
                id = found
            }
            placement = where_ == "before" ? .before(id) : .after(id)
            guard c.token.kind == .rightParen else { throw fail("unexpected token") }
            c.advance()
        }
        var contents: [UInt8] = []
        while c.token.kind == .string { contents += try c.string() }
        guard c.isAtEnd else { throw fail("unexpected token") }
        return CustomSection(name: name, placement: placement, contents: contents)
    }

    // MARK: Assembly

    private func assemble() throws(TextError) -> [UInt8] {
        var sections: [UInt8: [UInt8]] = [:]
        if let types = typeSection() { sections[1] = types }
        func add(_ id: UInt8, _ buffer: SectionBuffer) {
            if buffer.count > 0 { sections[id] = buffer.body }
        }
        add(2, importSection)
        add(3, functionSection)
        add(4, tableSection)
        add(5, memorySection)
        add(13, tagSection)
        add(6, globalSection)
        add(7, exportSection)
        if let startSection { sections[8] = startSection }
        add(9, elemSection)
        if needsDataCount {
            var w = BinaryWriter()
            w.u32(dataSection.count)
            sections[12] = w.bytes
        }
        add(10, codeSection)
        add(11, dataSection)
        var trailing: [(String, [UInt8])] = []
        var hintSection: CustomSection?
        if let names = nameSection() { trailing.append(("name", names)) }
        if !branchHints.isEmpty {
            var w = BinaryWriter()
            w.u32(UInt32(branchHints.count))
            for (function, hints) in branchHints {
                w.u32(function)
                w.u32(UInt32(hints.count))
                for (offset, value) in hints {
                    w.u32(offset)
                    w.u32(1)
                    w.byte(value)
                }
            }
            // The branch hint section goes before the code section it describes.
            hintSection = CustomSection(name: Array("metadata.code.branch_hint".utf8), placement: .before(10), contents: w.bytes)
        }
        return BinaryWriter.module(sections: sections, customs: customSections + (hintSection.map { [$0] } ?? []), trailing: trailing)
    }

    /// The `name` section: module, function and local names.
    private func nameSection() -> [UInt8]? {
        guard moduleName != nil || !functionNames.isEmpty || !localNames.isEmpty else { return nil }
        var w = BinaryWriter()
        if let moduleName {
            var sub = BinaryWriter()
            sub.name(moduleName)
            w.byte(0)
            w.vector(sub.bytes)
        }
        if !functionNames.isEmpty {
            var sub = BinaryWriter()
            let sorted = functionNames.sorted { $0.0 < $1.0 }
            sub.u32(UInt32(sorted.count))
            for (index, name) in sorted {
                sub.u32(index)
                sub.name(name)
            }
            w.byte(1)
            w.vector(sub.bytes)
        }
        if !localNames.isEmpty {
            var sub = BinaryWriter()
            let sorted = localNames.sorted { $0.0 < $1.0 }
            sub.u32(UInt32(sorted.count))
            for (function, names) in sorted {
                sub.u32(function)
                sub.u32(UInt32(names.count))
                for (index, name) in names {
                    sub.u32(index)
                    sub.name(name)
                }
            }
            w.byte(2)
            w.vector(sub.bytes)
        }
        return w.bytes
    }
}
