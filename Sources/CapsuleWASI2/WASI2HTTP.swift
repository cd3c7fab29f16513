import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleWASI

/// A request as a server received it, handed to a component's `wasi:http/incoming-handler`.
public struct WASIHTTPRequest: Sendable {
    /// The method, such as `GET`.
    public var method: String
    /// The request target: path and query, such as `/search?q=wasm`.
    public var pathWithQuery: String
    /// `http` or `https`, when known.
    public var scheme: String?
    /// The `host` header's value, when the request had one.
    public var authority: String?
    /// The header fields, in order, names as received.
    public var headers: [(name: String, value: [UInt8])]

    /// A request head.
    public init(method: String, pathWithQuery: String, scheme: String? = "http", authority: String? = nil, headers: [(name: String, value: [UInt8])] = []) {
        self.method = method
        self.pathWithQuery = pathWithQuery
        self.scheme = scheme
        self.authority = authority
        self.headers = headers
    }
}

/// Where a request's body comes from, read by the guest through an `input-stream`.
public protocol HTTPBodySource: AnyObject {
    /// Up to `maxCount` bytes, waiting for some when none have arrived yet; empty at the end of the body.
    /// - Throws: when the body cannot be read to its end (the client went away); the guest sees `closed`.
    func read(maxCount: Int) throws -> [UInt8]
}

/// A body that is already all here.
public final class BufferedHTTPBody: HTTPBodySource {
    private var bytes: [UInt8]
    private var offset = 0

    /// A body of these bytes.
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }

    /// The next bytes, or none at the end.
    public func read(maxCount: Int) -> [UInt8] {
        let end = offset + min(maxCount, bytes.count - offset)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// Where a component's response goes: the head once, when the guest sets its `response-outparam`, then
/// the body as the guest writes it, then the end.
public protocol HTTPResponder: AnyObject {
    /// The status and header fields.
    func start(status: UInt16, headers: [(name: String, value: [UInt8])])
    /// Body bytes, in order.
    /// - Throws: when they cannot be delivered (the client went away); the guest sees its stream closed.
    func write(_ bytes: [UInt8]) throws
    /// The body is complete.
    func finish()
}

/// A request a guest makes through `wasi:http/outgoing-handler`, its body complete.
public struct WASIHTTPOutgoingRequest: Sendable {
    /// The method, such as `GET`.
    public var method: String
    /// `http` or `https` (or another the guest named).
    public var scheme: String
    /// `host` or `host:port`.
    public var authority: String
    /// Path and query, such as `/items?id=3`.
    public var pathWithQuery: String
    /// The guest's header fields.
    public var headers: [(name: String, value: [UInt8])]
    /// The body the guest wrote.
    public var body: [UInt8]
}

/// The response to an outgoing request, as the guest will read it.
public struct WASIHTTPResponse: Sendable {
    /// The status code.
    public var status: UInt16
    /// The header fields.
    public var headers: [(name: String, value: [UInt8])]
    /// The whole body.
    public var body: [UInt8]

    /// A response.
    public init(status: UInt16, headers: [(name: String, value: [UInt8])], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// An outgoing request that failed, as a `wasi:http/types.error-code` case (such as `HTTP-request-denied`
/// or `connection-refused`; `internal-error` carries its detail).
public struct HTTPErrorCode: Error, Sendable, Equatable {
    /// The case's name.
    public var name: String
    /// For `internal-error`: what went wrong.
    public var detail: String?

    /// An error code.
    public init(_ name: String, detail: String? = nil) {
        self.name = name
        self.detail = detail
    }

    var value: ComponentValue {
        .variant(name, name == "internal-error" ? .option(detail.map { .string($0) }) : nil)
    }
}

/// Makes the requests a guest sends through `wasi:http/outgoing-handler` (the host decides which it may).
/// Without one, ``WASI2Host`` denies every outgoing request.
public protocol HTTPOutgoingHandler: AnyObject, Sendable {
    /// Whether the request may go at all, asked when the guest hands it over (its body may not be written
    /// yet): nil when it may, else the error `outgoing-handler.handle` returns (`HTTP-request-denied`).
    func refusal(of request: WASIHTTPOutgoingRequest) -> HTTPErrorCode?

    /// Sends the request and waits for the whole response.
    /// - Throws: ``HTTPErrorCode``: `HTTP-request-denied` for a destination not allowed, or why it failed.
    func send(_ request: WASIHTTPOutgoingRequest) throws -> WASIHTTPResponse
}

/// How a component dealt with one request.
public enum HTTPHandlingOutcome: Sendable, Equatable {
    /// It sent a response and finished its body.
    case complete
    /// It sent a response head but did not finish the body (it dropped it, or returned without finishing).
    case incompleteBody
    /// It answered the `response-outparam` with an `error-code` (the case's name).
    case errorCode(String)
    /// It returned without setting the `response-outparam`.
    case noResponse
}

extension WASI2Host {
    /// Header names a guest may not set: hop-by-hop fields the server owns (as wasmtime refuses them).
    static let forbiddenFields: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "host", "http2-settings", "te"]

    /// A `fields` resource: header or trailer fields, mutable until they are attached to a message.
    final class Fields {
        var entries: [(name: String, value: [UInt8])]
        var mutable: Bool

        init(_ entries: [(name: String, value: [UInt8])] = [], mutable: Bool = true) {
            self.entries = entries
            self.mutable = mutable
        }
    }

    /// One exchange: the request as received, its body, and where the response goes.
    final class Exchange {
        let head: WASIHTTPRequest
        let body: any HTTPBodySource
        let responder: any HTTPResponder
        var bodyTaken = false
        var outcome: HTTPHandlingOutcome = .noResponse

        init(head: WASIHTTPRequest, body: any HTTPBodySource, responder: any HTTPResponder) {
            self.head = head
            self.body = body
            self.responder = responder
        }
    }

    /// What all of one host's messages may hold before they are sent, together: one guest cannot make
    /// many messages of the per-message limit.
    final class BodyBudget {
        static let limit = 256 << 20
        private(set) var used = 0

        func take(_ count: Int) -> Bool {
            guard count <= Self.limit - used else { return false }
            used += count
            return true
        }
    }

    /// The answer to an outgoing request, made when the guest first asks for it (its body finished).
    final class FutureResponse {
        let request: OutgoingMessage
        var result: Result<WASIHTTPResponse, HTTPErrorCode>?
        var taken = false

        init(request: OutgoingMessage) { self.request = request }
    }

    /// A response to an outgoing request, being read.
    final class IncomingResponse {
        let response: WASIHTTPResponse
        var consumed = false

        init(_ response: WASIHTTPResponse) { self.response = response }
    }

    /// An `outgoing-response` (or `outgoing-request`) being built, and its body.
    final class OutgoingMessage {
        var status: UInt16 = 200
        let headers: Fields
        var bodyTaken = false
        var streamTaken = false
        var finished = false
        /// Set once the response is handed to the responder; until then written bytes wait in `pending`.
        var exchange: Exchange?
        var pending: [UInt8] = []
        var failed = false
        // For outgoing requests.
        var method: ComponentValue = .variant("get", nil)
        var pathWithQuery: String?
        var scheme: ComponentValue?
        var authority: String?

        /// The bytes held by every message of this host, against `BodyBudget.limit`.
        let budget: BodyBudget

        init(headers: Fields, budget: BodyBudget = BodyBudget()) {
            self.headers = headers
            self.budget = budget
        }

        /// The most a body may hold before it is sent (an outgoing request's, or a response's written
        /// before its outparam is set): past it, writes fail, so a guest cannot grow the host without bound.
        static let pendingLimit = 64 << 20

        func write(_ bytes: [UInt8]) throws {
            guard !finished else { throw WASIErrno.pipe }
            guard let exchange else {
                guard pending.count + bytes.count <= Self.pendingLimit, budget.take(bytes.count) else { throw WASIErrno.fbig }
                pending += bytes
                return
            }
            do { try exchange.responder.write(bytes) } catch {
                failed = true
                throw error
            }
        }
    }

    static func text(_ value: ComponentValue?) throws -> String {
        guard case .string(let text)? = value else { throw trap("expected a string") }
        return text
    }

    static func headerError(_ name: String) -> ComponentValue { .result(.failure(.init(.variant(name, nil)))) }

    /// Whether `name` is an HTTP field name (a token) and `value` a field value (no CR, LF or NUL).
    static func validField(_ name: String, _ value: [UInt8]?) -> Bool {
        let token = Set("!#$%&'*+-.^_`|~".utf8)
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || token.contains($0) }) else {
            return false
        }
        return value.map { !$0.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) } ?? true
    }

    /// The header error for adding `name: value` to `fields`, if adding it is refused.
    static func refusal(_ fields: Fields, _ name: String, _ values: [[UInt8]]) -> ComponentValue? {
        guard fields.mutable else { return headerError("immutable") }
        guard values.allSatisfy({ validField(name, $0) }), validField(name, nil) else { return headerError("invalid-syntax") }
        guard !forbiddenFields.contains(name.lowercased()) else { return headerError("forbidden") }
        return nil
    }

    static func fieldsList(_ value: ComponentValue?) throws -> [(name: String, value: [UInt8])] {
        guard case .list(let items)? = value else { throw trap("expected a list of fields") }
        return try items.map { item in
            guard case .tuple(let parts) = item, parts.count == 2 else { throw trap("expected a field") }
            return (try text(parts[0]), try bytes(parts[1]))
        }
    }

    static func methodValue(_ method: String) -> ComponentValue {
        let known = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]
        return known.contains(method) ? .variant(method.lowercased(), nil) : .variant("other", .string(method))
    }

    static func schemeValue(_ scheme: String?) -> ComponentValue {
        switch scheme?.lowercased() {
        case nil: return .option(nil)
        case "http"?: return .option(.variant("HTTP", nil))
        case "https"?: return .option(.variant("HTTPS", nil))
        case let other?: return .option(.variant("other", .string(other)))
        }
    }

    func fields(_ value: ComponentValue?) throws -> Fields {
        guard case .fields(let fields) = try object(value) else { throw Self.trap("not a fields resource") }
        return fields
    }

    func message(_ value: ComponentValue?) throws -> OutgoingMessage {
        switch try object(value) {
        case .outgoingMessage(let message), .outgoingBody(let message): return message
        default: throw Self.trap("not an outgoing message")
        }
    }

    func exchange(_ value: ComponentValue?) throws -> Exchange {
        switch try object(value) {
        case .incomingRequest(let exchange), .incomingBody(let exchange), .responseOutparam(let exchange): return exchange
        default: throw Self.trap("not an incoming request")
        }
    }

    /// `wasi:http/types` and `wasi:http/outgoing-handler`.
    func http(_ name: String, _ signature: FunctionSignature) -> (([ComponentValue]) throws -> ComponentValue?)? {
        let resource = Self.returnedResource(signature)
        let member = name.split(separator: "#", maxSplits: 1).last.map(String.init) ?? name
        switch member {
        case "[constructor]fields":
            return { [unowned self] _ in try own(.fields(Fields()), resource) }
        case "[static]fields.from-list":
            return { [unowned self] arguments in
                let entries = try Self.fieldsList(arguments.first)
                let fields = Fields()
                for entry in entries {
                    if let refused = Self.refusal(fields, entry.name, [entry.value]) { return refused }
                }
                fields.entries = entries
                return .result(.success(try own(.fields(fields), resource)))
            }
        case "[method]fields.get":
            return { [unowned self] arguments in
                let wanted = try Self.text(arguments.dropFirst().first).lowercased()
                return .list(try fields(arguments.first).entries.filter { $0.name.lowercased() == wanted }.map { Self.list($0.value) })
            }
        case "[method]fields.has":
            return { [unowned self] arguments in
                let wanted = try Self.text(arguments.dropFirst().first).lowercased()
                return .bool(try fields(arguments.first).entries.contains { $0.name.lowercased() == wanted })
            }
        case "[method]fields.set", "[method]fields.append", "[method]fields.delete":
            return { [unowned self] arguments in
                let target = try fields(arguments.first)
                let field = try Self.text(arguments.dropFirst().first)
                var values: [[UInt8]] = []
                if member.hasSuffix(".set"), case .list(let items)? = arguments.dropFirst(2).first {
                    values = try items.map { try Self.bytes($0) }
                } else if member.hasSuffix(".append") {
                    values = [try Self.bytes(arguments.dropFirst(2).first)]
                }
                if let refused = Self.refusal(target, field, values) { return refused }
                if !member.hasSuffix(".append") { target.entries.removeAll { $0.name.lowercased() == field.lowercased() } }
                target.entries += values.map { (field, $0) }
                return .result(.success(nil))
            }
        case "[method]fields.entries":
            return { [unowned self] arguments in
                .list(try fields(arguments.first).entries.map { .tuple([.string($0.name), Self.list($0.value)]) })
            }
        case "[method]fields.clone":
            return { [unowned self] arguments in try own(.fields(Fields(try fields(arguments.first).entries)), resource) }
        case "[method]incoming-request.method":
            return { [unowned self] arguments in Self.methodValue(try exchange(arguments.first).head.method) }
        case "[method]incoming-request.path-with-query":
            return { [unowned self] arguments in .option(.string(try exchange(arguments.first).head.pathWithQuery)) }
        case "[method]incoming-request.scheme":
            return { [unowned self] arguments in Self.schemeValue(try exchange(arguments.first).head.scheme) }
        case "[method]incoming-request.authority":
            return { [unowned self] arguments in .option(try exchange(arguments.first).head.authority.map { .string($0) }) }
        case "[method]incoming-request.headers":
            return { [unowned self] arguments in
                try own(.fields(Fields(try exchange(arguments.first).head.headers, mutable: false)), resource)
            }
        case "[method]incoming-request.consume":
            return { [unowned self] arguments in
                let exchange = try exchange(arguments.first)
                guard !exchange.bodyTaken else { return .result(.failure(.init(nil))) }
                exchange.bodyTaken = true
                return .result(.success(try own(.incomingBody(exchange), resource)))
            }
        case "[method]incoming-body.stream":
            return { [unowned self] arguments in
                switch try object(arguments.first) {
                case .incomingBody(let exchange): return .result(.success(try own(.bodyInput(exchange.body), resource)))
                case .responseBody(let body): return .result(.success(try own(.bodyInput(body), resource)))
                default: throw Self.trap("not an incoming body")
                }
            }
        case "[method]incoming-response.status":
            return { [unowned self] arguments in
                guard case .incomingResponse(let response) = try object(arguments.first) else { throw Self.trap("not an incoming response") }
                return .u16(response.response.status)
            }
        case "[method]incoming-response.headers":
            return { [unowned self] arguments in
                guard case .incomingResponse(let response) = try object(arguments.first) else { throw Self.trap("not an incoming response") }
                return try own(.fields(Fields(response.response.headers, mutable: false)), resource)
            }
        case "[method]incoming-response.consume":
            return { [unowned self] arguments in
                guard case .incomingResponse(let response) = try object(arguments.first) else { throw Self.trap("not an incoming response") }
                guard !response.consumed else { return .result(.failure(.init(nil))) }
                response.consumed = true
                return .result(.success(try own(.responseBody(BufferedHTTPBody(response.response.body)), resource)))
            }
        case "[static]incoming-body.finish":
            return { [unowned self] _ in try own(.trailers, resource) }
        case "[method]future-trailers.subscribe", "[method]future-incoming-response.subscribe":
            return { [unowned self] _ in try own(.pollable(deadline: 0), resource) }
        case "[method]future-trailers.get":
            // Trailers are not passed on: the body ended with none.
            return { _ in .option(.result(.success(.result(.success(.option(nil)))))) }
        case "[constructor]outgoing-response", "[constructor]outgoing-request":
            return { [unowned self] arguments in
                let headers = try fields(arguments.first)
                headers.mutable = false
                return try own(.outgoingMessage(OutgoingMessage(headers: headers, budget: bodyBudget)), resource)
            }
        case "[method]outgoing-response.status-code":
            return { [unowned self] arguments in .u16(try message(arguments.first).status) }
        case "[method]outgoing-response.set-status-code":
            return { [unowned self] arguments in
                let response = try message(arguments.first)
                // Informational (1xx) statuses are the server's to send, not a final response.
                guard case .u16(let status)? = arguments.dropFirst().first, (200...599).contains(status), response.exchange == nil else {
                    return .result(.failure(.init(nil)))
                }
                response.status = status
                return .result(.success(nil))
            }
        case "[method]outgoing-response.headers", "[method]outgoing-request.headers":
            return { [unowned self] arguments in try own(.fields(try message(arguments.first).headers), resource) }
        case "[method]outgoing-response.body", "[method]outgoing-request.body":
            return { [unowned self] arguments in
                let message = try message(arguments.first)
                guard !message.bodyTaken else { return .result(.failure(.init(nil))) }
                message.bodyTaken = true
                return .result(.success(try own(.outgoingBody(message), resource)))
            }
        case "[method]outgoing-body.write":
            return { [unowned self] arguments in
                guard case .outgoingBody(let message) = try object(arguments.first), !message.streamTaken else { return .result(.failure(.init(nil))) }
                message.streamTaken = true
                return .result(.success(try own(.bodyOutput(message), resource)))
            }
        case "[static]outgoing-body.finish":
            return { [unowned self] arguments in
                guard case .outgoingBody(let message) = try object(arguments.first) else { throw Self.trap("not an outgoing body") }
                guard !message.finished else { return .result(.failure(.init(.variant("internal-error", .option(.string("body already finished")))))) }
                message.finished = true
                if let exchange = message.exchange {
                    exchange.responder.finish()
                    exchange.outcome = .complete
                }
                return .result(.success(nil))
            }
        case "[static]response-outparam.set":
            return { [unowned self] arguments in
                guard case .responseOutparam(let exchange) = try object(arguments.first) else { throw Self.trap("not a response-outparam") }
                guard exchange.outcome == .noResponse else { throw Self.trap("response-outparam set twice") }
                switch arguments.dropFirst().first {
                case .result(.success(let response?))?:
                    let message = try message(response)
                    message.exchange = exchange
                    exchange.outcome = .incompleteBody
                    exchange.responder.start(status: message.status, headers: message.headers.entries)
                    if !message.pending.isEmpty {
                        let pending = message.pending
                        message.pending = []
                        try? exchange.responder.write(pending)
                    }
                    if message.finished {
                        exchange.responder.finish()
                        exchange.outcome = .complete
                    }
                case .result(.failure(let error))?:
                    if case .variant(let code, _)? = error.payload { exchange.outcome = .errorCode(code) } else { exchange.outcome = .errorCode("internal-error") }
                default:
                    throw Self.trap("response-outparam.set needs a result")
                }
                return nil
            }
        case "http-error-code":
            return { _ in .option(nil) }
        case "[method]outgoing-request.method":
            return { [unowned self] arguments in try message(arguments.first).method }
        case "[method]outgoing-request.set-method":
            return { [unowned self] arguments in
                let method = arguments.dropFirst().first ?? .variant("get", nil)
                if case .variant("other", .string(let text)?) = method, !Self.validField(text, nil) { return .result(.failure(.init(nil))) }
                try message(arguments.first).method = method
                return .result(.success(nil))
            }
        case "[method]outgoing-request.path-with-query", "[method]outgoing-request.authority":
            let isPath = member.hasSuffix("path-with-query")
            return { [unowned self] arguments in
                let request = try message(arguments.first)
                return .option((isPath ? request.pathWithQuery : request.authority).map { .string($0) })
            }
        case "[method]outgoing-request.set-path-with-query", "[method]outgoing-request.set-authority":
            let isPath = member.hasSuffix("path-with-query")
            return { [unowned self] arguments in
                let request = try message(arguments.first)
                var text: String?
                if case .option(let value?)? = arguments.dropFirst().first { text = try Self.text(value) }
                // No spaces or control characters: they would end the request line or header early.
                if let text, text.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) || (isPath && !text.hasPrefix("/") && text != "*") {
                    return .result(.failure(.init(nil)))
                }
                if isPath { request.pathWithQuery = text } else { request.authority = text }
                return .result(.success(nil))
            }
        case "[method]outgoing-request.scheme":
            return { [unowned self] arguments in .option(try message(arguments.first).scheme) }
        case "[method]outgoing-request.set-scheme":
            return { [unowned self] arguments in
                if case .option(let scheme)? = arguments.dropFirst().first { try message(arguments.first).scheme = scheme }
                return .result(.success(nil))
            }
        case "[constructor]request-options":
            return { [unowned self] _ in try own(.requestOptions, resource) }
        case let option where option.hasPrefix("[method]request-options."):
            return { _ in option.contains(".set-") ? .result(.success(nil)) : .option(nil) }
        case "[method]future-incoming-response.get":
            return { [unowned self] arguments in
                guard case .futureResponse(let future) = try object(arguments.first) else { throw Self.trap("not a future-incoming-response") }
                return try futureResponse(future, resource)
            }
        case "handle" where name.hasPrefix("wasi:http/outgoing-handler#"):
            return { [unowned self] arguments in
                // Denied unless the embedder gave the host a handler to send them.
                guard let handler = outgoingHTTP else { return .result(.failure(.init(HTTPErrorCode("HTTP-request-denied").value))) }
                let request = try message(arguments.first)
                if let refusal = handler.refusal(of: Self.outgoing(request)) { return .result(.failure(.init(refusal.value))) }
                return .result(.success(try own(.futureResponse(FutureResponse(request: request)), resource)))
            }
        default:
            return nil
        }
    }

    /// The request a guest built, as the host's handler sees it.
    static func outgoing(_ request: OutgoingMessage) -> WASIHTTPOutgoingRequest {
        let method: String
        switch request.method {
        case .variant("other", .string(let text)?): method = text
        case .variant(let name, _): method = name.uppercased()
        default: method = "GET"
        }
        let scheme: String
        switch request.scheme {
        case .variant("HTTPS", _)?: scheme = "https"
        case .variant("other", .string(let text)?)?: scheme = text
        default: scheme = "http"
        }
        return WASIHTTPOutgoingRequest(
            method: method, scheme: scheme, authority: request.authority ?? "", pathWithQuery: request.pathWithQuery ?? "/",
            headers: request.headers.entries, body: request.pending)
    }

    /// `future-incoming-response.get`: nothing until the request's body is finished (or was never taken),
    /// then the response, sent for on this first call; an error the second time.
    func futureResponse(_ future: FutureResponse, _ resource: ResourceIdentity?) throws -> ComponentValue {
        let request = future.request
        if request.bodyTaken && !request.finished { return .option(nil) }
        guard !future.taken else { return .option(.result(.failure(.init(nil)))) }
        if future.result == nil {
            let outgoing = Self.outgoing(request)
            do {
                guard let handler = outgoingHTTP else { throw HTTPErrorCode("HTTP-request-denied") }
                future.result = .success(try handler.send(outgoing))
            } catch let error as HTTPErrorCode {
                future.result = .failure(error)
            } catch {
                future.result = .failure(HTTPErrorCode("internal-error", detail: "\(error)"))
            }
        }
        future.taken = true
        switch future.result {
        case .success(let response)?:
            return .option(.result(.success(.result(.success(try own(.incomingResponse(IncomingResponse(response)), resource))))))
        case .failure(let error)?:
            return .option(.result(.success(.result(.failure(.init(error.value))))))
        case nil:
            return .option(nil)
        }
    }

    /// Instantiates the component in `store` and hands it one request through its
    /// `wasi:http/incoming-handler` export; the response goes to `responder` as the guest produces it.
    ///
    /// ```swift
    /// let outcome = try WASI2Host(configuration).handle(component, in: Store(),
    ///     request: WASIHTTPRequest(method: "GET", pathWithQuery: "/"), body: BufferedHTTPBody(), responder: responder)
    /// ```
    /// - Returns: whether the guest responded, and finished its body.
    /// - Throws: ``ComponentCallError`` when the component is not an HTTP handler or imports what this host
    ///   lacks; a `Trap` when the guest traps (the responder may have had a head and part of a body).
    public func handle(
        _ component: ValidatedComponent, in store: Store, request: WASIHTTPRequest, body: any HTTPBodySource, responder: any HTTPResponder
    ) throws -> HTTPHandlingOutcome {
        let instance = try instantiate(component, in: store)
        guard let name = component.exports.map(\.name).first(where: { Self.unversioned($0) == "wasi:http/incoming-handler" }),
            let handler = instance.function("handle", in: name), handler.signature.parameters.count == 2,
            case .own(let requestType) = handler.signature.parameters[0].type,
            case .own(let outparamType) = handler.signature.parameters[1].type
        else {
            throw ComponentCallError("the component exports no wasi:http/incoming-handler: it is not an HTTP proxy")
        }
        let exchange = Exchange(head: request, body: body, responder: responder)
        let requestHandle = ResourceHandle(resource: requestType, representation: add(.incomingRequest(exchange)))
        let outparamHandle = ResourceHandle(resource: outparamType, representation: add(.responseOutparam(exchange)))
        _ = try handler.call([.own(requestHandle), .own(outparamHandle)])
        return exchange.outcome
    }
}
