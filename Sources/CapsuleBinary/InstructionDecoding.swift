import CapsuleCore

// Decoding of one instruction and its immediates. Opcode facts (names, types) live in the
// NumericOp, LoadOp, StoreOp and SIMDOp tables; this file maps bytes to them.

extension ByteReader {
    /// Decodes one instruction with its immediates.
    ///
    /// Only `br_table`, typed `select` and `try_table` allocate (for their vectors).
    /// - Throws: `illegal opcode XX`, `zero byte expected`, LEB128, type and end errors.
    public mutating func readInstruction() throws(DecodeError) -> Instruction {
        let start = offset
        let opcode = try readByte()
        switch opcode {
        case 0x00: return .unreachable
        case 0x01: return .nop
        case 0x02: return .block(try readBlockType())
        case 0x03: return .loop(try readBlockType())
        case 0x04: return .if(try readBlockType())
        case 0x05: return .else
        case 0x06: return .try(try readBlockType())
        case 0x07: return .catch(try readU32())
        case 0x08: return .throw(try readU32())
        case 0x09: return .rethrow(try readU32())
        case 0x0A: return .throwRef
        case 0x0B: return .end
        case 0x0C: return .br(try readU32())
        case 0x0D: return .brIf(try readU32())
        case 0x0E:
            let count = try readLength()
            var labels: [UInt32] = []
            labels.reserveCapacity(count)
            for _ in 0..<count { labels.append(try readU32()) }
            return .brTable(labels, default: try readU32())
        case 0x0F: return .return
        case 0x10: return .call(try readU32())
        case 0x11:
            let typeIndex = try readU32()
            return .callIndirect(typeIndex: typeIndex, tableIndex: try readU32())
        case 0x12: return .returnCall(try readU32())
        case 0x13:
            let typeIndex = try readU32()
            return .returnCallIndirect(typeIndex: typeIndex, tableIndex: try readU32())
        case 0x14: return .callRef(try readU32())
        case 0x15: return .returnCallRef(try readU32())
        case 0x18: return .delegate(try readU32())
        case 0x19: return .catchAll
        case 0x1F:
            let blockType = try readBlockType()
            let count = try readLength()
            var clauses: [CatchClause] = []
            clauses.reserveCapacity(count)
            for _ in 0..<count { clauses.append(try readCatchClause()) }
            return .tryTable(blockType, clauses)
        case 0x1A: return .drop
        case 0x1B: return .select
        case 0x1C:
            let count = try readLength()
            var types: [ValueType] = []
            types.reserveCapacity(count)
            for _ in 0..<count { types.append(try readValueType()) }
            return .selectTyped(types)
        case 0x20: return .localGet(try readU32())
        case 0x21: return .localSet(try readU32())
        case 0x22: return .localTee(try readU32())
        case 0x23: return .globalGet(try readU32())
        case 0x24: return .globalSet(try readU32())
        case 0x25: return .tableGet(try readU32())
        case 0x26: return .tableSet(try readU32())
        case 0x28...0x35:
            guard let op = LoadOp(rawValue: opcode) else { throw illegalOpcode(opcode, at: start) }
            return .load(op, try readMemArg())
        case 0x36...0x3E:
            guard let op = StoreOp(rawValue: opcode) else { throw illegalOpcode(opcode, at: start) }
            return .store(op, try readMemArg())
        case 0x3F: return .memorySize(try readMemoryIndex())
        case 0x40: return .memoryGrow(try readMemoryIndex())
        case 0x41: return .i32Const(try readS32())
        case 0x42: return .i64Const(try readS64())
        case 0x43: return .f32Const(try readFixedU32())
        case 0x44: return .f64Const(try readFixedU64())
        case 0x45...0xC4:
            guard let op = NumericOp(rawValue: UInt16(opcode)) else { throw illegalOpcode(opcode, at: start) }
            return .numeric(op)
        case 0xD0: return .refNull(try readHeapType())
        case 0xD1: return .refIsNull
        case 0xD2: return .refFunc(try readU32())
        case 0xD3: return .refEq
        case 0xD4: return .refAsNonNull
        case 0xD5: return .brOnNull(try readU32())
        case 0xD6: return .brOnNonNull(try readU32())
        case 0xFB: return .gc(try readGCInstruction(start: start))
        case 0xFC: return try readMiscInstruction(start: start)
        case 0xFD: return try readVectorInstruction(start: start)
        default: throw illegalOpcode(opcode, at: start)
        }
    }

    /// Reads one catch clause of `try_table`: a kind byte (0-3), a tag index for kinds 0 and 1, a label.
    /// - Throws: `malformed catch clause` for another kind byte, or LEB128 errors.
    mutating func readCatchClause() throws(DecodeError) -> CatchClause {
        let start = offset
        switch try readByte() {
        case 0x00:
            let tag = try readU32()
            return .catch(tag: tag, label: try readU32())
        case 0x01:
            let tag = try readU32()
            return .catchRef(tag: tag, label: try readU32())
        case 0x02: return .catchAll(label: try readU32())
        case 0x03: return .catchAllRef(label: try readU32())
        default: throw DecodeError(DecodeError.Message.malformedCatchClause, offset: start)
        }
    }

    /// Reads a memarg: flags (the alignment exponent; bit 6 set: a memory index follows), then the
    /// `u64` offset.
    /// - Throws: `malformed memop flags` for flags of 0x80 or more, LEB128 and end errors.
    @inline(__always)
    mutating func readMemArg() throws(DecodeError) -> MemArg {
        let start = offset
        let flags = try readU32()
        guard features.contains(.multiMemory) else {
            // WebAssembly 2.0: the flags are the alignment exponent (validation bounds it).
            return MemArg(align: flags, offset: try readAddressU64())
        }
        guard flags < 0x80 else { throw DecodeError(DecodeError.Message.malformedMemopFlags, offset: start) }
        let memory = flags & 0x40 != 0 ? try readU32() : 0
        return MemArg(align: flags & 0x3F, offset: try readAddressU64(), memory: memory)
    }

    /// Reads a reserved byte that must be exactly 0x00 (not a longer LEB128 zero).
    @inline(__always)
    mutating func readZeroByte() throws(DecodeError) {
        let start = offset
        if try readByte() != 0 { throw DecodeError(DecodeError.Message.zeroByteExpected, offset: start) }
    }

    /// `illegal opcode` with the opcode in hexadecimal.
    func illegalOpcode(_ opcode: UInt8, at offset: Int) -> DecodeError {
        DecodeError("\(DecodeError.Message.illegalOpcode) \(Self.hex(UInt32(opcode)))", offset: offset)
    }

    /// `illegal opcode` for a prefixed opcode: the prefix and the sub-opcode in hexadecimal.
    func illegalOpcode(prefix: UInt8, _ subopcode: UInt32, at offset: Int) -> DecodeError {
        DecodeError("\(DecodeError.Message.illegalOpcode) \(Self.hex(UInt32(prefix))) \(Self.hex(subopcode))", offset: offset)
    }

    /// Lower-case hexadecimal with at least two digits.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return digits.count < 2 ? "0" + digits : digits
    }

    /// The 0xFC-prefixed instructions: saturating truncations, bulk memory and table instructions.
    mutating func readMiscInstruction(start: Int) throws(DecodeError) -> Instruction {
        let subopcode = try readU32()
        switch subopcode {
        case 0...7:
            guard let op = NumericOp(rawValue: 0xFC00 | UInt16(subopcode)) else {
                throw illegalOpcode(prefix: 0xFC, subopcode, at: start)
            }
            return .numeric(op)
        case 8:
            let data = try readU32()
            return .memoryInit(data: data, memory: try readMemoryIndex())
        case 9: return .dataDrop(try readU32())
        case 10:
            let destination = try readMemoryIndex()
            return .memoryCopy(destination: destination, source: try readMemoryIndex())
        case 11: return .memoryFill(try readMemoryIndex())
        case 12:
            let elem = try readU32()
            return .tableInit(elem: elem, table: try readU32())
        case 13: return .elemDrop(try readU32())
        case 14:
            let destination = try readU32()
            return .tableCopy(destination: destination, source: try readU32())
        case 15: return .tableGrow(try readU32())
        case 16: return .tableSize(try readU32())
        case 17: return .tableFill(try readU32())
        default: throw illegalOpcode(prefix: 0xFC, subopcode, at: start)
        }
    }

    /// The 0xFB-prefixed (GC) instructions.
    mutating func readGCInstruction(start: Int) throws(DecodeError) -> GCInstruction {
        let subopcode = try readU32()
        switch subopcode {
        case 0: return .structNew(try readU32())
        case 1: return .structNewDefault(try readU32())
        case 2, 3, 4:
            let type = try readU32()
            let field = try readU32()
            return .structGet(type, field: field, subopcode == 2 ? .none : subopcode == 3 ? .signed : .unsigned)
        case 5:
            let type = try readU32()
            return .structSet(type, field: try readU32())
        case 6: return .arrayNew(try readU32())
        case 7: return .arrayNewDefault(try readU32())
        case 8:
            let type = try readU32()
            return .arrayNewFixed(type, count: try readU32())
        case 9:
            let type = try readU32()
            return .arrayNewData(type, data: try readU32())
        case 10:
            let type = try readU32()
            return .arrayNewElem(type, element: try readU32())
        case 11, 12, 13:
            let type = try readU32()
            return .arrayGet(type, subopcode == 11 ? .none : subopcode == 12 ? .signed : .unsigned)
        case 14: return .arraySet(try readU32())
        case 15: return .arrayLen
        case 16: return .arrayFill(try readU32())
        case 17:
            let destination = try readU32()
            return .arrayCopy(destination: destination, source: try readU32())
        case 18:
            let type = try readU32()
            return .arrayInitData(type, data: try readU32())
        case 19:
            let type = try readU32()
            return .arrayInitElem(type, element: try readU32())
        case 20, 21: return .refTest(.ref(try readHeapType(), nullable: subopcode == 21))
        case 22, 23: return .refCast(.ref(try readHeapType(), nullable: subopcode == 23))
        case 24, 25:
            let flagsStart = offset
            let flags = try readByte()
            guard flags & ~3 == 0 else { throw DecodeError("malformed br_on_cast flags", offset: flagsStart) }
            let label = try readU32()
            let from = ValueType.ref(try readHeapType(), nullable: flags & 1 != 0)
            let to = ValueType.ref(try readHeapType(), nullable: flags & 2 != 0)
            return subopcode == 24 ? .brOnCast(label: label, from: from, to: to) : .brOnCastFail(label: label, from: from, to: to)
        case 26: return .anyConvertExtern
        case 27: return .externConvertAny
        case 28: return .refI31
        case 29: return .i31Get(signed: true)
        case 30: return .i31Get(signed: false)
        default: throw illegalOpcode(prefix: 0xFB, subopcode, at: start)
        }
    }

    /// The 0xFD-prefixed (SIMD) instructions; immediates follow ``SIMDOp/immediate``.
    mutating func readVectorInstruction(start: Int) throws(DecodeError) -> Instruction {
        let subopcode = try readU32()
        guard let op = SIMDOp(rawValue: subopcode) else { throw illegalOpcode(prefix: 0xFD, subopcode, at: start) }
        switch op.immediate {
        case .none:
            return .simd(op, .none)
        case .memory:
            return .simd(op, .memory(try readMemArg()))
        case .lane:
            return .simd(op, .lane(try readByte()))
        case .memoryLane:
            let memArg = try readMemArg()
            return .simd(op, .memoryLane(memArg, lane: try readByte()))
        case .constant:
            let lo = try readFixedU64()
            return .v128Const(V128(lo: lo, hi: try readFixedU64()))
        case .shuffle:
            let lo = try readFixedU64()
            return .i8x16Shuffle(V128(lo: lo, hi: try readFixedU64()))
        }
    }
}
