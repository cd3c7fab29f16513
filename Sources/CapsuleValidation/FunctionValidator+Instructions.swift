import CapsuleCore
import CapsuleBinary

extension FunctionValidator {
    /// Types one instruction (the spec's `validate(opcode)`), updating the operand and control stacks.
    mutating func validate(_ instruction: Instruction, at offset: Int) throws(ValidationError) {
        switch instruction {
        // MARK: Numeric (the most frequent, first)
        case .numeric(let op):
            let index = OpcodeSignatures.numericIndex(op)
            guard index < numericSignatures.count, numericSignatures[index] != 0 else {
                throw ValidationError("unknown operator \(op)", offset: offset)
            }
            let packed = numericSignatures[index]
            let second = packed >> 8 & 0xFF
            if second != 0 { try pop(second, at: offset) }
            try pop(packed & 0xFF, at: offset)
            push(packed >> 16 & 0xFF)
        case .i32Const: push(.i32)
        case .i64Const: push(.i64)
        case .f32Const: push(.f32)
        case .f64Const: push(.f64)

        // MARK: Variables
        case .localGet(let index):
            let type = try local(index, at: offset)
            if hasNonDefaultableLocals, type & 0xFF == 0x64, index >= parameterCount, !initializedLocals.contains(index) {
                throw ValidationError("uninitialized local \(index)", offset: offset)
            }
            push(type)
        case .localSet(let index):
            let type = try local(index, at: offset)
            try pop(type, at: offset)
            if hasNonDefaultableLocals { noteInitialized(index, type) }
        case .localTee(let index):
            let type = try local(index, at: offset)
            try pop(type, at: offset)
            if hasNonDefaultableLocals { noteInitialized(index, type) }
            push(type)
        case .globalGet(let index):
            push(try context.global(index, at: offset).valueType.rawValue)
        case .globalSet(let index):
            let global = try context.global(index, at: offset)
            guard global.isMutable else { throw ValidationError("global is immutable", offset: offset) }
            try pop(global.valueType.rawValue, at: offset)

        // MARK: Memory
        case .load(let op, let memarg):
            let memory = try context.memory(memarg.memory, at: offset)
            try checkMemArg(memarg, memory, natural: op.naturalAlignment, at: offset)
            try pop(memory.addressType.valueType.rawValue, at: offset)
            push(op.resultType.rawValue)
        case .store(let op, let memarg):
            let memory = try context.memory(memarg.memory, at: offset)
            try checkMemArg(memarg, memory, natural: op.naturalAlignment, at: offset)
            try pop(op.valueType.rawValue, at: offset)
            try pop(memory.addressType.valueType.rawValue, at: offset)
        case .memorySize(let index):
            let memory = try context.memory(index, at: offset)
            push(memory.addressType.valueType.rawValue)
        case .memoryGrow(let index):
            let address = try context.memory(index, at: offset).addressType.valueType.rawValue
            try pop(address, at: offset)
            push(address)
        case .memoryInit(let data, let index):
            let memory = try context.memory(index, at: offset)
            try context.checkData(data, at: offset)
            try pop(.i32, at: offset)
            try pop(.i32, at: offset)
            try pop(memory.addressType.valueType.rawValue, at: offset)
        case .dataDrop(let data):
            try context.checkData(data, at: offset)
        case .memoryCopy(let destination, let source):
            let destinationType = try context.memory(destination, at: offset).addressType
            let sourceType = try context.memory(source, at: offset).addressType
            try pop(destinationType.minimum(sourceType).valueType.rawValue, at: offset)
            try pop(sourceType.valueType.rawValue, at: offset)
            try pop(destinationType.valueType.rawValue, at: offset)
        case .memoryFill(let index):
            let address = try context.memory(index, at: offset).addressType.valueType.rawValue
            try pop(address, at: offset)
            try pop(.i32, at: offset)
            try pop(address, at: offset)

        // MARK: Control
        case .unreachable:
            markUnreachable()
        case .nop:
            break
        case .block(let blockType):
            let signature = try blockSignature(blockType, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            pushFrame(.block, signature)
        case .loop(let blockType):
            let signature = try blockSignature(blockType, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            pushFrame(.loop, signature)
        case .if(let blockType):
            let signature = try blockSignature(blockType, at: offset)
            try pop(.i32, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            pushFrame(.if, signature)
        case .else:
            guard let top = innermostFrame, top.kind == .if else {
                throw ValidationError("else without matching if", offset: offset)
            }
            let frame = try popFrame(at: offset)
            pushFrame(.else, frame.signature)
        case .end:
            let frame = try popFrame(at: offset)
            if frame.kind == .if {
                // `if` without `else`: the missing else branch passes its parameters through.
                try checkPassThrough(frame.signature, at: offset)
            }
            push(types: frame.signature.resultStart, count: frame.signature.resultCount)
        case .br(let depth):
            let target = try labelFrame(depth, at: offset)
            try pop(types: target.labelStart, count: target.labelCount, at: offset)
            markUnreachable()
        case .brIf(let depth):
            let target = try labelFrame(depth, at: offset)
            try pop(.i32, at: offset)
            try pop(types: target.labelStart, count: target.labelCount, at: offset)
            push(types: target.labelStart, count: target.labelCount)
        case .brTable(let depths, let defaultDepth):
            try pop(.i32, at: offset)
            let fallback = try labelFrame(defaultDepth, at: offset)
            let arity = fallback.labelCount
            for depth in depths {
                let target = try labelFrame(depth, at: offset)
                guard target.labelCount == arity else {
                    throw ValidationError("type mismatch: br_table targets have different arities", offset: offset)
                }
                try peek(types: target.labelStart, count: arity, at: offset)
            }
            try pop(types: fallback.labelStart, count: arity, at: offset)
            markUnreachable()
        case .return:
            if let function = functionFrame {
                try pop(types: function.signature.resultStart, count: function.signature.resultCount, at: offset)
            }
            markUnreachable()
        case .call(let function):
            let signature = try context.functionSignature(function, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            push(types: signature.resultStart, count: signature.resultCount)
        case .callIndirect(let typeIndex, let tableIndex):
            let (signature, indexType) = try indirectCallee(typeIndex, tableIndex, "call_indirect", at: offset)
            try pop(indexType, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            push(types: signature.resultStart, count: signature.resultCount)
        case .returnCall(let function):
            let signature = try context.functionSignature(function, at: offset)
            try checkTailCallResults(signature, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            markUnreachable()
        case .returnCallIndirect(let typeIndex, let tableIndex):
            let (signature, indexType) = try indirectCallee(typeIndex, tableIndex, "return_call_indirect", at: offset)
            try checkTailCallResults(signature, at: offset)
            try pop(indexType, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            markUnreachable()

        // MARK: Exceptions
        case .throw(let tag):
            let signature = try context.tagSignature(tag, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            markUnreachable()
        case .throwRef:
            try pop(.exnref, at: offset)
            markUnreachable()
        case .tryTable(let blockType, let clauses):
            let signature = try blockSignature(blockType, at: offset)
            for clause in clauses { try validateCatchClause(clause, at: offset) }
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            pushFrame(.tryTable, signature)
        case .try(let blockType):
            let signature = try blockSignature(blockType, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            pushFrame(.try, signature)
        case .catch(let tag):
            guard let top = innermostFrame, top.kind == .try || top.kind == .catch else {
                throw ValidationError("catch without matching try", offset: offset)
            }
            let tagSignature = try context.tagSignature(tag, at: offset)
            let frame = try popFrame(at: offset)
            pushFrame(.catch, Signature(
                paramStart: tagSignature.paramStart, paramCount: tagSignature.paramCount,
                resultStart: frame.signature.resultStart, resultCount: frame.signature.resultCount))
        case .catchAll:
            guard let top = innermostFrame, top.kind == .try || top.kind == .catch else {
                throw ValidationError("catch_all without matching try", offset: offset)
            }
            let frame = try popFrame(at: offset)
            pushFrame(.catchAll, Signature(paramStart: 0, paramCount: 0, resultStart: frame.signature.resultStart, resultCount: frame.signature.resultCount))
        case .delegate(let depth):
            guard let top = innermostFrame, top.kind == .try else {
                throw ValidationError("delegate without matching try", offset: offset)
            }
            let frame = try popFrame(at: offset)
            _ = try labelFrame(depth, at: offset)
            push(types: frame.signature.resultStart, count: frame.signature.resultCount)
        case .rethrow(let depth):
            let target = try labelFrame(depth, at: offset)
            guard target.kind == .catch || target.kind == .catchAll else {
                throw ValidationError("invalid rethrow label", offset: offset)
            }
            markUnreachable()

        // MARK: Parametric
        case .drop:
            _ = try popAny(at: offset)
        case .select:
            try pop(.i32, at: offset)
            let first = try popAny(at: offset)
            let second = try popAny(at: offset)
            let bothNumeric = first.isNumericOrUnknown && second.isNumericOrUnknown
            let bothVector = first.isVectorOrUnknown && second.isVectorOrUnknown
            guard bothNumeric || bothVector else {
                throw ValidationError("type mismatch: select requires numeric or vector operands", offset: offset)
            }
            guard first == second || first == .unknown || second == .unknown else {
                throw mismatch(expected: first, found: second, at: offset)
            }
            push(first == .unknown ? second : first)
        case .selectTyped(let types):
            guard types.count == 1, let written = types.first else {
                throw ValidationError("invalid result arity", offset: offset)
            }
            let type = try context.resolve(written, at: offset)
            try pop(.i32, at: offset)
            try pop(type.rawValue, at: offset)
            try pop(type.rawValue, at: offset)
            push(type.rawValue)

        // MARK: Reference
        case .refNull(let heap):
            push(ValueType.ref(try context.resolve(heap, at: offset), nullable: true).rawValue)
        case .refIsNull:
            let type = try popAny(at: offset)
            guard type.isReferenceOrUnknown else {
                throw ValidationError("type mismatch: ref.is_null requires a reference, found \(type.typeName)", offset: offset)
            }
            push(.i32)
        case .refFunc(let function):
            _ = try context.functionSignature(function, at: offset)
            guard context.declaredFunctions.contains(function) else {
                throw ValidationError("undeclared function reference", offset: offset)
            }
            if context.features.contains(.functionReferences) {
                push(context.reference(to: context.functionTypeIndices[Int(function)], nullable: false).rawValue)
            } else {
                push(.funcref)
            }

        // MARK: Table
        case .tableGet(let index):
            let table = try context.table(index, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
            push(table.elementType.rawValue)
        case .tableSet(let index):
            let table = try context.table(index, at: offset)
            try pop(table.elementType.rawValue, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
        case .tableSize(let index):
            let table = try context.table(index, at: offset)
            push(table.addressType.valueType.rawValue)
        case .tableGrow(let index):
            let table = try context.table(index, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
            try pop(table.elementType.rawValue, at: offset)
            push(table.addressType.valueType.rawValue)
        case .tableFill(let index):
            let table = try context.table(index, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
            try pop(table.elementType.rawValue, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
        case .tableCopy(let destination, let source):
            let destinationTable = try context.table(destination, at: offset)
            let sourceTable = try context.table(source, at: offset)
            guard context.isSubtype(sourceTable.elementType, destinationTable.elementType) else {
                throw ValidationError(
                    "type mismatch: table.copy from \(sourceTable.elementType) to \(destinationTable.elementType)", offset: offset)
            }
            try pop(destinationTable.addressType.minimum(sourceTable.addressType).valueType.rawValue, at: offset)
            try pop(sourceTable.addressType.valueType.rawValue, at: offset)
            try pop(destinationTable.addressType.valueType.rawValue, at: offset)
        case .tableInit(let element, let tableIndex):
            let table = try context.table(tableIndex, at: offset)
            let elementType = try context.elementType(element, at: offset)
            guard context.isSubtype(elementType, table.elementType) else {
                throw ValidationError(
                    "type mismatch: table.init of \(elementType) segment into \(table.elementType) table", offset: offset)
            }
            try pop(.i32, at: offset)
            try pop(.i32, at: offset)
            try pop(table.addressType.valueType.rawValue, at: offset)
        case .elemDrop(let element):
            _ = try context.elementType(element, at: offset)

        // MARK: Vector
        case .v128Const:
            push(.v128)
        case .i8x16Shuffle(let lanes):
            guard Self.allLanesBelow32(lanes) else { throw ValidationError("invalid lane index", offset: offset) }
            try pop(.v128, at: offset)
            try pop(.v128, at: offset)
            push(.v128)
        case .simd(let op, let immediate):
            try validateSIMD(op, immediate, at: offset)

        // MARK: Typed function references
        case .callRef(let typeIndex):
            let signature = try context.functionTypeSignature(typeIndex, at: offset)
            try pop(context.reference(to: typeIndex, nullable: true).rawValue, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            push(types: signature.resultStart, count: signature.resultCount)
        case .returnCallRef(let typeIndex):
            let signature = try context.functionTypeSignature(typeIndex, at: offset)
            try checkTailCallResults(signature, at: offset)
            try pop(context.reference(to: typeIndex, nullable: true).rawValue, at: offset)
            try pop(types: signature.paramStart, count: signature.paramCount, at: offset)
            markUnreachable()
        case .refAsNonNull:
            let type = try popReference(at: offset)
            push(Self.nonNull(type))
        case .brOnNull(let depth):
            let target = try labelFrame(depth, at: offset)
            let type = try popReference(at: offset)
            try pop(types: target.labelStart, count: target.labelCount, at: offset)
            push(types: target.labelStart, count: target.labelCount)
            push(Self.nonNull(type))
        case .brOnNonNull(let depth):
            let target = try labelFrame(depth, at: offset)
            let type = try popReference(at: offset)
            guard target.labelCount >= 1 else {
                throw ValidationError("type mismatch: br_on_non_null needs a label that takes a reference", offset: offset)
            }
            let last = pool[target.labelStart + target.labelCount - 1]
            guard matches(Self.nonNull(type), last) else {
                throw mismatch(expected: last, found: Self.nonNull(type), at: offset)
            }
            try pop(types: target.labelStart, count: target.labelCount - 1, at: offset)
            push(types: target.labelStart, count: target.labelCount - 1)
        case .refEq:
            let eqref = ValueType.ref(.eq, nullable: true).rawValue
            try pop(eqref, at: offset)
            try pop(eqref, at: offset)
            push(.i32)
        case .gc(let instruction):
            try validateGC(instruction, at: offset)
        }
    }

    // MARK: - Helpers

    /// A tail call's callee must return what the calling function returns.
    /// The callee's signature and the table's index type for `call_indirect` and `return_call_indirect`
    /// (`name` is the instruction, for the message): the table must exist and hold funcref, the type must exist.
    func indirectCallee(_ typeIndex: UInt32, _ tableIndex: UInt32, _ name: String, at offset: Int) throws(ValidationError) -> (Signature, OperandType) {
        let table = try context.table(tableIndex, at: offset)
        let signature = try context.functionTypeSignature(typeIndex, at: offset)
        guard context.isSubtype(table.elementType, .funcref) else {
            throw ValidationError("type mismatch: \(name) requires a table of funcref", offset: offset)
        }
        return (signature, table.addressType.valueType.rawValue)
    }

    func checkTailCallResults(_ callee: Signature, at offset: Int) throws(ValidationError) {
        guard let function = functionFrame else { return }
        let results = function.signature
        guard callee.resultCount == results.resultCount else {
            throw ValidationError("type mismatch: tail call results differ from the function's", offset: offset)
        }
        for index in 0..<callee.resultCount
        where !matches(pool[callee.resultStart + index], pool[results.resultStart + index]) {
            throw ValidationError("type mismatch: tail call results differ from the function's", offset: offset)
        }
    }

    /// A `try_table` catch clause: its label (outside the `try_table`) must take the values the
    /// clause hands over: the tag's payload, then an `exnref` for the `_ref` forms.
    func validateCatchClause(_ clause: CatchClause, at offset: Int) throws(ValidationError) {
        var handed: [OperandType] = []
        switch clause {
        case .catch(let tag, _), .catchRef(let tag, _):
            let signature = try context.tagSignature(tag, at: offset)
            handed = Array(pool[signature.paramStart..<(signature.paramStart + signature.paramCount)])
        case .catchAll, .catchAllRef:
            break
        }
        switch clause {
        case .catchRef, .catchAllRef: handed.append(ValueType.ref(.exn, nullable: false).rawValue)
        case .catch, .catchAll: break
        }
        let target = try labelFrame(clause.label, at: offset)
        guard target.labelCount == handed.count else {
            throw ValidationError("type mismatch: catch clause hands \(handed.count) value(s) to a label of \(target.labelCount)", offset: offset)
        }
        for (index, type) in handed.enumerated() where !matches(type, pool[target.labelStart + index]) {
            throw mismatch(expected: pool[target.labelStart + index], found: type, at: offset)
        }
    }

    /// Records that a non-defaultable local has been set (until the innermost frame ends).
    mutating func noteInitialized(_ index: UInt32, _ type: OperandType) {
        if type & 0xFF == 0x64, !initializedLocals.contains(index) { initializedLocals.append(index) }
    }

    /// Pops a reference (the spec's `pop_ref`): on a polymorphic stack, a non-null reference to the
    /// bottom heap type.
    ///
    /// - Throws: `type mismatch` for a number or vector.
    mutating func popReference(at offset: Int) throws(ValidationError) -> OperandType {
        let type = try popAny(at: offset)
        if type == .unknown { return ValueType.ref(.bottom, nullable: false).rawValue }
        guard type.isReference else {
            throw ValidationError("type mismatch: expected a reference, found \(type.typeName)", offset: offset)
        }
        return type
    }

    /// The same reference type, not nullable.
    @inline(__always)
    static func nonNull(_ type: OperandType) -> OperandType { type & ~0xFF | 0x64 }

    /// The signature of a block type; a single result of a type outside the context's first entries
    /// gets a position of its own in ``pool``.
    ///
    /// - Throws: `unknown type` for a type index out of range or not a function type.
    mutating func blockSignature(_ blockType: BlockType, at offset: Int) throws(ValidationError) -> Signature {
        switch blockType {
        case .empty: return Signature()
        case .typeIndex(let index): return try context.functionTypeSignature(index, at: offset)
        case .value(let written):
            let type = try context.resolve(written, at: offset).rawValue
            let position: Int
            switch type {
            case .i32: position = 0
            case .i64: position = 1
            case .f32: position = 2
            case .f64: position = 3
            case .v128: position = 4
            case .funcref: position = 5
            case .externref: position = 6
            case .exnref: position = 7
            default:
                if let known = singleResults[type] {
                    position = known
                } else {
                    position = pool.count
                    pool.append(type)
                    singleResults[type] = position
                }
            }
            return Signature(paramStart: 0, paramCount: 0, resultStart: position, resultCount: 1)
        }
    }

    @inline(__always)
    func local(_ index: UInt32, at offset: Int) throws(ValidationError) -> OperandType {
        guard let type = locals.type(of: index) else { throw ValidationError("unknown local \(index)", offset: offset) }
        return type
    }

    @inline(__always)
    func checkAlignment(_ memarg: MemArg, natural: UInt32, at offset: Int) throws(ValidationError) {
        guard memarg.align <= natural else {
            throw ValidationError("alignment must not be larger than natural", offset: offset)
        }
    }

    /// A memarg's alignment (at most natural) and offset (below 2^32 for an `i32` memory).
    @inline(__always)
    func checkMemArg(_ memarg: MemArg, _ memory: MemoryType, natural: UInt32, at offset: Int) throws(ValidationError) {
        try checkAlignment(memarg, natural: natural, at: offset)
        guard memory.addressType == .i64 || memarg.offset <= UInt64(UInt32.max) else {
            throw ValidationError("offset out of range", offset: offset)
        }
    }

    @inline(__always)
    mutating func popThreeI32(at offset: Int) throws(ValidationError) {
        try pop(.i32, at: offset)
        try pop(.i32, at: offset)
        try pop(.i32, at: offset)
    }

    /// An `if` without `else` is valid only if its parameter types equal its result types.
    func checkPassThrough(_ signature: Signature, at offset: Int) throws(ValidationError) {
        guard signature.paramCount == signature.resultCount else {
            throw ValidationError("type mismatch: if without else must leave its parameters unchanged", offset: offset)
        }
        for index in 0..<signature.paramCount
        where !matches(pool[signature.paramStart + index], pool[signature.resultStart + index]) {
            throw ValidationError("type mismatch: if without else must leave its parameters unchanged", offset: offset)
        }
    }

    static func allLanesBelow32(_ lanes: V128) -> Bool {
        // Every byte must be < 32, i.e. have its top three bits clear.
        let mask: UInt64 = 0xE0E0_E0E0_E0E0_E0E0
        return lanes.lo & mask == 0 && lanes.hi & mask == 0
    }

    /// Types a SIMD instruction from the signature table, after checking its memory and lane immediates.
    mutating func validateSIMD(_ op: SIMDOp, _ immediate: SIMDImmediate, at offset: Int) throws(ValidationError) {
        let raw = Int(op.rawValue)
        guard raw < simdSignatures.count, simdSignatures[raw].isPresent else {
            throw ValidationError("unknown operator \(op)", offset: offset)
        }
        let signature = simdSignatures[raw]
        // A memory access's first operand is its address, typed by the memory's address type.
        var addressType: AddressType?
        switch signature.immediate {
        case .none, .constant:
            break
        case .shuffle:
            // The decoder gives `i8x16.shuffle` its own case (with the lanes); reaching here means a
            // shuffle without lane indices.
            throw ValidationError("malformed immediate of \(op)", offset: offset)
        case .memory:
            guard case .memory(let memarg) = immediate else {
                throw ValidationError("malformed immediate of \(op)", offset: offset)
            }
            let memory = try context.memory(memarg.memory, at: offset)
            try checkMemArg(memarg, memory, natural: signature.naturalAlignment, at: offset)
            addressType = memory.addressType
        case .lane:
            guard case .lane(let lane) = immediate else {
                throw ValidationError("malformed immediate of \(op)", offset: offset)
            }
            guard lane < signature.laneCount else { throw ValidationError("invalid lane index", offset: offset) }
        case .memoryLane:
            guard case .memoryLane(let memarg, let lane) = immediate else {
                throw ValidationError("malformed immediate of \(op)", offset: offset)
            }
            let memory = try context.memory(memarg.memory, at: offset)
            try checkMemArg(memarg, memory, natural: signature.naturalAlignment, at: offset)
            addressType = memory.addressType
            guard lane < signature.laneCount else { throw ValidationError("invalid lane index", offset: offset) }
        }
        var index = Int(signature.operandStart) + Int(signature.operandCount)
        while index > Int(signature.operandStart) {
            index -= 1
            if index == Int(signature.operandStart), let addressType {
                try pop(addressType.valueType.rawValue, at: offset)
            } else {
                try pop(simdTypePool[index], at: offset)
            }
        }
        index = Int(signature.resultStart)
        while index < Int(signature.resultStart) + Int(signature.resultCount) {
            push(simdTypePool[index])
            index += 1
        }
    }
}
