/// An open file-like object behind a descriptor: a regular file, a stream (standard input and
/// output, pipes), a socket or a host-defined virtual file.
///
/// Every operation has a default that throws `ENOSYS` (or, for a few, a harmless answer), so a
/// backend implements only what it supports. The descriptor table, not the file, checks rights.
///
/// ```swift
/// final class Greeting: WASIFile {
///     var fileType: WASIFileType { .characterDevice }
///     func read(maxCount: Int) throws -> [UInt8] { Array("hello\n".utf8.prefix(maxCount)) }
/// }
/// ```
public protocol WASIFile: AnyObject {
    /// The type reported by `fd_fdstat_get` and stat.
    var fileType: WASIFileType { get }
    /// Reads up to `maxCount` bytes at the current position (fewer at the end; none at end of file).
    func read(maxCount: Int) throws -> [UInt8]
    /// Reads up to `maxCount` bytes at `offset` without moving the position.
    func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8]
    /// Writes at the current position (or the end in append mode); returns the bytes written.
    func write(_ bytes: [UInt8]) throws -> Int
    /// Writes at `offset` without moving the position; returns the bytes written.
    func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int
    /// Moves the position; returns the new one.
    func seek(offset: Int64, whence: WASIWhence) throws -> UInt64
    /// The file's attributes.
    func stat() throws -> WASIFileStat
    /// Truncates or extends the file.
    func setSize(_ size: UInt64) throws
    /// Changes the access and modification times.
    func setTimes(access: WASITimeChange, modification: WASITimeChange) throws
    /// Flushes data and metadata.
    func sync() throws
    /// Flushes data.
    func datasync() throws
    /// Announces an access pattern.
    func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws
    /// Ensures space is allocated for the range.
    func allocate(offset: UInt64, length: UInt64) throws
    /// The descriptor flags in effect (`append`, `nonblock`, ...).
    func flags() throws -> WASIFdFlags
    /// Changes the descriptor flags.
    func setFlags(_ flags: WASIFdFlags) throws
    /// How `poll_oneoff` waits for this file to become readable or writable.
    func pollSource(for event: WASIEventType) throws -> WASIPollSource
    /// Whether the file is a terminal (as `isatty` would say).
    var isTerminal: Bool { get }
    /// Releases host resources; called once when the last descriptor for it is closed.
    func close() throws
}

/// How `poll_oneoff` learns that a file is ready.
public enum WASIPollSource: Sendable, Equatable {
    /// Ready now; `hangup` when reading is at the end of the file.
    case ready(hangup: Bool)
    /// Ready when the host descriptor polls ready.
    case host(descriptor: Int32)
}

extension WASIFile {
    /// Default: `ENOSYS`.
    public func read(maxCount: Int) throws -> [UInt8] { throw WASIErrno.nosys }
    /// Default: `ESPIPE`.
    public func pread(maxCount: Int, at offset: UInt64) throws -> [UInt8] { throw WASIErrno.spipe }
    /// Default: `ENOSYS`.
    public func write(_ bytes: [UInt8]) throws -> Int { throw WASIErrno.nosys }
    /// Default: `ESPIPE`.
    public func pwrite(_ bytes: [UInt8], at offset: UInt64) throws -> Int { throw WASIErrno.spipe }
    /// Default: `ESPIPE`.
    public func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 { throw WASIErrno.spipe }
    /// Default: the file type, every other attribute zero.
    public func stat() throws -> WASIFileStat { WASIFileStat(fileType: fileType) }
    /// Default: `ENOSYS`.
    public func setSize(_ size: UInt64) throws { throw WASIErrno.nosys }
    /// Default: `ENOSYS`.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.nosys }
    /// Default: does nothing (succeeds).
    public func sync() throws {}
    /// Default: does nothing (succeeds).
    public func datasync() throws {}
    /// Default: does nothing (succeeds).
    public func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws {}
    /// Default: `ENOSYS`.
    public func allocate(offset: UInt64, length: UInt64) throws { throw WASIErrno.nosys }
    /// Default: no flags.
    public func flags() throws -> WASIFdFlags { [] }
    /// Default: `ENOSYS`.
    public func setFlags(_ flags: WASIFdFlags) throws { throw WASIErrno.nosys }
    /// Default: always ready.
    public func pollSource(for event: WASIEventType) throws -> WASIPollSource { .ready(hangup: false) }
    /// Default: not a terminal.
    public var isTerminal: Bool { false }
    /// Default: does nothing (succeeds).
    public func close() throws {}
}
