import CapsuleBinary
import CapsuleCore
import CapsuleText
import Foundation

/// A script file that could not be read.
public struct WastFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// Why it could not be read, such as `no such file`.
    public var message: String

    /// Creates the error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}

/// Runs `.wast` scripts.
///
/// The runner decodes and validates every module the script defines (a valid module must be accepted),
/// checks that `assert_malformed` and `assert_invalid` modules are rejected (by the text parser, the decoder
/// or the validator), and hands every other directive to a ``WastExecutor``.
///
/// ```swift
/// var executor = ValidationOnlyExecutor()
/// let report = try WastRunner.run(file: "Vendor/testsuite/i32.wast", executor: &executor)
/// print(report.summary) // "96 passed, 0 failed, 374 skipped"
/// ```
public enum WastRunner {
    /// Reads and runs one script file.
    ///
    /// Modules may use `features` (WebAssembly 3.0 by default; the executor has its own setting).
    /// - Throws: ``WastFileError`` when the file cannot be read.
    public static func run(file path: String, executor: inout some WastExecutor, features: WasmFeatures = .wasm3) throws(WastFileError) -> WastReport {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let message = !exists ? "no such file" : isDirectory.boolValue ? "is a directory" : "cannot be read"
            throw WastFileError(path: path, message: message)
        }
        return run(script: WastScript(parsing: [UInt8](data)), file: path, executor: &executor, features: features)
    }

    /// Runs a parsed script; `file` names it in failures; modules may use `features`.
    public static func run(script: WastScript, file: String, executor: inout some WastExecutor, features: WasmFeatures = .wasm3) -> WastReport {
        var report = WastReport()
        for directive in script.directives {
            let line = directive.line
            let keyword = directive.keyword
            // Without typed references (a 2.0 run) the engine cannot represent the values of 3.0 scripts.
            if !features.contains(.gc), let value = directive.kind.valueBeyondWebAssembly2 {
                report.record(.skipped(reason: "\(value) not supported"), file: file, line: line, directive: keyword)
                continue
            }
            switch directive.kind {
            case .module(let module):
                switch ModuleLoader.load(module, features: features) {
                case .success(let validated):
                    let outcome = executor.define(validated, from: module, line: line)
                    if case .failed = outcome {
                        report.record(outcome, file: file, line: line, directive: keyword)
                    }
                case .failure(let rejection):
                    report.record(
                        .failed(expected: "a valid module", actual: "rejected by \(rejection)"),
                        file: file, line: line, directive: keyword)
                }
            case .assertMalformed(let module, let message), .assertInvalid(let module, let message):
                let outcome: WastOutcome
                switch ModuleLoader.load(module, features: features) {
                case .success:
                    outcome = .failed(expected: "rejection (\"\(message)\")", actual: "module decoded and validated")
                case .failure:
                    outcome = .passed
                }
                report.record(outcome, file: file, line: line, directive: keyword)
            case .assertMalformedCustom(let module, let message):
                report.record(customOutcome(module, expecting: .malformed, message: message, features: features), file: file, line: line, directive: keyword)
            case .assertInvalidCustom(let module, let message):
                report.record(customOutcome(module, expecting: .invalid, message: message, features: features), file: file, line: line, directive: keyword)
            case .unsupported:
                report.record(.skipped(reason: "\(keyword) not supported"), file: file, line: line, directive: keyword)
            case .unparsable(_, let error):
                report.record(
                    .failed(expected: "a directive that parses", actual: error.description),
                    file: file, line: line, directive: keyword)
            case .moduleInstance, .register:
                // Like module definitions, these set up state: counted only when they fail.
                let outcome = executor.execute(directive)
                if case .failed = outcome {
                    report.record(outcome, file: file, line: line, directive: keyword)
                }
            case .action, .assertReturn, .assertTrap, .assertException, .assertExhaustion, .assertUnlinkable, .assertUninstantiable:
                report.record(executor.execute(directive), file: file, line: line, directive: keyword)
            }
        }
        return report
    }

    /// `assert_malformed_custom` passes when the text's annotations are rejected, or the module decodes
    /// with a malformed custom section Capsule knows; `assert_invalid_custom` when the module is valid and
    /// such a section does not fit it (``CapsuleBinary/Module/customSectionIssues()``).
    private static func customOutcome(_ module: WastModule, expecting kind: CustomSectionIssue.Kind, message: String, features: WasmFeatures) -> WastOutcome {
        let expected = "\(kind == .malformed ? "a malformed" : "an invalid") custom section (\"\(message)\")"
        switch ModuleLoader.load(module, features: features) {
        case .success(let validated):
            let issues = validated.module.customSectionIssues()
            if issues.contains(where: { $0.kind == kind }) { return .passed }
            return .failed(expected: expected, actual: issues.first.map { "\($0)" } ?? "module and custom sections accepted")
        case .failure(let rejection):
            if kind == .malformed, rejection.stage == .text { return .passed }
            return .failed(expected: expected, actual: "rejected by \(rejection)")
        }
    }
}
