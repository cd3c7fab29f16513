import CapsuleBinary
import CapsuleCLI
@testable import CapsuleComponent
import CapsuleCore
import Foundation
import Testing

enum Fixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return try [UInt8](Data(contentsOf: url))
    }

    static func path(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)).path
    }
}

@Suite struct ComponentDecodingTests {
    @Test func aComponentIsToldFromACoreModule() throws {
        #expect(Component.isComponent(try Fixture.bytes("greeter.wasm")))
        #expect(!Component.isComponent([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))
        #expect(throws: DecodeError.self) { _ = try Component(decoding: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]) }
    }

    @Test func theGreeterValidatesWithItsImportsAndExports() throws {
        let validated = try Component(decoding: Fixture.bytes("greeter.wasm")).validate()
        #expect(validated.imports.map(\.name) == ["capsule:demo/logger@0.1.0"])
        #expect(validated.exports.map(\.name) == ["capsule:demo/greeter@0.1.0"])
        guard case .instance(let logger) = validated.imports[0].info, case .function(let log)? = logger.export("log") else {
            Issue.record("the logger import should be an instance with a log function")
            return
        }
        #expect(log.parameters.map(\.name) == ["level", "message"])
        #expect(log.parameters[0].type == .enum(["debug", "info", "warning"]))
        #expect(log.parameters[1].type == .string)
        #expect(CanonicalABI.flatten(log, context: .lower) == FuncType(params: [.i32, .i32, .i32], results: []))
    }

    /// The world printed as WIT: wasm-tools' `component wit` prints the same declarations for this fixture.
    @Test func theWorldPrintsAsWIT() throws {
        let wit = try Component(decoding: Fixture.bytes("greeter.wasm")).validate().worldWIT()
        for line in [
            "world root {", "  import capsule:demo/logger@0.1.0;", "  export capsule:demo/greeter@0.1.0;",
            "package capsule:demo@0.1.0 {", "  interface logger {", "    enum level {",
            "    log: func(level: level, message: string);", "    resource sink {", "      constructor(name: string);",
            "      write: func(bytes: list<u8>) -> result<u32, string>;",
            "    open: func(names: list<string>) -> option<tuple<sink, level>>;",
            "  interface greeter {", "    record point {", "      x: s32,", "    greet: func(name: string) -> string;",
        ] {
            #expect(wit.contains(line + "\n"), "missing: \(line)\n\(wit)")
        }
    }

    @Test(arguments: [
        ("lift-type-mismatch", "canon lift: core function has type [i32] -> [], the canonical ABI needs [i32 i32] -> []"),
        ("missing-memory", "canonical option `memory` is required"),
        ("borrow-result", "may not contain a borrow"),
        ("duplicate-import", "conflicts with a previous name"),
        ("bad-name", "is not a valid extern name"),
        ("unknown-instance", "unknown instance 3"),
        ("missing-argument", "missing module instantiation argument named \"env\""),
    ])
    func invalidComponentsAreRefusedWithTheRule(name: String, message: String) throws {
        let component = try Component(decoding: Fixture.bytes("invalid/\(name).wasm"))
        let error = #expect(throws: ComponentValidationError.self) { _ = try component.validate() }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    /// Hostile bytes: every truncation and thousands of byte edits end in an error or a component, never a crash.
    @Test func truncationsAndMutationsNeverCrash() throws {
        let bytes = try Fixture.bytes("greeter.wasm")
        // A cut at a section boundary leaves a shorter well-formed component (the preamble alone is the
        // empty component); any other cut must be refused.
        var boundaries: Set<Int> = [8]
        var at = 8
        while at < bytes.count {
            var size = 0, shift = 0
            at += 1
            while true {
                let byte = bytes[at]
                at += 1
                size |= Int(byte & 0x7F) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            at += size
            boundaries.insert(at)
        }
        for length in 0..<bytes.count {
            do {
                _ = try Component(decoding: Array(bytes[0..<length])).validate()
                #expect(boundaries.contains(length), "a cut at \(length) inside a section was accepted")
            } catch {}
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        var refused = 0
        for _ in 0..<3000 {
            var mutated = bytes
            for _ in 0..<(1 + Int(next() % 3)) {
                let at = 8 + Int(next() % UInt64(mutated.count - 8))
                mutated[at] = UInt8(truncatingIfNeeded: next())
            }
            do {
                _ = try Component(decoding: mutated).validate().worldWIT()
            } catch {
                refused += 1
            }
        }
        #expect(refused > 1000)
    }

    @Test func deeplyNestedComponentsAreRefusedNotRecursedInto() {
        // 200 nested components, each a section 4 around the next.
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
        for _ in 0..<200 {
            var wrapped: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00, 0x04]
            var size = UInt32(bytes.count)
            repeat {
                var byte = UInt8(size & 0x7F)
                size >>= 7
                if size != 0 { byte |= 0x80 }
                wrapped.append(byte)
            } while size != 0
            bytes = wrapped + bytes
        }
        let error = #expect(throws: DecodeError.self) { _ = try Component(decoding: bytes) }
        #expect(error?.message.contains("nested too deeply") == true)
    }
}

@Suite struct CanonicalABITests {
    @Test func flatteningFollowsTheCanonicalABI() {
        let string = FunctionSignature(isAsync: false, parameters: [("s", .string)], result: .string)
        #expect(CanonicalABI.flatten(string, context: .lift) == FuncType(params: [.i32, .i32], results: [.i32]))
        #expect(CanonicalABI.flatten(string, context: .lower) == FuncType(params: [.i32, .i32, .i32], results: []))
        let many = FunctionSignature(isAsync: false, parameters: (0..<17).map { ("p\($0)", ValType.u32) }, result: .u64)
        #expect(CanonicalABI.flatten(many, context: .lift) == FuncType(params: [.i32], results: [.i64]))
        let sixteen = FunctionSignature(isAsync: false, parameters: (0..<16).map { ("p\($0)", ValType.f64) }, result: nil)
        #expect(CanonicalABI.flatten(sixteen, context: .lift).params.count == 16)
        // Variants join their cases' flat types: i32 and f32 to i32, anything else to i64.
        #expect(CanonicalABI.flatten(.variant([("a", .f32), ("b", .u32)])) == [.i32, .i32])
        #expect(CanonicalABI.flatten(.variant([("a", .f32), ("b", .u64)])) == [.i32, .i64])
        #expect(CanonicalABI.flatten(.result(ok: .f64, error: .string)) == [.i32, .i64, .i32])
        #expect(CanonicalABI.flatten(.option(.tuple([.u8, .f32]))) == [.i32, .i32, .f32])
        #expect(CanonicalABI.flatten(.flags(["a", "b"])) == [.i32])
    }

    @Test func sizesAndAlignmentsFollowTheCanonicalABI() {
        #expect(CanonicalABI.size(.record([("a", .u8), ("b", .u32)])) == 8)
        #expect(CanonicalABI.alignment(.record([("a", .u8), ("b", .u32)])) == 4)
        #expect(CanonicalABI.size(.string) == 8)
        #expect(CanonicalABI.size(.option(.u64)) == 16)
        #expect(CanonicalABI.size(.result(ok: nil, error: nil)) == 1)
        #expect(CanonicalABI.size(.enum((0..<257).map { "c\($0)" })) == 2)
        #expect(CanonicalABI.size(.flags((0..<17).map { "f\($0)" })) == 4)
        #expect(CanonicalABI.size(.tuple([.u8, .u16, .u8])) == 6)
        #expect(CanonicalABI.size(.fixedList(.u64, length: 536_870_912)) >= CanonicalABI.maximumElementSize)
    }
}

@Suite struct ExternNameTests {
    @Test func labelsAreKebabCase() {
        for good in ["a", "a-b-c", "a1-2-3", "A", "A-B-C", "A1-2-3", "a11-w0rds", "A11-4CR0NYMS", "m1x3d-4CR0NYMS", "get-JSON"] {
            #expect(ExternName.isLabel(good), "\(good)")
        }
        for bad in ["", "1-2-3", "aBc", "a--b", "a-", "-a", "a_b", "é"] {
            #expect(!ExternName.isLabel(bad), "\(bad)")
        }
    }

    @Test func namesParse() {
        #expect(ExternName.parse("wasi:cli/run@0.2.0") == .interface)
        #expect(ExternName.parse("wasi:http/types") == .interface)
        #expect(ExternName.parse("[method]descriptor.read-via-stream") == .method(resource: "descriptor", name: "read-via-stream"))
        #expect(ExternName.parse("[constructor]fields") == .constructor(resource: "fields"))
        #expect(ExternName.parse("[static]fields.from-list") == .static(resource: "fields", name: "from-list"))
        for bad in ["wasi:cli/run@0.2", "WASI:cli/run", "wasi:cli", "wasi:cli/run/x", "wasi:/run", "[method]a", "[other]a", "a.b"] {
            #expect(ExternName.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func strongUniquenessCanonicalises() {
        #expect(ExternName.canonical("FOO") == ExternName.canonical("foo"))
        #expect(ExternName.canonical("[method]foo.foo") == "foo")
        #expect(ExternName.canonical("[static]foo.bar") == ExternName.canonical("[method]foo.bar"))
        #expect(ExternName.canonical("[constructor]foo") != ExternName.canonical("foo"))
    }
}

@Suite struct ComponentCommandTests {
    @Test func validateAndInspectReadComponents() throws {
        let path = try Fixture.path("greeter.wasm")
        let validate = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["validate", path], console: validate) == 0)
        let invalid = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["validate", try Fixture.path("invalid/missing-memory.wasm")], console: invalid) == 1)
        #expect(invalid.errorOutput.contains("canonical option `memory` is required"))
        let inspect = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["inspect", path], console: inspect) == 0)
        #expect(inspect.output.contains("component, valid: yes"))
        #expect(inspect.output.contains("  import capsule:demo/logger@0.1.0;"))
        let json = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["inspect", "--json", path], console: json) == 0)
        #expect(json.output.contains("\"kind\" : \"component\""))
    }

    /// `capsule run` runs a command component's `wasi:cli/run` with the WASI 0.2 host.
    @Test func runRunsACommandComponent() throws {
        let path = try Fixture.path("hello-command.wasm")
        let console = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", path, "a", "b c"], console: console) == 0)
        #expect(console.output == "hello\na\nb c\n")
        let failing = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", path, "1", "2", "3"], console: failing) == 1)
        #expect(failing.output == "hello\n1\n2\n3\n")
    }

    @Test func aComponentThatIsNotACommandIsAClearError() throws {
        let console = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", try Fixture.path("greeter.wasm")], console: console) == 1)
        #expect(console.errorOutput.contains("capsule:demo/logger@0.1.0 is not a WASI 0.2 interface"))
        // --invoke supplies WASI only: a component importing anything else cannot be instantiated from the command line.
        let echo = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", "--invoke", "roundtrip", try Fixture.path("echo.wasm")], console: echo) == 1)
        #expect(echo.errorOutput.contains("import kind is not a WASI 0.2 interface"))
    }
}
