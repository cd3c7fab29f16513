#if arch(x86_64)
import CapsuleBinary
import CapsuleCore
import Synchronization

/// The store's native context: a block of 64-bit words native code reaches through r14.
enum NativeContext {
    /// Word indices in the context block.
    enum Word: Int {
        case savedStackPointer = 0, trapCode, frameDepth, frameLimit, stackEnd, frames, memoryBase, memorySize
        case exitStub, instance, store
        /// The store's fuel cell (an `Int64`) and its interrupt flag (a byte), for checkpoints.
        case fuel, interruptFlag
        /// First of the helper function pointers (`NativeHelper` order).
        case helpers = 16
    }
    static let wordCount = 32
}

/// Why native code left through the exit stub (`trapCode` word).
enum NativeTrap: Int32 {
    case none = 0, unreachable, integerDivideByZero, integerOverflow, invalidConversionToInteger
    case outOfBoundsMemoryAccess, outOfBoundsTableAccess, undefinedElement, uninitializedElement
    case indirectCallTypeMismatch, callStackExhausted, outOfFuel, interrupted
    /// A helper stored an error (host error, exit, exception, trap with its own backtrace) in `NativeState.error`.
    case error = 100

    var kind: TrapKind? {
        switch self {
        case .unreachable: return .unreachable
        case .integerDivideByZero: return .integerDivideByZero
        case .integerOverflow: return .integerOverflow
        case .invalidConversionToInteger: return .invalidConversionToInteger
        case .outOfBoundsMemoryAccess: return .outOfBoundsMemoryAccess
        case .outOfBoundsTableAccess: return .outOfBoundsTableAccess
        case .undefinedElement: return .undefinedElement
        case .uninitializedElement: return .uninitializedElement
        case .indirectCallTypeMismatch: return .indirectCallTypeMismatch
        case .callStackExhausted: return .callStackExhausted
        case .outOfFuel: return .outOfFuel
        case .interrupted: return .interrupted
        case .none, .error: return nil
        }
    }

    init(_ kind: TrapKind) {
        switch kind {
        case .unreachable: self = .unreachable
        case .integerDivideByZero: self = .integerDivideByZero
        case .integerOverflow: self = .integerOverflow
        case .invalidConversionToInteger: self = .invalidConversionToInteger
        case .outOfBoundsMemoryAccess, .outOfBoundsDataSegmentAccess: self = .outOfBoundsMemoryAccess
        case .outOfBoundsTableAccess, .outOfBoundsElementSegmentAccess: self = .outOfBoundsTableAccess
        case .undefinedElement: self = .undefinedElement
        case .uninitializedElement: self = .uninitializedElement
        case .indirectCallTypeMismatch: self = .indirectCallTypeMismatch
        case .callStackExhausted: self = .callStackExhausted
        case .outOfFuel: self = .outOfFuel
        case .interrupted: self = .interrupted
        default: self = .error
        }
    }
}

/// Swift helpers native code calls, `(context, fp, a, b) -> status` (0: go on, 1: leave, 2: retry).
enum NativeHelper: UInt8, CaseIterable {
    /// A call to a host function, an interpreted function or another instance's: `a` is the callee record.
    case call
    /// One numeric instruction at `a` (an internal-code address), evaluated as the interpreter does.
    case numeric
    /// One memory or table instruction at `a`.
    case instruction
}

/// Field offsets of the runtime records native code reads.
enum NativeLayout {
    static let frameSlots = MemoryLayout<FunctionRecord>.offset(of: \FunctionRecord.frameSlots) ?? 0
    static let native = MemoryLayout<FunctionRecord>.offset(of: \FunctionRecord.native) ?? 0
    static let typeID = MemoryLayout<FunctionRecord>.offset(of: \FunctionRecord.typeID) ?? 0
    static let instance = MemoryLayout<FunctionRecord>.offset(of: \FunctionRecord.instance) ?? 0
    static let tableElements = MemoryLayout<TableRecord>.offset(of: \TableRecord.elements) ?? 0
    static let tableCount = MemoryLayout<TableRecord>.offset(of: \TableRecord.count) ?? 0
    static let frameReturnPC = MemoryLayout<CallFrame>.offset(of: \CallFrame.returnPC) ?? 0
    static let frameFP = MemoryLayout<CallFrame>.offset(of: \CallFrame.fp) ?? 0
    static let frameInstance = MemoryLayout<CallFrame>.offset(of: \CallFrame.instance) ?? 0
    static let frameCallee = MemoryLayout<CallFrame>.offset(of: \CallFrame.callee) ?? 0
    static let callFrameShift = MemoryLayout<CallFrame>.stride.trailingZeroBitCount
    /// Whether the layout is what the code generator assumes (a power-of-two `CallFrame`, a one-byte interrupt flag).
    static var usable: Bool { MemoryLayout<CallFrame>.stride == 1 << callFrameShift && MemoryLayout<Atomic<Bool>>.size == 1 }
}

typealias NativeHelperFunction = @convention(c) (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UInt64, UInt64) -> UInt64
typealias NativeEntryFunction = @convention(c) (UnsafeMutablePointer<UInt64>, UnsafeMutablePointer<UInt64>, UnsafeRawPointer, UnsafeMutableRawPointer?) -> UInt64

/// A store's native-tier state: the context block, the native stack, the entry trampoline and the
/// code of every compiled function (freed with the store).
final class NativeState {
    let context: UnsafeMutablePointer<UInt64>
    let stack: NativeStack
    let trampoline: ExecutableMemory
    let entry: NativeEntryFunction
    let code = CodeArena()
    /// The error a helper reported (`NativeTrap.error`).
    var error: (any Error)?
    /// Nested native runs (a host function calling Wasm) stay on the current stack.
    var activeRuns = 0
    /// Functions compiled, and functions left to the interpreter (with the op that kept each there).
    var compiledFunctions = 0
    var fallbackFunctions = 0
    var fallbackOps: [String: Int] = [:]

    init?(store: Store, frameCapacity: Int) {
        guard NativeLayout.usable else { return nil }
        // 16 bytes of machine stack per native frame (return address and alignment), for the deepest
        // chain the frame limit allows, plus room for helper calls (Swift code, the interpreter, WASI).
        guard let stack = NativeStack(usableBytes: frameCapacity * 16 + (8 << 20)) else { return nil }
        var asm = X64Assembler()
        // entry(context rdi, fp rsi, code rdx, stackTop rcx)
        for reg in [X64Reg.rbp, .rbx, .r12, .r13, .r14, .r15] { asm.push(reg) }
        asm.alu(.sub, .rsp, imm: 8, w: true)
        asm.mov(.r14, .rdi)
        asm.mov(.rbx, .rsi)
        asm.store(X64Mem(base: .r14, disp: Int32(NativeContext.Word.savedStackPointer.rawValue * 8)), .rsp)
        asm.test(.rcx, .rcx, w: true)
        asm.cmov(.ne, .rsp, .rcx, w: true)
        asm.load(.r15, X64Mem(base: .r14, disp: Int32(NativeContext.Word.memoryBase.rawValue * 8)))
        asm.load(.r13, X64Mem(base: .r14, disp: Int32(NativeContext.Word.memorySize.rawValue * 8)))
        asm.call(.rdx)
        asm.movImm(.rax, 0)
        let leave = asm.newLabel()
        asm.bind(leave)
        asm.load(.rsp, X64Mem(base: .r14, disp: Int32(NativeContext.Word.savedStackPointer.rawValue * 8)))
        asm.alu(.add, .rsp, imm: 8, w: true)
        for reg in [X64Reg.r15, .r14, .r13, .r12, .rbx, .rbp] { asm.pop(reg) }
        asm.ret()
        asm.align(16)
        let exitOffset = asm.offset
        asm.movImm(.rax, 1)
        asm.jmp(leave)
        guard asm.finish(), let memory = ExecutableMemory(code: asm.bytes) else { return nil }
        self.stack = stack
        trampoline = memory
        entry = unsafeBitCast(memory.base, to: NativeEntryFunction.self)
        context = UnsafeMutablePointer<UInt64>.allocate(capacity: NativeContext.wordCount)
        context.initialize(repeating: 0, count: NativeContext.wordCount)
        context[NativeContext.Word.exitStub.rawValue] = UInt64(UInt(bitPattern: memory.base + exitOffset))
        context[NativeContext.Word.store.rawValue] = UInt64(UInt(bitPattern: Unmanaged.passUnretained(store).toOpaque()))
        context[NativeContext.Word.fuel.rawValue] = UInt64(UInt(bitPattern: store.fuelCell))
        context[NativeContext.Word.interruptFlag.rawValue] = UInt64(UInt(bitPattern: store.interruptHandle.flagAddress))
        let helpers: [NativeHelperFunction] = [nativeCallHelper, nativeNumericHelper, nativeInstructionHelper]
        for (index, helper) in helpers.enumerated() {
            context[NativeContext.Word.helpers.rawValue + index] = UInt64(UInt(bitPattern: unsafeBitCast(helper, to: UnsafeRawPointer.self)))
        }
    }

    deinit {
        context.deallocate()
    }

    subscript(word: NativeContext.Word) -> UInt64 {
        get { context[word.rawValue] }
        set { context[word.rawValue] = newValue }
    }
}

private func store(of context: UnsafeMutablePointer<UInt64>) -> Store {
    Unmanaged<Store>.fromOpaque(UnsafeRawPointer(bitPattern: UInt(context[NativeContext.Word.store.rawValue])) ?? UnsafeRawPointer(context)).takeUnretainedValue()
}

private func fail(_ context: UnsafeMutablePointer<UInt64>, _ kind: TrapKind) -> UInt64 {
    context[NativeContext.Word.trapCode.rawValue] = UInt64(NativeTrap(kind).rawValue)
    if NativeTrap(kind) == .error {
        store(of: context).native?.error = Trap(kind: kind, backtrace: [])
    }
    return 1
}

private func fail(_ context: UnsafeMutablePointer<UInt64>, error: any Error) -> UInt64 {
    context[NativeContext.Word.trapCode.rawValue] = UInt64(NativeTrap.error.rawValue)
    store(of: context).native?.error = error
    return 1
}

/// Reloads memory 0's base and size into the context (after anything that may grow it).
private func refreshMemory(_ context: UnsafeMutablePointer<UInt64>) {
    guard let instance = UnsafeMutablePointer<InstanceRecord>(bitPattern: UInt(context[NativeContext.Word.instance.rawValue])),
          let memory = instance.pointee.memory else { return }
    context[NativeContext.Word.memoryBase.rawValue] = UInt64(UInt(bitPattern: memory.pointee.base))
    context[NativeContext.Word.memorySize.rawValue] = UInt64(memory.pointee.byteCount)
}

private let nativeCallHelper: NativeHelperFunction = { context, fp, a, _ in
    let store = store(of: context)
    guard let callee = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(a)) else { return fail(context, .unreachable) }
    let stack = store.executionStack
    let depth = Int(context[NativeContext.Word.frameDepth.rawValue])
    let caller = UnsafeMutablePointer<InstanceRecord>(bitPattern: UInt(context[NativeContext.Word.instance.rawValue]))
    if callee.pointee.hostIndex >= 0 {
        let end = fp + max(callee.pointee.paramSlots, callee.pointee.resultSlots)
        guard UInt(bitPattern: end) <= UInt(bitPattern: stack.values + stack.valueCapacity) else { return fail(context, .callStackExhausted) }
        stack.frameDepth = depth
        stack.nextFree = end
        do {
            try store.callHost(callee, fp: fp, caller: caller)
        } catch let thrown as WasmException {
            // As in the interpreter: only an exception this store can throw passes on.
            if let problem = store.hostExceptionProblem(thrown) { return fail(context, .host(problem)) }
            return fail(context, error: thrown)
        } catch {
            return fail(context, error: error)
        }
        refreshMemory(context)
        return 0
    }
    if callee.pointee.instance == caller {
        do {
            if try store.nativeCompile(callee) { return 2 }
        } catch {
            return fail(context, error: error)
        }
    }
    stack.frameDepth = depth
    do {
        try store.run(callee, fp: fp)
    } catch {
        stack.frameDepth = depth
        return fail(context, error: error)
    }
    stack.frameDepth = depth
    refreshMemory(context)
    return 0
}

private let nativeNumericHelper: NativeHelperFunction = { context, fp, a, b in
    guard let pc = UnsafeMutablePointer<UInt32>(bitPattern: UInt(a)),
          let op = Op(rawValue: UInt16(truncatingIfNeeded: pc[0])),
          let numeric = NativeHelpers.numericOp(op) else { return fail(context, .unreachable) }
    let x = fp[Int(pc[2])]
    let y = b == 1 ? 0 : fp[Int(pc[3])]
    do throws(TrapKind) {
        fp[Int(pc[1])] = try Numerics.evaluate(numeric, x, y)
    } catch {
        return fail(context, error)
    }
    return 0
}

private let nativeInstructionHelper: NativeHelperFunction = { context, fp, a, _ in
    guard let pc = UnsafeMutablePointer<UInt32>(bitPattern: UInt(a)),
          let op = Op(rawValue: UInt16(truncatingIfNeeded: pc[0])),
          let instance = UnsafeMutablePointer<InstanceRecord>(bitPattern: UInt(context[NativeContext.Word.instance.rawValue])) else {
        return fail(context, .unreachable)
    }
    func u32(_ operand: Int) -> UInt32 { UInt32(truncatingIfNeeded: fp[Int(pc[operand])]) }
    let mem = instance.pointee.memory?.pointee.base
    let memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
    switch op {
    case .memoryGrow:
        let result: Int32 = instance.pointee.memory.map { Memories.grow($0, by: u32(2)) } ?? -1
        fp[Int(pc[1])] = UInt64(UInt32(bitPattern: result))
        refreshMemory(context)
    case .memoryInit:
        let segment = instance.pointee.datas + Int(pc[1])
        let destination = UInt64(u32(2)), source = UInt64(u32(3)), count = UInt64(u32(4))
        guard source + count <= UInt64(segment.pointee.count), destination + count <= memSize else { return fail(context, .outOfBoundsMemoryAccess) }
        if count > 0, let base = segment.pointee.base, let mem {
            (mem + Int(destination)).copyMemory(from: base + Int(source), byteCount: Int(count))
        }
    case .dataDrop:
        instance.pointee.datas[Int(pc[1])].count = 0
    case .memoryCopy:
        let destination = UInt64(u32(1)), source = UInt64(u32(2)), count = UInt64(u32(3))
        guard source + count <= memSize, destination + count <= memSize else { return fail(context, .outOfBoundsMemoryAccess) }
        if count > 0, let mem { (mem + Int(destination)).copyMemory(from: mem + Int(source), byteCount: Int(count)) }
    case .memoryFill:
        let destination = UInt64(u32(1)), value = UInt8(truncatingIfNeeded: fp[Int(pc[2])]), count = UInt64(u32(3))
        guard destination + count <= memSize else { return fail(context, .outOfBoundsMemoryAccess) }
        if count > 0, let mem { (mem + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count)) }
    case .tableGet:
        let table = instance.pointee.tables[Int(pc[2])]
        let index = Int(u32(3))
        guard index < table.pointee.count else { return fail(context, .outOfBoundsTableAccess) }
        fp[Int(pc[1])] = table.pointee.elements[index]
    case .tableSet:
        let table = instance.pointee.tables[Int(pc[1])]
        let index = Int(u32(2))
        guard index < table.pointee.count else { return fail(context, .outOfBoundsTableAccess) }
        table.pointee.elements[index] = fp[Int(pc[3])]
    case .tableSize:
        fp[Int(pc[1])] = UInt64(instance.pointee.tables[Int(pc[2])].pointee.count)
    case .tableGrow:
        let result = Tables.grow(instance.pointee.tables[Int(pc[2])], by: u32(4), initial: fp[Int(pc[3])])
        fp[Int(pc[1])] = UInt64(UInt32(bitPattern: result))
    case .tableFill:
        guard Tables.fill(instance.pointee.tables[Int(pc[1])], start: u32(2), value: fp[Int(pc[3])], count: u32(4)) else {
            return fail(context, .outOfBoundsTableAccess)
        }
    case .tableCopy:
        guard Tables.copy(to: instance.pointee.tables[Int(pc[1])], from: instance.pointee.tables[Int(pc[2])],
                          destination: u32(3), source: u32(4), count: u32(5)) else { return fail(context, .outOfBoundsTableAccess) }
    case .tableInit:
        guard Tables.initialize(instance.pointee.tables[Int(pc[1])], from: instance.pointee.elements + Int(pc[2]),
                                destination: u32(3), source: u32(4), count: u32(5)) else { return fail(context, .outOfBoundsTableAccess) }
    case .elemDrop:
        instance.pointee.elements[Int(pc[1])].count = 0
    default:
        return fail(context, .unreachable)
    }
    return 0
}

/// Lookups for the numeric helper.
enum NativeHelpers {
    private static let numericByOp: [Op: NumericOp] = Dictionary(NumericOp.allCases.map { (Op($0), $0) }, uniquingKeysWith: { a, _ in a })

    /// The Wasm numeric instruction an internal op is, if it is one.
    static func numericOp(_ op: Op) -> NumericOp? { numericByOp[op] }

    /// Whether the instruction takes one operand.
    static func isUnary(_ op: NumericOp) -> Bool {
        switch op {
        case .i32Eqz, .i64Eqz, .i32Clz, .i32Ctz, .i32Popcnt, .i64Clz, .i64Ctz, .i64Popcnt,
             .f32Abs, .f32Neg, .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f32Sqrt,
             .f64Abs, .f64Neg, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest, .f64Sqrt:
            return true
        default:
            let name = "\(op)"
            return name.contains("Convert") || name.contains("Trunc") || name.contains("Extend") || name.contains("Wrap")
                || name.contains("Demote") || name.contains("Promote") || name.contains("Reinterpret")
        }
    }
}

extension Store {
    /// The native tier's state, created on first use; nil when the tier cannot run here.
    var nativeState: NativeState? {
        if let native { return native }
        let state = NativeState(store: self, frameCapacity: executionStack.frameCapacity)
        native = state
        return state
    }

    /// Compiles `function` to machine code if it can be; false leaves it to the interpreter.
    func nativeCompile(_ function: UnsafeMutablePointer<FunctionRecord>) throws -> Bool {
        if function.pointee.native != nil { return true }
        if function.pointee.nativeFailed { return false }
        guard let state = nativeState, let instance = function.pointee.instance, function.pointee.hostIndex < 0,
              let code = try ensureCompiled(function) else {
            function.pointee.nativeFailed = true
            NativeTierStatistics.record(compiled: false, op: "no native tier")
            return false
        }
        let started = ContinuousClock.now
        defer { NativeTierStatistics.addCompileTime(ContinuousClock.now - started) }
        var compiler = NativeCompiler(code: code, words: function.pointee.codeWords, function: function, instance: instance)
        let bytes = compiler.compile()
        guard let bytes, let entry = state.code.install(bytes) else {
            function.pointee.nativeFailed = true
            state.fallbackFunctions += 1
            let reason = compiler.unsupported.map { "\($0)" } ?? (bytes == nil ? "unresolved label" : "no executable memory")
            state.fallbackOps[reason, default: 0] += 1
            NativeTierStatistics.record(compiled: false, op: reason)
            return false
        }
        state.compiledFunctions += 1
        NativeTierStatistics.record(compiled: true, op: nil, bytes: bytes.count)
        function.pointee.native = entry
        return true
    }

    /// Runs `entry` in the native tier when it compiles; false when it must be interpreted.
    func runNative(_ entry: UnsafeMutablePointer<FunctionRecord>, fp: UnsafeMutablePointer<UInt64>) throws -> Bool {
        guard try nativeCompile(entry), let code = entry.pointee.native, let state = nativeState,
              let instance = entry.pointee.instance else { return false }
        let stack = executionStack
        let baseDepth = stack.frameDepth
        let stackEnd = stack.values + stack.valueCapacity
        guard baseDepth < stack.frameCapacity, UInt(bitPattern: fp + entry.pointee.frameSlots) <= UInt(bitPattern: stackEnd) else {
            throw Trap(kind: .callStackExhausted, backtrace: backtrace(frames: stack.frames, from: baseDepth, to: baseDepth, entry: entry))
        }
        let saved = (state[.savedStackPointer], state[.memoryBase], state[.memorySize], state[.instance], state[.frameDepth])
        defer {
            state[.savedStackPointer] = saved.0
            state[.memoryBase] = saved.1
            state[.memorySize] = saved.2
            state[.instance] = saved.3
            state[.frameDepth] = saved.4
        }
        let outerBaseFunction = stack.baseFunction
        stack.baseFunction = entry
        defer { stack.baseFunction = outerBaseFunction }
        state[.frameDepth] = UInt64(baseDepth)
        state[.frameLimit] = UInt64(stack.frameCapacity)
        state[.stackEnd] = UInt64(UInt(bitPattern: stackEnd))
        state[.frames] = UInt64(UInt(bitPattern: stack.frames))
        state[.instance] = UInt64(UInt(bitPattern: instance))
        state[.memoryBase] = UInt64(UInt(bitPattern: instance.pointee.memory?.pointee.base ?? UnsafeMutableRawPointer(fp)))
        state[.memorySize] = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
        state[.trapCode] = 0
        let top = state.activeRuns == 0 ? state.stack.top : nil
        state.activeRuns += 1
        let status = state.entry(state.context, fp, code, top)
        state.activeRuns -= 1
        let depth = Int(state[.frameDepth])
        stack.frameDepth = baseDepth
        guard status != 0 else { return true }
        let trap = NativeTrap(rawValue: Int32(truncatingIfNeeded: state[.trapCode])) ?? .error
        let trace = backtrace(frames: stack.frames, from: baseDepth, to: depth, entry: entry)
        if let kind = trap.kind { throw Trap(kind: kind, backtrace: trace) }
        let error = state.error ?? Trap(kind: .host("native code stopped without a reason"), backtrace: [])
        state.error = nil
        if var inner = error as? Trap {
            inner.backtrace += trace
            throw inner
        }
        if var exception = error as? WasmException {
            exception.backtrace += trace
            throw exception
        }
        throw error
    }
}
#endif

/// Process-wide counts of what the native tier compiled and what it left to the interpreter
/// (for `capsule wast --tier native` and benchmarks), kept under a lock: stores on several threads
/// compile at the same time (a plain static dictionary crashed the parallel test suite).
public enum NativeTierStatistics {
    private struct Counts {
        var compiled = 0
        var interpreted: [String: Int] = [:]
        var codeBytes = 0
        var compileTime = Duration.zero
    }

    private static let counts = Mutex(Counts())

    static func record(compiled success: Bool, op: String?, bytes: Int = 0) {
        counts.withLock { counts in
            if success { counts.compiled += 1 } else { counts.interpreted[op ?? "?", default: 0] += 1 }
            counts.codeBytes += bytes
        }
    }

    static func addCompileTime(_ duration: Duration) { counts.withLock { $0.compileTime += duration } }

    /// Functions compiled to machine code so far, and functions left to the interpreter by the
    /// instruction that kept each there.
    public static var snapshot: (compiled: Int, interpreted: [String: Int]) { counts.withLock { ($0.compiled, $0.interpreted) } }

    /// One line for people: "native tier: N functions compiled, M interpreted (op count, ...)".
    public static var summary: String {
        let (compiled, interpreted, codeBytes, compileTime) = counts.withLock { ($0.compiled, $0.interpreted, $0.codeBytes, $0.compileTime) }
        let left = interpreted.values.reduce(0, +)
        let reasons = interpreted.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
        let milliseconds = Double(compileTime.components.seconds) * 1e3 + Double(compileTime.components.attoseconds) / 1e15
        let time = "\((milliseconds * 100).rounded() / 100) ms"
        return "native tier: \(compiled) functions compiled (\(codeBytes) bytes of code in \(time)), \(left) interpreted"
            + (reasons.isEmpty ? "" : " (" + reasons.joined(separator: ", ") + ")")
    }
}
