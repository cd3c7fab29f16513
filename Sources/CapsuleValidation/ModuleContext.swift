import CapsuleCore
import CapsuleBinary

/// Parameter and result types of a function type or block type, as ranges in ``ModuleContext/typePool``.
struct Signature: Sendable {
    var paramStart: Int = 0
    var paramCount: Int = 0
    var resultStart: Int = 0
    var resultCount: Int = 0
}

/// A set of function indices as a bit set (the spec's `C.refs`).
struct FunctionIndexSet: Sendable {
    private var words: [UInt64]

    /// An empty set able to hold indices below `capacity`.
    init(capacity: Int) {
        words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// Adds `index`; indices beyond the capacity are ignored (they are unknown functions anyway).
    mutating func insert(_ index: UInt32) {
        let word = Int(index / 64)
        guard word < words.count else { return }
        words[word] |= 1 << UInt64(index % 64)
    }

    /// Whether `index` is in the set.
    func contains(_ index: UInt32) -> Bool {
        let word = Int(index / 64)
        guard word < words.count else { return false }
        return words[word] & (1 << UInt64(index % 64)) != 0
    }
}

/// The spec's validation context `C` for one module: the types of everything in its index spaces.
///
/// Function types (module types and single-result block types) are flattened into one byte pool
/// so that a control frame refers to its label types by range, without any allocation.
struct ModuleContext: Sendable {
    /// Value types of every signature. The first eight entries are the eight value types, used
    /// by the block types `[] -> [t]`; then each module type's parameters followed by its results.
    var typePool: [OperandType]
    /// One signature per entry of the type section.
    var types: [Signature]
    /// Type index of every function, imported ones first (all below `types.count`).
    var functionTypeIndices: [UInt32]
    var tables: [TableType]
    var memories: [MemoryType]
    /// Every global, imported ones first.
    var globals: [GlobalType]
    /// Type index of every tag, imported ones first (checked to be below `types.count`).
    var tagTypeIndices: [UInt32]
    /// How many of ``globals`` are imports (the only ones constant expressions may read in 2.0).
    var importedGlobalCount: Int
    /// Reference type of each element segment.
    var elementTypes: [ValueType]
    /// Number of data segments.
    var dataCount: Int
    /// Whether the binary had a data count section (required by `memory.init` and `data.drop`).
    var hasDataCountSection: Bool
    /// Functions that `ref.func` may name inside function bodies (`C.refs`).
    var declaredFunctions: FunctionIndexSet
    /// What the module may use (from ``Module/features``).
    var features: WasmFeatures

    /// Builds the context, checking the type indices of imported and defined functions.
    ///
    /// - Throws: `unknown type` for a function whose type index is out of range.
    init(module: Module) throws(ValidationError) {
        features = module.features
        var pool: [OperandType] = [.i32, .i64, .f32, .f64, .v128, .funcref, .externref, .exnref]
        var signatures: [Signature] = []
        signatures.reserveCapacity(module.types.count)
        for type in module.types {
            var signature = Signature()
            signature.paramStart = pool.count
            signature.paramCount = type.params.count
            for value in type.params { pool.append(value.rawValue) }
            signature.resultStart = pool.count
            signature.resultCount = type.results.count
            for value in type.results { pool.append(value.rawValue) }
            signatures.append(signature)
        }
        typePool = pool
        types = signatures

        var functionTypes: [UInt32] = []
        functionTypes.reserveCapacity(module.functions.count + module.imports.count)
        var tables: [TableType] = []
        var memories: [MemoryType] = []
        var globals: [GlobalType] = []
        var tagTypes: [UInt32] = []
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let typeIndex):
                guard Int(typeIndex) < signatures.count else {
                    throw ValidationError("unknown type \(typeIndex)", offset: SectionLocator.offset(of: .import, in: module.bytes))
                }
                functionTypes.append(typeIndex)
            case .table(let type): tables.append(type)
            case .memory(let type): memories.append(type)
            case .global(let type): globals.append(type)
            case .tag(let typeIndex):
                try ModuleContext.checkTagType(typeIndex, signatures, offset: SectionLocator.offset(of: .import, in: module.bytes))
                tagTypes.append(typeIndex)
            }
        }
        for typeIndex in module.tags {
            try ModuleContext.checkTagType(typeIndex, signatures, offset: SectionLocator.offset(of: .tag, in: module.bytes))
            tagTypes.append(typeIndex)
        }
        tagTypeIndices = tagTypes
        importedGlobalCount = globals.count
        for typeIndex in module.functions {
            guard Int(typeIndex) < signatures.count else {
                throw ValidationError("unknown type \(typeIndex)", offset: SectionLocator.offset(of: .function, in: module.bytes))
            }
            functionTypes.append(typeIndex)
        }
        tables.append(contentsOf: module.tables)
        memories.append(contentsOf: module.memories)
        globals.append(contentsOf: module.globals.map(\.type))
        functionTypeIndices = functionTypes
        self.tables = tables
        self.memories = memories
        self.globals = globals
        elementTypes = module.elements.map(\.type)
        dataCount = module.datas.count
        hasDataCountSection = module.dataCount != nil

        // C.refs: function indices occurring outside function bodies and the start section.
        var declared = FunctionIndexSet(capacity: functionTypes.count)
        func collect(_ expression: ConstExpr) {
            for instruction in expression.instructions {
                if case .refFunc(let index) = instruction { declared.insert(index) }
            }
        }
        for global in module.globals { collect(global.initializer) }
        for segment in module.elements {
            for item in segment.initializers { collect(item) }
            if case .active(_, let offset) = segment.mode { collect(offset) }
        }
        for segment in module.datas {
            if case .active(_, let offset) = segment.mode { collect(offset) }
        }
        for export in module.exports {
            if case .function(let index) = export.descriptor { declared.insert(index) }
        }
        declaredFunctions = declared
    }

    /// A tag's type index must name a function type without results.
    ///
    /// - Throws: `unknown type`, or `non-empty tag result type`.
    static func checkTagType(_ typeIndex: UInt32, _ signatures: [Signature], offset: Int) throws(ValidationError) {
        guard Int(typeIndex) < signatures.count else { throw ValidationError("unknown type \(typeIndex)", offset: offset) }
        guard signatures[Int(typeIndex)].resultCount == 0 else {
            throw ValidationError("non-empty tag result type", offset: offset)
        }
    }

    /// The signature of tag `index`'s type (its parameters are the payload).
    ///
    /// - Throws: `unknown tag` for an index out of range.
    @inline(__always)
    func tagSignature(_ index: UInt32, at offset: Int) throws(ValidationError) -> Signature {
        guard Int(index) < tagTypeIndices.count else { throw ValidationError("unknown tag \(index)", offset: offset) }
        return types[Int(tagTypeIndices[Int(index)])]
    }

    /// The signature of the block type `[] -> [t]`.
    @inline(__always)
    func singleResult(_ type: ValueType) -> Signature {
        let index: Int
        switch type {
        case .i32: index = 0
        case .i64: index = 1
        case .f32: index = 2
        case .f64: index = 3
        case .v128: index = 4
        case .funcref: index = 5
        case .externref: index = 6
        case .exnref: index = 7
        }
        return Signature(paramStart: 0, paramCount: 0, resultStart: index, resultCount: 1)
    }

    /// The signature of a block type.
    ///
    /// - Throws: `unknown type` for a type index out of range.
    @inline(__always)
    func signature(of blockType: BlockType, at offset: Int) throws(ValidationError) -> Signature {
        switch blockType {
        case .empty: return Signature()
        case .value(let type): return singleResult(type)
        case .typeIndex(let index):
            guard Int(index) < types.count else { throw ValidationError("unknown type \(index)", offset: offset) }
            return types[Int(index)]
        }
    }

    /// The signature of function `index` (imports first).
    ///
    /// - Throws: `unknown function` for an index out of range.
    @inline(__always)
    func functionSignature(_ index: UInt32, at offset: Int) throws(ValidationError) -> Signature {
        guard Int(index) < functionTypeIndices.count else { throw ValidationError("unknown function \(index)", offset: offset) }
        return types[Int(functionTypeIndices[Int(index)])]
    }

    /// The type of table `index`.
    ///
    /// - Throws: `unknown table` for an index out of range.
    @inline(__always)
    func table(_ index: UInt32, at offset: Int) throws(ValidationError) -> TableType {
        guard Int(index) < tables.count else { throw ValidationError("unknown table \(index)", offset: offset) }
        return tables[Int(index)]
    }

    /// Checks that memory `index` exists.
    ///
    /// - Throws: `unknown memory` for an index out of range.
    @inline(__always)
    func checkMemory(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard Int(index) < memories.count else { throw ValidationError("unknown memory \(index)", offset: offset) }
    }

    /// The type of memory `index` (multi-memory: any index of the memory index space).
    ///
    /// - Throws: `unknown memory` for an index out of range.
    @inline(__always)
    func memory(_ index: UInt32, at offset: Int) throws(ValidationError) -> MemoryType {
        guard Int(index) < memories.count else { throw ValidationError("unknown memory \(index)", offset: offset) }
        return memories[Int(index)]
    }

    /// The type of global `index`.
    ///
    /// - Throws: `unknown global` for an index out of range.
    @inline(__always)
    func global(_ index: UInt32, at offset: Int) throws(ValidationError) -> GlobalType {
        guard Int(index) < globals.count else { throw ValidationError("unknown global \(index)", offset: offset) }
        return globals[Int(index)]
    }

    /// The reference type of element segment `index`.
    ///
    /// - Throws: `unknown elem segment` for an index out of range.
    @inline(__always)
    func elementType(_ index: UInt32, at offset: Int) throws(ValidationError) -> ValueType {
        guard Int(index) < elementTypes.count else { throw ValidationError("unknown elem segment \(index)", offset: offset) }
        return elementTypes[Int(index)]
    }

    /// Checks that data segment `index` exists and that the module has a data count section.
    ///
    /// - Throws: `data count section required`, or `unknown data segment` for an index out of range.
    @inline(__always)
    func checkData(_ index: UInt32, at offset: Int) throws(ValidationError) {
        guard hasDataCountSection else { throw ValidationError("data count section required", offset: offset) }
        guard Int(index) < dataCount else { throw ValidationError("unknown data segment \(index)", offset: offset) }
    }
}
