/// A directory of some filesystem backend, with path-relative operations.
///
/// Paths are relative to this directory and use `/` as separator. A backend resolves them within
/// itself: no path may reach outside the directory (`..` above it, absolute paths and absolute
/// symbolic links are refused with `EPERM`). Every operation defaults to `ENOSYS`, so a backend
/// implements only what it supports; rights are checked by the caller before any of these run.
///
/// ```swift
/// let root = MemoryFileSystem().root
/// try root.createDirectory(at: "logs")
/// let node = try root.open(at: "logs/today.txt", WASIOpenRequest(openFlags: .create, write: true))
/// ```
public protocol WASIDirectory: AnyObject {
    /// The directory's own attributes.
    func stat() throws -> WASIFileStat
    /// Changes the directory's own times.
    func setTimes(access: WASITimeChange, modification: WASITimeChange) throws
    /// Flushes the directory.
    func sync() throws
    /// Every entry, including `.` and `..`, in a stable order.
    func entries() throws -> [WASIDirectoryEntry]
    /// Opens (and maybe creates) a file or directory.
    func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode
    /// Creates a directory.
    func createDirectory(at path: String) throws
    /// Attributes of the entry at `path`; `followSymlinks` decides for a link in the last component.
    func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat
    /// Changes the times of the entry at `path`.
    func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws
    /// Creates a hard link `newPath` in `target` to the entry at `path`.
    func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws
    /// The target of the symbolic link at `path`, as bytes.
    func readLink(at path: String) throws -> [UInt8]
    /// Removes the empty directory at `path`.
    func removeDirectory(at path: String) throws
    /// Moves the entry at `path` to `newPath` in `target`.
    func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws
    /// Creates a symbolic link at `path` whose target is `destination`.
    func symlink(_ destination: String, at path: String) throws
    /// Removes the non-directory entry at `path`.
    func unlink(at path: String) throws
    /// The directory that receives links and renames made into this one; a read-only wrapper throws.
    func writableTarget() throws -> any WASIDirectory
    /// Releases host resources; called once when its descriptor is closed.
    func close() throws
}

/// What `path_open` asks of a backend.
public struct WASIOpenRequest: Sendable, Equatable {
    /// Whether to follow a symbolic link in the last component.
    public var followSymlinks: Bool
    /// `creat`, `directory`, `excl`, `trunc`.
    public var openFlags: WASIOpenFlags
    /// `append`, `nonblock`, the sync flags.
    public var fdFlags: WASIFdFlags
    /// Open for reading.
    public var read: Bool
    /// Open for writing.
    public var write: Bool

    /// A request.
    public init(
        followSymlinks: Bool = true, openFlags: WASIOpenFlags = [], fdFlags: WASIFdFlags = [], read: Bool = true,
        write: Bool = false
    ) {
        self.followSymlinks = followSymlinks
        self.openFlags = openFlags
        self.fdFlags = fdFlags
        self.read = read
        self.write = write
    }
}

/// What `path_open` opened.
public enum WASIOpenedNode {
    /// A file (or other non-directory).
    case file(any WASIFile)
    /// A directory.
    case directory(any WASIDirectory)
}

extension WASIDirectory {
    /// Default: a directory, every other attribute zero.
    public func stat() throws -> WASIFileStat { WASIFileStat(fileType: .directory) }
    /// Default: `ENOSYS`.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.nosys }
    /// Default: does nothing (succeeds).
    public func sync() throws {}
    /// Default: `ENOSYS`.
    public func entries() throws -> [WASIDirectoryEntry] { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func createDirectory(at path: String) throws { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        throw WASIErrno.nosys
    }
    /// Default: `ENOSYS`.
    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        throw WASIErrno.nosys
    }
    /// Default: `ENOSYS`.
    public func readLink(at path: String) throws -> [UInt8] { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func removeDirectory(at path: String) throws { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func symlink(_ destination: String, at path: String) throws { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func unlink(at path: String) throws { throw WASIErrno.nosys }
    /// Default: the directory itself.
    public func writableTarget() throws -> any WASIDirectory { self }
    /// Default: does nothing (succeeds).
    public func close() throws {}
}
