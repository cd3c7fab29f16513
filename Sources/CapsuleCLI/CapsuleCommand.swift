import ArgumentParser

/// The `capsule` command line: the root command and its entry point.
///
/// ```swift
/// let console = BufferConsole()
/// let status = CapsuleCommand.run(arguments: ["validate", "module.wasm"], console: console)
/// ```
public struct CapsuleCommand: ParsableCommand {
    /// Capsule's version, printed by `capsule --version`.
    public static let version = "0.1.0"

    /// The command's name, abstract, examples and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "capsule",
        abstract: "A WebAssembly runtime with WASI.",
        discussion: """
            Examples:
              capsule run module.wasm --invoke add 1 2
              capsule validate module.wasm other.wat
              capsule inspect module.wasm
              capsule inspect --json module.wasm
              capsule wast Vendor/testsuite/i32.wast
              capsule preinit app.wasm -o app.initialized.wasm
              capsule run --checkpoint app.ckpt --checkpoint-on USR1 app.wasm
              capsule resume app.ckpt
            """,
        version: version,
        subcommands: [RunCommand.self, ResumeCommand.self, ValidateCommand.self, InspectCommand.self, WastCommand.self, PreinitCommand.self]
    )

    /// Creates the root command (ArgumentParser fills in its options).
    public init() {}

    /// Parses `arguments` (without the program name), runs the command and returns the exit status.
    ///
    /// Help and `--version` print to the console's output and return 0. A usage error (an unknown flag, a
    /// missing argument) prints one line to the console's error output and returns 1. Never traps.
    public static func run(arguments: [String], console: Console = StandardConsole()) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            if let subcommand = command as? any ConsoleCommand {
                return subcommand.execute(console: console)
            }
            try command.run()
            return 0
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                console.write(fullMessage(for: error) + "\n")
                return 0
            }
            let message = message(for: error)
                .split(separator: "\n", omittingEmptySubsequences: true)
                .first.map(String.init) ?? "unknown error"
            let strippedPrefix = message.hasPrefix("Error: ") ? String(message.dropFirst("Error: ".count)) : message
            console.writeError("capsule: \(strippedPrefix)\n")
            return 1
        }
    }
}

/// A subcommand that writes through a ``Console`` and returns its exit status, so tests can run it in process.
protocol ConsoleCommand: ParsableCommand {
    /// Runs the command; returns the process exit status.
    func execute(console: Console) -> Int32
}

extension ConsoleCommand {
    /// ArgumentParser's entry point, for when the command is run through `main()`.
    func run() throws {
        let status = execute(console: StandardConsole())
        if status != 0 { throw ExitCode(status) }
    }
}
