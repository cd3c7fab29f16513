import CapsuleBinary
import CapsuleCore
@testable import CapsuleValidation
import Testing

/// Large modules have their function bodies checked on several threads: the facts and the error
/// reported must be those of the sequential check.
@Suite struct ParallelValidationTests {
    /// A module of `count` functions `() -> i32`; function `i` pushes `i % 7 + 1` constants and adds them,
    /// except those in `invalid`, whose bodies return an i64.
    static func module(count: Int, invalid: Set<Int> = [], malformed: Set<Int> = []) -> [UInt8] {
        var builder = BinaryBuilder()
        builder.section(1, [BinaryBuilder.funcType([], [.i32])])
        builder.section(3, Array(repeating: [0x00], count: count))
        builder.section(10, (0..<count).map { index in
            if invalid.contains(index) { return BinaryBuilder.body([0x42, 0x01, 0x0B]) }
            if malformed.contains(index) { return BinaryBuilder.body([0x41, 0x01, 0xFF, 0x0B]) }
            let pushes = index % 7 + 1
            var code: [UInt8] = []
            for _ in 0..<pushes { code += [0x41, 0x01] }
            for _ in 1..<pushes { code.append(0x6A) }
            return BinaryBuilder.body(code + [0x0B])
        })
        return builder.bytes
    }

    @Test func factsMatchTheSequentialCheck() throws {
        let count = ChunkedWork.itemsPerChunk * 5 + 17
        let module = try Module(decoding: Self.module(count: count))
        let parallel = try module.validate().functionFacts
        let sequential = try module.validateBodies(0..<count, ModuleContext(module: module))
        #expect(parallel.count == count)
        #expect(parallel == sequential)
        #expect(parallel[6].maxOperandStackHeight == 7)
    }

    @Test func theEarliestInvalidFunctionIsReported() throws {
        let chunk = ChunkedWork.itemsPerChunk
        let late = try Module(decoding: Self.module(count: chunk * 4, invalid: [chunk * 3 + 5]))
        let early = try Module(decoding: Self.module(count: chunk * 4, invalid: [chunk + 2, chunk * 3 + 5]))
        let lateError = try #require(Fixture.validationError(late))
        let earlyError = try #require(Fixture.validationError(early))
        #expect(earlyError.message.hasPrefix("type mismatch"))
        #expect(earlyError.offset < lateError.offset)
        // The same error as checking function chunk + 2 alone in order.
        let sequential = #expect(throws: ValidationError.self) {
            _ = try early.validateBodies(0..<early.codes.count, ModuleContext(module: early))
        }
        #expect(sequential?.offset == earlyError.offset)
    }

    /// The decoder scans bodies in parallel too: the malformed body it reports is the earliest.
    @Test func theEarliestMalformedBodyIsReported() throws {
        let chunk = ChunkedWork.itemsPerChunk
        let bytes = Self.module(count: chunk * 4, invalid: [3], malformed: [chunk * 2 + 9, chunk * 3 + 1])
        let error = #expect(throws: DecodeError.self) { _ = try Module(decoding: bytes) }
        let onlyLater = #expect(throws: DecodeError.self) {
            _ = try Module(decoding: Self.module(count: chunk * 4, malformed: [chunk * 3 + 1]))
        }
        #expect(error?.message.hasPrefix("illegal opcode") == true, "\(String(describing: error))")
        #expect((error?.offset ?? 0) < (onlyLater?.offset ?? 0))
        // A truncated code section after a malformed body: the body's error, as a sequential read meets it.
        let truncated = Array(bytes.dropLast(3))
        let first = #expect(throws: DecodeError.self) { _ = try Module(decoding: truncated) }
        #expect(first?.offset == error?.offset)
    }
}
