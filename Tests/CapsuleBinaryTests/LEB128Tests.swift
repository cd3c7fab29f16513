import Testing
import CapsuleBinary

@Suite struct LEB128Tests {
    func reader(_ bytes: [UInt8]) -> ByteReader { ByteReader(bytes: bytes) }

    func u32(_ bytes: [UInt8]) throws(DecodeError) -> UInt32 {
        var r = reader(bytes)
        let value = try r.readU32()
        #expect(r.isAtEnd, "u32 left bytes unread")
        return value
    }

    func s32(_ bytes: [UInt8]) throws(DecodeError) -> Int32 {
        var r = reader(bytes)
        let value = try r.readS32()
        #expect(r.isAtEnd, "s32 left bytes unread")
        return value
    }

    func u64(_ bytes: [UInt8]) throws(DecodeError) -> UInt64 {
        var r = reader(bytes)
        return try r.readU64()
    }

    func s64(_ bytes: [UInt8]) throws(DecodeError) -> Int64 {
        var r = reader(bytes)
        return try r.readS64()
    }

    func s33(_ bytes: [UInt8]) throws(DecodeError) -> Int64 {
        var r = reader(bytes)
        return try r.readS33()
    }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? DecodeError)?.message ?? "\(error)"
        }
    }

    @Test func unsigned32() throws {
        #expect(try u32([0x00]) == 0)
        #expect(try u32([0x7F]) == 127)
        #expect(try u32([0x80, 0x01]) == 128)
        #expect(try u32([0xE5, 0x8E, 0x26]) == 624_485)
        // Longest encodings, including non-minimal ones.
        #expect(try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == UInt32.max)
        #expect(try u32([0x80, 0x80, 0x80, 0x80, 0x00]) == 0)
        #expect(try u32([0x82, 0x80, 0x80, 0x80, 0x00]) == 2)
    }

    @Test func unsigned32Errors() {
        // Six bytes: too long, even when the value would fit.
        #expect(message { _ = try u32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } == "integer representation too long")
        // Unused bits in the fifth byte.
        #expect(message { _ = try u32([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) } == "integer too large")
        #expect(message { _ = try u32([0x82, 0x80, 0x80, 0x80, 0x70]) } == "integer too large")
        #expect(message { _ = try u32([0x82, 0x80, 0x80, 0x80, 0x40]) } == "integer too large")
        // Truncated.
        #expect(message { _ = try u32([0x80, 0x80]) } == "unexpected end")
        #expect(message { _ = try u32([]) } == "unexpected end")
    }

    @Test func signed32() throws {
        #expect(try s32([0x00]) == 0)
        #expect(try s32([0x7F]) == -1)
        #expect(try s32([0x3F]) == 63)
        #expect(try s32([0x40]) == -64)
        #expect(try s32([0xC0, 0x00]) == 64)
        #expect(try s32([0x80, 0x7F]) == -128)
        #expect(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x07]) == Int32.max)
        #expect(try s32([0x80, 0x80, 0x80, 0x80, 0x78]) == Int32.min)
        // Non-minimal but within five bytes.
        #expect(try s32([0x80, 0x00]) == 0)
        #expect(try s32([0xFF, 0x7F]) == -1)
        #expect(try s32([0x80, 0x80, 0x80, 0x80, 0x00]) == 0)
        #expect(try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == -1)
    }

    @Test func signed32Errors() {
        #expect(message { _ = try s32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } == "integer representation too long")
        #expect(message { _ = try s32([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) } == "integer representation too long")
        // The unused bits must all equal the sign bit.
        #expect(message { _ = try s32([0x80, 0x80, 0x80, 0x80, 0x70]) } == "integer too large")
        #expect(message { _ = try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) } == "integer too large")
        #expect(message { _ = try s32([0x80, 0x80, 0x80, 0x80, 0x1F]) } == "integer too large")
        #expect(message { _ = try s32([0xFF, 0xFF, 0xFF, 0xFF, 0x4F]) } == "integer too large")
        // 2^31 does not fit.
        #expect(message { _ = try s32([0x80, 0x80, 0x80, 0x80, 0x08]) } == "integer too large")
    }

    @Test func signed33() throws {
        #expect(try s33([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == Int64(UInt32.max))
        #expect(try s33([0x80, 0x80, 0x80, 0x80, 0x70]) == -(1 << 32))
        #expect(message { _ = try s33([0x80, 0x80, 0x80, 0x80, 0x10]) } == "integer too large")
        #expect(message { _ = try s33([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } == "integer representation too long")
    }

    @Test func unsigned64() throws {
        #expect(try u64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == UInt64.max)
        #expect(try u64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) == 0)
        #expect(message { _ = try u64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02]) } == "integer too large")
        #expect(message { _ = try u64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } == "integer representation too long")
    }

    @Test func signed64() throws {
        #expect(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00]) == Int64.max)
        #expect(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F]) == Int64.min)
        #expect(try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) == -1)
        #expect(try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) == 0)
        #expect(message { _ = try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7E]) } == "integer too large")
        #expect(message { _ = try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) } == "integer too large")
        #expect(message { _ = try s64([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]) } == "integer too large")
        #expect(message { _ = try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41]) } == "integer too large")
        #expect(message { _ = try s64([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]) } == "integer representation too long")
    }

    @Test func oneBitFlag() throws {
        var r = reader([0x00, 0x01])
        #expect(try r.readU1() == false)
        #expect(try r.readU1() == true)
        #expect(message { var r = reader([0x02]); _ = try r.readU1() } == "integer too large")
        #expect(message { var r = reader([0x81, 0x00]); _ = try r.readU1() } == "integer representation too long")
    }

    @Test func roundTripsAgainstTheTestEncoder() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = state >> (state & 63)
            #expect(try u64(Binary.u(value)) == value)
            #expect(try s64(Binary.s(Int64(bitPattern: value))) == Int64(bitPattern: value))
            let small = UInt32(truncatingIfNeeded: value)
            #expect(try u32(Binary.u(UInt64(small))) == small)
            #expect(try s32(Binary.s(Int64(Int32(bitPattern: small)))) == Int32(bitPattern: small))
        }
    }

    @Test func errorOffsets() {
        do {
            var r = reader([0xAA, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
            r.offset = 1
            _ = try r.readU32()
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 5) // the fifth byte of the integer
        }
        do {
            var r = reader([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
            _ = try r.readU32()
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 5) // where the sixth byte would start
        }
    }
}
