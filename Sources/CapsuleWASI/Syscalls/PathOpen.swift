extension WASIContext {
    /// `path_open`: opens a file or directory beneath `fd` and returns a new descriptor.
    ///
    /// Needs `path_open`, plus `path_create_file` for `O_CREAT` and `path_filestat_set_size` for
    /// `O_TRUNC`. The requested rights choose the access mode: the file is opened for reading when
    /// `fd_read` or `fd_readdir` is requested (or when `fd_write` is not), for writing when `fd_write` is. The new descriptor gets
    /// the rights that apply to what was opened in that mode (as wasmtime reports them), limited by
    /// the directory's inheriting rights; a directory passes its inheriting rights on. The sync
    /// flags are `ENOTSUP`, as in wasmtime.
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
        // A directory is never created or truncated by path_open (EINVAL, as in wasmtime and Linux).
        if openFlags.contains(.directory) && !openFlags.isDisjoint(with: [.create, .truncate]) { throw WASIErrno.inval }
        let follow = try Self.follows(lookupFlags)
        let path = try path(memory, pointer, length)
        try memory.check(result, 4)

        let requested = WASIRights(rawValue: rightsBase)
        let write = requested.contains(.fdWrite)
        // Asking for neither direction opens for reading (as wasmtime does).
        let read = !requested.isDisjoint(with: [.fdRead, .fdReaddir]) || !write
        guard fdFlags.isDisjoint(with: [.dsync, .rsync, .sync]) else { throw WASIErrno.notsup }
        let request = WASIOpenRequest(
            followSymlinks: follow, openFlags: openFlags,
            fdFlags: fdFlags, read: read, write: write)
        let opened = try directory.open(at: path, request)
        let limit = parent.inheritingRights
        let descriptor: WASIDescriptor
        switch opened {
        case .file(let file):
            let rights = WASIRights.file(readable: read, writable: write).intersection(limit)
            descriptor = WASIDescriptor(.file(file), rights: rights, inheritingRights: rights, openedFromPath: true)
        case .directory(let opened):
            descriptor = WASIDescriptor(
                .directory(opened), rights: WASIRights.directory.intersection(limit), inheritingRights: limit,
                openedFromPath: true)
        }
        // Where it came from, to open it again after a checkpoint: beneath the preopen this
        // directory is or came from.
        if let base = parent.preopenIndex.map({ ($0, "") }) ?? parent.origin.map({ ($0.preopen, $0.path) }) {
            var isDirectory = false
            if case .directory = descriptor.object { isDirectory = true }
            descriptor.origin = WASIDescriptorOrigin(
                preopen: base.0, path: base.1.isEmpty ? path : base.1 + "/" + path, followSymlinks: follow,
                isDirectory: isDirectory, read: read, write: write)
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
