import CapsuleCore
import CapsuleEngine
import Foundation
import Testing

@testable import CapsuleWASI

/// Checkpoints of WASI programs through the Swift API: `WASIContext.checkpointState()`, the engine's
/// checkpoints and `WASIContext(resuming:configuration:)`, with the C program of
/// `Tests/Fixtures/checkpoint` (it computes, reads standard input, prints and keeps files open in /data).
@Suite struct CheckpointTests {
    static let program = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/checkpoint/checkpoint.wasm").path
    static let input = Array("one\ntwo\nthree\n".utf8)

    /// One process's worth of the program: a store, its WASI world and what it printed.
    final class Run {
        let store: Store
        let context: WASIContext
        let instance: Instance
        var output: [UInt8] = []

        /// A first run (`checkpoint` nil) or one resumed from checkpoint bytes; `wrap` may replace imports.
        init(directory: String, fuel: UInt64?, input: [UInt8], resuming checkpoint: [UInt8]? = nil,
             wrap: (inout Imports, Store, WASIContext) -> Void = { _, _, _ in }) throws {
            var limits = StoreLimits()
            limits.checkpointable = true
            limits.fuel = fuel
            store = Store(limits: limits)
            var configuration = WASIConfiguration(arguments: ["checkpoint", "api"])
            configuration.environment = ["CHECKPOINT_MODE=api"]
            configuration.preopens = [WASIPreopen(guestPath: "/data", directory: try HostDirectory(path: directory))]
            var remaining = input
            configuration.standardInput = WASIStreamFile(read: { count in
                let taken = Array(remaining.prefix(count))
                remaining.removeFirst(taken.count)
                return taken
            })
            let box = OutputBox()
            configuration.standardOutput = WASIStreamFile(write: { box.bytes += $0 })
            if let checkpoint {
                context = try WASIContext(resuming: try CheckpointHeader.read(checkpoint).embedderData, configuration: configuration)
            } else {
                context = try WASIContext(configuration)
            }
            var imports = Imports()
            context.define(into: &imports, store: store)
            wrap(&imports, store, context)
            instance = try store.instantiate(try WasmModule(contentsOf: CheckpointTests.program), imports: imports)
            self.box = box
        }

        private let box: OutputBox
        var printed: [UInt8] { box.bytes }

        /// Runs `_start` (or resumes `execution`): the exit status, or the pause.
        func go(_ execution: PausedExecution? = nil) throws -> Result<UInt32, ExecutionPaused> {
            do {
                if let execution {
                    _ = try instance.resume(execution)
                } else {
                    _ = try #require(instance.function("_start")).call()
                }
                return .success(0)
            } catch let exit as WASIExit {
                return .success(exit.code)
            } catch let pause as ExecutionPaused {
                return .failure(pause)
            }
        }
    }

    final class OutputBox { var bytes: [UInt8] = [] }

    struct Finished: Equatable {
        var status: UInt32
        var output: [UInt8]
        var log: Data?
        var raw: Data?
    }

    static func finished(_ status: UInt32, _ output: [UInt8], _ directory: TemporaryDirectory) -> Finished {
        Finished(status: status, output: output,
                 log: FileManager.default.contents(atPath: directory.at("log.txt")),
                 raw: FileManager.default.contents(atPath: directory.at("raw.bin")))
    }

    static func reference() throws -> (Finished, UInt64) {
        let directory = try TemporaryDirectory("capsule-checkpoint")
        defer { directory.remove() }
        let run = try Run(directory: directory.path, fuel: UInt64(Int64.max), input: input)
        guard case .success(let status) = try run.go() else { throw WASICheckpointError("the reference run paused") }
        return (finished(status, run.printed, directory), UInt64(Int64.max) - (run.store.fuel ?? 0))
    }

    @Test func pausedByFuelAtTenPointsAndResumedInFreshStores() throws {
        let (expected, total) = try Self.reference()
        #expect(expected.status == 3)
        for fraction in [0.00001, 0.03, 0.12, 0.3, 0.45, 0.6, 0.75, 0.9, 0.994, 0.9993] {
            let directory = try TemporaryDirectory("capsule-checkpoint")
            defer { directory.remove() }
            let first = try Run(directory: directory.path, fuel: max(1, UInt64(Double(total) * fraction)), input: Self.input)
            guard case .failure(let pause) = try first.go() else {
                Issue.record("fraction \(fraction): the program finished")
                continue
            }
            let bytes = try first.instance.checkpoint(pause.execution, embedderData: try first.context.checkpointState())
            // What the first run read is gone from its input; the resumed one gets the rest (a stream).
            let second = try Run(directory: directory.path, fuel: nil, input: Array(Self.input.dropFirst(Self.consumed(first))), resuming: bytes)
            let checkpoint = try second.instance.restoreCheckpoint(bytes)
            guard case .success(let status) = try second.go(checkpoint.execution) else {
                Issue.record("fraction \(fraction): paused again")
                continue
            }
            #expect(Self.finished(status, first.printed + second.printed, directory) == expected, "fraction \(fraction)")
        }
    }

    /// How much of its standard input a run has read (the stream keeps no count: ask what is left).
    static func consumed(_ run: Run) -> Int {
        guard let descriptor = try? run.context.table.get(0), case .file(let file) = descriptor.object,
              let left = try? file.read(maxCount: 1 << 20) else { return 0 }
        return input.count - left.count
    }

    @Test func aPauseInsideFdWriteDeepInPrintfResumesInAFreshStore() throws {
        let (expected, _) = try Self.reference()
        let directory = try TemporaryDirectory("capsule-checkpoint")
        defer { directory.remove() }
        // fd_write does its work, then pauses the run on its 2nd call: main -> printf -> ... -> fd_write.
        var writes = 0
        let first = try Run(directory: directory.path, fuel: nil, input: Self.input) { imports, store, context in
            guard let syscall = WASISyscall.all["fd_write"] else { return }
            imports.define(module: "wasi_snapshot_preview1", name: "fd_write", .function(Function(store: store, type: syscall.type) { caller, arguments in
                guard let memory = caller.memory(named: "memory") else { return [.i32(UInt32(WASIErrno.fault.rawValue))] }
                let raw = arguments.map { value -> UInt64 in
                    if case .i32(let bits) = value { return UInt64(bits) }
                    return 0
                }
                let results: [Value] = [.i32(try context.call(syscall, memory: EngineMemory(memory: memory), arguments: WASIArguments(raw)))]
                writes += 1
                if writes == 2 { throw HostPause.returning(results) }
                return results
            }))
        }
        guard case .failure(let pause) = try first.go() else {
            Issue.record("the program did not pause")
            return
        }
        #expect(pause.execution.reason == .hostCall)
        #expect(pause.execution.depth >= 4, "depth \(pause.execution.depth)")
        let bytes = try first.instance.checkpoint(pause.execution, embedderData: try first.context.checkpointState())
        let second = try Run(directory: directory.path, fuel: nil, input: Array(Self.input.dropFirst(Self.consumed(first))), resuming: bytes)
        let checkpoint = try second.instance.restoreCheckpoint(bytes)
        guard case .success(let status) = try second.go(checkpoint.execution) else {
            Issue.record("paused again")
            return
        }
        #expect(Self.finished(status, first.printed + second.printed, directory) == expected)
    }

    @Test func socketsAndHostFilesAreRefusedByName() throws {
        var configuration = WASIConfiguration(arguments: ["x"])
        configuration.sockets = [try HostSocket.listen(on: "127.0.0.1:0")]
        let context = try WASIContext(configuration)
        let virtual = try context.insert(WASIDescriptor(.file(WASIStreamFile(read: { _ in [] })), rights: .all))
        #expect {
            _ = try context.checkpointState()
        } throws: { error in
            let text = "\(error)"
            return text.contains("descriptor 3 (a socket)") && text.contains("descriptor \(virtual) (made by the host")
        }
    }

    @Test func clocksCarryOnAndPreopensMustMatch() throws {
        // Deterministic clocks continue exactly; system clocks never go backwards.
        var configuration = WASIConfiguration(arguments: ["x"])
        configuration.makeDeterministic(seed: 9)
        let context = try WASIContext(configuration)
        for _ in 0..<5 { _ = try context.clocks.now(.monotonic) }
        var random = context.random
        _ = random.next()
        context.random = random
        let state = try context.checkpointState()
        let resumed = try WASIContext(resuming: state, configuration: WASIConfiguration())
        #expect(try resumed.clocks.now(.monotonic) == (try context.clocks.now(.monotonic)))
        var a = resumed.random, b = context.random
        #expect(a.next() == b.next())
        #expect(resumed.arguments == ["x"])

        final class Stopped: WASIClocks {
            func now(_ clock: WASIClock) throws -> UInt64 { 1_000 }
            func resolution(_ clock: WASIClock) throws -> UInt64 { 1 }
            func sleep(nanoseconds: UInt64) {}
        }
        var later = WASIConfiguration()
        later.clocks = Stopped()
        let systemState = try WASIContext(WASIConfiguration()).checkpointState()
        let continued = try WASIContext(resuming: systemState, configuration: later)
        #expect(try continued.clocks.now(.monotonic) >= (try SystemClocks().now(.monotonic)) - 1_000_000_000)

        // A preopen the guest had must be granted again under the same name.
        let directory = try TemporaryDirectory("capsule-checkpoint")
        defer { directory.remove() }
        var withData = WASIConfiguration()
        withData.preopens = [WASIPreopen(guestPath: "/data", directory: try HostDirectory(path: directory.path))]
        let dataState = try WASIContext(withData).checkpointState()
        #expect(throws: WASICheckpointError.self) { _ = try WASIContext(resuming: dataState, configuration: WASIConfiguration()) }
        var renamed = WASIConfiguration()
        renamed.preopens = [WASIPreopen(guestPath: "/other", directory: try HostDirectory(path: directory.path))]
        #expect(throws: WASICheckpointError.self) { _ = try WASIContext(resuming: dataState, configuration: renamed) }
        _ = try WASIContext(resuming: dataState, configuration: withData)
        // Malformed state is an error, never a crash.
        for length in 0..<dataState.count {
            #expect(throws: (any Error).self) { _ = try WASIContext(resuming: Array(dataState[0..<length]), configuration: withData) }
        }
    }
}
