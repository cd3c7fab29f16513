import CapsuleCore
import CapsuleBinary

/// The types of one function's locals (parameters, then declared locals), reused across functions.
///
/// The first ``denseLimit`` locals are kept one byte each for a direct lookup. A body may declare
/// up to 2^32-1 locals in a few bytes, so the rest stay as the declared runs and are found by a
/// binary search; memory use is bounded by the body's size, never by the declared counts.
struct LocalTypes {
    /// How many locals get a byte of their own.
    static let denseLimit = 1 << 16

    private var dense: [OperandType] = []
    /// Exclusive end index of each declared run (ascending), for locals beyond ``dense``.
    private var runEnds: [UInt64] = []
    private var runTypes: [OperandType] = []
    /// Total number of locals, parameters included.
    private(set) var count: UInt64 = 0

    /// Loads the locals of a function with the given parameters and declarations.
    ///
    /// - Throws: `too many locals` when the total exceeds 2^32-1.
    mutating func reset(params: ArraySlice<OperandType>, declarations: [LocalDeclaration], offset: Int) throws(ValidationError) {
        dense.removeAll(keepingCapacity: true)
        runEnds.removeAll(keepingCapacity: true)
        runTypes.removeAll(keepingCapacity: true)
        dense.append(contentsOf: params)
        var total = UInt64(params.count)
        for declaration in declarations {
            total += UInt64(declaration.count)
            guard total <= UInt64(UInt32.max) else { throw ValidationError("too many locals", offset: offset) }
            let type = declaration.type.rawValue
            runEnds.append(total)
            runTypes.append(type)
            let room = Self.denseLimit - dense.count
            if room > 0 {
                dense.append(contentsOf: repeatElement(type, count: Swift.min(room, Int(declaration.count))))
            }
        }
        count = total
    }

    /// The type of local `index`, or `nil` when there is no such local.
    @inline(__always)
    func type(of index: UInt32) -> OperandType? {
        let index = Int(index)
        if index < dense.count { return dense[index] }
        guard UInt64(index) < count else { return nil }
        // Binary search for the first run whose end is beyond the index.
        var low = 0
        var high = runEnds.count
        while low < high {
            let middle = (low + high) / 2
            if runEnds[middle] <= UInt64(index) { low = middle + 1 } else { high = middle }
        }
        return low < runTypes.count ? runTypes[low] : nil
    }
}
