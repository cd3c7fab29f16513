import ArgumentParser
import CapsuleComponent

/// `capsule validate FILE...`: checks that modules are well-formed and valid.
struct ValidateCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that WebAssembly modules are well-formed and valid.",
        discussion: """
            Each FILE is a binary module (.wasm), a component (.wasm, the component model's binary \
            format), or a text module (.wat). Exits 0 when every module is \
            valid; otherwise prints one line per rejected file to standard error, `FILE: offset N: message` \
            (or `FILE: line:column: message` for text that does not parse), and exits 1. A custom section \
            Capsule knows (`name`, `metadata.code.branch_hint`) that is malformed or does not fit the \
            module is reported as a warning, `FILE: warning: offset N: custom section ...`: the \
            specification leaves custom sections unchecked, so the module is still valid.

            Examples:
              capsule validate module.wasm
              capsule validate a.wasm b.wat
            """
    )

    @Argument(help: "Modules to validate (.wasm or .wat).")
    var files: [String]

    func execute(console: Console) -> Int32 {
        var status: Int32 = 0
        for path in files {
            do throws(FileProblem) {
                let bytes = try ModuleFile.binary(at: path)
                if Component.isComponent(bytes) {
                    _ = try ModuleFile.validateComponent(bytes, path: path)
                    continue
                }
                let validated = try ModuleFile.validate(at: path)
                for issue in validated.module.customSectionIssues() {
                    console.writeError("\(path): warning: \(issue)\n")
                }
            } catch {
                console.writeError("\(error)\n")
                status = 1
            }
        }
        return status
    }
}
