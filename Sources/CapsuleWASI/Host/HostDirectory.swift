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

    public func stat() throws -> WASIFileStat {
        try HostStat.stat(descriptor: descriptor)
    }

    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws {
        let times = HostStat.timespecs(access: access, modification: modification)
        try hostCall { futimens(descriptor, times) }
    }

    public func sync() throws {
        try hostCall { fsync(descriptor) }
    }

    public func entries() throws -> [WASIDirectoryEntry] {
        try HostDirectoryListing.entries(of: descriptor)
    }

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

    public func createDirectory(at path: String) throws {
        try at(path, follow: false, trailing: .strip) { resolved in
            try hostCall { mkdirat(resolved.parent, resolved.hostName, 0o777) }
        }
    }

    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat {
        try at(path, follow: followSymlinks) { resolved in
            var info = Glibc.stat()
            try hostCall { fstatat(resolved.parent, resolved.hostName, &info, AT_SYMLINK_NOFOLLOW) }
            return HostStat.convert(info)
        }
    }

    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        try at(path, follow: followSymlinks) { resolved in
            let times = HostStat.timespecs(access: access, modification: modification)
            try hostCall { utimensat(resolved.parent, resolved.hostName, times, AT_SYMLINK_NOFOLLOW) }
        }
    }

    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? HostDirectory else { throw WASIErrno.xdev }
        try at(path, follow: followSymlinks) { source in
            try target.at(newPath, follow: false, trailing: .host) { destination in
                try hostCall { linkat(source.parent, source.hostName, destination.parent, destination.hostName, 0) }
            }
        }
    }

    public func readLink(at path: String) throws -> [UInt8] {
        try at(path, follow: false) { resolved in
            try HostPathResolver.readLink(resolved.hostName, in: resolved.parent)
        }
    }

    public func removeDirectory(at path: String) throws {
        try at(path, follow: false) { resolved in
            try hostCall { unlinkat(resolved.parent, resolved.hostName, AT_REMOVEDIR) }
        }
    }

    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? HostDirectory else { throw WASIErrno.xdev }
        try at(path, follow: false, trailing: .host) { source in
            try target.at(newPath, follow: false, trailing: .host) { destination in
                try hostCall { renameat(source.parent, source.hostName, destination.parent, destination.hostName) }
            }
        }
    }

    public func symlink(_ destination: String, at path: String) throws {
        guard !destination.utf8.contains(0) else { throw WASIErrno.inval }
        try at(path, follow: false, trailing: .host) { resolved in
            try hostCall { symlinkat(destination, resolved.parent, resolved.hostName) }
        }
    }

    public func unlink(at path: String) throws {
        try at(path, follow: false) { resolved in
            try hostCall { unlinkat(resolved.parent, resolved.hostName, 0) }
        }
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try hostCall { Glibc.close(descriptor) }
    }
}
