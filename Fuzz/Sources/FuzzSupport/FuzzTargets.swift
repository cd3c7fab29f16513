import CapsuleBinary
import CapsuleCore
import CapsuleEngine
import CapsuleText
import CapsuleValidation

#if canImport(Glibc)
import Glibc
#endif

/// What each fuzz target does with one input. Every function must return normally for every input:
/// errors are expected, a Swift trap or a sanitizer report is a bug.
public enum FuzzTargets {
    /// The targets by name.
    static let all: [String: @Sendable (UnsafeRawBufferPointer) -> Void] = [
        "decode": decode, "validate": validate, "text": text, "execute": execute, "wasi": wasi,
        "tiers": tiers, "snapshot": SnapshotTarget.run,
    ]

    /// The binary decoder: any bytes, then every function body again through `InstructionReader`.
    public static func decode(_ data: UnsafeRawBufferPointer) {
        let bytes = [UInt8](data)
        guard let module = try? Module(decoding: bytes) else { return }
        for body in module.codes {
            var reader = InstructionReader(bytes: module.bytes, range: body.range)
            while !reader.isAtEnd {
                guard (try? reader.next()) != nil else { break }
            }
        }
    }

    /// Decoder and validator.
    public static func validate(_ data: UnsafeRawBufferPointer) {
        guard let module = try? Module(decoding: [UInt8](data)) else { return }
        _ = try? module.validate()
    }

    /// The text adapter: the input as a `.wat` module and as a `.wast` script; whatever binary comes
    /// out is decoded and validated (a module the text parser accepted must not crash the rest).
    public static func text(_ data: UnsafeRawBufferPointer) {
        let text = String(decoding: data, as: UTF8.self)
        if let binary = try? TextFormat.wasm(fromWAT: text) {
            validate(binary)
        }
        let script = WastScript(parsing: [UInt8](data))
        for directive in script.directives {
            if case .module(let module) = directive.kind, let binary = try? module.binary() {
                validate(binary)
            }
        }
    }

    static func validate(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { validate($0) }
    }

    /// Decode, validate, instantiate with stub imports, and call every exported function with fixed
    /// arguments, under a fuel limit and small memory, table and stack limits. A module without
    /// loops and calls (so it must terminate) runs a second time without fuel: compiled code differs
    /// when nothing is metered (no checkpoints), and that is how most embedders run it.
    public static func execute(_ data: UnsafeRawBufferPointer) {
        guard let module = try? WasmModule(bytes: [UInt8](data)) else { return }
        ModuleRunner(limits: ModuleRunner.fuzzLimits).run(module, stubImports: true) { _ in }
        if terminatesUnmetered(module) {
            var limits = ModuleRunner.fuzzLimits
            limits.fuel = nil
            ModuleRunner(limits: limits).run(module, stubImports: true) { _ in }
        }
    }

    /// The interpreter against the native tier. Decode, validate, then run the module as `execute`
    /// does (stub imports, fixed arguments, every exported function in export order, small memory,
    /// table and stack limits) three times:
    ///
    /// 1. the interpreter with 100,000 fuel per call: the bound. Nothing is compared; it finds how
    ///    many calls end by themselves. If instantiation (the start function) runs out of fuel, or of
    ///    stack, the input is skipped; if call k does, only the calls before k run below.
    /// 2. the interpreter without fuel, and 3. the native tier (`tier: .native`, no fuel), each in a
    ///    store of its own, making the same calls. Both run the same deterministic program as run 1
    ///    on the same calls, so they end too (a tier that did not would be a bug, caught by
    ///    libFuzzer's `-timeout`).
    ///
    /// Runs 2 and 3 must report the same lines (instantiation, each call's results as bits or its trap
    /// kind, every exported global, memory and table) and leave every exported memory byte for byte
    /// the same; otherwise the target prints both reports and aborts, so libFuzzer keeps the input.
    /// With `CAPSULE_FUZZ_TRACE` set (replaying), the native run's lines and how many functions the
    /// native tier compiled and left to the interpreter are printed.
    public static func tiers(_ data: UnsafeRawBufferPointer) {
        guard let module = try? WasmModule(bytes: [UInt8](data)) else { return }
        var bound: [String] = []
        ModuleRunner(limits: ModuleRunner.fuzzLimits).run(module, stubImports: true) { bound.append($0) }
        guard let first = bound.first, first == "instantiate ok" || first.hasPrefix("instantiate trap") else { return }
        if first == "instantiate trap fuel" || first == "instantiate trap stack" { return }
        var completed = 0
        for line in bound where line.hasPrefix("call ") {
            if line.hasSuffix(" exhausted") || line.hasSuffix(" error") { break }
            completed += 1
        }
        var limits = ModuleRunner.fuzzLimits
        limits.fuel = nil
        let interpreter = TierRun(module: module, limits: limits, tier: .interpreter, calls: completed)
        let before = NativeTierStatistics.snapshot
        let native = TierRun(module: module, limits: limits, tier: .native, calls: completed)
        if getenv("CAPSULE_FUZZ_TRACE") != nil {
            // Replaying: what ran, and how much of it the native tier compiled.
            let after = NativeTierStatistics.snapshot
            let interpreted = after.interpreted.values.reduce(0, +) - before.interpreted.values.reduce(0, +)
            for line in native.lines { print("  \(line)") }
            print("  # calls \(completed), native compiled \(after.compiled - before.compiled) interpreted \(interpreted)")
        }
        if interpreter.lines != native.lines || interpreter.memories != native.memories {
            var message = "fuzz-tiers: the interpreter and the native tier differ\n"
            for k in 0..<max(interpreter.lines.count, native.lines.count) {
                let a = k < interpreter.lines.count ? interpreter.lines[k] : "<missing>"
                let b = k < native.lines.count ? native.lines[k] : "<missing>"
                message += a == b ? "   \(a)\n" : "!! interpreter: \(a)\n!! native:      \(b)\n"
            }
            for memory in interpreter.memories {
                guard let other = native.memories.first(where: { $0.name == memory.name }) else { continue }
                if memory.bytes.count != other.bytes.count {
                    message += "!! memory \(ModuleRunner.quoted(memory.name)) sizes \(memory.bytes.count), \(other.bytes.count)\n"
                } else if let offset = zip(memory.bytes, other.bytes).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                    message += "!! memory \(ModuleRunner.quoted(memory.name)) differs first at offset \(offset)\n"
                }
            }
            _ = message.withCString { write(2, $0, strlen($0)) }
            abort()
        }
    }

    /// One unmetered run of a module under a tier: its report lines and its exported memories.
    struct TierRun {
        var lines: [String] = []
        var memories: [NamedBytes] = []

        struct NamedBytes: Equatable {
            var name: String
            var bytes: [UInt8]
        }

        init(module: WasmModule, limits: StoreLimits, tier: ExecutionTier, calls: Int) {
            var limits = limits
            limits.tier = tier
            var runner = ModuleRunner(limits: limits)
            runner.callLimit = calls
            var memories: [NamedBytes] = []
            runner.memoryDump = { name, bytes in memories.append(NamedBytes(name: name, bytes: [UInt8](bytes))) }
            var lines: [String] = []
            runner.run(module, stubImports: true) { lines.append($0) }
            self.lines = lines
            self.memories = memories
        }
    }

    /// Whether no body has a `loop`, `call` or `call_indirect`: then every call ends.
    static func terminatesUnmetered(_ module: WasmModule) -> Bool {
        let m = module.module
        for body in m.codes {
            var reader = InstructionReader(bytes: m.bytes, range: body.range)
            while !reader.isAtEnd {
                switch try? reader.next() {
                case .loop?, .call?, .callIndirect?, nil: return false
                default: continue
                }
            }
        }
        return true
    }
}
