#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapsuleCore
import CapsuleValidation

// The store's garbage-collected heap (WebAssembly 3.0 GC): structures and arrays.
//
// An object is one allocation: a 16-byte header (its canonical type ID, a mark word, an array's
// length) and its payload. A reference to it is its address (8-aligned, so its low two bits are 00,
// the tag of heap objects in an `anyref`/`externref` slot). Collection is mark and sweep: every
// object is in `objects`; roots are found by scanning the value stack, globals, tables, element
// segments, exception payloads (a slot counts only when its bits are the address of one of the heap's
// objects: these slots are untyped, so this is conservative) and the host's handles; marking follows
// the fields each object's layout says may hold objects (exactly) with an explicit stack, so long
// chains and cycles cost no recursion.

/// How one field or array element is stored.
enum GCStorage: UInt32 {
    case i8 = 1, i16 = 2, bits32 = 4, bits64 = 8, v128 = 16

    init(_ storage: StorageType) {
        switch storage {
        case .i8: self = .i8
        case .i16: self = .i16
        case .value(let type):
            switch type {
            case .i32, .f32: self = .bits32
            case .v128: self = .v128
            default: self = .bits64
            }
        }
    }

    /// Bytes an array element takes (a structure field takes 8, 16 for a `v128`).
    var elementBytes: Int { Int(rawValue) }
}

/// Where an object's fields are and which hold references.
struct GCLayout {
    /// 1: structure, 2: array.
    let kind: UInt8
    /// Structure: each field's byte offset from the object's start, and how it is stored.
    let fieldOffsets: [Int]
    let fieldStorage: [GCStorage]
    /// Structure: total bytes, header included.
    let structBytes: Int
    /// Array: how an element is stored.
    let element: GCStorage
    /// Offsets of the fields that may hold heap objects (references of the `any` and `extern`
    /// hierarchies; function and exception references never do), or whether elements may (arrays).
    let referenceOffsets: [Int]
    let elementsAreReferences: Bool

    static let headerBytes = 16

    /// Field offsets of a structure: 8 bytes a field (16 for a `v128`) after the header.
    static func offsets(of fields: [FieldType]) -> (offsets: [Int], end: Int) {
        var offset = headerBytes
        var offsets: [Int] = []
        offsets.reserveCapacity(fields.count)
        for field in fields {
            offsets.append(offset)
            offset += GCStorage(field.storage) == .v128 ? 16 : 8
        }
        return (offsets, offset)
    }

    init(_ composite: CompositeType) {
        func isReference(_ storage: StorageType) -> Bool {
            guard case .value(let type) = storage, let heap = type.heapType else { return false }
            let top = TypeRegistry.shared.top(of: heap)
            return top == .any || top == .extern
        }
        switch composite {
        case .struct(let fields):
            kind = 1
            let (offsets, end) = GCLayout.offsets(of: fields)
            fieldOffsets = offsets
            fieldStorage = fields.map { GCStorage($0.storage) }
            structBytes = end
            element = .bits64
            referenceOffsets = zip(fields, offsets).filter { isReference($0.0.storage) }.map(\.1)
            elementsAreReferences = false
        case .array(let field):
            kind = 2
            fieldOffsets = []
            fieldStorage = []
            structBytes = GCLayout.headerBytes
            element = GCStorage(field.storage)
            referenceOffsets = []
            elementsAreReferences = isReference(field.storage)
        case .func:
            kind = 0
            fieldOffsets = []
            fieldStorage = []
            structBytes = GCLayout.headerBytes
            element = .bits64
            referenceOffsets = []
            elementsAreReferences = false
        }
    }
}

/// An object's header, at its address.
enum GCObject {
    @inline(__always) static func typeID(_ object: UnsafeMutableRawPointer) -> Int { Int(object.load(as: UInt32.self)) }
    @inline(__always) static func length(_ object: UnsafeMutableRawPointer) -> Int { Int(object.load(fromByteOffset: 8, as: UInt32.self)) }
    @inline(__always) static func payload(_ object: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer { object + GCLayout.headerBytes }
    @inline(__always) static func pointer(_ bits: UInt64) -> UnsafeMutableRawPointer? {
        bits & 3 == 0 ? UnsafeMutableRawPointer(bitPattern: UInt(bits)) : nil
    }
}

/// The objects of one store, their total size and the collector's state.
final class GCHeap {
    private(set) var objects: [UnsafeMutableRawPointer] = []
    /// Bytes of all live and not yet collected objects.
    private(set) var bytes = 0
    /// Bytes allocated since the last collection; a collection starts when it passes `threshold`.
    private var sinceCollection = 0
    private var threshold = 1 << 20
    /// Layouts by canonical type ID (made on first use).
    private var layouts: [Int: GCLayout] = [:]
    /// Host handles: object address to the number of live `AnyReference`s holding it.
    var hostRoots: [UInt: Int] = [:]
    /// Collections run, and the longest and total time they took (nanoseconds).
    private(set) var collections = 0
    private(set) var longestPause: UInt64 = 0
    private(set) var totalPause: UInt64 = 0

    deinit {
        for object in objects { object.deallocate() }
    }

    func layout(_ typeID: Int) -> GCLayout {
        if let layout = layouts[typeID] { return layout }
        let layout = GCLayout(TypeRegistry.shared.definition(typeID)?.composite ?? .struct([]))
        layouts[typeID] = layout
        return layout
    }

    /// Whether a new object of `size` bytes fits the limit, and whether a collection is due first.
    func collectionDue(adding size: Int) -> Bool { sinceCollection + size > threshold }

    /// A zeroed object of `size` bytes (header included) of type `typeID`, `length` elements for an
    /// array; nil when it would take the heap past `limit` bytes.
    func allocate(size: Int, typeID: Int, length: Int, limit: Int) -> UnsafeMutableRawPointer? {
        guard size >= GCLayout.headerBytes, size <= limit - bytes else { return nil }
        let object = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        object.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        object.storeBytes(of: UInt32(truncatingIfNeeded: typeID), as: UInt32.self)
        object.storeBytes(of: UInt32(truncatingIfNeeded: length), toByteOffset: 8, as: UInt32.self)
        object.storeBytes(of: UInt32(size), toByteOffset: 12, as: UInt32.self)
        objects.append(object)
        bytes += size
        sinceCollection += size
        return object
    }

    /// Collects: marks what `roots` (ranges of slots, scanned conservatively) and the host handles
    /// reach, frees the rest.
    ///
    /// A root slot counts when its bits are the address of one of the heap's objects: the slots with
    /// an object's tag (low bits 00, not 0) are gathered first, and one pass over the objects finds
    /// which of them are objects. Fields are exact (their layouts say which may hold objects), so
    /// marking follows them without a check.
    func collect(roots: [UnsafeBufferPointer<UInt64>]) {
        let start = DispatchTimeLike.now()
        var candidates = Set<UInt>()
        for range in roots {
            for bits in range where bits != 0 && bits & 3 == 0 { candidates.insert(UInt(bits)) }
        }
        var work: [UnsafeMutableRawPointer] = []
        // The mark is bit 0 of the header's second word, cleared again by the sweep.
        func mark(_ object: UnsafeMutableRawPointer) {
            let word = object.load(fromByteOffset: 4, as: UInt32.self)
            guard word & 1 == 0 else { return }
            object.storeBytes(of: word | 1, toByteOffset: 4, as: UInt32.self)
            work.append(object)
        }
        if !candidates.isEmpty {
            for object in objects where candidates.contains(UInt(bitPattern: object)) { mark(object) }
        }
        for address in hostRoots.keys {
            if let object = UnsafeMutableRawPointer(bitPattern: address) { mark(object) }
        }
        func visit(_ bits: UInt64) {
            if bits & 3 == 0, let object = UnsafeMutableRawPointer(bitPattern: UInt(bits)) { mark(object) }
        }
        while let object = work.popLast() {
            let layout = self.layout(GCObject.typeID(object))
            if layout.kind == 1 {
                for offset in layout.referenceOffsets { visit(object.load(fromByteOffset: offset, as: UInt64.self)) }
            } else if layout.kind == 2, layout.elementsAreReferences {
                let elements = GCObject.payload(object).assumingMemoryBound(to: UInt64.self)
                for i in 0..<GCObject.length(object) { visit(elements[i]) }
            }
        }
        var kept: [UnsafeMutableRawPointer] = []
        var keptBytes = 0
        for object in objects {
            let mark = object.load(fromByteOffset: 4, as: UInt32.self)
            if mark & 1 != 0 {
                object.storeBytes(of: mark & ~1, toByteOffset: 4, as: UInt32.self)
                kept.append(object)
                keptBytes += Int(object.load(fromByteOffset: 12, as: UInt32.self))
            } else {
                object.deallocate()
            }
        }
        objects = kept
        bytes = keptBytes
        sinceCollection = 0
        threshold = Swift.max(1 << 20, keptBytes)
        let pause = DispatchTimeLike.now() &- start
        collections += 1
        totalPause &+= pause
        longestPause = Swift.max(longestPause, pause)
    }
}

/// A monotonic clock in nanoseconds (for collection pauses).
enum DispatchTimeLike {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}
