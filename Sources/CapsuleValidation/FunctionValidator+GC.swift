import CapsuleCore
import CapsuleBinary

// Typing of the GC instructions (0xFB prefix): structures, arrays, i31, casts and conversions.

extension FunctionValidator {
    mutating func validateGC(_ instruction: GCInstruction, at offset: Int) throws(ValidationError) {
        switch instruction {
        case .structNew(let type):
            let fields = try context.structFields(type, at: offset)
            for field in fields.reversed() { try pop(field.storage.unpacked.rawValue, at: offset) }
            push(context.reference(to: type, nullable: false).rawValue)
        case .structNewDefault(let type):
            let fields = try context.structFields(type, at: offset)
            guard fields.allSatisfy({ $0.storage.unpacked.isDefaultable }) else {
                throw ValidationError("type mismatch: struct.new_default of a structure with a non-defaultable field", offset: offset)
            }
            push(context.reference(to: type, nullable: false).rawValue)
        case .structGet(let type, let fieldIndex, let extension_):
            let field = try structField(type, fieldIndex, at: offset)
            try checkPacking(field, extension_, at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
            push(field.storage.unpacked.rawValue)
        case .structSet(let type, let fieldIndex):
            let field = try structField(type, fieldIndex, at: offset)
            guard field.isMutable else { throw ValidationError("field is immutable", offset: offset) }
            try pop(field.storage.unpacked.rawValue, at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
        case .arrayNew(let type):
            let element = try context.arrayElement(type, at: offset)
            try pop(.i32, at: offset)
            try pop(element.storage.unpacked.rawValue, at: offset)
            push(context.reference(to: type, nullable: false).rawValue)
        case .arrayNewDefault(let type):
            let element = try context.arrayElement(type, at: offset)
            guard element.storage.unpacked.isDefaultable else {
                throw ValidationError("type mismatch: array.new_default of a non-defaultable element type", offset: offset)
            }
            try pop(.i32, at: offset)
            push(context.reference(to: type, nullable: false).rawValue)
        case .arrayNewFixed(let type, let count):
            let element = try context.arrayElement(type, at: offset)
            try popRepeated(element.storage.unpacked.rawValue, count: count, at: offset)
            push(context.reference(to: type, nullable: false).rawValue)
        case .arrayNewData(let type, let data):
            let element = try context.arrayElement(type, at: offset)
            try checkNumericElement(element, at: offset)
            try context.checkData(data, at: offset)
            try pop(.i32, at: offset)
            try pop(.i32, at: offset)
            push(context.reference(to: type, nullable: false).rawValue)
        case .arrayNewElem(let type, let segment):
            let element = try context.arrayElement(type, at: offset)
            try checkElementSegment(segment, into: element, at: offset)
            try pop(.i32, at: offset)
            try pop(.i32, at: offset)
            push(context.reference(to: type, nullable: false).rawValue)
        case .arrayGet(let type, let extension_):
            let element = try context.arrayElement(type, at: offset)
            try checkPacking(element, extension_, at: offset)
            try pop(.i32, at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
            push(element.storage.unpacked.rawValue)
        case .arraySet(let type):
            let element = try mutableArrayElement(type, at: offset)
            try pop(element.storage.unpacked.rawValue, at: offset)
            try pop(.i32, at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
        case .arrayLen:
            try pop(ValueType.ref(.array, nullable: true).rawValue, at: offset)
            push(.i32)
        case .arrayFill(let type):
            let element = try mutableArrayElement(type, at: offset)
            try pop(.i32, at: offset)
            try pop(element.storage.unpacked.rawValue, at: offset)
            try pop(.i32, at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
        case .arrayCopy(let destination, let source):
            let target = try mutableArrayElement(destination, at: offset)
            let origin = try context.arrayElement(source, at: offset)
            let fits: Bool
            switch (origin.storage, target.storage) {
            case (.i8, .i8), (.i16, .i16): fits = true
            case (.value(let a), .value(let b)): fits = context.isSubtype(a, b)
            default: fits = false
            }
            guard fits else { throw ValidationError("array types do not match: array.copy", offset: offset) }
            try pop(.i32, at: offset)
            try pop(.i32, at: offset)
            try pop(context.reference(to: source, nullable: true).rawValue, at: offset)
            try pop(.i32, at: offset)
            try pop(context.reference(to: destination, nullable: true).rawValue, at: offset)
        case .arrayInitData(let type, let data):
            let element = try mutableArrayElement(type, at: offset)
            try checkNumericElement(element, at: offset)
            try context.checkData(data, at: offset)
            try popThreeI32(at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
        case .arrayInitElem(let type, let segment):
            let element = try mutableArrayElement(type, at: offset)
            try checkElementSegment(segment, into: element, at: offset)
            try popThreeI32(at: offset)
            try pop(context.reference(to: type, nullable: true).rawValue, at: offset)
        case .refTest(let written):
            let type = try context.resolve(written, at: offset)
            try pop(topReference(of: type), at: offset)
            push(.i32)
        case .refCast(let written):
            let type = try context.resolve(written, at: offset)
            try pop(topReference(of: type), at: offset)
            push(type.rawValue)
        case .brOnCast(let depth, let writtenFrom, let writtenTo), .brOnCastFail(let depth, let writtenFrom, let writtenTo):
            let from = try context.resolve(writtenFrom, at: offset)
            let to = try context.resolve(writtenTo, at: offset)
            let target = try labelFrame(depth, at: offset)
            guard context.isSubtype(to, from) else {
                throw ValidationError("type mismatch: br_on_cast target type \(to) is not a subtype of \(from)", offset: offset)
            }
            // The type that does not branch (br_on_cast) or that branches (br_on_cast_fail).
            let difference = to.isNullable ? from.withNullability(false) : from
            let isFail: Bool
            if case .brOnCastFail = instruction { isFail = true } else { isFail = false }
            let branched = isFail ? difference : to
            let remaining = isFail ? to : difference
            try pop(from.rawValue, at: offset)
            guard target.labelCount >= 1 else {
                throw ValidationError("type mismatch: br_on_cast needs a label that takes a reference", offset: offset)
            }
            let last = pool[target.labelStart + target.labelCount - 1]
            guard matches(branched.rawValue, last) else {
                throw mismatch(expected: last, found: branched.rawValue, at: offset)
            }
            try pop(types: target.labelStart, count: target.labelCount - 1, at: offset)
            push(types: target.labelStart, count: target.labelCount - 1)
            push(remaining.rawValue)
        case .anyConvertExtern:
            let type = try popReference(at: offset)
            guard matches(type, ValueType.externref.rawValue) else {
                throw mismatch(expected: .externref, found: type, at: offset)
            }
            push(ValueType.ref(.any, nullable: type & 0xFF == 0x63).rawValue)
        case .externConvertAny:
            let type = try popReference(at: offset)
            guard matches(type, ValueType.anyref.rawValue) else {
                throw mismatch(expected: ValueType.anyref.rawValue, found: type, at: offset)
            }
            push(ValueType.ref(.extern, nullable: type & 0xFF == 0x63).rawValue)
        case .refI31:
            try pop(.i32, at: offset)
            push(ValueType.ref(.i31, nullable: false).rawValue)
        case .i31Get:
            try pop(ValueType.ref(.i31, nullable: true).rawValue, at: offset)
            push(.i32)
        }
    }

    /// Field `index` of structure type `type`.
    ///
    /// - Throws: `unknown field` for an index out of range, or the errors of the type.
    func structField(_ type: UInt32, _ index: UInt32, at offset: Int) throws(ValidationError) -> FieldType {
        let fields = try context.structFields(type, at: offset)
        guard Int(index) < fields.count else { throw ValidationError("unknown field \(index)", offset: offset) }
        return fields[Int(index)]
    }

    /// The element type of array type `type`, which must be mutable.
    ///
    /// - Throws: `array is immutable`, or the errors of the type.
    func mutableArrayElement(_ type: UInt32, at offset: Int) throws(ValidationError) -> FieldType {
        let element = try context.arrayElement(type, at: offset)
        guard element.isMutable else { throw ValidationError("array is immutable", offset: offset) }
        return element
    }

    /// `_s`/`_u` reads are for packed fields only, plain reads for the others.
    func checkPacking(_ field: FieldType, _ extension_: PackedExtension, at offset: Int) throws(ValidationError) {
        let packed: Bool
        if case .value = field.storage { packed = false } else { packed = true }
        guard packed == (extension_ != .none) else {
            throw ValidationError(packed ? "type mismatch: a packed field needs get_s or get_u" : "type mismatch: get_s and get_u are for packed fields", offset: offset)
        }
    }

    /// Elements read from a data segment must be numbers or vectors (packed included).
    func checkNumericElement(_ element: FieldType, at offset: Int) throws(ValidationError) {
        if case .value(let type) = element.storage, type.isReference {
            throw ValidationError("array type is not numeric or vector", offset: offset)
        }
    }

    /// Elements taken from element segment `segment` must fit the array's element type.
    func checkElementSegment(_ segment: UInt32, into element: FieldType, at offset: Int) throws(ValidationError) {
        let segmentType = try context.elementType(segment, at: offset)
        guard case .value(let type) = element.storage, context.isSubtype(segmentType, type) else {
            throw ValidationError("type mismatch: element segment of \(segmentType) for an array of other elements", offset: offset)
        }
    }

    /// `(ref null top)` for the top of `type`'s hierarchy: what `ref.test` and `ref.cast` accept.
    func topReference(of type: ValueType) -> OperandType {
        guard let heap = type.heapType else { return type.rawValue }
        return ValueType.ref(context.registry.top(of: heap), nullable: true).rawValue
    }

    /// Pops `count` values of one type (`array.new_fixed`); on a polymorphic stack, at most the values there are.
    mutating func popRepeated(_ type: OperandType, count: UInt32, at offset: Int) throws(ValidationError) {
        let available = valueCount - frameHeight
        if Int(count) > available && !frameUnreachable {
            throw mismatch(expected: type, found: nil, at: offset)
        }
        for _ in 0..<Swift.min(Int(count), available) { try pop(type, at: offset) }
    }
}
