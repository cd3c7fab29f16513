extension WASIContext {
    /// `path_open`: opens a file or directory beneath `fd` and returns a new descriptor.
    ///
    /// Needs `path_open`, plus `path_create_file` for `O_CREAT` and `path_filestat_set_size` for
    /// `O_TRUNC`. The new descriptor's rights are the requested ones limited to the directory's
    /// inheriting rights and to what the opened object supports (as wasi-common limited them);
    /// the file is opened for reading when `fd_read`/`fd_readdir` is requested, for writing when
    /// `fd_write` is.
    func pathOpen(
        _ memory: any GuestMemory, _ fd: UInt32, _ lookupFlags: UInt32, _ pointer: UInt32, _ length: UInt32,
        _ rawOpenFlags: UInt32, _ rightsBase: UInt64, _ rightsInheriting: UInt64, _ rawFdFlags: UInt32, _ result: UInt32
    ) throws {
        guard rawOpenFlags <= UInt32(WASIOpenFlags.all.rawValue), rawFdFlags <= UInt32(WASIFdFlags.all.rawValue) else {
            throw WASIErrno.inval
        }
        let openFlags = WASIOpenFlags(rawValue: UInt16(rawOpenFlags))
        let fdFlags = WASIFdFlags(rawValue: UInt16(rawFdFlags))
        var needed: WASIRights = .pathOpen
        if openFlags.contains(.create) { needed.insert(.pathCreateFile) }
        if openFlags.contains(.truncate) { needed.insert(.pathFilestatSetSize) }
        let (parent, directory) = try directory(fd, needed)
        let path = try path(memory, pointer, length)
        try memory.check(result, 4)

        let requested = WASIRights(rawValue: rightsBase).intersection(parent.inheritingRights)
        let inheriting = WASIRights(rawValue: rightsInheriting).intersection(parent.inheritingRights)
        let read = !requested.isDisjoint(with: [.fdRead, .fdReaddir])
        let write = requested.contains(.fdWrite)
        let request = WASIOpenRequest(
            followSymlinks: WASILookupFlags(rawValue: lookupFlags).contains(.symlinkFollow), openFlags: openFlags,
            fdFlags: fdFlags, read: read, write: write)
        let opened = try directory.open(at: path, request)
        let descriptor: WASIDescriptor
        switch opened {
        case .file(let file):
            let applicable = file.fileType == .socketStream ? WASIRights.socket : WASIRights.regularFile
            descriptor = WASIDescriptor(.file(file), rights: requested.intersection(applicable), inheritingRights: inheriting)
        case .directory(let opened):
            descriptor = WASIDescriptor(
                .directory(opened), rights: requested.intersection(WASIRights.directory), inheritingRights: inheriting)
        }
        let number: UInt32
        do {
            number = try table.insert(descriptor)
        } catch {
            try? descriptor.close()
            throw error
        }
        try memory.storeU32(number, at: result)
    }
}
