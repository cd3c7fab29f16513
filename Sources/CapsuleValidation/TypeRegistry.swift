import CapsuleCore
import Synchronization

/// The process-wide registry of canonical types (WebAssembly 3.0's iso-recursive type equality).
///
/// Two type definitions are the same type when they sit at the same position of structurally equal
/// recursive groups, references inside a group counting by their position in it and references out
/// of it by the canonical type they name. The registry numbers each distinct group once: a
/// module's type `i` gets the canonical ID of its group's entry, so equal types in two modules (or
/// in one) get the same ID, and type equality is a comparison of IDs. Subtyping of concrete types is
/// a look-up in the supertype chain (*display*) each canonical type keeps.
///
/// Entries are never removed: their number is bounded by the distinct types a process meets.
///
/// ```swift
/// let ids = try TypeRegistry.shared.canonicalize(module.typeDefinitions, groups: module.recGroups)
/// print(ids[0] == ids[1])  // true when types 0 and 1 are equivalent
/// ```
public final class TypeRegistry: Sendable {
    /// The registry every module and store of the process uses.
    public static let shared = TypeRegistry()

    /// What a canonical type is, read without a lock (records never move and never change once made).
    public struct Record: @unchecked Sendable {
        /// 0: function, 1: structure, 2: array.
        public let kind: UInt8
        /// Whether the type is final.
        public let isFinal: Bool
        /// Number of supertypes above it (0 for a type without a supertype).
        public let depth: Int
        /// Its supertype chain from the root, itself last (`display[depth]` is its own ID).
        public let display: UnsafeBufferPointer<Int32>
    }

    private struct State {
        var groups: [[UInt64]: Int] = [:]
        var definitions: [SubType] = []
    }

    private static let chunkBits = 12
    private static let chunkCount = 2048
    /// Largest number of canonical types the registry holds.
    public static let capacity = chunkCount << chunkBits

    private let state = Mutex(State())
    /// Number of records made so far; a record below it is complete (stored before the count, read after it).
    private let published = Atomic<Int>(0)
    /// The record of an ID the registry never gave out: a final function type of its own.
    private static let unknown = Record(kind: 0, isFinal: true, depth: 0, display: UnsafeBufferPointer(start: nil, count: 0))
    /// `chunkCount` pointers to chunks of records, made as they are needed (under the lock).
    private nonisolated(unsafe) let chunks: UnsafeMutablePointer<UnsafeMutablePointer<Record>?>

    private init() {
        chunks = .allocate(capacity: Self.chunkCount)
        chunks.initialize(repeating: nil, count: Self.chunkCount)
    }

    /// The record of canonical type `id` (an ID this registry returned; any other ID gets a record
    /// below and above no other type).
    @inline(__always)
    public func record(_ id: Int) -> Record {
        guard id >= 0, id < published.load(ordering: .acquiring), let chunk = chunks[id >> Self.chunkBits] else { return Self.unknown }
        return chunk[id & (1 << Self.chunkBits - 1)]
    }

    /// The definition of canonical type `id`, its type references canonical (``HeapType/canonical(_:)``);
    /// nil for an ID the registry never gave out.
    public func definition(_ id: Int) -> SubType? {
        state.withLock { id >= 0 && id < $0.definitions.count ? $0.definitions[id] : nil }
    }

    /// The function type of canonical type `id`, or nil when it is a structure or array type.
    public func functionType(_ id: Int) -> FuncType? {
        definition(id)?.composite.functionType
    }

    /// Whether canonical type `sub` is `sup` or one of its subtypes (declared supertype chains).
    @inline(__always)
    public func isSubtype(_ sub: Int, of sup: Int) -> Bool {
        if sub == sup { return true }
        let a = record(sub)
        let b = record(sup)
        return a.depth > b.depth && Int(a.display[b.depth]) == sup
    }

    /// The canonical ID of a single, final function type without supertype (a host function's
    /// type, made of abstract types only).
    public func canonicalID(of type: FuncType) -> Int {
        // A group of one whose types name no concrete type cannot fail.
        (try? canonicalize([SubType(composite: .func(type))], groups: [0..<1]))?.first ?? 0
    }

    /// Canonicalises a module's type section: the canonical ID of each type index.
    ///
    /// - Throws: `unknown type` when a group uses a type index at or past its end, a supertype index
    ///   is not below its own type's, or the groups do not cover the definitions in order;
    ///   `type registry full` when the process has met more than ``capacity`` distinct types.
    public func canonicalize(_ definitions: [SubType], groups: [Range<Int>]) throws(ValidationError) -> [Int] {
        try Self.checkReferences(definitions, groups: groups)
        var ids = [Int](repeating: 0, count: definitions.count)
        for group in groups {
            let key = Self.key(definitions, group, ids)
            let base: Int? = state.withLock { state in
                if let base = state.groups[key] { return base }
                let base = state.definitions.count
                guard base + group.count <= Self.capacity else { return nil }
                for (position, index) in group.enumerated() {
                    let id = base + position
                    let canonical = Self.canonicalForm(definitions[index], group, base, ids)
                    state.definitions.append(canonical)
                    publish(id, canonical)
                }
                state.groups[key] = base
                return base
            }
            guard let base else { throw ValidationError("type registry full", offset: 0) }
            for (position, index) in group.enumerated() { ids[index] = base + position }
        }
        return ids
    }

    /// Every type index a group uses must be below the group's end, every supertype below its own
    /// type, and the groups must cover the definitions in order.
    static func checkReferences(_ definitions: [SubType], groups: [Range<Int>]) throws(ValidationError) {
        var next = 0
        for group in groups {
            guard group.lowerBound == next, group.upperBound <= definitions.count else {
                throw ValidationError("unknown type: malformed recursive groups", offset: 0)
            }
            next = group.upperBound
            func check(_ type: ValueType) throws(ValidationError) {
                if let index = type.heapType?.typeIndex, Int(index) >= group.upperBound {
                    throw ValidationError("unknown type \(index)", offset: 0)
                }
            }
            func check(_ field: FieldType) throws(ValidationError) {
                if case .value(let type) = field.storage { try check(type) }
            }
            for index in group {
                let definition = definitions[index]
                if let sup = definition.supertype, Int(sup) >= index {
                    throw ValidationError("unknown type \(sup): a supertype must come before its subtype", offset: 0)
                }
                switch definition.composite {
                case .func(let type):
                    for value in type.params { try check(value) }
                    for value in type.results { try check(value) }
                case .struct(let fields):
                    for field in fields { try check(field) }
                case .array(let element):
                    try check(element)
                }
            }
        }
        guard next == definitions.count else { throw ValidationError("unknown type: malformed recursive groups", offset: 0) }
    }

    /// Makes the lock-free record of a new canonical type (called under the lock, in ID order).
    private func publish(_ id: Int, _ definition: SubType) {
        let chunk = id >> Self.chunkBits
        let base = chunks[chunk] ?? .allocate(capacity: 1 << Self.chunkBits)
        chunks[chunk] = base
        var display: [Int32] = []
        if let sup = definition.supertype.map({ Int($0) }) {
            display = Array(record(sup).display)
        }
        display.append(Int32(id))
        let buffer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: display.count)
        _ = buffer.initialize(from: display)
        let kind: UInt8
        switch definition.composite {
        case .func: kind = 0
        case .struct: kind = 1
        case .array: kind = 2
        }
        (base + (id & (1 << Self.chunkBits - 1))).initialize(
            to: Record(kind: kind, isFinal: definition.isFinal, depth: display.count - 1, display: UnsafeBufferPointer(buffer)))
        published.store(id + 1, ordering: .releasing)
    }

    /// A heap type of `group`'s module in canonical form: in-group references to `base + position`.
    private static func canonicalHeap(_ heap: HeapType, _ group: Range<Int>, _ base: Int, _ ids: [Int]) -> HeapType {
        guard let index = heap.typeIndex.map({ Int($0) }) else { return heap }
        return group.contains(index) ? .canonical(base + index - group.lowerBound) : .canonical(ids[index])
    }

    private static func canonicalValue(_ type: ValueType, _ group: Range<Int>, _ base: Int, _ ids: [Int]) -> ValueType {
        guard let heap = type.heapType, heap.typeIndex != nil else { return type }
        return .ref(canonicalHeap(heap, group, base, ids), nullable: type.isNullable)
    }

    private static func canonicalForm(_ type: SubType, _ group: Range<Int>, _ base: Int, _ ids: [Int]) -> SubType {
        func value(_ t: ValueType) -> ValueType { canonicalValue(t, group, base, ids) }
        func field(_ f: FieldType) -> FieldType {
            guard case .value(let t) = f.storage else { return f }
            return FieldType(storage: .value(value(t)), isMutable: f.isMutable)
        }
        let composite: CompositeType
        switch type.composite {
        case .func(let f): composite = .func(FuncType(params: f.params.map(value), results: f.results.map(value)))
        case .struct(let fields): composite = .struct(fields.map(field))
        case .array(let element): composite = .array(field(element))
        }
        let supertype = type.supertype.map { index -> UInt32 in
            UInt32(canonicalHeap(.index(index), group, base, ids).canonicalID ?? 0)
        }
        return SubType(isFinal: type.isFinal, supertype: supertype, composite: composite)
    }

    /// The structural key of a group: references into the group by position, others by canonical ID.
    private static func key(_ definitions: [SubType], _ group: Range<Int>, _ ids: [Int]) -> [UInt64] {
        var key: [UInt64] = [UInt64(group.count)]
        func reference(_ index: Int) -> UInt64 {
            group.contains(index) ? 1 << 40 | UInt64(index - group.lowerBound) : 2 << 40 | UInt64(ids[index])
        }
        func value(_ type: ValueType) {
            if let heap = type.heapType, let index = heap.typeIndex {
                key.append(reference(Int(index)) << 8 | UInt64(type.rawValue & 0xFF))
            } else {
                key.append(UInt64(type.rawValue))
            }
        }
        func field(_ f: FieldType) {
            switch f.storage {
            case .i8: key.append(0x78)
            case .i16: key.append(0x77)
            case .value(let t): value(t)
            }
            key.append(f.isMutable ? 1 : 0)
        }
        for index in group {
            let type = definitions[index]
            key.append(type.isFinal ? 1 : 0)
            key.append(type.supertype.map { reference(Int($0)) } ?? UInt64.max)
            switch type.composite {
            case .func(let f):
                key.append(0x60)
                key.append(UInt64(f.params.count))
                f.params.forEach(value)
                key.append(UInt64(f.results.count))
                f.results.forEach(value)
            case .struct(let fields):
                key.append(0x5F)
                key.append(UInt64(fields.count))
                fields.forEach(field)
            case .array(let element):
                key.append(0x5E)
                field(element)
            }
        }
        return key
    }
}
