import CapsuleBinary
import CapsuleCore

/// A suspended caller: where to continue, with which frame and instance, and the function it called
/// (so that the running function need not be kept in the interpreter loop).
struct CallFrame {
    var returnPC: UnsafeMutablePointer<UInt32>
    var fp: UnsafeMutablePointer<UInt64>
    /// The caller's instance.
    var instance: UnsafeMutablePointer<InstanceRecord>
    /// The function called from this frame: the one running in the frame above.
    var callee: UnsafeMutablePointer<FunctionRecord>
}

/// Whether an interpreter loop can pause (a compile-time constant of each version of the loop).
protocol InterpreterMode {
    static var pausable: Bool { get }
}

/// The loop of ordinary stores.
enum PlainRun: InterpreterMode {
    @inline(__always) static var pausable: Bool { false }
}

/// The loop of checkpointable stores.
enum PausableRun: InterpreterMode {
    @inline(__always) static var pausable: Bool { true }
}

/// How `run` ended when it did not return normally.
enum ExitReason {
    case trap(TrapKind)
    case hostError(any Error)
    /// An exception (index in `Store.exceptions`) that no frame of the run caught; the backtrace of
    /// the Wasm frames above the run it came through, if it came out of a host call.
    case exception(Int, innerBacktrace: [String])
}

extension Store {
    /// Runs `entry` with its arguments already in `entryFP[0...]`; on return its results are in
    /// `entryFP[0...]`. Wasm calls made by the function never recurse on the Swift stack: they
    /// push a `CallFrame` and continue in this loop.
    ///
    /// With `resumingAt` (a paused execution, ``Instance/resume(_:)``), the stack already holds its
    /// frames and values: the loop starts at that position, frame and depth instead of the entry.
    func run(
        _ entry: UnsafeMutablePointer<FunctionRecord>, fp entryFP: UnsafeMutablePointer<UInt64>,
        resumingAt resume: ResumePoint? = nil
    ) throws {
        #if arch(x86_64)
        if usesNativeTier, !entry.pointee.nativeFailed, try runNative(entry, fp: entryFP) { return }
        #endif
        if pausable {
            try interpret(entry, fp: entryFP, resumingAt: resume, mode: PausableRun.self)
        } else {
            try interpret(entry, fp: entryFP, resumingAt: nil, mode: PlainRun.self)
        }
    }

    /// Where a paused execution continues: position, frame and call depth (`Instance.resume`).
    typealias ResumePoint = (pc: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>, depth: Int)

    /// The interpreter loop, in two versions: `PlainRun`, where everything about pausing folds away
    /// (recording where the loop stopped, resuming, capturing a pause cost the hot loop 5-13% when
    /// present at run time: Docs/RATIONALE.md), and `PausableRun` for checkpointable stores.
    private func interpret<Mode: InterpreterMode>(
        _ entry: UnsafeMutablePointer<FunctionRecord>, fp entryFP: UnsafeMutablePointer<UInt64>,
        resumingAt resume: ResumePoint?, mode: Mode.Type
    ) throws {
        let stack = executionStack
        let frames = stack.frames
        let baseDepth = stack.frameDepth
        var depth = baseDepth
        let stackEnd = stack.values + stack.valueCapacity
        let stackEndAddress = UInt(bitPattern: stackEnd)
        let frameLimit = stack.frameCapacity
        let function = entry
        var fp = entryFP
        let fuel = fuelCell
        let interrupt = interruptHandle

        guard depth < frameLimit, UInt(bitPattern: fp + function.pointee.frameSlots) <= stackEndAddress else {
            throw Trap(kind: .callStackExhausted, backtrace: backtrace(frames: frames, from: baseDepth, to: depth, entry: entry))
        }
        guard var pc = try ensureCompiled(function) else {
            throw Trap(kind: .callStackExhausted, backtrace: [])
        }
        // The function running in the run's first frame, for the unwinder and backtraces (a tail call
        // there replaces it); a nested run (a host function calling Wasm) restores the outer one's.
        let outerBaseFunction = stack.baseFunction
        stack.baseFunction = entry
        defer { stack.baseFunction = outerBaseFunction }
        if Mode.pausable, let resume {
            pc = resume.pc
            fp = resume.fp
            depth = baseDepth + resume.depth
        } else if let values = function.pointee.entryValues {
            (fp + function.pointee.paramSlots).update(from: values, count: function.pointee.entryValueCount)
        }

        // The running instance (its globals, functions and memory are read through it when needed, so that
        // they take no registers in the loop) and its memory's base and size, reloaded when it changes.
        guard var instance = function.pointee.instance else {
            // Only Wasm functions, which always belong to an instance, are run here (host functions go
            // through Store.callHost); the guard keeps a broken record from crashing the host.
            throw Trap(kind: .host("a function without an instance cannot be interpreted"), backtrace: [])
        }
        var mem = instance.pointee.memory?.pointee.base ?? UnsafeMutableRawPointer(fp)
        var memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)

        run: while true {
            #if CAPSULE_OPCOUNT
            OpcodeProfile.record(UnsafeRawPointer(pc).load(as: Op.self))
            #endif
            switch UnsafeRawPointer(pc).load(as: Op.self) {
            case .unreachable:
                stack.exit = .trap(.unreachable)
                break run
            case .br:
                pc += Int(Int32(bitPattern: pc[1]))
            case .brIf:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != 0 {
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 3
                }
            case .brIfNot:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == 0 {
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 3
                }
            case .brTable:
                let index = min(UInt32(truncatingIfNeeded: fp[Int(pc[1])]), pc[2])
                pc += Int(Int32(bitPattern: pc[3 + Int(index)]))
            case .return1:
                fp[0] = fp[Int(pc[1])]
                fallthrough
            case .return:
                if depth == baseDepth {
                    stack.frameDepth = baseDepth
                    return
                }
                depth &-= 1
                let frame = frames[depth]
                pc = frame.returnPC
                fp = frame.fp
                // Within one instance `memory.grow` and host calls have kept `mem` and `memSize` current.
                if frame.instance != instance {
                    instance = frame.instance
                    mem = instance.pointee.memory?.pointee.base ?? mem
                    memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                }
            case .call, .callIndirect, .callRef:
                let callee: UnsafeMutablePointer<FunctionRecord>
                let calleeFP: UnsafeMutablePointer<UInt64>
                let next: UnsafeMutablePointer<UInt32>
                // The whole word, not the switch's opcode: reusing that would make every dispatch keep the
                // opcode in a register for this one case.
                if pc[0] == UInt32(Op.call.rawValue) {
                    callee = instance.pointee.functions[Int(pc[1])]
                    calleeFP = fp + Int(pc[2])
                    next = pc + 3
                } else if pc[0] == UInt32(Op.callRef.rawValue) {
                    guard let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(fp[Int(pc[1])])) else {
                        stack.exit = .trap(.nullFunctionReference); break run
                    }
                    callee = target
                    calleeFP = fp + Int(pc[2])
                    next = pc + 3
                } else {
                    let table = instance.pointee.tables[Int(pc[2])]
                    let index = Int(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                    guard index < table.pointee.count else { stack.exit = .trap(.undefinedElement); break run }
                    guard let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(table.pointee.elements[index])) else {
                        stack.exit = .trap(.uninitializedElement); break run
                    }
                    guard target.pointee.typeID == instance.pointee.typeIDs[Int(pc[1])]
                        || Store.isSubtype(target.pointee.typeID, of: instance.pointee.typeIDs[Int(pc[1])]) else {
                        stack.exit = .trap(.indirectCallTypeMismatch); break run
                    }
                    callee = target
                    calleeFP = fp + Int(pc[4])
                    next = pc + 5
                }
                if callee.pointee.hostIndex >= 0 {
                    guard UInt(bitPattern: calleeFP + max(callee.pointee.paramSlots, callee.pointee.resultSlots)) <= stackEndAddress else {
                        stack.exit = .trap(.callStackExhausted); break run
                    }
                    stack.frameDepth = depth
                    stack.nextFree = calleeFP + max(callee.pointee.paramSlots, callee.pointee.resultSlots)
                    do {
                        try callHost(callee, fp: calleeFP, caller: instance)
                    } catch {
                        // A Wasm exception from the host function is thrown at this call.
                        guard let target = hostThrew(error, position: pc, fp: fp, depth: depth, baseDepth: baseDepth, skipCurrent: false) else { break run }
                        pc = target.pc
                        fp = target.fp
                        depth = target.depth
                        instance = target.instance
                        mem = instance.pointee.memory?.pointee.base ?? mem
                        memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                        continue run
                    }
                    mem = instance.pointee.memory?.pointee.base ?? mem
                    memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                    pc = next
                    continue run
                }
                guard depth < frameLimit, UInt(bitPattern: calleeFP + callee.pointee.frameSlots) <= stackEndAddress else {
                    stack.exit = .trap(.callStackExhausted); break run
                }
                let code: UnsafeMutablePointer<UInt32>
                if let compiled = callee.pointee.code {
                    code = compiled
                } else {
                    do {
                        guard let compiled = try ensureCompiled(callee) else { stack.exit = .trap(.unreachable); break run }
                        code = compiled
                    } catch {
                        stack.exit = .hostError(error); break run
                    }
                }
                frames[depth] = CallFrame(returnPC: next, fp: fp, instance: instance, callee: callee)
                depth &+= 1
                if let values = callee.pointee.entryValues {
                    let slots = calleeFP + callee.pointee.paramSlots
                    var index = 0
                    let count = callee.pointee.entryValueCount
                    while index < count {
                        slots[index] = values[index]
                        index &+= 1
                    }
                }
                fp = calleeFP
                pc = code
                if let owner = callee.pointee.instance, owner != instance {
                    instance = owner
                    mem = instance.pointee.memory?.pointee.base ?? mem
                    memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                }
            case .i32AddImmCopy:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3])
                fp[Int(pc[4])] = fp[Int(pc[5])]
                pc += 6
            case .addImmBrI32Eqz:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v == 0 { pc += Int(Int32(bitPattern: pc[4])) } else { pc += 5 }
            case .addImmBrI32Nez:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v != 0 { pc += Int(Int32(bitPattern: pc[4])) } else { pc += 5 }
            case .addImmBrI32Eq:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v == UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32EqImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v == pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32Ne:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v != UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32NeImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v != pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LtS:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) < Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[4])])) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LtSImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) < Int32(bitPattern: pc[4]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LtU:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v < UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LtUImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v < pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GtS:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) > Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[4])])) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GtSImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) > Int32(bitPattern: pc[4]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GtU:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v > UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GtUImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v > pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LeS:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) <= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[4])])) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LeSImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) <= Int32(bitPattern: pc[4]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LeU:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v <= UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32LeUImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v <= pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GeS:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) >= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[4])])) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GeSImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if Int32(bitPattern: v) >= Int32(bitPattern: pc[4]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GeU:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v >= UInt32(truncatingIfNeeded: fp[Int(pc[4])]) { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .addImmBrI32GeUImm:
                let v = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3]
                fp[Int(pc[1])] = UInt64(v)
                if v >= pc[4] { pc += Int(Int32(bitPattern: pc[5])) } else { pc += 6 }
            case .brI32Eqz:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == 0 { pc += Int(Int32(bitPattern: pc[2])) } else { pc += 3 }
            case .brI32Nez:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != 0 { pc += Int(Int32(bitPattern: pc[2])) } else { pc += 3 }
            case .brI32Eq:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32EqImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32Ne:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32NeImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LtS:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LtSImm:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Int32(bitPattern: pc[2]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LtU:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) < UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LtUImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) < pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GtS:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GtSImm:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Int32(bitPattern: pc[2]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GtU:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) > UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GtUImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) > pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LeS:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LeSImm:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Int32(bitPattern: pc[2]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LeU:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) <= UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32LeUImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) <= pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GeS:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GeSImm:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Int32(bitPattern: pc[2]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GeU:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) >= UInt32(truncatingIfNeeded: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI32GeUImm:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) >= pc[2] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brMetered:
                fuel.pointee &-= Int64(pc[2])
                if fuel.pointee < 0 {
                    fuel.pointee = 0
                    stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                }
                if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                pc += Int(Int32(bitPattern: pc[1]))
            case .brIfMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != 0 {
                    fuel.pointee &-= Int64(pc[3])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 4
                }
            case .brI32EqzMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == 0 {
                    fuel.pointee &-= Int64(pc[3])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 4
                }
            case .brI32NezMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != 0 {
                    fuel.pointee &-= Int64(pc[3])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 4
                }
            case .brI32EqMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32EqImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) == pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32NeMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32NeImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) != pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LtSMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LtSImmMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Int32(bitPattern: pc[2]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LtUMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) < UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LtUImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) < pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GtSMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GtSImmMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Int32(bitPattern: pc[2]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GtUMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) > UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GtUImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) > pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LeSMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LeSImmMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Int32(bitPattern: pc[2]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LeUMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) <= UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32LeUImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) <= pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GeSMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GeSImmMetered:
                if Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Int32(bitPattern: pc[2]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GeUMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) >= UInt32(truncatingIfNeeded: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI32GeUImmMetered:
                if UInt32(truncatingIfNeeded: fp[Int(pc[1])]) >= pc[2] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64EqzMetered:
                if fp[Int(pc[1])] == 0 {
                    fuel.pointee &-= Int64(pc[3])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 4
                }
            case .brI64NezMetered:
                if fp[Int(pc[1])] != 0 {
                    fuel.pointee &-= Int64(pc[3])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[2]))
                } else {
                    pc += 4
                }
            case .brI64EqMetered:
                if fp[Int(pc[1])] == fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64NeMetered:
                if fp[Int(pc[1])] != fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64LtSMetered:
                if Int64(bitPattern: fp[Int(pc[1])]) < Int64(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64LtUMetered:
                if fp[Int(pc[1])] < fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64GtSMetered:
                if Int64(bitPattern: fp[Int(pc[1])]) > Int64(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64GtUMetered:
                if fp[Int(pc[1])] > fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64LeSMetered:
                if Int64(bitPattern: fp[Int(pc[1])]) <= Int64(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64LeUMetered:
                if fp[Int(pc[1])] <= fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64GeSMetered:
                if Int64(bitPattern: fp[Int(pc[1])]) >= Int64(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64GeUMetered:
                if fp[Int(pc[1])] >= fp[Int(pc[2])] {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32EqMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) == Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32NeMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) != Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32LtMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32GtMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32LeMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32GeMetered:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32NotLtMetered:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32NotGtMetered:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32NotLeMetered:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF32NotGeMetered:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64EqMetered:
                if Double(bitPattern: fp[Int(pc[1])]) == Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64NeMetered:
                if Double(bitPattern: fp[Int(pc[1])]) != Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64LtMetered:
                if Double(bitPattern: fp[Int(pc[1])]) < Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64GtMetered:
                if Double(bitPattern: fp[Int(pc[1])]) > Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64LeMetered:
                if Double(bitPattern: fp[Int(pc[1])]) <= Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64GeMetered:
                if Double(bitPattern: fp[Int(pc[1])]) >= Double(bitPattern: fp[Int(pc[2])]) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64NotLtMetered:
                if !(Double(bitPattern: fp[Int(pc[1])]) < Double(bitPattern: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64NotGtMetered:
                if !(Double(bitPattern: fp[Int(pc[1])]) > Double(bitPattern: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64NotLeMetered:
                if !(Double(bitPattern: fp[Int(pc[1])]) <= Double(bitPattern: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brF64NotGeMetered:
                if !(Double(bitPattern: fp[Int(pc[1])]) >= Double(bitPattern: fp[Int(pc[2])])) {
                    fuel.pointee &-= Int64(pc[4])
                    if fuel.pointee < 0 {
                        fuel.pointee = 0
                        stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                    }
                    if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                    pc += Int(Int32(bitPattern: pc[3]))
                } else {
                    pc += 5
                }
            case .brI64Eqz:
                if fp[Int(pc[1])] == 0 { pc += Int(Int32(bitPattern: pc[2])) } else { pc += 3 }
            case .brI64Nez:
                if fp[Int(pc[1])] != 0 { pc += Int(Int32(bitPattern: pc[2])) } else { pc += 3 }
            case .brI64Eq:
                if fp[Int(pc[1])] == fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64Ne:
                if fp[Int(pc[1])] != fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64LtS:
                if Int64(bitPattern: fp[Int(pc[1])]) < Int64(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64LtU:
                if fp[Int(pc[1])] < fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64GtS:
                if Int64(bitPattern: fp[Int(pc[1])]) > Int64(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64GtU:
                if fp[Int(pc[1])] > fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64LeS:
                if Int64(bitPattern: fp[Int(pc[1])]) <= Int64(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64LeU:
                if fp[Int(pc[1])] <= fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64GeS:
                if Int64(bitPattern: fp[Int(pc[1])]) >= Int64(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brI64GeU:
                if fp[Int(pc[1])] >= fp[Int(pc[2])] { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Eq:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) == Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Ne:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) != Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Lt:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Gt:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Le:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32Ge:
                if Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32NotLt:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) < Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32NotGt:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) > Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32NotLe:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) <= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF32NotGe:
                if !(Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[1])])) >= Float(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Eq:
                if Double(bitPattern: fp[Int(pc[1])]) == Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Ne:
                if Double(bitPattern: fp[Int(pc[1])]) != Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Lt:
                if Double(bitPattern: fp[Int(pc[1])]) < Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Gt:
                if Double(bitPattern: fp[Int(pc[1])]) > Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Le:
                if Double(bitPattern: fp[Int(pc[1])]) <= Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64Ge:
                if Double(bitPattern: fp[Int(pc[1])]) >= Double(bitPattern: fp[Int(pc[2])]) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64NotLt:
                if !(Double(bitPattern: fp[Int(pc[1])]) < Double(bitPattern: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64NotGt:
                if !(Double(bitPattern: fp[Int(pc[1])]) > Double(bitPattern: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64NotLe:
                if !(Double(bitPattern: fp[Int(pc[1])]) <= Double(bitPattern: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .brF64NotGe:
                if !(Double(bitPattern: fp[Int(pc[1])]) >= Double(bitPattern: fp[Int(pc[2])])) { pc += Int(Int32(bitPattern: pc[3])) } else { pc += 4 }
            case .i32AddImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[3])
                pc += 4
            case .i32SubImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &- pc[3])
                pc += 4
            case .i32MulImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &* pc[3])
                pc += 4
            case .i32AndImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) & pc[3])
                pc += 4
            case .i32OrImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) | pc[3])
                pc += 4
            case .i32XorImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) ^ pc[3])
                pc += 4
            case .i32ShlImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &<< (pc[3] & 31))
                pc += 4
            case .i32ShrSImm:
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) &>> Int32(bitPattern: pc[3] & 31)))
                pc += 4
            case .i32ShrUImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &>> (pc[3] & 31))
                pc += 4
            case .i32EqImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) == pc[3] ? 1 : 0
                pc += 4
            case .i32NeImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) != pc[3] ? 1 : 0
                pc += 4
            case .i32LtSImm:
                fp[Int(pc[1])] = Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) < Int32(bitPattern: pc[3]) ? 1 : 0
                pc += 4
            case .i32LtUImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) < pc[3] ? 1 : 0
                pc += 4
            case .i32GtSImm:
                fp[Int(pc[1])] = Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) > Int32(bitPattern: pc[3]) ? 1 : 0
                pc += 4
            case .i32GtUImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) > pc[3] ? 1 : 0
                pc += 4
            case .i32LeSImm:
                fp[Int(pc[1])] = Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) <= Int32(bitPattern: pc[3]) ? 1 : 0
                pc += 4
            case .i32LeUImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) <= pc[3] ? 1 : 0
                pc += 4
            case .i32GeSImm:
                fp[Int(pc[1])] = Int32(bitPattern: UInt32(truncatingIfNeeded: fp[Int(pc[2])])) >= Int32(bitPattern: pc[3]) ? 1 : 0
                pc += 4
            case .i32GeUImm:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[2])]) >= pc[3] ? 1 : 0
                pc += 4
            case .i64AddImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] &+ UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64SubImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] &- UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64MulImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] &* UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64AndImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] & UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64OrImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] | UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64XorImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] ^ UInt64(bitPattern: Int64(Int32(bitPattern: pc[3])))
                pc += 4
            case .i64ShlImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] &<< (UInt64(bitPattern: Int64(Int32(bitPattern: pc[3]))) & 63)
                pc += 4
            case .i64ShrSImm:
                fp[Int(pc[1])] = UInt64(bitPattern: Int64(bitPattern: fp[Int(pc[2])]) &>> Int64(bitPattern: UInt64(bitPattern: Int64(Int32(bitPattern: pc[3]))) & 63))
                pc += 4
            case .i64ShrUImm:
                fp[Int(pc[1])] = fp[Int(pc[2])] &>> (UInt64(bitPattern: Int64(Int32(bitPattern: pc[3]))) & 63)
                pc += 4
            case .copy:
                fp[Int(pc[1])] = fp[Int(pc[2])]
                pc += 3
            case .i32AddLoad:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]) &+ pc[5]) &+ UInt64(pc[4])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let b = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(Numerics.i32Add(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), b))
                pc += 6
            case .f64AddLoad:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]) &+ pc[5]) &+ UInt64(pc[4])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let b = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = Numerics.f64Add(fp[Int(pc[2])], b)
                pc += 6
            case .f64SubLoad:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]) &+ pc[5]) &+ UInt64(pc[4])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let b = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = Numerics.f64Sub(fp[Int(pc[2])], b)
                pc += 6
            case .f64MulLoad:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]) &+ pc[5]) &+ UInt64(pc[4])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let b = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = Numerics.f64Mul(fp[Int(pc[2])], b)
                pc += 6
            case .f64AddMul:
                fp[Int(pc[1])] = Numerics.f64Add(fp[Int(pc[2])], Numerics.f64Mul(fp[Int(pc[3])], fp[Int(pc[4])]))
                pc += 5
            case .f64AddCopy:
                let sum = Numerics.f64Add(fp[Int(pc[2])], fp[Int(pc[3])])
                fp[Int(pc[1])] = sum
                fp[Int(pc[4])] = sum
                pc += 5
            case .f64SubMul:
                fp[Int(pc[1])] = Numerics.f64Sub(fp[Int(pc[2])], Numerics.f64Mul(fp[Int(pc[3])], fp[Int(pc[4])]))
                pc += 5
            case .i32XorRotlImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) ^ Numerics.i32Rotl(UInt32(truncatingIfNeeded: fp[Int(pc[3])]), pc[4]))
                pc += 5
            case .i32XorRotrImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) ^ Numerics.i32Rotr(UInt32(truncatingIfNeeded: fp[Int(pc[3])]), pc[4]))
                pc += 5
            case .i32XorShrUImm:
                fp[Int(pc[1])] = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) ^ (UInt32(truncatingIfNeeded: fp[Int(pc[3])]) &>> (pc[4] & 31)))
                pc += 5
            case .copy2:
                fp[Int(pc[1])] = fp[Int(pc[2])]
                fp[Int(pc[3])] = fp[Int(pc[4])]
                pc += 5
            case .const32:
                fp[Int(pc[1])] = UInt64(pc[2])
                pc += 3
            case .const64:
                fp[Int(pc[1])] = UInt64(pc[2]) | (UInt64(pc[3]) << 32)
                pc += 4
            case .select:
                fp[Int(pc[1])] = UInt32(truncatingIfNeeded: fp[Int(pc[4])]) != 0 ? fp[Int(pc[2])] : fp[Int(pc[3])]
                pc += 5
            case .simd:
                do {
                    pc = try SIMDExecution.execute(pc: pc, fp: fp, memory: mem, memorySize: memSize)
                } catch {
                    stack.exit = .trap(error); break run
                }
            case .checkpoint:
                fuel.pointee &-= Int64(pc[1])
                if fuel.pointee < 0 {
                    fuel.pointee = 0
                    stack.stop(.outOfFuel, at: pc, fp: fp, recording: Mode.pausable); break run
                }
                if interrupt.isInterrupted { stack.stop(.interrupted, at: pc, fp: fp, recording: Mode.pausable); break run }
                pc += 2
            case .copy128:
                fp[Int(pc[1])] = fp[Int(pc[2])]
                fp[Int(pc[1]) + 1] = fp[Int(pc[2]) + 1]
                pc += 3
            case .const128:
                fp[Int(pc[1])] = UInt64(pc[2]) | (UInt64(pc[3]) << 32)
                fp[Int(pc[1]) + 1] = UInt64(pc[4]) | (UInt64(pc[5]) << 32)
                pc += 6
            case .select128:
                let chosen = UInt32(truncatingIfNeeded: fp[Int(pc[4])]) != 0 ? Int(pc[2]) : Int(pc[3])
                fp[Int(pc[1])] = fp[chosen]
                fp[Int(pc[1]) + 1] = fp[chosen + 1]
                pc += 5
            case .globalGet128:
                let cell = instance.pointee.globals[Int(pc[2])]
                fp[Int(pc[1])] = cell[0]
                fp[Int(pc[1]) + 1] = cell[1]
                pc += 3
            case .globalSet128:
                let cell = instance.pointee.globals[Int(pc[2])]
                cell[0] = fp[Int(pc[1])]
                cell[1] = fp[Int(pc[1]) + 1]
                pc += 3
            case .globalGet:
                fp[Int(pc[1])] = instance.pointee.globals[Int(pc[2])].pointee
                pc += 3
            case .globalSet:
                instance.pointee.globals[Int(pc[2])].pointee = fp[Int(pc[1])]
                pc += 3
            case .refIsNull:
                fp[Int(pc[1])] = fp[Int(pc[2])] == 0 ? 1 : 0
                pc += 3
            case .refFunc:
                fp[Int(pc[1])] = UInt64(UInt(bitPattern: instance.pointee.functions[Int(pc[2])]))
                pc += 3
            case .tableGet:
                let table = instance.pointee.tables[Int(pc[2])]
                let index = Int(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                guard index < table.pointee.count else { stack.exit = .trap(.outOfBoundsTableAccess); break run }
                fp[Int(pc[1])] = table.pointee.elements[index]
                pc += 4
            case .tableSet:
                let table = instance.pointee.tables[Int(pc[1])]
                let index = Int(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                guard index < table.pointee.count else { stack.exit = .trap(.outOfBoundsTableAccess); break run }
                table.pointee.elements[index] = fp[Int(pc[3])]
                pc += 4
            case .tableSize:
                fp[Int(pc[1])] = UInt64(instance.pointee.tables[Int(pc[2])].pointee.count)
                pc += 3
            case .tableGrow:
                let table = instance.pointee.tables[Int(pc[2])]
                let result = Tables.grow(table, by: UInt32(truncatingIfNeeded: fp[Int(pc[4])]), initial: fp[Int(pc[3])])
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: result))
                pc += 5
            case .tableFill:
                let table = instance.pointee.tables[Int(pc[1])]
                guard Tables.fill(table, start: UInt32(truncatingIfNeeded: fp[Int(pc[2])]), value: fp[Int(pc[3])], count: UInt32(truncatingIfNeeded: fp[Int(pc[4])])) else {
                    stack.exit = .trap(.outOfBoundsTableAccess); break run
                }
                pc += 5
            case .tableCopy:
                guard Tables.copy(
                    to: instance.pointee.tables[Int(pc[1])], from: instance.pointee.tables[Int(pc[2])],
                    destination: UInt32(truncatingIfNeeded: fp[Int(pc[3])]), source: UInt32(truncatingIfNeeded: fp[Int(pc[4])]),
                    count: UInt32(truncatingIfNeeded: fp[Int(pc[5])]))
                else { stack.exit = .trap(.outOfBoundsTableAccess); break run }
                pc += 6
            case .tableInit:
                guard Tables.initialize(
                    instance.pointee.tables[Int(pc[1])], from: instance.pointee.elements + Int(pc[2]),
                    destination: UInt32(truncatingIfNeeded: fp[Int(pc[3])]), source: UInt32(truncatingIfNeeded: fp[Int(pc[4])]),
                    count: UInt32(truncatingIfNeeded: fp[Int(pc[5])]))
                else { stack.exit = .trap(.outOfBoundsTableAccess); break run }
                pc += 6
            case .elemDrop:
                instance.pointee.elements[Int(pc[1])].count = 0
                pc += 2
            case .memorySize:
                fp[Int(pc[1])] = memSize / UInt64(wasmPageSize)
                pc += 2
            case .memoryGrow:
                let delta = UInt32(truncatingIfNeeded: fp[Int(pc[2])])
                let result: Int32 = instance.pointee.memory.map { Memories.grow($0, by: delta) } ?? -1
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: result))
                mem = instance.pointee.memory?.pointee.base ?? mem
                memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                pc += 3
            case .memoryInit:
                let segment = instance.pointee.datas + Int(pc[1])
                let destination = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                let source = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                let count = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[4])]))
                guard source + count <= UInt64(segment.pointee.count), destination + count <= memSize else {
                    stack.exit = .trap(.outOfBoundsMemoryAccess); break run
                }
                if count > 0, let base = segment.pointee.base {
                    (mem + Int(destination)).copyMemory(from: base + Int(source), byteCount: Int(count))
                }
                pc += 5
            case .dataDrop:
                instance.pointee.datas[Int(pc[1])].count = 0
                pc += 2
            case .memoryCopy:
                let destination = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]))
                let source = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                let count = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                guard source + count <= memSize, destination + count <= memSize else {
                    stack.exit = .trap(.outOfBoundsMemoryAccess); break run
                }
                if count > 0 {
                    (mem + Int(destination)).copyMemory(from: mem + Int(source), byteCount: Int(count))
                }
                pc += 4
            case .memoryFill:
                let destination = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]))
                let value = UInt8(truncatingIfNeeded: fp[Int(pc[2])])
                let count = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                guard destination + count <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                if count > 0 {
                    (mem + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
                }
                pc += 4
            case .i32Load:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i64Load:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = v
                pc += 5
            case .f32Load:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .f64Load:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = v
                pc += 5
            case .i32Load8S:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int8.self)
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: Int32(v)))
                pc += 5
            case .i32Load8U:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt8.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i32Load16S:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int16.self)
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: Int32(v)))
                pc += 5
            case .i32Load16U:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt16.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i64Load8S:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int8.self)
                fp[Int(pc[1])] = UInt64(bitPattern: Int64(v))
                pc += 5
            case .i64Load8U:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt8.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i64Load16S:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int16.self)
                fp[Int(pc[1])] = UInt64(bitPattern: Int64(v))
                pc += 5
            case .i64Load16U:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt16.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i64Load32S:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int32.self)
                fp[Int(pc[1])] = UInt64(bitPattern: Int64(v))
                pc += 5
            case .i64Load32U:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i32LoadIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i64LoadIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = v
                pc += 5
            case .f32LoadIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt32.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .f64LoadIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt64.self)
                fp[Int(pc[1])] = v
                pc += 5
            case .i32Load8SIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int8.self)
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: Int32(v)))
                pc += 5
            case .i32Load8UIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt8.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i32Load16SIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: Int16.self)
                fp[Int(pc[1])] = UInt64(UInt32(bitPattern: Int32(v)))
                pc += 5
            case .i32Load16UIdx:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[2])]) &+ UInt32(truncatingIfNeeded: fp[Int(pc[3])])) &+ UInt64(pc[4])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                let v = mem.loadUnaligned(fromByteOffset: Int(address), as: UInt16.self)
                fp[Int(pc[1])] = UInt64(v)
                pc += 5
            case .i32Store:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt32(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt32.self)
                pc += 5
            case .i64Store:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: fp[Int(pc[2])], toByteOffset: Int(address), as: UInt64.self)
                pc += 5
            case .f32Store:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt32(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt32.self)
                pc += 5
            case .f64Store:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 8 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: fp[Int(pc[2])], toByteOffset: Int(address), as: UInt64.self)
                pc += 5
            case .i32Store8:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt8.self)
                pc += 5
            case .i32Store16:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt16.self)
                pc += 5
            case .i64Store8:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 1 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt8(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt8.self)
                pc += 5
            case .i64Store16:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 2 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt16(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt16.self)
                pc += 5
            case .i64Store32:
                let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[1])]) &+ pc[4]) &+ UInt64(pc[3])
                guard address &+ 4 <= memSize else { stack.exit = .trap(.outOfBoundsMemoryAccess); break run }
                mem.storeBytes(of: UInt32(truncatingIfNeeded: fp[Int(pc[2])]), toByteOffset: Int(address), as: UInt32.self)
                pc += 5
            case .i32Eqz:
                fp[Int(pc[1])] = UInt64(Numerics.i32Eqz(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32Eq:
                fp[Int(pc[1])] = UInt64(Numerics.i32Eq(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Ne:
                fp[Int(pc[1])] = UInt64(Numerics.i32Ne(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32LtS:
                fp[Int(pc[1])] = UInt64(Numerics.i32LtS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32LtU:
                fp[Int(pc[1])] = UInt64(Numerics.i32LtU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32GtS:
                fp[Int(pc[1])] = UInt64(Numerics.i32GtS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32GtU:
                fp[Int(pc[1])] = UInt64(Numerics.i32GtU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32LeS:
                fp[Int(pc[1])] = UInt64(Numerics.i32LeS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32LeU:
                fp[Int(pc[1])] = UInt64(Numerics.i32LeU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32GeS:
                fp[Int(pc[1])] = UInt64(Numerics.i32GeS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32GeU:
                fp[Int(pc[1])] = UInt64(Numerics.i32GeU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i64Eqz:
                fp[Int(pc[1])] = UInt64(Numerics.i64Eqz(fp[Int(pc[2])]))
                pc += 3
            case .i64Eq:
                fp[Int(pc[1])] = UInt64(Numerics.i64Eq(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64Ne:
                fp[Int(pc[1])] = UInt64(Numerics.i64Ne(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64LtS:
                fp[Int(pc[1])] = UInt64(Numerics.i64LtS(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64LtU:
                fp[Int(pc[1])] = UInt64(Numerics.i64LtU(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64GtS:
                fp[Int(pc[1])] = UInt64(Numerics.i64GtS(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64GtU:
                fp[Int(pc[1])] = UInt64(Numerics.i64GtU(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64LeS:
                fp[Int(pc[1])] = UInt64(Numerics.i64LeS(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64LeU:
                fp[Int(pc[1])] = UInt64(Numerics.i64LeU(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64GeS:
                fp[Int(pc[1])] = UInt64(Numerics.i64GeS(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i64GeU:
                fp[Int(pc[1])] = UInt64(Numerics.i64GeU(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f32Eq:
                fp[Int(pc[1])] = UInt64(Numerics.f32Eq(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Ne:
                fp[Int(pc[1])] = UInt64(Numerics.f32Ne(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Lt:
                fp[Int(pc[1])] = UInt64(Numerics.f32Lt(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Gt:
                fp[Int(pc[1])] = UInt64(Numerics.f32Gt(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Le:
                fp[Int(pc[1])] = UInt64(Numerics.f32Le(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Ge:
                fp[Int(pc[1])] = UInt64(Numerics.f32Ge(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f64Eq:
                fp[Int(pc[1])] = UInt64(Numerics.f64Eq(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f64Ne:
                fp[Int(pc[1])] = UInt64(Numerics.f64Ne(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f64Lt:
                fp[Int(pc[1])] = UInt64(Numerics.f64Lt(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f64Gt:
                fp[Int(pc[1])] = UInt64(Numerics.f64Gt(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f64Le:
                fp[Int(pc[1])] = UInt64(Numerics.f64Le(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .f64Ge:
                fp[Int(pc[1])] = UInt64(Numerics.f64Ge(fp[Int(pc[2])], fp[Int(pc[3])]))
                pc += 4
            case .i32Clz:
                fp[Int(pc[1])] = UInt64(Numerics.i32Clz(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32Ctz:
                fp[Int(pc[1])] = UInt64(Numerics.i32Ctz(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32Popcnt:
                fp[Int(pc[1])] = UInt64(Numerics.i32Popcnt(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32Add:
                fp[Int(pc[1])] = UInt64(Numerics.i32Add(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Sub:
                fp[Int(pc[1])] = UInt64(Numerics.i32Sub(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Mul:
                fp[Int(pc[1])] = UInt64(Numerics.i32Mul(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32DivS:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32DivS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])]))) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i32DivU:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32DivU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])]))) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i32RemS:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32RemS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])]))) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i32RemU:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32RemU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])]))) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i32And:
                fp[Int(pc[1])] = UInt64(Numerics.i32And(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Or:
                fp[Int(pc[1])] = UInt64(Numerics.i32Or(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Xor:
                fp[Int(pc[1])] = UInt64(Numerics.i32Xor(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Shl:
                fp[Int(pc[1])] = UInt64(Numerics.i32Shl(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32ShrS:
                fp[Int(pc[1])] = UInt64(Numerics.i32ShrS(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32ShrU:
                fp[Int(pc[1])] = UInt64(Numerics.i32ShrU(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32RotlImm:
                fp[Int(pc[1])] = UInt64(Numerics.i32Rotl(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), pc[3]))
                pc += 4
            case .i32RotrImm:
                fp[Int(pc[1])] = UInt64(Numerics.i32Rotr(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), pc[3]))
                pc += 4
            case .i64RotlImm:
                fp[Int(pc[1])] = Numerics.i64Rotl(fp[Int(pc[2])], UInt64(pc[3]))
                pc += 4
            case .i64RotrImm:
                fp[Int(pc[1])] = Numerics.i64Rotr(fp[Int(pc[2])], UInt64(pc[3]))
                pc += 4
            case .i32Rotl:
                fp[Int(pc[1])] = UInt64(Numerics.i32Rotl(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i32Rotr:
                fp[Int(pc[1])] = UInt64(Numerics.i32Rotr(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .i64Clz:
                fp[Int(pc[1])] = Numerics.i64Clz(fp[Int(pc[2])])
                pc += 3
            case .i64Ctz:
                fp[Int(pc[1])] = Numerics.i64Ctz(fp[Int(pc[2])])
                pc += 3
            case .i64Popcnt:
                fp[Int(pc[1])] = Numerics.i64Popcnt(fp[Int(pc[2])])
                pc += 3
            case .i64Add:
                fp[Int(pc[1])] = Numerics.i64Add(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Sub:
                fp[Int(pc[1])] = Numerics.i64Sub(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Mul:
                fp[Int(pc[1])] = Numerics.i64Mul(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64DivS:
                do { fp[Int(pc[1])] = try Numerics.i64DivS(fp[Int(pc[2])], fp[Int(pc[3])]) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i64DivU:
                do { fp[Int(pc[1])] = try Numerics.i64DivU(fp[Int(pc[2])], fp[Int(pc[3])]) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i64RemS:
                do { fp[Int(pc[1])] = try Numerics.i64RemS(fp[Int(pc[2])], fp[Int(pc[3])]) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i64RemU:
                do { fp[Int(pc[1])] = try Numerics.i64RemU(fp[Int(pc[2])], fp[Int(pc[3])]) } catch { stack.exit = .trap(error); break run }
                pc += 4
            case .i64And:
                fp[Int(pc[1])] = Numerics.i64And(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Or:
                fp[Int(pc[1])] = Numerics.i64Or(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Xor:
                fp[Int(pc[1])] = Numerics.i64Xor(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Shl:
                fp[Int(pc[1])] = Numerics.i64Shl(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64ShrS:
                fp[Int(pc[1])] = Numerics.i64ShrS(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64ShrU:
                fp[Int(pc[1])] = Numerics.i64ShrU(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Rotl:
                fp[Int(pc[1])] = Numerics.i64Rotl(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i64Rotr:
                fp[Int(pc[1])] = Numerics.i64Rotr(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f32Abs:
                fp[Int(pc[1])] = UInt64(Numerics.f32Abs(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Neg:
                fp[Int(pc[1])] = UInt64(Numerics.f32Neg(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Ceil:
                fp[Int(pc[1])] = UInt64(Numerics.f32Ceil(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Floor:
                fp[Int(pc[1])] = UInt64(Numerics.f32Floor(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Trunc:
                fp[Int(pc[1])] = UInt64(Numerics.f32Trunc(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Nearest:
                fp[Int(pc[1])] = UInt64(Numerics.f32Nearest(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Sqrt:
                fp[Int(pc[1])] = UInt64(Numerics.f32Sqrt(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32Add:
                fp[Int(pc[1])] = UInt64(Numerics.f32Add(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Sub:
                fp[Int(pc[1])] = UInt64(Numerics.f32Sub(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Mul:
                fp[Int(pc[1])] = UInt64(Numerics.f32Mul(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Div:
                fp[Int(pc[1])] = UInt64(Numerics.f32Div(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Min:
                fp[Int(pc[1])] = UInt64(Numerics.f32Min(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Max:
                fp[Int(pc[1])] = UInt64(Numerics.f32Max(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f32Copysign:
                fp[Int(pc[1])] = UInt64(Numerics.f32Copysign(UInt32(truncatingIfNeeded: fp[Int(pc[2])]), UInt32(truncatingIfNeeded: fp[Int(pc[3])])))
                pc += 4
            case .f64Abs:
                fp[Int(pc[1])] = Numerics.f64Abs(fp[Int(pc[2])])
                pc += 3
            case .f64Neg:
                fp[Int(pc[1])] = Numerics.f64Neg(fp[Int(pc[2])])
                pc += 3
            case .f64Ceil:
                fp[Int(pc[1])] = Numerics.f64Ceil(fp[Int(pc[2])])
                pc += 3
            case .f64Floor:
                fp[Int(pc[1])] = Numerics.f64Floor(fp[Int(pc[2])])
                pc += 3
            case .f64Trunc:
                fp[Int(pc[1])] = Numerics.f64Trunc(fp[Int(pc[2])])
                pc += 3
            case .f64Nearest:
                fp[Int(pc[1])] = Numerics.f64Nearest(fp[Int(pc[2])])
                pc += 3
            case .f64Sqrt:
                fp[Int(pc[1])] = Numerics.f64Sqrt(fp[Int(pc[2])])
                pc += 3
            case .f64Add:
                fp[Int(pc[1])] = Numerics.f64Add(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Sub:
                fp[Int(pc[1])] = Numerics.f64Sub(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Mul:
                fp[Int(pc[1])] = Numerics.f64Mul(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Div:
                fp[Int(pc[1])] = Numerics.f64Div(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Min:
                fp[Int(pc[1])] = Numerics.f64Min(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Max:
                fp[Int(pc[1])] = Numerics.f64Max(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .f64Copysign:
                fp[Int(pc[1])] = Numerics.f64Copysign(fp[Int(pc[2])], fp[Int(pc[3])])
                pc += 4
            case .i32WrapI64:
                fp[Int(pc[1])] = UInt64(Numerics.i32WrapI64(fp[Int(pc[2])]))
                pc += 3
            case .i32TruncF32S:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32TruncF32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i32TruncF32U:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32TruncF32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i32TruncF64S:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32TruncF64S(fp[Int(pc[2])])) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i32TruncF64U:
                do { fp[Int(pc[1])] = UInt64(try Numerics.i32TruncF64U(fp[Int(pc[2])])) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i64ExtendI32S:
                fp[Int(pc[1])] = Numerics.i64ExtendI32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .i64ExtendI32U:
                fp[Int(pc[1])] = Numerics.i64ExtendI32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .i64TruncF32S:
                do { fp[Int(pc[1])] = try Numerics.i64TruncF32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])])) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i64TruncF32U:
                do { fp[Int(pc[1])] = try Numerics.i64TruncF32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])])) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i64TruncF64S:
                do { fp[Int(pc[1])] = try Numerics.i64TruncF64S(fp[Int(pc[2])]) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .i64TruncF64U:
                do { fp[Int(pc[1])] = try Numerics.i64TruncF64U(fp[Int(pc[2])]) } catch { stack.exit = .trap(error); break run }
                pc += 3
            case .f32ConvertI32S:
                fp[Int(pc[1])] = UInt64(Numerics.f32ConvertI32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32ConvertI32U:
                fp[Int(pc[1])] = UInt64(Numerics.f32ConvertI32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f32ConvertI64S:
                fp[Int(pc[1])] = UInt64(Numerics.f32ConvertI64S(fp[Int(pc[2])]))
                pc += 3
            case .f32ConvertI64U:
                fp[Int(pc[1])] = UInt64(Numerics.f32ConvertI64U(fp[Int(pc[2])]))
                pc += 3
            case .f32DemoteF64:
                fp[Int(pc[1])] = UInt64(Numerics.f32DemoteF64(fp[Int(pc[2])]))
                pc += 3
            case .f64ConvertI32S:
                fp[Int(pc[1])] = Numerics.f64ConvertI32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .f64ConvertI32U:
                fp[Int(pc[1])] = Numerics.f64ConvertI32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .f64ConvertI64S:
                fp[Int(pc[1])] = Numerics.f64ConvertI64S(fp[Int(pc[2])])
                pc += 3
            case .f64ConvertI64U:
                fp[Int(pc[1])] = Numerics.f64ConvertI64U(fp[Int(pc[2])])
                pc += 3
            case .f64PromoteF32:
                fp[Int(pc[1])] = Numerics.f64PromoteF32(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .i32ReinterpretF32:
                fp[Int(pc[1])] = UInt64(Numerics.i32ReinterpretF32(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i64ReinterpretF64:
                fp[Int(pc[1])] = Numerics.i64ReinterpretF64(fp[Int(pc[2])])
                pc += 3
            case .f32ReinterpretI32:
                fp[Int(pc[1])] = UInt64(Numerics.f32ReinterpretI32(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .f64ReinterpretI64:
                fp[Int(pc[1])] = Numerics.f64ReinterpretI64(fp[Int(pc[2])])
                pc += 3
            case .i32Extend8S:
                fp[Int(pc[1])] = UInt64(Numerics.i32Extend8S(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32Extend16S:
                fp[Int(pc[1])] = UInt64(Numerics.i32Extend16S(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i64Extend8S:
                fp[Int(pc[1])] = Numerics.i64Extend8S(fp[Int(pc[2])])
                pc += 3
            case .i64Extend16S:
                fp[Int(pc[1])] = Numerics.i64Extend16S(fp[Int(pc[2])])
                pc += 3
            case .i64Extend32S:
                fp[Int(pc[1])] = Numerics.i64Extend32S(fp[Int(pc[2])])
                pc += 3
            case .i32TruncSatF32S:
                fp[Int(pc[1])] = UInt64(Numerics.i32TruncSatF32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32TruncSatF32U:
                fp[Int(pc[1])] = UInt64(Numerics.i32TruncSatF32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])])))
                pc += 3
            case .i32TruncSatF64S:
                fp[Int(pc[1])] = UInt64(Numerics.i32TruncSatF64S(fp[Int(pc[2])]))
                pc += 3
            case .i32TruncSatF64U:
                fp[Int(pc[1])] = UInt64(Numerics.i32TruncSatF64U(fp[Int(pc[2])]))
                pc += 3
            case .i64TruncSatF32S:
                fp[Int(pc[1])] = Numerics.i64TruncSatF32S(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .i64TruncSatF32U:
                fp[Int(pc[1])] = Numerics.i64TruncSatF32U(UInt32(truncatingIfNeeded: fp[Int(pc[2])]))
                pc += 3
            case .i64TruncSatF64S:
                fp[Int(pc[1])] = Numerics.i64TruncSatF64S(fp[Int(pc[2])])
                pc += 3
            case .i64TruncSatF64U:
                fp[Int(pc[1])] = Numerics.i64TruncSatF64U(fp[Int(pc[2])])
                pc += 3
            // WebAssembly 3.0 instructions, after every 2.0 one (as in `Op`), so that adding them left the
            // layout of the 2.0 handlers as it was.
            case .returnCall, .returnCallIndirect, .returnCallRef:
                // A tail call: the callee takes over the caller's frame (same `fp`, same `CallFrame`), so
                // a chain of tail calls runs in constant Wasm stack.
                let callee: UnsafeMutablePointer<FunctionRecord>
                let argumentBase: Int
                if pc[0] == UInt32(Op.returnCall.rawValue) {
                    callee = instance.pointee.functions[Int(pc[1])]
                    argumentBase = Int(pc[2])
                } else if pc[0] == UInt32(Op.returnCallRef.rawValue) {
                    guard let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(fp[Int(pc[1])])) else {
                        stack.exit = .trap(.nullFunctionReference); break run
                    }
                    callee = target
                    argumentBase = Int(pc[2])
                } else {
                    let table = instance.pointee.tables[Int(pc[2])]
                    let index = Int(UInt32(truncatingIfNeeded: fp[Int(pc[3])]))
                    guard index < table.pointee.count else { stack.exit = .trap(.undefinedElement); break run }
                    guard let target = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(table.pointee.elements[index])) else {
                        stack.exit = .trap(.uninitializedElement); break run
                    }
                    guard target.pointee.typeID == instance.pointee.typeIDs[Int(pc[1])]
                        || Store.isSubtype(target.pointee.typeID, of: instance.pointee.typeIDs[Int(pc[1])]) else {
                        stack.exit = .trap(.indirectCallTypeMismatch); break run
                    }
                    callee = target
                    argumentBase = Int(pc[4])
                }
                // The arguments move down to the frame's first slots (argumentBase is above them).
                let argumentSlots = callee.pointee.paramSlots
                var moved = 0
                while moved < argumentSlots {
                    fp[moved] = fp[argumentBase &+ moved]
                    moved &+= 1
                }
                if callee.pointee.hostIndex >= 0 {
                    let exchanged = max(callee.pointee.paramSlots, callee.pointee.resultSlots)
                    guard UInt(bitPattern: fp + exchanged) <= stackEndAddress else {
                        stack.exit = .trap(.callStackExhausted); break run
                    }
                    stack.frameDepth = depth
                    stack.nextFree = fp + exchanged
                    do {
                        try callHost(callee, fp: fp, caller: instance)
                    } catch {
                        // The calling frame is gone: its caller is where the exception arrives.
                        guard let target = hostThrew(error, position: pc, fp: fp, depth: depth, baseDepth: baseDepth, skipCurrent: true) else { break run }
                        pc = target.pc
                        fp = target.fp
                        depth = target.depth
                        instance = target.instance
                        mem = instance.pointee.memory?.pointee.base ?? mem
                        memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                        continue run
                    }
                    mem = instance.pointee.memory?.pointee.base ?? mem
                    memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                    // The results are in slot 0...: return from this frame as the callee would have.
                    pc = returnStub
                    continue run
                }
                guard UInt(bitPattern: fp + callee.pointee.frameSlots) <= stackEndAddress else {
                    stack.exit = .trap(.callStackExhausted); break run
                }
                let code: UnsafeMutablePointer<UInt32>
                if let compiled = callee.pointee.code {
                    code = compiled
                } else {
                    do {
                        guard let compiled = try ensureCompiled(callee) else { stack.exit = .trap(.unreachable); break run }
                        code = compiled
                    } catch {
                        stack.exit = .hostError(error); break run
                    }
                }
                if depth > baseDepth {
                    frames[depth &- 1].callee = callee
                } else {
                    stack.baseFunction = callee
                }
                if let values = callee.pointee.entryValues {
                    (fp + callee.pointee.paramSlots).update(from: values, count: callee.pointee.entryValueCount)
                }
                pc = code
                if let owner = callee.pointee.instance, owner != instance {
                    instance = owner
                    mem = instance.pointee.memory?.pointee.base ?? mem
                    memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
                }
            case .throw, .throwRef:
                let exception: Int
                if pc[0] == UInt32(Op.throw.rawValue) {
                    exception = makeException(tag: instance.pointee.tags[Int(pc[1])], payload: fp + Int(pc[2]))
                } else {
                    guard let referenced = self.exception(fromReference: fp[Int(pc[1])]) else {
                        stack.exit = .trap(.nullExceptionReference); break run
                    }
                    exception = referenced
                }
                guard let target = unwind(exception, position: pc, fp: fp, depth: depth, baseDepth: baseDepth, skipCurrent: false) else {
                    stack.exit = .exception(exception, innerBacktrace: []); break run
                }
                pc = target.pc
                fp = target.fp
                depth = target.depth
                instance = target.instance
                mem = instance.pointee.memory?.pointee.base ?? mem
                memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
            case .gc:
                if let trap = gcStep(pc: pc, fp: fp, instance: instance) { stack.exit = .trap(trap); break run }
                pc += 9
            case .refAsNonNull:
                let value = fp[Int(pc[2])]
                guard value != 0 else { stack.exit = .trap(.nullReference); break run }
                fp[Int(pc[1])] = value
                pc += 3
            case .saturateU32:
                let value = fp[Int(pc[2])]
                fp[Int(pc[1])] = value > 0xFFFF_FFFF ? 0xFFFF_FFFF : value
                pc += 3
            case .memoryOp, .simdMemory:
                // Other memories and i64 memories; the instruction may grow memory 0 (imported twice),
                // so its cached base and size are reloaded. Not throwing: a typed throw here cost the
                // whole loop a register (Docs/RATIONALE.md).
                guard let next = MemoryInstructions.step(pc: pc, fp: fp, instance: instance) else {
                    stack.exit = .trap(.outOfBoundsMemoryAccess); break run
                }
                pc = next
                mem = instance.pointee.memory?.pointee.base ?? mem
                memSize = UInt64(instance.pointee.memory?.pointee.byteCount ?? 0)
            }
        }
        if Mode.pausable, let paused = try capturePause(depth: depth, baseDepth: baseDepth) {
            stack.frameDepth = baseDepth
            throw ExecutionPaused(execution: paused)
        }
        stack.frameDepth = baseDepth
        let first = stack.baseFunction ?? entry
        switch stack.exit {
        case .trap(let kind):
            throw Trap(kind: kind, backtrace: backtrace(frames: frames, from: baseDepth, to: depth, entry: first))
        case .hostError(let error):
            if var trap = error as? Trap {
                trap.backtrace += backtrace(frames: frames, from: baseDepth, to: depth, entry: first)
                throw trap
            }
            throw error
        case .exception(let exception, let inner):
            throw uncaught(exception, backtrace: inner + backtrace(frames: frames, from: baseDepth, to: depth, entry: first))
        }
    }
}
