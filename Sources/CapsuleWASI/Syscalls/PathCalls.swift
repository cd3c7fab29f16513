extension WASIContext {
    /// The guest path at `pointer`: `EFAULT` when out of range, `EILSEQ` when not UTF-8.
    func path(_ memory: any GuestMemory, _ pointer: UInt32, _ length: UInt32) throws -> String {
        try memory.string(at: pointer, count: length)
    }

    /// Whether `lookupflags` asks to follow a final symbolic link; `EINVAL` for undefined bits.
    static func follows(_ flags: UInt32) throws -> Bool {
        guard flags <= 1 else { throw WASIErrno.inval }
        return flags == 1
    }

    /// `path_create_directory`.
    func pathCreateDirectory(_ memory: any GuestMemory, _ fd: UInt32, _ pointer: UInt32, _ length: UInt32) throws {
        let (_, directory) = try directory(fd, .pathCreateDirectory)
        try directory.createDirectory(at: try path(memory, pointer, length))
    }

    /// `path_filestat_get`.
    func pathFilestatGet(
        _ memory: any GuestMemory, _ fd: UInt32, _ flags: UInt32, _ pointer: UInt32, _ length: UInt32, _ result: UInt32,
        abi: WASIABI = .preview1
    ) throws {
        let (_, directory) = try directory(fd, .pathFilestatGet)
        let follow = try Self.follows(flags)
        let path = try path(memory, pointer, length)
        try memory.check(result, WASIFileStat.byteSize(abi))
        let stat = try directory.stat(at: path, followSymlinks: follow)
        try stat.store(in: memory, at: result, abi: abi)
    }

    /// `path_filestat_set_times`.
    func pathFilestatSetTimes(
        _ memory: any GuestMemory, _ fd: UInt32, _ flags: UInt32, _ pointer: UInt32, _ length: UInt32, _ atim: UInt64,
        _ mtim: UInt64, _ timeFlags: UInt32
    ) throws {
        let (_, directory) = try directory(fd, .pathFilestatSetTimes)
        let follow = try Self.follows(flags)
        let path = try path(memory, pointer, length)
        let (access, modification) = try Self.timeChanges(atim, mtim, timeFlags)
        try directory.setTimes(at: path, followSymlinks: follow, access: access, modification: modification)
    }

    /// `path_link`: a hard link in `newFD`'s directory to an entry of `fd`'s. Following a symbolic
    /// link in the source (`symlink_follow`) is `EINVAL`, as in wasmtime.
    func pathLink(
        _ memory: any GuestMemory, _ fd: UInt32, _ flags: UInt32, _ pointer: UInt32, _ length: UInt32, _ newFD: UInt32,
        _ newPointer: UInt32, _ newLength: UInt32
    ) throws {
        let (_, source) = try directory(fd, .pathLinkSource)
        let (_, target) = try directory(newFD, .pathLinkTarget)
        guard try !Self.follows(flags) else { throw WASIErrno.inval }
        let oldPath = try path(memory, pointer, length)
        let newPath = try path(memory, newPointer, newLength)
        try source.link(at: oldPath, followSymlinks: false, to: try target.writableTarget(), at: newPath)
    }

    /// `path_readlink`: the link's target, cut to the buffer's length (as POSIX `readlink` does).
    func pathReadlink(
        _ memory: any GuestMemory, _ fd: UInt32, _ pointer: UInt32, _ length: UInt32, _ buffer: UInt32, _ bufferLength: UInt32,
        _ result: UInt32
    ) throws {
        let (_, directory) = try directory(fd, .pathReadlink)
        let path = try path(memory, pointer, length)
        try memory.check(buffer, bufferLength)
        try memory.check(result, 4)
        let target = try directory.readLink(at: path)
        let used = min(target.count, Int(bufferLength))
        try memory.write(target.prefix(used), at: buffer)
        try memory.storeU32(UInt32(used), at: result)
    }

    /// `path_remove_directory`.
    func pathRemoveDirectory(_ memory: any GuestMemory, _ fd: UInt32, _ pointer: UInt32, _ length: UInt32) throws {
        let (_, directory) = try directory(fd, .pathRemoveDirectory)
        try directory.removeDirectory(at: try path(memory, pointer, length))
    }

    /// `path_rename`.
    func pathRename(
        _ memory: any GuestMemory, _ fd: UInt32, _ pointer: UInt32, _ length: UInt32, _ newFD: UInt32, _ newPointer: UInt32,
        _ newLength: UInt32
    ) throws {
        let (_, source) = try directory(fd, .pathRenameSource)
        let (_, target) = try directory(newFD, .pathRenameTarget)
        let oldPath = try path(memory, pointer, length)
        let newPath = try path(memory, newPointer, newLength)
        try source.rename(at: oldPath, to: try target.writableTarget(), at: newPath)
    }

    /// `path_symlink`: a link at `newPointer` (beneath `fd`) whose target is the text at `pointer`,
    /// stored as given (it is resolved, within the sandbox, only when followed). An absolute target
    /// is `EPERM`, as in wasmtime: it could never be followed.
    func pathSymlink(_ memory: any GuestMemory, _ pointer: UInt32, _ length: UInt32, _ fd: UInt32, _ newPointer: UInt32, _ newLength: UInt32) throws {
        let (_, directory) = try directory(fd, .pathSymlink)
        let destination = try path(memory, pointer, length)
        let newPath = try path(memory, newPointer, newLength)
        guard !destination.hasPrefix("/") else { throw WASIErrno.perm }
        try directory.symlink(destination, at: newPath)
    }

    /// `path_unlink_file`.
    func pathUnlinkFile(_ memory: any GuestMemory, _ fd: UInt32, _ pointer: UInt32, _ length: UInt32) throws {
        let (_, directory) = try directory(fd, .pathUnlinkFile)
        try directory.unlink(at: try path(memory, pointer, length))
    }
}
