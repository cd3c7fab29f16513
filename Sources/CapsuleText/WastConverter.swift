import CapsuleCore
import WAT

/// Turns WasmKit's WAST types into Capsule's, for one top-level form of a script.
///
/// Nothing of WasmKit escapes this file and ``WastScriptParser``: everything above `CapsuleText` sees only
/// ``WastDirective`` and the types around it.
struct WastConverter {
    /// A value or directive from beyond WebAssembly 2.0 (GC references, host references, ...).
    struct Unsupported: Error {}

    let bytes: [UInt8]
    /// The form being converted: WasmKit's locations are relative to its text.
    let form: TopLevelForm

    /// Maps a WasmKit error (located in the form's text) to a location in the whole script.
    func textError(_ error: WatParserError) -> TextError {
        let relative = TextError(error)
        guard let line = relative.line, let column = relative.column else {
            return TextError(message: relative.message, line: form.line, column: form.column)
        }
        let absoluteColumn = line == 1 ? form.column + column - 1 : column
        return TextError(message: relative.message, line: form.line + line - 1, column: absoluteColumn)
    }

    func convert(_ directive: WASTDirective) -> WastDirectiveKind {
        do throws(Unsupported) {
            switch directive {
            case .module(let module):
                return .module(convert(module))
            case .moduleInstance(let instance, let module):
                return .moduleInstance(instance: instance, module: module)
            case .assertInvalid(let module, let message):
                return .assertInvalid(convert(module), message: message)
            case .assertMalformed(let module, let message):
                return .assertMalformed(convert(module), message: message)
            case .assertReturn(let execute, let results):
                let resultForms = resultForms()
                var expected: [WastExpectedValue] = []
                for (i, result) in results.enumerated() {
                    expected.append(try convert(result, form: i < resultForms.count ? resultForms[i] : nil))
                }
                return .assertReturn(try convert(execute), expected: expected)
            case .assertTrap(let execute, let message):
                return .assertTrap(try convert(execute), message: message)
            case .assertExhaustion(let call, let message):
                return .assertExhaustion(try convert(call), message: message)
            case .assertUnlinkable(let wat, let message):
                return .assertUnlinkable(WastModule(source: .text(encode(wat))), message: message)
            case .register(let name, let module):
                return .register(name: name, module: module)
            case .invoke(let invoke):
                return .action(.invoke(try convert(invoke)))
            case .assertException(let execute):
                return .assertException(try convert(execute))
            case .assertFuel:
                return .unsupported(keyword: "assert_fuel")
            case .assertOutOfFuel:
                return .unsupported(keyword: "assert_out_of_fuel")
            }
        } catch {
            return .unsupported(keyword: form.keyword ?? "directive")
        }
    }

    func convert(_ module: ModuleDirective) -> WastModule {
        let source: WastModuleSource
        switch module.source {
        case .binary(let bytes):
            source = .binary(bytes)
        case .text(let wat):
            source = .text(encode(wat))
        case .quote(let bytes):
            if let text = String(validating: bytes, as: UTF8.self) {
                source = .quote(text)
            } else {
                source = .text(.failure(TextError(message: "malformed UTF-8 encoding", line: form.line, column: form.column)))
            }
        }
        return WastModule(name: module.id, source: source, isDefinition: module.isDefinition)
    }

    private func encode(_ wat: Wat) -> Result<[UInt8], TextError> {
        do throws(WatParserError) {
            return .success(try wat.encode(options: EncodeOptions(nameSection: true)))
        } catch {
            return .failure(textError(error))
        }
    }

    private func convert(_ execute: WASTExecute) throws(Unsupported) -> WastAction {
        switch execute {
        case .invoke(let invoke):
            return .invoke(try convert(invoke))
        case .get(let module, let name):
            return .get(module: module, name: name)
        case .wat(let wat):
            return .instantiate(WastModule(source: .text(encode(wat))))
        }
    }

    private func convert(_ invoke: WASTInvoke) throws(Unsupported) -> WastInvoke {
        var arguments: [WastValue] = []
        for argument in invoke.args {
            arguments.append(try convert(argument))
        }
        return WastInvoke(module: invoke.module, name: invoke.name, arguments: arguments)
    }

    private func convert(_ value: WASTConstValue) throws(Unsupported) -> WastValue {
        switch value {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let bits): return .f32(bits)
        case .f64(let bits): return .f64(bits)
        case .v128(let v): return .v128(CapsuleCore.V128(bytes: v.bytes))
        case .refNull(let heapType):
            // (WasmKit's heap type is switched on here, not named: only the WAT module is imported.)
            switch heapType {
            case .abstract(.funcRef): return .refNull(.funcref)
            case .abstract(.externRef): return .refNull(.externref)
            default: throw Unsupported()
            }
        case .refFunc(let index): return .refFunc(index)
        case .refExtern(let v): return .refExtern(v)
        case .refHost: throw Unsupported()
        }
    }

    /// The result forms of the `assert_return` being converted, read with Capsule's reader: WasmKit keeps
    /// which `v128` lanes are NaN patterns but not whether each is canonical or arithmetic.
    private func resultForms() -> [SExpression] {
        var reader = SExpressionReader(bytes: bytes, startingAt: form.range.lowerBound, line: form.line, column: form.column)
        guard let tree = try? reader.nextExpression() else { return [] }
        return Array(tree.elements.dropFirst(2))
    }

    private func convert(_ value: WASTExpectValue, form: SExpression?) throws(Unsupported) -> WastExpectedValue {
        switch value {
        case .i32(let v): return .value(.i32(v))
        case .i64(let v): return .value(.i64(v))
        case .f32(let bits): return .value(.f32(bits))
        case .f64(let bits): return .value(.f64(bits))
        case .v128(let v): return .value(.v128(CapsuleCore.V128(bytes: v.bytes)))
        case .v128Pattern(let expectation):
            return .v128Lanes(try lanePattern(expectation, form: form))
        case .refNull(let heapType):
            switch heapType {
            case nil: return .refNull(nil)
            case .abstract(.funcRef)?: return .refNull(.funcref)
            case .abstract(.externRef)?: return .refNull(.externref)
            default: throw Unsupported()
            }
        case .refFunc(let index): return .refFunc(index)
        case .refExtern(let v): return .refExtern(v)
        case .f32CanonicalNaN: return .f32NaN(.canonical)
        case .f32ArithmeticNaN: return .f32NaN(.arithmetic)
        case .f64CanonicalNaN: return .f64NaN(.canonical)
        case .f64ArithmeticNaN: return .f64NaN(.arithmetic)
        case .either(let candidates):
            let candidateForms = Array((form?.elements ?? []).dropFirst())
            var converted: [WastExpectedValue] = []
            for (i, candidate) in candidates.enumerated() {
                converted.append(try convert(candidate, form: i < candidateForms.count ? candidateForms[i] : nil))
            }
            return .either(converted)
        case .refI31, .refStruct, .refArray, .refEq, .refHost:
            throw Unsupported()
        }
    }

    private func lanePattern(_ expectation: V128Expectation, form: SExpression?) throws(Unsupported) -> WastV128Pattern {
        let shape: WastV128Pattern.Shape
        let laneWidth: Int
        switch expectation.shape {
        case .f32x4?: (shape, laneWidth) = (.f32x4, 4)
        case .f64x2?: (shape, laneWidth) = (.f64x2, 8)
        case nil: throw Unsupported()
        }
        let laneTokens = (form?.elements ?? []).dropFirst(2).map { $0.text(in: bytes) }
        var lanes: [WastFloatLane] = []
        let laneCount = expectation.bytes.count / laneWidth
        for i in 0..<laneCount {
            if i < 8, expectation.nanLaneMask & (1 << UInt8(i)) != 0 {
                let token = i < laneTokens.count ? laneTokens[i] : ""
                lanes.append(.nan(token == "nan:canonical" ? .canonical : .arithmetic))
            } else {
                var bits: UInt64 = 0
                for k in 0..<laneWidth {
                    bits |= UInt64(expectation.bytes[i * laneWidth + k]) << (8 * UInt64(k))
                }
                lanes.append(.bits(bits))
            }
        }
        return WastV128Pattern(shape: shape, lanes: lanes)
    }
}
