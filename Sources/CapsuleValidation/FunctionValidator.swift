import CapsuleCore
import CapsuleBinary

/// What opened a control frame.
enum FrameKind: UInt8 {
    case function, block, loop, `if`, `else`
}

/// One entry of the control stack (the spec's `ctrl_frame`).
struct ControlFrame {
    var kind: FrameKind
    /// Start types (`params`) and end types (`results`) in the context's type pool.
    var signature: Signature
    /// Operand-stack height when the frame was entered (below its parameters).
    var height: Int
    /// Whether the rest of the frame is unreachable (after `br`, `return`, `unreachable`, ...).
    var unreachable: Bool
}

/// Validates function bodies with the spec's algorithm (appendix "Validation Algorithm"): an
/// operand stack of value types with an `unknown` bottom type and a stack of control frames.
///
/// One validator is reused for all bodies of a module: its stacks keep their capacity, so after
/// the first functions validation allocates nothing per instruction.
struct FunctionValidator {
    let context: ModuleContext
    /// The operand stack: one byte per value (``OperandType``).
    var values: [OperandType] = []
    var frames: [ControlFrame] = []
    var locals = LocalTypes()
    /// The innermost frame's `height` and `unreachable`, cached off the frame array.
    var frameHeight = 0
    var frameUnreachable = false
    /// Largest operand-stack height seen in the current body.
    var maxHeight = 0
    /// Deepest control-frame nesting seen in the current body (the function frame counts as 1).
    var maxDepth = 0

    let numericSignatures: [UInt32]
    let simdSignatures: [OpcodeSignatures.SIMDSignature]
    let simdTypePool: [OperandType]

    init(context: ModuleContext) {
        self.context = context
        numericSignatures = OpcodeSignatures.numeric
        (simdSignatures, simdTypePool) = OpcodeSignatures.simd
        values.reserveCapacity(64)
        frames.reserveCapacity(16)
    }

    /// Validates one function body against its type.
    ///
    /// - Parameters:
    ///   - body: the body's local declarations and instruction range.
    ///   - typeIndex: its type index (already known to be in range).
    ///   - bytes: the module's bytes (shared, not copied).
    /// - Returns: facts about the body found on the way.
    /// - Throws: ``ValidationError`` with the offset of the offending instruction.
    mutating func validate(body: FunctionBody, typeIndex: UInt32, bytes: [UInt8]) throws(ValidationError) -> FunctionFacts {
        guard body.range.lowerBound >= 0, body.range.upperBound <= bytes.count else {
            throw ValidationError("function body out of the module's bounds", offset: body.range.lowerBound)
        }
        let signature = context.types[Int(typeIndex)]
        let paramEnd = signature.paramStart + signature.paramCount
        try locals.reset(params: context.typePool[signature.paramStart..<paramEnd], declarations: body.locals, offset: body.range.lowerBound)
        values.removeAll(keepingCapacity: true)
        frames.removeAll(keepingCapacity: true)
        maxHeight = 0
        maxDepth = 0
        let functionSignature = Signature(paramStart: 0, paramCount: 0, resultStart: signature.resultStart, resultCount: signature.resultCount)
        pushFrame(.function, functionSignature)

        var reader = InstructionReader(bytes: bytes, range: body.range)
        while !reader.isAtEnd {
            let offset = reader.offset
            guard !frames.isEmpty else {
                throw ValidationError("section size mismatch: instructions after the end of the function", offset: offset)
            }
            let instruction: Instruction
            do {
                instruction = try reader.next()
            } catch {
                throw ValidationError(error.message, offset: error.offset)
            }
            try validate(instruction, at: offset)
        }
        guard frames.isEmpty else {
            throw ValidationError("END opcode expected", offset: body.range.upperBound)
        }
        return FunctionFacts(maxOperandStackHeight: maxHeight, maxControlDepth: maxDepth, localCount: Int(locals.count))
    }

    // MARK: - Operand stack

    @inline(__always)
    mutating func push(_ type: OperandType) {
        values.append(type)
        if values.count > maxHeight { maxHeight = values.count }
    }

    /// Pops a value of the expected type (the spec's `pop_val(expect)`).
    @inline(__always)
    mutating func pop(_ expected: OperandType, at offset: Int) throws(ValidationError) {
        if values.count == frameHeight {
            if frameUnreachable { return }
            throw mismatch(expected: expected, found: nil, at: offset)
        }
        let actual = values.removeLast()
        if actual != expected && actual != .unknown && expected != .unknown {
            throw mismatch(expected: expected, found: actual, at: offset)
        }
    }

    /// Pops a value of any type (the spec's `pop_val()`); `unknown` on a polymorphic stack.
    @inline(__always)
    mutating func popAny(at offset: Int) throws(ValidationError) -> OperandType {
        if values.count == frameHeight {
            if frameUnreachable { return .unknown }
            throw ValidationError("type mismatch: expected a value, found nothing", offset: offset)
        }
        return values.removeLast()
    }

    /// Pops `count` values whose types are `typePool[start..<start+count]`, top of stack last.
    @inline(__always)
    mutating func pop(types start: Int, count: Int, at offset: Int) throws(ValidationError) {
        var index = start + count
        while index > start {
            index -= 1
            try pop(context.typePool[index], at: offset)
        }
    }

    /// Pushes the types `typePool[start..<start+count]`.
    @inline(__always)
    mutating func push(types start: Int, count: Int) {
        var index = start
        while index < start + count {
            push(context.typePool[index])
            index += 1
        }
    }

    /// Checks that the top `count` values match `typePool[start..<start+count]` without popping them
    /// (equivalent to the spec's `push_vals(pop_vals(...))` in `br_table`).
    mutating func peek(types start: Int, count: Int, at offset: Int) throws(ValidationError) {
        var position = values.count
        var index = start + count
        while index > start {
            index -= 1
            position -= 1
            if position < frameHeight {
                if frameUnreachable { return }
                throw mismatch(expected: context.typePool[index], found: nil, at: offset)
            }
            let actual = values[position]
            let expected = context.typePool[index]
            if actual != expected && actual != .unknown {
                throw mismatch(expected: expected, found: actual, at: offset)
            }
        }
    }

    func mismatch(expected: OperandType, found: OperandType?, at offset: Int) -> ValidationError {
        let foundText = found.map(\.typeName) ?? "nothing"
        return ValidationError("type mismatch: expected \(expected.typeName), found \(foundText)", offset: offset)
    }

    // MARK: - Control stack

    /// Enters a frame (the spec's `push_ctrl`); the caller has already popped the parameters.
    @inline(__always)
    mutating func pushFrame(_ kind: FrameKind, _ signature: Signature) {
        frames.append(ControlFrame(kind: kind, signature: signature, height: values.count, unreachable: false))
        if frames.count > maxDepth { maxDepth = frames.count }
        frameHeight = values.count
        frameUnreachable = false
        push(types: signature.paramStart, count: signature.paramCount)
    }

    /// Leaves the innermost frame (the spec's `pop_ctrl`): its results must be exactly what is left.
    @inline(__always)
    mutating func popFrame(at offset: Int) throws(ValidationError) -> ControlFrame {
        guard let frame = frames.last else {
            throw ValidationError("unexpected end of function", offset: offset)
        }
        try pop(types: frame.signature.resultStart, count: frame.signature.resultCount, at: offset)
        guard values.count == frame.height else {
            throw ValidationError("type mismatch: \(values.count - frame.height) extra value(s) at the end of the block", offset: offset)
        }
        frames.removeLast()
        if let outer = frames.last {
            frameHeight = outer.height
            frameUnreachable = outer.unreachable
        } else {
            frameHeight = 0
            frameUnreachable = false
        }
        return frame
    }

    /// Marks the rest of the innermost frame unreachable and drops its operands (the spec's `unreachable()`).
    @inline(__always)
    mutating func markUnreachable() {
        if values.count > frameHeight { values.removeLast(values.count - frameHeight) }
        frameUnreachable = true
        if !frames.isEmpty { frames[frames.count - 1].unreachable = true }
    }

    /// The frame that label `depth` refers to.
    ///
    /// - Throws: `unknown label` when `depth` is not below the nesting depth.
    @inline(__always)
    func labelFrame(_ depth: UInt32, at offset: Int) throws(ValidationError) -> ControlFrame {
        guard Int(depth) < frames.count else { throw ValidationError("unknown label \(depth)", offset: offset) }
        return frames[frames.count - 1 - Int(depth)]
    }
}

extension ControlFrame {
    /// Start of the label types: a loop's branch target takes its parameters, others their results.
    @inline(__always)
    var labelStart: Int { kind == .loop ? signature.paramStart : signature.resultStart }

    /// Number of label types.
    @inline(__always)
    var labelCount: Int { kind == .loop ? signature.paramCount : signature.resultCount }
}
