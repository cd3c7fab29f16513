import CapsuleCore

/// Runs the `Op.simd` instructions the compiler emits.
enum SIMDExecution {
    /// Executes the SIMD instruction at `pc` and returns the next instruction's address.
    static func execute(
        pc: UnsafeMutablePointer<UInt32>, fp: UnsafeMutablePointer<UInt64>,
        memory: UnsafeMutableRawPointer, memorySize: UInt64
    ) throws(TrapKind) -> UnsafeMutablePointer<UInt32> {
        throw TrapKind.unreachable
    }
}
