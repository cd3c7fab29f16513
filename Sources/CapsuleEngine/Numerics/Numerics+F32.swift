import CapsuleCore

/// `f32` instructions: sign operations, rounding, square root, arithmetic, minimum and maximum,
/// and comparisons. Operands and results are `UInt32` bit patterns; comparisons produce an `i32`.
extension Numerics {
    // MARK: Sign operations (pure bit operations; NaN payloads are kept as they are)

    /// `f32.abs`: clears the sign bit, also of a NaN.
    @inline(__always) @usableFromInline
    static func f32Abs(_ a: UInt32) -> UInt32 { a & ~f32SignBit }

    /// `f32.neg`: flips the sign bit, also of a NaN.
    @inline(__always) @usableFromInline
    static func f32Neg(_ a: UInt32) -> UInt32 { a ^ f32SignBit }

    /// `f32.copysign`: `a` with the sign bit of `b`.
    @inline(__always) @usableFromInline
    static func f32Copysign(_ a: UInt32, _ b: UInt32) -> UInt32 { (a & ~f32SignBit) | (b & f32SignBit) }

    // MARK: Rounding and square root

    /// `f32.ceil`: rounds toward positive infinity; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f32Ceil(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x.isNaN { return a | f32QuietBit }
        return x.rounded(.up).bitPattern
    }

    /// `f32.floor`: rounds toward negative infinity; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f32Floor(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x.isNaN { return a | f32QuietBit }
        return x.rounded(.down).bitPattern
    }

    /// `f32.trunc`: rounds toward zero; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f32Trunc(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x.isNaN { return a | f32QuietBit }
        return x.rounded(.towardZero).bitPattern
    }

    /// `f32.nearest`: rounds to the nearest integer, ties to even (so 0.5 → 0, 1.5 → 2, -0.5 → -0);
    /// a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f32Nearest(_ a: UInt32) -> UInt32 {
        let x = Float(bitPattern: a)
        if x.isNaN { return a | f32QuietBit }
        return x.rounded(.toNearestOrEven).bitPattern
    }

    /// `f32.sqrt`: correctly rounded square root; `sqrt(-0)` is -0 and negative numbers give NaN.
    @inline(__always) @usableFromInline
    static func f32Sqrt(_ a: UInt32) -> UInt32 { Float(bitPattern: a).squareRoot().bitPattern }

    // MARK: Arithmetic

    /// `f32.add`: IEEE 754 addition, round to nearest even.
    @inline(__always) @usableFromInline
    static func f32Add(_ a: UInt32, _ b: UInt32) -> UInt32 { (Float(bitPattern: a) + Float(bitPattern: b)).bitPattern }

    /// `f32.sub`: IEEE 754 subtraction, round to nearest even.
    @inline(__always) @usableFromInline
    static func f32Sub(_ a: UInt32, _ b: UInt32) -> UInt32 { (Float(bitPattern: a) - Float(bitPattern: b)).bitPattern }

    /// `f32.mul`: IEEE 754 multiplication, round to nearest even.
    @inline(__always) @usableFromInline
    static func f32Mul(_ a: UInt32, _ b: UInt32) -> UInt32 { (Float(bitPattern: a) * Float(bitPattern: b)).bitPattern }

    /// `f32.div`: IEEE 754 division, round to nearest even; `x / 0` is a signed infinity, `0 / 0` NaN.
    @inline(__always) @usableFromInline
    static func f32Div(_ a: UInt32, _ b: UInt32) -> UInt32 { (Float(bitPattern: a) / Float(bitPattern: b)).bitPattern }

    /// `f32.min`: the smaller operand, with -0 smaller than +0; NaN (a quieted input NaN) if either
    /// operand is NaN.
    @inline(__always) @usableFromInline
    static func f32Min(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        if x == y { return a | b }  // equal: identical bits, or ±0 where the negative one wins
        return (x.isNaN ? a : b) | f32QuietBit
    }

    /// `f32.max`: the larger operand, with +0 larger than -0; NaN (a quieted input NaN) if either
    /// operand is NaN.
    @inline(__always) @usableFromInline
    static func f32Max(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let x = Float(bitPattern: a), y = Float(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        if x == y { return a & b }  // equal: identical bits, or ±0 where the positive one wins
        return (x.isNaN ? a : b) | f32QuietBit
    }

    // MARK: Comparisons (IEEE 754: any comparison with NaN is false, except `ne`; -0 == +0)

    /// `f32.eq`: 1 if `a == b`.
    @inline(__always) @usableFromInline
    static func f32Eq(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) == Float(bitPattern: b)) }

    /// `f32.ne`: 1 if `a != b` (true when either is NaN).
    @inline(__always) @usableFromInline
    static func f32Ne(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) != Float(bitPattern: b)) }

    /// `f32.lt`: 1 if `a < b`.
    @inline(__always) @usableFromInline
    static func f32Lt(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) < Float(bitPattern: b)) }

    /// `f32.gt`: 1 if `a > b`.
    @inline(__always) @usableFromInline
    static func f32Gt(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) > Float(bitPattern: b)) }

    /// `f32.le`: 1 if `a <= b`.
    @inline(__always) @usableFromInline
    static func f32Le(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) <= Float(bitPattern: b)) }

    /// `f32.ge`: 1 if `a >= b`.
    @inline(__always) @usableFromInline
    static func f32Ge(_ a: UInt32, _ b: UInt32) -> UInt32 { bool(Float(bitPattern: a) >= Float(bitPattern: b)) }
}
