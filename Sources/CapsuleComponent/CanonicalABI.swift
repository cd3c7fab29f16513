import CapsuleCore

/// The canonical ABI's type flattening: the core signature a lifted or lowered function has
/// (CanonicalABI.md, "Flattening").
public enum CanonicalABI {
    /// At most this many flat parameters are passed as core parameters; more go through memory.
    public static let maximumFlatParameters = 16
    /// At most this many flat results are returned as core results; more go through memory.
    public static let maximumFlatResults = 1

    /// Whether the core function is the callee (`canon lift`) or the caller (`canon lower`).
    public enum Context: Sendable { case lift, lower }

    /// The flat core types of a value type.
    public static func flatten(_ type: ValType) -> [ValueType] {
        switch type {
        case .bool, .s8, .u8, .s16, .u16, .s32, .u32, .char, .enum, .flags, .own, .borrow, .stream, .future, .errorContext:
            return [.i32]
        case .s64, .u64: return [.i64]
        case .f32: return [.f32]
        case .f64: return [.f64]
        case .string, .list, .map: return [.i32, .i32]
        case .fixedList(let element, let length):
            let one = flatten(element)
            return Array([[ValueType]](repeating: one, count: Int(min(length, 1 << 16))).joined())
        case .record(let fields): return fields.flatMap { flatten($0.type) }
        case .tuple(let types): return types.flatMap(flatten)
        case .variant(let cases): return flattenVariant(cases.map(\.type))
        case .option(let some): return flattenVariant([nil, some])
        case .result(let ok, let error): return flattenVariant([ok, error])
        }
    }

    /// A discriminant, then the cases' flat types joined position by position.
    static func flattenVariant(_ cases: [ValType?]) -> [ValueType] {
        var joined: [ValueType] = []
        for case let type? in cases {
            for (i, flat) in flatten(type).enumerated() {
                if i < joined.count {
                    joined[i] = join(joined[i], flat)
                } else {
                    joined.append(flat)
                }
            }
        }
        return [.i32] + joined
    }

    static func join(_ a: ValueType, _ b: ValueType) -> ValueType {
        if a == b { return a }
        if (a == .i32 && b == .f32) || (a == .f32 && b == .i32) { return .i32 }
        return .i64
    }

    /// The core function type of a synchronous lifted (callee) or lowered (caller) function.
    public static func flatten(_ signature: FunctionSignature, context: Context) -> FuncType {
        var parameters = signature.parameters.flatMap { flatten($0.type) }
        if parameters.count > maximumFlatParameters { parameters = [.i32] }
        var results = signature.result.map(flatten) ?? []
        if results.count > maximumFlatResults {
            switch context {
            case .lift: results = [.i32]
            case .lower:
                parameters.append(.i32)
                results = []
            }
        }
        return FuncType(params: parameters, results: results)
    }

    /// Whether a type's values live partly in linear memory (strings and lists).
    static func usesMemory(_ type: ValType) -> Bool {
        switch type {
        case .string, .list, .map: return true
        case .fixedList(let element, _): return usesMemory(element)
        case .record(let fields): return fields.contains { usesMemory($0.type) }
        case .tuple(let types): return types.contains(where: usesMemory)
        case .variant(let cases): return cases.contains { $0.type.map(usesMemory) ?? false }
        case .option(let t): return usesMemory(t)
        case .result(let ok, let error): return (ok.map(usesMemory) ?? false) || (error.map(usesMemory) ?? false)
        default: return false
        }
    }

    /// Which canonical options a function needs: `memory` whenever a value passes through memory
    /// (strings, lists, spilled parameters or results), `realloc` when the core side must receive
    /// memory-allocated values (a lift's parameters, a lower's results).
    static func needs(_ signature: FunctionSignature, context: Context) -> (memory: Bool, realloc: Bool) {
        let parametersInMemory = signature.parameters.contains { usesMemory($0.type) }
        let resultInMemory = signature.result.map(usesMemory) ?? false
        let spilledParameters = signature.parameters.flatMap { flatten($0.type) }.count > maximumFlatParameters
        let spilledResults = (signature.result.map(flatten)?.count ?? 0) > maximumFlatResults
        let memory = parametersInMemory || resultInMemory || spilledParameters || spilledResults
        switch context {
        case .lift: return (memory, parametersInMemory || spilledParameters)
        case .lower: return (memory, resultInMemory)
        }
    }
}
