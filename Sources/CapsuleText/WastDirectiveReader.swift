import CapsuleCore

/// Reads one directive of a `.wast` script (the cursor at its `(`).
struct WastDirectiveReader {
    var cursor: TokenCursor

    mutating func read() throws(TextError) -> WastDirectiveKind {
        try cursor.expectLeftParen()
        let headToken = cursor.token
        guard let head = cursor.takeKeyword() else { throw cursor.unexpected() }
        switch head {
        case "module":
            cursor.position -= 2
            if cursor.isKeyword("instance", 2) {
                cursor.advance(3)
                let instance = cursor.takeID().map { "$" + $0 }
                let module = cursor.takeID().map { "$" + $0 }
                try cursor.expectRightParen()
                return .moduleInstance(instance: instance, module: module)
            }
            return .module(try module())
        case "register":
            let name = try cursor.name()
            let module = cursor.takeID().map { "$" + $0 }
            try cursor.expectRightParen()
            return .register(name: name, module: module)
        case "invoke", "get":
            cursor.position -= 2
            let action = try self.action()
            return .action(action)
        case "assert_return":
            let action = try self.action()
            var expected: [WastExpectedValue] = []
            while cursor.token.kind == .leftParen { expected.append(try result()) }
            try cursor.expectRightParen()
            return .assertReturn(action, expected: expected)
        case "assert_trap":
            let action: WastAction = cursor.isList("module") ? .instantiate(try module()) : try self.action()
            let message = try cursor.name()
            try cursor.expectRightParen()
            return .assertTrap(action, message: message)
        case "assert_exhaustion":
            let action = try self.action()
            let message = try cursor.name()
            try cursor.expectRightParen()
            guard case .invoke(let invoke) = action else { throw cursor.error("expected invoke", at: headToken) }
            return .assertExhaustion(invoke, message: message)
        case "assert_exception":
            let action = try self.action()
            try cursor.expectRightParen()
            return .assertException(action)
        case "assert_invalid", "assert_malformed", "assert_unlinkable", "assert_uninstantiable":
            let module = try module()
            let message = try cursor.name()
            try cursor.expectRightParen()
            switch head {
            case "assert_invalid": return .assertInvalid(module, message: message)
            case "assert_malformed": return .assertMalformed(module, message: message)
            case "assert_unlinkable": return .assertUnlinkable(module, message: message)
            default: return .assertUninstantiable(module, message: message)
            }
        default:
            return .unsupported(keyword: head)
        }
    }

    /// `(module $id? ...)`, `(module definition $id? ...)`, binary and quote forms. A text module that does
    /// not parse becomes a `.text(.failure)` source.
    mutating func module() throws(TextError) -> WastModule {
        let open = cursor.position
        guard cursor.takeList("module") else { throw cursor.unexpected() }
        let isDefinition = cursor.take("definition")
        let name = cursor.takeID().map { "$" + $0 }
        let source: WastModuleSource
        if cursor.take("binary") {
            var bytes: [UInt8] = []
            while cursor.token.kind == .string { bytes += try cursor.string() }
            try cursor.expectRightParen()
            source = .binary(bytes)
        } else if cursor.take("quote") {
            var bytes: [UInt8] = []
            while cursor.token.kind == .string {
                bytes += try cursor.string()
                bytes.append(UInt8(ascii: " "))
            }
            try cursor.expectRightParen()
            if let text = String(validating: bytes, as: UTF8.self) {
                source = .quote(text)
            } else {
                source = .text(.failure(cursor.error("malformed UTF-8 encoding")))
            }
        } else {
            let fields = cursor.position
            do throws(TextError) {
                let (bytes, end) = try ModuleParser.encode(lexed: cursor.lexed, fieldsAt: fields, bare: false, nameAt: fields)
                cursor.position = end
                try cursor.expectRightParen()
                source = .text(.success(bytes))
            } catch {
                cursor.position = open + 1
                cursor.skipToClose()
                source = .text(.failure(error))
            }
        }
        return WastModule(name: name, source: source, isDefinition: isDefinition)
    }

    mutating func action() throws(TextError) -> WastAction {
        try cursor.expectLeftParen()
        let headToken = cursor.token
        switch cursor.takeKeyword() {
        case "invoke":
            let module = cursor.takeID().map { "$" + $0 }
            let name = try cursor.name()
            var arguments: [WastValue] = []
            while cursor.token.kind == .leftParen { arguments.append(try constant()) }
            try cursor.expectRightParen()
            return .invoke(WastInvoke(module: module, name: name, arguments: arguments))
        case "get":
            let module = cursor.takeID().map { "$" + $0 }
            let name = try cursor.name()
            try cursor.expectRightParen()
            return .get(module: module, name: name)
        default:
            throw cursor.error("unexpected token", at: headToken)
        }
    }

    /// An argument: `(i32.const 1)`, `(ref.null func)`, `(ref.extern 1)`, ...
    mutating func constant() throws(TextError) -> WastValue {
        try cursor.expectLeftParen()
        let headToken = cursor.token
        let value: WastValue
        switch cursor.takeKeyword() {
        case "i32.const": value = .i32(UInt32(truncatingIfNeeded: try cursor.integer(bits: 32)))
        case "i64.const": value = .i64(try cursor.integer(bits: 64))
        case "f32.const": value = .f32(try cursor.f32())
        case "f64.const": value = .f64(try cursor.f64())
        case "v128.const":
            var parser = ModuleParser(cursor: cursor)
            let bytes = try parser.v128Literal()
            cursor = parser.cursor
            value = .v128(V128(bytes: bytes))
        case "ref.null":
            value = try nullReference()
        case "ref.extern": value = .refExtern(try cursor.u32())
        case "ref.host": value = .refHost(try cursor.u32())
        case "ref.func": value = .refFunc(try cursor.u32())
        default: throw cursor.error("unexpected token", at: headToken)
        }
        try cursor.expectRightParen()
        return value
    }

    private mutating func nullReference() throws(TextError) -> WastValue {
        let t = cursor.token
        guard let word = cursor.takeKeyword() else { throw cursor.unexpected() }
        switch word {
        case "func", "funcref": return .refNull(.funcref)
        case "extern", "externref": return .refNull(.externref)
        default:
            guard HeapType.abstractCodes[word] != nil else { throw cursor.error("unknown heap type", at: t) }
            return .refNullAbstract(word)
        }
    }

    /// An expected result.
    mutating func result() throws(TextError) -> WastExpectedValue {
        let open = cursor.position
        try cursor.expectLeftParen()
        let head = cursor.keyword()
        switch head {
        case "f32.const", "f64.const":
            cursor.advance()
            if let word = cursor.keyword(), word == "nan:canonical" || word == "nan:arithmetic" {
                cursor.advance()
                try cursor.expectRightParen()
                let pattern: NaNPattern = word == "nan:canonical" ? .canonical : .arithmetic
                return head == "f32.const" ? .f32NaN(pattern) : .f64NaN(pattern)
            }
        case "v128.const":
            cursor.advance()
            if let shape = cursor.keyword(), shape == "f32x4" || shape == "f64x2" {
                cursor.advance()
                var lanes: [WastFloatLane] = []
                for _ in 0..<(shape == "f32x4" ? 4 : 2) {
                    if let word = cursor.keyword(), word == "nan:canonical" || word == "nan:arithmetic" {
                        cursor.advance()
                        lanes.append(.nan(word == "nan:canonical" ? .canonical : .arithmetic))
                    } else if shape == "f32x4" {
                        lanes.append(.bits(UInt64(try cursor.f32())))
                    } else {
                        lanes.append(.bits(try cursor.f64()))
                    }
                }
                try cursor.expectRightParen()
                if !lanes.contains(where: { if case .nan = $0 { return true } else { return false } }) {
                    var w = BinaryWriter()
                    for lane in lanes {
                        if case .bits(let bits) = lane {
                            if shape == "f32x4" { w.u32le(UInt32(truncatingIfNeeded: bits)) } else { w.u64le(bits) }
                        }
                    }
                    return .value(.v128(V128(bytes: w.bytes)))
                }
                return .v128Lanes(WastV128Pattern(shape: shape == "f32x4" ? .f32x4 : .f64x2, lanes: lanes))
            }
        case "either":
            cursor.advance()
            var candidates: [WastExpectedValue] = []
            while cursor.token.kind == .leftParen { candidates.append(try result()) }
            try cursor.expectRightParen()
            return .either(candidates)
        case "ref.null":
            cursor.advance()
            if cursor.token.kind == .rightParen {
                cursor.advance()
                return .refNull(nil)
            }
            let value = try nullReference()
            try cursor.expectRightParen()
            if case .refNull(let type) = value { return .refNull(type) }
            if case .refNullAbstract(let name) = value { return .refNullAbstract(name) }
            return .value(value)
        case "ref.func", "ref.extern", "ref.host":
            cursor.advance()
            let index: UInt32? = cursor.isNat ? try cursor.u32() : nil
            try cursor.expectRightParen()
            switch head {
            case "ref.func": return .refFunc(index)
            case "ref.extern": return .refExtern(index)
            default: return .refHost(index)
            }
        case "ref.struct", "ref.array", "ref.i31", "ref.eq", "ref.any", "ref.exn", "ref.i31_shared":
            cursor.advance()
            while cursor.token.kind != .rightParen, !cursor.isAtEnd { cursor.advance() }
            try cursor.expectRightParen()
            return .reference(String(head?.dropFirst(4) ?? ""))
        default:
            break
        }
        cursor.position = open
        return .value(try constant())
    }
}
