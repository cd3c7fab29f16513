import Foundation
import Testing
@testable import CapsuleWASI

/// What an embedder can hand a guest besides directories: host-defined virtual files in an in-memory
/// filesystem, standard input from bytes, descriptors of its own, clocks and a random source.
@Suite struct EmbedderTests {
    /// A generated, read-only, seekable file: each open gets its own position over the same text.
    final class GeneratedFile: WASIFile {
        let text: [UInt8]
        var position = 0
        init(_ text: String) { self.text = Array(text.utf8) }
        var fileType: WASIFileType { .regularFile }
        func read(maxCount: Int) throws -> [UInt8] {
            let end = min(text.count, position + maxCount)
            defer { position = end }
            return Array(text[position..<end])
        }
        func seek(offset: Int64, whence: WASIWhence) throws -> UInt64 {
            guard whence == .set, offset >= 0 else { throw WASIErrno.inval }
            position = min(text.count, Int(offset))
            return UInt64(position)
        }
        func stat() throws -> WASIFileStat { WASIFileStat(fileType: .regularFile, linkCount: 1, size: UInt64(text.count)) }
    }

    private static let writeRights: WASIRights = [.fdWrite, .fdFilestatGet]

    @Test func aMountedLogSinkReceivesEveryWriteFromEveryOpen() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "dev")
        let log = ByteSink()
        let sink = WASIStreamFile(write: { log.bytes += $0 })
        try fs.mount(at: "dev/log") { sink }
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)])
        for line in ["one\n", "two\n"] {
            // O_TRUNC, as fopen(path, "w") asks, opens a sink that cannot be truncated.
            let (errno, fd) = try guest.open(3, "dev/log", oflags: .truncate, rights: Self.writeRights)
            #expect(errno == .success)
            #expect(try guest.write(fd, Array(line.utf8)).0 == .success)
            #expect(try guest.call("fd_close", [UInt64(fd)]) == .success)
        }
        #expect(log.text == "one\ntwo\n")
        // Listed under its directory with the sink's type.
        #expect(try fs.root.entries().count == 3)
        #expect(try guest.stat(3, "dev/log") == (.success, .unknown))
    }

    @Test func aGeneratedFileGivesEachOpenItsOwnPosition() throws {
        let fs = MemoryFileSystem()
        try fs.mount(at: "motd") { GeneratedFile("generated for you\n") }
        let guest = try TestGuest(preopens: [WASIPreopen(guestPath: "/", directory: fs.root)])
        #expect(try guest.readFile(3, "motd") == .success("generated for you\n"))
        #expect(try guest.readFile(3, "motd") == .success("generated for you\n"))
        #expect(try guest.stat(3, "motd") == (.success, .regularFile))
        #expect(try fs.root.stat(at: "motd", followSymlinks: false).size == 18)
        // It renames and unlinks like a file, and is not a directory.
        #expect(try guest.rename(3, "motd", 3, "banner") == .success)
        #expect(try guest.readFile(3, "banner") == .success("generated for you\n"))
        #expect(try guest.open(3, "banner", oflags: .directory).0 == .notdir)
        #expect(try guest.readFile(3, "banner/x") == .failure(.notdir))
        #expect(try guest.pathCall("path_unlink_file", 3, "banner") == .success)
        #expect(try guest.readFile(3, "banner") == .failure(.noent))
    }

    @Test func mountingNeedsAnExistingParentAndAFileName() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "etc")
        let make: () throws -> any WASIFile = { GeneratedFile("") }
        #expect(throws: WASIErrno.noent) { try fs.mount(at: "missing/file", make) }
        #expect(throws: WASIErrno.isdir) { try fs.mount(at: "etc", make) }
        #expect(throws: WASIErrno.isdir) { try fs.mount(at: "etc/", make) }
        #expect(throws: WASIErrno.perm) { try fs.mount(at: "../outside", make) }
        #expect(throws: WASIErrno.perm) { try fs.mount(at: "/abs", make) }
        // Replacing a regular file is allowed, as writing one is.
        try fs.write(Array("old".utf8), to: "etc/config")
        try fs.mount(at: "etc/config") { GeneratedFile("new") }
        #expect(try fs.root.stat(at: "etc/config", followSymlinks: true).size == 3)
    }

    @Test func standardInputFromBytesReadsInOrderThenEndsWithEOF() throws {
        let guest = try TestGuest(configure: { $0.standardInput = WASIStreamFile(input: Array("hello".utf8)) })
        #expect(try guest.read(0, count: 3) == (.success, Array("hel".utf8)))
        #expect(try guest.read(0, count: 3) == (.success, Array("lo".utf8)))
        #expect(try guest.read(0, count: 3) == (.success, []))
    }

    @Test func aHostDescriptorIsReachableWithExactlyItsRights() throws {
        let guest = try TestGuest()
        let log = ByteSink()
        let fd = try guest.context.insert(
            WASIDescriptor(.file(WASIStreamFile(write: { log.bytes += $0 })), rights: [.fdWrite]))
        #expect(fd == 3)
        #expect(try guest.write(fd, Array("from the guest".utf8)).0 == .success)
        #expect(log.text == "from the guest")
        // Reading without the read right is EBADF (as wasmtime has it), other missing rights ENOTCAPABLE.
        #expect(try guest.read(fd, count: 4).0 == .badf)
        #expect(try guest.call("fd_tell", [UInt64(fd), UInt64(guest.allocate(8))]) == .notcapable)
        #expect(try guest.call("fd_close", [UInt64(fd)]) == .success)
        #expect(try guest.write(fd, [1]).0 == .badf)
    }

    @Test func deterministicClocksStartFixedAndMoveByTheirStep() throws {
        let clocks = DeterministicClocks(realtimeStart: 5_000, monotonicStart: 100, step: 10)
        let guest = try TestGuest(configure: { $0.clocks = clocks })
        let out = guest.allocate(8)
        #expect(try guest.call("clock_time_get", [0, 1, UInt64(out)]) == .success)
        #expect(guest.u64(at: out) == 5_000)
        #expect(try guest.call("clock_time_get", [1, 1, UInt64(out)]) == .success)
        #expect(guest.u64(at: out) == 110)
        #expect(try guest.call("clock_res_get", [1, UInt64(out)]) == .success)
        #expect(guest.u64(at: out) == 10)
        // The CPU-time clocks stay refused, whatever the clock source.
        #expect(try guest.call("clock_time_get", [2, 1, UInt64(out)]) == .badf)
    }

    @Test func theSameSeedGivesTheSameRandomBytes() throws {
        func bytes(seed: UInt64) throws -> [UInt8] {
            let guest = try TestGuest(configure: { $0.random = SeededRandomNumberGenerator(seed: seed) })
            let buffer = guest.allocate(37)
            #expect(try guest.call("random_get", [UInt64(buffer), 37]) == .success)
            return (0..<37).map { guest.memory.storage[Int(buffer) + $0] }
        }
        #expect(try bytes(seed: 1) == bytes(seed: 1))
        #expect(try bytes(seed: 1) != bytes(seed: 2))
        // SplitMix64's first output for seed 0 (a published test value).
        var generator = SeededRandomNumberGenerator(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
    }

    @Test func anInMemoryFilesystemTakesItsTimestampsFromItsClocks() throws {
        let fs = MemoryFileSystem(clocks: DeterministicClocks(realtimeStart: 42_000, step: 1))
        try fs.write(Array("x".utf8), to: "file")
        let stat = try fs.root.stat(at: "file", followSymlinks: false)
        #expect(stat.modificationTime >= 42_000 && stat.modificationTime < 42_100)
    }
}
