import CapsuleCore
import CapsuleBinary

extension ModuleContext {
    /// Validates a constant expression (global initialiser, segment offset or element item) of type `expected`.
    ///
    /// WebAssembly 3.0 rules (extended constant expressions): every instruction must be `t.const`,
    /// `ref.null`, `ref.func`, `i32.add`/`sub`/`mul`, `i64.add`/`sub`/`mul`, or a `global.get` of an
    /// immutable global among the first `visibleGlobals` of the global index space: a global's
    /// initialiser sees the imported globals and the globals defined before it, segment offsets and
    /// items see every global (`nil`, the default). The expression is typed like a body: each
    /// instruction pops its operands and pushes its result, and it must leave exactly one value of
    /// type `expected`.
    ///
    /// - Throws: `unknown global`, `constant expression required`, `unknown function` or `type mismatch`.
    func validateConstant(_ expression: ConstExpr, expected: ValueType, visibleGlobals: Int? = nil) throws(ValidationError) {
        let offset = expression.offset
        let extended = features.contains(.extendedConst)
        // WebAssembly 2.0: only imported globals, and no arithmetic.
        let globalLimit = Swift.min(extended ? visibleGlobals ?? globals.count : importedGlobalCount, globals.count)
        // First pass: is every instruction constant (reported before any type error, as the
        // reference interpreter does)?
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const, .i64Const, .f32Const, .f64Const, .v128Const, .refNull, .refFunc:
                break
            case .numeric(let op) where extended && ModuleContext.isConstantArithmetic(op):
                break
            case .globalGet(let index):
                guard Int(index) < globalLimit else { throw ValidationError("unknown global \(index)", offset: offset) }
                guard !globals[Int(index)].isMutable else {
                    throw ValidationError("constant expression required", offset: offset)
                }
            default:
                throw ValidationError("constant expression required", offset: offset)
            }
        }
        // Second pass: types, with a stack as in a function body.
        var stack: [ValueType] = []
        func pop(_ type: ValueType) throws(ValidationError) {
            guard let top = stack.popLast() else {
                throw ValidationError("type mismatch: constant expression needs a \(type) operand, the stack is empty", offset: offset)
            }
            guard top == type else { throw ValidationError("type mismatch: expected \(type), found \(top)", offset: offset) }
        }
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .v128Const: stack.append(.v128)
            case .refNull(let type): stack.append(type)
            case .refFunc(let index):
                guard Int(index) < functionTypeIndices.count else {
                    throw ValidationError("unknown function \(index)", offset: offset)
                }
                stack.append(.funcref)
            case .globalGet(let index): stack.append(globals[Int(index)].valueType)
            case .numeric(let op):
                let type: ValueType = op.rawValue >= NumericOp.i64Add.rawValue ? .i64 : .i32
                try pop(type)
                try pop(type)
                stack.append(type)
            default: break
            }
        }
        guard stack.count == 1, let resultType = stack.first else {
            throw ValidationError(
                "type mismatch: constant expression must produce exactly one \(expected), it produces \(stack.count) values",
                offset: offset)
        }
        guard resultType == expected else {
            throw ValidationError("type mismatch: expected \(expected), found \(resultType)", offset: offset)
        }
    }

    /// The numeric instructions allowed in constant expressions (extended constant expressions).
    static func isConstantArithmetic(_ op: NumericOp) -> Bool {
        switch op {
        case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul: return true
        default: return false
        }
    }
}
