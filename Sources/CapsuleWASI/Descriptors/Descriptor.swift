/// One entry of a guest's descriptor table: an open file or directory with its rights and flags.
///
/// Descriptors are not files: the same backend object can sit behind several descriptors, and
/// the rights live here, in the table, where every syscall checks them.
public final class WASIDescriptor {
    /// What the descriptor refers to.
    public enum Object {
        /// A file, stream or socket.
        case file(any WASIFile)
        /// A directory of some filesystem backend.
        case directory(any WASIDirectory)
    }

    /// The open object.
    public let object: Object
    /// Rights of this descriptor.
    public internal(set) var rights: WASIRights
    /// Rights that descriptors opened through this one may have at most.
    public internal(set) var inheritingRights: WASIRights
    /// For a preopened directory, the name the guest sees (`fd_prestat_dir_name`).
    public let preopenName: String?
    /// Whether it was opened by `path_open` (a filesystem object), rather than made by the host
    /// (standard streams, sockets, virtual files).
    public let openedFromPath: Bool
    /// For a descriptor `path_open` made, where it came from (a checkpoint opens it again from there).
    public internal(set) var origin: WASIDescriptorOrigin?
    /// For a preopened directory, its place among the configuration's preopens.
    var preopenIndex: Int?
    /// For a directory, the listing `fd_readdir` is paging through (taken when a read starts at cookie 0).
    var listing: [WASIDirectoryEntry]?

    /// A descriptor for `object` with the given rights.
    public init(
        _ object: Object, rights: WASIRights, inheritingRights: WASIRights = [], preopenName: String? = nil,
        openedFromPath: Bool = false
    ) {
        self.object = object
        self.rights = rights
        self.inheritingRights = inheritingRights
        self.preopenName = preopenName
        self.openedFromPath = openedFromPath
    }

    /// The file, or `EBADF` for a directory (wasmtime reports a directory where a file is needed as `EBADF`).
    func file() throws -> any WASIFile {
        guard case .file(let file) = object else { throw WASIErrno.badf }
        return file
    }

    /// The directory: `ENOTDIR` for a file opened from a path, `EBADF` for a stream or socket (as in
    /// wasmtime, where those are not filesystem descriptors at all).
    func directory() throws -> any WASIDirectory {
        guard case .directory(let directory) = object else { throw openedFromPath ? WASIErrno.notdir : WASIErrno.badf }
        return directory
    }

    /// The type reported by `fd_fdstat_get`.
    var fileType: WASIFileType {
        switch object {
        case .file(let file): return file.fileType
        case .directory: return .directory
        }
    }

    /// Throws unless the descriptor holds every right in `needed`: `EBADF` when what is missing is
    /// `fd_read` or `fd_write` (the descriptor is not open for that direction, as POSIX and wasmtime
    /// say), `ENOTCAPABLE` otherwise.
    func require(_ needed: WASIRights) throws {
        let missing = needed.subtracting(rights)
        guard missing.isEmpty else {
            throw missing.isSubset(of: [.fdRead, .fdWrite]) ? WASIErrno.badf : WASIErrno.notcapable
        }
    }

    /// Releases the backend object.
    func close() throws {
        switch object {
        case .file(let file): try file.close()
        case .directory(let directory): try directory.close()
        }
    }
}

/// Where a descriptor that `path_open` made came from: a path beneath one of the preopened
/// directories, and how it was opened. A checkpoint records it to open the same file again when the
/// guest resumes (in another process, after the user granted the same preopens again).
public struct WASIDescriptorOrigin: Sendable, Equatable {
    /// The preopen the path is beneath: its index in ``WASIConfiguration/preopens``.
    public var preopen: Int
    /// The path beneath it, as the guest named it (joined with the paths of the directories it was
    /// opened through); confinement applies to it again when it is opened again.
    public var path: String
    /// Whether a symbolic link in the last component was followed.
    public var followSymlinks: Bool
    /// Whether it is a directory.
    public var isDirectory: Bool
    /// Open for reading.
    public var read: Bool
    /// Open for writing.
    public var write: Bool
}
