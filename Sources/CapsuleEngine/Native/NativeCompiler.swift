#if arch(x86_64)
import CapsuleBinary
import CapsuleValidation

// Instruction selection for x86-64: one pass over a function's internal code (the `Op` stream the
// FunctionCompiler produced, validated, with slots and branches resolved), emitting machine code that
// works on the very same frame. Register conventions (see Docs/ARCHITECTURE.md, "Native tier"):
//   rbx  frame pointer: slot i is [rbx + 8*i]
//   r14  the store's native context (NativeContext.Word offsets)
//   r15  memory 0's base, r13 its byte size (reloaded from the context after every helper call)
//   rax, rcx, rdx, rsi, rdi, r8-r11, xmm0-xmm2: scratch. rsp is 16-byte aligned inside a body.
// Values live in their slots between instructions; rax caches the slot the previous instruction
// wrote (write-through), so an instruction reading it skips the reload.

/// Translates one function's internal code to x86-64, or gives up (nil) on an op it does not compile.
struct NativeCompiler {
    typealias Reg = X64Reg
    let code: UnsafeMutablePointer<UInt32>
    let words: Int
    let function: UnsafeMutablePointer<FunctionRecord>
    let instance: UnsafeMutablePointer<InstanceRecord>
    var asm = X64Assembler()
    private var labels: [Int: X64Label] = [:]
    private var trapLabels: [Int: X64Label] = [:]
    private var exitLabel: X64Label
    /// The function's first instruction (self-recursive calls go straight there).
    private var entryLabel: X64Label
    /// The slot whose value rax holds (written through to the slot), if any.
    var raxSlot: Int?
    /// Slot values also held in general registers since the last label or call (written through,
    /// as every result is): slot -> register, register number -> slot, next register to hand out.
    var gprSlots: [Int: Reg] = [:]
    var gprOwners = [Int?](repeating: nil, count: 16)
    var gprNext = 0
    /// The registers that hold copies: none is a scratch register of any instruction sequence except
    /// the call sequences, which forget every copy first. r12 and rbp are saved by the entry trampoline.
    static let copyRegisters: [Reg] = [.r8, .r9, .r10, .r11, .rsi, .rdi, .r12, .rbp]
    /// Float values held in xmm3...xmm15 since the last label or call, written through to their slots
    /// as well: slot -> (register number, whether it holds an f64).
    var xmmSlots: [Int: (reg: UInt8, double: Bool)] = [:]
    /// Register number -> the slot it holds, and the next register to hand out (round robin).
    var xmmOwners = [Int?](repeating: nil, count: 16)
    var xmmNext: UInt8 = 3
    /// With metering: the out-of-line stubs of metered back edges (stub, cost, where the branch goes).
    private var meteredStubs: [(stub: X64Label, cost: UInt32, target: X64Label)] = []
    /// While a metered branch is emitted as its plain form: the target word and the stub to go to instead.
    private var redirect: (word: Int, stub: X64Label)?
    /// Ops that made compilation give up (for statistics).
    private(set) var unsupported: String?

    init(code: UnsafeMutablePointer<UInt32>, words: Int, function: UnsafeMutablePointer<FunctionRecord>, instance: UnsafeMutablePointer<InstanceRecord>) {
        self.code = code
        self.words = words
        self.function = function
        self.instance = instance
        exitLabel = asm.newLabel()
        entryLabel = asm.newLabel()
    }

    static let fp = Reg.rbx, ctx = Reg.r14, memBase = Reg.r15, memSize = Reg.r13

    func slot(_ index: UInt32) -> X64Mem { X64Mem(base: Self.fp, disp: Int32(truncatingIfNeeded: Int(index) * 8)) }
    private func ctxWord(_ word: NativeContext.Word) -> X64Mem { X64Mem(base: Self.ctx, disp: Int32(word.rawValue * 8)) }

    mutating func load(_ reg: Reg, _ index: UInt32, w: Bool = true) {
        if raxSlot == Int(index) {
            if reg != .rax { asm.mov(reg, .rax, w: w) }
        } else if let copy = gprSlots[Int(index)] {
            asm.mov(reg, copy, w: w)
            if reg == .rax { raxSlot = w ? Int(index) : nil }
        } else {
            asm.load(reg, slot(index), w: w)
            // A 32-bit load holds the slot's low half only: not a copy of the slot.
            if reg == .rax { raxSlot = w ? Int(index) : nil }
        }
    }
    /// Stores rax (all 64 bits) to a slot and remembers it.
    mutating func storeRAX(_ index: UInt32) {
        asm.store(slot(index), .rax)
        raxSlot = Int(index)
        forgetFloat(Int(index))
        forgetRegister(Int(index))
        let copy = Self.copyRegisters[gprNext]
        gprNext = (gprNext + 1) % Self.copyRegisters.count
        if let owner = gprOwners[Int(copy.number)] { gprSlots[owner] = nil }
        asm.mov(copy, .rax)
        gprSlots[Int(index)] = copy
        gprOwners[Int(copy.number)] = Int(index)
    }

    /// The register holding a slot's value right now, if one does.
    func cachedRegister(_ index: UInt32) -> Reg? { raxSlot == Int(index) ? .rax : gprSlots[Int(index)] }

    /// `kind dst, slot`, reading the slot's register copy when there is one.
    mutating func aluSlot(_ kind: X64Alu, _ dst: Reg, _ index: UInt32, w: Bool) {
        if let copy = cachedRegister(index) { asm.alu(kind, dst, copy, w: w) } else { asm.alu(kind, dst, slot(index), w: w) }
    }

    /// Forgets every register copy (at labels and calls).
    mutating func forgetRegisters() {
        gprSlots.removeAll(keepingCapacity: true)
        for i in gprOwners.indices { gprOwners[i] = nil }
        raxSlot = nil
    }

    /// Forgets one slot's register copy (it is being written by other means).
    mutating func forgetRegister(_ index: Int) {
        if let copy = gprSlots.removeValue(forKey: index) { gprOwners[Int(copy.number)] = nil }
    }

    // MARK: Float registers

    /// Forgets every cached float (control flow merges, or code that may write slots ran).
    mutating func forgetFloats() {
        xmmSlots.removeAll(keepingCapacity: true)
        for i in xmmOwners.indices { xmmOwners[i] = nil }
    }

    /// Forgets the register copy of one slot (it is being written by other means).
    mutating func forgetFloat(_ index: Int) {
        if let entry = xmmSlots.removeValue(forKey: index) { xmmOwners[Int(entry.reg)] = nil }
    }

    /// A register to hold a new value, none of `excluded`; its previous slot is forgotten.
    mutating func newFloatRegister(excluding excluded: [X64XMM] = []) -> X64XMM {
        var reg = xmmNext
        while excluded.contains(X64XMM(number: reg)) { reg = reg == 15 ? 3 : reg + 1 }
        xmmNext = reg == 15 ? 3 : reg + 1
        if let owner = xmmOwners[Int(reg)] { xmmSlots[owner] = nil; xmmOwners[Int(reg)] = nil }
        return X64XMM(number: reg)
    }

    /// The register holding a slot's float, loading (and caching) it when none does.
    mutating func floatRegister(_ index: UInt32, double: Bool, excluding excluded: [X64XMM] = []) -> X64XMM {
        if let entry = xmmSlots[Int(index)] {
            if entry.double == double { return X64XMM(number: entry.reg) }
            forgetFloat(Int(index))
        }
        let reg = newFloatRegister(excluding: excluded)
        asm.loadFloat(reg, slot(index), double: double)
        xmmSlots[Int(index)] = (reg.number, double)
        xmmOwners[Int(reg.number)] = Int(index)
        return reg
    }

    /// Writes a float result from `reg` to its slot (an f32 zero-extended, as the interpreter stores
    /// it) and keeps the register as the slot's copy.
    mutating func defineFloat(_ index: UInt32, _ reg: X64XMM, double: Bool) {
        if double {
            asm.storeFloat(slot(index), reg, double: true)
            forgetFloat(Int(index))
            forgetRegister(Int(index))
            if raxSlot == Int(index) { raxSlot = nil }
        } else {
            asm.movFromXMM(.rax, reg, w: false)
            raxSlot = nil
            storeRAX(index)
        }
        if let owner = xmmOwners[Int(reg.number)] { xmmSlots[owner] = nil }
        xmmSlots[Int(index)] = (reg.number, double)
        xmmOwners[Int(reg.number)] = Int(index)
    }

    /// `dst = a op b` in registers, `a` copied first so that its cached register survives.
    mutating func floatBinary(_ op: X64SSEOp, _ dst: UInt32, _ a: UInt32, _ b: UInt32, double: Bool) {
        let ra = floatRegister(a, double: double)
        let rb = floatRegister(b, double: double, excluding: [ra])
        let rd = newFloatRegister(excluding: [ra, rb])
        asm.moveXMM(rd, ra)
        asm.sseArith(op, rd, rb, double: double)
        defineFloat(dst, rd, double: double)
    }
    private mutating func label(at word: Int) -> X64Label {
        if let redirect, redirect.word == word { return redirect.stub }
        if let existing = labels[word] { return existing }
        let l = asm.newLabel()
        labels[word] = l
        return l
    }
    mutating func trap(_ kind: NativeTrap) -> X64Label {
        if let existing = trapLabels[Int(kind.rawValue)] { return existing }
        let l = asm.newLabel()
        trapLabels[Int(kind.rawValue)] = l
        return l
    }
    private func target(_ pc: Int, _ operand: Int) -> Int {
        pc + Int(Int32(bitPattern: code[pc + operand]))
    }

    /// Compiles the function; nil when it contains an op this tier does not translate.
    mutating func compile() -> [UInt8]? {
        // Exception handlers are found by the interpreter's unwinder, which walks interpreted frames:
        // a function with a handler (`try_table`, legacy `try`) stays interpreted.
        guard function.pointee.handlerTable < 0 else { unsupported = "exception handlers"; return nil }
        // Branch targets first, so that labels are bound as the pass reaches them.
        var pc = 0
        while pc < words {
            guard let op = Op(rawValue: UInt16(truncatingIfNeeded: code[pc])) else { return nil }
            let length = Op.instructionWords(code, at: pc, count: words)
            guard length > 0 else { unsupported = "\(op)"; return nil }
            for t in branchTargets(op, pc) { _ = label(at: t) }
            pc += length
        }
        prologue()
        pc = 0
        while pc < words {
            if let l = labels[pc] { asm.bind(l); forgetRegisters(); forgetFloats() }
            guard let op = Op(rawValue: UInt16(truncatingIfNeeded: code[pc])) else { return nil }
            guard select(op, pc) else { unsupported = "\(op)"; return nil }
            pc += Op.instructionWords(code, at: pc, count: words)
        }
        if let l = labels[pc] { asm.bind(l) }
        // Falling off the end cannot happen (every body ends in a return), but be safe.
        asm.ud2()
        for (stub, cost, target) in meteredStubs {
            asm.bind(stub)
            emitCheckpoint(cost: cost)
            asm.jmp(target)
        }
        for (kind, l) in trapLabels.sorted(by: { $0.key < $1.key }) {
            asm.bind(l)
            if kind == Int(NativeTrap.outOfFuel.rawValue) {
                // As the interpreter: running out leaves the fuel at 0, not below.
                asm.load(.rcx, ctxWord(.fuel))
                asm.storeImm(X64Mem(base: .rcx), 0)
            }
            asm.storeImm(ctxWord(.trapCode), Int32(kind))
            asm.jmp(exitLabel)
        }
        asm.bind(exitLabel)
        asm.jmp(ctxWord(.exitStub))
        guard asm.finishTables(), asm.finish() else { return nil }
        return asm.bytes
    }

    private func branchTargets(_ op: Op, _ pc: Int) -> [Int] {
        if let plain = Self.plainBranch[op] { return branchTargets(plain, pc) }
        switch op {
        case .br: return [target(pc, 1)]
        case .brIf, .brIfNot, .brI32Eqz, .brI32Nez, .brI64Eqz, .brI64Nez: return [target(pc, 2)]
        case .brTable: return (0...Int(code[pc + 2])).map { target(pc, 3 + $0) }
        default:
            if let (_, operand) = fusedBranch(op) { return [target(pc, operand)] }
            if Self.floatBranches[op] != nil { return [target(pc, 3)] }
            if let (_, _, operand) = addImmBranch(op) { return [target(pc, operand)] }
            return []
        }
    }

    // MARK: Prologue and calls

    private mutating func prologue() {
        asm.bind(entryLabel)
        asm.alu(.sub, .rsp, imm: 8, w: true)
        // Declared locals and constant slots, as the interpreter copies them on entry.
        if let values = function.pointee.entryValues {
            let first = function.pointee.paramSlots
            var zeroed = false
            for i in 0..<function.pointee.entryValueCount {
                let value = values[i]
                let mem = slot(UInt32(first + i))
                if Int64(bitPattern: value) >= Int64(Int32.min) && Int64(bitPattern: value) <= Int64(Int32.max) {
                    if value == 0 {
                        if !zeroed { asm.movImm(.rcx, 0); zeroed = true }
                        asm.store(mem, .rcx)
                    } else {
                        asm.storeImm(mem, Int32(truncatingIfNeeded: Int64(bitPattern: value)))
                    }
                } else {
                    asm.movImm(.rax, value)
                    asm.store(mem, .rax)
                }
            }
        }
        raxSlot = nil
    }

    private mutating func emitReturn() {
        asm.alu(.add, .rsp, imm: 8, w: true)
        asm.ret()
    }

    /// Calls a Swift helper `(context, fp, a, b) -> status`; a non-zero status leaves through the exit stub,
    /// unless `retry` is given (status 2 jumps there).
    private mutating func callHelper(_ helper: NativeHelper, a: UInt64, b: UInt64 = 0, fpOffset: UInt32 = 0, retry: X64Label? = nil) {
        forgetFloats()
        forgetRegisters()
        asm.mov(.rdi, Self.ctx)
        if fpOffset == 0 { asm.mov(.rsi, Self.fp) } else { asm.lea(.rsi, slot(fpOffset)) }
        asm.movImm(.rdx, a)
        asm.movImm(.rcx, b)
        asm.load(.rax, X64Mem(base: Self.ctx, disp: Int32((NativeContext.Word.helpers.rawValue + Int(helper.rawValue)) * 8)))
        asm.call(.rax)
        asm.load(Self.memBase, ctxWord(.memoryBase))
        asm.load(Self.memSize, ctxWord(.memorySize))
        if let retry {
            asm.alu(.cmp, .rax, imm: 2, w: false)
            asm.jcc(.e, retry)
        }
        asm.test(.rax, .rax, w: false)
        asm.jcc(.ne, exitLabel)
        raxSlot = nil
    }

    private mutating func emitCall(function callee: UnsafeMutablePointer<FunctionRecord>, argBase: UInt32) {
        forgetRegisters()
        forgetFloats()
        if callee.pointee.hostIndex >= 0 || callee.pointee.instance != instance {
            callHelper(.call, a: UInt64(UInt(bitPattern: callee)), fpOffset: argBase)
            return
        }
        if callee == function {
            // A call to itself: its frame size is known and its code is this code.
            asm.load(.rax, ctxWord(.frameDepth))
            asm.alu(.cmp, .rax, ctxWord(.frameLimit), w: true)
            asm.jcc(.ae, trap(.callStackExhausted))
            asm.movImm(.rcx, UInt64(UInt(bitPattern: callee)))
            asm.lea(.rdx, slot(argBase + UInt32(truncatingIfNeeded: function.pointee.frameSlots)))
            asm.alu(.cmp, .rdx, ctxWord(.stackEnd), w: true)
            asm.jcc(.a, trap(.callStackExhausted))
            pushFrameAndCall(argBase: argBase, entry: entryLabel)
            return
        }
        let retry = asm.newLabel(), slow = asm.newLabel(), done = asm.newLabel()
        asm.bind(retry)
        asm.load(.rax, ctxWord(.frameDepth))
        asm.alu(.cmp, .rax, ctxWord(.frameLimit), w: true)
        asm.jcc(.ae, trap(.callStackExhausted))
        asm.movImm(.rcx, UInt64(UInt(bitPattern: callee)))
        asm.load(.rdx, X64Mem(base: .rcx, disp: Int32(NativeLayout.frameSlots)))
        asm.lea(.rdx, X64Mem(base: Self.fp, index: .rdx, scaleLog2: 3, disp: Int32(argBase) * 8))
        asm.alu(.cmp, .rdx, ctxWord(.stackEnd), w: true)
        asm.jcc(.a, trap(.callStackExhausted))
        asm.load(.rdx, X64Mem(base: .rcx, disp: Int32(NativeLayout.native)))
        asm.test(.rdx, .rdx, w: true)
        asm.jcc(.e, slow)
        // frames[depth] = CallFrame(returnPC: <unused>, fp: caller's fp, instance, callee)
        pushFrameAndCall(argBase: argBase)
        asm.jmp(done)
        asm.bind(slow)
        callHelper(.call, a: UInt64(UInt(bitPattern: callee)), fpOffset: argBase, retry: retry)
        asm.bind(done)
        raxSlot = nil
    }

    // MARK: Selection

    /// For a fused compare-and-branch: (condition, operand index of the offset); the compare reads
    /// slot operand 1 against slot operand 2 (or the immediate at 2 for `Imm` forms).
    private func fusedBranch(_ op: Op) -> (X64Cond, Int)? {
        switch op {
        case .brI32Eq, .brI32EqImm, .brI64Eq: return (.e, 3)
        case .brI32Ne, .brI32NeImm, .brI64Ne: return (.ne, 3)
        case .brI32LtS, .brI32LtSImm, .brI64LtS: return (.l, 3)
        case .brI32LtU, .brI32LtUImm, .brI64LtU: return (.b, 3)
        case .brI32GtS, .brI32GtSImm, .brI64GtS: return (.g, 3)
        case .brI32GtU, .brI32GtUImm, .brI64GtU: return (.a, 3)
        case .brI32LeS, .brI32LeSImm, .brI64LeS: return (.le, 3)
        case .brI32LeU, .brI32LeUImm, .brI64LeU: return (.be, 3)
        case .brI32GeS, .brI32GeSImm, .brI64GeS: return (.ge, 3)
        case .brI32GeU, .brI32GeUImm, .brI64GeU: return (.ae, 3)
        default: return nil
        }
    }

    /// For the `addImmBr*` fusions: (condition or nil for eqz/nez handled by `e`/`ne` against zero,
    /// whether the compare operand is an immediate, operand index of the offset).
    private func addImmBranch(_ op: Op) -> (X64Cond, Bool?, Int)? {
        switch op {
        case .addImmBrI32Eqz: return (.e, nil, 4)
        case .addImmBrI32Nez: return (.ne, nil, 4)
        case .addImmBrI32Eq: return (.e, false, 5)
        case .addImmBrI32Ne: return (.ne, false, 5)
        case .addImmBrI32LtS: return (.l, false, 5)
        case .addImmBrI32LtU: return (.b, false, 5)
        case .addImmBrI32GtS: return (.g, false, 5)
        case .addImmBrI32GtU: return (.a, false, 5)
        case .addImmBrI32LeS: return (.le, false, 5)
        case .addImmBrI32LeU: return (.be, false, 5)
        case .addImmBrI32GeS: return (.ge, false, 5)
        case .addImmBrI32GeU: return (.ae, false, 5)
        case .addImmBrI32EqImm: return (.e, true, 5)
        case .addImmBrI32NeImm: return (.ne, true, 5)
        case .addImmBrI32LtSImm: return (.l, true, 5)
        case .addImmBrI32LtUImm: return (.b, true, 5)
        case .addImmBrI32GtSImm: return (.g, true, 5)
        case .addImmBrI32GtUImm: return (.a, true, 5)
        case .addImmBrI32LeSImm: return (.le, true, 5)
        case .addImmBrI32LeUImm: return (.be, true, 5)
        case .addImmBrI32GeSImm: return (.ge, true, 5)
        case .addImmBrI32GeUImm: return (.ae, true, 5)
        default: return nil
        }
    }

    private static let compareConditions: [Op: (X64Cond, Bool)] = [
        .i32Eq: (.e, false), .i32Ne: (.ne, false), .i32LtS: (.l, false), .i32LtU: (.b, false), .i32GtS: (.g, false),
        .i32GtU: (.a, false), .i32LeS: (.le, false), .i32LeU: (.be, false), .i32GeS: (.ge, false), .i32GeU: (.ae, false),
        .i64Eq: (.e, true), .i64Ne: (.ne, true), .i64LtS: (.l, true), .i64LtU: (.b, true), .i64GtS: (.g, true),
        .i64GtU: (.a, true), .i64LeS: (.le, true), .i64LeU: (.be, true), .i64GeS: (.ge, true), .i64GeU: (.ae, true),
    ]
    private static let compareImmConditions: [Op: X64Cond] = [
        .i32EqImm: .e, .i32NeImm: .ne, .i32LtSImm: .l, .i32LtUImm: .b, .i32GtSImm: .g,
        .i32GtUImm: .a, .i32LeSImm: .le, .i32LeUImm: .be, .i32GeSImm: .ge, .i32GeUImm: .ae,
    ]
    private static let aluOps: [Op: (X64Alu, Bool)] = [
        .i32Add: (.add, false), .i32Sub: (.sub, false), .i32And: (.and, false), .i32Or: (.or, false), .i32Xor: (.xor, false),
        .i64Add: (.add, true), .i64Sub: (.sub, true), .i64And: (.and, true), .i64Or: (.or, true), .i64Xor: (.xor, true),
    ]
    private static let aluImmOps: [Op: (X64Alu, Bool)] = [
        .i32AddImm: (.add, false), .i32SubImm: (.sub, false), .i32AndImm: (.and, false), .i32OrImm: (.or, false), .i32XorImm: (.xor, false),
        .i64AddImm: (.add, true), .i64SubImm: (.sub, true), .i64AndImm: (.and, true), .i64OrImm: (.or, true), .i64XorImm: (.xor, true),
    ]
    private static let shiftOps: [Op: (X64Shift, Bool)] = [
        .i32Shl: (.shl, false), .i32ShrS: (.sar, false), .i32ShrU: (.shr, false), .i32Rotl: (.rol, false), .i32Rotr: (.ror, false),
        .i64Shl: (.shl, true), .i64ShrS: (.sar, true), .i64ShrU: (.shr, true), .i64Rotl: (.rol, true), .i64Rotr: (.ror, true),
    ]
    private static let shiftImmOps: [Op: (X64Shift, Bool)] = [
        .i32ShlImm: (.shl, false), .i32ShrSImm: (.sar, false), .i32ShrUImm: (.shr, false), .i32RotlImm: (.rol, false), .i32RotrImm: (.ror, false),
        .i64ShlImm: (.shl, true), .i64ShrSImm: (.sar, true), .i64ShrUImm: (.shr, true), .i64RotlImm: (.rol, true), .i64RotrImm: (.ror, true),
    ]
    /// Loads: (bytes accessed, how the value is extended).
    private enum Extend { case zero32, zero64, sign8to32, sign16to32, sign8to64, sign16to64, sign32to64, zero8, zero16 }
    private static let loads: [Op: (Int, Extend)] = [
        .i32Load: (4, .zero32), .f32Load: (4, .zero32), .i64Load: (8, .zero64), .f64Load: (8, .zero64),
        .i32Load8S: (1, .sign8to32), .i32Load8U: (1, .zero8), .i32Load16S: (2, .sign16to32), .i32Load16U: (2, .zero16),
        .i64Load8S: (1, .sign8to64), .i64Load8U: (1, .zero8), .i64Load16S: (2, .sign16to64), .i64Load16U: (2, .zero16),
        .i64Load32S: (4, .sign32to64), .i64Load32U: (4, .zero32),
    ]
    private static let indexedLoads: [Op: (Int, Extend)] = [
        .i32LoadIdx: (4, .zero32), .f32LoadIdx: (4, .zero32), .i64LoadIdx: (8, .zero64), .f64LoadIdx: (8, .zero64),
        .i32Load8SIdx: (1, .sign8to32), .i32Load8UIdx: (1, .zero8), .i32Load16SIdx: (2, .sign16to32), .i32Load16UIdx: (2, .zero16),
    ]
    private static let stores: [Op: Int] = [
        .i32Store: 4, .f32Store: 4, .i64Store: 8, .f64Store: 8, .i32Store8: 1, .i32Store16: 2, .i64Store8: 1, .i64Store16: 2, .i64Store32: 4,
    ]
    private static let floatArith: [Op: (X64SSEOp, Bool)] = [
        .f32Add: (.add, false), .f32Sub: (.sub, false), .f32Mul: (.mul, false), .f32Div: (.div, false),
        .f64Add: (.add, true), .f64Sub: (.sub, true), .f64Mul: (.mul, true), .f64Div: (.div, true),
    ]
    /// Float comparisons: (double, swap operands, condition); eq/ne also test parity.
    private static let floatCompares: [Op: (Bool, Bool, X64Cond)] = [
        .f32Eq: (false, false, .e), .f32Ne: (false, false, .ne), .f32Lt: (false, true, .a), .f32Gt: (false, false, .a),
        .f32Le: (false, true, .ae), .f32Ge: (false, false, .ae),
        .f64Eq: (true, false, .e), .f64Ne: (true, false, .ne), .f64Lt: (true, true, .a), .f64Gt: (true, false, .a),
        .f64Le: (true, true, .ae), .f64Ge: (true, false, .ae),
    ]
    /// Float compare-and-branch: (double, swap, condition, negate).
    private static let floatBranches: [Op: (Bool, Bool, X64Cond, Bool)] = [
        .brF32Eq: (false, false, .e, false), .brF32Ne: (false, false, .ne, false), .brF32Lt: (false, true, .a, false),
        .brF32Gt: (false, false, .a, false), .brF32Le: (false, true, .ae, false), .brF32Ge: (false, false, .ae, false),
        .brF32NotLt: (false, true, .a, true), .brF32NotGt: (false, false, .a, true), .brF32NotLe: (false, true, .ae, true), .brF32NotGe: (false, false, .ae, true),
        .brF64Eq: (true, false, .e, false), .brF64Ne: (true, false, .ne, false), .brF64Lt: (true, true, .a, false),
        .brF64Gt: (true, false, .a, false), .brF64Le: (true, true, .ae, false), .brF64Ge: (true, false, .ae, false),
        .brF64NotLt: (true, true, .a, true), .brF64NotGt: (true, false, .a, true), .brF64NotLe: (true, true, .ae, true), .brF64NotGe: (true, false, .ae, true),
    ]

    /// Computes the effective address of a memory access into rax (64-bit) and checks `rax + size <= memSize`.
    /// `addr` is a slot; `k` an i32 constant added first (32-bit wrap) or a second slot when `indexSlot`.
    private mutating func address(addr: UInt32, k: UInt32, indexSlot: Bool, offset: UInt32, size: Int) -> X64Mem {
        load(.rax, addr, w: false)
        if indexSlot {
            aluSlot(.add, .rax, k, w: false)
        } else if k != 0 {
            asm.alu(.add, .rax, imm: Int32(bitPattern: k), w: false)
        } else if raxSlot != nil {
            // A 32-bit move from the cached register zero-extends: the slot may hold high garbage bits.
            asm.mov(.rax, .rax, w: false)
        }
        raxSlot = nil
        let end = UInt64(offset) + UInt64(size)
        if end <= UInt64(Int32.max) {
            asm.lea(.rcx, X64Mem(base: .rax, disp: Int32(end)))
            asm.alu(.cmp, .rcx, Self.memSize, w: true)
            asm.jcc(.a, trap(.outOfBoundsMemoryAccess))
            return X64Mem(base: Self.memBase, index: .rax, scaleLog2: 0, disp: Int32(offset))
        }
        asm.movImm(.rcx, UInt64(offset))
        asm.alu(.add, .rax, .rcx, w: true)
        asm.lea(.rcx, X64Mem(base: .rax, disp: Int32(size)))
        asm.alu(.cmp, .rcx, Self.memSize, w: true)
        asm.jcc(.a, trap(.outOfBoundsMemoryAccess))
        return X64Mem(base: Self.memBase, index: .rax, scaleLog2: 0, disp: 0)
    }

    private mutating func emitLoad(_ dst: UInt32, _ mem: X64Mem, _ extend: Extend) {
        switch extend {
        case .zero32: asm.load(.rax, mem, w: false)
        case .zero64: asm.load(.rax, mem, w: true)
        case .zero8: asm.loadZX8(.rax, mem)
        case .zero16: asm.loadZX16(.rax, mem)
        case .sign8to32: asm.loadSX8(.rax, mem, w: false)
        case .sign16to32: asm.loadSX16(.rax, mem, w: false)
        case .sign8to64: asm.loadSX8(.rax, mem, w: true)
        case .sign16to64: asm.loadSX16(.rax, mem, w: true)
        case .sign32to64: asm.loadSX32(.rax, mem)
        }
        storeRAX(dst)
    }

    /// Division and remainder with the interpreter's traps.
    private mutating func emitDivision(_ op: Op, _ pc: Int) {
        let w = op == .i64DivS || op == .i64DivU || op == .i64RemS || op == .i64RemU
        let signed = op == .i32DivS || op == .i32RemS || op == .i64DivS || op == .i64RemS
        let remainder = op == .i32RemS || op == .i32RemU || op == .i64RemS || op == .i64RemU
        load(.rcx, code[pc + 3], w: w)
        load(.rax, code[pc + 2], w: w)
        raxSlot = nil
        asm.test(.rcx, .rcx, w: w)
        asm.jcc(.e, trap(.integerDivideByZero))
        let done = asm.newLabel()
        if signed {
            let normal = asm.newLabel()
            asm.alu(.cmp, .rcx, imm: -1, w: w)
            asm.jcc(.ne, normal)
            if remainder {
                asm.movImm(.rdx, 0)
                asm.jmp(done)
            } else {
                // INT_MIN / -1 overflows; anything else / -1 is a negation.
                if w {
                    asm.movImm(.rdx, UInt64(1) << 63)
                    asm.alu(.cmp, .rax, .rdx, w: true)
                } else {
                    asm.alu(.cmp, .rax, imm: Int32.min, w: false)
                }
                asm.jcc(.e, trap(.integerOverflow))
            }
            asm.bind(normal)
            asm.signExtendAccumulator(w: w)
        } else {
            asm.movImm(.rdx, 0)
        }
        asm.div(.rcx, signed: signed, w: w)
        asm.bind(done)
        if remainder { asm.mov(.rax, .rdx, w: w) } else if !w { asm.mov(.rax, .rax, w: false) }
        storeRAX(code[pc + 1])
    }

    /// Charges `cost` fuel and polls the interrupt flag, as the interpreter's `checkpoint` does.
    private mutating func emitCheckpoint(cost: UInt32) {
        asm.load(.rcx, ctxWord(.fuel))
        if cost <= UInt32(Int32.max) {
            asm.alu(.sub, X64Mem(base: .rcx), imm: Int32(cost), w: true)
        } else {
            asm.movImm(.rdx, UInt64(cost))
            asm.alu(.sub, X64Mem(base: .rcx), .rdx, w: true)
        }
        asm.jcc(.l, trap(.outOfFuel))
        asm.load(.rcx, ctxWord(.interruptFlag))
        asm.loadZX8(.rcx, X64Mem(base: .rcx))
        asm.test(.rcx, .rcx, w: false)
        asm.jcc(.ne, trap(.interrupted))
    }

    /// Each metered back edge and the plain branch it extends with a cost word.
    private static let plainBranch: [Op: Op] = {
        var map: [Op: Op] = [:]
        for op in Op.allCases { if let metered = op.meteredBackEdge { map[metered] = op } }
        return map
    }()

    private mutating func select(_ op: Op, _ pc: Int) -> Bool {
        if op == .checkpoint {
            emitCheckpoint(cost: code[pc + 1])
            return true
        }
        if let plain = Self.plainBranch[op] {
            // The plain branch, taken to a stub that charges the loop's cost and then goes on.
            let targets = branchTargets(plain, pc)
            guard targets.count == 1 else { return false }
            let stub = asm.newLabel()
            meteredStubs.append((stub, code[pc + plain.operandWords + 1], label(at: targets[0])))
            redirect = (targets[0], stub)
            defer { redirect = nil }
            return select(plain, pc)
        }
        let o1 = pc + 1 < words ? code[pc + 1] : 0
        let o2 = pc + 2 < words ? code[pc + 2] : 0
        let o3 = pc + 3 < words ? code[pc + 3] : 0
        if let (kind, w) = Self.aluOps[op] {
            load(.rax, o2, w: w)
            raxSlot = nil
            aluSlot(kind, .rax, o3, w: w)
            storeRAX(o1)
            return true
        }
        if let (kind, w) = Self.aluImmOps[op] {
            load(.rax, o2, w: w)
            raxSlot = nil
            asm.alu(kind, .rax, imm: Int32(bitPattern: o3), w: w)
            storeRAX(o1)
            return true
        }
        if let (kind, w) = Self.shiftOps[op] {
            load(.rcx, o3, w: false)
            load(.rax, o2, w: w)
            raxSlot = nil
            asm.shiftCL(kind, .rax, w: w)
            storeRAX(o1)
            return true
        }
        if let (kind, w) = Self.shiftImmOps[op] {
            load(.rax, o2, w: w)
            raxSlot = nil
            asm.shift(kind, .rax, imm: UInt8(o3 & (w ? 63 : 31)), w: w)
            if !w { asm.mov(.rax, .rax, w: false) }
            storeRAX(o1)
            return true
        }
        if let (cond, w) = Self.compareConditions[op] {
            load(.rax, o2, w: w)
            aluSlot(.cmp, .rax, o3, w: w)
            asm.setcc(cond, .rax)
            asm.zeroExtend8(.rax, .rax)
            raxSlot = nil
            storeRAX(o1)
            return true
        }
        if let cond = Self.compareImmConditions[op] {
            load(.rax, o2, w: false)
            asm.alu(.cmp, .rax, imm: Int32(bitPattern: o3), w: false)
            asm.setcc(cond, .rax)
            asm.zeroExtend8(.rax, .rax)
            raxSlot = nil
            storeRAX(o1)
            return true
        }
        if let (cond, operand) = fusedBranch(op) {
            let w = op.rawValue >= Op.brI64Eq.rawValue && op.rawValue <= Op.brI64GeU.rawValue
            let immediate = op.rawValue >= Op.brI32EqImm.rawValue && op.rawValue <= Op.brI32GeUImm.rawValue
            load(.rax, o1, w: w)
            if immediate { asm.alu(.cmp, .rax, imm: Int32(bitPattern: o2), w: false) } else { aluSlot(.cmp, .rax, o2, w: w) }
            asm.jcc(cond, label(at: target(pc, operand)))
            return true
        }
        if let (cond, immediate, operand) = addImmBranch(op) {
            load(.rax, o2, w: false)
            raxSlot = nil
            asm.alu(.add, .rax, imm: Int32(bitPattern: o3), w: false)
            storeRAX(o1)
            switch immediate {
            case nil: asm.test(.rax, .rax, w: false)
            case true?: asm.alu(.cmp, .rax, imm: Int32(bitPattern: code[pc + 4]), w: false)
            case false?: aluSlot(.cmp, .rax, code[pc + 4], w: false)
            }
            asm.jcc(cond, label(at: target(pc, operand)))
            return true
        }
        if let (bytes, extend) = Self.loads[op] {
            let mem = address(addr: o2, k: code[pc + 4], indexSlot: false, offset: o3, size: bytes)
            emitLoad(o1, mem, extend)
            return true
        }
        if let (bytes, extend) = Self.indexedLoads[op] {
            let mem = address(addr: o2, k: o3, indexSlot: true, offset: code[pc + 4], size: bytes)
            emitLoad(o1, mem, extend)
            return true
        }
        if let bytes = Self.stores[op] {
            let mem = address(addr: o1, k: code[pc + 4], indexSlot: false, offset: o3, size: bytes)
            load(.rdx, o2, w: bytes == 8)
            switch bytes {
            case 1: asm.store8(mem, .rdx)
            case 2: asm.store16(mem, .rdx)
            case 4: asm.store(mem, .rdx, w: false)
            default: asm.store(mem, .rdx, w: true)
            }
            return true
        }
        if let (sse, double) = Self.floatArith[op] {
            floatBinary(sse, o1, o2, o3, double: double)
            return true
        }
        if let (double, swap, cond) = Self.floatCompares[op] {
            let left = floatRegister(swap ? o3 : o2, double: double)
            let right = floatRegister(swap ? o2 : o3, double: double, excluding: [left])
            asm.ucomis(left, right, double: double)
            raxSlot = nil
            asm.setcc(cond, .rax)
            if cond == .e {
                asm.setcc(.np, .rcx)
                asm.alu(.and, .rax, .rcx, w: false)
            } else if cond == .ne {
                asm.setcc(.p, .rcx)
                asm.alu(.or, .rax, .rcx, w: false)
            }
            asm.zeroExtend8(.rax, .rax)
            storeRAX(o1)
            return true
        }
        if let (double, swap, cond, negate) = Self.floatBranches[op] {
            let left = floatRegister(swap ? o2 : o1, double: double)
            let right = floatRegister(swap ? o1 : o2, double: double, excluding: [left])
            asm.ucomis(left, right, double: double)
            let taken = label(at: target(pc, 3))
            // Unordered (PF=1): eq and ordered compares are false, ne is true.
            if cond == .e || cond == .ne {
                let isTrueWhenUnordered = cond == .ne
                let branchWhenUnordered = isTrueWhenUnordered != negate
                if branchWhenUnordered { asm.jcc(.p, taken) } else {
                    let skip = asm.newLabel()
                    asm.jcc(.p, skip)
                    asm.jcc(negate ? cond.negated : cond, taken)
                    asm.bind(skip)
                    return true
                }
                asm.jcc(negate ? cond.negated : cond, taken)
            } else {
                // `a`/`ae` are false when unordered (CF=1), their negations true: exactly the Not forms.
                asm.jcc(negate ? cond.negated : cond, taken)
            }
            return true
        }
        switch op {
        case .unreachable:
            asm.jmp(trap(.unreachable))
        case .br:
            asm.jmp(label(at: target(pc, 1)))
        case .brIf, .brI32Nez:
            load(.rax, o1, w: false)
            asm.test(.rax, .rax, w: false)
            asm.jcc(.ne, label(at: target(pc, 2)))
        case .brIfNot, .brI32Eqz:
            load(.rax, o1, w: false)
            asm.test(.rax, .rax, w: false)
            asm.jcc(.e, label(at: target(pc, 2)))
        case .brI64Eqz, .brI64Nez:
            load(.rax, o1, w: true)
            asm.test(.rax, .rax, w: true)
            asm.jcc(op == .brI64Eqz ? .e : .ne, label(at: target(pc, 2)))
        case .brTable:
            let count = o2
            load(.rax, o1, w: false)
            asm.mov(.rax, .rax, w: false)
            raxSlot = nil
            asm.movImm(.rcx, UInt64(count))
            asm.alu(.cmp, .rax, .rcx, w: false)
            asm.cmov(.a, .rax, .rcx, w: false)
            let table = asm.newLabel()
            asm.leaRIP(.rcx, table)
            asm.loadSX32Indexed(.rax, base: .rcx, index: .rax)
            asm.alu(.add, .rax, .rcx, w: true)
            asm.jmp(.rax)
            asm.align(4)
            asm.bind(table)
            for i in 0...Int(count) { asm.tableEntry(label(at: target(pc, 3 + i)), relativeTo: table) }
        case .return:
            emitReturn()
        case .return1:
            load(.rax, o1)
            storeRAX(0)
            emitReturn()
        case .call:
            let index = Int(o1)
            emitCall(function: instance.pointee.functions[index], argBase: o2)
        case .callIndirect:
            // A type with subtypes needs the subtype check of the interpreter; only final types here.
            guard TypeRegistry.shared.record(instance.pointee.typeIDs[Int(o1)]).isFinal else { return false }
            emitCallIndirect(typeIndex: o1, tableIndex: o2, indexSlot: o3, argBase: code[pc + 4])
        case .copy:
            load(.rax, o2)
            storeRAX(o1)
        case .copy2:
            load(.rax, o2)
            storeRAX(o1)
            load(.rax, code[pc + 4])
            storeRAX(o3)
        case .const32:
            asm.movImm(.rax, UInt64(o2))
            raxSlot = nil
            storeRAX(o1)
        case .const64:
            asm.movImm(.rax, UInt64(o2) | UInt64(o3) << 32)
            raxSlot = nil
            storeRAX(o1)
        case .select:
            load(.rcx, code[pc + 4], w: false)
            load(.rax, o2)
            load(.rdx, o3)
            raxSlot = nil
            asm.test(.rcx, .rcx, w: false)
            asm.cmov(.e, .rax, .rdx, w: true)
            storeRAX(o1)
        case .globalGet:
            asm.movImm(.rcx, UInt64(UInt(bitPattern: instance.pointee.globals[Int(o2)])))
            raxSlot = nil
            asm.load(.rax, X64Mem(base: .rcx))
            storeRAX(o1)
        case .globalSet:
            load(.rax, o1)
            asm.movImm(.rcx, UInt64(UInt(bitPattern: instance.pointee.globals[Int(o2)])))
            asm.store(X64Mem(base: .rcx), .rax)
        case .refIsNull:
            load(.rax, o2)
            asm.test(.rax, .rax, w: true)
            asm.setcc(.e, .rax)
            asm.zeroExtend8(.rax, .rax)
            raxSlot = nil
            storeRAX(o1)
        case .refFunc:
            asm.movImm(.rax, UInt64(UInt(bitPattern: instance.pointee.functions[Int(o2)])))
            raxSlot = nil
            storeRAX(o1)
        case .memorySize:
            asm.mov(.rax, Self.memSize)
            asm.shift(.shr, .rax, imm: 16, w: true)
            raxSlot = nil
            storeRAX(o1)
        case .i32Eqz, .i64Eqz:
            load(.rax, o2, w: op == .i64Eqz)
            asm.test(.rax, .rax, w: op == .i64Eqz)
            asm.setcc(.e, .rax)
            asm.zeroExtend8(.rax, .rax)
            raxSlot = nil
            storeRAX(o1)
        case .i32Mul, .i64Mul:
            load(.rax, o2, w: op == .i64Mul)
            load(.rcx, o3, w: op == .i64Mul)
            raxSlot = nil
            asm.imul(.rax, .rcx, w: op == .i64Mul)
            storeRAX(o1)
        case .i32MulImm, .i64MulImm:
            load(.rcx, o2, w: op == .i64MulImm)
            raxSlot = nil
            asm.imul(.rax, .rcx, imm: Int32(bitPattern: o3), w: op == .i64MulImm)
            storeRAX(o1)
        case .i32DivS, .i32DivU, .i32RemS, .i32RemU, .i64DivS, .i64DivU, .i64RemS, .i64RemU:
            emitDivision(op, pc)
        case .i32Clz, .i64Clz:
            let w = op == .i64Clz
            load(.rcx, o2, w: w)
            raxSlot = nil
            // clz(x) = (width-1) - bsr(x), and width when x == 0 (bsr leaves ZF set).
            asm.movImm(.rdx, UInt64(bitPattern: -1))
            asm.bsr(.rax, .rcx, w: w)
            asm.cmov(.e, .rax, .rdx, w: w)
            asm.neg(.rax, w: w)
            asm.alu(.add, .rax, imm: w ? 63 : 31, w: w)
            storeRAX(o1)
        case .i32Ctz, .i64Ctz:
            let w = op == .i64Ctz
            load(.rcx, o2, w: w)
            raxSlot = nil
            asm.movImm(.rdx, w ? 64 : 32)
            asm.bsf(.rax, .rcx, w: w)
            asm.cmov(.e, .rax, .rdx, w: w)
            storeRAX(o1)
        case .i32Popcnt where CPUFeatures.current.popcnt, .i64Popcnt where CPUFeatures.current.popcnt:
            let w = op == .i64Popcnt
            load(.rcx, o2, w: w)
            raxSlot = nil
            asm.popcnt(.rax, .rcx, w: w)
            storeRAX(o1)
        case .i32WrapI64, .i64ExtendI32U:
            load(.rax, o2, w: false)
            asm.mov(.rax, .rax, w: false)
            raxSlot = nil
            storeRAX(o1)
        case .i64ExtendI32S, .i64Extend32S:
            load(.rcx, o2, w: false)
            raxSlot = nil
            asm.signExtend32(.rax, .rcx)
            storeRAX(o1)
        case .i32Extend8S, .i64Extend8S:
            load(.rcx, o2, w: false)
            raxSlot = nil
            asm.signExtend8(.rax, .rcx, w: op == .i64Extend8S)
            storeRAX(o1)
        case .i32Extend16S, .i64Extend16S:
            load(.rcx, o2, w: false)
            raxSlot = nil
            asm.signExtend16(.rax, .rcx, w: op == .i64Extend16S)
            storeRAX(o1)
        case .i32ReinterpretF32, .f32ReinterpretI32, .i64ReinterpretF64, .f64ReinterpretI64:
            let w = op == .i64ReinterpretF64 || op == .f64ReinterpretI64
            load(.rax, o2, w: w)
            if !w { asm.mov(.rax, .rax, w: false) }
            raxSlot = nil
            storeRAX(o1)
        case .i32XorRotlImm, .i32XorRotrImm, .i32XorShrUImm:
            load(.rcx, o3, w: false)
            raxSlot = nil
            let kind: X64Shift = op == .i32XorRotlImm ? .rol : op == .i32XorRotrImm ? .ror : .shr
            asm.shift(kind, .rcx, imm: UInt8(code[pc + 4] & 31), w: false)
            load(.rax, o2, w: false)
            asm.alu(.xor, .rax, .rcx, w: false)
            storeRAX(o1)
        case .i32AddImmCopy:
            load(.rax, o2, w: false)
            raxSlot = nil
            asm.alu(.add, .rax, imm: Int32(bitPattern: o3), w: false)
            storeRAX(o1)
            load(.rax, code[pc + 5])
            storeRAX(code[pc + 4])
        case .i32AddLoad:
            let mem = address(addr: o3, k: code[pc + 5], indexSlot: false, offset: code[pc + 4], size: 4)
            asm.load(.rcx, mem, w: false)
            load(.rax, o2, w: false)
            asm.alu(.add, .rax, .rcx, w: false)
            storeRAX(o1)
        case .f64AddLoad, .f64SubLoad, .f64MulLoad:
            let mem = address(addr: o3, k: code[pc + 5], indexSlot: false, offset: code[pc + 4], size: 8)
            let ra = floatRegister(o2, double: true)
            let rd = newFloatRegister(excluding: [ra])
            asm.moveXMM(rd, ra)
            asm.sseArith(op == .f64AddLoad ? .add : op == .f64SubLoad ? .sub : .mul, rd, mem, double: true)
            defineFloat(o1, rd, double: true)
        case .f64AddMul, .f64SubMul:
            let rb = floatRegister(o3, double: true)
            let rc = floatRegister(code[pc + 4], double: true, excluding: [rb])
            let product = newFloatRegister(excluding: [rb, rc])
            asm.moveXMM(product, rb)
            asm.sseArith(.mul, product, rc, double: true)
            let ra = floatRegister(o2, double: true, excluding: [product])
            let rd = newFloatRegister(excluding: [ra, product])
            asm.moveXMM(rd, ra)
            asm.sseArith(op == .f64AddMul ? .add : .sub, rd, product, double: true)
            defineFloat(o1, rd, double: true)
        case .f64AddCopy:
            floatBinary(.add, o1, o2, o3, double: true)
            let copy = code[pc + 4]
            if copy != o1, let entry = xmmSlots[Int(o1)] {
                asm.storeFloat(slot(copy), X64XMM(number: entry.reg), double: true)
                forgetFloat(Int(copy))
                forgetRegister(Int(copy))
                if raxSlot == Int(copy) { raxSlot = nil }
            }
        case .f32Sqrt, .f64Sqrt:
            let double = op == .f64Sqrt
            let ra = floatRegister(o2, double: double)
            let rd = newFloatRegister(excluding: [ra])
            asm.sseArith(.sqrt, rd, ra, double: double)
            defineFloat(o1, rd, double: double)
        case .f32Abs, .f64Abs, .f32Neg, .f64Neg:
            let double = op == .f64Abs || op == .f64Neg
            load(.rax, o2, w: double)
            raxSlot = nil
            if op == .f32Abs { asm.alu(.and, .rax, imm: 0x7FFF_FFFF, w: false) }
            if op == .f32Neg { asm.alu(.xor, .rax, imm: Int32.min, w: false) }
            if op == .f64Abs || op == .f64Neg {
                asm.movImm(.rcx, op == .f64Abs ? 0x7FFF_FFFF_FFFF_FFFF : 0x8000_0000_0000_0000)
                asm.alu(op == .f64Abs ? .and : .xor, .rax, .rcx, w: true)
            }
            storeRAX(o1)
        case .memoryGrow, .memoryFill, .memoryCopy, .memoryInit, .dataDrop,
             .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop:
            raxSlot = nil
            callHelper(.instruction, a: UInt64(UInt(bitPattern: code + pc)))
        default:
            if selectFloat(op, pc) { return true }
            // What remains (rounding without SSE4.1, popcnt without the instruction) runs through the
            // numeric helper, which evaluates exactly as the interpreter does.
            if let numeric = NativeHelpers.numericOp(op) {
                raxSlot = nil
                let unary = NativeHelpers.isUnary(numeric)
                callHelper(.numeric, a: UInt64(UInt(bitPattern: code + pc)), b: unary ? 1 : 0)
                return true
            }
            return false
        }
        return true
    }

    private mutating func emitCallIndirect(typeIndex: UInt32, tableIndex: UInt32, indexSlot: UInt32, argBase: UInt32) {
        // The table and the type check are the interpreter's: index < count, non-null, same type ID.
        let table = instance.pointee.tables[Int(tableIndex)]
        let expected = instance.pointee.typeIDs[Int(typeIndex)]
        forgetFloats()
        load(.rax, indexSlot, w: false)
        asm.mov(.rax, .rax, w: false)
        forgetRegisters()
        asm.movImm(.rcx, UInt64(UInt(bitPattern: table)))
        asm.alu(.cmp, .rax, X64Mem(base: .rcx, disp: Int32(NativeLayout.tableCount)), w: true)
        asm.jcc(.ae, trap(.undefinedElement))
        asm.load(.rcx, X64Mem(base: .rcx, disp: Int32(NativeLayout.tableElements)))
        asm.load(.rcx, X64Mem(base: .rcx, index: .rax, scaleLog2: 3))
        asm.test(.rcx, .rcx, w: true)
        asm.jcc(.e, trap(.uninitializedElement))
        asm.movImm(.rdx, UInt64(bitPattern: Int64(expected)))
        asm.alu(.cmp, .rdx, X64Mem(base: .rcx, disp: Int32(NativeLayout.typeID)), w: true)
        asm.jcc(.ne, trap(.indirectCallTypeMismatch))
        // The callee is known only now: a native callee of this instance is called directly, anything
        // else (host, interpreted, another instance's) through the call helper.
        let slow = asm.newLabel(), done = asm.newLabel(), retry = asm.newLabel()
        asm.mov(.r9, .rcx)
        asm.bind(retry)
        asm.mov(.rcx, .r9)
        asm.movImm(.rdx, UInt64(UInt(bitPattern: instance)))
        asm.alu(.cmp, .rdx, X64Mem(base: .rcx, disp: Int32(NativeLayout.instance)), w: true)
        asm.jcc(.ne, slow)
        asm.load(.rdx, X64Mem(base: .rcx, disp: Int32(NativeLayout.native)))
        asm.test(.rdx, .rdx, w: true)
        asm.jcc(.e, slow)
        asm.load(.rax, ctxWord(.frameDepth))
        asm.alu(.cmp, .rax, ctxWord(.frameLimit), w: true)
        asm.jcc(.ae, trap(.callStackExhausted))
        asm.load(.rsi, X64Mem(base: .rcx, disp: Int32(NativeLayout.frameSlots)))
        asm.lea(.rsi, X64Mem(base: Self.fp, index: .rsi, scaleLog2: 3, disp: Int32(argBase) * 8))
        asm.alu(.cmp, .rsi, ctxWord(.stackEnd), w: true)
        asm.jcc(.a, trap(.callStackExhausted))
        pushFrameAndCall(argBase: argBase)
        asm.jmp(done)
        asm.bind(slow)
        // The helper takes the callee record in `a`: pass it through r9 -> rdx.
        asm.mov(.rdi, Self.ctx)
        asm.lea(.rsi, slot(argBase))
        asm.mov(.rdx, .r9)
        asm.movImm(.rcx, 0)
        asm.push(.r9)
        asm.push(.r9)
        asm.load(.rax, X64Mem(base: Self.ctx, disp: Int32((NativeContext.Word.helpers.rawValue + Int(NativeHelper.call.rawValue)) * 8)))
        asm.call(.rax)
        asm.pop(.r9)
        asm.pop(.r9)
        asm.load(Self.memBase, ctxWord(.memoryBase))
        asm.load(Self.memSize, ctxWord(.memorySize))
        asm.alu(.cmp, .rax, imm: 2, w: false)
        asm.jcc(.e, retry)
        asm.test(.rax, .rax, w: false)
        asm.jcc(.ne, exitLabel)
        asm.bind(done)
        raxSlot = nil
    }

    /// Pushes the `CallFrame` the interpreter would (at `frames[depth]`, `rax` holding the depth, `rcx` the
    /// callee's record), calls the code in `rdx` with the callee's frame at `argBase`, then pops it.
    private mutating func pushFrameAndCall(argBase: UInt32, entry: X64Label? = nil) {
        asm.mov(.rsi, .rax)
        asm.shift(.shl, .rsi, imm: UInt8(NativeLayout.callFrameShift), w: true)
        asm.alu(.add, .rsi, ctxWord(.frames), w: true)
        asm.store(X64Mem(base: .rsi, disp: Int32(NativeLayout.frameReturnPC)), Self.fp)
        asm.store(X64Mem(base: .rsi, disp: Int32(NativeLayout.frameFP)), Self.fp)
        asm.movImm(.r8, UInt64(UInt(bitPattern: instance)))
        asm.store(X64Mem(base: .rsi, disp: Int32(NativeLayout.frameInstance)), .r8)
        asm.store(X64Mem(base: .rsi, disp: Int32(NativeLayout.frameCallee)), .rcx)
        asm.alu(.add, .rax, imm: 1, w: true)
        asm.store(ctxWord(.frameDepth), .rax)
        if argBase != 0 { asm.lea(Self.fp, slot(argBase)) }
        if let entry { asm.call(entry) } else { asm.call(.rdx) }
        if argBase != 0 { asm.lea(Self.fp, X64Mem(base: Self.fp, disp: -Int32(argBase) * 8)) }
        asm.alu(.sub, ctxWord(.frameDepth), imm: 1, w: true)
    }
}
#endif
