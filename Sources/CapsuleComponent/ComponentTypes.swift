import CapsuleBinary
import CapsuleCore

/// A resource type's identity: resources are compared by identity, not structure (each `(resource ...)`
/// definition and each `(sub resource)` import or export is a new one).
public final class ResourceIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The name it was first imported or exported under, if any.
    public let name: String
    /// Whether this component defines it (`canon resource.new` and `resource.rep` need that).
    public let isLocal: Bool
    let scope: Int

    init(name: String, isLocal: Bool, scope: Int) {
        self.name = name
        self.isLocal = isLocal
        self.scope = scope
    }

    public static func == (a: ResourceIdentity, b: ResourceIdentity) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    public var description: String { name.isEmpty ? "resource" : name }
}

/// A component value type with every type index resolved: the structure the canonical ABI works on.
public indirect enum ValType: Sendable, Hashable {
    case bool, s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, char, string, errorContext
    case record([(name: String, type: ValType)])
    case variant([(name: String, type: ValType?)])
    case list(ValType)
    case fixedList(ValType, length: UInt32)
    case tuple([ValType])
    case flags([String])
    case `enum`([String])
    case option(ValType)
    case result(ok: ValType?, error: ValType?)
    case own(ResourceIdentity)
    case borrow(ResourceIdentity)
    case stream(ValType?)
    case future(ValType?)
    case map(key: ValType, value: ValType)

    public static func == (a: ValType, b: ValType) -> Bool {
        switch (a, b) {
        case (.bool, .bool), (.s8, .s8), (.u8, .u8), (.s16, .s16), (.u16, .u16), (.s32, .s32), (.u32, .u32),
            (.s64, .s64), (.u64, .u64), (.f32, .f32), (.f64, .f64), (.char, .char), (.string, .string),
            (.errorContext, .errorContext):
            return true
        case (.record(let x), .record(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.type == $1.type }
        case (.variant(let x), .variant(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.type == $1.type }
        case (.list(let x), .list(let y)), (.option(let x), .option(let y)): return x == y
        case (.fixedList(let x, let n), .fixedList(let y, let m)): return x == y && n == m
        case (.tuple(let x), .tuple(let y)): return x == y
        case (.flags(let x), .flags(let y)), (.enum(let x), .enum(let y)): return x == y
        case (.result(let o1, let e1), .result(let o2, let e2)): return o1 == o2 && e1 == e2
        case (.own(let x), .own(let y)), (.borrow(let x), .borrow(let y)): return x == y
        case (.stream(let x), .stream(let y)), (.future(let x), .future(let y)): return x == y
        case (.map(let k1, let v1), .map(let k2, let v2)): return k1 == k2 && v1 == v2
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(String(describing: self).count)
    }

    /// Whether a `borrow` handle occurs anywhere in it.
    public var containsBorrow: Bool {
        switch self {
        case .borrow: return true
        case .record(let fields): return fields.contains { $0.type.containsBorrow }
        case .variant(let cases): return cases.contains { $0.type?.containsBorrow ?? false }
        case .list(let t), .option(let t), .fixedList(let t, _): return t.containsBorrow
        case .tuple(let types): return types.contains { $0.containsBorrow }
        case .result(let ok, let error): return (ok?.containsBorrow ?? false) || (error?.containsBorrow ?? false)
        case .stream(let t), .future(let t): return t?.containsBorrow ?? false
        case .map(let k, let v): return k.containsBorrow || v.containsBorrow
        default: return false
        }
    }

    init(_ primitive: PrimitiveType) {
        switch primitive {
        case .bool: self = .bool
        case .s8: self = .s8
        case .u8: self = .u8
        case .s16: self = .s16
        case .u16: self = .u16
        case .s32: self = .s32
        case .u32: self = .u32
        case .s64: self = .s64
        case .u64: self = .u64
        case .f32: self = .f32
        case .f64: self = .f64
        case .char: self = .char
        case .string: self = .string
        case .errorContext: self = .errorContext
        }
    }
}

/// A component function type with its types resolved.
public struct FunctionSignature: Sendable, Hashable {
    public var isAsync: Bool
    public var parameters: [(name: String, type: ValType)]
    public var result: ValType?

    public static func == (a: FunctionSignature, b: FunctionSignature) -> Bool {
        a.isAsync == b.isAsync && a.result == b.result && a.parameters.count == b.parameters.count
            && zip(a.parameters, b.parameters).allSatisfy { $0.name == $1.name && $0.type == $1.type }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(parameters.count)
        hasher.combine(result == nil)
    }
}

/// What a component type index refers to, resolved.
public indirect enum TypeInfo: Sendable {
    case value(ValType)
    case function(FunctionSignature)
    case resource(ResourceIdentity)
    case instance(InstanceInfo)
    case component(ComponentInfo)
}

/// An item of a component instance or a component's exports/imports, with its type resolved.
public indirect enum ExternInfo: Sendable {
    case coreModule(ModuleInfo)
    case function(FunctionSignature)
    case value(ValType)
    case type(TypeInfo)
    case component(ComponentInfo)
    case instance(InstanceInfo)

    var sort: Sort {
        switch self {
        case .coreModule: return .core(.module)
        case .function: return .function
        case .value: return .value
        case .type: return .type
        case .component: return .component
        case .instance: return .instance
        }
    }
}

/// A named extern in declaration order, with the names of the types it declares (for printing WIT).
public struct NamedExtern: Sendable {
    public var name: String
    public var info: ExternInfo
}

/// A component instance's type: its exports in order.
public struct InstanceInfo: Sendable {
    public var exports: [NamedExtern] = []

    public func export(_ name: String) -> ExternInfo? {
        exports.first { $0.name == name }?.info
    }
}

/// A component's type: what it imports and exports.
public struct ComponentInfo: Sendable {
    public var imports: [NamedExtern] = []
    public var exports: [NamedExtern] = []
}

/// A core module's imports and exports.
public struct ModuleInfo: Sendable {
    public var imports: [(module: String, name: String, item: CoreItem)] = []
    public var exports: [(name: String, item: CoreItem)] = []
}

/// A core item's type.
public enum CoreItem: Sendable, Hashable {
    case function(FuncType)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
    case tag(FuncType)

    var sort: CoreSort {
        switch self {
        case .function: return .function
        case .table: return .table
        case .memory: return .memory
        case .global: return .global
        case .tag: return .tag
        }
    }
}
