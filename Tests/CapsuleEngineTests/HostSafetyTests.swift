import CapsuleCore
import CapsuleText
import Testing

@testable import CapsuleEngine

/// Paths by which a guest module could make the host crash or allocate without bound, each guarded
/// (issue 8's host-safety sweep).
@Suite struct HostSafetyTests {
    /// Table elements were limited per table only, and tables are allocated eagerly: a module with
    /// many tables of `maxTableElements` each (reference types allow any number of tables) made the
    /// host allocate 80 MB per table, without bound. The store now also limits all its tables together.
    @Test func manyLargeTablesHitTheStoreWideBudget() throws {
        var limits = StoreLimits()
        limits.maxTableElements = 1_000
        limits.maxTotalTableElements = 1_500
        let store = Store(limits: limits)
        let wat = "(module (table 800 funcref) (table 800 funcref))"
        #expect(throws: LinkError.self) { try store.instantiate(module(wat)) }
        // Within the budget, two tables are fine.
        _ = try Store(limits: limits).instantiate(module("(module (table 700 funcref) (table 800 funcref))"))
    }

    @Test func tableGrowthCountsAgainstTheStoreWideBudget() throws {
        var limits = StoreLimits()
        limits.maxTableElements = 1_000
        limits.maxTotalTableElements = 1_500
        let store = Store(limits: limits)
        let instance = try store.instantiate(module("""
            (module
              (table $a 500 funcref) (table $b 500 funcref)
              (func (export "grow_a") (param i32) (result i32) (table.grow $a (ref.null func) (local.get 0)))
              (func (export "grow_b") (param i32) (result i32) (table.grow $b (ref.null func) (local.get 0))))
            """))
        let growA = try #require(instance.function("grow_a"))
        let growB = try #require(instance.function("grow_b"))
        #expect(try growA.call([.i32(400)]) == [.i32(500)])  // 1,400 in use
        #expect(try growB.call([.i32(200)]) == [.i32(0xffff_ffff)])  // would be 1,600: refused
        #expect(try growB.call([.i32(100)]) == [.i32(500)])  // exactly 1,500
        #expect(try growA.call([.i32(1)]) == [.i32(0xffff_ffff)])
        // A second instance in the same store shares the budget.
        #expect(throws: LinkError.self) { try store.instantiate(module("(module (table 1 funcref))")) }
    }

    @Test func tablesCreatedByTheHostShareTheBudget() throws {
        var limits = StoreLimits()
        limits.maxTotalTableElements = 100
        let store = Store(limits: limits)
        _ = try Table(store: store, type: TableType(elementType: .funcref, limits: Limits(min: 60)))
        #expect(throws: LinkError.self) {
            try Table(store: store, type: TableType(elementType: .externref, limits: Limits(min: 60)))
        }
    }

    @Test func defaultBudgetIsTenMillionElements() {
        #expect(StoreLimits().maxTotalTableElements == 10_000_000)
    }
}
