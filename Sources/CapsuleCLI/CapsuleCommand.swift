import ArgumentParser
import Foundation

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
              capsule run --invoke add module.wasm 1 2
              capsule validate module.wasm other.wat
              capsule inspect module.wasm
              capsule inspect --json module.wasm
              capsule wast Vendor/testsuite/i32.wast
              capsule preinit app.wasm -o app.initialized.wasm
              capsule run --checkpoint app.ckpt --checkpoint-on USR1 app.wasm
              capsule resume app.ckpt
            """,
        version: version,
        subcommands: [RunCommand.self, ResumeCommand.self, ServeCommand.self, ValidateCommand.self, InspectCommand.self, WastCommand.self, PreinitCommand.self]
    )

    /// `arguments` with `run` put first when they start with neither a subcommand nor a root option.
    static func impliedRun(_ arguments: [String]) -> [String] {
        guard let first = arguments.first else { return arguments }
        let names = Set(configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"])
        let rootOptions: Set<String> = ["-h", "--help", "--version", "--experimental-dump-help", "--generate-completion-script"]
        if names.contains(first) || rootOptions.contains(first) || first.hasPrefix("--generate-completion-script") { return arguments }
        return ["run"] + arguments
    }

    /// The exit status of a usage error.
    public static let usageStatus: Int32 = 2

    /// Creates the root command (ArgumentParser fills in its options).
    public init() {}

    /// Parses `arguments` (without the program name), runs the command and returns the exit status.
    ///
    /// Help and `--version` print to the console's output and return 0. A usage error (an unknown flag, a
    /// missing argument) prints one line to the console's error output and returns 2, as wasmtime's
    /// command line does. Never traps.
    ///
    /// As with wasmtime, `run` may be left out: `capsule app.wasm ARGS...` and `capsule --dir . app.wasm` are
    /// `capsule run ...`.
    public static func run(arguments: [String], console: Console = StandardConsole()) -> Int32 {
        let given = arguments
        let arguments = impliedRun(given)
        if arguments.count > given.count, let file = given.first, !file.hasPrefix("-"),
            !FileManager.default.fileExists(atPath: file), !file.hasSuffix(".wasm"), !file.hasSuffix(".wat")
        {
            let names = configuration.subcommands.compactMap { $0.configuration.commandName }.joined(separator: ", ")
            console.writeError("capsule: \(file): neither a subcommand (\(names)) nor a module file\n")
            return usageStatus
        }
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
            return usageStatus
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
