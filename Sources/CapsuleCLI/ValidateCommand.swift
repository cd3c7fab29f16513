import ArgumentParser

/// `capsule validate FILE...`: checks that modules are well-formed and valid.
struct ValidateCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check that WebAssembly modules are well-formed and valid.",
        discussion: """
            Each FILE is a binary module (.wasm) or a text module (.wat). Exits 0 when every module is \
            valid; otherwise prints one line per rejected file to standard error, `FILE: offset N: message` \
            (or `FILE: line:column: message` for text that does not parse), and exits 1.

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
                _ = try ModuleFile.validate(at: path)
            } catch {
                console.writeError("\(error)\n")
                status = 1
            }
        }
        return status
    }
}
