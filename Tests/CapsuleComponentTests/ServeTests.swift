import CapsuleCLI
import CapsuleComponent
import CapsuleEngine
@testable import CapsuleServe
import CapsuleWASI
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A plain HTTP/1.1 client over one loopback connection, for the server tests.
final class LoopbackClient: @unchecked Sendable {
    let socket: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(socket) }

    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func send(_ method: String, _ path: String, body: [UInt8] = [], close: Bool = false) {
        var request = "\(method) \(path) HTTP/1.1\r\nhost: localhost\r\ncontent-length: \(body.count)\r\n"
        if close { request += "connection: close\r\n" }
        let bytes = Array((request + "\r\n").utf8) + body
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { return }
            sent += count
        }
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffered += chunk[..<count]
        return true
    }

    /// Waits for the first bytes of a response, reading no more than one buffer of it.
    func awaitBytes() -> Bool { buffered.isEmpty ? fill() : true }

    private func line() -> String? {
        while true {
            if let end = buffered.firstIndex(of: 0x0A) {
                let text = String(decoding: buffered[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                buffered.removeFirst(end + 1)
                return text
            }
            guard fill() else { return nil }
        }
    }

    private func take(_ count: Int) -> [UInt8]? {
        while buffered.count < count { guard fill() else { return nil } }
        defer { buffered.removeFirst(count) }
        return Array(buffered[..<count])
    }

    /// Reads one response (content-length or chunked); nil when the connection closed first.
    func receive(bodyless: Bool = false) -> Response? {
        guard let statusLine = line() else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { return nil }
        var headers: [String: String] = [:]
        while let header = line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body: [UInt8] = []
        if bodyless {
            // A response to HEAD: its framing headers describe a body that is not sent.
        } else if let length = headers["content-length"].flatMap(Int.init) {
            guard let bytes = take(length) else { return nil }
            body = bytes
        } else if headers["transfer-encoding"] == "chunked" {
            while true {
                guard let size = line().flatMap({ Int($0, radix: 16) }) else { return nil }
                if size == 0 {
                    _ = line()
                    break
                }
                guard let bytes = take(size) else { return nil }
                body += bytes
                _ = line()
            }
        }
        return Response(status: status, headers: headers, body: body)
    }

    func request(_ method: String, _ path: String, body: [UInt8] = []) -> Response? {
        send(method, path, body: body)
        return receive()
    }
}

/// `capsule serve`'s server, on a free loopback port, with the fixture component.
@Suite(.serialized) struct ComponentServerTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [String] = []
        func add(_ line: String) { lock.withLock { stored.append(line) } }
        var all: [String] { lock.withLock { stored } }
    }

    func withServer(_ configure: (inout ServeConfiguration) -> Void = { _ in }, _ body: (Int, Lines, Lines) throws -> Void) throws {
        var configuration = ServeConfiguration()
        configuration.port = 0
        configuration.workers = 2
        let access = Lines()
        let errors = Lines()
        configuration.accessLog = { access.add($0) }
        configuration.errorLog = { errors.add($0) }
        configure(&configuration)
        let server = ComponentServer(component: try HTTPHandlerTests.service.get(), configuration: configuration) {
            WASIConfiguration(arguments: ["service"])
        }
        let port = try server.start()
        defer { server.stop() }
        try body(port, access, errors)
    }

    @Test func requestsOnOneConnectionAreServedInTurn() throws {
        try withServer { port, access, _ in
            let client = try LoopbackClient(port: port)
            let first = try #require(client.request("GET", "/one"))
            #expect(first.status == 200)
            #expect(first.headers["content-type"] == "text/plain")
            #expect(first.text == "hello from a component: GET /one\n")
            let echoed = try #require(client.request("PUT", "/echo", body: Array("ping".utf8)))
            #expect(echoed.text == "ping")
            let streamed = try #require(client.request("GET", "/stream?300"))
            #expect(streamed.body.count == 300 * 1024)
            #expect(access.all.count == 3)
            #expect(access.all.first?.contains("\"GET /one HTTP/1.1\" 200 33") == true)
            #expect(access.all.first?.hasPrefix("127.0.0.1 - - [") == true)
        }
    }

    @Test func aTrappingGuestGetsA500AndTheServerGoesOn() throws {
        try withServer { port, _, errors in
            let client = try LoopbackClient(port: port)
            let trapped = try #require(client.request("GET", "/trap"))
            #expect(trapped.status == 500)
            #expect(errors.all.contains { $0.contains("/trap") && $0.contains("trapped") })
            let after = try #require(client.request("GET", "/after"))
            #expect(after.status == 200)
            #expect(after.text == "hello from a component: GET /after\n")
        }
    }

    @Test func aLoopingGuestIsStoppedByTheTimeoutWhileOthersAreServed() throws {
        try withServer({ $0.timeout = 1 }) { port, _, errors in
            let looping = try LoopbackClient(port: port)
            looping.send("GET", "/loop")
            // One worker is busy looping; the other serves.
            let other = try LoopbackClient(port: port)
            for i in 0..<5 { #expect(other.request("GET", "/\(i)")?.status == 200) }
            #expect(looping.receive()?.status == 500)
            #expect(errors.all.contains { $0.contains("/loop") })
        }
    }

    @Test func aGuestStuckWritingToAClientThatDoesNotReadIsCutOffAtTheTimeout() throws {
        try withServer({
            $0.timeout = 1
            $0.workers = 1
        }) { port, access, errors in
            let stalled = try LoopbackClient(port: port)
            stalled.send("GET", "/stream?200000")  // 200 MB, never read past its first bytes
            #expect(stalled.awaitBytes())
            // The one worker is free again once the timeout closes the stalled connection.
            let other = try LoopbackClient(port: port)
            #expect(other.request("GET", "/after")?.text == "hello from a component: GET /after\n")
            #expect(errors.all.contains { $0.contains("/stream") }, "\(errors.all) \(access.all)")
        }
    }

    @Test func requestsPastThePendingLimitGet503() throws {
        try withServer({
            $0.timeout = 3
            $0.workers = 1
            $0.maxPending = 1
        }) { port, _, _ in
            let busy = try LoopbackClient(port: port)
            busy.send("GET", "/loop")
            // Give the looping request the one place (it arrives first), then another is turned away.
            usleep(500_000)
            var turnedAway = false
            for _ in 0..<50 {
                let other = try LoopbackClient(port: port)
                if other.request("GET", "/x")?.status == 503 { turnedAway = true; break }
                usleep(20_000)
            }
            #expect(turnedAway)
            #expect(busy.receive()?.status == 500)
            // Once it is done (its place is given back just after its response), requests are served again.
            var served = false
            for _ in 0..<50 where !served {
                served = try LoopbackClient(port: port).request("GET", "/later")?.status == 200
                if !served { usleep(10_000) }
            }
            #expect(served)
        }
    }

    @Test func fuelAndMemoryLimitsApplyPerRequest() throws {
        try withServer({
            $0.limits.fuel = 50_000_000
            $0.limits.maxMemoryPages = 64
        }) { port, _, errors in
            let client = try LoopbackClient(port: port)
            #expect(client.request("GET", "/loop")?.status == 500)
            #expect(errors.all.first?.contains("fuel") == true, "\(errors.all)")
            #expect(client.request("GET", "/grow")?.status == 500)
            // Each request has its own budget: a later one is not short of fuel.
            #expect(client.request("GET", "/fine")?.status == 200)
        }
    }

    @Test func aBodyPastTheLimitGets413() throws {
        try withServer({ $0.maxRequestBody = 1000 }) { port, _, _ in
            let client = try LoopbackClient(port: port)
            client.send("POST", "/echo", body: [UInt8](repeating: 1, count: 5000))
            #expect(client.receive()?.status == 413)
            let fresh = try LoopbackClient(port: port)
            #expect(fresh.request("POST", "/echo", body: [UInt8](repeating: 2, count: 1000))?.body.count == 1000)
        }
    }

    @Test func aDeclaredLengthIsHeldToAndHeadGetsNoBody() throws {
        try withServer { port, _, _ in
            let client = try LoopbackClient(port: port)
            let exact = try #require(client.request("GET", "/length?5"))
            #expect(exact.headers["content-length"] == "5")
            #expect(exact.text == "hello")
            // A HEAD response carries no body, and the connection goes on to the next request.
            client.send("HEAD", "/stream?300")
            let head = try #require(client.receive(bodyless: true))
            #expect(head.status == 200 && head.body.isEmpty)
            #expect(client.request("GET", "/after-head")?.text == "hello from a component: GET /after-head\n")
            // Longer or shorter than declared: the connection is closed, no bytes past the length are sent.
            for length in ["3", "10"] {
                let other = try LoopbackClient(port: port)
                other.send("GET", "/length?\(length)")
                let response = other.receive()
                #expect(response == nil || response?.body.count == Int(length), "\(length): \(String(describing: response?.text))")
                #expect(other.request("GET", "/again") == nil, "\(length): the connection should be closed")
            }
        }
    }

    @Test func aLargeBodyStreamsThroughWhileItArrives() throws {
        try withServer { port, _, _ in
            let client = try LoopbackClient(port: port)
            let body = (0..<(6 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            // Sent from another thread: the guest echoes while the body is still arriving.
            let sent = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                client.send("POST", "/echo", body: body)
                sent.signal()
            }
            let echoed = try #require(client.receive())
            sent.wait()
            #expect(echoed.status == 200)
            #expect(echoed.body.count == body.count)
            #expect(echoed.body == body)
            // A body the guest never reads is dropped, and the connection goes on.
            client.send("POST", "/ignored", body: [UInt8](repeating: 7, count: 3 << 20))
            #expect(client.receive()?.text == "hello from a component: POST /ignored\n")
            #expect(client.request("GET", "/next")?.text == "hello from a component: GET /next\n")
        }
    }

    @Test func outgoingRequestsGoOnlyWhereAllowed() throws {
        try withServer { backend, _, _ in
            try withServer({ $0.allowedOutgoing = ["127.0.0.1:\(backend)"] }) { front, _, _ in
                let client = try LoopbackClient(port: front)
                let fetched = try #require(client.request("GET", "/fetch/127.0.0.1:\(backend)/inner?q=1"))
                #expect(fetched.status == 200)
                #expect(fetched.text == "fetched 200: hello from a component: GET /inner?q=1\n")
                // Another port of the same host is not allowed: error-code case 15 is HTTP-request-denied.
                let denied = try #require(client.request("GET", "/fetch/127.0.0.1:1/x"))
                #expect(denied.status == 502)
                #expect(denied.text == "refused: 15\n")
            }
            // With nothing allowed, nothing goes out.
            try withServer { closed, _, _ in
                let client = try LoopbackClient(port: closed)
                #expect(client.request("GET", "/fetch/127.0.0.1:\(backend)/inner")?.text == "refused: 15\n")
            }
        }
    }

    @Test func connectionsAreServedConcurrently() throws {
        try withServer { port, access, _ in
            let failures = Lines()
            DispatchQueue.concurrentPerform(iterations: 8) { n in
                guard let client = try? LoopbackClient(port: port) else { return failures.add("connect \(n)") }
                for i in 0..<25 {
                    let response = client.request("GET", "/c\(n)/\(i)")
                    if response?.text != "hello from a component: GET /c\(n)/\(i)\n" { failures.add("\(n)/\(i)") }
                }
            }
            #expect(failures.all.isEmpty)
            #expect(access.all.count == 200)
        }
    }
}

/// `capsule serve`'s refusals, before it listens.
@Suite struct ServeCommandTests {
    func serve(_ arguments: [String]) -> (Int32, String) {
        let console = BufferConsole()
        let status = CapsuleCommand.run(arguments: ["serve"] + arguments, console: console)
        return (status, console.errorOutput)
    }

    @Test func badFlagsAreUsageErrors() throws {
        let service = try Fixture.path("http/service.wasm")
        for (flags, message) in [
            (["--addr", "localhost"], "--addr localhost: expected HOST:PORT"),
            (["--addr", "127.0.0.1:70000"], "--addr 127.0.0.1:70000"),
            (["--timeout", "soon"], "--timeout soon"),
            (["--fuel=-1"], "--fuel -1"),
            (["--max-memory", "lots"], "--max-memory lots"),
            (["--tier", "fast"], "--tier fast"),
            (["--workers", "0"], "--workers 0"),
        ] {
            let (status, errors) = serve(flags + [service])
            #expect(status == 2, "\(flags)")
            #expect(errors.contains(message), "\(flags): \(errors)")
        }
    }

    @Test func onlyHTTPProxyComponentsAreServed() throws {
        let (command, commandErrors) = serve(["--addr", "127.0.0.1:0", try Fixture.path("hello-command.wasm")])
        #expect(command == 1)
        #expect(commandErrors.contains("exports no wasi:http/incoming-handler"))
        let module = FileManager.default.temporaryDirectory.appendingPathComponent("serve-core-\(getpid()).wasm").path
        FileManager.default.createFile(atPath: module, contents: Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))
        defer { try? FileManager.default.removeItem(atPath: module) }
        let (core, coreErrors) = serve([module])
        #expect(core == 1)
        #expect(coreErrors.contains("a core module, not a component"))
        let (missing, missingErrors) = serve(["/nonexistent/service.wasm"])
        #expect(missing == 1)
        #expect(missingErrors.contains("/nonexistent/service.wasm"))
    }
}

@Suite struct OutgoingDestinationTests {
    @Test func authoritiesReadAsHostAndPort() {
        #expect(OutgoingHTTPClient.split("example.com")! == ("example.com", 80))
        #expect(OutgoingHTTPClient.split("example.com:8081")! == ("example.com", 8081))
        #expect(OutgoingHTTPClient.split("[::1]:9000")! == ("::1", 9000))
        #expect(OutgoingHTTPClient.split("[::1]")! == ("::1", 80))
        #expect(OutgoingHTTPClient.split("example.com:0") == nil)
        #expect(OutgoingHTTPClient.split("example.com:http") == nil)
        #expect(OutgoingHTTPClient.split("") == nil)
        #expect(OutgoingHTTPClient.withPort("Example.com") == "Example.com:80")
    }
}
