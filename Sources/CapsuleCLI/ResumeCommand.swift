import ArgumentParser
import CapsuleCore
import CapsuleEngine
import CapsuleWASI
import Foundation

/// `capsule resume FILE [--dir ...]`: continues a program that `capsule run --checkpoint` paused.
struct ResumeCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a program from a checkpoint written by `capsule run --checkpoint`.",
        discussion: """
            The program continues where it was paused, in this process: its memory, globals, tables, \\
            Wasm stack and fuel, its arguments and environment, its open files (opened again by their \\
            paths beneath the preopened directories, at the offsets they had) and its clocks (the \\
            monotonic clock does not go backwards). The module is read again from the path it was run \\
            from and must not have changed.

            Capabilities are checked again: grant the same preopens as the first run (the same --dir \\
            and --ro-dir, in the same order); a missing or different one is refused. Arguments and \\
            environment cannot be changed. Standard output and error are this process's (append \\
            rather than overwrite a file the first run wrote to); standard input too, and when it is \\
            a regular file reading continues at the offset the first run had reached.

            Exit status: as for `capsule run` (the guest's exit code, 134 after a trap), 75 when the \\
            resumed program is checkpointed again, 1 when the checkpoint cannot be resumed.

            Examples:
              capsule run --dir data::/data --checkpoint app.ckpt --checkpoint-on USR1 app.wasm
              capsule resume app.ckpt --dir data::/data
              capsule resume app.ckpt --dir data::/data --checkpoint app.ckpt --checkpoint-after-fuel 1000000
            """
    )

    @OptionGroup(title: "The directories the program had (as in the first run, in the same order)")
    var directories: DirectoryOptions

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Largest linear memory, in bytes (K, M, G).", valueName: "SIZE"))
    var maxMemory: String?

    @Option(name: .customLong("fuel"), help: ArgumentHelp("An instruction budget for the rest of the run.", valueName: "N"))
    var fuel: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Stop the program after this many seconds.", valueName: "SECONDS"))
    var timeout: String?

    @Flag(help: "Print one line per WASI call on stderr.")
    var trace = false

    @OptionGroup(title: "Checkpoints")
    var checkpointing: CheckpointOptions

    @Argument(help: "The checkpoint file.")
    var file: String

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var extra: [String] = []

    func execute(console: Console) -> Int32 {
        do {
            return try resume(console: console)
        } catch {
            return RunCommand.status(after: error, file: file, console: console)
        }
    }

    private func resume(console: Console) throws -> Int32 {
        guard extra.isEmpty else {
            throw RunProblem("a resumed program keeps the arguments it had; remove \(extra.joined(separator: " "))")
        }
        let header = try CheckpointHeader.read(contentsOf: file)
        let data = try CommandCheckpointData(decoding: header.embedderData)
        let bytes: [UInt8]
        do {
            bytes = try ModuleFile.binary(at: data.modulePath)
        } catch {
            throw RunProblem("the module the checkpoint was taken from, \(data.modulePath), cannot be read: \(error)")
        }
        guard CheckpointHeader.moduleHash(of: bytes) == header.moduleHash else {
            throw RunProblem("\(data.modulePath) has changed since the checkpoint was taken")
        }
        let module = try WasmModule(bytes: bytes)

        // Capabilities again: the same preopens, in the same order.
        let granted = try RunCommand.grantedPreopens(directories)
        for (index, needed) in data.preopens.enumerated() {
            let flag = needed.readOnly ? "--ro-dir" : "--dir"
            guard index < granted.count, granted[index].guest == needed.guest else {
                throw RunProblem("the program had \(needed.guest) preopened: grant it again with \(flag) \(needed.host)::\(needed.guest) (preopens in the order of the first run)")
            }
            guard granted[index].host == needed.host, granted[index].readOnly == needed.readOnly else {
                let now = "\(granted[index].readOnly ? "--ro-dir" : "--dir") \(granted[index].host)"
                throw RunProblem("\(needed.guest) was \(flag) \(needed.host) when the checkpoint was taken, not \(now)")
            }
        }
        guard granted.count == data.preopens.count else {
            throw RunProblem("the program did not have \(granted[data.preopens.count...].map(\.guest).joined(separator: ", ")); a resumed program gets no new directories")
        }

        var limits = StoreLimits()
        limits.checkpointable = true
        if let maxMemory {
            guard let size = LimitParsing.byteSize(maxMemory) else { throw RunProblem("--max-memory \(maxMemory): expected a size in bytes, optionally with K, M or G") }
            limits.maxMemoryPages = Int(clamping: size / 65536)
        }
        if let fuel {
            guard let units = UInt64(fuel) else { throw RunProblem("--fuel \(fuel): expected a whole number of fuel units") }
            limits.fuel = units
        }
        let trigger = try checkpointing.parsed(fuelFlag: fuel)
        if let budget = trigger?.fuel { limits.fuel = budget }
        var deadline: Double?
        if let timeout {
            guard let seconds = LimitParsing.seconds(timeout) else { throw RunProblem("--timeout \(timeout): expected a number of seconds") }
            deadline = seconds
        }

        var configuration = WASIConfiguration()
        configuration.preopens = try directories.preopens()
        RunCommand.connectStreams(&configuration, to: console)
        if trace { configuration.trace = { line in console.writeError(line + "\n") } }
        if console is StandardConsole {
            signal(SIGPIPE, SIG_IGN)
            var info = stat()
            if let offset = data.standardInputOffset, fstat(0, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                lseek(0, off_t(offset), SEEK_SET)
            }
        }
        let context = try WASIContext(resuming: data.wasi, configuration: configuration)

        let store = Store(limits: limits)
        var imports = Imports()
        context.define(into: &imports, store: store)
        let instance = try store.instantiate(module, imports: imports)
        let checkpoint = try instance.restoreCheckpoint(contentsOf: file)
        // The fuel the first run had left is what its budget was for; this run has its own.
        store.fuel = limits.fuel
        let timer = deadline.map { InterruptTimer(seconds: $0, handle: store.interruptHandle) }
        defer { timer?.cancel() }
        let session = CheckpointSession(
            options: checkpointing, file: checkpointing.file ?? "", signal: trigger?.signal, afterFuel: trigger?.fuel,
            modulePath: data.modulePath, preopens: granted, context: context, console: console)
        if trigger != nil {
            return try session.run(instance) { _ = try instance.resume(checkpoint.execution) }
        }
        do {
            _ = try instance.resume(checkpoint.execution)
        } catch let pause as ExecutionPaused {
            // Only --timeout interrupts a run that takes no checkpoint.
            throw Trap(kind: pause.execution.reason == .outOfFuel ? .outOfFuel : .interrupted, backtrace: [])
        }
        return 0
    }
}
