/// Reading compiled code back, for engine development: set `CAPSULE_DUMP_CODE=1` to print every
/// function as it is compiled.
extension Op {
    /// Number of operand words after the opcode word; -1 for variable-length instructions
    /// (`br_table`: its count word says how many offsets follow; `simd`: depends on its sub-opcode).
    var operandWords: Int {
        switch self {
        case .unreachable: return 0
        case .br: return 1
        case .brIf: return 2
        case .brIfNot: return 2
        case .brTable: return -1
        case .return: return 0
        case .return1: return 1
        case .call: return 2
        case .callIndirect: return 4
        case .returnCall: return 2
        case .returnCallIndirect: return 4
        case .callRef, .returnCallRef: return 2
        case .refAsNonNull: return 2
        case .gc: return 8
        case .throw: return 2
        case .throwRef: return 1
        case .copy: return 2
        case .copy2: return 4
        case .i32XorRotlImm, .i32XorRotrImm, .i32XorShrUImm: return 4
        case .i32AddLoad, .f64AddLoad, .f64SubLoad, .f64MulLoad: return 5
        case .f64AddMul, .f64SubMul: return 4
        case .f64AddCopy: return 4
        case .i32AddImmCopy: return 5
        case .addImmBrI32Eqz, .addImmBrI32Nez: return 4
        case .addImmBrI32Eq, .addImmBrI32Ne, .addImmBrI32LtS, .addImmBrI32LtU, .addImmBrI32GtS, .addImmBrI32GtU, .addImmBrI32LeS, .addImmBrI32LeU, .addImmBrI32GeS, .addImmBrI32GeU: return 5
        case .addImmBrI32EqImm, .addImmBrI32NeImm, .addImmBrI32LtSImm, .addImmBrI32LtUImm, .addImmBrI32GtSImm, .addImmBrI32GtUImm, .addImmBrI32LeSImm, .addImmBrI32LeUImm, .addImmBrI32GeSImm, .addImmBrI32GeUImm: return 5
        case .const32: return 2
        case .const64: return 3
        case .select: return 4
        case .copy128: return 2
        case .const128: return 5
        case .select128: return 4
        case .globalGet: return 2
        case .globalSet: return 2
        case .globalGet128: return 2
        case .globalSet128: return 2
        case .refIsNull: return 2
        case .refFunc: return 2
        case .tableGet: return 3
        case .tableSet: return 3
        case .tableSize: return 2
        case .tableGrow: return 4
        case .tableFill: return 4
        case .tableCopy: return 5
        case .tableInit: return 5
        case .saturateU32: return 2
        case .elemDrop: return 1
        case .i32Load: return 4
        case .i64Load: return 4
        case .f32Load: return 4
        case .f64Load: return 4
        case .i32Load8S: return 4
        case .i32Load8U: return 4
        case .i32Load16S: return 4
        case .i32Load16U: return 4
        case .i64Load8S: return 4
        case .i64Load8U: return 4
        case .i64Load16S: return 4
        case .i64Load16U: return 4
        case .i64Load32S: return 4
        case .i64Load32U: return 4
        case .i32Store: return 4
        case .i64Store: return 4
        case .f32Store: return 4
        case .f64Store: return 4
        case .i32Store8: return 4
        case .i32Store16: return 4
        case .i64Store8: return 4
        case .i64Store16: return 4
        case .i64Store32: return 4
        case .memorySize: return 1
        case .memoryGrow: return 2
        case .memoryInit: return 4
        case .dataDrop: return 1
        case .memoryCopy: return 3
        case .memoryFill: return 3
        case .memoryOp: return 7
        case .simdMemory: return 5
        case .brI32Eqz: return 2
        case .brI32Nez: return 2
        case .brI32Eq: return 3
        case .brI32Ne: return 3
        case .brI32LtS: return 3
        case .brI32LtU: return 3
        case .brI32GtS: return 3
        case .brI32GtU: return 3
        case .brI32LeS: return 3
        case .brI32LeU: return 3
        case .brI32GeS: return 3
        case .brI32GeU: return 3
        case .brI32EqImm: return 3
        case .brI32NeImm: return 3
        case .brI32LtSImm: return 3
        case .brI32LtUImm: return 3
        case .brI32GtSImm: return 3
        case .brI32GtUImm: return 3
        case .brI32LeSImm: return 3
        case .brI32LeUImm: return 3
        case .brI32GeSImm: return 3
        case .brI32GeUImm: return 3
        case .i32AddImm: return 3
        case .i32SubImm: return 3
        case .i32MulImm: return 3
        case .i32AndImm: return 3
        case .i32OrImm: return 3
        case .i32XorImm: return 3
        case .i32ShlImm: return 3
        case .i32ShrSImm: return 3
        case .i32ShrUImm: return 3
        case .i32EqImm: return 3
        case .i32NeImm: return 3
        case .i32LtSImm: return 3
        case .i32LtUImm: return 3
        case .i32GtSImm: return 3
        case .i32GtUImm: return 3
        case .i32LeSImm: return 3
        case .i32LeUImm: return 3
        case .i32GeSImm: return 3
        case .i32GeUImm: return 3
        case .i64AddImm: return 3
        case .i64SubImm: return 3
        case .i64MulImm: return 3
        case .i64AndImm: return 3
        case .i64OrImm: return 3
        case .i64XorImm: return 3
        case .i64ShlImm: return 3
        case .i64ShrSImm: return 3
        case .i64ShrUImm: return 3
        case .i32LoadIdx, .i64LoadIdx, .f32LoadIdx, .f64LoadIdx, .i32Load8SIdx, .i32Load8UIdx, .i32Load16SIdx, .i32Load16UIdx: return 4
        case .brMetered: return 2
        case .brIfMetered, .brI32EqzMetered, .brI32NezMetered: return 3
        case .brI32EqMetered, .brI32NeMetered, .brI32LtSMetered, .brI32LtUMetered, .brI32GtSMetered, .brI32GtUMetered, .brI32LeSMetered, .brI32LeUMetered, .brI32GeSMetered, .brI32GeUMetered, .brI32EqImmMetered, .brI32NeImmMetered, .brI32LtSImmMetered, .brI32LtUImmMetered, .brI32GtSImmMetered, .brI32GtUImmMetered, .brI32LeSImmMetered, .brI32LeUImmMetered, .brI32GeSImmMetered, .brI32GeUImmMetered: return 4
        case .brI64EqzMetered, .brI64NezMetered: return 3
        case .brI64EqMetered, .brI64NeMetered, .brI64LtSMetered, .brI64LtUMetered, .brI64GtSMetered, .brI64GtUMetered, .brI64LeSMetered, .brI64LeUMetered, .brI64GeSMetered, .brI64GeUMetered, .brF32EqMetered, .brF32NeMetered, .brF32LtMetered, .brF32GtMetered, .brF32LeMetered, .brF32GeMetered, .brF32NotLtMetered, .brF32NotGtMetered, .brF32NotLeMetered, .brF32NotGeMetered, .brF64EqMetered, .brF64NeMetered, .brF64LtMetered, .brF64GtMetered, .brF64LeMetered, .brF64GeMetered, .brF64NotLtMetered, .brF64NotGtMetered, .brF64NotLeMetered, .brF64NotGeMetered: return 4
        case .brI64Eqz, .brI64Nez: return 2
        case .brI64Eq, .brI64Ne, .brI64LtS, .brI64LtU, .brI64GtS, .brI64GtU, .brI64LeS, .brI64LeU, .brI64GeS, .brI64GeU: return 3
        case .brF32Eq, .brF32Ne, .brF32Lt, .brF32Gt, .brF32Le, .brF32Ge, .brF32NotLt, .brF32NotGt, .brF32NotLe, .brF32NotGe: return 3
        case .brF64Eq, .brF64Ne, .brF64Lt, .brF64Gt, .brF64Le, .brF64Ge, .brF64NotLt, .brF64NotGt, .brF64NotLe, .brF64NotGe: return 3
        case .simd: return -1
        case .checkpoint: return 1
        case .i32RotlImm, .i32RotrImm, .i64RotlImm, .i64RotrImm: return 3
        case .i32Eqz: return 2
        case .i32Eq: return 3
        case .i32Ne: return 3
        case .i32LtS: return 3
        case .i32LtU: return 3
        case .i32GtS: return 3
        case .i32GtU: return 3
        case .i32LeS: return 3
        case .i32LeU: return 3
        case .i32GeS: return 3
        case .i32GeU: return 3
        case .i64Eqz: return 2
        case .i64Eq: return 3
        case .i64Ne: return 3
        case .i64LtS: return 3
        case .i64LtU: return 3
        case .i64GtS: return 3
        case .i64GtU: return 3
        case .i64LeS: return 3
        case .i64LeU: return 3
        case .i64GeS: return 3
        case .i64GeU: return 3
        case .f32Eq: return 3
        case .f32Ne: return 3
        case .f32Lt: return 3
        case .f32Gt: return 3
        case .f32Le: return 3
        case .f32Ge: return 3
        case .f64Eq: return 3
        case .f64Ne: return 3
        case .f64Lt: return 3
        case .f64Gt: return 3
        case .f64Le: return 3
        case .f64Ge: return 3
        case .i32Clz: return 2
        case .i32Ctz: return 2
        case .i32Popcnt: return 2
        case .i32Add: return 3
        case .i32Sub: return 3
        case .i32Mul: return 3
        case .i32DivS: return 3
        case .i32DivU: return 3
        case .i32RemS: return 3
        case .i32RemU: return 3
        case .i32And: return 3
        case .i32Or: return 3
        case .i32Xor: return 3
        case .i32Shl: return 3
        case .i32ShrS: return 3
        case .i32ShrU: return 3
        case .i32Rotl: return 3
        case .i32Rotr: return 3
        case .i64Clz: return 2
        case .i64Ctz: return 2
        case .i64Popcnt: return 2
        case .i64Add: return 3
        case .i64Sub: return 3
        case .i64Mul: return 3
        case .i64DivS: return 3
        case .i64DivU: return 3
        case .i64RemS: return 3
        case .i64RemU: return 3
        case .i64And: return 3
        case .i64Or: return 3
        case .i64Xor: return 3
        case .i64Shl: return 3
        case .i64ShrS: return 3
        case .i64ShrU: return 3
        case .i64Rotl: return 3
        case .i64Rotr: return 3
        case .f32Abs: return 2
        case .f32Neg: return 2
        case .f32Ceil: return 2
        case .f32Floor: return 2
        case .f32Trunc: return 2
        case .f32Nearest: return 2
        case .f32Sqrt: return 2
        case .f32Add: return 3
        case .f32Sub: return 3
        case .f32Mul: return 3
        case .f32Div: return 3
        case .f32Min: return 3
        case .f32Max: return 3
        case .f32Copysign: return 3
        case .f64Abs: return 2
        case .f64Neg: return 2
        case .f64Ceil: return 2
        case .f64Floor: return 2
        case .f64Trunc: return 2
        case .f64Nearest: return 2
        case .f64Sqrt: return 2
        case .f64Add: return 3
        case .f64Sub: return 3
        case .f64Mul: return 3
        case .f64Div: return 3
        case .f64Min: return 3
        case .f64Max: return 3
        case .f64Copysign: return 3
        case .i32WrapI64: return 2
        case .i32TruncF32S: return 2
        case .i32TruncF32U: return 2
        case .i32TruncF64S: return 2
        case .i32TruncF64U: return 2
        case .i64ExtendI32S: return 2
        case .i64ExtendI32U: return 2
        case .i64TruncF32S: return 2
        case .i64TruncF32U: return 2
        case .i64TruncF64S: return 2
        case .i64TruncF64U: return 2
        case .f32ConvertI32S: return 2
        case .f32ConvertI32U: return 2
        case .f32ConvertI64S: return 2
        case .f32ConvertI64U: return 2
        case .f32DemoteF64: return 2
        case .f64ConvertI32S: return 2
        case .f64ConvertI32U: return 2
        case .f64ConvertI64S: return 2
        case .f64ConvertI64U: return 2
        case .f64PromoteF32: return 2
        case .i32ReinterpretF32: return 2
        case .i64ReinterpretF64: return 2
        case .f32ReinterpretI32: return 2
        case .f64ReinterpretI64: return 2
        case .i32Extend8S: return 2
        case .i32Extend16S: return 2
        case .i64Extend8S: return 2
        case .i64Extend16S: return 2
        case .i64Extend32S: return 2
        case .i32TruncSatF32S: return 2
        case .i32TruncSatF32U: return 2
        case .i32TruncSatF64S: return 2
        case .i32TruncSatF64U: return 2
        case .i64TruncSatF32S: return 2
        case .i64TruncSatF32U: return 2
        case .i64TruncSatF64S: return 2
        case .i64TruncSatF64U: return 2
        }
    }
}

enum Disassembler {
    /// One line per instruction: word offset, name, operand words.
    static func listing(_ code: [UInt32]) -> String {
        var lines: [String] = []
        var pc = 0
        while pc < code.count {
            guard let op = Op(rawValue: UInt16(truncatingIfNeeded: code[pc])) else {
                lines.append("\(pc): <bad \(code[pc])>")
                break
            }
            var count = op.operandWords
            if op == .brTable, pc + 2 < code.count { count = 2 + Int(code[pc + 2]) + 1 }
            if count < 0 { count = 0 }
            let end = min(pc + 1 + count, code.count)
            let operands = code[(pc + 1)..<end].map { String(Int32(bitPattern: $0)) }.joined(separator: " ")
            lines.append("\(pc): \(op) \(operands)")
            if op == .simd { break }
            pc = end
        }
        return lines.joined(separator: "\n")
    }
}
