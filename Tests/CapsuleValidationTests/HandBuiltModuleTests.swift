import CapsuleBinary
import CapsuleCore
import CapsuleText
import CapsuleValidation
import Testing

/// Modules built as values or as raw bytes, for rules the text format cannot express, and the
/// facts and offsets a validation reports.
@Suite struct HandBuiltModuleTests {
    /// A module whose only function has type `type` and the given body bytes (ending in `end`).
    static func module(type: FuncType, locals: [LocalDeclaration] = [], body: [UInt8], extraTypes: [FuncType] = []) -> Module {
        var module = Module()
        module.bytes = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00] + body
        module.types = [type] + extraTypes
        module.functions = [0]
        module.codes = [FunctionBody(locals: locals, range: 8..<(8 + body.count))]
        return module
    }

    @Test func functionTypeIndexMustExist() {
        var module = Module()
        module.functions = [3]
        module.codes = [FunctionBody(locals: [], range: 0..<0)]
        #expect(Fixture.validationError(module)?.message.hasPrefix("unknown type") == true)

        var imported = Module()
        imported.imports = [Import(module: "m", name: "f", descriptor: .function(0))]
        #expect(Fixture.validationError(imported)?.message.hasPrefix("unknown type") == true)
    }

    @Test func blockTypeIndexMustExist() {
        // block (type 5) end end
        let module = Self.module(type: FuncType(params: [], results: []), body: [0x02, 0x05, 0x0B, 0x0B])
        #expect(Fixture.validationError(module)?.message.hasPrefix("unknown type") == true)
    }

    @Test func multiValueBlockFromTypeIndex() {
        // i32.const 1  block (type 1: [i32] -> [i32 i32])  i32.const 2  end  end
        let module = Self.module(
            type: FuncType(params: [], results: [.i32, .i32]),
            body: [0x41, 0x01, 0x02, 0x01, 0x41, 0x02, 0x0B, 0x0B],
            extraTypes: [FuncType(params: [.i32], results: [.i32, .i32])])
        #expect(Fixture.validationError(module) == nil)
    }

    @Test func errorsCarryTheInstructionOffset() {
        // nop  i32.const 1  f32.const 0  i32.add  drop  end: the mismatch is at i32.add.
        let body: [UInt8] = [0x01, 0x41, 0x01, 0x43, 0x00, 0x00, 0x00, 0x00, 0x6A, 0x1A, 0x0B]
        let module = Self.module(type: FuncType(params: [], results: []), body: body)
        let error = Fixture.validationError(module)
        #expect(error?.message.hasPrefix("type mismatch") == true)
        #expect(error?.offset == 8 + 8)
    }

    @Test func moduleLevelErrorsPointAtTheirSection() throws {
        let bytes = try TextFormat.wasm(fromWAT: "(module (func) (export \"a\" (func 0)) (export \"a\" (func 0)))")
        let error = Fixture.validationError(try Module(decoding: bytes))
        #expect(error?.message == "duplicate export name")
        let offset = try #require(error?.offset)
        #expect(offset > 0 && offset < bytes.count && bytes[offset] == 7)  // the export section's id
    }

    @Test func bodyWithoutFinalEndIsRejected() {
        // block  end  (the function's own end is missing)
        let module = Self.module(type: FuncType(params: [], results: []), body: [0x02, 0x40, 0x0B])
        #expect(Fixture.validationError(module) != nil)
    }

    @Test func hugeLocalCountsDoNotAllocate() {
        // 2^32 - 2 declared locals plus one parameter: fine; the last one is an f64.
        let module = Self.module(
            type: FuncType(params: [.i32], results: [.f64]),
            locals: [LocalDeclaration(count: UInt32.max - 2, type: .i64), LocalDeclaration(count: 1, type: .f64)],
            body: [0x20, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B])  // local.get 4294967294
        #expect(Fixture.validationError(module) == nil)

        let tooMany = Self.module(
            type: FuncType(params: [.i32], results: []),
            locals: [LocalDeclaration(count: UInt32.max, type: .i64)],
            body: [0x0B])
        #expect(Fixture.validationError(tooMany)?.message == "too many locals")
    }

    @Test func dataInstructionsNeedTheDataCountSection() {
        // data.drop 0  end, with one passive data segment but no data count section.
        var module = Self.module(type: FuncType(params: [], results: []), body: [0xFC, 0x09, 0x00, 0x0B])
        module.datas = [DataSegment(mode: .passive, range: 0..<0, offset: 0)]
        #expect(Fixture.validationError(module) != nil)
        module.dataCount = 1
        #expect(Fixture.validationError(module) == nil)
    }

    @Test func validatedModuleCarriesBodyFacts() throws {
        let validated = try Fixture.module("""
            (module
              (import "m" "f" (func $imported (param i32)))
              (func (param i32) (local i64 i64)
                i32.const 1 i32.const 2 i32.const 3 i32.add i32.add drop
                (block (loop (block (br 2)))))
              (func))
            """).validate()
        #expect(validated.functionTypeIndices.count == 3)
        #expect(validated.functionFacts.count == 2)
        #expect(validated.functionFacts[0].maxOperandStackHeight == 3)
        #expect(validated.functionFacts[0].maxControlDepth == 4)
        #expect(validated.functionFacts[0].localCount == 3)
        #expect(validated.functionFacts[1].maxOperandStackHeight == 0)
    }
}
