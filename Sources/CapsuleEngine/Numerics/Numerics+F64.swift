import CapsuleCore

/// `f64` instructions: sign operations, rounding, square root, arithmetic, minimum and maximum,
/// and comparisons. Operands and results are `UInt64` bit patterns; comparisons produce an `i32`.
extension Numerics {
    // MARK: Sign operations (pure bit operations; NaN payloads are kept as they are)

    /// `f64.abs`: clears the sign bit, also of a NaN.
    @inline(__always) @usableFromInline
    static func f64Abs(_ a: UInt64) -> UInt64 { a & ~f64SignBit }

    /// `f64.neg`: flips the sign bit, also of a NaN.
    @inline(__always) @usableFromInline
    static func f64Neg(_ a: UInt64) -> UInt64 { a ^ f64SignBit }

    /// `f64.copysign`: `a` with the sign bit of `b`.
    @inline(__always) @usableFromInline
    static func f64Copysign(_ a: UInt64, _ b: UInt64) -> UInt64 { (a & ~f64SignBit) | (b & f64SignBit) }

    // MARK: Rounding and square root

    /// `f64.ceil`: rounds toward positive infinity; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f64Ceil(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x.isNaN { return a | f64QuietBit }
        return x.rounded(.up).bitPattern
    }

    /// `f64.floor`: rounds toward negative infinity; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f64Floor(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x.isNaN { return a | f64QuietBit }
        return x.rounded(.down).bitPattern
    }

    /// `f64.trunc`: rounds toward zero; a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f64Trunc(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x.isNaN { return a | f64QuietBit }
        return x.rounded(.towardZero).bitPattern
    }

    /// `f64.nearest`: rounds to the nearest integer, ties to even (so 0.5 → 0, 1.5 → 2, -0.5 → -0);
    /// a NaN comes back quieted.
    @inline(__always) @usableFromInline
    static func f64Nearest(_ a: UInt64) -> UInt64 {
        let x = Double(bitPattern: a)
        if x.isNaN { return a | f64QuietBit }
        return x.rounded(.toNearestOrEven).bitPattern
    }

    /// `f64.sqrt`: correctly rounded square root; `sqrt(-0)` is -0 and negative numbers give NaN.
    @inline(__always) @usableFromInline
    static func f64Sqrt(_ a: UInt64) -> UInt64 { Double(bitPattern: a).squareRoot().bitPattern }

    // MARK: Arithmetic

    /// `f64.add`: IEEE 754 addition, round to nearest even.
    @inline(__always) @usableFromInline
    static func f64Add(_ a: UInt64, _ b: UInt64) -> UInt64 { (Double(bitPattern: a) + Double(bitPattern: b)).bitPattern }

    /// `f64.sub`: IEEE 754 subtraction, round to nearest even.
    @inline(__always) @usableFromInline
    static func f64Sub(_ a: UInt64, _ b: UInt64) -> UInt64 { (Double(bitPattern: a) - Double(bitPattern: b)).bitPattern }

    /// `f64.mul`: IEEE 754 multiplication, round to nearest even.
    @inline(__always) @usableFromInline
    static func f64Mul(_ a: UInt64, _ b: UInt64) -> UInt64 { (Double(bitPattern: a) * Double(bitPattern: b)).bitPattern }

    /// `f64.div`: IEEE 754 division, round to nearest even; `x / 0` is a signed infinity, `0 / 0` NaN.
    @inline(__always) @usableFromInline
    static func f64Div(_ a: UInt64, _ b: UInt64) -> UInt64 { (Double(bitPattern: a) / Double(bitPattern: b)).bitPattern }

    /// `f64.min`: the smaller operand, with -0 smaller than +0; NaN (a quieted input NaN) if either
    /// operand is NaN.
    @inline(__always) @usableFromInline
    static func f64Min(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x < y { return a }
        if y < x { return b }
        if x == y { return a | b }  // equal: identical bits, or ±0 where the negative one wins
        return (x.isNaN ? a : b) | f64QuietBit
    }

    /// `f64.max`: the larger operand, with +0 larger than -0; NaN (a quieted input NaN) if either
    /// operand is NaN.
    @inline(__always) @usableFromInline
    static func f64Max(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let x = Double(bitPattern: a), y = Double(bitPattern: b)
        if x > y { return a }
        if y > x { return b }
        if x == y { return a & b }  // equal: identical bits, or ±0 where the positive one wins
        return (x.isNaN ? a : b) | f64QuietBit
    }

    // MARK: Comparisons (IEEE 754: any comparison with NaN is false, except `ne`; -0 == +0)

    /// `f64.eq`: 1 if `a == b`.
    @inline(__always) @usableFromInline
    static func f64Eq(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) == Double(bitPattern: b)) }

    /// `f64.ne`: 1 if `a != b` (true when either is NaN).
    @inline(__always) @usableFromInline
    static func f64Ne(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) != Double(bitPattern: b)) }

    /// `f64.lt`: 1 if `a < b`.
    @inline(__always) @usableFromInline
    static func f64Lt(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) < Double(bitPattern: b)) }

    /// `f64.gt`: 1 if `a > b`.
    @inline(__always) @usableFromInline
    static func f64Gt(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) > Double(bitPattern: b)) }

    /// `f64.le`: 1 if `a <= b`.
    @inline(__always) @usableFromInline
    static func f64Le(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) <= Double(bitPattern: b)) }

    /// `f64.ge`: 1 if `a >= b`.
    @inline(__always) @usableFromInline
    static func f64Ge(_ a: UInt64, _ b: UInt64) -> UInt32 { bool(Double(bitPattern: a) >= Double(bitPattern: b)) }
}
