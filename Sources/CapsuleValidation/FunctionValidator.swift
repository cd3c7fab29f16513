import CapsuleCore
import CapsuleBinary

/// What opened a control frame.
enum FrameKind: UInt8 {
    case function, block, loop, `if`, `else`
    /// `try_table` (a block whose catch clauses were checked against the frames outside it).
    case tryTable
    /// Legacy exception handling: the body of a `try`, and its `catch` and `catch_all` clauses.
    case `try`, `catch`, catchAll
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
    /// Number of entries of the validator's `initializedLocals` when the frame was entered: the
    /// locals set inside it count as set only until it ends.
    var initHeight: Int = 0
}

/// Validates function bodies with the spec's algorithm (appendix "Validation Algorithm"): an
/// operand stack of value types with an `unknown` bottom type and a stack of control frames.
///
/// One validator is reused for all bodies of a module. Both stacks are buffers it owns (it is
/// non-copyable and frees them when it goes away): they only grow, so after the first bodies
/// validation allocates nothing per instruction, and a push or pop is a store or load plus a
/// comparison, with no uniqueness check.
struct FunctionValidator: ~Copyable {
    let context: ModuleContext
    /// The operand stack: one byte per value (``OperandType``); `valueCount` are in use.
    private(set) var values: UnsafeMutablePointer<OperandType>
    private var valueCapacity: Int
    private(set) var valueCount = 0
    /// The control stack; `frameCount` are in use.
    private(set) var frames: UnsafeMutablePointer<ControlFrame>
    private var frameCapacity: Int
    private(set) var frameCount = 0
    var locals = LocalTypes()
    /// Value types of signatures: the context's pool, then the single-result block types of
    /// reference types this validator met (``blockSignature(_:at:)``).
    var pool: [OperandType]
    /// Pool position of each extra single result type.
    var singleResults: [OperandType: Int] = [:]
    /// Non-defaultable locals set so far in the enclosing frames, in order (the spec's `inits`).
    var initializedLocals: [UInt32] = []
    /// Whether the current function has locals of non-defaultable types (then `local.get` checks).
    var hasNonDefaultableLocals = false
    /// Number of parameters of the current function (always initialised).
    var parameterCount: UInt32 = 0
    /// The innermost frame's `height` and `unreachable`, cached off the frame buffer.
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
        pool = context.typePool
        numericSignatures = OpcodeSignatures.numeric
        (simdSignatures, simdTypePool) = OpcodeSignatures.simd
        valueCapacity = 256
        values = .allocate(capacity: valueCapacity)
        frameCapacity = 32
        frames = .allocate(capacity: frameCapacity)
    }

    deinit {
        values.deallocate()
        frames.deinitialize(count: frameCount)
        frames.deallocate()
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
        var declarations = body.locals
        hasNonDefaultableLocals = false
        parameterCount = UInt32(signature.paramCount)
        initializedLocals.removeAll(keepingCapacity: true)
        for index in declarations.indices {
            let type = try context.resolve(declarations[index].type, at: body.range.lowerBound)
            declarations[index].type = type
            if !type.isDefaultable { hasNonDefaultableLocals = true }
        }
        try locals.reset(params: context.typePool[signature.paramStart..<paramEnd], declarations: declarations, offset: body.range.lowerBound)
        valueCount = 0
        frames.deinitialize(count: frameCount)
        frameCount = 0
        maxHeight = 0
        maxDepth = 0
        let functionSignature = Signature(paramStart: 0, paramCount: 0, resultStart: signature.resultStart, resultCount: signature.resultCount)
        pushFrame(.function, functionSignature)

        var reader = InstructionReader(bytes: bytes, range: body.range)
        while !reader.isAtEnd {
            let offset = reader.offset
            guard frameCount > 0 else {
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
        guard frameCount == 0 else {
            throw ValidationError("END opcode expected", offset: body.range.upperBound)
        }
        return FunctionFacts(maxOperandStackHeight: maxHeight, maxControlDepth: maxDepth, localCount: Int(locals.count))
    }

    // MARK: - Operand stack

    @inline(__always)
    mutating func push(_ type: OperandType) {
        if valueCount == valueCapacity { growValues() }
        values[valueCount] = type
        valueCount &+= 1
        if valueCount > maxHeight { maxHeight = valueCount }
    }

    @inline(never)
    private mutating func growValues() {
        let capacity = valueCapacity * 2
        let grown = UnsafeMutablePointer<OperandType>.allocate(capacity: capacity)
        grown.moveInitialize(from: values, count: valueCount)
        values.deallocate()
        values = grown
        valueCapacity = capacity
    }

    /// Pops a value of the expected type (the spec's `pop_val(expect)`).
    @inline(__always)
    mutating func pop(_ expected: OperandType, at offset: Int) throws(ValidationError) {
        if valueCount == frameHeight {
            if frameUnreachable { return }
            throw mismatch(expected: expected, found: nil, at: offset)
        }
        valueCount &-= 1
        let actual = values[valueCount]
        if actual != expected && actual != .unknown && expected != .unknown && !matchesReference(actual, expected) {
            throw mismatch(expected: expected, found: actual, at: offset)
        }
    }

    /// Whether reference type `actual` is a subtype of reference type `expected` (false for other types).
    @inline(never)
    func matchesReference(_ actual: OperandType, _ expected: OperandType) -> Bool {
        guard actual.isReference, expected.isReference, let a = actual.valueType, let b = expected.valueType else { return false }
        return context.isSubtype(a, b)
    }

    /// Whether a value of type `actual` (or unknown) may stand where `expected` is needed.
    @inline(__always)
    func matches(_ actual: OperandType, _ expected: OperandType) -> Bool {
        actual == expected || actual == .unknown || expected == .unknown || matchesReference(actual, expected)
    }

    /// Pops a value of any type (the spec's `pop_val()`); `unknown` on a polymorphic stack.
    @inline(__always)
    mutating func popAny(at offset: Int) throws(ValidationError) -> OperandType {
        if valueCount == frameHeight {
            if frameUnreachable { return .unknown }
            throw ValidationError("type mismatch: expected a value, found nothing", offset: offset)
        }
        valueCount &-= 1
        return values[valueCount]
    }

    /// Pops `count` values whose types are `typePool[start..<start+count]`, top of stack last.
    @inline(__always)
    mutating func pop(types start: Int, count: Int, at offset: Int) throws(ValidationError) {
        var index = start + count
        while index > start {
            index -= 1
            try pop(pool[index], at: offset)
        }
    }

    /// Pushes the types `typePool[start..<start+count]`.
    @inline(__always)
    mutating func push(types start: Int, count: Int) {
        var index = start
        while index < start + count {
            push(pool[index])
            index += 1
        }
    }

    /// Checks that the top `count` values match `typePool[start..<start+count]` without popping them
    /// (equivalent to the spec's `push_vals(pop_vals(...))` in `br_table`).
    func peek(types start: Int, count: Int, at offset: Int) throws(ValidationError) {
        var position = valueCount
        var index = start + count
        while index > start {
            index -= 1
            position -= 1
            if position < frameHeight {
                if frameUnreachable { return }
                throw mismatch(expected: pool[index], found: nil, at: offset)
            }
            let actual = values[position]
            let expected = pool[index]
            if !matches(actual, expected) {
                throw mismatch(expected: expected, found: actual, at: offset)
            }
        }
    }

    func mismatch(expected: OperandType, found: OperandType?, at offset: Int) -> ValidationError {
        let foundText = found.map(\.typeName) ?? "nothing"
        return ValidationError("type mismatch: expected \(expected.typeName), found \(foundText)", offset: offset)
    }

    // MARK: - Control stack

    /// The innermost frame; only valid while `frameCount > 0`.
    var innermostFrame: ControlFrame? { frameCount > 0 ? frames[frameCount - 1] : nil }

    /// The function's own frame; only valid while `frameCount > 0`.
    var functionFrame: ControlFrame? { frameCount > 0 ? frames[0] : nil }

    /// Enters a frame (the spec's `push_ctrl`); the caller has already popped the parameters.
    @inline(__always)
    mutating func pushFrame(_ kind: FrameKind, _ signature: Signature) {
        if frameCount == frameCapacity { growFrames() }
        (frames + frameCount).initialize(to: ControlFrame(
            kind: kind, signature: signature, height: valueCount, unreachable: false, initHeight: initializedLocals.count))
        frameCount &+= 1
        if frameCount > maxDepth { maxDepth = frameCount }
        frameHeight = valueCount
        frameUnreachable = false
        push(types: signature.paramStart, count: signature.paramCount)
    }

    @inline(never)
    private mutating func growFrames() {
        let capacity = frameCapacity * 2
        let grown = UnsafeMutablePointer<ControlFrame>.allocate(capacity: capacity)
        grown.moveInitialize(from: frames, count: frameCount)
        frames.deallocate()
        frames = grown
        frameCapacity = capacity
    }

    /// Leaves the innermost frame (the spec's `pop_ctrl`): its results must be exactly what is left.
    @inline(__always)
    mutating func popFrame(at offset: Int) throws(ValidationError) -> ControlFrame {
        guard frameCount > 0 else {
            throw ValidationError("unexpected end of function", offset: offset)
        }
        let frame = frames[frameCount - 1]
        try pop(types: frame.signature.resultStart, count: frame.signature.resultCount, at: offset)
        guard valueCount == frame.height else {
            throw ValidationError("type mismatch: \(valueCount - frame.height) extra value(s) at the end of the block", offset: offset)
        }
        frameCount &-= 1
        (frames + frameCount).deinitialize(count: 1)
        if initializedLocals.count > frame.initHeight { initializedLocals.removeSubrange(frame.initHeight...) }
        if frameCount > 0 {
            let outer = frames[frameCount - 1]
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
        if valueCount > frameHeight { valueCount = frameHeight }
        frameUnreachable = true
        if frameCount > 0 { frames[frameCount - 1].unreachable = true }
    }

    /// The frame that label `depth` refers to.
    ///
    /// - Throws: `unknown label` when `depth` is not below the nesting depth.
    @inline(__always)
    func labelFrame(_ depth: UInt32, at offset: Int) throws(ValidationError) -> ControlFrame {
        guard UInt(depth) < UInt(frameCount) else { throw ValidationError("unknown label \(depth)", offset: offset) }
        return frames[frameCount - 1 - Int(depth)]
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
