#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a host directory's entries.
enum HostDirectoryListing {
    /// Every entry of the directory `descriptor`: `.` and `..` first (as wasmtime lists them), then
    /// the others in the host's order.
    static func entries(of descriptor: Int32) throws -> [WASIDirectoryEntry] {
        let copy = try hostCall { fcntl(descriptor, F_DUPFD_CLOEXEC, 0) }
        guard let stream = fdopendir(copy) else {
            let failure = errno
            _ = Glibc.close(copy)
            throw WASIErrno(hostErrno: failure)
        }
        defer { closedir(stream) }
        rewinddir(stream)
        let own = try HostStat.stat(descriptor: descriptor)
        var parentInode = own.inode
        var entries: [WASIDirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw WASIErrno(hostErrno: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            let inode = UInt64(truncatingIfNeeded: entry.pointee.d_ino)
            if name == [UInt8(ascii: ".")] { continue }
            if name == [UInt8(ascii: "."), UInt8(ascii: ".")] {
                parentInode = inode
                continue
            }
            let type = fileType(entry.pointee.d_type, name: name, in: descriptor)
            entries.append(WASIDirectoryEntry(name: name, fileType: type, inode: inode))
        }
        let dot = WASIDirectoryEntry(name: [UInt8(ascii: ".")], fileType: .directory, inode: own.inode)
        let dotDot = WASIDirectoryEntry(name: [UInt8(ascii: "."), UInt8(ascii: ".")], fileType: .directory, inode: parentInode)
        return [dot, dotDot] + entries
    }

    /// The type from `d_type`, asking `fstatat` when the host does not say.
    private static func fileType(_ type: UInt8, name: [UInt8], in directory: Int32) -> WASIFileType {
        switch Int32(type) {
        case Int32(DT_REG): return .regularFile
        case Int32(DT_DIR): return .directory
        case Int32(DT_LNK): return .symbolicLink
        case Int32(DT_CHR): return .characterDevice
        case Int32(DT_BLK): return .blockDevice
        case Int32(DT_SOCK): return .socketStream
        case Int32(DT_FIFO): return .unknown
        default:
            var info = Glibc.stat()
            let result = (name + [0]).withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                    guard let base = chars.baseAddress else { return -1 }
                    return fstatat(directory, base, &info, AT_SYMLINK_NOFOLLOW)
                }
            }
            return result == 0 ? HostStat.fileType(mode: info.st_mode) : .unknown
        }
    }
}
