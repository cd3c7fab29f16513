import CapsuleWASI2
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Sends a served guest's outgoing requests (`wasi:http/outgoing-handler`) with swift-nio, to the
/// destinations allowed and no others: plain HTTP/1.1, one connection per request, the whole response
/// read before the guest sees it.
final class OutgoingHTTPClient: HTTPOutgoingHandler, Sendable {
    let group: any EventLoopGroup
    /// `host:port` pairs, ports explicit (80 when the flag gave none).
    let allowed: Set<String>
    let timeout: Double
    let maxResponseBody: Int

    init(group: any EventLoopGroup, allowed: [String], timeout: Double, maxResponseBody: Int) {
        self.group = group
        self.allowed = Set(allowed.map { Self.withPort($0.lowercased()) })
        self.timeout = timeout
        self.maxResponseBody = maxResponseBody
    }

    /// `host` as `host:80`, `host:port` as it is, `[v6]:port` without its brackets.
    static func withPort(_ authority: String) -> String {
        guard let (host, port) = split(authority) else { return authority }
        return "\(host):\(port)"
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port` as host and port (80 when none is given).
    static func split(_ authority: String) -> (host: String, port: Int)? {
        var host = Substring(authority)
        var port = 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]"), authority.firstIndex(of: ":") == colon || authority.hasPrefix("[") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else { return nil }
            port = number
            host = authority[..<colon]
        }
        let bare = host.trimmingCharacters(in: ["[", "]"])
        return bare.isEmpty ? nil : (bare, port)
    }

    func refusal(of request: WASIHTTPOutgoingRequest) -> HTTPErrorCode? {
        guard request.scheme == "http" else { return HTTPErrorCode("internal-error", detail: "only http is supported for outgoing requests") }
        guard let (host, port) = Self.split(request.authority.lowercased()) else { return HTTPErrorCode("HTTP-request-URI-invalid") }
        return allowed.contains("\(host):\(port)") ? nil : HTTPErrorCode("HTTP-request-denied")
    }

    func send(_ request: WASIHTTPOutgoingRequest) throws -> WASIHTTPResponse {
        if let refusal = refusal(of: request) { throw refusal }
        guard let (host, port) = Self.split(request.authority.lowercased()) else { throw HTTPErrorCode("HTTP-request-URI-invalid") }

        let promise = group.next().makePromise(of: WASIHTTPResponse.self)
        let limit = maxResponseBody
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(min(timeout, 10) * 1000)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise, limit: limit))
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.connect(host: host, port: port).wait()
        } catch {
            promise.fail(HTTPErrorCode("connection-refused"))
            throw HTTPErrorCode("connection-refused")
        }
        var headers = HTTPHeaders()
        for (name, value) in request.headers { headers.add(name: name, value: String(decoding: value, as: UTF8.self)) }
        headers.replaceOrAdd(name: "host", value: request.authority)
        headers.replaceOrAdd(name: "content-length", value: String(request.body.count))
        headers.replaceOrAdd(name: "connection", value: "close")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.pathWithQuery, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !request.body.isEmpty { channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: request.body))), promise: nil) }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            promise.fail(HTTPErrorCode("HTTP-response-timeout"))
        }
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            return try promise.futureResult.wait()
        } catch let error as HTTPErrorCode {
            throw error
        } catch {
            throw HTTPErrorCode("HTTP-protocol-error")
        }
    }
}

/// Gathers one response: head, body (up to a limit), end.
final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart

    let promise: EventLoopPromise<WASIHTTPResponse>
    let limit: Int
    var head: HTTPResponseHead?
    var body: [UInt8] = []

    init(promise: EventLoopPromise<WASIHTTPResponse>, limit: Int) {
        self.promise = promise
        self.limit = limit
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body(var buffer):
            guard body.count + buffer.readableBytes <= limit else {
                promise.fail(HTTPErrorCode("HTTP-response-body-size"))
                context.close(promise: nil)
                return
            }
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return promise.fail(HTTPErrorCode("HTTP-protocol-error")) }
            promise.succeed(WASIHTTPResponse(
                status: UInt16(clamping: head.status.code), headers: head.headers.map { ($0.name, Array($0.value.utf8)) }, body: body))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(HTTPErrorCode("HTTP-response-incomplete"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(HTTPErrorCode("HTTP-protocol-error"))
        context.close(promise: nil)
    }
}
