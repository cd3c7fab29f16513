import CapsuleCore
import Testing

@testable import CapsuleEngine

/// References never cross stores: a `funcref` or `exnref` of one store given to another (as an
/// argument, a global's value, a host function's result or an exception's payload) is refused with an
/// error, never used.
@Suite struct ForeignReferenceTests {
    static let text = """
        (module
          (type $v (func (result i32)))
          (import "host" "give" (func $give (result funcref)))
          (table $t 1 funcref)
          (global $g (export "g") (mut funcref) (ref.null func))
          (func $seven (result i32) (i32.const 7))
          (elem declare func $seven)
          (func (export "call") (param funcref) (result i32)
            (table.set $t (i32.const 0) (local.get 0))
            (call_indirect (type $v) (i32.const 0)))
          (func (export "fromHost") (result i32)
            (table.set $t (i32.const 0) (call $give))
            (call_indirect (type $v) (i32.const 0)))
          (func (export "own") (result funcref) (ref.func $seven)))
        """

    static func instance(giving: @escaping () -> Value) throws -> Instance {
        let store = Store()
        var imports = Imports()
        imports.define(module: "host", name: "give", .function(Function(store: store, type: FuncType(params: [], results: [.funcref])) { _, _ in [giving()] }))
        return try store.instantiate(module(text), imports: imports)
    }

    @Test func aFuncrefOfAnotherStoreIsRefusedEverywhere() throws {
        let other = try Self.instance(giving: { .funcref(nil) })
        let foreign = try #require(other.function("own")).call()[0]
        let target = try Self.instance(giving: { foreign })
        // Its own reference works.
        let own = try #require(target.function("own")).call()[0]
        #expect(try #require(target.function("call")).call([own]) == [.i32(7)])
        // Another store's, as an argument: refused before anything runs.
        #expect(throws: CallError.foreignReference(.funcref)) { _ = try #require(target.function("call")).call([foreign]) }
        // As a global's value.
        guard case .global(let global)? = target.export("g") else { Issue.record("no global"); return }
        #expect(throws: CallError.foreignReference(.funcref)) { try global.set(foreign) }
        #expect(throws: CallError.foreignReference(.funcref)) {
            _ = try Global(store: target.store, type: GlobalType(valueType: .funcref, isMutable: true), value: foreign)
        }
        // As a host function's result: a trap naming it.
        #expect {
            _ = try #require(target.function("fromHost")).call()
        } throws: { error in
            guard let trap = error as? Trap, case .host(let message) = trap.kind else { return false }
            return message.contains("from another store")
        }
        // The same function in the same store is still fine, and nothing changed the table.
        #expect(try #require(target.function("call")).call([own]) == [.i32(7)])
    }
}
