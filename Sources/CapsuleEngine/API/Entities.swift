import CapsuleBinary
import CapsuleCore

/// A function of some instance, or a host function, callable from Swift.
public struct Function: @unchecked Sendable {
    let store: Store
    let record: UnsafeMutablePointer<FunctionRecord>

    init(store: Store, record: UnsafeMutablePointer<FunctionRecord>) {
        self.store = store
        self.record = record
    }

    /// Defines a host function: a Swift closure with a Wasm signature, to be passed as an import.
    ///
    /// ```swift
    /// let log = Function(store: store, type: FuncType(params: [.i32], results: [])) { caller, arguments in
    ///     print(arguments[0])
    ///     return []
    /// }
    /// ```
    /// The closure receives the arguments in order and must return values of the result types;
    /// anything it throws ends the Wasm execution and reaches the original caller (a ``Trap``
    /// thrown by the closure keeps its kind).
    public init(store: Store, type: FuncType, body: @escaping (Caller, [Value]) throws -> [Value]) {
        self.store = store
        self.record = store.makeHostFunction(type: type, body: body)
    }

    /// The function's signature.
    public var type: FuncType { store.signature(of: record) }

    /// Calls the function with `arguments` and returns its results.
    ///
    /// - Throws: ``Trap`` if execution traps, ``CallError`` for wrong arguments, or whatever a host
    ///   function threw.
    public func call(_ arguments: [Value] = []) throws -> [Value] {
        try store.invoke(record, arguments)
    }

    /// This function as a `funcref` value.
    public var reference: FunctionReference { FunctionReference(record: record, storeID: store.id) }
}

/// A linear memory, readable and writable from Swift with bounds checks.
///
/// ```swift
/// let memory = try Memory(store: store, type: MemoryType(limits: Limits(min: 1)))
/// try memory.write(Array("hi".utf8), at: 16)
/// let bytes = try memory.read(at: 16, count: 2)  // [104, 105]
/// ```
public struct Memory: @unchecked Sendable {
    let store: Store
    let record: UnsafeMutablePointer<MemoryRecord>

    init(store: Store, record: UnsafeMutablePointer<MemoryRecord>) {
        self.store = store
        self.record = record
    }

    /// Creates a memory (for example to provide as an import).
    /// - Throws: ``LinkError/resourceLimit(_:)`` when it exceeds the store's limits.
    public init(store: Store, type: MemoryType) throws {
        guard let record = store.makeMemory(type) else {
            throw LinkError.resourceLimit("memory of \(type.limits.min) pages exceeds the limit")
        }
        self.store = store
        self.record = record
    }

    /// Current size in 64 KiB pages.
    public var pageCount: Int { record.pointee.pageCount }
    /// The address type: `i64` for a 64-bit memory (memory64), whose sizes may pass 4 GiB.
    public var addressType: AddressType { record.pointee.is64 ? .i64 : .i32 }
    /// Current size in bytes.
    public var byteCount: Int { record.pointee.byteCount }

    /// Grows by `pages` (any count, for an `i64` memory too); returns the previous size in pages, or
    /// nil when it cannot grow (past its maximum, the store's limit or what the host could reserve).
    @discardableResult
    public func grow(by pages: UInt64) -> Int? {
        Memories.grow(record, pages: pages).map { Int($0) }
    }

    /// Reads `count` bytes at `offset`.
    /// - Throws: ``Trap`` with `outOfBoundsMemoryAccess` when the range is outside the memory.
    public func read(at offset: Int, count: Int) throws -> [UInt8] {
        try checkRange(offset, count)
        return [UInt8](UnsafeRawBufferPointer(start: record.pointee.base + offset, count: count))
    }

    /// Writes `bytes` at `offset`.
    /// - Throws: ``Trap`` with `outOfBoundsMemoryAccess` when the range is outside the memory.
    public func write(_ bytes: [UInt8], at offset: Int) throws {
        try checkRange(offset, bytes.count)
        bytes.withUnsafeBytes { (record.pointee.base + offset).copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(record.pointee.base), byteCount: bytes.count) }
    }

    /// Calls `body` with the memory's current bytes. Do not keep the buffer: growth may move it.
    public func withUnsafeBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(start: record.pointee.base, count: record.pointee.byteCount))
    }

    private func checkRange(_ offset: Int, _ count: Int) throws {
        guard offset >= 0, count >= 0, offset <= record.pointee.byteCount, count <= record.pointee.byteCount - offset else {
            throw Trap(kind: .outOfBoundsMemoryAccess, backtrace: [])
        }
    }
}

/// A table of references.
///
/// ```swift
/// let table = try Table(store: store, type: TableType(elementType: .funcref, limits: Limits(min: 2)))
/// print(table.count, table.element(at: 0)!)  // 2 funcref:null
/// ```
public struct Table: @unchecked Sendable {
    let store: Store
    let record: UnsafeMutablePointer<TableRecord>

    init(store: Store, record: UnsafeMutablePointer<TableRecord>) {
        self.store = store
        self.record = record
    }

    /// Creates a table filled with null references (for example to provide as an import).
    public init(store: Store, type: TableType) throws {
        guard let record = store.makeTable(type, initial: 0) else {
            throw LinkError.resourceLimit("table of \(type.limits.min) elements exceeds the limit")
        }
        self.store = store
        self.record = record
    }

    /// Current number of elements.
    public var count: Int { record.pointee.count }

    /// The element type, `funcref` or `externref`.
    public var elementType: ValueType { record.pointee.elementType }

    /// The element at `index`, or nil when out of bounds.
    public func element(at index: Int) -> Value? {
        guard index >= 0, index < record.pointee.count else { return nil }
        return Value(slot: record.pointee.elements[index], type: record.pointee.elementType, store: store)
    }
}

/// A global variable.
///
/// ```swift
/// let counter = try Global(store: store, type: GlobalType(valueType: .i32, isMutable: true), value: .i32(0))
/// try counter.set(.i32(1))
/// ```
public struct Global: @unchecked Sendable {
    let store: Store
    let cell: UnsafeMutablePointer<UInt64>
    /// The global's type.
    public let type: GlobalType

    init(store: Store, cell: UnsafeMutablePointer<UInt64>, type: GlobalType) {
        self.store = store
        self.cell = cell
        self.type = type
    }

    /// Creates a global holding `value` (for example to provide as an import).
    public init(store: Store, type: GlobalType, value: Value) throws {
        guard value.matches(type.valueType) else { throw CallError.argumentType(expected: type.valueType, got: value.type) }
        if let type = store.foreignReference(in: [value]) { throw CallError.foreignReference(type) }
        self.store = store
        self.cell = store.makeGlobal(value)
        self.type = type
    }

    /// The current value.
    public var value: Value { Value(slots: cell, type: type.valueType, store: store) }

    /// Sets a mutable global.
    /// - Throws: ``CallError/argumentType(expected:got:)`` when the type differs;
    ///   ``LinkError/incompatibleImportType(module:name:reason:)`` (with empty names) when the global
    ///   is immutable; ``CallError/foreignReference(_:)`` for a reference of another store.
    public func set(_ value: Value) throws {
        guard value.matches(type.valueType) else { throw CallError.argumentType(expected: type.valueType, got: value.type) }
        guard type.isMutable else { throw LinkError.incompatibleImportType(module: "", name: "", reason: "global is immutable") }
        if let type = store.foreignReference(in: [value]) { throw CallError.foreignReference(type) }
        value.write(to: cell)
    }
}

/// Something an instance exports or an import is given.
///
/// ```swift
/// if case .memory(let memory)? = instance.export("memory") {
///     print(memory.pageCount)
/// }
/// imports.define(module: "env", name: "table", .table(table))
/// ```
public enum ExternalValue: @unchecked Sendable {
    /// A function of an instance, or a host function.
    case function(Function)
    /// A table.
    case table(Table)
    /// A linear memory.
    case memory(Memory)
    /// A global variable.
    case global(Global)
    /// An exception tag.
    case tag(Tag)
}

/// What a host function knows about who called it.
///
/// ```swift
/// let puts = Function(store: store, type: FuncType(params: [.i32, .i32], results: [])) { caller, arguments in
///     guard case .i32(let address) = arguments[0], case .i32(let count) = arguments[1] else { return [] }
///     let bytes = try caller.memory?.read(at: Int(address), count: Int(count)) ?? []
///     print(String(decoding: bytes, as: UTF8.self))
///     return []
/// }
/// ```
public struct Caller {
    let store: Store
    let instance: UnsafeMutablePointer<InstanceRecord>?

    /// The calling instance's memory 0, if it has one.
    public var memory: Memory? {
        guard let record = instance?.pointee.memory else { return nil }
        return Memory(store: store, record: record)
    }

    /// The calling instance's memory at `index` of its memory index space (imports first), if any.
    public func memory(at index: Int) -> Memory? {
        guard let instance, index >= 0, index < store.instanceStates[instance.pointee.instanceIndex].memoryCount else { return nil }
        return Memory(store: store, record: instance.pointee.memories[index])
    }

    /// The memory the calling instance exports as `name` (WASI uses the one named `memory`), if any.
    ///
    /// ```swift
    /// let memory = caller.memory(named: "memory") ?? caller.memory
    /// ```
    public func memory(named name: String) -> Memory? {
        guard let instance else { return nil }
        let exports = store.instanceStates[instance.pointee.instanceIndex].module.exports
        // Names compare as bytes, as the specification says (no allocation: WASI looks up every call).
        for export in exports where export.name.utf8.elementsEqual(name.utf8) {
            if case .memory(let index) = export.descriptor { return memory(at: Int(index)) }
            return nil
        }
        return nil
    }

    /// The store the call runs in.
    public var storeReference: Store { store }
}

/// Definitions for a module's imports, by module name and field name.
///
/// ```swift
/// var imports = Imports()
/// imports.define(module: "env", name: "log", .function(log))
/// imports.define(module: "lib", instance: library)  // every export of another instance
/// let instance = try store.instantiate(module, imports: imports)
/// ```
public struct Imports {
    /// A name as its bytes, which the specification compares byte for byte; hashed in one pass (an
    /// array of bytes hashes element by element, which showed in instantiating modules with thousands
    /// of imports).
    struct Name: Hashable {
        let bytes: [UInt8]
        init(_ text: String) { bytes = Array(text.utf8) }
        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    var entries: [Name: [Name: ExternalValue]] = [:]

    /// No definitions.
    public init() {}

    /// Defines `module`::`name`.
    public mutating func define(module: String, name: String, _ value: ExternalValue) {
        entries[Name(module), default: [:]][Name(name)] = value
    }

    /// Defines every export of `instance` under the module name `module`.
    public mutating func define(module: String, instance: Instance) {
        for (name, value) in instance.exports { define(module: module, name: name, value) }
    }

    /// What `module`::`name` is defined as, if anything (to wrap a definition, say).
    public func lookup(module: String, name: String) -> ExternalValue? {
        entries[Name(module)]?[Name(name)]
    }
}
