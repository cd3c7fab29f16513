@testable import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import Foundation
import Testing
import CapsuleCLI

/// Instantiating components and calling their functions through the canonical ABI.
@Suite struct ComponentRuntimeTests {
    final class Log: @unchecked Sendable {
        var messages: [String] = []
    }

    static func logger(_ log: Log) -> HostItem {
        .instance([
            "log": .function { arguments in
                guard arguments.count == 2, case .enum(let level) = arguments[0], case .string(let message) = arguments[1] else {
                    throw ComponentCallError("log: unexpected arguments \(arguments)")
                }
                log.messages.append("\(level): \(message)")
                return nil
            },
            "[constructor]sink": .function { _ in throw ComponentCallError("not used") },
            "[method]sink.write": .function { _ in throw ComponentCallError("not used") },
            "open": .function { _ in .option(nil) },
        ])
    }

    /// greet(name) lowers the string into the component's memory (through its realloc), the core code
    /// calls the host's log with it (lifted back out), and the result string is lifted from memory.
    @Test func theGreeterCallsTheHostAndReturnsAString() throws {
        let log = Log()
        let validated = try Component(decoding: Fixture.bytes("greeter.wasm")).validate()
        let instance = try validated.instantiate(in: Store(), imports: ["capsule:demo/logger@0.1.0": Self.logger(log)])
        let greet = try #require(instance.function("greet", in: "capsule:demo/greeter@0.1.0"))
        #expect(try greet.call([.string("Ada ☃")]) == .string("Ada ☃"))
        #expect(try greet.call([.string("")]) == .string(""))
        #expect(log.messages == ["info: Ada ☃", "info: "])
        #expect(throws: ComponentCallError.self) { _ = try greet.call([]) }
    }

    /// Nothing the instance makes keeps its store alive: a server making an instance per request must not leak.
    @Test func theStoreIsFreedWithTheInstance() throws {
        weak var weakStore: Store?
        try {
            let store = Store()
            weakStore = store
            let validated = try Component(decoding: Fixture.bytes("echo.wasm")).validate()
            let instance = try validated.instantiate(in: store, imports: [
                "kind": .type, "perms": .type, "item": .type, "host-echo": .function { $0.first },
            ])
            let value = ComponentValue.record([
                ("name", .string("n")), ("tags", .list([])), ("score", .option(nil)), ("kind", .variant("a", nil)), ("perms", .flags([])),
            ])
            #expect(try instance.function("roundtrip")?.call([value]) == value)
        }()
        #expect(weakStore == nil)
    }

    @Test func aMissingImportIsAnError() throws {
        let validated = try Component(decoding: Fixture.bytes("greeter.wasm")).validate()
        let error = #expect(throws: ComponentCallError.self) { _ = try validated.instantiate(in: Store()) }
        #expect(error?.message.contains("capsule:demo/logger@0.1.0") == true)
    }

    /// A record of a string, a list of strings, an option, a variant and flags goes from the host into the
    /// component (lowered), from the component to the host import (lifted), back (lowered through an
    /// out-pointer) and out again (lifted), unchanged.
    @Test(arguments: [
        ComponentValue.record([
            ("name", .string("capsule")), ("tags", .list([.string("wasm"), .string("wasi"), .string("")])),
            ("score", .option(.f64(0.25))), ("kind", .variant("c", .string("payload ツ"))), ("perms", .flags(["read", "exec"])),
        ]),
        .record([
            ("name", .string("")), ("tags", .list([])), ("score", .option(nil)), ("kind", .variant("a", nil)), ("perms", .flags([])),
        ]),
        .record([
            ("name", .string(String(repeating: "x", count: 5000))), ("tags", .list((0..<50).map { .string("t\($0)") })),
            ("score", .option(.f64(-.infinity))), ("kind", .variant("b", .u32(4_000_000_000))), ("perms", .flags(["read", "write", "exec"])),
        ]),
    ])
    func recordsRoundTripThroughBothDirections(value: ComponentValue) throws {
        final class Seen: @unchecked Sendable { var values: [ComponentValue] = [] }
        let seen = Seen()
        let validated = try Component(decoding: Fixture.bytes("echo.wasm")).validate()
        let instance = try validated.instantiate(in: Store(), imports: [
            "kind": .type, "perms": .type, "item": .type,
            "host-echo": .function { arguments in
                seen.values += arguments
                return arguments.first
            },
        ])
        let roundtrip = try #require(instance.function("roundtrip"))
        #expect(try roundtrip.call([value]) == value)
        #expect(seen.values == [value])
    }

    @Test func valuesOfTheWrongTypeAreRefused() throws {
        let validated = try Component(decoding: Fixture.bytes("echo.wasm")).validate()
        let instance = try validated.instantiate(in: Store(), imports: [
            "kind": .type, "perms": .type, "item": .type, "host-echo": .function { $0.first },
        ])
        let roundtrip = try #require(instance.function("roundtrip"))
        #expect(throws: Trap.self) { _ = try roundtrip.call([.string("not a record")]) }
        #expect(throws: Trap.self) {
            _ = try roundtrip.call([.record([
                ("name", .string("n")), ("tags", .list([])), ("score", .option(nil)), ("kind", .variant("zzz", nil)), ("perms", .flags([])),
            ])])
        }
    }
}

/// Component values as WAVE text, as `capsule run --invoke` reads and prints them.
@Suite struct ValueTextTests {
    static let shape = ValType.variant([("circle", .f64), ("square", .record([("side", .u32), ("label", .option(.string))])), ("none", nil)])

    @Test(arguments: [
        ("42", ValType.u32, ComponentValue.u32(42)),
        ("-7", .s8, .s8(-7)),
        ("1_000_000", .u64, .u64(1_000_000)),
        ("true", .bool, .bool(true)),
        ("'ツ'", .char, .char("ツ")),
        (#""a \"quoted\" line\n""#, .string, .string("a \"quoted\" line\n")),
        ("[1, 2, 3,]", .list(.u8), .list([.u8(1), .u8(2), .u8(3)])),
        (#"(1, "x")"#, .tuple([.u16, .string]), .tuple([.u16(1), .string("x")])),
        ("square({side: 3})", shape, .variant("square", .record([("side", .u32(3)), ("label", .option(nil))]))),
        ("circle(2.5)", shape, .variant("circle", .f64(2.5))),
        ("none", shape, .variant("none", nil)),
        ("some(some(1))", .option(.option(.u32)), .option(.option(.u32(1)))),
        (#"err("bad")"#, .result(ok: .u32, error: .string), .result(.failure(.init(.string("bad"))))),
        ("ok", .result(ok: nil, error: nil), .result(.success(nil))),
        ("{write, read}", .flags(["read", "write", "exec"]), .flags(["read", "write"])),
        ("green", .enum(["red", "green"]), .enum("green")),
        ("inf", .f64, .f64(.infinity)),
    ])
    func parsesAndPrintsBack(text: String, type: ValType, value: ComponentValue) throws {
        let parsed = try ComponentValue.parse(text, as: type)
        #expect(parsed == value)
        #expect(try ComponentValue.parse(parsed.wave, as: type) == value, "\(parsed.wave)")
    }

    @Test(arguments: [
        ("300", ValType.u8), ("-1", .u32), ("maybe", .bool), (#""unterminated"#, .string), ("'ab'", .char),
        ("[1, 2", .list(.u8)), ("{side: 1}", .record([("side", .u32), ("name", .string)])), ("triangle", shape),
        ("{x}", .flags(["a"])), ("1 2", .u32),
    ])
    func invalidTextIsAnError(text: String, type: ValType) {
        #expect(throws: ComponentValue.ParseError.self) { _ = try ComponentValue.parse(text, as: type) }
    }

    @Test func invokeCallsAComponentFunctionFromTheCommandLine() throws {
        let path = try Fixture.path("calc.wasm")
        for (arguments, output) in [
            (["run", "--invoke", "add", path, "2", "-5"], "-3\n"),
            (["run", "--invoke", "add(40, 2)", path], "42\n"),
            (["run", "--invoke", #"swap((7, "seven"))"#, path], "(\"seven\", 7)\n"),
        ] {
            let console = BufferConsole()
            #expect(CapsuleCommand.run(arguments: arguments, console: console) == 0, "\(arguments): \(console.errorOutput)")
            #expect(console.output == output)
        }
        let wrong = BufferConsole()
        #expect(CapsuleCommand.run(arguments: ["run", "--invoke", "add(1, \"x\")", path], console: wrong) == 1)
        #expect(wrong.errorOutput.contains("invalid argument"))
    }
}
