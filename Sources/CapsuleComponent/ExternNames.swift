/// The component model's name rules (Explainer.md, "Import and Export Definitions"): labels in kebab
/// case, plain names with `[constructor]`, `[method]` and `[static]` annotations, interface names
/// `namespace:package/interface@version`, and strong uniqueness.
public enum ExternName {
    /// What a valid extern name is.
    public enum Kind: Sendable, Equatable {
        /// A plain label (`greet`).
        case label(String)
        /// `[constructor]R`: the constructor of resource `R`.
        case constructor(resource: String)
        /// `[method]R.f`: method `f` of resource `R`.
        case method(resource: String, name: String)
        /// `[static]R.f`: static function `f` of resource `R`.
        case `static`(resource: String, name: String)
        /// An interface name (`wasi:cli/run@0.2.0`).
        case interface
    }

    /// Whether `text` is a label: fragments of `[a-z0-9]` or `[A-Z0-9]` joined by `-`, the first starting with a letter.
    public static func isLabel(_ text: String) -> Bool {
        let fragments = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = fragments.first, !first.isEmpty else { return false }
        for (i, fragment) in fragments.enumerated() {
            guard let head = fragment.first, !fragment.isEmpty else { return false }
            if i == 0, !(head.isASCII && head.isLetter) { return false }
            let lower = fragment.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
            let upper = fragment.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
            if !lower && !upper { return false }
        }
        return true
    }

    /// Whether `text` is `words`: lower-case kebab fragments, the first starting with a letter.
    static func isWords(_ text: Substring) -> Bool {
        let fragments = text.split(separator: "-", omittingEmptySubsequences: false)
        for (i, fragment) in fragments.enumerated() {
            guard let head = fragment.first else { return false }
            if i == 0, !("a"..."z").contains(head) { return false }
            guard fragment.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) }) else { return false }
        }
        return !fragments.isEmpty
    }

    /// Whether `text` is a semantic version (`1.2.3`, with an optional `-pre` and `+build`).
    static func isSemver(_ text: Substring) -> Bool {
        var core = text
        if let plus = core.firstIndex(of: "+") {
            let build = core[core.index(after: plus)...]
            guard !build.isEmpty, build.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isIdentifierPart) else { return false }
            core = core[..<plus]
        }
        if let dash = core.firstIndex(of: "-") {
            let pre = core[core.index(after: dash)...]
            guard !pre.isEmpty, pre.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ part in
                isIdentifierPart(part) && !(part.count > 1 && part.first == "0" && part.allSatisfy(\.isNumber))
            }) else { return false }
            core = core[..<dash]
        }
        let numbers = core.split(separator: ".", omittingEmptySubsequences: false)
        return numbers.count == 3 && numbers.allSatisfy { n in
            !n.isEmpty && n.allSatisfy { ("0"..."9").contains($0) } && !(n.count > 1 && n.first == "0")
        }
    }

    static func isIdentifierPart(_ part: Substring) -> Bool {
        !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Whether `text` is an interface name, `namespace:package/interface` with an optional `@version`.
    public static func isInterfaceName(_ text: String) -> Bool {
        var name = Substring(text)
        if let at = name.firstIndex(of: "@") {
            guard isSemver(name[name.index(after: at)...]) else { return false }
            name = name[..<at]
        }
        guard let colon = name.firstIndex(of: ":") else { return false }
        let namespace = name[..<colon]
        let rest = name[name.index(after: colon)...]
        guard let slash = rest.firstIndex(of: "/") else { return false }
        let package = rest[..<slash]
        let projection = rest[rest.index(after: slash)...]
        return isWords(namespace) && isWords(package) && !projection.contains("/") && !projection.contains(":")
            && isLabel(String(projection))
    }

    /// The kind of a valid extern name, or nil.
    public static func parse(_ text: String) -> Kind? {
        if text.contains(":") { return isInterfaceName(text) ? .interface : nil }
        for (prefix, make) in [("[method]", Kind.method), ("[static]", Kind.static)] as [(String, (String, String) -> Kind)] {
            guard text.hasPrefix(prefix) else { continue }
            let rest = text.dropFirst(prefix.count)
            let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, isLabel(String(parts[0])), isLabel(String(parts[1])) else { return nil }
            return make(String(parts[0]), String(parts[1]))
        }
        if text.hasPrefix("[constructor]") {
            let resource = String(text.dropFirst("[constructor]".count))
            return isLabel(resource) ? .constructor(resource: resource) : nil
        }
        return isLabel(text) ? .label(text) : nil
    }

    /// The form two names are compared in for strong uniqueness: lower-cased, `[method]l.l` as `l`,
    /// annotations other than `[constructor]` stripped.
    public static func canonical(_ text: String) -> String {
        var name = text.lowercased()
        for prefix in ["[method]", "[static]"] where name.hasPrefix(prefix) {
            let parts = name.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            name = parts.count == 2 && parts[0] == parts[1] ? String(parts[0]) : String(name.dropFirst(prefix.count))
        }
        return name
    }
}
