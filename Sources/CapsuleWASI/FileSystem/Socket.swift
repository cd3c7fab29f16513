/// A socket behind a descriptor: a listening socket accepts, a connected one receives and sends.
///
/// Operations default to `ENOSYS`; `fd_read`/`fd_write` on a socket use ``WASIFile``'s methods.
public protocol WASISocket: WASIFile {
    /// Accepts a connection; `EAGAIN` when none is pending and the socket is non-blocking.
    func accept(flags: WASIFdFlags) throws -> any WASISocket
    /// Receives into at most `maxCount` bytes; `peek` leaves them queued, `waitAll` waits for all of them.
    /// Returns the data and whether it was truncated.
    func receive(maxCount: Int, peek: Bool, waitAll: Bool) throws -> (data: [UInt8], truncated: Bool)
    /// Sends bytes; returns how many were sent.
    func send(_ bytes: [UInt8]) throws -> Int
    /// Shuts down reading, writing or both.
    func shutdown(read: Bool, write: Bool) throws
}

extension WASISocket {
    /// Default: `ENOSYS`.
    public func accept(flags: WASIFdFlags) throws -> any WASISocket { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func receive(maxCount: Int, peek: Bool, waitAll: Bool) throws -> (data: [UInt8], truncated: Bool) {
        throw WASIErrno.nosys
    }
    /// Default: `ENOSYS`.
    public func send(_ bytes: [UInt8]) throws -> Int { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func shutdown(read: Bool, write: Bool) throws { throw WASIErrno.nosys }
}
