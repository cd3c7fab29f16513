/// A reproducible random number generator for `random_get`: the same seed gives the same bytes on
/// every run and every machine. It is not cryptographically secure; use it for tests and for
/// deterministic runs (`capsule run --deterministic`), never for a guest that needs real secrets.
///
/// The sequence is SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit counter advanced by a fixed
/// odd constant, each value scrambled by two multiply-xorshift rounds.
///
/// ```swift
/// configuration.random = SeededRandomNumberGenerator(seed: 42)
/// ```
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
