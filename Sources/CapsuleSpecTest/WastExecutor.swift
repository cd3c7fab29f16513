import CapsuleText
import CapsuleValidation

/// The result of running one directive.
public enum WastOutcome: Sendable, Hashable {
    /// The expectation held.
    case passed
    /// The directive's expectation and what happened instead, both as short human-readable text.
    case failed(expected: String, actual: String)
    /// Not run; the reason is tallied in ``WastReport/skipReasons``.
    case skipped(reason: String)
}

/// Runs the directives that need an engine: instantiation, actions and the assertions about them.
///
/// ``WastRunner`` handles module definitions (decode and validate), `assert_malformed` and `assert_invalid`
/// itself and hands everything else to its executor. An engine plugs in by conforming to this protocol;
/// until one does, ``ValidationOnlyExecutor`` skips those directives.
///
/// ```swift
/// struct EngineExecutor: WastExecutor {
///     mutating func define(_ module: ValidatedModule, from definition: WastModule, line: Int) -> WastOutcome { ... }
///     mutating func execute(_ directive: WastDirective) -> WastOutcome { ... }
/// }
/// ```
public protocol WastExecutor {
    /// A module definition that decoded and validated. Instantiate it (unless it is a
    /// `(module definition ...)`), make it the current module and remember its name.
    ///
    /// Only a `.failed` outcome is counted (as a failure); `.passed` and `.skipped` leave the counts alone.
    mutating func define(_ module: ValidatedModule, from definition: WastModule, line: Int) -> WastOutcome

    /// Any directive other than `module`, `assert_malformed` and `assert_invalid`: `register`, `invoke`, `get`,
    /// `assert_return`, `assert_trap`, `assert_exhaustion`, `assert_unlinkable`, `assert_uninstantiable` and
    /// `module instance` (not `unsupported` or `unparsable` ones, which the runner counts itself). For `register`
    /// and `module instance`, only a `.failed` outcome is counted. Use ``ModuleLoader`` for the modules inside
    /// assertions.
    mutating func execute(_ directive: WastDirective) -> WastOutcome
}

/// The executor used until an engine is available: every execution directive is skipped.
public struct ValidationOnlyExecutor: WastExecutor {
    /// The reason given for every skipped directive.
    public static let reason = "execution not available"

    /// Creates the executor.
    public init() {}

    /// Accepts the module without instantiating it.
    public mutating func define(_ module: ValidatedModule, from definition: WastModule, line: Int) -> WastOutcome {
        .passed
    }

    /// Skips the directive.
    public mutating func execute(_ directive: WastDirective) -> WastOutcome {
        .skipped(reason: Self.reason)
    }
}
