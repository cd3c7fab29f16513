// Structured-control syntax of expressions: `block`/`loop`/`if`/`try_table` and legacy `try` open a
// level, `else` may appear once inside an `if`, legacy `catch`/`catch_all` only inside a `try`
// (checked by validation, which knows their order), and `end` (or, for a `try`, `delegate`) closes a
// level; the `end` at level zero closes the expression.

/// The open structured instructions while an expression is scanned.
struct ControlNesting {
    /// One entry per open block, innermost last: `true` for an `if` that has not had its `else` yet.
    private var frames: [Bool] = []

    /// Forgets all open blocks (keeps the storage for the next expression).
    mutating func reset() {
        frames.removeAll(keepingCapacity: true)
    }

    /// Applies one instruction's effect on the nesting.
    ///
    /// - Returns: `true` when the instruction is the `end` that closes the whole expression.
    /// - Throws: `END opcode expected` for an `else` outside an `if` (or a second `else`).
    @inline(__always)
    mutating func apply(_ instruction: Instruction, at offset: Int) throws(DecodeError) -> Bool {
        switch instruction {
        case .block, .loop, .tryTable, .try:
            frames.append(false)
        case .if:
            frames.append(true)
        case .else:
            guard let isOpenIf = frames.last, isOpenIf else {
                throw DecodeError(DecodeError.Message.endOpcodeExpected, offset: offset)
            }
            frames[frames.count - 1] = false
        case .end:
            if frames.isEmpty { return true }
            frames.removeLast()
        case .delegate:
            // Closes a `try`; validation checks that the innermost block is one. At level zero it
            // cannot close the expression (which only `end` does).
            guard !frames.isEmpty else {
                throw DecodeError(DecodeError.Message.endOpcodeExpected, offset: offset)
            }
            frames.removeLast()
        default:
            break
        }
        return false
    }
}

extension ByteReader {
    /// Reads a constant expression up to and including its final `end` (which is not stored).
    ///
    /// Any instruction is accepted here; validation decides which are constant.
    /// - Throws: instruction errors, `END opcode expected`, or the end error.
    public mutating func readConstExpr() throws(DecodeError) -> ConstExpr {
        let start = offset
        var nesting = ControlNesting()
        var instructions: [Instruction] = []
        while true {
            let at = offset
            let instruction = try readInstruction()
            if let feature = instruction.requiredFeature, !features.contains(feature) {
                throw DecodeError(DecodeError.Message.illegalOpcode, offset: at)
            }
            if try nesting.apply(instruction, at: at) { break }
            instructions.append(instruction)
        }
        return ConstExpr(instructions: instructions, offset: start)
    }
}
