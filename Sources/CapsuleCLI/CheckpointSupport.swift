import ArgumentParser
import CapsuleCore
import CapsuleEngine
import CapsuleWASI
import Foundation

/// `--checkpoint FILE`, `--checkpoint-on SIGNAL`, `--checkpoint-after-fuel N`: shared by `capsule run`
/// and `capsule resume`.
struct CheckpointOptions: ParsableArguments {
    @Option(name: .customLong("checkpoint"), help: ArgumentHelp("When the program is paused (--checkpoint-on, --checkpoint-after-fuel), write its whole state to FILE and exit with status 75; `capsule resume FILE` continues it.", valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("checkpoint-on"), help: ArgumentHelp("Pause and checkpoint when this signal arrives: USR1, USR2, HUP, INT or TERM (with or without SIG).", valueName: "SIGNAL"))
    var signalName: String?

    @Option(name: .customLong("checkpoint-after-fuel"), help: ArgumentHelp("Pause and checkpoint once the program has used N units of fuel (about N instructions).", valueName: "N"))
    var afterFuel: String?

    /// Exit status once a checkpoint is written (EX_TEMPFAIL: not finished, to be continued).
    static let writtenStatus: Int32 = 75

    static let signals: [String: Int32] = ["USR1": SIGUSR1, "USR2": SIGUSR2, "HUP": SIGHUP, "INT": SIGINT, "TERM": SIGTERM]

    /// The signal and fuel budget asked for; throws a ``RunProblem`` for bad or incomplete flags.
    func parsed(fuelFlag: String?) throws -> (signal: Int32?, fuel: UInt64?)? {
        guard let file else {
            if signalName != nil || afterFuel != nil { throw RunProblem("--checkpoint-on and --checkpoint-after-fuel need --checkpoint FILE") }
            return nil
        }
        guard !file.isEmpty else { throw RunProblem("--checkpoint: expected a file name") }
        guard signalName != nil || afterFuel != nil else {
            throw RunProblem("--checkpoint \(file): say when to pause, with --checkpoint-on SIGNAL or --checkpoint-after-fuel N")
        }
        var signal: Int32?
        if let signalName {
            let name = signalName.uppercased().hasPrefix("SIG") ? String(signalName.uppercased().dropFirst(3)) : signalName.uppercased()
            guard let number = Self.signals[name] else { throw RunProblem("--checkpoint-on \(signalName): expected USR1, USR2, HUP, INT or TERM") }
            signal = number
        }
        var fuel: UInt64?
        if let afterFuel {
            guard let units = UInt64(afterFuel), units > 0 else { throw RunProblem("--checkpoint-after-fuel \(afterFuel): expected a positive whole number of fuel units") }
            guard fuelFlag == nil else { throw RunProblem("--checkpoint-after-fuel and --fuel cannot be combined") }
            fuel = units
        }
        return (signal, fuel)
    }
}

/// Turns a signal into an interruption of the store, and remembers that it came (so that a
/// `--timeout` interruption is not taken for a checkpoint request).
final class CheckpointTrigger: @unchecked Sendable {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var fired = false

    init(signal number: Int32, handle: InterruptHandle) {
        signal(number, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { [weak self] in
            self?.lock.withLock { self?.fired = true }
            handle.interrupt()
        }
        source.resume()
    }

    /// Whether the signal came (and has not been consumed by a checkpoint that failed).
    func consume() -> Bool { lock.withLock { defer { fired = false }; return fired } }

    func cancel() { source.cancel() }
}

/// What `capsule run` adds to a checkpoint besides the instance: the module's path, the preopens
/// as granted (to check them on resume), where standard input was, and the guest's WASI state.
struct CommandCheckpointData {
    static let marker = "capsule run checkpoint"
    static let version: UInt32 = 1

    struct Preopen: Equatable {
        var guest: String
        var host: String
        var readOnly: Bool
    }

    var modulePath: String
    var preopens: [Preopen]
    /// The offset of standard input when it was a regular file, to continue reading there.
    var standardInputOffset: UInt64?
    var wasi: [UInt8]

    var encoded: [UInt8] {
        var writer = CheckpointDataWriter()
        writer.string(Self.marker)
        writer.u32(Self.version)
        writer.string(modulePath)
        writer.u32(UInt32(preopens.count))
        for preopen in preopens {
            writer.string(preopen.guest)
            writer.string(preopen.host)
            writer.bool(preopen.readOnly)
        }
        writer.bool(standardInputOffset != nil)
        writer.u64(standardInputOffset ?? 0)
        writer.data(wasi)
        return writer.bytes
    }

    init(modulePath: String, preopens: [Preopen], standardInputOffset: UInt64?, wasi: [UInt8]) {
        self.modulePath = modulePath
        self.preopens = preopens
        self.standardInputOffset = standardInputOffset
        self.wasi = wasi
    }

    init(decoding bytes: [UInt8]) throws {
        var reader = CheckpointDataReader(bytes)
        guard (try? reader.string()) == Self.marker else { throw RunProblem("the checkpoint was not written by `capsule run`") }
        let version = try reader.u32()
        guard version == Self.version else { throw RunProblem("the checkpoint's command data has version \(version), this Capsule reads \(Self.version)") }
        modulePath = try reader.string()
        let count = try reader.u32()
        guard count <= 1 << 16 else { throw RunProblem("the checkpoint's command data is malformed") }
        preopens = try (0..<count).map { _ in Preopen(guest: try reader.string(), host: try reader.string(), readOnly: try reader.bool()) }
        let hasOffset = try reader.bool()
        let offset = try reader.u64()
        standardInputOffset = hasOffset ? offset : nil
        wasi = try reader.data()
        guard reader.isAtEnd else { throw RunProblem("the checkpoint's command data has bytes after its end") }
    }

    /// The absolute, symlink-free form of a host path (the path itself when it cannot be resolved).
    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Running a command module under `--checkpoint`, for `capsule run` and `capsule resume`.
struct CheckpointSession {
    let options: CheckpointOptions
    let file: String
    let signal: Int32?
    let afterFuel: UInt64?
    let modulePath: String
    let preopens: [CommandCheckpointData.Preopen]
    let context: WASIContext
    let console: Console

    /// Runs `body` (the program's `_start`, or a resume), and when it pauses writes the checkpoint and
    /// returns ``CheckpointOptions/writtenStatus``; a pause that was not asked for (a `--timeout`)
    /// or a checkpoint that cannot be written (a socket is open) ends as a trap would, or continues.
    func run(_ instance: Instance, _ body: () throws -> Void) throws -> Int32 {
        let trigger = signal.map { CheckpointTrigger(signal: $0, handle: instance.store.interruptHandle) }
        defer { trigger?.cancel() }
        var paused: PausedExecution
        do {
            try body()
            return 0
        } catch let pause as ExecutionPaused {
            paused = pause.execution
        }
        while true {
            let requested = (paused.reason == .outOfFuel && afterFuel != nil) || (paused.reason == .interrupted && trigger?.consume() == true)
            guard requested else {
                throw Trap(kind: paused.reason == .outOfFuel ? .outOfFuel : .interrupted, backtrace: [])
            }
            do {
                try write(paused, of: instance)
                console.writeError("capsule: checkpoint written to \(file) (\(paused.reason), \(paused.depth) frames); continue with: capsule resume \(file)\n")
                return CheckpointOptions.writtenStatus
            } catch let problem as WASICheckpointError {
                console.writeError("capsule: \(problem.description); the program continues\n")
            } catch let problem as SnapshotError {
                console.writeError("capsule: cannot checkpoint: \(problem.description); the program continues\n")
            } catch let trap as Trap {
                console.writeError("capsule: cannot checkpoint: \(trap.kind); the program continues\n")
            } catch let problem as RunProblem {
                console.writeError("capsule: cannot checkpoint: \(problem.message); the program continues\n")
            }
            // Not written: carry on as if nothing had happened, without the fuel budget.
            if afterFuel != nil { instance.store.fuel = UInt64(Int64.max) }
            do {
                _ = try instance.resume(paused)
                return 0
            } catch let pause as ExecutionPaused {
                paused = pause.execution
            }
        }
    }

    /// Writes the checkpoint beside FILE, then renames it over FILE: an older checkpoint there is
    /// replaced only by a complete one.
    private func write(_ paused: PausedExecution, of instance: Instance) throws {
        var offset: UInt64?
        if console is StandardConsole {
            var info = stat()
            if fstat(0, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                let position = lseek(0, 0, SEEK_CUR)
                if position >= 0 { offset = UInt64(position) }
            }
        }
        let data = CommandCheckpointData(
            modulePath: CommandCheckpointData.canonical(modulePath), preopens: preopens, standardInputOffset: offset,
            wasi: try context.checkpointState())
        let temporary = file + ".partial"
        guard let handle = fopen(temporary, "wb") else { throw RunProblem("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var failed = false
        do {
            try instance.writeCheckpoint(paused, embedderData: data.encoded) { chunk in
                guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
                if fwrite(base, 1, chunk.count, handle) != chunk.count { throw RunProblem("cannot write \(temporary): \(String(cString: strerror(errno)))") }
            }
        } catch {
            failed = true
            fclose(handle)
            unlink(temporary)
            throw error
        }
        if fflush(handle) != 0 || fsync(fileno(handle)) != 0 { failed = true }
        if fclose(handle) != 0 { failed = true }
        guard !failed, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw RunProblem("cannot write \(file): \(String(cString: strerror(errno)))")
        }
    }
}
