import CapsuleBinary
import CapsuleCore

/// The memory instructions of every memory but an `i32` memory 0: those of other memories
/// (multi-memory) and of `i64` memories (memory64), compiled to `Op.memoryOp` and `Op.simdMemory`.
///
/// Memory 0 of address type `i32` keeps its own instructions in the interpreter loop, with its base
/// and size cached in locals and one bounds check per access. Here the memory comes from the
/// instance's `memories` and its record says the address type, so one handler serves both kinds.
/// Every access makes one checked addition (a 64-bit address plus a 64-bit offset must not wrap)
/// and one bounds check.
enum MemoryInstructions {
    typealias PC = UnsafeMutablePointer<UInt32>
    typealias FP = UnsafeMutablePointer<UInt64>

    /// An address, index or count operand: all 64 bits for an `i64` memory, the low 32 otherwise.
    @inline(__always)
    static func operand(_ value: UInt64, is64: Bool) -> UInt64 {
        is64 ? value : UInt64(UInt32(truncatingIfNeeded: value))
    }

    /// The effective address of an access of `width` bytes: `address + offset`, trapping when the
    /// sum wraps or the access does not fit in the memory.
    @inline(__always)
    static func effectiveAddress(
        _ memory: UnsafeMutablePointer<MemoryRecord>, _ address: UInt64, offset: UInt64, width: UInt64
    ) throws(TrapKind) -> Int {
        let (sum, overflow) = operand(address, is64: memory.pointee.is64).addingReportingOverflow(offset)
        let size = UInt64(memory.pointee.byteCount)
        guard !overflow, sum <= size, width <= size - sum else { throw .outOfBoundsMemoryAccess }
        return Int(sum)
    }

    /// Whether `start..<start+count` lies within `size` bytes (no wrap-around).
    @inline(__always)
    static func fits(_ start: UInt64, _ count: UInt64, in size: UInt64) -> Bool {
        start <= size && count <= size - start
    }

    /// Runs the `Op.memoryOp` or `Op.simdMemory` at `pc`; returns the next instruction's address, or
    /// nil for an out-of-bounds access (the only trap these instructions have). Never inlined and not
    /// throwing, so that the interpreter loop keeps the registers of the 2.0 instructions.
    @inline(never)
    static func step(pc: PC, fp: FP, instance: UnsafeMutablePointer<InstanceRecord>) -> PC? {
        do {
            return try execute(pc: pc, fp: fp, instance: instance)
        } catch {
            return nil
        }
    }

    /// Runs the `Op.memoryOp` (or `Op.simdMemory`) at `pc` and returns the next instruction's address.
    static func execute(pc: PC, fp: FP, instance: UnsafeMutablePointer<InstanceRecord>) throws(TrapKind) -> PC {
        if UnsafeRawPointer(pc).load(as: Op.self) == .simdMemory { return try executeSIMD(pc: pc, fp: fp, instance: instance) }
        let kind = pc[2]
        let memory = instance.pointee.memories[Int(pc[3])]
        let base = memory.pointee.base
        let is64 = memory.pointee.is64
        switch kind {
        case 0x28...0x35:
            guard let op = LoadOp(rawValue: UInt8(kind)) else { throw .outOfBoundsMemoryAccess }
            let offset = UInt64(pc[5]) | UInt64(pc[6]) << 32
            let address = try effectiveAddress(memory, fp[Int(pc[4])], offset: offset, width: UInt64(op.byteWidth))
            fp[Int(pc[1])] = load(op, base, address)
        case 0x36...0x3E:
            guard let op = StoreOp(rawValue: UInt8(kind)) else { throw .outOfBoundsMemoryAccess }
            let offset = UInt64(pc[6]) | UInt64(pc[7]) << 32
            let address = try effectiveAddress(memory, fp[Int(pc[4])], offset: offset, width: UInt64(op.byteWidth))
            store(op, fp[Int(pc[5])], base, address)
        case 0x3F:
            fp[Int(pc[1])] = UInt64(memory.pointee.pageCount)
        case 0x40:
            let delta = operand(fp[Int(pc[4])], is64: is64)
            let old = Memories.grow(memory, pages: delta)
            fp[Int(pc[1])] = old ?? (is64 ? UInt64.max : UInt64(UInt32.max))
        case 0xFC08:
            let segment = instance.pointee.datas + Int(pc[7])
            let destination = operand(fp[Int(pc[4])], is64: is64)
            let source = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[5])]))
            let count = UInt64(UInt32(truncatingIfNeeded: fp[Int(pc[6])]))
            guard fits(source, count, in: UInt64(segment.pointee.count)),
                fits(destination, count, in: UInt64(memory.pointee.byteCount))
            else { throw .outOfBoundsMemoryAccess }
            if count > 0, let bytes = segment.pointee.base {
                (base + Int(destination)).copyMemory(from: bytes + Int(source), byteCount: Int(count))
            }
        case 0xFC0A:
            let sourceMemory = instance.pointee.memories[Int(pc[7])]
            let sourceIs64 = sourceMemory.pointee.is64
            let destination = operand(fp[Int(pc[4])], is64: is64)
            let source = operand(fp[Int(pc[5])], is64: sourceIs64)
            // The count has the smaller of the two address types.
            let count = operand(fp[Int(pc[6])], is64: is64 && sourceIs64)
            guard fits(source, count, in: UInt64(sourceMemory.pointee.byteCount)),
                fits(destination, count, in: UInt64(memory.pointee.byteCount))
            else { throw .outOfBoundsMemoryAccess }
            if count > 0 {
                (base + Int(destination)).copyMemory(from: sourceMemory.pointee.base + Int(source), byteCount: Int(count))
            }
        case 0xFC0B:
            let destination = operand(fp[Int(pc[4])], is64: is64)
            let value = UInt8(truncatingIfNeeded: fp[Int(pc[5])])
            let count = operand(fp[Int(pc[6])], is64: is64)
            guard fits(destination, count, in: UInt64(memory.pointee.byteCount)) else { throw .outOfBoundsMemoryAccess }
            if count > 0 {
                (base + Int(destination)).initializeMemory(as: UInt8.self, repeating: value, count: Int(count))
            }
        default:
            throw .outOfBoundsMemoryAccess
        }
        return pc + 8
    }

    /// Runs the `Op.simdMemory` at `pc` and the SIMD memory instruction after it (never inlined).
    @inline(never)
    static func executeSIMD(pc: PC, fp: FP, instance: UnsafeMutablePointer<InstanceRecord>) throws(TrapKind) -> PC {
        let memory = instance.pointee.memories[Int(pc[1])]
        let offset = UInt64(pc[3]) | UInt64(pc[4]) << 32
        // Checked here without the width, which the SIMD instruction checks against the rest.
        let address = try effectiveAddress(memory, fp[Int(pc[2])], offset: offset, width: 0)
        fp[Int(pc[5])] = 0
        return try SIMDExecution.execute(
            pc: pc + 6, fp: fp, memory: memory.pointee.base + address,
            memorySize: UInt64(memory.pointee.byteCount) - UInt64(address))
    }

    @inline(__always)
    static func load(_ op: LoadOp, _ base: UnsafeMutableRawPointer, _ address: Int) -> UInt64 {
        switch op {
        case .i32Load, .f32Load: return UInt64(base.loadUnaligned(fromByteOffset: address, as: UInt32.self))
        case .i64Load, .f64Load: return base.loadUnaligned(fromByteOffset: address, as: UInt64.self)
        case .i32Load8S: return UInt64(UInt32(bitPattern: Int32(base.loadUnaligned(fromByteOffset: address, as: Int8.self))))
        case .i32Load8U, .i64Load8U: return UInt64(base.loadUnaligned(fromByteOffset: address, as: UInt8.self))
        case .i32Load16S: return UInt64(UInt32(bitPattern: Int32(base.loadUnaligned(fromByteOffset: address, as: Int16.self))))
        case .i32Load16U, .i64Load16U: return UInt64(base.loadUnaligned(fromByteOffset: address, as: UInt16.self))
        case .i64Load8S: return UInt64(bitPattern: Int64(base.loadUnaligned(fromByteOffset: address, as: Int8.self)))
        case .i64Load16S: return UInt64(bitPattern: Int64(base.loadUnaligned(fromByteOffset: address, as: Int16.self)))
        case .i64Load32S: return UInt64(bitPattern: Int64(base.loadUnaligned(fromByteOffset: address, as: Int32.self)))
        case .i64Load32U: return UInt64(base.loadUnaligned(fromByteOffset: address, as: UInt32.self))
        }
    }

    @inline(__always)
    static func store(_ op: StoreOp, _ value: UInt64, _ base: UnsafeMutableRawPointer, _ address: Int) {
        switch op.byteWidth {
        case 1: base.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: address, as: UInt8.self)
        case 2: base.storeBytes(of: UInt16(truncatingIfNeeded: value), toByteOffset: address, as: UInt16.self)
        case 4: base.storeBytes(of: UInt32(truncatingIfNeeded: value), toByteOffset: address, as: UInt32.self)
        default: base.storeBytes(of: value, toByteOffset: address, as: UInt64.self)
        }
    }
}
