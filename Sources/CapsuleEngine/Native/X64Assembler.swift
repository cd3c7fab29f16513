// A pure x86-64 machine-code encoder: registers, [base + index + disp] operands, the instructions the
// native tier selects, labels and forward fixups. It knows nothing about WebAssembly, so that an arm64
// encoder can sit beside it under the same instruction selection.

/// A general-purpose x86-64 register (its hardware number).
struct X64Reg: Equatable {
    let number: UInt8
    static let rax = X64Reg(number: 0), rcx = X64Reg(number: 1), rdx = X64Reg(number: 2), rbx = X64Reg(number: 3)
    static let rsp = X64Reg(number: 4), rbp = X64Reg(number: 5), rsi = X64Reg(number: 6), rdi = X64Reg(number: 7)
    static let r8 = X64Reg(number: 8), r9 = X64Reg(number: 9), r10 = X64Reg(number: 10), r11 = X64Reg(number: 11)
    static let r12 = X64Reg(number: 12), r13 = X64Reg(number: 13), r14 = X64Reg(number: 14), r15 = X64Reg(number: 15)
    var low: UInt8 { number & 7 }
    var high: Bool { number >= 8 }
}

/// A memory operand `[base + index*scale + disp]`.
struct X64Mem {
    var base: X64Reg
    var index: X64Reg? = nil
    /// log2 of the index scale (0...3).
    var scaleLog2: UInt8 = 0
    var disp: Int32 = 0
}

/// Condition codes (the low nibble of `Jcc`/`SETcc`/`CMOVcc`).
enum X64Cond: UInt8 {
    case o = 0, no = 1, b = 2, ae = 3, e = 4, ne = 5, be = 6, a = 7
    case s = 8, ns = 9, p = 10, np = 11, l = 12, ge = 13, le = 14, g = 15

    /// The opposite condition.
    var negated: X64Cond { X64Cond(rawValue: rawValue ^ 1) ?? self }
}

/// Two-operand ALU operations sharing the classic encoding (`/digit` for the immediate forms).
enum X64Alu: UInt8 {
    case add = 0, or = 1, and = 4, sub = 5, xor = 6, cmp = 7
}

/// Shift and rotate operations (`/digit` of the `D3`/`C1` group).
enum X64Shift: UInt8 {
    case rol = 0, ror = 1, shl = 4, shr = 5, sar = 7
}

/// A position in the code that jumps can target before it is known.
struct X64Label: Hashable {
    let id: Int
}

/// Appends encoded instructions to a byte buffer.
struct X64Assembler {
    private(set) var bytes: [UInt8] = []
    private var labelOffsets: [Int?] = []
    /// (position of a rel32 field, label): patched by `finish`.
    private var fixups: [(Int, X64Label)] = []

    var offset: Int { bytes.count }

    mutating func newLabel() -> X64Label {
        labelOffsets.append(nil)
        return X64Label(id: labelOffsets.count - 1)
    }

    mutating func bind(_ label: X64Label) {
        labelOffsets[label.id] = bytes.count
    }

    func isBound(_ label: X64Label) -> Bool { labelOffsets[label.id] != nil }

    /// Resolves every fixup; false when a label was used but never bound.
    mutating func finish() -> Bool {
        for (position, label) in fixups {
            guard let target = labelOffsets[label.id] else { return false }
            let rel = Int32(truncatingIfNeeded: target - (position + 4))
            put32(rel, at: position)
        }
        fixups.removeAll()
        return true
    }

    // MARK: Raw emission

    mutating func byte(_ b: UInt8) { bytes.append(b) }
    mutating func imm32(_ v: Int32) {
        let u = UInt32(bitPattern: v)
        bytes.append(UInt8(u & 0xFF)); bytes.append(UInt8((u >> 8) & 0xFF))
        bytes.append(UInt8((u >> 16) & 0xFF)); bytes.append(UInt8(u >> 24))
    }
    mutating func imm64(_ v: UInt64) {
        for i in 0..<8 { bytes.append(UInt8((v >> (8 * UInt64(i))) & 0xFF)) }
    }
    private mutating func put32(_ v: Int32, at position: Int) {
        let u = UInt32(bitPattern: v)
        bytes[position] = UInt8(u & 0xFF); bytes[position + 1] = UInt8((u >> 8) & 0xFF)
        bytes[position + 2] = UInt8((u >> 16) & 0xFF); bytes[position + 3] = UInt8(u >> 24)
    }

    /// REX prefix when needed (`force` for W or for byte registers sil/dil...).
    private mutating func rex(w: Bool, r: UInt8, x: UInt8, b: UInt8, force: Bool = false) {
        let value: UInt8 = 0x40 | (w ? 8 : 0) | ((r >> 3) & 1) << 2 | ((x >> 3) & 1) << 1 | ((b >> 3) & 1)
        if value != 0x40 || force { bytes.append(value) }
    }

    /// ModRM (and SIB, displacement) for a register `reg` field and a memory operand.
    private mutating func modrm(reg: UInt8, mem: X64Mem) {
        let base = mem.base
        let needsSIB = mem.index != nil || base.low == 4
        let mod: UInt8
        if mem.disp == 0 && base.low != 5 { mod = 0 } else if mem.disp >= -128 && mem.disp <= 127 { mod = 1 } else { mod = 2 }
        if needsSIB {
            bytes.append(mod << 6 | (reg & 7) << 3 | 4)
            let index = mem.index?.low ?? 4
            bytes.append(mem.scaleLog2 << 6 | index << 3 | base.low)
        } else {
            bytes.append(mod << 6 | (reg & 7) << 3 | base.low)
        }
        if mod == 1 { bytes.append(UInt8(bitPattern: Int8(mem.disp))) } else if mod == 2 { imm32(mem.disp) }
    }

    private mutating func modrm(reg: UInt8, rm: X64Reg) {
        bytes.append(0xC0 | (reg & 7) << 3 | rm.low)
    }

    /// Emits `[prefix] REX opcode ModRM...` for a register and memory operand.
    private mutating func op(_ opcode: [UInt8], w: Bool, reg: UInt8, mem: X64Mem, forceRex: Bool = false, prefix: UInt8? = nil) {
        if let prefix { bytes.append(prefix) }
        rex(w: w, r: reg, x: mem.index?.number ?? 0, b: mem.base.number, force: forceRex)
        bytes.append(contentsOf: opcode)
        modrm(reg: reg, mem: mem)
    }

    private mutating func op(_ opcode: [UInt8], w: Bool, reg: UInt8, rm: X64Reg, forceRex: Bool = false, prefix: UInt8? = nil) {
        if let prefix { bytes.append(prefix) }
        rex(w: w, r: reg, x: 0, b: rm.number, force: forceRex)
        bytes.append(contentsOf: opcode)
        modrm(reg: reg, rm: rm)
    }

    // MARK: Moves

    /// `mov dst, [mem]` (64-bit, or 32-bit zero-extending when `w` is false).
    mutating func load(_ dst: X64Reg, _ mem: X64Mem, w: Bool = true) { op([0x8B], w: w, reg: dst.number, mem: mem) }
    /// `mov [mem], src`.
    mutating func store(_ mem: X64Mem, _ src: X64Reg, w: Bool = true) { op([0x89], w: w, reg: src.number, mem: mem) }
    /// `mov byte [mem], src8`.
    mutating func store8(_ mem: X64Mem, _ src: X64Reg) { op([0x88], w: false, reg: src.number, mem: mem, forceRex: src.number >= 4) }
    /// `mov word [mem], src16`.
    mutating func store16(_ mem: X64Mem, _ src: X64Reg) { op([0x89], w: false, reg: src.number, mem: mem, prefix: 0x66) }
    /// `movzx dst32, byte [mem]`.
    mutating func loadZX8(_ dst: X64Reg, _ mem: X64Mem) { op([0x0F, 0xB6], w: false, reg: dst.number, mem: mem) }
    /// `movzx dst32, word [mem]`.
    mutating func loadZX16(_ dst: X64Reg, _ mem: X64Mem) { op([0x0F, 0xB7], w: false, reg: dst.number, mem: mem) }
    /// `movsx dst, byte [mem]` (to 64 bits when `w`, else 32).
    mutating func loadSX8(_ dst: X64Reg, _ mem: X64Mem, w: Bool) { op([0x0F, 0xBE], w: w, reg: dst.number, mem: mem) }
    /// `movsx dst, word [mem]`.
    mutating func loadSX16(_ dst: X64Reg, _ mem: X64Mem, w: Bool) { op([0x0F, 0xBF], w: w, reg: dst.number, mem: mem) }
    /// `movsxd dst64, dword [mem]`.
    mutating func loadSX32(_ dst: X64Reg, _ mem: X64Mem) { op([0x63], w: true, reg: dst.number, mem: mem) }
    /// `movsx dst, src8/16` and `movsxd`, register forms.
    mutating func signExtend8(_ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0xBE], w: w, reg: dst.number, rm: src, forceRex: src.number >= 4) }
    mutating func signExtend16(_ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0xBF], w: w, reg: dst.number, rm: src) }
    mutating func signExtend32(_ dst: X64Reg, _ src: X64Reg) { op([0x63], w: true, reg: dst.number, rm: src) }
    /// `movzx dst32, src8`.
    mutating func zeroExtend8(_ dst: X64Reg, _ src: X64Reg) { op([0x0F, 0xB6], w: false, reg: dst.number, rm: src, forceRex: src.number >= 4) }
    /// `mov dst, src` (`w` false: 32-bit, which zero-extends).
    mutating func mov(_ dst: X64Reg, _ src: X64Reg, w: Bool = true) { op([0x89], w: w, reg: src.number, rm: dst) }
    /// Loads a 64-bit constant with the shortest encoding.
    mutating func movImm(_ dst: X64Reg, _ value: UInt64) {
        if value == 0 {
            op([0x31], w: false, reg: dst.number, rm: dst)  // xor r32, r32
        } else if value <= UInt64(UInt32.max) {
            rex(w: false, r: 0, x: 0, b: dst.number)
            bytes.append(0xB8 + dst.low)
            imm32(Int32(bitPattern: UInt32(value)))
        } else if Int64(bitPattern: value) >= Int64(Int32.min) && Int64(bitPattern: value) < 0 {
            op([0xC7], w: true, reg: 0, rm: dst)
            imm32(Int32(truncatingIfNeeded: Int64(bitPattern: value)))
        } else {
            rex(w: true, r: 0, x: 0, b: dst.number)
            bytes.append(0xB8 + dst.low)
            imm64(value)
        }
    }
    /// `mov qword/dword [mem], imm32` (sign-extended to 64 bits when `w`).
    mutating func storeImm(_ mem: X64Mem, _ value: Int32, w: Bool = true) {
        op([0xC7], w: w, reg: 0, mem: mem)
        imm32(value)
    }
    /// `lea dst, [mem]`.
    mutating func lea(_ dst: X64Reg, _ mem: X64Mem, w: Bool = true) { op([0x8D], w: w, reg: dst.number, mem: mem) }

    // MARK: Arithmetic

    /// `op dst, src`.
    mutating func alu(_ kind: X64Alu, _ dst: X64Reg, _ src: X64Reg, w: Bool) { op([kind.rawValue << 3 | 1], w: w, reg: src.number, rm: dst) }
    /// `op dst, [mem]`.
    mutating func alu(_ kind: X64Alu, _ dst: X64Reg, _ mem: X64Mem, w: Bool) { op([kind.rawValue << 3 | 3], w: w, reg: dst.number, mem: mem) }
    /// `op dst, imm` (sign-extended imm8 or imm32).
    mutating func alu(_ kind: X64Alu, _ dst: X64Reg, imm: Int32, w: Bool) {
        if imm >= -128 && imm <= 127 {
            op([0x83], w: w, reg: kind.rawValue, rm: dst); byte(UInt8(bitPattern: Int8(imm)))
        } else {
            op([0x81], w: w, reg: kind.rawValue, rm: dst); imm32(imm)
        }
    }
    /// `op [mem], imm`.
    mutating func alu(_ kind: X64Alu, _ mem: X64Mem, imm: Int32, w: Bool) {
        if imm >= -128 && imm <= 127 {
            op([0x83], w: w, reg: kind.rawValue, mem: mem); byte(UInt8(bitPattern: Int8(imm)))
        } else {
            op([0x81], w: w, reg: kind.rawValue, mem: mem); imm32(imm)
        }
    }
    /// `op [mem], src`.
    mutating func alu(_ kind: X64Alu, _ mem: X64Mem, _ src: X64Reg, w: Bool) { op([kind.rawValue << 3 | 1], w: w, reg: src.number, mem: mem) }
    /// `test a, b`.
    mutating func test(_ a: X64Reg, _ b: X64Reg, w: Bool) { op([0x85], w: w, reg: b.number, rm: a) }
    /// `imul dst, src`.
    mutating func imul(_ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0xAF], w: w, reg: dst.number, rm: src) }
    /// `imul dst, src, imm32`.
    mutating func imul(_ dst: X64Reg, _ src: X64Reg, imm: Int32, w: Bool) { op([0x69], w: w, reg: dst.number, rm: src); imm32(imm) }
    /// `div src` / `idiv src` (rdx:rax by src).
    mutating func div(_ src: X64Reg, signed: Bool, w: Bool) { op([0xF7], w: w, reg: signed ? 7 : 6, rm: src) }
    /// `cdq` / `cqo`.
    mutating func signExtendAccumulator(w: Bool) { if w { byte(0x48) }; byte(0x99) }
    /// `neg dst`.
    mutating func neg(_ dst: X64Reg, w: Bool) { op([0xF7], w: w, reg: 3, rm: dst) }
    /// Shift or rotate by `cl`.
    mutating func shiftCL(_ kind: X64Shift, _ dst: X64Reg, w: Bool) { op([0xD3], w: w, reg: kind.rawValue, rm: dst) }
    /// Shift or rotate by an immediate.
    mutating func shift(_ kind: X64Shift, _ dst: X64Reg, imm: UInt8, w: Bool) { op([0xC1], w: w, reg: kind.rawValue, rm: dst); byte(imm) }
    /// `bsr`/`bsf`/`popcnt`.
    mutating func bsr(_ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0xBD], w: w, reg: dst.number, rm: src) }
    mutating func bsf(_ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0xBC], w: w, reg: dst.number, rm: src) }
    mutating func popcnt(_ dst: X64Reg, _ src: X64Reg, w: Bool) {
        bytes.append(0xF3)
        op([0x0F, 0xB8], w: w, reg: dst.number, rm: src)
    }
    /// `setcc dst8` then nothing else (callers zero-extend).
    mutating func setcc(_ cond: X64Cond, _ dst: X64Reg) { op([0x0F, 0x90 | cond.rawValue], w: false, reg: 0, rm: dst, forceRex: dst.number >= 4) }
    /// `cmovcc dst, src`.
    mutating func cmov(_ cond: X64Cond, _ dst: X64Reg, _ src: X64Reg, w: Bool) { op([0x0F, 0x40 | cond.rawValue], w: w, reg: dst.number, rm: src) }

    // MARK: Control

    /// `jmp label` (rel32).
    mutating func jmp(_ label: X64Label) {
        byte(0xE9); fixups.append((bytes.count, label)); imm32(0)
    }
    /// `jcc label` (rel32).
    mutating func jcc(_ cond: X64Cond, _ label: X64Label) {
        byte(0x0F); byte(0x80 | cond.rawValue); fixups.append((bytes.count, label)); imm32(0)
    }
    /// `call label`.
    mutating func call(_ label: X64Label) {
        byte(0xE8); fixups.append((bytes.count, label)); imm32(0)
    }
    /// `call reg`.
    mutating func call(_ target: X64Reg) { op([0xFF], w: false, reg: 2, rm: target) }
    /// `jmp reg`.
    mutating func jmp(_ target: X64Reg) { op([0xFF], w: false, reg: 4, rm: target) }
    /// `jmp qword [mem]`.
    mutating func jmp(_ mem: X64Mem) { op([0xFF], w: false, reg: 4, mem: mem) }
    /// `jmp qword [rip + label]`: no; a table of labels is `lea` of a data label plus a load.
    mutating func leaRIP(_ dst: X64Reg, _ label: X64Label) {
        rex(w: true, r: dst.number, x: 0, b: 0)
        byte(0x8D); byte(0x05 | dst.low << 3); fixups.append((bytes.count, label)); imm32(0)
    }
    /// Emits a 32-bit entry of a jump table: the label's offset from `base`'s position (patched later).
    mutating func tableEntry(_ label: X64Label, relativeTo base: X64Label) {
        tableFixups.append((bytes.count, label, base)); imm32(0)
    }
    private var tableFixups: [(Int, X64Label, X64Label)] = []
    /// Resolves jump-table entries (call before `finish`).
    mutating func finishTables() -> Bool {
        for (position, label, base) in tableFixups {
            guard let target = labelOffsets[label.id], let origin = labelOffsets[base.id] else { return false }
            put32(Int32(truncatingIfNeeded: target - origin), at: position)
        }
        tableFixups.removeAll()
        return true
    }
    /// `movsxd dst, dword [base + index*4]`.
    mutating func loadSX32Indexed(_ dst: X64Reg, base: X64Reg, index: X64Reg) {
        loadSX32(dst, X64Mem(base: base, index: index, scaleLog2: 2, disp: 0))
    }
    mutating func push(_ reg: X64Reg) { rex(w: false, r: 0, x: 0, b: reg.number); byte(0x50 + reg.low) }
    mutating func pop(_ reg: X64Reg) { rex(w: false, r: 0, x: 0, b: reg.number); byte(0x58 + reg.low) }
    mutating func ret() { byte(0xC3) }
    mutating func ud2() { byte(0x0F); byte(0x0B) }
    /// Pads with `int3` to a multiple of `alignment`.
    mutating func align(_ alignment: Int) { while bytes.count % alignment != 0 { byte(0xCC) } }
}

/// An SSE register `xmm0`...`xmm15`.
struct X64XMM: Equatable {
    let number: UInt8
    static let xmm0 = X64XMM(number: 0), xmm1 = X64XMM(number: 1), xmm2 = X64XMM(number: 2)
}

/// Scalar SSE2 arithmetic (the second opcode byte).
enum X64SSEOp: UInt8 {
    case add = 0x58, mul = 0x59, sub = 0x5C, div = 0x5E, sqrt = 0x51
}

extension X64Assembler {
    private mutating func sse(prefix: UInt8?, _ opcode: [UInt8], w: Bool = false, reg: UInt8, mem: X64Mem) {
        if let prefix { byte(prefix) }
        let rexValue: UInt8 = 0x40 | (w ? 8 : 0) | ((reg >> 3) & 1) << 2 | (((mem.index?.number ?? 0) >> 3) & 1) << 1 | ((mem.base.number >> 3) & 1)
        if rexValue != 0x40 { byte(rexValue) }
        for b in opcode { byte(b) }
        modrm(reg: reg, mem: mem)
    }
    private mutating func sse(prefix: UInt8?, _ opcode: [UInt8], w: Bool = false, reg: UInt8, rm: UInt8) {
        if let prefix { byte(prefix) }
        let rexValue: UInt8 = 0x40 | (w ? 8 : 0) | ((reg >> 3) & 1) << 2 | ((rm >> 3) & 1)
        if rexValue != 0x40 { byte(rexValue) }
        for b in opcode { byte(b) }
        byte(0xC0 | (reg & 7) << 3 | (rm & 7))
    }
    /// `movsd xmm, qword [mem]` / `movss xmm, dword [mem]`.
    mutating func loadFloat(_ dst: X64XMM, _ mem: X64Mem, double: Bool) { sse(prefix: double ? 0xF2 : 0xF3, [0x0F, 0x10], reg: dst.number, mem: mem) }
    /// `movsd qword [mem], xmm` / `movss dword [mem], xmm`.
    mutating func storeFloat(_ mem: X64Mem, _ src: X64XMM, double: Bool) { sse(prefix: double ? 0xF2 : 0xF3, [0x0F, 0x11], reg: src.number, mem: mem) }
    /// `addsd/subsd/mulsd/divsd/sqrtsd xmm, [mem]` (`ss` forms when not `double`).
    mutating func sseArith(_ op: X64SSEOp, _ dst: X64XMM, _ mem: X64Mem, double: Bool) { sse(prefix: double ? 0xF2 : 0xF3, [0x0F, op.rawValue], reg: dst.number, mem: mem) }
    mutating func sseArith(_ op: X64SSEOp, _ dst: X64XMM, _ src: X64XMM, double: Bool) { sse(prefix: double ? 0xF2 : 0xF3, [0x0F, op.rawValue], reg: dst.number, rm: src.number) }
    /// `ucomisd xmm, [mem]` / `ucomiss`.
    mutating func ucomis(_ a: X64XMM, _ mem: X64Mem, double: Bool) { sse(prefix: double ? 0x66 : nil, [0x0F, 0x2E], reg: a.number, mem: mem) }
    /// `movq rax, xmm` (`movd eax, xmm` when not `w`).
    mutating func movFromXMM(_ dst: X64Reg, _ src: X64XMM, w: Bool) { sse(prefix: 0x66, [0x0F, 0x7E], w: w, reg: src.number, rm: dst.number) }
    /// `movq xmm, rax` (`movd xmm, eax` when not `w`).
    mutating func movToXMM(_ dst: X64XMM, _ src: X64Reg, w: Bool) { sse(prefix: 0x66, [0x0F, 0x6E], w: w, reg: dst.number, rm: src.number) }
    /// `movaps dst, src` (the whole register; used for scalars of either width).
    mutating func moveXMM(_ dst: X64XMM, _ src: X64XMM) { if dst != src { sse(prefix: nil, [0x0F, 0x28], reg: dst.number, rm: src.number) } }
    /// `ucomisd a, b` / `ucomiss`.
    mutating func ucomis(_ a: X64XMM, _ b: X64XMM, double: Bool) { sse(prefix: double ? 0x66 : nil, [0x0F, 0x2E], reg: a.number, rm: b.number) }
    /// `cvtsi2sd/cvtsi2ss xmm, r32/r64`: a signed integer (64-bit when `w`) to a float.
    mutating func convertFromInt(_ dst: X64XMM, _ src: X64Reg, w: Bool, double: Bool) {
        sse(prefix: double ? 0xF2 : 0xF3, [0x0F, 0x2A], w: w, reg: dst.number, rm: src.number)
    }
    /// `cvttsd2si/cvttss2si r32/r64, xmm`: truncates toward zero (the "integer indefinite" value when out of range).
    mutating func truncateToInt(_ dst: X64Reg, _ src: X64XMM, w: Bool, double: Bool) {
        sse(prefix: double ? 0xF2 : 0xF3, [0x0F, 0x2C], w: w, reg: dst.number, rm: src.number)
    }
    /// `cvtsd2ss` (`fromDouble`) or `cvtss2sd`.
    mutating func convertFloat(_ dst: X64XMM, _ src: X64XMM, fromDouble: Bool) {
        sse(prefix: fromDouble ? 0xF2 : 0xF3, [0x0F, 0x5A], reg: dst.number, rm: src.number)
    }
    /// `roundsd/roundss dst, src, mode` (SSE4.1); mode 0 nearest even, 1 down, 2 up, 3 toward zero
    /// (bit 3 set here: no precision exception).
    mutating func round(_ dst: X64XMM, _ src: X64XMM, mode: UInt8, double: Bool) {
        sse(prefix: 0x66, [0x0F, 0x3A, double ? 0x0B : 0x0A], reg: dst.number, rm: src.number)
        byte(mode | 8)
    }
    /// `cpuid` (eax leaf, ecx subleaf in; eax, ebx, ecx, edx out).
    mutating func cpuid() { byte(0x0F); byte(0xA2) }
}
