import CapsuleCore

/// A decoded (not yet validated) WebAssembly module.
///
/// Produced by ``Module/init(decoding:)``. Function bodies stay as byte ranges into ``bytes``
/// and are read with ``InstructionReader`` by the validator and the compiler.
public struct Module: Sendable {
    /// The module's original bytes; function bodies and custom sections point into them.
    public var bytes: [UInt8] = []
    /// The function type of each type index: the type itself for a function type, an empty
    /// `[] -> []` for a structure or array type (``typeDefinitions`` has every definition).
    public var types: [FuncType] = []
    /// Every type definition of the type section, by type index (WebAssembly 3.0 sub types).
    public var typeDefinitions: [SubType] = []
    /// The recursive groups of the type section, as ranges of type indices, in order (a type
    /// outside a `rec` is a group of its own).
    public var recGroups: [Range<Int>] = []
    /// The import section, in order (imports come first in each index space).
    public var imports: [Import] = []
    /// Type index of each function defined by the module (the function section).
    public var functions: [UInt32] = []
    /// Tables defined by the module (after imported ones in the table index space).
    public var tables: [TableType] = []
    /// The initialiser expression of each defined table (typed function references' `0x40 0x00`
    /// form), nil for a table whose elements start null; as many entries as ``tables``.
    public var tableInitializers: [ConstExpr?] = []
    /// Memories defined by the module (after imported ones in the memory index space).
    public var memories: [MemoryType] = []
    /// Tags defined by the module, as type indices (after imported ones in the tag index space).
    public var tags: [UInt32] = []
    /// Globals defined by the module (after imported ones in the global index space).
    public var globals: [Global] = []
    /// The export section.
    public var exports: [Export] = []
    /// The start function's index, when there is a start section.
    public var start: UInt32?
    /// The element section's segments.
    public var elements: [ElementSegment] = []
    /// The data section's segments.
    public var datas: [DataSegment] = []
    /// The data count section's value, when present.
    public var dataCount: UInt32?
    /// One body per defined function, in the order of ``functions``.
    public var codes: [FunctionBody] = []
    /// Every custom section, in order (including `name`).
    public var customSections: [CustomSection] = []
    /// Names from the `name` custom section, when present and well-formed.
    public var names: NameSection = NameSection()
    /// The features the module was decoded with; the validator applies the same (``WasmFeatures``).
    public var features: WasmFeatures = .wasm3

    /// An empty module (no sections).
    public init() {}
}

/// An import: a module name, a field name and what is imported.
public struct Import: Sendable, Hashable {
    /// The module name of the import.
    public var module: String
    /// The item name of the import.
    public var name: String
    /// What is imported.
    public var descriptor: ImportDescriptor

    /// Makes an import.
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
    /// A table of the given type.
    case table(TableType)
    /// A memory of the given type.
    case memory(MemoryType)
    /// A global of the given type.
    case global(GlobalType)
    /// A tag whose type is the function type at this index (kind 4; WebAssembly 3.0).
    case tag(UInt32)
}

/// An export: a unique name and what is exported.
public struct Export: Sendable, Hashable {
    /// The export name (unique within the module).
    public var name: String
    /// What is exported.
    public var descriptor: ExportDescriptor

    /// Makes an export.
    public init(name: String, descriptor: ExportDescriptor) {
        self.name = name
        self.descriptor = descriptor
    }
}

/// What an export refers to, by index in the corresponding index space (imports first).
public enum ExportDescriptor: Sendable, Hashable {
    /// The function at this index of the function index space.
    case function(UInt32)
    /// The table at this index of the table index space.
    case table(UInt32)
    /// The memory at this index of the memory index space.
    case memory(UInt32)
    /// The global at this index of the global index space.
    case global(UInt32)
    /// The tag at this index of the tag index space (kind 4).
    case tag(UInt32)
}

/// A constant expression (global initialisers, segment offsets, element items), without its final `end`.
public struct ConstExpr: Sendable, Hashable {
    /// The instructions, without the final `end`.
    public var instructions: [Instruction]
    /// Byte offset of the expression in the module.
    public var offset: Int

    /// Makes a constant expression.
    public init(instructions: [Instruction], offset: Int) {
        self.instructions = instructions
        self.offset = offset
    }
}

/// A global defined by the module.
public struct Global: Sendable, Hashable {
    /// The global's value type and mutability.
    public var type: GlobalType
    /// The constant expression that gives the initial value.
    public var initializer: ConstExpr

    /// Makes a global.
    public init(type: GlobalType, initializer: ConstExpr) {
        self.type = type
        self.initializer = initializer
    }
}

/// An element segment, in any of the eight binary encodings.
public struct ElementSegment: Sendable, Hashable {
    /// How the segment is used: passive, declarative, or copied into a table at instantiation.
    public enum Mode: Sendable, Hashable {
        /// Used only by `table.init`.
        case passive
        /// Only declares function references (for `ref.func`).
        case declarative
        /// Copied into `table` at `offset` at instantiation.
        case active(table: UInt32, offset: ConstExpr)
    }

    /// The elements' reference type (`(ref func)` for the encodings with function indices).
    public var type: ValueType
    /// How the segment is used.
    public var mode: Mode
    /// One constant expression per element (function-index encodings become `ref.func` expressions).
    public var initializers: [ConstExpr]
    /// Byte offset of the segment in the module.
    public var offset: Int

    /// Makes an element segment.
    public init(type: ValueType, mode: Mode, initializers: [ConstExpr], offset: Int) {
        self.type = type
        self.mode = mode
        self.initializers = initializers
        self.offset = offset
    }
}

/// A data segment, in any of the three binary encodings.
public struct DataSegment: Sendable, Hashable {
    /// How the segment is used: passive, or copied into a memory at instantiation.
    public enum Mode: Sendable, Hashable {
        /// Used only by `memory.init`.
        case passive
        /// Copied into `memory` at `offset` at instantiation.
        case active(memory: UInt32, offset: ConstExpr)
    }

    /// How the segment is used.
    public var mode: Mode
    /// The segment's bytes, as a range into ``Module/bytes``.
    public var range: Range<Int>
    /// Byte offset of the segment in the module.
    public var offset: Int

    /// Makes a data segment.
    public init(mode: Mode, range: Range<Int>, offset: Int) {
        self.mode = mode
        self.range = range
        self.offset = offset
    }
}

/// A run of locals of one type, as declared in a function body.
public struct LocalDeclaration: Sendable, Hashable {
    /// How many locals of ``type`` are declared.
    public var count: UInt32
    /// The locals' type.
    public var type: ValueType

    /// Makes a local declaration.
    public init(count: UInt32, type: ValueType) {
        self.count = count
        self.type = type
    }
}

/// A function body: its local declarations and the byte range of its instructions.
public struct FunctionBody: Sendable, Hashable {
    /// The local declarations (parameters not included), as runs of one type.
    public var locals: [LocalDeclaration]
    /// Range of the instruction bytes (including the final `end`) within ``Module/bytes``.
    public var range: Range<Int>
    /// Offset of the body's first byte (its local declarations) within ``Module/bytes``: code metadata
    /// such as branch hints counts instruction offsets from here.
    public var start: Int

    /// Makes a function body; `start` defaults to the start of `range` (a body without local declarations).
    public init(locals: [LocalDeclaration], range: Range<Int>, start: Int? = nil) {
        self.locals = locals
        self.range = range
        self.start = start ?? range.lowerBound
    }
}

/// A custom section: its name and the byte range of its payload.
public struct CustomSection: Sendable, Hashable {
    /// The section's name.
    public var name: String
    /// The payload (after the name) within ``Module/bytes``.
    public var range: Range<Int>

    /// Makes a custom section record.
    public init(name: String, range: Range<Int>) {
        self.name = name
        self.range = range
    }
}

/// The contents of the `name` custom section that Capsule keeps for messages and backtraces.
public struct NameSection: Sendable, Hashable {
    /// The module's name (subsection 0).
    public var moduleName: String?
    /// Function index (imports included) to name.
    public var functionNames: [UInt32: String] = [:]
    /// Function index to (local index to name).
    public var localNames: [UInt32: [UInt32: String]] = [:]
    /// Tag index (imports included) to name (subsection 11).
    public var tagNames: [UInt32: String] = [:]

    /// An empty name section.
    public init() {}
}

extension Module {
    /// Type index of every tag in the tag index space (imports first).
    public var tagTypeIndices: [UInt32] {
        imports.compactMap { if case .tag(let typeIndex) = $0.descriptor { return typeIndex } else { return nil } } + tags
    }

    /// Number of imported functions (they come first in the function index space).
    public var importedFunctionCount: Int {
        imports.reduce(0) { if case .function = $1.descriptor { return $0 + 1 } else { return $0 } }
    }
}
