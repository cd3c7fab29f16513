/// An open file of a ``MemoryFileSystem``: its position, access mode and flags.
///
/// ```swift
/// let fs = MemoryFileSystem()
/// if case .file(let log) = try fs.root.open(at: "log.txt", WASIOpenRequest(openFlags: .create, write: true)) {
///     _ = try log.write(Array("started\n".utf8))
/// }
/// ```
public final class MemoryFile: WASIFile {
    let node: MemoryNode
    private let nodes: MemoryNodeFactory
    private let readable: Bool
    private let writable: Bool
    private var append: Bool
    private var nonblocking: Bool
    private var position: UInt64 = 0

    init(node: MemoryNode, nodes: MemoryNodeFactory, readable: Bool, writable: Bool, flags: WASIFdFlags) {
        self.node = node
        self.nodes = nodes
        self.readable = readable
        self.writable = writable
        append = flags.contains(.append)
        nonblocking = flags.contains(.nonblock)
    }

    /// A regular file.
    public var fileType: WASIFileType { .regularFile }

    private var now: UInt64 { nodes.now() }

    /// Reads at the position and advances it; `EBADF` when not open for reading.
    public func read(maxCount: Int) throws -> [UInt8] {
        let data = try pread(maxCount: maxCount, at: position)
        position += UInt64(data.count)
        return data
    }

    /// Reads at `offset` (nothing past the end) and updates the access
    /// time; `EBADF` when not open for reading.
    public func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8] {
        guard readable else { throw WASIErrno.badf }
        guard offset < UInt64(node.data.count), maxCount > 0 else { return [] }
        let start = Int(offset)
        let end = start + min(maxCount, node.data.count - start)
        node.accessTime = now
        return Array(node.data[start..<end])
    }

    /// Writes at the position (at the end in append mode) and advances it; `EBADF` when not open for writing.
    public func write(_ bytes: [UInt8]) throws -> Int {
        if append { position = UInt64(node.data.count) }
        let written = try pwrite(bytes, at: position)
        position += UInt64(written)
        return written
    }

    /// Writes at `offset`, filling any gap with zeros, and updates the modification time. `EBADF`
    /// when not open for writing; `EFBIG` when the file would pass `Int32.max` bytes.
    public func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int {
        guard writable else { throw WASIErrno.badf }
        guard bytes.count > 0 else { return 0 }
        let (end, overflow) = offset.addingReportingOverflow(UInt64(bytes.count))
        guard !overflow, end <= UInt64(Int32.max) else { throw WASIErrno.fbig }
        if end > UInt64(node.data.count) {
            try node.setFileSize(Int(end))
        }
        node.data.replaceSubrange(Int(offset)..<Int(end), with: bytes)
        node.modificationTime = now
        node.changeTime = node.modificationTime
        return bytes.count
    }

    /// Moves the position, which may go past the end; `EINVAL` when the result is negative or overflows.
    public func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 {
        let base: Int64
        switch whence {
        case .set: base = 0
        case .current: base = Int64(clamping: position)
        case .end: base = Int64(node.data.count)
        }
        let (target, overflow) = base.addingReportingOverflow(offset)
        guard !overflow, target >= 0 else { throw WASIErrno.inval }
        position = UInt64(target)
        return position
    }

    /// The file's attributes.
    public func stat() throws -> WASIFileStat { node.stat }

    /// Truncates or extends with zeros. `EINVAL` when not open for writing; `EFBIG` beyond `Int32.max` bytes.
    public func setSize(_ size: UInt64) throws {
        guard writable else { throw WASIErrno.inval }
        guard size <= UInt64(Int32.max) else { throw WASIErrno.fbig }
        try node.setFileSize(Int(size))
        node.modificationTime = now
        node.changeTime = node.modificationTime
    }

    /// Changes the file's times (`now` comes from the filesystem's clocks).
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws {
        node.setTimes(access: access, modification: modification, now: now)
    }

    /// Not supported, as for host files (wasmtime): `ENOTSUP`.
    public func allocate(offset: UInt64, length: UInt64) throws { throw WASIErrno.notsup }

    /// `append` and `nonblock`, as opened or last set.
    public func flags() throws -> WASIFdFlags {
        var flags: WASIFdFlags = []
        if append { flags.insert(.append) }
        if nonblocking { flags.insert(.nonblock) }
        return flags
    }

    /// Sets `append` and `nonblock`; other flags are ignored.
    public func setFlags(_ flags: WASIFdFlags) throws {
        append = flags.contains(.append)
        nonblocking = flags.contains(.nonblock)
    }

    /// Ready at once; reading hangs up at the end of the file.
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource {
        guard event == .fdRead else { return .ready(hangup: false) }
        return .ready(hangup: position >= UInt64(node.data.count))
    }
}
