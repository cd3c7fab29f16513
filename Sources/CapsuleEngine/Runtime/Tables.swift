import CapsuleCore

/// Operations on table records shared by the interpreter and instantiation.
enum Tables {
    /// Grows the table by `delta` elements set to `initial`; returns the old size or -1.
    static func grow(_ table: UnsafeMutablePointer<TableRecord>, by delta: UInt32, initial: UInt64) -> Int32 {
        let old = table.pointee.count
        let new = old + Int(delta)
        guard new <= table.pointee.maxCount, table.pointee.budget.pointee.take(Int(delta)) else { return -1 }
        if new > table.pointee.capacity {
            let capacity = Swift.min(Swift.max(new, table.pointee.capacity * 2, 8), table.pointee.maxCount)
            let elements = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
            elements.moveInitialize(from: table.pointee.elements, count: old)
            table.pointee.elements.deallocate()
            table.pointee.elements = elements
            table.pointee.capacity = capacity
        }
        (table.pointee.elements + old).initialize(repeating: initial, count: Int(delta))
        table.pointee.count = new
        return Int32(truncatingIfNeeded: old)
    }

    /// Sets `count` elements from `start` to `value`; false when out of bounds.
    static func fill(_ table: UnsafeMutablePointer<TableRecord>, start: UInt32, value: UInt64, count: UInt32) -> Bool {
        guard UInt64(start) + UInt64(count) <= UInt64(table.pointee.count) else { return false }
        (table.pointee.elements + Int(start)).update(repeating: value, count: Int(count))
        return true
    }

    /// Copies elements between tables (possibly the same one, overlapping); false when out of bounds.
    static func copy(
        to destinationTable: UnsafeMutablePointer<TableRecord>, from sourceTable: UnsafeMutablePointer<TableRecord>,
        destination: UInt32, source: UInt32, count: UInt32
    ) -> Bool {
        guard UInt64(source) + UInt64(count) <= UInt64(sourceTable.pointee.count),
            UInt64(destination) + UInt64(count) <= UInt64(destinationTable.pointee.count)
        else { return false }
        if count > 0 {
            UnsafeMutableRawPointer(destinationTable.pointee.elements + Int(destination))
                .copyMemory(from: sourceTable.pointee.elements + Int(source), byteCount: Int(count) * 8)
        }
        return true
    }

    /// Copies references from an element segment into a table; false when out of bounds.
    static func initialize(
        _ table: UnsafeMutablePointer<TableRecord>, from segment: UnsafeMutablePointer<SegmentRecord>,
        destination: UInt32, source: UInt32, count: UInt32
    ) -> Bool {
        guard UInt64(source) + UInt64(count) <= UInt64(segment.pointee.count),
            UInt64(destination) + UInt64(count) <= UInt64(table.pointee.count)
        else { return false }
        if count > 0, let base = segment.pointee.base {
            UnsafeMutableRawPointer(table.pointee.elements + Int(destination))
                .copyMemory(from: base + Int(source) * 8, byteCount: Int(count) * 8)
        }
        return true
    }
}

/// Operations on memory records.
enum Memories {
    /// Grows the memory by `delta` pages (any address type); returns the old size in pages, or nil
    /// when the memory's maximum, the store's limit or the reservation does not allow it.
    static func grow(_ memory: UnsafeMutablePointer<MemoryRecord>, pages delta: UInt64) -> UInt64? {
        let old = memory.pointee.pageCount
        let room = UInt64(memory.pointee.reservedBytes / wasmPageSize - old)
        let limit = UInt64(memory.pointee.maxPages - Swift.min(old, memory.pointee.maxPages))
        guard delta <= room, delta <= limit else { return nil }
        memory.pointee.byteCount = (old + Int(delta)) * wasmPageSize
        return UInt64(old)
    }

    /// Grows the memory by `delta` pages; returns the old size in pages or -1.
    static func grow(_ memory: UnsafeMutablePointer<MemoryRecord>, by delta: UInt32) -> Int32 {
        let old = memory.pointee.pageCount
        let new = old + Int(delta)
        guard new <= memory.pointee.maxPages, new * wasmPageSize <= memory.pointee.reservedBytes else { return -1 }
        memory.pointee.byteCount = new * wasmPageSize
        return Int32(truncatingIfNeeded: old)
    }
}
