import CapsuleCore

/// The constants of `.wast` scripts: `invoke` arguments and `assert_return` results.
extension WastScriptParser {
    /// A null reference's type from its heap type, when the engine models it (`func`, `extern` and their
    /// bottom types); `nil` for the other hierarchies.
    private mutating func nullType() throws(TextError) -> Result<ValueType, NullName> {
        let t = cursor.token
        guard let word = cursor.takeKeyword() else {
            if t.kind == .id || cursor.isNat {
                cursor.advance()
                return .failure(NullName(name: cursor.text(t)))
            }
            throw cursor.unexpected()
        }
        switch word {
        case "func": return .success(.funcref)
        case "extern": return .success(.externref)
        default:
            guard HeapType.abstractCodes[word] != nil else { throw cursor.error("unknown heap type", at: t) }
            return .failure(NullName(name: word))
        }
    }

    /// The heap type of a null reference the engine does not model.
    struct NullName: Error {
        var name: String
    }

    /// An argument constant `(t.const ...)`, `(ref.null ht)`, `(ref.extern N)`, `(ref.func N)`.
    mutating func argument() throws(TextError) -> WastValue {
        try cursor.expectLeftParen()
        let t = cursor.token
        guard let head = cursor.takeKeyword() else { throw cursor.unexpected() }
        let value: WastValue
        switch head {
        case "i32.const": value = .i32(UInt32(truncatingIfNeeded: try cursor.integer(bits: 32)))
        case "i64.const": value = .i64(try cursor.integer(bits: 64))
        case "f32.const": value = .f32(try cursor.f32())
        case "f64.const": value = .f64(try cursor.f64())
        case "v128.const": value = .v128(V128(bytes: try v128()))
        case "ref.null":
            switch try nullType() {
            case .success(let type): value = .refNull(type)
            case .failure(let other): value = .refNullAbstract(other.name)
            }
        case "ref.extern": value = .refExtern(try cursor.u32())
        case "ref.func": value = .refFunc(try cursor.u32())
        case "ref.host": value = .refHost(try cursor.u32())
        default: throw cursor.error("unknown operator \(head)", at: t)
        }
        try cursor.expectRightParen()
        return value
    }

    private mutating func v128() throws(TextError) -> [UInt8] {
        var parser = ModuleParser(cursor: cursor)
        let bytes = try parser.v128Literal()
        cursor = parser.cursor
        return bytes
    }

    /// A NaN pattern keyword, if one is next.
    private mutating func nanPattern() -> NaNPattern? {
        if cursor.take("nan:canonical") { return .canonical }
        if cursor.take("nan:arithmetic") { return .arithmetic }
        return nil
    }

    /// One expected result of `assert_return`.
    mutating func result() throws(TextError) -> WastExpectedValue {
        let start = cursor.position
        try cursor.expectLeftParen()
        let t = cursor.token
        guard let head = cursor.takeKeyword() else { throw cursor.unexpected() }
        let expected: WastExpectedValue
        switch head {
        case "f32.const":
            if let pattern = nanPattern() { expected = .f32NaN(pattern) } else { expected = .value(.f32(try cursor.f32())) }
        case "f64.const":
            if let pattern = nanPattern() { expected = .f64NaN(pattern) } else { expected = .value(.f64(try cursor.f64())) }
        case "v128.const" where cursor.isKeyword("f32x4") || cursor.isKeyword("f64x2"):
            let is32 = cursor.isKeyword("f32x4")
            cursor.advance()
            var lanes: [WastFloatLane] = []
            var sawPattern = false
            for _ in 0..<(is32 ? 4 : 2) {
                if let pattern = nanPattern() {
                    lanes.append(.nan(pattern))
                    sawPattern = true
                } else {
                    lanes.append(.bits(is32 ? UInt64(try cursor.f32()) : try cursor.f64()))
                }
            }
            if sawPattern {
                expected = .v128Lanes(WastV128Pattern(shape: is32 ? .f32x4 : .f64x2, lanes: lanes))
            } else {
                var bytes: [UInt8] = []
                for lane in lanes {
                    guard case .bits(let bits) = lane else { continue }
                    for k in 0..<(is32 ? 4 : 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
                }
                expected = .value(.v128(V128(bytes: bytes)))
            }
        case "ref.null":
            if cursor.token.kind == .rightParen {
                expected = .refNull(nil)
            } else {
                switch try nullType() {
                case .success(let type): expected = .refNull(type)
                case .failure(let other): expected = .refNullAbstract(other.name)
                }
            }
        case "ref.func":
            expected = .refFunc(cursor.isNat ? try cursor.u32() : nil)
        case "ref.extern":
            expected = .refExtern(cursor.isNat ? try cursor.u32() : nil)
        case "either":
            var candidates: [WastExpectedValue] = []
            while cursor.token.kind == .leftParen { candidates.append(try result()) }
            expected = .either(candidates)
        case "ref.host":
            expected = .refHost(cursor.isNat ? try cursor.u32() : nil)
        case "ref.struct", "ref.array", "ref.i31", "ref.eq", "ref.any", "ref.exn", "ref.i31_shared":
            // (`ref.i31` and the like may name a value in some suites; the engine cannot judge it anyway.)
            while cursor.token.kind != .rightParen, !cursor.isAtEnd { cursor.skipOne() }
            expected = .reference(String(head.dropFirst(4)))
        default:
            cursor.position = start
            return .value(try argument())
        }
        guard cursor.token.kind == .rightParen else { throw cursor.error("unexpected token", at: t) }
        cursor.advance()
        return expected
    }
}
