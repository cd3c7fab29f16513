@testable import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleWASI
@testable import CapsuleWASI2
import Foundation
import Testing

/// The WASI 0.2 host's functions, called as a component would call them.
@Suite struct WASI2HostTests {
    final class Captured: @unchecked Sendable { var bytes: [UInt8] = [] }

    static func host(_ configure: (inout WASIConfiguration) -> Void = { _ in }) -> WASI2Host {
        var configuration = WASIConfiguration(arguments: ["app", "x"], environment: ["A=1", "B=two=2"])
        configuration.makeDeterministic(seed: 3)
        configure(&configuration)
        return WASI2Host(configuration)
    }

    static let plain = FunctionSignature(isAsync: false, parameters: [], result: nil)

    func call(_ host: WASI2Host, _ name: String, _ arguments: [ComponentValue] = [], signature: FunctionSignature = plain) throws -> ComponentValue? {
        let function = try #require(host.implementation(name, signature), "\(name) should be implemented")
        return try function(arguments)
    }

    @Test func environmentAndArguments() throws {
        let host = Self.host()
        #expect(try call(host, "wasi:cli/environment#get-arguments") == .list([.string("app"), .string("x")]))
        #expect(try call(host, "wasi:cli/environment#get-environment")
            == .list([.tuple([.string("A"), .string("1")]), .tuple([.string("B"), .string("two=2")])]))
        #expect(try call(host, "wasi:cli/environment#initial-cwd") == .option(nil))
    }

    @Test func exitThrowsTheStatus() throws {
        let host = Self.host()
        let ok = #expect(throws: WASIExit.self) { _ = try call(host, "wasi:cli/exit#exit", [.result(.success(nil))]) }
        #expect(ok?.code == 0)
        let failed = #expect(throws: WASIExit.self) { _ = try call(host, "wasi:cli/exit#exit", [.result(.failure(.init(nil)))]) }
        #expect(failed?.code == 1)
    }

    @Test func streamsWriteAndReadTheStandardStreams() throws {
        let captured = Captured()
        let host = Self.host { configuration in
            configuration.standardOutput = WASIStreamFile(write: { captured.bytes += $0 })
            var input: [[UInt8]] = [Array("in".utf8)]
            configuration.standardInput = WASIStreamFile(read: { _ in input.isEmpty ? [] : input.removeFirst() })
        }
        let stream = ResourceIdentity(name: "output-stream", isLocal: false, scope: 0)
        let returnsStream = FunctionSignature(isAsync: false, parameters: [], result: .own(stream))
        guard case .own(let stdout)? = try call(host, "wasi:cli/stdout#get-stdout", signature: returnsStream) else {
            Issue.record("get-stdout should return a handle")
            return
        }
        let contents = ComponentValue.list(Array("hi".utf8).map { .u8($0) })
        #expect(try call(host, "wasi:io/streams#[method]output-stream.blocking-write-and-flush", [.borrow(stdout), contents]) == .result(.success(nil)))
        #expect(captured.bytes == Array("hi".utf8))
        guard case .own(let stdin)? = try call(host, "wasi:cli/stdin#get-stdin", signature: returnsStream) else {
            Issue.record("get-stdin should return a handle")
            return
        }
        #expect(try call(host, "wasi:io/streams#[method]input-stream.blocking-read", [.borrow(stdin), .u64(10)])
            == .result(.success(.list(Array("in".utf8).map { .u8($0) }))))
        #expect(try call(host, "wasi:io/streams#[method]input-stream.blocking-read", [.borrow(stdin), .u64(10)]) == WASI2Host.closed)
        // A handle of the wrong kind is a trap, not a crash.
        #expect(throws: Trap.self) { _ = try call(host, "wasi:io/streams#[method]output-stream.write", [.borrow(stdin), contents]) }
    }

    @Test func clocksRandomAndPolling() throws {
        let host = Self.host()
        guard case .u64(let first)? = try call(host, "wasi:clocks/monotonic-clock#now"),
            case .u64(let second)? = try call(host, "wasi:clocks/monotonic-clock#now")
        else {
            Issue.record("now should return a u64")
            return
        }
        #expect(second >= first)
        guard case .record(let wall)? = try call(host, "wasi:clocks/wall-clock#now") else {
            Issue.record("wall-clock now should return a record")
            return
        }
        #expect(wall.map(\.name) == ["seconds", "nanoseconds"])
        // Seeded random: two hosts with the same seed give the same bytes, successive calls differ.
        let a = try call(host, "wasi:random/random#get-random-bytes", [.u64(16)])
        let b = try call(Self.host(), "wasi:random/random#get-random-bytes", [.u64(16)])
        #expect(a == b)
        #expect(try call(host, "wasi:random/random#get-random-bytes", [.u64(16)]) != a)
        let pollable = ResourceIdentity(name: "pollable", isLocal: false, scope: 0)
        let returnsPollable = FunctionSignature(isAsync: false, parameters: [("when", .u64)], result: .own(pollable))
        guard case .own(let soon)? = try call(host, "wasi:clocks/monotonic-clock#subscribe-duration", [.u64(1_000)], signature: returnsPollable) else {
            Issue.record("subscribe-duration should return a pollable")
            return
        }
        #expect(try call(host, "wasi:io/poll#poll", [.list([.borrow(soon)])]) == .list([.u32(0)]))
    }

    @Test func socketsAreDeniedAndTheRestTrapsByName() throws {
        let host = Self.host()
        #expect(try call(host, "wasi:sockets/tcp-create-socket#create-tcp-socket", [.enum("ipv4")]) == .result(.failure(.init(.enum("access-denied")))))
        #expect(host.implementation("wasi:sockets/tcp#[method]tcp-socket.start-bind", Self.plain) == nil)
        #expect(try call(host, "wasi:filesystem/preopens#get-directories") == .list([]))
    }
}
