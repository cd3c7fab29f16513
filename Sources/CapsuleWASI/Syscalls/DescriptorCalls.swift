extension WASIContext {
    /// `fd_close`.
    func fdClose(_ fd: UInt32) throws {
        let descriptor = try table.remove(fd)
        try descriptor.close()
    }

    /// `fd_renumber`: moves `fd` to `to`, closing what `to` held. Both must be open (as in wasmtime).
    func fdRenumber(_ fd: UInt32, _ to: UInt32) throws {
        if let replaced = try table.renumber(fd, to: to) { try? replaced.close() }
    }

    /// `fd_fdstat_get`: type, flags and rights.
    func fdFdstatGet(_ memory: any GuestMemory, _ fd: UInt32, _ result: UInt32) throws {
        let descriptor = try table.get(fd)
        try memory.check(result, 24)
        var flags: WASIFdFlags = []
        if case .file(let file) = descriptor.object { flags = try file.flags() }
        try memory.write([UInt8](repeating: 0, count: 24), at: result)
        try memory.storeU8(descriptor.fileType.rawValue, at: result)
        try memory.storeU16(flags.rawValue, at: result &+ 2)
        try memory.storeU64(descriptor.rights.rawValue, at: result &+ 8)
        try memory.storeU64(descriptor.inheritingRights.rawValue, at: result &+ 16)
    }

    /// `fd_fdstat_set_flags`: only `append` and `nonblock` can change; the sync flags are `EINVAL`
    /// (as in wasmtime).
    func fdFdstatSetFlags(_ fd: UInt32, _ rawFlags: UInt32) throws {
        let (_, file) = try file(fd, .fdFdstatSetFlags)
        guard rawFlags <= UInt32(WASIFdFlags.all.rawValue) else { throw WASIErrno.inval }
        let flags = WASIFdFlags(rawValue: UInt16(rawFlags))
        guard flags.isDisjoint(with: [.dsync, .rsync, .sync]) else { throw WASIErrno.inval }
        try file.setFlags(flags)
    }

    /// `fd_fdstat_set_rights`: rights can only be dropped; asking for more is `ENOTCAPABLE`.
    func fdFdstatSetRights(_ fd: UInt32, _ base: UInt64, _ inheriting: UInt64) throws {
        let descriptor = try table.get(fd)
        let newBase = WASIRights(rawValue: base)
        let newInheriting = WASIRights(rawValue: inheriting)
        guard descriptor.rights.isSuperset(of: newBase), descriptor.inheritingRights.isSuperset(of: newInheriting) else {
            throw WASIErrno.notcapable
        }
        descriptor.rights = newBase
        descriptor.inheritingRights = newInheriting
    }

    /// `fd_prestat_get`: the kind and name length of a preopened directory; `EBADF` for others.
    func fdPrestatGet(_ memory: any GuestMemory, _ fd: UInt32, _ result: UInt32) throws {
        let descriptor = try table.get(fd)
        guard let name = descriptor.preopenName else { throw WASIErrno.badf }
        try memory.check(result, 8)
        try memory.write([UInt8](repeating: 0, count: 8), at: result)
        try memory.storeU32(UInt32(truncatingIfNeeded: name.utf8.count), at: result &+ 4)
    }

    /// `fd_prestat_dir_name`: the preopen's name, without a NUL; `ENAMETOOLONG` when it does not fit,
    /// `ENOTDIR` for a descriptor that is not a preopen (as in wasmtime).
    func fdPrestatDirName(_ memory: any GuestMemory, _ fd: UInt32, _ path: UInt32, _ length: UInt32) throws {
        let descriptor = try table.get(fd)
        guard let name = descriptor.preopenName else { throw WASIErrno.notdir }
        let bytes = Array(name.utf8)
        guard bytes.count <= Int(length) else { throw WASIErrno.nametoolong }
        try memory.write(bytes, at: path)
    }
}
