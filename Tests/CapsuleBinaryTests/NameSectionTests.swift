import Testing
import CapsuleBinary

@Suite struct NameSectionTests {
    typealias B = Binary

    @Test func namesFromTheTextFormat() throws {
        let module = try Module(decoding: try Fixtures.bytes(Fixtures.named))
        #expect(module.names.moduleName == "demo")
        #expect(module.names.functionNames == [0: "first", 1: "second"])
        #expect(module.names.localNames[0] == [0: "a", 1: "b", 2: "sum"])
        #expect(module.customSections.map(\.name).contains("name"))
    }

    @Test func handWrittenNameSection() throws {
        let payload = B.name("name")
            + B.section(0, B.name("mod"))
            + B.section(1, B.vector([B.u(0) + B.name("f"), B.u(3) + B.name("g")]))
            + B.section(2, B.vector([B.u(3) + B.vector([B.u(1) + B.name("x")])]))
            + B.section(7, [0x01, 0x02, 0x03]) // an unknown subsection is skipped
        let module = try Module(decoding: B.module(B.section(0, payload)))
        #expect(module.names.moduleName == "mod")
        #expect(module.names.functionNames == [0: "f", 3: "g"])
        #expect(module.names.localNames == [3: [1: "x"]])
    }

    @Test func malformedNameSectionIsIgnored() throws {
        let malformed: [[UInt8]] = [
            B.section(1, [0x05, 0x00]), // vector count beyond the subsection
            B.section(0, [0x02, 0xC0, 0x80]), // bad UTF-8
            B.section(0, B.name("mod") + [0x00]), // subsection longer than its contents
            [0x01, 0x10, 0x00], // subsection size beyond the section
            [0x01], // truncated subsection header
        ]
        for subsections in malformed {
            let module = try Module(decoding: B.module(B.section(0, B.name("name") + subsections)))
            #expect(module.names == NameSection())
            #expect(module.customSections.map(\.name) == ["name"])
        }
    }

    @Test func directDecoding() {
        let bytes = B.section(0, B.name("m"))
        #expect(NameSection(decoding: bytes, range: 0..<bytes.count)?.moduleName == "m")
        #expect(NameSection(decoding: bytes, range: 0..<(bytes.count - 1)) == nil)
    }
}
