/// A WebAssembly value type (numbers, vectors and the references of WebAssembly 2.0, and
/// WebAssembly 3.0's `exnref`).
///
/// The raw value is the type's byte in the binary format.
///
/// ```swift
/// let type = ValueType(rawValue: 0x7F)  // .i32
/// print(type!.isNumeric, type!)          // true i32
/// ```
public enum ValueType: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// 32-bit integer, its sign left to each instruction (binary encoding 0x7F).
    case i32 = 0x7F
    /// 64-bit integer, its sign left to each instruction (0x7E).
    case i64 = 0x7E
    /// 32-bit IEEE 754 floating point (0x7D).
    case f32 = 0x7D
    /// 64-bit IEEE 754 floating point (0x7C).
    case f64 = 0x7C
    /// 128-bit vector of the SIMD instructions (0x7B).
    case v128 = 0x7B
    /// A reference to a function, or null (0x70).
    case funcref = 0x70
    /// An opaque reference to a host object, or null (0x6F).
    case externref = 0x6F
    /// A reference to an exception (a tag and its payload), or null (0x69; WebAssembly 3.0).
    case exnref = 0x69

    /// Whether this is a reference type (`funcref`, `externref` or `exnref`).
    @inlinable public var isReference: Bool { self == .funcref || self == .externref || self == .exnref }

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
        case .exnref: return "exnref"
        }
    }
}

/// A function signature: parameter types to result types.
///
/// ```swift
/// let add = FuncType(params: [.i32, .i32], results: [.i32])
/// print(add)  // [i32 i32] -> [i32]
/// ```
public struct FuncType: Sendable, Hashable, CustomStringConvertible {
    /// The parameter types, in order.
    public var params: [ValueType]
    /// The result types, in order (a function may return several).
    public var results: [ValueType]

    /// Makes a signature.
    public init(params: [ValueType], results: [ValueType]) {
        self.params = params
        self.results = results
    }

    /// The signature in the form `[i32 i32] -> [i64]`.
    public var description: String {
        "[\(params.map(\.description).joined(separator: " "))] -> [\(results.map(\.description).joined(separator: " "))]"
    }
}

/// The address type of a memory or table: `i32` (WebAssembly 2.0) or `i64` (memory64, table64).
///
/// ```swift
/// let big = MemoryType(limits: Limits(min: 1, addressType: .i64))
/// print(big.addressType.valueType)  // i64
/// ```
public enum AddressType: Sendable, Hashable, CustomStringConvertible {
    /// 32-bit addresses and indices.
    case i32
    /// 64-bit addresses and indices.
    case i64

    /// The value type of addresses, indices and sizes: `i32` or `i64`.
    @inlinable public var valueType: ValueType { self == .i64 ? .i64 : .i32 }

    /// The smaller of two address types (`memory.copy`, `table.copy` counts): `i64` only when both are.
    @inlinable public func minimum(_ other: AddressType) -> AddressType { self == .i64 && other == .i64 ? .i64 : .i32 }

    /// `i32` or `i64`.
    public var description: String { self == .i64 ? "i64" : "i32" }
}

/// Size limits of a memory (in 64 KiB pages) or a table (in elements), with the address type the
/// binary format encodes in the limits' flag.
///
/// ```swift
/// let growable = Limits(min: 1, max: 16)
/// let unbounded = Limits(min: 0)
/// let wide = Limits(min: 1, addressType: .i64)
/// ```
public struct Limits: Sendable, Hashable {
    /// The initial size, and the smallest an import may have.
    public var min: UInt64
    /// The largest size it may grow to; nil when the module sets no maximum.
    public var max: UInt64?
    /// `i64` for a 64-bit memory or table (limits flag bit 0x04), `i32` otherwise.
    public var addressType: AddressType

    /// Makes limits; without `max`, growth is bounded only by the store's limits.
    public init(min: UInt64, max: UInt64? = nil, addressType: AddressType = .i32) {
        self.min = min
        self.max = max
        self.addressType = addressType
    }
}

/// The type of a table: its element reference type and its limits.
///
/// ```swift
/// let callbacks = TableType(elementType: .funcref, limits: Limits(min: 4))
/// ```
public struct TableType: Sendable, Hashable {
    /// `funcref` or `externref`.
    public var elementType: ValueType
    /// Initial and maximum number of elements.
    public var limits: Limits

    /// Makes a table type.
    public init(elementType: ValueType, limits: Limits) {
        self.elementType = elementType
        self.limits = limits
    }

    /// The type of the table's indices: `i64` for a table64.
    @inlinable public var addressType: AddressType { limits.addressType }
}

/// The type of a linear memory: its limits in 64 KiB pages.
///
/// ```swift
/// let heap = MemoryType(limits: Limits(min: 1, max: 16))  // 64 KiB, growable to 1 MiB
/// ```
public struct MemoryType: Sendable, Hashable {
    /// Initial and maximum size, in 64 KiB pages.
    public var limits: Limits

    /// Makes a memory type.
    public init(limits: Limits) {
        self.limits = limits
    }

    /// The type of the memory's addresses: `i64` for a memory64.
    @inlinable public var addressType: AddressType { limits.addressType }
}

/// The type of a global: value type and mutability.
///
/// ```swift
/// let counter = GlobalType(valueType: .i64, isMutable: true)
/// ```
public struct GlobalType: Sendable, Hashable {
    /// The type of the value held.
    public var valueType: ValueType
    /// Whether the global is `mut`: only then may `global.set` (or the host) change it.
    public var isMutable: Bool

    /// Makes a global type.
    public init(valueType: ValueType, isMutable: Bool) {
        self.valueType = valueType
        self.isMutable = isMutable
    }
}

/// The page size of linear memory: 64 KiB.
public let wasmPageSize: Int = 65536

/// A 128-bit vector value, stored little-endian as two 64-bit halves.
///
/// ```swift
/// let vector = V128(bytes: [1, 2, 3, 4])  // bytes 4..<16 are zero
/// print(vector.lo == 0x0403_0201, vector.hi)  // true 0
/// ```
public struct V128: Sendable, Hashable {
    /// Bytes 0..<8.
    public var lo: UInt64
    /// Bytes 8..<16.
    public var hi: UInt64

    /// Makes a vector from its two halves.
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
