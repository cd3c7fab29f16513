@testable import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleServe
import CapsuleWASI
@testable import CapsuleWASI2
import Foundation
import Testing

/// What a guest sent back through `wasi:http/incoming-handler`.
final class RecordingResponder: HTTPResponder, @unchecked Sendable {
    var status: UInt16?
    var headers: [(name: String, value: [UInt8])] = []
    var body: [UInt8] = []
    var chunks = 0
    var finished = false

    func start(status: UInt16, headers: [(name: String, value: [UInt8])]) {
        self.status = status
        self.headers = headers
    }

    func write(_ bytes: [UInt8]) throws {
        body += bytes
        chunks += 1
    }

    func finish() { finished = true }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// The `wasi:http` host, driving the fixture component (Fixtures/http/service.c) one request at a time.
@Suite struct HTTPHandlerTests {
    static let service = Result { try Component(decoding: Fixture.bytes("http/service.wasm")).validate() }

    func handle(_ method: String, _ path: String, body: [UInt8] = [], limits: StoreLimits = StoreLimits()) throws -> (HTTPHandlingOutcome, RecordingResponder) {
        let responder = RecordingResponder()
        let outcome = try WASI2Host(WASIConfiguration(arguments: ["service"])).handle(
            try Self.service.get(), in: Store(limits: limits), request: WASIHTTPRequest(method: method, pathWithQuery: path),
            body: BufferedHTTPBody(body), responder: responder)
        return (outcome, responder)
    }

    @Test func aRequestGetsItsResponse() throws {
        let (outcome, response) = try handle("GET", "/hello?x=1")
        #expect(outcome == .complete)
        #expect(response.status == 200)
        #expect(response.headers.map(\.name) == ["content-type"])
        #expect(response.headers.first.map { String(decoding: $0.value, as: UTF8.self) } == "text/plain")
        #expect(response.text == "hello from a component: GET /hello?x=1\n")
        #expect(response.finished)
    }

    @Test func methodsOutsideTheListArriveAsOther() throws {
        let (_, response) = try handle("PROPFIND", "/")
        #expect(response.text == "hello from a component: PROPFIND /\n")
    }

    @Test func theBodyIsReadAndEchoedInChunks() throws {
        let body = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let (outcome, response) = try handle("POST", "/echo", body: body)
        #expect(outcome == .complete)
        #expect(response.body == body)
        // blocking-write-and-flush takes 4096 bytes at a time: the body went out as it was written.
        #expect(response.chunks >= body.count / 4096)
    }

    @Test func droppedHandlesFreeTheirHostObjects() throws {
        let host = WASI2Host(WASIConfiguration(arguments: ["service"]))
        _ = try host.handle(try Self.service.get(), in: Store(), request: WASIHTTPRequest(method: "POST", pathWithQuery: "/echo"),
            body: BufferedHTTPBody(Array("x".utf8)), responder: RecordingResponder())
        // The guest dropped the request, its body, the body's input stream and the response's output stream.
        let (alive, made) = host.objectCounts
        #expect(made - alive >= 4, "\(alive) of \(made) still alive")
    }

    @Test func aStreamedResponseArrivesWhole() throws {
        let (outcome, response) = try handle("GET", "/stream?100")
        #expect(outcome == .complete)
        #expect(response.body.count == 100 * 1024)
        #expect(response.chunks == 100)
    }

    @Test func aTrapIsATrapAndNoResponse() throws {
        #expect(throws: Trap.self) { _ = try handle("GET", "/trap") }
        var limits = StoreLimits()
        limits.fuel = 1_000_000
        #expect(throws: Trap.self) { _ = try handle("GET", "/loop", limits: limits) }
        limits = StoreLimits()
        limits.maxMemoryPages = 64
        #expect(throws: Trap.self) { _ = try handle("GET", "/grow", limits: limits) }
    }

    @Test func fieldsRefuseHopByHopAndMalformedNames() throws {
        let host = WASI2Host(WASIConfiguration(arguments: []))
        let fields = WASI2Host.Fields()
        let id = host.add(.fields(fields))
        let resource = ResourceIdentity(name: "fields", isLocal: false, scope: 0, underlying: nil)
        let handle = ComponentValue.borrow(ResourceHandle(resource: resource, representation: id))
        let signature = FunctionSignature(isAsync: false, parameters: [], result: nil)
        let append = try #require(host.http("wasi:http/types#[method]fields.append", signature))
        let value = ComponentValue.list(Array("x".utf8).map { .u8($0) })
        #expect(try append([handle, .string("x-ok"), value]) == .result(.success(nil)))
        #expect(try append([handle, .string("Transfer-Encoding"), value]) == WASI2Host.headerError("forbidden"))
        #expect(try append([handle, .string("bad name"), value]) == WASI2Host.headerError("invalid-syntax"))
        #expect(try append([handle, .string("x-crlf"), .list([.u8(0x0D), .u8(0x0A)])]) == WASI2Host.headerError("invalid-syntax"))
        fields.mutable = false
        #expect(try append([handle, .string("x-late"), value]) == WASI2Host.headerError("immutable"))
        #expect(fields.entries.map(\.name) == ["x-ok"])
    }

    @Test func informationalStatusesAndUnsafeRequestLinesAreRefused() throws {
        let host = WASI2Host(WASIConfiguration(arguments: []))
        let signature = FunctionSignature(isAsync: false, parameters: [], result: nil)
        let message = WASI2Host.OutgoingMessage(headers: WASI2Host.Fields())
        let resource = ResourceIdentity(name: "outgoing-response", isLocal: false, scope: 0, underlying: nil)
        let handle = ComponentValue.borrow(ResourceHandle(resource: resource, representation: host.add(.outgoingMessage(message))))
        let setStatus = try #require(host.http("wasi:http/types#[method]outgoing-response.set-status-code", signature))
        for status: UInt16 in [100, 101, 199, 600] { #expect(try setStatus([handle, .u16(status)]) == .result(.failure(.init(nil)))) }
        #expect(try setStatus([handle, .u16(204)]) == .result(.success(nil)))
        let setPath = try #require(host.http("wasi:http/types#[method]outgoing-request.set-path-with-query", signature))
        #expect(try setPath([handle, .option(.string("/ HTTP/1.1\r\nHost: x\r\n\r\nGET /admin"))]) == .result(.failure(.init(nil))))
        #expect(try setPath([handle, .option(.string("relative"))]) == .result(.failure(.init(nil))))
        #expect(try setPath([handle, .option(.string("/fine?q=1"))]) == .result(.success(nil)))
        let setAuthority = try #require(host.http("wasi:http/types#[method]outgoing-request.set-authority", signature))
        #expect(try setAuthority([handle, .option(.string("a b"))]) == .result(.failure(.init(nil))))
        let setMethod = try #require(host.http("wasi:http/types#[method]outgoing-request.set-method", signature))
        #expect(try setMethod([handle, .variant("other", .string("GET /x"))]) == .result(.failure(.init(nil))))
    }

    @Test func outgoingRequestsAreDenied() throws {
        let host = WASI2Host(WASIConfiguration(arguments: []))
        let signature = FunctionSignature(isAsync: false, parameters: [], result: nil)
        let handle = try #require(host.http("wasi:http/outgoing-handler#handle", signature))
        #expect(try handle([]) == .result(.failure(.init(.variant("HTTP-request-denied", nil)))))
    }

    @Test func theStoreIsFreedAfterTheRequest() throws {
        weak var freed: Store?
        try {
            let store = Store()
            freed = store
            let responder = RecordingResponder()
            _ = try WASI2Host(WASIConfiguration(arguments: ["service"])).handle(
                try Self.service.get(), in: store, request: WASIHTTPRequest(method: "GET", pathWithQuery: "/"),
                body: BufferedHTTPBody(), responder: responder)
        }()
        #expect(freed == nil)
    }
}

