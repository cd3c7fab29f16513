import CapsuleCore

/// The type of a structured instruction's block: empty, one result, or a type index (multi-value).
public enum BlockType: Sendable, Hashable {
    /// No parameters, no results (`0x40`).
    case empty
    /// No parameters, one result.
    case value(ValueType)
    /// The function type at this index gives parameters and results.
    case typeIndex(UInt32)
}

/// A catch clause of `try_table`: which exceptions it catches and the label it branches to.
public enum CatchClause: Sendable, Hashable {
    /// `catch tag label` (0x00): exceptions of the tag; the label receives the payload.
    case `catch`(tag: UInt32, label: UInt32)
    /// `catch_ref tag label` (0x01): the payload and the `exnref`.
    case catchRef(tag: UInt32, label: UInt32)
    /// `catch_all label` (0x02): any exception; the label receives nothing.
    case catchAll(label: UInt32)
    /// `catch_all_ref label` (0x03): any exception; the label receives the `exnref`.
    case catchAllRef(label: UInt32)

    /// The label index the clause branches to.
    public var label: UInt32 {
        switch self {
        case .catch(_, let label), .catchRef(_, let label), .catchAll(let label), .catchAllRef(let label): return label
        }
    }
}

/// The immediate of a memory access: alignment exponent, memory index and static offset.
public struct MemArg: Sendable, Hashable {
    /// log2 of the alignment hint.
    public var align: UInt32
    /// Static offset added to the address operand (below 2^32 for an `i32` memory, which validation checks).
    public var offset: UInt64
    /// The memory accessed (multi-memory; 0 unless the flags' bit 6 was set).
    public var memory: UInt32

    /// Makes a memarg.
    public init(align: UInt32, offset: UInt64, memory: UInt32 = 0) {
        self.align = align
        self.offset = offset
        self.memory = memory
    }
}

/// Loads of the scalar memory instructions (opcodes 0x28-0x35).
public enum LoadOp: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `i32.load`, `i64.load`, `f32.load`, `f64.load` (0x28-0x2B): full-width loads.
    case i32Load = 0x28, i64Load, f32Load, f64Load
    /// `i32.load8_s` to `i32.load16_u` (0x2C-0x2F): 8- and 16-bit loads extended to `i32`.
    case i32Load8S, i32Load8U, i32Load16S, i32Load16U
    /// `i64.load8_s` to `i64.load32_u` (0x30-0x35): 8-, 16- and 32-bit loads extended to `i64`.
    case i64Load8S, i64Load8U, i64Load16S, i64Load16U, i64Load32S, i64Load32U

    /// Type of the loaded value.
    public var resultType: ValueType {
        switch self {
        case .i32Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U: return .i32
        case .i64Load, .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U: return .i64
        case .f32Load: return .f32
        case .f64Load: return .f64
        }
    }

    /// Number of bytes read.
    public var byteWidth: Int {
        switch self {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i64Load8U: return 1
        case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U: return 2
        case .i32Load, .f32Load, .i64Load32S, .i64Load32U: return 4
        case .i64Load, .f64Load: return 8
        }
    }

    /// log2 of the natural alignment; a memarg's `align` must not exceed it.
    public var naturalAlignment: UInt32 { UInt32(byteWidth.trailingZeroBitCount) }

    /// The text-format name, such as `i32.load8_u`.
    public var description: String {
        switch self {
        case .i32Load: return "i32.load"
        case .i64Load: return "i64.load"
        case .f32Load: return "f32.load"
        case .f64Load: return "f64.load"
        case .i32Load8S: return "i32.load8_s"
        case .i32Load8U: return "i32.load8_u"
        case .i32Load16S: return "i32.load16_s"
        case .i32Load16U: return "i32.load16_u"
        case .i64Load8S: return "i64.load8_s"
        case .i64Load8U: return "i64.load8_u"
        case .i64Load16S: return "i64.load16_s"
        case .i64Load16U: return "i64.load16_u"
        case .i64Load32S: return "i64.load32_s"
        case .i64Load32U: return "i64.load32_u"
        }
    }
}

/// Stores of the scalar memory instructions (opcodes 0x36-0x3E).
public enum StoreOp: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `i32.store`, `i64.store`, `f32.store`, `f64.store` (0x36-0x39): full-width stores.
    case i32Store = 0x36, i64Store, f32Store, f64Store
    /// `i32.store8` to `i64.store32` (0x3A-0x3E): stores of the operand's low 8, 16 or 32 bits.
    case i32Store8, i32Store16, i64Store8, i64Store16, i64Store32

    /// Type of the stored operand.
    public var valueType: ValueType {
        switch self {
        case .i32Store, .i32Store8, .i32Store16: return .i32
        case .i64Store, .i64Store8, .i64Store16, .i64Store32: return .i64
        case .f32Store: return .f32
        case .f64Store: return .f64
        }
    }

    /// Number of bytes written.
    public var byteWidth: Int {
        switch self {
        case .i32Store8, .i64Store8: return 1
        case .i32Store16, .i64Store16: return 2
        case .i32Store, .f32Store, .i64Store32: return 4
        case .i64Store, .f64Store: return 8
        }
    }

    /// log2 of the natural alignment; a memarg's `align` must not exceed it.
    public var naturalAlignment: UInt32 { UInt32(byteWidth.trailingZeroBitCount) }

    /// The text-format name, such as `i64.store32`.
    public var description: String {
        switch self {
        case .i32Store: return "i32.store"
        case .i64Store: return "i64.store"
        case .f32Store: return "f32.store"
        case .f64Store: return "f64.store"
        case .i32Store8: return "i32.store8"
        case .i32Store16: return "i32.store16"
        case .i64Store8: return "i64.store8"
        case .i64Store16: return "i64.store16"
        case .i64Store32: return "i64.store32"
        }
    }
}

/// One decoded instruction (WebAssembly 2.0, tail calls and exception handling) with its immediates.
///
/// Function bodies are not stored as arrays of these; ``InstructionReader`` decodes them on the
/// fly from ``Module/bytes``. Constant expressions are stored decoded (``ConstExpr``).
public enum Instruction: Sendable, Hashable {
    // Control
    /// `unreachable` (0x00): traps.
    case unreachable
    /// `nop` (0x01).
    case nop
    /// `block` (0x02).
    case block(BlockType)
    /// `loop` (0x03).
    case loop(BlockType)
    /// `if` (0x04).
    case `if`(BlockType)
    /// `else` (0x05).
    case `else`
    /// `end` (0x0B): closes a block or the expression.
    case end
    /// `br` (0x0C) with its label index.
    case br(UInt32)
    /// `br_if` (0x0D) with its label index.
    case brIf(UInt32)
    /// Label indices, then the default label.
    case brTable([UInt32], default: UInt32)
    /// `return` (0x0F).
    case `return`
    /// `call` (0x10) with its function index.
    case call(UInt32)
    /// `call_indirect` (0x11): type index, then table index.
    case callIndirect(typeIndex: UInt32, tableIndex: UInt32)
    /// `return_call` (0x12) with its function index: a tail call (WebAssembly 3.0).
    case returnCall(UInt32)
    /// `return_call_indirect` (0x13): type index, then table index; a tail call through a table.
    case returnCallIndirect(typeIndex: UInt32, tableIndex: UInt32)

    // Exceptions (WebAssembly 3.0)
    /// `throw` (0x08) with its tag index.
    case `throw`(UInt32)
    /// `throw_ref` (0x0A): rethrows the exception an `exnref` operand refers to.
    case throwRef
    /// `try_table` (0x1F): block type and catch clauses, tried in order.
    case tryTable(BlockType, [CatchClause])
    /// Legacy exception handling: `try` (0x06) with its block type.
    case `try`(BlockType)
    /// Legacy exception handling: `catch` (0x07) with its tag index.
    case `catch`(UInt32)
    /// Legacy exception handling: `catch_all` (0x19).
    case catchAll
    /// Legacy exception handling: `delegate` (0x18) with its label index; closes a `try`.
    case delegate(UInt32)
    /// Legacy exception handling: `rethrow` (0x09) with the label index of a `catch`.
    case rethrow(UInt32)

    // Reference
    /// `ref.null t`; the payload is `funcref`, `externref` or `exnref`.
    case refNull(HeapType)
    /// `ref.is_null` (0xD1).
    case refIsNull
    /// `ref.func` (0xD2) with its function index.
    case refFunc(UInt32)

    // Parametric
    /// `drop` (0x1A).
    case drop
    /// `select` (0x1B), untyped.
    case select
    /// `select t*` (0x1C) with its type vector (valid only with exactly one type).
    case selectTyped([ValueType])

    // Variable
    /// `local.get` (0x20).
    case localGet(UInt32)
    /// `local.set` (0x21).
    case localSet(UInt32)
    /// `local.tee` (0x22).
    case localTee(UInt32)
    /// `global.get` (0x23).
    case globalGet(UInt32)
    /// `global.set` (0x24).
    case globalSet(UInt32)

    // Table
    /// `table.get` (0x25) with its table index.
    case tableGet(UInt32)
    /// `table.set` (0x26) with its table index.
    case tableSet(UInt32)
    /// `table.init` (0xFC 12): element segment index, then table index.
    case tableInit(elem: UInt32, table: UInt32)
    /// `elem.drop` (0xFC 13).
    case elemDrop(UInt32)
    /// `table.copy` (0xFC 14): destination table, then source table.
    case tableCopy(destination: UInt32, source: UInt32)
    /// `table.grow` (0xFC 15).
    case tableGrow(UInt32)
    /// `table.size` (0xFC 16).
    case tableSize(UInt32)
    /// `table.fill` (0xFC 17).
    case tableFill(UInt32)

    // Memory
    /// A scalar load (0x28-0x35).
    case load(LoadOp, MemArg)
    /// A scalar store (0x36-0x3E).
    case store(StoreOp, MemArg)
    /// `memory.size` with its memory index.
    case memorySize(UInt32)
    /// `memory.grow` with its memory index.
    case memoryGrow(UInt32)
    /// `memory.init` (0xFC 8): data segment index and memory index.
    case memoryInit(data: UInt32, memory: UInt32)
    /// `data.drop` (0xFC 9).
    case dataDrop(UInt32)
    /// `memory.copy` (0xFC 10): destination and source memory.
    case memoryCopy(destination: UInt32, source: UInt32)
    /// `memory.fill` (0xFC 11) with its memory index.
    case memoryFill(UInt32)

    // Numeric
    /// `i32.const` (0x41).
    case i32Const(Int32)
    /// `i64.const` (0x42).
    case i64Const(Int64)
    /// Bit pattern of the constant (NaN payloads are preserved).
    case f32Const(UInt32)
    /// `f64.const` (0x44): bit pattern of the constant.
    case f64Const(UInt64)
    /// An instruction without immediates from the ``NumericOp`` table.
    case numeric(NumericOp)

    // Vector (0xFD prefix)
    /// `v128.const` (0xFD 12) with its 16 bytes.
    case v128Const(V128)
    /// `i8x16.shuffle` (0xFD 13) with its 16 lane indices, one per byte.
    case i8x16Shuffle(V128)
    /// A SIMD instruction; ``SIMDImmediate`` carries its memarg and/or lane index when it has them.
    case simd(SIMDOp, SIMDImmediate)

    // Typed function references
    /// `call_ref` (0x14) with the callee's type index.
    case callRef(UInt32)
    /// `return_call_ref` (0x15) with the callee's type index.
    case returnCallRef(UInt32)
    /// `ref.eq` (0xD3, GC).
    case refEq
    /// `ref.as_non_null` (0xD4).
    case refAsNonNull
    /// `br_on_null` (0xD5) with its label.
    case brOnNull(UInt32)
    /// `br_on_non_null` (0xD6) with its label.
    case brOnNonNull(UInt32)

    /// A GC instruction (0xFB prefix).
    case gc(GCInstruction)
}

/// How a read of a packed field (`i8`, `i16`) extends it to `i32`; `none` for other fields.
public enum PackedExtension: Sendable, Hashable {
    /// `struct.get`, `array.get`: the field is not packed.
    case none
    /// `_s`: sign-extended.
    case signed
    /// `_u`: zero-extended.
    case unsigned
}

/// The GC instructions (0xFB prefix), with their immediates (type, field, segment indices).
public enum GCInstruction: Sendable, Hashable {
    /// `struct.new` (0): field values to a structure.
    case structNew(UInt32)
    /// `struct.new_default` (1): a structure of default values.
    case structNewDefault(UInt32)
    /// `struct.get`, `struct.get_s`, `struct.get_u` (2, 3, 4): type and field index.
    case structGet(UInt32, field: UInt32, PackedExtension)
    /// `struct.set` (5): type and field index.
    case structSet(UInt32, field: UInt32)
    /// `array.new` (6): a value and a length.
    case arrayNew(UInt32)
    /// `array.new_default` (7): a length.
    case arrayNewDefault(UInt32)
    /// `array.new_fixed` (8): `count` values.
    case arrayNewFixed(UInt32, count: UInt32)
    /// `array.new_data` (9): elements read from a data segment.
    case arrayNewData(UInt32, data: UInt32)
    /// `array.new_elem` (10): elements taken from an element segment.
    case arrayNewElem(UInt32, element: UInt32)
    /// `array.get`, `array.get_s`, `array.get_u` (11, 12, 13).
    case arrayGet(UInt32, PackedExtension)
    /// `array.set` (14).
    case arraySet(UInt32)
    /// `array.len` (15).
    case arrayLen
    /// `array.fill` (16).
    case arrayFill(UInt32)
    /// `array.copy` (17): destination and source array types.
    case arrayCopy(destination: UInt32, source: UInt32)
    /// `array.init_data` (18).
    case arrayInitData(UInt32, data: UInt32)
    /// `array.init_elem` (19).
    case arrayInitElem(UInt32, element: UInt32)
    /// `ref.test` (20, 21 for a nullable type).
    case refTest(ValueType)
    /// `ref.cast` (22, 23 for a nullable type).
    case refCast(ValueType)
    /// `br_on_cast` (24): label, source and target types.
    case brOnCast(label: UInt32, from: ValueType, to: ValueType)
    /// `br_on_cast_fail` (25): label, source and target types.
    case brOnCastFail(label: UInt32, from: ValueType, to: ValueType)
    /// `any.convert_extern` (26).
    case anyConvertExtern
    /// `extern.convert_any` (27).
    case externConvertAny
    /// `ref.i31` (28).
    case refI31
    /// `i31.get_s` (29) and `i31.get_u` (30).
    case i31Get(signed: Bool)
}

/// Immediates of a SIMD instruction other than `v128.const` and `i8x16.shuffle`.
public enum SIMDImmediate: Sendable, Hashable {
    /// No immediate.
    case none
    /// A memarg (loads, stores, splat/zero/extend loads).
    case memory(MemArg)
    /// A lane index (extract/replace lane).
    case lane(UInt8)
    /// A memarg and a lane index (load/store lane).
    case memoryLane(MemArg, lane: UInt8)
}
