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
    /// For the new type index an export of a resource type introduces: the resource it names. Outside
    /// the component only the exported one is visible; inside, the two are interchangeable.
    public let underlying: ResourceIdentity?

    init(name: String, isLocal: Bool, scope: Int, underlying: ResourceIdentity? = nil) {
        self.name = name
        self.isLocal = isLocal
        self.scope = scope
        self.underlying = underlying
    }

    /// The resource this one stands for inside its component.
    public var root: ResourceIdentity { underlying?.root ?? self }

    /// Whether it is a `(sub resource)` import or export: a placeholder for whatever resource is
    /// supplied or defined behind it.
    var isPlaceholder: Bool { !isLocal && underlying == nil }

    /// Identity: every resource type is unequal to every other.
    public static func == (a: ResourceIdentity, b: ResourceIdentity) -> Bool { a === b }
    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    /// A short textual form.
    public var description: String { name.isEmpty ? "resource" : name }
}

/// A component value type with every type index resolved: the structure the canonical ABI works on.
public indirect enum ValType: Sendable, Hashable {
    /// The primitive value types.
    case bool, s8, u8, s16, u16, s32, u32, s64, u64, f32, f64, char, string, errorContext
    /// A record: named fields, in order.
    case record([(name: String, type: ValType)])
    /// A variant: named cases, each with an optional payload.
    case variant([(name: String, type: ValType?)])
    /// A list of values of one type.
    case list(ValType)
    /// A list of a fixed length.
    case fixedList(ValType, length: UInt32)
    /// A tuple: unnamed fields, in order.
    case tuple([ValType])
    /// Flags: a set of named bits (at most 32).
    case flags([String])
    /// An enum: named cases without payloads.
    case `enum`([String])
    /// An optional value.
    case option(ValType)
    /// A result: an optional success payload and an optional error payload.
    case result(ok: ValType?, error: ValType?)
    /// An owned handle to a resource.
    case own(ResourceIdentity)
    /// A borrowed handle to a resource, valid for the duration of a call.
    case borrow(ResourceIdentity)
    /// A stream (async; decoded, not supported).
    case stream(ValType?)
    /// A future (async; decoded, not supported).
    case future(ValType?)
    /// A map from keys to values.
    case map(key: ValType, value: ValType)

    /// Structural equality (resources compare by identity).
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

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(String(describing: self).count)
    }

    /// Whether the two have the same structure, any resource matching any other.
    public func matchesShape(of other: ValType) -> Bool {
        matches(other) { _, _ in true }
    }

    /// Whether the two have the same structure, resources compared by `sameResource`: instantiation
    /// arguments are checked this way (an import's placeholders replaced by what was supplied first).
    func matches(_ other: ValType, sameResource: (ResourceIdentity, ResourceIdentity) -> Bool) -> Bool {
        func same(_ a: ValType?, _ b: ValType?) -> Bool {
            switch (a, b) {
            case (nil, nil): return true
            case (let x?, let y?): return x.matches(y, sameResource: sameResource)
            default: return false
            }
        }
        switch (self, other) {
        case (.own(let a), .own(let b)), (.borrow(let a), .borrow(let b)): return sameResource(a, b)
        case (.record(let x), .record(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && same($0.type, $1.type) }
        case (.variant(let x), .variant(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && same($0.type, $1.type) }
        case (.list(let x), .list(let y)), (.option(let x), .option(let y)): return same(x, y)
        case (.fixedList(let x, let n), .fixedList(let y, let m)): return n == m && same(x, y)
        case (.tuple(let x), .tuple(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.result(let o1, let e1), .result(let o2, let e2)): return same(o1, o2) && same(e1, e2)
        case (.stream(let x), .stream(let y)), (.future(let x), .future(let y)): return same(x, y)
        case (.map(let k1, let v1), .map(let k2, let v2)): return same(k1, k2) && same(v1, v2)
        default: return self == other
        }
    }

    /// Every resource its handles name.
    public var resources: [ResourceIdentity] {
        switch self {
        case .own(let r), .borrow(let r): return [r]
        case .record(let fields): return fields.flatMap { $0.type.resources }
        case .variant(let cases): return cases.flatMap { $0.type?.resources ?? [] }
        case .list(let t), .option(let t), .fixedList(let t, _): return t.resources
        case .tuple(let types): return types.flatMap(\.resources)
        case .result(let ok, let error): return (ok?.resources ?? []) + (error?.resources ?? [])
        case .stream(let t), .future(let t): return t?.resources ?? []
        case .map(let k, let v): return k.resources + v.resources
        default: return []
        }
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

    /// The primitive type this is, if it is one.
    public var primitive: PrimitiveType? {
        switch self {
        case .bool: return .bool
        case .s8: return .s8
        case .u8: return .u8
        case .s16: return .s16
        case .u16: return .u16
        case .s32: return .s32
        case .u32: return .u32
        case .s64: return .s64
        case .u64: return .u64
        case .f32: return .f32
        case .f64: return .f64
        case .char: return .char
        case .string: return .string
        case .errorContext: return .errorContext
        default: return nil
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
    /// Whether it is an async function (decoded, not supported).
    public var isAsync: Bool
    /// The parameters, in order.
    public var parameters: [(name: String, type: ValType)]
    /// The result type, if any.
    public var result: ValType?

    /// Whether the two have the same parameters and result, any resource matching any other.
    public func matchesShape(of other: FunctionSignature) -> Bool {
        matches(other) { _, _ in true }
    }

    /// Whether the two have the same parameters and result, resources compared by `sameResource`.
    func matches(_ other: FunctionSignature, sameResource: (ResourceIdentity, ResourceIdentity) -> Bool) -> Bool {
        guard isAsync == other.isAsync, parameters.count == other.parameters.count else { return false }
        guard zip(parameters, other.parameters).allSatisfy({ $0.name == $1.name && $0.type.matches($1.type, sameResource: sameResource) }) else {
            return false
        }
        switch (result, other.result) {
        case (nil, nil): return true
        case (let a?, let b?): return a.matches(b, sameResource: sameResource)
        default: return false
        }
    }

    /// Equal parameters (names and types) and results; resources compare by identity.
    public static func == (a: FunctionSignature, b: FunctionSignature) -> Bool {
        a.isAsync == b.isAsync && a.result == b.result && a.parameters.count == b.parameters.count
            && zip(a.parameters, b.parameters).allSatisfy { $0.name == $1.name && $0.type == $1.type }
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(parameters.count)
        hasher.combine(result == nil)
    }
}

/// What a component type index refers to, resolved.
public indirect enum TypeInfo: Sendable {
    /// A value (or a value type).
    case value(ValType)
    /// A function.
    case function(FunctionSignature)
    /// A resource type.
    case resource(ResourceIdentity)
    /// An instance.
    case instance(InstanceInfo)
    /// A component.
    case component(ComponentInfo)
}

/// An item of a component instance or a component's exports/imports, with its type resolved.
public indirect enum ExternInfo: Sendable {
    /// A core module.
    case coreModule(ModuleInfo)
    /// A function.
    case function(FunctionSignature)
    /// A value (or a value type).
    case value(ValType)
    /// A type.
    case type(TypeInfo)
    /// A component.
    case component(ComponentInfo)
    /// An instance.
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
    /// The name.
    public var name: String
    /// Its resolved type.
    public var info: ExternInfo
}

/// A component instance's type: its exports in order.
public struct InstanceInfo: Sendable {
    /// The exports, in order.
    public var exports: [NamedExtern] = []

    /// The export named `name`, if any.
    public func export(_ name: String) -> ExternInfo? {
        exports.first { $0.name == name }?.info
    }
}

/// A component's type: what it imports and exports.
public struct ComponentInfo: Sendable {
    /// The imports, in order.
    public var imports: [NamedExtern] = []
    /// The exports, in order.
    public var exports: [NamedExtern] = []
}

/// A core module's imports and exports.
public struct ModuleInfo: Sendable {
    /// The imports, in order.
    public var imports: [(module: String, name: String, item: CoreItem)] = []
    /// The exports, in order.
    public var exports: [(name: String, item: CoreItem)] = []
}

/// A core item's type.
public enum CoreItem: Sendable, Hashable {
    /// A function.
    case function(FuncType)
    /// A core table.
    case table(TableType)
    /// A core memory.
    case memory(MemoryType)
    /// A core global.
    case global(GlobalType)
    /// A core exception tag.
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

/// Replacing a component's imported resources by the ones supplied when it is instantiated, so that
/// what its instance exports names the real resources.
struct ResourceSubstitution {
    var replacements: [ObjectIdentifier: ResourceIdentity] = [:]
    private var made: [ObjectIdentifier: ResourceIdentity] = [:]

    var isEmpty: Bool { replacements.isEmpty }

    mutating func resource(_ identity: ResourceIdentity) -> ResourceIdentity {
        if let replacement = replacements[ObjectIdentifier(identity)] { return replacement }
        if let existing = made[ObjectIdentifier(identity)] { return existing }
        guard let underlying = identity.underlying else { return identity }
        let replacedUnderlying = resource(underlying)
        guard replacedUnderlying !== underlying else { return identity }
        let replaced = ResourceIdentity(name: identity.name, isLocal: replacedUnderlying.isLocal, scope: replacedUnderlying.scope, underlying: replacedUnderlying)
        made[ObjectIdentifier(identity)] = replaced
        return replaced
    }

    mutating func value(_ type: ValType) -> ValType {
        switch type {
        case .own(let r): return .own(resource(r))
        case .borrow(let r): return .borrow(resource(r))
        case .record(let fields): return .record(fields.map { ($0.name, value($0.type)) })
        case .variant(let cases): return .variant(cases.map { ($0.name, $0.type.map { value($0) }) })
        case .list(let t): return .list(value(t))
        case .fixedList(let t, let n): return .fixedList(value(t), length: n)
        case .tuple(let types): return .tuple(types.map { value($0) })
        case .option(let t): return .option(value(t))
        case .result(let ok, let error): return .result(ok: ok.map { value($0) }, error: error.map { value($0) })
        case .stream(let t): return .stream(t.map { value($0) })
        case .future(let t): return .future(t.map { value($0) })
        case .map(let k, let v): return .map(key: value(k), value: value(v))
        default: return type
        }
    }

    mutating func signature(_ signature: FunctionSignature) -> FunctionSignature {
        FunctionSignature(
            isAsync: signature.isAsync, parameters: signature.parameters.map { ($0.name, value($0.type)) },
            result: signature.result.map { value($0) })
    }

    mutating func type(_ info: TypeInfo) -> TypeInfo {
        switch info {
        case .value(let v): return .value(value(v))
        case .function(let s): return .function(signature(s))
        case .resource(let r): return .resource(resource(r))
        case .instance(let i): return .instance(instance(i))
        case .component(let c): return .component(c)
        }
    }

    mutating func instance(_ info: InstanceInfo) -> InstanceInfo {
        InstanceInfo(exports: info.exports.map { NamedExtern(name: $0.name, info: extern($0.info)) })
    }

    mutating func extern(_ info: ExternInfo) -> ExternInfo {
        switch info {
        case .function(let s): return .function(signature(s))
        case .value(let v): return .value(value(v))
        case .type(let t): return .type(type(t))
        case .instance(let i): return .instance(instance(i))
        case .component, .coreModule: return info
        }
    }
}
