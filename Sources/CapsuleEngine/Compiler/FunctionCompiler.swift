import CapsuleBinary
import CapsuleCore

/// Why a validated function could not be compiled (a limit of the engine, not of the module).
struct CompileError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// What compilation produced for one function.
struct CompiledFunction: Sendable {
    var code: [UInt32]
    /// Slots for locals (params included) plus the deepest operand stack.
    var frameSlots: Int
    var paramSlots: Int
    var localSlots: Int
    var resultSlots: Int
    /// Values of the constant slots, which follow the locals (see `FunctionRecord.constants`).
    var constants: [UInt64] = []
    /// Exception handlers, innermost first (empty for a function without `try_table` or `try`).
    var handlers: [HandlerEntry] = []
}

/// Compiles one validated function body into register-style internal code.
///
/// Every operand-stack position has a home slot in the frame, right after the locals
/// (`localSlots + depth`). An entry on the compile-time stack may instead still live somewhere
/// else (in a local's slot, after `local.get`), so that instructions read locals directly; such an
/// entry is copied to its home ("materialized") before anything could change that local, at block
/// boundaries, before branches and calls. Results are written straight into locals when a
/// `local.set` follows the instruction that produced them.
struct FunctionCompiler {
    private let module: Module
    private let type: FuncType
    /// Whether each memory of the index space (imports first) has `i64` addresses.
    let memoryIs64: [Bool]
    /// Whether each table of the index space (imports first) has `i64` indices.
    private let tableIs64: [Bool]
    private let localTypes: [ValueType]
    /// Frame slot of each local (a `v128` takes two slots).
    private let localSlot: [UInt32]
    /// Slots taken by the locals, parameters included.
    private let localSlots: Int
    /// Constant slots (right after the locals, initialised on every entry) by value.
    private var constantSlot: [UInt64: UInt32] = [:]
    private var constants: [UInt64] = []
    /// First slot of the operand stack: after the locals and the constant slots.
    private var stackBase: UInt32
    /// Declared (non-parameter) locals known to still hold their initial zero: straight-line
    /// code from the function's entry, before any branch target.
    private var zeroLocals: Set<UInt32> = []
    /// Number of parameters (locals below this index are parameters).
    private let paramCount: Int
    /// Slots of the deepest frame seen so far (locals, operand stack, callee arguments and results).
    var maxSlots = 0
    private var code: [UInt32] = []
    /// Where each operand-stack entry currently lives.
    private var stack: [Operand] = []
    private var controls: [ControlFrame] = []
    /// Index in `code` of the destination operand of the last instruction, when that instruction
    /// wrote a fresh value to the top of the stack and nothing was emitted or targeted after it.
    private var lastDestination: Int?
    /// Start of the last instruction emitted by `emitProducing`.
    private var lastStart = 0
    /// End of that instruction, or -1 once anything else is emitted or a label is placed.
    private var lastEnd = -1
    /// Start of the last `copy` emitted by `emit`, until a label is placed (for `copy2`).
    private var lastCopy: Int?
    /// Start of the last `i32.add` of a constant emitted by `emitProducing`, until anything else but
    /// `emitProducing` emits or a label is placed (for the add-and-branch instructions).
    private var lastAddImm: Int?
    /// Positions of GC allocation words that get the frame's size once it is known.
    private var frameTopPatches: [Int] = []

    /// An operand-stack entry: a slot holding the value, or a constant not yet written anywhere.
    private struct Operand {
        /// Where the value is now: its home, a local's slot, or (for a constant) its home-to-be.
        var slot: UInt32
        /// The slot this stack position owns: right after the entries below it.
        var home: UInt32
        /// 1, or 2 for a `v128`.
        var size: UInt32
        var constant: UInt64?
    }

    private struct ControlFrame {
        enum Kind { case block, loop, `if`, `else`, function }
        var kind: Kind
        /// Stack depth below the block's parameters.
        var height: Int
        /// Home slot of the first parameter (and of the first result).
        var slotHeight: UInt32
        var params: [ValueType]
        var results: [ValueType]
        var paramCount: Int { params.count }
        var resultCount: Int { results.count }
        /// For loops: where the loop starts.
        var loopStart: Int
        /// For loops under metering: the index of the loop's open checkpoint.
        var checkpoint: Int?
        /// Branch offset words to patch with the end position: (word index, instruction start).
        var pendingEnd: [(Int, Int)] = []
        /// For `if`: the `br_if_not` to patch with the else (or end) position.
        var pendingElse: (Int, Int)?
        /// Whether the rest of the block is unreachable (after br, return, unreachable).
        var unreachable = false
        /// Handler entries whose target is this block's end, to patch when it is known.
        var pendingHandlers: [Int] = []
        /// For `try_table` and legacy `try`: where the protected code starts.
        var protectedStart: Int?
        /// For `try_table`: the catch clauses, each with the index in `controls` of its target.
        var clauses: [(clause: CatchClause, target: Int)] = []
        /// For a legacy `try` once its body has ended: where the body ended.
        var protectedEnd: Int?
        /// For a legacy `try` in a `catch`/`catch_all` clause: that clause's handler entry (whose
        /// `exnref`, kept in the frame's first slot, `rethrow` reads).
        var catchHandler: Int?

        var labelCount: Int { kind == .loop ? paramCount : resultCount }
    }

    /// Exception handlers found so far (see `CompiledFunction.handlers`).
    private var handlers: [HandlerEntry] = []
    /// Handler entries that branch to the function's label: they continue at a `return` placed
    /// after the body.
    private var returningHandlers: [Int] = []

    /// Whether to emit checkpoints (fuel and interruption) at function entry and loop headers.
    var metering = false
    /// Open checkpoints: the cost word to patch, the instructions counted for it so far, and the
    /// cost words of the metered backward branches that close its loop.
    private var checkpoints: [(word: Int, count: UInt32, sites: [Int])] = []

    /// Emits a checkpoint whose cost is filled in when its region closes.
    private mutating func openCheckpoint() {
        guard metering else { return }
        emit(.checkpoint, 0)
        checkpoints.append((code.count - 1, 0, []))
    }

    private mutating func closeCheckpoint() {
        guard metering, let checkpoint = checkpoints.popLast() else { return }
        code[checkpoint.word] = max(checkpoint.count, 1)
        for site in checkpoint.sites { code[site] = max(checkpoint.count, 1) }
    }

    init(module: Module, typeIndex: UInt32, body: FunctionBody) throws(CompileError) {
        self.module = module
        var memoryIs64: [Bool] = []
        var tableIs64: [Bool] = []
        for entry in module.imports {
            if case .memory(let type) = entry.descriptor { memoryIs64.append(type.addressType == .i64) }
            if case .table(let type) = entry.descriptor { tableIs64.append(type.addressType == .i64) }
        }
        self.memoryIs64 = memoryIs64 + module.memories.map { $0.addressType == .i64 }
        self.tableIs64 = tableIs64 + module.tables.map { $0.addressType == .i64 }
        guard Int(typeIndex) < module.types.count else { throw CompileError(message: "unknown type") }
        self.type = module.types[Int(typeIndex)]
        var locals = type.params
        var total = UInt64(locals.count)
        for declaration in body.locals {
            total += UInt64(declaration.count)
            guard total <= FunctionCompiler.slotLimit else { throw CompileError(message: "function has too many locals") }
            locals.append(contentsOf: repeatElement(declaration.type, count: Int(declaration.count)))
        }
        self.localTypes = locals
        var slots: [UInt32] = []
        slots.reserveCapacity(locals.count)
        var next: UInt32 = 0
        for type in locals {
            slots.append(next)
            next += FunctionCompiler.size(of: type)
        }
        self.localSlot = slots
        self.localSlots = Int(next)
        self.maxSlots = Int(next)
        self.stackBase = next
        self.paramCount = type.params.count
        self.zeroLocals = Set(UInt32(type.params.count)..<UInt32(locals.count))
        prepareConstants(body: body)
    }

    /// Most constants become immediates of the instruction that uses them; the others (float
    /// constants, first operands, values stored or selected) get a slot of their own, filled on
    /// entry, so no instruction has to write them each time. A first pass over the body finds
    /// them: a constant immediately followed by an instruction with an immediate form for it, or
    /// by a `local.set`/`local.tee` (a write either way), gets no slot.
    private mutating func prepareConstants(body: FunctionBody) {
        var reader = InstructionReader(bytes: module.bytes, range: body.range)
        var pending: UInt64?
        while !reader.isAtEnd {
            guard let instruction = try? reader.next() else { break }
            if let value = pending {
                var needsSlot = true
                switch instruction {
                case .numeric(let numeric):
                    if numeric.info.secondOperand != nil, Op.immediateForm(of: numeric, constant: value) != nil { needsSlot = false }
                case .localSet, .localTee, .call, .callIndirect: needsSlot = false
                default: break
                }
                if needsSlot, constantSlot[value] == nil, constants.count < FunctionCompiler.constantLimit {
                    constantSlot[value] = stackBase
                    constants.append(value)
                    stackBase += 1
                }
                pending = nil
            }
            switch instruction {
            case .i32Const(let value): pending = UInt64(UInt32(bitPattern: value))
            case .i64Const(let value): pending = UInt64(bitPattern: value)
            case .f32Const(let bits): pending = UInt64(bits)
            case .f64Const(let bits): pending = bits
            default: break
            }
        }
        maxSlots = Int(stackBase)
    }

    /// At most this many constant slots per function (each costs a copy per call).
    static let constantLimit = 32

    /// Slots a value of `type` takes.
    static func size(of type: ValueType) -> UInt32 { type == .v128 ? 2 : 1 }

    static func slots(of types: [ValueType]) -> Int { types.reduce(0) { $0 + Int(size(of: $1)) } }

    /// Frames are addressed with 32-bit slot indices; keep well below that.
    static let slotLimit: UInt64 = 1 << 24

    /// The home of the next entry pushed.
    var nextHome: UInt32 { stack.last.map { $0.home + $0.size } ?? stackBase }

    // MARK: Emission

    private mutating func emit(_ op: Op, _ operands: UInt32...) {
        emit(op, operands)
    }

    mutating func emit(_ op: Op, _ operands: [UInt32]) {
        if op == .copy, operands.count == 2, let previous = lastCopy, previous + 3 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[previous])) == .copy
        {
            // A copy right after a copy (no label between): one `copy2`, the two in their order.
            code[previous] = UInt32(Op.copy2.rawValue)
            code.append(contentsOf: operands)
            lastCopy = nil
            lastDestination = nil
            return
        }
        if op == .copy, operands.count == 2, lastEnd == code.count, lastStart + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == .f64Add, code[lastStart + 1] == operands[1]
        {
            // A copy of the sum an `f64.add` just wrote (a `local.tee` then `local.set`, say): the add
            // writes both slots. Nothing was emitted or targeted after the add (`lastEnd`).
            code[lastStart] = UInt32(Op.f64AddCopy.rawValue)
            code.append(operands[0])
            lastEnd = -1
            lastCopy = nil
            lastDestination = nil
            return
        }
        if op == .copy, operands.count == 2, lastEnd == code.count, lastStart + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == .i32AddImm
        {
            // Any copy right after an `i32.add` of a constant (nothing emitted or placed between): one
            // instruction doing the two in order.
            code[lastStart] = UInt32(Op.i32AddImmCopy.rawValue)
            code.append(contentsOf: operands)
            lastEnd = -1
            lastCopy = nil
            lastAddImm = nil
            lastDestination = nil
            return
        }
        lastCopy = op == .copy ? code.count : nil
        lastAddImm = nil
        code.append(UInt32(op.rawValue))
        code.append(contentsOf: operands)
        lastDestination = nil
    }

    /// Whether memory `index` is the fast one: memory 0 with `i32` addresses, whose base and size the
    /// interpreter caches and whose instructions have their own opcodes. Every other memory's
    /// instructions are `Op.memoryOp` (`Op.simdMemory` before SIMD accesses).
    func isFastMemory(_ index: UInt32) -> Bool {
        index == 0 && memoryIs64.first == false
    }

    /// The two words of a 64-bit memarg offset, low first.
    static func offsetWords(_ offset: UInt64) -> [UInt32] {
        [UInt32(truncatingIfNeeded: offset), UInt32(truncatingIfNeeded: offset >> 32)]
    }

    /// For a table64 operand (stack entry `index`, not popped): replaces its value by the value
    /// saturated to 32 bits, which the table instructions then read as an `i32` index or count.
    private mutating func saturateIndex(at index: Int) {
        guard index >= 0, index < stack.count else { return }
        if let value = stack[index].constant {
            let saturated = Swift.min(value, UInt64(UInt32.max))
            stack[index].constant = saturated
            if stack[index].slot != stack[index].home { stack[index].slot = constantSlot[saturated] ?? stack[index].home }
            return
        }
        let home = stack[index].home
        emit(.saturateU32, home, stack[index].slot)
        stack[index].slot = home
    }

    private func isTable64(_ index: UInt32) -> Bool {
        Int(index) < tableIs64.count && tableIs64[Int(index)]
    }

    /// Removes the last instruction emitted by `emitProducing` (being folded into another).
    private mutating func dropLastInstruction() {
        code.removeSubrange(lastStart...)
        if let add = lastAddImm, add >= lastStart { lastAddImm = nil }
        lastDestination = nil
        lastEnd = -1
    }

    /// The address operand of a memory access for stack entry `index` (not popped) and the
    /// constant `k` to add to it with 32-bit wrap-around. When the entry is the fresh result of an
    /// `i32.add` of a constant that was the last instruction emitted (nothing read it since), that
    /// instruction is removed and folded into the access: `UInt32(a &+ k) + offset` is exactly what
    /// the two instructions computed.
    private mutating func foldedAddress(at index: Int) -> (slot: UInt32, k: UInt32) {
        guard index >= 0, index < stack.count else { return (0, 0) }
        let entry = stack[index]
        if entry.constant == nil, entry.slot == entry.home, lastEnd == code.count, lastStart + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == .i32AddImm, code[lastStart + 1] == entry.home
        {
            let source = code[lastStart + 2]
            let k = code[lastStart + 3]
            dropLastInstruction()
            return (source, k)
        }
        if entry.constant != nil, entry.slot == entry.home {
            materialize(index)
        }
        return (stack[index].slot, 0)
    }

    /// When stack entry `index` is the fresh result of an `i32.add` of two slots that was the last
    /// instruction emitted (nothing read it since), removes that instruction and returns its
    /// operands, to be added by the memory access itself.
    private mutating func foldedIndex(at index: Int) -> (base: UInt32, index: UInt32)? {
        guard index >= 0, index < stack.count else { return nil }
        let entry = stack[index]
        guard entry.constant == nil, entry.slot == entry.home, lastEnd == code.count, lastStart + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == .i32Add, code[lastStart + 1] == entry.home
        else { return nil }
        let operands = (code[lastStart + 2], code[lastStart + 3])
        dropLastInstruction()
        return operands
    }

    /// When the top entry is the fresh result of an `i32` rotate or unsigned shift by a constant
    /// that was the last instruction emitted (nothing read it since), removes that instruction and
    /// the entry, and returns the `i32.xor` that applies the same operation to its second operand.
    private mutating func foldedShift() -> (op: Op, source: UInt32, k: UInt32)? {
        let top = stack.count - 1
        guard top >= 1, stack[top].constant == nil, stack[top].slot == stack[top].home, lastEnd == code.count,
            lastStart + 4 == code.count, code[lastStart + 1] == stack[top].home
        else { return nil }
        let fused: Op
        switch Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) {
        case .i32RotlImm: fused = .i32XorRotlImm
        case .i32RotrImm: fused = .i32XorRotrImm
        case .i32ShrUImm: fused = .i32XorShrUImm
        default: return nil
        }
        let operands = (code[lastStart + 2], code[lastStart + 3])
        dropLastInstruction()
        stack.removeLast()
        return (fused, operands.0, operands.1)
    }

    /// For an `f64.add` or `f64.sub` about to pop its two operands: when the second (or, for the
    /// commutative add, the first, the second then being a slot already) is the fresh result of an
    /// `f64.mul` emitted last, removes that instruction, pops both operands and returns the other
    /// operand's slot and the product's factors.
    private mutating func foldedProduct(commutative: Bool) -> (addend: UInt32, b: UInt32, c: UInt32)? {
        let top = stack.count - 1
        guard top >= 1, lastEnd == code.count, lastStart + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == .f64Mul
        else { return nil }
        let factors = (code[lastStart + 2], code[lastStart + 3])
        func fresh(_ index: Int) -> Bool {
            stack[index].constant == nil && stack[index].slot == stack[index].home && code[lastStart + 1] == stack[index].home
        }
        if fresh(top) {
            dropLastInstruction()
            stack.removeLast()
            let a = pop()
            return (a, factors.0, factors.1)
        }
        // The product is the first operand: the second must not need writing (it would land on the
        // home slot the product's factors may still be read from).
        if commutative, fresh(top - 1), !(stack[top].constant != nil && stack[top].slot == stack[top].home) {
            dropLastInstruction()
            let addend = stack.removeLast().slot
            stack.removeLast()
            return (addend, factors.0, factors.1)
        }
        return nil
    }

    /// When the top entry is the fresh result of the load that `numeric`'s memory-operand form reads
    /// (emitted last, nothing read it since), removes that load and the entry and returns that form
    /// with the load's address operands.
    private mutating func foldedLoad(for numeric: NumericOp) -> (op: Op, operands: [UInt32])? {
        let fused: Op
        let load: Op
        switch numeric {
        case .i32Add: (fused, load) = (.i32AddLoad, .i32Load)
        case .f64Add: (fused, load) = (.f64AddLoad, .f64Load)
        case .f64Sub: (fused, load) = (.f64SubLoad, .f64Load)
        case .f64Mul: (fused, load) = (.f64MulLoad, .f64Load)
        default: return nil
        }
        let top = stack.count - 1
        guard top >= 1, stack[top].constant == nil, stack[top].slot == stack[top].home, lastEnd == code.count,
            lastStart + 5 == code.count, code[lastStart + 1] == stack[top].home,
            Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])) == load
        else { return nil }
        let operands = Array(code[(lastStart + 2)...])
        dropLastInstruction()
        stack.removeLast()
        return (fused, operands)
    }

    /// Pops an `i32` condition and chooses the branch instruction testing it, with its operands
    /// and a zero offset word last (to patch). When the condition was computed by an integer
    /// comparison just before, that comparison is removed and fused into the branch.
    private mutating func conditionalBranch(negated: Bool, foldingAdd: Bool = true) -> (op: Op, operands: [UInt32]) {
        let branch = conditionTest(negated: negated)
        return foldingAdd ? foldedAddImm(into: branch) : branch
    }

    /// When the instruction emitted last is an `i32.add` of a constant (nothing emitted or placed after
    /// it) whose result `branch` tests as its first operand (or, comparing two slots, its second),
    /// removes the add and returns the one instruction doing both; `branch` otherwise.
    private mutating func foldedAddImm(into branch: (op: Op, operands: [UInt32])) -> (op: Op, operands: [UInt32]) {
        guard let start = lastAddImm, start + 4 == code.count,
            Op(rawValue: UInt16(truncatingIfNeeded: code[start])) == .i32AddImm
        else { return branch }
        let destination = code[start + 1]
        var (op, operands) = branch
        if operands[0] != destination, operands.count == 3, operands[1] == destination, let swapped = op.swappedBranch {
            op = swapped
            operands.swapAt(0, 1)
        }
        guard operands[0] == destination, let fused = op.addImmBranch else { return branch }
        let add = Array(code[(start + 1)...])
        code.removeSubrange(start...)
        lastAddImm = nil
        lastCopy = nil
        lastDestination = nil
        lastEnd = -1
        return (fused, add + operands.dropFirst())
    }

    /// The branch testing the top entry, as `conditionalBranch` describes, before any add is folded in.
    private mutating func conditionTest(negated: Bool) -> (op: Op, operands: [UInt32]) {
        let top = stack.count - 1
        if top >= 0, let destination = lastDestination, stack[top].constant == nil, stack[top].slot == stack[top].home,
            code[destination] == stack[top].home, destination == lastStart + 1,
            let compare = Op(rawValue: UInt16(truncatingIfNeeded: code[lastStart])),
            let fused = compare.fusedBranch(negated: negated)
        {
            let operands = Array(code[(lastStart + 2)...])
            dropLastInstruction()
            stack.removeLast()
            return (fused, operands + [0])
        }
        let condition = pop()
        return (negated ? .brIfNot : .brIf, [condition, 0])
    }

    /// Emits an instruction whose first operand is a fresh result pushed on the stack.
    private mutating func emitProducing(_ op: Op, _ operands: UInt32...) {
        emitProducing(op, size: 1, operands)
    }

    mutating func emitProducing(_ op: Op, size: UInt32, _ operands: [UInt32]) {
        let destination = pushTemp(size: size)
        lastStart = code.count
        if op == .i32AddImm { lastAddImm = lastStart }
        code.append(UInt32(op.rawValue))
        let position = code.count
        code.append(destination)
        code.append(contentsOf: operands)
        lastDestination = position
        lastEnd = code.count
    }

    mutating func pushTemp(size: UInt32 = 1) -> UInt32 {
        let slot = nextHome
        push(Operand(slot: slot, home: slot, size: size))
        return slot
    }

    private mutating func push(_ operand: Operand) {
        stack.append(operand)
        maxSlots = max(maxSlots, Int(operand.home + operand.size))
    }

    private mutating func pushConstant(_ value: UInt64) {
        let home = nextHome
        push(Operand(slot: constantSlot[value] ?? home, home: home, size: 1, constant: value))
        lastDestination = nil
    }

    /// Pops the top entry and returns a slot holding its value (writing a constant without a
    /// constant slot to its home; a local or a constant slot is read where it is).
    mutating func pop() -> UInt32 {
        guard let top = stack.last else { return 0 }
        if top.constant != nil, top.slot == top.home { materialize(stack.count - 1) }
        return stack.removeLast().slot
    }

    /// Writes a constant into a slot.
    private mutating func emitConstant(_ value: UInt64, into slot: UInt32) {
        if value <= UInt64(UInt32.max) {
            emit(.const32, slot, UInt32(value))
        } else {
            emit(.const64, slot, UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32))
        }
    }

    /// Writes entry `index`'s value to its home slot if it lives elsewhere.
    private mutating func materialize(_ index: Int) {
        let slot = stack[index].home
        if stack[index].constant != nil || stack[index].slot != slot {
            emitMove(index, to: slot)
            stack[index].slot = slot
            stack[index].constant = nil
        }
    }

    /// Writes entry `index`'s value into `slot`.
    private mutating func emitMove(_ index: Int, to slot: UInt32) {
        if let value = stack[index].constant {
            emitConstant(value, into: slot)
        } else if stack[index].slot != slot {
            emit(stack[index].size == 2 ? .copy128 : .copy, slot, stack[index].slot)
        }
    }

    private mutating func materializeAll() {
        for index in stack.indices { materialize(index) }
    }

    /// Before local `slot` changes, entries still reading it get their own copy.
    private mutating func materializeReaders(of slot: UInt32) {
        for index in stack.indices where stack[index].constant == nil && stack[index].slot == slot && slot < UInt32(localSlots) {
            materialize(index)
        }
    }

    /// Marks the current position as a branch target: no peephole may reach across it.
    private mutating func label() -> Int {
        lastDestination = nil
        lastCopy = nil
        lastAddImm = nil
        lastEnd = -1
        zeroLocals.removeAll()
        return code.count
    }

    private mutating func patch(_ site: (Int, Int), to target: Int) {
        code[site.0] = UInt32(bitPattern: Int32(target - site.1))
    }

    // MARK: Branches

    /// Moves the top `count` entries to the slots from `slot` on (a label's slots).
    private mutating func moveTop(_ count: Int, toSlot slot: UInt32) {
        var destination = slot
        for index in (stack.count - count)..<stack.count {
            emitMove(index, to: destination)
            destination += stack[index].size
        }
    }

    private func needsMove(_ count: Int, toSlot slot: UInt32) -> Bool {
        var destination = slot
        for index in (stack.count - count)..<stack.count {
            if stack[index].constant != nil || stack[index].slot != destination { return true }
            destination += stack[index].size
        }
        return false
    }

    /// Emits an unconditional jump to control frame `depth` (0 is innermost), values already moved.
    private mutating func emitJump(toFrame index: Int) {
        let start = code.count
        if meteredBackEdge(.br, [0], toFrame: index) { return }
        emit(.br, 0)
        registerTarget(frame: index, site: (start + 1, start))
    }

    /// Under metering, a branch to a loop whose instruction has a metered form charges the loop's
    /// cost itself and jumps past the loop's checkpoint: one dispatch per iteration instead of two.
    /// `operands` end with the offset word. Returns false (emitting nothing) otherwise.
    private mutating func meteredBackEdge(_ op: Op, _ operands: [UInt32], toFrame index: Int) -> Bool {
        guard metering, controls[index].kind == .loop, let checkpoint = controls[index].checkpoint,
            checkpoint < checkpoints.count, let metered = op.meteredBackEdge
        else { return false }
        let start = code.count
        emit(metered, operands + [0])
        patch((code.count - 2, start), to: controls[index].loopStart + 2)
        checkpoints[checkpoint].sites.append(code.count - 1)
        return true
    }

    private mutating func registerTarget(frame index: Int, site: (Int, Int)) {
        if controls[index].kind == .loop {
            patch(site, to: controls[index].loopStart)
        } else {
            controls[index].pendingEnd.append(site)
        }
    }

    /// Emits the moves of results into slots 0..<n and the `return`.
    private mutating func emitReturn() {
        let count = type.results.count
        if count == 1, let top = stack.last, top.constant == nil, top.size == 1 {
            if top.slot != 0 {
                emit(.return1, top.slot)
                return
            }
        } else if count == 1 {
            if !stack.isEmpty { emitMove(stack.count - 1, to: 0) }
        } else if count > 1 {
            let base = stack.count - count
            for i in base..<stack.count { materialize(i) }
            moveTop(count, toSlot: 0)
        }
        emit(.return)
    }

    /// Emits the moves and jump of a branch to label `depth`. The compile-time stack is left as
    /// it was: the code emitted here runs only when the branch is taken.
    private mutating func branch(depth: UInt32) {
        let index = controls.count - 1 - Int(depth)
        if controls[index].kind == .function {
            let saved = stack
            emitReturn()
            stack = saved
            return
        }
        let frame = controls[index]
        moveTop(frame.labelCount, toSlot: frame.slotHeight)
        emitJump(toFrame: index)
    }

    private mutating func markUnreachable() {
        controls[controls.count - 1].unreachable = true
        lastDestination = nil
    }

    // MARK: Blocks

    private func blockSignature(_ type: BlockType) -> (params: [ValueType], results: [ValueType]) {
        switch type {
        case .empty: return ([], [])
        case .value(let type): return ([], [type])
        case .typeIndex(let index):
            guard Int(index) < module.types.count else { return ([], []) }
            let signature = module.types[Int(index)]
            return (signature.params, signature.results)
        }
    }

    private mutating func enterBlock(_ kind: ControlFrame.Kind, _ type: BlockType) {
        materializeAll()
        let (params, results) = blockSignature(type)
        // A block or `if` is entered only by falling into it: what is known about locals holds.
        let known = zeroLocals
        let start = label()
        if kind != .loop { zeroLocals = known }
        let height = max(stack.count - params.count, 0)
        let slotHeight = height < stack.count ? stack[height].home : nextHome
        controls.append(ControlFrame(kind: kind, height: height, slotHeight: slotHeight, params: params, results: results, loopStart: start))
    }

    /// Resets the stack to the frame's height plus values of `types` in their homes.
    private mutating func resetStack(to frame: ControlFrame, types: [ValueType]) {
        stack.removeSubrange(min(frame.height, stack.count)...)
        for type in types { _ = pushTemp(size: FunctionCompiler.size(of: type)) }
    }

    private mutating func endBlock() {
        guard var frame = controls.popLast() else { return }
        if frame.kind == .function {
            if !frame.unreachable { emitReturn() }
            controls.append(frame)
            closeCheckpoint()
            return
        }
        if frame.kind == .loop { closeCheckpoint() }
        if !frame.unreachable {
            moveTop(frame.resultCount, toSlot: frame.slotHeight)
        }
        if !frame.clauses.isEmpty, let start = frame.protectedStart {
            addCatchClauses(frame.clauses, protecting: start..<code.count, depth: controls.count)
        }
        let end = label()
        if let site = frame.pendingElse { patch(site, to: end) }
        for site in frame.pendingEnd { patch(site, to: end) }
        for index in frame.pendingHandlers { handlers[index].target = end }
        frame.pendingEnd.removeAll()
        resetStack(to: frame, types: frame.results)
    }

    private mutating func elseBlock() {
        guard var frame = controls.popLast() else { return }
        if !frame.unreachable {
            moveTop(frame.resultCount, toSlot: frame.slotHeight)
            let start = code.count
            emit(.br, 0)
            frame.pendingEnd.append((start + 1, start))
        }
        let elseStart = label()
        if let site = frame.pendingElse { patch(site, to: elseStart) }
        frame.pendingElse = nil
        frame.kind = .else
        frame.unreachable = false
        resetStack(to: frame, types: frame.params)
        controls.append(frame)
    }

    // MARK: Driver

    /// Compiles the body and returns the code with its frame layout.
    mutating func compile(body: FunctionBody) throws(CompileError) -> CompiledFunction {
        controls.append(ControlFrame(kind: .function, height: 0, slotHeight: stackBase, params: [], results: type.results, loopStart: 0))
        openCheckpoint()
        var reader = InstructionReader(bytes: module.bytes, range: body.range)
        var skipDepth = 0
        while !reader.isAtEnd {
            let instruction: Instruction
            do { instruction = try reader.next() } catch { throw CompileError(message: error.description) }
            if controls.last?.unreachable == true {
                switch instruction {
                case .block, .loop, .if, .tryTable, .try: skipDepth += 1; continue
                case .end where skipDepth > 0, .delegate where skipDepth > 0: skipDepth -= 1; continue
                case .else where skipDepth == 0, .catch where skipDepth == 0, .catchAll where skipDepth == 0: break
                case .end, .delegate: break
                default: continue
                }
            }
            if case .end = instruction, controls.count == 1 {
                endBlock()
                break
            }
            if metering, !checkpoints.isEmpty { checkpoints[checkpoints.count - 1].count &+= 1 }
            try compile(instruction)
        }
        if !returningHandlers.isEmpty {
            let stub = label()
            emit(.return)
            for index in returningHandlers { handlers[index].target = stub }
        }
        guard UInt64(maxSlots) < FunctionCompiler.slotLimit else {
            throw CompileError(message: "function needs too many stack slots")
        }
        for position in frameTopPatches { code[position] = UInt32(maxSlots) }
        return CompiledFunction(
            code: code, frameSlots: maxSlots, paramSlots: FunctionCompiler.slots(of: type.params), localSlots: localSlots,
            resultSlots: FunctionCompiler.slots(of: type.results), constants: constants, handlers: handlers)
    }

    private mutating func compile(_ instruction: Instruction) throws(CompileError) {
        switch instruction {
        case .unreachable:
            emit(.unreachable)
            markUnreachable()
        case .nop:
            break
        case .block(let type):
            enterBlock(.block, type)
        case .loop(let type):
            enterBlock(.loop, type)
            openCheckpoint()
            if metering { controls[controls.count - 1].checkpoint = checkpoints.count - 1 }
        case .if(let type):
            let branch = conditionalBranch(negated: true)
            enterBlock(.if, type)
            let start = code.count
            emit(branch.op, branch.operands)
            controls[controls.count - 1].pendingElse = (code.count - 1, start)
        case .else:
            elseBlock()
        case .end:
            endBlock()
        case .br(let depth):
            branch(depth: depth)
            markUnreachable()
        case .brIf(let depth):
            let index = controls.count - 1 - Int(depth)
            let frame = controls[index]
            let conditionEntry = stack.removeLast()
            let direct = frame.kind != .function && !needsMove(frame.labelCount, toSlot: frame.slotHeight)
            stack.append(conditionEntry)
            if direct {
                // A metered loop's back edge keeps its own branch (which has a metered form).
                let condition = conditionalBranch(negated: false, foldingAdd: !(metering && frame.kind == .loop))
                if meteredBackEdge(condition.op, condition.operands, toFrame: index) { break }
                let start = code.count
                emit(condition.op, condition.operands)
                registerTarget(frame: index, site: (code.count - 1, start))
            } else {
                let condition = conditionalBranch(negated: true)
                let start = code.count
                emit(condition.op, condition.operands)
                let site = (code.count - 1, start)
                branch(depth: depth)
                patch(site, to: label())
            }
        case .brTable(let targets, let defaultTarget):
            let index = pop()
            let all = targets + [defaultTarget]
            let start = code.count
            lastAddImm = nil
            code.append(UInt32(Op.brTable.rawValue))
            code.append(index)
            code.append(UInt32(all.count - 1))
            let table = code.count
            code.append(contentsOf: repeatElement(0, count: all.count))
            lastDestination = nil
            var stubs: [UInt32: Int] = [:]
            for (i, depth) in all.enumerated() {
                let frameIndex = controls.count - 1 - Int(depth)
                let frame = controls[frameIndex]
                if frame.kind != .function && !needsMove(frame.labelCount, toSlot: frame.slotHeight) {
                    registerTarget(frame: frameIndex, site: (table + i, start))
                } else if let stub = stubs[depth] {
                    patch((table + i, start), to: stub)
                } else {
                    let stub = label()
                    stubs[depth] = stub
                    patch((table + i, start), to: stub)
                    branch(depth: depth)
                }
            }
            markUnreachable()
        case .return:
            emitReturn()
            markUnreachable()
        case .call(let function):
            try emitCall(type: functionType(function), op: .call, immediates: [function])
        case .callIndirect(let typeIndex, let tableIndex):
            if isTable64(tableIndex) { saturateIndex(at: stack.count - 1) }
            let indexSlot = pop()
            guard Int(typeIndex) < module.types.count else { throw CompileError(message: "unknown type") }
            try emitCall(type: module.types[Int(typeIndex)], op: .callIndirect, immediates: [typeIndex, tableIndex, indexSlot])
        case .returnCall(let function):
            try emitTailCall(type: functionType(function), op: .returnCall, immediates: [function])
        case .returnCallIndirect(let typeIndex, let tableIndex):
            if isTable64(tableIndex) { saturateIndex(at: stack.count - 1) }
            let indexSlot = pop()
            guard Int(typeIndex) < module.types.count else { throw CompileError(message: "unknown type") }
            try emitTailCall(type: module.types[Int(typeIndex)], op: .returnCallIndirect, immediates: [typeIndex, tableIndex, indexSlot])
        case .callRef(let typeIndex):
            let reference = pop()
            guard Int(typeIndex) < module.types.count else { throw CompileError(message: "unknown type") }
            try emitCall(type: module.types[Int(typeIndex)], op: .callRef, immediates: [reference])
        case .returnCallRef(let typeIndex):
            let reference = pop()
            guard Int(typeIndex) < module.types.count else { throw CompileError(message: "unknown type") }
            try emitTailCall(type: module.types[Int(typeIndex)], op: .returnCallRef, immediates: [reference])
        case .refAsNonNull:
            let value = pop()
            emitProducing(.refAsNonNull, value)
        case .brOnNull(let depth):
            // Branches (dropping the null) when the reference on top is null; it stays otherwise.
            let site = skipUnlessNull(true)
            let kept = stack.removeLast()
            branch(depth: depth)
            stack.append(kept)
            patch(site, to: label())
        case .brOnNonNull(let depth):
            // Branches with the reference when it is not null; drops it otherwise.
            let site = skipUnlessNull(false)
            branch(depth: depth)
            patch(site, to: label())
            stack.removeLast()
        case .refEq:
            let b = pop(), a = pop()
            emitGC(.refEq, result: 1, [a, b])
        case .gc(let instruction):
            try compileGC(instruction)
        case .throw(let tag):
            let count = try tagType(tag).params.count
            let base = stack.count - count
            for i in base..<stack.count { materialize(i) }
            let payloadBase = count > 0 ? stack[base].home : nextHome
            stack.removeLast(count)
            emit(.throw, tag, payloadBase)
            markUnreachable()
        case .throwRef:
            let reference = pop()
            emit(.throwRef, reference)
            markUnreachable()
        case .tryTable(let type, let clauses):
            let resolved = clauses.map { (clause: $0, target: controls.count - 1 - Int($0.label)) }
            enterBlock(.block, type)
            controls[controls.count - 1].protectedStart = code.count
            controls[controls.count - 1].clauses = resolved
        case .try(let type):
            enterBlock(.block, type)
            controls[controls.count - 1].protectedStart = code.count
        case .catch(let tag):
            try legacyCatch(tag: tag)
        case .catchAll:
            try legacyCatch(tag: nil)
        case .delegate(let depth):
            let index = controls.count - 1
            if let start = controls[index].protectedStart {
                handlers.append(HandlerEntry(start: start, end: code.count, kind: .delegate, depth: index, delegateDepth: index - 1 - Int(depth)))
            }
            endBlock()
        case .rethrow(let depth):
            let index = controls.count - 1 - Int(depth)
            guard index >= 0, let handler = controls[index].catchHandler else { throw CompileError(message: "invalid rethrow label") }
            handlers[handler].keepsReference = true
            emit(.throwRef, controls[index].slotHeight)
            markUnreachable()
        case .refNull:
            pushConstant(0)
        case .refIsNull:
            let value = pop()
            emitProducing(.refIsNull, value)
        case .refFunc(let function):
            emitProducing(.refFunc, function)
        case .drop:
            stack.removeLast()
            lastDestination = nil
        case .select, .selectTyped:
            let condition = pop()
            let size = stack.last?.size ?? 1
            let second = pop()
            let first = pop()
            emitProducing(size == 2 ? .select128 : .select, size: size, [first, second, condition])
        case .localGet(let index):
            guard Int(index) < localSlot.count else { throw CompileError(message: "unknown local \(index)") }
            push(Operand(slot: localSlot[Int(index)], home: nextHome, size: FunctionCompiler.size(of: localTypes[Int(index)])))
            lastDestination = nil
        case .localSet(let index):
            setLocal(index, keep: false)
        case .localTee(let index):
            setLocal(index, keep: true)
        case .globalGet(let index):
            if globalType(index) == .v128 {
                emitProducing(.globalGet128, size: 2, [index])
            } else {
                emitProducing(.globalGet, index)
            }
        case .globalSet(let index):
            let value = pop()
            emit(globalType(index) == .v128 ? .globalSet128 : .globalSet, value, index)
        case .tableGet(let table):
            if isTable64(table) { saturateIndex(at: stack.count - 1) }
            let index = pop()
            emitProducing(.tableGet, table, index)
        case .tableSet(let table):
            if isTable64(table) { saturateIndex(at: stack.count - 2) }
            let value = pop()
            let index = pop()
            emit(.tableSet, table, index, value)
        case .tableInit(let elem, let table):
            if isTable64(table) { saturateIndex(at: stack.count - 3) }
            let count = pop(), source = pop(), destination = pop()
            emit(.tableInit, table, elem, destination, source, count)
        case .elemDrop(let elem):
            emit(.elemDrop, elem)
        case .tableCopy(let destinationTable, let sourceTable):
            if isTable64(destinationTable) && isTable64(sourceTable) { saturateIndex(at: stack.count - 1) }
            if isTable64(sourceTable) { saturateIndex(at: stack.count - 2) }
            if isTable64(destinationTable) { saturateIndex(at: stack.count - 3) }
            let count = pop(), source = pop(), destination = pop()
            emit(.tableCopy, destinationTable, sourceTable, destination, source, count)
        case .tableGrow(let table):
            if isTable64(table) { saturateIndex(at: stack.count - 1) }
            let count = pop(), initial = pop()
            emitProducing(.tableGrow, table, initial, count)
            // An i64 table's -1 is 64 bits wide; old sizes are below 2^31, so sign extension is exact.
            if isTable64(table) { emitProducing(.i64ExtendI32S, pop()) }
        case .tableSize(let table):
            emitProducing(.tableSize, table)
        case .tableFill(let table):
            if isTable64(table) {
                saturateIndex(at: stack.count - 1)
                saturateIndex(at: stack.count - 3)
            }
            let count = pop(), value = pop(), start = pop()
            emit(.tableFill, table, start, value, count)
        case .load(let op, let memarg) where !isFastMemory(memarg.memory):
            let address = pop()
            emitProducing(.memoryOp, size: 1, [UInt32(op.rawValue), memarg.memory, address] + FunctionCompiler.offsetWords(memarg.offset) + [0])
        case .store(let op, let memarg) where !isFastMemory(memarg.memory):
            let value = pop()
            let address = pop()
            emit(.memoryOp, [0, UInt32(op.rawValue), memarg.memory, address, value] + FunctionCompiler.offsetWords(memarg.offset))
        case .memorySize(let memory) where !isFastMemory(memory):
            emitProducing(.memoryOp, size: 1, [0x3F, memory, 0, 0, 0, 0])
        case .memoryGrow(let memory) where !isFastMemory(memory):
            let delta = pop()
            emitProducing(.memoryOp, size: 1, [0x40, memory, delta, 0, 0, 0])
        case .memoryInit(let data, let memory) where !isFastMemory(memory):
            let count = pop(), source = pop(), destination = pop()
            emit(.memoryOp, [0, 0xFC08, memory, destination, source, count, data])
        case .memoryCopy(let destinationMemory, let sourceMemory) where !isFastMemory(destinationMemory) || !isFastMemory(sourceMemory):
            let count = pop(), source = pop(), destination = pop()
            emit(.memoryOp, [0, 0xFC0A, destinationMemory, destination, source, count, sourceMemory])
        case .memoryFill(let memory) where !isFastMemory(memory):
            let count = pop(), value = pop(), destination = pop()
            emit(.memoryOp, [0, 0xFC0B, memory, destination, value, count, 0])
        case .load(let op, let memarg):
            // Memory 0 with i32 addresses: offsets are below 2^32 (validated).
            let offset = UInt32(truncatingIfNeeded: memarg.offset)
            if let indexed = Op.indexedLoad(op), let (base, index) = foldedIndex(at: stack.count - 1) {
                stack.removeLast()
                emitProducing(indexed, base, index, offset)
                return
            }
            let (address, k) = foldedAddress(at: stack.count - 1)
            stack.removeLast()
            emitProducing(Op.load(op), address, offset, k)
        case .store(let op, let memarg):
            let (address, k) = foldedAddress(at: stack.count - 2)
            let value = pop()
            stack.removeLast()
            emit(Op.store(op), address, value, UInt32(truncatingIfNeeded: memarg.offset), k)
        case .memorySize:
            emitProducing(.memorySize)
        case .memoryGrow:
            let delta = pop()
            emitProducing(.memoryGrow, delta)
        case .memoryInit(let data, _):
            let count = pop(), source = pop(), destination = pop()
            emit(.memoryInit, data, destination, source, count)
        case .dataDrop(let data):
            emit(.dataDrop, data)
        case .memoryCopy:
            let count = pop(), source = pop(), destination = pop()
            emit(.memoryCopy, destination, source, count)
        case .memoryFill:
            let count = pop(), value = pop(), destination = pop()
            emit(.memoryFill, destination, value, count)
        case .i32Const(let value):
            pushConstant(UInt64(UInt32(bitPattern: value)))
        case .i64Const(let value):
            pushConstant(UInt64(bitPattern: value))
        case .f32Const(let bits):
            pushConstant(UInt64(bits))
        case .f64Const(let bits):
            pushConstant(bits)
        case .numeric(let numeric):
            let op = Op(numeric)
            if let constant = stack.last?.constant, let immediate = Op.immediateForm(of: numeric, constant: constant) {
                stack.removeLast()
                let a = pop()
                emitProducing(immediate.op, a, immediate.value)
            } else if numeric == .i32Xor, let folded = foldedShift() {
                let a = pop()
                emitProducing(folded.op, a, folded.source, folded.k)
            } else if numeric == .f64Add || numeric == .f64Sub, let product = foldedProduct(commutative: numeric == .f64Add) {
                emitProducing(numeric == .f64Add ? .f64AddMul : .f64SubMul, product.addend, product.b, product.c)
            } else if let folded = foldedLoad(for: numeric) {
                let a = pop()
                emitProducing(folded.op, size: 1, [a] + folded.operands)
            } else if numeric.info.secondOperand != nil {
                let b = pop()
                let a = pop()
                emitProducing(op, a, b)
            } else {
                let a = pop()
                emitProducing(op, a)
            }
        case .v128Const(let value):
            emitProducing(.const128, size: 2, [
                UInt32(truncatingIfNeeded: value.lo), UInt32(truncatingIfNeeded: value.lo >> 32),
                UInt32(truncatingIfNeeded: value.hi), UInt32(truncatingIfNeeded: value.hi >> 32),
            ])
        case .i8x16Shuffle, .simd:
            try compileSIMD(instruction)
        }
    }

    /// The value type of global `index` (imported globals first).
    private func globalType(_ index: UInt32) -> ValueType {
        var remaining = Int(index)
        for entry in module.imports {
            if case .global(let type) = entry.descriptor {
                if remaining == 0 { return type.valueType }
                remaining -= 1
            }
        }
        return remaining < module.globals.count ? module.globals[remaining].type.valueType : .i32
    }

    private func functionType(_ index: UInt32) throws(CompileError) -> FuncType {
        var remaining = Int(index)
        for entry in module.imports {
            if case .function(let typeIndex) = entry.descriptor {
                if remaining == 0 {
                    guard Int(typeIndex) < module.types.count else { break }
                    return module.types[Int(typeIndex)]
                }
                remaining -= 1
            }
        }
        guard remaining < module.functions.count, Int(module.functions[remaining]) < module.types.count else {
            throw CompileError(message: "unknown function \(index)")
        }
        return module.types[Int(module.functions[remaining])]
    }

    /// Tests the reference on top of the stack (which stays there) and emits a branch, to patch, that
    /// skips what follows unless the reference is null (`whenNull`) or unless it is not null.
    private mutating func skipUnlessNull(_ whenNull: Bool) -> (Int, Int) {
        let reference = stack.count - 1
        if stack[reference].constant != nil { materialize(reference) }
        emitProducing(.refIsNull, stack[reference].slot)
        let condition = conditionalBranch(negated: whenNull)
        let start = code.count
        emit(condition.op, condition.operands)
        return (code.count - 1, start)
    }

    private mutating func emitCall(type: FuncType, op: Op, immediates: [UInt32]) throws(CompileError) {
        let count = type.params.count
        let base = stack.count - count
        for i in base..<stack.count { materialize(i) }
        let argumentBase = count > 0 ? stack[base].home : nextHome
        stack.removeLast(count)
        lastAddImm = nil
        code.append(UInt32(op.rawValue))
        code.append(contentsOf: immediates)
        code.append(argumentBase)
        lastDestination = nil
        for result in type.results { _ = pushTemp(size: FunctionCompiler.size(of: result)) }
        // The callee's frame starts at argumentBase; its results land in the caller's homes.
        let exchanged = max(FunctionCompiler.slots(of: type.params), FunctionCompiler.slots(of: type.results))
        maxSlots = max(maxSlots, Int(argumentBase) + exchanged)
    }

    /// A tail call: arguments materialized in their homes, then `op immediates... argBase`; nothing
    /// after it in the block runs.
    private mutating func emitTailCall(type: FuncType, op: Op, immediates: [UInt32]) throws(CompileError) {
        let count = type.params.count
        let base = stack.count - count
        for i in base..<stack.count { materialize(i) }
        let argumentBase = count > 0 ? stack[base].home : nextHome
        stack.removeLast(count)
        lastAddImm = nil
        code.append(UInt32(op.rawValue))
        code.append(contentsOf: immediates)
        code.append(argumentBase)
        lastDestination = nil
        maxSlots = max(maxSlots, Int(argumentBase) + FunctionCompiler.slots(of: type.params), FunctionCompiler.slots(of: type.params))
        markUnreachable()
    }

    /// The type of tag `index` (imported tags first).
    private func tagType(_ index: UInt32) throws(CompileError) -> FuncType {
        let indices = module.tagTypeIndices
        guard Int(index) < indices.count, Int(indices[Int(index)]) < module.types.count else {
            throw CompileError(message: "unknown tag \(index)")
        }
        return module.types[Int(indices[Int(index)])]
    }

    /// Handler entries for a `try_table`'s catch clauses, protecting `range`. Each hands the payload
    /// (and for the `_ref` forms the `exnref` after it) to its target label's slots and branches there.
    private mutating func addCatchClauses(_ clauses: [(clause: CatchClause, target: Int)], protecting range: Range<Int>, depth: Int) {
        for (clause, target) in clauses {
            guard target >= 0, target < controls.count else { continue }
            var entry = HandlerEntry(start: range.lowerBound, end: range.upperBound, kind: .all, depth: depth)
            let frame = controls[target]
            let destination = frame.kind == .function ? 0 : Int(frame.slotHeight)
            var payloadSlots = 0
            switch clause {
            case .catch(let tag, _), .catchRef(let tag, _):
                entry.kind = .tag
                entry.tag = tag
                entry.payloadSlot = destination
                payloadSlots = (try? tagType(tag)).map { FunctionCompiler.slots(of: $0.params) } ?? 0
            case .catchAll, .catchAllRef:
                break
            }
            switch clause {
            case .catchRef, .catchAllRef:
                entry.referenceSlot = destination + payloadSlots
                entry.keepsReference = true
                maxSlots = max(maxSlots, destination + payloadSlots + 1)
            case .catch, .catchAll:
                maxSlots = max(maxSlots, destination + payloadSlots)
            }
            let index = handlers.count
            switch frame.kind {
            case .function: returningHandlers.append(index)
            case .loop: entry.target = frame.loopStart
            default: controls[target].pendingHandlers.append(index)
            }
            handlers.append(entry)
        }
    }

    /// A legacy `catch` (`tag` given) or `catch_all`: ends the `try` body (or the previous clause) as
    /// `else` ends an `if`, and starts the clause with the `exnref` in the frame's first slot (for
    /// `rethrow`) and the payload after it. The clause's handler protects the `try` body.
    private mutating func legacyCatch(tag: UInt32?) throws(CompileError) {
        guard var frame = controls.popLast() else { return }
        let bodyEnd = frame.protectedEnd ?? code.count
        if !frame.unreachable {
            moveTop(frame.resultCount, toSlot: frame.slotHeight)
            let start = code.count
            emit(.br, 0)
            frame.pendingEnd.append((start + 1, start))
        }
        let clauseStart = label()
        frame.protectedEnd = bodyEnd
        frame.unreachable = false
        let depth = controls.count
        var entry = HandlerEntry(start: frame.protectedStart ?? bodyEnd, end: bodyEnd, kind: .all, depth: depth)
        entry.target = clauseStart
        entry.referenceSlot = Int(frame.slotHeight)
        var params: [ValueType] = []
        if let tag {
            params = try tagType(tag).params
            entry.kind = .tag
            entry.tag = tag
            entry.payloadSlot = Int(frame.slotHeight) + 1
        }
        frame.catchHandler = handlers.count
        handlers.append(entry)
        resetStack(to: frame, types: [])
        controls.append(frame)
        _ = pushTemp()  // the exnref, below the clause's operands
        for type in params { _ = pushTemp(size: FunctionCompiler.size(of: type)) }
    }

    private mutating func setLocal(_ index: UInt32, keep: Bool) {
        guard Int(index) < localSlot.count else { return }
        let slot = localSlot[Int(index)]
        let top = stack.count - 1
        guard top >= 0 else { return }
        if stack[top].constant == 0, stack[top].size == 1, zeroLocals.contains(index) {
            // Setting a local that still holds its initial zero to zero: nothing to do.
            if keep {
                stack[top].slot = slot
                stack[top].constant = nil
            } else {
                stack.removeLast()
            }
            lastDestination = nil
            return
        }
        zeroLocals.remove(index)
        materializeReaders(of: slot)
        if let destination = lastDestination, stack[top].constant == nil, stack[top].slot == stack[top].home,
            code[destination] == stack[top].home
        {
            // The value was just computed into the top's home: compute it into the local instead.
            code[destination] = slot
            lastDestination = nil
        } else {
            emitMove(top, to: slot)
        }
        if keep {
            stack[top].slot = slot
            stack[top].constant = nil
        } else {
            stack.removeLast()
        }
    }
}

extension Op {
    static func load(_ op: LoadOp) -> Op {
        switch op {
        case .i32Load: return .i32Load
        case .i64Load: return .i64Load
        case .f32Load: return .f32Load
        case .f64Load: return .f64Load
        case .i32Load8S: return .i32Load8S
        case .i32Load8U: return .i32Load8U
        case .i32Load16S: return .i32Load16S
        case .i32Load16U: return .i32Load16U
        case .i64Load8S: return .i64Load8S
        case .i64Load8U: return .i64Load8U
        case .i64Load16S: return .i64Load16S
        case .i64Load16U: return .i64Load16U
        case .i64Load32S: return .i64Load32S
        case .i64Load32U: return .i64Load32U
        }
    }

    static func store(_ op: StoreOp) -> Op {
        switch op {
        case .i32Store: return .i32Store
        case .i64Store: return .i64Store
        case .f32Store: return .f32Store
        case .f64Store: return .f64Store
        case .i32Store8: return .i32Store8
        case .i32Store16: return .i32Store16
        case .i64Store8: return .i64Store8
        case .i64Store16: return .i64Store16
        case .i64Store32: return .i64Store32
        }
    }
}

// MARK: - GC instructions

extension FunctionCompiler {
    /// Emits `gc sub [dst] words...` (eight operand words), with a fresh result of `result` slots
    /// as its first word when it produces one. `top` marks the word that gets the frame's size.
    private mutating func emitGC(_ sub: GCOp, result: UInt32? = nil, _ words: [UInt32], top: Int? = nil) {
        var operands = [sub.rawValue]
        if let result { operands.append(pushTemp(size: result)) }
        operands.append(contentsOf: words)
        if let top { frameTopPatches.append(code.count + 1 + (result == nil ? 1 : 2) + top) }
        while operands.count < 8 { operands.append(0) }
        emit(.gc, operands)
    }

    /// Materialises the top `count` entries in their homes and pops them; the first one's slot.
    private mutating func popArguments(_ count: Int) -> UInt32 {
        let base = stack.count - count
        for i in base..<stack.count { materialize(i) }
        let argumentBase = count > 0 ? stack[base].home : nextHome
        stack.removeLast(count)
        maxSlots = max(maxSlots, Int(argumentBase) + 1)
        return argumentBase
    }

    private func definition(_ index: UInt32) throws(CompileError) -> CompositeType {
        guard Int(index) < module.typeDefinitions.count else { throw CompileError(message: "unknown type \(index)") }
        return module.typeDefinitions[Int(index)].composite
    }

    private func structFields(_ index: UInt32) throws(CompileError) -> [FieldType] {
        guard case .struct(let fields) = try definition(index) else { throw CompileError(message: "type \(index) is not a structure") }
        return fields
    }

    private func arrayElement(_ index: UInt32) throws(CompileError) -> FieldType {
        guard case .array(let element) = try definition(index) else { throw CompileError(message: "type \(index) is not an array") }
        return element
    }

    /// Slots a value read from a field or element takes.
    private static func slots(of field: FieldType) -> UInt32 { GCStorage(field.storage) == .v128 ? 2 : 1 }

    private mutating func compileGC(_ instruction: GCInstruction) throws(CompileError) {
        switch instruction {
        case .structNew(let type):
            let fields = try structFields(type)
            let base = popArguments(fields.count)
            emitGC(.structNew, result: 1, [type, base, 0], top: 2)
        case .structNewDefault(let type):
            emitGC(.structNewDefault, result: 1, [type, 0], top: 1)
        case .structGet(let type, let index, let packing):
            let fields = try structFields(type)
            guard Int(index) < fields.count else { throw CompileError(message: "unknown field \(index)") }
            let field = fields[Int(index)]
            let offset = GCLayout.offsets(of: fields).offsets[Int(index)]
            var mode: UInt32 = 0
            switch (GCStorage(field.storage), packing) {
            case (.i8, .signed): mode = 1
            case (.i8, _): mode = 2
            case (.i16, .signed): mode = 3
            case (.i16, _): mode = 4
            case (.v128, _): mode = 5
            default: mode = 0
            }
            let reference = pop()
            emitGC(.structGet, result: Self.slots(of: field), [reference, UInt32(offset), mode])
        case .structSet(let type, let index):
            let fields = try structFields(type)
            guard Int(index) < fields.count else { throw CompileError(message: "unknown field \(index)") }
            let offset = GCLayout.offsets(of: fields).offsets[Int(index)]
            let storage = GCStorage(fields[Int(index)].storage)
            let mode: UInt32 = storage == .i8 ? 1 : storage == .i16 ? 2 : storage == .v128 ? 5 : 0
            let value = pop(), reference = pop()
            emitGC(.structSet, [reference, value, UInt32(offset), mode])
        case .arrayNew(let type):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let length = pop(), value = pop()
            emitGC(.arrayNew, result: 1, [type, value, length, 0, bytes], top: 3)
        case .arrayNewDefault(let type):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let length = pop()
            emitGC(.arrayNewDefault, result: 1, [type, length, 0, bytes], top: 2)
        case .arrayNewFixed(let type, let count):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            guard Int(count) <= stack.count else { throw CompileError(message: "array.new_fixed of more values than the stack holds") }
            let base = popArguments(Int(count))
            emitGC(.arrayNewFixed, result: 1, [type, base, count, 0, bytes], top: 3)
        case .arrayNewData(let type, let data):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let length = pop(), offset = pop()
            emitGC(.arrayNewData, result: 1, [type, data, offset, length, 0, bytes], top: 4)
        case .arrayNewElem(let type, let element):
            let length = pop(), offset = pop()
            emitGC(.arrayNewElem, result: 1, [type, element, offset, length, 0], top: 4)
        case .arrayGet(let type, let packing):
            let element = try arrayElement(type)
            let storage = GCStorage(element.storage)
            let index = pop(), reference = pop()
            emitGC(.arrayGet, result: Self.slots(of: element), [reference, index, UInt32(storage.elementBytes), packing == .signed ? 1 : 0])
        case .arraySet(let type):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let value = pop(), index = pop(), reference = pop()
            emitGC(.arraySet, [reference, index, value, bytes])
        case .arrayLen:
            let reference = pop()
            emitGC(.arrayLen, result: 1, [reference])
        case .arrayFill(let type):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let count = pop(), value = pop(), offset = pop(), reference = pop()
            emitGC(.arrayFill, [reference, offset, value, count, bytes])
        case .arrayCopy(let destination, _):
            let bytes = UInt32(GCStorage(try arrayElement(destination).storage).elementBytes)
            let count = pop(), sourceOffset = pop(), source = pop(), targetOffset = pop(), target = pop()
            emitGC(.arrayCopy, [target, targetOffset, source, sourceOffset, count, bytes])
        case .arrayInitData(let type, let data):
            let bytes = UInt32(GCStorage(try arrayElement(type).storage).elementBytes)
            let count = pop(), sourceOffset = pop(), targetOffset = pop(), reference = pop()
            emitGC(.arrayInitData, [reference, targetOffset, data, sourceOffset, count, bytes])
        case .arrayInitElem(let type, let element):
            _ = try arrayElement(type)
            let count = pop(), sourceOffset = pop(), targetOffset = pop(), reference = pop()
            emitGC(.arrayInitElem, [reference, targetOffset, element, sourceOffset, count])
        case .refTest(let type):
            let reference = pop()
            emitGC(.refTest, result: 1, [reference, type.rawValue])
        case .refCast(let type):
            let reference = pop()
            emitGC(.refCast, result: 1, [reference, type.rawValue])
        case .brOnCast(let depth, _, let to), .brOnCastFail(let depth, _, let to):
            // Tests the reference on top (it stays), then branches when the test passes (br_on_cast)
            // or fails (br_on_cast_fail); the value keeps its slot either way.
            let reference = stack.count - 1
            if stack[reference].constant != nil { materialize(reference) }
            emitGC(.refTest, result: 1, [stack[reference].slot, to.rawValue])
            var isFail = false
            if case .brOnCastFail = instruction { isFail = true }
            let condition = conditionalBranch(negated: !isFail)
            let start = code.count
            emit(condition.op, condition.operands)
            let site = (code.count - 1, start)
            branch(depth: depth)
            patch(site, to: label())
        case .anyConvertExtern, .externConvertAny:
            // `externref` and `anyref` share one encoding: the value is unchanged.
            break
        case .refI31:
            let value = pop()
            emitGC(.refI31, result: 1, [value])
        case .i31Get(let signed):
            let reference = pop()
            emitGC(.i31Get, result: 1, [reference, signed ? 1 : 0])
        }
    }
}
