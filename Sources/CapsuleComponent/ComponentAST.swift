import CapsuleBinary
import CapsuleCore

/// A decoded component (the component model's binary format, layer 1): its definitions in the order
/// the binary gives them, each adding to one index space.
///
/// ```swift
/// let component = try Component(decoding: bytes)
/// let validated = try component.validate()
/// print(validated.worldWIT())
/// ```
public struct Component: Sendable {
    /// The definitions, sections flattened, in binary order.
    public var definitions: [ComponentDefinition] = []
    /// Custom sections: their names and byte ranges in ``bytes``.
    public var customSections: [(name: String, range: Range<Int>)] = []
    /// The bytes this component was decoded from (for a nested component, the outermost binary).
    public var bytes: [UInt8] = []
    /// Where this component's preamble starts in ``bytes``.
    public var offset = 0

    /// An empty component.
    public init() {}
}

/// One definition of a component.
public enum ComponentDefinition: Sendable {
    /// A nested core module, decoded (not yet validated), with where it starts.
    case coreModule(Module, offset: Int)
    /// A core instance: a module instantiated with named instances, or a bundle of core items.
    case coreInstance(CoreInstanceExpression, offset: Int)
    /// A core type: a function type or a module type.
    case coreType(CoreTypeDefinition, offset: Int)
    /// A nested component.
    case component(Component)
    /// A component instance.
    case instance(InstanceExpression, offset: Int)
    /// An alias of another definition's export, or of an enclosing scope's definition.
    case alias(Alias, offset: Int)
    /// A component-level type.
    case type(ComponentType, offset: Int)
    /// A canonical definition: a lifted or lowered function, or a built-in.
    case canon(Canon, offset: Int)
    /// An import.
    case `import`(ComponentImport, offset: Int)
    /// An export.
    case export(ComponentExport, offset: Int)
}

/// The core sorts: what a core index refers to.
public enum CoreSort: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Core sorts of items, by their binary codes.
    case function = 0x00, table = 0x01, memory = 0x02, global = 0x03, tag = 0x04
    /// Sorts for types, modules and instances (component-model additions to core).
    case type = 0x10, module = 0x11, instance = 0x12

    /// A short textual form.
    public var description: String {
        switch self {
        case .function: return "func"
        case .table: return "table"
        case .memory: return "memory"
        case .global: return "global"
        case .tag: return "tag"
        case .type: return "type"
        case .module: return "module"
        case .instance: return "instance"
        }
    }
}

/// The sorts of a component: a core sort, or a component-level one.
public enum Sort: Sendable, Hashable, CustomStringConvertible {
    /// A core sort.
    case core(CoreSort)
    /// Component-level sorts.
    case function, value, type, component, instance

    /// A short textual form.
    public var description: String {
        switch self {
        case .core(let sort): return "core \(sort)"
        case .function: return "func"
        case .value: return "value"
        case .type: return "type"
        case .component: return "component"
        case .instance: return "instance"
        }
    }
}

/// A sort and an index into its index space.
public struct SortIndex: Sendable, Hashable {
    /// The sort.
    public var sort: Sort
    /// The index into the sort's index space.
    public var index: UInt32

    /// A sort and an index into its index space.
    public init(sort: Sort, index: UInt32) {
        self.sort = sort
        self.index = index
    }
}

/// How a core instance is made.
public enum CoreInstanceExpression: Sendable {
    /// `(instantiate module (with name (instance i))*)`.
    case instantiate(module: UInt32, arguments: [(name: String, instance: UInt32)])
    /// A bundle of core items, each exported under a name.
    case exports([(name: String, item: CoreSortIndex)])
}

/// A core sort and an index.
public struct CoreSortIndex: Sendable, Hashable {
    /// The sort.
    public var sort: CoreSort
    /// The index into the sort's index space.
    public var index: UInt32

    /// A sort and an index into its index space.
    public init(sort: CoreSort, index: UInt32) {
        self.sort = sort
        self.index = index
    }
}

/// How a component instance is made.
public enum InstanceExpression: Sendable {
    /// `(instantiate component (with name item)*)`.
    case instantiate(component: UInt32, arguments: [(name: String, item: SortIndex)])
    /// A bundle of items, each exported under a name.
    case exports([(name: String, item: SortIndex)])
}

/// An alias.
public enum Alias: Sendable {
    /// An export of a component instance.
    case instanceExport(sort: Sort, instance: UInt32, name: String)
    /// An export of a core instance.
    case coreInstanceExport(sort: CoreSort, instance: UInt32, name: String)
    /// A definition of an enclosing scope: `count` scopes out, at `index` of `sort`'s index space.
    case outer(sort: Sort, count: UInt32, index: UInt32)

    /// The sort of what the alias adds.
    public var sort: Sort {
        switch self {
        case .instanceExport(let sort, _, _): return sort
        case .coreInstanceExport(let sort, _, _): return .core(sort)
        case .outer(let sort, _, _): return sort
        }
    }
}

/// A core type defined in a component.
public enum CoreTypeDefinition: Sendable {
    /// A core function type.
    case function(FuncType)
    /// A core module type: what a module imports and exports.
    case module([CoreModuleDeclaration])
}

/// One declaration of a core module type.
public enum CoreModuleDeclaration: Sendable {
    /// An import: a name and its type.
    case `import`(module: String, name: String, ImportDescriptor)
    /// A type.
    case type(CoreTypeDefinition)
    /// `(alias outer count index (type))`.
    case outerTypeAlias(count: UInt32, index: UInt32)
    /// An export: a name and its type.
    case export(name: String, ImportDescriptor)
}

/// The primitive value types.
public enum PrimitiveType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// The primitive value types.
    case bool = 0x7F, s8 = 0x7E, u8 = 0x7D, s16 = 0x7C, u16 = 0x7B, s32 = 0x7A, u32 = 0x79
    /// More primitive value types.
    case s64 = 0x78, u64 = 0x77, f32 = 0x76, f64 = 0x75, char = 0x74, string = 0x73, errorContext = 0x64

    /// A short textual form.
    public var description: String {
        switch self {
        case .bool: return "bool"
        case .s8: return "s8"
        case .u8: return "u8"
        case .s16: return "s16"
        case .u16: return "u16"
        case .s32: return "s32"
        case .u32: return "u32"
        case .s64: return "s64"
        case .u64: return "u64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .char: return "char"
        case .string: return "string"
        case .errorContext: return "error-context"
        }
    }
}

/// A value type: a primitive, or a type index naming a defined value type.
public enum ValueTypeReference: Sendable, Hashable {
    /// A primitive type.
    case primitive(PrimitiveType)
    /// A type index naming a defined value type.
    case index(UInt32)
}

/// A defined value type.
public enum DefinedValueType: Sendable, Hashable {
    /// A primitive type.
    case primitive(PrimitiveType)
    /// A record: named fields, in order.
    case record([Field])
    /// A variant: named cases, each with an optional payload.
    case variant([Case])
    /// A list of values of one type.
    case list(ValueTypeReference)
    /// A list of a fixed length.
    case fixedList(ValueTypeReference, length: UInt32)
    /// A tuple: unnamed fields, in order.
    case tuple([ValueTypeReference])
    /// Flags: a set of named bits (at most 32).
    case flags([String])
    /// An enum: named cases without payloads.
    case `enum`([String])
    /// An optional value.
    case option(ValueTypeReference)
    /// A result: an optional success payload and an optional error payload.
    case result(ok: ValueTypeReference?, error: ValueTypeReference?)
    /// An owned handle to a resource.
    case own(UInt32)
    /// A borrowed handle to a resource, valid for the duration of a call.
    case borrow(UInt32)
    /// A stream (async; decoded, not supported).
    case stream(ValueTypeReference?)
    /// A future (async; decoded, not supported).
    case future(ValueTypeReference?)
    /// A map from keys to values.
    case map(key: ValueTypeReference, value: ValueTypeReference)

    /// A record field or a labelled parameter.
    public struct Field: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The type.
        public var type: ValueTypeReference
    }

    /// A variant case.
    public struct Case: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The type.
        public var type: ValueTypeReference?
    }
}

/// A component function type.
public struct ComponentFunctionType: Sendable, Hashable {
    /// Whether it is an async function (decoded, not supported).
    public var isAsync: Bool
    /// The parameters, in order.
    public var parameters: [DefinedValueType.Field]
    /// The result type, if any.
    public var result: ValueTypeReference?
}

/// A component-level type definition.
public enum ComponentType: Sendable {
    /// A value (or a value type).
    case value(DefinedValueType)
    /// A function.
    case function(ComponentFunctionType)
    /// A component.
    case component([ComponentDeclaration])
    /// An instance.
    case instance([InstanceDeclaration])
    /// A resource: its core representation (i32) and destructor, a core function index.
    case resource(representation: ValueType, destructor: UInt32?)
}

/// One declaration of a component type.
public enum ComponentDeclaration: Sendable {
    /// An import: a name and its type.
    case `import`(name: String, ExternType)
    /// An instance.
    case instance(InstanceDeclaration)
}

/// One declaration of an instance type (also allowed in component types).
public enum InstanceDeclaration: Sendable {
    /// A core type.
    case coreType(CoreTypeDefinition)
    /// A type.
    case type(ComponentType)
    /// An alias.
    case alias(Alias)
    /// An export: a name and its type.
    case export(name: String, ExternType)
}

/// The type of an import or export.
public enum ExternType: Sendable, Hashable {
    /// A core module.
    case coreModule(type: UInt32)
    /// A function.
    case function(type: UInt32)
    /// A value (or a value type).
    case value(ValueBound)
    /// A type.
    case type(TypeBound)
    /// A component.
    case component(type: UInt32)
    /// An instance.
    case instance(type: UInt32)

    /// The sort an item of this type belongs to.
    public var sort: Sort {
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

/// The bound of a value import.
public enum ValueBound: Sendable, Hashable {
    /// Equal to the type (or value) at this index.
    case equal(UInt32)
    /// A type.
    case type(ValueTypeReference)
}

/// The bound of a type import or export: equal to a type, or a fresh resource.
public enum TypeBound: Sendable, Hashable {
    /// Equal to the type (or value) at this index.
    case equal(UInt32)
    /// A fresh resource type, unequal to every other.
    case subResource
}

/// Canonical options of `canon lift` and `canon lower`.
public struct CanonicalOptions: Sendable, Hashable {
    /// String encodings of the canonical ABI.
    public enum StringEncoding: Sendable, Hashable { case utf8, utf16, latin1UTF16 }
    /// How strings are encoded in memory (UTF-8 when absent).
    public var stringEncoding: StringEncoding?
    /// The core memory strings and lists live in.
    public var memory: UInt32?
    /// The core function that allocates memory for values passed in.
    public var realloc: UInt32?
    /// The core function called after a lifted function's results are read.
    public var postReturn: UInt32?
    /// Whether it is an async function (decoded, not supported).
    public var isAsync = false
    /// The async callback (decoded, not supported).
    public var callback: UInt32?

    /// Nothing set: the defaults.
    public init() {}
}

/// A canonical definition.
public enum Canon: Sendable {
    /// A core function lifted to a component function of the given type.
    case lift(coreFunction: UInt32, options: CanonicalOptions, type: UInt32)
    /// A component function lowered to a core function.
    case lower(function: UInt32, options: CanonicalOptions)
    /// `canon resource.new`: makes a handle from a representation.
    case resourceNew(type: UInt32)
    /// `canon resource.drop`: drops a handle (running the destructor of an owned one).
    case resourceDrop(type: UInt32)
    /// `canon resource.rep`: the representation behind a handle.
    case resourceRep(type: UInt32)
    /// One of the async, thread and error-context built-ins, by opcode (decoded, not supported).
    case builtin(opcode: UInt8)

    /// Whether this definition adds a core function (everything but `lift`, which adds a component function).
    public var definesCoreFunction: Bool {
        if case .lift = self { return false }
        return true
    }
}

/// An import: a name and the type of what must be supplied.
public struct ComponentImport: Sendable {
    /// The name.
    public var name: String
    /// The type.
    public var type: ExternType
}

/// An export: a name, the exported item, and optionally the type it is exported at.
public struct ComponentExport: Sendable {
    /// The name.
    public var name: String
    /// The exported item.
    public var item: SortIndex
    /// The type.
    public var type: ExternType?
}
