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

    public func stat() throws -> WASIFileStat { try base.stat() }
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.perm }
    public func sync() throws { try base.sync() }
    public func entries() throws -> [WASIDirectoryEntry] { try base.entries() }

    public func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode {
        guard !request.write, request.openFlags.isDisjoint(with: [.create, .truncate, .exclusive]) else {
            throw WASIErrno.perm
        }
        switch try base.open(at: path, request) {
        case .file(let file): return .file(ReadOnlyFile(file))
        case .directory(let directory): return .directory(ReadOnlyDirectory(directory))
        }
    }

    public func createDirectory(at path: String) throws { throw WASIErrno.perm }
    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat {
        try base.stat(at: path, followSymlinks: followSymlinks)
    }
    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        throw WASIErrno.perm
    }
    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        throw WASIErrno.perm
    }
    public func readLink(at path: String) throws -> [UInt8] { try base.readLink(at: path) }
    public func removeDirectory(at path: String) throws { throw WASIErrno.perm }
    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws { throw WASIErrno.perm }
    public func symlink(_ destination: String, at path: String) throws { throw WASIErrno.perm }
    public func unlink(at path: String) throws { throw WASIErrno.perm }
    /// Nothing may be linked or renamed into a read-only directory: `EPERM`.
    public func writableTarget() throws -> any WASIDirectory { throw WASIErrno.perm }
    public func close() throws { try base.close() }
}

/// A read-only view of a ``WASIFile`` opened through a ``ReadOnlyDirectory``: writes are `EBADF`
/// (the file is not open for writing), size and time changes `EPERM`, allocation `ENOTSUP` (as in
/// wasmtime).
public final class ReadOnlyFile: WASIFile {
    /// The wrapped file.
    public let base: any WASIFile

    /// Wraps `base`.
    public init(_ base: any WASIFile) {
        self.base = base
    }

    public var fileType: WASIFileType { base.fileType }
    public var isTerminal: Bool { base.isTerminal }
    public func read(maxCount: Int) throws -> [UInt8] { try base.read(maxCount: maxCount) }
    public func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8] { try base.pread(maxCount: maxCount, at: offset) }
    public func write(_ bytes: [UInt8]) throws -> Int { throw WASIErrno.badf }
    public func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int { throw WASIErrno.badf }
    public func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 { try base.seek(offset: offset, whence: whence) }
    public func stat() throws -> WASIFileStat { try base.stat() }
    public func setSize(_ size: UInt64) throws { throw WASIErrno.perm }
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.perm }
    public func sync() throws { try base.sync() }
    public func datasync() throws { try base.datasync() }
    public func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws {
        try base.advise(offset: offset, length: length, advice: advice)
    }
    public func allocate(offset: UInt64, length: UInt64) throws { throw WASIErrno.notsup }
    public func flags() throws -> WASIFdFlags { try base.flags() }
    public func setFlags(_ flags: WASIFdFlags) throws { try base.setFlags(flags) }
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource { try base.pollSource(for: event) }
    public func close() throws { try base.close() }
}
