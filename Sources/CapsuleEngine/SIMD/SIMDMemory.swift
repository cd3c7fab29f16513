import CapsuleCore

// Loads and stores of `v128` values and lanes. Each access makes one bounds check: the address
// operand (an `i32`, zero-extended) plus the static offset plus the access width must not pass
// the memory's current byte count. All accesses may be unaligned.

extension SIMDExecution {
    /// The effective address of an access of `width` bytes, or a trap when it is out of bounds.
    @inline(__always)
    static func effectiveAddress(
        _ fp: FP, _ addressSlot: UInt32, offset: UInt32, width: UInt64, memorySize: UInt64
    ) throws(TrapKind) -> Int {
        let address = UInt64(UInt32(truncatingIfNeeded: fp[Int(addressSlot)])) &+ UInt64(offset)
        guard address &+ width <= memorySize else { throw .outOfBoundsMemoryAccess }
        return Int(address)
    }

    /// `simd dst subop address offset`: loads a `T` and turns it into the 16-byte result.
    @inline(__always)
    static func load<T: BitwiseCopyable, R: SIMD>(
        _ pc: PC, _ fp: FP, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64, _: T.Type,
        _ widen: (T) -> R
    ) throws(TrapKind) -> PC {
        let address = try effectiveAddress(fp, pc[3], offset: pc[4], width: UInt64(MemoryLayout<T>.size), memorySize: memorySize)
        setVector(fp, pc[1], widen(memory.loadUnaligned(fromByteOffset: address, as: T.self)))
        return pc + 5
    }

    /// `simd 0 subop address value offset`: stores the whole vector.
    @inline(__always)
    static func store(_ pc: PC, _ fp: FP, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64) throws(TrapKind) -> PC {
        let address = try effectiveAddress(fp, pc[3], offset: pc[5], width: 16, memorySize: memorySize)
        memory.storeBytes(of: vector(fp, pc[4], as: U8x16.self), toByteOffset: address, as: U8x16.self)
        return pc + 6
    }

    /// `simd dst subop address vector offset lane`: the vector with one lane replaced by memory.
    @inline(__always)
    static func loadLane<T: FixedWidthInteger & BitwiseCopyable>(
        _ pc: PC, _ fp: FP, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64, _: T.Type
    ) throws(TrapKind) -> PC {
        let address = try effectiveAddress(fp, pc[3], offset: pc[5], width: UInt64(MemoryLayout<T>.size), memorySize: memorySize)
        let scalar = UInt64(truncatingIfNeeded: memory.loadUnaligned(fromByteOffset: address, as: T.self))
        setVector(fp, pc[1], replacingLane(vector(fp, pc[4]), pc[6], width: T.bitWidth, with: scalar))
        return pc + 7
    }

    /// `simd 0 subop address vector offset lane`: stores one lane.
    @inline(__always)
    static func storeLane<T: FixedWidthInteger & BitwiseCopyable>(
        _ pc: PC, _ fp: FP, _ memory: UnsafeMutableRawPointer, _ memorySize: UInt64, _: T.Type
    ) throws(TrapKind) -> PC {
        let address = try effectiveAddress(fp, pc[3], offset: pc[5], width: UInt64(MemoryLayout<T>.size), memorySize: memorySize)
        let scalar = lane(vector(fp, pc[4]), pc[6], width: T.bitWidth)
        memory.storeBytes(of: T(truncatingIfNeeded: scalar), toByteOffset: address, as: T.self)
        return pc + 7
    }
}
