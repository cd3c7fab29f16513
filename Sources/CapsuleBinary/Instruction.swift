import CapsuleCore

/// The type of a structured instruction's block: empty, one result, or a type index (multi-value).
public enum BlockType: Sendable, Hashable {
    case empty
    case value(ValueType)
    case typeIndex(UInt32)
}

/// The immediate of a memory access: alignment exponent and static offset.
public struct MemArg: Sendable, Hashable {
    /// log2 of the alignment hint.
    public var align: UInt32
    public var offset: UInt32

    public init(align: UInt32, offset: UInt32) {
        self.align = align
        self.offset = offset
    }
}

/// Loads of the scalar memory instructions (opcodes 0x28-0x35).
public enum LoadOp: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case i32Load = 0x28, i64Load, f32Load, f64Load
    case i32Load8S, i32Load8U, i32Load16S, i32Load16U
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
    case i32Store = 0x36, i64Store, f32Store, f64Store
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

/// One decoded WebAssembly 2.0 instruction with its immediates.
///
/// Function bodies are not stored as arrays of these; ``InstructionReader`` decodes them on the
/// fly from ``Module/bytes``. Constant expressions are stored decoded (``ConstExpr``).
public enum Instruction: Sendable, Hashable {
    // Control
    case unreachable
    case nop
    case block(BlockType)
    case loop(BlockType)
    case `if`(BlockType)
    case `else`
    case end
    case br(UInt32)
    case brIf(UInt32)
    /// Label indices, then the default label.
    case brTable([UInt32], default: UInt32)
    case `return`
    case call(UInt32)
    case callIndirect(typeIndex: UInt32, tableIndex: UInt32)

    // Reference
    /// `ref.null t`; the payload is `funcref` or `externref`.
    case refNull(ValueType)
    case refIsNull
    case refFunc(UInt32)

    // Parametric
    case drop
    case select
    /// `select t*` (0x1C) with its type vector (valid only with exactly one type).
    case selectTyped([ValueType])

    // Variable
    case localGet(UInt32)
    case localSet(UInt32)
    case localTee(UInt32)
    case globalGet(UInt32)
    case globalSet(UInt32)

    // Table
    case tableGet(UInt32)
    case tableSet(UInt32)
    case tableInit(elem: UInt32, table: UInt32)
    case elemDrop(UInt32)
    case tableCopy(destination: UInt32, source: UInt32)
    case tableGrow(UInt32)
    case tableSize(UInt32)
    case tableFill(UInt32)

    // Memory
    case load(LoadOp, MemArg)
    case store(StoreOp, MemArg)
    /// `memory.size` with its memory index (must be 0 in 2.0; the byte is kept for validation).
    case memorySize(UInt32)
    case memoryGrow(UInt32)
    case memoryInit(data: UInt32, memory: UInt32)
    case dataDrop(UInt32)
    case memoryCopy(destination: UInt32, source: UInt32)
    case memoryFill(UInt32)

    // Numeric
    case i32Const(Int32)
    case i64Const(Int64)
    /// Bit pattern of the constant (NaN payloads are preserved).
    case f32Const(UInt32)
    case f64Const(UInt64)
    case numeric(NumericOp)

    // Vector (0xFD prefix)
    case v128Const(V128)
    case i8x16Shuffle(V128)
    /// A SIMD instruction; ``SIMDImmediate`` carries its memarg and/or lane index when it has them.
    case simd(SIMDOp, SIMDImmediate)
}

/// Immediates of a SIMD instruction other than `v128.const` and `i8x16.shuffle`.
public enum SIMDImmediate: Sendable, Hashable {
    case none
    case memory(MemArg)
    case lane(UInt8)
    case memoryLane(MemArg, lane: UInt8)
}
