import CapsuleCore
import Testing

@testable import CapsuleEngine

/// Pausing a run (fuel, interruption, a host call), checkpointing it and resuming it in a fresh store.
@Suite struct SuspensionTests {
    /// `run` calls down four levels (run -> $outer -> $middle -> $inner -> env.ask) in a loop, with
    /// loops in $mix, writing memory and a global along the way.
    static let text = """
        (module
          (import "env" "ask" (func $ask (param i32) (result i32)))
          (memory (export "memory") 1)
          (global $total (export "total") (mut i64) (i64.const 0))
          (func $mix (param $x i32) (result i32)
            (local $i i32) (local $acc i32)
            (local.set $acc (local.get $x))
            (loop $l
              (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (i32.add (local.get $x) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 50))))
            (i32.store (i32.and (i32.mul (local.get $x) (i32.const 4)) (i32.const 4092)) (local.get $acc))
            (local.get $acc))
          (func $inner (param $x i32) (result i32)
            (i32.add (call $ask (local.get $x)) (call $mix (local.get $x))))
          (func $middle (param $x i32) (result i32)
            (i32.xor (i32.mul (call $inner (local.get $x)) (i32.const 3)) (call $mix (i32.add (local.get $x) (i32.const 7)))))
          (func $outer (param $n i32) (result i32)
            (local $i i32) (local $acc i32)
            (loop $l
              (local.set $acc (i32.add (local.get $acc) (call $middle (local.get $i))))
              (global.set $total (i64.add (global.get $total) (i64.extend_i32_u (local.get $acc))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (local.get $acc))
          (func (export "run") (param $n i32) (result i64)
            (i64.add (i64.extend_i32_u (call $outer (local.get $n))) (global.get $total))))
        """

    /// The answer `env.ask` gives; `pause(call)` may pause instead (its calls are counted from 1).
    final class Asker {
        var calls = 0
        var arguments: [UInt32] = []
        var pause: (Int) throws -> Void = { _ in }

        func define(into imports: inout Imports, store: Store) {
            imports.define(module: "env", name: "ask", .function(Function(store: store, type: FuncType(params: [.i32], results: [.i32])) { [self] _, arguments in
                guard case .i32(let x) = arguments[0] else { return [.i32(0)] }
                calls += 1
                self.arguments.append(x)
                try pause(calls)
                return [.i32(x &* 7 &+ 1)]
            }))
        }
    }

    static func instance(fuel: UInt64? = nil, checkpointable: Bool = true, asker: Asker = Asker()) throws -> Instance {
        var limits = StoreLimits()
        limits.fuel = fuel
        limits.checkpointable = checkpointable
        let store = Store(limits: limits)
        var imports = Imports()
        asker.define(into: &imports, store: store)
        return try store.instantiate(module(text), imports: imports)
    }

    /// What an uninterrupted run computes: the result, the memory and the global.
    static func outcome(_ instance: Instance, _ results: [Value]) throws -> [UInt8] {
        guard case .i64(let result)? = results.first else { return [] }
        let memory = try #require(instance.memory("memory"))
        return withUnsafeBytes(of: result) { Array($0) } + (try memory.read(at: 0, count: 4096))
    }

    static let rounds: UInt32 = 40

    @Test func runsPausedByFuelAtManyPointsResumeInFreshStoresToTheSameEnd() throws {
        let reference = try Self.instance(checkpointable: false)
        let expected = try Self.outcome(reference, try #require(reference.function("run")).call([.i32(Self.rounds)]))
        var paused = 0
        for fuel: UInt64 in [1, 2, 5, 17, 100, 333, 1_000, 2_500, 7_777, 20_000] {
            let first = try Self.instance(fuel: fuel)
            do {
                _ = try #require(first.function("run")).call([.i32(Self.rounds)])
                Issue.record("fuel \(fuel) was enough to finish")
                continue
            } catch let pause as ExecutionPaused {
                #expect(pause.execution.reason == .outOfFuel)
                #expect(pause.execution.fuelLeft == 0)
                let bytes = try first.checkpoint(pause.execution, embedderData: [1, 2, 3])
                #expect(try CheckpointHeader.read(bytes).embedderData == [1, 2, 3])
                let second = try Self.instance()
                let checkpoint = try second.restoreCheckpoint(bytes)
                #expect(checkpoint.execution == pause.execution)
                let results = try second.resume(checkpoint.execution)
                #expect(try Self.outcome(second, results) == expected, "fuel \(fuel)")
                paused += 1
            }
        }
        #expect(paused == 10)
    }

    @Test func aRunPausedTwiceStillEndsTheSame() throws {
        let reference = try Self.instance(checkpointable: false)
        let expected = try Self.outcome(reference, try #require(reference.function("run")).call([.i32(Self.rounds)]))
        let first = try Self.instance(fuel: 3_000)
        var execution: PausedExecution
        do {
            _ = try #require(first.function("run")).call([.i32(Self.rounds)])
            Issue.record("did not pause")
            return
        } catch let pause as ExecutionPaused { execution = pause.execution }
        // Resumed with more fuel in a second store, paused again, finished in a third.
        let second = try Self.instance(fuel: 4_000)
        _ = try second.restoreCheckpoint(try first.checkpoint(execution))
        second.store.fuel = 4_000
        do {
            _ = try second.resume(execution)
            Issue.record("did not pause again")
            return
        } catch let pause as ExecutionPaused { execution = pause.execution }
        let third = try Self.instance()
        let checkpoint = try third.restoreCheckpoint(try second.checkpoint(execution))
        #expect(try Self.outcome(third, try third.resume(checkpoint.execution)) == expected)
    }

    /// Runs to a pause made by `pause`, resumes in a fresh store, checks the end is the uninterrupted
    /// run's; returns the pause and what the resumed run asked.
    static func pausedByHostAndResumed(_ pause: @escaping (Int) throws -> Void) throws -> (PausedExecution, Asker)? {
        let reference = try instance(checkpointable: false)
        let expected = try outcome(reference, try #require(reference.function("run")).call([.i32(rounds)]))
        let asker = Asker()
        asker.pause = pause
        let first = try instance(asker: asker)
        do {
            _ = try #require(first.function("run")).call([.i32(rounds)])
            Issue.record("did not pause")
            return nil
        } catch let paused as ExecutionPaused {
            let resumedAsker = Asker()
            let second = try instance(asker: resumedAsker)
            let checkpoint = try second.restoreCheckpoint(try first.checkpoint(paused.execution))
            #expect(try outcome(second, try second.resume(checkpoint.execution)) == expected)
            return (paused.execution, resumedAsker)
        }
    }

    @Test func aHostFunctionPausesFourFramesDeepAndTheRunResumesWithItsResult() throws {
        let result = try Self.pausedByHostAndResumed { call in if call == 9 { throw HostPause.returning([.i32(8 &* 7 &+ 1)]) } }
        let (execution, resumedAsker) = try #require(result)
        #expect(execution.reason == .hostCall)
        // run -> $outer -> $middle -> $inner, which made the call.
        #expect(execution.depth == 4)
        // The call that paused returned its result there: the resumed run asks from the next one.
        #expect(resumedAsker.arguments.first == 9)
        #expect(resumedAsker.calls == Int(Self.rounds) - 9)
    }

    @Test func aHostCallPausedForRetryIsMadeAgainWhenTheRunResumes() throws {
        let result = try Self.pausedByHostAndResumed { call in if call == 5 { throw HostPause.retryingCall } }
        let (execution, resumedAsker) = try #require(result)
        #expect(execution.reason == .hostCall)
        #expect(resumedAsker.arguments.first == 4)
        #expect(resumedAsker.calls == Int(Self.rounds) - 4)
    }

    @Test func anInterruptionPausesAndTheSameStoreResumes() throws {
        let reference = try Self.instance(checkpointable: false)
        let expected = try Self.outcome(reference, try #require(reference.function("run")).call([.i32(Self.rounds)]))
        let asker = Asker()
        var store: Store?
        asker.pause = { call in if call == 12 { store?.interruptHandle.interrupt() } }
        let instance = try Self.instance(asker: asker)
        store = instance.store
        do {
            _ = try #require(instance.function("run")).call([.i32(Self.rounds)])
            Issue.record("did not pause")
        } catch let pause as ExecutionPaused {
            #expect(pause.execution.reason == .interrupted)
            #expect(try Self.outcome(instance, try instance.resume(pause.execution)) == expected)
        }
    }

    /// A paused execution made up or altered is refused before it runs.
    @Test func resumeChecksEveryActivation() throws {
        let asker = Asker()
        asker.pause = { call in if call == 3 { throw HostPause.retryingCall } }
        let first = try Self.instance(asker: asker)
        var execution: PausedExecution
        do {
            _ = try #require(first.function("run")).call([.i32(Self.rounds)])
            Issue.record("did not pause")
            return
        } catch let pause as ExecutionPaused { execution = pause.execution }
        var broken: [PausedExecution] = []
        for level in execution.activations.indices {
            var shifted = execution
            shifted.activations[level].position += 1
            broken.append(shifted)
            var moved = execution
            moved.activations[level].frame += 1
            broken.append(moved)
            var renamed = execution
            renamed.activations[level].function = 99
            broken.append(renamed)
            var other = execution
            other.activations[level].function = 1  // $mix: another signature and code
            broken.append(other)
        }
        var short = execution
        short.slots.removeLast()
        broken.append(short)
        var empty = execution
        empty.activations = []
        broken.append(empty)
        for (index, bad) in broken.enumerated() {
            let target = try Self.instance()
            #expect(throws: SnapshotError.self, "case \(index)") { _ = try target.resume(bad) }
        }
        // Unaltered, it resumes.
        let target = try Self.instance()
        _ = try target.restoreCheckpoint(try first.checkpoint(execution))
        _ = try target.resume(execution)
    }

    @Test func checkpointsAreRefusedWhereTheyCannotBeTaken() throws {
        // A frame holding a reference cannot be written.
        var limits = StoreLimits()
        limits.checkpointable = true
        limits.fuel = 50
        let store = Store(limits: limits)
        let instance = try store.instantiate(module("""
            (module (func (export "spin") (local funcref) (loop $l (br $l))))
            """))
        #expect {
            _ = try #require(instance.function("spin")).call()
        } throws: { error in
            "\(error)".contains("cannot pause") && "\(error)".contains("references")
        }
        // A store that is not checkpointable traps as before.
        let plain = try Self.instance(fuel: 10, checkpointable: false)
        #expect(throws: Trap.self) { _ = try #require(plain.function("run")).call([.i32(3)]) }
        // A checkpoint of another module, and a snapshot at rest, are refused by resume's restore.
        let paused = try Self.instance(fuel: 100)
        var execution: PausedExecution?
        do { _ = try #require(paused.function("run")).call([.i32(3)]) } catch let pause as ExecutionPaused { execution = pause.execution }
        let bytes = try paused.checkpoint(try #require(execution))
        let otherModule = try Store(limits: limits).instantiate(module("(module (memory 1))"))
        #expect(throws: SnapshotError.self) { _ = try otherModule.restoreCheckpoint(bytes) }
        #expect(throws: SnapshotError.self) { try Self.instance().restoreSnapshot(bytes) }
        #expect(throws: SnapshotError.self) { _ = try Self.instance().restoreCheckpoint(try paused.snapshot()) }
        // Every truncation is a clean error.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: SnapshotError.self) { _ = try Self.instance().restoreCheckpoint(Array(bytes[0..<length])) }
        }
    }

    /// Mutated checkpoints whose checksum is made right again reach the execution record and resume's
    /// checks: each ends in a clean error, or resumes and runs (to its end or to the next pause).
    @Test func tenThousandMutatedCheckpointsWithValidChecksumsNeverCrash() throws {
        // No memory, so that the checkpoint is small and every byte of it is structure.
        let text = """
            (module
              (global $g (mut i64) (i64.const 0))
              (func $leaf (param i32) (result i32) (local $i i32)
                (loop $l
                  (global.set $g (i64.add (global.get $g) (i64.extend_i32_u (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
                (local.get $i))
              (func $middle (param i32) (result i32) (i32.mul (call $leaf (local.get 0)) (call $leaf (i32.const 5))))
              (func (export "run") (param i32) (result i64) (local $k i32)
                (loop $l
                  (drop (call $middle (local.get $k)))
                  (local.set $k (i32.add (local.get $k) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $k) (local.get 0))))
                (global.get $g)))
            """
        var limits = StoreLimits()
        limits.checkpointable = true
        limits.fuel = 700
        limits.stackSlots = 4096
        limits.callDepth = 64
        let compiled = try module(text)
        let first = try Store(limits: limits).instantiate(compiled)
        var execution: PausedExecution?
        do { _ = try #require(first.function("run")).call([.i32(100)]) } catch let pause as ExecutionPaused { execution = pause.execution }
        #expect(execution?.depth == 3)
        let valid = try first.checkpoint(try #require(execution))
        let interesting = valid.count - 4
        limits.fuel = 5_000
        var generator = SystemRandomNumberGenerator()
        var refused = 0, resumed = 0
        for _ in 0..<10_000 {
            var bytes = valid
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let offset = Int.random(in: 0..<interesting, using: &generator)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
            }
            var crc = CRC32()
            bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
            for k in 0..<4 { bytes[bytes.count - 4 + k] = UInt8(truncatingIfNeeded: crc.value >> (8 * UInt32(k))) }
            let target = try Store(limits: limits).instantiate(compiled)
            do {
                let checkpoint = try target.restoreCheckpoint(bytes)
                // The recorded fuel may be anything now: the run gets a budget of its own.
                target.store.fuel = 5_000
                _ = try? target.resume(checkpoint.execution)
                resumed += 1
            } catch {
                refused += 1
            }
        }
        #expect(refused + resumed == 10_000)
        #expect(refused > 1_000)
    }
}
