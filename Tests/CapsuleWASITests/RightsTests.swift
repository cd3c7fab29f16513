import Testing
@testable import CapsuleWASI

/// Rights, base and inheriting, checked on every call.
@Suite struct RightsTests {
    private func guest() throws -> (TestGuest, MemoryFileSystem) {
        let fs = MemoryFileSystem()
        try fs.write(Array("data".utf8), to: "file.txt")
        try fs.root.createDirectory(at: "sub")
        return (try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)]), fs)
    }

    @Test("A file gets every right but the direction it was not opened for (as wasmtime reports)")
    func openedFileRights() throws {
        let (guest, _) = try guest()
        let (_, reader) = try guest.open(3, "file.txt", rights: [.fdRead])
        let (_, writer) = try guest.open(3, "file.txt", rights: [.fdWrite])
        let (_, both) = try guest.open(3, "file.txt", rights: [.fdRead, .fdWrite])
        #expect(try guest.fdstat(reader).2 == WASIRights.all.subtracting(.fdWrite))
        #expect(try guest.fdstat(writer).2 == WASIRights.all.subtracting([.fdRead, .fdReaddir]))
        #expect(try guest.fdstat(both).2 == .all)
        #expect(try guest.write(reader, [1]).0 == .badf)
        #expect(try guest.read(writer, count: 4).0 == .badf)
    }

    @Test("Preopens and opened directories report their rights; a directory cannot seek or write")
    func directoryRights() throws {
        let (guest, _) = try guest()
        #expect(try guest.fdstat(3).2 == .preopenedDirectory)
        let (_, sub) = try guest.open(3, "sub", oflags: .directory, rights: .all.subtracting(.fdWrite))
        #expect(try guest.fdstat(sub).2 == .directory)
        #expect(try guest.call("fd_seek", [UInt64(sub), 0, 0, 0x100]) == .badf)
        #expect(try guest.open(3, "sub", oflags: .directory, rights: .all).0 == .isdir)
    }

    @Test("fd_fdstat_set_rights drops rights and refuses to add them")
    func setRightsOnlyDrops() throws {
        let (guest, _) = try guest()
        let (_, file) = try guest.open(3, "file.txt", rights: [.fdRead, .fdWrite])
        #expect(try guest.call("fd_fdstat_set_rights", [UInt64(file), WASIRights([.fdRead, .fdSeek]).rawValue, 0]) == .success)
        #expect(try guest.fdstat(file).2 == [.fdRead, .fdSeek])
        #expect(try guest.write(file, [1]).0 == .badf)
        #expect(try guest.call("fd_tell", [UInt64(file), 0x100]) == .notcapable)
        #expect(try guest.call("fd_fdstat_set_rights", [UInt64(file), WASIRights([.fdRead, .fdWrite]).rawValue, 0]) == .notcapable)
        #expect(try guest.call("fd_fdstat_set_rights", [UInt64(99), 0, 0]) == .badf)
    }

    @Test("Each path call needs its right on the directory")
    func pathRights() throws {
        let (guest, _) = try guest()
        let keep = WASIRights.preopenedDirectory.subtracting([
            .pathCreateDirectory, .pathUnlinkFile, .pathSymlink, .pathRenameSource, .pathLinkSource, .pathReadlink,
            .pathFilestatGet, .pathRemoveDirectory, .pathFilestatSetTimes, .fdReaddir,
        ])
        #expect(try guest.call("fd_fdstat_set_rights", [3, keep.rawValue, WASIRights.all.rawValue]) == .success)
        #expect(try guest.pathCall("path_create_directory", 3, "d") == .notcapable)
        #expect(try guest.pathCall("path_unlink_file", 3, "file.txt") == .notcapable)
        #expect(try guest.pathCall("path_remove_directory", 3, "sub") == .notcapable)
        #expect(try guest.symlink("file.txt", 3, "l") == .notcapable)
        #expect(try guest.rename(3, "file.txt", 3, "f2") == .notcapable)
        #expect(try guest.link(3, "file.txt", 3, "f2") == .notcapable)
        #expect(try guest.readlink(3, "file.txt").0 == .notcapable)
        #expect(try guest.stat(3, "file.txt").0 == .notcapable)
        #expect(try guest.setTimes(3, "file.txt") == .notcapable)
        #expect(try guest.listDirectory(3).0 == .notcapable)
        // What is left still works.
        #expect(try guest.readFile(3, "file.txt") == .success("data"))
    }

    @Test("O_CREAT needs path_create_file and O_TRUNC needs path_filestat_set_size")
    func createAndTruncateRights() throws {
        let (guest, fs) = try guest()
        let rights = WASIRights.preopenedDirectory.subtracting([.pathCreateFile, .pathFilestatSetSize])
        #expect(try guest.call("fd_fdstat_set_rights", [3, rights.rawValue, WASIRights.all.rawValue]) == .success)
        #expect(try guest.open(3, "new.txt", oflags: .create, rights: [.fdWrite]).0 == .notcapable)
        #expect(try guest.open(3, "file.txt", oflags: .truncate, rights: [.fdWrite]).0 == .notcapable)
        #expect(try fs.contents(of: "file.txt") == Array("data".utf8))
    }

    @Test("Inheriting rights limit what descriptors opened through a directory get")
    func inheritingRightsLimitChildren() throws {
        let (guest, _) = try guest()
        let inheriting: WASIRights = [.fdRead, .fdSeek, .fdTell]
        #expect(try guest.call("fd_fdstat_set_rights", [3, WASIRights.preopenedDirectory.rawValue, inheriting.rawValue]) == .success)
        let (errno, file) = try guest.open(3, "file.txt", rights: [.fdRead, .fdWrite])
        #expect(errno == .success)
        #expect(try guest.fdstat(file).2 == inheriting)
        #expect(try guest.write(file, [1]).0 == .badf)
        let (_, sub) = try guest.open(3, "sub", oflags: .directory, rights: .directory)
        #expect(try guest.fdstat(sub).2 == WASIRights.directory.intersection(inheriting))
        #expect(try guest.open(sub, "x", oflags: .create).0 == .notcapable)
    }
}
