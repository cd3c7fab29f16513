extension WASIContext {
    /// The socket behind `fd`: `EBADF` when closed, `ENOTSOCK` for anything else; then the rights.
    func socket(_ fd: UInt32, _ rights: WASIRights) throws -> any WASISocket {
        let descriptor = try table.get(fd)
        guard case .file(let file) = descriptor.object, let socket = file as? any WASISocket else { throw WASIErrno.notsock }
        try descriptor.require(rights)
        return socket
    }

    /// `sock_accept`: a new descriptor for a pending connection; only `nonblock` may be asked for.
    func sockAccept(_ memory: any GuestMemory, _ fd: UInt32, _ rawFlags: UInt32, _ result: UInt32) throws {
        let listener = try socket(fd, .sockAccept)
        guard rawFlags <= UInt32(WASIFdFlags.all.rawValue) else { throw WASIErrno.inval }
        let flags = WASIFdFlags(rawValue: UInt16(rawFlags))
        guard flags.isSubset(of: .nonblock) else { throw WASIErrno.inval }
        try memory.check(result, 4)
        let connection = try listener.accept(flags: flags)
        let descriptor = WASIDescriptor(.file(connection), rights: .socket, inheritingRights: [])
        let number: UInt32
        do {
            number = try table.insert(descriptor)
        } catch {
            try? connection.close()
            throw error
        }
        try memory.storeU32(number, at: result)
    }

    /// `sock_recv`: receives into the buffers; `recv_peek` and `recv_waitall` are honoured.
    func sockRecv(
        _ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ rawFlags: UInt32, _ lengthResult: UInt32,
        _ flagsResult: UInt32
    ) throws {
        let socket = try socket(fd, .fdRead)
        guard rawFlags <= 3 else { throw WASIErrno.inval }
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(lengthResult, 4)
        try memory.check(flagsResult, 2)
        let flags = UInt16(rawFlags)
        let (data, truncated) = try socket.receive(
            maxCount: vectors.readLength, peek: flags & WASISocketFlags.receivePeek != 0,
            waitAll: flags & WASISocketFlags.receiveWaitAll != 0)
        let placed = try memory.scatter(data, into: vectors)
        try memory.storeU32(UInt32(truncatingIfNeeded: placed), at: lengthResult)
        try memory.storeU16(truncated ? WASISocketFlags.receiveDataTruncated : 0, at: flagsResult)
    }

    /// `sock_send`: sends the buffers; `si_flags` has no defined bits.
    func sockSend(_ memory: any GuestMemory, _ fd: UInt32, _ iovs: UInt32, _ count: UInt32, _ rawFlags: UInt32, _ result: UInt32) throws {
        let socket = try socket(fd, .fdWrite)
        guard rawFlags == 0 else { throw WASIErrno.inval }
        let vectors = try memory.ioVectors(at: iovs, count: count)
        try memory.check(result, 4)
        let sent = try socket.send(try memory.gather(vectors))
        try memory.storeU32(UInt32(truncatingIfNeeded: sent), at: result)
    }

    /// `sock_shutdown`: `rd`, `wr` or both; anything else is `EINVAL`.
    func sockShutdown(_ fd: UInt32, _ how: UInt32) throws {
        let socket = try socket(fd, .sockShutdown)
        guard how >= 1, how <= 3 else { throw WASIErrno.inval }
        try socket.shutdown(read: how & 1 != 0, write: how & 2 != 0)
    }
}
