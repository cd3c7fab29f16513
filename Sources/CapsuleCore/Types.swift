/// A WebAssembly value type (WebAssembly 2.0: numbers, vectors and references).
public enum ValueType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case i32 = 0x7F
    case i64 = 0x7E
    case f32 = 0x7D
    case f64 = 0x7C
    case v128 = 0x7B
    case funcref = 0x70
    case externref = 0x6F

    /// Whether this is a reference type (`funcref` or `externref`).
    @inlinable public var isReference: Bool { self == .funcref || self == .externref }

    /// Whether this is a numeric type (`i32`, `i64`, `f32`, `f64`).
    @inlinable public var isNumeric: Bool {
        switch self {
        case .i32, .i64, .f32, .f64: return true
        default: return false
        }
    }

    /// The text-format name of the type, such as `i32` or `funcref`.
    public var description: String {
        switch self {
        case .i32: return "i32"
        case .i64: return "i64"
        case .f32: return "f32"
        case .f64: return "f64"
        case .v128: return "v128"
        case .funcref: return "funcref"
        case .externref: return "externref"
        }
    }
}

/// A function signature: parameter types to result types.
public struct FuncType: Sendable, Hashable, CustomStringConvertible {
    public var params: [ValueType]
    public var results: [ValueType]

    public init(params: [ValueType], results: [ValueType]) {
        self.params = params
        self.results = results
    }

    public var description: String {
        "[\(params.map(\.description).joined(separator: " "))] -> [\(results.map(\.description).joined(separator: " "))]"
    }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements).
public struct Limits: Sendable, Hashable {
    public var min: UInt32
    public var max: UInt32?

    public init(min: UInt32, max: UInt32? = nil) {
        self.min = min
        self.max = max
    }
}

/// The type of a table: its element reference type and its limits.
public struct TableType: Sendable, Hashable {
    /// `funcref` or `externref`.
    public var elementType: ValueType
    public var limits: Limits

    public init(elementType: ValueType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }
}

/// The type of a linear memory: its limits in 64 KiB pages.
public struct MemoryType: Sendable, Hashable {
    public var limits: Limits

    public init(limits: Limits) {
        self.limits = limits
    }
}

/// The type of a global: value type and mutability.
public struct GlobalType: Sendable, Hashable {
    public var valueType: ValueType
    public var isMutable: Bool

    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}

/// The page size of linear memory: 64 KiB.
public let wasmPageSize: Int = 65536

/// A 128-bit vector value, stored little-endian as two 64-bit halves.
public struct V128: Sendable, Hashable {
    /// Bytes 0..<8.
    public var lo: UInt64
    /// Bytes 8..<16.
    public var hi: UInt64

    public init(lo: UInt64, hi: UInt64) {
        self.lo = lo
        self.hi = hi
    }

    /// Builds a vector from exactly 16 little-endian bytes; missing bytes are zero.
    public init(bytes: some Collection<UInt8>) {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for (i, b) in bytes.prefix(16).enumerated() {
            if i < 8 { lo |= UInt64(b) << (8 * UInt64(i)) } else { hi |= UInt64(b) << (8 * UInt64(i - 8)) }
        }
        self.lo = lo
        self.hi = hi
    }

    /// The 16 bytes of the vector, little-endian.
    public var bytes: [UInt8] {
        (0..<16).map { i in i < 8 ? UInt8(truncatingIfNeeded: lo >> (8 * UInt64(i))) : UInt8(truncatingIfNeeded: hi >> (8 * UInt64(i - 8))) }
    }
}
