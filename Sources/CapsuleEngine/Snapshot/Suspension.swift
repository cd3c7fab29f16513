import CapsuleBinary
import CapsuleCore

/// Thrown by a host function to pause the run that called it, in a store whose limits make runs
/// pausable (``StoreLimits/checkpointable``). The call from Swift then throws ``ExecutionPaused``.
///
/// ```swift
/// let wait = Function(store: store, type: FuncType(params: [], results: [.i32])) { _, _ in
///     throw HostPause.returning([.i32(42)])   // the guest sees 42 when the run resumes
/// }
/// ```
public enum HostPause: Error {
    /// The call is made again, with the same arguments, when the run resumes (a call still pending).
    case retryingCall
    /// The call is over and returned `results` (of the function's result types): the run pauses just
    /// after it, with the results in place.
    case returning([Value])
}

/// Thrown out of a call (``Function/call(_:)``) when its run paused: the execution, as data, for
/// ``Instance/resume(_:)`` in the same store or a fresh one, or for a checkpoint file.
public struct ExecutionPaused: Error, CustomStringConvertible {
    /// Where and why the run stopped.
    public let execution: PausedExecution

    /// `execution paused (...)`.
    public var description: String { "execution paused (\(execution.reason))" }
}

/// A paused run of Wasm code: every activation's function and position, the value stack, and the
/// fuel left. It names functions by their index in the instance, so it applies to any instance of
/// the same module (``Instance/resume(_:)`` checks it against that instance before it runs).
public struct PausedExecution: Sendable, Equatable {
    /// Why the run paused.
    public enum Reason: UInt8, Sendable, Equatable, CustomStringConvertible {
        /// The store's fuel ran out (at a function entry or loop iteration).
        case outOfFuel = 1
        /// ``InterruptHandle/interrupt()`` was called (a signal, a timer, another thread).
        case interrupted = 2
        /// A host function threw ``HostPause``.
        case hostCall = 3

        /// `out of fuel`, `interrupted` or `host call`.
        public var description: String {
            switch self {
            case .outOfFuel: return "out of fuel"
            case .interrupted: return "interrupted"
            case .hostCall: return "host call"
            }
        }
    }

    /// One function under way: which function (index in the instance's function index space), the
    /// word offset in its internal code where it continues (the call it made, for all but the last;
    /// -1 for "return now"), and where its frame starts in ``slots``.
    struct Activation: Sendable, Equatable {
        var function: UInt32
        var position: Int64
        var frame: UInt64
    }

    /// Why the run paused.
    public let reason: Reason
    /// Outermost first.
    var activations: [Activation]
    /// The value stack from the first activation's frame to the end of the last one's.
    var slots: [UInt64]
    /// Fuel left when it paused (Int64.max when fuel is not metered).
    var fuel: Int64

    /// How many Wasm functions are under way (the depth of the call stack).
    public var depth: Int { activations.count }
    /// Fuel left when the run paused, when fuel was metered.
    public var fuelLeft: UInt64? { fuel == Int64.max ? nil : UInt64(Swift.max(fuel, 0)) }
}

/// The internal code's format, recorded in checkpoints: positions in paused executions are offsets
/// in this code, so a checkpoint resumes only with the compiler that wrote it (bump on any change to
/// `Op` or to the code `FunctionCompiler` emits).
enum InternalCodeFormat {
    static let version: UInt32 = 1
}

extension Op {
    /// The length in words of the instruction at `pc` (opcode included), or 0 when it cannot be told
    /// without decoding (`simd`) or the opcode is unknown.
    static func instructionWords(_ code: UnsafePointer<UInt32>, at pc: Int, count: Int) -> Int {
        guard pc >= 0, pc < count, let op = Op(rawValue: UInt16(truncatingIfNeeded: code[pc])) else { return 0 }
        if op == .brTable {
            guard pc + 2 < count else { return 0 }
            return 4 + Int(code[pc + 2])
        }
        let n = op.operandWords
        return n < 0 ? 0 : n + 1
    }
}

extension Store {
    /// Why `function` cannot be part of a paused execution, or nil when it can: its frame must hold
    /// only numbers (a reference is an address, meaningless in another process), and its code must
    /// be walkable instruction by instruction (no SIMD, whose lengths are not told by the opcode).
    func pauseProblem(_ function: UnsafeMutablePointer<FunctionRecord>) -> String? {
        let name = name(of: function)
        guard function.pointee.hostIndex < 0, function.pointee.moduleInfoIndex >= 0, function.pointee.code != nil else {
            return "\(name) is not a compiled Wasm function"
        }
        guard instructionStarts(function) != nil else { return "\(name) uses SIMD instructions, which cannot be paused in" }
        let module = instanceStates[function.pointee.moduleInfoIndex].module
        if Self.mayHoldReferences(module: module, defined: function.pointee.definedIndex) {
            return "\(name) may hold references on its stack, which cannot be paused in"
        }
        return nil
    }

    /// The word offset of every instruction of a compiled function, in order; nil when its code
    /// cannot be walked (SIMD) or is not compiled.
    func instructionStarts(_ function: UnsafeMutablePointer<FunctionRecord>) -> [Int]? {
        guard let code = function.pointee.code else { return nil }
        var starts: [Int] = []
        var pc = 0
        let count = function.pointee.codeWords
        while pc < count {
            let length = Op.instructionWords(code, at: pc, count: count)
            guard length > 0 else { return nil }
            starts.append(pc)
            pc += length
        }
        return starts
    }

    /// Whether a function's frame can ever hold a reference: one of its parameters or locals is a
    /// reference, or an instruction makes one (ref.null, ref.func, table.get, a reference global, a
    /// call returning one, a block typed with one, exception handling). A conservative answer:
    /// functions compiled from C, C++ without exceptions, Rust or Swift hold none.
    static func mayHoldReferences(module: Module, defined: Int) -> Bool {
        guard defined >= 0, defined < module.functions.count, defined < module.codes.count,
              Int(module.functions[defined]) < module.types.count else { return true }
        var functionTypes: [UInt32] = []
        var globalTypes: [ValueType] = []
        for entry in module.imports {
            if case .function(let type) = entry.descriptor { functionTypes.append(type) }
            if case .global(let type) = entry.descriptor { globalTypes.append(type.valueType) }
        }
        functionTypes += module.functions
        globalTypes += module.globals.map { $0.type.valueType }
        func hasReference(_ type: FuncType) -> Bool { type.params.contains { $0.isReference } || type.results.contains { $0.isReference } }
        func typeHasReference(_ index: UInt32) -> Bool { Int(index) >= module.types.count || hasReference(module.types[Int(index)]) }
        func blockHasReference(_ type: BlockType) -> Bool {
            switch type {
            case .empty: return false
            case .value(let value): return value.isReference
            case .typeIndex(let index): return typeHasReference(index)
            }
        }
        let body = module.codes[defined]
        if hasReference(module.types[Int(module.functions[defined])]) || body.locals.contains(where: { $0.type.isReference }) { return true }
        var reader = InstructionReader(bytes: module.bytes, range: body.range)
        while !reader.isAtEnd {
            guard let instruction = try? reader.next() else { return true }
            switch instruction {
            case .refNull, .refFunc, .tableGet, .selectTyped, .throw, .throwRef, .tryTable, .try, .catch, .catchAll, .delegate, .rethrow,
                 .gc, .callRef, .returnCallRef, .refAsNonNull, .brOnNull, .brOnNonNull, .refEq:
                return true
            case .block(let type), .loop(let type), .if(let type):
                if blockHasReference(type) { return true }
            case .globalGet(let index):
                if Int(index) >= globalTypes.count || globalTypes[Int(index)].isReference { return true }
            case .call(let index), .returnCall(let index):
                if Int(index) >= functionTypes.count || typeHasReference(functionTypes[Int(index)]) { return true }
            case .callIndirect(let type, _), .returnCallIndirect(let type, _):
                if typeHasReference(type) { return true }
            default:
                break
            }
        }
        return false
    }

    /// Turns the state the interpreter loop stopped in (its depth, and `ExecutionStack.stopPC`/`stopFP`
    /// recorded where it stopped) into a paused execution, when the run may
    /// pause: a checkpointable store, the outermost call from Swift, and a stop that is a pause (fuel,
    /// interruption, ``HostPause``). Returns nil when it is not a pause; throws when it is one that
    /// cannot be taken here, saying why.
    func capturePause(depth: Int, baseDepth: Int) throws -> PausedExecution? {
        let reason: PausedExecution.Reason
        var hostPause: HostPause?
        switch executionStack.exit {
        case .trap(.outOfFuel): reason = .outOfFuel
        case .trap(.interrupted): reason = .interrupted
        case .hostError(let error as HostPause):
            reason = .hostCall
            hostPause = error
        default: return nil
        }
        func refuse(_ why: String) -> Trap {
            Trap(kind: .host("the run stopped (\(reason)) but cannot pause: \(why)"), backtrace: [])
        }
        // The outermost call from Swift runs at the bottom of the value stack (`invoke` starts at
        // `nextFree`, which is the bottom when nothing else runs; `resume` starts there too).
        guard invokeNesting == 1, baseDepth == 0 else {
            throw refuse("it is inside a call a host function made into Wasm")
        }
        let entryFP = executionStack.values
        guard let pc = executionStack.stopPC, let fp = executionStack.stopFP, fp >= entryFP else {
            throw refuse("the position where it stopped is unknown")
        }
        let frames = executionStack.frames
        guard let first = executionStack.baseFunction, let instance = first.pointee.instance else { throw refuse("no function is running") }
        // The functions and frames of each activation, outermost first.
        var functions: [UnsafeMutablePointer<FunctionRecord>] = [first]
        var framePointers: [UnsafeMutablePointer<UInt64>] = []
        var positions: [UnsafeMutablePointer<UInt32>] = []
        for level in 0..<depth {
            functions.append(frames[level].callee)
            framePointers.append(frames[level].fp)
            positions.append(frames[level].returnPC)
        }
        framePointers.append(fp)
        var topPosition: Int64
        guard let topCode = functions[depth].pointee.code else { throw refuse("the running function is not compiled") }
        topPosition = Int64(pc - topCode)
        if case .returning(let results)? = hostPause, let type = foreignReference(in: results) {
            throw refuse("HostPause.returning gave a \(type) from another store")
        }
        if let hostPause {
            let op = Op(rawValue: UInt16(truncatingIfNeeded: pc[0]))
            switch (hostPause, op) {
            case (.retryingCall, .call?), (.retryingCall, .callIndirect?):
                break
            case (.returning(let results), .call?), (.returning(let results), .callIndirect?):
                let direct = op == .call
                let callee: UnsafeMutablePointer<FunctionRecord>
                if direct {
                    callee = instance.pointee.functions[Int(pc[1])]
                } else {
                    let table = instance.pointee.tables[Int(pc[2])]
                    let index = Int(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                    guard index < table.pointee.count,
                          let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(table.pointee.elements[index])) else {
                        throw refuse("the host function called cannot be found again")
                    }
                    callee = target
                }
                let types = signature(of: callee).results
                guard results.map(\.type) == types else {
                    throw refuse("HostPause.returning gave \(results.map(\.type)), the function returns \(types)")
                }
                var offset = Int(direct ? pc[2] : pc[4])
                for value in results { offset += value.write(to: fp + offset) }
                topPosition += direct ? 3 : 5
            case (.returning(let results), .returnCall?), (.returning(let results), .returnCallIndirect?):
                // A tail call to a host function: its results are the frame's; the frame returns next.
                let types = signature(of: functions[depth]).results
                guard results.map(\.type) == types else {
                    throw refuse("HostPause.returning gave \(results.map(\.type)), the function returns \(types)")
                }
                var offset = 0
                for value in results { offset += value.write(to: fp + offset) }
                topPosition = -1
            default:
                throw refuse("a host function reached by a tail call cannot be retried")
            }
        }
        var activations: [PausedExecution.Activation] = []
        for (level, function) in functions.enumerated() {
            guard function.pointee.instance == instance else { throw refuse("functions of more than one instance are under way") }
            if let problem = pauseProblem(function) { throw refuse(problem) }
            guard let code = function.pointee.code else { throw refuse("\(name(of: function)) is not compiled") }
            var position = topPosition
            if level < depth {
                // The frame records where the call returns to: the call itself is the instruction before.
                let returnOffset = positions[level] - code
                guard let call = instructionStarts(function)?.last(where: { $0 < returnOffset }) else { throw refuse("a return address is not in its function") }
                position = Int64(call)
            }
            activations.append(PausedExecution.Activation(
                function: function.pointee.functionIndex, position: position, frame: UInt64(framePointers[level] - entryFP)))
        }
        let end = fp + functions[depth].pointee.frameSlots
        let slots = Array(UnsafeBufferPointer(start: entryFP, count: end - entryFP))
        return PausedExecution(reason: reason, activations: activations, slots: slots, fuel: fuelCell.pointee)
    }
}

extension Instance {
    /// Continues a paused execution in this instance, and returns the results of the function the
    /// run started with; if it pauses again, throws ``ExecutionPaused`` again.
    ///
    /// The instance must be of the module the execution ran (restore its state first with
    /// ``restoreCheckpoint(_:)`` when it comes from a checkpoint), in a store whose limits are
    /// ``StoreLimits/checkpointable``, called from Swift (not from a host function). Everything is
    /// checked before anything runs: functions, positions, frames and the value stack must be those of
    /// a real pause of this module, or a ``SnapshotError`` says what is wrong. A pending interruption
    /// is cleared; the store's fuel is what it is now (set ``Store/fuel`` before resuming to refuel).
    public func resume(_ execution: PausedExecution) throws -> [Value] {
        guard store.pausable else { throw SnapshotError("the store's limits do not make it checkpointable") }
        guard store.invokeNesting == 0 else { throw SnapshotError("a paused execution cannot resume inside a call from Wasm") }
        let stack = store.executionStack
        guard !execution.activations.isEmpty, execution.activations.count <= stack.frameCapacity else {
            throw SnapshotError("the paused execution has \(execution.activations.count) activations, more than the store's call depth or none")
        }
        guard execution.slots.count <= stack.valueCapacity else { throw SnapshotError("the paused execution's value stack is larger than the store's") }
        var functions: [UnsafeMutablePointer<FunctionRecord>] = []
        var codes: [UnsafeMutablePointer<UInt32>] = []
        var boundaries: [Set<Int>] = []
        let functionCount = SnapshotContext(instance: self).functionCount
        for activation in execution.activations {
            guard Int(activation.function) < functionCount else { throw SnapshotError("the paused execution names function \(activation.function), which does not exist") }
            let function = record.pointee.functions[Int(activation.function)]
            guard function.pointee.instance == record, function.pointee.hostIndex < 0 else {
                throw SnapshotError("function \(activation.function) of the paused execution is not one of this instance's")
            }
            guard let code = try store.ensureCompiled(function) else { throw SnapshotError("function \(activation.function) cannot be compiled") }
            if let problem = store.pauseProblem(function) { throw SnapshotError(problem) }
            functions.append(function)
            codes.append(code)
            boundaries.append(Set(store.instructionStarts(function) ?? []))
        }
        // Each activation but the last stopped at a call whose callee frame is the next activation's,
        // and whose result types are the next function's: what a call (or tail call) leaves.
        guard execution.activations[0].frame == 0 else { throw SnapshotError("the paused execution's first frame is not at the bottom of its stack") }
        for level in execution.activations.indices {
            let activation = execution.activations[level]
            let function = functions[level]
            let position = activation.position
            guard activation.frame <= UInt64(execution.slots.count),
                  Int(activation.frame) + function.pointee.frameSlots <= execution.slots.count else {
                throw SnapshotError("activation \(level) has a frame outside the paused execution's value stack")
            }
            let last = level == execution.activations.count - 1
            if last {
                guard position == -1 || (position >= 0 && boundaries[level].contains(Int(position))) else {
                    throw SnapshotError("activation \(level) continues at \(position), which is not an instruction of function \(activation.function)")
                }
                guard Int(activation.frame) + function.pointee.frameSlots == execution.slots.count else {
                    throw SnapshotError("the paused execution's value stack does not end with its last frame")
                }
                continue
            }
            let code = codes[level]
            guard position >= 0, boundaries[level].contains(Int(position)),
                  let op = Op(rawValue: UInt16(truncatingIfNeeded: code[Int(position)])), op == .call || op == .callIndirect else {
                throw SnapshotError("activation \(level) is not stopped at a call")
            }
            let calleeOffset = UInt64(code[Int(position) + (op == .call ? 2 : 4)])
            guard execution.activations[level + 1].frame == activation.frame + calleeOffset else {
                throw SnapshotError("activation \(level + 1)'s frame is not where activation \(level)'s call puts it")
            }
            let expected = op == .call
                ? store.signature(of: record.pointee.functions[Int(code[Int(position) + 1])]).results
                : store.signatureType(record.pointee.typeIDs[Int(code[Int(position) + 1])]).results
            guard store.signature(of: functions[level + 1]).results == expected else {
                throw SnapshotError("activation \(level + 1)'s function does not return what activation \(level)'s call expects")
            }
        }

        store.invokeNesting += 1
        defer { store.invokeNesting -= 1 }
        let base = stack.values
        base.update(from: execution.slots, count: execution.slots.count)
        let depth = execution.activations.count - 1
        for level in 0..<depth {
            stack.frames[level] = CallFrame(
                returnPC: codes[level] + Int(execution.activations[level].position) + (UInt16(truncatingIfNeeded: codes[level][Int(execution.activations[level].position)]) == Op.call.rawValue ? 3 : 5),
                fp: base + Int(execution.activations[level].frame), instance: record, callee: functions[level + 1])
        }
        let top = execution.activations[depth]
        let pc = top.position < 0 ? store.returnStub : codes[depth] + Int(top.position)
        store.interruptHandle.reset()
        stack.nextFree = base + execution.slots.count
        stack.frameDepth = 0
        defer {
            stack.nextFree = base
            stack.frameDepth = 0
        }
        try store.run(functions[0], fp: base, resumingAt: (pc, base + Int(top.frame), depth))
        var results: [Value] = []
        var offset = 0
        for type in store.signature(of: functions[0]).results {
            results.append(Value(slots: base + offset, type: type, store: store))
            offset += Int(FunctionCompiler.size(of: type))
        }
        return results
    }
}
