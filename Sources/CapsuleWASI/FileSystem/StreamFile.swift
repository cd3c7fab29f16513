/// A host-defined stream as a ``WASIFile``: reads and writes go to Swift closures. Useful as a
/// guest's standard streams when embedding (to capture output, or feed input from memory).
///
/// It behaves as a standard stream does in wasmtime: type unknown, zeroed attributes, `ESPIPE`
/// for seeking and positioned I/O, `EBADF` for the calls a stream does not support, and `EBADF`
/// for the direction it lacks.
///
/// ```swift
/// var captured: [UInt8] = []
/// configuration.standardOutput = WASIStreamFile(write: { captured += $0 })
/// ```
public final class WASIStreamFile: WASIFile {
    private let reader: ((Int) throws -> [UInt8])?
    private let writer: (([UInt8]) throws -> Void)?

    /// A stream; `read` gets the most bytes wanted and returns at most that many (none at the end);
    /// `write` takes every byte given.
    public init(read: ((Int) throws -> [UInt8])? = nil, write: (([UInt8]) throws -> Void)? = nil) {
        reader = read
        writer = write
    }

    /// An input stream that yields `bytes` and then end of file: standard input given as data.
    ///
    /// ```swift
    /// configuration.standardInput = WASIStreamFile(input: Array("3 4\n".utf8))
    /// ```
    public convenience init(input bytes: [UInt8]) {
        let remaining = RemainingBytes(bytes)
        self.init(read: { remaining.take($0) })
    }

    /// An unknown type, as wasmtime reports for standard streams that are not terminals.
    public var fileType: WASIFileType { .unknown }

    /// Calls the read closure and keeps at most `maxCount` of the bytes it returns. `EBADF` for a
    /// stream made without one; an error the closure throws is the call's (`EIO` unless it is a
    /// ``WASIErrno``).
    public func read(maxCount: Int) throws -> [UInt8] {
        guard let reader else { throw WASIErrno.badf }
        return Array(try reader(maxCount).prefix(maxCount))
    }

    /// Gives every byte to the write closure and returns their count. `EBADF` for a stream made
    /// without one; an error the closure throws is the call's (`EIO` unless it is a ``WASIErrno``).
    public func write(_ bytes: [UInt8]) throws -> Int {
        guard let writer else { throw WASIErrno.badf }
        try writer(bytes)
        return bytes.count
    }

    /// Type unknown and every other attribute zero, as wasmtime reports for standard streams.
    public func stat() throws -> WASIFileStat { WASIFileStat(fileType: .unknown, linkCount: 0) }
    /// `EBADF`: a stream has no size.
    public func setSize(_ size: UInt64) throws { throw WASIErrno.badf }
    /// `EBADF`, as for wasmtime's standard streams.
    public func setTimes(access: WASITimeChange, modification: WASITimeChange) throws { throw WASIErrno.badf }
    /// `EBADF`, as for wasmtime's standard streams.
    public func sync() throws { throw WASIErrno.badf }
    /// `EBADF`, as for wasmtime's standard streams.
    public func datasync() throws { throw WASIErrno.badf }
    /// `EBADF`, as for wasmtime's standard streams.
    public func advise(offset: UInt64, length: UInt64, advice: WASIAdvice) throws { throw WASIErrno.badf }
    /// `EBADF`, as for wasmtime's standard streams.
    public func allocate(offset: UInt64, length: UInt64) throws { throw WASIErrno.badf }
    /// `EBADF`: a stream's flags cannot be changed.
    public func setFlags(_ flags: WASIFdFlags) throws { throw WASIErrno.badf }
}

/// The unread part of a ``WASIStreamFile/init(input:)`` stream.
private final class RemainingBytes {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func take(_ maxCount: Int) -> [UInt8] {
        let end = offset + min(max(0, maxCount), bytes.count - offset)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}
