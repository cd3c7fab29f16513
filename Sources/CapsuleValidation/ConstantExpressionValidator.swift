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
            case .gc(let gc) where features.contains(.gc):
                switch gc {
                case .refI31, .structNew, .structNewDefault, .arrayNew, .arrayNewDefault, .arrayNewFixed,
                     .anyConvertExtern, .externConvertAny:
                    break
                default:
                    throw ValidationError("constant expression required", offset: offset)
                }
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
            guard isSubtype(top, type) else { throw ValidationError("type mismatch: expected \(type), found \(top)", offset: offset) }
        }
        func popReference() throws(ValidationError) -> ValueType {
            guard let top = stack.popLast(), top.isReference else {
                throw ValidationError("type mismatch: constant expression needs a reference operand", offset: offset)
            }
            return top
        }
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .v128Const: stack.append(.v128)
            case .refNull(let heap): stack.append(.ref(try resolve(heap, at: offset), nullable: true))
            case .refFunc(let index):
                guard Int(index) < functionTypeIndices.count else {
                    throw ValidationError("unknown function \(index)", offset: offset)
                }
                stack.append(features.contains(.functionReferences)
                    ? reference(to: functionTypeIndices[Int(index)], nullable: false) : .funcref)
            case .gc(let gc):
                switch gc {
                case .refI31:
                    try pop(.i32)
                    stack.append(.ref(.i31, nullable: false))
                case .structNew(let type):
                    for field in try structFields(type, at: offset).reversed() { try pop(field.storage.unpacked) }
                    stack.append(reference(to: type, nullable: false))
                case .structNewDefault(let type):
                    guard try structFields(type, at: offset).allSatisfy({ $0.storage.unpacked.isDefaultable }) else {
                        throw ValidationError("type mismatch: struct.new_default of a non-defaultable field", offset: offset)
                    }
                    stack.append(reference(to: type, nullable: false))
                case .arrayNew(let type):
                    let element = try arrayElement(type, at: offset)
                    try pop(.i32)
                    try pop(element.storage.unpacked)
                    stack.append(reference(to: type, nullable: false))
                case .arrayNewDefault(let type):
                    guard try arrayElement(type, at: offset).storage.unpacked.isDefaultable else {
                        throw ValidationError("type mismatch: array.new_default of a non-defaultable element", offset: offset)
                    }
                    try pop(.i32)
                    stack.append(reference(to: type, nullable: false))
                case .arrayNewFixed(let type, let count):
                    let element = try arrayElement(type, at: offset)
                    guard Int(count) <= stack.count else {
                        throw ValidationError("type mismatch: array.new_fixed needs \(count) operands", offset: offset)
                    }
                    for _ in 0..<count { try pop(element.storage.unpacked) }
                    stack.append(reference(to: type, nullable: false))
                case .anyConvertExtern:
                    let top = try popReference()
                    guard isSubtype(top, .externref) else { throw ValidationError("type mismatch: expected externref, found \(top)", offset: offset) }
                    stack.append(.ref(.any, nullable: top.isNullable))
                case .externConvertAny:
                    let top = try popReference()
                    guard isSubtype(top, .anyref) else { throw ValidationError("type mismatch: expected anyref, found \(top)", offset: offset) }
                    stack.append(.ref(.extern, nullable: top.isNullable))
                default: break
                }
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
        guard isSubtype(resultType, expected) else {
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
