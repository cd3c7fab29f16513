import CapsuleCore

/// A WebAssembly value.
///
/// Numbers are carried as bit patterns: `.i32(UInt32(bitPattern: -1))`, `.f64(2.5.bitPattern)`;
/// the ``Value/float32(_:)`` style helpers build and read them as Swift numbers.
///
/// ```swift
/// let results = try add.call([.i32(2), .i32(UInt32(bitPattern: -3))])
/// if case .i32(let bits) = results[0] { print(Int32(bitPattern: bits)) }  // -1
/// let half = Value.float64(0.5)
/// ```
public enum Value: Hashable, Sendable, CustomStringConvertible {
    /// An `i32`, as its 32 bits (`.i32(UInt32(bitPattern: -1))` for -1).
    case i32(UInt32)
    /// An `i64`, as its 64 bits.
    case i64(UInt64)
    /// An `f32`, as its IEEE 754 bit pattern (NaN payloads are preserved).
    case f32(UInt32)
    /// An `f64`, as its IEEE 754 bit pattern.
    case f64(UInt64)
    /// A `v128`.
    case v128(V128)
    /// A function reference, or null.
    case funcref(FunctionReference?)
    /// An external (host) reference, or null.
    case externref(ExternReference?)
    /// A reference to a Wasm exception, or null.
    case exnref(ExceptionReference?)

    /// The value's type.
    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .funcref: return .funcref
        case .externref: return .externref
        case .exnref: return .exnref
        }
    }

    /// An `f32` value from a Swift `Float`.
    public static func float32(_ value: Float) -> Value { .f32(value.bitPattern) }
    /// An `f64` value from a Swift `Double`.
    public static func float64(_ value: Double) -> Value { .f64(value.bitPattern) }

    /// The zero value of a type (null for references).
    public static func zero(_ type: ValueType) -> Value {
        switch type {
        case .i32: return .i32(0)
        case .i64: return .i64(0)
        case .f32: return .f32(0)
        case .f64: return .f64(0)
        case .v128: return .v128(V128(lo: 0, hi: 0))
        case .funcref: return .funcref(nil)
        case .externref: return .externref(nil)
        case .exnref: return .exnref(nil)
        }
    }

    /// The type and the value, such as `i32:-1` (integers read as signed), `f64:2.5` or `funcref:null`.
    public var description: String {
        switch self {
        case .i32(let v): return "i32:\(Int32(bitPattern: v))"
        case .i64(let v): return "i64:\(Int64(bitPattern: v))"
        case .f32(let v): return "f32:\(Float(bitPattern: v))"
        case .f64(let v): return "f64:\(Double(bitPattern: v))"
        case .v128(let v): return "v128:\(v.bytes)"
        case .funcref(let f): return f == nil ? "funcref:null" : "funcref"
        case .externref(let e): return e.map { "externref:\($0.value)" } ?? "externref:null"
        case .exnref(let e): return e == nil ? "exnref:null" : "exnref"
        }
    }

    /// The 64-bit slot representation used by the engine.
    var slot: UInt64 {
        switch self {
        case .i32(let v): return UInt64(v)
        case .i64(let v): return v
        case .f32(let v): return UInt64(v)
        case .f64(let v): return v
        case .v128(let v): return v.lo
        case .funcref(let f): return f.map { UInt64(UInt(bitPattern: $0.record)) } ?? 0
        case .externref(let e): return e.map { $0.value &+ 1 } ?? 0
        case .exnref(let e): return e.map { UInt64($0.index) &+ 1 } ?? 0
        }
    }

    /// Writes the value into its slot (two for a `v128`); returns the number of slots written.
    @discardableResult
    func write(to slots: UnsafeMutablePointer<UInt64>) -> Int {
        if case .v128(let vector) = self {
            slots[0] = vector.lo
            slots[1] = vector.hi
            return 2
        }
        slots[0] = slot
        return 1
    }

    /// Reads a value of `type` from its slot (two for a `v128`).
    init(slots: UnsafeMutablePointer<UInt64>, type: ValueType, store: Store) {
        if type == .v128 {
            self = .v128(V128(lo: slots[0], hi: slots[1]))
        } else {
            self.init(slot: slots[0], type: type, store: store)
        }
    }

    init(slot: UInt64, type: ValueType, store: Store) {
        switch type {
        case .i32: self = .i32(UInt32(truncatingIfNeeded: slot))
        case .i64: self = .i64(slot)
        case .f32: self = .f32(UInt32(truncatingIfNeeded: slot))
        case .f64: self = .f64(slot)
        case .v128: self = .v128(V128(lo: slot, hi: 0))
        case .funcref:
            self = .funcref(UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(slot)).map { FunctionReference(record: $0, storeID: store.id) })
        case .externref:
            self = .externref(slot == 0 ? nil : ExternReference(slot &- 1))
        case .exnref:
            self = .exnref(store.exception(fromReference: slot).map { ExceptionReference(index: $0, storeID: store.id) })
        }
    }
}

/// A non-null reference to a function, as held in tables and `funcref` values.
///
/// ```swift
/// if case .funcref(let reference?) = table.element(at: 0) { print(reference.functionIndex) }
/// ```
public struct FunctionReference: Hashable, @unchecked Sendable {
    let record: UnsafeMutablePointer<FunctionRecord>
    /// The store the function lives in (``Store/id``): a reference is refused by every other store.
    let storeID: UInt64

    /// The function's index in its module's function index space (0 for host functions).
    public var functionIndex: UInt32 { record.pointee.functionIndex }
}

/// A non-null host reference, as held in `externref` values: an opaque number the host chooses.
///
/// ```swift
/// let handle = Value.externref(ExternReference(42))  // the guest sees an opaque reference
/// ```
public struct ExternReference: Hashable, Sendable {
    /// The host's number for the referenced object.
    public var value: UInt64

    /// A reference carrying the host's number `value`.
    public init(_ value: UInt64) {
        self.value = value
    }
}

/// A non-null reference to a Wasm exception of a store, as held in `exnref` values. The host can
/// only pass it back to Wasm code of the same store (which may rethrow it with `throw_ref`).
///
/// ```swift
/// if case .exnref(let exception?) = try catcher.call()[0] { _ = try rethrower.call([.exnref(exception)]) }
/// ```
public struct ExceptionReference: Hashable, Sendable {
    /// Index of the exception object in its store.
    let index: Int
    /// The store it belongs to (``Store/id``): a reference is refused by every other store.
    let storeID: UInt64
}
