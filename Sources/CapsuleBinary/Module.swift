import CapsuleCore

/// A decoded (not yet validated) WebAssembly module.
///
/// Produced by ``Module/init(decoding:)``. Function bodies stay as byte ranges into ``bytes``
/// and are read with ``InstructionReader`` by the validator and the compiler.
public struct Module: Sendable {
    /// The module's original bytes; function bodies and custom sections point into them.
    public var bytes: [UInt8] = []
    public var types: [FuncType] = []
    public var imports: [Import] = []
    /// Type index of each function defined by the module (the function section).
    public var functions: [UInt32] = []
    public var tables: [TableType] = []
    public var memories: [MemoryType] = []
    public var globals: [Global] = []
    public var exports: [Export] = []
    public var start: UInt32?
    public var elements: [ElementSegment] = []
    public var datas: [DataSegment] = []
    /// The data count section's value, when present.
    public var dataCount: UInt32?
    /// One body per defined function, in the order of ``functions``.
    public var codes: [FunctionBody] = []
    public var customSections: [CustomSection] = []
    /// Names from the `name` custom section, when present and well-formed.
    public var names: NameSection = NameSection()

    public init() {}
}

/// An import: a module name, a field name and what is imported.
public struct Import: Sendable, Hashable {
    public var module: String
    public var name: String
    public var descriptor: ImportDescriptor

    public init(module: String, name: String, descriptor: ImportDescriptor) {
        self.module = module
        self.name = name
        self.descriptor = descriptor
    }
}

/// What an import provides.
public enum ImportDescriptor: Sendable, Hashable {
    /// A function of the given type index.
    case function(UInt32)
    case table(TableType)
    case memory(MemoryType)
    case global(GlobalType)
}

/// An export: a unique name and what is exported.
public struct Export: Sendable, Hashable {
    public var name: String
    public var descriptor: ExportDescriptor

    public init(name: String, descriptor: ExportDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }
}

/// What an export refers to, by index in the corresponding index space (imports first).
public enum ExportDescriptor: Sendable, Hashable {
    case function(UInt32)
    case table(UInt32)
    case memory(UInt32)
    case global(UInt32)
}

/// A constant expression (global initialisers, segment offsets, element items), without its final `end`.
public struct ConstExpr: Sendable, Hashable {
    public var instructions: [Instruction]
    /// Byte offset of the expression in the module.
    public var offset: Int

    public init(instructions: [Instruction], offset: Int) {
        self.instructions = instructions
        self.offset = offset
    }
}

/// A global defined by the module.
public struct Global: Sendable, Hashable {
    public var type: GlobalType
    public var initializer: ConstExpr

    public init(type: GlobalType, initializer: ConstExpr) {
        self.type = type
        self.initializer = initializer
    }
}

/// An element segment, in any of the eight binary encodings.
public struct ElementSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case declarative
        case active(table: UInt32, offset: ConstExpr)
    }

    /// `funcref` or `externref`.
    public var type: ValueType
    public var mode: Mode
    /// One constant expression per element (function-index encodings become `ref.func` expressions).
    public var initializers: [ConstExpr]
    /// Byte offset of the segment in the module.
    public var offset: Int

    public init(type: ValueType, mode: Mode, initializers: [ConstExpr], offset: Int) {
        self.type = type
        self.mode = mode
        self.initializers = initializers
        self.offset = offset
    }
}

/// A data segment, in any of the three binary encodings.
public struct DataSegment: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        case passive
        case active(memory: UInt32, offset: ConstExpr)
    }

    public var mode: Mode
    /// The segment's bytes, as a range into ``Module/bytes``.
    public var range: Range<Int>
    /// Byte offset of the segment in the module.
    public var offset: Int

    public init(mode: Mode, range: Range<Int>, offset: Int) {
        self.mode = mode
        self.range = range
        self.offset = offset
    }
}

/// A run of locals of one type, as declared in a function body.
public struct LocalDeclaration: Sendable, Hashable {
    public var count: UInt32
    public var type: ValueType

    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

/// A function body: its local declarations and the byte range of its instructions.
public struct FunctionBody: Sendable, Hashable {
    public var locals: [LocalDeclaration]
    /// Range of the instruction bytes (including the final `end`) within ``Module/bytes``.
    public var range: Range<Int>

    public init(locals: [LocalDeclaration], range: Range<Int>) {
        self.locals = locals
        self.range = range
    }
}

/// A custom section: its name and the byte range of its payload.
public struct CustomSection: Sendable, Hashable {
    public var name: String
    public var range: Range<Int>

    public init(name: String, range: Range<Int>) {
        self.name = name
        self.range = range
    }
}

/// The contents of the `name` custom section that Capsule keeps for messages and backtraces.
public struct NameSection: Sendable, Hashable {
    public var moduleName: String?
    /// Function index (imports included) to name.
    public var functionNames: [UInt32: String] = [:]
    /// Function index to (local index to name).
    public var localNames: [UInt32: [UInt32: String]] = [:]

    public init() {}
}

extension Module {
    /// Number of imported functions (they come first in the function index space).
    public var importedFunctionCount: Int {
        imports.reduce(0) { if case .function = $1.descriptor { return $0 + 1 } else { return $0 } }
    }
}
