import CapsuleBinary
import CapsuleCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a snapshot could not be written or restored. Never a crash: a corrupted, truncated or hostile
/// snapshot is one of these.
public struct SnapshotError: Error, CustomStringConvertible, Equatable {
    /// What went wrong, for people.
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The snapshot format, version 1 (an instance at rest: between calls, nothing running).
///
/// Little-endian throughout. A header (`CAPSNAP1`, version, kind, the SHA-256 of the module's bytes),
/// then records, each a tag byte: memory (index, page count, pages written, then each page that is
/// not all zeros as its index and 64 KiB), globals (count, then each type byte and value), table
/// (index, element count, then each element as a function index + 1, 0 for null), segments (the live
/// length of each data and element segment; 0 once dropped), fuel; then the end tag and the CRC-32 of
/// every byte before it. Pages are written as they are read, so writing a 1 GiB memory needs no copy of it.
enum SnapshotFormat {
    static let magic: [UInt8] = Array("CAPSNAP1".utf8)
    static let version: UInt32 = 1
    static let kindAtRest: UInt32 = 1
    /// A checkpoint: the same records, preceded by the embedder's data and the paused execution.
    static let kindCheckpoint: UInt32 = 2
    enum Tag: UInt8 { case end = 0, memory = 1, globals = 2, table = 3, segments = 4, fuel = 5, embedder = 6, execution = 7 }
    /// The header: magic, version, kind, module hash.
    static let headerBytes = 8 + 4 + 4 + 32
    /// The largest embedder record a reader accepts (it is read into memory).
    static let embedderLimit = 1 << 30
}

extension Instance {
    /// Writes this instance's state (memories, globals, tables, segment state and the store's fuel)
    /// to `sink`, in pieces, for ``restoreSnapshot(_:)`` on a fresh instance of the same module,
    /// possibly in another process. Call it between calls, not while Wasm code of the store runs.
    ///
    /// Pages that are all zeros are not written. Host (`externref`) and exception references, and
    /// functions of other instances, cannot be written: they throw ``SnapshotError``.
    public func writeSnapshot(to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            var writer = SnapshotWriter(sink: sink)
            try writeSnapshot(with: &writer, checkpoint: nil)
        }
    }

    /// Writes a checkpoint to `sink`, in pieces: this instance's state as ``writeSnapshot(to:)``
    /// writes it, a paused execution of it, and `embedderData` (bytes the embedder needs to set the
    /// world up again, such as its WASI state; ``CheckpointHeader/read(contentsOf:)`` gives them
    /// back before any instance exists). Call it once the run paused, before anything else runs.
    public func writeCheckpoint(_ execution: PausedExecution, embedderData: [UInt8] = [], to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try withoutActuallyEscaping(sink) { sink in
            var writer = SnapshotWriter(sink: sink)
            try writeSnapshot(with: &writer, checkpoint: (execution, embedderData))
        }
    }

    /// ``writeCheckpoint(_:embedderData:to:)`` into bytes in memory.
    public func checkpoint(_ execution: PausedExecution, embedderData: [UInt8] = []) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writeCheckpoint(execution, embedderData: embedderData) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Puts this instance into the state a checkpoint recorded (as ``restoreSnapshot(_:)`` does) and
    /// returns its paused execution, for ``resume(_:)``, and the embedder's data.
    public func restoreCheckpoint(_ bytes: [UInt8]) throws(SnapshotError) -> Checkpoint {
        var result: Checkpoint?
        for apply in [false, true] {
            var reader = SnapshotReader(source: SnapshotBytes(bytes: bytes), instance: self, kind: SnapshotFormat.kindCheckpoint)
            try reader.read(apply: apply)
            result = reader.checkpoint
        }
        guard let result else { throw SnapshotError("the checkpoint has no paused execution") }
        return result
    }

    /// ``restoreCheckpoint(_:)`` from a file, read in pieces.
    public func restoreCheckpoint(contentsOf path: String) throws(SnapshotError) -> Checkpoint {
        var result: Checkpoint?
        for apply in [false, true] {
            guard let file = SnapshotFile(path: path) else { throw SnapshotError("cannot read \(path)") }
            var reader = SnapshotReader(source: file, instance: self, kind: SnapshotFormat.kindCheckpoint)
            try reader.read(apply: apply)
            result = reader.checkpoint
        }
        guard let result else { throw SnapshotError("the checkpoint has no paused execution") }
        return result
    }

    private func writeSnapshot(with writer: inout SnapshotWriter, checkpoint: (PausedExecution, [UInt8])?) throws {
        let context = SnapshotContext(instance: self)
        try writer.bytes(SnapshotFormat.magic)
        try writer.u32(SnapshotFormat.version)
        try writer.u32(checkpoint == nil ? SnapshotFormat.kindAtRest : SnapshotFormat.kindCheckpoint)
        try writer.bytes(context.moduleHash)
        if let (execution, data) = checkpoint {
            try writer.u8(SnapshotFormat.Tag.embedder.rawValue)
            try writer.u64(UInt64(data.count))
            try writer.bytes(data)
            try writer.u8(SnapshotFormat.Tag.execution.rawValue)
            try writer.u32(InternalCodeFormat.version)
            try writer.u8(execution.reason.rawValue)
            try writer.u64(UInt64(bitPattern: execution.fuel))
            try writer.u32(UInt32(execution.activations.count))
            for activation in execution.activations {
                try writer.u32(activation.function)
                try writer.u64(UInt64(bitPattern: activation.position))
                try writer.u64(activation.frame)
            }
            try writer.u64(UInt64(execution.slots.count))
            try execution.slots.map(\.littleEndian).withUnsafeBytes { try writer.raw($0) }
        }
        for i in context.module.memories.indices {
            let index = context.importedMemories + i
            let memory = record.pointee.memories[index]
            let pages = memory.pointee.pageCount
            let base = UnsafeRawPointer(memory.pointee.base)
            let written = (0..<pages).filter { !Self.isZeroPage(base + $0 * wasmPageSize) }
            try writer.u8(SnapshotFormat.Tag.memory.rawValue)
            try writer.u32(UInt32(index))
            try writer.u64(UInt64(pages))
            try writer.u64(UInt64(written.count))
            for page in written {
                try writer.u64(UInt64(page))
                try writer.raw(UnsafeRawBufferPointer(start: base + page * wasmPageSize, count: wasmPageSize))
            }
        }
        try writer.u8(SnapshotFormat.Tag.globals.rawValue)
        try writer.u32(UInt32(context.module.globals.count))
        for (i, global) in context.module.globals.enumerated() {
            let cell = record.pointee.globals[context.importedGlobals + i]
            let type = global.type.valueType
            try writer.u8(type.binaryEncoding[0])
            if type == .v128 {
                try writer.u64(cell[0]); try writer.u64(cell[1])
            } else if context.module.isFunctionReference(type) {
                try writer.u64(UInt64(try context.functionNumber(cell.pointee, what: "global \(context.importedGlobals + i)")))
            } else if type.isReference {
                guard cell.pointee == 0 else { throw SnapshotError("global \(context.importedGlobals + i) holds a host, internal or exception reference, which cannot be written") }
                try writer.u64(0)
            } else {
                try writer.u64(cell.pointee)
            }
        }
        for i in context.module.tables.indices {
            let index = context.importedTables + i
            let table = record.pointee.tables[index]
            try writer.u8(SnapshotFormat.Tag.table.rawValue)
            try writer.u32(UInt32(index))
            try writer.u32(UInt32(table.pointee.count))
            let functions = context.module.tables[i].elementType == .funcref
            for slot in 0..<table.pointee.count {
                let bits = table.pointee.elements[slot]
                guard functions || bits == 0 else { throw SnapshotError("table \(index) holds a host or exception reference, which cannot be written") }
                try writer.u32(try context.functionNumber(bits, what: "table \(index) element \(slot)"))
            }
        }
        try writer.u8(SnapshotFormat.Tag.segments.rawValue)
        try writer.u32(UInt32(context.module.datas.count))
        for i in context.module.datas.indices { try writer.u64(UInt64(record.pointee.datas[i].count)) }
        try writer.u32(UInt32(context.module.elements.count))
        for i in context.module.elements.indices { try writer.u64(UInt64(record.pointee.elements[i].count)) }
        try writer.u8(SnapshotFormat.Tag.fuel.rawValue)
        try writer.u64(UInt64(bitPattern: store.fuelCell.pointee))
        try writer.u8(SnapshotFormat.Tag.end.rawValue)
        let checksum = writer.crc.value
        try writer.u32(checksum)
    }

    /// The snapshot as bytes in memory (``writeSnapshot(to:)`` streams instead).
    public func snapshot() throws -> [UInt8] {
        var bytes: [UInt8] = []
        try writeSnapshot { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Puts this instance into the state a snapshot recorded. The instance must be a fresh
    /// instance of the same module (its hash is checked), instantiated with imports the embedder
    /// supplies again; the store's fuel is set as recorded when the store meters fuel.
    ///
    /// Everything is checked before the instance changes: a snapshot of another module, an unknown
    /// version, a truncated or corrupted file (checksum), sizes past the store's limits, indices out of
    /// range: each is a ``SnapshotError`` and leaves the instance as it was.
    public func restoreSnapshot(_ bytes: [UInt8]) throws(SnapshotError) {
        for apply in [false, true] {
            var reader = SnapshotReader(source: SnapshotBytes(bytes: bytes), instance: self)
            try reader.read(apply: apply)
        }
    }

    /// ``restoreSnapshot(_:)`` from a file, read in pieces (twice: to check, then to apply), so
    /// that a snapshot of a large memory needs no copy of it in memory.
    public func restoreSnapshot(contentsOf path: String) throws(SnapshotError) {
        for apply in [false, true] {
            guard let file = SnapshotFile(path: path) else { throw SnapshotError("cannot read \(path)") }
            var reader = SnapshotReader(source: file, instance: self)
            try reader.read(apply: apply)
        }
    }

    static func isZeroPage(_ page: UnsafeRawPointer) -> Bool {
        var offset = 0
        while offset < wasmPageSize {
            if page.load(fromByteOffset: offset, as: UInt64.self) != 0 { return false }
            offset += 8
        }
        return true
    }
}

/// What both directions need to know about the instance's module.
struct SnapshotContext {
    let module: Module
    let record: UnsafeMutablePointer<InstanceRecord>
    var importedFunctions = 0, importedTables = 0, importedMemories = 0, importedGlobals = 0
    /// Function record -> its index in the module's function index space, + 1.
    var functionNumbers: [UnsafeMutablePointer<FunctionRecord>: UInt32] = [:]
    var moduleHash: [UInt8] { SHA256.digest(module.bytes) }
    var functionCount: Int { importedFunctions + module.functions.count }

    init(instance: Instance) {
        record = instance.record
        module = instance.store.instanceStates[record.pointee.instanceIndex].module
        for entry in module.imports {
            switch entry.descriptor {
            case .function: importedFunctions += 1
            case .table: importedTables += 1
            case .memory: importedMemories += 1
            case .global: importedGlobals += 1
            default: break
            }
        }
        for index in 0..<(importedFunctions + module.functions.count) where functionNumbers[record.pointee.functions[index]] == nil {
            functionNumbers[record.pointee.functions[index]] = UInt32(index + 1)
        }
    }

    /// A function reference as its index + 1 (0 for null).
    func functionNumber(_ bits: UInt64, what: String) throws(SnapshotError) -> UInt32 {
        if bits == 0 { return 0 }
        guard let function = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(bits)), let number = functionNumbers[function] else {
            throw SnapshotError("\(what) refers to a function this module cannot name")
        }
        return number
    }
}

struct SnapshotWriter {
    let sink: (UnsafeRawBufferPointer) throws -> Void
    var crc = CRC32()

    mutating func raw(_ bytes: UnsafeRawBufferPointer) throws {
        crc.update(bytes)
        try sink(bytes)
    }
    mutating func bytes(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try raw($0) } }
    mutating func u8(_ v: UInt8) throws { try bytes([v]) }
    mutating func u32(_ v: UInt32) throws { try bytes((0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * UInt32($0))) }) }
    mutating func u64(_ v: UInt64) throws { try bytes((0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * UInt64($0))) }) }
}

/// Where a snapshot's bytes come from: its size, the CRC-32 of all but its last 4 bytes, and reads in order.
protocol SnapshotSource {
    var count: Int { get }
    /// CRC-32 of bytes `0..<count - 4` and the stored checksum (the last 4 bytes), reading it all once.
    mutating func checksums() throws(SnapshotError) -> (computed: UInt32, stored: UInt32)
    /// Copies the next `count` bytes to `destination`.
    mutating func read(_ count: Int, into destination: UnsafeMutableRawPointer) throws(SnapshotError)
}

/// A snapshot in memory.
struct SnapshotBytes: SnapshotSource {
    let bytes: [UInt8]
    var position = 0
    var count: Int { bytes.count }

    init(bytes: [UInt8]) { self.bytes = bytes }

    func checksums() throws(SnapshotError) -> (computed: UInt32, stored: UInt32) {
        guard bytes.count >= 4 else { throw SnapshotError("the snapshot is truncated (shorter than its header)") }
        var crc = CRC32()
        bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        let stored = bytes[(bytes.count - 4)...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return (crc.value, stored)
    }

    mutating func read(_ count: Int, into destination: UnsafeMutableRawPointer) throws(SnapshotError) {
        guard count >= 0, count <= bytes.count - position else { throw SnapshotError("the snapshot is truncated (at byte \(position))") }
        bytes.withUnsafeBytes { source in
            guard let base = source.baseAddress else { return }
            destination.copyMemory(from: base + position, byteCount: count)
        }
        position += count
    }
}

/// A snapshot in a file, read with a 64 KiB buffer.
final class SnapshotFile: SnapshotSource {
    private let file: UnsafeMutablePointer<FILE>
    let count: Int
    private var position = 0

    init?(path: String) {
        guard let file = fopen(path, "rb") else { return nil }
        guard fseek(file, 0, SEEK_END) == 0 else { fclose(file); return nil }
        let size = ftell(file)
        guard size >= 0, fseek(file, 0, SEEK_SET) == 0 else { fclose(file); return nil }
        self.file = file
        count = size
    }

    deinit { fclose(file) }

    func checksums() throws(SnapshotError) -> (computed: UInt32, stored: UInt32) {
        guard count >= 4 else { throw SnapshotError("the snapshot is truncated (shorter than its header)") }
        var crc = CRC32()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = count - 4
        while left > 0 {
            let chunk = Swift.min(left, buffer.count)
            guard fread(&buffer, 1, chunk, file) == chunk else { throw SnapshotError("the snapshot could not be read") }
            buffer.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<chunk])) }
            left -= chunk
        }
        var tail = [UInt8](repeating: 0, count: 4)
        guard fread(&tail, 1, 4, file) == 4, fseek(file, 0, SEEK_SET) == 0 else { throw SnapshotError("the snapshot could not be read") }
        return (crc.value, tail.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    func read(_ count: Int, into destination: UnsafeMutableRawPointer) throws(SnapshotError) {
        guard count >= 0, count <= self.count - position else { throw SnapshotError("the snapshot is truncated (at byte \(position))") }
        guard fread(destination, 1, count, file) == count else { throw SnapshotError("the snapshot could not be read") }
        position += count
    }
}

/// Reads (and, with `apply`, restores) a snapshot; every value is checked before it is used.
struct SnapshotReader<Source: SnapshotSource> {
    var source: Source
    let instance: Instance
    let kind: UInt32
    var position = 0
    var count: Int { source.count }
    /// For a checkpoint, what it holds besides the instance's state.
    var checkpoint: Checkpoint?

    init(source: Source, instance: Instance, kind: UInt32 = SnapshotFormat.kindAtRest) {
        self.source = source
        self.instance = instance
        self.kind = kind
    }

    private mutating func take(_ count: Int) throws(SnapshotError) -> [UInt8] {
        guard count >= 0, count <= self.count - position else { throw SnapshotError("the snapshot is truncated (at byte \(position))") }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 8)
        defer { buffer.deallocate() }
        try source.read(count, into: buffer)
        position += count
        return Array(UnsafeRawBufferPointer(start: buffer, count: count))
    }
    /// The next `count` bytes, copied to `destination` or, without one, skipped over (read and dropped).
    private mutating func copy(_ count: Int, to destination: UnsafeMutableRawPointer?) throws(SnapshotError) {
        guard let destination else {
            _ = try take(count)
            return
        }
        guard count >= 0, count <= self.count - position else { throw SnapshotError("the snapshot is truncated (at byte \(position))") }
        try source.read(count, into: destination)
        position += count
    }
    private mutating func u8() throws(SnapshotError) -> UInt8 { try take(1)[0] }
    private mutating func u32() throws(SnapshotError) -> UInt32 {
        try take(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
    private mutating func u64() throws(SnapshotError) -> UInt64 {
        try take(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    mutating func read(apply: Bool) throws(SnapshotError) {
        let context = SnapshotContext(instance: instance)
        let record = instance.record
        // The checksum first: a corrupted file is refused before anything else is believed.
        guard count >= SnapshotFormat.magic.count + 4 else { throw SnapshotError("the snapshot is truncated (shorter than its header)") }
        let sums = try source.checksums()
        guard try take(SnapshotFormat.magic.count) == SnapshotFormat.magic else { throw SnapshotError("not a Capsule snapshot (bad magic)") }
        guard sums.computed == sums.stored else { throw SnapshotError("the snapshot is corrupted or truncated (checksum mismatch)") }
        let version = try u32()
        guard version == SnapshotFormat.version else { throw SnapshotError("snapshot format version \(version) is not supported (this Capsule reads version \(SnapshotFormat.version))") }
        let kind = try u32()
        guard kind == self.kind else {
            switch kind {
            case SnapshotFormat.kindAtRest: throw SnapshotError("this is a snapshot of an instance at rest, not a checkpoint of a run")
            case SnapshotFormat.kindCheckpoint: throw SnapshotError("this is a checkpoint of a run: resume it rather than restore it")
            default: throw SnapshotError("this kind of snapshot (\(kind)) is not supported")
            }
        }
        guard try take(32) == context.moduleHash else { throw SnapshotError("the snapshot belongs to a different module (module hash mismatch)") }
        if kind == SnapshotFormat.kindCheckpoint {
            guard try u8() == SnapshotFormat.Tag.embedder.rawValue else { throw SnapshotError("the checkpoint lacks its embedder record") }
            let length = try u64()
            guard length <= UInt64(SnapshotFormat.embedderLimit), length <= UInt64(count - position) else { throw SnapshotError("the snapshot is truncated (embedder record)") }
            let data = try take(Int(length))
            guard try u8() == SnapshotFormat.Tag.execution.rawValue else { throw SnapshotError("the checkpoint lacks its execution record") }
            let format = try u32()
            guard format == InternalCodeFormat.version else {
                throw SnapshotError("the checkpoint was written by a Capsule with another internal code format (\(format), this one has \(InternalCodeFormat.version))")
            }
            guard let reason = PausedExecution.Reason(rawValue: try u8()) else { throw SnapshotError("the checkpoint's pause reason is unknown") }
            let fuel = Int64(bitPattern: try u64())
            let depth = Int(try u32())
            guard depth >= 1, depth <= (count - position) / 20 else { throw SnapshotError("the checkpoint's call stack is empty or truncated") }
            var activations: [PausedExecution.Activation] = []
            for _ in 0..<depth {
                let function = try u32()
                let at = Int64(bitPattern: try u64())
                let frame = try u64()
                activations.append(PausedExecution.Activation(function: function, position: at, frame: frame))
            }
            let slotCount = try u64()
            guard slotCount <= UInt64((count - position) / 8) else { throw SnapshotError("the snapshot is truncated (value stack)") }
            // Slots are stored little-endian, as every value in the format.
            let slots = try take(Int(slotCount) * 8).withUnsafeBytes { raw in
                (0..<Int(slotCount)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
            }
            checkpoint = Checkpoint(execution: PausedExecution(reason: reason, activations: activations, slots: slots, fuel: fuel), embedderData: data)
        }

        var memoriesSeen = Set<Int>(), tablesSeen = Set<Int>()
        var sawGlobals = false, sawSegments = false, sawFuel = false
        while true {
            guard let tag = SnapshotFormat.Tag(rawValue: try u8()) else { throw SnapshotError("unknown record at byte \(position - 1)") }
            switch tag {
            case .end:
                guard position + 4 == count else { throw SnapshotError("bytes after the end of the snapshot") }
                guard memoriesSeen.count == context.module.memories.count, tablesSeen.count == context.module.tables.count,
                      sawGlobals, sawSegments, sawFuel else { throw SnapshotError("the snapshot lacks part of the instance's state") }
                return
            case .memory:
                let index = Int(try u32())
                guard index >= context.importedMemories, index < context.importedMemories + context.module.memories.count,
                      memoriesSeen.insert(index).inserted else { throw SnapshotError("memory record for memory \(index), which is not one of this module's own or comes twice") }
                let memory = record.pointee.memories[index]
                let pages = try u64()
                let written = try u64()
                guard pages <= UInt64(memory.pointee.maxPages), UInt64(memory.pointee.pageCount) <= pages else {
                    throw SnapshotError("memory \(index) has \(pages) pages in the snapshot, more than this store allows or fewer than it has")
                }
                guard written <= pages, written <= UInt64((count - position) / (wasmPageSize + 8)) else { throw SnapshotError("the snapshot is truncated (memory \(index))") }
                if apply {
                    let grow = pages - UInt64(memory.pointee.pageCount)
                    guard Memories.grow(memory, pages: grow) != nil else { throw SnapshotError("memory \(index) cannot grow to \(pages) pages") }
                    memory.pointee.base.initializeMemory(as: UInt8.self, repeating: 0, count: memory.pointee.byteCount)
                }
                var last: UInt64?
                for _ in 0..<written {
                    let page = try u64()
                    guard page < pages, last.map({ page > $0 }) ?? true else { throw SnapshotError("memory \(index): page \(page) out of order or out of range") }
                    last = page
                    try copy(wasmPageSize, to: apply ? memory.pointee.base + Int(page) * wasmPageSize : nil)
                }
            case .globals:
                guard !sawGlobals else { throw SnapshotError("two globals records") }
                sawGlobals = true
                guard Int(try u32()) == context.module.globals.count else { throw SnapshotError("the snapshot's globals do not match the module's") }
                for (i, global) in context.module.globals.enumerated() {
                    let cell = record.pointee.globals[context.importedGlobals + i]
                    let type = global.type.valueType
                    guard try u8() == type.binaryEncoding[0] else { throw SnapshotError("global \(context.importedGlobals + i) has another type in the snapshot") }
                    let first = try u64()
                    let second = type == .v128 ? try u64() : 0
                    var value = first
                    if context.module.isFunctionReference(type) {
                        guard first <= UInt64(context.functionCount) else { throw SnapshotError("global \(context.importedGlobals + i) names function \(first - 1), which does not exist") }
                        value = first == 0 ? 0 : UInt64(UInt(bitPattern: record.pointee.functions[Int(first) - 1]))
                    } else if type.isReference {
                        guard first == 0 else { throw SnapshotError("global \(context.importedGlobals + i): a host or exception reference in a snapshot") }
                    } else if type == .i32 || type == .f32 {
                        value = first & 0xFFFF_FFFF
                    }
                    if apply {
                        cell[0] = value
                        if type == .v128 { cell[1] = second }
                    }
                }
            case .table:
                let index = Int(try u32())
                guard index >= context.importedTables, index < context.importedTables + context.module.tables.count,
                      tablesSeen.insert(index).inserted else { throw SnapshotError("table record for table \(index), which is not one of this module's own or comes twice") }
                let table = record.pointee.tables[index]
                let count = Int(try u32())
                guard count <= table.pointee.maxCount, table.pointee.count <= count else { throw SnapshotError("table \(index) has \(count) elements in the snapshot, more than this store allows or fewer than it has") }
                guard count <= (self.count - position) / 4 else { throw SnapshotError("the snapshot is truncated (table \(index))") }
                if apply, count > table.pointee.count {
                    guard Tables.grow(table, by: UInt32(count - table.pointee.count), initial: 0) >= 0 else { throw SnapshotError("table \(index) cannot grow to \(count) elements") }
                }
                for slot in 0..<count {
                    let number = try u32()
                    guard number <= UInt32(context.functionCount) else { throw SnapshotError("table \(index) element \(slot) names a function that does not exist") }
                    if apply { table.pointee.elements[slot] = number == 0 ? 0 : UInt64(UInt(bitPattern: record.pointee.functions[Int(number) - 1])) }
                }
            case .segments:
                guard !sawSegments else { throw SnapshotError("two segments records") }
                sawSegments = true
                guard Int(try u32()) == context.module.datas.count else { throw SnapshotError("the snapshot's data segments do not match the module's") }
                for i in context.module.datas.indices {
                    let live = try u64()
                    guard live == 0 || live == UInt64(context.module.datas[i].range.count) else { throw SnapshotError("data segment \(i) has an impossible length") }
                    if apply, live == 0 { record.pointee.datas[i].count = 0 }
                }
                guard Int(try u32()) == context.module.elements.count else { throw SnapshotError("the snapshot's element segments do not match the module's") }
                for i in context.module.elements.indices {
                    let live = try u64()
                    guard live == 0 || live == UInt64(context.module.elements[i].initializers.count) else { throw SnapshotError("element segment \(i) has an impossible length") }
                    if apply, live == 0 { record.pointee.elements[i].count = 0 }
                }
            case .embedder, .execution:
                throw SnapshotError("a checkpoint record out of place at byte \(position - 1)")
            case .fuel:
                guard !sawFuel else { throw SnapshotError("two fuel records") }
                sawFuel = true
                let fuel = Int64(bitPattern: try u64())
                if apply, instance.store.limits.fuel != nil { instance.store.fuelCell.pointee = Swift.max(fuel, 0) }
            }
        }
    }
}

/// What a checkpoint holds besides the instance's state: the paused run and the embedder's data.
public struct Checkpoint: Sendable {
    /// The run, for ``Instance/resume(_:)``.
    public let execution: PausedExecution
    /// What the embedder wrote with it (``Instance/writeCheckpoint(_:embedderData:to:)``).
    public let embedderData: [UInt8]
}

/// The start of a checkpoint, read without an instance: which module it belongs to and the
/// embedder's data, to set up the world (the module, its imports, its WASI state) before the
/// instance that ``Instance/restoreCheckpoint(_:)`` fills exists.
public struct CheckpointHeader: Sendable {
    /// The SHA-256 of the module's bytes.
    public let moduleHash: [UInt8]
    /// What the embedder wrote with the checkpoint.
    public let embedderData: [UInt8]

    /// Reads the header of a checkpoint file, after checking its checksum.
    public static func read(contentsOf path: String) throws(SnapshotError) -> CheckpointHeader {
        guard let file = SnapshotFile(path: path) else { throw SnapshotError("cannot read \(path)") }
        return try read(file)
    }

    /// Reads the header of a checkpoint in memory, after checking its checksum.
    public static func read(_ bytes: [UInt8]) throws(SnapshotError) -> CheckpointHeader {
        try read(SnapshotBytes(bytes: bytes))
    }

    /// SHA-256 of a module's bytes, as checkpoints name modules.
    public static func moduleHash(of bytes: [UInt8]) -> [UInt8] { SHA256.digest(bytes) }

    private static func read<Source: SnapshotSource>(_ source: Source) throws(SnapshotError) -> CheckpointHeader {
        var source = source
        guard source.count >= SnapshotFormat.headerBytes + 9 + 4 else { throw SnapshotError("the snapshot is truncated (shorter than its header)") }
        let sums = try source.checksums()
        func take(_ count: Int) throws(SnapshotError) -> [UInt8] {
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(count, 1), alignment: 8)
            defer { buffer.deallocate() }
            try source.read(count, into: buffer)
            return Array(UnsafeRawBufferPointer(start: buffer, count: count))
        }
        let header = try take(SnapshotFormat.headerBytes + 9)
        guard Array(header[0..<8]) == SnapshotFormat.magic else { throw SnapshotError("not a Capsule snapshot (bad magic)") }
        guard sums.computed == sums.stored else { throw SnapshotError("the snapshot is corrupted or truncated (checksum mismatch)") }
        func u32(_ at: Int) -> UInt32 { header[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        let version = u32(8)
        guard version == SnapshotFormat.version else { throw SnapshotError("snapshot format version \(version) is not supported (this Capsule reads version \(SnapshotFormat.version))") }
        guard u32(12) == SnapshotFormat.kindCheckpoint else { throw SnapshotError("this is not a checkpoint of a run (a snapshot of an instance at rest, or another kind)") }
        let hash = Array(header[16..<48])
        guard header[48] == SnapshotFormat.Tag.embedder.rawValue else { throw SnapshotError("the checkpoint lacks its embedder record") }
        let length = header[49..<57].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard length <= UInt64(SnapshotFormat.embedderLimit), length <= UInt64(source.count - header.count - 4) else {
            throw SnapshotError("the snapshot is truncated (embedder record)")
        }
        return CheckpointHeader(moduleHash: hash, embedderData: try take(Int(length)))
    }
}
