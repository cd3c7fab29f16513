/// `filestat`: what `fd_filestat_get` and `path_filestat_get` report.
public struct WASIFileStat: Sendable, Equatable {
    /// Device id.
    public var device: UInt64
    /// Inode number.
    public var inode: UInt64
    /// The file's type.
    public var fileType: WASIFileType
    /// Number of hard links.
    public var linkCount: UInt64
    /// Size in bytes.
    public var size: UInt64
    /// Last access, in nanoseconds since the epoch.
    public var accessTime: UInt64
    /// Last modification, in nanoseconds since the epoch.
    public var modificationTime: UInt64
    /// Last status change, in nanoseconds since the epoch.
    public var changeTime: UInt64

    /// A stat record.
    public init(
        device: UInt64 = 0, inode: UInt64 = 0, fileType: WASIFileType, linkCount: UInt64 = 1, size: UInt64 = 0,
        accessTime: UInt64 = 0, modificationTime: UInt64 = 0, changeTime: UInt64 = 0
    ) {
        self.device = device
        self.inode = inode
        self.fileType = fileType
        self.linkCount = linkCount
        self.size = size
        self.accessTime = accessTime
        self.modificationTime = modificationTime
        self.changeTime = changeTime
    }

    /// Size of the ABI record in bytes.
    static let byteSize: UInt32 = 64

    /// Size of the record in `abi`.
    static func byteSize(_ abi: WASIABI) -> UInt32 { abi == .preview1 ? 64 : 56 }

    /// Writes the ABI record at `pointer`: preview 1's 64 bytes, or `wasi_unstable`'s 56 (whose
    /// link count is 32 bits).
    func store(in memory: GuestMemory, at pointer: UInt32, abi: WASIABI) throws {
        guard abi == .unstable else { return try store(in: memory, at: pointer) }
        try memory.check(pointer, 56)
        try memory.write([UInt8](repeating: 0, count: 56), at: pointer)
        try memory.storeU64(device, at: pointer)
        try memory.storeU64(inode, at: pointer &+ 8)
        try memory.storeU8(fileType.rawValue, at: pointer &+ 16)
        try memory.storeU32(UInt32(clamping: linkCount), at: pointer &+ 20)
        try memory.storeU64(size, at: pointer &+ 24)
        try memory.storeU64(accessTime, at: pointer &+ 32)
        try memory.storeU64(modificationTime, at: pointer &+ 40)
        try memory.storeU64(changeTime, at: pointer &+ 48)
    }

    /// Writes the 64-byte preview 1 record at `pointer`.
    func store(in memory: GuestMemory, at pointer: UInt32) throws {
        try memory.check(pointer, Self.byteSize)
        try memory.write([UInt8](repeating: 0, count: Int(Self.byteSize)), at: pointer)
        try memory.storeU64(device, at: pointer)
        try memory.storeU64(inode, at: pointer &+ 8)
        try memory.storeU8(fileType.rawValue, at: pointer &+ 16)
        try memory.storeU64(linkCount, at: pointer &+ 24)
        try memory.storeU64(size, at: pointer &+ 32)
        try memory.storeU64(accessTime, at: pointer &+ 40)
        try memory.storeU64(modificationTime, at: pointer &+ 48)
        try memory.storeU64(changeTime, at: pointer &+ 56)
    }
}

/// One directory entry, as `fd_readdir` lists it.
public struct WASIDirectoryEntry: Sendable, Equatable {
    /// The entry's name, as bytes (host names need not be UTF-8).
    public var name: [UInt8]
    /// The entry's type.
    public var fileType: WASIFileType
    /// Its inode number.
    public var inode: UInt64

    /// An entry.
    public init(name: [UInt8], fileType: WASIFileType, inode: UInt64) {
        self.name = name
        self.fileType = fileType
        self.inode = inode
    }
}
