/// A directive whose expectation did not hold.
public struct WastFailure: Sendable, Hashable, CustomStringConvertible {
    /// The script's path, as given to the runner.
    public var file: String
    /// 1-based line of the directive.
    public var line: Int
    /// The directive's keyword, such as `assert_invalid`.
    public var directive: String
    /// What the directive expected, such as `rejection ("type mismatch")`.
    public var expected: String
    /// What happened instead.
    public var actual: String

    /// Creates a failure record.
    public init(file: String, line: Int, directive: String, expected: String, actual: String) {
        self.file = file
        self.line = line
        self.directive = directive
        self.expected = expected
        self.actual = actual
    }

    /// `file:line: directive: expected ...; got ...`.
    public var description: String { "\(file):\(line): \(directive): expected \(expected); got \(actual)" }
}

/// The counts of one or more script runs.
///
/// Assertions and actions (`invoke`, `get`) are counted as passed, failed or skipped. Module definitions,
/// `register` and `module instance` are not counted, except that one that fails is a failure (a module the
/// script defines and Capsule rejects or cannot instantiate, a `register` of an unknown module).
public struct WastReport: Sendable, Hashable {
    /// Assertions and actions whose expectation held.
    public var passed = 0
    /// Directives whose expectation did not hold (see ``failures``).
    public var failed = 0
    /// Assertions and actions not run (see ``skipReasons``).
    public var skipped = 0
    /// Every failure, in script order.
    public var failures: [WastFailure] = []
    /// How many directives were skipped for each reason.
    public var skipReasons: [String: Int] = [:]

    /// An empty report.
    public init() {}

    /// Records one outcome.
    public mutating func record(_ outcome: WastOutcome, file: String, line: Int, directive: String) {
        switch outcome {
        case .passed:
            passed += 1
        case .failed(let expected, let actual):
            failed += 1
            failures.append(WastFailure(file: file, line: line, directive: directive, expected: expected, actual: actual))
        case .skipped(let reason):
            skipped += 1
            skipReasons[reason, default: 0] += 1
        }
    }

    /// Adds another report's counts and failures to this one.
    public mutating func merge(_ other: WastReport) {
        passed += other.passed
        failed += other.failed
        skipped += other.skipped
        failures.append(contentsOf: other.failures)
        for (reason, count) in other.skipReasons { skipReasons[reason, default: 0] += count }
    }

    /// `N passed, M failed`, then `, K skipped` when anything was skipped.
    public var summary: String {
        var line = "\(passed) passed, \(failed) failed"
        if skipped > 0 { line += ", \(skipped) skipped" }
        return line
    }
}
