/// `filetype`: the type of a file, as reported by stat and directory entries.
public enum WASIFileType: UInt8, Sendable, CustomStringConvertible {
    /// Unknown, or not one of the others.
    case unknown = 0
    /// A block device.
    case blockDevice = 1
    /// A character device (including terminals).
    case characterDevice = 2
    /// A directory.
    case directory = 3
    /// A regular file.
    case regularFile = 4
    /// A datagram socket.
    case socketDgram = 5
    /// A stream socket.
    case socketStream = 6
    /// A symbolic link.
    case symbolicLink = 7

    /// The witx name in upper case, for traces.
    public var description: String {
        ["UNKNOWN", "BLOCK_DEVICE", "CHARACTER_DEVICE", "DIRECTORY", "REGULAR_FILE", "SOCKET_DGRAM", "SOCKET_STREAM",
         "SYMBOLIC_LINK"][Int(rawValue)]
    }
}

/// `whence`: what `fd_seek`'s offset is relative to.
public enum WASIWhence: UInt8, Sendable {
    /// The start of the file.
    case set = 0
    /// The current position.
    case current = 1
    /// The end of the file.
    case end = 2
}

/// `advice`: the access pattern `fd_advise` announces.
public enum WASIAdvice: UInt8, Sendable {
    /// No particular pattern.
    case normal = 0
    /// Sequential access.
    case sequential = 1
    /// Random access.
    case random = 2
    /// Needed soon.
    case willNeed = 3
    /// Not needed soon.
    case dontNeed = 4
    /// Accessed once.
    case noReuse = 5
}

/// `clockid`: the clocks of `clock_time_get` and clock subscriptions.
public enum WASIClock: UInt32, Sendable {
    /// Wall-clock time since the Unix epoch.
    case realtime = 0
    /// A clock that never goes backwards.
    case monotonic = 1
    /// CPU time used by the process.
    case processCPUTime = 2
    /// CPU time used by the thread.
    case threadCPUTime = 3
}

/// `eventtype`: what a subscription waits for.
public enum WASIEventType: UInt8, Sendable {
    /// A clock reaching a time.
    case clock = 0
    /// A descriptor having data to read.
    case fdRead = 1
    /// A descriptor accepting writes.
    case fdWrite = 2
}
