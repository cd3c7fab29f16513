import Testing
import CapsuleCore
import CapsuleBinary

@Suite struct SectionDecodingTests {
    typealias B = Binary

    @Test func emptyModule() throws {
        let module = try Module(decoding: B.header)
        #expect(module.types.isEmpty && module.functions.isEmpty && module.codes.isEmpty)
        #expect(module.bytes == B.header)
    }

    @Test func typeSection() throws {
        let module = try Module(decoding: B.module(B.section(1, B.vector([
            [0x60, 0x00, 0x00],
            [0x60, 0x02, 0x7F, 0x7E, 0x03, 0x7D, 0x7C, 0x7B],
            [0x60, 0x01, 0x70, 0x01, 0x6F],
        ]))))
        #expect(module.types == [
            FuncType(params: [], results: []),
            FuncType(params: [.i32, .i64], results: [.f32, .f64, .v128]),
            FuncType(params: [.funcref], results: [.externref]),
        ])
    }

    @Test func importSection() throws {
        let module = try Module(decoding: B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(2, B.vector([
                B.name("env") + B.name("f") + [0x00, 0x00],
                B.name("env") + B.name("t") + [0x01, 0x70, 0x01, 0x01, 0x0A],
                B.name("env") + B.name("m") + [0x02, 0x00, 0x02],
                B.name("env") + B.name("g") + [0x03, 0x7E, 0x01],
            ]))
        ))
        #expect(module.imports == [
            Import(module: "env", name: "f", descriptor: .function(0)),
            Import(module: "env", name: "t", descriptor: .table(TableType(elementType: .funcref, limits: Limits(min: 1, max: 10)))),
            Import(module: "env", name: "m", descriptor: .memory(MemoryType(limits: Limits(min: 2)))),
            Import(module: "env", name: "g", descriptor: .global(GlobalType(valueType: .i64, isMutable: true))),
        ])
        #expect(module.importedFunctionCount == 1)
    }

    @Test func functionAndCodeSections() throws {
        let body: [UInt8] = [0x20, 0x00, 0x1A, 0x0B]
        let bytes = B.function(body, locals: [(2, 0x7F), (1, 0x7C)])
        let module = try Module(decoding: bytes)
        #expect(module.functions == [0])
        #expect(module.codes.count == 1)
        #expect(module.codes[0].locals == [LocalDeclaration(count: 2, type: .i32), LocalDeclaration(count: 1, type: .f64)])
        #expect(Array(bytes[module.codes[0].range]) == body)
        #expect(try B.instructions(module) == [.localGet(0), .drop, .end])
    }

    @Test func tableAndMemorySections() throws {
        let module = try Module(decoding: B.module(
            B.section(4, B.vector([[0x70, 0x00, 0x03], [0x6F, 0x01, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]])),
            B.section(5, B.vector([[0x01, 0x01, 0x80, 0x80, 0x04]]))
        ))
        #expect(module.tables == [
            TableType(elementType: .funcref, limits: Limits(min: 3)),
            TableType(elementType: .externref, limits: Limits(min: 0, max: UInt64(UInt32.max))),
        ])
        #expect(module.memories == [MemoryType(limits: Limits(min: 1, max: 65536))])
    }

    @Test func globalSection() throws {
        let module = try Module(decoding: B.module(B.section(6, B.vector([
            [0x7F, 0x00, 0x41] + B.s(-5) + [0x0B],
            [0x7D, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B],
            [0x70, 0x00, 0xD0, 0x70, 0x0B],
            [0x7B, 0x00, 0xFD, 0x0C] + Array(0..<16) + [0x0B],
            [0x7E, 0x00, 0x23, 0x00, 0x0B],
        ]))))
        #expect(module.globals.map(\.type) == [
            GlobalType(valueType: .i32, isMutable: false),
            GlobalType(valueType: .f32, isMutable: true),
            GlobalType(valueType: .funcref, isMutable: false),
            GlobalType(valueType: .v128, isMutable: false),
            GlobalType(valueType: .i64, isMutable: false),
        ])
        #expect(module.globals.map(\.initializer.instructions) == [
            [.i32Const(-5)],
            [.f32Const(0x3F80_0000)],
            [.refNull(.func)],
            [.v128Const(V128(bytes: Array(0..<16)))],
            [.globalGet(0)],
        ])
        #expect(module.globals[0].initializer.offset == 8 + 2 + 1 + 2)
    }

    @Test func exportAndStartSections() throws {
        let module = try Module(decoding: B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(3, B.vector([[0x00]])),
            B.section(7, B.vector([
                B.name("f") + [0x00, 0x00],
                B.name("t") + [0x01, 0x00],
                B.name("m") + [0x02, 0x00],
                B.name("g") + [0x03, 0x05],
            ])),
            B.section(8, [0x00]),
            B.section(10, B.vector([B.code([0x0B])]))
        ))
        #expect(module.exports == [
            Export(name: "f", descriptor: .function(0)),
            Export(name: "t", descriptor: .table(0)),
            Export(name: "m", descriptor: .memory(0)),
            Export(name: "g", descriptor: .global(5)),
        ])
        #expect(module.start == 0)
    }

    @Test func elementSegmentsInAllEightEncodings() throws {
        let offset: [UInt8] = [0x41, 0x07, 0x0B]
        let refFunc: [UInt8] = [0xD2, 0x01, 0x0B]
        let null: [UInt8] = [0xD0, 0x6F, 0x0B]
        let module = try Module(decoding: B.module(B.section(9, B.vector([
            [0x00] + offset + B.vector([[0x01], [0x02]]),
            [0x01, 0x00] + B.vector([[0x03]]),
            [0x02, 0x01] + offset + [0x00] + B.vector([[0x04]]),
            [0x03, 0x00] + B.vector([[0x05]]),
            [0x04] + offset + B.vector([refFunc]),
            [0x05, 0x6F] + B.vector([null, null]),
            [0x06, 0x02] + offset + [0x70] + B.vector([refFunc]),
            [0x07, 0x70] + B.vector([refFunc]),
        ]))))
        let segments = module.elements
        #expect(segments.count == 8)
        let offsetExpr = { (s: ElementSegment) -> [Instruction]? in
            if case .active(_, let expr) = s.mode { return expr.instructions }
            return nil
        }
        let table = { (s: ElementSegment) -> UInt32? in
            if case .active(let table, _) = s.mode { return table }
            return nil
        }
        #expect(segments.map(table) == [0, nil, 1, nil, 0, nil, 2, nil])
        #expect(offsetExpr(segments[0]) == [.i32Const(7)])
        #expect(segments[1].mode == .passive)
        #expect(segments[3].mode == .declarative)
        #expect(segments[5].mode == .passive)
        #expect(segments[7].mode == .declarative)
        #expect(segments.map(\.type) == [.ref(.func, nullable: false), .ref(.func, nullable: false), .ref(.func, nullable: false), .ref(.func, nullable: false), .funcref, .externref, .funcref, .funcref])
        #expect(segments[0].initializers.map(\.instructions) == [[.refFunc(1)], [.refFunc(2)]])
        #expect(segments[2].initializers.map(\.instructions) == [[.refFunc(4)]])
        #expect(segments[4].initializers.map(\.instructions) == [[.refFunc(1)]])
        #expect(segments[5].initializers.map(\.instructions) == [[.refNull(.extern)], [.refNull(.extern)]])
    }

    @Test func dataSegmentsInAllThreeEncodingsAndDataCount() throws {
        let bytes = B.module(
            B.section(5, B.vector([[0x00, 0x01]])),
            B.section(12, [0x03]),
            B.section(11, B.vector([
                [0x00, 0x41, 0x10, 0x0B] + B.name("abc"),
                [0x01] + B.name("de"),
                [0x02, 0x00, 0x41, 0x20, 0x0B] + B.name(""),
            ]))
        )
        let module = try Module(decoding: bytes)
        #expect(module.dataCount == 3)
        #expect(module.datas.count == 3)
        #expect(module.datas[0].mode == .active(memory: 0, offset: ConstExpr(instructions: [.i32Const(16)], offset: module.datas[0].offset + 1)))
        #expect(Array(bytes[module.datas[0].range]) == Array("abc".utf8))
        #expect(module.datas[1].mode == .passive)
        #expect(Array(bytes[module.datas[1].range]) == Array("de".utf8))
        #expect(module.datas[2].range.isEmpty)
        if case .active(let memory, let expr) = module.datas[2].mode {
            #expect(memory == 0 && expr.instructions == [.i32Const(32)])
        } else {
            Issue.record("third segment should be active")
        }
    }

    @Test func dataSegmentMayNameAnotherMemory() throws {
        // Decodes; validation rejects the unknown memory.
        let module = try Module(decoding: B.module(B.section(11, B.vector([[0x02, 0x01, 0x41, 0x00, 0x0B, 0x00]]))))
        if case .active(let memory, _) = module.datas[0].mode { #expect(memory == 1) } else { Issue.record("not active") }
    }

    @Test func customSectionsAnywhere() throws {
        let bytes = B.module(
            B.section(0, B.name("first") + [1, 2, 3]),
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(0, B.name("second")),
            B.section(0, B.name("") + [9])
        )
        let module = try Module(decoding: bytes)
        #expect(module.customSections.map(\.name) == ["first", "second", ""])
        #expect(Array(bytes[module.customSections[0].range]) == [1, 2, 3])
        #expect(module.customSections[1].range.isEmpty)
        #expect(Array(bytes[module.customSections[2].range]) == [9])
    }

    @Test func sectionOrder() {
        let type = B.section(1, B.vector([[0x60, 0x00, 0x00]]))
        let function = B.section(3, B.vector([[0x00]]))
        let code = B.section(10, B.vector([B.code([0x0B])]))
        let dataCount = B.section(12, [0x00])
        let data = B.section(11, [0x00])
        #expect(B.error(B.module(type, function, dataCount, code, data)) == nil)
        #expect(B.error(B.module(type, type))?.message == "unexpected content after last section")
        #expect(B.error(B.module(function, type))?.message == "unexpected content after last section")
        #expect(B.error(B.module(type, function, code, dataCount))?.message == "unexpected content after last section")
        #expect(B.error(B.module(data, code))?.message == "unexpected content after last section")
        #expect(B.error(B.module(B.section(8, [0]), B.section(8, [0])))?.message == "unexpected content after last section")
    }

    @Test func watModuleWithEverything() throws {
        let bytes = try Fixtures.bytes(Fixtures.kitchenSink)
        let module = try Module(decoding: bytes)
        #expect(module.imports.count == 4)
        #expect(module.tables.count == 2)
        #expect(module.memories.count == 1)
        #expect(module.globals.count == 2)
        #expect(module.elements.count == 6)
        #expect(module.datas.count == 2)
        #expect(module.dataCount == 2)
        #expect(module.functions.count == module.codes.count)
        #expect(module.exports.map(\.name).contains("add"))
        for index in module.codes.indices {
            let instructions = try B.instructions(module, function: index)
            #expect(instructions.last == .end)
        }
    }
}
