import CapsuleBinary
import CapsuleCore

extension FunctionCompiler {
    /// Compiles `v128` instructions other than `v128.const` (which the main compiler handles)
    /// into `Op.simd` instructions for `SIMDExecution`.
    mutating func compileSIMD(_ instruction: Instruction) throws(CompileError) {
        throw CompileError(message: "SIMD instructions are not supported yet")
    }
}
