/// The one table of instruction facts for the text format: each instruction's name, opcode and the kind
/// of immediates it takes. The instruction parser reads immediates by kind; nothing else about an
/// instruction is spelled out elsewhere.

/// What follows an instruction's name in the text, and how it is encoded after the opcode.
enum ImmediateKind: Sendable, Hashable {
    case none
    /// `block`, `loop`, `if`, `try`, `try_table`: structured, with a label and a block type.
    case block, loop, ifBlock, tryBlock, tryTable
    /// Keywords that only delimit structured instructions in the plain form.
    case elseKeyword, endKeyword, catchKeyword, catchAllKeyword, delegate
    /// A label index (`br`, `br_if`, `rethrow`, `br_on_null`, `br_on_non_null`).
    case label
    case brTable
    case function
    /// An optional table, then a type use (`call_indirect`, `return_call_indirect`).
    case callIndirect
    /// A type index (`call_ref`, `struct.new`, `array.get`, ...).
    case type
    case local, global, tag, elem, data
    /// An optional table index (`table.get`, `table.size`, ...).
    case table
    /// An optional memory index (`memory.size`, `memory.grow`, `memory.fill`).
    case memory
    case tableCopy, tableInit, memoryCopy, memoryInit
    /// A memory argument, with the natural alignment as log2 of bytes.
    case memarg(UInt8)
    /// A memory argument and a lane index (`v128.load8_lane`, ...).
    case memargLane(UInt8)
    case i32, i64, f32, f64, v128
    case shuffle
    case lane
    case select
    case heapType
    /// A reference type whose nullability picks the opcode (`ref.test`, `ref.cast`: opcode + 1 when null).
    case refTypeOpcode
    /// A label and two reference types (`br_on_cast`, `br_on_cast_fail`).
    case brOnCast
    case typeField
    case typeCount
    case typeData
    case typeElem
    case typeType
}

/// One instruction of the table.
struct OpcodeInfo: Sendable {
    /// 0 for a one-byte opcode, else the prefix byte (0xFB, 0xFC, 0xFD).
    var prefix: UInt8
    var code: UInt32
    var immediate: ImmediateKind

    func encode(_ w: inout BinaryWriter) {
        if prefix == 0 {
            w.byte(UInt8(truncatingIfNeeded: code))
        } else {
            w.byte(prefix)
            w.u32(code)
        }
    }
}

enum OpcodeTable {
    /// Instructions other than the plain numeric and vector ones of ``numericAndVectorOpcodes``.
    private static let others: [(String, UInt8, UInt32, ImmediateKind)] = [
        ("unreachable", 0, 0x00, .none), ("nop", 0, 0x01, .none),
        ("block", 0, 0x02, .block), ("loop", 0, 0x03, .loop), ("if", 0, 0x04, .ifBlock), ("else", 0, 0x05, .elseKeyword),
        ("try", 0, 0x06, .tryBlock), ("catch", 0, 0x07, .catchKeyword), ("throw", 0, 0x08, .tag), ("rethrow", 0, 0x09, .label),
        ("throw_ref", 0, 0x0A, .none), ("end", 0, 0x0B, .endKeyword), ("br", 0, 0x0C, .label), ("br_if", 0, 0x0D, .label),
        ("br_table", 0, 0x0E, .brTable), ("return", 0, 0x0F, .none), ("call", 0, 0x10, .function),
        ("call_indirect", 0, 0x11, .callIndirect), ("return_call", 0, 0x12, .function),
        ("return_call_indirect", 0, 0x13, .callIndirect), ("call_ref", 0, 0x14, .type), ("return_call_ref", 0, 0x15, .type),
        ("delegate", 0, 0x18, .delegate), ("catch_all", 0, 0x19, .catchAllKeyword),
        ("drop", 0, 0x1A, .none), ("select", 0, 0x1B, .select), ("try_table", 0, 0x1F, .tryTable),
        ("local.get", 0, 0x20, .local), ("local.set", 0, 0x21, .local), ("local.tee", 0, 0x22, .local),
        ("global.get", 0, 0x23, .global), ("global.set", 0, 0x24, .global),
        ("table.get", 0, 0x25, .table), ("table.set", 0, 0x26, .table),
        ("i32.load", 0, 0x28, .memarg(2)), ("i64.load", 0, 0x29, .memarg(3)), ("f32.load", 0, 0x2A, .memarg(2)),
        ("f64.load", 0, 0x2B, .memarg(3)), ("i32.load8_s", 0, 0x2C, .memarg(0)), ("i32.load8_u", 0, 0x2D, .memarg(0)),
        ("i32.load16_s", 0, 0x2E, .memarg(1)), ("i32.load16_u", 0, 0x2F, .memarg(1)), ("i64.load8_s", 0, 0x30, .memarg(0)),
        ("i64.load8_u", 0, 0x31, .memarg(0)), ("i64.load16_s", 0, 0x32, .memarg(1)), ("i64.load16_u", 0, 0x33, .memarg(1)),
        ("i64.load32_s", 0, 0x34, .memarg(2)), ("i64.load32_u", 0, 0x35, .memarg(2)), ("i32.store", 0, 0x36, .memarg(2)),
        ("i64.store", 0, 0x37, .memarg(3)), ("f32.store", 0, 0x38, .memarg(2)), ("f64.store", 0, 0x39, .memarg(3)),
        ("i32.store8", 0, 0x3A, .memarg(0)), ("i32.store16", 0, 0x3B, .memarg(1)), ("i64.store8", 0, 0x3C, .memarg(0)),
        ("i64.store16", 0, 0x3D, .memarg(1)), ("i64.store32", 0, 0x3E, .memarg(2)),
        ("memory.size", 0, 0x3F, .memory), ("memory.grow", 0, 0x40, .memory),
        ("i32.const", 0, 0x41, .i32), ("i64.const", 0, 0x42, .i64), ("f32.const", 0, 0x43, .f32), ("f64.const", 0, 0x44, .f64),
        ("ref.null", 0, 0xD0, .heapType), ("ref.is_null", 0, 0xD1, .none), ("ref.func", 0, 0xD2, .function),
        ("ref.eq", 0, 0xD3, .none), ("ref.as_non_null", 0, 0xD4, .none), ("br_on_null", 0, 0xD5, .label),
        ("br_on_non_null", 0, 0xD6, .label),
        // Bulk memory and tables (0xFC).
        ("memory.init", 0xFC, 8, .memoryInit), ("data.drop", 0xFC, 9, .data), ("memory.copy", 0xFC, 10, .memoryCopy),
        ("memory.fill", 0xFC, 11, .memory), ("table.init", 0xFC, 12, .tableInit), ("elem.drop", 0xFC, 13, .elem),
        ("table.copy", 0xFC, 14, .tableCopy), ("table.grow", 0xFC, 15, .table), ("table.size", 0xFC, 16, .table),
        ("table.fill", 0xFC, 17, .table),
        // Garbage collection (0xFB).
        ("struct.new", 0xFB, 0, .type), ("struct.new_default", 0xFB, 1, .type), ("struct.get", 0xFB, 2, .typeField),
        ("struct.get_s", 0xFB, 3, .typeField), ("struct.get_u", 0xFB, 4, .typeField), ("struct.set", 0xFB, 5, .typeField),
        ("array.new", 0xFB, 6, .type), ("array.new_default", 0xFB, 7, .type), ("array.new_fixed", 0xFB, 8, .typeCount),
        ("array.new_data", 0xFB, 9, .typeData), ("array.new_elem", 0xFB, 10, .typeElem), ("array.get", 0xFB, 11, .type),
        ("array.get_s", 0xFB, 12, .type), ("array.get_u", 0xFB, 13, .type), ("array.set", 0xFB, 14, .type),
        ("array.len", 0xFB, 15, .none), ("array.fill", 0xFB, 16, .type), ("array.copy", 0xFB, 17, .typeType),
        ("array.init_data", 0xFB, 18, .typeData), ("array.init_elem", 0xFB, 19, .typeElem),
        ("ref.test", 0xFB, 20, .refTypeOpcode), ("ref.cast", 0xFB, 22, .refTypeOpcode),
        ("br_on_cast", 0xFB, 24, .brOnCast), ("br_on_cast_fail", 0xFB, 25, .brOnCast),
        ("any.convert_extern", 0xFB, 26, .none), ("extern.convert_any", 0xFB, 27, .none),
        ("ref.i31", 0xFB, 28, .none), ("i31.get_s", 0xFB, 29, .none), ("i31.get_u", 0xFB, 30, .none),
        // Relaxed SIMD (0xFD 0x100...).
        ("i8x16.relaxed_swizzle", 0xFD, 0x100, .none), ("i32x4.relaxed_trunc_f32x4_s", 0xFD, 0x101, .none),
        ("i32x4.relaxed_trunc_f32x4_u", 0xFD, 0x102, .none), ("i32x4.relaxed_trunc_f64x2_s_zero", 0xFD, 0x103, .none),
        ("i32x4.relaxed_trunc_f64x2_u_zero", 0xFD, 0x104, .none), ("f32x4.relaxed_madd", 0xFD, 0x105, .none),
        ("f32x4.relaxed_nmadd", 0xFD, 0x106, .none), ("f64x2.relaxed_madd", 0xFD, 0x107, .none),
        ("f64x2.relaxed_nmadd", 0xFD, 0x108, .none), ("i8x16.relaxed_laneselect", 0xFD, 0x109, .none),
        ("i16x8.relaxed_laneselect", 0xFD, 0x10A, .none), ("i32x4.relaxed_laneselect", 0xFD, 0x10B, .none),
        ("i64x2.relaxed_laneselect", 0xFD, 0x10C, .none), ("f32x4.relaxed_min", 0xFD, 0x10D, .none),
        ("f32x4.relaxed_max", 0xFD, 0x10E, .none), ("f64x2.relaxed_min", 0xFD, 0x10F, .none),
        ("f64x2.relaxed_max", 0xFD, 0x110, .none), ("i16x8.relaxed_q15mulr_s", 0xFD, 0x111, .none),
        ("i16x8.relaxed_dot_i8x16_i7x16_s", 0xFD, 0x112, .none), ("i32x4.relaxed_dot_i8x16_i7x16_add_s", 0xFD, 0x113, .none),
    ]

    /// The immediates of the vector instructions that have any, by name.
    private static func vectorImmediate(_ name: String) -> ImmediateKind {
        switch name {
        case "v128.const": return .v128
        case "i8x16.shuffle": return .shuffle
        case "v128.load", "v128.store": return .memarg(4)
        case "v128.load8x8_s", "v128.load8x8_u", "v128.load16x4_s", "v128.load16x4_u", "v128.load32x2_s", "v128.load32x2_u",
            "v128.load64_splat", "v128.load64_zero":
            return .memarg(3)
        case "v128.load8_splat": return .memarg(0)
        case "v128.load16_splat": return .memarg(1)
        case "v128.load32_splat", "v128.load32_zero": return .memarg(2)
        case "v128.load8_lane", "v128.store8_lane": return .memargLane(0)
        case "v128.load16_lane", "v128.store16_lane": return .memargLane(1)
        case "v128.load32_lane", "v128.store32_lane": return .memargLane(2)
        case "v128.load64_lane", "v128.store64_lane": return .memargLane(3)
        default:
            return name.contains("extract_lane") || name.contains("replace_lane") ? .lane : .none
        }
    }

    /// Every instruction by name.
    static let byName: [String: OpcodeInfo] = {
        var table: [String: OpcodeInfo] = [:]
        for op in numericAndVectorOpcodes {
            let immediate = op.prefix == 0xFD ? vectorImmediate(op.name) : .none
            table[op.name] = OpcodeInfo(prefix: op.prefix, code: op.code, immediate: immediate)
        }
        for (name, prefix, code, immediate) in others {
            table[name] = OpcodeInfo(prefix: prefix, code: code, immediate: immediate)
        }
        return table
    }()
}
