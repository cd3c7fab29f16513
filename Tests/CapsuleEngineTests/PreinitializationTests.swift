import CapsuleCore
import Testing

@testable import CapsuleEngine

/// `Instance.preinitializedModule`: the written module starts where the instance stood.
@Suite struct PreinitializationTests {
    /// Memory (grown, written far from the data segments), globals of four types and a funcref,
    /// a grown table, an active and a passive data segment (the passive one used and dropped), an
    /// active and a passive element segment.
    static let text = """
        (module
          (type $i (func (result i32)))
          (memory (export "memory") 1 10)
          (global $counter (mut i32) (i32.const 0))
          (global $wide (mut i64) (i64.const 5))
          (global $ratio (mut f64) (f64.const 1.5))
          (global $ref (mut funcref) (ref.null func))
          (global $fixed i32 (i32.const 1000))
          (table $t 2 10 funcref)
          (func $seven (type $i) (i32.const 7))
          (func $nine (type $i) (i32.const 9))
          (data (i32.const 16) "hello")
          (data $p "passive bytes")
          (elem (i32.const 0) $seven)
          (elem $pe func $nine $seven)
          (func (export "wizer.initialize")
            (drop (memory.grow (i32.const 4)))
            (i32.store (i32.const 70000) (i32.const 0xdeadbeef))
            (i32.store8 (i32.const 200000) (i32.const 42))
            (global.set $counter (i32.add (global.get $counter) (i32.const 41)))
            (global.set $wide (i64.const -3))
            (global.set $ratio (f64.const 2.25))
            (global.set $ref (ref.func $nine))
            (drop (table.grow $t (ref.func $nine) (i32.const 3)))
            (memory.init $p (i32.const 300000) (i32.const 0) (i32.const 7))
            (data.drop $p)
            (table.init $t $pe (i32.const 1) (i32.const 1) (i32.const 1)))
          (func (export "check") (result i64)
            (i64.add
              (i64.extend_i32_u
                (i32.add
                  (i32.add (i32.load (i32.const 70000)) (i32.load8_u (i32.const 200000)))
                  (i32.add (i32.add (memory.size) (global.get $counter))
                    (i32.add (table.size $t) (i32.add (i32.load (i32.const 16)) (i32.load (i32.const 300003)))))))
              (i64.add
                (i64.add (global.get $wide) (i64.trunc_f64_s (f64.mul (global.get $ratio) (f64.const 100))))
                (i64.extend_i32_u
                  (i32.add
                    (i32.mul (call_indirect (type $i) (i32.const 0)) (i32.const 100))
                    (i32.add (i32.mul (call_indirect (type $i) (i32.const 1)) (i32.const 10))
                      (i32.add (call_indirect (type $i) (i32.const 4))
                        (i32.add (global.get $fixed) (call_indirect (type $i) (i32.const 2))))))))))
          (func (export "counter") (result i32) (global.get $counter))
          (func (export "init-p") (memory.init $p (i32.const 0) (i32.const 0) (i32.const 1)))
          (func (export "ref-is-nine") (result i32)
            (table.set $t (i32.const 3) (global.get $ref))
            (i32.eq (call_indirect (type $i) (i32.const 3)) (i32.const 9))))
        """

    @Test func theWrittenModuleStartsInTheInitialisedState() throws {
        let original = try Store().instantiate(module(Self.text))
        #expect(try original.function("counter")?.call() == [.i32(0)])
        _ = try #require(original.function("wizer.initialize")).call()
        let bytes = try original.preinitializedModule(removingExports: ["wizer.initialize"])
        let expected = try #require(try original.function("check")?.call())

        let written = try WasmModule(bytes: bytes)
        let restored = try Store().instantiate(written)
        #expect(restored.function("wizer.initialize") == nil)
        #expect(try restored.function("check")?.call() == expected)
        #expect(try restored.function("counter")?.call() == [.i32(41)])
        #expect(try restored.function("ref-is-nine")?.call() == [.i32(1)])
        // The dropped passive segment stays dropped.
        #expect(throws: Trap.self) { try restored.function("init-p")?.call() }
        #expect(throws: Trap.self) { try original.function("init-p")?.call() }
        // Untouched pages are not written: the module is small although the memory is 320 KiB.
        #expect(bytes.count < 2_000)
    }

    @Test func nonZeroRunsSkipZerosAndMergeShortGaps() {
        var memory = [UInt8](repeating: 0, count: 4096)
        memory[10] = 1; memory[20] = 2; memory[100] = 3; memory[4095] = 4
        let runs = memory.withUnsafeBytes { PreinitializationWriter.nonZeroRuns($0) }
        #expect(runs == [10..<21, 100..<101, 4095..<4096])
        let empty = [UInt8](repeating: 0, count: 1000).withUnsafeBytes { PreinitializationWriter.nonZeroRuns($0) }
        #expect(empty.isEmpty)
    }

    @Test func hostReferencesCannotBeWritten() throws {
        let store = Store()
        let instance = try store.instantiate(module("""
            (module (global $h (export "h") (mut externref) (ref.null extern))
              (func (export "set") (param externref) (global.set $h (local.get 0))))
            """))
        #expect(try instance.preinitializedModule().isEmpty == false)
        _ = try #require(instance.function("set")).call([.externref(ExternReference(42))])
        #expect(throws: PreinitializationError.self) { try instance.preinitializedModule() }
    }
}
