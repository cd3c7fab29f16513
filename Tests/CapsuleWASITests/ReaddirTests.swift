import Foundation
import Testing
@testable import CapsuleWASI

/// `fd_readdir` cookies are stable: a guest paging through a large directory with a small buffer
/// sees every entry exactly once.
@Suite struct ReaddirTests {
    private static let count = 150

    private func expectEachOnce(_ names: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = ([".", ".."] + (0..<Self.count).map { "entry-\($0)" }).sorted()
        #expect(names.sorted() == expected, sourceLocation: sourceLocation)
        #expect(Set(names).count == names.count, sourceLocation: sourceLocation)
    }

    @Test("Host directory through buffers of many sizes", arguments: [33, 40, 64, 100, 4096])
    func hostDirectory(bufferSize: Int) throws {
        let root = try TemporaryDirectory("capsule-readdir")
        defer { root.remove() }
        for i in 0..<Self.count { try root.write("", to: "entry-\(i)") }
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: try HostDirectory(path: root.path))])
        let (errno, names) = try guest.listDirectory(3, bufferSize: bufferSize)
        #expect(errno == .success)
        expectEachOnce(names)
        #expect(names.prefix(2) == [".", ".."])
    }

    @Test("In-memory directory through a small buffer", arguments: [33, 50, 64])
    func memoryDirectory(bufferSize: Int) throws {
        let fs = MemoryFileSystem()
        for i in 0..<Self.count { try fs.write([], to: "entry-\(i)") }
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)])
        let (errno, names) = try guest.listDirectory(3, bufferSize: bufferSize)
        #expect(errno == .success)
        expectEachOnce(names)
    }

    @Test("Entries created or removed while paging do not make others repeat or vanish")
    func changesWhilePaging() throws {
        let root = try TemporaryDirectory("capsule-readdir")
        defer { root.remove() }
        for i in 0..<Self.count { try root.write("", to: "entry-\(i)") }
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: try HostDirectory(path: root.path))])
        // First page (cookie 0), then change the directory, then page on from the last cookie.
        let buffer = guest.allocate(64)
        let used = guest.allocate(4)
        #expect(try guest.call("fd_readdir", [3, UInt64(buffer), 64, 0, UInt64(used)]) == .success)
        let cookie = guest.u64(at: buffer)
        for i in 0..<40 { try root.write("", to: "late-\(i)") }
        try FileManager.default.removeItem(atPath: root.at("entry-7"))
        var names = [String(decoding: guest.memory.storage[Int(buffer) + 24..<Int(buffer) + 24 + Int(guest.u32(at: buffer + 16))], as: UTF8.self)]
        var next = cookie
        let big = guest.allocate(1 << 16)
        #expect(try guest.call("fd_readdir", [3, UInt64(big), 1 << 16, next, UInt64(used)]) == .success)
        var offset = 0
        let total = Int(guest.u32(at: used))
        while offset + 24 <= total {
            let length = Int(guest.u32(at: big + UInt32(offset) + 16))
            names.append(String(decoding: guest.memory.storage[Int(big) + offset + 24..<Int(big) + offset + 24 + length], as: UTF8.self))
            next = guest.u64(at: big + UInt32(offset))
            offset += 24 + length
        }
        expectEachOnce(names)
    }

    @Test("A cookie past the end returns nothing; fd_readdir on a file is EBADF")
    func edges() throws {
        let fs = MemoryFileSystem()
        try fs.write([], to: "f")
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)])
        let buffer = guest.allocate(128)
        let used = guest.allocate(4)
        #expect(try guest.call("fd_readdir", [3, UInt64(buffer), 128, 1000, UInt64(used)]) == .success)
        #expect(guest.u32(at: used) == 0)
        let (_, file) = try guest.open(3, "f")
        #expect(try guest.call("fd_readdir", [UInt64(file), UInt64(buffer), 128, 0, UInt64(used)]) == .badf)
        #expect(try guest.call("fd_readdir", [1, UInt64(buffer), 128, 0, UInt64(used)]) == .badf)
    }
}
