/// The kinds of trap, each named after the message the WebAssembly specification's test suite uses.
public enum TrapKind: Error, Sendable, Hashable, CustomStringConvertible {
    case unreachable
    case integerDivideByZero
    case integerOverflow
    case invalidConversionToInteger
    case outOfBoundsMemoryAccess
    case outOfBoundsTableAccess
    case undefinedElement
    case uninitializedElement
    case indirectCallTypeMismatch
    case callStackExhausted
    case outOfBoundsDataSegmentAccess
    case outOfBoundsElementSegmentAccess
    /// The store's fuel budget ran out.
    case outOfFuel
    /// The embedder interrupted execution (a deadline or another thread).
    case interrupted
    /// A host function failed; the payload says why.
    case host(String)

    /// The specification's message for this trap.
    public var description: String {
        switch self {
        case .unreachable: return "unreachable"
        case .integerDivideByZero: return "integer divide by zero"
        case .integerOverflow: return "integer overflow"
        case .invalidConversionToInteger: return "invalid conversion to integer"
        case .outOfBoundsMemoryAccess: return "out of bounds memory access"
        case .outOfBoundsTableAccess: return "out of bounds table access"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .callStackExhausted: return "call stack exhausted"
        case .outOfBoundsDataSegmentAccess: return "out of bounds memory access"
        case .outOfBoundsElementSegmentAccess: return "out of bounds table access"
        case .outOfFuel: return "all fuel consumed"
        case .interrupted: return "execution interrupted"
        case .host(let message): return message
        }
    }
}
