#if arch(x86_64)
// Float conversions, truncations, rounding, minimum/maximum and copysign in machine code. Each
// produces the interpreter's bits exactly (Sources/CapsuleEngine/Numerics): the hardware's
// conversions quiet a NaN and keep its payload's top bits as the interpreter's code does, and the
// paths with Wasm-specific rules (NaN and -0 in min/max, range checks of truncations) are spelled out.

extension NativeCompiler {
    /// Emits `op` (at `pc`) if it is one of the float operations this file handles; false otherwise
    /// (the caller then uses the numeric helper).
    mutating func selectFloat(_ op: Op, _ pc: Int) -> Bool {
        let dst = code[pc + 1], a = code[pc + 2]
        switch op {
        case .f32ConvertI32S, .f64ConvertI32S, .f32ConvertI32U, .f64ConvertI32U, .f32ConvertI64S, .f64ConvertI64S:
            let double = op == .f64ConvertI32S || op == .f64ConvertI32U || op == .f64ConvertI64S
            let wide = op == .f32ConvertI64S || op == .f64ConvertI64S
            let signed32 = op == .f32ConvertI32S || op == .f64ConvertI32S
            load(.rcx, a, w: wide)
            // An unsigned i32 is converted as the non-negative i64 it zero-extends to.
            asm.convertFromInt(.xmm0, .rcx, w: !signed32, double: double)
            finishFloat(dst, double: double)
        case .f32ConvertI64U, .f64ConvertI64U:
            let double = op == .f64ConvertI64U
            load(.rcx, a, w: true)
            let big = asm.newLabel(), done = asm.newLabel()
            asm.test(.rcx, .rcx, w: true)
            asm.jcc(.s, big)
            asm.convertFromInt(.xmm0, .rcx, w: true, double: double)
            asm.jmp(done)
            asm.bind(big)
            // Halve (keeping the lost bit as a sticky bit, so rounding stays correct), convert, double.
            asm.mov(.rdx, .rcx, w: true)
            asm.shift(.shr, .rdx, imm: 1, w: true)
            asm.alu(.and, .rcx, imm: 1, w: false)
            asm.alu(.or, .rdx, .rcx, w: true)
            asm.convertFromInt(.xmm0, .rdx, w: true, double: double)
            asm.sseArith(.add, .xmm0, .xmm0, double: double)
            asm.bind(done)
            finishFloat(dst, double: double)
        case .f32DemoteF64, .f64PromoteF32:
            let fromDouble = op == .f32DemoteF64
            asm.loadFloat(.xmm0, slot(a), double: fromDouble)
            asm.convertFloat(.xmm0, .xmm0, fromDouble: fromDouble)
            finishFloat(dst, double: !fromDouble)
        case .f32Ceil, .f32Floor, .f32Trunc, .f32Nearest, .f64Ceil, .f64Floor, .f64Trunc, .f64Nearest:
            guard CPUFeatures.current.sse41 else { return false }
            let double = op == .f64Ceil || op == .f64Floor || op == .f64Trunc || op == .f64Nearest
            let mode: UInt8
            switch op {
            case .f32Nearest, .f64Nearest: mode = 0
            case .f32Floor, .f64Floor: mode = 1
            case .f32Ceil, .f64Ceil: mode = 2
            default: mode = 3
            }
            asm.loadFloat(.xmm0, slot(a), double: double)
            asm.round(.xmm0, .xmm0, mode: mode, double: double)
            finishFloat(dst, double: double)
        case .f32Min, .f32Max, .f64Min, .f64Max:
            emitMinMax(dst, a, code[pc + 3], double: op == .f64Min || op == .f64Max, min: op == .f32Min || op == .f64Min)
        case .f32Copysign:
            load(.rax, a, w: false)
            load(.rcx, code[pc + 3], w: false)
            raxSlot = nil
            asm.alu(.and, .rax, imm: 0x7FFF_FFFF, w: false)
            asm.alu(.and, .rcx, imm: Int32.min, w: false)
            asm.alu(.or, .rax, .rcx, w: false)
            storeRAX(dst)
        case .f64Copysign:
            load(.rax, a, w: true)
            load(.rcx, code[pc + 3], w: true)
            raxSlot = nil
            asm.shift(.shl, .rax, imm: 1, w: true)
            asm.shift(.shr, .rax, imm: 1, w: true)
            asm.shift(.shr, .rcx, imm: 63, w: true)
            asm.shift(.shl, .rcx, imm: 63, w: true)
            asm.alu(.or, .rax, .rcx, w: true)
            storeRAX(dst)
        default:
            guard let truncation = Self.truncations[op] else { return false }
            emitTruncation(dst, a, truncation)
        }
        return true
    }

    /// Moves the result in xmm0 to rax and its slot (an f32 zero-extended, as the interpreter stores it).
    private mutating func finishFloat(_ dst: UInt32, double: Bool) {
        asm.movFromXMM(.rax, .xmm0, w: double)
        raxSlot = nil
        storeRAX(dst)
    }

    /// `min`/`max` with Wasm's rules: -0 below +0, and a NaN operand gives that NaN quieted (the first
    /// operand's when both are NaN), bit for bit as `Numerics.f64Min` and its siblings.
    private mutating func emitMinMax(_ dst: UInt32, _ a: UInt32, _ b: UInt32, double: Bool, min: Bool) {
        load(.rax, a, w: double)
        load(.rcx, b, w: double)
        raxSlot = nil
        asm.movToXMM(.xmm0, .rax, w: double)
        asm.movToXMM(.xmm1, .rcx, w: double)
        let nan = asm.newLabel(), takeB = asm.newLabel(), done = asm.newLabel()
        asm.ucomis(.xmm0, .xmm1, double: double)
        asm.jcc(.p, nan)
        // Ordered: below (a < b) or above (a > b) decides; equal values merge their sign bits.
        asm.jcc(min ? .b : .a, done)
        asm.jcc(min ? .a : .b, takeB)
        asm.alu(min ? .or : .and, .rax, .rcx, w: double)
        asm.jmp(done)
        asm.bind(nan)
        let quiet = asm.newLabel()
        asm.ucomis(.xmm0, .xmm0, double: double)
        asm.jcc(.p, quiet)
        asm.mov(.rax, .rcx, w: double)
        asm.bind(quiet)
        if double {
            asm.movImm(.rdx, 0x0008_0000_0000_0000)
            asm.alu(.or, .rax, .rdx, w: true)
        } else {
            asm.alu(.or, .rax, imm: 0x0040_0000, w: false)
        }
        asm.jmp(done)
        asm.bind(takeB)
        asm.mov(.rax, .rcx, w: double)
        asm.bind(done)
        storeRAX(dst)
    }

    /// A float-to-integer truncation: its source and result widths, and what it does out of range.
    struct Truncation {
        let double: Bool, wide: Bool, signed: Bool, saturating: Bool
    }

    private static let truncations: [Op: Truncation] = [
        .i32TruncF32S: Truncation(double: false, wide: false, signed: true, saturating: false),
        .i32TruncF32U: Truncation(double: false, wide: false, signed: false, saturating: false),
        .i32TruncF64S: Truncation(double: true, wide: false, signed: true, saturating: false),
        .i32TruncF64U: Truncation(double: true, wide: false, signed: false, saturating: false),
        .i64TruncF32S: Truncation(double: false, wide: true, signed: true, saturating: false),
        .i64TruncF32U: Truncation(double: false, wide: true, signed: false, saturating: false),
        .i64TruncF64S: Truncation(double: true, wide: true, signed: true, saturating: false),
        .i64TruncF64U: Truncation(double: true, wide: true, signed: false, saturating: false),
        .i32TruncSatF32S: Truncation(double: false, wide: false, signed: true, saturating: true),
        .i32TruncSatF32U: Truncation(double: false, wide: false, signed: false, saturating: true),
        .i32TruncSatF64S: Truncation(double: true, wide: false, signed: true, saturating: true),
        .i32TruncSatF64U: Truncation(double: true, wide: false, signed: false, saturating: true),
        .i64TruncSatF32S: Truncation(double: false, wide: true, signed: true, saturating: true),
        .i64TruncSatF32U: Truncation(double: false, wide: true, signed: false, saturating: true),
        .i64TruncSatF64S: Truncation(double: true, wide: true, signed: true, saturating: true),
        .i64TruncSatF64U: Truncation(double: true, wide: true, signed: false, saturating: true),
    ]

    /// The bit pattern of `value` in the source format.
    private func floatBits(_ value: Double, double: Bool) -> UInt64 {
        double ? value.bitPattern : UInt64(Float(value).bitPattern)
    }

    private mutating func loadFloatConstant(_ xmm: X64XMM, _ value: Double, double: Bool) {
        asm.movImm(.rcx, floatBits(value, double: double))
        asm.movToXMM(xmm, .rcx, w: double)
    }

    /// Truncation toward zero with the range check of the spec: NaN is an invalid conversion, a value
    /// whose truncation does not fit overflows (or saturates: NaN to 0, out of range to the nearest bound).
    private mutating func emitTruncation(_ dst: UInt32, _ a: UInt32, _ t: Truncation) {
        let bits = t.wide ? 64 : 32
        // The open interval (or half-open, when the lower bound itself converts) of values that fit.
        let upper: Double = t.signed ? Double(sign: .plus, exponent: bits - 1, significand: 1) : Double(sign: .plus, exponent: bits, significand: 1)
        let lower: Double = t.signed ? -upper : -1
        // -2^31 - 1 is exact in f64 (an exclusive bound); in f32, and for 64-bit targets, -2^(n-1) is the
        // smallest value that fits (an inclusive bound). Unsigned targets exclude -1 in both formats.
        let lowerInclusive = t.signed && (t.wide || !t.double)
        let lowerBound = t.signed && !lowerInclusive ? lower - 1 : lower
        let nan = t.saturating ? asm.newLabel() : trap(.invalidConversionToInteger)
        let low = t.saturating ? asm.newLabel() : trap(.integerOverflow)
        let high = t.saturating ? asm.newLabel() : trap(.integerOverflow)
        let done = asm.newLabel()
        raxSlot = nil
        asm.loadFloat(.xmm0, slot(a), double: t.double)
        asm.ucomis(.xmm0, .xmm0, double: t.double)
        asm.jcc(.p, nan)
        loadFloatConstant(.xmm1, lowerBound, double: t.double)
        asm.ucomis(.xmm0, .xmm1, double: t.double)
        asm.jcc(lowerInclusive ? .b : .be, low)
        loadFloatConstant(.xmm1, upper, double: t.double)
        asm.ucomis(.xmm0, .xmm1, double: t.double)
        asm.jcc(.ae, high)
        if t.wide && !t.signed {
            // Below 2^63 the signed conversion is exact; above, convert x - 2^63 and put the top bit back.
            let big = asm.newLabel()
            loadFloatConstant(.xmm1, Double(sign: .plus, exponent: 63, significand: 1), double: t.double)
            asm.ucomis(.xmm0, .xmm1, double: t.double)
            asm.jcc(.ae, big)
            asm.truncateToInt(.rax, .xmm0, w: true, double: t.double)
            asm.jmp(done)
            asm.bind(big)
            asm.sseArith(.sub, .xmm0, .xmm1, double: t.double)
            asm.truncateToInt(.rax, .xmm0, w: true, double: t.double)
            asm.movImm(.rcx, 1 << 63)
            asm.alu(.xor, .rax, .rcx, w: true)
        } else if t.wide || t.signed {
            asm.truncateToInt(.rax, .xmm0, w: t.wide, double: t.double)
        } else {
            // Unsigned 32-bit: the value fits a signed 64-bit conversion; keep its low half.
            asm.truncateToInt(.rax, .xmm0, w: true, double: t.double)
            asm.mov(.rax, .rax, w: false)
        }
        if t.saturating {
            asm.jmp(done)
            asm.bind(nan)
            asm.movImm(.rax, 0)
            asm.jmp(done)
            asm.bind(low)
            asm.movImm(.rax, t.signed ? (t.wide ? 1 << 63 : 0x8000_0000) : 0)
            asm.jmp(done)
            asm.bind(high)
            asm.movImm(.rax, t.signed ? (t.wide ? UInt64(Int64.max) : 0x7FFF_FFFF) : (t.wide ? UInt64.max : 0xFFFF_FFFF))
        }
        asm.bind(done)
        storeRAX(dst)
    }
}
#endif
