/// `fdflags`: descriptor flags (`fd_fdstat_set_flags`, `path_open`).
public struct WASIFdFlags: OptionSet, Sendable, Hashable {
    /// The ABI bits.
    public let rawValue: UInt16
    /// Flags from their ABI bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Writes always append.
    public static let append = WASIFdFlags(rawValue: 1 << 0)
    /// Synchronised data writes.
    public static let dsync = WASIFdFlags(rawValue: 1 << 1)
    /// Non-blocking mode.
    public static let nonblock = WASIFdFlags(rawValue: 1 << 2)
    /// Synchronised reads.
    public static let rsync = WASIFdFlags(rawValue: 1 << 3)
    /// Synchronised writes.
    public static let sync = WASIFdFlags(rawValue: 1 << 4)
    /// Every defined flag.
    public static let all = WASIFdFlags(rawValue: 0x1f)
    /// Names for traces.
    public var names: [String] { flagNames(UInt64(rawValue), ["APPEND", "DSYNC", "NONBLOCK", "RSYNC", "SYNC"]) }
}

/// `oflags`: how `path_open` opens.
public struct WASIOpenFlags: OptionSet, Sendable, Hashable {
    /// The ABI bits.
    public let rawValue: UInt16
    /// Flags from their ABI bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Create the file if it does not exist.
    public static let create = WASIOpenFlags(rawValue: 1 << 0)
    /// Fail unless it is a directory.
    public static let directory = WASIOpenFlags(rawValue: 1 << 1)
    /// With `create`, fail if it exists.
    public static let exclusive = WASIOpenFlags(rawValue: 1 << 2)
    /// Truncate to size 0.
    public static let truncate = WASIOpenFlags(rawValue: 1 << 3)
    /// Every defined flag.
    public static let all = WASIOpenFlags(rawValue: 0xf)
    /// Names for traces.
    public var names: [String] { flagNames(UInt64(rawValue), ["CREAT", "DIRECTORY", "EXCL", "TRUNC"]) }
}

/// `lookupflags`: whether a path's last component is followed when it is a symbolic link.
public struct WASILookupFlags: OptionSet, Sendable, Hashable {
    /// The ABI bits.
    public let rawValue: UInt32
    /// Flags from their ABI bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// Follow a symbolic link in the last component.
    public static let symlinkFollow = WASILookupFlags(rawValue: 1 << 0)
    /// Names for traces.
    public var names: [String] { flagNames(UInt64(rawValue), ["SYMLINK_FOLLOW"]) }
}

/// `fstflags`: which timestamps `*_set_times` changes.
public struct WASITimeFlags: OptionSet, Sendable, Hashable {
    /// The ABI bits.
    public let rawValue: UInt16
    /// Flags from their ABI bits.
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Set the access time to the given value.
    public static let atim = WASITimeFlags(rawValue: 1 << 0)
    /// Set the access time to now.
    public static let atimNow = WASITimeFlags(rawValue: 1 << 1)
    /// Set the modification time to the given value.
    public static let mtim = WASITimeFlags(rawValue: 1 << 2)
    /// Set the modification time to now.
    public static let mtimNow = WASITimeFlags(rawValue: 1 << 3)
    /// Names for traces.
    public var names: [String] { flagNames(UInt64(rawValue), ["ATIM", "ATIM_NOW", "MTIM", "MTIM_NOW"]) }
}

/// What a `*_set_times` call asks for one timestamp.
public enum WASITimeChange: Sendable, Equatable {
    /// Leave it unchanged.
    case unchanged
    /// Set it to the current time.
    case now
    /// Set it to this many nanoseconds since the epoch.
    case at(UInt64)

    /// Decodes one timestamp's flags; both the value and `now` is `EINVAL`.
    static func from(value: UInt64, set: Bool, now: Bool) throws(WASIErrno) -> WASITimeChange {
        if set && now { throw .inval }
        if now { return .now }
        if set { return .at(value) }
        return .unchanged
    }
}

/// `riflags`, `roflags`, `sdflags` and other small flag sets of the socket calls, as raw bits.
public enum WASISocketFlags {
    /// `recv_peek`.
    public static let receivePeek: UInt16 = 1
    /// `recv_waitall`.
    public static let receiveWaitAll: UInt16 = 2
    /// `recv_data_truncated` in `roflags`.
    public static let receiveDataTruncated: UInt16 = 1
    /// `sdflags.rd`.
    public static let shutdownRead: UInt8 = 1
    /// `sdflags.wr`.
    public static let shutdownWrite: UInt8 = 2
}

/// Names of the set bits, for traces (`0` when none).
func flagNames(_ bits: UInt64, _ names: [String]) -> [String] {
    var result: [String] = []
    for (i, name) in names.enumerated() where bits & (1 << UInt64(i)) != 0 { result.append(name) }
    let known: UInt64 = names.count >= 64 ? ~0 : (1 << UInt64(names.count)) - 1
    if bits & ~known != 0 { result.append("0x" + String(bits & ~known, radix: 16)) }
    return result
}
