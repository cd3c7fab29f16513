/// WASI preview 1 rights: what a descriptor may be used for.
///
/// Every descriptor carries base rights (what it may do itself) and inheriting rights (the most a
/// descriptor opened through it may get). Every syscall checks the rights it needs.
///
/// ```swift
/// let readOnly: WASIRights = [.fdRead, .fdSeek, .fdTell]
/// ```
public struct WASIRights: OptionSet, Sendable, Hashable {
    /// The bits, as in the ABI.
    public let rawValue: UInt64

    /// Rights from their ABI bits.
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// `fd_datasync`.
    public static let fdDatasync = WASIRights(rawValue: 1 << 0)
    /// `fd_read` (and `sock_recv`).
    public static let fdRead = WASIRights(rawValue: 1 << 1)
    /// `fd_seek` (implies `fd_tell`).
    public static let fdSeek = WASIRights(rawValue: 1 << 2)
    /// `fd_fdstat_set_flags`.
    public static let fdFdstatSetFlags = WASIRights(rawValue: 1 << 3)
    /// `fd_sync`.
    public static let fdSync = WASIRights(rawValue: 1 << 4)
    /// `fd_tell`.
    public static let fdTell = WASIRights(rawValue: 1 << 5)
    /// `fd_write` (and `sock_send`).
    public static let fdWrite = WASIRights(rawValue: 1 << 6)
    /// `fd_advise`.
    public static let fdAdvise = WASIRights(rawValue: 1 << 7)
    /// `fd_allocate`.
    public static let fdAllocate = WASIRights(rawValue: 1 << 8)
    /// `path_create_directory`.
    public static let pathCreateDirectory = WASIRights(rawValue: 1 << 9)
    /// `path_open` with `O_CREAT`.
    public static let pathCreateFile = WASIRights(rawValue: 1 << 10)
    /// `path_link` on the source directory.
    public static let pathLinkSource = WASIRights(rawValue: 1 << 11)
    /// `path_link` on the target directory.
    public static let pathLinkTarget = WASIRights(rawValue: 1 << 12)
    /// `path_open`.
    public static let pathOpen = WASIRights(rawValue: 1 << 13)
    /// `fd_readdir`.
    public static let fdReaddir = WASIRights(rawValue: 1 << 14)
    /// `path_readlink`.
    public static let pathReadlink = WASIRights(rawValue: 1 << 15)
    /// `path_rename` on the source directory.
    public static let pathRenameSource = WASIRights(rawValue: 1 << 16)
    /// `path_rename` on the target directory.
    public static let pathRenameTarget = WASIRights(rawValue: 1 << 17)
    /// `path_filestat_get`.
    public static let pathFilestatGet = WASIRights(rawValue: 1 << 18)
    /// Changing a file's size through a path (`path_open` with `O_TRUNC`).
    public static let pathFilestatSetSize = WASIRights(rawValue: 1 << 19)
    /// `path_filestat_set_times`.
    public static let pathFilestatSetTimes = WASIRights(rawValue: 1 << 20)
    /// `fd_filestat_get`.
    public static let fdFilestatGet = WASIRights(rawValue: 1 << 21)
    /// `fd_filestat_set_size`.
    public static let fdFilestatSetSize = WASIRights(rawValue: 1 << 22)
    /// `fd_filestat_set_times`.
    public static let fdFilestatSetTimes = WASIRights(rawValue: 1 << 23)
    /// `path_symlink`.
    public static let pathSymlink = WASIRights(rawValue: 1 << 24)
    /// `path_remove_directory`.
    public static let pathRemoveDirectory = WASIRights(rawValue: 1 << 25)
    /// `path_unlink_file`.
    public static let pathUnlinkFile = WASIRights(rawValue: 1 << 26)
    /// `poll_oneoff` read/write subscriptions on the descriptor.
    public static let pollFdReadwrite = WASIRights(rawValue: 1 << 27)
    /// `sock_shutdown`.
    public static let sockShutdown = WASIRights(rawValue: 1 << 28)
    /// `sock_accept`.
    public static let sockAccept = WASIRights(rawValue: 1 << 29)

    /// Every defined right.
    public static let all = WASIRights(rawValue: (1 << 30) - 1)

    /// A file opened through `path_open`: every right but the ones its access mode excludes (as
    /// wasmtime reports them): see ``WASIRights/file(readable:writable:)``.
    public static func file(readable: Bool, writable: Bool) -> WASIRights {
        var rights = WASIRights.all
        if !readable { rights.subtract([.fdRead, .fdReaddir]) }
        if !writable { rights.remove(.fdWrite) }
        return rights
    }

    /// A directory opened through `path_open`: every right but seeking, writing data and setting
    /// a size through the descriptor (wasmtime's set, plus `path_filestat_set_size`, which
    /// `path_open` with `O_TRUNC` needs).
    public static let directory: WASIRights = WASIRights.all.subtracting([.fdSeek, .fdWrite, .fdFilestatSetSize])

    /// A preopened directory: the path operations, `fd_readdir` and the directory's own attributes
    /// (wasmtime's set, plus `path_filestat_set_size`).
    public static let preopenedDirectory: WASIRights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .fdReaddir,
        .pathReadlink, .pathRenameSource, .pathRenameTarget, .pathFilestatGet, .pathFilestatSetSize,
        .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes, .pathSymlink, .pathRemoveDirectory,
        .pathUnlinkFile,
    ]

    /// Standard input and output: the data rights of their direction plus what lets the other file
    /// calls reach the stream (which answers them as wasmtime does: `ESPIPE` for seeking, `EBADF`
    /// for the calls a stream does not support).
    public static func standardStream(input: Bool) -> WASIRights {
        var rights = WASIRights.file(readable: input, writable: !input)
        rights.subtract(pathRights)
        rights.subtract([.fdReaddir, .sockShutdown, .sockAccept])
        return rights
    }

    /// A connected socket.
    public static let socket: WASIRights = [
        .fdRead, .fdFdstatSetFlags, .fdWrite, .fdFilestatGet, .pollFdReadwrite, .sockShutdown,
    ]

    /// A listening socket.
    public static let listeningSocket: WASIRights = [
        .fdRead, .fdFdstatSetFlags, .fdFilestatGet, .pollFdReadwrite, .sockAccept,
    ]

    /// The rights that act on paths beneath a directory.
    public static let pathRights: WASIRights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .pathReadlink,
        .pathRenameSource, .pathRenameTarget, .pathFilestatGet, .pathFilestatSetSize, .pathFilestatSetTimes,
        .pathSymlink, .pathRemoveDirectory, .pathUnlinkFile,
    ]

    /// Names of the set rights, lower case as in the witx (`fd_read|fd_write`), for traces.
    public var names: [String] {
        var result: [String] = []
        for (i, name) in Self.bitNames.enumerated() where rawValue & (1 << UInt64(i)) != 0 { result.append(name) }
        let unknown = rawValue & ~Self.all.rawValue
        if unknown != 0 { result.append("0x" + String(unknown, radix: 16)) }
        return result
    }

    private static let bitNames = [
        "fd_datasync", "fd_read", "fd_seek", "fd_fdstat_set_flags", "fd_sync", "fd_tell", "fd_write", "fd_advise",
        "fd_allocate", "path_create_directory", "path_create_file", "path_link_source", "path_link_target",
        "path_open", "fd_readdir", "path_readlink", "path_rename_source", "path_rename_target", "path_filestat_get",
        "path_filestat_set_size", "path_filestat_set_times", "fd_filestat_get", "fd_filestat_set_size",
        "fd_filestat_set_times", "path_symlink", "path_remove_directory", "path_unlink_file", "poll_fd_readwrite",
        "sock_shutdown", "sock_accept",
    ]
}
