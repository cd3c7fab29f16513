import CapsuleCLI
import CapsuleEngine
import CapsuleWASI
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `capsule run --checkpoint` and `capsule resume`, with `Tests/Fixtures/checkpoint/checkpoint.wasm`
/// (a C program that computes, prints, reads standard input and writes files in /data, keeping files
/// open throughout): checkpointed at ten points and resumed in a new process each time, it must print
/// the same bytes, leave the same files and exit with the same status as a run that was never stopped.
@Suite struct CheckpointCommandTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoint")
    static let program = directory.appendingPathComponent("checkpoint.wasm").path
    static let input = "alpha\nbeta\ngamma\ndelta\nepsilon with spaces\n"

    /// A scratch folder with `data/` (the preopen) and `input.txt` (standard input).
    final class Scratch {
        let root: URL
        var data: URL { root.appendingPathComponent("data") }
        var inputPath: String { root.appendingPathComponent("input.txt").path }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-checkpoint-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
            try Data(CheckpointCommandTests.input.utf8).write(to: root.appendingPathComponent("input.txt"))
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func file(_ name: String) -> Data? { FileManager.default.contents(atPath: data.appendingPathComponent(name).path) }
    }

    struct Outcome {
        var status: Int32
        var output: Data
        var errors: String
    }

    /// Runs the capsule executable with `input` as standard input (a regular file, as with `<`).
    static func capsule(_ arguments: [String], input: String, in directory: URL) throws -> Outcome {
        let executable = try #require(WASIPrograms.executable, "the capsule executable was not found next to the test bundle")
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = directory.appendingPathComponent("stdout-\(UUID().uuidString)")
        let errors = directory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: output)
            try? FileManager.default.removeItem(at: errors)
        }
        process.standardInput = FileHandle(forReadingAtPath: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: try Data(contentsOf: output),
                       errors: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }

    static let runArguments = ["--dir", "data::/data", "--env", "CHECKPOINT_MODE=test", program, "first", "second arg"]

    /// The fuel the whole program takes, measured through the Swift API with the same metering.
    static func totalFuel() throws -> UInt64 {
        let scratch = try Scratch()
        var limits = StoreLimits()
        limits.checkpointable = true
        limits.fuel = UInt64(Int64.max)
        let store = Store(limits: limits)
        var configuration = WASIConfiguration(arguments: ["checkpoint.wasm"])
        configuration.preopens = [WASIPreopen(guestPath: "/data", directory: try HostDirectory(path: scratch.data.path))]
        configuration.standardInput = WASIStreamFile(read: { _ in [] })
        configuration.standardOutput = WASIStreamFile(write: { _ in })
        let context = try WASIContext(configuration)
        var imports = Imports()
        context.define(into: &imports, store: store)
        let instance = try store.instantiate(try WasmModule(contentsOf: program), imports: imports)
        do { _ = try #require(instance.function("_start")).call() } catch is WASIExit {}
        return UInt64(Int64.max) - (store.fuel ?? 0)
    }

    @Test(.enabled(if: WASIPrograms.executable != nil, "the capsule executable was not found next to the test bundle"))
    func checkpointedAtTenPointsAndResumedInNewProcessesItEndsAsAnUninterruptedRun() throws {
        let reference = try Scratch()
        let expected = try Self.capsule(["run"] + Self.runArguments, input: reference.inputPath, in: reference.root)
        #expect(expected.status == 3)
        #expect(String(decoding: expected.output, as: UTF8.self).contains("5 lines read, 11 log lines"))
        let total = try Self.totalFuel()
        #expect(total > 1_000_000)
        // From the first instructions to the last lines: computing, reading stdin, writing, reading back.
        let fractions = [0.000001, 0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.995, 0.9995]
        for fraction in fractions {
            let fuel = max(1, UInt64(Double(total) * fraction))
            let scratch = try Scratch()
            let checkpoint = scratch.root.appendingPathComponent("program.ckpt").path
            let first = try Self.capsule(
                ["run", "--checkpoint", checkpoint, "--checkpoint-after-fuel", String(fuel)] + Self.runArguments,
                input: scratch.inputPath, in: scratch.root)
            #expect(first.status == 75, "fuel \(fuel): \(first.errors)")
            #expect(first.errors.contains("checkpoint written"), "fuel \(fuel): \(first.errors)")
            let second = try Self.capsule(["resume", checkpoint, "--dir", "data::/data"], input: scratch.inputPath, in: scratch.root)
            #expect(second.status == expected.status, "fuel \(fuel): \(second.errors)")
            #expect(first.output + second.output == expected.output, "fuel \(fuel): the output differs")
            for name in ["log.txt", "raw.bin"] {
                #expect(scratch.file(name) == reference.file(name), "fuel \(fuel): \(name) differs")
            }
        }
    }

    @Test(.enabled(if: WASIPrograms.executable != nil, "the capsule executable was not found next to the test bundle"))
    func aResumedRunCanBeCheckpointedAgain() throws {
        let reference = try Scratch()
        let expected = try Self.capsule(["run"] + Self.runArguments, input: reference.inputPath, in: reference.root)
        let scratch = try Scratch()
        let first = try Self.capsule(["run", "--checkpoint", "one.ckpt", "--checkpoint-after-fuel", "2000000"] + Self.runArguments,
                                     input: scratch.inputPath, in: scratch.root)
        let second = try Self.capsule(["resume", "one.ckpt", "--dir", "data::/data", "--checkpoint", "two.ckpt", "--checkpoint-after-fuel", "5000000"],
                                      input: scratch.inputPath, in: scratch.root)
        let third = try Self.capsule(["resume", "two.ckpt", "--dir", "data::/data"], input: scratch.inputPath, in: scratch.root)
        #expect([first.status, second.status, third.status] == [75, 75, expected.status], "\(second.errors) \(third.errors)")
        #expect(first.output + second.output + third.output == expected.output)
        for name in ["log.txt", "raw.bin"] { #expect(scratch.file(name) == reference.file(name), "\(name) differs") }
    }

    @Test func resumeChecksTheCapabilitiesAndTheModule() throws {
        let scratch = try Scratch()
        let checkpoint = scratch.root.appendingPathComponent("program.ckpt").path
        let console = BufferConsole()
        let status = CapsuleCommand.run(
            arguments: ["run", "--checkpoint", checkpoint, "--checkpoint-after-fuel", "5000", "--dir", "\(scratch.data.path)::/data", Self.program],
            console: console)
        #expect(status == 75, "\(console.errorOutput)")
        func resume(_ arguments: [String]) -> (Int32, String) {
            let console = BufferConsole()
            let status = CapsuleCommand.run(arguments: ["resume", checkpoint] + arguments, console: console)
            return (status, console.errorOutput)
        }
        // No preopen, another directory, read-only instead, an extra one, extra arguments: refused.
        let other = scratch.root.appendingPathComponent("other")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        for (arguments, message) in [
            ([], "grant it again"),
            (["--dir", "\(other.path)::/data"], "when the checkpoint was taken"),
            (["--ro-dir", "\(scratch.data.path)::/data"], "when the checkpoint was taken"),
            (["--dir", "\(scratch.data.path)::/data", "--dir", "\(other.path)::/more"], "no new directories"),
            (["--dir", "\(scratch.data.path)::/data", "--", "more"], "keeps the arguments"),
        ] {
            let (status, errors) = resume(arguments)
            #expect(status == 1, "\(arguments)")
            #expect(errors.contains(message), "\(arguments): \(errors)")
        }
        // A corrupted checkpoint is a clean error.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count / 2] ^= 0x40
        let corrupted = scratch.root.appendingPathComponent("corrupted.ckpt").path
        try bytes.write(to: URL(fileURLWithPath: corrupted))
        let console2 = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["resume", corrupted, "--dir", "\(scratch.data.path)::/data"], console: console2) == 1)
        #expect(console2.errorOutput.contains("checksum"))
        // The right grant resumes it (in process: the output goes to the console).
        let (resumed, errors) = resume(["--dir", "\(scratch.data.path)::/data"])
        #expect(resumed == 3, "\(errors)")
        // A file the program had open that is gone cannot be opened again.
        let again = CapsuleCommand.run(
            arguments: ["run", "--checkpoint", checkpoint, "--checkpoint-after-fuel", "3000000", "--dir", "\(scratch.data.path)::/data", Self.program],
            console: BufferConsole())
        #expect(again == 75)
        try FileManager.default.removeItem(at: scratch.data.appendingPathComponent("raw.bin"))
        let (gone, goneErrors) = resume(["--dir", "\(scratch.data.path)::/data"])
        #expect(gone == 1)
        #expect(goneErrors.contains("raw.bin cannot be opened again"), "\(goneErrors)")
    }

    @Test func aModuleChangedSinceTheCheckpointIsRefused() throws {
        let scratch = try Scratch()
        let copy = scratch.root.appendingPathComponent("copy.wasm")
        try FileManager.default.copyItem(atPath: Self.program, toPath: copy.path)
        let checkpoint = scratch.root.appendingPathComponent("copy.ckpt").path
        let data = "\(scratch.data.path)::/data"
        #expect(CapsuleCommand.run(arguments: ["run", "--checkpoint", checkpoint, "--checkpoint-after-fuel", "5000", "--dir", data, copy.path],
                                   console: BufferConsole()) == 75)
        // A custom section appended: still a valid module, but not the one the checkpoint was taken from.
        var bytes = try Data(contentsOf: copy)
        bytes.append(contentsOf: [0, 4, 3, 0x61, 0x62, 0x63])
        try bytes.write(to: copy)
        let console = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["resume", checkpoint, "--dir", data], console: console) == 1)
        #expect(console.errorOutput.contains("has changed since the checkpoint"), "\(console.errorOutput)")
    }

    @Test func checkpointFlagsAreChecked() {
        for (arguments, message) in [
            (["--checkpoint-on", "USR1"], "need --checkpoint FILE"),
            (["--checkpoint", "x.ckpt"], "say when to pause"),
            (["--checkpoint", "x.ckpt", "--checkpoint-on", "KILL"], "expected USR1"),
            (["--checkpoint", "x.ckpt", "--checkpoint-after-fuel", "0"], "positive whole number"),
            (["--checkpoint", "x.ckpt", "--checkpoint-after-fuel", "10", "--fuel", "10"], "cannot be combined"),
        ] {
            let console = BufferConsole()
            let status = CapsuleCommand.run(arguments: ["run"] + arguments + [Self.program], console: console)
            #expect(status == CapsuleCommand.usageStatus, "\(arguments)")
            #expect(console.errorOutput.contains(message), "\(arguments): \(console.errorOutput)")
        }
        // A program that finishes before the pause point runs to its end and writes nothing.
        let scratch = try? Scratch()
        let path = (scratch?.root.path ?? "/tmp") + "/never.ckpt"
        let console = BufferConsole()
        let status = CapsuleCommand.run(
            arguments: ["run", "--checkpoint", path, "--checkpoint-after-fuel", "1000000000000", "--dir", "\(scratch?.data.path ?? "/tmp")::/data", Self.program],
            console: console)
        #expect(status == 3)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test(.enabled(if: WASIPrograms.executable != nil, "the capsule executable was not found next to the test bundle"))
    func aSignalCheckpointsTheProgram() throws {
        // A program that says it is ready, then loops for ever: paused by SIGUSR1 once it is running
        // (the handler is in place before _start runs), resumed with a fuel budget that ends it.
        let scratch = try Scratch()
        let module = scratch.root.appendingPathComponent("spin.wat")
        try Data("""
            (module
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 16) "ready\\n")
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 16))
                (i32.store (i32.const 4) (i32.const 6))
                (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
                (loop $l (br $l))))
            """.utf8).write(to: module)
        let checkpoint = scratch.root.appendingPathComponent("spin.ckpt").path
        let executable = try #require(WASIPrograms.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["run", "--checkpoint", checkpoint, "--checkpoint-on", "USR1", module.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("ready") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        #expect(String(decoding: seen, as: UTF8.self) == "ready\n")
        kill(process.processIdentifier, SIGUSR1)
        process.waitUntilExit()
        #expect(process.terminationStatus == 75)
        let resumed = try Self.capsule(["resume", checkpoint, "--fuel", "1000"], input: scratch.inputPath, in: scratch.root)
        #expect(resumed.status == 134)
        #expect(resumed.errors.contains("all fuel consumed"))
    }
}
