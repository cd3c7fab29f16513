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

extension CanonicalABI {
    /// Values whose element size reaches this are refused by validation (Binary.md, type definitions).
    public static let maximumElementSize: UInt64 = 1 << 28

    /// The discriminant's byte size for a variant of `count` cases: 1, 2 or 4.
    static func discriminantSize(_ count: Int) -> UInt64 {
        count <= 256 ? 1 : count <= 65536 ? 2 : 4
    }

    /// The alignment of a value of `type` in a memory with `pointerBytes`-byte pointers (4: a 32-bit memory).
    public static func alignment(_ type: ValType, pointerBytes: UInt64 = 4) -> UInt64 {
        func of(_ t: ValType) -> UInt64 { alignment(t, pointerBytes: pointerBytes) }
        switch type {
        case .bool, .s8, .u8: return 1
        case .s16, .u16: return 2
        case .s32, .u32, .f32, .char, .errorContext, .own, .borrow, .stream, .future: return 4
        case .string, .list, .map: return pointerBytes
        case .s64, .u64, .f64: return 8
        case .fixedList(let element, _): return of(element)
        case .record(let fields): return fields.map { of($0.type) }.max() ?? 1
        case .tuple(let types): return types.map(of).max() ?? 1
        case .variant(let cases): return variantAlignment(cases.map(\.type), pointerBytes: pointerBytes)
        case .enum(let labels): return discriminantSize(labels.count)
        case .option(let some): return variantAlignment([nil, some], pointerBytes: pointerBytes)
        case .result(let ok, let error): return variantAlignment([ok, error], pointerBytes: pointerBytes)
        case .flags(let labels): return labels.count <= 8 ? 1 : labels.count <= 16 ? 2 : 4
        }
    }

    static func variantAlignment(_ cases: [ValType?], pointerBytes: UInt64 = 4) -> UInt64 {
        max(discriminantSize(cases.count), cases.compactMap { $0.map { alignment($0, pointerBytes: pointerBytes) } }.max() ?? 1)
    }

    static func alignTo(_ value: UInt64, _ alignment: UInt64) -> UInt64 {
        (value &+ alignment &- 1) / alignment * alignment
    }

    /// The byte size of a value of `type` in a 32-bit memory, saturating at `UInt64.max / 2` so that
    /// hostile fixed-length lists cannot overflow the arithmetic.
    public static func size(_ type: ValType, pointerBytes: UInt64 = 4) -> UInt64 {
        let cap = UInt64.max / 4
        func add(_ a: UInt64, _ b: UInt64) -> UInt64 { min(cap, a &+ b) }
        func size(_ t: ValType) -> UInt64 { CanonicalABI.size(t, pointerBytes: pointerBytes) }
        func alignment(_ t: ValType) -> UInt64 { CanonicalABI.alignment(t, pointerBytes: pointerBytes) }
        func variantAlignment(_ cases: [ValType?]) -> UInt64 { CanonicalABI.variantAlignment(cases, pointerBytes: pointerBytes) }
        switch type {
        case .bool, .s8, .u8: return 1
        case .s16, .u16: return 2
        case .s32, .u32, .f32, .char, .errorContext, .own, .borrow, .stream, .future: return 4
        case .s64, .u64, .f64: return 8
        case .string, .list, .map: return 2 * pointerBytes
        case .fixedList(let element, let length):
            let (product, overflow) = size(element).multipliedReportingOverflow(by: UInt64(length))
            return overflow ? cap : min(cap, product)
        case .record(let fields): return recordSize(fields.map(\.type))
        case .tuple(let types): return recordSize(types)
        case .variant(let cases): return variantSize(cases.map(\.type))
        case .enum(let labels): return discriminantSize(labels.count)
        case .option(let some): return variantSize([nil, some])
        case .result(let ok, let error): return variantSize([ok, error])
        case .flags(let labels): return labels.count <= 8 ? 1 : labels.count <= 16 ? 2 : 4
        }

        func recordSize(_ types: [ValType]) -> UInt64 {
            var offset: UInt64 = 0
            for type in types { offset = add(alignTo(offset, alignment(type)), size(type)) }
            return alignTo(offset, types.map(alignment).max() ?? 1)
        }

        func variantSize(_ cases: [ValType?]) -> UInt64 {
            let payloadAlignment = cases.compactMap { $0.map(alignment) }.max() ?? 1
            let start = alignTo(discriminantSize(cases.count), payloadAlignment)
            let payload = cases.compactMap { $0.map(size) }.max() ?? 0
            return alignTo(add(start, payload), variantAlignment(cases))
        }
    }
}
