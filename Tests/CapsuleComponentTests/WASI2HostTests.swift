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

    @Test func socketsAreDeniedUnlessGrantedAndTheRestTrapsByName() throws {
        let host = Self.host()
        #expect(try call(host, "wasi:sockets/tcp-create-socket#create-tcp-socket", [.enum("ipv4")]) == .result(.failure(.init(.enum("access-denied")))))
        #expect(try call(host, "wasi:sockets/udp-create-socket#create-udp-socket", [.enum("ipv4")]) == .result(.failure(.init(.enum("access-denied")))))
        #expect(try call(host, "wasi:sockets/ip-name-lookup#resolve-addresses", [.own(ResourceHandle(resource: WASI2SocketTests.network, representation: 0)), .string("localhost")])
            == .result(.failure(.init(.enum("access-denied")))))
        #expect(host.implementation("wasi:sockets/tcp#no-such-function", Self.plain) == nil)
        #expect(try call(host, "wasi:filesystem/preopens#get-directories") == .list([]))
    }
}

/// `wasi:filesystem` on preview 1's backends, and confinement: the escapes preview 1 refuses are refused here too.
@Suite struct WASI2FilesystemTests {
    static let descriptor = ResourceIdentity(name: "descriptor", isLocal: false, scope: 0)
    static let returnsDescriptor = FunctionSignature(
        isAsync: false, parameters: [], result: .result(ok: .own(descriptor), error: .enum(["access"])))
    static let listsDirectories = FunctionSignature(
        isAsync: false, parameters: [], result: .list(.tuple([.own(descriptor), .string])))

    func call(_ host: WASI2Host, _ name: String, _ arguments: [ComponentValue] = [], signature: FunctionSignature = WASI2HostTests.plain) throws -> ComponentValue? {
        let function = try #require(host.implementation(name, signature), "\(name) should be implemented")
        return try function(arguments)
    }

    func preopen(_ host: WASI2Host) throws -> ResourceHandle {
        guard case .list(let entries)? = try call(host, "wasi:filesystem/preopens#get-directories", signature: Self.listsDirectories),
            case .tuple(let pair)? = entries.first, case .own(let handle) = pair[0]
        else { throw ComponentCallError("no preopen") }
        return handle
    }

    func open(_ host: WASI2Host, _ directory: ResourceHandle, _ path: String, create: Bool = false, write: Bool = false, follow: Bool = true) throws -> ComponentValue? {
        try call(host, "wasi:filesystem/types#[method]descriptor.open-at", [
            .borrow(directory), .flags(follow ? ["symlink-follow"] : []), .string(path), .flags(create ? ["create"] : []),
            .flags(write ? ["read", "write"] : ["read"]),
        ], signature: Self.returnsDescriptor)
    }

    @Test func filesAreCreatedWrittenReadAndListed() throws {
        let filesystem = MemoryFileSystem()
        let host = WASI2HostTests.host { $0.preopens = [WASIPreopen(guestPath: "/data", directory: filesystem.root)] }
        let root = try preopen(host)
        guard case .result(.success(.own(let file)?))? = try open(host, root, "notes.txt", create: true, write: true) else {
            Issue.record("open-at should create the file")
            return
        }
        let bytes = ComponentValue.list(Array("hello".utf8).map { .u8($0) })
        #expect(try call(host, "wasi:filesystem/types#[method]descriptor.write", [.borrow(file), bytes, .u64(0)]) == .result(.success(.u64(5))))
        #expect(try call(host, "wasi:filesystem/types#[method]descriptor.read", [.borrow(file), .u64(100), .u64(1)])
            == .result(.success(.tuple([.list(Array("ello".utf8).map { .u8($0) }), .bool(true)]))))
        #expect(try filesystem.contents(of: "notes.txt") == Array("hello".utf8))
        guard case .result(.success(.record(let stat)?))? = try call(host, "wasi:filesystem/types#[method]descriptor.stat", [.borrow(file)]) else {
            Issue.record("stat should succeed")
            return
        }
        #expect(stat.first { $0.name == "size" }?.value == .u64(5))
        #expect(stat.first { $0.name == "type" }?.value == .enum("regular-file"))
        let stream = ResourceIdentity(name: "directory-entry-stream", isLocal: false, scope: 0)
        guard case .result(.success(.own(let listing)?))? = try call(host, "wasi:filesystem/types#[method]descriptor.read-directory", [.borrow(root)],
            signature: FunctionSignature(isAsync: false, parameters: [], result: .result(ok: .own(stream), error: nil))) else {
            Issue.record("read-directory should succeed")
            return
        }
        #expect(try call(host, "wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry", [.borrow(listing)])
            == .result(.success(.option(.record([("type", .enum("regular-file")), ("name", .string("notes.txt"))])))))
        #expect(try call(host, "wasi:filesystem/types#[method]directory-entry-stream.read-directory-entry", [.borrow(listing)]) == .result(.success(.option(nil))))
        #expect(try open(host, root, "missing.txt") == .result(.failure(.init(.enum("no-entry")))))
        // A descriptor opened for reading does not write.
        guard case .result(.success(.own(let readOnly)?))? = try open(host, root, "notes.txt") else {
            Issue.record("open-at should open the file for reading")
            return
        }
        #expect(try call(host, "wasi:filesystem/types#[method]descriptor.write", [.borrow(readOnly), bytes, .u64(0)])
            == .result(.failure(.init(.enum("bad-descriptor")))))
        #expect(try filesystem.contents(of: "notes.txt") == Array("hello".utf8))
        #expect(try call(host, "wasi:filesystem/types#[method]descriptor.open-at", [
            .borrow(root), .flags([]), .string("dir"), .flags(["create", "directory"]), .flags(["read"]),
        ], signature: Self.returnsDescriptor) == .result(.failure(.init(.enum("invalid")))))
    }

    /// The escapes of preview 1's confinement tests, through `open-at`: `..`, absolute paths, symbolic
    /// links leading out (relative and absolute), and writes to a read-only preopen.
    @Test func pathsCannotLeaveThePreopen() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("capsule-wasi2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        let inside = base.appendingPathComponent("inside")
        try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: base.appendingPathComponent("secret.txt"))
        try Data("ok".utf8).write(to: inside.appendingPathComponent("ok.txt"))
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("up").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent("abs").path, withDestinationPath: base.appendingPathComponent("secret.txt").path)
        let host = WASI2HostTests.host { $0.preopens = [WASIPreopen(guestPath: "/data", directory: try! HostDirectory(path: inside.path))] }
        let root = try preopen(host)
        guard case .result(.success)? = try open(host, root, "ok.txt") else {
            Issue.record("a file inside opens")
            return
        }
        for path in ["../secret.txt", "/etc/passwd", "up", "abs", "./../inside/../../secret.txt", "x/../../secret.txt"] {
            let result = try open(host, root, path)
            guard case .result(.failure)? = result else {
                Issue.record("\(path) escaped the preopen: \(String(describing: result))")
                continue
            }
        }
        // Chains, loops, trailing slashes and dangling links with create, as in preview 1's confinement tests.
        let link = { (name: String, target: String) in
            try FileManager.default.createSymbolicLink(atPath: inside.appendingPathComponent(name).path, withDestinationPath: target)
        }
        try link("chain1", "chain2")
        try link("chain2", "../secret.txt")
        try link("loop1", "loop2")
        try link("loop2", "loop1")
        try link("link-out-dir", "..")
        try link("dangling-out", "../made-outside.txt")
        for path in ["chain1", "loop1", "loop1/x", "link-out-dir/", "link-out-dir/secret.txt"] {
            guard case .result(.failure)? = try open(host, root, path) else {
                Issue.record("\(path) escaped the preopen")
                continue
            }
        }
        guard case .result(.failure)? = try open(host, root, "dangling-out", create: true, write: true) else {
            Issue.record("a dangling link out created its target")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: base.appendingPathComponent("made-outside.txt").path))

        // Every other path-taking function is confined the same way: nothing is made, moved or removed outside.
        func failed(_ name: String, _ arguments: [ComponentValue]) throws -> Bool {
            if case .result(.failure)? = try call(host, "wasi:filesystem/types#[method]descriptor.\(name)", arguments) { return true }
            return false
        }
        func outside(_ name: String) -> URL { base.appendingPathComponent(name) }
        #expect(try failed("create-directory-at", [.borrow(root), .string("../made")]))
        #expect(try failed("rename-at", [.borrow(root), .string("ok.txt"), .borrow(root), .string("../moved.txt")]))
        #expect(try failed("rename-at", [.borrow(root), .string("../secret.txt"), .borrow(root), .string("taken.txt")]))
        #expect(try failed("link-at", [.borrow(root), .flags([]), .string("ok.txt"), .borrow(root), .string("../hard.txt")]))
        #expect(try failed("link-at", [.borrow(root), .flags([]), .string("../secret.txt"), .borrow(root), .string("stolen.txt")]))
        #expect(try failed("symlink-at", [.borrow(root), .string("/etc/passwd"), .string("abs-new")]))
        #expect(try failed("unlink-file-at", [.borrow(root), .string("../secret.txt")]))
        #expect(try failed("remove-directory-at", [.borrow(root), .string("..")]))
        #expect(try failed("stat-at", [.borrow(root), .flags(["symlink-follow"]), .string("up")]))
        #expect(try failed("readlink-at", [.borrow(root), .string("../secret.txt")]))
        for name in ["made", "moved.txt", "hard.txt"] { #expect(!FileManager.default.fileExists(atPath: outside(name).path), "\(name)") }
        #expect(FileManager.default.fileExists(atPath: outside("secret.txt").path))
        #expect(!FileManager.default.fileExists(atPath: inside.appendingPathComponent("stolen.txt").path))
        #expect(!FileManager.default.fileExists(atPath: inside.appendingPathComponent("taken.txt").path))
        // Inside, the same functions work.
        #expect(try !failed("create-directory-at", [.borrow(root), .string("sub")]))
        #expect(try !failed("rename-at", [.borrow(root), .string("ok.txt"), .borrow(root), .string("sub/ok.txt")]))
        #expect(FileManager.default.fileExists(atPath: inside.appendingPathComponent("sub/ok.txt").path))

        let readOnly = WASI2HostTests.host { $0.preopens = [WASIPreopen(guestPath: "/data", directory: ReadOnlyDirectory(try! HostDirectory(path: inside.path)))] }
        let readOnlyRoot = try preopen(readOnly)
        guard case .result(.failure)? = try open(readOnly, readOnlyRoot, "new.txt", create: true, write: true) else {
            Issue.record("a read-only preopen refuses to create files")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: inside.appendingPathComponent("new.txt").path))
    }
}

/// `wasi:sockets` on loopback, once granted: TCP listen, connect, accept and streams both ways; UDP
/// datagrams; name lookup.
@Suite struct WASI2SocketTests {
    static let network = ResourceIdentity(name: "network", isLocal: false, scope: 0)
    static let tcpSocket = ResourceIdentity(name: "tcp-socket", isLocal: false, scope: 0)
    static let udpSocket = ResourceIdentity(name: "udp-socket", isLocal: false, scope: 0)
    static let input = ResourceIdentity(name: "input-stream", isLocal: false, scope: 0)
    static let output = ResourceIdentity(name: "output-stream", isLocal: false, scope: 0)
    static let pollable = ResourceIdentity(name: "pollable", isLocal: false, scope: 0)
    static let datagramsIn = ResourceIdentity(name: "incoming-datagram-stream", isLocal: false, scope: 0)
    static let datagramsOut = ResourceIdentity(name: "outgoing-datagram-stream", isLocal: false, scope: 0)
    static let addresses = ResourceIdentity(name: "resolve-address-stream", isLocal: false, scope: 0)
    static let code = ValType.enum(["access-denied"])

    static func returning(_ type: ValType) -> FunctionSignature { FunctionSignature(isAsync: false, parameters: [], result: type) }

    let host: WASI2Host

    init() {
        host = WASI2Host(WASIConfiguration(arguments: []))
        host.network.inherit = true
        host.network.nameLookup = true
    }

    func call(_ name: String, _ arguments: [ComponentValue] = [], returning type: ValType? = nil) throws -> ComponentValue? {
        let function = try #require(host.implementation(name, FunctionSignature(isAsync: false, parameters: [], result: type)), "\(name)")
        return try function(arguments)
    }

    static func loopback(_ port: UInt16) -> ComponentValue {
        .variant("ipv4", .record([("port", .u16(port)), ("address", .tuple([.u8(127), .u8(0), .u8(0), .u8(1)]))]))
    }

    static func port(_ address: ComponentValue?) -> UInt16? {
        guard case .result(.success(.variant("ipv4", .record(let fields)?)?))? = address, case .u16(let port)? = fields.first?.value else { return nil }
        return port
    }

    func ok(_ value: ComponentValue?) -> ComponentValue? {
        if case .result(.success(let payload))? = value { return payload }
        return nil
    }

    func handle(_ value: ComponentValue?) -> ComponentValue? {
        guard case .own(let handle)? = value else { return nil }
        return .borrow(handle)
    }

    var net: ComponentValue { .borrow(ResourceHandle(resource: Self.network, representation: 0)) }

    func tcp() throws -> ComponentValue {
        let created = try call("wasi:sockets/tcp-create-socket#create-tcp-socket", [.enum("ipv4")], returning: .result(ok: .own(Self.tcpSocket), error: Self.code))
        return try #require(handle(ok(created)))
    }

    func method(_ name: String, _ socket: ComponentValue, _ arguments: [ComponentValue] = [], returning type: ValType? = nil) throws -> ComponentValue? {
        try call("wasi:sockets/tcp#[method]tcp-socket.\(name)", [socket] + arguments, returning: type)
    }

    @Test func tcpConnectsAcceptsAndCarriesBytesBothWays() throws {
        let listener = try tcp()
        #expect(try method("start-bind", listener, [net, Self.loopback(0)]) == .result(.success(nil)))
        #expect(try method("finish-bind", listener) == .result(.success(nil)))
        #expect(try method("start-listen", listener) == .result(.success(nil)))
        #expect(try method("finish-listen", listener) == .result(.success(nil)))
        #expect(try method("is-listening", listener) == .bool(true))
        let port = try #require(Self.port(try method("local-address", listener)))

        let client = try tcp()
        #expect(try method("start-bind", client, [net, Self.loopback(0)]) == .result(.success(nil)))
        #expect(try method("start-bind", client, [net, Self.loopback(0)]) == .result(.failure(.init(.enum("invalid-state")))))
        _ = try method("finish-bind", client)
        #expect(try method("start-connect", client, [net, Self.loopback(port)]) == .result(.success(nil)))
        // The listener's pollable is ready once the connection is queued.
        let ready = try method("subscribe", listener, returning: .own(Self.pollable))
        #expect(try call("wasi:io/poll#poll", [.list([try #require(handle(ready))])]) == .list([.u32(0)]))
        let streams = ValType.result(ok: .tuple([.own(Self.input), .own(Self.output)]), error: Self.code)
        var connected = try method("finish-connect", client, returning: streams)
        while connected == .result(.failure(.init(.enum("would-block")))) { connected = try method("finish-connect", client, returning: streams) }
        guard case .tuple(let clientStreams)?? = ok(connected).map({ $0 }) else { Issue.record("not connected: \(String(describing: connected))"); return }
        let accepted = try method("accept", listener, returning: .result(ok: .tuple([.own(Self.tcpSocket), .own(Self.input), .own(Self.output)]), error: Self.code))
        guard case .tuple(let serverSide)?? = ok(accepted).map({ $0 }), serverSide.count == 3 else { Issue.record("not accepted: \(String(describing: accepted))"); return }
        #expect(Self.port(try method("remote-address", try #require(handle(serverSide[0])))) == Self.port(try method("local-address", client)))

        let write = "wasi:io/streams#[method]output-stream.blocking-write-and-flush"
        let read = "wasi:io/streams#[method]input-stream.blocking-read"
        #expect(try call(write, [try #require(handle(clientStreams[1])), .list(Array("ping".utf8).map { .u8($0) })]) == .result(.success(nil)))
        #expect(try call(read, [try #require(handle(serverSide[1])), .u64(100)]) == .result(.success(.list(Array("ping".utf8).map { .u8($0) }))))
        #expect(try call(write, [try #require(handle(serverSide[2])), .list(Array("pong".utf8).map { .u8($0) })]) == .result(.success(nil)))
        #expect(try call(read, [try #require(handle(clientStreams[0])), .u64(100)]) == .result(.success(.list(Array("pong".utf8).map { .u8($0) }))))
        // A non-blocking read with nothing there returns no bytes; after the peer shuts down, closed.
        #expect(try call("wasi:io/streams#[method]input-stream.read", [try #require(handle(clientStreams[0])), .u64(100)]) == .result(.success(.list([]))))
        #expect(try method("shutdown", try #require(handle(serverSide[0])), [.enum("send")]) == .result(.success(nil)))
        #expect(try call(read, [try #require(handle(clientStreams[0])), .u64(100)]) == WASI2Host.closed)
    }

    @Test func aRefusedConnectionIsReported() throws {
        // Bind a port, then close it: nothing listens there.
        let probe = try tcp()
        _ = try method("start-bind", probe, [net, Self.loopback(0)])
        _ = try method("finish-bind", probe)
        let port = try #require(Self.port(try method("local-address", probe)))
        let client = try tcp()
        _ = try method("start-connect", client, [net, Self.loopback(port)])
        let streams = ValType.result(ok: .tuple([.own(Self.input), .own(Self.output)]), error: Self.code)
        var result = try method("finish-connect", client, returning: streams)
        while result == .result(.failure(.init(.enum("would-block")))) { result = try method("finish-connect", client, returning: streams) }
        #expect(result == .result(.failure(.init(.enum("connection-refused")))))
    }

    @Test func udpDatagramsArriveWithTheirSender() throws {
        func udp() throws -> ComponentValue {
            let created = try call("wasi:sockets/udp-create-socket#create-udp-socket", [.enum("ipv4")], returning: .result(ok: .own(Self.udpSocket), error: Self.code))
            let socket = try #require(handle(ok(created)))
            #expect(try call("wasi:sockets/udp#[method]udp-socket.start-bind", [socket, net, Self.loopback(0)]) == .result(.success(nil)))
            _ = try call("wasi:sockets/udp#[method]udp-socket.finish-bind", [socket])
            return socket
        }
        let a = try udp()
        let b = try udp()
        let bPort = try #require(Self.port(try call("wasi:sockets/udp#[method]udp-socket.local-address", [b])))
        let aPort = try #require(Self.port(try call("wasi:sockets/udp#[method]udp-socket.local-address", [a])))
        let pair = ValType.result(ok: .tuple([.own(Self.datagramsIn), .own(Self.datagramsOut)]), error: Self.code)
        guard case .tuple(let aStreams)?? = ok(try call("wasi:sockets/udp#[method]udp-socket.stream", [a, .option(nil)], returning: pair)).map({ $0 }),
            case .tuple(let bStreams)?? = ok(try call("wasi:sockets/udp#[method]udp-socket.stream", [b, .option(nil)], returning: pair)).map({ $0 })
        else { Issue.record("no datagram streams"); return }
        let datagram = ComponentValue.record([("data", .list(Array("hello".utf8).map { .u8($0) })), ("remote-address", .option(Self.loopback(bPort)))])
        #expect(try call("wasi:sockets/udp#[method]outgoing-datagram-stream.send", [try #require(handle(aStreams[1])), .list([datagram])]) == .result(.success(.u64(1))))
        let incoming = try #require(handle(bStreams[0]))
        let ready = try call("wasi:sockets/udp#[method]incoming-datagram-stream.subscribe", [incoming], returning: .own(Self.pollable))
        _ = try call("wasi:io/poll#poll", [.list([try #require(handle(ready))])])
        let received = try call("wasi:sockets/udp#[method]incoming-datagram-stream.receive", [incoming, .u64(10)])
        #expect(received == .result(.success(.list([.record([("data", .list(Array("hello".utf8).map { .u8($0) })), ("remote-address", Self.loopback(aPort))])]))))
    }

    @Test func namesResolveWhenLookupIsGranted() throws {
        let stream = try call("wasi:sockets/ip-name-lookup#resolve-addresses", [net, .string("localhost")],
            returning: .result(ok: .own(Self.addresses), error: Self.code))
        let list = try #require(handle(ok(stream)))
        var found: [ComponentValue] = []
        while case .result(.success(.option(let address?)?))? = try call("wasi:sockets/ip-name-lookup#[method]resolve-address-stream.resolve-next-address", [list]) {
            found.append(address)
        }
        #expect(found.contains(.variant("ipv4", .tuple([.u8(127), .u8(0), .u8(0), .u8(1)]))) || found.contains { if case .variant("ipv6", _) = $0 { return true } else { return false } })
        let literal = try call("wasi:sockets/ip-name-lookup#resolve-addresses", [net, .string("127.0.0.1")], returning: .result(ok: .own(Self.addresses), error: Self.code))
        let literalList = try #require(handle(ok(literal)))
        #expect(try call("wasi:sockets/ip-name-lookup#[method]resolve-address-stream.resolve-next-address", [literalList])
            == .result(.success(.option(.variant("ipv4", .tuple([.u8(127), .u8(0), .u8(0), .u8(1)]))))))
    }
}

/// Host calls that wait notice an interruption of the store (a server's request timeout).
@Suite struct WASI2InterruptTests {
    @Test func aBlockedPollableWakesOnInterrupt() throws {
        let host = WASI2Host(WASIConfiguration(arguments: []))
        var limits = StoreLimits()
        limits.interruptible = true
        let store = Store(limits: limits)
        host.interruptHandle = store.interruptHandle
        let pollable = ResourceIdentity(name: "pollable", isLocal: false, scope: 0)
        let subscribe = try #require(host.implementation("wasi:clocks/monotonic-clock#subscribe-duration", FunctionSignature(isAsync: false, parameters: [], result: .own(pollable))))
        guard case .own(let handle)? = try subscribe([.u64(60_000_000_000)]) else { Issue.record("no pollable"); return }
        let block = try #require(host.implementation("wasi:io/poll#[method]pollable.block", FunctionSignature(isAsync: false, parameters: [], result: nil)))
        let handleToInterrupt = store.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { handleToInterrupt.interrupt() }
        // Without the interruption this would sleep a minute and return normally.
        let trap = #expect(throws: Trap.self) { _ = try block([.borrow(handle)]) }
        #expect(trap?.kind == .interrupted)
    }
}
