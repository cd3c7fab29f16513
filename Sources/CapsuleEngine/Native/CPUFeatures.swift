#if arch(x86_64)
/// What this processor offers beyond baseline x86-64 that the native tier uses, read once with `cpuid`
/// (run from a few bytes of generated code, as Swift has no intrinsic for it). Instructions behind a
/// feature that is missing are left to the numeric helper.
struct CPUFeatures: Sendable {
    /// `popcnt` (CPUID.1:ECX bit 23).
    var popcnt = false
    /// SSE4.1, for `roundsd`/`roundss` (CPUID.1:ECX bit 19).
    var sse41 = false

    static let current: CPUFeatures = {
        var features = CPUFeatures()
        guard let ecx = cpuidECX(leaf: 1) else { return features }
        features.popcnt = ecx & (1 << 23) != 0
        features.sse41 = ecx & (1 << 19) != 0
        return features
    }()

    /// ECX of `cpuid` for `leaf` (subleaf 0); nil if the code page cannot be made.
    private static func cpuidECX(leaf: UInt32) -> UInt32? {
        var asm = X64Assembler()
        // cpuid(leaf edi) -> ecx; rbx is callee-saved and cpuid writes it.
        asm.push(.rbx)
        asm.mov(.rax, .rdi, w: false)
        asm.movImm(.rcx, 0)
        asm.cpuid()
        asm.mov(.rax, .rcx, w: false)
        asm.pop(.rbx)
        asm.ret()
        guard asm.finish(), let memory = ExecutableMemory(code: asm.bytes) else { return nil }
        typealias Function = @convention(c) (UInt32) -> UInt32
        let function = unsafeBitCast(memory.base, to: Function.self)
        return withExtendedLifetime(memory) { function(leaf) }
    }
}
#endif
