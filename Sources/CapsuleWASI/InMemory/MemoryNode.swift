/// One file, directory, symbolic link or host-defined virtual file of a ``MemoryFileSystem``.
final class MemoryNode {
    /// What the node is.
    enum Kind {
        case file
        case directory
        case symbolicLink
        /// A host-defined file: ``virtualFile`` makes the object each open gets.
        case virtual
    }

    let kind: Kind
    let inode: UInt64
    let device: UInt64
    /// A file's contents, or a link's target.
    var data: [UInt8] = []
    /// A virtual file's maker, called for each open and each stat.
    var virtualFile: (() throws -> any WASIFile)?
    /// A directory's entries, in creation order.
    private(set) var names: [String] = []
    private(set) var children: [String: MemoryNode] = [:]
    /// Names that refer to this node (hard links).
    var linkCount: UInt64 = 0
    /// Set when a directory is removed, so nothing more can be created in it.
    var removed = false
    var accessTime: UInt64
    var modificationTime: UInt64
    var changeTime: UInt64

    /// The filesystem's capacity, which a file's `data` counts against.
    let quota: MemoryQuota

    init(kind: Kind, inode: UInt64, device: UInt64, quota: MemoryQuota, now: UInt64) {
        self.kind = kind
        self.quota = quota
        self.inode = inode
        self.device = device
        accessTime = now
        modificationTime = now
        changeTime = now
    }

    /// The entry `name` of a directory.
    deinit {
        if kind == .file { quota.release(data.count) }
    }

    /// Sets a file's size, zero-filling, within the filesystem's capacity (`ENOSPC` beyond).
    func setFileSize(_ count: Int) throws {
        if count > data.count {
            try quota.reserve(count - data.count)
            data += [UInt8](repeating: 0, count: count - data.count)
        } else if count < data.count {
            quota.release(data.count - count)
            data.removeSubrange(count...)
        }
    }

    func child(_ name: String) -> MemoryNode? { children[name] }

    /// Adds or replaces the entry `name`.
    func insert(_ node: MemoryNode, as name: String, now: UInt64) {
        if let previous = children[name] {
            previous.linkCount = previous.linkCount > 0 ? previous.linkCount - 1 : 0
        } else {
            names.append(name)
        }
        children[name] = node
        node.linkCount += 1
        modificationTime = now
        changeTime = now
    }

    /// Removes the entry `name`.
    func remove(_ name: String, now: UInt64) {
        guard let node = children.removeValue(forKey: name) else { return }
        names.removeAll { $0 == name }
        node.linkCount = node.linkCount > 0 ? node.linkCount - 1 : 0
        if node.kind == .directory { node.removed = true }
        modificationTime = now
        changeTime = now
    }

    /// Whether a directory has no entries.
    var isEmpty: Bool { children.isEmpty }

    /// The WASI file type.
    var fileType: WASIFileType {
        switch kind {
        case .file: return .regularFile
        case .directory: return .directory
        case .symbolicLink: return .symbolicLink
        case .virtual: return (try? virtualFile?().fileType) ?? .unknown
        }
    }

    /// The node's attributes.
    var stat: WASIFileStat {
        let size: UInt64
        switch kind {
        case .file, .symbolicLink: size = UInt64(data.count)
        case .directory: size = 0
        case .virtual:
            // What the host's object says, in this filesystem's numbering.
            var stat = (try? virtualFile?().stat()) ?? WASIFileStat(fileType: .unknown)
            stat.device = device
            stat.inode = inode
            stat.linkCount = linkCount
            return stat
        }
        return WASIFileStat(
            device: device, inode: inode, fileType: fileType, linkCount: kind == .directory ? 2 : linkCount, size: size,
            accessTime: accessTime, modificationTime: modificationTime, changeTime: changeTime)
    }

    /// Applies `*_set_times` changes.
    func setTimes(access: WASITimeChange, modification: WASITimeChange, now: UInt64) {
        switch access {
        case .unchanged: break
        case .now: accessTime = now
        case .at(let time): accessTime = time
        }
        switch modification {
        case .unchanged: break
        case .now: modificationTime = now
        case .at(let time): modificationTime = time
        }
        changeTime = now
    }
}
