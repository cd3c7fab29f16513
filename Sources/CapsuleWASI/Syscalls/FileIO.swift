extension WASIContext {
    /// `fd_read`: reads into the buffers at the current position.
    func fdRead(_ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ result: UInt32) throws {
        let (_, file) = try file(fd, .fdRead)
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(result, 4)
        let data = try file.read(maxCount: vectors.readLength)
        let placed = try memory.scatter(data, into: vectors)
        try memory.storeU32(UInt32(truncatingIfNeeded: placed), at: result)
    }

    /// `fd_pread`: reads at `offset` without moving the position.
    func fdPread(_ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ offset: UInt64, _ result: UInt32) throws {
        let (_, file) = try file(fd, [.fdRead, .fdSeek])
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(result, 4)
        guard offset <= UInt64(Int64.max) else { throw WASIErrno.inval }
        let data = try file.pread(maxCount: vectors.readLength, at: offset)
        let placed = try memory.scatter(data, into: vectors)
        try memory.storeU32(UInt32(truncatingIfNeeded: placed), at: result)
    }

    /// `fd_write`: writes the buffers at the current position (or the end, in append mode).
    func fdWrite(_ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ result: UInt32) throws {
        let (_, file) = try file(fd, .fdWrite)
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(result, 4)
        let data = try memory.gather(vectors)
        let written = data.isEmpty ? 0 : try file.write(data)
        try memory.storeU32(UInt32(truncatingIfNeeded: written), at: result)
    }

    /// `fd_pwrite`: writes at `offset` without moving the position.
    func fdPwrite(_ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ offset: UInt64, _ result: UInt32) throws {
        let (_, file) = try file(fd, [.fdWrite, .fdSeek])
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(result, 4)
        guard offset <= UInt64(Int64.max) else { throw WASIErrno.inval }
        let data = try memory.gather(vectors)
        let written = data.isEmpty ? 0 : try file.pwrite(data, at: offset)
        try memory.storeU32(UInt32(truncatingIfNeeded: written), at: result)
    }

    /// `fd_seek`: `fd_tell` rights suffice for a zero move from the current position.
    func fdSeek(_ memory: any GuestMemory, _ fd: UInt32, _ offset: UInt64, _ whence: UInt32, _ result: UInt32) throws {
        let delta = Int64(bitPattern: offset)
        let tellOnly = delta == 0 && whence == UInt32(WASIWhence.current.rawValue)
        let descriptor = try table.get(fd)
        let file = try descriptor.file()
        if tellOnly && descriptor.rights.contains(.fdTell) {} else { try descriptor.require(.fdSeek) }
        guard whence <= 255, let mode = WASIWhence(rawValue: UInt8(whence)) else { throw WASIErrno.inval }
        try memory.check(result, 8)
        try memory.storeU64(try file.seek(offset: delta, whence: mode), at: result)
    }

    /// `fd_tell`: the current position.
    func fdTell(_ memory: any GuestMemory, _ fd: UInt32, _ result: UInt32) throws {
        let (_, file) = try file(fd, .fdTell)
        try memory.check(result, 8)
        try memory.storeU64(try file.seek(offset: 0, whence: .current), at: result)
    }
}
