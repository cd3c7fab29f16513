/// A heap type: what a reference points to (WebAssembly 3.0: typed function references and GC).
///
/// It is one of the abstract heap types (`func`, `extern`, `any`, `eq`, `i31`, `struct`, `array`,
/// their bottoms `nofunc`, `noextern`, `none`, and `exn`, `noexn`), or a concrete type: a type index
/// of the module it appears in, or (inside the engine and the type registry) a canonical type ID,
/// the same for every module that defines an equivalent type.
///
/// ```swift
/// let f = HeapType.func
/// let t = HeapType.index(3)       // the module's type 3
/// print(f, t, t.typeIndex!)       // func 3 3
/// ```
public struct HeapType: Hashable, Sendable, CustomStringConvertible {
    /// The packed form: an abstract type's byte in the binary format (below `0x100`), `0x100` plus a
    /// module type index, or ``canonicalFlag`` plus a canonical type ID.
    public let rawValue: UInt32

    /// Makes a heap type from its packed form (``rawValue``).
    @inlinable public init(rawValue: UInt32) { self.rawValue = rawValue & 0xFF_FFFF }

    /// The bit that marks a canonical type ID.
    public static let canonicalFlag: UInt32 = 0x80_0000
    /// The largest module type index a heap type can hold.
    public static let maxTypeIndex: UInt32 = canonicalFlag - 0x101

    /// `func`: every function.
    public static let `func` = HeapType(rawValue: 0x70)
    /// `extern`: host references (and `extern.convert_any` of internal ones).
    public static let extern = HeapType(rawValue: 0x6F)
    /// `any`: every internal (GC) reference.
    public static let any = HeapType(rawValue: 0x6E)
    /// `eq`: the references `ref.eq` compares (i31, structs, arrays).
    public static let eq = HeapType(rawValue: 0x6D)
    /// `i31`: unboxed 31-bit integers.
    public static let i31 = HeapType(rawValue: 0x6C)
    /// `struct`: every structure.
    public static let `struct` = HeapType(rawValue: 0x6B)
    /// `array`: every array.
    public static let array = HeapType(rawValue: 0x6A)
    /// `exn`: exceptions.
    public static let exn = HeapType(rawValue: 0x69)
    /// `noexn`: the bottom of the exception hierarchy.
    public static let noExn = HeapType(rawValue: 0x74)
    /// `nofunc`: the bottom of the function hierarchy.
    public static let noFunc = HeapType(rawValue: 0x73)
    /// `noextern`: the bottom of the extern hierarchy.
    public static let noExtern = HeapType(rawValue: 0x72)
    /// `none`: the bottom of the internal (any) hierarchy.
    public static let noAny = HeapType(rawValue: 0x71)
    /// The bottom of every hierarchy, met only on the validator's polymorphic stack (never in a module).
    public static let bottom = HeapType(rawValue: 0x01)

    /// The module type index `index`.
    @inlinable public static func index(_ index: UInt32) -> HeapType { HeapType(rawValue: 0x100 &+ index) }
    /// The canonical type ID `id` (the type registry's numbering).
    @inlinable public static func canonical(_ id: Int) -> HeapType { HeapType(rawValue: canonicalFlag | UInt32(truncatingIfNeeded: id)) }

    /// Whether it is one of the abstract heap types (or the validator's bottom).
    @inlinable public var isAbstract: Bool { rawValue < 0x100 }
    /// The module type index, for a concrete type of a module.
    @inlinable public var typeIndex: UInt32? { rawValue >= 0x100 && rawValue & Self.canonicalFlag == 0 ? rawValue &- 0x100 : nil }
    /// The canonical type ID, for a canonical concrete type.
    @inlinable public var canonicalID: Int? { rawValue & Self.canonicalFlag != 0 ? Int(rawValue & ~Self.canonicalFlag) : nil }

    /// Reads an abstract heap type's byte in the binary format (0x69-0x74).
    @inlinable public init?(abstractCode code: UInt8) {
        guard (0x69...0x74).contains(code) else { return nil }
        self.init(rawValue: UInt32(code))
    }

    /// The text-format name: `func`, `any`, ..., or the type index or canonical ID.
    public var description: String {
        switch rawValue {
        case 0x70: return "func"
        case 0x6F: return "extern"
        case 0x6E: return "any"
        case 0x6D: return "eq"
        case 0x6C: return "i31"
        case 0x6B: return "struct"
        case 0x6A: return "array"
        case 0x69: return "exn"
        case 0x74: return "noexn"
        case 0x73: return "nofunc"
        case 0x72: return "noextern"
        case 0x71: return "none"
        case 0x01: return "bot"
        default:
            if let index = typeIndex { return "\(index)" }
            return "canon:\(canonicalID ?? 0)"
        }
    }

    /// The abstract type at the top of this abstract type's hierarchy (`func`, `extern`, `any` or
    /// `exn`); nil for a concrete type (its kind decides) and for the bottom.
    @inlinable public var abstractTop: HeapType? {
        switch rawValue {
        case 0x70, 0x73: return .func
        case 0x6F, 0x72: return .extern
        case 0x6E, 0x6D, 0x6C, 0x6B, 0x6A, 0x71: return .any
        case 0x69, 0x74: return .exn
        default: return nil
        }
    }
}

/// A WebAssembly value type: a number (`i32`, `i64`, `f32`, `f64`), a vector (`v128`) or a
/// reference type `(ref null? ht)` with its heap type (``HeapType``).
///
/// The short names of WebAssembly 2.0 are the nullable references to the abstract types:
/// `funcref` is `(ref null func)`, `externref` is `(ref null extern)`, `exnref` is `(ref null exn)`.
///
/// ```swift
/// let type = ValueType.i32
/// let callback = ValueType.ref(.index(0), nullable: false)  // (ref 0)
/// print(type.isNumeric, ValueType.funcref, callback)          // true funcref (ref 0)
/// ```
public struct ValueType: Hashable, Sendable, CustomStringConvertible {
    /// The packed form: the low byte is the binary format's type byte (`0x7F`...`0x7B` for numbers
    /// and vectors, `0x63` for a nullable reference, `0x64` for a non-nullable one) and the bits
    /// above it, for a reference, the heap type's ``HeapType/rawValue``.
    public let rawValue: UInt32

    /// Makes a value type from its packed form; nil when the form names no type.
    @inlinable public init?(rawValue: UInt32) {
        let kind = rawValue & 0xFF
        switch kind {
        case 0x7B...0x7F: guard rawValue >> 8 == 0 else { return nil }
        case 0x63, 0x64: guard rawValue >> 8 != 0 else { return nil }
        default: return nil
        }
        self.rawValue = rawValue
    }

    @inlinable init(uncheckedRawValue: UInt32) { rawValue = uncheckedRawValue }

    /// 32-bit integer, its sign left to each instruction (binary encoding 0x7F).
    public static let i32 = ValueType(uncheckedRawValue: 0x7F)
    /// 64-bit integer, its sign left to each instruction (0x7E).
    public static let i64 = ValueType(uncheckedRawValue: 0x7E)
    /// 32-bit IEEE 754 floating point (0x7D).
    public static let f32 = ValueType(uncheckedRawValue: 0x7D)
    /// 64-bit IEEE 754 floating point (0x7C).
    public static let f64 = ValueType(uncheckedRawValue: 0x7C)
    /// 128-bit vector of the SIMD instructions (0x7B).
    public static let v128 = ValueType(uncheckedRawValue: 0x7B)
    /// A reference to a function, or null: `(ref null func)` (0x70).
    public static let funcref = ValueType.ref(.func, nullable: true)
    /// An opaque reference to a host object, or null: `(ref null extern)` (0x6F).
    public static let externref = ValueType.ref(.extern, nullable: true)
    /// A reference to an exception (a tag and its payload), or null: `(ref null exn)` (0x69).
    public static let exnref = ValueType.ref(.exn, nullable: true)
    /// Any internal reference, or null: `(ref null any)` (0x6E).
    public static let anyref = ValueType.ref(.any, nullable: true)

    /// The reference type `(ref null? heap)`.
    @inlinable public static func ref(_ heap: HeapType, nullable: Bool) -> ValueType {
        ValueType(uncheckedRawValue: heap.rawValue << 8 | (nullable ? 0x63 : 0x64))
    }

    /// Whether this is a reference type.
    @inlinable public var isReference: Bool { rawValue & 0xFF < 0x70 }

    /// Whether this is a numeric type (`i32`, `i64`, `f32`, `f64`).
    @inlinable public var isNumeric: Bool { rawValue >= 0x7C && rawValue <= 0x7F }

    /// The heap type of a reference type; nil for numbers and vectors.
    @inlinable public var heapType: HeapType? { isReference ? HeapType(rawValue: rawValue >> 8) : nil }

    /// Whether a reference type admits null (false for numbers and vectors).
    @inlinable public var isNullable: Bool { rawValue & 0xFF == 0x63 }

    /// Whether the type has a default value (numbers, vectors, nullable references): only such
    /// locals need no initialisation and only such fields and elements may be made by default.
    @inlinable public var isDefaultable: Bool { rawValue & 0xFF != 0x64 }

    /// The same reference type, nullable or not (numbers and vectors unchanged).
    @inlinable public func withNullability(_ nullable: Bool) -> ValueType {
        guard isReference else { return self }
        return ValueType(uncheckedRawValue: rawValue & ~0xFF | (nullable ? 0x63 : 0x64))
    }

    /// The text-format name, such as `i32`, `funcref` or `(ref null 3)`.
    public var description: String {
        switch rawValue {
        case 0x7F: return "i32"
        case 0x7E: return "i64"
        case 0x7D: return "f32"
        case 0x7C: return "f64"
        case 0x7B: return "v128"
        default:
            guard let heap = heapType else { return "?" }
            if isNullable, heap.isAbstract, heap != .bottom {
                switch heap {
                case .noAny: return "nullref"
                case .noFunc: return "nullfuncref"
                case .noExtern: return "nullexternref"
                case .noExn: return "nullexnref"
                default: return "\(heap)ref"
                }
            }
            return "(ref \(isNullable ? "null " : "")\(heap))"
        }
    }
}

/// The type of a field of a structure or of an array's elements: a value type or a packed
/// integer (`i8`, `i16`), and whether it is mutable.
///
/// ```swift
/// let counter = FieldType(storage: .value(.i32), isMutable: true)
/// let byte = FieldType(storage: .i8, isMutable: false)
/// ```
public struct FieldType: Hashable, Sendable {
    /// What the field stores.
    public var storage: StorageType
    /// Whether `struct.set` / `array.set` may change it.
    public var isMutable: Bool

    /// Makes a field type.
    public init(storage: StorageType, isMutable: Bool) {
        self.storage = storage
        self.isMutable = isMutable
    }
}

/// What a field stores: a value type, or an 8- or 16-bit integer read with `_s`/`_u` instructions.
public enum StorageType: Hashable, Sendable {
    /// A value of this type.
    case value(ValueType)
    /// An 8-bit integer (binary 0x78).
    case i8
    /// A 16-bit integer (binary 0x77).
    case i16

    /// The type a read of the field pushes (`i32` for the packed types).
    @inlinable public var unpacked: ValueType {
        switch self {
        case .value(let type): return type
        case .i8, .i16: return .i32
        }
    }

    /// Bytes an array element of this type takes.
    @inlinable public var byteSize: Int {
        switch self {
        case .i8: return 1
        case .i16: return 2
        case .value(let type):
            switch type {
            case .i32, .f32: return 4
            case .v128: return 16
            default: return 8
            }
        }
    }
}

/// The structure of a defined type: a function, structure or array type.
public enum CompositeType: Hashable, Sendable {
    /// A function type.
    case `func`(FuncType)
    /// A structure type: its fields, in order.
    case `struct`([FieldType])
    /// An array type: its element type.
    case array(FieldType)

    /// The function type, when it is one.
    @inlinable public var functionType: FuncType? {
        if case .func(let type) = self { return type }
        return nil
    }
}

/// A type definition of the type section (WebAssembly 3.0): a composite type, whether it is
/// final (no subtypes allowed) and its declared supertype (at most one).
///
/// A plain `func`/`struct`/`array` definition is final with no supertype.
public struct SubType: Hashable, Sendable {
    /// Whether the type may not be a supertype.
    public var isFinal: Bool
    /// The declared supertype's type index, if any.
    public var supertype: UInt32?
    /// The structure of the type.
    public var composite: CompositeType

    /// Makes a type definition.
    public init(isFinal: Bool = true, supertype: UInt32? = nil, composite: CompositeType) {
        self.isFinal = isFinal
        self.supertype = supertype
        self.composite = composite
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
    /// A reference type (`funcref`, `externref`, `(ref null? ht)`).
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

extension HeapType {
    /// The binary encoding: an abstract type's byte, or a module type index as `s33` (empty for a
    /// canonical ID, which has no encoding).
    public var binaryEncoding: [UInt8] {
        if isAbstract { return [UInt8(truncatingIfNeeded: rawValue)] }
        guard let index = typeIndex else { return [] }
        var value = Int64(index)
        var out: [UInt8] = []
        while true {
            let byte = UInt8(truncatingIfNeeded: value & 0x7F)
            value >>= 7
            if (value == 0 && byte & 0x40 == 0) || (value == -1 && byte & 0x40 != 0) {
                out.append(byte)
                return out
            }
            out.append(byte | 0x80)
        }
    }
}

extension ValueType {
    /// The binary encoding: one byte for numbers, vectors and nullable references to abstract
    /// types (`funcref` is 0x70), else 0x63/0x64 and the heap type.
    public var binaryEncoding: [UInt8] {
        guard let heap = heapType else { return [UInt8(truncatingIfNeeded: rawValue)] }
        if isNullable, heap.isAbstract { return heap.binaryEncoding }
        return [isNullable ? 0x63 : 0x64] + heap.binaryEncoding
    }
}
