import CapsuleCore

// CONTRACT STUB: the decoder work fills in every 0xFD instruction of WebAssembly 2.0 here.

/// A SIMD instruction (0xFD prefix); the raw value is its sub-opcode.
public enum SIMDOp: UInt32, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case v128Load = 0x00

    /// What immediates the instruction takes.
    public enum ImmediateKind: Sendable {
        case none, memory, lane, memoryLane
    }

    /// Name and type facts of one SIMD instruction.
    public struct Info: Sendable {
        public let name: String
        public let immediate: ImmediateKind
        /// Operand types, bottom of stack first.
        public let operands: [ValueType]
        public let results: [ValueType]
        /// For lane immediates: the number of lanes (a lane index must be below it).
        public let laneCount: UInt8
        /// For memory immediates: log2 of the natural alignment.
        public let naturalAlignment: UInt32
    }

    public var info: Info {
        switch self {
        case .v128Load: return Info(name: "v128.load", immediate: .memory, operands: [.i32], results: [.v128], laneCount: 0, naturalAlignment: 4)
        }
    }

    public var description: String { info.name }
}
