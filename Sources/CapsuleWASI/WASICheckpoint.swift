import CapsuleEngine

/// Why a guest's WASI state cannot be checkpointed or resumed: a descriptor that cannot move to
/// another process, a preopen that is not granted again, a file that is gone.
public struct WASICheckpointError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, for people.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// What a checkpoint records of a guest's WASI world, and how it is set up again.
///
/// Recorded: the arguments, the environment, the preopens by guest name, every open descriptor
/// (standard streams by which stream they are, preopens by their place, files and directories that
/// `path_open` made by their path beneath a preopen, with rights, flags and file offset), the clocks
/// (so that the guest's monotonic clock never goes backwards) and a seeded random generator's state.
/// Sockets and descriptors the host made (virtual files) cannot move and are refused.
enum WASICheckpointFormat {
    static let version: UInt32 = 1
    enum Kind: UInt8 { case standardStream = 0, preopen = 1, opened = 2 }
    enum Clocks: UInt8 { case system = 0, deterministic = 1 }
}

extension WASIContext {
    /// The WASI state, as bytes for ``Instance/writeCheckpoint(_:embedderData:to:)`` (or part of
    /// them), read back by ``init(resuming:configuration:)``.
    ///
    /// - Throws: ``WASICheckpointError`` naming each descriptor that cannot be written (a socket, a
    ///   file the host inserted, a descriptor whose file offset cannot be read).
    public func checkpointState() throws -> [UInt8] {
        var writer = CheckpointDataWriter()
        writer.u32(WASICheckpointFormat.version)
        writer.u32(UInt32(arguments.count))
        for argument in arguments { writer.string(argument) }
        writer.u32(UInt32(environment.count))
        for variable in environment { writer.string(variable) }
        var problems: [String] = []
        var entries: [(UInt32, WASIDescriptor)] = []
        for number in table.numbers {
            guard let descriptor = try? table.get(number) else { continue }
            entries.append((number, descriptor))
        }
        let preopens = entries.filter { $0.1.preopenIndex != nil }
        writer.u32(UInt32(preopens.count))
        for (_, descriptor) in preopens { writer.string(descriptor.preopenName ?? "") }
        writer.u32(UInt32(entries.count))
        for (number, descriptor) in entries {
            writer.u32(number)
            writer.u64(descriptor.rights.rawValue)
            writer.u64(descriptor.inheritingRights.rawValue)
            if let index = descriptor.preopenIndex {
                writer.u8(WASICheckpointFormat.Kind.preopen.rawValue)
                writer.u32(UInt32(index))
                continue
            }
            if case .file(let file) = descriptor.object, let stream = standardStreams.firstIndex(of: ObjectIdentifier(file)) {
                writer.u8(WASICheckpointFormat.Kind.standardStream.rawValue)
                writer.u8(UInt8(stream))
                continue
            }
            guard let origin = descriptor.origin else {
                let what: String
                if case .file(let file) = descriptor.object, file is any WASISocket || file.fileType == .socketStream || file.fileType == .socketDgram {
                    what = "a socket"
                } else {
                    what = "made by the host, not opened from a path"
                }
                problems.append("descriptor \(number) (\(what))")
                continue
            }
            writer.u8(WASICheckpointFormat.Kind.opened.rawValue)
            writer.u32(UInt32(origin.preopen))
            writer.string(origin.path)
            writer.bool(origin.followSymlinks)
            writer.bool(origin.isDirectory)
            writer.bool(origin.read)
            writer.bool(origin.write)
            var offset: UInt64 = 0
            var flags: WASIFdFlags = []
            if case .file(let file) = descriptor.object {
                do {
                    offset = try file.seek(offset: 0, whence: .current)
                    flags = try file.flags()
                } catch {
                    problems.append("descriptor \(number) (\(origin.path): its offset or flags cannot be read)")
                }
            }
            writer.u64(offset)
            writer.u32(UInt32(flags.rawValue))
        }
        guard problems.isEmpty else {
            throw WASICheckpointError("cannot checkpoint: these descriptors cannot move to another process: \(problems.joined(separator: ", "))")
        }
        if let deterministic = clocks as? DeterministicClocks {
            writer.u8(WASICheckpointFormat.Clocks.deterministic.rawValue)
            writer.u64(deterministic.realtimeStart)
            writer.u64(deterministic.monotonicStart)
            writer.u64(deterministic.step)
            writer.u64(deterministic.elapsed)
        } else {
            writer.u8(WASICheckpointFormat.Clocks.system.rawValue)
            writer.u64((try? clocks.now(.monotonic)) ?? 0)
        }
        if let seeded = random as? SeededRandomNumberGenerator {
            writer.bool(true)
            writer.u64(seeded.state)
        } else {
            writer.bool(false)
        }
        return writer.bytes
    }

    /// A context that continues a checkpointed guest: its arguments, environment, descriptors,
    /// clocks and random state as recorded, with the standard streams and the preopened directories
    /// of `configuration`, which must grant the same preopens again (the same guest names, in the
    /// same order). Files the guest had open are opened again beneath them, at the offsets recorded.
    ///
    /// - Throws: ``WASICheckpointError`` for a missing or different preopen, a file that can no longer
    ///   be opened, or malformed data (``SnapshotError``).
    public convenience init(resuming data: [UInt8], configuration: WASIConfiguration) throws {
        var reader = CheckpointDataReader(data)
        guard try reader.u32() == WASICheckpointFormat.version else { throw WASICheckpointError("the checkpoint's WASI state has an unknown version") }
        var configuration = configuration
        func count() throws -> Int {
            let value = try reader.u32()
            guard value <= 1 << 20 else { throw WASICheckpointError("the checkpoint's WASI state is malformed (a count of \(value))") }
            return Int(value)
        }
        configuration.arguments = try (0..<count()).map { _ in try reader.string() }
        configuration.environment = try (0..<count()).map { _ in try reader.string() }
        let names = try (0..<count()).map { _ in try reader.string() }
        let granted = configuration.preopens.map(\.guestPath)
        guard names == granted else {
            let missing = names.filter { !granted.contains($0) }
            if !missing.isEmpty {
                throw WASICheckpointError("the guest had these directories preopened, which are not granted now: \(missing.joined(separator: ", "))")
            }
            throw WASICheckpointError("the preopens granted now (\(granted.joined(separator: ", "))) are not the ones the guest had (\(names.joined(separator: ", ")))")
        }
        struct Entry {
            var number: UInt32
            var rights: WASIRights
            var inheriting: WASIRights
            var descriptor: WASIDescriptor
        }
        var entries: [Entry] = []
        var opened: [WASIDescriptor] = []
        let streams: [any WASIFile] = [configuration.standardInput, configuration.standardOutput, configuration.standardError]
        do {
            for _ in 0..<(try count()) {
                let number = try reader.u32()
                let rights = WASIRights(rawValue: try reader.u64())
                let inheriting = WASIRights(rawValue: try reader.u64())
                guard let kind = WASICheckpointFormat.Kind(rawValue: try reader.u8()) else { throw WASICheckpointError("the checkpoint's WASI state has an unknown kind of descriptor") }
                switch kind {
                case .standardStream:
                    let stream = Int(try reader.u8())
                    guard stream < 3 else { throw WASICheckpointError("the checkpoint's WASI state names standard stream \(stream)") }
                    let natural = stream == 0 ? Self.standardInputRights : Self.standardOutputRights
                    entries.append(Entry(number: number, rights: rights, inheriting: inheriting,
                                         descriptor: WASIDescriptor(.file(streams[stream]), rights: natural, inheritingRights: natural)))
                case .preopen:
                    let index = Int(try reader.u32())
                    guard index < configuration.preopens.count else { throw WASICheckpointError("the checkpoint's WASI state names preopen \(index), which does not exist") }
                    let preopen = configuration.preopens[index]
                    let descriptor = WASIDescriptor(
                        .directory(preopen.directory), rights: WASIRights.preopenedDirectory, inheritingRights: .all,
                        preopenName: preopen.guestPath)
                    descriptor.preopenIndex = index
                    entries.append(Entry(number: number, rights: rights, inheriting: inheriting, descriptor: descriptor))
                case .opened:
                    let index = Int(try reader.u32())
                    let path = try reader.string()
                    let follow = try reader.bool()
                    let isDirectory = try reader.bool()
                    let read = try reader.bool()
                    let write = try reader.bool()
                    let offset = try reader.u64()
                    let flags = WASIFdFlags(rawValue: UInt16(truncatingIfNeeded: try reader.u32()))
                    guard index < configuration.preopens.count else { throw WASICheckpointError("the checkpoint's WASI state names preopen \(index), which does not exist") }
                    let preopen = configuration.preopens[index]
                    let request = WASIOpenRequest(
                        followSymlinks: follow, openFlags: isDirectory ? [.directory] : [],
                        fdFlags: flags.intersection([.append, .nonblock]), read: read, write: write)
                    let node: WASIOpenedNode
                    do {
                        node = try preopen.directory.open(at: path, request)
                    } catch let errno as WASIErrno {
                        throw WASICheckpointError("descriptor \(number): \(preopen.guestPath)/\(path) cannot be opened again (\(errno.name))")
                    }
                    let descriptor: WASIDescriptor
                    switch node {
                    case .file(let file):
                        guard !isDirectory else { throw WASICheckpointError("descriptor \(number): \(preopen.guestPath)/\(path) is no longer a directory") }
                        let natural = WASIRights.file(readable: read, writable: write)
                        descriptor = WASIDescriptor(.file(file), rights: natural, inheritingRights: natural, openedFromPath: true)
                        opened.append(descriptor)
                        _ = try file.seek(offset: Int64(bitPattern: offset), whence: .set)
                    case .directory(let directory):
                        descriptor = WASIDescriptor(.directory(directory), rights: WASIRights.directory, inheritingRights: .all, openedFromPath: true)
                        opened.append(descriptor)
                        guard isDirectory else { throw WASICheckpointError("descriptor \(number): \(preopen.guestPath)/\(path) is now a directory") }
                    }
                    descriptor.origin = WASIDescriptorOrigin(
                        preopen: index, path: path, followSymlinks: follow, isDirectory: isDirectory, read: read, write: write)
                    entries.append(Entry(number: number, rights: rights, inheriting: inheriting, descriptor: descriptor))
                }
            }
            guard let clockKind = WASICheckpointFormat.Clocks(rawValue: try reader.u8()) else { throw WASICheckpointError("the checkpoint's WASI state has an unknown clock") }
            switch clockKind {
            case .deterministic:
                let clocks = DeterministicClocks(realtimeStart: try reader.u64(), monotonicStart: try reader.u64(), step: try reader.u64())
                clocks.sleep(nanoseconds: try reader.u64())
                configuration.clocks = clocks
            case .system:
                let then = try reader.u64()
                let now = (try? configuration.clocks.now(.monotonic)) ?? 0
                // The guest's monotonic clock carries on from where it was, never backwards.
                if then > now { configuration.clocks = OffsetClocks(configuration.clocks, monotonicOffset: then - now) }
            }
            if try reader.bool() { configuration.random = SeededRandomNumberGenerator(seed: try reader.u64()) }
            guard reader.isAtEnd else { throw WASICheckpointError("the checkpoint's WASI state has bytes after its end") }
            guard Set(entries.map(\.number)).count == entries.count else { throw WASICheckpointError("the checkpoint's WASI state names a descriptor twice") }
        } catch {
            for descriptor in opened { try? descriptor.close() }
            throw error
        }
        configuration.sockets = []
        try self.init(configuration)
        for number in table.numbers { _ = try? table.remove(number) }
        for entry in entries {
            // Rights are never more than the reopened object has now.
            entry.descriptor.rights = entry.rights.intersection(entry.descriptor.rights)
            entry.descriptor.inheritingRights = entry.inheriting.intersection(entry.descriptor.inheritingRights)
            table.insert(entry.descriptor, at: entry.number)
        }
    }
}

/// Clocks whose monotonic time is another's moved forward by a fixed offset: a resumed guest's
/// monotonic clock continues from where it was when its checkpoint was taken.
final class OffsetClocks: WASIClocks {
    let base: any WASIClocks
    let monotonicOffset: UInt64

    init(_ base: any WASIClocks, monotonicOffset: UInt64) {
        self.base = base
        self.monotonicOffset = monotonicOffset
    }

    func now(_ clock: WASIClock) throws -> UInt64 {
        let time = try base.now(clock)
        guard clock == .monotonic else { return time }
        let (sum, overflow) = time.addingReportingOverflow(monotonicOffset)
        return overflow ? UInt64.max : sum
    }

    func resolution(_ clock: WASIClock) throws -> UInt64 { try base.resolution(clock) }

    func sleep(nanoseconds: UInt64) { base.sleep(nanoseconds: nanoseconds) }
}
