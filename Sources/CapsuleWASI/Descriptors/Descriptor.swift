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
    /// For a directory, the listing `fd_readdir` is paging through (taken when a read starts at cookie 0).
    var listing: [WASIDirectoryEntry]?

    /// A descriptor for `object` with the given rights.
    public init(_ object: Object, rights: WASIRights, inheritingRights: WASIRights = [], preopenName: String? = nil) {
        self.object = object
        self.rights = rights
        self.inheritingRights = inheritingRights
        self.preopenName = preopenName
    }

    /// The file, or `EBADF` for a directory (wasmtime reports a directory where a file is needed as `EBADF`).
    func file() throws -> any WASIFile {
        guard case .file(let file) = object else { throw WASIErrno.badf }
        return file
    }

    /// The directory, or `ENOTDIR` for anything else.
    func directory() throws -> any WASIDirectory {
        guard case .directory(let directory) = object else { throw WASIErrno.notdir }
        return directory
    }

    /// The type reported by `fd_fdstat_get`.
    var fileType: WASIFileType {
        switch object {
        case .file(let file): return file.fileType
        case .directory: return .directory
        }
    }

    /// Throws `ENOTCAPABLE` unless the descriptor holds every right in `needed`.
    func require(_ needed: WASIRights) throws {
        guard rights.isSuperset(of: needed) else { throw WASIErrno.notcapable }
    }

    /// Releases the backend object.
    func close() throws {
        switch object {
        case .file(let file): try file.close()
        case .directory(let directory): try directory.close()
        }
    }
}
