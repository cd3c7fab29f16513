import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleWASI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A WASI 0.2 host for components, built on the same ``WASIConfiguration`` as preview 1: arguments,
/// environment, standard streams, clocks and random source.
///
/// Implemented: `wasi:cli` (environment, exit, stdin/stdout/stderr, terminal-* as "not a terminal"),
/// `wasi:io` (streams on the standard streams and on files, error, poll), `wasi:clocks`, `wasi:random`,
/// `wasi:filesystem` (preopens and descriptors on the configuration's preopened directories, with
/// preview 1's confinement; see `WASI2Filesystem.swift`), `wasi:sockets` (TCP, UDP, name lookup; denied
/// unless ``network`` grants them; `WASI2Sockets.swift`) and `wasi:http/types` with outgoing requests
/// through ``outgoingHTTP`` (`WASI2HTTP.swift`). Every other imported WASI function traps with its name
/// when called, so a component that imports more than it uses still runs.
///
/// ```swift
/// let component = try Component(decoding: bytes).validate()
/// let status = try WASI2Host(WASIConfiguration(arguments: ["app"])).run(component, in: Store())
/// ```
public final class WASI2Host: @unchecked Sendable {
    let configuration: WASIConfiguration
    private var random: any RandomNumberGenerator
    private var objects: [UInt32: HostObject] = [:]
    private var nextObject: UInt32 = 1
    /// What sends the guest's outgoing HTTP requests; nil (the default) denies them with `HTTP-request-denied`.
    public var outgoingHTTP: (any HTTPOutgoingHandler)?
    /// What the guest may do on the network through `wasi:sockets` (nothing by default).
    public var network = NetworkGrant()
    /// The store's interrupt handle: a host call that waits (a pollable, a blocking read or write) wakes
    /// at least every 100 ms, and traps with "execution interrupted" once it is set.
    public var interruptHandle: InterruptHandle?
    /// The bytes HTTP messages hold before they are sent, for all of this host's messages together.
    let bodyBudget = BodyBudget()

    /// Throws the interruption trap when the store has been interrupted.
    func checkInterrupt() throws {
        if interruptHandle?.isInterrupted == true { throw Trap(kind: .interrupted, backtrace: []) }
    }

    /// Waits until the descriptor is ready for `events`, in slices that notice an interruption.
    func waitReady(_ fd: Int32, _ events: Int16) throws {
        while !Self.wait(fd, events, milliseconds: 100) { try checkInterrupt() }
    }

    enum HostObject {
        case input(any WASIFile)
        case output(any WASIFile)
        /// A pollable: ready at this monotonic time (0: always ready).
        case pollable(deadline: UInt64)
        case error(String)
        case network
        case descriptor(Descriptor)
        /// A file stream from an offset, or a directory listing.
        case cursor(Cursor)
        // wasi:http (WASI2HTTP.swift).
        case fields(Fields)
        case incomingRequest(Exchange)
        case incomingBody(Exchange)
        case bodyInput(any HTTPBodySource)
        case responseOutparam(Exchange)
        case outgoingMessage(OutgoingMessage)
        case outgoingBody(OutgoingMessage)
        case bodyOutput(OutgoingMessage)
        case trailers
        case requestOptions
        case futureResponse(FutureResponse)
        case incomingResponse(IncomingResponse)
        case responseBody(any HTTPBodySource)
        // wasi:sockets (WASI2Sockets.swift).
        case socket(Socket)
        case socketInput(Socket)
        case socketOutput(Socket)
        case datagramsIn(Socket)
        case datagramsOut(Socket)
        case addresses(AddressList)
        /// A pollable ready when the descriptor is ready for these poll(2) events.
        case descriptorPollable(fd: Int32, events: Int16)
    }

    /// A host over `configuration`.
    public init(_ configuration: WASIConfiguration) {
        self.configuration = configuration
        random = configuration.random
    }

    /// Instantiates the component with this host's imports; the host objects behind handles the guest
    /// drops are freed as it drops them.
    /// - Throws: ``ComponentCallError`` when it imports something other than WASI; a `Trap` from a start function.
    public func instantiate(_ component: ValidatedComponent, in store: Store) throws -> ComponentInstance {
        try component.instantiate(in: store, imports: try imports(for: component)) { [weak self] handle in
            self?.release(handle.representation)
        }
    }

    /// Instantiates the component with this host's imports and calls its `wasi:cli/run` export.
    /// - Returns: the exit status: 0 for `ok`, 1 for `err`, or the code given to `wasi:cli/exit`.
    /// - Throws: ``ComponentCallError`` when the component is not a command (no `wasi:cli/run`) or imports
    ///   something other than WASI; a `Trap` when the guest traps.
    public func run(_ component: ValidatedComponent, in store: Store) throws -> Int32 {
        let instance = try instantiate(component, in: store)
        guard let name = component.exports.map(\.name).first(where: { Self.unversioned($0) == "wasi:cli/run" }),
            let run = instance.function("run", in: name)
        else {
            let serves = component.exports.contains { Self.unversioned($0.name) == "wasi:http/incoming-handler" }
            throw ComponentCallError("the component exports no wasi:cli/run: it is not a command"
                + (serves ? " (it exports wasi:http/incoming-handler: serve it with `capsule serve`)" : ""))
        }
        do {
            switch try run.call([]) {
            case .result(.failure)?: return 1
            default: return 0
            }
        } catch let exit as WASIExit {
            return Int32(bitPattern: exit.code)
        }
    }

    /// `wasi:cli/run@0.2.0` as `wasi:cli/run`.
    static func unversioned(_ name: String) -> String {
        name.split(separator: "@", maxSplits: 1).first.map(String.init) ?? name
    }

    /// What the component imports, supplied: WASI interfaces by name (any 0.2 version).
    public func imports(for component: ValidatedComponent) throws -> [String: HostItem] {
        var items: [String: HostItem] = [:]
        for entry in component.imports {
            let interface = Self.unversioned(entry.name)
            guard interface.hasPrefix("wasi:"), case .instance(let type) = entry.info else {
                throw ComponentCallError("import \(entry.name) is not a WASI 0.2 interface this host provides")
            }
            var functions: [String: HostItem] = [:]
            for export in type.exports {
                switch export.info {
                case .type: functions[export.name] = .type
                case .function(let signature):
                    let qualified = "\(interface)#\(export.name)"
                    functions[export.name] = .function(implementation(qualified, signature) ?? { _ in
                        throw Trap(kind: .host("\(qualified) is not implemented by Capsule's WASI 0.2 host"), backtrace: [])
                    })
                default: break
                }
            }
            items[entry.name] = .instance(functions)
        }
        return items
    }

    // MARK: Host objects

    func add(_ object: HostObject) -> UInt32 {
        let id = nextObject
        nextObject &+= 1
        objects[id] = object
        return id
    }

    /// Host objects alive, and made in all (for tests).
    var objectCounts: (alive: Int, made: Int) { (objects.count, Int(nextObject) - 1) }

    /// Forgets an object whose owned handle the guest dropped (a socket closes with its last reference).
    func release(_ id: UInt32) {
        objects[id] = nil
    }

    func object(_ value: ComponentValue?) throws -> HostObject {
        switch value {
        case .borrow(let handle)?, .own(let handle)?:
            guard let object = objects[handle.representation] else { throw Self.trap("unknown host resource") }
            return object
        default:
            throw Self.trap("expected a resource handle")
        }
    }

    static func trap(_ message: String) -> Trap { Trap(kind: .host(message), backtrace: []) }

    /// The resource a function returns (its result, or inside an option or result).
    static func returnedResource(_ signature: FunctionSignature) -> ResourceIdentity? {
        returnedResources(signature).first
    }

    func own(_ object: HostObject, _ resource: ResourceIdentity?) throws -> ComponentValue {
        guard let resource else { throw Self.trap("no resource type to return") }
        return .own(ResourceHandle(resource: resource, representation: add(object)))
    }

    static func bytes(_ value: ComponentValue?) throws -> [UInt8] {
        guard case .list(let items)? = value else { throw trap("expected a list<u8>") }
        return try items.map { item in
            guard case .u8(let byte) = item else { throw trap("expected a list<u8>") }
            return byte
        }
    }

    static func list(_ bytes: [UInt8]) -> ComponentValue { .list(bytes.map { .u8($0) }) }

    static func u64(_ value: ComponentValue?) throws -> UInt64 {
        guard case .u64(let v)? = value else { throw trap("expected a u64") }
        return v
    }

    static let closed = ComponentValue.result(.failure(.init(.variant("closed", nil))))

    /// The implementation of `interface#function`, or nil for one this host does not implement.
    func implementation(_ name: String, _ signature: FunctionSignature) -> (([ComponentValue]) throws -> ComponentValue?)? {
        let resource = Self.returnedResource(signature)
        let configuration = self.configuration
        switch name {
        case "wasi:cli/environment#get-environment":
            return { _ in
                .list(configuration.environment.map { entry in
                    let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                    return .tuple([.string(String(parts[0])), .string(parts.count > 1 ? String(parts[1]) : "")])
                })
            }
        case "wasi:cli/environment#get-arguments":
            return { _ in .list(configuration.arguments.map { .string($0) }) }
        case "wasi:cli/environment#initial-cwd":
            return { _ in .option(nil) }
        case "wasi:cli/exit#exit":
            return { arguments in
                if case .result(.success)? = arguments.first { throw WASIExit(code: 0) }
                throw WASIExit(code: 1)
            }
        case "wasi:cli/exit#exit-with-code":
            return { arguments in
                guard case .u8(let code)? = arguments.first else { throw WASIExit(code: 1) }
                throw WASIExit(code: UInt32(code))
            }
        case "wasi:cli/stdin#get-stdin":
            return { [unowned self] _ in try own(.input(configuration.standardInput), resource) }
        case "wasi:cli/stdout#get-stdout":
            return { [unowned self] _ in try own(.output(configuration.standardOutput), resource) }
        case "wasi:cli/stderr#get-stderr":
            return { [unowned self] _ in try own(.output(configuration.standardError), resource) }
        case "wasi:cli/terminal-stdin#get-terminal-stdin", "wasi:cli/terminal-stdout#get-terminal-stdout",
            "wasi:cli/terminal-stderr#get-terminal-stderr":
            return { _ in .option(nil) }
        case "wasi:io/streams#[method]output-stream.check-write":
            return { [unowned self] arguments in
                if case .socketOutput(let socket) = try object(arguments.first) {
                    return .result(.success(.u64(Self.wait(socket.fd, Int16(POLLOUT), milliseconds: 0) ? 65536 : 0)))
                }
                return .result(.success(.u64(1 << 20)))
            }
        case "wasi:io/streams#[method]output-stream.write", "wasi:io/streams#[method]output-stream.blocking-write-and-flush":
            return { [unowned self] arguments in
                let target = try object(arguments.first)
                var bytes = try Self.bytes(arguments.dropFirst().first)
                if case .cursor(let cursor) = target {
                    do {
                        try writeCursor(cursor, bytes)
                    } catch {
                        return .result(.failure(.init(.variant("last-operation-failed", try own(.error("\(error)"), Self.streamErrorResource(signature))))))
                    }
                    return .result(.success(nil))
                }
                if case .socketOutput(let socket) = target {
                    do {
                        try sendAll(socket, bytes)
                    } catch let trap as Trap {
                        throw trap
                    } catch {
                        return Self.closed
                    }
                    return .result(.success(nil))
                }
                if case .bodyOutput(let message) = target {
                    guard (try? message.write(bytes)) != nil else { return Self.closed }
                    return .result(.success(nil))
                }
                guard case .output(let file) = target else { throw Self.trap("not an output stream") }
                while !bytes.isEmpty {
                    guard let written = try? file.write(bytes), written > 0 else { return Self.closed }
                    bytes.removeFirst(min(written, bytes.count))
                }
                return .result(.success(nil))
            }
        case "wasi:io/streams#[method]output-stream.write-zeroes", "wasi:io/streams#[method]output-stream.blocking-write-zeroes-and-flush":
            return { [unowned self] arguments in
                guard case .output(let file) = try object(arguments.first) else { throw Self.trap("not an output stream") }
                let count = try Self.u64(arguments.dropFirst().first)
                guard count <= 1 << 24, (try? file.write([UInt8](repeating: 0, count: Int(count)))) != nil else { return Self.closed }
                return .result(.success(nil))
            }
        case "wasi:io/streams#[method]output-stream.flush", "wasi:io/streams#[method]output-stream.blocking-flush":
            return { _ in .result(.success(nil)) }
        case "wasi:io/streams#[method]input-stream.read", "wasi:io/streams#[method]input-stream.blocking-read":
            let blocking = name.hasSuffix("blocking-read")
            return { [unowned self] arguments in
                let source = try object(arguments.first)
                let count = Int(min(try Self.u64(arguments.dropFirst().first), 1 << 20))
                let read: [UInt8]?
                switch source {
                case .cursor(let cursor): read = try? readCursor(cursor, count: count)
                case .input(let file): read = try? file.read(maxCount: count)
                case .bodyInput(let body): read = try? body.read(maxCount: count)
                case .socketInput(let socket):
                    // A socket with nothing yet is not at its end: a non-blocking read returns no bytes.
                    if blocking { try waitReady(socket.fd, Int16(POLLIN)) }
                    guard let bytes = try? Self.receive(socket, count) else { return Self.closed }
                    return .result(.success(Self.list(bytes)))
                default: throw Self.trap("not an input stream")
                }
                guard let bytes = read else { return Self.closed }
                if bytes.isEmpty && count > 0 { return Self.closed }
                return .result(.success(Self.list(bytes)))
            }
        case "wasi:io/streams#[method]input-stream.skip", "wasi:io/streams#[method]input-stream.blocking-skip":
            return { [unowned self] arguments in
                let count = Int(min(try Self.u64(arguments.dropFirst().first), 1 << 20))
                let read: [UInt8]?
                switch try object(arguments.first) {
                case .input(let file): read = try? file.read(maxCount: count)
                case .bodyInput(let body): read = try? body.read(maxCount: count)
                default: throw Self.trap("not an input stream")
                }
                guard let bytes = read else { return Self.closed }
                if bytes.isEmpty && count > 0 { return Self.closed }
                return .result(.success(.u64(UInt64(bytes.count))))
            }
        case "wasi:io/streams#[method]output-stream.subscribe", "wasi:io/streams#[method]input-stream.subscribe":
            return { [unowned self] arguments in
                switch try object(arguments.first) {
                case .socketInput(let socket): return try own(.descriptorPollable(fd: socket.fd, events: Int16(POLLIN)), resource)
                case .socketOutput(let socket): return try own(.descriptorPollable(fd: socket.fd, events: Int16(POLLOUT)), resource)
                default: return try own(.pollable(deadline: 0), resource)
                }
            }
        case "wasi:io/error#[method]error.to-debug-string":
            return { [unowned self] arguments in
                guard case .error(let text) = try object(arguments.first) else { return .string("error") }
                return .string(text)
            }
        case "wasi:io/poll#[method]pollable.ready":
            return { [unowned self] arguments in
                switch try object(arguments.first) {
                case .pollable(let deadline): return .bool(deadline <= (try configuration.clocks.now(.monotonic)))
                case .descriptorPollable(let fd, let events): return .bool(Self.wait(fd, events, milliseconds: 0))
                default: return .bool(true)
                }
            }
        case "wasi:io/poll#[method]pollable.block":
            return { [unowned self] arguments in
                switch try object(arguments.first) {
                case .pollable(let deadline): try wait(until: deadline)
                case .descriptorPollable(let fd, let events): try waitReady(fd, events)
                default: break
                }
                return nil
            }
        case "wasi:io/poll#poll":
            return { [unowned self] arguments in
                guard case .list(let handles)? = arguments.first, !handles.isEmpty else { throw Self.trap("poll needs at least one pollable") }
                // Each pollable is a deadline (0: always ready) or a descriptor; poll(2) waits for the
                // descriptors up to the nearest deadline.
                var deadlines: [Int: UInt64] = [:]
                var descriptors: [(index: Int, entry: pollfd)] = []
                for (index, handle) in handles.enumerated() {
                    switch try object(handle) {
                    case .pollable(let deadline): deadlines[index] = deadline
                    case .descriptorPollable(let fd, let events): descriptors.append((index, pollfd(fd: fd, events: events, revents: 0)))
                    default: deadlines[index] = 0
                    }
                }
                while true {
                    let now = try configuration.clocks.now(.monotonic)
                    var ready = deadlines.filter { $0.value <= now }.map(\.key)
                    var timeout: Int32 = -1
                    if !ready.isEmpty {
                        timeout = 0
                    } else if let nearest = deadlines.values.min() {
                        timeout = Int32(clamping: (nearest - now + 999_999) / 1_000_000)
                    }
                    if descriptors.isEmpty {
                        if ready.isEmpty, let nearest = deadlines.values.min() { try wait(until: nearest); continue }
                    } else {
                        try checkInterrupt()
                        var entries = descriptors.map(\.entry)
                        let count = Glibc.poll(&entries, nfds_t(entries.count), timeout < 0 ? 100 : min(timeout, 100))
                        if count < 0 && errno != EINTR { throw Self.trap("poll failed") }
                        for (i, entry) in entries.enumerated() where entry.revents != 0 { ready.append(descriptors[i].index) }
                    }
                    if !ready.isEmpty { return .list(ready.sorted().map { .u32(UInt32($0)) }) }
                }
            }
        case "wasi:clocks/monotonic-clock#now":
            return { _ in .u64(try configuration.clocks.now(.monotonic)) }
        case "wasi:clocks/monotonic-clock#resolution":
            return { _ in .u64(try configuration.clocks.resolution(.monotonic)) }
        case "wasi:clocks/monotonic-clock#subscribe-instant":
            return { [unowned self] arguments in try own(.pollable(deadline: try Self.u64(arguments.first)), resource) }
        case "wasi:clocks/monotonic-clock#subscribe-duration":
            return { [unowned self] arguments in
                let now = try configuration.clocks.now(.monotonic)
                let (deadline, overflow) = now.addingReportingOverflow(try Self.u64(arguments.first))
                return try own(.pollable(deadline: overflow ? .max : deadline), resource)
            }
        case "wasi:clocks/wall-clock#now", "wasi:clocks/wall-clock#resolution":
            let isNow = name.hasSuffix("#now")
            return { _ in
                let nanoseconds = isNow ? try configuration.clocks.now(.realtime) : try configuration.clocks.resolution(.realtime)
                return .record([("seconds", .u64(nanoseconds / 1_000_000_000)), ("nanoseconds", .u32(UInt32(nanoseconds % 1_000_000_000)))])
            }
        case "wasi:random/random#get-random-bytes", "wasi:random/insecure#get-insecure-random-bytes":
            return { [unowned self] arguments in
                let count = Int(min(try Self.u64(arguments.first), 1 << 24))
                return Self.list(randomBytes(count))
            }
        case "wasi:random/random#get-random-u64", "wasi:random/insecure#get-insecure-random-u64":
            return { [unowned self] _ in .u64(randomU64()) }
        case "wasi:random/insecure-seed#insecure-seed":
            return { [unowned self] _ in .tuple([.u64(randomU64()), .u64(randomU64())]) }
        case "wasi:filesystem/preopens#get-directories":
            return { [unowned self] _ in try preopenedDirectories(resource) }
        case "wasi:filesystem/types#filesystem-error-code":
            return { _ in .option(nil) }
        case let other where other.hasPrefix("wasi:filesystem/types#"):
            return filesystem(other, signature)
        case let other where other.hasPrefix("wasi:http/"):
            return http(other, signature)
        case let other where other.hasPrefix("wasi:sockets/"):
            return sockets(other, signature)
        default:
            return nil
        }
    }

    /// The `error` resource a stream function's `stream-error` can carry.
    static func streamErrorResource(_ signature: FunctionSignature) -> ResourceIdentity? {
        if case .result(_, .variant(let cases)?)? = signature.result, case .own(let error)?? = cases.first?.type {
            return error
        }
        return nil
    }

    func wait(until deadline: UInt64) throws {
        while true {
            try checkInterrupt()
            let now = try configuration.clocks.now(.monotonic)
            guard deadline > now else { return }
            configuration.clocks.sleep(nanoseconds: min(deadline - now, 100_000_000))
        }
    }

    func randomBytes(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let word = random.next()
            for i in 0..<min(8, count - bytes.count) { bytes.append(UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))) }
        }
        return bytes
    }

    func randomU64() -> UInt64 {
        random.next()
    }
}
