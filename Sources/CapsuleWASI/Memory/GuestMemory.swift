/// A guest's linear memory as the WASI layer sees it: a byte buffer whose every access is checked.
///
/// The engine bridge adapts the engine's memory to this protocol; tests use ``ByteMemory``. Every
/// pointer and length a guest passes goes through the checked accessors below, which throw
/// ``WASIErrno/fault`` for anything outside the memory, so a bad pointer never faults the host.
///
/// ```swift
/// let memory = ByteMemory(count: 65536)
/// try memory.storeU32(7, at: 16)
/// let value = try memory.loadU32(at: 16)  // 7
/// ```
public protocol GuestMemory {
    /// Calls `body` with the memory's bytes. The buffer must not escape the call.
    func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R
}

extension GuestMemory {
    /// Calls `body` with the `count` bytes at `pointer`, or throws `EFAULT` when they are out of range.
    public func withRange<R>(
        _ pointer: UInt32, _ count: UInt32, _ body: (UnsafeMutableRawBufferPointer) throws -> R
    ) throws -> R {
        try withBytes { bytes in
            let start = Int(pointer)
            let length = Int(count)
            guard start <= bytes.count, length <= bytes.count - start else { throw WASIErrno.fault }
            guard let base = bytes.baseAddress else {
                return try body(UnsafeMutableRawBufferPointer(start: nil, count: 0))
            }
            return try body(UnsafeMutableRawBufferPointer(start: base + start, count: length))
        }
    }

    /// Throws `EFAULT` unless `count` bytes at `pointer` are inside the memory.
    public func check(_ pointer: UInt32, _ count: UInt32) throws {
        try withRange(pointer, count) { _ in }
    }

    /// A copy of the `count` bytes at `pointer`.
    public func bytes(at pointer: UInt32, count: UInt32) throws -> [UInt8] {
        try withRange(pointer, count) { [UInt8]($0) }
    }

    /// Writes `bytes` at `pointer`.
    public func write<C: Collection<UInt8>>(_ bytes: C, at pointer: UInt32) throws {
        guard let count = UInt32(exactly: bytes.count) else { throw WASIErrno.fault }
        try withRange(pointer, count) { target in
            var i = 0
            for byte in bytes {
                target[i] = byte
                i += 1
            }
        }
    }

    /// The little-endian unsigned integer of `size` bytes at `pointer`.
    func loadInteger(at pointer: UInt32, size: UInt32) throws -> UInt64 {
        try withRange(pointer, size) { bytes in
            var value: UInt64 = 0
            for i in (0..<bytes.count).reversed() { value = value << 8 | UInt64(bytes[i]) }
            return value
        }
    }

    /// Stores the low `size` bytes of `value` little-endian at `pointer`.
    func storeInteger(_ value: UInt64, at pointer: UInt32, size: UInt32) throws {
        try withRange(pointer, size) { bytes in
            var remaining = value
            for i in 0..<bytes.count {
                bytes[i] = UInt8(truncatingIfNeeded: remaining)
                remaining >>= 8
            }
        }
    }

    /// The byte at `pointer`.
    public func loadU8(at pointer: UInt32) throws -> UInt8 { UInt8(truncatingIfNeeded: try loadInteger(at: pointer, size: 1)) }
    /// The little-endian `u16` at `pointer`.
    public func loadU16(at pointer: UInt32) throws -> UInt16 { UInt16(truncatingIfNeeded: try loadInteger(at: pointer, size: 2)) }
    /// The little-endian `u32` at `pointer`.
    public func loadU32(at pointer: UInt32) throws -> UInt32 { UInt32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4)) }
    /// The little-endian `u64` at `pointer`.
    public func loadU64(at pointer: UInt32) throws -> UInt64 { try loadInteger(at: pointer, size: 8) }

    /// Stores a byte at `pointer`.
    public func storeU8(_ value: UInt8, at pointer: UInt32) throws { try storeInteger(UInt64(value), at: pointer, size: 1) }
    /// Stores a little-endian `u16` at `pointer`.
    public func storeU16(_ value: UInt16, at pointer: UInt32) throws { try storeInteger(UInt64(value), at: pointer, size: 2) }
    /// Stores a little-endian `u32` at `pointer`.
    public func storeU32(_ value: UInt32, at pointer: UInt32) throws { try storeInteger(UInt64(value), at: pointer, size: 4) }
    /// Stores a little-endian `u64` at `pointer`.
    public func storeU64(_ value: UInt64, at pointer: UInt32) throws { try storeInteger(value, at: pointer, size: 8) }

    /// The UTF-8 string of `count` bytes at `pointer`: `EFAULT` when out of range, `EILSEQ` when not UTF-8.
    public func string(at pointer: UInt32, count: UInt32) throws -> String {
        let raw = try bytes(at: pointer, count: count)
        guard let text = String(validating: raw, as: UTF8.self) else { throw WASIErrno.ilseq }
        return text
    }

    /// The `(buf, buf_len)` pairs of an `iovec`/`ciovec` array, each buffer checked to lie in memory.
    ///
    /// The whole array must lie in memory. Only the first ``IOVector/vectorLimit`` entries, and
    /// only until ``IOVector/transferLimit`` bytes are covered, are decoded: one call moves at most
    /// that much (a short read or write), however large an array the guest passes.
    public func ioVectors(at pointer: UInt32, count: UInt32) throws -> [IOVector] {
        let (size, overflow) = count.multipliedReportingOverflow(by: 8)
        guard !overflow else { throw WASIErrno.fault }
        try check(pointer, size)
        var vectors: [IOVector] = []
        var covered = 0
        for i in 0..<min(count, IOVector.vectorLimit) where covered < IOVector.transferLimit {
            let entry = pointer &+ i &* 8
            let vector = IOVector(pointer: try loadU32(at: entry), length: try loadU32(at: entry &+ 4))
            try check(vector.pointer, vector.length)
            vectors.append(vector)
            covered += Int(vector.length)
        }
        return vectors
    }

    /// The bytes of the buffers of a `ciovec` array, concatenated, up to `limit` bytes (a short
    /// write is allowed, and a guest could name the same gigabytes many times over).
    public func gather(_ vectors: [IOVector], limit: Int = IOVector.transferLimit) throws -> [UInt8] {
        var result: [UInt8] = []
        for vector in vectors where result.count < limit {
            let count = UInt32(min(Int(vector.length), limit - result.count))
            result += try bytes(at: vector.pointer, count: count)
        }
        return result
    }

    /// Spreads `data` over the buffers of an `iovec` array in order; returns how many bytes were placed.
    @discardableResult
    public func scatter(_ data: [UInt8], into vectors: [IOVector]) throws -> Int {
        var offset = 0
        for vector in vectors where offset < data.count {
            let count = min(Int(vector.length), data.count - offset)
            try write(data[offset..<(offset + count)], at: vector.pointer)
            offset += count
        }
        return offset
    }
}

/// One `iovec` or `ciovec`: a guest buffer.
public struct IOVector: Sendable, Equatable {
    /// Where the buffer starts in guest memory.
    public var pointer: UInt32
    /// Its length in bytes.
    public var length: UInt32

    /// A buffer of `length` bytes at `pointer`.
    public init(pointer: UInt32, length: UInt32) {
        self.pointer = pointer
        self.length = length
    }
}

extension IOVector {
    /// The most bytes one read or write moves (64 MiB); more is done as a short read or write.
    public static let transferLimit = 1 << 26
    /// The most buffers one read or write uses.
    public static let vectorLimit: UInt32 = 1 << 16
}

extension Array where Element == IOVector {
    /// The sum of the buffers' lengths, saturating at `Int.max`.
    public var totalLength: Int {
        reduce(0) { total, vector in
            let (sum, overflow) = total.addingReportingOverflow(Int(vector.length))
            return overflow ? Int.max : sum
        }
    }

    /// How much one read into these buffers asks for: their total, at most ``IOVector/transferLimit``.
    public var readLength: Int { Swift.min(totalLength, IOVector.transferLimit) }
}
