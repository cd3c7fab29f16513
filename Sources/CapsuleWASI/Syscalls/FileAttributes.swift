extension WASIContext {
    /// `fd_advise`: a hint; `EINVAL` for an unknown advice.
    func fdAdvise(_ fd: UInt32, _ offset: UInt64, _ length: UInt64, _ advice: UInt32) throws {
        let (_, file) = try file(fd, .fdAdvise)
        guard advice <= 255, let kind = WASIAdvice(rawValue: UInt8(advice)) else { throw WASIErrno.inval }
        try file.advise(offset: offset, length: length, advice: kind)
    }

    /// `fd_allocate`: `ENOTSUP`, as in wasmtime (after the descriptor and rights checks).
    func fdAllocate(_ fd: UInt32, _ offset: UInt64, _ length: UInt64) throws {
        let (_, file) = try file(fd, .fdAllocate)
        try file.allocate(offset: offset, length: length)
    }

    /// `fd_datasync`: `EBADF` on a directory, as in wasmtime.
    func fdDatasync(_ fd: UInt32) throws {
        let (_, file) = try file(fd, .fdDatasync)
        try file.datasync()
    }

    /// `fd_sync`: `EBADF` on a directory, as in wasmtime.
    func fdSync(_ fd: UInt32) throws {
        let (_, file) = try file(fd, .fdSync)
        try file.sync()
    }

    /// `fd_filestat_get`.
    func fdFilestatGet(_ memory: any GuestMemory, _ fd: UInt32, _ result: UInt32, abi: WASIABI = .preview1) throws {
        let descriptor = try table.get(fd)
        try descriptor.require(.fdFilestatGet)
        try memory.check(result, WASIFileStat.byteSize(abi))
        let stat: WASIFileStat
        switch descriptor.object {
        case .file(let file): stat = try file.stat()
        case .directory(let directory): stat = try directory.stat()
        }
        try stat.store(in: memory, at: result, abi: abi)
    }

    /// `fd_filestat_set_size`.
    func fdFilestatSetSize(_ fd: UInt32, _ size: UInt64) throws {
        let (_, file) = try file(fd, .fdFilestatSetSize)
        guard size <= UInt64(Int64.max) else { throw WASIErrno.inval }
        try file.setSize(size)
    }

    /// `fd_filestat_set_times`.
    func fdFilestatSetTimes(_ fd: UInt32, _ atim: UInt64, _ mtim: UInt64, _ flags: UInt32) throws {
        let descriptor = try table.get(fd)
        try descriptor.require(.fdFilestatSetTimes)
        let (access, modification) = try Self.timeChanges(atim, mtim, flags)
        switch descriptor.object {
        case .file(let file): try file.setTimes(access: access, modification: modification)
        case .directory(let directory): try directory.setTimes(access: access, modification: modification)
        }
    }

    /// Decodes `fstflags` and the two timestamps; `EINVAL` for unknown bits or a time both given and `now`.
    static func timeChanges(_ atim: UInt64, _ mtim: UInt64, _ rawFlags: UInt32) throws -> (WASITimeChange, WASITimeChange) {
        guard rawFlags <= 0xf else { throw WASIErrno.inval }
        let flags = WASITimeFlags(rawValue: UInt16(rawFlags))
        let access = try WASITimeChange.from(value: atim, set: flags.contains(.atim), now: flags.contains(.atimNow))
        let modification = try WASITimeChange.from(value: mtim, set: flags.contains(.mtim), now: flags.contains(.mtimNow))
        return (access, modification)
    }
}
