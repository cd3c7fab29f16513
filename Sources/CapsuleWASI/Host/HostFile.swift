#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host file descriptor as a ``WASIFile``: regular files opened by the sandboxed host backend,
/// and the process's standard streams.
///
/// ```swift
/// let stdout = HostFile(descriptor: 1, owned: false, standardStream: true)
/// _ = try stdout.write(Array("hi\n".utf8))
/// ```
public final class HostFile: WASIFile {
    /// The host descriptor.
    public let descriptor: Int32
    private let owned: Bool
    private let standardStream: Bool
    private var closed = false
    /// The host file type, found once when the file is wrapped.
    private let hostType: WASIFileType

    /// Wraps `descriptor`. When `owned`, closing the WASI file closes it. A standard stream behaves
    /// as wasmtime's standard input and output do: a character device when it is a terminal,
    /// otherwise of unknown type, with zeroed attributes and no flags; seeking is `ESPIPE`; syncing,
    /// advising, sizing, setting times or flags is `EBADF`.
    public init(descriptor: Int32, owned: Bool, standardStream: Bool = false) {
        self.descriptor = descriptor
        self.owned = owned
        self.standardStream = standardStream
        var info = Glibc.stat()
        hostType = fstat(descriptor, &info) == 0 ? HostStat.fileType(mode: info.st_mode) : .unknown
    }

    deinit {
        if owned && !closed { _ = Glibc.close(descriptor) }
    }

    /// The file's type.
    public var fileType: WASIFileType {
        if standardStream { return isTerminal ? .characterDevice : .unknown }
        return hostType
    }

    /// Whether the descriptor is a terminal.
    public var isTerminal: Bool { isatty(descriptor) == 1 }

    /// Reads with `read(2)` at the descriptor's position.
    public func read(maxCount: Int) throws -> [UInt8] {
        guard maxCount > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = try buffer.withUnsafeMutableBytes { raw in try hostCall { Glibc.read(descriptor, raw.baseAddress, raw.count) } }
        return Array(buffer.prefix(count))
    }

    /// Reads with `pread(2)`. `ESPIPE` for a standard stream; `EINVAL` for an offset beyond `off_t`.
    public func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8] {
        if standardStream { throw WASIErrno.spipe }
        guard let position = off_t(exactly: offset) else { throw WASIErrno.inval }
        guard maxCount > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: maxCount)
        let count = try buffer.withUnsafeMutableBytes { raw in
            try hostCall { Glibc.pread(descriptor, raw.baseAddress, raw.count, position) }
        }
        return Array(buffer.prefix(count))
    }

    /// Writes every byte with `write(2)`, looping over partial writes. When a write fails after
    /// some bytes went out, returns their count; the error comes back on the next call.
    public func write(_ bytes: [UInt8]) throws -> Int {
        var written = 0
        while written < bytes.count {
            let count: Int
            do {
                count = try bytes.withUnsafeBytes { raw in
                    try hostCall { Glibc.write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written) }
                }
            } catch {
                // Report a partial write as a success; the error will come back on the next call.
                if written > 0 { return written }
                throw error
            }
            if count == 0 { break }
            written += count
        }
        return written
    }

    /// Writes with `pwrite(2)` and returns what the host wrote (possibly fewer bytes). `ESPIPE`
    /// for a standard stream; `EINVAL` for an offset beyond `off_t`.
    public func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int {
        if standardStream { throw WASIErrno.spipe }
        guard let position = off_t(exactly: offset) else { throw WASIErrno.inval }
        return try bytes.withUnsafeBytes { raw in try hostCall { Glibc.pwrite(descriptor, raw.baseAddress, raw.count, position) } }
    }

    /// Moves the position with `lseek`. `ESPIPE` for a standard stream (and from the host for a pipe).
    public func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 {
        if standardStream { throw WASIErrno.spipe }
        let hostWhence: Int32
        switch whence {
        case .set: hostWhence = SEEK_SET
        case .current: hostWhence = SEEK_CUR
        case .end: hostWhence = SEEK_END
        }
        return UInt64(try hostCall { lseek(descriptor, off_t(offset), hostWhence) })
    }

    /// The attributes from `fstat`; for a standard stream, its type and every other attribute zero.
    public func stat() throws -> WASIFileStat {
        if standardStream { return WASIFileStat(fileType: fileType, linkCount: 0) }
        return try HostStat.stat(descriptor: descriptor)
    }

    /// Truncates or extends with `ftruncate`. `EBADF` for a standard
    /// stream; `EINVAL` for a size beyond `off_t`.
    public func setSize(_ size: UInt64) throws {
        if standardStream { throw WASIErrno.badf }
        guard let length = off_t(exactly: size) else { throw WASIErrno.inval }
        try hostCall { ftruncate(descriptor, length) }
    }

    /// Sets the times with `futimens`; `EBADF` for a standard stream.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws {
        if standardStream { throw WASIErrno.badf }
        let times = HostStat.timespecs(access: access, modification: modification)
        try hostCall { futimens(descriptor, times) }
    }

    /// Flushes with `fsync`; `EBADF` for a standard stream.
    public func sync() throws {
        if standardStream { throw WASIErrno.badf }
        try hostCall { fsync(descriptor) }
    }

    /// Flushes data with `fdatasync`; `EBADF` for a standard stream.
    public func datasync() throws {
        if standardStream { throw WASIErrno.badf }
        try hostCall { fdatasync(descriptor) }
    }

    /// Passes the advice to `posix_fadvise` (a pipe's `ESPIPE` is ignored). `EBADF` for a standard stream;
    /// `EINVAL` for a range beyond `off_t`.
    public func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws {
        if standardStream { throw WASIErrno.badf }
        let hostAdvice: Int32
        switch advice {
        case .normal: hostAdvice = POSIX_FADV_NORMAL
        case .sequential: hostAdvice = POSIX_FADV_SEQUENTIAL
        case .random: hostAdvice = POSIX_FADV_RANDOM
        case .willNeed: hostAdvice = POSIX_FADV_WILLNEED
        case .dontNeed: hostAdvice = POSIX_FADV_DONTNEED
        case .noReuse: hostAdvice = POSIX_FADV_NOREUSE
        }
        guard let start = off_t(exactly: offset), let count = off_t(exactly: length) else { throw WASIErrno.inval }
        let result = posix_fadvise(descriptor, start, count, hostAdvice)
        if result != 0 && result != ESPIPE { throw WASIErrno(hostErrno: result) }
    }

    /// Not supported, as in wasmtime: `ENOTSUP` (`EBADF` for a standard stream).
    public func allocate(offset: UInt64, length: UInt64) throws {
        throw standardStream ? WASIErrno.badf : WASIErrno.notsup
    }

    /// `append`, `nonblock`, `dsync` and `sync` as `fcntl(F_GETFL)` reports them; none for a standard stream.
    public func flags() throws -> WASIFdFlags {
        if standardStream { return [] }
        let bits = try hostCall { fcntl(descriptor, F_GETFL) }
        var flags: WASIFdFlags = []
        if bits & O_APPEND != 0 { flags.insert(.append) }
        if bits & O_NONBLOCK != 0 { flags.insert(.nonblock) }
        if !standardStream {
            if bits & O_DSYNC == O_DSYNC { flags.insert(.dsync) }
            if bits & O_SYNC == O_SYNC { flags.insert(.sync) }
        }
        return flags
    }

    /// Sets or clears `append` and `nonblock` with `fcntl(F_SETFL)`, ignoring
    /// the other flags; `EBADF` for a standard stream.
    public func setFlags(_ flags: WASIFdFlags) throws {
        if standardStream { throw WASIErrno.badf }
        let bits = try hostCall { fcntl(descriptor, F_GETFL) }
        var updated = bits & ~(O_APPEND | O_NONBLOCK)
        if flags.contains(.append) { updated |= O_APPEND }
        if flags.contains(.nonblock) { updated |= O_NONBLOCK }
        try hostCall { fcntl(descriptor, F_SETFL, updated) }
    }

    /// A regular file is ready at once (reading hangs up at its end);
    /// anything else is polled on its descriptor.
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource {
        if hostType == .regularFile && !standardStream {
            guard event == .fdRead else { return .ready(hangup: false) }
            let size = (try? HostStat.stat(descriptor: descriptor).size) ?? 0
            let position = lseek(descriptor, 0, SEEK_CUR)
            return .ready(hangup: position >= 0 && UInt64(position) >= size)
        }
        return .host(descriptor: descriptor)
    }

    /// Closes the descriptor if this object owns it, once; otherwise does nothing.
    public func close() throws {
        guard owned, !closed else { return }
        closed = true
        try hostCall { Glibc.close(descriptor) }
    }
}
