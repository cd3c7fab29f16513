import CapsuleComponent
import CapsuleEngine
import CapsuleWASI
import CapsuleWASI2
import NIOCore
import NIOHTTP1
import NIOConcurrencyHelpers
import NIOPosix
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``ComponentServer`` serves: where it listens, and the limits each request runs under.
public struct ServeConfiguration: Sendable {
    /// The address to listen on (loopback by default).
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one (``ComponentServer/start()`` returns it).
    public var port = 8080
    /// The limits of each request's store (memory, fuel, call depth...).
    public var limits = StoreLimits()
    /// Seconds a request's guest may run before it is interrupted (nil: no limit).
    public var timeout: Double?
    /// The largest request body accepted: a bigger declared length gets 413, a longer chunked body ends
    /// in an error the guest reads.
    public var maxRequestBody = 16 << 20
    /// Threads running guests; the event loops that do the network are as many again.
    public var workers = System.coreCount
    /// Requests accepted but not finished (running or waiting for a worker) at most; past it, 503.
    public var maxPending = System.coreCount * 32
    /// Destinations (`host:port`, or `host` for port 80) the guest's outgoing HTTP requests may go to;
    /// every other one is denied with `HTTP-request-denied`, and with none, all are.
    public var allowedOutgoing: [String] = []
    /// Where each request's line goes, in the Common Log Format (nil: not logged).
    public var accessLog: (@Sendable (String) -> Void)?
    /// Where guest failures are explained (a trap, a missing response).
    public var errorLog: (@Sendable (String) -> Void)?

    /// The defaults: 127.0.0.1:8080, default store limits, no timeout, 16 MiB request bodies.
    public init() {}
}

/// An HTTP/1.1 server for a `wasi:http/proxy` component (swift-nio underneath): every request runs in a
/// fresh store and a fresh instance of the component, on a pool of worker threads, so a request can see
/// nothing another left behind. A guest that traps, runs out of fuel or time, or sends no response gets
/// its client a 500, and the server goes on.
///
/// ```swift
/// let server = ComponentServer(component: validated, configuration: ServeConfiguration(),
///                              wasi: { WASIConfiguration(arguments: ["service"]) })
/// let port = try server.start()
/// try server.wait()
/// ```
public final class ComponentServer: Sendable {
    let component: ValidatedComponent
    let configuration: ServeConfiguration
    let wasi: @Sendable () throws -> WASIConfiguration
    let group: MultiThreadedEventLoopGroup
    let pool: NIOThreadPool
    let channel = NIOLockedValueBox<(any Channel)?>(nil)
    /// The open connections, so that stopping can close them (and end any write a worker waits on).
    let connections = NIOLockedValueBox<[ObjectIdentifier: any Channel]>([:])
    let outgoing: OutgoingHTTPClient?
    /// Requests accepted and not yet finished.
    let pending = Atomic<Int>(0)

    /// A server for `component`; `wasi` makes each request's WASI configuration (environment, streams).
    public init(component: ValidatedComponent, configuration: ServeConfiguration, wasi: @escaping @Sendable () throws -> WASIConfiguration) {
        self.component = component
        self.configuration = configuration
        self.wasi = wasi
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        pool = NIOThreadPool(numberOfThreads: max(1, configuration.workers))
        outgoing = configuration.allowedOutgoing.isEmpty ? nil : OutgoingHTTPClient(
            group: group, allowed: configuration.allowedOutgoing, timeout: configuration.timeout ?? 30, maxResponseBody: configuration.maxRequestBody)
    }

    /// Binds and starts listening.
    /// - Returns: the port listened on.
    /// - Throws: when the address cannot be bound.
    @discardableResult
    public func start() throws -> Int {
        pool.start()
        let server = self
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 1024)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                let key = ObjectIdentifier(channel)
                server.connections.withLockedValue { $0[key] = channel }
                channel.closeFuture.whenComplete { _ in _ = server.connections.withLockedValue { $0.removeValue(forKey: key) } }
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RequestHandler(server: server))
                }
            }
        let bound = try bootstrap.bind(host: configuration.host, port: configuration.port).wait()
        channel.withLockedValue { $0 = bound }
        return bound.localAddress?.port ?? configuration.port
    }

    /// Waits until the server is stopped.
    public func wait() throws {
        try channel.withLockedValue { $0 }?.closeFuture.wait()
    }

    /// Stops listening, closes the connections, waits for the guests still running (a guest without a
    /// timeout that never returns keeps this waiting) and ends the threads.
    public func stop() {
        if let bound = channel.withLockedValue({ $0 }) { try? bound.close().wait() }
        for connection in connections.withLockedValue({ Array($0.values) }) { try? connection.close().wait() }
        try? pool.syncShutdownGracefully()
        try? group.syncShutdownGracefully()
    }

    /// Runs one request on a worker thread: a fresh store and instance, the guest's handler, and a 500 if
    /// the guest failed before it responded (after it did, the connection is closed mid-body instead).
    func serve(_ request: ReceivedRequest, body: any HTTPBodySource, on channel: any Channel) {
        let responder = ChannelResponder(channel: channel, request: request, log: configuration.accessLog)
        var failure: String?
        do {
            var limits = configuration.limits
            if configuration.timeout != nil { limits.interruptible = true }
            let store = Store(limits: limits)
            let timer = configuration.timeout.map { seconds in
                channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { [handle = store.interruptHandle] in
                    handle.interrupt()
                    // A guest stuck writing to a client that does not read is not running Wasm, so the
                    // interrupt cannot reach it: closing the connection ends the wait.
                    if responder.isWaiting { channel.close(promise: nil) }
                }
            }
            defer { timer?.cancel() }
            let host = WASI2Host(try wasi())
            host.outgoingHTTP = outgoing
            host.interruptHandle = store.interruptHandle
            switch try host.handle(component, in: store, request: request.wasiHead, body: body, responder: responder) {
            case .complete: break
            case .incompleteBody: failure = "the component did not finish the response body"
            case .errorCode(let code): failure = "the component answered with error-code \(code)"
            case .noResponse: failure = "the component returned without setting the response"
            }
        } catch let trap as Trap {
            failure = "the component trapped: \(trap.kind)"
        } catch {
            failure = "\(error)"
        }
        (body as? StreamingBody)?.abandon()
        if let failure {
            configuration.errorLog?("capsule serve: \(request.head.method) \(request.head.uri): \(failure)")
            responder.fail()
        }
    }
}

/// A request read off a connection: its head, and who sent it.
struct ReceivedRequest: Sendable {
    let head: HTTPRequestHead
    let peer: String

    var wasiHead: WASIHTTPRequest {
        WASIHTTPRequest(
            method: head.method.rawValue, pathWithQuery: head.uri, scheme: "http", authority: head.headers.first(name: "host"),
            headers: head.headers.map { ($0.name, Array($0.value.utf8)) })
    }
}

/// A request body arriving from the connection while the guest reads it: the event loop appends what comes,
/// the worker waits for it. Past 1 MiB unread the connection stops reading until the guest catches up, so a
/// fast client cannot fill the server's memory either.
final class StreamingBody: HTTPBodySource, @unchecked Sendable {
    private let condition = NSCondition()
    private var unread: [UInt8] = []
    private var received = 0
    private var ended = false
    private var failure: String?
    private var paused = false
    private var abandoned = false
    private let limit: Int
    /// Seconds a read waits with nothing arriving.
    private let idle: TimeInterval
    private var lastArrival = Date()
    private let resume: @Sendable () -> Void

    static let pauseAbove = 1 << 20

    /// A body of at most `limit` bytes; a read waits at most `idle` seconds for more to arrive.
    init(limit: Int, idle: TimeInterval, resume: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.idle = idle
        self.resume = resume
    }

    /// More of the body (on the event loop). Returns whether the connection should stop reading for now.
    func append(_ bytes: [UInt8]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard failure == nil, !ended, !abandoned else { return false }
        received += bytes.count
        lastArrival = Date()
        if received > limit {
            failure = "request body larger than \(limit) bytes"
            unread = []
        } else {
            unread += bytes
        }
        condition.broadcast()
        paused = unread.count > Self.pauseAbove
        return paused
    }

    /// The body is complete.
    func end() {
        condition.lock()
        ended = true
        condition.broadcast()
        condition.unlock()
    }

    /// The body will not be complete (the connection closed).
    func fail(_ reason: String) {
        condition.lock()
        if !ended && failure == nil { failure = reason }
        condition.broadcast()
        condition.unlock()
    }

    /// The guest is done: what it did not read is dropped, and so is the rest as it comes (so that the
    /// connection can go on to its next request).
    func abandon() {
        condition.lock()
        defer { condition.unlock() }
        abandoned = true
        unread = []
        if paused {
            paused = false
            resume()
        }
    }

    func read(maxCount: Int) throws -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while unread.isEmpty && !ended && failure == nil {
            let deadline = lastArrival.addingTimeInterval(idle)
            if !condition.wait(until: deadline), unread.isEmpty, !ended, Date() >= lastArrival.addingTimeInterval(idle) {
                failure = "timed out waiting for the request body"
            }
        }
        if let failure { throw BodyError(reason: failure) }
        let count = min(maxCount, unread.count)
        let bytes = Array(unread[..<count])
        unread.removeFirst(count)
        if paused && unread.count <= Self.pauseAbove / 4 {
            paused = false
            resume()
        }
        return bytes
    }

    struct BodyError: Error { let reason: String }
}

/// Reads requests off one connection (the pipeline handler in front keeps them one at a time): a request
/// goes to the worker pool as soon as its head is in, and its body follows as it arrives.
final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: ComponentServer
    var body: StreamingBody?

    init(server: ComponentServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let channel = context.channel
            let request = ReceivedRequest(head: head, peer: channel.remoteAddress?.ipAddress ?? "-")
            let limit = server.configuration.maxRequestBody
            if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                ChannelResponder(channel: channel, request: request, log: server.configuration.accessLog)
                    .plain(status: .payloadTooLarge, "request body larger than \(limit) bytes\n", close: true)
                body = nil
                return
            }
            guard server.pending.add(1, ordering: .relaxed).newValue <= server.configuration.maxPending else {
                server.pending.subtract(1, ordering: .relaxed)
                ChannelResponder(channel: channel, request: request, log: server.configuration.accessLog)
                    .plain(status: .serviceUnavailable, "too many requests in progress\n", close: true)
                body = nil
                return
            }
            let body = StreamingBody(limit: limit, idle: server.configuration.timeout ?? 60) {
                channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in channel.read() }
            }
            self.body = body
            let server = self.server
            server.pool.submit { state in
                defer { server.pending.subtract(1, ordering: .relaxed) }
                guard case .active = state else { return body.fail("the server is stopping") }
                server.serve(request, body: body, on: channel)
            }
        case .body(var buffer):
            guard let body else { return }
            if body.append(buffer.readBytes(length: buffer.readableBytes) ?? []) {
                context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
            }
        case .end:
            body?.end()
            body = nil
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        body?.fail("the connection closed")
        body = nil
        context.fireChannelInactive()
    }
}

/// Sends a guest's response on its connection from the worker thread: the head, the body as written
/// (waiting for the socket when more than 256 KiB are queued, so a fast guest cannot fill memory), the
/// end; then the access-log line.
final class ChannelResponder: HTTPResponder, @unchecked Sendable {
    let channel: any Channel
    let request: ReceivedRequest
    let log: (@Sendable (String) -> Void)?
    let keepAlive: Bool
    var status: UInt16?
    var bytes = 0
    var queued = 0
    var lastWrite: EventLoopFuture<Void>?
    var finished = false
    /// The length the guest declared (`content-length`), which the body must match exactly.
    var declaredLength: Int?
    /// No body may follow this head (a HEAD request, a 204 or a 304): the guest's bytes are dropped.
    var bodyless = false
    /// How long a worker waits for a client to take queued bytes before the connection is closed.
    static let writeStall: TimeAmount = .seconds(30)
    private let waiting = NIOLockedValueBox(false)
    /// Whether the worker is waiting for the socket to take queued bytes.
    var isWaiting: Bool { waiting.withLockedValue { $0 } }

    init(channel: any Channel, request: ReceivedRequest, log: (@Sendable (String) -> Void)?) {
        self.channel = channel
        self.request = request
        self.log = log
        keepAlive = request.head.isKeepAlive
    }

    func start(status: UInt16, headers: [(name: String, value: [UInt8])]) {
        self.status = status
        var fields = HTTPHeaders()
        var lengths: [String] = []
        for (name, value) in headers {
            let text = String(decoding: value, as: UTF8.self)
            // The server frames the body: a guest's content-length is kept only when it is one plain
            // number, and the body is then held to it (a longer one would smuggle a response).
            if name.lowercased() == "content-length" { lengths.append(text); continue }
            fields.add(name: name, value: text)
        }
        bodyless = request.head.method == .HEAD || status == 204 || status == 304
        guard (200...599).contains(status) else {
            // Informational heads are the server's to send (and NIO expects a final one after them).
            self.status = nil
            plain(status: .internalServerError, "500 Internal Server Error\n", close: true)
            return
        }
        if lengths.count == 1, let length = Int(lengths[0].trimmingCharacters(in: .whitespaces)), length >= 0 {
            declaredLength = length
            if status != 204 && status != 304 { fields.add(name: "content-length", value: String(length)) }
        }
        if !keepAlive { fields.replaceOrAdd(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: request.head.version, status: HTTPResponseStatus(statusCode: Int(status)), headers: fields)
        lastWrite = channel.writeAndFlush(HTTPServerResponsePart.head(head))
    }

    /// A write the response cannot take: past its declared length, or after it ended.
    struct WriteRefused: Error {}

    func write(_ data: [UInt8]) throws {
        guard !finished else { throw WriteRefused() }
        guard !data.isEmpty, !bodyless else { return }
        if let declaredLength, bytes + data.count > declaredLength { throw WriteRefused() }
        bytes += data.count
        queued += data.count
        lastWrite = channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: data))))
        if queued > 256 << 10, let lastWrite {
            queued = 0
            waiting.withLockedValue { $0 = true }
            defer { waiting.withLockedValue { $0 = false } }
            // A client that stops reading is cut off rather than holding the worker.
            let channel = self.channel
            let stall = channel.eventLoop.scheduleTask(in: Self.writeStall) { channel.close(promise: nil) }
            defer { stall.cancel() }
            try lastWrite.wait()
        }
    }

    func finish() {
        guard !finished else { return }
        if let declaredLength, bytes != declaredLength, !bodyless {
            // Shorter than declared: the client must not take what follows for this body.
            fail()
            return
        }
        finished = true
        logLine()
        let ended = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if !keepAlive {
            let channel = self.channel
            ended.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// The guest failed: a 500 when nothing was sent yet, else the connection closes mid-body.
    func fail() {
        if status == nil {
            plain(status: .internalServerError, "500 Internal Server Error\n", close: !keepAlive)
        } else if !finished {
            let channel = self.channel
            channel.eventLoop.execute { channel.close(promise: nil) }
            logLine()
        }
    }

    func plain(status: HTTPResponseStatus, _ text: String, close: Bool) {
        self.status = UInt16(status.code)
        var fields = HTTPHeaders()
        fields.add(name: "content-type", value: "text/plain")
        fields.add(name: "content-length", value: String(text.utf8.count))
        if close || !keepAlive { fields.add(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: request.head.version, status: status, headers: fields)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(string: text))), promise: nil)
        bytes = text.utf8.count
        finished = true
        logLine()
        let ended = channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        if close || !keepAlive {
            let channel = self.channel
            ended.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// `127.0.0.1 - - [04/Dec/2026:20:05:00 +0000] "GET / HTTP/1.1" 200 42`
    func logLine() {
        guard let log else { return }
        let head = request.head
        log("\(request.peer) - - [\(Self.timestamp())] \"\(head.method.rawValue) \(head.uri) HTTP/\(head.version.major).\(head.version.minor)\" \(status.map(String.init) ?? "-") \(bytes)")
    }

    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%d/%b/%Y:%H:%M:%S +0000", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
