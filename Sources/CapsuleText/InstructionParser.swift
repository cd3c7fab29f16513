/// Instructions of a function body or constant expression, plain and folded, encoded as they are read.
///
/// Immediates are read by the ``ImmediateKind`` that ``OpcodeTable`` gives each instruction; structured
/// instructions (`block`, `loop`, `if`, `try`, `try_table`) keep a stack of label ids for resolving
/// `$label` references.
extension ModuleParser {
    /// Reads instructions until a `)` or the end of the tokens (not consumed), writing them to `w`.
    mutating func instructions(_ w: inout BinaryWriter) throws(TextError) {
        while true {
            switch cursor.token.kind {
            case .rightParen, .end:
                return
            case .leftParen:
                try foldedInstruction(&w)
            case .keyword:
                guard let word = cursor.keyword() else { throw cursor.unexpected() }
                // Keywords that close the enclosing plain block end this sequence.
                if word == "end" || word == "else" || word == "catch" || word == "catch_all" || word == "delegate" { return }
                try plainInstruction(&w)
            default:
                throw cursor.unexpected()
            }
        }
    }

    /// Counts one more level of instruction nesting (folded or plain blocks), refusing more than the
    /// lexer allows for parentheses: plain `block ... end` nests without parentheses, and the parser
    /// recurses on both.
    private mutating func enterNesting() throws(TextError) {
        nesting += 1
        if nesting > maximumNesting {
            nesting -= 1
            throw cursor.error("nesting too deep")
        }
    }

    /// A label `$id?` for a structured instruction, pushed on the label stack.
    private mutating func pushLabel() {
        labels.append(cursor.takeID())
    }

    /// `end $id?` / `else $id?` trailing ids must repeat the block's label.
    private mutating func checkTrailingLabel() throws(TextError) {
        let t = cursor.token
        guard let id = cursor.takeID() else { return }
        guard let label = labels.last, label == id else { throw cursor.error("mismatching label", at: t) }
    }

    /// A label reference: a depth or a `$id` of an enclosing block.
    mutating func labelIndex() throws(TextError) -> UInt32 {
        let t = cursor.token
        if t.kind == .id {
            let id = cursor.text(t)
            for (depth, label) in labels.reversed().enumerated() where label == id {
                cursor.advance()
                return UInt32(depth)
            }
            throw cursor.error("unknown label $\(id)", at: t)
        }
        guard cursor.isNat else { throw cursor.unexpected() }
        return try cursor.u32()
    }

    /// A block type: `(type x)?`, params and results; encoded as empty, one value type or a type index.
    private mutating func blockType(_ w: inout BinaryWriter) throws(TextError) {
        if cursor.isList("type") {
            var names: [String?] = []
            let index = try typeUse(names: &names, allowNames: false)
            w.s64(Int64(index))
            return
        }
        var names: [String?] = []
        let signature = try signature(names: &names, allowNames: false)
        if signature.params.isEmpty && signature.results.isEmpty {
            w.byte(0x40)
        } else if signature.params.isEmpty && signature.results.count == 1 {
            signature.results[0].encode(&w)
        } else {
            w.s64(Int64(implicitType(signature)))
        }
    }

    /// The name of the instruction at the cursor and its table entry.
    private mutating func opcode() throws(TextError) -> (String, OpcodeInfo) {
        let t = cursor.token
        guard let word = cursor.keyword() else { throw cursor.unexpected() }
        guard let info = OpcodeTable.byName[word] else {
            // A field of the enclosing syntax out of place (`(type ...)` after params) is not an operator.
            let syntax: Set<String> = ["type", "param", "result", "local", "then", "else", "do", "export", "import", "item", "offset", "mut"]
            throw cursor.error(syntax.contains(word) ? "unexpected token" : "unknown operator \(word)", at: t)
        }
        cursor.advance()
        return (word, info)
    }

    /// The value of a `(@metadata.code.branch_hint "\00")` annotation just before the token at `position`.
    ///
    /// Records `position` as a place where a hint may stand (an instruction of a function body), so that
    /// one anywhere else is reported as misplaced; a hint that is not one byte, or a second hint on the
    /// same instruction, is malformed. A hint on an instruction other than `if` or `br_if` is kept: the
    /// section it makes is invalid, which ``CapsuleBinary/Module/customSectionIssues()`` reports.
    private mutating func branchHint(at position: Int) throws(TextError) -> UInt8? {
        guard inFunctionBody else { return nil }
        hintSites.insert(position)
        guard let annotations = cursor.lexed.annotations[position] else { return nil }
        var hint: UInt8?
        for annotation in annotations where annotation.name == "metadata.code.branch_hint" {
            let fail = { (message: String) in
                TextError(message: "@metadata.code.branch_hint annotation: \(message)", line: annotation.line, column: annotation.column)
            }
            guard hint == nil else { throw fail("multiple hints on one instruction") }
            guard annotation.tokens.count == 1, annotation.tokens[0].kind == .string,
                Int(annotation.tokens[0].value) < cursor.lexed.strings.count
            else { throw fail("one string expected") }
            let bytes = cursor.lexed.strings[Int(annotation.tokens[0].value)]
            guard bytes.count == 1 else { throw fail("hint of one byte expected") }
            hint = bytes[0]
        }
        return hint
    }

    /// Records a branch hint for the instruction about to be written at the end of `w`.
    private mutating func recordHint(_ hint: UInt8?, _ w: BinaryWriter) {
        if let hint { currentHints.append((UInt32(w.bytes.count), hint)) }
    }

    /// A plain (unfolded) instruction, including structured ones up to their `end` (each form in its own
    /// function, to keep the frames of the recursion small).
    private mutating func plainInstruction(_ w: inout BinaryWriter) throws(TextError) {
        let hint = try branchHint(at: cursor.position)
        try enterNesting()
        defer { nesting -= 1 }
        let (_, info) = try opcode()
        recordHint(hint, w)
        switch info.immediate {
        case .block, .loop: try plainBlock(info, &w)
        case .ifBlock: try plainIf(info, &w)
        case .tryBlock: try plainTry(info, &w)
        case .tryTable: try plainTryTable(info, &w)
        case .elseKeyword, .endKeyword, .catchKeyword, .catchAllKeyword, .delegate:
            throw cursor.error("unexpected token")
        default:
            info.encode(&w)
            try immediates(info, &w)
        }
    }

    @inline(never)
    private mutating func plainBlock(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        pushLabel()
        try blockType(&w)
        try instructions(&w)
        try cursor.expectKeyword("end")
        try checkTrailingLabel()
        labels.removeLast()
        w.byte(0x0B)
    }

    @inline(never)
    private mutating func plainIf(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        pushLabel()
        try blockType(&w)
        try instructions(&w)
        if cursor.take("else") {
            try checkTrailingLabel()
            w.byte(0x05)
            try instructions(&w)
        }
        try cursor.expectKeyword("end")
        try checkTrailingLabel()
        labels.removeLast()
        w.byte(0x0B)
    }

    @inline(never)
    private mutating func plainTry(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        pushLabel()
        try blockType(&w)
        try instructions(&w)
        var handlers = 0
        while cursor.isKeyword("catch") {
            cursor.advance()
            handlers += 1
            w.byte(0x07)
            w.u32(try index(in: \.tags, kind: "tag"))
            try instructions(&w)
        }
        if cursor.take("catch_all") {
            handlers += 1
            w.byte(0x19)
            try instructions(&w)
        }
        if handlers == 0, cursor.take("delegate") {
            labels.removeLast()
            w.byte(0x18)
            w.u32(try labelIndex())
            return
        }
        try cursor.expectKeyword("end")
        try checkTrailingLabel()
        labels.removeLast()
        w.byte(0x0B)
    }

    @inline(never)
    private mutating func plainTryTable(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        let label = cursor.takeID()
        try blockType(&w)
        try catchClauses(&w)
        labels.append(label)
        try instructions(&w)
        try cursor.expectKeyword("end")
        try checkTrailingLabel()
        labels.removeLast()
        w.byte(0x0B)
    }

    /// The `(catch x l)`, `(catch_ref x l)`, `(catch_all l)`, `(catch_all_ref l)` clauses of `try_table`.
    private mutating func catchClauses(_ w: inout BinaryWriter) throws(TextError) {
        var clauses = BinaryWriter()
        var count: UInt32 = 0
        while cursor.token.kind == .leftParen, let head = cursor.keyword(1),
            head == "catch" || head == "catch_ref" || head == "catch_all" || head == "catch_all_ref"
        {
            cursor.advance(2)
            switch head {
            case "catch", "catch_ref":
                clauses.byte(head == "catch" ? 0 : 1)
                clauses.u32(try index(in: \.tags, kind: "tag"))
            default:
                clauses.byte(head == "catch_all" ? 2 : 3)
            }
            clauses.u32(try labelIndex())
            try cursor.expectRightParen()
            count += 1
        }
        w.u32(count)
        w.bytes(clauses.bytes)
    }

    /// A folded instruction `( ... )`, the cursor at its `(`.
    ///
    /// Each form is read by its own function, so that the frames of this recursion (folded operands nest as
    /// deep as the text does, up to the lexer's limit) stay small even in debug builds.
    mutating func foldedInstruction(_ w: inout BinaryWriter) throws(TextError) {
        let hint = try branchHint(at: cursor.position)
        try enterNesting()
        defer { nesting -= 1 }
        try cursor.expectLeftParen()
        let (_, info) = try opcode()
        switch info.immediate {
        case .block, .loop: try foldedBlock(info, &w)
        case .ifBlock: try foldedIf(info, hint, &w)
        case .tryBlock: try foldedTry(info, &w)
        case .tryTable: try foldedTryTable(info, &w)
        case .elseKeyword, .endKeyword, .catchKeyword, .catchAllKeyword, .delegate:
            throw cursor.error("unexpected token")
        default: try foldedPlain(info, hint, &w)
        }
        try cursor.expectRightParen()
    }

    @inline(never)
    private mutating func foldedBlock(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        pushLabel()
        try blockType(&w)
        try instructions(&w)
        labels.removeLast()
        w.byte(0x0B)
    }

    @inline(never)
    private mutating func foldedIf(_ info: OpcodeInfo, _ hint: UInt8?, _ w: inout BinaryWriter) throws(TextError) {
        var header = BinaryWriter()
        info.encode(&header)
        let label = cursor.takeID()
        try blockType(&header)
        // The condition and other operands come first, as folded instructions.
        while cursor.token.kind == .leftParen, !cursor.isList("then") {
            try foldedInstruction(&w)
        }
        labels.append(label)
        recordHint(hint, w)
        w.bytes(header.bytes)
        guard cursor.takeList("then") else { throw cursor.error("unexpected token") }
        try instructions(&w)
        try cursor.expectRightParen()
        if cursor.takeList("else") {
            w.byte(0x05)
            try instructions(&w)
            try cursor.expectRightParen()
        }
        labels.removeLast()
        w.byte(0x0B)
    }

    /// `(try ...)`; a `delegate` form's `)` of the `delegate` clause is consumed here.
    @inline(never)
    private mutating func foldedTry(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        pushLabel()
        try blockType(&w)
        guard cursor.takeList("do") else { throw cursor.error("unexpected token") }
        try instructions(&w)
        try cursor.expectRightParen()
        var handlers = 0
        while cursor.takeList("catch") {
            handlers += 1
            w.byte(0x07)
            w.u32(try index(in: \.tags, kind: "tag"))
            try instructions(&w)
            try cursor.expectRightParen()
        }
        if cursor.takeList("catch_all") {
            handlers += 1
            w.byte(0x19)
            try instructions(&w)
            try cursor.expectRightParen()
        }
        if handlers == 0, cursor.takeList("delegate") {
            labels.removeLast()
            w.byte(0x18)
            w.u32(try labelIndex())
            try cursor.expectRightParen()
            return
        }
        labels.removeLast()
        w.byte(0x0B)
    }

    @inline(never)
    private mutating func foldedTryTable(_ info: OpcodeInfo, _ w: inout BinaryWriter) throws(TextError) {
        info.encode(&w)
        let label = cursor.takeID()
        try blockType(&w)
        try catchClauses(&w)
        labels.append(label)
        try instructions(&w)
        labels.removeLast()
        w.byte(0x0B)
    }

    /// A folded plain instruction: its immediates, then its folded operands, then its opcode.
    @inline(never)
    private mutating func foldedPlain(_ info: OpcodeInfo, _ hint: UInt8?, _ w: inout BinaryWriter) throws(TextError) {
        var op = BinaryWriter()
        info.encode(&op)
        try immediates(info, &op)
        while cursor.token.kind == .leftParen { try foldedInstruction(&w) }
        recordHint(hint, w)
        w.bytes(op.bytes)
    }
}
