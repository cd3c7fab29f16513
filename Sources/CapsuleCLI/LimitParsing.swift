/// Parsing of the resource-limit flags of `capsule run`.
enum LimitParsing {
    /// A size in bytes: digits with an optional suffix K, M or G (KiB, MiB, GiB; either case, with
    /// or without a trailing B or iB). Nil for anything else or a size past `UInt64.max`.
    static func byteSize(_ text: String) -> UInt64? {
        var digits = Substring(text)
        var multiplier: UInt64 = 1
        let upper = text.uppercased()
        for (suffix, factor) in suffixes where upper.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = factor
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = UInt64(digits) else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }

    /// Size suffixes and their factors, longest first so that `MIB` is not read as `B`.
    private static let suffixes: [(String, UInt64)] = [
        ("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30),
        ("KB", 1 << 10), ("MB", 1 << 20), ("GB", 1 << 30),
        ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1),
    ]

    /// A non-negative, finite number of seconds such as `1`, `0.25` or `.5`; nil otherwise.
    static func seconds(_ text: String) -> Double? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let value = Double(text), value.isFinite, value >= 0, value <= 1e9 else { return nil }
        return value
    }
}
