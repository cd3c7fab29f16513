import CapsuleCore

// Exception handling at run time: exception objects, the per-function handler tables and the
// unwinder. Nothing here runs unless an exception is thrown: code that does not throw never reads a
// handler table, and calls and blocks do no exception bookkeeping (Docs/RATIONALE.md, "Exceptions cost
// nothing until thrown").

/// One entry of a compiled function's handler table: a range of its code, protected by a catch
/// clause of a `try_table`, a legacy `catch`/`catch_all`, or a legacy `delegate`.
///
/// A function's entries are ordered innermost first (an entry is added when its protected range
/// closes, and an inner range closes before the ranges around it), and the unwinder takes the
/// first that applies.
struct HandlerEntry: Sendable {
    enum Kind: UInt8 {
        /// Exceptions of one tag (`catch`, `catch_ref`, legacy `catch`).
        case tag
        /// Any exception (`catch_all`, `catch_all_ref`, legacy `catch_all`).
        case all
        /// Legacy `delegate`: go on searching with the handlers around label `delegateDepth` only.
        case delegate
    }

    /// Code word offsets of the protected range, `start..<end`.
    var start: Int
    var end: Int
    var kind: Kind
    /// The module's tag index (for `.tag`).
    var tag: UInt32 = 0
    /// Where the handler continues, in code words (patched when the target block's end is known).
    var target: Int = 0
    /// First slot receiving the payload, or -1 when the handler takes none.
    var payloadSlot: Int = -1
    /// Slot receiving the `exnref`, or -1.
    var referenceSlot: Int = -1
    /// Whether the `exnref` handed over may be used later (so the exception object must be kept).
    var keepsReference = false
    /// Nesting depth (index in the compiler's control stack) of the `try`/`try_table` the entry belongs to.
    var depth: Int
    /// For `.delegate`: the nesting depth of the label delegated to; the search goes on with the
    /// entries of that depth and below.
    var delegateDepth: Int = 0
}

/// An exception: its tag and payload (raw slots). Owned by the store; `exnref` values are
/// `index + 1` into `Store.exceptions`.
struct ExceptionObject {
    var tag: UnsafeMutablePointer<TagRecord>
    var payload: [UInt64]
    /// Whether an `exnref` to it may exist (then it lives as long as the store). An exception that no
    /// `exnref` ever referred to is freed once it is caught or leaves Wasm.
    var referenced: Bool
    var isLive: Bool
}

/// Where execution goes on after an exception was caught: the handler's code, frame and depth.
struct UnwindTarget {
    var pc: UnsafeMutablePointer<UInt32>
    var fp: UnsafeMutablePointer<UInt64>
    var depth: Int
    var instance: UnsafeMutablePointer<InstanceRecord>
}

extension Store {
    /// A new tag of type `type` (its parameters are the payload).
    func makeTag(_ type: FuncType, typeID: Int? = nil) -> UnsafeMutablePointer<TagRecord> {
        let record = allocate(TagRecord.self, count: 1)
        record.initialize(to: TagRecord(typeID: typeID ?? signatureID(type), payloadSlots: FunctionCompiler.slots(of: type.params)))
        return record
    }

    /// A new exception object of `tag` with the payload copied from `payload`; returns its index.
    @inline(never)
    func makeException(tag: UnsafeMutablePointer<TagRecord>, payload: UnsafeMutablePointer<UInt64>) -> Int {
        let values = Array(UnsafeBufferPointer(start: payload, count: tag.pointee.payloadSlots))
        return makeException(tag: tag, values: values)
    }

    func makeException(tag: UnsafeMutablePointer<TagRecord>, values: [UInt64]) -> Int {
        let object = ExceptionObject(tag: tag, payload: values, referenced: false, isLive: true)
        if let index = freeExceptions.popLast() {
            exceptions[index] = object
            return index
        }
        exceptions.append(object)
        return exceptions.count - 1
    }

    /// Frees an exception object that no `exnref` refers to.
    func releaseIfUnreferenced(_ index: Int) {
        guard index < exceptions.count, exceptions[index].isLive, !exceptions[index].referenced else { return }
        exceptions[index].isLive = false
        exceptions[index].payload = []
        freeExceptions.append(index)
    }

    /// The exception an `exnref` slot refers to, or nil (null, or not an exception of this store).
    func exception(fromReference slot: UInt64) -> Int? {
        guard slot != 0, slot <= UInt64(exceptions.count) else { return nil }
        let index = Int(slot - 1)
        return exceptions[index].isLive ? index : nil
    }

    /// Looks for a handler of exception `exception`, thrown at `position` in the function running at
    /// `depth` (with frame `fp`), then in its callers down to `baseDepth` (the first frame of this
    /// `run`). With `skipCurrent`, the function at `depth` is not searched (a tail-called host function
    /// threw: the frame that called it is gone). On success the payload and reference are in the
    /// handler's slots; nil when no frame of this run catches it.
    @inline(never)
    func unwind(_ exception: Int, position: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>, depth: Int, baseDepth: Int, skipCurrent: Bool) -> UnwindTarget? {
        let stack = executionStack
        let frames = stack.frames
        var depth = depth
        var position = position
        var fp = fp
        var skip = skipCurrent
        while true {
            let running = depth > baseDepth ? frames[depth - 1].callee : stack.baseFunction
            if !skip, let function = running, let code = function.pointee.code, let instance = function.pointee.instance,
                function.pointee.handlerTable >= 0, function.pointee.handlerTable < handlerTables.count
            {
                let offset = position - code
                if let entry = handler(in: handlerTables[function.pointee.handlerTable], at: offset, for: exception, instance: instance) {
                    deliver(exception, to: entry, fp: fp)
                    return UnwindTarget(pc: code + entry.target, fp: fp, depth: depth, instance: instance)
                }
            }
            skip = false
            if depth <= baseDepth { return nil }
            depth -= 1
            position = frames[depth].returnPC - 1
            fp = frames[depth].fp
        }
    }

    /// The first entry of `table` that protects code offset `offset` and catches `exception`.
    func handler(in table: [HandlerEntry], at offset: Int, for exception: Int, instance: UnsafeMutablePointer<InstanceRecord>) -> HandlerEntry? {
        let tag = exceptions[exception].tag
        var limit = Int.max
        for entry in table where entry.start <= offset && offset < entry.end && entry.depth <= limit {
            switch entry.kind {
            case .delegate:
                limit = entry.delegateDepth
            case .all:
                return entry
            case .tag:
                if instance.pointee.tags[Int(entry.tag)] == tag { return entry }
            }
        }
        return nil
    }

    /// Writes the payload and the reference into the handler's slots.
    func deliver(_ exception: Int, to entry: HandlerEntry, fp: UnsafeMutablePointer<UInt64>) {
        if entry.payloadSlot >= 0 {
            let payload = exceptions[exception].payload
            for (index, value) in payload.enumerated() { fp[entry.payloadSlot + index] = value }
        }
        if entry.referenceSlot >= 0 {
            fp[entry.referenceSlot] = UInt64(exception + 1)
        }
        if entry.keepsReference {
            exceptions[exception].referenced = true
        } else {
            releaseIfUnreferenced(exception)
        }
    }

    /// An error a host function threw, at a call from Wasm: a ``WasmException`` of this store becomes
    /// a Wasm exception thrown at the call (`position`), and is looked for a handler. Returns where to
    /// go on, or nil with the reason to leave `run` in the stack's `exit`.
    @inline(never)
    func hostThrew(_ error: any Error, position: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>, depth: Int, baseDepth: Int, skipCurrent: Bool) -> UnwindTarget? {
        guard let thrown = error as? WasmException else {
            executionStack.exit = .hostError(error)
            // A HostPause pauses here.
            executionStack.stopPC = position
            executionStack.stopFP = fp
            return nil
        }
        if let problem = hostExceptionProblem(thrown) {
            executionStack.exit = .trap(.host(problem))
            return nil
        }
        var slots = [UInt64](repeating: 0, count: thrown.tag.record.pointee.payloadSlots)
        slots.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            for value in thrown.payload { offset += value.write(to: base + offset) }
        }
        let exception = makeException(tag: thrown.tag.record, values: slots)
        if let target = unwind(exception, position: position, fp: fp, depth: depth, baseDepth: baseDepth, skipCurrent: skipCurrent) {
            return target
        }
        executionStack.exit = .exception(exception, innerBacktrace: thrown.backtrace)
        return nil
    }

    /// Why an exception a host function threw cannot be thrown in this store (a tag of another store,
    /// or a payload that does not match the tag's type), or nil when it can.
    func hostExceptionProblem(_ thrown: WasmException) -> String? {
        guard thrown.tag.store === self else { return "a host function threw an exception of a tag from another store" }
        if let type = foreignReference(in: thrown.payload) { return "a host function threw an exception whose payload holds a \(type) from another store" }
        let params = signatureType(thrown.tag.record.pointee.typeID).params
        guard thrown.payload.count == params.count, zip(thrown.payload, params).allSatisfy({ $0.matches($1) }) else {
            return "a host function threw an exception whose payload does not match its tag's type \(params)"
        }
        return nil
    }

    /// The Swift error for an exception that no Wasm frame caught; frees the object when no `exnref`
    /// refers to it.
    func uncaught(_ exception: Int, backtrace: [String]) -> WasmException {
        let object = exceptions[exception]
        let params = signatureType(object.tag.pointee.typeID).params
        var values: [Value] = []
        object.payload.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            for type in params {
                values.append(Value(slots: UnsafeMutablePointer(mutating: base + offset), type: type, store: self))
                offset += Int(FunctionCompiler.size(of: type))
            }
        }
        releaseIfUnreferenced(exception)
        return WasmException(tag: Tag(store: self, record: object.tag), payload: values, backtrace: backtrace)
    }

    /// A name for a tag in messages: from the first instance that has it, its export name, else its
    /// import name (`module::name`), else its name-section name, else its index (`tag[N]`); `tag` for a
    /// tag no instance has.
    func name(of tag: UnsafeMutablePointer<TagRecord>) -> String {
        for state in instanceStates {
            var index = 0
            let module = state.module
            let count = module.tagTypeIndices.count
            while index < count {
                if state.record.pointee.tags[index] == tag {
                    for export in module.exports {
                        if case .tag(let exported) = export.descriptor, Int(exported) == index { return export.name }
                    }
                    var importIndex = 0
                    for entry in module.imports {
                        guard case .tag = entry.descriptor else { continue }
                        if importIndex == index { return "\(entry.module)::\(entry.name)" }
                        importIndex += 1
                    }
                    if let name = module.names.tagNames[UInt32(index)] { return name }
                    return "tag[\(index)]"
                }
                index += 1
            }
        }
        return "tag"
    }
}
