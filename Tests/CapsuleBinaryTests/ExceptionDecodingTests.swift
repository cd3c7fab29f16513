import Testing
import CapsuleCore
import CapsuleBinary

/// The WebAssembly 3.0 encodings of tail calls and exception handling.
@Suite struct ExceptionDecodingTests {
    typealias B = Binary

    func decode(_ bytes: [UInt8]) throws(DecodeError) -> [Instruction] {
        var reader = InstructionReader(bytes: bytes, range: 0..<bytes.count)
        var result: [Instruction] = []
        while !reader.isAtEnd { result.append(try reader.next()) }
        return result
    }

    @Test func tailCallAndExceptionInstructions() throws {
        let bytes: [UInt8] = [
            0x12, 0x03, 0x13, 0x04, 0x01,
            0x08, 0x02, 0x0A,
            0x1F, 0x40, 0x04, 0x00, 0x00, 0x01, 0x01, 0x00, 0x01, 0x02, 0x02, 0x03, 0x03, 0x0B,
            0x06, 0x7F, 0x07, 0x05, 0x19, 0x09, 0x01, 0x0B, 0x06, 0x40, 0x18, 0x02,
            0xD0, 0x69,
        ]
        #expect(try decode(bytes) == [
            .returnCall(3), .returnCallIndirect(typeIndex: 4, tableIndex: 1),
            .throw(2), .throwRef,
            .tryTable(.empty, [.catch(tag: 0, label: 1), .catchRef(tag: 0, label: 1), .catchAll(label: 2), .catchAllRef(label: 3)]), .end,
            .try(.value(.i32)), .catch(5), .catchAll, .rethrow(1), .end, .try(.empty), .delegate(2),
            .refNull(.exn),
        ])
    }

    @Test func aCatchClauseKindAbove3IsMalformed() {
        #expect(B.error(B.function([0x1F, 0x40, 0x01, 0x04, 0x00, 0x0B, 0x0B]))?.message == "malformed catch clause")
    }

    @Test func tagSectionImportsAndExports() throws {
        let type = B.section(1, B.vector([[0x60, 0x01, 0x7F, 0x00]]))
        let imports = B.section(2, B.vector([B.name("m") + B.name("t") + [0x04, 0x00, 0x00]]))
        let tags = B.section(13, B.vector([[0x00, 0x00], [0x00, 0x00]]))
        let exports = B.section(7, B.vector([B.name("e") + [0x04, 0x02]]))
        let module = try Module(decoding: B.module(type, imports, tags, exports))
        #expect(module.imports.map(\.descriptor) == [.tag(0)])
        #expect(module.tags == [0, 0])
        #expect(module.exports.map(\.descriptor) == [.tag(2)])
        #expect(module.tagTypeIndices == [0, 0, 0])
    }

    @Test func theTagSectionGoesBetweenMemoryAndGlobalSections() {
        let type = B.section(1, B.vector([[0x60, 0x00, 0x00]]))
        let tags = B.section(13, B.vector([[0x00, 0x00]]))
        let memory = B.section(5, B.vector([[0x00, 0x01]]))
        let global = B.section(6, B.vector([[0x7F, 0x00, 0x41, 0x00, 0x0B]]))
        #expect(B.error(B.module(type, memory, tags, global)) == nil)
        #expect(B.error(B.module(type, tags, memory))?.message == "unexpected content after last section")
        #expect(B.error(B.module(type, global, tags))?.message == "unexpected content after last section")
    }

    @Test func aTagAttributeOtherThanZeroIsMalformed() {
        let type = B.section(1, B.vector([[0x60, 0x00, 0x00]]))
        #expect(B.error(B.module(type, B.section(13, B.vector([[0x01, 0x00]]))))?.message == "malformed tag attribute")
    }
}
