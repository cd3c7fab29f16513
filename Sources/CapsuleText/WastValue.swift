import CapsuleCore

/// A concrete value in a `.wast` script: an argument of `invoke`, or a value an engine returned.
///
/// Floats are kept as their bit patterns so that NaN payloads survive.
public enum WastValue: Sendable, Hashable, CustomStringConvertible {
    /// An `i32`, as its bits.
    case i32(UInt32)
    /// An `i64`, as its bits.
    case i64(UInt64)
    /// An `f32`, as its IEEE 754 bit pattern.
    case f32(UInt32)
    /// An `f64`, as its IEEE 754 bit pattern.
    case f64(UInt64)
    /// A 128-bit vector.
    case v128(V128)
    /// A null reference of the given reference type (`funcref` or `externref`).
    case refNull(ValueType)
    /// A non-null function reference; the number is the function index used by the script (`ref.func N`).
    case refFunc(UInt32)
    /// A non-null external reference: the host value `N` of `(ref.extern N)`.
    case refExtern(UInt32)
    /// A null reference of an abstract heap type beyond `func` and `extern` (`any`, `none`, `exn`, ...), by
    /// its text name.
    case refNullAbstract(String)
    /// A host reference `(ref.host N)`.
    case refHost(UInt32)
    /// A non-null internal reference an engine returned, by its kind (`i31`, `struct`, `array`).
    case reference(String)

    /// Whether a WebAssembly 2.0 engine can represent the value (numbers, vectors, func and extern refs).
    public var isWebAssembly2: Bool {
        switch self {
        case .refNullAbstract, .refHost, .reference: return false
        default: return true
        }
    }

    /// The hierarchy (`func`, `extern`, `exn` or `any`) of a heap type's text name; type names and
    /// indices count as `any` (scripts name function types only through `func`).
    public static func hierarchy(ofHeapNamed name: String) -> String {
        switch name {
        case "func", "nofunc": return "func"
        case "extern", "noextern": return "extern"
        case "exn", "noexn": return "exn"
        default: return "any"
        }
    }

    /// The hierarchy of a null reference's type, or nil for another value.
    var nullHierarchy: String? {
        switch self {
        case .refNull(let type):
            if type == .externref { return "extern" }
            if type == .exnref { return "exn" }
            return type == .funcref ? "func" : "any"
        case .refNullAbstract(let name): return WastValue.hierarchy(ofHeapNamed: name)
        default: return nil
        }
    }

    /// The value's type (`externref` for references beyond WebAssembly 2.0).
    public var type: ValueType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        case .refNull(let type): return type
        case .refFunc: return .funcref
        case .refExtern, .refNullAbstract, .refHost: return .externref
        case .reference: return .anyref
        }
    }

    /// The value in the script's notation, such as `(i32.const 7)` or `(f32.const 0x7fc00000 bits)`.
    public var description: String {
        switch self {
        case .i32(let v): return "(i32.const \(Int32(bitPattern: v)))"
        case .i64(let v): return "(i64.const \(Int64(bitPattern: v)))"
        case .f32(let bits): return "(f32.const \(WastValue.describeFloat32(bits)))"
        case .f64(let bits): return "(f64.const \(WastValue.describeFloat64(bits)))"
        case .v128(let v): return "(v128.const i8x16 \(v.bytes.map { String(Int8(bitPattern: $0)) }.joined(separator: " ")))"
        case .refNull(let type): return "(ref.null \(type == .funcref ? "func" : "extern"))"
        case .refFunc(let index): return "(ref.func \(index))"
        case .refExtern(let value): return "(ref.extern \(value))"
        case .refNullAbstract(let name): return "(ref.null \(name))"
        case .refHost(let value): return "(ref.host \(value))"
        case .reference(let kind): return "(ref.\(kind))"
        }
    }

    static func describeFloat32(_ bits: UInt32) -> String {
        let value = Float(bitPattern: bits)
        if value.isNaN {
            let payload = bits & 0x007F_FFFF
            return "\(bits >> 31 == 1 ? "-" : "")nan:0x\(String(payload, radix: 16))"
        }
        return "\(value)"
    }

    static func describeFloat64(_ bits: UInt64) -> String {
        let value = Double(bitPattern: bits)
        if value.isNaN {
            let payload = bits & 0x000F_FFFF_FFFF_FFFF
            return "\(bits >> 63 == 1 ? "-" : "")nan:0x\(String(payload, radix: 16))"
        }
        return "\(value)"
    }
}

/// Which NaNs a `nan:canonical` or `nan:arithmetic` expectation accepts.
public enum NaNPattern: Sendable, Hashable, CustomStringConvertible {
    /// Only the canonical NaN (quiet bit set, rest of the payload zero), either sign.
    case canonical
    /// Any NaN with the quiet bit set, either sign.
    case arithmetic

    /// `nan:canonical` or `nan:arithmetic`.
    public var description: String { self == .canonical ? "nan:canonical" : "nan:arithmetic" }

    /// Whether the `f32` bit pattern is a NaN this pattern accepts.
    public func matches(f32 bits: UInt32) -> Bool {
        let magnitude = bits & 0x7FFF_FFFF
        switch self {
        case .canonical: return magnitude == 0x7FC0_0000
        case .arithmetic: return magnitude & 0x7FC0_0000 == 0x7FC0_0000
        }
    }

    /// Whether the `f64` bit pattern is a NaN this pattern accepts.
    public func matches(f64 bits: UInt64) -> Bool {
        let magnitude = bits & 0x7FFF_FFFF_FFFF_FFFF
        switch self {
        case .canonical: return magnitude == 0x7FF8_0000_0000_0000
        case .arithmetic: return magnitude & 0x7FF8_0000_0000_0000 == 0x7FF8_0000_0000_0000
        }
    }
}

/// The expectation for one float lane of a `v128` result.
public enum WastFloatLane: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this bit pattern (the low 32 bits for `f32x4` lanes).
    case bits(UInt64)
    /// A NaN of the given kind.
    case nan(NaNPattern)

    /// The lane as the script writes it (bit patterns in hexadecimal).
    public var description: String {
        switch self {
        case .bits(let bits): return "0x\(String(bits, radix: 16))"
        case .nan(let pattern): return pattern.description
        }
    }
}

/// A `v128` expectation written with a float lane shape, where lanes may be NaN patterns.
public struct WastV128Pattern: Sendable, Hashable, CustomStringConvertible {
    /// The lane shape of a float `v128` expectation.
    public enum Shape: Sendable, Hashable {
        /// Four 32-bit float lanes.
        case f32x4
        /// Two 64-bit float lanes.
        case f64x2
    }

    /// The lane shape.
    public var shape: Shape
    /// Four lanes for `f32x4`, two for `f64x2`.
    public var lanes: [WastFloatLane]

    /// Creates a pattern; `lanes` should have four entries for `f32x4` and two for `f64x2`.
    public init(shape: Shape, lanes: [WastFloatLane]) {
        self.shape = shape
        self.lanes = lanes
    }

    /// Whether the vector satisfies every lane.
    public func matches(_ value: V128) -> Bool {
        let bytes = value.bytes
        let laneWidth = shape == .f32x4 ? 4 : 8
        guard lanes.count * laneWidth == bytes.count else { return false }
        for (i, lane) in lanes.enumerated() {
            var bits: UInt64 = 0
            for k in 0..<laneWidth {
                bits |= UInt64(bytes[i * laneWidth + k]) << (8 * UInt64(k))
            }
            switch lane {
            case .bits(let expected):
                if bits != expected { return false }
            case .nan(let pattern):
                let ok = shape == .f32x4 ? pattern.matches(f32: UInt32(truncatingIfNeeded: bits)) : pattern.matches(f64: bits)
                if !ok { return false }
            }
        }
        return true
    }

    /// The pattern in the script's notation.
    public var description: String {
        "(v128.const \(shape == .f32x4 ? "f32x4" : "f64x2") \(lanes.map(\.description).joined(separator: " ")))"
    }
}

/// What an `assert_return` expects of one result.
public enum WastExpectedValue: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this value (floats compared bit for bit; references by kind and value).
    case value(WastValue)
    /// An `f32` NaN of the given kind (`(f32.const nan:canonical)`).
    case f32NaN(NaNPattern)
    /// An `f64` NaN of the given kind.
    case f64NaN(NaNPattern)
    /// A `v128` written with a float shape, lane by lane.
    case v128Lanes(WastV128Pattern)
    /// A null reference, of the given type when the script names one.
    case refNull(ValueType?)
    /// A non-null function reference (any function when no index is given).
    case refFunc(UInt32?)
    /// A non-null external reference (any when no value is given).
    case refExtern(UInt32?)
    /// Any one of the candidates (`(either ...)`).
    case either([WastExpectedValue])
    /// A null reference of an abstract heap type beyond `func` and `extern`, by name (`(ref.null any)`).
    case refNullAbstract(String)
    /// A host reference, any when no value is given (`(ref.host 1)`).
    case refHost(UInt32?)
    /// A non-null reference of the given kind, by the name after `ref.` (`struct`, `array`, `i31`, `eq`,
    /// `any`, `exn`).
    case reference(String)

    /// Whether a WebAssembly 2.0 engine's results can be judged against this expectation.
    public var isWebAssembly2: Bool {
        switch self {
        case .refNullAbstract, .refHost, .reference: return false
        case .either(let candidates): return candidates.allSatisfy(\.isWebAssembly2)
        case .value(let value): return value.isWebAssembly2
        default: return true
        }
    }

    /// Whether an actual result satisfies the expectation.
    ///
    /// ```swift
    /// WastExpectedValue.f32NaN(.canonical).matches(.f32(0x7FC0_0000)) // true
    /// ```
    public func matches(_ actual: WastValue) -> Bool {
        switch (self, actual) {
        case (.value(let expected), _):
            return expected == actual
        case (.f32NaN(let pattern), .f32(let bits)):
            return pattern.matches(f32: bits)
        case (.f64NaN(let pattern), .f64(let bits)):
            return pattern.matches(f64: bits)
        case (.v128Lanes(let pattern), .v128(let vector)):
            return pattern.matches(vector)
        case (.refNull(let type), _):
            guard let hierarchy = actual.nullHierarchy else { return false }
            return type.map { WastValue.refNull($0).nullHierarchy == hierarchy } ?? true
        case (.refNullAbstract(let name), _):
            return actual.nullHierarchy == WastValue.hierarchy(ofHeapNamed: name)
        case (.refHost(let value), .refExtern(let actualValue)), (.refHost(let value), .refHost(let actualValue)):
            return value == nil || value == actualValue
        case (.reference(let kind), .reference(let actualKind)):
            switch kind {
            case "any": return true
            case "eq": return actualKind == "i31" || actualKind == "struct" || actualKind == "array"
            default: return kind == actualKind
            }
        case (.reference("any"), .refExtern), (.reference("any"), .refHost):
            return true
        case (.refFunc(let index), .refFunc(let actualIndex)):
            return index == nil || index == actualIndex
        case (.refExtern(let value), .refExtern(let actualValue)):
            return value == nil || value == actualValue
        case (.either(let candidates), _):
            return candidates.contains { $0.matches(actual) }
        default:
            return false
        }
    }

    /// The expectation in the script's notation.
    public var description: String {
        switch self {
        case .value(let value): return value.description
        case .f32NaN(let pattern): return "(f32.const \(pattern))"
        case .f64NaN(let pattern): return "(f64.const \(pattern))"
        case .v128Lanes(let pattern): return pattern.description
        case .refNull(let type):
            guard let type else { return "(ref.null)" }
            return WastValue.refNull(type).description
        case .refFunc(let index): return index.map { "(ref.func \($0))" } ?? "(ref.func)"
        case .refExtern(let value): return value.map { "(ref.extern \($0))" } ?? "(ref.extern)"
        case .either(let candidates): return "(either \(candidates.map(\.description).joined(separator: " ")))"
        case .refNullAbstract(let name): return "(ref.null \(name))"
        case .refHost(let value): return value.map { "(ref.host \($0))" } ?? "(ref.host)"
        case .reference(let kind): return "(ref.\(kind))"
        }
    }
}
