import CapsuleCore
import CapsuleBinary

/// Flat, allocation-free views of the opcode tables of CapsuleBinary (``NumericOp/info`` and
/// ``SIMDOp/info``), built once per process.
///
/// The opcode facts live in CapsuleBinary (one table for decoder, validator and compiler); this
/// file only re-packs them so that typing one instruction is an array lookup instead of building
/// an `Info` value (whose operand lists are arrays) per instruction.
enum OpcodeSignatures {
    /// Numeric signatures indexed by ``numericIndex(_:)``: byte 0 is the first operand type,
    /// byte 1 the second operand type (0 for unary instructions), byte 2 the result type.
    /// An entry of 0 means "no such instruction".
    static let numeric: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 0x100 + 0x100)
        for op in NumericOp.allCases {
            let info = op.info
            let second = info.secondOperand?.rawValue ?? 0
            let packed = UInt32(info.operand.rawValue) | UInt32(second) << 8 | UInt32(info.result.rawValue) << 16
            let index = numericIndex(op)
            if index < table.count { table[index] = packed }
        }
        return table
    }()

    /// Position of a numeric instruction in ``numeric``: one-byte opcodes map to themselves,
    /// 0xFC-prefixed ones to 0x100 plus their sub-opcode.
    @inline(__always)
    static func numericIndex(_ op: NumericOp) -> Int {
        let raw = Int(op.rawValue)
        return raw < 0x100 ? raw : 0x100 | (raw & 0xFF)
    }

    /// The facts the validator needs about one SIMD instruction.
    struct SIMDSignature: Sendable {
        /// Start of the operand types (bottom of stack first) in ``simdTypePool``.
        var operandStart: UInt16 = 0
        var operandCount: UInt8 = 0
        /// Start of the result types in ``simdTypePool``.
        var resultStart: UInt16 = 0
        var resultCount: UInt8 = 0
        var immediate: SIMDOp.ImmediateKind = .none
        /// Lanes for lane immediates (a lane index must be below it).
        var laneCount: UInt8 = 0
        /// log2 of the natural alignment for memory immediates.
        var naturalAlignment: UInt32 = 0
        /// Whether the table has an entry for this sub-opcode.
        var isPresent: Bool = false
    }

    /// SIMD signatures and the shared pool of their operand and result types, indexed by sub-opcode.
    static let simd: (signatures: [SIMDSignature], typePool: [OperandType]) = {
        var maxRaw = 0
        for op in SIMDOp.allCases { maxRaw = Swift.max(maxRaw, Int(op.rawValue)) }
        var signatures = [SIMDSignature](repeating: SIMDSignature(), count: maxRaw + 1)
        var pool: [OperandType] = []
        for op in SIMDOp.allCases {
            let info = op.info
            var signature = SIMDSignature()
            signature.operandStart = UInt16(truncatingIfNeeded: pool.count)
            signature.operandCount = UInt8(truncatingIfNeeded: info.operands.count)
            pool.append(contentsOf: info.operands.map(\.rawValue))
            signature.resultStart = UInt16(truncatingIfNeeded: pool.count)
            signature.resultCount = UInt8(truncatingIfNeeded: info.results.count)
            pool.append(contentsOf: info.results.map(\.rawValue))
            signature.immediate = info.immediate
            signature.laneCount = info.laneCount
            signature.naturalAlignment = info.naturalAlignment
            signature.isPresent = true
            signatures[Int(op.rawValue)] = signature
        }
        return (signatures, pool)
    }()
}
