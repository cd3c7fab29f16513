import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleWASI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a component may do on the network through `wasi:sockets`. Nothing by default: every bind,
/// connect and lookup is refused with `access-denied`, as wasmtime refuses them without `-S inherit-network`.
public struct NetworkGrant: Sendable {
    /// Use the host's network: bind and connect TCP and UDP sockets (subject to `tcp` and `udp`).
    public var inherit = false
    /// TCP sockets, once the network is inherited.
    public var tcp = true
    /// UDP sockets, once the network is inherited.
    public var udp = true
    /// Name lookups (`ip-name-lookup`), granted on their own.
    public var nameLookup = false

    /// No network.
    public init() {}
}

/// `wasi:sockets` on the host's sockets: non-blocking descriptors, whose pollables wait with poll(2).
extension WASI2Host {
    /// A TCP or UDP socket the guest holds.
    final class Socket {
        enum State: Equatable {
            case unbound, bindStarted, bound, connecting, connectFailed(String), connected, listenStarted, listening
        }

        let fd: Int32
        let family: Int32
        let isTCP: Bool
        var state: State
        var streamsTaken = false
        var remote: ComponentValue?

        init(fd: Int32, family: Int32, isTCP: Bool, state: State = .unbound) {
            self.fd = fd
            self.family = family
            self.isTCP = isTCP
            self.state = state
        }

        deinit { close(fd) }
    }

    /// A name lookup's answers, handed out one at a time.
    final class AddressList {
        var addresses: [ComponentValue]
        init(_ addresses: [ComponentValue]) { self.addresses = addresses }
    }

    static func socketError(_ name: String) -> ComponentValue { .result(.failure(.init(.enum(name)))) }

    /// The `network.error-code` for an errno value.
    static func socketErrorName(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "access-denied"
        case EADDRINUSE: return "address-in-use"
        case EADDRNOTAVAIL: return "address-not-bindable"
        case EAGAIN, EINPROGRESS: return "would-block"
        case ECONNREFUSED: return "connection-refused"
        case ECONNRESET, EPIPE: return "connection-reset"
        case ECONNABORTED: return "connection-aborted"
        case EHOSTUNREACH, ENETUNREACH, ENETDOWN: return "remote-unreachable"
        case EINVAL, EAFNOSUPPORT: return "invalid-argument"
        case ETIMEDOUT: return "timeout"
        case EMFILE, ENFILE: return "new-socket-limit"
        case ENOMEM, ENOBUFS: return "out-of-memory"
        case EMSGSIZE: return "datagram-too-large"
        case EOPNOTSUPP: return "not-supported"
        case EISCONN, ENOTCONN: return "invalid-state"
        default: return "unknown"
        }
    }

    /// Every resource a function's result names, in order (for results that return several handles).
    static func returnedResources(_ signature: FunctionSignature) -> [ResourceIdentity] {
        func find(_ type: ValType?) -> [ResourceIdentity] {
            switch type {
            case .own(let r)?: return [r]
            case .option(let t)?: return find(t)
            case .result(let ok, _)?: return find(ok)
            case .tuple(let types)?: return types.flatMap { find($0) }
            case .list(let t)?: return find(t)
            default: return []
            }
        }
        return find(signature.result)
    }

    // MARK: Addresses

    /// A `sockaddr` for an `ip-socket-address`, if it is of `family`.
    static func socketAddress(_ value: ComponentValue?, family: Int32) -> sockaddr_storage? {
        var storage = sockaddr_storage()
        switch value {
        case .variant("ipv4", .record(let fields)?)? where family == AF_INET:
            guard case .u16(let port)? = fields.first(where: { $0.name == "port" })?.value,
                case .tuple(let parts)? = fields.first(where: { $0.name == "address" })?.value, parts.count == 4 else { return nil }
            let bytes = parts.compactMap { if case .u8(let b) = $0 { return b } else { return nil } }
            guard bytes.count == 4 else { return nil }
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in.self) { address in
                    address[0].sin_family = sa_family_t(AF_INET)
                    address[0].sin_port = port.bigEndian
                    address[0].sin_addr.s_addr = (UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
                }
            }
            return storage
        case .variant("ipv6", .record(let fields)?)? where family == AF_INET6:
            guard case .u16(let port)? = fields.first(where: { $0.name == "port" })?.value,
                case .u32(let flow)? = fields.first(where: { $0.name == "flow-info" })?.value,
                case .u32(let scope)? = fields.first(where: { $0.name == "scope-id" })?.value,
                case .tuple(let parts)? = fields.first(where: { $0.name == "address" })?.value, parts.count == 8 else { return nil }
            let words = parts.compactMap { if case .u16(let w) = $0 { return w } else { return nil } }
            guard words.count == 8 else { return nil }
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.withMemoryRebound(to: sockaddr_in6.self) { address in
                    address[0].sin6_family = sa_family_t(AF_INET6)
                    address[0].sin6_port = port.bigEndian
                    address[0].sin6_flowinfo = flow.bigEndian
                    address[0].sin6_scope_id = scope
                    withUnsafeMutableBytes(of: &address[0].sin6_addr) { bytes in
                        for (i, word) in words.enumerated() {
                            bytes[2 * i] = UInt8(word >> 8)
                            bytes[2 * i + 1] = UInt8(word & 0xFF)
                        }
                    }
                }
            }
            return storage
        default:
            return nil
        }
    }

    /// The `ip-socket-address` of a `sockaddr`.
    static func addressValue(_ storage: sockaddr_storage) -> ComponentValue? {
        var storage = storage
        let family = Int32(storage.ss_family)
        return withUnsafeBytes(of: &storage) { raw -> ComponentValue? in
            switch family {
            case AF_INET:
                let address = raw.load(as: sockaddr_in.self)
                let ip = withUnsafeBytes(of: address.sin_addr) { Array($0) }
                return .variant("ipv4", .record([("port", .u16(UInt16(bigEndian: address.sin_port))), ("address", .tuple(ip.map { .u8($0) }))]))
            case AF_INET6:
                let address = raw.load(as: sockaddr_in6.self)
                let bytes = withUnsafeBytes(of: address.sin6_addr) { Array($0) }
                let words = (0..<8).map { ComponentValue.u16(UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1])) }
                return .variant("ipv6", .record([
                    ("port", .u16(UInt16(bigEndian: address.sin6_port))), ("flow-info", .u32(UInt32(bigEndian: address.sin6_flowinfo))),
                    ("address", .tuple(words)), ("scope-id", .u32(address.sin6_scope_id)),
                ]))
            default:
                return nil
            }
        }
    }

    static func length(_ family: Int32) -> socklen_t {
        socklen_t(family == AF_INET ? MemoryLayout<sockaddr_in>.size : MemoryLayout<sockaddr_in6>.size)
    }

    static func withAddress<T>(_ storage: inout sockaddr_storage, _ body: (UnsafeMutablePointer<sockaddr>) -> T) -> T {
        withUnsafeMutablePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
    }

    static func name(of socket: Socket, peer: Bool) -> ComponentValue? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let status = withAddress(&storage) { peer ? getpeername(socket.fd, $0, &length) : getsockname(socket.fd, $0, &length) }
        return status == 0 ? addressValue(storage) : nil
    }

    // MARK: Readiness

    /// Waits until the descriptor is ready for `events` (or the timeout in milliseconds passes; -1: none).
    static func wait(_ fd: Int32, _ events: Int16, milliseconds: Int32 = -1) -> Bool {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        while true {
            let count = Glibc.poll(&entry, 1, milliseconds)
            if count < 0 && errno == EINTR { continue }
            return count > 0
        }
    }

    // MARK: Streams on sockets

    /// Reads what has arrived: nil at the end of the stream.
    static func receive(_ socket: Socket, _ count: Int) throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: max(1, count))
        let received = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, count, Int32(MSG_DONTWAIT)) }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { return [] }
            throw WASIErrno.io
        }
        if received == 0 && count > 0 { return nil }
        return Array(buffer[..<received])
    }

    /// Sends every byte, waiting for room as needed (an interruption ends the wait with its trap).
    func sendAll(_ socket: Socket, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT | MSG_NOSIGNAL)) }
            if sent < 0 {
                guard errno == EAGAIN || errno == EWOULDBLOCK else { throw WASIErrno.pipe }
                try waitReady(socket.fd, Int16(POLLOUT))
                continue
            }
            offset += sent
        }
    }

    // MARK: The interfaces

    /// `wasi:sockets/*`: the network resource, TCP and UDP sockets, and name lookups.
    func sockets(_ name: String, _ signature: FunctionSignature) -> (([ComponentValue]) throws -> ComponentValue?)? {
        let resource = Self.returnedResource(signature)
        let resources = Self.returnedResources(signature)
        let member = name.split(separator: "#", maxSplits: 1).last.map(String.init) ?? name
        let grant = network
        switch member {
        case "instance-network":
            return { [unowned self] _ in try own(.network, resource) }
        case "create-tcp-socket", "create-udp-socket":
            let tcp = member == "create-tcp-socket"
            return { [unowned self] arguments in
                guard grant.inherit, tcp ? grant.tcp : grant.udp else { return Self.socketError("access-denied") }
                let family: Int32
                switch arguments.first {
                case .enum("ipv4")?: family = AF_INET
                case .enum("ipv6")?: family = AF_INET6
                default: return Self.socketError("invalid-argument")
                }
                let kind = Int32(tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
                let fd = Glibc.socket(family, kind, 0)
                guard fd >= 0 else { return Self.socketError(Self.socketErrorName(errno)) }
                if family == AF_INET6 {
                    var only: Int32 = 1
                    setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &only, socklen_t(MemoryLayout<Int32>.size))
                }
                return .result(.success(try own(.socket(Socket(fd: fd, family: family, isTCP: tcp)), resource)))
            }
        case "resolve-addresses":
            return { [unowned self] arguments in
                guard grant.nameLookup else { return Self.socketError("access-denied") }
                let host = try Self.text(arguments.dropFirst().first)
                guard !host.isEmpty, !host.contains("\u{0}") else { return Self.socketError("invalid-argument") }
                var hints = addrinfo()
                hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
                var list: UnsafeMutablePointer<addrinfo>?
                let status = getaddrinfo(host, nil, &hints, &list)
                guard status == 0 else {
                    return Self.socketError(status == EAI_AGAIN ? "temporary-resolver-failure" : status == EAI_NONAME ? "name-unresolvable" : "permanent-resolver-failure")
                }
                defer { freeaddrinfo(list) }
                var addresses: [ComponentValue] = []
                var node = list
                while let entry = node {
                    if let address = entry.pointee.ai_addr {
                        var storage = sockaddr_storage()
                        withUnsafeMutableBytes(of: &storage) { raw in
                            raw.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(entry.pointee.ai_addrlen)))
                        }
                        if case .variant(let kind, .record(let fields)?)? = Self.addressValue(storage),
                            let ip = fields.first(where: { $0.name == "address" })?.value, !addresses.contains(.variant(kind, ip)) {
                            addresses.append(.variant(kind, ip))
                        }
                    }
                    node = entry.pointee.ai_next
                }
                return .result(.success(try own(.addresses(AddressList(addresses)), resource)))
            }
        case "[method]resolve-address-stream.resolve-next-address":
            return { [unowned self] arguments in
                guard case .addresses(let list) = try object(arguments.first) else { throw Self.trap("not an address stream") }
                return .result(.success(.option(list.addresses.isEmpty ? nil : list.addresses.removeFirst())))
            }
        case "[method]resolve-address-stream.subscribe":
            return { [unowned self] _ in try own(.pollable(deadline: 0), resource) }
        default:
            guard member.hasPrefix("[method]tcp-socket.") || member.hasPrefix("[method]udp-socket.")
                || member.hasPrefix("[method]incoming-datagram-stream.") || member.hasPrefix("[method]outgoing-datagram-stream."),
                let dot = member.firstIndex(of: ".")
            else { return nil }
            let method = String(member[member.index(after: dot)...])
            return { [unowned self] arguments in
                try socketMethod(member, method, arguments, resource: resource, resources: resources)
            }
        }
    }

    func socket(_ value: ComponentValue?) throws -> Socket {
        switch try object(value) {
        case .socket(let socket), .datagramsIn(let socket), .datagramsOut(let socket): return socket
        default: throw Self.trap("not a socket")
        }
    }

    /// A method of `tcp-socket`, `udp-socket` or a datagram stream.
    func socketMethod(_ member: String, _ method: String, _ arguments: [ComponentValue], resource: ResourceIdentity?, resources: [ResourceIdentity]) throws -> ComponentValue? {
        let socket = try socket(arguments.first)
        let argument = arguments.dropFirst().first
        func failure() -> ComponentValue { Self.socketError(Self.socketErrorName(errno)) }
        func streams(_ socket: Socket) throws -> ComponentValue {
            guard resources.count >= 2 else { throw Self.trap("no stream types to return") }
            let input = ResourceHandle(resource: resources[resources.count - 2], representation: add(.socketInput(socket)))
            let output = ResourceHandle(resource: resources[resources.count - 1], representation: add(.socketOutput(socket)))
            return .tuple([.own(input), .own(output)])
        }
        switch method {
        case "start-bind":
            guard network.inherit else { return Self.socketError("access-denied") }
            guard socket.state == .unbound else { return Self.socketError("invalid-state") }
            guard var address = Self.socketAddress(arguments.dropFirst(2).first, family: socket.family) else { return Self.socketError("invalid-argument") }
            if socket.isTCP {
                var reuse: Int32 = 1
                setsockopt(socket.fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
            }
            guard Self.withAddress(&address, { bind(socket.fd, $0, Self.length(socket.family)) }) == 0 else { return failure() }
            socket.state = .bindStarted
            return .result(.success(nil))
        case "finish-bind":
            guard socket.state == .bindStarted else { return Self.socketError("not-in-progress") }
            socket.state = .bound
            return .result(.success(nil))
        case "start-connect":
            guard network.inherit else { return Self.socketError("access-denied") }
            guard socket.state == .unbound || socket.state == .bound else { return Self.socketError("invalid-state") }
            guard var address = Self.socketAddress(arguments.dropFirst(2).first, family: socket.family) else { return Self.socketError("invalid-argument") }
            let status = Self.withAddress(&address) { connect(socket.fd, $0, Self.length(socket.family)) }
            if status != 0 && errno != EINPROGRESS { return failure() }
            socket.state = .connecting
            return .result(.success(nil))
        case "finish-connect":
            switch socket.state {
            case .connecting:
                guard Self.wait(socket.fd, Int16(POLLOUT), milliseconds: 0) else { return Self.socketError("would-block") }
                var problem: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &problem, &size)
                if problem != 0 {
                    socket.state = .connectFailed(Self.socketErrorName(problem))
                    return Self.socketError(Self.socketErrorName(problem))
                }
                socket.state = .connected
                return .result(.success(try streams(socket)))
            case .connectFailed: return Self.socketError("invalid-state")
            default: return Self.socketError("not-in-progress")
            }
        case "start-listen":
            guard socket.state == .bound else { return Self.socketError("invalid-state") }
            guard listen(socket.fd, 128) == 0 else { return failure() }
            socket.state = .listenStarted
            return .result(.success(nil))
        case "finish-listen":
            guard socket.state == .listenStarted else { return Self.socketError("not-in-progress") }
            socket.state = .listening
            return .result(.success(nil))
        case "accept":
            guard socket.state == .listening else { return Self.socketError("invalid-state") }
            let fd = Glibc.accept(socket.fd, nil, nil)
            guard fd >= 0 else { return failure() }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            guard resources.count >= 3 else { throw Self.trap("no socket types to return") }
            let accepted = Socket(fd: fd, family: socket.family, isTCP: true, state: .connected)
            let handle = ResourceHandle(resource: resources[0], representation: add(.socket(accepted)))
            guard case .tuple(let pair) = try streams(accepted) else { throw Self.trap("no streams") }
            return .result(.success(.tuple([.own(handle)] + pair)))
        case "local-address":
            guard socket.state != .unbound, let address = Self.name(of: socket, peer: false) else { return Self.socketError("invalid-state") }
            return .result(.success(address))
        case "remote-address":
            guard let address = Self.name(of: socket, peer: true) else { return Self.socketError("invalid-state") }
            return .result(.success(address))
        case "is-listening":
            return .bool(socket.state == .listening)
        case "address-family":
            return .enum(socket.family == AF_INET ? "ipv4" : "ipv6")
        case "subscribe":
            let events: Int16
            switch (member.hasPrefix("[method]outgoing-datagram-stream."), socket.state) {
            case (true, _), (_, .connecting): events = Int16(POLLOUT)
            case (_, .listening), (_, .bound) where !socket.isTCP: events = Int16(POLLIN)
            case (_, .listening): events = Int16(POLLIN)
            default: return try own(.pollable(deadline: 0), resource)
            }
            return try own(.descriptorPollable(fd: socket.fd, events: events), resource)
        case "shutdown":
            let how: Int32
            switch argument {
            case .enum("receive")?: how = Int32(SHUT_RD)
            case .enum("send")?: how = Int32(SHUT_WR)
            default: how = Int32(SHUT_RDWR)
            }
            guard socket.state == .connected else { return Self.socketError("invalid-state") }
            return Glibc.shutdown(socket.fd, how) == 0 ? .result(.success(nil)) : failure()
        case "set-listen-backlog-size":
            guard case .u64(let size)? = argument, size > 0 else { return Self.socketError("invalid-argument") }
            if socket.state == .listening { _ = listen(socket.fd, Int32(clamping: size)) }
            return .result(.success(nil))
        case "stream":
            // udp-socket.stream(remote): connect to the remote (or none), then the two datagram streams.
            guard socket.state == .bound else { return Self.socketError("invalid-state") }
            if case .option(let remote?)? = argument {
                guard var address = Self.socketAddress(remote, family: socket.family) else { return Self.socketError("invalid-argument") }
                guard Self.withAddress(&address, { connect(socket.fd, $0, Self.length(socket.family)) }) == 0 else { return failure() }
                socket.remote = remote
            }
            guard resources.count >= 2 else { throw Self.trap("no stream types to return") }
            let incoming = ResourceHandle(resource: resources[0], representation: add(.datagramsIn(socket)))
            let outgoing = ResourceHandle(resource: resources[1], representation: add(.datagramsOut(socket)))
            return .result(.success(.tuple([.own(incoming), .own(outgoing)])))
        case "receive":
            guard case .u64(let wanted)? = argument else { return Self.socketError("invalid-argument") }
            var datagrams: [ComponentValue] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            var total = 0
            // At most 1 MiB a call: each byte becomes a value the guest's memory receives.
            while UInt64(datagrams.count) < min(wanted, 1024), total < 1 << 20 {
                var storage = sockaddr_storage()
                var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
                let count = buffer.withUnsafeMutableBytes { bytes in
                    Self.withAddress(&storage) { recvfrom(socket.fd, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), $0, &length) }
                }
                if count < 0 {
                    if errno == EAGAIN || errno == EWOULDBLOCK { break }
                    return datagrams.isEmpty ? failure() : .result(.success(.list(datagrams)))
                }
                guard let from = Self.addressValue(storage) else { continue }
                total += count
                datagrams.append(.record([("data", Self.list(Array(buffer[..<count]))), ("remote-address", from)]))
            }
            return .result(.success(.list(datagrams)))
        case "check-send":
            return .result(.success(.u64(64)))
        case "send":
            guard case .list(let datagrams)? = argument else { return Self.socketError("invalid-argument") }
            var sent: UInt64 = 0
            for datagram in datagrams {
                guard case .record(let fields) = datagram else { return Self.socketError("invalid-argument") }
                let data = try Self.bytes(fields.first(where: { $0.name == "data" })?.value)
                let target = fields.first(where: { $0.name == "remote-address" })?.value
                let count: Int
                if case .option(let remote?)? = target {
                    if socket.remote != nil && socket.remote != remote { return Self.socketError("invalid-argument") }
                    guard var address = Self.socketAddress(remote, family: socket.family) else { return Self.socketError("invalid-argument") }
                    count = data.withUnsafeBytes { bytes in
                        Self.withAddress(&address) { sendto(socket.fd, bytes.baseAddress, bytes.count, Int32(MSG_DONTWAIT), $0, Self.length(socket.family)) }
                    }
                } else {
                    guard socket.remote != nil else { return Self.socketError("invalid-argument") }
                    count = data.withUnsafeBytes { send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                }
                if count < 0 { return sent == 0 ? failure() : .result(.success(.u64(sent))) }
                sent += 1
            }
            return .result(.success(.u64(sent)))
        case "keep-alive-enabled", "set-keep-alive-enabled":
            return option(socket, SOL_SOCKET, SO_KEEPALIVE, method, argument) { .bool($0 != 0) }
        case "keep-alive-idle-time", "set-keep-alive-idle-time":
            return option(socket, Int32(IPPROTO_TCP), TCP_KEEPIDLE, method, argument, scale: 1_000_000_000) { .u64(UInt64($0) * 1_000_000_000) }
        case "keep-alive-interval", "set-keep-alive-interval":
            return option(socket, Int32(IPPROTO_TCP), TCP_KEEPINTVL, method, argument, scale: 1_000_000_000) { .u64(UInt64($0) * 1_000_000_000) }
        case "keep-alive-count", "set-keep-alive-count":
            return option(socket, Int32(IPPROTO_TCP), TCP_KEEPCNT, method, argument) { .u32(UInt32($0)) }
        case "hop-limit", "set-hop-limit", "unicast-hop-limit", "set-unicast-hop-limit":
            let (level, name) = socket.family == AF_INET ? (Int32(IPPROTO_IP), IP_TTL) : (Int32(IPPROTO_IPV6), IPV6_UNICAST_HOPS)
            return option(socket, level, name, method, argument) { .u8(UInt8(clamping: $0)) }
        case "receive-buffer-size", "set-receive-buffer-size":
            return option(socket, SOL_SOCKET, SO_RCVBUF, method, argument) { .u64(UInt64($0)) }
        case "send-buffer-size", "set-send-buffer-size":
            return option(socket, SOL_SOCKET, SO_SNDBUF, method, argument) { .u64(UInt64($0)) }
        default:
            throw Self.trap("wasi:sockets \(member) is not implemented by Capsule's WASI 0.2 host")
        }
    }

    /// Reads or sets an integer socket option (`set-...` methods set it from the argument, divided by `scale`).
    func option(_ socket: Socket, _ level: Int32, _ name: Int32, _ method: String, _ argument: ComponentValue?, scale: UInt64 = 1,
                _ value: (Int32) -> ComponentValue) -> ComponentValue {
        if method.hasPrefix("set-") {
            let number: UInt64
            switch argument {
            case .bool(let flag)?: number = flag ? 1 : 0
            case .u8(let v)?: number = UInt64(v)
            case .u32(let v)?: number = UInt64(v)
            case .u64(let v)?: number = v / scale
            default: return Self.socketError("invalid-argument")
            }
            guard number > 0 || argument == .bool(false), number <= UInt64(Int32.max) else { return Self.socketError("invalid-argument") }
            var raw = Int32(number)
            guard setsockopt(socket.fd, level, name, &raw, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                return Self.socketError(Self.socketErrorName(errno))
            }
            return .result(.success(nil))
        }
        var raw: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(socket.fd, level, name, &raw, &size) == 0 else { return Self.socketError(Self.socketErrorName(errno)) }
        return .result(.success(value(raw)))
    }
}
