#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapsuleCore
import CapsuleValidation

/// The sub-operations of `Op.gc sub w1 ... w7` (eight operand words always). Type operands are module
/// type indices (`InstanceRecord.typeIDs` gives their canonical IDs); `top` is the frame's end
/// (`fp + top`), up to where the value stack is scanned for roots when an allocation collects.
enum GCOp: UInt32 {
    /// `dst type argBase top`
    case structNew
    /// `dst type top`
    case structNewDefault
    /// `dst ref offset mode` (mode: 0 a word, 1 i8 signed, 2 i8 unsigned, 3 i16 signed, 4 i16 unsigned, 5 v128)
    case structGet
    /// `ref value offset mode` (mode: 0 a word, 1 i8, 2 i16, 5 v128)
    case structSet
    /// `dst type value length top elementBytes`
    case arrayNew
    /// `dst type length top elementBytes`
    case arrayNewDefault
    /// `dst type argBase count top elementBytes`
    case arrayNewFixed
    /// `dst type data offset length top elementBytes`
    case arrayNewData
    /// `dst type elem offset length top`
    case arrayNewElem
    /// `dst ref index elementBytes signed`
    case arrayGet
    /// `ref index value elementBytes`
    case arraySet
    /// `dst ref`
    case arrayLen
    /// `ref offset value count elementBytes`
    case arrayFill
    /// `dstRef dstOffset srcRef srcOffset count elementBytes`
    case arrayCopy
    /// `ref dstOffset data srcOffset count elementBytes`
    case arrayInitData
    /// `ref dstOffset elem srcOffset count`
    case arrayInitElem
    /// `dst ref typeWord` (a `ValueType`'s raw word, its heap type a module index or abstract)
    case refTest
    /// `dst ref typeWord`
    case refCast
    /// `dst value`
    case refI31
    /// `dst ref signed`
    case i31Get
    /// `dst a b`
    case refEq
}

extension Store {
    /// Runs one `Op.gc` instruction at `pc`; the trap it raises, or nil. Not throwing and out of the
    /// interpreter's loop, like the memory instructions of other memories.
    func gcStep(pc: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>, instance: UnsafeMutablePointer<InstanceRecord>) -> TrapKind? {
        guard let op = GCOp(rawValue: pc[1]) else { return .unreachable }
        func word(_ i: Int) -> Int { Int(pc[1 + i]) }
        func slot(_ i: Int) -> UnsafeMutablePointer<UInt64> { fp + Int(pc[1 + i]) }
        func typeID(_ i: Int) -> Int { instance.pointee.typeIDs[Int(pc[1 + i])] }
        switch op {
        case .structNew, .structNewDefault:
            let id = typeID(2)
            let layout = gcHeap.layout(id)
            // The destination may still hold an older object, which the collection would keep; with no
            // reference operand it can be cleared first (with operands it may be one of them).
            if op == .structNewDefault { slot(1).pointee = 0 }
            guard let object = gcAllocate(size: layout.structBytes, typeID: id, length: 0, top: fp + word(op == .structNew ? 4 : 3)) else {
                return .allocationFailure
            }
            if op == .structNew {
                var source = slot(3)
                for (offset, storage) in zip(layout.fieldOffsets, layout.fieldStorage) {
                    Self.storeField(source, into: object + offset, storage)
                    source += storage == .v128 ? 2 : 1
                }
            }
            slot(1).pointee = UInt64(UInt(bitPattern: object))
        case .structGet:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(2).pointee)) else { return .nullStructureReference }
            let field = object + word(3)
            let destination = slot(1)
            switch pc[5] {
            case 1: destination.pointee = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: field.load(as: UInt64.self)))))
            case 2: destination.pointee = field.load(as: UInt64.self) & 0xFF
            case 3: destination.pointee = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: field.load(as: UInt64.self)))))
            case 4: destination.pointee = field.load(as: UInt64.self) & 0xFFFF
            case 5:
                destination[0] = field.load(as: UInt64.self)
                destination[1] = field.load(fromByteOffset: 8, as: UInt64.self)
            default: destination.pointee = field.load(as: UInt64.self)
            }
        case .structSet:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(1).pointee)) else { return .nullStructureReference }
            let storage: GCStorage = pc[5] == 1 ? .i8 : pc[5] == 2 ? .i16 : pc[5] == 5 ? .v128 : .bits64
            Self.storeField(slot(2), into: object + word(3), storage)
        case .arrayNew, .arrayNewDefault, .arrayNewFixed:
            let lengthWord = op == .arrayNew ? 4 : 3
            let length = op == .arrayNewFixed ? word(4) : Int(UInt32(truncatingIfNeeded: slot(lengthWord).pointee))
            let topWord = op == .arrayNewDefault ? 4 : 5
            let elementBytes = word(topWord + 1)
            if op == .arrayNewDefault { slot(1).pointee = 0 }
            guard let object = allocateArray(typeID: typeID(2), length: length, elementBytes: elementBytes, top: fp + word(topWord)) else {
                return .allocationFailure
            }
            let elements = GCObject.payload(object)
            if op == .arrayNew {
                for i in 0..<length { Self.storeElement(slot(3), into: elements + i * elementBytes, bytes: elementBytes) }
            } else if op == .arrayNewFixed {
                let slotsPerValue = elementBytes == 16 ? 2 : 1
                for i in 0..<length { Self.storeElement(slot(3) + i * slotsPerValue, into: elements + i * elementBytes, bytes: elementBytes) }
            }
            slot(1).pointee = UInt64(UInt(bitPattern: object))
        case .arrayNewData, .arrayNewElem:
            let offset = UInt64(UInt32(truncatingIfNeeded: slot(4).pointee))
            let length = Int(UInt32(truncatingIfNeeded: slot(5).pointee))
            let elementBytes = op == .arrayNewData ? word(7) : 8
            let segment = op == .arrayNewData ? instance.pointee.datas[word(3)] : instance.pointee.elements[word(3)]
            let unit = op == .arrayNewData ? 1 : 8
            let byteCount = UInt64(length) * UInt64(elementBytes)
            let available = UInt64(segment.count) * UInt64(unit)
            let start = offset * UInt64(unit)
            guard start <= available, byteCount <= available - start else {
                return op == .arrayNewData ? .outOfBoundsMemoryAccess : .outOfBoundsTableAccess
            }
            slot(1).pointee = 0
            guard let object = allocateArray(typeID: typeID(2), length: length, elementBytes: elementBytes, top: fp + word(6)) else {
                return .allocationFailure
            }
            if byteCount > 0, let base = segment.base {
                GCObject.payload(object).copyMemory(from: base + Int(start), byteCount: Int(byteCount))
            }
            slot(1).pointee = UInt64(UInt(bitPattern: object))
        case .arrayGet:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(2).pointee)) else { return .nullArrayReference }
            let index = Int(UInt32(truncatingIfNeeded: slot(3).pointee))
            guard index < GCObject.length(object) else { return .outOfBoundsArrayAccess }
            let elementBytes = word(4)
            Self.loadElement(GCObject.payload(object) + index * elementBytes, bytes: elementBytes, signed: pc[6] != 0, into: slot(1))
        case .arraySet:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(1).pointee)) else { return .nullArrayReference }
            let index = Int(UInt32(truncatingIfNeeded: slot(2).pointee))
            guard index < GCObject.length(object) else { return .outOfBoundsArrayAccess }
            let elementBytes = word(4)
            Self.storeElement(slot(3), into: GCObject.payload(object) + index * elementBytes, bytes: elementBytes)
        case .arrayLen:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(2).pointee)) else { return .nullArrayReference }
            slot(1).pointee = UInt64(GCObject.length(object))
        case .arrayFill:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(1).pointee)) else { return .nullArrayReference }
            let offset = Int(UInt32(truncatingIfNeeded: slot(2).pointee))
            let count = Int(UInt32(truncatingIfNeeded: slot(4).pointee))
            guard offset + count <= GCObject.length(object) else { return .outOfBoundsArrayAccess }
            let elementBytes = word(5)
            let elements = GCObject.payload(object)
            for i in offset..<(offset + count) { Self.storeElement(slot(3), into: elements + i * elementBytes, bytes: elementBytes) }
        case .arrayCopy:
            guard let target = UnsafeMutableRawPointer(bitPattern: UInt(slot(1).pointee)),
                  let source = UnsafeMutableRawPointer(bitPattern: UInt(slot(3).pointee)) else { return .nullArrayReference }
            let targetOffset = Int(UInt32(truncatingIfNeeded: slot(2).pointee))
            let sourceOffset = Int(UInt32(truncatingIfNeeded: slot(4).pointee))
            let count = Int(UInt32(truncatingIfNeeded: slot(5).pointee))
            guard targetOffset + count <= GCObject.length(target), sourceOffset + count <= GCObject.length(source) else {
                return .outOfBoundsArrayAccess
            }
            let elementBytes = word(6)
            // Overlapping ranges of one array copy as if through a temporary.
            memmove(GCObject.payload(target) + targetOffset * elementBytes, GCObject.payload(source) + sourceOffset * elementBytes, count * elementBytes)
        case .arrayInitData, .arrayInitElem:
            guard let object = UnsafeMutableRawPointer(bitPattern: UInt(slot(1).pointee)) else { return .nullArrayReference }
            let targetOffset = Int(UInt32(truncatingIfNeeded: slot(2).pointee))
            let sourceOffset = UInt64(UInt32(truncatingIfNeeded: slot(4).pointee))
            let count = Int(UInt32(truncatingIfNeeded: slot(5).pointee))
            guard targetOffset + count <= GCObject.length(object) else { return .outOfBoundsArrayAccess }
            let isData = op == .arrayInitData
            let elementBytes = isData ? word(6) : 8
            let segment = isData ? instance.pointee.datas[word(3)] : instance.pointee.elements[word(3)]
            let unit = isData ? 1 : 8
            let available = UInt64(segment.count) * UInt64(unit)
            let start = sourceOffset * UInt64(unit)
            let byteCount = UInt64(count) * UInt64(elementBytes)
            guard start <= available, byteCount <= available - start else {
                return isData ? .outOfBoundsMemoryAccess : .outOfBoundsTableAccess
            }
            if byteCount > 0, let base = segment.base {
                (GCObject.payload(object) + targetOffset * elementBytes).copyMemory(from: base + Int(start), byteCount: Int(byteCount))
            }
        case .refTest, .refCast:
            let bits = slot(2).pointee
            let matches = Self.referenceMatches(bits, canonicalType(pc[4], instance: instance))
            if op == .refTest {
                slot(1).pointee = matches ? 1 : 0
            } else {
                guard matches else { return .castFailure }
                slot(1).pointee = bits
            }
        case .refI31:
            slot(1).pointee = UInt64(UInt32(truncatingIfNeeded: slot(2).pointee) & 0x7FFF_FFFF) << 1 | 1
        case .i31Get:
            let bits = slot(2).pointee
            guard bits != 0 else { return .nullI31Reference }
            let value = UInt32(truncatingIfNeeded: bits >> 1) & 0x7FFF_FFFF
            slot(1).pointee = UInt64(pc[4] != 0 ? UInt32(bitPattern: Int32(bitPattern: value << 1) >> 1) : value)
        case .refEq:
            slot(1).pointee = slot(2).pointee == slot(3).pointee ? 1 : 0
        }
        return nil
    }

    /// A type word of the code in canonical form (its heap type's module index mapped by the instance).
    func canonicalType(_ word: UInt32, instance: UnsafeMutablePointer<InstanceRecord>) -> ValueType {
        guard let type = ValueType(rawValue: word) else { return .funcref }
        guard let heap = type.heapType, let index = heap.typeIndex else { return type }
        return .ref(.canonical(instance.pointee.typeIDs[Int(index)]), nullable: type.isNullable)
    }

    /// Whether the reference `bits` is a value of `type` (canonical): `ref.test`, `ref.cast`, `br_on_cast`.
    static func referenceMatches(_ bits: UInt64, _ type: ValueType) -> Bool {
        if bits == 0 { return type.isNullable }
        guard let heap = type.heapType else { return false }
        let registry = TypeRegistry.shared
        if let id = heap.canonicalID {
            if registry.record(id).kind == 0 {
                guard let function = UnsafeMutablePointer<FunctionRecord>(bitPattern: UInt(bits)) else { return false }
                return registry.isSubtype(function.pointee.typeID, of: id)
            }
            guard let object = GCObject.pointer(bits) else { return false }
            return registry.isSubtype(GCObject.typeID(object), of: id)
        }
        switch heap {
        case .func, .extern, .any, .exn: return true
        case .eq: return bits & 3 != 2
        case .i31: return bits & 1 == 1
        case .struct, .array:
            guard let object = GCObject.pointer(bits) else { return false }
            return registry.record(GCObject.typeID(object)).kind == (heap == .struct ? 1 : 2)
        default: return false
        }
    }

    /// An array object of `length` elements, or nil past the heap limit.
    func allocateArray(typeID: Int, length: Int, elementBytes: Int, top: UnsafeMutablePointer<UInt64>?) -> UnsafeMutableRawPointer? {
        let (payload, overflow) = length.multipliedReportingOverflow(by: elementBytes)
        guard !overflow, payload <= Int(UInt32.max) else { return nil }
        return gcAllocate(size: GCLayout.headerBytes + payload, typeID: typeID, length: length, top: top)
    }

    /// A new object; with `top` (at a point where the value stack is complete up to it) a collection
    /// runs first when one is due or when the object would not fit otherwise. Nil past the heap limit.
    func gcAllocate(size: Int, typeID: Int, length: Int, top: UnsafeMutablePointer<UInt64>?) -> UnsafeMutableRawPointer? {
        let limit = limits.maxGCHeapBytes
        if let top, gcHeap.collectionDue(adding: size) || size > limit - gcHeap.bytes {
            collectGarbage(stackTop: top)
        }
        return gcHeap.allocate(size: size, typeID: typeID, length: length, limit: limit)
    }

    static func storeField(_ source: UnsafeMutablePointer<UInt64>, into field: UnsafeMutableRawPointer, _ storage: GCStorage) {
        switch storage {
        case .i8: field.storeBytes(of: source.pointee & 0xFF, as: UInt64.self)
        case .i16: field.storeBytes(of: source.pointee & 0xFFFF, as: UInt64.self)
        case .v128:
            field.storeBytes(of: source[0], as: UInt64.self)
            field.storeBytes(of: source[1], toByteOffset: 8, as: UInt64.self)
        default: field.storeBytes(of: source.pointee, as: UInt64.self)
        }
    }

    static func storeElement(_ source: UnsafeMutablePointer<UInt64>, into element: UnsafeMutableRawPointer, bytes: Int) {
        switch bytes {
        case 1: element.storeBytes(of: UInt8(truncatingIfNeeded: source.pointee), as: UInt8.self)
        case 2: element.storeBytes(of: UInt16(truncatingIfNeeded: source.pointee), as: UInt16.self)
        case 4: element.storeBytes(of: UInt32(truncatingIfNeeded: source.pointee), as: UInt32.self)
        case 16:
            element.storeBytes(of: source[0], as: UInt64.self)
            element.storeBytes(of: source[1], toByteOffset: 8, as: UInt64.self)
        default: element.storeBytes(of: source.pointee, as: UInt64.self)
        }
    }

    static func loadElement(_ element: UnsafeMutableRawPointer, bytes: Int, signed: Bool, into destination: UnsafeMutablePointer<UInt64>) {
        switch bytes {
        case 1:
            let byte = element.load(as: UInt8.self)
            destination.pointee = signed ? UInt64(UInt32(bitPattern: Int32(Int8(bitPattern: byte)))) : UInt64(byte)
        case 2:
            let half = element.load(as: UInt16.self)
            destination.pointee = signed ? UInt64(UInt32(bitPattern: Int32(Int16(bitPattern: half)))) : UInt64(half)
        case 4: destination.pointee = UInt64(element.load(as: UInt32.self))
        case 16:
            destination[0] = element.load(as: UInt64.self)
            destination[1] = element.load(fromByteOffset: 8, as: UInt64.self)
        default: destination.pointee = element.load(as: UInt64.self)
        }
    }
}
