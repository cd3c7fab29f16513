import Foundation
import Testing
@testable import CapsuleWASI

/// A preopened listening socket: `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
@Suite struct SocketTests {
    /// The port a listening socket is bound to.
    private func port(of socket: HostSocket) -> UInt16 {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket.descriptor, $0, &length) }
        }
        return UInt16(bigEndian: address.sin_port)
    }

    /// Connects to 127.0.0.1:`port`, sends `message`, and returns what comes back until the peer shuts down.
    private static func client(port: UInt16, message: String) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "connect failed" }
        _ = message.withCString { send(fd, $0, strlen($0), 0) }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            reply += buffer.prefix(n)
        }
        return String(decoding: reply, as: UTF8.self)
    }

    @Test func acceptReceiveSendShutdown() async throws {
        let listener = try HostSocket.listen(on: "127.0.0.1:0")
        let port = port(of: listener)
        let guest = try TestGuest(sockets: [listener])
        #expect(try guest.fdstat(3).1 == .socketStream)
        let client = Task.detached { Self.client(port: port, message: "ping") }

        let accepted = guest.allocate(4)
        #expect(try guest.call("sock_accept", [3, 0, UInt64(accepted)]) == .success)
        let connection = guest.u32(at: accepted)
        #expect(try guest.fdstat(connection).1 == .socketStream)

        let buffer = guest.allocate(16)
        let iovec = guest.allocate(8)
        try guest.memory.storeU32(buffer, at: iovec)
        try guest.memory.storeU32(4, at: iovec + 4)
        let length = guest.allocate(4)
        let flags = guest.allocate(4)
        #expect(try guest.call("sock_recv", [UInt64(connection), UInt64(iovec), 1, 2, UInt64(length), UInt64(flags)]) == .success)
        #expect(guest.u32(at: length) == 4)
        #expect(Array(guest.memory.storage[Int(buffer)..<Int(buffer) + 4]) == Array("ping".utf8))

        let (reply, replyLength) = guest.place(Array("pong".utf8))
        try guest.memory.storeU32(reply, at: iovec)
        try guest.memory.storeU32(UInt32(replyLength), at: iovec + 4)
        #expect(try guest.call("sock_send", [UInt64(connection), UInt64(iovec), 1, 0, UInt64(length)]) == .success)
        #expect(guest.u32(at: length) == 4)
        #expect(try guest.call("sock_shutdown", [UInt64(connection), 0]) == .inval)
        #expect(try guest.call("sock_shutdown", [UInt64(connection), 3]) == .success)
        #expect(await client.value == "pong")
        #expect(try guest.close(connection) == .success)
    }

    @Test func socketCallsOnOtherDescriptors() throws {
        let guest = try TestGuest()
        #expect(try guest.call("sock_accept", [1, 0, 0x100]) == .notsock)
        #expect(try guest.call("sock_shutdown", [1, 3]) == .notsock)
        #expect(try guest.call("sock_shutdown", [42, 3]) == .badf)
        #expect(try guest.call("sock_send", [42, 0x100, 0, 0, 0x200]) == .badf)
    }

    @Test func nonBlockingAcceptWithNothingPending() throws {
        let listener = try HostSocket.listen(on: "127.0.0.1:0")
        let guest = try TestGuest(sockets: [listener])
        #expect(try guest.call("fd_fdstat_set_flags", [3, UInt64(WASIFdFlags.nonblock.rawValue)]) == .success)
        #expect(try guest.call("sock_accept", [3, 0, 0x100]) == .again)
        #expect(try guest.call("sock_accept", [3, UInt64(WASIFdFlags.append.rawValue), 0x100]) == .inval)
    }

    @Test func malformedListenAddresses() {
        #expect(throws: WASIErrno.inval) { try HostSocket.listen(on: "nonsense") }
        #expect(throws: WASIErrno.inval) { try HostSocket.listen(on: "127.0.0.1:99999") }
    }
}
