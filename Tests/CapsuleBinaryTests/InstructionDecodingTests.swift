import Testing
import CapsuleCore
import CapsuleBinary
import CapsuleText

@Suite struct InstructionDecodingTests {
    typealias B = Binary

    func decode(_ bytes: [UInt8]) throws(DecodeError) -> [Instruction] {
        var reader = InstructionReader(bytes: bytes, range: 0..<bytes.count)
        var result: [Instruction] = []
        while !reader.isAtEnd { result.append(try reader.next()) }
        return result
    }

    @Test func controlAndVariableInstructions() throws {
        let bytes: [UInt8] = [
            0x00, 0x01,
            0x02, 0x40, 0x03, 0x7F, 0x04, 0x05, 0x02, 0x0A, 0x05, 0x0B,
            0x0C, 0x01, 0x0D, 0x80, 0x01, 0x0E, 0x02, 0x00, 0x01, 0x02, 0x0F,
            0x10, 0x03, 0x11, 0x04, 0x01,
            0x1A, 0x1B, 0x1C, 0x01, 0x7E,
            0x20, 0x00, 0x21, 0x01, 0x22, 0x02, 0x23, 0x03, 0x24, 0x04, 0x25, 0x05, 0x26, 0x06,
            0xD0, 0x70, 0xD0, 0x6F, 0xD1, 0xD2, 0x07,
        ]
        #expect(try decode(bytes) == [
            .unreachable, .nop,
            .block(.empty), .loop(.value(.i32)), .if(.typeIndex(5)), .block(.typeIndex(10)), .else, .end,
            .br(1), .brIf(128), .brTable([0, 1], default: 2), .return,
            .call(3), .callIndirect(typeIndex: 4, tableIndex: 1),
            .drop, .select, .selectTyped([.i64]),
            .localGet(0), .localSet(1), .localTee(2), .globalGet(3), .globalSet(4), .tableGet(5), .tableSet(6),
            .refNull(.func), .refNull(.extern), .refIsNull, .refFunc(7),
        ])
    }

    @Test func memoryAndConstantInstructions() throws {
        let bytes: [UInt8] = [
            0x28, 0x02, 0x10, 0x3E, 0x00, 0x80, 0x80, 0x04,
            0x3F, 0x00, 0x40, 0x00,
            0x41, 0x7F, 0x42, 0x80, 0x01,
            0x43, 0x00, 0x00, 0xC0, 0x7F, 0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x7F,
        ]
        #expect(try decode(bytes) == [
            .load(.i32Load, MemArg(align: 2, offset: 16)), .store(.i64Store32, MemArg(align: 0, offset: 65536)),
            .memorySize(0), .memoryGrow(0),
            .i32Const(-1), .i64Const(128),
            .f32Const(0x7FC0_0000), .f64Const(0x7FF8_0000_0000_0001),
        ])
    }

    @Test func everyLoadAndStore() throws {
        for op in LoadOp.allCases {
            #expect(try decode([op.rawValue, 0x00, 0x00]) == [.load(op, MemArg(align: 0, offset: 0))])
        }
        for op in StoreOp.allCases {
            #expect(try decode([op.rawValue, 0x01, 0x02]) == [.store(op, MemArg(align: 1, offset: 2))])
        }
    }

    @Test func everyNumericInstruction() throws {
        for op in NumericOp.allCases {
            let bytes: [UInt8] = op.rawValue >= 0xFC00 ? [0xFC, UInt8(op.rawValue & 0xFF)] : [UInt8(op.rawValue)]
            #expect(try decode(bytes) == [.numeric(op)], "\(op)")
        }
        #expect(NumericOp.allCases.count == 0xC4 - 0x45 + 1 + 8)
    }

    @Test func bulkMemoryAndTableInstructions() throws {
        let bytes: [UInt8] = [
            0xFC, 0x08, 0x03, 0x00, 0xFC, 0x09, 0x04, 0xFC, 0x0A, 0x00, 0x00, 0xFC, 0x0B, 0x00,
            0xFC, 0x0C, 0x05, 0x01, 0xFC, 0x0D, 0x06, 0xFC, 0x0E, 0x02, 0x03,
            0xFC, 0x0F, 0x01, 0xFC, 0x10, 0x02, 0xFC, 0x11, 0x03,
            // A sub-opcode in a non-minimal LEB128.
            0xFC, 0x90, 0x00, 0x00,
        ]
        #expect(try decode(bytes) == [
            .memoryInit(data: 3, memory: 0), .dataDrop(4), .memoryCopy(destination: 0, source: 0), .memoryFill(0),
            .tableInit(elem: 5, table: 1), .elemDrop(6), .tableCopy(destination: 2, source: 3),
            .tableGrow(1), .tableSize(2), .tableFill(3),
            .tableSize(0),
        ])
    }

    @Test func simdTableIsComplete() {
        // 236 instructions of 2.0 and the 20 relaxed SIMD instructions of 3.0.
        #expect(SIMDOp.allCases.count == 256)
        #expect(Set(SIMDOp.allCases.map(\.info.name)).count == 256)
        #expect(SIMDOp.allCases.filter { $0.rawValue >= 0x100 }.count == 20)
        for op in SIMDOp.allCases {
            let info = op.info
            #expect(op.immediate == info.immediate)
            #expect(op.description == info.name)
            switch info.immediate {
            case .lane, .memoryLane, .shuffle: #expect(info.laneCount > 0, "\(op)")
            case .none, .memory, .constant: #expect(info.laneCount == 0, "\(op)")
            }
            switch info.immediate {
            case .memory, .memoryLane:
                #expect(info.operands.first == .i32, "\(op)")
                #expect(info.naturalAlignment <= 4, "\(op)")
            default:
                #expect(info.naturalAlignment == 0, "\(op)")
            }
            #expect(info.results.count <= 1, "\(op)")
        }
        #expect(SIMDOp.v128Load.info.naturalAlignment == 4)
        #expect(SIMDOp.v128Load16Lane.info.laneCount == 8)
        #expect(SIMDOp.i8x16Shuffle.info.laneCount == 32)
        #expect(SIMDOp.i64x2ReplaceLane.info.operands == [.v128, .i64])
        #expect(SIMDOp.v128Store8Lane.info.results == [])
    }

    /// Encodes one SIMD instruction with its immediates as the binary format does.
    func encode(_ op: SIMDOp) -> [UInt8] {
        var bytes: [UInt8] = [0xFD] + B.u(UInt64(op.rawValue))
        switch op.immediate {
        case .none: break
        case .memory: bytes += [0x01, 0x08]
        case .lane: bytes += [0x01]
        case .memoryLane: bytes += [0x00, 0x04, 0x01]
        case .constant, .shuffle: bytes += Array(0..<16)
        }
        return bytes
    }

    @Test func everySIMDInstructionDecodes() throws {
        for op in SIMDOp.allCases {
            let decoded = try decode(encode(op))
            let expected: Instruction
            switch op.immediate {
            case .none: expected = .simd(op, .none)
            case .memory: expected = .simd(op, .memory(MemArg(align: 1, offset: 8)))
            case .lane: expected = .simd(op, .lane(1))
            case .memoryLane: expected = .simd(op, .memoryLane(MemArg(align: 0, offset: 4), lane: 1))
            case .constant: expected = .v128Const(V128(bytes: Array(0..<16)))
            case .shuffle: expected = .i8x16Shuffle(V128(bytes: Array(0..<16)))
            }
            #expect(decoded == [expected], "\(op)")
        }
        // Unassigned sub-opcodes are illegal (0x100...0x113 are relaxed SIMD; 0x114 is the first after them).
        for raw: UInt32 in [0x9A, 0xA2, 0xA5, 0xA6, 0xAF, 0xB0, 0xB2, 0xB3, 0xB4, 0xBB, 0xC2, 0xC5, 0xC6, 0xCF, 0xD0, 0xD2, 0xD3, 0xD4, 0xE2, 0xEE, 0x114, 0x1FF, 0xFFFF_FFFF] {
            #expect(throws: DecodeError.self) { try decode([0xFD] + B.u(UInt64(raw))) }
        }
    }

    /// Text for one SIMD instruction applied to parameters of its operand types.
    func watFunction(_ op: SIMDOp) -> String {
        let info = op.info
        let params = info.operands.map(\.description).joined(separator: " ")
        var text = "(func"
        if !params.isEmpty { text += " (param \(params))" }
        for index in info.operands.indices { text += " local.get \(index)" }
        text += " \(info.name)"
        switch info.immediate {
        case .none, .memory: break
        case .lane: text += " 1"
        case .memoryLane: text += " 1"
        case .constant: text += " i32x4 1 2 3 4"
        case .shuffle: text += " 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"
        }
        if !info.results.isEmpty { text += " drop" }
        return text + ")"
    }

    /// Checks the table's names against opcodes as CapsuleText (WasmKit's encoder) assigns them.
    @Test func simdNamesMatchTheTextEncoder() throws {
        let wat = "(module (memory 1)\n" + SIMDOp.allCases.map(watFunction).joined(separator: "\n") + ")"
        let module = try Module(decoding: try TextFormat.wasm(fromWAT: wat))
        #expect(module.codes.count == SIMDOp.allCases.count)
        for (index, op) in SIMDOp.allCases.enumerated() where index < module.codes.count {
            let found = try B.instructions(module, function: index).compactMap { instruction -> SIMDOp? in
                switch instruction {
                case .simd(let op, _): return op
                case .v128Const: return .v128Const
                case .i8x16Shuffle: return .i8x16Shuffle
                default: return nil
                }
            }
            #expect(found == [op], "\(op.info.name)")
        }
    }

    @Test func readerReportsOffsets() throws {
        let bytes: [UInt8] = [0xFF, 0x41, 0x80, 0x01, 0x0B, 0xAA]
        var reader = InstructionReader(bytes: bytes, range: 1..<5)
        #expect(reader.offset == 1 && reader.endOffset == 5)
        #expect(try reader.next() == .i32Const(128))
        #expect(reader.offset == 4)
        #expect(try reader.next() == .end)
        #expect(reader.isAtEnd)
        #expect(throws: DecodeError("unexpected end of section or function", offset: 5)) { try reader.next() }
        // An immediate may not run past the range.
        var short = InstructionReader(bytes: bytes, range: 1..<3)
        #expect(throws: DecodeError.self) { try short.next() }
    }
}
