/// The number literals of the text format: integers in decimal or hexadecimal with `_` separators, and
/// floats in decimal or hexadecimal notation, `inf`, `nan` and `nan:0x...`.
///
/// Every function returns `nil` for text that is not such a literal or whose value is out of range.
enum NumberLiteral {
    /// Whether `text` starts like a number (an optional sign, then a digit, `inf` or `nan`), so that a
    /// failure to read it is "constant out of range" or a malformed number rather than a wrong token.
    static func looksNumeric(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard let first = bytes.first else { return false }
        return (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9"))
    }

    /// Whether `text` is an integer literal by the grammar (sign, decimal or `0x` hex digits, `_` only between
    /// digits), whatever its value: a failure to read such a literal is "constant out of range", any other
    /// text is not a number at all ("unknown operator").
    static func isWellFormedInteger(_ text: String) -> Bool {
        let (_, _, rest) = sign(text)
        let hex = rest.count > 2 && rest[0] == UInt8(ascii: "0") && rest[1] == UInt8(ascii: "x")
        return digits(rest[(hex ? 2 : 0)...], hex: hex) != nil
    }

    /// Whether `text` is a float literal by the grammar, whatever its value.
    static func isWellFormedFloat(_ text: String) -> Bool {
        if float(text, mantissaBits: 52) != nil { return true }
        let (_, _, rest) = sign(text)
        let body = String(decoding: rest, as: UTF8.self)
        guard body.hasPrefix("nan:0x") else { return isWellFormedInteger(text) }
        return digits(Array(body.utf8.dropFirst(6))[...], hex: true) != nil
    }

    /// Splits an optional sign off the text.
    private static func sign(_ text: String) -> (negative: Bool, hasSign: Bool, rest: [UInt8]) {
        let bytes = Array(text.utf8)
        if let first = bytes.first, first == UInt8(ascii: "-") { return (true, true, Array(bytes.dropFirst())) }
        if let first = bytes.first, first == UInt8(ascii: "+") { return (false, true, Array(bytes.dropFirst())) }
        return (false, false, bytes)
    }

    /// The digits of `bytes` (in base 16 or 10) with valid `_` separators removed, or `nil`.
    private static func digits(_ bytes: ArraySlice<UInt8>, hex: Bool) -> [UInt8]? {
        var result: [UInt8] = []
        var previousWasDigit = false
        for b in bytes {
            if b == UInt8(ascii: "_") {
                guard previousWasDigit else { return nil }
                previousWasDigit = false
                continue
            }
            let isDigit = hex ? Lexer.hexValue(b) != nil : (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
            guard isDigit else { return nil }
            result.append(b)
            previousWasDigit = true
        }
        guard previousWasDigit else { return nil }
        return result
    }

    /// An unsigned magnitude: `digits` or `0x hexdigits`, no sign; `nil` when it does not fit in 64 bits.
    private static func magnitude(_ bytes: [UInt8]) -> UInt64? {
        let hex = bytes.count > 2 && bytes[0] == UInt8(ascii: "0") && bytes[1] == UInt8(ascii: "x")
        guard let ds = digits(bytes[(hex ? 2 : 0)...], hex: hex) else { return nil }
        var value: UInt64 = 0
        for d in ds {
            let digit = UInt64(Lexer.hexValue(d) ?? 0)
            let (times, o1) = value.multipliedReportingOverflow(by: hex ? 16 : 10)
            let (sum, o2) = times.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }

    /// An unsigned integer (`uN`) without sign.
    static func unsigned(_ text: String, bits: Int) -> UInt64? {
        let (_, hasSign, rest) = sign(text)
        guard !hasSign, let value = magnitude(rest) else { return nil }
        if bits < 64, value >> UInt64(bits) != 0 { return nil }
        return value
    }

    /// An `iN` literal: unsigned up to 2^N - 1, or signed from -2^(N-1); returned as N-bit two's complement.
    static func integer(_ text: String, bits: Int) -> UInt64? {
        let (negative, _, rest) = sign(text)
        guard let value = magnitude(rest) else { return nil }
        let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            let limit: UInt64 = 1 << UInt64(bits - 1)
            guard value <= limit else { return nil }
            return (0 &- value) & mask
        }
        guard value <= mask else { return nil }
        return value
    }

    /// An `f32` literal as its bit pattern.
    static func float32(_ text: String) -> UInt32? {
        guard let parsed = float(text, mantissaBits: 23) else { return nil }
        switch parsed {
        case .nan(let negative, let payload):
            return (negative ? 0x8000_0000 : 0) | 0x7F80_0000 | UInt32(payload)
        case .infinity(let negative):
            return (negative ? 0x8000_0000 : 0) | 0x7F80_0000
        case .finite(let negative, let normalized):
            guard let value = Float(normalized), value.isFinite else { return nil }
            return (negative ? 0x8000_0000 : 0) | value.bitPattern
        }
    }

    /// An `f64` literal as its bit pattern.
    static func float64(_ text: String) -> UInt64? {
        guard let parsed = float(text, mantissaBits: 52) else { return nil }
        switch parsed {
        case .nan(let negative, let payload):
            return (negative ? 0x8000_0000_0000_0000 : 0) | 0x7FF0_0000_0000_0000 | payload
        case .infinity(let negative):
            return (negative ? 0x8000_0000_0000_0000 : 0) | 0x7FF0_0000_0000_0000
        case .finite(let negative, let normalized):
            guard let value = Double(normalized), value.isFinite else { return nil }
            return (negative ? 0x8000_0000_0000_0000 : 0) | value.bitPattern
        }
    }

    private enum ParsedFloat {
        case nan(negative: Bool, payload: UInt64)
        case infinity(negative: Bool)
        /// The magnitude, normalised for `strtod` (no separators), and the sign.
        case finite(negative: Bool, String)
    }

    /// Checks a float literal against the grammar and normalises it.
    private static func float(_ text: String, mantissaBits: Int) -> ParsedFloat? {
        let (negative, _, rest) = sign(text)
        let body = String(decoding: rest, as: UTF8.self)
        if body == "inf" { return .infinity(negative: negative) }
        if body == "nan" { return .nan(negative: negative, payload: 1 << UInt64(mantissaBits - 1)) }
        if body.hasPrefix("nan:0x") {
            guard let payload = magnitude(Array("0x".utf8) + Array(body.utf8.dropFirst(6))), payload != 0,
                payload >> UInt64(mantissaBits) == 0
            else { return nil }
            return .nan(negative: negative, payload: payload)
        }
        let hex = rest.count > 2 && rest[0] == UInt8(ascii: "0") && rest[1] == UInt8(ascii: "x")
        var bytes = hex ? rest[2...] : rest[...]
        let exponentMarks: [UInt8] = hex ? [UInt8(ascii: "p"), UInt8(ascii: "P")] : [UInt8(ascii: "e"), UInt8(ascii: "E")]
        var exponent: [UInt8] = []
        if let e = bytes.firstIndex(where: { exponentMarks.contains($0) }) {
            var expBytes = bytes[(e + 1)...]
            var expSign: [UInt8] = []
            if let first = expBytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
                expSign = [first]
                expBytes = expBytes.dropFirst()
            }
            guard let ds = digits(expBytes, hex: false) else { return nil }
            exponent = expSign + ds
            bytes = bytes[..<e]
        }
        var fraction: [UInt8] = []
        if let dot = bytes.firstIndex(of: UInt8(ascii: ".")) {
            let after = bytes[(dot + 1)...]
            if !after.isEmpty {
                guard let ds = digits(after, hex: hex) else { return nil }
                fraction = ds
            }
            bytes = bytes[..<dot]
        }
        guard let integral = digits(bytes, hex: hex) else { return nil }
        var normalized = hex ? "0x" : ""
        normalized += String(decoding: integral, as: UTF8.self)
        if !fraction.isEmpty { normalized += "." + String(decoding: fraction, as: UTF8.self) }
        if !exponent.isEmpty {
            normalized += (hex ? "p" : "e") + String(decoding: exponent, as: UTF8.self)
        } else if hex {
            normalized += "p0"
        }
        return .finite(negative: negative, normalized)
    }
}
