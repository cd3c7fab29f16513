#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import Synchronization

/// Owns everything instances create: memories, tables, globals, functions and compiled code.
///
/// A store is the unit of isolation and lifetime: references (function references, imported
/// memories) never cross stores, and everything is freed when the store goes away. A store is
/// not thread-safe; use one store per thread.
///
/// ```swift
/// let store = Store()
/// let module = try Module(bytes: wasmBytes)
/// let instance = try store.instantiate(module)
/// let results = try instance.function("add")?.call([.i32(1), .i32(2)])
/// ```
public final class Store {
    /// Resource limits applied to memories and tables created in this store.
    public var limits: StoreLimits {
        didSet { tableBudget.pointee.limit = limits.maxTotalTableElements }
    }

    /// Table elements of all the store's tables together, against `limits.maxTotalTableElements`.
    let tableBudget: UnsafeMutablePointer<TableBudget>

    var allocations: [UnsafeMutableRawPointer] = []
    var memoryReservations: [(UnsafeMutableRawPointer, Int)] = []
    var tableRecords: [UnsafeMutablePointer<TableRecord>] = []
    var hostFunctions: [HostFunctionBody] = []
    var signatures: [FuncType: Int] = [:]
    var signatureTypes: [Int: FuncType] = [:]
    var instanceStates: [InstanceState] = []
    /// Every global's cell (a root of the GC heap).
    var globalCells: [UnsafeMutablePointer<UInt64>] = []
    /// The structures and arrays of the store (made on first use).
    lazy var gcHeap = GCHeap()
    private var stackStorage: ExecutionStack?
    #if arch(x86_64)
    /// The native tier's context, stack and code (nil until first used).
    var native: NativeState?
    #endif
    /// Whether `run` tries the native tier first (`limits.tier` and the platform).
    let usesNativeTier: Bool
    /// Whether runs pause rather than trap (`limits.checkpointable` when the store was made: code
    /// compiled for a pausable store is always metered, whatever the limits say later).
    let pausable: Bool
    /// Exception objects (`exnref` values are index + 1) and the indices of freed ones.
    var exceptions: [ExceptionObject] = []
    var freeExceptions: [Int] = []
    /// Handler tables of compiled functions (`FunctionRecord.handlerTable` indexes them).
    var handlerTables: [[HandlerEntry]] = []
    /// One `return` instruction: a tail call to a host function continues there after the call.
    lazy var returnStub: UnsafeMutablePointer<UInt32> = {
        let code = allocate(UInt32.self, count: 1)
        code[0] = UInt32(Op.return.rawValue)
        return code
    }()

    /// Calls from Swift into Wasm under way (more than one: a host function called back into Wasm).
    var invokeNesting = 0
    var machineStack = MachineStack()

    /// Fuel left, shared by every call in the store (Int64.max when fuel is not metered).
    let fuelCell: UnsafeMutablePointer<Int64>

    /// Lets another thread, or a timer, stop Wasm code running in this store.
    public let interruptHandle = InterruptHandle()

    /// A number no other store of the process has had (references carry it, so that a store
    /// refuses another's, even one freed whose memory was reused).
    public let id: UInt64 = Store.lastID.add(1, ordering: .relaxed).newValue
    private static let lastID = Atomic<UInt64>(0)

    /// The type of the first reference in `values` that belongs to another store, if any.
    func foreignReference(in values: [Value]) -> ValueType? {
        for value in values {
            switch value {
            case .funcref(let reference?) where reference.storeID != id: return .funcref
            case .exnref(let reference?) where reference.storeID != id: return .exnref
            case .anyref(let reference?) where reference.root.map({ $0.storeID != id }) ?? false: return .anyref
            case .externref(let reference?) where reference.root.map({ $0.storeID != id }) ?? false: return .externref
            default: continue
            }
        }
        return nil
    }

    /// Creates an empty store.
    ///
    /// With `limits.fuel` set, Wasm code is metered: each function entry and loop iteration costs
    /// the number of instructions in it, and running out traps with "all fuel consumed". With
    /// `limits.interruptible` (or fuel), ``interruptHandle`` can stop running code.
    public init(limits: StoreLimits = StoreLimits()) {
        self.limits = limits
        pausable = limits.checkpointable
        #if arch(x86_64) && os(Linux)
        usesNativeTier = !limits.checkpointable && (limits.tier == .native || (limits.tier == .auto && ExecutionTier.autoUsesNative))
        #else
        usesNativeTier = false
        #endif
        fuelCell = UnsafeMutablePointer<Int64>.allocate(capacity: 1)
        fuelCell.pointee = limits.fuel.map { Int64(clamping: $0) } ?? Int64.max
        tableBudget = UnsafeMutablePointer<TableBudget>.allocate(capacity: 1)
        tableBudget.initialize(to: TableBudget(used: 0, limit: limits.maxTotalTableElements))
    }

    /// Fuel left, when fuel is metered (`limits.fuel` set); nil otherwise. Setting it refuels.
    public var fuel: UInt64? {
        get { limits.fuel == nil ? nil : UInt64(max(fuelCell.pointee, 0)) }
        set {
            guard limits.fuel != nil, let newValue else { return }
            fuelCell.pointee = Int64(clamping: newValue)
        }
    }

    /// Whether compiled code carries checkpoints for fuel and interruption.
    var metering: Bool { limits.fuel != nil || limits.interruptible || pausable }

    deinit {
        fuelCell.deallocate()
        tableBudget.deallocate()
        for table in tableRecords {
            table.pointee.elements.deallocate()
        }
        for (base, bytes) in memoryReservations {
            MemoryReservation.release(base, bytes: bytes)
        }
        for pointer in allocations {
            pointer.deallocate()
        }
    }

    var executionStack: ExecutionStack {
        if let stackStorage { return stackStorage }
        let stack = ExecutionStack(valueCapacity: limits.stackSlots, frameCapacity: limits.callDepth)
        stackStorage = stack
        return stack
    }

    /// Allocates zeroed memory that lives as long as the store.
    func allocate<T>(_ type: T.Type, count: Int) -> UnsafeMutablePointer<T> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1) * MemoryLayout<T>.stride, alignment: MemoryLayout<T>.alignment)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: Swift.max(count, 1) * MemoryLayout<T>.stride)
        allocations.append(raw)
        return raw.assumingMemoryBound(to: T.self)
    }

    /// The store-wide identifier of a signature (equal signatures get equal identifiers).
    /// Whether canonical type `sub` is a subtype of `sup` (the slow path of `call_indirect`'s check).
    @inline(never)
    static func isSubtype(_ sub: Int, of sup: Int) -> Bool {
        TypeRegistry.shared.isSubtype(sub, of: sup)
    }

    /// Collects the GC heap: roots are the value stack up to `stackTop`, globals, tables, element
    /// segments, exception payloads and the host's handles.
    func collectGarbage(stackTop: UnsafeMutablePointer<UInt64>) {
        let stack = executionStack
        var roots: [UnsafeBufferPointer<UInt64>] = []
        let used = Swift.max(0, Swift.min(stackTop - stack.values, stack.valueCapacity))
        roots.append(UnsafeBufferPointer(start: stack.values, count: used))
        for cell in globalCells { roots.append(UnsafeBufferPointer(start: cell, count: 1)) }
        for table in tableRecords { roots.append(UnsafeBufferPointer(start: table.pointee.elements, count: table.pointee.count)) }
        for state in instanceStates {
            for i in 0..<state.module.elements.count {
                let segment = state.record.pointee.elements[i]
                if let base = segment.base { roots.append(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt64.self), count: segment.count)) }
            }
        }
        var payloads: [UInt64] = []
        for object in exceptions where object.isLive { payloads.append(contentsOf: object.payload) }
        payloads.withUnsafeBufferPointer { payload in
            roots.append(payload)
            gcHeap.collect(roots: roots)
        }
    }

    /// Collections of the GC heap so far, the longest pause and their total time, in nanoseconds, and
    /// the bytes its objects take now.
    public var garbageCollectionStatistics: (collections: Int, longestPauseNanoseconds: UInt64, totalPauseNanoseconds: UInt64, heapBytes: Int) {
        (gcHeap.collections, gcHeap.longestPause, gcHeap.totalPause, gcHeap.bytes)
    }

    /// The canonical type ID of a function type of abstract types only (host functions, tags).
    func signatureID(_ type: FuncType) -> Int {
        if let id = signatures[type] { return id }
        let id = TypeRegistry.shared.canonicalID(of: type)
        signatures[type] = id
        return id
    }

    /// The function type (canonical form) of canonical type ID `id`.
    func signatureType(_ id: Int) -> FuncType {
        if let type = signatureTypes[id] { return type }
        let type = TypeRegistry.shared.functionType(id) ?? FuncType(params: [], results: [])
        signatureTypes[id] = type
        return type
    }

    func signature(of function: UnsafeMutablePointer<FunctionRecord>) -> FuncType {
        signatureType(function.pointee.typeID)
    }

    // MARK: Creating entities

    func makeMemory(_ type: MemoryType) -> UnsafeMutablePointer<MemoryRecord>? {
        // An i32 memory has at most 65536 pages; an i64 memory as many as the reservation can be (its
        // type allows 2^48 pages, more than any host): the store's limit applies to both.
        let bound: UInt64 = type.addressType == .i64 ? UInt64(Int.max / wasmPageSize) : 65536
        let declaredMax = Swift.min(type.limits.max ?? bound, bound)
        let maxPages = Int(Swift.min(declaredMax, UInt64(Swift.max(limits.maxMemoryPages, 0))))
        guard type.limits.min <= UInt64(maxPages) else { return nil }
        let minPages = Int(type.limits.min)
        // A reservation the host refuses (a large i64 memory) falls back to the initial size:
        // growing past it then fails with -1.
        guard let (base, bytes) = MemoryReservation.reserve(maxPages: maxPages)
            ?? (maxPages > minPages ? MemoryReservation.reserve(maxPages: minPages) : nil)
        else { return nil }
        memoryReservations.append((base, bytes))
        let record = allocate(MemoryRecord.self, count: 1)
        record.initialize(to: MemoryRecord(
            base: base, byteCount: minPages * wasmPageSize, maxPages: maxPages, reservedBytes: bytes,
            declaredMax: type.limits.max, is64: type.addressType == .i64))
        return record
    }

    func makeTable(_ type: TableType, initial: UInt64) -> UnsafeMutablePointer<TableRecord>? {
        // Tables stay below 2^31 elements whatever their address type, so that an index or count of
        // 2^32 or more (table64) is out of bounds once saturated to 32 bits (`Op.saturateU32`).
        let cap = UInt64(Swift.min(Swift.max(limits.maxTableElements, 0), Int(Int32.max) - 1))
        let maxCount = Int(Swift.min(type.limits.max ?? UInt64.max, cap))
        guard type.limits.min <= UInt64(maxCount) else { return nil }
        let count = Int(type.limits.min)
        guard tableBudget.pointee.take(count) else { return nil }
        let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(count, 1))
        elements.initialize(repeating: initial, count: Swift.max(count, 1))
        let record = allocate(TableRecord.self, count: 1)
        record.initialize(to: TableRecord(
            elements: elements, count: count, capacity: Swift.max(count, 1), maxCount: maxCount,
            declaredMax: type.limits.max, elementType: type.elementType, budget: tableBudget,
            is64: type.addressType == .i64))
        tableRecords.append(record)
        return record
    }

    /// A global's cell: two words, so that a `v128` fits.
    func makeGlobal(_ value: Value) -> UnsafeMutablePointer<UInt64> {
        let cell = allocate(UInt64.self, count: 2)
        value.write(to: cell)
        globalCells.append(cell)
        return cell
    }

    func makeHostFunction(type: FuncType, body: @escaping HostFunctionBody.Body) -> UnsafeMutablePointer<FunctionRecord> {
        let record = allocate(FunctionRecord.self, count: 1)
        let paramSlots = FunctionCompiler.slots(of: type.params)
        let resultSlots = FunctionCompiler.slots(of: type.results)
        record.initialize(to: FunctionRecord(
            typeID: signatureID(type), code: nil, frameSlots: Swift.max(paramSlots, resultSlots),
            paramSlots: paramSlots, localSlots: paramSlots, resultSlots: resultSlots,
            instance: nil, hostIndex: hostFunctions.count, functionIndex: 0, moduleInfoIndex: -1, definedIndex: -1))
        hostFunctions.append(HostFunctionBody(type: type, body: body))
        return record
    }

    // MARK: Compilation

    /// Engine development aid: `CAPSULE_DUMP_CODE=1` prints each function's code when it is compiled.
    static let dumpsCode: Bool = getenv("CAPSULE_DUMP_CODE").map { String(cString: $0) == "1" } ?? false

    /// Compiles a Wasm function on its first call and returns its code (nil for host functions).
    func ensureCompiled(_ function: UnsafeMutablePointer<FunctionRecord>) throws -> UnsafeMutablePointer<UInt32>? {
        if let code = function.pointee.code { return code }
        guard function.pointee.hostIndex < 0, function.pointee.moduleInfoIndex >= 0 else { return nil }
        let state = instanceStates[function.pointee.moduleInfoIndex]
        let module = state.module
        let defined = function.pointee.definedIndex
        guard defined >= 0, defined < module.codes.count, defined < module.functions.count else { return nil }
        let compiled: CompiledFunction
        if let cached = state.code?.function(defined, metered: metering) {
            compiled = cached
        } else {
            var compiler = try FunctionCompiler(module: module, typeIndex: module.functions[defined], body: module.codes[defined])
            compiler.metering = metering
            do {
                compiled = try compiler.compile(body: module.codes[defined])
            } catch {
                throw Trap(kind: .host("cannot compile function \(function.pointee.functionIndex): \(error.message)"), backtrace: [])
            }
            state.code?.add(compiled, defined, metered: metering)
        }
        if Store.dumpsCode {
            print("function \(function.pointee.functionIndex) \(name(of: function)): frame \(compiled.frameSlots) slots, constants from \(compiled.localSlots): \(compiled.constants)")
            print(Disassembler.listing(compiled.code))
        }
        let code = allocate(UInt32.self, count: compiled.code.count)
        code.update(from: compiled.code, count: compiled.code.count)
        function.pointee.code = code
        function.pointee.codeWords = compiled.code.count
        if !compiled.handlers.isEmpty {
            function.pointee.handlerTable = handlerTables.count
            handlerTables.append(compiled.handlers)
        }
        function.pointee.frameSlots = compiled.frameSlots
        function.pointee.localSlots = compiled.localSlots
        let entryValues = Array(repeating: 0, count: compiled.localSlots - compiled.paramSlots) + compiled.constants
        if !entryValues.isEmpty {
            let values = allocate(UInt64.self, count: entryValues.count)
            values.update(from: entryValues, count: entryValues.count)
            function.pointee.entryValues = values
            function.pointee.entryValueCount = entryValues.count
        }
        return code
    }

    // MARK: Host calls

    func callHost(_ function: UnsafeMutablePointer<FunctionRecord>, fp: UnsafeMutablePointer<UInt64>, caller: UnsafeMutablePointer<InstanceRecord>?) throws {
        let host = hostFunctions[function.pointee.hostIndex]
        var arguments: [Value] = []
        arguments.reserveCapacity(host.type.params.count)
        var offset = 0
        for type in host.type.params {
            arguments.append(Value(slots: fp + offset, type: type, store: self))
            offset += Int(FunctionCompiler.size(of: type))
        }
        let results = try host.body(Caller(store: self, instance: caller), arguments)
        guard results.count == host.type.results.count else {
            throw Trap(kind: .host("host function returned \(results.count) values, expected \(host.type.results.count)"), backtrace: [])
        }
        for (value, type) in zip(results, host.type.results) where !value.matches(type) {
            throw Trap(kind: .host("host function returned \(value.type), expected \(type)"), backtrace: [])
        }
        if let type = foreignReference(in: results) {
            throw Trap(kind: .host("host function returned a \(type) from another store"), backtrace: [])
        }
        offset = 0
        for value in results { offset += value.write(to: fp + offset) }
    }

    // MARK: Calls from Swift

    /// Calls a function with arguments and returns its results.
    func invoke(_ function: UnsafeMutablePointer<FunctionRecord>, _ arguments: [Value]) throws -> [Value] {
        let type = signature(of: function)
        guard arguments.count == type.params.count else {
            throw CallError.argumentCount(expected: type.params.count, got: arguments.count)
        }
        for (value, expected) in zip(arguments, type.params) where !value.matches(expected) {
            throw CallError.argumentType(expected: expected, got: value.type)
        }
        if let type = foreignReference(in: arguments) { throw CallError.foreignReference(type) }
        let stack = executionStack
        invokeNesting += 1
        defer { invokeNesting -= 1 }
        if invokeNesting > 1 { try checkMachineStack() }
        // Nested calls (a host function calling back into Wasm) start above the caller's frames.
        let base = stack.nextFree
        let exchanged = Swift.max(FunctionCompiler.slots(of: type.params), FunctionCompiler.slots(of: type.results))
        guard base + exchanged <= stack.values + stack.valueCapacity else {
            throw Trap(kind: .callStackExhausted, backtrace: [])
        }
        var offset = 0
        for value in arguments { offset += value.write(to: base + offset) }
        let savedNext = stack.nextFree
        let savedDepth = stack.frameDepth
        defer {
            stack.nextFree = savedNext
            stack.frameDepth = savedDepth
        }
        if function.pointee.hostIndex >= 0 {
            stack.nextFree = base + exchanged
            try callHost(function, fp: base, caller: nil)
        } else {
            _ = try ensureCompiled(function)
            stack.nextFree = base + function.pointee.frameSlots
            try run(function, fp: base)
        }
        var results: [Value] = []
        offset = 0
        for type in type.results {
            results.append(Value(slots: base + offset, type: type, store: self))
            offset += Int(FunctionCompiler.size(of: type))
        }
        return results
    }

    /// Traps when a nested call would leave less than `MachineStack.reserve` of the machine stack it
    /// runs on: the native tier's own stack (which must also keep room for the native frames the call
    /// depth still allows) or the thread's.
    func checkMachineStack() throws {
        let here = MachineStack.approximatePointer()
        var lowest: UInt?
        var reserve = MachineStack.reserve
        #if arch(x86_64)
        if let native, here > UInt(bitPattern: native.stack.base), here <= UInt(bitPattern: native.stack.top) {
            lowest = UInt(bitPattern: native.stack.base) + UInt(native.stack.guardBytes)
            let stack = executionStack
            reserve += UInt(max(stack.frameCapacity - stack.frameDepth, 0)) * 16
        }
        #endif
        if lowest == nil { lowest = machineStack.threadLowerBound() }
        guard let lowest else { return }
        if here < lowest || here - lowest < reserve {
            throw Trap(kind: .callStackExhausted, backtrace: [])
        }
    }

    /// Names of the functions on the stack, innermost first.
    func backtrace(frames: UnsafeMutablePointer<CallFrame>, from base: Int, to depth: Int, entry: UnsafeMutablePointer<FunctionRecord>) -> [String] {
        // Frame `index` records the function it called; the function below the first frame is `entry`.
        var names: [String] = []
        var index = depth - 1
        while index >= base {
            names.append(name(of: frames[index].callee))
            index -= 1
        }
        names.append(name(of: entry))
        return names
    }

    func name(of function: UnsafeMutablePointer<FunctionRecord>) -> String {
        let index = function.pointee.functionIndex
        guard function.pointee.moduleInfoIndex >= 0 else { return "<host function>" }
        let module = instanceStates[function.pointee.moduleInfoIndex].module
        if let name = module.names.functionNames[index] { return name }
        return "func[\(index)]"
    }
}

/// Limits applied to everything a store creates.
///
/// ```swift
/// var limits = StoreLimits()
/// limits.maxMemoryPages = 256  // 16 MiB
/// limits.fuel = 1_000_000
/// let store = Store(limits: limits)
/// ```
public struct StoreLimits: Sendable {
    /// Largest linear memory, in 64 KiB pages (default: 65536, 4 GiB, the maximum of an `i32`
    /// memory). It bounds `i64` memories (memory64) too: raise it to let them grow past 4 GiB.
    public var maxMemoryPages: Int = 65536
    /// Largest table, in elements.
    public var maxTableElements: Int = 10_000_000
    /// Most table elements all the store's tables may hold together (tables are allocated when
    /// created or grown, 8 bytes an element, and a module may declare any number of them); creating
    /// or growing past it fails as exceeding ``maxTableElements`` does.
    public var maxTotalTableElements: Int = 10_000_000
    /// Slots of the value stack shared by all frames (8 bytes each; 32 MiB by default, reserved,
    /// and touched only as deep as calls go).
    public var stackSlots: Int = 1 << 22
    /// Deepest Wasm call nesting before the "call stack exhausted" trap (default 100,000: CPython's
    /// own tests recurse past 20,000 Wasm frames before its recursion limit stops them).
    public var callDepth: Int = 100_000
    /// A fuel budget: roughly one unit per Wasm instruction executed; nil for no metering.
    public var fuel: UInt64?
    /// Whether ``Store/interruptHandle`` can stop running code (implied by `fuel`).
    public var interruptible = false
    /// Which execution tier runs Wasm functions (default: `.auto`, native code where the platform
    /// has a native back end; `CAPSULE_TIER=interpreter` in the environment makes `.auto` interpret).
    public var tier: ExecutionTier = .auto
    /// Whether runs can pause and be resumed, here or from a checkpoint in another process: running
    /// out of fuel, an interruption (``Store/interruptHandle``) or a host function throwing
    /// ``HostPause`` then makes the call throw ``ExecutionPaused`` instead of trapping. It implies
    /// `interruptible` and the interpreter (the native tier's frames are not data).
    public var checkpointable = false
    /// Most bytes the store's GC objects (structures and arrays) may take together (default 1 GiB);
    /// an allocation past it, once a collection has run, traps with "allocation failure".
    public var maxGCHeapBytes: Int = 1 << 30

    /// The defaults: 4 GiB memories, 10 million table elements (per table and in all), a 32 MiB value
    /// stack and 100,000 nested calls.
    public init() {}
}

/// How a store runs Wasm code.
public enum ExecutionTier: String, Sendable, CaseIterable {
    /// Native machine code where the platform supports it (x86-64 Linux), the interpreter elsewhere
    /// (the default; `CAPSULE_TIER=interpreter` in the environment makes it the interpreter).
    case auto
    /// Native machine code; functions it cannot compile, and every platform without a native back
    /// end, run in the interpreter.
    case native
    /// The interpreter only.
    case interpreter

    /// Whether `.auto` picks native code: yes, unless the environment variable `CAPSULE_TIER` is
    /// `interpreter` (an operator's switch, read once, that needs no rebuild; the test suite also runs
    /// with it so that both tiers are tested).
    static let autoUsesNative: Bool = {
        guard let value = getenv("CAPSULE_TIER") else { return true }
        return String(cString: value) != "interpreter"
    }()
}

/// The value and call stacks of a store, allocated once.
final class ExecutionStack {
    let values: UnsafeMutablePointer<UInt64>
    let valueCapacity: Int
    let frames: UnsafeMutablePointer<CallFrame>
    let frameCapacity: Int
    var frameDepth = 0
    /// First slot not used by a running invocation.
    var nextFree: UnsafeMutablePointer<UInt64>
    /// Why the interpreter loop stopped, set just before it breaks out. Kept here rather than in a
    /// local so that the many trap sites do not feed one value through the loop's registers.
    var exit: ExitReason = .trap(.unreachable)
    /// The function running in the first frame of the innermost `run` (a tail call there replaces it).
    var baseFunction: UnsafeMutablePointer<FunctionRecord>?
    /// Where the loop was when it stopped at a possible pause point (fuel, interruption, a host
    /// call's error), for `capturePause`: stored at those sites, so that the loop's `pc` and `fp`
    /// are not needed after it (keeping them alive past the loop cost the hot loop registers).
    var stopPC: UnsafeMutablePointer<UInt32>?
    var stopFP: UnsafeMutablePointer<UInt64>?

    /// Stops the loop with a trap at a possible pause point, recording where when the loop can pause.
    @inline(__always)
    func stop(_ kind: TrapKind, at pc: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>, recording: Bool) {
        exit = .trap(kind)
        if recording {
            stopPC = pc
            stopFP = fp
        }
    }

    init(valueCapacity: Int, frameCapacity: Int) {
        self.valueCapacity = valueCapacity
        self.frameCapacity = frameCapacity
        values = UnsafeMutablePointer<UInt64>.allocate(capacity: valueCapacity)
        frames = UnsafeMutablePointer<CallFrame>.allocate(capacity: frameCapacity)
        nextFree = values
    }

    deinit {
        values.deallocate()
        frames.deallocate()
    }
}

/// A host function's Swift implementation and signature.
struct HostFunctionBody {
    typealias Body = (Caller, [Value]) throws -> [Value]
    var type: FuncType
    var body: Body
}

/// Per-instance bookkeeping the store keeps for compilation and names.
struct InstanceState {
    var module: Module
    /// The module's compiled functions, shared with every other store instantiating the same ``WasmModule``.
    var code: CompiledCode?
    var record: UnsafeMutablePointer<InstanceRecord>
    /// Number of memories in the instance's memory index space.
    var memoryCount: Int = 0
}

/// The internal code of a module's functions, compiled on their first call in any store and reused by
/// every later instantiation of the same ``WasmModule`` (the code depends on the module and on whether
/// the store meters, never on the store itself). A server making a store per request compiles once.
final class CompiledCode: Sendable {
    private let functions = Mutex<[Int: CompiledFunction]>([:])

    func function(_ defined: Int, metered: Bool) -> CompiledFunction? {
        functions.withLock { $0[defined * 2 + (metered ? 1 : 0)] }
    }

    func add(_ compiled: CompiledFunction, _ defined: Int, metered: Bool) {
        functions.withLock { $0[defined * 2 + (metered ? 1 : 0)] = compiled }
    }
}

/// Stops Wasm code running in a store, from any thread: the code traps with "execution interrupted"
/// at its next function entry or loop iteration. Needs `StoreLimits.interruptible` or `fuel`.
///
/// ```swift
/// let store = Store(limits: { var l = StoreLimits(); l.interruptible = true; return l }())
/// let handle = store.interruptHandle
/// DispatchQueue.global().asyncAfter(deadline: .now() + 1) { handle.interrupt() }
/// ```
public final class InterruptHandle: @unchecked Sendable {
    // Allocated rather than stored inline, so that the native tier's machine code can read the flag
    // at a fixed address (a one-byte load, which x86-64 makes a relaxed atomic load). Only this
    // class writes it, through the atomic: that is what makes the unchecked Sendable sound.
    let flag: UnsafeMutablePointer<Atomic<Bool>>

    init() {
        flag = UnsafeMutablePointer<Atomic<Bool>>.allocate(capacity: 1)
        flag.initialize(to: Atomic<Bool>(false))
    }

    deinit {
        flag.deinitialize(count: 1)
        flag.deallocate()
    }

    /// The flag's address, for machine code that polls it.
    var flagAddress: UnsafeRawPointer { UnsafeRawPointer(flag) }

    /// Asks the running code to stop.
    public func interrupt() {
        flag.pointee.store(true, ordering: .relaxed)
    }

    /// Clears a request, so that the store can run code again.
    public func reset() {
        flag.pointee.store(false, ordering: .relaxed)
    }

    /// Whether an interruption was requested.
    public var isInterrupted: Bool { flag.pointee.load(ordering: .relaxed) }
}
