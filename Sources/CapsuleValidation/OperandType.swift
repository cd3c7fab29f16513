import CapsuleCore

/// The type of one operand-stack slot during validation: a ``ValueType``'s packed form (its
/// ``ValueType/rawValue``, references in canonical form), or ``unknown`` (0) for the bottom type
/// that the polymorphic stack yields after an unconditional branch. The stack of the validator is a
/// flat array of these words, so pushes and pops never allocate once the array has grown.
typealias OperandType = UInt32

extension OperandType {
    /// The bottom type of the polymorphic stack: matches every value type.
    static let unknown: OperandType = 0

    static let i32 = ValueType.i32.rawValue
    static let i64 = ValueType.i64.rawValue
    static let f32 = ValueType.f32.rawValue
    static let f64 = ValueType.f64.rawValue
    static let v128 = ValueType.v128.rawValue
    static let funcref = ValueType.funcref.rawValue
    static let externref = ValueType.externref.rawValue
    static let exnref = ValueType.exnref.rawValue

    /// The value type, for a slot that is not unknown.
    var valueType: ValueType? { ValueType(rawValue: self) }

    /// Whether the slot is numeric (or unknown, which can stand for a numeric type).
    var isNumericOrUnknown: Bool {
        self == .unknown || self == .i32 || self == .i64 || self == .f32 || self == .f64
    }

    /// Whether the slot is `v128` (or unknown).
    var isVectorOrUnknown: Bool { self == .unknown || self == .v128 }

    /// Whether the slot is a reference type (or unknown).
    var isReferenceOrUnknown: Bool { self == .unknown || self & 0xFF < 0x70 }

    /// Whether the slot is a reference type.
    var isReference: Bool { self != .unknown && self & 0xFF < 0x70 }

    /// The text-format name used in error messages (`_` for unknown).
    var typeName: String {
        if let type = ValueType(rawValue: self) { return type.description }
        return "_"
    }
}
