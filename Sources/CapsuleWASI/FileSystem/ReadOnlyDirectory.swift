/// A read-only view of any ``WASIDirectory``: every operation that would change the filesystem
/// fails with `EPERM` before it reaches the backend (as wasmtime's read-only preopens do), and
/// files and directories opened through it are read-only views too.
///
/// Refused: opening for writing, `O_CREAT`, `O_TRUNC`, creating or removing entries, renaming or
/// linking from or into it, symbolic links, and changing times.
///
/// ```swift
/// let docs = ReadOnlyDirectory(try HostDirectory(path: "./docs"))
/// ```
public final class ReadOnlyDirectory: WASIDirectory {
    /// The wrapped directory.
    public let base: any WASIDirectory

    /// Wraps `base`.
    public init(_ base: any WASIDirectory) {
        self.base = base
    }

    /// Passes the call to the wrapped directory.
    public func stat() throws -> WASIFileStat { try base.stat() }
    /// `EPERM`: the directory is read-only.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.perm }
    /// Passes the call to the wrapped directory.
    public func sync() throws { try base.sync() }
    /// Passes the call to the wrapped directory.
    public func entries() throws -> [WASIDirectoryEntry] { try base.entries() }

    /// Opens through the wrapped directory and wraps what it opened read-only (a ``ReadOnlyFile``
    /// or a ``ReadOnlyDirectory``). `EPERM`, before the wrapped directory is asked, when the
    /// request is for writing or has `O_CREAT`, `O_TRUNC` or `O_EXCL`.
    public func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode {
        guard !request.write, request.openFlags.isDisjoint(with: [.create, .truncate, .exclusive]) else {
            throw WASIErrno.perm
        }
        switch try base.open(at: path, request) {
        case .file(let file): return .file(ReadOnlyFile(file))
        case .directory(let directory): return .directory(ReadOnlyDirectory(directory))
        }
    }

    /// `EPERM`: the directory is read-only.
    public func createDirectory(at path: String) throws { throw WASIErrno.perm }
    /// Passes the call to the wrapped directory.
    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat {
        try base.stat(at: path, followSymlinks: followSymlinks)
    }
    /// `EPERM`: the directory is read-only.
    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        throw WASIErrno.perm
    }
    /// `EPERM`: nothing is linked out of a read-only directory.
    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        throw WASIErrno.perm
    }
    /// Passes the call to the wrapped directory.
    public func readLink(at path: String) throws -> [UInt8] { try base.readLink(at: path) }
    /// `EPERM`: the directory is read-only.
    public func removeDirectory(at path: String) throws { throw WASIErrno.perm }
    /// `EPERM`: nothing is renamed out of a read-only directory.
    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws { throw WASIErrno.perm }
    /// `EPERM`: the directory is read-only.
    public func symlink(_ destination: String, at path: String) throws { throw WASIErrno.perm }
    /// `EPERM`: the directory is read-only.
    public func unlink(at path: String) throws { throw WASIErrno.perm }
    /// Nothing may be linked or renamed into a read-only directory: `EPERM`.
    public func writableTarget() throws -> any WASIDirectory { throw WASIErrno.perm }
    /// Closes the wrapped directory.
    public func close() throws { try base.close() }
}

/// A read-only view of a ``WASIFile`` opened through a ``ReadOnlyDirectory``: writes are `EBADF`
/// (the file is not open for writing), size and time changes `EPERM`, allocation `ENOTSUP` (as in
/// wasmtime).
///
/// ```swift
/// let docs = ReadOnlyDirectory(try HostDirectory(path: "./docs"))
/// if case .file(let file) = try docs.open(at: "README.md", WASIOpenRequest()) {
///     let head = try file.read(maxCount: 80)  // `file` is a ReadOnlyFile; writing to it is EBADF
/// }
/// ```
public final class ReadOnlyFile: WASIFile {
    /// The wrapped file.
    public let base: any WASIFile

    /// Wraps `base`.
    public init(_ base: any WASIFile) {
        self.base = base
    }

    /// The wrapped file's type.
    public var fileType: WASIFileType { base.fileType }
    /// Whether the wrapped file is a terminal.
    public var isTerminal: Bool { base.isTerminal }
    /// Passes the call to the wrapped file.
    public func read(maxCount: Int) throws -> [UInt8] { try base.read(maxCount: maxCount) }
    /// Passes the call to the wrapped file.
    public func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8] { try base.pread(maxCount: maxCount, at: offset) }
    /// `EBADF`: the file is not open for writing.
    public func write(_ bytes: [UInt8]) throws -> Int { throw WASIErrno.badf }
    /// `EBADF`: the file is not open for writing.
    public func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int { throw WASIErrno.badf }
    /// Passes the call to the wrapped file.
    public func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 { try base.seek(offset: offset, whence: whence) }
    /// Passes the call to the wrapped file.
    public func stat() throws -> WASIFileStat { try base.stat() }
    /// `EPERM`: the file is read-only.
    public func setSize(_ size: UInt64) throws { throw WASIErrno.perm }
    /// `EPERM`: the file is read-only.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.perm }
    /// Passes the call to the wrapped file.
    public func sync() throws { try base.sync() }
    /// Passes the call to the wrapped file.
    public func datasync() throws { try base.datasync() }
    /// Passes the call to the wrapped file.
    public func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws {
        try base.advise(offset: offset, length: length, advice: advice)
    }
    /// `ENOTSUP`, as wasmtime answers for a read-only file.
    public func allocate(offset: UInt64, length: UInt64) throws { throw WASIErrno.notsup }
    /// Passes the call to the wrapped file.
    public func flags() throws -> WASIFdFlags { try base.flags() }
    /// Passes the call to the wrapped file; writes stay refused whatever the flags.
    public func setFlags(_ flags: WASIFdFlags) throws { try base.setFlags(flags) }
    /// Passes the call to the wrapped file.
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource { try base.pollSource(for: event) }
    /// Closes the wrapped file.
    public func close() throws { try base.close() }
}
