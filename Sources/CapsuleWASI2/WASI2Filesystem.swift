import CapsuleComponent
import CapsuleCore
import CapsuleEngine
import CapsuleWASI

/// `wasi:filesystem` on preview 1's backends: a descriptor is a directory or file of a preopen, so
/// every path goes through the same confined resolution (`WASIDirectory.open(at:)` and friends) and
/// read-only preopens stay read-only.
extension WASI2Host {
    /// A file or directory the guest holds.
    final class Descriptor {
        enum Node {
            case file(any WASIFile)
            case directory(any WASIDirectory)
        }

        let node: Node
        let readable: Bool
        let writable: Bool

        init(_ node: Node, readable: Bool, writable: Bool) {
            self.node = node
            self.readable = readable
            self.writable = writable
        }
    }

    /// A stream over a file from an offset, or the entries of a directory being listed.
    final class Cursor {
        let file: (any WASIFile)?
        var offset: UInt64
        let append: Bool
        var entries: [WASIDirectoryEntry]

        init(file: (any WASIFile)?, offset: UInt64, append: Bool = false, entries: [WASIDirectoryEntry] = []) {
            self.file = file
            self.offset = offset
            self.append = append
            self.entries = entries
        }
    }

    /// `wasi:filesystem/types` error codes for preview 1's errno values.
    static func errorCode(_ error: any Error) -> String {
        guard let errno = error as? WASIErrno else { return "io" }
        switch errno {
        case .acces, .notcapable: return "access"
        case .again: return "would-block"
        case .already: return "already"
        case .badf: return "bad-descriptor"
        case .busy: return "busy"
        case .deadlk: return "deadlock"
        case .dquot: return "quota"
        case .exist: return "exist"
        case .fbig: return "file-too-large"
        case .ilseq: return "illegal-byte-sequence"
        case .inprogress: return "in-progress"
        case .intr: return "interrupted"
        case .inval: return "invalid"
        case .isdir: return "is-directory"
        case .loop: return "loop"
        case .mlink: return "too-many-links"
        case .msgsize: return "message-size"
        case .nametoolong: return "name-too-long"
        case .nodev: return "no-device"
        case .noent: return "no-entry"
        case .nolck: return "no-lock"
        case .nomem: return "insufficient-memory"
        case .nospc: return "insufficient-space"
        case .notdir: return "not-directory"
        case .notempty: return "not-empty"
        case .notrecoverable: return "not-recoverable"
        case .nosys, .notsup: return "unsupported"
        case .notty: return "no-tty"
        case .nxio: return "no-such-device"
        case .overflow: return "overflow"
        case .perm: return "not-permitted"
        case .pipe: return "pipe"
        case .rofs: return "read-only"
        case .spipe: return "invalid-seek"
        case .txtbsy: return "text-file-busy"
        case .xdev: return "cross-device"
        default: return "io"
        }
    }

    static func failure(_ error: any Error) -> ComponentValue {
        .result(.failure(.init(.enum(errorCode(error)))))
    }

    static func descriptorType(_ type: WASIFileType) -> ComponentValue {
        switch type {
        case .blockDevice: return .enum("block-device")
        case .characterDevice: return .enum("character-device")
        case .directory: return .enum("directory")
        case .regularFile: return .enum("regular-file")
        case .symbolicLink: return .enum("symbolic-link")
        case .socketDgram, .socketStream: return .enum("socket")
        default: return .enum("unknown")
        }
    }

    static func timestamp(_ nanoseconds: UInt64) -> ComponentValue {
        .option(.record([("seconds", .u64(nanoseconds / 1_000_000_000)), ("nanoseconds", .u32(UInt32(nanoseconds % 1_000_000_000)))]))
    }

    static func stat(_ stat: WASIFileStat) -> ComponentValue {
        .record([
            ("type", descriptorType(stat.fileType)), ("link-count", .u64(stat.linkCount)), ("size", .u64(stat.size)),
            ("data-access-timestamp", timestamp(stat.accessTime)), ("data-modification-timestamp", timestamp(stat.modificationTime)),
            ("status-change-timestamp", timestamp(stat.changeTime)),
        ])
    }

    /// A hash of what identifies a file (device and inode) and its last change, as `metadata-hash` asks.
    static func metadataHash(_ stat: WASIFileStat) -> ComponentValue {
        var lower = stat.inode &* 0x9E37_79B9_7F4A_7C15 ^ stat.modificationTime
        lower ^= lower >> 29
        var upper = stat.device &* 0xBF58_476D_1CE4_E5B9 ^ stat.size ^ stat.changeTime
        upper ^= upper >> 31
        return .record([("lower", .u64(lower)), ("upper", .u64(upper))])
    }

    /// A `new-timestamp`: no-change, now, or a timestamp (a `datetime` record).
    static func timeChange(_ value: ComponentValue?) throws -> WASITimeChange {
        switch value {
        case .variant("no-change", _)?: return .unchanged
        case .variant("now", _)?: return .now
        case .variant("timestamp", .record(let fields)?)?:
            guard case .u64(let seconds)? = fields.first(where: { $0.name == "seconds" })?.value,
                case .u32(let nanoseconds)? = fields.first(where: { $0.name == "nanoseconds" })?.value
            else { throw WASIErrno.inval }
            let (total, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            guard !overflow else { throw WASIErrno.inval }
            return .at(total &+ UInt64(nanoseconds))
        default: throw WASIErrno.inval
        }
    }

    static func string(_ value: ComponentValue?) throws -> String {
        guard case .string(let text)? = value else { throw trap("expected a string") }
        return text
    }

    static func flags(_ value: ComponentValue?) -> Set<String> {
        if case .flags(let set)? = value { return set }
        return []
    }

    func descriptor(_ value: ComponentValue?) throws -> Descriptor {
        guard case .descriptor(let descriptor) = try object(value) else { throw Self.trap("not a descriptor") }
        return descriptor
    }

    func directory(_ value: ComponentValue?) throws -> any WASIDirectory {
        guard case .directory(let directory) = try descriptor(value).node else { throw WASIErrno.notdir }
        return directory
    }

    func file(_ value: ComponentValue?) throws -> any WASIFile {
        guard case .file(let file) = try descriptor(value).node else { throw WASIErrno.isdir }
        return file
    }

    /// The file, when the descriptor was opened for reading.
    func readableFile(_ value: ComponentValue?) throws -> any WASIFile {
        guard try descriptor(value).readable else { throw WASIErrno.badf }
        return try file(value)
    }

    /// The file, when the descriptor was opened for writing.
    func writableFile(_ value: ComponentValue?) throws -> any WASIFile {
        guard try descriptor(value).writable else { throw WASIErrno.badf }
        return try file(value)
    }

    /// The attributes of the file or directory a descriptor holds.
    func stat(of value: ComponentValue?) throws -> WASIFileStat {
        switch try descriptor(value).node {
        case .file(let file): return try file.stat()
        case .directory(let directory): return try directory.stat()
        }
    }

    /// The attributes of `path` beneath a directory: the arguments `(self, path-flags, path)`.
    func stat(at arguments: [ComponentValue]) throws -> WASIFileStat {
        let directory = try directory(arguments.first)
        let follow = Self.flags(arguments.dropFirst().first).contains("symlink-follow")
        return try directory.stat(at: try Self.string(arguments.dropFirst(2).first), followSymlinks: follow)
    }

    /// The preopens as `(descriptor, guest path)` pairs.
    func preopenedDirectories(_ resource: ResourceIdentity?) throws -> ComponentValue {
        .list(try configuration.preopens.map { preopen in
            .tuple([try own(.descriptor(Descriptor(.directory(preopen.directory), readable: true, writable: true)), resource), .string(preopen.guestPath)])
        })
    }

    /// The implementation of a `wasi:filesystem/types` function, or nil.
    func filesystem(_ name: String, _ signature: FunctionSignature) -> (([ComponentValue]) throws -> ComponentValue?)? {
        let resource = Self.returnedResource(signature)
        /// Runs `body`, turning preview 1 errno values into the function's `error-code`.
        func guarded(_ body: @escaping ([ComponentValue]) throws -> ComponentValue?) -> ([ComponentValue]) throws -> ComponentValue? {
            { arguments in
                do {
                    return .result(.success(try body(arguments)))
                } catch let error as WASIErrno {
                    return Self.failure(error)
                }
            }
        }
        switch name.split(separator: "#", maxSplits: 1).last.map(String.init) ?? name {
        case "[method]descriptor.open-at":
            return guarded { [unowned self] arguments in
                let directory = try directory(arguments.first)
                let pathFlags = Self.flags(arguments.dropFirst().first)
                let path = try Self.string(arguments.dropFirst(2).first)
                let openFlags = Self.flags(arguments.dropFirst(3).first)
                let descriptorFlags = Self.flags(arguments.dropFirst(4).first)
                var flags: WASIOpenFlags = []
                if openFlags.contains("create") { flags.insert(.create) }
                if openFlags.contains("directory") { flags.insert(.directory) }
                if openFlags.contains("exclusive") { flags.insert(.exclusive) }
                if openFlags.contains("truncate") { flags.insert(.truncate) }
                // A directory is never created or truncated by open-at (as preview 1's path_open).
                if flags.contains(.directory) && !flags.isDisjoint(with: [.create, .truncate]) { throw WASIErrno.inval }
                let write = descriptorFlags.contains("write") || descriptorFlags.contains("mutate-directory")
                let request = WASIOpenRequest(
                    followSymlinks: pathFlags.contains("symlink-follow"), openFlags: flags, read: descriptorFlags.contains("read") || !write,
                    write: descriptorFlags.contains("write"))
                let node: Descriptor.Node
                switch try directory.open(at: path, request) {
                case .file(let file): node = .file(file)
                case .directory(let opened): node = .directory(opened)
                }
                return try own(.descriptor(Descriptor(node, readable: request.read, writable: write)), resource)
            }
        case "[method]descriptor.read-via-stream":
            return guarded { [unowned self] arguments in
                let file = try readableFile(arguments.first)
                return try own(.cursor(Cursor(file: file, offset: try Self.u64(arguments.dropFirst().first))), resource)
            }
        case "[method]descriptor.write-via-stream", "[method]descriptor.append-via-stream":
            let append = name.hasSuffix("append-via-stream")
            return guarded { [unowned self] arguments in
                let file = try writableFile(arguments.first)
                let offset = append ? 0 : try Self.u64(arguments.dropFirst().first)
                return try own(.cursor(Cursor(file: file, offset: offset, append: append)), resource)
            }
        case "[method]descriptor.read":
            return guarded { [unowned self] arguments in
                let file = try readableFile(arguments.first)
                let length = Int(min(try Self.u64(arguments.dropFirst().first), 1 << 24))
                let bytes = try file.pread(maxCount: length, at: try Self.u64(arguments.dropFirst(2).first))
                return .tuple([Self.list(bytes), .bool(bytes.count < length)])
            }
        case "[method]descriptor.write":
            return guarded { [unowned self] arguments in
                let file = try writableFile(arguments.first)
                let written = try file.pwrite(try Self.bytes(arguments.dropFirst().first), at: try Self.u64(arguments.dropFirst(2).first))
                return .u64(UInt64(written))
            }
        case "[method]descriptor.stat":
            return guarded { [unowned self] arguments in Self.stat(try stat(of: arguments.first)) }
        case "[method]descriptor.stat-at":
            return guarded { [unowned self] arguments in Self.stat(try stat(at: arguments)) }
        case "[method]descriptor.get-type":
            return guarded { [unowned self] arguments in
                switch try descriptor(arguments.first).node {
                case .file(let file): return Self.descriptorType(file.fileType)
                case .directory: return .enum("directory")
                }
            }
        case "[method]descriptor.get-flags":
            return guarded { [unowned self] arguments in
                let descriptor = try descriptor(arguments.first)
                var set: Set<String> = []
                if descriptor.readable { set.insert("read") }
                if descriptor.writable { set.insert(descriptor.node.isDirectory ? "mutate-directory" : "write") }
                return .flags(set)
            }
        case "[method]descriptor.set-size":
            return guarded { [unowned self] arguments in
                try writableFile(arguments.first).setSize(try Self.u64(arguments.dropFirst().first))
                return nil
            }
        case "[method]descriptor.sync", "[method]descriptor.sync-data":
            return guarded { [unowned self] arguments in
                switch try descriptor(arguments.first).node {
                case .file(let file): try file.sync()
                case .directory(let directory): try directory.sync()
                }
                return nil
            }
        case "[method]descriptor.advise":
            return guarded { _ in nil }
        case "[method]descriptor.create-directory-at":
            return guarded { [unowned self] arguments in
                try directory(arguments.first).createDirectory(at: try Self.string(arguments.dropFirst().first))
                return nil
            }
        case "[method]descriptor.remove-directory-at":
            return guarded { [unowned self] arguments in
                try directory(arguments.first).removeDirectory(at: try Self.string(arguments.dropFirst().first))
                return nil
            }
        case "[method]descriptor.unlink-file-at":
            return guarded { [unowned self] arguments in
                try directory(arguments.first).unlink(at: try Self.string(arguments.dropFirst().first))
                return nil
            }
        case "[method]descriptor.readlink-at":
            return guarded { [unowned self] arguments in
                .string(String(decoding: try directory(arguments.first).readLink(at: try Self.string(arguments.dropFirst().first)), as: UTF8.self))
            }
        case "[method]descriptor.symlink-at":
            return guarded { [unowned self] arguments in
                // An absolute target could never be followed inside the sandbox: refused, as in preview 1.
                let destination = try Self.string(arguments.dropFirst().first)
                guard !destination.hasPrefix("/") else { throw WASIErrno.perm }
                try directory(arguments.first).symlink(destination, at: try Self.string(arguments.dropFirst(2).first))
                return nil
            }
        case "[method]descriptor.rename-at":
            return guarded { [unowned self] arguments in
                let source = try directory(arguments.first)
                let target = try directory(arguments.dropFirst(2).first)
                try source.rename(at: try Self.string(arguments.dropFirst().first), to: try target.writableTarget(), at: try Self.string(arguments.dropFirst(3).first))
                return nil
            }
        case "[method]descriptor.read-directory":
            return guarded { [unowned self] arguments in
                let entries = try directory(arguments.first).entries()
                return try own(.cursor(Cursor(file: nil, offset: 0, entries: entries)), resource)
            }
        case "[method]directory-entry-stream.read-directory-entry":
            return guarded { [unowned self] arguments in
                guard case .cursor(let cursor) = try object(arguments.first) else { throw WASIErrno.badf }
                while let entry = cursor.entries.first {
                    cursor.entries.removeFirst()
                    let name = String(decoding: entry.name, as: UTF8.self)
                    if name == "." || name == ".." { continue }
                    return .option(.record([("type", Self.descriptorType(entry.fileType)), ("name", .string(name))]))
                }
                return .option(nil)
            }
        case "[method]descriptor.metadata-hash":
            return guarded { [unowned self] arguments in Self.metadataHash(try stat(of: arguments.first)) }
        case "[method]descriptor.metadata-hash-at":
            return guarded { [unowned self] arguments in Self.metadataHash(try stat(at: arguments)) }
        case "[method]descriptor.link-at":
            return guarded { [unowned self] arguments in
                let source = try directory(arguments.first)
                // Following a link in the source is refused, as preview 1 (and wasmtime) refuse it.
                guard !Self.flags(arguments.dropFirst().first).contains("symlink-follow") else { throw WASIErrno.inval }
                let target = try directory(arguments.dropFirst(3).first)
                try source.link(
                    at: try Self.string(arguments.dropFirst(2).first), followSymlinks: false, to: try target.writableTarget(),
                    at: try Self.string(arguments.dropFirst(4).first))
                return nil
            }
        case "[method]descriptor.set-times":
            return guarded { [unowned self] arguments in
                let access = try Self.timeChange(arguments.dropFirst().first)
                let modification = try Self.timeChange(arguments.dropFirst(2).first)
                switch try descriptor(arguments.first).node {
                case .file(let file): try file.setTimes(access: access, modification: modification)
                case .directory(let directory): try directory.setTimes(access: access, modification: modification)
                }
                return nil
            }
        case "[method]descriptor.set-times-at":
            return guarded { [unowned self] arguments in
                let directory = try directory(arguments.first)
                let follow = Self.flags(arguments.dropFirst().first).contains("symlink-follow")
                try directory.setTimes(
                    at: try Self.string(arguments.dropFirst(2).first), followSymlinks: follow,
                    access: try Self.timeChange(arguments.dropFirst(3).first), modification: try Self.timeChange(arguments.dropFirst(4).first))
                return nil
            }
        case "[method]descriptor.is-same-object":
            return { [unowned self] arguments in
                .bool(try descriptor(arguments.first) === (try descriptor(arguments.dropFirst().first)))
            }
        default:
            return nil
        }
    }

    /// Reads from or writes to a file stream, advancing its offset.
    func readCursor(_ cursor: Cursor, count: Int) throws -> [UInt8] {
        guard let file = cursor.file else { throw WASIErrno.badf }
        let bytes = try file.pread(maxCount: count, at: cursor.offset)
        cursor.offset += UInt64(bytes.count)
        return bytes
    }

    func writeCursor(_ cursor: Cursor, _ bytes: [UInt8]) throws {
        guard let file = cursor.file else { throw WASIErrno.badf }
        if cursor.append {
            cursor.offset = try file.stat().size
        }
        let written = try file.pwrite(bytes, at: cursor.offset)
        cursor.offset += UInt64(written)
    }
}

extension WASI2Host.Descriptor.Node {
    var isDirectory: Bool {
        if case .directory = self { return true }
        return false
    }
}
