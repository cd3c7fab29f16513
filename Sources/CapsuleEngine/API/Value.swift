import CapsuleBinary
import CapsuleCore
import CapsuleValidation

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
    /// An internal reference (the `any` hierarchy of WebAssembly 3.0: i31 values and references
    /// internalised from `extern`), or null.
    case anyref(AnyReference?)

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
        case .anyref: return .anyref
        }
    }

    /// The hierarchy a reference type belongs to (by the top of its heap type); nil for numbers and
    /// vectors. Concrete heap types must be in canonical form.
    static func hierarchy(of type: ValueType) -> HeapType? {
        guard let heap = type.heapType else { return nil }
        if heap.typeIndex != nil { return .func }
        return TypeRegistry.shared.top(of: heap)
    }

    /// Whether the value may stand where a value of `type` is expected: numbers and vectors of that
    /// type, references of its hierarchy that fit its heap type (a null only in a nullable type; a
    /// function only in a type its own type is a subtype of). Concrete types must be canonical.
    public func matches(_ type: ValueType) -> Bool {
        guard let heap = type.heapType, let hierarchy = Value.hierarchy(of: type) else { return self.type == type }
        switch self {
        case .funcref(let function):
            guard hierarchy == .func else { return false }
            guard let function else { return type.isNullable }
            if heap == .func { return true }
            guard let id = heap.canonicalID else { return false }
            return TypeRegistry.shared.isSubtype(function.record.pointee.typeID, of: id)
        case .externref(let reference):
            guard hierarchy == .extern else { return false }
            return reference == nil ? type.isNullable : heap == .extern
        case .exnref(let reference):
            guard hierarchy == .exn else { return false }
            return reference == nil ? type.isNullable : heap == .exn
        case .anyref(let reference):
            guard hierarchy == .any else { return false }
            guard let reference else { return type.isNullable }
            // An object is kept alive by the reference's root, so its header can be read.
            return Store.referenceMatches(reference.bits, type)
        default:
            return false
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
        default:
            switch hierarchy(of: type) {
            case .extern: return .externref(nil)
            case .exn: return .exnref(nil)
            case .any: return .anyref(nil)
            default: return .funcref(nil)
            }
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
        case .anyref(let a): return a.map { "anyref:\($0)" } ?? "anyref:null"
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
        case .externref(let e): return e?.bits ?? 0
        case .exnref(let e): return e.map { UInt64($0.index) &+ 1 } ?? 0
        case .anyref(let a): return a?.bits ?? 0
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
        default:
            switch Value.hierarchy(of: type) {
            case .extern:
                self = .externref(slot == 0 ? nil : ExternReference(bits: slot, root: GCRoot(slot, in: store)))
            case .exn:
                self = .exnref(store.exception(fromReference: slot).map { ExceptionReference(index: $0, storeID: store.id) })
            case .any:
                self = .anyref(slot == 0 ? nil : AnyReference(bits: slot, root: GCRoot(slot, in: store)))
            default:
                self = .funcref(UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(slot)).map { FunctionReference(record: $0, storeID: store.id) })
            }
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

/// A non-null host reference, as held in `externref` values: an opaque number the host chooses,
/// or an internal reference made external by `extern.convert_any`.
///
/// The engine keeps both kinds in one 64-bit slot, tagged in its low two bits (a host number is
/// shifted left by two), so a host number keeps its low 62 bits: numbers from 0 to 2^62-1 come back
/// unchanged.
///
/// ```swift
/// let handle = Value.externref(ExternReference(42))  // the guest sees an opaque reference
/// ```
public struct ExternReference: Hashable, Sendable {
    /// The slot's bits: a host number `n` is `n << 2 | 2`; other tags are internal references.
    let bits: UInt64
    /// Keeps a heap object alive while the reference exists (nil for host numbers and i31 values).
    let root: GCRoot?

    /// The largest host number a reference keeps unchanged.
    public static let maximumValue: UInt64 = (1 << 62) - 1

    /// A reference carrying the host's number `value` (its low 62 bits, ``maximumValue``).
    public init(_ value: UInt64) {
        bits = value << 2 | 2
        root = nil
    }

    init(bits: UInt64, root: GCRoot?) {
        self.bits = bits
        self.root = root
    }

    /// The host's number for the referenced object; for an internal reference made external
    /// (`extern.convert_any`), the number of its bits, which only Wasm can use.
    public var value: UInt64 { bits & 3 == 2 ? bits >> 2 : bits }

    /// Whether the reference is a host number (rather than an internal reference made external).
    public var isHostValue: Bool { bits & 3 == 2 }

    /// Equal when they refer to the same thing.
    public static func == (a: ExternReference, b: ExternReference) -> Bool { a.bits == b.bits }

    /// Hashes the referenced thing's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(bits) }
}

/// A non-null internal reference (`anyref` hierarchy): an `i31` value, or a host reference
/// internalised by `any.convert_extern`.
///
/// ```swift
/// let small = Value.anyref(AnyReference(i31: -5))
/// if case .anyref(let r?) = small { print(r.i31Value ?? 0) }  // -5
/// ```
public struct AnyReference: Hashable, Sendable, CustomStringConvertible {
    /// The slot's bits (low bit 1: an i31 value; low bits 10: a host number; 00: a heap object).
    let bits: UInt64
    /// Keeps a heap object alive while the reference exists, and names its store.
    let root: GCRoot?

    init(bits: UInt64, root: GCRoot?) {
        self.bits = bits
        self.root = root
    }

    /// An `i31ref` holding the low 31 bits of `value`.
    public init(i31 value: Int32) {
        bits = UInt64(UInt32(bitPattern: value) & 0x7FFF_FFFF) << 1 | 1
        root = nil
    }

    /// An external reference made internal, as `any.convert_extern` makes it: a host number becomes
    /// an `anyref` holding it, an internal reference made external becomes itself again.
    public init(internalizing reference: ExternReference) {
        bits = reference.bits
        root = reference.root
    }

    /// The `i31` value (sign-extended), when the reference is an i31.
    public var i31Value: Int32? {
        guard bits & 1 == 1 else { return nil }
        return Int32(bitPattern: UInt32(truncatingIfNeeded: bits >> 1) << 1) >> 1
    }

    /// The reference made external (`extern.convert_any`): the same bits in an `externref`.
    public var externalized: ExternReference { ExternReference(bits: bits, root: root) }

    /// What the reference is: `i31`, `extern` (an internalised host number), `struct` or `array`.
    public var kind: String {
        if bits & 1 == 1 { return "i31" }
        if bits & 3 == 2 { return "extern" }
        return root?.kind == 2 ? "array" : "struct"
    }

    /// `i31:N`, `extern:N`, `struct` or `array`.
    public var description: String {
        if let value = i31Value { return "i31:\(value)" }
        if bits & 3 == 2 { return "extern:\(bits >> 2)" }
        return kind
    }

    /// Equal when they refer to the same thing (`ref.eq` for i31 values and objects).
    public static func == (a: AnyReference, b: AnyReference) -> Bool { a.bits == b.bits }

    /// Hashes the referenced thing's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(bits) }
}

/// Keeps one heap object of a store alive for the host: while a ``AnyReference`` or
/// ``ExternReference`` holding it exists, the store's collector treats the object as a root.
/// Like its store, not for use from several threads at once.
final class GCRoot: @unchecked Sendable {
    let address: UInt
    /// The store the object lives in (``Store/id``): another store refuses the reference.
    let storeID: UInt64
    /// 1: structure, 2: array.
    let kind: UInt8
    private weak var store: Store?

    /// A root for `bits` when they are a heap object of `store`; nil for null, i31 and host numbers.
    init?(_ bits: UInt64, in store: Store) {
        guard bits != 0, bits & 3 == 0, let object = UnsafeMutableRawPointer(bitPattern: UInt(bits)) else { return nil }
        address = UInt(bits)
        storeID = store.id
        kind = store.gcHeap.layout(GCObject.typeID(object)).kind
        self.store = store
        store.gcHeap.hostRoots[address, default: 0] += 1
    }

    deinit {
        guard let heap = store?.gcHeap else { return }
        if let count = heap.hostRoots[address], count > 1 {
            heap.hostRoots[address] = count - 1
        } else {
            heap.hostRoots[address] = nil
        }
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

extension CapsuleBinary.Module {
    /// Whether a reference type written in this module (type indices its own) is in the function
    /// hierarchy: `func`, `nofunc` or one of its function types.
    func isFunctionReference(_ type: ValueType) -> Bool {
        guard let heap = type.heapType else { return false }
        if let index = heap.typeIndex {
            return Int(index) < typeDefinitions.count && typeDefinitions[Int(index)].composite.functionType != nil
        }
        return heap == .func || heap == .noFunc
    }
}
