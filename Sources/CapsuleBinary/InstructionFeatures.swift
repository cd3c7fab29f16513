import CapsuleCore

extension Instruction {
    /// The feature beyond WebAssembly 2.0 that this instruction needs, or nil for a 2.0 instruction.
    ///
    /// The decoder reads every instruction it knows and then rejects, with this, those the module's
    /// ``WasmFeatures`` leave out (``ModuleDecoder``); one table, so the reader itself stays feature-free.
    public var requiredFeature: WasmFeatures? {
        switch self {
        case .returnCall, .returnCallIndirect: return .tailCall
        case .throw, .throwRef, .tryTable, .try, .catch, .catchAll, .delegate, .rethrow: return .exceptions
        case .block(let type), .loop(let type), .if(let type):
            if case .value(.exnref) = type { return .exceptions }
            return nil
        case .refNull(.exn): return .exceptions
        case .callRef, .refAsNonNull, .brOnNull, .brOnNonNull: return .functionReferences
        case .returnCallRef: return [.tailCall, .functionReferences]
        case .refEq, .gc: return .gc
        case .selectTyped(let types): return types.contains(.exnref) ? .exceptions : nil
        case .simd(let op, let immediate):
            if op.rawValue >= 0x100 { return .relaxedSIMD }
            switch immediate {
            case .memory(let memarg), .memoryLane(let memarg, _): return memarg.memory != 0 ? .multiMemory : nil
            default: return nil
            }
        case .load(_, let memarg), .store(_, let memarg): return memarg.memory != 0 ? .multiMemory : nil
        case .memorySize(let memory), .memoryGrow(let memory), .memoryFill(let memory), .memoryInit(_, let memory):
            return memory != 0 ? .multiMemory : nil
        case .memoryCopy(let destination, let source): return destination != 0 || source != 0 ? .multiMemory : nil
        default: return nil
        }
    }
}
