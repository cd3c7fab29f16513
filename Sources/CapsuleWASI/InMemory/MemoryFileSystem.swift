#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A filesystem held in memory: files, directories and symbolic links, with the same confinement
/// rules as the host backend (no absolute paths, no `..` above a directory descriptor, absolute
/// link targets refused, at most 40 links followed per path).
///
/// ```swift
/// let fs = MemoryFileSystem()
/// try fs.root.createDirectory(at: "etc")
/// try fs.write(Array("hello\n".utf8), to: "etc/motd")
/// configuration.preopens.append(WASIPreopen(guestPath: "/", directory: fs.root))
/// ```
public final class MemoryFileSystem {
    /// The root directory, usable as a preopen.
    public let root: MemoryDirectory

    /// Most bytes all its files may hold together; growing a file past it is `ENOSPC`.
    public var capacity: Int { root.nodes.quota.capacity }

    /// An empty filesystem whose files may hold `capacity` bytes in all (default 1 GiB) and whose
    /// timestamps come from `clocks` (the host's by default; pass the guest's
    /// ``WASIConfiguration/clocks`` for a deterministic run).
    public init(capacity: Int = 1 << 30, clocks: any WASIClocks = SystemClocks()) {
        let nodes = MemoryNodeFactory(quota: MemoryQuota(capacity: capacity), clocks: clocks)
        let node = nodes.make(.directory)
        node.linkCount = 1
        root = MemoryDirectory(node: node, nodes: nodes)
    }

    /// Creates (or replaces the contents of) the file at `path` beneath the root.
    public func write(_ bytes: [UInt8], to path: String) throws {
        let node = try root.open(at: path, WASIOpenRequest(openFlags: [.create, .truncate], read: false, write: true))
        guard case .file(let file) = node else { throw WASIErrno.isdir }
        _ = try file.write(bytes)
    }

    /// Places a host-defined file at `path` beneath the root (replacing what was there, as `write`
    /// does); the directories above it must exist. Each time the guest opens the path, `make` is
    /// called for the object it gets: return one shared object (a log sink, whose writes all go to
    /// one place) or a new one per open (a generated file, each with its own position). `make` is
    /// also called to answer stat and readdir, with the object's ``WASIFile/stat()`` and
    /// ``WASIFile/fileType``. The entry can be renamed, linked and removed like any file.
    ///
    /// ```swift
    /// let fs = MemoryFileSystem()
    /// try fs.root.createDirectory(at: "dev")
    /// let log = WASIStreamFile(write: { print(String(decoding: $0, as: UTF8.self), terminator: "") })
    /// try fs.mount(at: "dev/log") { log }
    /// ```
    ///
    /// - Throws: ``WASIErrno`` as for creating a file: `ENOENT` when a directory above is missing,
    ///   `EISDIR` when `path` names a directory, `EPERM` when it leaves the filesystem.
    public func mount(at path: String, _ make: @escaping () throws -> any WASIFile) throws {
        let resolved = try MemoryPathResolver.resolve(path, in: root.node, followLast: false, trailing: .host)
        if resolved.trailingSlash || resolved.name == "." || resolved.name == ".." { throw WASIErrno.isdir }
        if let existing = resolved.node, existing.kind == .directory { throw WASIErrno.isdir }
        if resolved.parent.removed { throw WASIErrno.noent }
        let node = root.nodes.make(.virtual)
        node.virtualFile = make
        resolved.parent.insert(node, as: resolved.name, now: root.nodes.now())
    }

    /// The contents of the file at `path` beneath the root.
    public func contents(of path: String) throws -> [UInt8] {
        guard case .file(let file) = try root.open(at: path, WASIOpenRequest()) else { throw WASIErrno.isdir }
        return try file.pread(maxCount: Int(try file.stat().size), at: 0)
    }
}

/// Makes the nodes of one ``MemoryFileSystem``: numbers inodes, and identifies the filesystem (links
/// and renames work only within one).
final class MemoryNodeFactory {
    private var nextInode: UInt64 = 1
    private static let counter = DeviceCounter()
    /// This filesystem's device number.
    let device: UInt64 = MemoryNodeFactory.counter.next()
    /// The bytes its files may still take.
    let quota: MemoryQuota
    /// Where timestamps come from.
    let clocks: any WASIClocks

    init(quota: MemoryQuota, clocks: any WASIClocks) {
        self.quota = quota
        self.clocks = clocks
    }

    /// A new node with a fresh inode number.
    func make(_ kind: MemoryNode.Kind) -> MemoryNode {
        defer { nextInode += 1 }
        return MemoryNode(kind: kind, inode: nextInode, device: device, quota: quota, now: now())
    }

    /// The wall-clock time in nanoseconds.
    func now() -> UInt64 {
        (try? clocks.now(.realtime)) ?? 0
    }

    /// Device numbers for in-memory filesystems, unique within the process.
    final class DeviceCounter: @unchecked Sendable {
        private var value: UInt64 = 0x4d45_4d00
        private var lock = pthread_mutex_t()

        init() { pthread_mutex_init(&lock, nil) }

        func next() -> UInt64 {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            value += 1
            return value
        }
    }
}

/// Bytes of file data a ``MemoryFileSystem`` holds and may hold. Files take from it as they grow and
/// give back as they shrink or, once unlinked and closed, go away.
final class MemoryQuota {
    let capacity: Int
    private(set) var used = 0

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// Takes `count` bytes; `ENOSPC` (and nothing taken) when they do not fit.
    func reserve(_ count: Int) throws {
        guard count <= capacity - used else { throw WASIErrno.nospc }
        used += count
    }

    func release(_ count: Int) {
        used = max(0, used - count)
    }
}
