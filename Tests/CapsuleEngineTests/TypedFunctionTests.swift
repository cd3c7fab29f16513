import CapsuleCore
import Testing

@testable import CapsuleEngine

/// Host functions with typed Swift parameters and results, and typed calls into the guest.
@Suite struct TypedFunctionTests {
    static let guest = """
        (module
          (import "host" "mix" (func $mix (param i32 i64 f32 f64) (result f64)))
          (import "host" "note" (func $note (param i32)))
          (func (export "run") (param $x i32) (result f64)
            (call $note (local.get $x))
            (call $mix (local.get $x) (i64.const -5) (f32.const 0.5) (f64.const 100)))
          (func (export "neg") (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
          (func (export "pair") (result i32 i32) (i32.const 1) (i32.const 2)))
        """

    private func instantiate(_ notes: NoteBox) throws -> Instance {
        let store = Store()
        let mix = Function(store: store) { (_: Caller, a: Int32, b: Int64, c: Float, d: Double) -> Double in
            Double(a) * 1000 + Double(b) * 10 + Double(c) + d
        }
        let note = Function(store: store) { (_: Caller, value: UInt32) in notes.values.append(value) }
        var imports = Imports()
        imports.define(module: "host", name: "mix", .function(mix))
        imports.define(module: "host", name: "note", .function(note))
        return try store.instantiate(module(Self.guest), imports: imports)
    }

    final class NoteBox { var values: [UInt32] = [] }

    @Test func signaturesComeFromTheSwiftTypesAndArgumentsArriveInOrder() throws {
        let store = Store()
        let mix = Function(store: store) { (_: Caller, a: Int32, b: Int64, c: Float, d: Double) -> Double in 0 }
        #expect(mix.type == FuncType(params: [.i32, .i64, .f32, .f64], results: [.f64]))
        let notes = NoteBox()
        let instance = try instantiate(notes)
        let run = try #require(instance.function("run"))
        #expect(try run.call(Int32(3), returning: Double.self) == 3000 - 50 + 0.5 + 100)
        // -1 as i32 reaches a UInt32 parameter as its bit pattern.
        #expect(try run.call(Int32(-1), returning: Double.self) == -1000 - 50 + 0.5 + 100)
        #expect(notes.values == [3, UInt32.max])
    }

    @Test func typedCallsCheckTheSignature() throws {
        let instance = try instantiate(NoteBox())
        let neg = try #require(instance.function("neg"))
        #expect(try neg.call(Int64(7), returning: Int64.self) == -7)
        #expect(try neg.call(Int64(7), returning: UInt64.self) == UInt64(bitPattern: -7))
        #expect(throws: CallError.argumentType(expected: .i64, got: .i32)) { try neg.call(Int32(7), returning: Int64.self) }
        #expect(throws: CallError.argumentCount(expected: 1, got: 0)) { try neg.call(returning: Int64.self) }
        #expect(throws: CallError.resultType(expected: .f32, got: .i64)) { try neg.call(Int64(1), returning: Float.self) }
        let pair = try #require(instance.function("pair"))
        #expect(throws: CallError.resultCount(expected: 1, got: 2)) { try pair.call(returning: Int32.self) }
    }

    @Test func floatsKeepTheirBits() {
        let nan = Float(bitPattern: 0x7FC0_0123)
        #expect(Float(wasmValue: nan.wasmValue)?.bitPattern == 0x7FC0_0123)
        #expect(Double(wasmValue: .i64(1)) == nil)
        #expect(Int32(wasmValue: .i32(0xFFFF_FFFF)) == -1)
    }
}
