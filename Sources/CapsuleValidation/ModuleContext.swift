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
    /// Value types of every signature, in canonical form (concrete heap types as canonical IDs).
    /// The first eight entries are the eight value types of WebAssembly 2.0's single-result block
    /// types `[] -> [t]`; then each function type's parameters followed by its results.
    var typePool: [OperandType]
    /// One signature per type index (empty for structure and array types).
    var types: [Signature]
    /// The canonical type ID of each type index (``TypeRegistry``).
    var canonicalIDs: [Int]
    /// Each type's definition in canonical form.
    var definitions: [SubType]
    /// Type index of every function, imported ones first (all function types).
    var functionTypeIndices: [UInt32]
    /// Table types, their element types in canonical form.
    var tables: [TableType]
    var memories: [MemoryType]
    /// Every global, imported ones first, value types in canonical form.
    var globals: [GlobalType]
    /// Type index of every tag, imported ones first (checked to be below `types.count`).
    var tagTypeIndices: [UInt32]
    /// How many of ``globals`` are imports (the only ones constant expressions may read in 2.0).
    var importedGlobalCount: Int
    /// Reference type of each element segment, in canonical form.
    var elementTypes: [ValueType]
    /// Number of data segments.
    var dataCount: Int
    /// Whether the binary had a data count section (required by `memory.init` and `data.drop`).
    var hasDataCountSection: Bool
    /// Functions that `ref.func` may name inside function bodies (`C.refs`).
    var declaredFunctions: FunctionIndexSet
    /// What the module may use (from ``Module/features``).
    var features: WasmFeatures

    /// The registry the canonical IDs come from.
    var registry: TypeRegistry { TypeRegistry.shared }

    /// Builds the context, checking the type section (references within reach, supertypes earlier,
    /// not final and matching) and the type indices of imported and defined functions.
    ///
    /// - Throws: `unknown type` for a type index out of range or not a function type where one is
    ///   needed, `sub type` errors for a supertype that does not match.
    init(module: Module) throws(ValidationError) {
        features = module.features
        let typeOffset = SectionLocator.offset(of: .type, in: module.bytes)
        // A module built by hand may fill only `types`: each function type is then a group of its own.
        var module = module
        if module.typeDefinitions.count != module.types.count {
            module.typeDefinitions = module.types.map { SubType(composite: .func($0)) }
            module.recGroups = module.types.indices.map { $0..<($0 + 1) }
        }
        let ids: [Int]
        do {
            ids = try TypeRegistry.shared.canonicalize(module.typeDefinitions, groups: module.recGroups)
        } catch {
            throw ValidationError(error.message, offset: typeOffset)
        }
        canonicalIDs = ids
        let canonicalDefinitions = ids.map { TypeRegistry.shared.definition($0) ?? SubType(composite: .func(FuncType(params: [], results: []))) }
        definitions = canonicalDefinitions
        for (index, definition) in canonicalDefinitions.enumerated() {
            guard let sup = definition.supertype.map({ Int($0) }) else { continue }
            guard let parent = TypeRegistry.shared.definition(sup), !parent.isFinal, TypeRegistry.shared.compositeMatches(definition.composite, parent.composite) else {
                throw ValidationError("sub type \(index) does not match its super type", offset: typeOffset)
            }
            guard TypeRegistry.shared.record(ids[index]).depth <= 63 else {
                throw ValidationError("sub type \(index): too many supertypes", offset: typeOffset)
            }
        }
        var pool: [OperandType] = [.i32, .i64, .f32, .f64, .v128, .funcref, .externref, .exnref]
        var signatures: [Signature] = []
        signatures.reserveCapacity(canonicalDefinitions.count)
        for definition in canonicalDefinitions {
            var signature = Signature()
            if case .func(let type) = definition.composite {
                signature.paramStart = pool.count
                signature.paramCount = type.params.count
                for value in type.params { pool.append(value.rawValue) }
                signature.resultStart = pool.count
                signature.resultCount = type.results.count
                for value in type.results { pool.append(value.rawValue) }
            }
            signatures.append(signature)
        }
        typePool = pool
        types = signatures
        // Placeholders until everything is resolved below (resolution needs the fields above).
        functionTypeIndices = []
        tables = []
        memories = []
        globals = []
        tagTypeIndices = []
        importedGlobalCount = 0
        elementTypes = []
        dataCount = 0
        hasDataCountSection = false
        declaredFunctions = FunctionIndexSet(capacity: 0)

        var functionTypes: [UInt32] = []
        functionTypes.reserveCapacity(module.functions.count + module.imports.count)
        var tables: [TableType] = []
        var memories: [MemoryType] = []
        var globals: [GlobalType] = []
        var tagTypes: [UInt32] = []
        for entry in module.imports {
            switch entry.descriptor {
            case .function(let typeIndex):
                try checkFunctionType(typeIndex, offset: SectionLocator.offset(of: .import, in: module.bytes))
                functionTypes.append(typeIndex)
            case .table(let type): tables.append(try resolve(type, offset: SectionLocator.offset(of: .import, in: module.bytes)))
            case .memory(let type): memories.append(type)
            case .global(let type): globals.append(try resolve(type, offset: SectionLocator.offset(of: .import, in: module.bytes)))
            case .tag(let typeIndex):
                try ModuleContext.checkTagType(typeIndex, signatures, canonicalDefinitions, offset: SectionLocator.offset(of: .import, in: module.bytes))
                tagTypes.append(typeIndex)
            }
        }
        for typeIndex in module.tags {
            try ModuleContext.checkTagType(typeIndex, signatures, canonicalDefinitions, offset: SectionLocator.offset(of: .tag, in: module.bytes))
            tagTypes.append(typeIndex)
        }
        tagTypeIndices = tagTypes
        importedGlobalCount = globals.count
        for typeIndex in module.functions {
            try checkFunctionType(typeIndex, offset: SectionLocator.offset(of: .function, in: module.bytes))
            functionTypes.append(typeIndex)
        }
        for table in module.tables {
            tables.append(try resolve(table, offset: SectionLocator.offset(of: .table, in: module.bytes)))
        }
        memories.append(contentsOf: module.memories)
        for global in module.globals {
            globals.append(try resolve(global.type, offset: global.initializer.offset))
        }
        functionTypeIndices = functionTypes
        self.tables = tables
        self.memories = memories
        self.globals = globals
        var segmentTypes: [ValueType] = []
        segmentTypes.reserveCapacity(module.elements.count)
        for segment in module.elements { segmentTypes.append(try resolve(segment.type, at: segment.offset)) }
        elementTypes = segmentTypes
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
        for initializer in module.tableInitializers { if let initializer { collect(initializer) } }
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

    /// A function's type index must name a function type.
    ///
    /// - Throws: `unknown type`.
    func checkFunctionType(_ typeIndex: UInt32, offset: Int) throws(ValidationError) {
        guard Int(typeIndex) < definitions.count, definitions[Int(typeIndex)].composite.functionType != nil else {
            throw ValidationError("unknown type \(typeIndex)", offset: offset)
        }
    }

    /// A value type in canonical form: a concrete heap type's module index becomes its canonical ID.
    ///
    /// - Throws: `unknown type` for an index out of range.
    @inline(__always)
    func resolve(_ type: ValueType, at offset: Int) throws(ValidationError) -> ValueType {
        guard let heap = type.heapType, heap.typeIndex != nil else { return type }
        return .ref(try resolve(heap, at: offset), nullable: type.isNullable)
    }

    /// A heap type in canonical form.
    ///
    /// - Throws: `unknown type` for an index out of range.
    @inline(__always)
    func resolve(_ heap: HeapType, at offset: Int) throws(ValidationError) -> HeapType {
        guard let index = heap.typeIndex else { return heap }
        guard Int(index) < canonicalIDs.count else { throw ValidationError("unknown type \(index)", offset: offset) }
        return .canonical(canonicalIDs[Int(index)])
    }

    func resolve(_ type: TableType, offset: Int) throws(ValidationError) -> TableType {
        TableType(elementType: try resolve(type.elementType, at: offset), limits: type.limits)
    }

    func resolve(_ type: GlobalType, offset: Int) throws(ValidationError) -> GlobalType {
        GlobalType(valueType: try resolve(type.valueType, at: offset), isMutable: type.isMutable)
    }

    /// Whether `sub` matches `sup` (both canonical).
    @inline(__always)
    func isSubtype(_ sub: ValueType, _ sup: ValueType) -> Bool { TypeRegistry.shared.isSubtype(sub, sup) }

    /// A tag's type index must name a function type without results.
    ///
    /// - Throws: `unknown type`, or `non-empty tag result type`.
    static func checkTagType(_ typeIndex: UInt32, _ signatures: [Signature], _ definitions: [SubType], offset: Int) throws(ValidationError) {
        guard Int(typeIndex) < signatures.count, definitions[Int(typeIndex)].composite.functionType != nil else {
            throw ValidationError("unknown type \(typeIndex)", offset: offset)
        }
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

    /// The signature of type `index`, which must be a function type.
    ///
    /// - Throws: `unknown type` for an index out of range or a structure or array type.
    @inline(__always)
    func functionTypeSignature(_ index: UInt32, at offset: Int) throws(ValidationError) -> Signature {
        guard Int(index) < definitions.count, definitions[Int(index)].composite.functionType != nil else {
            throw ValidationError("unknown type \(index): not a function type", offset: offset)
        }
        return types[Int(index)]
    }

    /// The fields (canonical) of type `index`, which must be a structure type.
    ///
    /// - Throws: `unknown type`, or `type mismatch` for another kind of type.
    func structFields(_ index: UInt32, at offset: Int) throws(ValidationError) -> [FieldType] {
        guard Int(index) < definitions.count else { throw ValidationError("unknown type \(index)", offset: offset) }
        guard case .struct(let fields) = definitions[Int(index)].composite else {
            throw ValidationError("type mismatch: type \(index) is not a structure type", offset: offset)
        }
        return fields
    }

    /// The element type (canonical) of type `index`, which must be an array type.
    ///
    /// - Throws: `unknown type`, or `type mismatch` for another kind of type.
    func arrayElement(_ index: UInt32, at offset: Int) throws(ValidationError) -> FieldType {
        guard Int(index) < definitions.count else { throw ValidationError("unknown type \(index)", offset: offset) }
        guard case .array(let element) = definitions[Int(index)].composite else {
            throw ValidationError("type mismatch: type \(index) is not an array type", offset: offset)
        }
        return element
    }

    /// `(ref null? index)` in canonical form (the index already checked).
    @inline(__always)
    func reference(to index: UInt32, nullable: Bool) -> ValueType {
        .ref(.canonical(canonicalIDs[Int(index)]), nullable: nullable)
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
