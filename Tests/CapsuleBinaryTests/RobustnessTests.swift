import Testing
import CapsuleBinary

/// Truncated and mutated modules end in a ``DecodeError`` or a decoded module, never a crash; a decoded
/// module's bodies can be read to their end.
@Suite struct RobustnessTests {
    /// A small deterministic generator (SplitMix64).
    struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        mutating func below(_ bound: Int) -> Int {
            Int(next() % UInt64(bound))
        }
    }

    static func fixtures() throws -> [[UInt8]] {
        [
            try Fixtures.bytes(Fixtures.kitchenSink),
            try Fixtures.bytes(Fixtures.simd),
            try Fixtures.bytes(Fixtures.named),
            // Element segments in all eight encodings and data in all three.
            Binary.module(
                Binary.section(1, Binary.vector([[0x60, 0x00, 0x00]])),
                Binary.section(3, Binary.vector([[0x00]])),
                Binary.section(4, Binary.vector([[0x70, 0x00, 0x04], [0x70, 0x00, 0x04], [0x6F, 0x00, 0x04]])),
                Binary.section(5, Binary.vector([[0x00, 0x01]])),
                Binary.section(9, Binary.vector([
                    [0x00, 0x41, 0x00, 0x0B, 0x01, 0x00],
                    [0x01, 0x00, 0x01, 0x00],
                    [0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x01, 0x00],
                    [0x03, 0x00, 0x01, 0x00],
                    [0x04, 0x41, 0x00, 0x0B, 0x01, 0xD2, 0x00, 0x0B],
                    [0x05, 0x70, 0x01, 0xD0, 0x70, 0x0B],
                    [0x06, 0x02, 0x41, 0x00, 0x0B, 0x6F, 0x01, 0xD0, 0x6F, 0x0B],
                    [0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B],
                ])),
                Binary.section(12, [0x03]),
                Binary.section(10, Binary.vector([Binary.code([0xFC, 0x09, 0x01, 0x0B])])),
                Binary.section(11, Binary.vector([
                    [0x00, 0x41, 0x00, 0x0B, 0x02, 0x61, 0x62],
                    [0x01, 0x01, 0x63],
                    [0x02, 0x00, 0x41, 0x08, 0x0B, 0x00],
                ]))
            ),
        ]
    }

    /// Decodes; on success reads every body with ``InstructionReader``. Returns whether decoding succeeded.
    @discardableResult
    static func exercise(_ bytes: [UInt8]) -> Bool {
        let module: Module
        do {
            module = try Module(decoding: bytes)
        } catch {
            #expect(error.offset >= 0 && error.offset <= bytes.count, "offset \(error.offset) outside the module")
            return false
        }
        for body in module.codes {
            var reader = InstructionReader(bytes: module.bytes, range: body.range)
            do {
                while !reader.isAtEnd { _ = try reader.next() }
            } catch {
                Issue.record("a decoded body failed to read again: \(error)")
            }
        }
        return true
    }

    @Test func fixturesDecode() throws {
        for bytes in try Self.fixtures() {
            #expect(Self.exercise(bytes))
        }
    }

    @Test func everyTruncationFails() throws {
        for bytes in try Self.fixtures() {
            for length in 0..<bytes.count {
                // A cut exactly between sections can leave a valid module; anything else must fail.
                _ = Self.exercise(Array(bytes[0..<length]))
            }
            #expect(!Self.exercise(Array(bytes[0..<(bytes.count - 1)])))
        }
    }

    @Test func randomMutationsNeverCrash() throws {
        var random = SplitMix64(state: 0x5EED)
        var decoded = 0
        var rejected = 0
        let fixtures = try Self.fixtures()
        for round in 0..<10000 {
            var bytes = fixtures[round % fixtures.count]
            let mutations = 1 + random.below(3)
            for _ in 0..<mutations {
                let position = Binary.header.count + random.below(bytes.count - Binary.header.count)
                switch random.below(4) {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes[position] ^= UInt8(1) << UInt8(random.below(8))
                case 2: bytes[position] = [0x00, 0x0B, 0x7F, 0x80, 0xFF][random.below(5)]
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                }
            }
            if Self.exercise(bytes) { decoded += 1 } else { rejected += 1 }
        }
        #expect(decoded + rejected == 10000)
        #expect(rejected > 0)
    }
}
