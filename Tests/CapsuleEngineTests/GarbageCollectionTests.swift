import CapsuleCore
import Testing

@testable import CapsuleEngine

/// The GC heap: objects, collection of unreachable ones (cycles included), the heap limit, and
/// host references that keep objects alive.
@Suite struct GarbageCollectionTests {
    /// A module whose `churn n` builds n two-node cycles and drops each, keeping only a running sum.
    static let cycles = """
        (module
          (type $node (struct (field $value (mut i32)) (field $next (mut (ref null $node)))))
          (type $bytes (array (mut i8)))
          (func (export "churn") (param $n i32) (result i32)
            (local $a (ref null $node)) (local $b (ref null $node)) (local $sum i32)
            (block $done
              (loop $again
                (br_if $done (i32.eqz (local.get $n)))
                (local.set $a (struct.new $node (local.get $n) (ref.null $node)))
                (local.set $b (struct.new $node (i32.const 1) (local.get $a)))
                (struct.set $node $next (local.get $a) (local.get $b))
                (local.set $sum (i32.add (local.get $sum)
                  (struct.get $node $value (struct.get $node $next (struct.get $node $next (local.get $a))))))
                (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                (br $again)))
            (local.get $sum))
          (func (export "make") (param i32) (result anyref) (struct.new $node (local.get 0) (ref.null $node)))
          (func (export "value") (param anyref) (result i32)
            (struct.get $node $value (ref.cast (ref $node) (local.get 0))))
          (func (export "big") (param i32) (result anyref) (array.new_default $bytes (local.get 0))))
        """

    @Test func unreachableCyclesAreCollectedAndTheHeapStaysBounded() throws {
        let store = Store()
        let instance = try store.instantiate(module(Self.cycles))
        let churn = try #require(instance.function("churn"))
        // 200,000 cycles of two 32-byte objects: 12.8 MB allocated in all.
        #expect(try churn.call([.i32(200_000)]) == [.i32(UInt32(truncatingIfNeeded: 200_000 * 200_001 / 2))])
        let stats = store.garbageCollectionStatistics
        #expect(stats.collections > 0)
        #expect(stats.heapBytes < 4 << 20, "live heap after the run: \(stats.heapBytes) bytes")
    }

    @Test func aHostReferenceKeepsItsObjectAliveThroughCollections() throws {
        let store = Store()
        let instance = try store.instantiate(module(Self.cycles))
        let kept = try #require(instance.function("make")?.call([.i32(42)]).first)
        guard case .anyref(let reference?) = kept else { Issue.record("not an anyref: \(kept)"); return }
        #expect(reference.kind == "struct")
        _ = try instance.function("churn")?.call([.i32(100_000)])
        #expect(store.garbageCollectionStatistics.collections > 0)
        #expect(try instance.function("value")?.call([kept]) == [.i32(42)])
    }

    @Test func objectsReachedThroughFieldsSurviveAndFunctionFieldsAreLeftAlone() throws {
        let store = Store()
        let instance = try store.instantiate(module("""
            (module
              (type $leaf (struct (field i32)))
              (type $pair (struct (field funcref) (field (mut anyref))))
              (type $list (array (mut (ref null $pair))))
              (global $keep (mut (ref null $list)) (ref.null $list))
              (elem declare func $f)
              (func $f)
              (func (export "build") (param $n i32)
                (local $i i32)
                (global.set $keep (array.new_default $list (local.get $n)))
                (loop $fill
                  (array.set $list (global.get $keep) (local.get $i)
                    (struct.new $pair (ref.func $f) (struct.new $leaf (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $fill (i32.lt_u (local.get $i) (local.get $n)))))
              (func (export "leaf") (param $i i32) (result i32)
                (struct.get $leaf 0 (ref.cast (ref $leaf)
                  (struct.get $pair 1 (array.get $list (global.get $keep) (local.get $i))))))
              (func (export "garbage") (param $n i32)
                (loop $again
                  (drop (struct.new $leaf (local.get $n)))
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (br_if $again (local.get $n)))))
            """))
        _ = try instance.function("build")?.call([.i32(10_000)])
        _ = try instance.function("garbage")?.call([.i32(200_000)])
        #expect(store.garbageCollectionStatistics.collections > 0)
        for i: UInt32 in [0, 1, 4_999, 9_999] {
            #expect(try instance.function("leaf")?.call([.i32(i)]) == [.i32(i)])
        }
    }

    @Test func anAllocationPastTheHeapLimitTraps() throws {
        var limits = StoreLimits()
        limits.maxGCHeapBytes = 1 << 20
        let instance = try Store(limits: limits).instantiate(module(Self.cycles))
        let big = try #require(instance.function("big"))
        _ = try big.call([.i32(1 << 19)])
        let trap = try #require(throws: Trap.self) { try big.call([.i32(2 << 20)]) }
        #expect(trap.kind == .allocationFailure)
        // What was allocated before is collectable: the limit is about live objects.
        for _ in 0..<8 { _ = try big.call([.i32(1 << 19)]) }
    }

    @Test func anotherStoreRefusesAnObject() throws {
        let first = try Store().instantiate(module(Self.cycles))
        let object = try #require(first.function("make")?.call([.i32(1)]).first)
        let second = try Store().instantiate(module(Self.cycles))
        #expect(throws: CallError.self) { try second.function("value")?.call([object]) }
    }

    /// Found by the GC differential run: a constant expression's `struct.new` of `v128` and `f64` fields
    /// was refused ("unsupported constant expression") where wasmtime instantiates.
    @Test func constantExpressionsMakeStructuresWithVectorFields() throws {
        let instance = try Store().instantiate(module("""
            (module
              (type $s (struct (field v128) (field f64)))
              (global $g (ref $s) (struct.new $s (v128.const i64x2 1 2) (f64.const 1.5)))
              (func (export "high") (result i64) (i64x2.extract_lane 1 (struct.get $s 0 (global.get $g))))
              (func (export "float") (result f64) (struct.get $s 1 (global.get $g))))
            """))
        #expect(try instance.function("high")?.call() == [.i64(2)])
        #expect(try instance.function("float")?.call() == [.float64(1.5)])
    }

    @Test func i31AndInternalisedHostValuesCrossTheBoundary() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func (export "i31") (param i32) (result (ref i31)) (ref.i31 (local.get 0)))
              (func (export "get") (param (ref null i31)) (result i32) (i31.get_s (local.get 0)))
              (func (export "in") (param externref) (result anyref) (any.convert_extern (local.get 0)))
              (func (export "out") (param anyref) (result externref) (extern.convert_any (local.get 0))))
            """))
        let small = try #require(instance.function("i31")?.call([.i32(UInt32(bitPattern: -7))]).first)
        #expect(small == .anyref(AnyReference(i31: -7)))
        #expect(try instance.function("get")?.call([small]) == [.i32(UInt32(bitPattern: -7))])
        let trap = try #require(throws: Trap.self) { try instance.function("get")?.call([.anyref(nil)]) }
        #expect(trap.kind == .nullI31Reference)
        let inside = try #require(instance.function("in")?.call([.externref(ExternReference(9))]).first)
        #expect(try instance.function("out")?.call([inside]) == [.externref(ExternReference(9))])
    }
}
