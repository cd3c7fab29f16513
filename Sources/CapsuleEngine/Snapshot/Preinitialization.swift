import CapsuleBinary
import CapsuleCore

/// Why an instance's state cannot be written as a module (``Instance/preinitializedModule(removingExports:)``).
public struct PreinitializationError: Error, CustomStringConvertible, Equatable {
    /// What stands in the way, for people.
    public let description: String

    init(_ description: String) { self.description = description }
}

extension Instance {
    /// A module whose instances start in this instance's present state: what pre-initialisation
    /// (wizer's `wizer.initialize`, or a reactor's `_initialize`) writes once so that every later start
    /// skips it.
    ///
    /// The new module is the instance's module with: each defined memory's contents as active data
    /// segments (runs of non-zero bytes) and its current size as its minimum; each defined global
    /// initialised to its current value; each defined table's current size and contents (as active
    /// element segments); the original active data and element segments replaced by empty passive ones
    /// (their effect is in the state already, and later indices keep their meaning; a segment dropped
    /// during initialisation becomes empty too); no start function (it ran); and without the exports
    /// named in `removingExports`. Everything else (types, imports, code, custom sections) is copied
    /// as it was; imported memories, tables and globals are imports still (their state is the
    /// importer's). Every function is declared for `ref.func` by one declarative segment.
    ///
    /// - Throws: ``PreinitializationError`` when the state cannot be expressed in a module: a host
    ///   (`externref`) or exception reference in a global, table or segment, or a reference to a
    ///   function this module cannot name.
    public func preinitializedModule(removingExports: Set<String> = []) throws(PreinitializationError) -> [UInt8] {
        var writer = PreinitializationWriter(instance: self)
        return try writer.write(removingExports: removingExports)
    }
}

/// Builds the pre-initialised module; one use.
struct PreinitializationWriter {
    let context: SnapshotContext
    var module: Module { context.module }
    var record: UnsafeMutablePointer<InstanceRecord> { context.record }
    var importedFunctions: Int { context.importedFunctions }
    var importedTables: Int { context.importedTables }
    var importedMemories: Int { context.importedMemories }
    var importedGlobals: Int { context.importedGlobals }

    init(instance: Instance) {
        context = SnapshotContext(instance: instance)
    }

    // MARK: The module

    mutating func write(removingExports: Set<String>) throws(PreinitializationError) -> [UInt8] {
        let sections = try originalSections()
        // Section id -> new payload; nil: the new module has no such section.
        var replaced: [UInt8: [UInt8]?] = [:]
        func set(_ id: UInt8, _ payload: [UInt8]?) { replaced[id] = .some(payload) }
        set(SectionID.start, nil)
        set(SectionID.table, tableSection())
        set(SectionID.memory, memorySection())
        set(SectionID.global, try globalSection())
        set(SectionID.export, exportSection(removing: removingExports))
        let (elements, elementCount) = try elementSection()
        set(SectionID.element, elementCount > 0 ? elements : nil)
        let (datas, dataCount) = dataSection()
        set(SectionID.data, dataCount > 0 ? datas : nil)
        // A data count section stays (with the new count) only where the original had one: code
        // that uses memory.init or data.drop needs it, and its indices still mean what they meant.
        set(SectionID.dataCount, module.dataCount != nil ? encodeU32(UInt32(dataCount)) : nil)

        var out: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        // Non-custom sections in the binary format's order; custom sections stay after the section
        // they followed.
        var emitted = Set<UInt8>()
        func emit(_ id: UInt8, _ payload: [UInt8]) {
            out.append(id)
            out += encodeU32(UInt32(payload.count))
            out += payload
        }
        func emitStandard(_ id: UInt8) {
            guard !emitted.contains(id) else { return }
            emitted.insert(id)
            if let replacement = replaced[id] {
                if let payload = replacement { emit(id, payload) }
            } else if let original = sections.first(where: { $0.id == id }) {
                emit(id, Array(module.bytes[original.payload]))
            }
        }
        for section in sections {
            if section.id == SectionID.custom {
                emit(section.id, Array(module.bytes[section.payload]))
                continue
            }
            // Sections the original lacks but the new module has go in their place in the order.
            if let position = SectionID.order.firstIndex(of: section.id) {
                for id in SectionID.order[..<position] { emitStandard(id) }
            }
            emitStandard(section.id)
        }
        for id in SectionID.order { emitStandard(id) }
        return out
    }

    /// The original sections: id and payload range, in order.
    private func originalSections() throws(PreinitializationError) -> [(id: UInt8, payload: Range<Int>)] {
        // The module decoded already, so this walk only re-finds the section boundaries.
        var reader = ByteReader(bytes: module.bytes)
        var sections: [(id: UInt8, payload: Range<Int>)] = []
        do {
            _ = try reader.readBytes(count: 8)
            while !reader.isAtEnd {
                let id = try reader.readByte()
                let size = try reader.readLength()
                sections.append((id, try reader.readBytes(count: size)))
            }
        } catch {
            throw PreinitializationError("the module's sections are malformed: \(error)")
        }
        return sections
    }

    // MARK: Sections

    private func limits(_ limits: Limits, min: UInt64) -> [UInt8] {
        var flags: UInt8 = limits.max != nil ? 1 : 0
        if limits.addressType == .i64 { flags |= 4 }
        var out = [flags] + encodeU64(min)
        if let max = limits.max { out += encodeU64(max) }
        return out
    }

    private func tableSection() -> [UInt8]? {
        guard !module.tables.isEmpty else { return nil }
        var out = encodeU32(UInt32(module.tables.count))
        for (i, type) in module.tables.enumerated() {
            let table = record.pointee.tables[importedTables + i]
            out += type.elementType.binaryEncoding
            out += limits(type.limits, min: UInt64(table.pointee.count))
        }
        return out
    }

    private func memorySection() -> [UInt8]? {
        guard !module.memories.isEmpty else { return nil }
        var out = encodeU32(UInt32(module.memories.count))
        for (i, type) in module.memories.enumerated() {
            let memory = record.pointee.memories[importedMemories + i]
            out += limits(type.limits, min: UInt64(memory.pointee.pageCount))
        }
        return out
    }

    private func globalSection() throws(PreinitializationError) -> [UInt8]? {
        guard !module.globals.isEmpty else { return nil }
        var out = encodeU32(UInt32(module.globals.count))
        for (i, global) in module.globals.enumerated() {
            let index = importedGlobals + i
            out += global.type.valueType.binaryEncoding
            out.append(global.type.isMutable ? 1 : 0)
            out += try constant(record.pointee.globals[index], type: global.type.valueType, what: "global \(index)")
            out.append(0x0B)
        }
        return out
    }

    private func exportSection(removing names: Set<String>) -> [UInt8]? {
        let kept = module.exports.filter { !names.contains($0.name) }
        guard !kept.isEmpty else { return nil }
        var out = encodeU32(UInt32(kept.count))
        for export in kept {
            let name = Array(export.name.utf8)
            out += encodeU32(UInt32(name.count)) + name
            switch export.descriptor {
            case .function(let i): out.append(0); out += encodeU32(i)
            case .table(let i): out.append(1); out += encodeU32(i)
            case .memory(let i): out.append(2); out += encodeU32(i)
            case .global(let i): out.append(3); out += encodeU32(i)
            case .tag(let i): out.append(4); out += encodeU32(i)
            }
        }
        return out
    }

    /// A constant expression (without `end`) giving the value in `cell`.
    private func constant(_ cell: UnsafeMutablePointer<UInt64>, type: ValueType, what: String) throws(PreinitializationError) -> [UInt8] {
        let bits = cell.pointee
        switch type {
        case .i32: return [0x41] + encodeS64(Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: bits))))
        case .i64: return [0x42] + encodeS64(Int64(bitPattern: bits))
        case .f32: return [0x43] + littleEndian(bits, count: 4)
        case .f64: return [0x44] + littleEndian(bits, count: 8)
        case .v128: return [0xFD, 0x0C] + littleEndian(cell[0], count: 8) + littleEndian(cell[1], count: 8)
        default:
            if module.isFunctionReference(type) { return try reference(bits, type: type, what: what) }
            if bits == 0 { return [0xD0] + (type.heapType?.binaryEncoding ?? []) }
            throw PreinitializationError("\(what) holds a \(type) that is not null: host, internal and exception references cannot be written into a module")
        }
    }

    /// `ref.null func` or `ref.func i` for a function reference's bits.
    private func reference(_ bits: UInt64, type: ValueType, what: String) throws(PreinitializationError) -> [UInt8] {
        if bits == 0 { return [0xD0] + (type.heapType?.binaryEncoding ?? []) }
        guard let function = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(bits)), let number = context.functionNumbers[function] else {
            throw PreinitializationError("\(what) refers to a function of another instance, which this module cannot name")
        }
        return [0xD2] + encodeU32(number - 1)
    }

    private mutating func elementSection() throws(PreinitializationError) -> ([UInt8], Int) {
        var segments: [[UInt8]] = []
        for (i, segment) in module.elements.enumerated() {
            switch segment.mode {
            case .declarative:
                // Still declares its functions for `ref.func` in the code.
                segments.append(try passive(segment, index: i, declarative: true))
            case .passive:
                segments.append(try passive(segment, index: i, declarative: false))
            case .active:
                // Applied at instantiation already (and dropped): an empty passive segment keeps the index.
                segments.append([0x05] + segment.type.binaryEncoding + [0x00])
            }
        }
        // Every function may be named by `ref.func` in the new segments and globals: declare them all.
        let functionCount = importedFunctions + module.functions.count
        if functionCount > 0 {
            segments.append([0x03, 0x00] + encodeU32(UInt32(functionCount)) + (0..<functionCount).flatMap { encodeU32(UInt32($0)) })
        }
        for i in module.tables.indices {
            let index = importedTables + i
            let table = record.pointee.tables[index]
            let type = module.tables[i].elementType
            let count = table.pointee.count
            var start = 0
            while start < count {
                while start < count, table.pointee.elements[start] == 0 { start += 1 }
                guard start < count else { break }
                var end = start
                while end < count, table.pointee.elements[end] != 0 { end += 1 }
                var items: [UInt8] = encodeU32(UInt32(end - start))
                for slot in start..<end {
                    items += try reference(table.pointee.elements[slot], type: type, what: "table \(index) element \(slot)")
                    items.append(0x0B)
                }
                if !module.isFunctionReference(type) {
                    throw PreinitializationError("table \(index) holds a \(type) that is not null: host and exception references cannot be written into a module")
                }
                let offset: [UInt8] = module.tables[i].addressType == .i64 ? [0x42] + encodeS64(Int64(start)) : [0x41] + encodeS64(Int64(start))
                let header: [UInt8] = [0x06] + encodeU32(UInt32(index)) + offset + [0x0B]
                segments.append(header + type.binaryEncoding + items)
                start = end
            }
        }
        return (encodeU32(UInt32(segments.count)) + segments.flatMap { $0 }, segments.count)
    }

    /// A passive (or declarative) segment with its items as they are now (none once dropped).
    private func passive(_ segment: ElementSegment, index: Int, declarative: Bool) throws(PreinitializationError) -> [UInt8] {
        let live = record.pointee.elements[index]
        var out: [UInt8] = [declarative ? 0x07 : 0x05] + segment.type.binaryEncoding
        // A declarative segment is dropped at instantiation: its items still declare functions.
        if declarative {
            out += encodeU32(UInt32(segment.initializers.count))
            for item in segment.initializers {
                out += try expression(item, type: segment.type, what: "element segment \(index)")
            }
            return out
        }
        out += encodeU32(UInt32(live.count))
        if live.count > 0, let base = live.base {
            let references = base.assumingMemoryBound(to: UInt64.self)
            for i in 0..<live.count {
                out += try reference(references[i], type: segment.type, what: "element segment \(index)")
                out.append(0x0B)
            }
        }
        return out
    }

    /// A declarative segment's item, re-encoded (`ref.func i` or `ref.null t`).
    private func expression(_ item: ConstExpr, type: ValueType, what: String) throws(PreinitializationError) -> [UInt8] {
        guard item.instructions.count == 1 else { throw PreinitializationError("\(what) has an item that is not a single reference") }
        switch item.instructions[0] {
        case .refFunc(let index): return [0xD2] + encodeU32(index) + [0x0B]
        case .refNull(let heap): return [0xD0] + heap.binaryEncoding + [0x0B]
        default: throw PreinitializationError("\(what) has an item that is not a single reference")
        }
    }

    private func dataSection() -> ([UInt8], Int) {
        var segments: [[UInt8]] = []
        for (i, segment) in module.datas.enumerated() {
            switch segment.mode {
            case .active:
                segments.append([0x01, 0x00])
            case .passive:
                let live = record.pointee.datas[i]
                if live.count == 0 {
                    segments.append([0x01, 0x00])
                } else {
                    segments.append([0x01] + encodeU32(UInt32(segment.range.count)) + Array(module.bytes[segment.range]))
                }
            }
        }
        for i in module.memories.indices {
            let index = importedMemories + i
            let memory = record.pointee.memories[index]
            let bytes = UnsafeRawBufferPointer(start: memory.pointee.base, count: memory.pointee.byteCount)
            for run in Self.nonZeroRuns(bytes) {
                let offset: [UInt8] = module.memories[i].addressType == .i64 ? [0x42] + encodeS64(Int64(run.lowerBound)) : [0x41] + encodeS64(Int64(Int32(truncatingIfNeeded: run.lowerBound)))
                let head: [UInt8] = index == 0 ? [0x00] : [0x02] + encodeU32(UInt32(index))
                segments.append(head + offset + [0x0B] + encodeU32(UInt32(run.count)) + Array(bytes[run]))
            }
        }
        return (encodeU32(UInt32(segments.count)) + segments.flatMap { $0 }, segments.count)
    }

    /// The ranges of `bytes` that are not zero, with gaps of fewer than 32 zero bytes merged (a segment
    /// costs about 8 bytes of header); untouched pages produce nothing.
    static func nonZeroRuns(_ bytes: UnsafeRawBufferPointer) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        let count = bytes.count
        var i = 0
        while i < count {
            // Skip zeros a word at a time where aligned.
            while i < count, bytes[i] == 0 {
                if i & 7 == 0, i + 8 <= count, bytes.load(fromByteOffset: i, as: UInt64.self) == 0 { i += 8 } else { i += 1 }
            }
            guard i < count else { break }
            let start = i
            var end = i
            var zeros = 0
            while i < count {
                if bytes[i] == 0 {
                    zeros += 1
                    if zeros >= 32 { break }
                } else {
                    zeros = 0
                    end = i + 1
                }
                i += 1
            }
            runs.append(start..<end)
        }
        return runs
    }
}

/// Section ids of the binary format, and the order of the non-custom ones.
enum SectionID {
    static let custom: UInt8 = 0, type: UInt8 = 1, `import`: UInt8 = 2, function: UInt8 = 3, table: UInt8 = 4
    static let memory: UInt8 = 5, global: UInt8 = 6, export: UInt8 = 7, start: UInt8 = 8, element: UInt8 = 9
    static let code: UInt8 = 10, data: UInt8 = 11, dataCount: UInt8 = 12, tag: UInt8 = 13
    static let order: [UInt8] = [type, `import`, function, table, memory, tag, global, export, start, element, dataCount, code, data]
}

func encodeU32(_ value: UInt32) -> [UInt8] { encodeU64(UInt64(value)) }

func encodeU64(_ value: UInt64) -> [UInt8] {
    var out: [UInt8] = []
    var v = value
    repeat {
        var byte = UInt8(v & 0x7F)
        v >>= 7
        if v != 0 { byte |= 0x80 }
        out.append(byte)
    } while v != 0
    return out
}

func encodeS64(_ value: Int64) -> [UInt8] {
    var out: [UInt8] = []
    var v = value
    while true {
        let byte = UInt8(truncatingIfNeeded: v & 0x7F)
        v >>= 7
        let done = (v == 0 && byte & 0x40 == 0) || (v == -1 && byte & 0x40 != 0)
        out.append(done ? byte : byte | 0x80)
        if done { return out }
    }
}

private func littleEndian(_ value: UInt64, count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
}
