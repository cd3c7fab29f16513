#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between host `stat` records and WASI ones.
enum HostStat {
    /// The WASI file type of a host `st_mode`.
    static func fileType(mode: mode_t) -> WASIFileType {
        switch mode & S_IFMT {
        case S_IFREG: return .regularFile
        case S_IFDIR: return .directory
        case S_IFCHR: return .characterDevice
        case S_IFBLK: return .blockDevice
        case S_IFLNK: return .symbolicLink
        case S_IFSOCK: return .socketStream
        default: return .unknown
        }
    }

    /// Nanoseconds since the epoch of a host `timespec` (0 for times before the epoch).
    static func nanoseconds(_ time: timespec) -> UInt64 {
        guard time.tv_sec >= 0 else { return 0 }
        let (seconds, overflow) = UInt64(time.tv_sec).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? UInt64.max : seconds &+ UInt64(max(0, time.tv_nsec))
    }

    /// A WASI stat record from a host one.
    static func convert(_ info: stat) -> WASIFileStat {
        #if canImport(Darwin)
        let (atime, mtime, ctime) = (info.st_atimespec, info.st_mtimespec, info.st_ctimespec)
        #else
        let (atime, mtime, ctime) = (info.st_atim, info.st_mtim, info.st_ctim)
        #endif
        return WASIFileStat(
            device: UInt64(truncatingIfNeeded: info.st_dev), inode: UInt64(truncatingIfNeeded: info.st_ino),
            fileType: fileType(mode: info.st_mode), linkCount: UInt64(truncatingIfNeeded: info.st_nlink),
            size: UInt64(max(0, info.st_size)), accessTime: nanoseconds(atime), modificationTime: nanoseconds(mtime),
            changeTime: nanoseconds(ctime))
    }

    /// `fstat` of a host descriptor.
    static func stat(descriptor: Int32) throws -> WASIFileStat {
        var info = Glibc.stat()
        try hostCall { fstat(descriptor, &info) }
        return convert(info)
    }

    /// `UTIME_OMIT` and `UTIME_NOW` (macros Swift does not import on Linux).
    static let utimeOmit = (1 << 30) - 2
    static let utimeNow = (1 << 30) - 1

    /// The two `timespec`s `utimensat`/`futimens` take for a pair of WASI time changes.
    static func timespecs(access: WASITimeChange, modification: WASITimeChange) -> [timespec] {
        func convert(_ change: WASITimeChange) -> timespec {
            switch change {
            case .unchanged: return timespec(tv_sec: 0, tv_nsec: utimeOmit)
            case .now: return timespec(tv_sec: 0, tv_nsec: utimeNow)
            case .at(let ns):
                return timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
            }
        }
        return [convert(access), convert(modification)]
    }
}
