import ArgumentParser
import Foundation

/// `--env` and `--inherit-env`: the guest's environment, shared by `run` and `serve`.
struct EnvironmentOptions: ParsableArguments {
    @Option(name: .customLong("env"), help: ArgumentHelp("Set a guest environment variable, or pass one host variable through.", valueName: "NAME[=VALUE]"))
    var entries: [String] = []

    @Flag(name: .customLong("inherit-env"), help: "Pass every host environment variable to the guest.")
    var inherit = false

    /// `--inherit-env` first, then each `--env` in order (a later one replaces an earlier one).
    func resolved() throws -> [String] {
        var names: [String] = []
        var values: [String: String] = [:]
        func set(_ name: String, _ value: String) {
            if values[name] == nil { names.append(name) }
            values[name] = value
        }
        let host = ProcessInfo.processInfo.environment
        if inherit {
            for name in host.keys.sorted() { set(name, host[name] ?? "") }
        }
        for entry in entries {
            if let equals = entry.firstIndex(of: "=") {
                let name = String(entry[..<equals])
                guard !name.isEmpty else { throw RunProblem("--env \(entry): the variable needs a name") }
                set(name, String(entry[entry.index(after: equals)...]))
            } else {
                guard !entry.isEmpty else { throw RunProblem("--env: the variable needs a name") }
                if let value = host[entry] { set(entry, value) }
            }
        }
        return names.map { "\($0)=\(values[$0] ?? "")" }
    }
}
