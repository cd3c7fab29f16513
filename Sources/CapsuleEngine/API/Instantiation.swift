import CapsuleBinary
import CapsuleCore
import CapsuleValidation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A decoded and validated module, ready to instantiate any number of times.
///
/// ```swift
/// let module = try WasmModule(bytes: bytes)
/// let instance = try Store().instantiate(module)
/// ```
public struct WasmModule: Sendable {
    /// The validated module.
    public let validated: ValidatedModule
    /// Its functions' internal code, compiled on first call and shared by every store.
    let code = CompiledCode()

    /// Decodes and validates a binary module that may use `features` (WebAssembly 3.0 by default;
    /// `.wasm2` refuses everything 3.0 added).
    /// - Throws: ``ModuleError`` when the bytes are malformed or the module is invalid.
    public init(bytes: [UInt8], features: WasmFeatures = .wasm3) throws(ModuleError) {
        let module: CapsuleBinary.Module
        do { module = try CapsuleBinary.Module(decoding: bytes, features: features) } catch { throw .malformed(error) }
        do { validated = try module.validate() } catch { throw .invalid(error) }
    }

    /// A module already validated.
    public init(validated: ValidatedModule) {
        self.validated = validated
    }

    /// Reads, decodes and validates a binary module file.
    /// - Throws: ``FileError`` when the file cannot be read; ``ModuleError`` as ``init(bytes:)`` does.
    public init(contentsOf path: String) throws {
        guard let file = fopen(path, "rb") else { throw FileError(path: path, code: errno) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        if ferror(file) != 0 { throw FileError(path: path, code: errno) }
        try self.init(bytes: bytes)
    }

    /// The decoded module.
    public var module: CapsuleBinary.Module { validated.module }
    /// The module's imports.
    public var imports: [Import] { module.imports }
    /// The module's exports.
    public var exports: [Export] { module.exports }
}

/// A file could not be read.
///
/// ```swift
/// do {
///     _ = try WasmModule(contentsOf: "missing.wasm")
/// } catch let error as FileError {
///     print(error.code == ENOENT, error)  // true missing.wasm: No such file or directory
/// }
/// ```
public struct FileError: Error, CustomStringConvertible {
    /// The path that was given.
    public var path: String
    /// The `errno` value.
    public var code: Int32
    /// The path and the system's message, such as `m.wasm: No such file or directory`.
    public var description: String { "\(path): \(String(cString: strerror(code)))" }
}

/// An instantiated module: its exports.
///
/// ```swift
/// let instance = try store.instantiate(module, imports: imports)
/// let results = try instance.function("add")?.call([.i32(2), .i32(3)])
/// let memory = instance.memory("memory")
/// ```
public final class Instance {
    /// Every export, in the module's order.
    public let exports: [(name: String, value: ExternalValue)]
    /// The store the instance lives in.
    public let store: Store
    let record: UnsafeMutablePointer<InstanceRecord>
    /// Exports by the bytes of their names: names are compared as bytes, never by Unicode
    /// equivalence, as the specification says.
    private let byName: [[UInt8]: ExternalValue]

    init(store: Store, record: UnsafeMutablePointer<InstanceRecord>, exports: [(name: String, value: ExternalValue)]) {
        self.store = store
        self.record = record
        self.exports = exports
        var byName: [[UInt8]: ExternalValue] = [:]
        for (name, value) in exports { byName[Array(name.utf8)] = value }
        self.byName = byName
    }

    /// The export `name`, if any.
    public func export(_ name: String) -> ExternalValue? {
        byName[Array(name.utf8)]
    }

    /// The exported function `name`, if any.
    public func function(_ name: String) -> Function? {
        if case .function(let f)? = export(name) { return f }
        return nil
    }

    /// The exported memory `name`, if any.
    public func memory(_ name: String) -> Memory? {
        if case .memory(let m)? = export(name) { return m }
        return nil
    }

    /// The exported global `name`, if any.
    public func global(_ name: String) -> Global? {
        if case .global(let g)? = export(name) { return g }
        return nil
    }

    /// The exported table `name`, if any.
    public func table(_ name: String) -> Table? {
        if case .table(let t)? = export(name) { return t }
        return nil
    }
}

extension Store {
    /// Instantiates a module: resolves imports, creates its memories, tables and globals,
    /// initialises element and data segments in order, and runs the start function.
    ///
    /// - Throws: ``LinkError`` when an import is missing or has the wrong type; ``Trap`` when a
    ///   segment does not fit or the start function traps (writes already made to imported
    ///   memories and tables stay, as the specification says).
    public func instantiate(_ module: WasmModule, imports: Imports = Imports()) throws -> Instance {
        let m = module.module
        let validated = module.validated
        let canonicalIDs = validated.canonicalTypeIDs
        let typeIDs = allocate(Int.self, count: Swift.max(m.types.count, 1))
        for (i, id) in canonicalIDs.enumerated() { typeIDs[i] = id }
        let registry = TypeRegistry.shared

        var functions: [UnsafeMutablePointer<FunctionRecord>] = []
        var tables: [UnsafeMutablePointer<TableRecord>] = []
        var memories: [UnsafeMutablePointer<MemoryRecord>] = []
        var globals: [UnsafeMutablePointer<UInt64>] = []
        var globalTypes: [GlobalType] = []
        var tags: [UnsafeMutablePointer<TagRecord>] = []

        for entry in m.imports {
            guard let value = imports.lookup(module: entry.module, name: entry.name) else {
                throw LinkError.unknownImport(module: entry.module, name: entry.name)
            }
            func incompatible(_ reason: String) -> LinkError {
                .incompatibleImportType(module: entry.module, name: entry.name, reason: reason)
            }
            switch (entry.descriptor, value) {
            case (.function(let typeIndex), .function(let function)):
                guard function.store === self else { throw incompatible("function from another store") }
                guard Int(typeIndex) < m.types.count, registry.isSubtype(function.record.pointee.typeID, of: typeIDs[Int(typeIndex)]) else {
                    throw incompatible("expected \(Int(typeIndex) < m.types.count ? m.types[Int(typeIndex)].description : "?"), got \(function.type)")
                }
                functions.append(function.record)
            case (.table(let type), .table(let table)):
                guard table.store === self else { throw incompatible("table from another store") }
                guard table.record.pointee.elementType == validated.canonical(type.elementType), table.record.pointee.is64 == (type.addressType == .i64),
                    Store.limitsMatch(current: table.record.pointee.count, max: table.record.pointee.declaredMax, expected: type.limits)
                else { throw incompatible("table type mismatch") }
                tables.append(table.record)
            case (.memory(let type), .memory(let memory)):
                guard memory.store === self else { throw incompatible("memory from another store") }
                guard memory.record.pointee.is64 == (type.addressType == .i64),
                    Store.limitsMatch(current: memory.record.pointee.pageCount, max: memory.record.pointee.declaredMax, expected: type.limits)
                else {
                    throw incompatible("memory limits mismatch")
                }
                memories.append(memory.record)
            case (.global(let type), .global(let global)):
                guard global.store === self else { throw incompatible("global from another store") }
                let expected = validated.canonical(type.valueType)
                let matches = global.type.isMutable == type.isMutable && (type.isMutable
                    ? global.type.valueType == expected : registry.isSubtype(global.type.valueType, expected))
                guard matches else { throw incompatible("global type mismatch") }
                globals.append(global.cell)
                globalTypes.append(global.type)
            case (.tag(let typeIndex), .tag(let tag)):
                guard tag.store === self else { throw incompatible("tag from another store") }
                guard Int(typeIndex) < m.types.count, tag.record.pointee.typeID == typeIDs[Int(typeIndex)] else {
                    throw incompatible("tag type mismatch")
                }
                tags.append(tag.record)
            default:
                throw incompatible("import kind mismatch")
            }
        }

        let stateIndex = instanceStates.count
        let record = allocate(InstanceRecord.self, count: 1)
        let importedFunctionCount = functions.count
        for (defined, typeIndex) in m.functions.enumerated() {
            let type = Int(typeIndex) < m.types.count ? m.types[Int(typeIndex)] : FuncType(params: [], results: [])
            let function = allocate(FunctionRecord.self, count: 1)
            function.initialize(to: FunctionRecord(
                typeID: Int(typeIndex) < m.types.count ? typeIDs[Int(typeIndex)] : signatureID(type), code: nil, frameSlots: 0, paramSlots: FunctionCompiler.slots(of: type.params),
                localSlots: FunctionCompiler.slots(of: type.params), resultSlots: FunctionCompiler.slots(of: type.results),
                instance: record, hostIndex: -1,
                functionIndex: UInt32(importedFunctionCount + defined), moduleInfoIndex: stateIndex, definedIndex: defined))
            functions.append(function)
        }
        let functionsPointer = allocate(UnsafeMutablePointer<FunctionRecord>.self, count: functions.count)
        for (i, f) in functions.enumerated() { functionsPointer[i] = f }

        // Globals, in order: an initialiser may read imported globals.
        for global in m.globals {
            let type = GlobalType(valueType: validated.canonical(global.type.valueType), isMutable: global.type.isMutable)
            let value = try evaluateValue(global.initializer, type: type.valueType, globals: globals, functions: functionsPointer, typeIDs: typeIDs)
            globals.append(makeGlobal(value))
            globalTypes.append(type)
        }
        for (defined, written) in m.tables.enumerated() {
            let type = TableType(elementType: validated.canonical(written.elementType), limits: written.limits)
            var initial: UInt64 = 0
            if defined < m.tableInitializers.count, let initializer = m.tableInitializers[defined] {
                initial = try evaluate(initializer, globals: globals, functions: functionsPointer, typeIDs: typeIDs)
            }
            guard let table = makeTable(type, initial: initial) else { throw LinkError.resourceLimit("table of \(type.limits.min) elements exceeds the limit") }
            tables.append(table)
        }
        for type in m.memories {
            guard let memory = makeMemory(type) else { throw LinkError.resourceLimit("memory of \(type.limits.min) pages exceeds the limit") }
            memories.append(memory)
        }

        for typeIndex in m.tags {
            let known = Int(typeIndex) < m.types.count
            tags.append(makeTag(known ? m.types[Int(typeIndex)] : FuncType(params: [], results: []), typeID: known ? typeIDs[Int(typeIndex)] : nil))
        }
        let tagsPointer = allocate(UnsafeMutablePointer<TagRecord>.self, count: tags.count)
        for (i, t) in tags.enumerated() { tagsPointer[i] = t }

        let globalsPointer = allocate(UnsafeMutablePointer<UInt64>.self, count: globals.count)
        for (i, g) in globals.enumerated() { globalsPointer[i] = g }
        let tablesPointer = allocate(UnsafeMutablePointer<TableRecord>.self, count: tables.count)
        for (i, t) in tables.enumerated() { tablesPointer[i] = t }
        let memoriesPointer = allocate(UnsafeMutablePointer<MemoryRecord>.self, count: memories.count)
        for (i, m) in memories.enumerated() { memoriesPointer[i] = m }

        // Element segments: evaluate every item now.
        let elements = allocate(SegmentRecord.self, count: m.elements.count)
        for (i, segment) in m.elements.enumerated() {
            let items = allocate(UInt64.self, count: segment.initializers.count)
            for (j, expression) in segment.initializers.enumerated() {
                items[j] = try evaluate(expression, globals: globals, functions: functionsPointer, typeIDs: typeIDs)
            }
            elements[i] = SegmentRecord(base: UnsafeRawPointer(items), count: segment.initializers.count)
        }
        let datas = allocate(SegmentRecord.self, count: m.datas.count)
        for (i, segment) in m.datas.enumerated() {
            // An active segment is copied into memory from the module's bytes below and then dropped:
            // only a passive one needs a copy of its own (for memory.init).
            if case .active = segment.mode {
                datas[i] = SegmentRecord(base: nil, count: segment.range.count)
                continue
            }
            let bytes = allocate(UInt8.self, count: segment.range.count)
            m.bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress, segment.range.upperBound <= source.count {
                    bytes.update(from: base + segment.range.lowerBound, count: segment.range.count)
                }
            }
            datas[i] = SegmentRecord(base: UnsafeRawPointer(bytes), count: segment.range.count)
        }

        record.initialize(to: InstanceRecord(
            memory: memories.first, memories: memoriesPointer, globals: globalsPointer, tables: tablesPointer, functions: functionsPointer,
            typeIDs: typeIDs, datas: datas, elements: elements, tags: tagsPointer, instanceIndex: stateIndex))
        instanceStates.append(InstanceState(module: m, code: module.code, record: record, memoryCount: memories.count))

        var exports: [(name: String, value: ExternalValue)] = []
        for export in m.exports {
            switch export.descriptor {
            case .function(let index) where Int(index) < functions.count:
                exports.append((export.name, .function(Function(store: self, record: functions[Int(index)]))))
            case .table(let index) where Int(index) < tables.count:
                exports.append((export.name, .table(Table(store: self, record: tables[Int(index)]))))
            case .memory(let index) where Int(index) < memories.count:
                exports.append((export.name, .memory(Memory(store: self, record: memories[Int(index)]))))
            case .global(let index) where Int(index) < globals.count:
                exports.append((export.name, .global(Global(store: self, cell: globals[Int(index)], type: globalTypes[Int(index)]))))
            case .tag(let index) where Int(index) < tags.count:
                exports.append((export.name, .tag(Tag(store: self, record: tags[Int(index)]))))
            default:
                break
            }
        }

        // Active and declarative element segments, then active data segments, in order.
        do {
            for (i, segment) in m.elements.enumerated() {
                switch segment.mode {
                case .active(let table, let offsetExpression):
                    // A table64's offset is an i64: one of 2^32 or more is out of bounds (tables are smaller).
                    let value = try evaluate(offsetExpression, globals: globals, functions: functionsPointer, typeIDs: typeIDs)
                    let is64 = Int(table) < tables.count && tables[Int(table)].pointee.is64
                    let offset = is64 ? UInt32(Swift.min(value, UInt64(UInt32.max))) : UInt32(truncatingIfNeeded: value)
                    guard Int(table) < tables.count,
                        Tables.initialize(tables[Int(table)], from: elements + i, destination: offset, source: 0, count: UInt32(truncatingIfNeeded: segment.initializers.count))
                    else { throw Trap(kind: .outOfBoundsTableAccess, backtrace: []) }
                    elements[i].count = 0
                case .declarative:
                    elements[i].count = 0
                case .passive:
                    break
                }
            }
            for (i, segment) in m.datas.enumerated() {
                guard case .active(let index, let offsetExpression) = segment.mode else { continue }
                guard Int(index) < memories.count else { throw Trap(kind: .outOfBoundsMemoryAccess, backtrace: []) }
                let memory = memories[Int(index)]
                let value = try evaluate(offsetExpression, globals: globals, functions: functionsPointer, typeIDs: typeIDs)
                let offset = memory.pointee.is64 ? value : UInt64(UInt32(truncatingIfNeeded: value))
                let size = UInt64(memory.pointee.byteCount)
                guard offset <= size, UInt64(datas[i].count) <= size - offset else {
                    throw Trap(kind: .outOfBoundsMemoryAccess, backtrace: [])
                }
                if datas[i].count > 0 {
                    m.bytes.withUnsafeBytes { source in
                        if let base = source.baseAddress, segment.range.upperBound <= source.count {
                            (memory.pointee.base + Int(offset)).copyMemory(from: base + segment.range.lowerBound, byteCount: segment.range.count)
                        }
                    }
                }
                datas[i].count = 0
            }
        } catch {
            // A failed instantiation may leave functions in imported tables that reach this instance's
            // segments: the active ones not yet copied must still hold their bytes.
            for (i, segment) in m.datas.enumerated() where datas[i].base == nil && datas[i].count > 0 {
                let bytes = allocate(UInt8.self, count: segment.range.count)
                m.bytes.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress, segment.range.upperBound <= source.count {
                        bytes.update(from: base + segment.range.lowerBound, count: segment.range.count)
                    }
                }
                datas[i] = SegmentRecord(base: UnsafeRawPointer(bytes), count: segment.range.count)
            }
            throw error
        }

        let instance = Instance(store: self, record: record, exports: exports)
        if let start = m.start, Int(start) < functions.count {
            _ = try invoke(functions[Int(start)], [])
        }
        return instance
    }

    /// Import matching for limits: the provided size must be at least the expected minimum, and
    /// when a maximum is expected the provided one must exist and not exceed it.
    static func limitsMatch(current: Int, max: UInt64?, expected: Limits) -> Bool {
        guard UInt64(current) >= expected.min else { return false }
        if let expectedMax = expected.max {
            guard let max, max <= expectedMax else { return false }
        }
        return true
    }

    /// Evaluates a constant expression of `type` to a value.
    func evaluateValue(_ expression: ConstExpr, type: ValueType, globals: [UnsafeMutablePointer<UInt64>], functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>, typeIDs: UnsafeMutablePointer<Int>) throws -> Value {
        let slots = try evaluateSlots(expression, globals: globals, functions: functions, typeIDs: typeIDs)
        var words = [slots.0, slots.1]
        return Value(slots: &words, type: type, store: self)
    }

    /// Evaluates a constant expression to a slot value (the low word of a `v128`).
    func evaluate(_ expression: ConstExpr, globals: [UnsafeMutablePointer<UInt64>], functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>, typeIDs: UnsafeMutablePointer<Int>) throws -> UInt64 {
        try evaluateSlots(expression, globals: globals, functions: functions, typeIDs: typeIDs).0
    }

    /// Evaluates a constant expression on a stack of two-word entries (a `v128` takes both, every
    /// other value the first).
    private func evaluateSlots(_ expression: ConstExpr, globals: [UnsafeMutablePointer<UInt64>], functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>, typeIDs: UnsafeMutablePointer<Int>) throws -> (UInt64, UInt64) {
        var stack: [(UInt64, UInt64)] = []
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const(let v): stack.append((UInt64(UInt32(bitPattern: v)), 0))
            case .i64Const(let v): stack.append((UInt64(bitPattern: v), 0))
            case .f32Const(let v): stack.append((UInt64(v), 0))
            case .f64Const(let v): stack.append((v, 0))
            case .v128Const(let v): stack.append((v.lo, v.hi))
            case .refNull: stack.append((0, 0))
            case .refFunc(let index): stack.append((UInt64(UInt(bitPattern: functions[Int(index)])), 0))
            case .globalGet(let index):
                guard Int(index) < globals.count else { throw LinkError.resourceLimit("unknown global \(index)") }
                stack.append((globals[Int(index)][0], globals[Int(index)][1]))
            case .numeric(let op):
                guard let b = stack.popLast(), let a = stack.popLast() else { throw LinkError.resourceLimit("malformed constant expression") }
                stack.append((try Numerics.evaluate(op, a.0, b.0), 0))
            case .gc(let gc):
                stack.append((try evaluate(gc, stack: &stack, typeIDs: typeIDs), 0))
            default:
                throw LinkError.resourceLimit("unsupported constant expression")
            }
        }
        return stack.last ?? (0, 0)
    }

    /// The GC forms of constant expressions (`ref.i31`, `struct.new[_default]`, `array.new[_default]`,
    /// `array.new_fixed`, the `any`/`extern` conversions), on the evaluation stack; objects are made
    /// without a collection (no value stack to scan here).
    private func evaluate(_ instruction: GCInstruction, stack: inout [(UInt64, UInt64)], typeIDs: UnsafeMutablePointer<Int>) throws -> UInt64 {
        func pop() throws -> (UInt64, UInt64) {
            guard let value = stack.popLast() else { throw LinkError.resourceLimit("malformed constant expression") }
            return value
        }
        switch instruction {
        case .refI31:
            return UInt64(UInt32(truncatingIfNeeded: try pop().0) & 0x7FFF_FFFF) << 1 | 1
        case .anyConvertExtern, .externConvertAny:
            return try pop().0
        case .structNew(let type), .structNewDefault(let type):
            let id = typeIDs[Int(type)]
            let layout = gcHeap.layout(id)
            var values = [(UInt64, UInt64)](repeating: (0, 0), count: layout.fieldOffsets.count)
            if case .structNew = instruction {
                for i in values.indices.reversed() { values[i] = try pop() }
            }
            guard let object = gcAllocate(size: layout.structBytes, typeID: id, length: 0, top: nil) else {
                throw Trap(kind: .allocationFailure, backtrace: [])
            }
            for (i, value) in values.enumerated() {
                var words = [value.0, value.1]
                Store.storeField(&words, into: object + layout.fieldOffsets[i], layout.fieldStorage[i])
            }
            return UInt64(UInt(bitPattern: object))
        case .arrayNew(let type), .arrayNewDefault(let type), .arrayNewFixed(let type, _):
            let id = typeIDs[Int(type)]
            let bytes = gcHeap.layout(id).element.elementBytes
            var values: [(UInt64, UInt64)] = []
            var length = 0
            switch instruction {
            case .arrayNewFixed(_, let count):
                length = Int(count)
                values = [(UInt64, UInt64)](repeating: (0, 0), count: length)
                for i in values.indices.reversed() { values[i] = try pop() }
            case .arrayNew:
                length = Int(UInt32(truncatingIfNeeded: try pop().0))
                values = [try pop()]
            default:
                length = Int(UInt32(truncatingIfNeeded: try pop().0))
            }
            guard let object = allocateArray(typeID: id, length: length, elementBytes: bytes, top: nil) else {
                throw Trap(kind: .allocationFailure, backtrace: [])
            }
            let elements = GCObject.payload(object)
            for i in 0..<length where !values.isEmpty {
                let value = values.count == 1 ? values[0] : values[i]
                var words = [value.0, value.1]
                Store.storeElement(&words, into: elements + i * bytes, bytes: bytes)
            }
            return UInt64(UInt(bitPattern: object))
        default:
            throw LinkError.resourceLimit("unsupported constant expression")
        }
    }
}
