import CapsuleBinary
import CapsuleCore
import CapsuleText
import CapsuleValidation
import Testing

@testable import CapsuleEngine

/// Typed function references and the 3.0 type system under them: canonical types across modules,
/// subtyping at link time and in `call_indirect`, `call_ref`, the null checks, non-nullable locals.
@Suite struct FunctionReferenceTests {
    static func validated(_ text: String) throws -> ValidatedModule {
        try CapsuleBinary.Module(decoding: TextFormat.wasm(fromWAT: text)).validate()
    }

    @Test func equalRecursiveGroupsInTwoModulesAreOneCanonicalType() throws {
        let group = "(rec (type $a (func (param (ref null $b)))) (type $b (func (result (ref null $a)))))"
        let first = try Self.validated("(module \(group))")
        let second = try Self.validated("(module (type (func)) \(group))")
        #expect(first.canonicalTypeIDs == Array(second.canonicalTypeIDs.dropFirst()))
        // The same function type alone is another type than as a member of the group.
        let alone = try Self.validated("(module (type $a (func (param (ref null func)))))")
        #expect(alone.canonicalTypeIDs[0] != first.canonicalTypeIDs[0])
        // Two plain equal function types of one module are one type.
        let twins = try Self.validated("(module (type (func (param i32))) (type (func (param i32))))")
        #expect(twins.canonicalTypeIDs[0] == twins.canonicalTypeIDs[1])
    }

    @Test func theRegistryRefusesIDsItNeverGaveAndMalformedGroups() throws {
        let registry = TypeRegistry.shared
        #expect(registry.definition(-1) == nil)
        #expect(registry.definition(TypeRegistry.capacity) == nil)
        #expect(!registry.isSubtype(-5, of: TypeRegistry.capacity + 3))
        #expect(registry.record(Int.max).depth == 0)
        let function = SubType(composite: .func(FuncType(params: [.ref(.index(1), nullable: true)], results: [])))
        // A reference past the group's end, and groups that do not cover the definitions.
        #expect(throws: ValidationError.self) { try registry.canonicalize([function, function], groups: [0..<1, 1..<2]) }
        #expect(throws: ValidationError.self) { try registry.canonicalize([function, function], groups: [0..<1]) }
        #expect(try registry.canonicalize([function, function], groups: [0..<2]).count == 2)
    }

    @Test func declaredSupertypesMakeSubtypesAndFinalTypesRefuseThem() throws {
        let module = try Self.validated("""
            (module (type $base (sub (func (result funcref)))) (type $derived (sub $base (func (result (ref func))))))
            """)
        let registry = TypeRegistry.shared
        #expect(registry.isSubtype(module.canonicalTypeIDs[1], of: module.canonicalTypeIDs[0]))
        #expect(!registry.isSubtype(module.canonicalTypeIDs[0], of: module.canonicalTypeIDs[1]))
        #expect(throws: ValidationError.self) {
            try Self.validated("(module (type $base (func)) (type (sub $base (func))))")
        }
        // A subtype's results must be subtypes of its supertype's.
        #expect(throws: ValidationError.self) {
            try Self.validated("(module (type $base (sub (func (result (ref func))))) (type (sub $base (func (result funcref)))))")
        }
    }

    @Test func anImportedFunctionMayHaveASubtypeOfTheImportsType() throws {
        let store = Store()
        let exporter = try store.instantiate(module("""
            (module (type $base (sub (func (result funcref)))) (type $derived (sub $base (func (result (ref func)))))
              (func (export "f") (type $derived) (ref.func 0)))
            """))
        var imports = Imports()
        imports.define(module: "m", name: "f", .function(try #require(exporter.function("f"))))
        _ = try store.instantiate(module("""
            (module (type $base (sub (func (result funcref)))) (import "m" "f" (func (type $base))))
            """), imports: imports)
        // Not the other way round.
        let other = try store.instantiate(module("(module (func (export \"g\") (result funcref) (ref.null func)))"))
        var wrong = Imports()
        wrong.define(module: "m", name: "f", .function(try #require(other.function("g"))))
        #expect(throws: LinkError.self) {
            try store.instantiate(module("(module (import \"m\" \"f\" (func (result (ref func)))))"), imports: wrong)
        }
    }

    @Test func callIndirectAcceptsASubtypeAndCallRefTrapsOnNull() throws {
        let instance = try Store().instantiate(module("""
            (module
              (type $base (sub (func (result i32))))
              (type $derived (sub $base (func (result i32))))
              (table funcref (elem $seven))
              (func $seven (type $derived) (i32.const 7))
              (func (export "indirect") (result i32) (call_indirect (type $base) (i32.const 0)))
              (func (export "direct") (result i32) (call_ref $derived (ref.func $seven)))
              (func (export "null") (result i32) (call_ref $base (ref.null $base)))
              (func (export "as-non-null") (result funcref) (ref.as_non_null (ref.null func))))
            """))
        #expect(try instance.function("indirect")?.call() == [.i32(7)])
        #expect(try instance.function("direct")?.call() == [.i32(7)])
        let trap = try #require(throws: Trap.self) { try instance.function("null")?.call() }
        #expect(trap.kind == .nullFunctionReference)
        let other = try #require(throws: Trap.self) { try instance.function("as-non-null")?.call() }
        #expect(other.kind == .nullReference)
    }

    @Test func aNonNullableLocalMustBeSetBeforeItIsRead() throws {
        #expect(throws: ValidationError.self) {
            try Self.validated("(module (func (local (ref extern)) (drop (local.get 0))))")
        }
        // Set inside a block: unset again after it.
        #expect(throws: ValidationError.self) {
            try Self.validated("(module (func (param externref) (local (ref extern)) (block (local.set 1 (ref.as_non_null (local.get 0)))) (drop (local.get 1))))")
        }
        _ = try Self.validated("(module (func (param externref) (local (ref extern)) (local.set 1 (ref.as_non_null (local.get 0))) (drop (local.get 1))))")
    }

    @Test func hostValuesMatchNonNullableParametersOnlyWhenNotNull() throws {
        let instance = try Store().instantiate(module("(module (func (export \"id\") (param (ref extern)) (result (ref extern)) (local.get 0)))"))
        let id = try #require(instance.function("id"))
        #expect(try id.call([.externref(ExternReference(5))]) == [.externref(ExternReference(5))])
        #expect(throws: CallError.self) { try id.call([.externref(nil)]) }
        #expect(ExternReference(ExternReference.maximumValue).value == ExternReference.maximumValue)
        #expect(AnyReference(i31: -5).i31Value == -5)
    }

    @Test func brOnNullAndBrOnNonNullBranchOnTheReference() throws {
        let instance = try Store().instantiate(module("""
            (module
              (func (export "on-null") (param externref) (result i32)
                (block $null (br_on_null $null (local.get 0)) (drop) (return (i32.const 1))) (i32.const 0))
              (func (export "on-non-null") (param externref) (result i32)
                (block $some (result (ref extern)) (br_on_non_null $some (local.get 0)) (return (i32.const 0))) (drop) (i32.const 1)))
            """))
        for name in ["on-null", "on-non-null"] {
            #expect(try instance.function(name)?.call([.externref(nil)]) == [.i32(0)])
            #expect(try instance.function(name)?.call([.externref(ExternReference(3))]) == [.i32(1)])
        }
    }
}
