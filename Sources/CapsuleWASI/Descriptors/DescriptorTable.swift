/// A guest's descriptor table: guest descriptor numbers to ``WASIDescriptor``s.
///
/// New descriptors get the number after the highest one in use (as wasmtime does), falling back to
/// the lowest free number when that would overflow. Lookups check rights in the same step.
///
/// ```swift
/// var table = WASIDescriptorTable()
/// let fd = try table.insert(descriptor)
/// let same = try table.get(fd, requiring: .fdRead)
/// ```
public struct WASIDescriptorTable {
    private var entries: [UInt32: WASIDescriptor] = [:]
    /// The most descriptors open at once.
    public var limit: Int = 1 << 16

    /// An empty table.
    public init() {}

    /// The number of open descriptors.
    public var count: Int { entries.count }

    /// The open descriptor numbers, in order.
    public var numbers: [UInt32] { entries.keys.sorted() }

    /// The descriptor `fd`, or `EBADF`; `ENOTCAPABLE` when it lacks a right in `rights`.
    public func get(_ fd: UInt32, requiring rights: WASIRights = []) throws -> WASIDescriptor {
        guard let descriptor = entries[fd] else { throw WASIErrno.badf }
        try descriptor.require(rights)
        return descriptor
    }

    /// Whether `fd` is open.
    public func contains(_ fd: UInt32) -> Bool { entries[fd] != nil }

    /// Adds a descriptor under a new number and returns it; `EMFILE` when the table is full.
    @discardableResult
    public mutating func insert(_ descriptor: WASIDescriptor) throws -> UInt32 {
        guard entries.count < limit else { throw WASIErrno.mfile }
        let fd: UInt32
        if let highest = entries.keys.max() {
            if highest < UInt32.max {
                fd = highest + 1
            } else {
                var candidate: UInt32 = 0
                while entries[candidate] != nil { candidate += 1 }
                fd = candidate
            }
        } else {
            fd = 0
        }
        entries[fd] = descriptor
        return fd
    }

    /// Puts a descriptor at `fd`, replacing (and returning) what was there.
    @discardableResult
    public mutating func insert(_ descriptor: WASIDescriptor, at fd: UInt32) -> WASIDescriptor? {
        let previous = entries[fd]
        entries[fd] = descriptor
        return previous
    }

    /// Removes and returns descriptor `fd`, or `EBADF`.
    @discardableResult
    public mutating func remove(_ fd: UInt32) throws -> WASIDescriptor {
        guard let descriptor = entries.removeValue(forKey: fd) else { throw WASIErrno.badf }
        return descriptor
    }

    /// Moves descriptor `from` to number `to`, closing what `to` held; both must be open (`EBADF`).
    /// Returns the descriptor that was replaced, for the caller to close.
    public mutating func renumber(_ from: UInt32, to: UInt32) throws -> WASIDescriptor? {
        guard let descriptor = entries[from], let replaced = entries[to] else { throw WASIErrno.badf }
        if from == to { return nil }
        entries[from] = nil
        entries[to] = descriptor
        return replaced
    }
}
