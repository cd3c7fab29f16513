import CapsuleComponent
import CapsuleEngine
import CapsuleWASI
import CapsuleWASI2
import NIOCore
import NIOHTTP1
import NIOConcurrencyHelpers
import NIOPosix

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
    /// The largest request body accepted; a bigger one gets 413.
    public var maxRequestBody = 16 << 20
    /// Threads running guests; the event loops that do the network are as many again.
    public var workers = System.coreCount
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

    /// A server for `component`; `wasi` makes each request's WASI configuration (environment, streams).
    public init(component: ValidatedComponent, configuration: ServeConfiguration, wasi: @escaping @Sendable () throws -> WASIConfiguration) {
        self.component = component
        self.configuration = configuration
        self.wasi = wasi
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, System.coreCount))
        pool = NIOThreadPool(numberOfThreads: max(1, configuration.workers))
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
                channel.eventLoop.makeCompletedFuture {
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

    /// Stops listening, closes connections and ends the worker threads.
    public func stop() {
        if let bound = channel.withLockedValue({ $0 }) { try? bound.close().wait() }
        try? group.syncShutdownGracefully()
        try? pool.syncShutdownGracefully()
    }

    /// Runs one request on a worker thread: a fresh store and instance, the guest's handler, and a 500 if
    /// the guest failed before it responded (after it did, the connection is closed mid-body instead).
    func serve(_ request: ReceivedRequest, on channel: any Channel) {
        let responder = ChannelResponder(channel: channel, request: request, log: configuration.accessLog)
        var failure: String?
        do {
            var limits = configuration.limits
            if configuration.timeout != nil { limits.interruptible = true }
            let store = Store(limits: limits)
            let timer = configuration.timeout.map { seconds in
                channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { [handle = store.interruptHandle] in handle.interrupt() }
            }
            defer { timer?.cancel() }
            let host = WASI2Host(try wasi())
            switch try host.handle(component, in: store, request: request.wasiHead, body: BufferedHTTPBody(request.body), responder: responder) {
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
        if let failure {
            configuration.errorLog?("capsule serve: \(request.head.method) \(request.head.uri): \(failure)")
            responder.fail()
        }
    }
}

/// A request read off a connection: its head and body.
struct ReceivedRequest: Sendable {
    let head: HTTPRequestHead
    let body: [UInt8]
    let peer: String

    var wasiHead: WASIHTTPRequest {
        WASIHTTPRequest(
            method: head.method.rawValue, pathWithQuery: head.uri, scheme: "http", authority: head.headers.first(name: "host"),
            headers: head.headers.map { ($0.name, Array($0.value.utf8)) })
    }
}

/// Reads requests off one connection (the pipeline handler in front keeps them one at a time) and hands
/// each, once its body is in, to the worker pool.
final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: ComponentServer
    var head: HTTPRequestHead?
    var body: [UInt8] = []
    var tooLarge = false

    init(server: ComponentServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            tooLarge = false
        case .body(var buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > server.configuration.maxRequestBody {
                tooLarge = true
                body = []
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let channel = context.channel
            let peer = channel.remoteAddress?.ipAddress ?? "-"
            if tooLarge {
                ChannelResponder(channel: channel, request: ReceivedRequest(head: head, body: [], peer: peer), log: server.configuration.accessLog)
                    .plain(status: .payloadTooLarge, "request body larger than \(server.configuration.maxRequestBody) bytes\n", close: true)
                return
            }
            let request = ReceivedRequest(head: head, body: body, peer: peer)
            body = []
            let server = self.server
            server.pool.submit { state in
                guard case .active = state else { return }
                server.serve(request, on: channel)
            }
        }
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

    init(channel: any Channel, request: ReceivedRequest, log: (@Sendable (String) -> Void)?) {
        self.channel = channel
        self.request = request
        self.log = log
        keepAlive = request.head.isKeepAlive
    }

    func start(status: UInt16, headers: [(name: String, value: [UInt8])]) {
        self.status = status
        var fields = HTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: String(decoding: value, as: UTF8.self)) }
        if !keepAlive { fields.replaceOrAdd(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: request.head.version, status: HTTPResponseStatus(statusCode: Int(status)), headers: fields)
        lastWrite = channel.writeAndFlush(HTTPServerResponsePart.head(head))
    }

    func write(_ data: [UInt8]) throws {
        guard !data.isEmpty else { return }
        bytes += data.count
        queued += data.count
        lastWrite = channel.writeAndFlush(HTTPServerResponsePart.body(.byteBuffer(ByteBuffer(bytes: data))))
        if queued > 256 << 10, let lastWrite {
            queued = 0
            try lastWrite.wait()
        }
    }

    func finish() {
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
