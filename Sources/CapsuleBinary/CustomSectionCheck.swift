/// A problem in a custom section whose format Capsule knows.
///
/// The core specification leaves custom sections unchecked, so a module with such a problem still
/// decodes, validates and runs; ``Module/customSectionIssues()`` reports them for tools
/// (`capsule validate` prints them as warnings, the `.wast` runner judges `assert_malformed_custom`
/// and `assert_invalid_custom` with them).
public struct CustomSectionIssue: Sendable, Hashable, CustomStringConvertible {
    /// Whether the section's bytes do not follow its format, or follow it but say something wrong
    /// about the module (a hint on an instruction that is not a branch).
    public enum Kind: String, Sendable, Hashable {
        /// The contents do not decode.
        case malformed
        /// The contents decode but do not fit the module.
        case invalid
    }

    /// The custom section's name.
    public var section: String
    /// Malformed or invalid.
    public var kind: Kind
    /// What is wrong.
    public var message: String
    /// Offset in the module's bytes where the problem is.
    public var offset: Int

    /// Creates an issue.
    public init(section: String, kind: Kind, message: String, offset: Int) {
        self.section = section
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    /// For example `offset 40: custom section metadata.code.branch_hint: invalid: hint not on a branch instruction`.
    public var description: String { "offset \(offset): custom section \(section): \(kind.rawValue): \(message)" }
}

extension Module {
    /// The name of the branch hinting section (code metadata for `if` and `br_if`).
    public static let branchHintSectionName = "metadata.code.branch_hint"

    /// Checks the custom sections whose format Capsule knows: `name` and `metadata.code.branch_hint`.
    ///
    /// A branch hint section is a vector of functions (defined functions, by function index, in increasing
    /// order), each with a vector of hints in increasing offset order: the offset of an `if` or `br_if`
    /// from the start of the function's body (its local declarations included), a length of 1 and a value
    /// of 0 (likely not taken) or 1 (likely taken). Other custom sections are not looked at.
    public func customSectionIssues() -> [CustomSectionIssue] {
        var issues: [CustomSectionIssue] = []
        for section in customSections {
            switch section.name {
            case "name":
                if NameSection(decoding: bytes, range: section.range) == nil {
                    issues.append(CustomSectionIssue(section: "name", kind: .malformed, message: "malformed name section", offset: section.range.lowerBound))
                }
            case Self.branchHintSectionName:
                if let issue = branchHintIssue(section.range) { issues.append(issue) }
            default:
                break
            }
        }
        return issues
    }

    private func branchHintIssue(_ range: Range<Int>) -> CustomSectionIssue? {
        let name = Self.branchHintSectionName
        var reader = ByteReader(bytes: bytes, range: range)
        let importedFunctions = imports.count { if case .function = $0.descriptor { true } else { false } }
        var previousFunction: UInt32?
        do throws(DecodeError) {
            let functionCount = try reader.readLength()
            for _ in 0..<functionCount {
                let at = reader.offset
                let function = try reader.readU32()
                if let previousFunction, function <= previousFunction {
                    return CustomSectionIssue(section: name, kind: .invalid, message: "function indices out of order", offset: at)
                }
                previousFunction = function
                let defined = Int(function) - importedFunctions
                guard defined >= 0, defined < codes.count else {
                    return CustomSectionIssue(section: name, kind: .invalid, message: "unknown function \(function)", offset: at)
                }
                let body = codes[defined]
                var branches = InstructionReader(bytes: bytes, range: body.range)
                var previousOffset: UInt32?
                let hintCount = try reader.readLength()
                for _ in 0..<hintCount {
                    let hintAt = reader.offset
                    let offset = try reader.readU32()
                    let length = try reader.readU32()
                    guard length == 1 else {
                        return CustomSectionIssue(section: name, kind: .malformed, message: "hint length \(length), expected 1", offset: hintAt)
                    }
                    let value = try reader.readByte()
                    guard value <= 1 else {
                        return CustomSectionIssue(section: name, kind: .malformed, message: "hint value \(value), expected 0 or 1", offset: hintAt)
                    }
                    if let previousOffset, offset <= previousOffset {
                        return CustomSectionIssue(section: name, kind: .invalid, message: "hint offsets out of order", offset: hintAt)
                    }
                    previousOffset = offset
                    guard isBranch(at: body.start + Int(offset), in: &branches) else {
                        return CustomSectionIssue(section: name, kind: .invalid, message: "hint at offset \(offset) is not on an if or br_if instruction", offset: hintAt)
                    }
                }
            }
            guard reader.isAtEnd else {
                return CustomSectionIssue(section: name, kind: .malformed, message: "unexpected bytes after the hints", offset: reader.offset)
            }
        } catch {
            return CustomSectionIssue(section: name, kind: .malformed, message: error.message, offset: error.offset)
        }
        return nil
    }

    /// Whether an `if` or `br_if` starts at `target`, reading on from where `reader` is (hints come in
    /// increasing order, so one pass over the body serves all of a function's hints).
    private func isBranch(at target: Int, in reader: inout InstructionReader) -> Bool {
        while !reader.isAtEnd, reader.offset < target {
            guard (try? reader.next()) != nil else { return false }
        }
        guard reader.offset == target, !reader.isAtEnd, let instruction = try? reader.next() else { return false }
        switch instruction {
        case .if, .brIf: return true
        default: return false
        }
    }
}
