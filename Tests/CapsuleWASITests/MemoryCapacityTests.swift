import Testing
@testable import CapsuleWASI

/// The in-memory filesystem's capacity. Files were limited only to 2 GiB each, so one
/// `fd_filestat_set_size` (or a one-byte `fd_pwrite` at a large offset) made the host allocate 2 GiB,
/// and a guest could do it for as many files as it liked (issue 8's host-safety sweep).
@Suite struct MemoryCapacityTests {
    private func file(_ node: WASIOpenedNode) throws -> any WASIFile {
        guard case .file(let file) = node else { throw WASIErrno.isdir }
        return file
    }

    private func create(_ fs: MemoryFileSystem, _ name: String) throws -> any WASIFile {
        try file(fs.root.open(at: name, WASIOpenRequest(openFlags: .create, read: true, write: true)))
    }

    @Test func growingPastTheCapacityIsNoSpace() throws {
        let fs = MemoryFileSystem(capacity: 1_000)
        let a = try create(fs, "a")
        #expect(throws: WASIErrno.nospc) { try a.setSize(1_001) }
        #expect(throws: WASIErrno.nospc) { _ = try a.pwrite([1], at: 1_000) }
        try a.setSize(600)
        let b = try create(fs, "b")
        #expect(throws: WASIErrno.nospc) { _ = try b.write([UInt8](repeating: 2, count: 401)) }
        #expect(try b.write([UInt8](repeating: 2, count: 400)) == 400)
        #expect(try fs.contents(of: "b").count == 400)
        // A failed growth leaves the file as it was.
        #expect(try a.stat().size == 600)
    }

    @Test func shrinkingTruncatingAndRemovingGiveSpaceBack() throws {
        let fs = MemoryFileSystem(capacity: 1_000)
        let a = try create(fs, "a")
        try a.setSize(1_000)
        try a.setSize(300)
        let b = try create(fs, "b")
        try b.setSize(700)
        // O_TRUNC frees the old contents.
        _ = try fs.root.open(at: "b", WASIOpenRequest(openFlags: .truncate, write: true))
        try a.setSize(1_000)
        try a.setSize(0)
        // An unlinked file's bytes come back when the last descriptor goes.
        do {
            let c = try create(fs, "c")
            try c.setSize(1_000)
            try fs.root.unlink(at: "c")
        }
        try a.setSize(1_000)
    }

    @Test func theDefaultCapacityIsOneGibibyte() {
        #expect(MemoryFileSystem().capacity == 1 << 30)
    }
}
