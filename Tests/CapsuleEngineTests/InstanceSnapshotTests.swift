import CapsuleCore
import Foundation
import Testing

@testable import CapsuleEngine

/// Snapshots of an instance at rest (`Instance.snapshot`, `restoreSnapshot`).
@Suite struct InstanceSnapshotTests {
    /// State in every place a snapshot covers: memory (grown), globals of each type, a table (grown),
    /// a passive data segment dropped by `work`.
    static let text = """
        (module
          (type $i (func (result i32)))
          (memory 1 1024)
          (global $count (mut i32) (i32.const 0))
          (global $wide (mut i64) (i64.const 0))
          (global $real (mut f64) (f64.const 0))
          (global $vector (mut v128) (v128.const i32x4 0 0 0 0))
          (global $ref (mut funcref) (ref.null func))
          (table $t 1 100 funcref)
          (func $three (type $i) (i32.const 3))
          (func $four (type $i) (i32.const 4))
          (data $p "passive")
          (elem declare func $three $four)
          (func (export "work") (param i32)
            (global.set $count (i32.add (global.get $count) (local.get 0)))
            (global.set $wide (i64.add (global.get $wide) (i64.extend_i32_u (local.get 0))))
            (global.set $real (f64.add (global.get $real) (f64.const 0.5)))
            (global.set $vector (i32x4.add (global.get $vector) (i32x4.splat (local.get 0))))
            (global.set $ref (ref.func $four))
            (if (i32.eq (memory.size) (i32.const 1)) (then (drop (memory.grow (i32.const 3)))))
            (i32.store (i32.mul (global.get $count) (i32.const 1000)) (global.get $count))
            (if (i32.lt_u (table.size $t) (i32.const 5)) (then (drop (table.grow $t (ref.func $three) (i32.const 4)))))
            (table.set $t (i32.const 2) (global.get $ref))
            (data.drop $p))
          (func (export "check") (result i64)
            (i64.add
              (i64.add (global.get $wide) (i64.trunc_f64_s (f64.mul (global.get $real) (f64.const 10))))
              (i64.extend_i32_u
                (i32.add
                  (i32.add (i32.load (i32.const 3000)) (i32.load (i32.const 6000)))
                  (i32.add (i32.add (memory.size) (table.size $t))
                    (i32.add (i32x4.extract_lane 3 (global.get $vector))
                      (i32.add (call_indirect (type $i) (i32.const 2)) (call_indirect (type $i) (i32.const 4)))))))))
          (func (export "init-p") (memory.init $p (i32.const 0) (i32.const 0) (i32.const 1))))
        """

    private func fresh(fuel: UInt64? = nil) throws -> Instance {
        var limits = StoreLimits()
        limits.fuel = fuel
        return try Store(limits: limits).instantiate(module(Self.text))
    }

    @Test func aRestoredInstanceContinuesAsTheOriginalWould() throws {
        let original = try fresh(fuel: 1_000_000)
        _ = try #require(original.function("work")).call([.i32(3)])
        _ = try #require(original.function("work")).call([.i32(3)])
        let fuelLeft = original.store.fuel
        let bytes = try original.snapshot()

        let restored = try fresh(fuel: 5)
        try restored.restoreSnapshot(bytes)
        #expect(restored.store.fuel == fuelLeft)
        #expect(try restored.function("check")?.call() == original.function("check")?.call())
        // Both go on alike, and the dropped segment stays dropped.
        _ = try #require(original.function("work")).call([.i32(7)])
        _ = try #require(restored.function("work")).call([.i32(7)])
        #expect(try restored.function("check")?.call() == original.function("check")?.call())
        #expect(throws: Trap.self) { try restored.function("init-p")?.call() }
        #expect(try fresh().function("init-p")?.call() == [])
    }

    @Test func pagesOfZerosAreNotWritten() throws {
        let instance = try fresh()
        _ = try #require(instance.function("work")).call([.i32(2)])
        try #require(instance.record.pointee.memory).pointee.base.storeBytes(of: UInt8(1), toByteOffset: 3 * 65536 + 5, as: UInt8.self)
        // 4 pages, 2 of them written (page 0 has the stores at 2000, page 3 the byte just set).
        let bytes = try instance.snapshot()
        #expect(bytes.count > 2 * 65536 && bytes.count < 2 * 65536 + 1000)
    }

    @Test func everyTruncationAndMutationIsACleanErrorAndChangesNothing() throws {
        // No memory page has data here, so the snapshot is small and each try is quick.
        let text = """
            (module (memory 1) (global $g (mut i64) (i64.const 0)) (table 3 funcref) (func $f)
              (elem (i32.const 1) $f)
              (func (export "set") (param i64) (global.set $g (local.get 0)))
              (func (export "get") (result i64) (global.get $g)))
            """
        let small = try Store().instantiate(module(text))
        _ = try #require(small.function("set")).call([.i64(42)])
        let bytes = try small.snapshot()
        let target = try Store().instantiate(module(text))
        for length in 0..<bytes.count {
            #expect(throws: SnapshotError.self) { try target.restoreSnapshot(Array(bytes[0..<length])) }
        }
        var generator = SplitMix64(seed: 20_261_204)
        var refused = 0
        for _ in 0..<10_000 {
            var mutated = bytes
            let changes = 1 + Int(generator.next() % 4)
            for _ in 0..<changes {
                let at = Int(generator.next() % UInt64(mutated.count))
                mutated[at] ^= UInt8(truncatingIfNeeded: 1 | generator.next())
            }
            do {
                try target.restoreSnapshot(mutated)
            } catch {
                refused += 1
            }
        }
        #expect(refused == 10_000)
        #expect(try target.function("get")?.call() == [.i64(0)])
        try target.restoreSnapshot(bytes)
        #expect(try target.function("get")?.call() == [.i64(42)])
    }

    @Test func aSnapshotOfAnotherModuleIsRefused() throws {
        let instance = try fresh()
        let bytes = try instance.snapshot()
        let other = try Store().instantiate(module("(module (memory 1))"))
        #expect(throws: SnapshotError("the snapshot belongs to a different module (module hash mismatch)")) { try other.restoreSnapshot(bytes) }
    }

    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
        #expect(hex(SHA256.digest(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA256.digest(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
    @Test func aSnapshotStreamedToAFileIsRestoredFromTheFile() throws {
        let original = try fresh()
        _ = try #require(original.function("work")).call([.i32(4)])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-snapshot-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        var chunks = 0
        try original.writeSnapshot { chunk in
            chunks += 1
            try handle.write(contentsOf: Data(chunk))
        }
        try handle.close()
        #expect(chunks > 10)
        let restored = try fresh()
        try restored.restoreSnapshot(contentsOf: path)
        #expect(try restored.function("check")?.call() == original.function("check")?.call())
        // A truncated file and a missing one are clean errors, and leave the instance alone.
        let bytes = try original.snapshot()
        try Data(bytes[0..<(bytes.count / 2)]).write(to: URL(fileURLWithPath: path))
        let untouched = try fresh()
        #expect(throws: SnapshotError.self) { try untouched.restoreSnapshot(contentsOf: path) }
        #expect(throws: SnapshotError.self) { try untouched.restoreSnapshot(contentsOf: path + ".missing") }
        // Still a fresh instance: its table has one element, so `check`'s indirect calls trap.
        #expect(throws: Trap.self) { try untouched.function("check")?.call() }
    }
}

/// A small deterministic generator for the mutation test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
