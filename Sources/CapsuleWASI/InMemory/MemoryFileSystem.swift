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

    /// An empty filesystem whose files may hold `capacity` bytes in all (default 1 GiB).
    public init(capacity: Int = 1 << 30) {
        let nodes = MemoryNodeFactory(quota: MemoryQuota(capacity: capacity))
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
    /// The bytes its files may still take.
    let quota: MemoryQuota

    init(quota: MemoryQuota) {
        self.quota = quota
    }
    private static let counter = DeviceCounter()
    /// This filesystem's device number.
    let device: UInt64 = MemoryNodeFactory.counter.next()

    /// A new node with a fresh inode number.
    func make(_ kind: MemoryNode.Kind) -> MemoryNode {
        defer { nextInode += 1 }
        return MemoryNode(kind: kind, inode: nextInode, device: device, quota: quota, now: Self.now())
    }

    /// The wall-clock time in nanoseconds.
    static func now() -> UInt64 {
        (try? WASIContext.now(.realtime)) ?? 0
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
