import CapsuleBinary

/// Internal instructions of compiled code.
///
/// Compiled code is a stream of 32-bit words: an `Op` word followed by its operands. Operands
/// name frame slots (indices from the frame pointer), immediates, or branch offsets (in words,
/// relative to the start of the branching instruction). Each case's comment gives its operands.
/// The numeric cases mirror ``CapsuleBinary/NumericOp`` one to one, in the same order, so that
/// ``Op/init(_:)`` maps between them by position.
enum Op: UInt16, CaseIterable {
    // Control
    /// `unreachable`: traps.
    case unreachable
    /// `br offset`
    case br
    /// `br_if cond offset`: branch when slot `cond` (i32) is non-zero.
    case brIf
    /// `br_if_not cond offset`: branch when slot `cond` is zero.
    case brIfNot
    /// `br_table index count offset*(count+1)`: the last offset is the default.
    case brTable
    /// `return`: results are already in slots 0..<n.
    case `return`
    /// `return1 src`: copy one result from `src` to slot 0, then return.
    case return1
    /// `checkpoint cost`: charge `cost` fuel and check for interruption (only with metering on).
    case checkpoint
    /// `call function argBase`: arguments in slots argBase..., results written there.
    case call
    /// `call_indirect typeIndex tableIndex indexSlot argBase`
    case callIndirect

    // Moves and constants
    /// `copy dst src`
    case copy
    /// `const32 dst imm`
    case const32
    /// `const64 dst lo hi`
    case const64
    /// `select dst a b cond`: dst = cond != 0 ? a : b
    case select
    /// `copy128 dst src`: a `v128` (two slots).
    case copy128
    /// `const128 dst w0 w1 w2 w3`: a `v128` constant, least significant word first.
    case const128
    /// `select128 dst a b cond`
    case select128

    // Variables
    /// `global.get dst global`
    case globalGet
    /// `global.set src global`
    case globalSet
    /// `global.get`/`global.set` of a `v128` global.
    case globalGet128, globalSet128

    // References
    /// `ref.is_null dst src`
    case refIsNull
    /// `ref.func dst function`
    case refFunc

    // Tables
    /// `table.get dst table index`
    case tableGet
    /// `table.set table index value`
    case tableSet
    /// `table.size dst table`
    case tableSize
    /// `table.grow dst table init count`
    case tableGrow
    /// `table.fill table start value count`
    case tableFill
    /// `table.copy dstTable srcTable dst src count`
    case tableCopy
    /// `table.init table elem dst src count`
    case tableInit
    /// `elem.drop elem`
    case elemDrop

    // Memory: loads are `op dst addr offset k`, stores are `op addr value offset k`: the effective
    // address is `UInt32(addr &+ k) + offset`, where `k` is a folded `i32.add` of a constant (0 if none).
    case i32Load, i64Load, f32Load, f64Load
    case i32Load8S, i32Load8U, i32Load16S, i32Load16U
    case i64Load8S, i64Load8U, i64Load16S, i64Load16U, i64Load32S, i64Load32U
    case i32Store, i64Store, f32Store, f64Store
    case i32Store8, i32Store16, i64Store8, i64Store16, i64Store32
    /// `memory.size dst`
    case memorySize
    /// `memory.grow dst delta`
    case memoryGrow
    /// `memory.init data dst src count`
    case memoryInit
    /// `data.drop data`
    case dataDrop
    /// `memory.copy dst src count`
    case memoryCopy
    /// `memory.fill dst value count`
    case memoryFill


    // Fused instructions (see FunctionCompiler's peepholes).
    /// `i32.eqz` and branch: `br_i32_eqz a offset`; `br_i32_nez a offset`.
    case brI32Eqz, brI32Nez
    /// Compare two i32 slots and branch: `br_i32_<cmp> a b offset`.
    case brI32Eq, brI32Ne, brI32LtS, brI32LtU, brI32GtS, brI32GtU, brI32LeS, brI32LeU, brI32GeS, brI32GeU
    /// Compare an i32 slot with an immediate and branch: `br_i32_<cmp>_imm a imm offset`.
    case brI32EqImm, brI32NeImm, brI32LtSImm, brI32LtUImm, brI32GtSImm, brI32GtUImm, brI32LeSImm, brI32LeUImm, brI32GeSImm, brI32GeUImm
    /// i32 operation with an immediate second operand: `op dst a imm`.
    case i32AddImm, i32SubImm, i32MulImm, i32AndImm, i32OrImm, i32XorImm, i32ShlImm, i32ShrSImm, i32ShrUImm, i32EqImm, i32NeImm, i32LtSImm, i32LtUImm, i32GtSImm, i32GtUImm, i32LeSImm, i32LeUImm, i32GeSImm, i32GeUImm
    /// Rotations by a constant: `op dst a imm`.
    case i32RotlImm, i32RotrImm, i64RotlImm, i64RotrImm
    /// i64 operation with an immediate second operand (sign-extended from 32 bits): `op dst a imm`.
    case i64AddImm, i64SubImm, i64MulImm, i64AndImm, i64OrImm, i64XorImm, i64ShlImm, i64ShrSImm, i64ShrUImm
    /// Loads from the sum of two slots (a folded `i32.add`): `op dst a b offset`, the effective
    /// address being `UInt32(a &+ b) + offset`.
    case i32LoadIdx, i64LoadIdx, f32LoadIdx, f64LoadIdx, i32Load8SIdx, i32Load8UIdx, i32Load16SIdx, i32Load16UIdx
    /// With metering, a loop's backward branch charges the loop's cost itself and jumps past the
    /// loop's `checkpoint`: the plain branch's operands, then the cost word.
    case brMetered, brIfMetered, brI32EqzMetered, brI32NezMetered, brI32EqMetered, brI32NeMetered, brI32LtSMetered, brI32LtUMetered, brI32GtSMetered, brI32GtUMetered, brI32LeSMetered, brI32LeUMetered, brI32GeSMetered, brI32GeUMetered, brI32EqImmMetered, brI32NeImmMetered, brI32LtSImmMetered, brI32LtUImmMetered, brI32GtSImmMetered, brI32GtUImmMetered, brI32LeSImmMetered, brI32LeUImmMetered, brI32GeSImmMetered, brI32GeUImmMetered
    case brI64EqzMetered, brI64NezMetered, brI64EqMetered, brI64NeMetered, brI64LtSMetered, brI64LtUMetered, brI64GtSMetered, brI64GtUMetered, brI64LeSMetered, brI64LeUMetered, brI64GeSMetered, brI64GeUMetered, brF32EqMetered, brF32NeMetered, brF32LtMetered, brF32GtMetered, brF32LeMetered, brF32GeMetered, brF32NotLtMetered, brF32NotGtMetered, brF32NotLeMetered, brF32NotGeMetered, brF64EqMetered, brF64NeMetered, brF64LtMetered, brF64GtMetered, brF64LeMetered, brF64GeMetered, brF64NotLtMetered, brF64NotGtMetered, brF64NotLeMetered, brF64NotGeMetered
    /// `i64.eqz` and branch: `br_i64_eqz a offset`; `br_i64_nez a offset`.
    case brI64Eqz, brI64Nez
    /// Compare two i64 slots and branch: `br_i64_<cmp> a b offset`.
    case brI64Eq, brI64Ne, brI64LtS, brI64LtU, brI64GtS, brI64GtU, brI64LeS, brI64LeU, brI64GeS, brI64GeU
    /// Compare two float slots and branch: `br_f64_<cmp> a b offset`. A comparison with a NaN is
    /// false, so the negation of `lt` is not `ge`: the `Not` forms branch when the comparison is false.
    case brF32Eq, brF32Ne, brF32Lt, brF32Gt, brF32Le, brF32Ge, brF32NotLt, brF32NotGt, brF32NotLe, brF32NotGe
    case brF64Eq, brF64Ne, brF64Lt, brF64Gt, brF64Le, brF64Ge, brF64NotLt, brF64NotGt, brF64NotLe, brF64NotGe

    /// Two consecutive copies: `copy2 dst1 src1 dst2 src2` does `dst1 = src1`, then `dst2 = src2`.
    case copy2
    /// `i32.xor` with a second operand rotated or shifted by a constant just before:
    /// `op dst a b k` is `dst = a ^ rotl(b, k)` (`rotr`, `shr_u`).
    case i32XorRotlImm, i32XorRotrImm, i32XorShrUImm
    /// A binary operation whose second operand was loaded just before: `op dst a addr offset k`, the
    /// second operand being the `i32.load`/`f64.load` of `addr` (as in those loads, which trap alike).
    case i32AddLoad, f64AddLoad, f64SubLoad, f64MulLoad
    /// `f64.add`/`f64.sub` of a product computed just before: `op dst a b c` is `a + b * c` (`a - b * c`),
    /// the product rounded on its own as in the two instructions (no fused multiply-add).
    case f64AddMul, f64SubMul
    /// `f64AddCopy dst a b dst2`: an `f64.add` whose result is copied right after; the sum goes to both.
    case f64AddCopy
    /// `i32AddImmCopy dst a k dst2 src2`: an `i32.add` of a constant and the `copy` emitted right after
    /// it, in that order (`dst = a + k`, then `dst2 = src2`).
    case i32AddImmCopy
    /// An `i32.add` of a constant whose result the branch right after it tests: `op dst src k b offset`
    /// does `dst = src + k`, then branches as `br_i32_<cmp> dst b offset` would (`b` a slot, or the
    /// immediate of the `Imm` forms); the `Eqz`/`Nez` forms are `op dst src k offset`. A loop's
    /// counter step and exit test are typically one of these.
    case addImmBrI32Eqz, addImmBrI32Nez
    case addImmBrI32Eq, addImmBrI32Ne, addImmBrI32LtS, addImmBrI32LtU, addImmBrI32GtS, addImmBrI32GtU, addImmBrI32LeS, addImmBrI32LeU, addImmBrI32GeS, addImmBrI32GeU
    case addImmBrI32EqImm, addImmBrI32NeImm, addImmBrI32LtSImm, addImmBrI32LtUImm, addImmBrI32GtSImm, addImmBrI32GtUImm, addImmBrI32LeSImm, addImmBrI32LeUImm, addImmBrI32GeSImm, addImmBrI32GeUImm

    /// `simd subop operands...`: a SIMD instruction, run by `SIMDExecution` (its own format per subop).
    case simd

    // Numeric: unary `op dst a`, binary `op dst a b`.
    case i32Eqz
    case i32Eq
    case i32Ne
    case i32LtS
    case i32LtU
    case i32GtS
    case i32GtU
    case i32LeS
    case i32LeU
    case i32GeS
    case i32GeU
    case i64Eqz
    case i64Eq
    case i64Ne
    case i64LtS
    case i64LtU
    case i64GtS
    case i64GtU
    case i64LeS
    case i64LeU
    case i64GeS
    case i64GeU
    case f32Eq
    case f32Ne
    case f32Lt
    case f32Gt
    case f32Le
    case f32Ge
    case f64Eq
    case f64Ne
    case f64Lt
    case f64Gt
    case f64Le
    case f64Ge
    case i32Clz
    case i32Ctz
    case i32Popcnt
    case i32Add
    case i32Sub
    case i32Mul
    case i32DivS
    case i32DivU
    case i32RemS
    case i32RemU
    case i32And
    case i32Or
    case i32Xor
    case i32Shl
    case i32ShrS
    case i32ShrU
    case i32Rotl
    case i32Rotr
    case i64Clz
    case i64Ctz
    case i64Popcnt
    case i64Add
    case i64Sub
    case i64Mul
    case i64DivS
    case i64DivU
    case i64RemS
    case i64RemU
    case i64And
    case i64Or
    case i64Xor
    case i64Shl
    case i64ShrS
    case i64ShrU
    case i64Rotl
    case i64Rotr
    case f32Abs
    case f32Neg
    case f32Ceil
    case f32Floor
    case f32Trunc
    case f32Nearest
    case f32Sqrt
    case f32Add
    case f32Sub
    case f32Mul
    case f32Div
    case f32Min
    case f32Max
    case f32Copysign
    case f64Abs
    case f64Neg
    case f64Ceil
    case f64Floor
    case f64Trunc
    case f64Nearest
    case f64Sqrt
    case f64Add
    case f64Sub
    case f64Mul
    case f64Div
    case f64Min
    case f64Max
    case f64Copysign
    case i32WrapI64
    case i32TruncF32S
    case i32TruncF32U
    case i32TruncF64S
    case i32TruncF64U
    case i64ExtendI32S
    case i64ExtendI32U
    case i64TruncF32S
    case i64TruncF32U
    case i64TruncF64S
    case i64TruncF64U
    case f32ConvertI32S
    case f32ConvertI32U
    case f32ConvertI64S
    case f32ConvertI64U
    case f32DemoteF64
    case f64ConvertI32S
    case f64ConvertI32U
    case f64ConvertI64S
    case f64ConvertI64U
    case f64PromoteF32
    case i32ReinterpretF32
    case i64ReinterpretF64
    case f32ReinterpretI32
    case f64ReinterpretI64
    case i32Extend8S
    case i32Extend16S
    case i64Extend8S
    case i64Extend16S
    case i64Extend32S
    case i32TruncSatF32S
    case i32TruncSatF32U
    case i32TruncSatF64S
    case i32TruncSatF64U
    case i64TruncSatF32S
    case i64TruncSatF32U
    case i64TruncSatF64S
    case i64TruncSatF64U

    // WebAssembly 3.0 additions, numbered after every 2.0 instruction so that the 2.0 part of the
    // dispatch (its jump table and the order the optimizer lays handlers out in) stays as it was.
    /// `return_call function argBase`: moves the arguments to slot 0 and runs the callee in the
    /// caller's frame (which it replaces).
    case returnCall
    /// `return_call_indirect typeIndex tableIndex indexSlot argBase`: the tail call through a table.
    case returnCallIndirect
    /// `throw tag argBase`: throws a new exception of the instance's tag with the payload in argBase...
    case `throw`
    /// `throw_ref src`: throws the exception slot `src` refers to (traps on null).
    case throwRef
    /// `saturate_u32 dst src`: `dst = min(src, 2^32 - 1)`, for a table64's i64 index or count before
    /// the table instruction (tables are smaller than 2^31, so a saturated value is out of bounds).
    case saturateU32
    /// Memory instructions of memories other than an `i32` memory 0 (multi-memory, memory64), run by
    /// `MemoryInstructions` out of the loop: `memory_op dst kind memory w4 w5 w6 w7`, seven words
    /// always; `kind` is the instruction's binary opcode (0x28-0x40; 0xFC08, 0xFC0A, 0xFC0B), the
    /// memory's record gives its address type. Loads `dst kind mem addr offLo offHi 0`; stores
    /// `0 kind mem addr value offLo offHi`; `memory.size` `dst kind mem`; `memory.grow`
    /// `dst kind mem delta`; `memory.fill` `0 kind mem dst value count`; `memory.copy`
    /// `0 kind dstMem dst src count srcMem`; `memory.init` `0 kind mem dst src count data`.
    case memoryOp
    /// `simd_memory memory addr offLo offHi scratch`, then an `Op.simd` memory instruction whose
    /// address is `scratch` and offset 0: checks `addr + offset` against the memory, sets `scratch`
    /// to 0 and runs the SIMD instruction on the memory rebased at that address.
    case simdMemory
    /// `call_ref refSlot argBase`: calls the function `refSlot` refers to (traps on null).
    case callRef
    /// `return_call_ref refSlot argBase`: the tail call of the function `refSlot` refers to.
    case returnCallRef
    /// `ref_as_non_null dst src`: `dst = src`, trapping when it is null.
    case refAsNonNull
    /// `gc sub w1 ... w7`: a GC instruction (`GCOp`), run by `Store.gcStep` out of the loop.
    case gc
}

extension Op {
    /// The internal instruction for a Wasm numeric instruction.
    init(_ numeric: NumericOp) {
        self = Op.numericTable[numeric.ordinal]
    }

    private static let numericTable: [Op] = [
        .i32Eqz,
        .i32Eq,
        .i32Ne,
        .i32LtS,
        .i32LtU,
        .i32GtS,
        .i32GtU,
        .i32LeS,
        .i32LeU,
        .i32GeS,
        .i32GeU,
        .i64Eqz,
        .i64Eq,
        .i64Ne,
        .i64LtS,
        .i64LtU,
        .i64GtS,
        .i64GtU,
        .i64LeS,
        .i64LeU,
        .i64GeS,
        .i64GeU,
        .f32Eq,
        .f32Ne,
        .f32Lt,
        .f32Gt,
        .f32Le,
        .f32Ge,
        .f64Eq,
        .f64Ne,
        .f64Lt,
        .f64Gt,
        .f64Le,
        .f64Ge,
        .i32Clz,
        .i32Ctz,
        .i32Popcnt,
        .i32Add,
        .i32Sub,
        .i32Mul,
        .i32DivS,
        .i32DivU,
        .i32RemS,
        .i32RemU,
        .i32And,
        .i32Or,
        .i32Xor,
        .i32Shl,
        .i32ShrS,
        .i32ShrU,
        .i32Rotl,
        .i32Rotr,
        .i64Clz,
        .i64Ctz,
        .i64Popcnt,
        .i64Add,
        .i64Sub,
        .i64Mul,
        .i64DivS,
        .i64DivU,
        .i64RemS,
        .i64RemU,
        .i64And,
        .i64Or,
        .i64Xor,
        .i64Shl,
        .i64ShrS,
        .i64ShrU,
        .i64Rotl,
        .i64Rotr,
        .f32Abs,
        .f32Neg,
        .f32Ceil,
        .f32Floor,
        .f32Trunc,
        .f32Nearest,
        .f32Sqrt,
        .f32Add,
        .f32Sub,
        .f32Mul,
        .f32Div,
        .f32Min,
        .f32Max,
        .f32Copysign,
        .f64Abs,
        .f64Neg,
        .f64Ceil,
        .f64Floor,
        .f64Trunc,
        .f64Nearest,
        .f64Sqrt,
        .f64Add,
        .f64Sub,
        .f64Mul,
        .f64Div,
        .f64Min,
        .f64Max,
        .f64Copysign,
        .i32WrapI64,
        .i32TruncF32S,
        .i32TruncF32U,
        .i32TruncF64S,
        .i32TruncF64U,
        .i64ExtendI32S,
        .i64ExtendI32U,
        .i64TruncF32S,
        .i64TruncF32U,
        .i64TruncF64S,
        .i64TruncF64U,
        .f32ConvertI32S,
        .f32ConvertI32U,
        .f32ConvertI64S,
        .f32ConvertI64U,
        .f32DemoteF64,
        .f64ConvertI32S,
        .f64ConvertI32U,
        .f64ConvertI64S,
        .f64ConvertI64U,
        .f64PromoteF32,
        .i32ReinterpretF32,
        .i64ReinterpretF64,
        .f32ReinterpretI32,
        .f64ReinterpretI64,
        .i32Extend8S,
        .i32Extend16S,
        .i64Extend8S,
        .i64Extend16S,
        .i64Extend32S,
        .i32TruncSatF32S,
        .i32TruncSatF32U,
        .i32TruncSatF64S,
        .i32TruncSatF64U,
        .i64TruncSatF32S,
        .i64TruncSatF32U,
        .i64TruncSatF64S,
        .i64TruncSatF64U,
    ]
}

extension NumericOp {
    /// Position of the instruction in ``allCases``.
    var ordinal: Int {
        NumericOp.ordinals[self] ?? 0
    }

    private static let ordinals: [NumericOp: Int] = Dictionary(uniqueKeysWithValues: allCases.enumerated().map { ($1, $0) })
}
