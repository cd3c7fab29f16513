import CapsuleCore

/// The exact semantics of every WebAssembly 2.0 scalar numeric instruction.
///
/// `Numerics` has no cases; it is a namespace of static functions that the interpreter calls from
/// its dispatch loop. Each function is named after the ``CapsuleBinary/NumericOp`` case it
/// implements (`Numerics.i32DivS` implements `i32.div_s`), is `@inline(__always)`, is not generic,
/// and is total: no input can make it hit a Swift runtime trap.
///
/// Values travel as raw bit patterns: `i32` and `f32` as `UInt32`, `i64` and `f64` as `UInt64`.
/// Signed interpretations and floating-point views are taken inside each function, so callers
/// never convert. Instructions that can trap throw a ``CapsuleCore/TrapKind`` with typed throws:
///
/// ```swift
/// let quotient = try Numerics.i32DivS(a, b)   // throws .integerDivideByZero or .integerOverflow
/// let sum = Numerics.f64Add(x, y)             // bit patterns in, bit pattern out
/// ```
///
/// NaN results follow the specification's rules (core spec, "Numerics", NaN propagation): every
/// NaN a function returns has its quiet bit set (an *arithmetic* NaN), and when all NaN inputs are
/// canonical, so is the result. Plain arithmetic relies on the hardware (IEEE 754 quiets signalling
/// NaNs and yields the default NaN for invalid operations); functions whose library or bit-level
/// implementation could pass a signalling NaN through (rounding, min/max, promote/demote) quiet
/// it explicitly.
@usableFromInline
internal enum Numerics {}

extension Numerics {
    /// Sign bit of an `f32` bit pattern.
    @usableFromInline static var f32SignBit: UInt32 { @inline(__always) get { 0x8000_0000 } }
    /// Quiet bit (most significant fraction bit) of an `f32` bit pattern.
    @usableFromInline static var f32QuietBit: UInt32 { @inline(__always) get { 0x0040_0000 } }
    /// Sign bit of an `f64` bit pattern.
    @usableFromInline static var f64SignBit: UInt64 { @inline(__always) get { 0x8000_0000_0000_0000 } }
    /// Quiet bit (most significant fraction bit) of an `f64` bit pattern.
    @usableFromInline static var f64QuietBit: UInt64 { @inline(__always) get { 0x0008_0000_0000_0000 } }

    /// Converts a Swift truth value to WebAssembly's `i32` 1 or 0.
    @inline(__always) @usableFromInline
    static func bool(_ value: Bool) -> UInt32 { value ? 1 : 0 }
}
