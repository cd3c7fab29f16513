import CapsuleCore
import Testing

@testable import CapsuleEngine

/// memory64, table64 and multi-memory (WebAssembly 3.0): bounds, growth, several memories.
@Suite struct MemoryAddressTests {
    /// A 64-bit memory of one page with loads and stores at any i64 address and a large offset.
    static let memory64 = """
        (module
          (memory (export "mem") i64 1 4)
          (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
          (func (export "load32") (param i64) (result i32) (i32.load (local.get 0)))
          (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1)))
          (func (export "size") (result i64) (memory.size))
          (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
          (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2))))
        """

    @Test func lastByteOfAMemory64IsInBoundsAndTheNextIsNot() throws {
        let instance = try Store().instantiate(module(Self.memory64))
        let store = try #require(instance.function("store"))
        let load = try #require(instance.function("load"))
        try store.call([.i64(65535), .i32(7)])
        #expect(try load.call([.i64(65535)]) == [.i32(7)])
        let past = try #require(throws: Trap.self) { try load.call([.i64(65536)]) }
        #expect(past.kind == .outOfBoundsMemoryAccess)
        // A 4-byte load at the last 3 bytes overlaps the end.
        #expect(throws: Trap.self) { try instance.function("load32")?.call([.i64(65533)]) }
        // An address with high bits set must not be truncated to 32 bits.
        #expect(throws: Trap.self) { try load.call([.i64(UInt64(1) << 32)]) }
        #expect(throws: Trap.self) { try load.call([.i64(UInt64.max)]) }
    }

    /// `(memory i64 1 4) (func (export "far") (param i64) (result i32)
    /// (i32.load8_u offset=0xFFFF_FFFF_FFFF_FFF0 (local.get 0)))`, in binary: WasmKit's WAT refuses
    /// offsets of 2^32 or more.
    static let farOffset: [UInt8] = [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x01, 0x06, 0x01, 0x60, 0x01, 0x7E, 0x01, 0x7F,
        0x03, 0x02, 0x01, 0x00,
        0x05, 0x04, 0x01, 0x05, 0x01, 0x04,
        0x07, 0x07, 0x01, 0x03, 0x66, 0x61, 0x72, 0x00, 0x00,
        0x0A, 0x12, 0x01, 0x10, 0x00, 0x20, 0x00, 0x2D, 0x00,
        0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x0B,
    ]

    @Test func addressPlusOffsetMustNotWrap() throws {
        let instance = try Store().instantiate(WasmModule(bytes: Self.farOffset))
        let far = try #require(instance.function("far"))
        // 0x20 + 0xFFFF_FFFF_FFFF_FFF0 wraps to 0x10 in 64 bits: a trap, not a read of byte 0x10.
        let wrapped = try #require(throws: Trap.self) { try far.call([.i64(0x20)]) }
        #expect(wrapped.kind == .outOfBoundsMemoryAccess)
        #expect(throws: Trap.self) { try far.call([.i64(0)]) }
    }

    @Test func memory64GrowsInI64AndFailsWithMinusOne() throws {
        let instance = try Store().instantiate(module(Self.memory64))
        let grow = try #require(instance.function("grow"))
        #expect(try grow.call([.i64(1)]) == [.i64(1)])
        #expect(try instance.function("size")?.call() == [.i64(2)])
        // Past the declared maximum of 4 pages, and a delta beyond 2^32 pages: -1 as an i64.
        #expect(try grow.call([.i64(3)]) == [.i64(UInt64.max)])
        #expect(try grow.call([.i64(UInt64(1) << 40)]) == [.i64(UInt64.max)])
        #expect(try grow.call([.i64(UInt64.max)]) == [.i64(UInt64.max)])
        // The page grown is usable, and its last byte is the new last in-bounds byte.
        try instance.function("store")?.call([.i64(131_071), .i32(9)])
        #expect(try instance.function("load")?.call([.i64(131_071)]) == [.i32(9)])
        #expect(instance.memory("mem")?.addressType == .i64)
        #expect(instance.memory("mem")?.pageCount == 2)
    }

    @Test func storeLimitsApplyToMemory64() throws {
        var limits = StoreLimits()
        limits.maxMemoryPages = 2
        let instance = try Store(limits: limits).instantiate(module(Self.memory64))
        let grow = try #require(instance.function("grow"))
        #expect(try grow.call([.i64(1)]) == [.i64(1)])
        #expect(try grow.call([.i64(1)]) == [.i64(UInt64.max)])
        // An unbounded i64 memory under the default limits: growing to 2^40 pages fails, never crashes.
        let unbounded = try Store().instantiate(module("""
            (module (memory i64 0) (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
            """))
        #expect(try unbounded.function("grow")?.call([.i64(UInt64(1) << 40)]) == [.i64(UInt64.max)])
        #expect(try unbounded.function("grow")?.call([.i64(1)]) == [.i64(0)])
    }

    @Test func memory64FillChecksTheWholeRange() throws {
        let instance = try Store().instantiate(module(Self.memory64))
        let fill = try #require(instance.function("fill"))
        try fill.call([.i64(65530), .i32(3), .i64(6)])
        #expect(try instance.function("load")?.call([.i64(65535)]) == [.i32(3)])
        #expect(throws: Trap.self) { try fill.call([.i64(65530), .i32(3), .i64(7)]) }
        // A count of 2^64 - 1 from 1 wraps around in 64 bits: out of bounds all the same.
        #expect(throws: Trap.self) { try fill.call([.i64(1), .i32(3), .i64(UInt64.max)]) }
    }

    @Test func twoMemoriesAreIndependentAndCopyBetweenThem() throws {
        let instance = try Store().instantiate(module("""
            (module
              (memory $a (export "a") 1)
              (memory $b (export "b") 2)
              (data (memory $b) (i32.const 100) "xyz")
              (func (export "loadA") (param i32) (result i32) (i32.load8_u $a (local.get 0)))
              (func (export "loadB") (param i32) (result i32) (i32.load8_u $b (local.get 0)))
              (func (export "storeB") (param i32 i32) (i32.store8 $b (local.get 0) (local.get 1)))
              (func (export "copyBA") (param i32 i32 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
              (func (export "sizes") (result i32 i32) (memory.size $a) (memory.size $b))
              (func (export "growB") (param i32) (result i32) (memory.grow $b (local.get 0))))
            """))
        // Data segment into memory 1.
        #expect(try instance.function("loadB")?.call([.i32(101)]) == [.i32(UInt32(UInt8(ascii: "y")))])
        #expect(try instance.function("loadA")?.call([.i32(101)]) == [.i32(0)])
        try instance.function("storeB")?.call([.i32(131_071), .i32(5)])
        #expect(try instance.function("loadB")?.call([.i32(131_071)]) == [.i32(5)])
        // Memory 0 is one page: the same address is out of bounds there.
        #expect(throws: Trap.self) { try instance.function("loadA")?.call([.i32(131_071)]) }
        try instance.function("copyBA")?.call([.i32(0), .i32(100), .i32(3)])
        #expect(try instance.memory("a")?.read(at: 0, count: 3) == Array("xyz".utf8))
        #expect(throws: Trap.self) { try instance.function("copyBA")?.call([.i32(65534), .i32(100), .i32(3)]) }
        #expect(try instance.function("growB")?.call([.i32(1)]) == [.i32(2)])
        #expect(try instance.function("sizes")?.call() == [.i32(1), .i32(3)])
    }

    @Test func memoryCopyBetweenI32AndI64Memories() throws {
        let instance = try Store().instantiate(module("""
            (module
              (memory $narrow (export "narrow") 1)
              (memory $wide (export "wide") i64 1)
              (data (memory $wide) (i64.const 8) "abcd")
              (func (export "toNarrow") (param i32 i64 i32) (memory.copy $narrow $wide (local.get 0) (local.get 1) (local.get 2))))
            """))
        try instance.function("toNarrow")?.call([.i32(16), .i64(8), .i32(4)])
        #expect(try instance.memory("narrow")?.read(at: 16, count: 4) == Array("abcd".utf8))
        #expect(throws: Trap.self) { try instance.function("toNarrow")?.call([.i32(16), .i64(UInt64(1) << 32 | 8), .i32(4)]) }
    }

    @Test func anImportedMemoryIsSharedByIndexWithMemoryZeroReloaded() throws {
        let store = Store()
        let shared = try Memory(store: store, type: MemoryType(limits: Limits(min: 1)))
        var imports = Imports()
        imports.define(module: "env", name: "m", .memory(shared))
        // The same memory as memory 0 and memory 1: growing it through memory 1 must be seen by
        // memory 0's fast path (which caches the size).
        let instance = try store.instantiate(module("""
            (module
              (import "env" "m" (memory 1))
              (import "env" "m" (memory 1))
              (func (export "growAndLoad") (result i32)
                (drop (memory.grow 1 (i32.const 1)))
                (i32.store8 1 (i32.const 70000) (i32.const 42))
                (i32.load8_u (i32.const 70000))))
            """), imports: imports)
        #expect(try instance.function("growAndLoad")?.call() == [.i32(42)])
        #expect(shared.pageCount == 2)
    }

    @Test func table64IndicesAreCheckedInSixtyFourBits() throws {
        let instance = try Store().instantiate(module("""
            (module
              (table $t i64 2 10 funcref)
              (elem (table $t) (i64.const 1) func $seven)
              (func $seven (result i32) (i32.const 7))
              (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
              (func (export "isNull") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
              (func (export "size") (result i64) (table.size $t))
              (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0))))
            """))
        #expect(try instance.function("call")?.call([.i64(1)]) == [.i32(7)])
        // 2^32 + 1 must not be truncated to 1.
        let undefined = try #require(throws: Trap.self) { try instance.function("call")?.call([.i64(UInt64(1) << 32 | 1)]) }
        #expect(undefined.kind == .undefinedElement)
        #expect(try instance.function("isNull")?.call([.i64(0)]) == [.i32(1)])
        let outOfBounds = try #require(throws: Trap.self) { try instance.function("isNull")?.call([.i64(UInt64(1) << 32)]) }
        #expect(outOfBounds.kind == .outOfBoundsTableAccess)
        #expect(try instance.function("grow")?.call([.i64(3)]) == [.i64(2)])
        #expect(try instance.function("grow")?.call([.i64(UInt64(1) << 32)]) == [.i64(UInt64.max)])
        #expect(try instance.function("grow")?.call([.i64(6)]) == [.i64(UInt64.max)])
        #expect(try instance.function("size")?.call() == [.i64(5)])
    }

    @Test func table64ElementOffsetsOutOfRangeTrapAtInstantiation() throws {
        let wasm = try module("""
            (module (table i64 1 funcref) (elem (i64.const 0x1_0000_0000) func $f) (func $f))
            """)
        let error = try #require(throws: Trap.self) { try Store().instantiate(wasm) }
        #expect(error.kind == .outOfBoundsTableAccess)
    }

    @Test func simdAccessesToMemory64AndMemoryOne() throws {
        let instance = try Store().instantiate(module("""
            (module
              (memory $a 1)
              (memory $wide (export "wide") i64 1)
              (func (export "copyVector") (param i64 i64)
                (v128.store $wide (local.get 1) (v128.load $wide (local.get 0))))
              (func (export "lane") (param i64) (result i32)
                (i8x16.extract_lane_u 3 (v128.load8_lane $wide 3 (local.get 0) (v128.const i64x2 0 0)))))
            """))
        let memory = try #require(instance.memory("wide"))
        try memory.write(Array(1...16), at: 0)
        try instance.function("copyVector")?.call([.i64(0), .i64(65520)])
        #expect(try memory.read(at: 65520, count: 16) == Array(1...16))
        #expect(throws: Trap.self) { try instance.function("copyVector")?.call([.i64(0), .i64(65521)]) }
        #expect(throws: Trap.self) { try instance.function("copyVector")?.call([.i64(UInt64(1) << 32), .i64(0)]) }
        #expect(try instance.function("lane")?.call([.i64(65535)]) == [.i32(16)])
        #expect(throws: Trap.self) { try instance.function("lane")?.call([.i64(65536)]) }
    }
}
