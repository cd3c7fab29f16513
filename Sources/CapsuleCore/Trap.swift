/// The kinds of trap, each named after the message the WebAssembly specification's test suite uses.
///
/// ```swift
/// do {
///     _ = try divide.call([.i32(1), .i32(0)])
/// } catch let trap as Trap where trap.kind == .integerDivideByZero {
///     print(trap)  // integer divide by zero
/// }
/// ```
public enum TrapKind: Error, Sendable, Hashable, CustomStringConvertible {
    /// An `unreachable` instruction ran.
    case unreachable
    /// An integer division or remainder by zero.
    case integerDivideByZero
    /// A signed division of the smallest integer by -1, or a trapping float-to-integer
    /// conversion of a value out of the target's range.
    case integerOverflow
    /// A trapping float-to-integer conversion of a NaN.
    case invalidConversionToInteger
    /// A load, store or bulk memory instruction reached outside the memory (or, for
    /// `memory.init`, outside its data segment); also an active data segment that does not fit.
    case outOfBoundsMemoryAccess
    /// A table instruction reached outside the table (or, for `table.init`, outside its
    /// element segment); also an active element segment that does not fit.
    case outOfBoundsTableAccess
    /// `call_indirect` with an index beyond the end of the table.
    case undefinedElement
    /// `call_indirect` through a null table element.
    case uninitializedElement
    /// `call_indirect` to a function whose signature is not the expected one.
    case indirectCallTypeMismatch
    /// Calls nested deeper than the store allows (its call depth or its value stack).
    case callStackExhausted
    /// `throw_ref` of a null `exnref`.
    case nullExceptionReference
    /// A data segment range out of bounds, with the specification's memory-access message.
    /// The engine does not raise it today: it reports these as `outOfBoundsMemoryAccess`.
    case outOfBoundsDataSegmentAccess
    /// An element segment range out of bounds, with the specification's table-access message.
    /// The engine does not raise it today: it reports these as `outOfBoundsTableAccess`.
    case outOfBoundsElementSegmentAccess
    /// The store's fuel budget ran out.
    case outOfFuel
    /// The embedder interrupted execution (a deadline or another thread).
    case interrupted
    /// `call_ref` or `return_call_ref` of a null reference.
    case nullFunctionReference
    /// `ref.as_non_null` of a null reference.
    case nullReference
    /// A structure access (`struct.get`, `struct.set`) through a null reference.
    case nullStructureReference
    /// An array access (`array.get`, `array.len`, ...) through a null reference.
    case nullArrayReference
    /// `i31.get_s` or `i31.get_u` of a null reference.
    case nullI31Reference
    /// `ref.cast` of a reference that is not of the target type.
    case castFailure
    /// An array index or range past the array's length.
    case outOfBoundsArrayAccess
    /// The store's GC heap limit leaves no room for a new object.
    case allocationFailure
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
        case .nullExceptionReference: return "null exception reference"
        case .outOfBoundsDataSegmentAccess: return "out of bounds memory access"
        case .outOfBoundsElementSegmentAccess: return "out of bounds table access"
        case .outOfFuel: return "all fuel consumed"
        case .interrupted: return "execution interrupted"
        case .nullFunctionReference: return "null function reference"
        case .nullReference: return "null reference"
        case .nullStructureReference: return "null structure reference"
        case .nullArrayReference: return "null array reference"
        case .nullI31Reference: return "null i31 reference"
        case .castFailure: return "cast failure"
        case .outOfBoundsArrayAccess: return "out of bounds array access"
        case .allocationFailure: return "allocation failure: the GC heap limit is reached"
        case .host(let message): return message
        }
    }
}
