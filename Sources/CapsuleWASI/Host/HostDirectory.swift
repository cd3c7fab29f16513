#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host directory as a sandboxed ``WASIDirectory``: every guest path is resolved by
/// ``HostPathResolver`` beneath this directory's descriptor, so no host call ever resolves more
/// than one component of a guest path, and never from the process's current directory.
///
/// Each directory is its own sandbox root: `..` cannot climb above it, even for a directory
/// opened inside a preopen (as in wasmtime, whose `cap-std` directories behave the same way).
///
/// Errors are the host's, as ``WASIErrno``. Any path may also fail in resolution: `EPERM` for an
/// absolute path, a `..` above the directory or an absolute link target; `ELOOP` after 40 links;
/// `EINVAL` for a NUL byte; `ENOENT` for an empty path; `ENAMETOOLONG` at 4096 bytes.
///
/// ```swift
/// let data = try HostDirectory(path: "./data")
/// ```
public final class HostDirectory: WASIDirectory {
    /// The host descriptor of the directory.
    let descriptor: Int32
    private var closed = false

    /// Opens the host directory at `path` (a path the user gave on the command line, not a guest path).
    /// - Throws: ``WASIErrno`` when it cannot be opened or is not a directory.
    public init(path: String) throws {
        descriptor = try hostCall { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    /// Wraps a directory descriptor this object now owns.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if !closed { _ = Glibc.close(descriptor) }
    }

    /// Resolves `path`, runs `body` with the result, and releases it.
    @discardableResult
    private func at<R>(
        _ path: String, follow: Bool, trailing: TrailingSlash = .directory, slashTargetError: WASIErrno? = nil,
        _ body: (ResolvedHostPath) throws -> R
    ) throws -> R {
        let resolved = try HostPathResolver.resolve(
            path, in: descriptor, followLast: follow, trailing: trailing, slashTargetError: slashTargetError)
        defer { resolved.release() }
        return try body(resolved)
    }

    /// The directory's attributes, from `fstat`.
    public func stat() throws -> WASIFileStat {
        try HostStat.stat(descriptor: descriptor)
    }

    /// Sets the directory's times with `futimens`.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws {
        let times = HostStat.timespecs(access: access, modification: modification)
        try hostCall { futimens(descriptor, times) }
    }

    /// Flushes the directory with `fsync`.
    public func sync() throws {
        try hostCall { fsync(descriptor) }
    }

    /// `.` and `..` (as wasmtime lists them), then the other entries in the host's order.
    public func entries() throws -> [WASIDirectoryEntry] {
        try HostDirectoryListing.entries(of: descriptor)
    }

    /// Opens the entry with `openat` beneath its resolved parent, never following a link the
    /// request does not ask to follow: a ``HostDirectory`` for a directory, otherwise an owned
    /// ``HostFile``. `EISDIR` for `O_CREAT` with a trailing `/` (written, or at the end of a
    /// followed link's target); `ELOOP` for a last-component link that is not followed;
    /// `EEXIST` for `O_CREAT | O_EXCL` on any existing entry, a link included.
    public func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode {
        let flags = request.openFlags
        // With O_CREAT|O_EXCL a final symbolic link is never followed: it exists, so EEXIST.
        let follow = request.followSymlinks && !(flags.contains(.create) && flags.contains(.exclusive))
        // O_CREAT with a trailing slash, written or from a followed link's target, is EISDIR (as the
        // host says), once the directories before it resolve.
        let creatingDirectory = flags.contains(.create) && path.hasSuffix("/")
        return try at(
            path, follow: follow && !creatingDirectory, trailing: creatingDirectory ? .strip : .directory,
            slashTargetError: flags.contains(.create) ? .isdir : nil
        ) { resolved in
            if creatingDirectory { throw WASIErrno.isdir }
            var hostFlags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY
            if request.write { hostFlags |= request.read ? O_RDWR : O_WRONLY } else { hostFlags |= O_RDONLY }
            if flags.contains(.create) { hostFlags |= O_CREAT }
            if flags.contains(.exclusive) { hostFlags |= O_EXCL }
            if flags.contains(.truncate) { hostFlags |= O_TRUNC }
            if flags.contains(.directory) { hostFlags |= O_DIRECTORY }
            if request.fdFlags.contains(.append) { hostFlags |= O_APPEND }
            if request.fdFlags.contains(.nonblock) { hostFlags |= O_NONBLOCK }
            if request.fdFlags.contains(.dsync) { hostFlags |= O_DSYNC }
            if request.fdFlags.contains(.sync) || request.fdFlags.contains(.rsync) { hostFlags |= O_SYNC }
            let fd: Int32
            do {
                fd = try hostCall { openat(resolved.parent, resolved.hostName, hostFlags, 0o666) }
            } catch WASIErrno.notdir where !follow && flags.contains(.directory) {
                // A symbolic link opened with O_DIRECTORY and without following: ELOOP, as for any
                // other open of a link with O_NOFOLLOW (the host says ENOTDIR here).
                if (try? HostPathResolver.readLink(resolved.name, in: resolved.parent)) != nil { throw WASIErrno.loop }
                throw WASIErrno.notdir
            }
            var info = Glibc.stat()
            guard fstat(fd, &info) == 0 else {
                let failure = errno
                _ = Glibc.close(fd)
                throw WASIErrno(hostErrno: failure)
            }
            if info.st_mode & S_IFMT == S_IFDIR { return .directory(HostDirectory(descriptor: fd)) }
            return .file(HostFile(descriptor: fd, owned: true))
        }
    }

    /// Creates the directory with `mkdirat` (a trailing `/` is ignored); `EEXIST` when the entry exists.
    public func createDirectory(at path: String) throws {
        try at(path, follow: false, trailing: .strip) { resolved in
            try hostCall { mkdirat(resolved.parent, resolved.hostName, 0o777) }
        }
    }

    /// The attributes of the entry at `path`, from `fstatat`; a
    /// last-component link is followed only when asked.
    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat {
        try at(path, follow: followSymlinks) { resolved in
            var info = Glibc.stat()
            try hostCall { fstatat(resolved.parent, resolved.hostName, &info, AT_SYMLINK_NOFOLLOW) }
            return HostStat.convert(info)
        }
    }

    /// Sets the times of the entry at `path` with `utimensat`; a
    /// last-component link is followed only when asked.
    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        try at(path, follow: followSymlinks) { resolved in
            let times = HostStat.timespecs(access: access, modification: modification)
            try hostCall { utimensat(resolved.parent, resolved.hostName, times, AT_SYMLINK_NOFOLLOW) }
        }
    }

    /// Creates the hard link with `linkat`. `EXDEV` when `target` is not a ``HostDirectory``.
    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? HostDirectory else { throw WASIErrno.xdev }
        try at(path, follow: followSymlinks) { source in
            try target.at(newPath, follow: false, trailing: .host) { destination in
                try hostCall { linkat(source.parent, source.hostName, destination.parent, destination.hostName, 0) }
            }
        }
    }

    /// The target of the link at `path`, from `readlinkat`; `EINVAL` when the entry is not a link.
    public func readLink(at path: String) throws -> [UInt8] {
        try at(path, follow: false) { resolved in
            try HostPathResolver.readLink(resolved.hostName, in: resolved.parent)
        }
    }

    /// Removes the directory with `unlinkat(AT_REMOVEDIR)`: `ENOTEMPTY` when
    /// it has entries, `ENOTDIR` for a non-directory.
    public func removeDirectory(at path: String) throws {
        try at(path, follow: false) { resolved in
            try hostCall { unlinkat(resolved.parent, resolved.hostName, AT_REMOVEDIR) }
        }
    }

    /// Moves the entry with `renameat`, the host applying its rules (trailing `/` included) to the
    /// two last components. `EXDEV` when `target` is not a ``HostDirectory``.
    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? HostDirectory else { throw WASIErrno.xdev }
        try at(path, follow: false, trailing: .host) { source in
            try target.at(newPath, follow: false, trailing: .host) { destination in
                try hostCall { renameat(source.parent, source.hostName, destination.parent, destination.hostName) }
            }
        }
    }

    /// Creates the link with `symlinkat`, its target stored as given (an absolute or escaping
    /// target fails only when the link is followed). `EINVAL` when `destination` contains a NUL byte.
    public func symlink(_ destination: String, at path: String) throws {
        guard !destination.utf8.contains(0) else { throw WASIErrno.inval }
        try at(path, follow: false, trailing: .host) { resolved in
            try hostCall { symlinkat(destination, resolved.parent, resolved.hostName) }
        }
    }

    /// Removes the entry with `unlinkat`; a directory fails as the host says (`EISDIR` on Linux).
    public func unlink(at path: String) throws {
        try at(path, follow: false) { resolved in
            try hostCall { unlinkat(resolved.parent, resolved.hostName, 0) }
        }
    }

    /// Closes the host descriptor; later calls do nothing.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try hostCall { Glibc.close(descriptor) }
    }
}
