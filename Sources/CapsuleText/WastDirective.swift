/// `(invoke $M "name" args...)`: call an exported function.
public struct WastInvoke: Sendable, Hashable, CustomStringConvertible {
    /// The module's `$id` as written, or `nil` for the most recent module.
    public var module: String?
    /// The export's name.
    public var name: String
    /// The argument values, in order.
    public var arguments: [WastValue]

    /// Creates an invocation.
    public init(module: String?, name: String, arguments: [WastValue]) {
        self.module = module
        self.name = name
        self.arguments = arguments
    }

    /// The invocation in the script's notation.
    public var description: String {
        var parts = ["invoke"]
        if let module { parts.append(module) }
        parts.append("\"\(name)\"")
        parts.append(contentsOf: arguments.map(\.description))
        return "(\(parts.joined(separator: " ")))"
    }
}

/// What an assertion runs.
public enum WastAction: Sendable, Hashable, CustomStringConvertible {
    /// Call an exported function.
    case invoke(WastInvoke)
    /// Read an exported global: `(get $M "name")`.
    case get(module: String?, name: String)
    /// Instantiate a module (`(assert_trap (module ...) "...")`: a trap during instantiation).
    case instantiate(WastModule)

    /// The action in the script's notation (modules abbreviated).
    public var description: String {
        switch self {
        case .invoke(let invoke): return invoke.description
        case .get(let module, let name): return "(get \(module.map { "\($0) " } ?? "")\"\(name)\")"
        case .instantiate: return "(module ...)"
        }
    }
}

/// One directive of a `.wast` script.
public enum WastDirectiveKind: Sendable, Hashable {
    /// `(module ...)`: define (and, unless ``WastModule/isDefinition``, instantiate) a module.
    case module(WastModule)
    /// `(module instance $I $M)`: instantiate a module defined earlier with `(module definition ...)`.
    case moduleInstance(instance: String?, module: String?)
    /// `(register "name" $M)`: make a module's exports importable under `name`.
    case register(name: String, module: String?)
    /// A bare `(invoke ...)` or `(get ...)`, whose result is ignored.
    case action(WastAction)
    /// `(assert_return action results...)`.
    case assertReturn(WastAction, expected: [WastExpectedValue])
    /// `(assert_trap action "message")`, including a trap while instantiating a module.
    case assertTrap(WastAction, message: String)
    /// `(assert_exception action)`: the action throws a Wasm exception that nothing catches.
    case assertException(WastAction)
    /// `(assert_exhaustion (invoke ...) "message")`: the call runs out of stack.
    case assertExhaustion(WastInvoke, message: String)
    /// `(assert_unlinkable (module ...) "message")`: the module is valid but its imports do not link.
    case assertUnlinkable(WastModule, message: String)
    /// `(assert_uninstantiable (module ...) "message")`: instantiation traps (the start function, for instance).
    case assertUninstantiable(WastModule, message: String)
    /// `(assert_malformed (module ...) "message")`: the module must be rejected by the text or binary parser.
    case assertMalformed(WastModule, message: String)
    /// `(assert_invalid (module ...) "message")`: the module must fail validation.
    case assertInvalid(WastModule, message: String)
    /// `(assert_malformed_custom (module ...) "message")`: the module is malformed in a custom annotation
    /// or custom section Capsule knows (the core format is fine, or the text's annotations are wrong).
    case assertMalformedCustom(WastModule, message: String)
    /// `(assert_invalid_custom (module ...) "message")`: the module is valid, but a custom section Capsule
    /// knows says something wrong about it (a branch hint on an instruction that is not a branch).
    case assertInvalidCustom(WastModule, message: String)
    /// A directive Capsule recognises but does not support (from proposals beyond WebAssembly 2.0).
    case unsupported(keyword: String)
    /// A directive that does not parse.
    case unparsable(keyword: String?, error: TextError)
}

extension WastDirectiveKind {
    /// Why a WebAssembly 2.0 engine cannot judge the directive (an argument or expected result it cannot
    /// represent, such as a GC or host reference), or `nil`.
    public var valueBeyondWebAssembly2: String? {
        func check(_ action: WastAction) -> String? {
            guard case .invoke(let invoke) = action else { return nil }
            return invoke.arguments.first { !$0.isWebAssembly2 }?.description
        }
        switch self {
        case .action(let action), .assertTrap(let action, _), .assertException(let action):
            return check(action)
        case .assertExhaustion(let invoke, _):
            return check(.invoke(invoke))
        case .assertReturn(let action, let expected):
            return check(action) ?? expected.first { !$0.isWebAssembly2 }?.description
        default:
            return nil
        }
    }
}

/// A directive and where it is in its script.
public struct WastDirective: Sendable, Hashable {
    /// 1-based line of the directive's opening parenthesis.
    public var line: Int
    /// What the directive is and its operands.
    public var kind: WastDirectiveKind

    /// Creates a directive found at `line`.
    public init(line: Int, kind: WastDirectiveKind) {
        self.line = line
        self.kind = kind
    }

    /// The directive's keyword, such as `assert_return` (`module` for a module definition).
    public var keyword: String {
        switch kind {
        case .module: return "module"
        case .moduleInstance: return "module instance"
        case .register: return "register"
        case .action(.invoke): return "invoke"
        case .action(.get): return "get"
        case .action(.instantiate): return "module"
        case .assertReturn: return "assert_return"
        case .assertTrap: return "assert_trap"
        case .assertException: return "assert_exception"
        case .assertExhaustion: return "assert_exhaustion"
        case .assertUnlinkable: return "assert_unlinkable"
        case .assertUninstantiable: return "assert_uninstantiable"
        case .assertMalformed: return "assert_malformed"
        case .assertInvalid: return "assert_invalid"
        case .assertMalformedCustom: return "assert_malformed_custom"
        case .assertInvalidCustom: return "assert_invalid_custom"
        case .unsupported(let keyword): return keyword
        case .unparsable(let keyword, _): return keyword ?? "directive"
        }
    }
}
