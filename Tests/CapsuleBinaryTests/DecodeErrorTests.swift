import Testing
import CapsuleBinary
import CapsuleCore

@Suite struct DecodeErrorTests {
    typealias B = Binary

    func message(_ bytes: [UInt8]) -> String? { B.error(bytes)?.message }

    @Test func header() {
        #expect(message([]) == "unexpected end")
        #expect(message([0x00, 0x61, 0x73]) == "unexpected end")
        #expect(message([0x00, 0x61, 0x73, 0x6D, 0x01]) == "unexpected end")
        #expect(message([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00]) == "magic header not detected")
        #expect(message([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]) == "unknown binary version")
        #expect(B.error([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00])?.offset == 4)
    }

    @Test func sectionFraming() {
        #expect(message(B.header + [0x0E, 0x00]) == "malformed section id")
        #expect(message(B.header + [0x80, 0x00]) == "malformed section id")
        #expect(message(B.header + [0x01]) == "unexpected end")
        #expect(message(B.header + [0x01, 0x05, 0x00]) == "length out of bounds")
        // Declared size larger than the contents.
        #expect(message(B.header + [0x01, 0x02, 0x00, 0x00]) == "section size mismatch")
        // Contents that run past the declared size.
        #expect(message(B.header + [0x01, 0x01, 0x01, 0x60, 0x00, 0x00]) == "section size mismatch")
        #expect(message(B.header + [0x01, 0x01, 0x01]) == "unexpected end of section or function")
        #expect(B.error(B.header + [0x0E, 0x00])?.offset == 8)
    }

    @Test func names() {
        let badUTF8: [UInt8] = [0x02, 0xC0, 0x80]
        #expect(message(B.module(B.section(0, badUTF8))) == "malformed UTF-8 encoding")
        #expect(message(B.module(B.section(2, B.vector([B.name("m") + badUTF8 + [0x00, 0x00]])))) == "malformed UTF-8 encoding")
        #expect(message(B.module(B.section(7, B.vector([[0x03, 0xED, 0xA0, 0x80, 0x00, 0x00]])))) == "malformed UTF-8 encoding")
        #expect(message(B.module(B.section(0, [0x09, 0x61]))) == "length out of bounds")
        // A custom section whose name runs past its size.
        #expect(message(B.module([0x00, 0x01, 0x03, 0x61, 0x62, 0x63])) == "unexpected end of section or function")
    }

    @Test func typesAndKinds() {
        #expect(message(B.module(B.section(1, B.vector([[0x61, 0x00, 0x00]])))) == "malformed function type")
        #expect(message(B.module(B.section(1, B.vector([[0xE0, 0x7F, 0x00, 0x00]])))) == "integer representation too long")
        #expect(message(B.module(B.section(1, B.vector([[0x60, 0x01, 0x7A, 0x00]])))) == "malformed value type")
        #expect(message(B.module(B.section(4, B.vector([[0x7F, 0x00, 0x00]])))) == "malformed reference type")
        #expect(message(B.module(B.section(4, B.vector([[0x70, 0x02, 0x00]])))) == "malformed limits flags")
        #expect(message(B.module(B.section(5, B.vector([[0x81, 0x00, 0x00]])))) == "malformed limits flags")
        #expect(message(B.module(B.section(6, B.vector([[0x7F, 0x02, 0x41, 0x00, 0x0B]])))) == "malformed mutability")
        #expect(message(B.module(B.section(2, B.vector([B.name("a") + B.name("b") + [0x05, 0x00]])))) == "malformed import kind")
        #expect(message(B.module(B.section(7, B.vector([B.name("a") + [0x05, 0x00]])))) == "malformed export kind")
    }

    @Test func segments() {
        #expect(message(B.module(B.section(9, B.vector([[0x08]])))) == "malformed elements segment kind")
        #expect(message(B.module(B.section(9, B.vector([[0x01, 0x01, 0x00]])))) == "malformed element kind")
        #expect(message(B.module(B.section(9, B.vector([[0x05, 0x7F, 0x00]])))) == "malformed reference type")
        #expect(message(B.module(B.section(9, B.vector([[0x05, 0x70, 0x01, 0xD7, 0x00, 0x0B]])))) == "illegal opcode d7")
        #expect(message(B.module(B.section(11, B.vector([[0x03]])))) == "malformed data segment kind")
        #expect(message(B.module(B.section(11, B.vector([[0x01, 0x05, 0x61]])))) == "length out of bounds")
        // Counted from the length byte itself, a length one too long is not out of bounds but overruns.
        #expect(message(B.module(B.section(11, B.vector([[0x01, 0x02, 0x61]])))) == "unexpected end of section or function")
        // A constant expression without its end.
        #expect(message(B.module(B.section(6, B.vector([[0x7F, 0x00, 0x41, 0x00]])))) == "unexpected end of section or function")
    }

    @Test func moduleWideChecks() {
        let type = B.section(1, B.vector([[0x60, 0x00, 0x00]]))
        let function = B.section(3, B.vector([[0x00]]))
        let code = B.section(10, B.vector([B.code([0x0B])]))
        #expect(message(B.module(type, function)) == "function and code section have inconsistent lengths")
        #expect(message(B.module(type, code)) == "function and code section have inconsistent lengths")
        #expect(message(B.module(B.section(12, [0x01]))) == "data count and data section have inconsistent lengths")
        #expect(message(B.module(B.section(12, [0x00]), B.section(11, B.vector([[0x01, 0x00]])))) == "data count and data section have inconsistent lengths")
        #expect(message(B.function([0xFC, 0x09, 0x00, 0x0B])) == "data count section required")
        #expect(message(B.function([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x00, 0x0B], memory: true)) == "data count section required")
        #expect(message(B.module(
            type, function, B.section(12, [0x01]), B.section(10, B.vector([B.code([0xFC, 0x09, 0x00, 0x0B])])),
            B.section(11, B.vector([[0x01, 0x00]]))
        )) == nil)
    }

    @Test func locals() {
        #expect(message(B.function([0x0B], locals: [(UInt32.max, 0x7F), (2, 0x7E)])) == "too many locals")
        #expect(message(B.function([0x0B], locals: [(0x4000_0000, 0x7F), (0x4000_0000, 0x7E), (0x4000_0000, 0x7D), (0x4000_0000, 0x7C)])) == "too many locals")
        #expect(message(B.function([0x0B], locals: [(UInt32.max, 0x7F)])) == nil)
        #expect(message(B.function([0x0B], locals: [(1, 0x40)])) == "malformed value type")
    }

    /// WebAssembly 3.0 (multi-memory): the bytes that were reserved zeros in 2.0 are memory indices.
    @Test func memoryIndexImmediates() {
        #expect(message(B.function([0x3F, 0x01, 0x1A, 0x0B], memory: true)) == nil)
        #expect(message(B.function([0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, 0x0B], memory: true)) == nil)
        #expect(message(B.function([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x08, 0x00, 0x01, 0x0B], memory: true, dataCount: 0)) == nil)
        #expect(message(B.function([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0A, 0x00, 0x01, 0x0B], memory: true)) == nil)
        #expect(message(B.function([0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xFC, 0x0B, 0x01, 0x0B], memory: true)) == nil)
    }

    /// Memarg flags: bit 6 announces a memory index; 0x80 and above are malformed.
    @Test func memargFlags() throws {
        #expect(message(B.function([0x41, 0x00, 0x28, 0x80, 0x01, 0x00, 0x1A, 0x0B], memory: true)) == "malformed memop flags")
        #expect(message(B.function([0x41, 0x00, 0x28, 0x80, 0x02, 0x00, 0x1A, 0x0B], memory: true)) == "malformed memop flags")
        var reader = ByteReader(bytes: [0x28, 0x42, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], range: 0..<13)
        #expect(try reader.readInstruction() == .load(.i32Load, MemArg(align: 2, offset: UInt64.max, memory: 3)))
    }

    /// Limits flags 0x04 and 0x05 give an i64 address type; the sizes are u64.
    @Test func limitsFlags() throws {
        var reader = ByteReader(bytes: [0x05, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], range: 0..<9)
        #expect(try reader.readLimits() == Limits(min: 1, max: 1 << 42, addressType: .i64))
        var plain = ByteReader(bytes: [0x00, 0x80, 0x80, 0x80, 0x80, 0x10], range: 0..<6)
        #expect(try plain.readLimits() == Limits(min: 1 << 32))
        #expect(message(B.module(B.section(5, B.vector([[0x03, 0x00, 0x00]])))) == "malformed limits flags")
        #expect(message(B.module(B.section(5, B.vector([[0x08]])))) == "malformed limits flags")
    }

    @Test func opcodes() {
        #expect(message(B.function([0x27, 0x0B])) == "illegal opcode 27")
        #expect(message(B.function([0xFF, 0x0B])) == "illegal opcode ff")
        #expect(message(B.function([0xFC, 0x12, 0x0B])) == "illegal opcode fc 12")
        #expect(message(B.function([0xFD, 0x9A, 0x01, 0x0B])) == "illegal opcode fd 9a")
        // 0xFD 0x100...0x113 are relaxed SIMD (3.0); 0x114 is the first unassigned one after them.
        #expect(message(B.function([0xFD, 0x80, 0x02, 0x0B])) == nil)
        #expect(message(B.function([0xFD, 0x94, 0x02, 0x0B])) == "illegal opcode fd 114")
        #expect(message(B.function([0xFC, 0x87, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00, 0x0B])) == "integer representation too long")
        #expect(B.error(B.function([0x01, 0x27, 0x0B]))?.offset == B.function([0x01, 0x27, 0x0B]).count - 2)
    }

    @Test func structure() {
        // `else` outside an `if`, twice in one `if`, or at the top level.
        #expect(message(B.function([0x02, 0x40, 0x05, 0x0B, 0x0B])) == "END opcode expected")
        #expect(message(B.function([0x41, 0x00, 0x04, 0x40, 0x05, 0x05, 0x0B, 0x0B])) == "END opcode expected")
        #expect(message(B.function([0x05, 0x0B])) == "END opcode expected")
        // Bytes after the final end.
        #expect(message(B.function([0x0B, 0x01])) == "section size mismatch")
        // Final end missing, at the end of the module.
        #expect(message(B.function([0x01])) == "unexpected end of section or function")
        #expect(message(B.function([0x02, 0x40, 0x0B])) == "unexpected end of section or function")
        // A body that runs into the next one.
        let twoBodies = B.module(
            B.section(1, B.vector([[0x60, 0x00, 0x00]])),
            B.section(3, B.vector([[0x00], [0x00]])),
            B.section(10, [0x02, 0x04, 0x00, 0x41, 0x01, 0x1A, 0x05, 0x00, 0x41, 0x01, 0x1A, 0x0B])
        )
        #expect(message(twoBodies) == "END opcode expected")
        // Negative block type index.
        #expect(message(B.function([0x02, 0x80, 0x7F, 0x0B, 0x0B])) == "malformed block type")
        // Nested blocks and if/else are fine.
        #expect(message(B.function([0x02, 0x40, 0x03, 0x7F, 0x41, 0x00, 0x04, 0x40, 0x05, 0x0B, 0x0B, 0x1A, 0x0B, 0x0B])) == nil)
    }

    @Test func errorDescriptionHasOffset() {
        let error = DecodeError("integer too large", offset: 12)
        #expect(error.description == "offset 12: integer too large")
    }
}
