import CapsuleCore
import CapsuleBinary

extension ModuleContext {
    /// Validates a constant expression (global initialiser, segment offset or element item) of type `expected`.
    ///
    /// WebAssembly 2.0 rules: every instruction must be `t.const`, `ref.null`, `ref.func` or a
    /// `global.get` of an *imported*, immutable global (constant expressions are checked in the
    /// context `C'` whose globals are the imported ones only); the expression must then leave
    /// exactly one value of type `expected`.
    ///
    /// - Throws: `unknown global`, `constant expression required`, `unknown function` or `type mismatch`.
    func validateConstant(_ expression: ConstExpr, expected: ValueType) throws(ValidationError) {
        let offset = expression.offset
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const, .i64Const, .f32Const, .f64Const, .v128Const, .refNull, .refFunc:
                break
            case .globalGet(let index):
                guard Int(index) < importedGlobalCount else { throw ValidationError("unknown global \(index)", offset: offset) }
                guard !globals[Int(index)].isMutable else {
                    throw ValidationError("constant expression required", offset: offset)
                }
            default:
                throw ValidationError("constant expression required", offset: offset)
            }
        }
        // Each constant instruction pushes one value and pops none.
        var resultType: ValueType?
        for instruction in expression.instructions {
            switch instruction {
            case .i32Const: resultType = .i32
            case .i64Const: resultType = .i64
            case .f32Const: resultType = .f32
            case .f64Const: resultType = .f64
            case .v128Const: resultType = .v128
            case .refNull(let type): resultType = type
            case .refFunc(let index):
                guard Int(index) < functionTypeIndices.count else {
                    throw ValidationError("unknown function \(index)", offset: offset)
                }
                resultType = .funcref
            case .globalGet(let index): resultType = globals[Int(index)].valueType
            default: break
            }
        }
        guard expression.instructions.count == 1, let resultType else {
            throw ValidationError(
                "type mismatch: constant expression must produce exactly one \(expected), it produces \(expression.instructions.count) values",
                offset: offset)
        }
        guard resultType == expected else {
            throw ValidationError("type mismatch: expected \(expected), found \(resultType)", offset: offset)
        }
    }
}
