#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One decoded `subscription`.
struct PollSubscription {
    /// The guest's tag for the event.
    var userdata: UInt64
    /// What it waits for.
    var kind: Kind

    enum Kind {
        /// A deadline on the monotonic clock, in nanoseconds.
        case clock(deadline: UInt64)
        /// Readiness of a file for reading or writing.
        case file(any WASIFile, WASIEventType)
    }
}

/// One `event` to report.
struct PollEvent {
    var userdata: UInt64
    var error: WASIErrno
    var type: WASIEventType
    var bytes: UInt64
    var hangup: Bool

    /// The 32-byte ABI record.
    var record: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        func put(_ value: UInt64, at offset: Int, size: Int) {
            for i in 0..<size { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        }
        put(userdata, at: 0, size: 8)
        put(UInt64(error.rawValue), at: 8, size: 2)
        bytes[10] = type.rawValue
        put(self.bytes, at: 16, size: 8)
        put(hangup ? 1 : 0, at: 24, size: 2)
        return bytes
    }
}

extension WASIContext {
    /// `poll_oneoff`: waits until at least one subscription is ready and reports the ready ones.
    ///
    /// Clock subscriptions may be relative or absolute (`subscription_clock_abstime`), on the
    /// realtime or monotonic clock; when only clocks are given, the earliest deadline fires.
    /// Readiness of regular files (and of other backends' files that say so) is immediate; host
    /// streams, pipes and sockets are waited for with the host's `poll`. As in wasmtime, a ready
    /// descriptor reports `nbytes` 1, and `fd_readwrite_hangup` only for a file read at its end. No subscriptions is
    /// `EINVAL`; an undefined tag, clock or flag is `EINVAL`; a descriptor that is not open fails the
    /// whole call with `EBADF` (as in wasmtime).
    func pollOneoff(
        _ memory: any GuestMemory, _ input: UInt32, _ output: UInt32, _ count: UInt32, _ result: UInt32, abi: WASIABI = .preview1
    ) throws {
        guard count > 0 else { throw WASIErrno.inval }
        // wasi_unstable's clock subscription has an extra 8-byte `identifier` before the clock id.
        let stride: UInt32 = abi == .preview1 ? 48 : 56
        let (inSize, inOverflow) = count.multipliedReportingOverflow(by: stride)
        let (outSize, outOverflow) = count.multipliedReportingOverflow(by: 32)
        guard !inOverflow, !outOverflow else { throw WASIErrno.fault }
        try memory.check(input, inSize)
        try memory.check(output, outSize)
        try memory.check(result, 4)
        let start = try clocks.now(.monotonic)
        var subscriptions: [PollSubscription] = []
        for i in 0..<count {
            subscriptions.append(try subscription(memory, at: input &+ i &* stride, now: start, clockOffset: abi == .preview1 ? 16 : 24))
        }
        let events = try wait(for: subscriptions)
        var written: UInt32 = 0
        for event in events.prefix(Int(count)) {
            try memory.write(event.record, at: output &+ written &* 32)
            written += 1
        }
        try memory.storeU32(written, at: result)
    }

    /// Decodes the subscription at `pointer`; its clock fields start at `clockOffset`.
    private func subscription(_ memory: any GuestMemory, at pointer: UInt32, now: UInt64, clockOffset: UInt32) throws -> PollSubscription {
        let userdata = try memory.loadU64(at: pointer)
        let tag = try memory.loadU8(at: pointer &+ 8)
        guard let type = WASIEventType(rawValue: tag) else { throw WASIErrno.inval }
        switch type {
        case .clock:
            let id = try memory.loadU32(at: pointer &+ clockOffset)
            let timeout = try memory.loadU64(at: pointer &+ clockOffset &+ 8)
            let flags = try memory.loadU16(at: pointer &+ clockOffset &+ 24)
            guard flags <= 1 else { throw WASIErrno.inval }
            let clock = try Self.clock(id)
            guard Self.isSupported(clock) else { throw WASIErrno.inval }
            let deadline: UInt64
            if flags & 1 == 0 {
                deadline = now.addingReportingOverflow(timeout).overflow ? UInt64.max : now + timeout
            } else if clock == .monotonic {
                deadline = timeout
            } else {
                // An absolute wall-clock time, moved onto the monotonic clock.
                let wall = try clocks.now(.realtime)
                deadline = timeout <= wall ? now : (now.addingReportingOverflow(timeout - wall).overflow ? UInt64.max : now + (timeout - wall))
            }
            return PollSubscription(userdata: userdata, kind: .clock(deadline: deadline))
        case .fdRead, .fdWrite:
            let fd = try memory.loadU32(at: pointer &+ 16)
            let (descriptor, file) = try file(fd, .pollFdReadwrite)
            // A stream or socket must be open in the direction waited for (EBADF, as wasmtime says for
            // standard input polled for writing); a file from the filesystem is always ready.
            if !descriptor.openedFromPath { try descriptor.require(type == .fdRead ? .fdRead : .fdWrite) }
            return PollSubscription(userdata: userdata, kind: .file(file, type))
        }
    }

    /// Blocks until something is ready; returns the ready events (at least one).
    private func wait(for subscriptions: [PollSubscription]) throws -> [PollEvent] {
        var immediate: [PollEvent] = []
        var hostDescriptors: [pollfd] = []
        var hostSubscriptions: [(index: Int, type: WASIEventType)] = []
        var earliest: UInt64?
        for (index, subscription) in subscriptions.enumerated() {
            switch subscription.kind {
            case .clock(let deadline):
                earliest = min(earliest ?? deadline, deadline)
            case .file(let file, let type):
                do {
                    switch try file.pollSource(for: type) {
                    case .ready(let hangup):
                        immediate.append(PollEvent(userdata: subscription.userdata, error: .success, type: type, bytes: 1, hangup: hangup))
                    case .host(let descriptor):
                        let events = type == .fdRead ? Int16(POLLIN) : Int16(POLLOUT)
                        hostDescriptors.append(pollfd(fd: descriptor, events: events, revents: 0))
                        hostSubscriptions.append((index, type))
                    }
                } catch let error as WASIErrno {
                    immediate.append(PollEvent(userdata: subscription.userdata, error: error, type: type, bytes: 0, hangup: false))
                }
            }
        }

        while true {
            let now = try clocks.now(.monotonic)
            var timeout: UInt64?
            if !immediate.isEmpty {
                timeout = 0
            } else if let earliest {
                timeout = earliest > now ? earliest - now : 0
            }
            var ready: [PollEvent] = immediate
            if !hostDescriptors.isEmpty {
                try pollHost(&hostDescriptors, timeout: timeout)
                for (slot, entry) in hostSubscriptions.enumerated() where hostDescriptors[slot].revents != 0 {
                    ready.append(Self.event(for: hostDescriptors[slot], userdata: subscriptions[entry.index].userdata, type: entry.type))
                }
            } else if let timeout, timeout > 0 {
                clocks.sleep(nanoseconds: timeout)
            }
            if ready.isEmpty {
                // Report every clock that has expired by now.
                let after = try clocks.now(.monotonic)
                for subscription in subscriptions {
                    if case .clock(let deadline) = subscription.kind, deadline <= after {
                        ready.append(PollEvent(userdata: subscription.userdata, error: .success, type: .clock, bytes: 0, hangup: false))
                    }
                }
            }
            if !ready.isEmpty { return ready }
            if earliest == nil && hostDescriptors.isEmpty { return [] }
        }
    }

    /// `poll` on the host descriptors, with an optional timeout in nanoseconds (nil waits forever),
    /// rounded up to whole milliseconds; an interrupted wait just returns (the caller loops).
    private func pollHost(_ descriptors: inout [pollfd], timeout: UInt64?) throws {
        for i in descriptors.indices { descriptors[i].revents = 0 }
        var milliseconds: Int32 = -1
        if let timeout {
            let rounded = timeout / 1_000_000 + (timeout % 1_000_000 == 0 ? 0 : 1)
            milliseconds = Int32(min(rounded, UInt64(Int32.max)))
        }
        let count = nfds_t(descriptors.count)
        let result = descriptors.withUnsafeMutableBufferPointer { buffer in poll(buffer.baseAddress, count, milliseconds) }
        if result < 0 {
            let code = errno
            if code == EINTR { return }
            throw WASIErrno(hostErrno: code)
        }
    }

    /// The event for a host descriptor that polled ready.
    private static func event(for descriptor: pollfd, userdata: UInt64, type: WASIEventType) -> PollEvent {
        let revents = Int32(descriptor.revents)
        if revents & Int32(POLLNVAL) != 0 {
            return PollEvent(userdata: userdata, error: .badf, type: type, bytes: 0, hangup: false)
        }
        let hangup = revents & Int32(POLLHUP) != 0
        let error: WASIErrno = revents & Int32(POLLERR) != 0 && !hangup ? .io : .success
        return PollEvent(userdata: userdata, error: error, type: type, bytes: 1, hangup: false)
    }
}
