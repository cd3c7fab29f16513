import CapsuleBinary
import CapsuleCore
import CapsuleValidation
import Testing

/// Out-of-range indices inside function bodies, built as raw binaries (the text format would
/// refuse to encode them).
@Suite struct IndexTests {
    typealias B = BinaryBuilder
    static let i32Zero: [UInt8] = [0x41, 0x00]
    static let end: UInt8 = 0x0B

    @Test func unknownLocals() throws {
        try expectInvalid(bytes: B.singleFunction(params: [.i32], locals: [(1, .f32)], code: [0x20, 0x02, 0x1A, Self.end]), "unknown local 2")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x21, 0x00, Self.end]), "unknown local 0")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x22, 0x00, 0x1A, Self.end]), "unknown local 0")
        // Beyond the dense table: 70,000 locals, index 70,000.
        try expectInvalid(
            bytes: B.singleFunction(locals: [(1, .i32), (69_998, .f32), (1, .i64)], code: [0x20] + B.leb(70_000) + [0x1A, Self.end]),
            "unknown local")
        try expectValid(
            bytes: B.singleFunction(results: [.i64], locals: [(1, .i32), (69_998, .f32), (1, .i64)], code: [0x20] + B.leb(69_999) + [Self.end]))
    }

    @Test func unknownGlobals() throws {
        try expectInvalid(bytes: B.singleFunction(results: [.i32], code: [0x23, 0x00, Self.end]), "unknown global 0")
        let global: [UInt8] = [0x7F, 0x01, 0x41, 0x00, 0x0B]
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x24, 0x01, Self.end], before: [(6, [global])]), "unknown global 1")
        try expectValid(bytes: B.singleFunction(code: Self.i32Zero + [0x24, 0x00, Self.end], before: [(6, [global])]))
    }

    @Test func unknownFunctionsAndTypes() throws {
        try expectInvalid(bytes: B.singleFunction(code: [0x10, 0x03, Self.end]), "unknown function 3")
        try expectInvalid(bytes: B.singleFunction(code: [0xD2, 0x07, 0x1A, Self.end]), "unknown function 7")
        let table: [UInt8] = [0x70, 0x00, 0x01]
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x11, 0x07, 0x00, Self.end], before: [(4, [table])]), "unknown type 7")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x11, 0x00, 0x01, Self.end], before: [(4, [table])]), "unknown table 1")
    }

    @Test func unknownTables() throws {
        let funcNull: [UInt8] = [0xD0, 0x70]
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x25, 0x00, 0x1A, Self.end]), "unknown table 0")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + funcNull + [0x26, 0x00, Self.end]), "unknown table 0")
        try expectInvalid(bytes: B.singleFunction(code: [0xFC, 0x10, 0x00, 0x1A, Self.end]), "unknown table 0")
        try expectInvalid(bytes: B.singleFunction(code: funcNull + Self.i32Zero + [0xFC, 0x0F, 0x00, 0x1A, Self.end]), "unknown table 0")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + funcNull + Self.i32Zero + [0xFC, 0x11, 0x00, Self.end]), "unknown table 0")
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + Self.i32Zero + Self.i32Zero + [0xFC, 0x0E, 0x00, 0x00, Self.end]), "unknown table 0")
    }

    @Test func unknownSegments() throws {
        let table: [UInt8] = [0x70, 0x00, 0x01]
        let three = Self.i32Zero + Self.i32Zero + Self.i32Zero
        try expectInvalid(bytes: B.singleFunction(code: three + [0xFC, 0x0C, 0x00, 0x00, Self.end], before: [(4, [table])]), "unknown elem segment 0")
        try expectInvalid(bytes: B.singleFunction(code: [0xFC, 0x0D, 0x04, Self.end]), "unknown elem segment 4")
        let memory: [UInt8] = [0x00, 0x01]
        let passiveData: [UInt8] = [0x01, 0x01, 0x61]
        try expectInvalid(
            bytes: B.singleFunction(code: three + [0xFC, 0x08, 0x01, 0x00, Self.end], before: [(5, [memory])], dataCount: 1, after: [(11, [passiveData])]),
            "unknown data segment 1")
        try expectInvalid(
            bytes: B.singleFunction(code: [0xFC, 0x09, 0x01, Self.end], dataCount: 1, after: [(11, [passiveData])]), "unknown data segment 1")
        try expectValid(bytes: B.singleFunction(code: [0xFC, 0x09, 0x00, Self.end], dataCount: 1, after: [(11, [passiveData])]))
    }

    @Test func memoryAndTableAreCheckedBeforeSegments() throws {
        // Like the reference interpreter (memory_init.wast, table_init.wast): the missing memory or
        // table is reported before the missing segment.
        let three = Self.i32Zero + Self.i32Zero + Self.i32Zero
        try expectInvalid(bytes: B.singleFunction(code: three + [0xFC, 0x08, 0x01, 0x00, Self.end], dataCount: 0), "unknown memory 0")
        try expectInvalid(bytes: B.singleFunction(code: three + [0xFC, 0x0C, 0x04, 0x00, Self.end]), "unknown table 0")
    }

    @Test func typedSelectArity() throws {
        // select (result)  and  select (result i32 i32)
        try expectInvalid(bytes: B.singleFunction(code: Self.i32Zero + [0x1C, 0x00, Self.end]), "invalid result arity")
        try expectInvalid(
            bytes: B.singleFunction(
                results: [.i32, .i32], code: Self.i32Zero + Self.i32Zero + Self.i32Zero + Self.i32Zero + Self.i32Zero + [0x1C, 0x02, 0x7F, 0x7F, Self.end]),
            "invalid result arity")
    }
}
