import CapsuleCore

/// A numeric instruction without immediates: every `t.op` of WebAssembly 2.0 between opcodes
/// 0x45 and 0xC4, plus the saturating truncations (0xFC 0-7).
///
/// The raw value is the opcode (0xFC-prefixed ones as `0xFC00 | subopcode`). Names and types
/// come from the one table in this file (``NumericOp/info``).
public enum NumericOp: UInt16, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `i32.eqz` (0x45).
    case i32Eqz = 0x45
    /// `i32.eq` (0x46).
    case i32Eq = 0x46
    /// `i32.ne` (0x47).
    case i32Ne = 0x47
    /// `i32.lt_s` (0x48).
    case i32LtS = 0x48
    /// `i32.lt_u` (0x49).
    case i32LtU = 0x49
    /// `i32.gt_s` (0x4A).
    case i32GtS = 0x4A
    /// `i32.gt_u` (0x4B).
    case i32GtU = 0x4B
    /// `i32.le_s` (0x4C).
    case i32LeS = 0x4C
    /// `i32.le_u` (0x4D).
    case i32LeU = 0x4D
    /// `i32.ge_s` (0x4E).
    case i32GeS = 0x4E
    /// `i32.ge_u` (0x4F).
    case i32GeU = 0x4F
    /// `i64.eqz` (0x50).
    case i64Eqz = 0x50
    /// `i64.eq` (0x51).
    case i64Eq = 0x51
    /// `i64.ne` (0x52).
    case i64Ne = 0x52
    /// `i64.lt_s` (0x53).
    case i64LtS = 0x53
    /// `i64.lt_u` (0x54).
    case i64LtU = 0x54
    /// `i64.gt_s` (0x55).
    case i64GtS = 0x55
    /// `i64.gt_u` (0x56).
    case i64GtU = 0x56
    /// `i64.le_s` (0x57).
    case i64LeS = 0x57
    /// `i64.le_u` (0x58).
    case i64LeU = 0x58
    /// `i64.ge_s` (0x59).
    case i64GeS = 0x59
    /// `i64.ge_u` (0x5A).
    case i64GeU = 0x5A
    /// `f32.eq` (0x5B).
    case f32Eq = 0x5B
    /// `f32.ne` (0x5C).
    case f32Ne = 0x5C
    /// `f32.lt` (0x5D).
    case f32Lt = 0x5D
    /// `f32.gt` (0x5E).
    case f32Gt = 0x5E
    /// `f32.le` (0x5F).
    case f32Le = 0x5F
    /// `f32.ge` (0x60).
    case f32Ge = 0x60
    /// `f64.eq` (0x61).
    case f64Eq = 0x61
    /// `f64.ne` (0x62).
    case f64Ne = 0x62
    /// `f64.lt` (0x63).
    case f64Lt = 0x63
    /// `f64.gt` (0x64).
    case f64Gt = 0x64
    /// `f64.le` (0x65).
    case f64Le = 0x65
    /// `f64.ge` (0x66).
    case f64Ge = 0x66
    /// `i32.clz` (0x67).
    case i32Clz = 0x67
    /// `i32.ctz` (0x68).
    case i32Ctz = 0x68
    /// `i32.popcnt` (0x69).
    case i32Popcnt = 0x69
    /// `i32.add` (0x6A).
    case i32Add = 0x6A
    /// `i32.sub` (0x6B).
    case i32Sub = 0x6B
    /// `i32.mul` (0x6C).
    case i32Mul = 0x6C
    /// `i32.div_s` (0x6D).
    case i32DivS = 0x6D
    /// `i32.div_u` (0x6E).
    case i32DivU = 0x6E
    /// `i32.rem_s` (0x6F).
    case i32RemS = 0x6F
    /// `i32.rem_u` (0x70).
    case i32RemU = 0x70
    /// `i32.and` (0x71).
    case i32And = 0x71
    /// `i32.or` (0x72).
    case i32Or = 0x72
    /// `i32.xor` (0x73).
    case i32Xor = 0x73
    /// `i32.shl` (0x74).
    case i32Shl = 0x74
    /// `i32.shr_s` (0x75).
    case i32ShrS = 0x75
    /// `i32.shr_u` (0x76).
    case i32ShrU = 0x76
    /// `i32.rotl` (0x77).
    case i32Rotl = 0x77
    /// `i32.rotr` (0x78).
    case i32Rotr = 0x78
    /// `i64.clz` (0x79).
    case i64Clz = 0x79
    /// `i64.ctz` (0x7A).
    case i64Ctz = 0x7A
    /// `i64.popcnt` (0x7B).
    case i64Popcnt = 0x7B
    /// `i64.add` (0x7C).
    case i64Add = 0x7C
    /// `i64.sub` (0x7D).
    case i64Sub = 0x7D
    /// `i64.mul` (0x7E).
    case i64Mul = 0x7E
    /// `i64.div_s` (0x7F).
    case i64DivS = 0x7F
    /// `i64.div_u` (0x80).
    case i64DivU = 0x80
    /// `i64.rem_s` (0x81).
    case i64RemS = 0x81
    /// `i64.rem_u` (0x82).
    case i64RemU = 0x82
    /// `i64.and` (0x83).
    case i64And = 0x83
    /// `i64.or` (0x84).
    case i64Or = 0x84
    /// `i64.xor` (0x85).
    case i64Xor = 0x85
    /// `i64.shl` (0x86).
    case i64Shl = 0x86
    /// `i64.shr_s` (0x87).
    case i64ShrS = 0x87
    /// `i64.shr_u` (0x88).
    case i64ShrU = 0x88
    /// `i64.rotl` (0x89).
    case i64Rotl = 0x89
    /// `i64.rotr` (0x8A).
    case i64Rotr = 0x8A
    /// `f32.abs` (0x8B).
    case f32Abs = 0x8B
    /// `f32.neg` (0x8C).
    case f32Neg = 0x8C
    /// `f32.ceil` (0x8D).
    case f32Ceil = 0x8D
    /// `f32.floor` (0x8E).
    case f32Floor = 0x8E
    /// `f32.trunc` (0x8F).
    case f32Trunc = 0x8F
    /// `f32.nearest` (0x90).
    case f32Nearest = 0x90
    /// `f32.sqrt` (0x91).
    case f32Sqrt = 0x91
    /// `f32.add` (0x92).
    case f32Add = 0x92
    /// `f32.sub` (0x93).
    case f32Sub = 0x93
    /// `f32.mul` (0x94).
    case f32Mul = 0x94
    /// `f32.div` (0x95).
    case f32Div = 0x95
    /// `f32.min` (0x96).
    case f32Min = 0x96
    /// `f32.max` (0x97).
    case f32Max = 0x97
    /// `f32.copysign` (0x98).
    case f32Copysign = 0x98
    /// `f64.abs` (0x99).
    case f64Abs = 0x99
    /// `f64.neg` (0x9A).
    case f64Neg = 0x9A
    /// `f64.ceil` (0x9B).
    case f64Ceil = 0x9B
    /// `f64.floor` (0x9C).
    case f64Floor = 0x9C
    /// `f64.trunc` (0x9D).
    case f64Trunc = 0x9D
    /// `f64.nearest` (0x9E).
    case f64Nearest = 0x9E
    /// `f64.sqrt` (0x9F).
    case f64Sqrt = 0x9F
    /// `f64.add` (0xA0).
    case f64Add = 0xA0
    /// `f64.sub` (0xA1).
    case f64Sub = 0xA1
    /// `f64.mul` (0xA2).
    case f64Mul = 0xA2
    /// `f64.div` (0xA3).
    case f64Div = 0xA3
    /// `f64.min` (0xA4).
    case f64Min = 0xA4
    /// `f64.max` (0xA5).
    case f64Max = 0xA5
    /// `f64.copysign` (0xA6).
    case f64Copysign = 0xA6
    /// `i32.wrap_i64` (0xA7).
    case i32WrapI64 = 0xA7
    /// `i32.trunc_f32_s` (0xA8).
    case i32TruncF32S = 0xA8
    /// `i32.trunc_f32_u` (0xA9).
    case i32TruncF32U = 0xA9
    /// `i32.trunc_f64_s` (0xAA).
    case i32TruncF64S = 0xAA
    /// `i32.trunc_f64_u` (0xAB).
    case i32TruncF64U = 0xAB
    /// `i64.extend_i32_s` (0xAC).
    case i64ExtendI32S = 0xAC
    /// `i64.extend_i32_u` (0xAD).
    case i64ExtendI32U = 0xAD
    /// `i64.trunc_f32_s` (0xAE).
    case i64TruncF32S = 0xAE
    /// `i64.trunc_f32_u` (0xAF).
    case i64TruncF32U = 0xAF
    /// `i64.trunc_f64_s` (0xB0).
    case i64TruncF64S = 0xB0
    /// `i64.trunc_f64_u` (0xB1).
    case i64TruncF64U = 0xB1
    /// `f32.convert_i32_s` (0xB2).
    case f32ConvertI32S = 0xB2
    /// `f32.convert_i32_u` (0xB3).
    case f32ConvertI32U = 0xB3
    /// `f32.convert_i64_s` (0xB4).
    case f32ConvertI64S = 0xB4
    /// `f32.convert_i64_u` (0xB5).
    case f32ConvertI64U = 0xB5
    /// `f32.demote_f64` (0xB6).
    case f32DemoteF64 = 0xB6
    /// `f64.convert_i32_s` (0xB7).
    case f64ConvertI32S = 0xB7
    /// `f64.convert_i32_u` (0xB8).
    case f64ConvertI32U = 0xB8
    /// `f64.convert_i64_s` (0xB9).
    case f64ConvertI64S = 0xB9
    /// `f64.convert_i64_u` (0xBA).
    case f64ConvertI64U = 0xBA
    /// `f64.promote_f32` (0xBB).
    case f64PromoteF32 = 0xBB
    /// `i32.reinterpret_f32` (0xBC).
    case i32ReinterpretF32 = 0xBC
    /// `i64.reinterpret_f64` (0xBD).
    case i64ReinterpretF64 = 0xBD
    /// `f32.reinterpret_i32` (0xBE).
    case f32ReinterpretI32 = 0xBE
    /// `f64.reinterpret_i64` (0xBF).
    case f64ReinterpretI64 = 0xBF
    /// `i32.extend8_s` (0xC0).
    case i32Extend8S = 0xC0
    /// `i32.extend16_s` (0xC1).
    case i32Extend16S = 0xC1
    /// `i64.extend8_s` (0xC2).
    case i64Extend8S = 0xC2
    /// `i64.extend16_s` (0xC3).
    case i64Extend16S = 0xC3
    /// `i64.extend32_s` (0xC4).
    case i64Extend32S = 0xC4
    /// `i32.trunc_sat_f32_s` (0xFC 0).
    case i32TruncSatF32S = 0xFC00
    /// `i32.trunc_sat_f32_u` (0xFC 1).
    case i32TruncSatF32U = 0xFC01
    /// `i32.trunc_sat_f64_s` (0xFC 2).
    case i32TruncSatF64S = 0xFC02
    /// `i32.trunc_sat_f64_u` (0xFC 3).
    case i32TruncSatF64U = 0xFC03
    /// `i64.trunc_sat_f32_s` (0xFC 4).
    case i64TruncSatF32S = 0xFC04
    /// `i64.trunc_sat_f32_u` (0xFC 5).
    case i64TruncSatF32U = 0xFC05
    /// `i64.trunc_sat_f64_s` (0xFC 6).
    case i64TruncSatF64S = 0xFC06
    /// `i64.trunc_sat_f64_u` (0xFC 7).
    case i64TruncSatF64U = 0xFC07
}

extension NumericOp {
    /// Name and type facts of one numeric instruction.
    public struct Info: Sendable {
        /// Text-format name, such as `i32.add`.
        public let name: String
        /// Type of the first (or only) operand.
        public let operand: ValueType
        /// Type of the second operand for binary instructions, `nil` for unary ones.
        public let secondOperand: ValueType?
        /// Type of the result.
        public let result: ValueType
    }

    /// Name and types of this instruction.
    public var info: Info {
        switch self {
        case .i32Eqz: return Info(name: "i32.eqz", operand: .i32, secondOperand: nil, result: .i32)
        case .i32Eq: return Info(name: "i32.eq", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Ne: return Info(name: "i32.ne", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32LtS: return Info(name: "i32.lt_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32LtU: return Info(name: "i32.lt_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32GtS: return Info(name: "i32.gt_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32GtU: return Info(name: "i32.gt_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32LeS: return Info(name: "i32.le_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32LeU: return Info(name: "i32.le_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32GeS: return Info(name: "i32.ge_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32GeU: return Info(name: "i32.ge_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i64Eqz: return Info(name: "i64.eqz", operand: .i64, secondOperand: nil, result: .i32)
        case .i64Eq: return Info(name: "i64.eq", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64Ne: return Info(name: "i64.ne", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64LtS: return Info(name: "i64.lt_s", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64LtU: return Info(name: "i64.lt_u", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64GtS: return Info(name: "i64.gt_s", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64GtU: return Info(name: "i64.gt_u", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64LeS: return Info(name: "i64.le_s", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64LeU: return Info(name: "i64.le_u", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64GeS: return Info(name: "i64.ge_s", operand: .i64, secondOperand: .i64, result: .i32)
        case .i64GeU: return Info(name: "i64.ge_u", operand: .i64, secondOperand: .i64, result: .i32)
        case .f32Eq: return Info(name: "f32.eq", operand: .f32, secondOperand: .f32, result: .i32)
        case .f32Ne: return Info(name: "f32.ne", operand: .f32, secondOperand: .f32, result: .i32)
        case .f32Lt: return Info(name: "f32.lt", operand: .f32, secondOperand: .f32, result: .i32)
        case .f32Gt: return Info(name: "f32.gt", operand: .f32, secondOperand: .f32, result: .i32)
        case .f32Le: return Info(name: "f32.le", operand: .f32, secondOperand: .f32, result: .i32)
        case .f32Ge: return Info(name: "f32.ge", operand: .f32, secondOperand: .f32, result: .i32)
        case .f64Eq: return Info(name: "f64.eq", operand: .f64, secondOperand: .f64, result: .i32)
        case .f64Ne: return Info(name: "f64.ne", operand: .f64, secondOperand: .f64, result: .i32)
        case .f64Lt: return Info(name: "f64.lt", operand: .f64, secondOperand: .f64, result: .i32)
        case .f64Gt: return Info(name: "f64.gt", operand: .f64, secondOperand: .f64, result: .i32)
        case .f64Le: return Info(name: "f64.le", operand: .f64, secondOperand: .f64, result: .i32)
        case .f64Ge: return Info(name: "f64.ge", operand: .f64, secondOperand: .f64, result: .i32)
        case .i32Clz: return Info(name: "i32.clz", operand: .i32, secondOperand: nil, result: .i32)
        case .i32Ctz: return Info(name: "i32.ctz", operand: .i32, secondOperand: nil, result: .i32)
        case .i32Popcnt: return Info(name: "i32.popcnt", operand: .i32, secondOperand: nil, result: .i32)
        case .i32Add: return Info(name: "i32.add", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Sub: return Info(name: "i32.sub", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Mul: return Info(name: "i32.mul", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32DivS: return Info(name: "i32.div_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32DivU: return Info(name: "i32.div_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32RemS: return Info(name: "i32.rem_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32RemU: return Info(name: "i32.rem_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32And: return Info(name: "i32.and", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Or: return Info(name: "i32.or", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Xor: return Info(name: "i32.xor", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Shl: return Info(name: "i32.shl", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32ShrS: return Info(name: "i32.shr_s", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32ShrU: return Info(name: "i32.shr_u", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Rotl: return Info(name: "i32.rotl", operand: .i32, secondOperand: .i32, result: .i32)
        case .i32Rotr: return Info(name: "i32.rotr", operand: .i32, secondOperand: .i32, result: .i32)
        case .i64Clz: return Info(name: "i64.clz", operand: .i64, secondOperand: nil, result: .i64)
        case .i64Ctz: return Info(name: "i64.ctz", operand: .i64, secondOperand: nil, result: .i64)
        case .i64Popcnt: return Info(name: "i64.popcnt", operand: .i64, secondOperand: nil, result: .i64)
        case .i64Add: return Info(name: "i64.add", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Sub: return Info(name: "i64.sub", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Mul: return Info(name: "i64.mul", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64DivS: return Info(name: "i64.div_s", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64DivU: return Info(name: "i64.div_u", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64RemS: return Info(name: "i64.rem_s", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64RemU: return Info(name: "i64.rem_u", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64And: return Info(name: "i64.and", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Or: return Info(name: "i64.or", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Xor: return Info(name: "i64.xor", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Shl: return Info(name: "i64.shl", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64ShrS: return Info(name: "i64.shr_s", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64ShrU: return Info(name: "i64.shr_u", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Rotl: return Info(name: "i64.rotl", operand: .i64, secondOperand: .i64, result: .i64)
        case .i64Rotr: return Info(name: "i64.rotr", operand: .i64, secondOperand: .i64, result: .i64)
        case .f32Abs: return Info(name: "f32.abs", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Neg: return Info(name: "f32.neg", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Ceil: return Info(name: "f32.ceil", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Floor: return Info(name: "f32.floor", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Trunc: return Info(name: "f32.trunc", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Nearest: return Info(name: "f32.nearest", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Sqrt: return Info(name: "f32.sqrt", operand: .f32, secondOperand: nil, result: .f32)
        case .f32Add: return Info(name: "f32.add", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Sub: return Info(name: "f32.sub", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Mul: return Info(name: "f32.mul", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Div: return Info(name: "f32.div", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Min: return Info(name: "f32.min", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Max: return Info(name: "f32.max", operand: .f32, secondOperand: .f32, result: .f32)
        case .f32Copysign: return Info(name: "f32.copysign", operand: .f32, secondOperand: .f32, result: .f32)
        case .f64Abs: return Info(name: "f64.abs", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Neg: return Info(name: "f64.neg", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Ceil: return Info(name: "f64.ceil", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Floor: return Info(name: "f64.floor", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Trunc: return Info(name: "f64.trunc", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Nearest: return Info(name: "f64.nearest", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Sqrt: return Info(name: "f64.sqrt", operand: .f64, secondOperand: nil, result: .f64)
        case .f64Add: return Info(name: "f64.add", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Sub: return Info(name: "f64.sub", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Mul: return Info(name: "f64.mul", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Div: return Info(name: "f64.div", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Min: return Info(name: "f64.min", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Max: return Info(name: "f64.max", operand: .f64, secondOperand: .f64, result: .f64)
        case .f64Copysign: return Info(name: "f64.copysign", operand: .f64, secondOperand: .f64, result: .f64)
        case .i32WrapI64: return Info(name: "i32.wrap_i64", operand: .i64, secondOperand: nil, result: .i32)
        case .i32TruncF32S: return Info(name: "i32.trunc_f32_s", operand: .f32, secondOperand: nil, result: .i32)
        case .i32TruncF32U: return Info(name: "i32.trunc_f32_u", operand: .f32, secondOperand: nil, result: .i32)
        case .i32TruncF64S: return Info(name: "i32.trunc_f64_s", operand: .f64, secondOperand: nil, result: .i32)
        case .i32TruncF64U: return Info(name: "i32.trunc_f64_u", operand: .f64, secondOperand: nil, result: .i32)
        case .i64ExtendI32S: return Info(name: "i64.extend_i32_s", operand: .i32, secondOperand: nil, result: .i64)
        case .i64ExtendI32U: return Info(name: "i64.extend_i32_u", operand: .i32, secondOperand: nil, result: .i64)
        case .i64TruncF32S: return Info(name: "i64.trunc_f32_s", operand: .f32, secondOperand: nil, result: .i64)
        case .i64TruncF32U: return Info(name: "i64.trunc_f32_u", operand: .f32, secondOperand: nil, result: .i64)
        case .i64TruncF64S: return Info(name: "i64.trunc_f64_s", operand: .f64, secondOperand: nil, result: .i64)
        case .i64TruncF64U: return Info(name: "i64.trunc_f64_u", operand: .f64, secondOperand: nil, result: .i64)
        case .f32ConvertI32S: return Info(name: "f32.convert_i32_s", operand: .i32, secondOperand: nil, result: .f32)
        case .f32ConvertI32U: return Info(name: "f32.convert_i32_u", operand: .i32, secondOperand: nil, result: .f32)
        case .f32ConvertI64S: return Info(name: "f32.convert_i64_s", operand: .i64, secondOperand: nil, result: .f32)
        case .f32ConvertI64U: return Info(name: "f32.convert_i64_u", operand: .i64, secondOperand: nil, result: .f32)
        case .f32DemoteF64: return Info(name: "f32.demote_f64", operand: .f64, secondOperand: nil, result: .f32)
        case .f64ConvertI32S: return Info(name: "f64.convert_i32_s", operand: .i32, secondOperand: nil, result: .f64)
        case .f64ConvertI32U: return Info(name: "f64.convert_i32_u", operand: .i32, secondOperand: nil, result: .f64)
        case .f64ConvertI64S: return Info(name: "f64.convert_i64_s", operand: .i64, secondOperand: nil, result: .f64)
        case .f64ConvertI64U: return Info(name: "f64.convert_i64_u", operand: .i64, secondOperand: nil, result: .f64)
        case .f64PromoteF32: return Info(name: "f64.promote_f32", operand: .f32, secondOperand: nil, result: .f64)
        case .i32ReinterpretF32: return Info(name: "i32.reinterpret_f32", operand: .f32, secondOperand: nil, result: .i32)
        case .i64ReinterpretF64: return Info(name: "i64.reinterpret_f64", operand: .f64, secondOperand: nil, result: .i64)
        case .f32ReinterpretI32: return Info(name: "f32.reinterpret_i32", operand: .i32, secondOperand: nil, result: .f32)
        case .f64ReinterpretI64: return Info(name: "f64.reinterpret_i64", operand: .i64, secondOperand: nil, result: .f64)
        case .i32Extend8S: return Info(name: "i32.extend8_s", operand: .i32, secondOperand: nil, result: .i32)
        case .i32Extend16S: return Info(name: "i32.extend16_s", operand: .i32, secondOperand: nil, result: .i32)
        case .i64Extend8S: return Info(name: "i64.extend8_s", operand: .i64, secondOperand: nil, result: .i64)
        case .i64Extend16S: return Info(name: "i64.extend16_s", operand: .i64, secondOperand: nil, result: .i64)
        case .i64Extend32S: return Info(name: "i64.extend32_s", operand: .i64, secondOperand: nil, result: .i64)
        case .i32TruncSatF32S: return Info(name: "i32.trunc_sat_f32_s", operand: .f32, secondOperand: nil, result: .i32)
        case .i32TruncSatF32U: return Info(name: "i32.trunc_sat_f32_u", operand: .f32, secondOperand: nil, result: .i32)
        case .i32TruncSatF64S: return Info(name: "i32.trunc_sat_f64_s", operand: .f64, secondOperand: nil, result: .i32)
        case .i32TruncSatF64U: return Info(name: "i32.trunc_sat_f64_u", operand: .f64, secondOperand: nil, result: .i32)
        case .i64TruncSatF32S: return Info(name: "i64.trunc_sat_f32_s", operand: .f32, secondOperand: nil, result: .i64)
        case .i64TruncSatF32U: return Info(name: "i64.trunc_sat_f32_u", operand: .f32, secondOperand: nil, result: .i64)
        case .i64TruncSatF64S: return Info(name: "i64.trunc_sat_f64_s", operand: .f64, secondOperand: nil, result: .i64)
        case .i64TruncSatF64U: return Info(name: "i64.trunc_sat_f64_u", operand: .f64, secondOperand: nil, result: .i64)
        }
    }

    /// The text-format name, such as `i32.add`.
    public var description: String { info.name }
}
