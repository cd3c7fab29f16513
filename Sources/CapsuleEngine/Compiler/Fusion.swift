import CapsuleBinary

// The superinstructions the compiler forms, and the facts it needs about them. Each is
// measured; see Docs/RATIONALE.md.

extension Op {
    /// The immediate-operand form of a binary numeric instruction whose second operand is the
    /// constant `constant`, if there is one and the constant fits its 32-bit immediate.
    static func immediateForm(of numeric: NumericOp, constant: UInt64) -> (op: Op, value: UInt32)? {
        let value = UInt32(truncatingIfNeeded: constant)
        switch numeric {
        case .i32Add: return (.i32AddImm, value)
        case .i32Sub: return (.i32SubImm, value)
        case .i32Mul: return (.i32MulImm, value)
        case .i32And: return (.i32AndImm, value)
        case .i32Or: return (.i32OrImm, value)
        case .i32Xor: return (.i32XorImm, value)
        case .i32Shl: return (.i32ShlImm, value)
        case .i32ShrS: return (.i32ShrSImm, value)
        case .i32ShrU: return (.i32ShrUImm, value)
        case .i32Eq: return (.i32EqImm, value)
        case .i32Ne: return (.i32NeImm, value)
        case .i32LtS: return (.i32LtSImm, value)
        case .i32LtU: return (.i32LtUImm, value)
        case .i32GtS: return (.i32GtSImm, value)
        case .i32GtU: return (.i32GtUImm, value)
        case .i32LeS: return (.i32LeSImm, value)
        case .i32LeU: return (.i32LeUImm, value)
        case .i32GeS: return (.i32GeSImm, value)
        case .i32GeU: return (.i32GeUImm, value)
        case .i32Rotl: return (.i32RotlImm, value)
        case .i32Rotr: return (.i32RotrImm, value)
        case .i64Rotl: return (.i64RotlImm, value & 63)
        case .i64Rotr: return (.i64RotrImm, value & 63)
        default: break
        }
        // i64 immediates are sign-extended from 32 bits.
        guard Int64(bitPattern: constant) == Int64(Int32(bitPattern: value)) else { return nil }
        switch numeric {
        case .i64Add: return (.i64AddImm, value)
        case .i64Sub: return (.i64SubImm, value)
        case .i64Mul: return (.i64MulImm, value)
        case .i64And: return (.i64AndImm, value)
        case .i64Or: return (.i64OrImm, value)
        case .i64Xor: return (.i64XorImm, value)
        case .i64Shl: return (.i64ShlImm, value)
        case .i64ShrS: return (.i64ShrSImm, value)
        case .i64ShrU: return (.i64ShrUImm, value)
        default: return nil
        }
    }

    /// For an integer or float comparison, the branch that jumps when the comparison holds (or, `negated`,
    /// when it does not). The branch takes the comparison's operands followed by the offset.
    func fusedBranch(negated: Bool) -> Op? {
        let pair: (Op, Op)
        switch self {
        case .i32Eqz: pair = (.brI32Eqz, .brI32Nez)
        case .i32Eq: pair = (.brI32Eq, .brI32Ne)
        case .i32Ne: pair = (.brI32Ne, .brI32Eq)
        case .i32LtS: pair = (.brI32LtS, .brI32GeS)
        case .i32LtU: pair = (.brI32LtU, .brI32GeU)
        case .i32GtS: pair = (.brI32GtS, .brI32LeS)
        case .i32GtU: pair = (.brI32GtU, .brI32LeU)
        case .i32LeS: pair = (.brI32LeS, .brI32GtS)
        case .i32LeU: pair = (.brI32LeU, .brI32GtU)
        case .i32GeS: pair = (.brI32GeS, .brI32LtS)
        case .i32GeU: pair = (.brI32GeU, .brI32LtU)
        case .i32EqImm: pair = (.brI32EqImm, .brI32NeImm)
        case .i32NeImm: pair = (.brI32NeImm, .brI32EqImm)
        case .i32LtSImm: pair = (.brI32LtSImm, .brI32GeSImm)
        case .i32LtUImm: pair = (.brI32LtUImm, .brI32GeUImm)
        case .i32GtSImm: pair = (.brI32GtSImm, .brI32LeSImm)
        case .i32GtUImm: pair = (.brI32GtUImm, .brI32LeUImm)
        case .i32LeSImm: pair = (.brI32LeSImm, .brI32GtSImm)
        case .i32LeUImm: pair = (.brI32LeUImm, .brI32GtUImm)
        case .i32GeSImm: pair = (.brI32GeSImm, .brI32LtSImm)
        case .i32GeUImm: pair = (.brI32GeUImm, .brI32LtUImm)
        case .i64Eqz: pair = (.brI64Eqz, .brI64Nez)
        case .i64Eq: pair = (.brI64Eq, .brI64Ne)
        case .i64Ne: pair = (.brI64Ne, .brI64Eq)
        case .i64LtS: pair = (.brI64LtS, .brI64GeS)
        case .i64LtU: pair = (.brI64LtU, .brI64GeU)
        case .i64GtS: pair = (.brI64GtS, .brI64LeS)
        case .i64GtU: pair = (.brI64GtU, .brI64LeU)
        case .i64LeS: pair = (.brI64LeS, .brI64GtS)
        case .i64LeU: pair = (.brI64LeU, .brI64GtU)
        case .i64GeS: pair = (.brI64GeS, .brI64LtS)
        case .i64GeU: pair = (.brI64GeU, .brI64LtU)
        // Floats: `ne` is exactly `!eq`, but `!(a < b)` is not `a >= b` when either is NaN.
        case .f32Eq: pair = (.brF32Eq, .brF32Ne)
        case .f32Ne: pair = (.brF32Ne, .brF32Eq)
        case .f32Lt: pair = (.brF32Lt, .brF32NotLt)
        case .f32Gt: pair = (.brF32Gt, .brF32NotGt)
        case .f32Le: pair = (.brF32Le, .brF32NotLe)
        case .f32Ge: pair = (.brF32Ge, .brF32NotGe)
        case .f64Eq: pair = (.brF64Eq, .brF64Ne)
        case .f64Ne: pair = (.brF64Ne, .brF64Eq)
        case .f64Lt: pair = (.brF64Lt, .brF64NotLt)
        case .f64Gt: pair = (.brF64Gt, .brF64NotGt)
        case .f64Le: pair = (.brF64Le, .brF64NotLe)
        case .f64Ge: pair = (.brF64Ge, .brF64NotGe)
        default: return nil
        }
        return negated ? pair.1 : pair.0
    }

    /// The load from the sum of two slots for `op`, when there is one.
    static func indexedLoad(_ op: LoadOp) -> Op? {
        switch op {
        case .i32Load: return .i32LoadIdx
        case .i64Load: return .i64LoadIdx
        case .f32Load: return .f32LoadIdx
        case .f64Load: return .f64LoadIdx
        case .i32Load8S: return .i32Load8SIdx
        case .i32Load8U: return .i32Load8UIdx
        case .i32Load16S: return .i32Load16SIdx
        case .i32Load16U: return .i32Load16UIdx
        default: return nil
        }
    }

    /// The metered form of a branch that can close a loop, if it has one (see `Op.brMetered`).
    var meteredBackEdge: Op? {
        switch self {
        case .br: return .brMetered
        case .brIf: return .brIfMetered
        case .brI32Eqz: return .brI32EqzMetered
        case .brI32Nez: return .brI32NezMetered
        case .brI32Eq: return .brI32EqMetered
        case .brI32EqImm: return .brI32EqImmMetered
        case .brI32Ne: return .brI32NeMetered
        case .brI32NeImm: return .brI32NeImmMetered
        case .brI32LtS: return .brI32LtSMetered
        case .brI32LtSImm: return .brI32LtSImmMetered
        case .brI32LtU: return .brI32LtUMetered
        case .brI32LtUImm: return .brI32LtUImmMetered
        case .brI32GtS: return .brI32GtSMetered
        case .brI32GtSImm: return .brI32GtSImmMetered
        case .brI32GtU: return .brI32GtUMetered
        case .brI32GtUImm: return .brI32GtUImmMetered
        case .brI32LeS: return .brI32LeSMetered
        case .brI32LeSImm: return .brI32LeSImmMetered
        case .brI32LeU: return .brI32LeUMetered
        case .brI32LeUImm: return .brI32LeUImmMetered
        case .brI32GeS: return .brI32GeSMetered
        case .brI32GeSImm: return .brI32GeSImmMetered
        case .brI32GeU: return .brI32GeUMetered
        case .brI32GeUImm: return .brI32GeUImmMetered
        case .brI64Eqz: return .brI64EqzMetered
        case .brI64Nez: return .brI64NezMetered
        case .brI64Eq: return .brI64EqMetered
        case .brI64Ne: return .brI64NeMetered
        case .brI64LtS: return .brI64LtSMetered
        case .brI64LtU: return .brI64LtUMetered
        case .brI64GtS: return .brI64GtSMetered
        case .brI64GtU: return .brI64GtUMetered
        case .brI64LeS: return .brI64LeSMetered
        case .brI64LeU: return .brI64LeUMetered
        case .brI64GeS: return .brI64GeSMetered
        case .brI64GeU: return .brI64GeUMetered
        case .brF32Eq: return .brF32EqMetered
        case .brF32Ne: return .brF32NeMetered
        case .brF32Lt: return .brF32LtMetered
        case .brF32Gt: return .brF32GtMetered
        case .brF32Le: return .brF32LeMetered
        case .brF32Ge: return .brF32GeMetered
        case .brF32NotLt: return .brF32NotLtMetered
        case .brF32NotGt: return .brF32NotGtMetered
        case .brF32NotLe: return .brF32NotLeMetered
        case .brF32NotGe: return .brF32NotGeMetered
        case .brF64Eq: return .brF64EqMetered
        case .brF64Ne: return .brF64NeMetered
        case .brF64Lt: return .brF64LtMetered
        case .brF64Gt: return .brF64GtMetered
        case .brF64Le: return .brF64LeMetered
        case .brF64Ge: return .brF64GeMetered
        case .brF64NotLt: return .brF64NotLtMetered
        case .brF64NotGt: return .brF64NotGtMetered
        case .brF64NotLe: return .brF64NotLeMetered
        case .brF64NotGe: return .brF64NotGeMetered
        default: return nil
        }
    }

    /// The branch that also adds a constant to its first operand first (see `Op.addImmBrI32Eqz`), for a
    /// branch on an `i32` slot, if there is one.
    var addImmBranch: Op? {
        switch self {
        case .brIf, .brI32Nez: return .addImmBrI32Nez
        case .brIfNot, .brI32Eqz: return .addImmBrI32Eqz
        case .brI32Eq: return .addImmBrI32Eq
        case .brI32Ne: return .addImmBrI32Ne
        case .brI32LtS: return .addImmBrI32LtS
        case .brI32LtU: return .addImmBrI32LtU
        case .brI32GtS: return .addImmBrI32GtS
        case .brI32GtU: return .addImmBrI32GtU
        case .brI32LeS: return .addImmBrI32LeS
        case .brI32LeU: return .addImmBrI32LeU
        case .brI32GeS: return .addImmBrI32GeS
        case .brI32GeU: return .addImmBrI32GeU
        case .brI32EqImm: return .addImmBrI32EqImm
        case .brI32NeImm: return .addImmBrI32NeImm
        case .brI32LtSImm: return .addImmBrI32LtSImm
        case .brI32LtUImm: return .addImmBrI32LtUImm
        case .brI32GtSImm: return .addImmBrI32GtSImm
        case .brI32GtUImm: return .addImmBrI32GtUImm
        case .brI32LeSImm: return .addImmBrI32LeSImm
        case .brI32LeUImm: return .addImmBrI32LeUImm
        case .brI32GeSImm: return .addImmBrI32GeSImm
        case .brI32GeUImm: return .addImmBrI32GeUImm
        default: return nil
        }
    }

    /// The same comparison of two `i32` slots with its operands swapped (`a < b` is `b > a`).
    var swappedBranch: Op? {
        switch self {
        case .brI32Eq: return .brI32Eq
        case .brI32Ne: return .brI32Ne
        case .brI32LtS: return .brI32GtS
        case .brI32LtU: return .brI32GtU
        case .brI32GtS: return .brI32LtS
        case .brI32GtU: return .brI32LtU
        case .brI32LeS: return .brI32GeS
        case .brI32LeU: return .brI32GeU
        case .brI32GeS: return .brI32LeS
        case .brI32GeU: return .brI32LeU
        default: return nil
        }
    }
}
