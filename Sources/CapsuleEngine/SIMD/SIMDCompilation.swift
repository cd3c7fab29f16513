import CapsuleBinary
import CapsuleCore

// Compiled form of a SIMD instruction (see `SIMDExecution` for execution):
//
//     simd dst subop operand-slots... [offset] [lane] [shuffle words]
//
// `dst` is the result's slot (the first of two for a `v128`), or 0 when there is no result, so
// that every SIMD instruction keeps the engine's "result first" shape and a following
// `local.set` can retarget it. `subop` is the `SIMDOp`'s in-memory tag (see `SIMDOp.codeWord`).
// Operand slots follow in stack order (bottom first); then a memarg's offset, then a lane
// index; `i8x16.shuffle` ends with its 16 lane bytes packed little-endian in 4 words.

extension FunctionCompiler {
    /// Compiles `v128` instructions other than `v128.const` (which the main compiler handles)
    /// into `Op.simd` instructions for `SIMDExecution`.
    mutating func compileSIMD(_ instruction: Instruction) throws(CompileError) {
        switch instruction {
        case .i8x16Shuffle(let lanes):
            let b = pop()
            let a = pop()
            emitProducing(.simd, size: 2, [
                SIMDOp.i8x16Shuffle.codeWord, a, b,
                UInt32(truncatingIfNeeded: lanes.lo), UInt32(truncatingIfNeeded: lanes.lo >> 32),
                UInt32(truncatingIfNeeded: lanes.hi), UInt32(truncatingIfNeeded: lanes.hi >> 32),
            ])
        case .simd(let op, let immediate):
            try compileSIMD(op, immediate)
        default:
            throw CompileError(message: "not a SIMD instruction")
        }
    }

    private mutating func compileSIMD(_ op: SIMDOp, _ immediate: SIMDImmediate) throws(CompileError) {
        guard op != .v128Const, op != .i8x16Shuffle else {
            throw CompileError(message: "\(op) without its immediate")
        }
        let info = op.info
        var operands = [UInt32](repeating: 0, count: info.operands.count + 1)
        operands[0] = op.codeWord
        for index in stride(from: info.operands.count, to: 0, by: -1) { operands[index] = pop() }
        // Another memory than an i32 memory 0: `Op.simdMemory` checks the address and offset and
        // rebases the memory there, so the SIMD instruction reads address 0 (from the scratch slot,
        // the address's own home) with offset 0.
        var slowAccess: MemArg?
        switch immediate {
        case .none: break
        case .memory(let memarg):
            if !isFastMemory(memarg.memory) { slowAccess = memarg }
            operands.append(slowAccess == nil ? UInt32(truncatingIfNeeded: memarg.offset) : 0)
        case .lane(let lane): operands.append(UInt32(lane))
        case .memoryLane(let memarg, let lane):
            if !isFastMemory(memarg.memory) { slowAccess = memarg }
            operands.append(contentsOf: [slowAccess == nil ? UInt32(truncatingIfNeeded: memarg.offset) : 0, UInt32(lane)])
        }
        if let memarg = slowAccess, operands.count > 1 {
            let scratch = nextHome
            emit(.simdMemory, [memarg.memory, operands[1]] + FunctionCompiler.offsetWords(memarg.offset) + [scratch])
            operands[1] = scratch
            maxSlots = max(maxSlots, Int(scratch) + 1)
        }
        if let result = info.results.first {
            emitProducing(.simd, size: FunctionCompiler.size(of: result), operands)
        } else {
            emit(.simd, [0] + operands)
        }
    }
}

extension SIMDOp {
    /// The word naming this instruction in compiled code: its in-memory tag, so that
    /// `SIMDExecution` reads the word back as a `SIMDOp` without a conversion.
    var codeWord: UInt32 {
        var word: UInt32 = 0
        withUnsafeBytes(of: self) { tag in
            withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: tag) }
        }
        return word
    }
}
