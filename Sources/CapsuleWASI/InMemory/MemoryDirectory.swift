/// A directory of a ``MemoryFileSystem``, as a ``WASIDirectory``. Each one is a sandbox root for
/// the paths resolved through it, as host directories are.
///
/// A path fails as every path in the filesystem may: `EPERM` when it is absolute or climbs above
/// this directory with `..`, or a link on it has an absolute target; `ELOOP` after 40 links;
/// `ENOTDIR` when a file stands where a directory is needed; `ENAMETOOLONG` for a component of more
/// than 255 bytes or a path of 4096 bytes or more; `EINVAL` for a NUL byte.
///
/// ```swift
/// let root = MemoryFileSystem().root
/// try root.createDirectory(at: "tmp")
/// try root.symlink("tmp", at: "scratch")
/// let names = try root.entries().map { String(decoding: $0.name, as: UTF8.self) }  // . .. tmp scratch
/// ```
public final class MemoryDirectory: WASIDirectory {
    let node: MemoryNode
    let nodes: MemoryNodeFactory

    init(node: MemoryNode, nodes: MemoryNodeFactory) {
        self.node = node
        self.nodes = nodes
    }

    private var now: UInt64 { nodes.now() }

    private func resolve(
        _ path: String, follow: Bool, trailing: TrailingSlash = .directory, slashTargetError: WASIErrno? = nil
    ) throws -> ResolvedMemoryPath {
        try MemoryPathResolver.resolve(path, in: node, followLast: follow, trailing: trailing, slashTargetError: slashTargetError)
    }

    /// The resolved entry, or `ENOENT`.
    private func existing(_ path: String, follow: Bool) throws -> MemoryNode {
        guard let found = try resolve(path, follow: follow).node else { throw WASIErrno.noent }
        return found
    }

    /// Throws `ENOENT` when new entries cannot be made in `directory` (it was removed).
    private func checkLive(_ directory: MemoryNode) throws {
        if directory.removed { throw WASIErrno.noent }
    }

    /// The directory's attributes.
    public func stat() throws -> WASIFileStat { node.stat }

    /// Changes the directory's times (`now` comes from the filesystem's clocks).
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws {
        node.setTimes(access: access, modification: modification, now: now)
    }

    /// `.` and `..` (both with this directory's inode), then the entries in creation order.
    public func entries() throws -> [WASIDirectoryEntry] {
        var result = [
            WASIDirectoryEntry(name: Array(".".utf8), fileType: .directory, inode: node.inode),
            WASIDirectoryEntry(name: Array("..".utf8), fileType: .directory, inode: node.inode),
        ]
        for name in node.names {
            guard let child = node.child(name) else { continue }
            result.append(WASIDirectoryEntry(name: Array(name.utf8), fileType: child.fileType, inode: child.inode))
        }
        return result
    }

    /// Opens the entry at `path`, creating an empty file for `O_CREAT`: a directory as a
    /// ``MemoryDirectory``, a file as a ``MemoryFile`` with the request's access and flags, a
    /// mounted file as the object its maker returns (emptied by `O_TRUNC` only if it is a regular file).
    ///
    /// `ENOENT` when the entry is missing without `O_CREAT`, or its directory was removed; `EEXIST`
    /// for `O_CREAT | O_EXCL` on an existing entry; `EISDIR` for a directory opened for writing or
    /// with `O_TRUNC`, and for `O_CREAT` with a trailing `/`; `ENOTDIR` for `O_DIRECTORY` on a file;
    /// `ELOOP` for a last-component link that is not followed.
    public func open(at path: String, _ request: WASIOpenRequest) throws -> WASIOpenedNode {
        let flags = request.openFlags
        let exclusive = flags.contains(.create) && flags.contains(.exclusive)
        let creatingDirectory = flags.contains(.create) && path.hasSuffix("/")
        let resolved = try resolve(
            path, follow: request.followSymlinks && !exclusive && !creatingDirectory, trailing: creatingDirectory ? .strip : .directory,
            slashTargetError: flags.contains(.create) ? .isdir : nil)
        if creatingDirectory { throw WASIErrno.isdir }
        var target = resolved.node
        if target == nil {
            guard flags.contains(.create) else { throw WASIErrno.noent }
            try checkLive(resolved.parent)
            let file = nodes.make(.file)
            resolved.parent.insert(file, as: resolved.name, now: now)
            target = file
        } else if exclusive {
            throw WASIErrno.exist
        }
        guard let target else { throw WASIErrno.noent }
        switch target.kind {
        case .symbolicLink:
            throw WASIErrno.loop
        case .directory:
            if request.write || flags.contains(.truncate) { throw WASIErrno.isdir }
            return .directory(MemoryDirectory(node: target, nodes: nodes))
        case .file:
            if flags.contains(.directory) { throw WASIErrno.notdir }
            if flags.contains(.truncate) && !target.data.isEmpty {
                try target.setFileSize(0)
                target.modificationTime = now
                target.changeTime = target.modificationTime
            }
            return .file(MemoryFile(node: target, nodes: nodes, readable: request.read, writable: request.write, flags: request.fdFlags))
        case .virtual:
            if flags.contains(.directory) { throw WASIErrno.notdir }
            guard let make = target.virtualFile else { throw WASIErrno.noent }
            let file = try make()
            // As POSIX has it, O_TRUNC empties regular files only: `fopen(path, "w")` opens a log sink.
            if flags.contains(.truncate) && file.fileType == .regularFile { try file.setSize(0) }
            return .file(file)
        }
    }

    /// Creates an empty directory (a trailing `/` is ignored). `EEXIST` when the
    /// entry exists; `ENOENT` when its parent was removed.
    public func createDirectory(at path: String) throws {
        let resolved = try resolve(path, follow: false, trailing: .strip)
        if resolved.node != nil { throw WASIErrno.exist }
        try checkLive(resolved.parent)
        resolved.parent.insert(nodes.make(.directory), as: resolved.name, now: now)
    }

    /// The attributes of the entry at `path`; `ENOENT` when it does not exist.
    public func stat(at path: String, followSymlinks: Bool) throws -> WASIFileStat {
        try existing(path, follow: followSymlinks).stat
    }

    /// Changes the times of the entry at `path`; `ENOENT` when it does not exist.
    public func setTimes(at path: String, followSymlinks: Bool, access: WASITimeChange, modification: WASITimeChange) throws {
        try existing(path, follow: followSymlinks).setTimes(access: access, modification: modification, now: now)
    }

    /// Gives the entry a second name, `newPath` in `target`. `EXDEV` when `target` belongs to
    /// another filesystem; `EEXIST` when `newPath` exists; `EPERM` for a directory; `ENOENT` for a
    /// missing source, a trailing `/` on `newPath` or a removed target directory.
    public func link(at path: String, followSymlinks: Bool, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? MemoryDirectory, target.nodes === nodes else { throw WASIErrno.xdev }
        let source = try existing(path, follow: followSymlinks)
        let destination = try target.resolve(newPath, follow: false, trailing: .host)
        if destination.node != nil { throw WASIErrno.exist }
        if destination.trailingSlash { throw WASIErrno.noent }
        if source.kind == .directory { throw WASIErrno.perm }
        try checkLive(destination.parent)
        destination.parent.insert(source, as: destination.name, now: now)
        source.changeTime = now
    }

    /// The link's target. `EINVAL` when the entry is not a symbolic link; `ENOENT` when it does not exist.
    public func readLink(at path: String) throws -> [UInt8] {
        let found = try existing(path, follow: false)
        guard found.kind == .symbolicLink else { throw WASIErrno.inval }
        return found.data
    }

    /// Removes an empty directory. `ENOTEMPTY` when it has entries; `ENOTDIR` for a non-directory; `EINVAL`
    /// for `.`; `ENOENT` when missing.
    public func removeDirectory(at path: String) throws {
        let resolved = try resolve(path, follow: false)
        if resolved.name == "." { throw WASIErrno.inval }
        guard let found = resolved.node else { throw WASIErrno.noent }
        guard found.kind == .directory else { throw WASIErrno.notdir }
        guard found.isEmpty else { throw WASIErrno.notempty }
        resolved.parent.remove(resolved.name, now: now)
    }

    /// Moves the entry, replacing what `newPath` names when the kinds agree; moving an entry onto
    /// another name of itself does nothing. `EXDEV` when `target` belongs to another filesystem;
    /// `EBUSY` for `.` on either side; `ENOENT` for a missing source; `ENOTDIR` for a non-directory
    /// with a trailing `/` or a directory over a non-directory; `EISDIR` for a non-directory over
    /// a directory; `ENOTEMPTY` over a non-empty directory; `EINVAL` for a directory moved beneath itself.
    public func rename(at path: String, to target: any WASIDirectory, at newPath: String) throws {
        guard let target = target as? MemoryDirectory, target.nodes === nodes else { throw WASIErrno.xdev }
        let source = try resolve(path, follow: false, trailing: .host)
        let destination = try target.resolve(newPath, follow: false, trailing: .host)
        if source.name == "." || destination.name == "." { throw WASIErrno.busy }
        guard let moving = source.node else { throw WASIErrno.noent }
        if moving.kind != .directory && (source.trailingSlash || destination.trailingSlash) { throw WASIErrno.notdir }
        try checkLive(destination.parent)
        if let replaced = destination.node {
            if replaced === moving { return }
            switch (moving.kind == .directory, replaced.kind == .directory) {
            case (true, false): throw WASIErrno.notdir
            case (false, true): throw WASIErrno.isdir
            case (true, true) where !replaced.isEmpty: throw WASIErrno.notempty
            default: break
            }
        }
        if moving.kind == .directory && Self.contains(moving, destination.parent) { throw WASIErrno.inval }
        destination.parent.insert(moving, as: destination.name, now: now)
        source.parent.remove(source.name, now: now)
        moving.changeTime = now
    }

    /// Whether `directory` is `ancestor` or lies beneath it.
    private static func contains(_ ancestor: MemoryNode, _ directory: MemoryNode) -> Bool {
        if ancestor === directory { return true }
        for name in ancestor.names {
            if let child = ancestor.child(name), child.kind == .directory, contains(child, directory) { return true }
        }
        return false
    }

    /// Creates a symbolic link holding `destination` as given. `EEXIST` when the entry exists; `ENOENT` for
    /// an empty destination, a trailing `/` or a removed parent.
    public func symlink(_ destination: String, at path: String) throws {
        guard !destination.isEmpty else { throw WASIErrno.noent }
        let resolved = try resolve(path, follow: false, trailing: .host)
        if resolved.node != nil { throw WASIErrno.exist }
        if resolved.trailingSlash { throw WASIErrno.noent }
        try checkLive(resolved.parent)
        let link = nodes.make(.symbolicLink)
        link.data = Array(destination.utf8)
        resolved.parent.insert(link, as: resolved.name, now: now)
    }

    /// Removes a non-directory entry (open files keep their contents).
    /// `EISDIR` for a directory; `ENOENT` when missing.
    public func unlink(at path: String) throws {
        let resolved = try resolve(path, follow: false)
        guard let found = resolved.node else { throw WASIErrno.noent }
        if found.kind == .directory { throw WASIErrno.isdir }
        resolved.parent.remove(resolved.name, now: now)
        found.changeTime = now
    }
}
