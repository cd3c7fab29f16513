#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host TCP socket as a ``WASISocket``: a listening socket preopened by the host, or a
/// connection it accepted.
///
/// ```swift
/// let listener = try HostSocket.listen(on: "127.0.0.1:8080")
/// ```
public final class HostSocket: WASISocket {
    /// The host descriptor.
    public let descriptor: Int32
    private var closed = false

    /// Wraps a socket descriptor this object now owns.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if !closed { _ = Glibc.close(descriptor) }
    }

    /// Opens a TCP socket listening on `HOST:PORT` (`[v6addr]:PORT` for IPv6).
    /// - Throws: `EINVAL` for a malformed address, or the host's error.
    public static func listen(on address: String) throws -> HostSocket {
        guard let colon = address.lastIndex(of: ":") else { throw WASIErrno.inval }
        var host = String(address[..<colon])
        let port = String(address[address.index(after: colon)...])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let portNumber = UInt16(port) else { throw WASIErrno.inval }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(portNumber), &hints, &list) == 0, let first = list else { throw WASIErrno.inval }
        defer { freeaddrinfo(list) }
        let socketType = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let descriptor = try hostCall { socket(first.pointee.ai_family, socketType, 0) }
        let listener = HostSocket(descriptor: descriptor)
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        try hostCall { bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) }
        try hostCall { Glibc.listen(descriptor, 128) }
        return listener
    }

    /// A stream socket.
    public var fileType: WASIFileType { .socketStream }

    /// Accepts a connection with `accept(2)` as a new ``HostSocket`` (close-on-exec, non-blocking
    /// when `flags` has `nonblock`). `EINVAL` for any other flag; `EAGAIN` when no connection is
    /// pending on a non-blocking socket.
    public func accept(flags: WASIFdFlags) throws -> any WASISocket {
        guard flags.isSubset(of: .nonblock) else { throw WASIErrno.inval }
        let connection = HostSocket(descriptor: try hostCall { Glibc.accept(descriptor, nil, nil) })
        _ = fcntl(connection.descriptor, F_SETFD, FD_CLOEXEC)
        if flags.contains(.nonblock) { try connection.setFlags(.nonblock) }
        return connection
    }

    /// Receives as ``receive(maxCount:peek:waitAll:)`` does without peeking or waiting for all.
    public func read(maxCount: Int) throws -> [UInt8] {
        try receive(maxCount: maxCount, peek: false, waitAll: false).data
    }

    /// Sends as ``send(_:)`` does.
    public func write(_ bytes: [UInt8]) throws -> Int {
        try send(bytes)
    }

    /// Receives with `recv(2)` (`MSG_PEEK`, `MSG_WAITALL`); never
    /// truncated, a stream having no message boundaries.
    public func receive(maxCount: Int, peek: Bool, waitAll: Bool) throws -> (data: [UInt8], truncated: Bool) {
        guard maxCount > 0 else { return ([], false) }
        var flags: Int32 = 0
        if peek { flags |= Int32(MSG_PEEK) }
        if waitAll { flags |= Int32(MSG_WAITALL) }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = try buffer.withUnsafeMutableBytes { raw in try hostCall { recv(descriptor, raw.baseAddress, raw.count, flags) } }
        return (Array(buffer.prefix(count)), false)
    }

    /// Sends with `send(2)` and `MSG_NOSIGNAL`, so a closed peer is `EPIPE`
    /// rather than a signal; returns the bytes the host took.
    public func send(_ bytes: [UInt8]) throws -> Int {
        guard !bytes.isEmpty else { return 0 }
        return try bytes.withUnsafeBytes { raw in
            try hostCall { Glibc.send(descriptor, raw.baseAddress, raw.count, Int32(MSG_NOSIGNAL)) }
        }
    }

    /// Shuts down one or both directions with `shutdown(2)`; `EINVAL` when neither is given.
    public func shutdown(read: Bool, write: Bool) throws {
        let how: Int32
        switch (read, write) {
        case (true, true): how = Int32(SHUT_RDWR)
        case (true, false): how = Int32(SHUT_RD)
        case (false, true): how = Int32(SHUT_WR)
        case (false, false): throw WASIErrno.inval
        }
        try hostCall { Glibc.shutdown(descriptor, how) }
    }

    /// The attributes from `fstat`, with the type a stream socket.
    public func stat() throws -> WASIFileStat {
        var stat = try HostStat.stat(descriptor: descriptor)
        stat.fileType = .socketStream
        return stat
    }

    /// `nonblock` when the host descriptor is non-blocking, otherwise none.
    public func flags() throws -> WASIFdFlags {
        let bits = try hostCall { fcntl(descriptor, F_GETFL) }
        return bits & O_NONBLOCK != 0 ? .nonblock : []
    }

    /// Sets or clears `O_NONBLOCK` on the host descriptor; other flags are ignored.
    public func setFlags(_ flags: WASIFdFlags) throws {
        let bits = try hostCall { fcntl(descriptor, F_GETFL) }
        let updated = flags.contains(.nonblock) ? bits | O_NONBLOCK : bits & ~O_NONBLOCK
        try hostCall { fcntl(descriptor, F_SETFL, updated) }
    }

    /// Polled on the host descriptor.
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource {
        .host(descriptor: descriptor)
    }

    /// Closes the host descriptor; later calls do nothing.
    public func close() throws {
        guard !closed else { return }
        closed = true
        try hostCall { Glibc.close(descriptor) }
    }
}
