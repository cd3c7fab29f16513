import Testing
@testable import CapsuleWASI

/// The in-memory backend on its own, through the ``WASIDirectory`` protocol.
@Suite struct MemoryFileSystemTests {
    private func file(_ node: WASIOpenedNode) throws -> any WASIFile {
        guard case .file(let file) = node else { throw WASIErrno.isdir }
        return file
    }

    @Test func filesAreCreatedWrittenReadAndTruncated() throws {
        let fs = MemoryFileSystem()
        let writer = try file(fs.root.open(at: "a.txt", WASIOpenRequest(openFlags: .create, read: true, write: true)))
        #expect(try writer.write(Array("hello world".utf8)) == 11)
        #expect(try writer.seek(offset: 6, whence: .set) == 6)
        #expect(try writer.read(maxCount: 100) == Array("world".utf8))
        #expect(try writer.pwrite(Array("J".utf8), at: 0) == 1)
        #expect(try writer.pread(maxCount: 5, at: 0) == Array("Jello".utf8))
        #expect(try writer.seek(offset: 0, whence: .current) == 11)
        #expect(throws: WASIErrno.inval) { try writer.seek(offset: -12, whence: .current) }
        try writer.setSize(3)
        #expect(try fs.contents(of: "a.txt") == Array("Jel".utf8))
        #expect(try writer.stat().size == 3)
        _ = try fs.root.open(at: "a.txt", WASIOpenRequest(openFlags: .truncate, write: true))
        #expect(try fs.contents(of: "a.txt") == [])
    }

    @Test func appendWritesAtTheEnd() throws {
        let fs = MemoryFileSystem()
        try fs.write(Array("ab".utf8), to: "log")
        let log = try file(fs.root.open(at: "log", WASIOpenRequest(fdFlags: .append, write: true)))
        _ = try log.write(Array("cd".utf8))
        #expect(try fs.contents(of: "log") == Array("abcd".utf8))
        #expect(try log.flags() == .append)
    }

    @Test func openErrorsFollowPOSIX() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        try fs.write([], to: "f")
        #expect(throws: WASIErrno.noent) { try fs.root.open(at: "missing", WASIOpenRequest()) }
        #expect(throws: WASIErrno.exist) { try fs.root.open(at: "f", WASIOpenRequest(openFlags: [.create, .exclusive])) }
        #expect(throws: WASIErrno.notdir) { try fs.root.open(at: "f", WASIOpenRequest(openFlags: .directory)) }
        #expect(throws: WASIErrno.isdir) { try fs.root.open(at: "d", WASIOpenRequest(write: true)) }
        #expect(throws: WASIErrno.notdir) { try fs.root.open(at: "f/x", WASIOpenRequest()) }
        #expect(throws: WASIErrno.isdir) { try fs.root.open(at: "new/", WASIOpenRequest(openFlags: .create)) }
        #expect(throws: WASIErrno.noent) { try fs.root.open(at: "", WASIOpenRequest()) }
    }

    @Test func directoriesAreCreatedListedAndRemoved() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        try fs.write([], to: "d/f")
        #expect(throws: WASIErrno.exist) { try fs.root.createDirectory(at: "d") }
        #expect(throws: WASIErrno.notempty) { try fs.root.removeDirectory(at: "d") }
        #expect(throws: WASIErrno.notdir) { try fs.root.removeDirectory(at: "d/f") }
        #expect(throws: WASIErrno.isdir) { try fs.root.unlink(at: "d") }
        #expect(throws: WASIErrno.inval) { try fs.root.removeDirectory(at: "d/") }
        let names = try fs.root.entries().map { String(decoding: $0.name, as: UTF8.self) }
        #expect(names == [".", "..", "d"])
        try fs.root.unlink(at: "d/f")
        try fs.root.removeDirectory(at: "d")
        #expect(throws: WASIErrno.noent) { try fs.root.stat(at: "d", followSymlinks: false) }
    }

    @Test func hardLinksShareContentAndCountNames() throws {
        let fs = MemoryFileSystem()
        try fs.write(Array("x".utf8), to: "a")
        try fs.root.link(at: "a", followSymlinks: false, to: fs.root, at: "b")
        #expect(try fs.root.stat(at: "a", followSymlinks: false).linkCount == 2)
        #expect(try fs.root.stat(at: "a", followSymlinks: false).inode == fs.root.stat(at: "b", followSymlinks: false).inode)
        try fs.root.unlink(at: "a")
        #expect(try fs.contents(of: "b") == Array("x".utf8))
        #expect(try fs.root.stat(at: "b", followSymlinks: false).linkCount == 1)
        try fs.root.createDirectory(at: "d")
        #expect(throws: WASIErrno.perm) { try fs.root.link(at: "d", followSymlinks: false, to: fs.root, at: "e") }
        #expect(throws: WASIErrno.xdev) { try fs.root.link(at: "b", followSymlinks: false, to: MemoryFileSystem().root, at: "b") }
    }

    @Test func renameFollowsPOSIXRules() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        try fs.root.createDirectory(at: "d/inner")
        try fs.root.createDirectory(at: "e")
        try fs.write(Array("1".utf8), to: "f")
        try fs.write(Array("2".utf8), to: "g")
        try fs.root.rename(at: "f", to: fs.root, at: "g")
        #expect(try fs.contents(of: "g") == Array("1".utf8))
        #expect(throws: WASIErrno.isdir) { try fs.root.rename(at: "g", to: fs.root, at: "e") }
        #expect(throws: WASIErrno.notdir) { try fs.root.rename(at: "e", to: fs.root, at: "g") }
        #expect(throws: WASIErrno.notempty) { try fs.root.rename(at: "e", to: fs.root, at: "d") }
        #expect(throws: WASIErrno.inval) { try fs.root.rename(at: "d", to: fs.root, at: "d/inner/x") }
        #expect(throws: WASIErrno.notdir) { try fs.root.rename(at: "g/", to: fs.root, at: "h") }
        try fs.root.rename(at: "d/", to: fs.root, at: "moved/")
        #expect(try fs.root.stat(at: "moved/inner", followSymlinks: false).fileType == .directory)
    }

    @Test func symbolicLinksResolveInside() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        try fs.write(Array("t".utf8), to: "d/t")
        try fs.root.symlink("d/t", at: "l")
        try fs.root.symlink("d/", at: "ld")
        #expect(try fs.root.readLink(at: "l") == Array("d/t".utf8))
        #expect(try fs.root.stat(at: "l", followSymlinks: true).fileType == .regularFile)
        #expect(try fs.root.stat(at: "l", followSymlinks: false).fileType == .symbolicLink)
        #expect(try fs.root.stat(at: "ld/t", followSymlinks: false).fileType == .regularFile)
        #expect(throws: WASIErrno.exist) { try fs.root.symlink("x", at: "l") }
        #expect(throws: WASIErrno.inval) { try fs.root.readLink(at: "d") }
        #expect(throws: WASIErrno.loop) { try fs.root.open(at: "l", WASIOpenRequest(followSymlinks: false)) }
    }

    @Test func timesCanBeSetAndReadBack() throws {
        let fs = MemoryFileSystem()
        try fs.write([], to: "f")
        try fs.root.setTimes(at: "f", followSymlinks: false, access: .at(1_000), modification: .at(2_000))
        let stat = try fs.root.stat(at: "f", followSymlinks: false)
        #expect(stat.accessTime == 1_000)
        #expect(stat.modificationTime == 2_000)
    }

    @Test("A removed directory refuses new entries, even through an open descriptor")
    func removedDirectoryStaysEmpty() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        guard case .directory(let d) = try fs.root.open(at: "d", WASIOpenRequest(openFlags: .directory)) else {
            Issue.record("not a directory")
            return
        }
        try fs.root.removeDirectory(at: "d")
        #expect(throws: WASIErrno.noent) { try d.createDirectory(at: "x") }
        #expect(throws: WASIErrno.noent) { try d.open(at: "f", WASIOpenRequest(openFlags: .create, write: true)) }
    }
}
