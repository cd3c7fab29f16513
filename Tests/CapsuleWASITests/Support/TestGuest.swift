import Foundation
@testable import CapsuleWASI

/// Captured bytes, shared with the closures of a ``WASIStreamFile``.
final class ByteSink {
    var bytes: [UInt8] = []
    var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A guest without Wasm: a ``WASIContext`` and a ``ByteMemory``, calling the preview 1 functions
/// through the same table and wrapper the engine uses, so pointers, lengths and errnos are decoded
/// exactly as for a real module.
final class TestGuest {
    let context: WASIContext
    let memory = ByteMemory(count: 1 << 20)
    let output = ByteSink()
    let errors = ByteSink()
    /// Where scratch data is placed; reset by ``reset()``.
    private var next: UInt32 = 0x1000

    init(
        preopens: [WASIPreopen] = [], sockets: [any WASISocket] = [], arguments: [String] = ["guest"],
        environment: [String] = [], configure: (inout WASIConfiguration) -> Void = { _ in }
    ) throws {
        var configuration = WASIConfiguration(arguments: arguments, environment: environment)
        let output = self.output
        let errors = self.errors
        configuration.standardInput = WASIStreamFile(read: { _ in [] })
        configuration.standardOutput = WASIStreamFile(write: { output.bytes += $0 })
        configuration.standardError = WASIStreamFile(write: { errors.bytes += $0 })
        configuration.preopens = preopens
        configuration.sockets = sockets
        configure(&configuration)
        context = try WASIContext(configuration)
    }

    /// Calls a preview 1 function by name with raw arguments; returns its errno.
    @discardableResult
    func call(_ name: String, _ arguments: [UInt64]) throws -> WASIErrno {
        guard let syscall = WASISyscall.all[name] else { throw WASIErrno.nosys }
        let raw = try context.call(syscall, memory: memory, arguments: WASIArguments(arguments))
        return WASIErrno(rawValue: UInt16(raw)) ?? .io
    }

    /// Reserves `count` bytes of scratch memory (8-byte aligned).
    func allocate(_ count: Int) -> UInt32 {
        let pointer = next
        next += UInt32((count + 7) & ~7)
        return pointer
    }

    /// Places `bytes` in scratch memory.
    func place(_ bytes: [UInt8]) -> (pointer: UInt32, length: UInt64) {
        let pointer = allocate(max(1, bytes.count))
        memory.storage.replaceSubrange(Int(pointer)..<Int(pointer) + bytes.count, with: bytes)
        return (pointer, UInt64(bytes.count))
    }

    func u32(at pointer: UInt32) -> UInt32 { (try? memory.loadU32(at: pointer)) ?? 0 }
    func u64(at pointer: UInt32) -> UInt64 { (try? memory.loadU64(at: pointer)) ?? 0 }

    // MARK: Calls

    /// `path_open`; returns the errno and the new descriptor.
    func open(
        _ fd: UInt32, _ path: String, follow: Bool = true, oflags: WASIOpenFlags = [],
        rights: WASIRights = [.fdRead, .fdSeek, .fdTell, .fdFilestatGet], inheriting: WASIRights = .all,
        fdflags: WASIFdFlags = []
    ) throws -> (WASIErrno, UInt32) {
        let (p, l) = place(Array(path.utf8))
        let result = allocate(4)
        let errno = try call("path_open", [
            UInt64(fd), follow ? 1 : 0, UInt64(p), l, UInt64(oflags.rawValue), rights.rawValue, inheriting.rawValue,
            UInt64(fdflags.rawValue), UInt64(result),
        ])
        return (errno, u32(at: result))
    }

    /// Opens for reading and returns the whole content, or the errno.
    func readFile(_ fd: UInt32, _ path: String, follow: Bool = true) throws -> Result<String, WASIErrno> {
        let (errno, file) = try open(fd, path, follow: follow)
        guard errno == .success else { return .failure(errno) }
        defer { _ = try? call("fd_close", [UInt64(file)]) }
        let (readErrno, bytes) = try read(file, count: 4096)
        guard readErrno == .success else { return .failure(readErrno) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    func write(_ fd: UInt32, _ bytes: [UInt8]) throws -> (WASIErrno, UInt32) {
        let (buffer, length) = place(bytes)
        let iovec = allocate(8)
        try memory.storeU32(buffer, at: iovec)
        try memory.storeU32(UInt32(length), at: iovec + 4)
        let result = allocate(4)
        let errno = try call("fd_write", [UInt64(fd), UInt64(iovec), 1, UInt64(result)])
        return (errno, u32(at: result))
    }

    func read(_ fd: UInt32, count: Int) throws -> (WASIErrno, [UInt8]) {
        let buffer = allocate(count)
        let iovec = allocate(8)
        try memory.storeU32(buffer, at: iovec)
        try memory.storeU32(UInt32(count), at: iovec + 4)
        let result = allocate(4)
        let errno = try call("fd_read", [UInt64(fd), UInt64(iovec), 1, UInt64(result)])
        let n = Int(u32(at: result))
        return (errno, errno == .success ? Array(memory.storage[Int(buffer)..<Int(buffer) + n]) : [])
    }

    /// A call taking `(fd, path)`: `path_create_directory`, `path_remove_directory`, `path_unlink_file`.
    func pathCall(_ name: String, _ fd: UInt32, _ path: String) throws -> WASIErrno {
        let (p, l) = place(Array(path.utf8))
        return try call(name, [UInt64(fd), UInt64(p), l])
    }

    func stat(_ fd: UInt32, _ path: String, follow: Bool = false) throws -> (WASIErrno, WASIFileType?) {
        let (p, l) = place(Array(path.utf8))
        let buffer = allocate(64)
        let errno = try call("path_filestat_get", [UInt64(fd), follow ? 1 : 0, UInt64(p), l, UInt64(buffer)])
        return (errno, errno == .success ? WASIFileType(rawValue: memory.storage[Int(buffer) + 16]) : nil)
    }

    func symlink(_ target: String, _ fd: UInt32, _ path: String) throws -> WASIErrno {
        let (t, tl) = place(Array(target.utf8))
        let (p, l) = place(Array(path.utf8))
        return try call("path_symlink", [UInt64(t), tl, UInt64(fd), UInt64(p), l])
    }

    func link(_ fd: UInt32, _ path: String, _ newFD: UInt32, _ newPath: String, follow: Bool = false) throws -> WASIErrno {
        let (p, l) = place(Array(path.utf8))
        let (n, nl) = place(Array(newPath.utf8))
        return try call("path_link", [UInt64(fd), follow ? 1 : 0, UInt64(p), l, UInt64(newFD), UInt64(n), nl])
    }

    func rename(_ fd: UInt32, _ path: String, _ newFD: UInt32, _ newPath: String) throws -> WASIErrno {
        let (p, l) = place(Array(path.utf8))
        let (n, nl) = place(Array(newPath.utf8))
        return try call("path_rename", [UInt64(fd), UInt64(p), l, UInt64(newFD), UInt64(n), nl])
    }

    func readlink(_ fd: UInt32, _ path: String) throws -> (WASIErrno, String) {
        let (p, l) = place(Array(path.utf8))
        let buffer = allocate(256)
        let used = allocate(4)
        let errno = try call("path_readlink", [UInt64(fd), UInt64(p), l, UInt64(buffer), 256, UInt64(used)])
        let n = Int(u32(at: used))
        return (errno, String(decoding: memory.storage[Int(buffer)..<Int(buffer) + n], as: UTF8.self))
    }

    func setTimes(_ fd: UInt32, _ path: String) throws -> WASIErrno {
        let (p, l) = place(Array(path.utf8))
        return try call("path_filestat_set_times", [UInt64(fd), 0, UInt64(p), l, 0, 0, UInt64(WASITimeFlags([.atimNow, .mtimNow]).rawValue)])
    }

    func close(_ fd: UInt32) throws -> WASIErrno {
        try call("fd_close", [UInt64(fd)])
    }

    func renumber(_ fd: UInt32, to: UInt32) throws -> WASIErrno {
        try call("fd_renumber", [UInt64(fd), UInt64(to)])
    }

    /// `fd_fdstat_get`: the type and the base rights.
    func fdstat(_ fd: UInt32) throws -> (WASIErrno, WASIFileType?, WASIRights) {
        let buffer = allocate(24)
        let errno = try call("fd_fdstat_get", [UInt64(fd), UInt64(buffer)])
        return (errno, WASIFileType(rawValue: memory.storage[Int(buffer)]), WASIRights(rawValue: u64(at: buffer + 8)))
    }

    /// Every name `fd_readdir` lists, reading through a buffer of `bufferSize` bytes.
    func listDirectory(_ fd: UInt32, bufferSize: Int = 4096) throws -> (WASIErrno, [String]) {
        var names: [String] = []
        var cookie: UInt64 = 0
        let buffer = allocate(bufferSize)
        let used = allocate(4)
        while true {
            let errno = try call("fd_readdir", [UInt64(fd), UInt64(buffer), UInt64(bufferSize), cookie, UInt64(used)])
            guard errno == .success else { return (errno, names) }
            let count = Int(u32(at: used))
            var offset = 0
            var progressed = false
            while offset + 24 <= count {
                let base = Int(buffer) + offset
                let next = u64(at: UInt32(base))
                let length = Int(u32(at: UInt32(base + 16)))
                guard offset + 24 + length <= count else { break }
                names.append(String(decoding: memory.storage[(base + 24)..<(base + 24 + length)], as: UTF8.self))
                cookie = next
                offset += 24 + length
                progressed = true
            }
            if count < bufferSize { return (.success, names) }
            if !progressed { return (.nobufs, names) }
        }
    }
}
