import Foundation
import Testing
@testable import CapsuleWASI

/// `poll_oneoff`: clock subscriptions (relative and absolute) and descriptor readiness.
@Suite struct PollTests {
    /// Writes subscriptions and returns (errno, events as (userdata, error, type, nbytes)).
    private func poll(_ guest: TestGuest, _ subscriptions: [(UInt64, UInt8, [UInt64])]) throws
        -> (WASIErrno, [(UInt64, WASIErrno, UInt8, UInt64)])
    {
        let input = guest.allocate(48 * subscriptions.count)
        for (i, (userdata, tag, fields)) in subscriptions.enumerated() {
            let base = input + UInt32(i * 48)
            try guest.memory.storeU64(userdata, at: base)
            try guest.memory.storeU8(tag, at: base + 8)
            if tag == 0 {
                try guest.memory.storeU32(UInt32(fields[0]), at: base + 16)
                try guest.memory.storeU64(fields[1], at: base + 24)
                try guest.memory.storeU64(0, at: base + 32)
                try guest.memory.storeU16(UInt16(fields[2]), at: base + 40)
            } else {
                try guest.memory.storeU32(UInt32(fields[0]), at: base + 16)
            }
        }
        let output = guest.allocate(32 * max(1, subscriptions.count))
        let count = guest.allocate(4)
        let errno = try guest.call("poll_oneoff", [UInt64(input), UInt64(output), UInt64(subscriptions.count), UInt64(count)])
        var events: [(UInt64, WASIErrno, UInt8, UInt64)] = []
        for i in 0..<Int(guest.u32(at: count)) where errno == .success {
            let base = output + UInt32(i * 32)
            events.append((guest.u64(at: base), WASIErrno(rawValue: try guest.memory.loadU16(at: base + 8)) ?? .io,
                           try guest.memory.loadU8(at: base + 10), guest.u64(at: base + 16)))
        }
        return (errno, events)
    }

    private func monotonicNow() throws -> UInt64 { try SystemClocks().now(.monotonic) }

    @Test func relativeClockWaitsAtLeastItsTimeout() throws {
        let guest = try TestGuest()
        let start = try monotonicNow()
        let (errno, events) = try poll(guest, [(7, 0, [1, 20_000_000, 0])])
        #expect(errno == .success)
        #expect(events.count == 1 && events[0].0 == 7 && events[0].2 == 0 && events[0].1 == .success)
        #expect(try monotonicNow() - start >= 20_000_000)
    }

    @Test func deterministicClocksSleepWithoutWaiting() throws {
        let clocks = DeterministicClocks()
        let guest = try TestGuest(configure: { $0.clocks = clocks })
        let hostStart = try monotonicNow()
        let (errno, events) = try poll(guest, [(4, 0, [1, 5_000_000_000, 0])])
        #expect(errno == .success)
        #expect(events.map(\.0) == [4])
        // Five seconds passed for the guest, none (to within a second) for the host.
        #expect(clocks.elapsed >= 5_000_000_000)
        #expect(try monotonicNow() - hostStart < 1_000_000_000)
    }

    @Test func absoluteClocksOnBothClocks() throws {
        let guest = try TestGuest()
        let start = try monotonicNow()
        #expect(try poll(guest, [(1, 0, [1, start + 15_000_000, 1])]).1.map(\.0) == [1])
        #expect(try monotonicNow() - start >= 15_000_000)
        let wall = try SystemClocks().now(.realtime)
        let before = try monotonicNow()
        #expect(try poll(guest, [(2, 0, [0, wall + 15_000_000, 1])]).1.map(\.0) == [2])
        #expect(try monotonicNow() - before >= 10_000_000)
        // A time already past fires at once.
        #expect(try poll(guest, [(3, 0, [1, 1, 1])]).1.map(\.0) == [3])
    }

    @Test func theEarliestOfSeveralClocksFires() throws {
        let guest = try TestGuest()
        let (_, events) = try poll(guest, [(1, 0, [1, 2_000_000_000, 0]), (2, 0, [1, 5_000_000, 0]), (3, 0, [1, 3_000_000_000, 0])])
        #expect(events.map(\.0) == [2])
    }

    @Test("File readiness is immediate; nbytes is 1 as in wasmtime")
    func fileReadinessIsImmediate() throws {
        let fs = MemoryFileSystem()
        try fs.write(Array("12345".utf8), to: "f")
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)])
        let (_, file) = try guest.open(3, "f")
        let (errno, events) = try poll(guest, [(9, 1, [UInt64(file)]), (10, 0, [1, 5_000_000_000, 0])])
        #expect(errno == .success)
        #expect(events.count == 1 && events[0].0 == 9 && events[0].3 == 1)
    }

    @Test func pipeReadinessWaitsForData() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[1]) }
        let guest = try TestGuest()
        try guest.context.insert(WASIDescriptor(.file(HostFile(descriptor: fds[0], owned: true)), rights: .all))
        // Nothing to read yet: the clock fires first.
        #expect(try poll(guest, [(1, 1, [3]), (2, 0, [1, 10_000_000, 0])]).1.map(\.0) == [2])
        _ = write(fds[1], "abc", 3)
        let (_, events) = try poll(guest, [(1, 1, [3]), (2, 0, [1, 1_000_000_000, 0])])
        #expect(events.map(\.0) == [1])
        #expect(events.first?.3 == 1)
    }

    @Test("Standard streams polled in the direction they lack are EBADF")
    func wrongDirection() throws {
        let guest = try TestGuest()
        #expect(try poll(guest, [(1, 2, [0])]).0 == .badf)
        #expect(try poll(guest, [(1, 1, [1])]).0 == .badf)
        #expect(try poll(guest, [(1, 2, [1])]).1.map(\.0) == [1])
    }

    @Test func invalidSubscriptions() throws {
        let guest = try TestGuest()
        #expect(try poll(guest, []).0 == .inval)
        #expect(try poll(guest, [(1, 3, [0])]).0 == .inval)
        #expect(try poll(guest, [(1, 0, [9, 0, 0])]).0 == .inval)
        #expect(try poll(guest, [(1, 0, [1, 0, 2])]).0 == .inval)
        #expect(try poll(guest, [(1, 1, [99])]).0 == .badf)
    }
}
