extension WASIContext {
    /// `fd_readdir`: fills the buffer with `dirent` records (each followed by its name) starting at
    /// entry `cookie`; the last record may be cut off, and a full buffer tells the guest to call again
    /// with the `d_next` of the last complete record.
    ///
    /// The listing is taken when a read starts at cookie 0 and reused for later cookies, so a guest
    /// paging through a directory with a small buffer sees every entry exactly once, even if the
    /// directory changes meanwhile.
    func fdReaddir(_ memory: any GuestMemory, _ fd: UInt32, _ buffer: UInt32, _ length: UInt32, _ cookie: UInt64, _ result: UInt32) throws {
        let descriptor = try table.get(fd)
        guard case .directory(let directory) = descriptor.object else { throw WASIErrno.badf }
        try descriptor.require(.fdReaddir)
        try memory.check(buffer, length)
        try memory.check(result, 4)
        if cookie == 0 || descriptor.listing == nil {
            descriptor.listing = try directory.entries()
        }
        let entries = descriptor.listing ?? []
        var bytes: [UInt8] = []
        let capacity = Int(length)
        var index = cookie
        while index < UInt64(entries.count), bytes.count < capacity {
            let entry = entries[Int(index)]
            bytes += Self.direntRecord(entry, next: index + 1)
            index += 1
        }
        let used = min(bytes.count, capacity)
        try memory.write(bytes.prefix(used), at: buffer)
        try memory.storeU32(UInt32(used), at: result)
    }

    /// One `dirent` (24 bytes) followed by the name.
    static func direntRecord(_ entry: WASIDirectoryEntry, next: UInt64) -> [UInt8] {
        var record = [UInt8](repeating: 0, count: 24)
        func put(_ value: UInt64, at offset: Int, size: Int) {
            for i in 0..<size { record[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        put(next, at: 0, size: 8)
        put(entry.inode, at: 8, size: 8)
        put(UInt64(entry.name.count), at: 16, size: 4)
        record[20] = entry.fileType.rawValue
        return record + entry.name
    }
}
