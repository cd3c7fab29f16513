import Foundation
import Testing
@testable import CapsuleWASI

/// The resolvers on their own: what a guest path resolves to, and which paths are refused.
@Suite struct PathResolutionTests {
    /// A host tree: `d/e/f.txt`, `l -> d/e`, `up -> ..`, and a chain `c1 -> c2 -> ... -> c45 -> d`.
    private func hostTree() throws -> (TemporaryDirectory, HostDirectory) {
        let root = try TemporaryDirectory("capsule-resolve")
        try root.makeDirectory("d/e")
        try root.write("f", to: "d/e/f.txt")
        try root.symlink("l", to: "d/e")
        try root.symlink("up", to: "..")
        for i in 1...45 { try root.symlink("c\(i)", to: i == 45 ? "d" : "c\(i + 1)") }
        return (root, try HostDirectory(path: root.path))
    }

    private func resolve(_ directory: HostDirectory, _ path: String, follow: Bool = false, trailing: TrailingSlash = .directory) throws -> (String, Bool, Bool) {
        let resolved = try HostPathResolver.resolve(path, in: directory.descriptor, followLast: follow, trailing: trailing)
        defer { resolved.release() }
        return (resolved.name, resolved.trailingSlash, resolved.ownsParent)
    }

    @Test func componentsIgnoreRepeatedSlashes() {
        #expect(HostPathResolver.components(of: "a//b/./c/") == ["a", "b", ".", "c"])
        #expect(HostPathResolver.components(of: "a") == ["a"])
    }

    @Test func lastComponentAndParent() throws {
        let (root, directory) = try hostTree()
        defer { root.remove() }
        #expect(try resolve(directory, "d/e/f.txt") == ("f.txt", false, true))
        #expect(try resolve(directory, "f.txt") == ("f.txt", false, false))
        #expect(try resolve(directory, "d/..") == (".", false, false))
        #expect(try resolve(directory, ".") == (".", false, false))
        #expect(try resolve(directory, "d/e/") == (".", false, true))
        #expect(try resolve(directory, "d/e/", trailing: .strip) == ("e", false, true))
        #expect(try resolve(directory, "d/e/", trailing: .host) == ("e", true, true))
        #expect(try resolve(directory, "l/f.txt") == ("f.txt", false, true))
        #expect(try resolve(directory, "l") == ("l", false, false))
        #expect(try resolve(directory, "l", follow: true) == ("e", false, true))
    }

    @Test func refusedPaths() throws {
        let (root, directory) = try hostTree()
        defer { root.remove() }
        #expect(throws: WASIErrno.noent) { try resolve(directory, "") }
        #expect(throws: WASIErrno.perm) { try resolve(directory, "/d") }
        #expect(throws: WASIErrno.perm) { try resolve(directory, "..") }
        #expect(throws: WASIErrno.perm) { try resolve(directory, "d/../..") }
        #expect(throws: WASIErrno.perm) { try resolve(directory, "up/x") }
        #expect(throws: WASIErrno.perm) { try resolve(directory, "up", follow: true) }
        #expect(throws: WASIErrno.inval) { try resolve(directory, "d\0/x") }
        #expect(throws: WASIErrno.nametoolong) { try resolve(directory, String(repeating: "a/", count: 2048)) }
        #expect(throws: WASIErrno.notdir) { try resolve(directory, "d/e/f.txt/x") }
        #expect(throws: WASIErrno.noent) { try resolve(directory, "missing/x") }
    }

    @Test("At most 40 symbolic links are followed in one path")
    func hopLimit() throws {
        let (root, directory) = try hostTree()
        defer { root.remove() }
        // c6 reaches d after 40 links (c6..c45); c5 needs 41.
        #expect(try resolve(directory, "c6/e") == ("e", false, true))
        #expect(throws: WASIErrno.loop) { try resolve(directory, "c5/e") }
    }

    @Test("The in-memory resolver follows the same rules")
    func memoryResolver() throws {
        let fs = MemoryFileSystem()
        try fs.root.createDirectory(at: "d")
        try fs.root.symlink("..", at: "up")
        try fs.root.symlink("d/", at: "ld")
        for i in 1...41 { try fs.root.symlink(i == 41 ? "d" : "m\(i + 1)", at: "m\(i)") }
        let base = fs.root.node
        func resolve(_ path: String, follow: Bool = false) throws -> String {
            try MemoryPathResolver.resolve(path, in: base, followLast: follow, trailing: .directory).name
        }
        #expect(try resolve("d/") == ".")
        #expect(try resolve("ld/x") == "x")
        #expect(try resolve("m2/x") == "x")
        #expect(throws: WASIErrno.loop) { try resolve("m1/x") }
        #expect(throws: WASIErrno.perm) { try resolve("up/x") }
        #expect(throws: WASIErrno.perm) { try resolve("/d") }
        #expect(throws: WASIErrno.perm) { try resolve("d/../..") }
        #expect(throws: WASIErrno.isdir) {
            try MemoryPathResolver.resolve("ld", in: base, followLast: true, trailing: .directory, slashTargetError: .isdir)
        }
    }
}
