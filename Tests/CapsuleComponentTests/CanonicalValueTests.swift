@testable import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import Testing

/// The canonical ABI's lifting and lowering against a memory, per type family, and the handle rules.
@Suite struct CanonicalValueTests {
    /// A context over a fresh 1-page memory with a bump allocator as `realloc`.
    static func context(_ encoding: CanonicalOptions.StringEncoding = .utf8, resources: ResourceTable? = ResourceTable()) throws -> CanonicalContext {
        let store = Store()
        let memory = try Memory(store: store, type: MemoryType(limits: Limits(min: 1)))
        final class Bump: @unchecked Sendable { var next: UInt32 = 1024 }
        let bump = Bump()
        let realloc = Function(store: store, type: FuncType(params: [.i32, .i32, .i32, .i32], results: [.i32])) { _, arguments in
            guard case .i32(let alignment) = arguments[2], case .i32(let size) = arguments[3] else { return [.i32(0)] }
            let start = (bump.next + alignment - 1) / alignment * alignment
            bump.next = start + size
            return [.i32(start)]
        }
        return CanonicalContext(memory: memory, realloc: realloc, encoding: encoding, resources: resources, registry: nil)
    }

    /// Lowered flat, then lifted back; and stored in memory, then loaded back.
    func roundTrip(_ value: ComponentValue, _ type: ValType, _ context: CanonicalContext) throws {
        var flat = FlatValues(try context.lowerFlat(value, type))
        #expect(try context.liftFlat(&flat, type) == value, "flat \(type)")
        let address = try context.allocate(alignment: CanonicalABI.alignment(type), size: CanonicalABI.size(type))
        try context.store(value, type, at: address)
        #expect(try context.load(type, at: address) == value, "memory \(type)")
    }

    @Test(arguments: [CanonicalOptions.StringEncoding.utf8, .utf16, .latin1UTF16])
    func stringsInEveryEncoding(encoding: CanonicalOptions.StringEncoding) throws {
        let context = try Self.context(encoding)
        for text in ["", "ascii", "café: latin-1 only", "snowman ☃ and 𝄞 beyond the BMP", String(repeating: "ü", count: 300)] {
            try roundTrip(.string(text), .string, context)
        }
        // latin1+utf16 picks latin-1 for text that fits in it, UTF-16 (tagged) otherwise.
        if encoding == .latin1UTF16 {
            #expect(try context.storeString("café").1 == 4)
            #expect(try context.storeString("☃").1 == 1 | CanonicalContext.utf16Tag)
        }
    }

    @Test func everyTypeFamily() throws {
        let context = try Self.context()
        try roundTrip(.bool(true), .bool, context)
        for (value, type) in [
            (ComponentValue.s8(-128), ValType.s8), (.u8(255), .u8), (.s16(-3), .s16), (.u16(65535), .u16), (.s32(.min), .s32),
            (.u32(.max), .u32), (.s64(.min), .s64), (.u64(.max), .u64), (.f32(-0.5), .f32), (.f64(1e300), .f64), (.char("😀"), .char),
        ] {
            try roundTrip(value, type, context)
        }
        try roundTrip(.list([.u16(1), .u16(2)]), .list(.u16), context)
        try roundTrip(.list([.u8(1), .u8(2), .u8(3)]), .fixedList(.u8, length: 3), context)
        try roundTrip(.record([("a", .u8(1)), ("b", .u64(2))]), .record([("a", .u8), ("b", .u64)]), context)
        try roundTrip(.tuple([.string("x"), .f32(1)]), .tuple([.string, .f32]), context)
        let shape = ValType.variant([("none", nil), ("n", .u32), ("f", .f64), ("s", .string)])
        for value in [ComponentValue.variant("none", nil), .variant("n", .u32(7)), .variant("f", .f64(2.5)), .variant("s", .string("z"))] {
            try roundTrip(value, shape, context)
        }
        try roundTrip(.enum("b"), .enum(["a", "b"]), context)
        try roundTrip(.option(.option(nil)), .option(.option(.u8)), context)
        try roundTrip(.result(.failure(.init(.string("e")))), .result(ok: .u32, error: .string), context)
        try roundTrip(.result(.success(nil)), .result(ok: nil, error: nil), context)
        try roundTrip(.flags(["f0", "f20"]), .flags((0..<21).map { "f\($0)" }), context)
        try roundTrip(.list([.tuple([.string("k"), .u32(1)])]), .map(key: .string, value: .u32), context)
        // NaNs cross the boundary as the canonical NaN.
        var flat = FlatValues(try context.lowerFlat(.f32(Float(bitPattern: 0x7FA0_0001)), .f32))
        guard case .f32(let lifted) = try context.liftFlat(&flat, .f32) else { return }
        #expect(lifted.bitPattern == 0x7FC0_0000)
    }

    @Test func liftingChecksWhatTheGuestWrote() throws {
        let context = try Self.context()
        // An invalid discriminant, char, UTF-8, and pointers out of bounds or misaligned all trap.
        var badCase = FlatValues([.i32(5), .i32(0)])
        #expect(throws: Trap.self) { _ = try context.liftFlat(&badCase, .option(.u32)) }
        var badChar = FlatValues([.i32(0xD800)])
        #expect(throws: Trap.self) { _ = try context.liftFlat(&badChar, .char) }
        try context.write([0xFF, 0xFE], at: 2000)
        var badUTF8 = FlatValues([.i32(2000), .i32(2)])
        #expect(throws: Trap.self) { _ = try context.liftFlat(&badUTF8, .string) }
        var outOfBounds = FlatValues([.i32(65530), .i32(100)])
        #expect(throws: Trap.self) { _ = try context.liftFlat(&outOfBounds, .string) }
        var misaligned = FlatValues([.i32(3), .i32(1)])
        #expect(throws: Trap.self) { _ = try context.liftFlat(&misaligned, .list(.u32)) }
        #expect(throws: Trap.self) { _ = try context.load(.u64, at: 4) }
    }

    @Test func handleOwnershipRules() throws {
        let table = ResourceTable()
        let resource = ResourceIdentity(name: "r", isLocal: true, scope: 0)
        let other = ResourceIdentity(name: "other", isLocal: true, scope: 0)
        let handle = ResourceHandle(resource: resource, representation: 42)
        let index = table.insert(handle, owned: true)
        #expect(try table.representation(index, resource: resource) == 42)
        #expect(throws: Trap.self) { _ = try table.representation(index, resource: other) }
        #expect(throws: Trap.self) { _ = try table.representation(99, resource: resource) }
        // Lent for a call: neither dropped nor passed on until the call ends.
        table.beginLending()
        #expect(try table.take(index, resource: resource, owned: false) === handle)
        #expect(throws: Trap.self) { _ = try table.drop(index, resource: resource) }
        #expect(throws: Trap.self) { _ = try table.take(index, resource: resource, owned: true) }
        table.endLending()
        // A borrowed handle is not an owned one.
        let borrowed = table.insert(handle, owned: false)
        #expect(throws: Trap.self) { _ = try table.take(borrowed, resource: resource, owned: true) }
        #expect(try table.drop(borrowed, resource: resource) == nil)
        // Moving the owned handle out removes it; the index is then unknown.
        #expect(try table.take(index, resource: resource, owned: true) === handle)
        #expect(throws: Trap.self) { _ = try table.drop(index, resource: resource) }
    }
}
