import Foundation
@testable import CapsuleWASI

/// Which filesystem backend a test runs against.
enum Backend: String, CaseIterable, CustomStringConvertible {
    case host
    case memory

    var description: String { rawValue }
}

/// The layout the confinement tests attack: a writable preopen (`/sandbox`, descriptor 3) and a
/// read-only one (`/ro`, descriptor 4), next to an `outside` directory holding a secret.
///
///     outside/secret.txt                     "secret"
///     sandbox/file.txt                       "inside"
///     sandbox/sub/                           (empty directory)
///     sandbox/link_rel_out   -> ../outside/secret.txt
///     sandbox/link_abs_out   -> <root>/outside/secret.txt
///     sandbox/link_parent    -> ..
///     sandbox/link_dir_abs   -> <root>/outside
///     sandbox/link_out_dir   -> ../outside
///     sandbox/link_out_slash -> ../outside/
///     sandbox/chain1 -> chain2 -> chain3 -> ../outside/secret.txt
///     sandbox/loop1 -> loop2 -> loop1
///     sandbox/dangling_out   -> ../outside/created.txt
///     sandbox/dangling_abs   -> <root>/outside/created_abs.txt
///     sandbox/link_in        -> file.txt     (a control: stays inside)
///     ro/ro.txt                              "read only"
///     ro/rodir/inner.txt                     "ro inner"
///     ro/rodir_empty/
final class Sandbox {
    static let writable: UInt32 = 3
    static let readOnly: UInt32 = 4

    let backend: Backend
    let guest: TestGuest
    private let temporary: TemporaryDirectory?
    private let memory: MemoryFileSystem?

    init(_ backend: Backend) throws {
        self.backend = backend
        switch backend {
        case .host:
            let root = try TemporaryDirectory("capsule-escape")
            try Self.populateHost(root)
            temporary = root
            memory = nil
            let preopens = [
                WASIPreopen(guestPath: "/sandbox", directory: try HostDirectory(path: root.at("sandbox"))),
                WASIPreopen(guestPath: "/ro", directory: ReadOnlyDirectory(try HostDirectory(path: root.at("ro")))),
            ]
            guest = try TestGuest(preopens: preopens)
        case .memory:
            let fs = MemoryFileSystem()
            try Self.populate(fs.root, rootPath: "/memory-root")
            temporary = nil
            memory = fs
            let preopens = [
                WASIPreopen(guestPath: "/sandbox", directory: try Self.directory(fs.root, "sandbox")),
                WASIPreopen(guestPath: "/ro", directory: ReadOnlyDirectory(try Self.directory(fs.root, "ro"))),
            ]
            guest = try TestGuest(preopens: preopens)
        }
    }

    deinit { temporary?.remove() }

    /// The outside secret's content now (to check it was neither read nor changed).
    var secret: String? {
        switch backend {
        case .host: return temporary?.read("outside/secret.txt")
        case .memory: return (try? memory?.contents(of: "outside/secret.txt")).flatMap { $0.map { String(decoding: $0, as: UTF8.self) } }
        }
    }

    /// The names in `outside`, sorted.
    var outsideEntries: [String] {
        switch backend {
        case .host: return temporary?.list("outside") ?? []
        case .memory:
            guard let fs = memory, let dir = try? Self.directory(fs.root, "outside"), let entries = try? dir.entries() else { return [] }
            return entries.map { String(decoding: $0.name, as: UTF8.self) }.filter { $0 != "." && $0 != ".." }.sorted()
        }
    }

    /// The content of a file under the read-only preopen, read from the host side.
    func readOnlyContent(_ relative: String) -> String? {
        switch backend {
        case .host: return temporary?.read("ro/" + relative)
        case .memory: return (try? memory?.contents(of: "ro/" + relative)).flatMap { $0.map { String(decoding: $0, as: UTF8.self) } }
        }
    }

    /// The names under the read-only preopen, sorted.
    var readOnlyEntries: [String] {
        switch backend {
        case .host: return temporary?.list("ro") ?? []
        case .memory:
            guard let fs = memory, let dir = try? Self.directory(fs.root, "ro"), let entries = try? dir.entries() else { return [] }
            return entries.map { String(decoding: $0.name, as: UTF8.self) }.filter { $0 != "." && $0 != ".." }.sorted()
        }
    }

    private static func directory(_ root: MemoryDirectory, _ path: String) throws -> any WASIDirectory {
        guard case .directory(let directory) = try root.open(at: path, WASIOpenRequest(openFlags: .directory)) else {
            throw WASIErrno.notdir
        }
        return directory
    }

    private static func populateHost(_ root: TemporaryDirectory) throws {
        try root.makeDirectory("outside")
        try root.makeDirectory("sandbox/sub")
        try root.makeDirectory("ro/rodir")
        try root.makeDirectory("ro/rodir_empty")
        try root.write("secret", to: "outside/secret.txt")
        try root.write("inside", to: "sandbox/file.txt")
        try root.write("read only", to: "ro/ro.txt")
        try root.write("ro inner", to: "ro/rodir/inner.txt")
        for (name, target) in links(rootPath: root.path) { try root.symlink("sandbox/" + name, to: target) }
    }

    private static func populate(_ root: MemoryDirectory, rootPath: String) throws {
        for directory in ["outside", "sandbox", "sandbox/sub", "ro", "ro/rodir", "ro/rodir_empty"] {
            try root.createDirectory(at: directory)
        }
        for (path, text) in [
            ("outside/secret.txt", "secret"), ("sandbox/file.txt", "inside"), ("ro/ro.txt", "read only"),
            ("ro/rodir/inner.txt", "ro inner"),
        ] {
            guard case .file(let file) = try root.open(at: path, WASIOpenRequest(openFlags: .create, write: true)) else { continue }
            _ = try file.write(Array(text.utf8))
        }
        for (name, target) in links(rootPath: rootPath) { try root.symlink(target, at: "sandbox/" + name) }
    }

    private static func links(rootPath: String) -> [(String, String)] {
        [
            ("link_rel_out", "../outside/secret.txt"), ("link_abs_out", rootPath + "/outside/secret.txt"),
            ("link_parent", ".."), ("link_dir_abs", rootPath + "/outside"), ("link_out_dir", "../outside"),
            ("link_out_slash", "../outside/"), ("chain1", "chain2"), ("chain2", "chain3"),
            ("chain3", "../outside/secret.txt"), ("loop1", "loop2"), ("loop2", "loop1"),
            ("dangling_out", "../outside/created.txt"), ("dangling_abs", rootPath + "/outside/created_abs.txt"),
            ("link_in", "file.txt"),
        ]
    }
}
