import ArgumentParser
import CapsuleCore
import CapsuleEngine
import CapsuleWASI
import CapsuleComponent
import CapsuleWASI2
import Foundation

/// `capsule run [OPTIONS] FILE [ARGS...]`: runs a WASI program, or calls one export with `--invoke`.
struct RunCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WebAssembly module (.wasm or .wat), with WASI preview 1.",
        discussion: """
            Runs the module's `_start` with the arguments after FILE. A reactor (a module exporting \\
            `_initialize` and no `_start`) is initialised first. With --invoke, calls the named export \\
            instead; its arguments are parsed by the export's parameter types (i32, i64, f32, f64) and \\
            its results are printed one per line.

            The guest sees no directory, environment variable or socket unless granted with --dir, \\
            --ro-dir, --env, --inherit-env or --tcplisten; preopens are numbered in the order \\
            --dir and --ro-dir are given. Options come before FILE: everything after FILE is the \\
            program's (`--help` included), as with wasmtime; a `--` right after FILE is dropped. \\
            wasmtime's spellings -S KEY[=VALUE] and -W KEY[=VALUE] are accepted too.

            Exit status: the guest's proc_exit code (0 when _start returns); 134 after a trap or an \\
            uncaught Wasm exception, with its message (the exception's tag) and a Wasm backtrace on \\
            stderr; 1 for an unreadable, malformed or invalid \\
            module, a missing import, or a proc_exit code of 126 or more (as wasmtime); 2 for bad \\
            flags. --fuel and --timeout stop the guest with a trap \
            (status 134). With --checkpoint FILE, a run paused by --checkpoint-on or \
            --checkpoint-after-fuel is written to FILE and exits with status 75 (`capsule resume FILE` \
            continues it); checkpointed runs use the interpreter.

            Examples:
              capsule run hello.wasm
              capsule run --dir ./data::/data --env LANG=C app.wasm --verbose input.txt
              capsule run --ro-dir /usr/share/dict::/dict grep.wasm word /dict/words
              capsule run --invoke fib fib.wasm 30
              capsule run --invoke add math.wat -1 2
              capsule run -S inherit-env -W fuel=1000000,timeout=2s app.wasm
              capsule run --max-memory 16M --fuel 100000000 --timeout 2.5 untrusted.wasm
              capsule run --deterministic simulation.wasm
              capsule run --checkpoint app.ckpt --checkpoint-on USR1 --dir data::/data app.wasm
            """
    )

    @OptionGroup
    var directories: DirectoryOptions

    @OptionGroup
    var environment: EnvironmentOptions

    @Option(name: .customLong("argv0"), help: ArgumentHelp("The program name the guest sees (default: FILE).", valueName: "NAME"))
    var argv0: String?

    @Option(name: .customLong("tcplisten"), help: ArgumentHelp("Preopen a listening TCP socket.", valueName: "HOST:PORT"))
    var tcpListen: [String] = []

    @Option(help: "Call this exported function instead of the module's entry point.")
    var invoke: String?

    @Flag(name: .customLong("exit-with-result"), help: "With --invoke of an export returning one i32 (a reactor's run, as CPython for WASI has): exit with that value as the status instead of printing it.")
    var exitWithResult = false

    @Flag(help: "Print one line per WASI call on stderr: name, arguments and result.")
    var trace = false

    @Option(name: .customLong("max-memory"), help: ArgumentHelp("Largest linear memory, in bytes, with K, M or G for KiB, MiB, GiB (rounded down to 64 KiB pages); a memory.grow past it returns -1. The GC heap (structures and arrays) gets the same bound: an allocation past it traps.", valueName: "SIZE"))
    var maxMemory: String?

    @Option(name: .customLong("fuel"), help: ArgumentHelp("An instruction budget; running out traps with \"all fuel consumed\".", valueName: "N"))
    var fuel: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp("Stop the guest after this many seconds (decimals allowed) with the trap \"execution interrupted\".", valueName: "SECONDS"))
    var timeout: String?

    @Option(help: ArgumentHelp("Execution tier: auto (the default: native code on x86-64 Linux, else the interpreter), native, or interpreter. Functions the native tier cannot compile (SIMD, tail calls, exception handlers, memory64) run in the interpreter.", valueName: "TIER"))
    var tier: String = "auto"

    @Flag(help: "Make runs repeatable: fixed clocks that move only as the guest reads them or sleeps, and random_get from a fixed seed. Two runs with the same inputs print the same bytes.")
    var deterministic = false

    @Flag(name: .customLong("trap-unknown-imports"), help: "Give every function import nothing defines a body that traps when called (wasmtime's option of the same name), instead of refusing the module.")
    var trapUnknownImports = false

    @Flag(name: .customLong("default-values-unknown-imports"), help: "Give every function import nothing defines a body that returns zeros (wasmtime's option of the same name).")
    var defaultUnknownImports = false

    @Option(name: .customShort("S"), help: ArgumentHelp("wasmtime's WASI options: inherit-env, tcplisten=HOST:PORT, and for components inherit-network, allow-ip-name-lookup, tcp=n, udp=n (comma-separated or repeated).", valueName: "KEY[=VALUE]"))
    var wasiOptions: [String] = []

    @Option(name: .customShort("W"), help: ArgumentHelp("wasmtime's Wasm options: max-memory-size=BYTES, fuel=N, timeout=DURATION (such as 2s or 500ms), unknown-imports-trap, unknown-imports-default (comma-separated or repeated).", valueName: "KEY[=VALUE]"))
    var wasmOptions: [String] = []

    @OptionGroup(title: "Checkpoints")
    var checkpointing: CheckpointOptions

    @Argument(help: "The module to run.")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the program (or for the function, with --invoke): everything after FILE, options included, as wasmtime takes them.")
    var arguments: [String] = []

    /// Exit status after a trap, as for a process killed by SIGABRT.
    static let trapStatus: Int32 = 134

    /// The arguments after FILE, without the `--` that may separate them.
    private var guestArguments: [String] {
        arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
    }

    func execute(console: Console) -> Int32 {
        var command = self
        do {
            try command.applyWasmtimeOptions()
        } catch let problem as RunProblem {
            console.writeError("capsule: \(problem.message)\n")
            return CapsuleCommand.usageStatus
        } catch {
            console.writeError("capsule: \(error)\n")
            return CapsuleCommand.usageStatus
        }
        return command.executeWithOptions(console: console)
    }

    /// `-S` and `-W` as wasmtime spells them, turned into Capsule's own options (`-S inherit-env` is
    /// `--inherit-env`, `-W fuel=N` is `--fuel N`, ...). A boolean takes `=y`/`=n` (or nothing, for yes).
    mutating func applyWasmtimeOptions() throws {
        let entries = Self.entries
        func flag(_ key: String, _ value: String?, _ option: String) throws -> Bool {
            guard let on = Self.boolean(value) else { throw RunProblem("\(option) \(key)=\(value ?? ""): expected y or n") }
            return on
        }
        for (key, value) in entries(wasiOptions) {
            switch key {
            case "inherit-env": environment.inherit = try flag(key, value, "-S")
            // wasi:sockets grants, for components (a preview 1 module cannot open sockets of its own).
            case "inherit-network", "allow-ip-name-lookup", "tcp", "udp": _ = try flag(key, value, "-S")
            case "tcplisten":
                guard let value else { throw RunProblem("-S tcplisten: expected tcplisten=HOST:PORT") }
                tcpListen.append(value)
            // wasmtime's two preview 1 implementations for modules; Capsule has one, so either is it.
            case "preview2", "preview0": _ = try flag(key, value, "-S")
            case "cli", "common":
                guard try flag(key, value, "-S") else { throw RunProblem("-S \(key)=n: Capsule always provides WASI preview 1 to a module") }
            default: throw RunProblem("-S \(key): not a WASI option Capsule supports (inherit-env, tcplisten, inherit-network, allow-ip-name-lookup, tcp, udp, preview2, cli, common)")
            }
        }
        for (key, value) in entries(wasmOptions) {
            switch key {
            case "max-memory-size":
                guard let value else { throw RunProblem("-W max-memory-size: expected max-memory-size=BYTES") }
                maxMemory = value
            case "fuel":
                guard let value else { throw RunProblem("-W fuel: expected fuel=N") }
                fuel = value
            case "timeout":
                guard let value, let seconds = Self.duration(value) else { throw RunProblem("-W timeout\(value.map { "=" + $0 } ?? ""): expected a duration such as 2s, 500ms or 1.5") }
                timeout = String(seconds)
            case "unknown-imports-trap": trapUnknownImports = try flag(key, value, "-W")
            case "unknown-imports-default": defaultUnknownImports = try flag(key, value, "-W")
            default:
                if Self.wasmtimeFeatures[key] != nil {
                    _ = try flag(key, value, "-W")  // read by `features`
                } else if Self.wasm2Features.contains(key) {
                    guard try flag(key, value, "-W") else { throw RunProblem("-W \(key)=n: part of WebAssembly 2.0, which Capsule always implements") }
                } else if Self.missingFeatures.contains(key) {
                    if try flag(key, value, "-W") { throw RunProblem("-W \(key): not implemented in Capsule yet") }
                } else {
                    throw RunProblem("-W \(key): not a Wasm option Capsule supports (max-memory-size, fuel, timeout, unknown-imports-trap, unknown-imports-default, or a feature such as tail-call=n)")
                }
            }
        }
    }

    /// `KEY[=VALUE]` items of `-S` or `-W` values, comma-separated or repeated.
    static func entries(_ values: [String]) -> [(key: String, value: String?)] {
        values.flatMap { $0.split(separator: ",") }.map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
        }
    }

    /// A wasmtime boolean: nothing, `y`, `yes` or `true` for on, `n`, `no` or `false` for off.
    static func boolean(_ value: String?) -> Bool? {
        switch value {
        case nil, "y", "yes", "true": return true
        case "n", "no", "false": return false
        default: return nil
        }
    }

    /// The features modules may use: all of WebAssembly 3.0 that Capsule implements, less those
    /// `-W NAME=n` turns off (a later `-W NAME=y` turns one on again).
    var features: WasmFeatures {
        var features = WasmFeatures.wasm3
        for (key, value) in Self.entries(wasmOptions) {
            guard let feature = Self.wasmtimeFeatures[key] else { continue }
            if Self.boolean(value) == true { features.insert(feature) } else { features.remove(feature) }
        }
        return features
    }

    /// wasmtime's names for the WebAssembly 3.0 features Capsule can turn off (`-W exceptions=n`).
    static let wasmtimeFeatures: [String: WasmFeatures] = [
        "tail-call": .tailCall, "exceptions": .exceptions, "memory64": .memory64, "multi-memory": .multiMemory,
        "extended-const": .extendedConst, "relaxed-simd": .relaxedSIMD, "function-references": .functionReferences, "gc": .gc,
    ]
    /// Features of WebAssembly 2.0: always on (`=y` is accepted).
    static let wasm2Features: Set<String> = ["simd", "bulk-memory", "reference-types", "multi-value", "nontrapping-float-to-int", "sign-extension", "mutable-global"]
    /// Features Capsule does not have: `=n` is accepted.
    static let missingFeatures: Set<String> = ["threads", "shared-memory", "wide-arithmetic", "component-model", "stack-switching", "custom-page-sizes", "gc-types"]

    /// A wasmtime duration: a number with `s`, `ms`, `us`, `ns`, `m` or `h`, or bare seconds.
    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite else { return nil }
            return number * scale
        }
        guard let number = Double(text), number >= 0, number.isFinite else { return nil }
        return number
    }

    private func executeWithOptions(console: Console) -> Int32 {
        let limits: StoreLimits
        let deadline: Double?
        if exitWithResult, invoke == nil {
            console.writeError("capsule: --exit-with-result needs --invoke NAME\n")
            return CapsuleCommand.usageStatus
        }
        do {
            (limits, deadline) = try storeLimits()
        } catch let problem as RunProblem {
            console.writeError("capsule: \(problem.message)\n")
            return CapsuleCommand.usageStatus
        } catch {
            console.writeError("capsule: \(error)\n")
            return CapsuleCommand.usageStatus
        }
        let module: WasmModule
        do {
            let bytes = try ModuleFile.binary(at: file)
            if Component.isComponent(bytes) { return runComponent(bytes, limits: limits, deadline: deadline, console: console) }
            module = try WasmModule(bytes: bytes, features: features)
        } catch let error as ModuleError {
            console.writeError("capsule: \(file): \(error)\n")
            return 1
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
        if console is StandardConsole {
            // A closed pipe or socket is an error for the guest (EPIPE), not a signal that kills Capsule.
            signal(SIGPIPE, SIG_IGN)
        }
        let context: WASIContext
        do {
            context = try WASIContext(makeConfiguration(console: console, module: module))
        } catch let problem as RunProblem {
            console.writeError("capsule: \(problem.message)\n")
            return 1
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
        let store = Store(limits: limits)
        var imports = Imports()
        context.define(into: &imports, store: store)
        stubUnknownImports(&imports, of: module, store: store)
        let timer = deadline.map { InterruptTimer(seconds: $0, handle: store.interruptHandle) }
        defer { timer?.cancel() }
        // CAPSULE_NATIVE_STATS=1: say on stderr what the native tier compiled and what it left to the interpreter.
        // CAPSULE_GC_STATS=1: the GC heap's collections and pauses.
        defer {
            if limits.tier != .interpreter, ProcessInfo.processInfo.environment["CAPSULE_NATIVE_STATS"] == "1" {
                console.writeError(NativeTierStatistics.summary + "\n")
            }
            if ProcessInfo.processInfo.environment["CAPSULE_GC_STATS"] == "1" {
                let stats = store.garbageCollectionStatistics
                console.writeError("gc: \(stats.collections) collections, longest pause \(stats.longestPauseNanoseconds / 1000) µs, total \(stats.totalPauseNanoseconds / 1000) µs, heap \(stats.heapBytes) bytes at exit\n")
            }
        }
        do {
            let instance = try store.instantiate(module, imports: imports)
            if let trigger = try checkpointing.parsed(fuelFlag: fuel) {
                guard invoke == nil, let start = instance.function("_start") else {
                    throw RunProblem("--checkpoint needs a command module (one exporting _start), run without --invoke")
                }
                let session = CheckpointSession(
                    options: checkpointing, file: checkpointing.file ?? "", signal: trigger.signal, afterFuel: trigger.fuel,
                    modulePath: file, preopens: try grantedPreopens(), context: context, console: console)
                return try session.run(instance) { _ = try start.call([]) }
            }
            return try run(instance, console: console)
        } catch {
            return Self.status(after: error, file: file, console: console)
        }
    }

    /// Runs a component's `wasi:cli/run` with the WASI 0.2 host, from the same flags as a module's run.
    private func runComponent(_ bytes: [UInt8], limits: StoreLimits, deadline: Double?, console: Console) -> Int32 {
        guard checkpointing.file == nil else {
            console.writeError("capsule: \(file): --checkpoint is not supported for components yet\n")
            return CapsuleCommand.usageStatus
        }
        do {
            let validated = try ModuleFile.validateComponent(bytes, path: file)
            let host = WASI2Host(try makeConfiguration(console: console))
            host.network = try networkGrant()
            let store = Store(limits: limits)
            host.interruptHandle = store.interruptHandle
            let timer = deadline.map { InterruptTimer(seconds: $0, handle: store.interruptHandle) }
            defer { timer?.cancel() }
            if let invoke { return try invokeComponent(invoke, validated, host: host, store: store, console: console) }
            return try host.run(validated, in: store)
        } catch let problem as FileProblem {
            console.writeError("capsule: \(problem)\n")
            return 1
        } catch let problem as ComponentCallError {
            console.writeError("capsule: \(file): \(problem.message)\n")
            return 1
        } catch {
            return Self.status(after: error, file: file, console: console)
        }
    }

    /// `--invoke NAME component.wasm VALUE...` or wasmtime's `--invoke 'NAME(VALUE, ...)'`: calls a
    /// component function with arguments in WAVE and prints its result in WAVE.
    private func invokeComponent(_ text: String, _ validated: ValidatedComponent, host: WASI2Host, store: Store, console: Console) throws -> Int32 {
        var name = text
        var inline: String?
        if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
            name = String(text[..<open])
            inline = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        }
        let instance = try host.instantiate(validated, in: store)
        guard let function = instance.function(named: name) else {
            throw RunProblem("\(file): no exported function named \"\(name)\" (write INTERFACE#NAME for one of an exported instance)")
        }
        let types = function.signature.parameters.map(\.type)
        let arguments: [ComponentValue]
        do {
            if let inline {
                arguments = try ComponentValue.parseArguments(inline, as: types)
            } else {
                guard guestArguments.count == types.count else {
                    throw RunProblem("\(name) takes \(types.count) argument(s), got \(guestArguments.count)")
                }
                arguments = try zip(guestArguments, types).map { try ComponentValue.parse($0, as: $1) }
            }
        } catch let problem as ComponentValue.ParseError {
            throw RunProblem("\(name): invalid argument: \(problem)")
        }
        if let result = try function.call(arguments) { console.write(result.wave + "\n") }
        return 0
    }

    /// How a run that threw ends: the guest's exit code, a trap or uncaught exception reported
    /// (status 134), or any other problem as one line (status 1).
    ///
    /// A `proc_exit` code of 126 or more is refused as wasmtime refuses it (status 1): the shell gives
    /// those codes their own meanings (126 and 127 for a command that could not run, 128 + N for a
    /// signal). WASI's own text says such a call behaves as `unreachable` (a trap); Capsule follows
    /// wasmtime, whose users count on its status.
    static func status(after error: any Error, file: String, console: Console) -> Int32 {
        switch error {
        case let exit as WASIExit:
            guard exit.code < 126 else {
                console.writeError("capsule: \(file): exit with invalid exit status outside of [0..126): \(exit.code)\n")
                return 1
            }
            return Int32(exit.code)
        case let trap as Trap:
            report(trap, console: console)
            return trapStatus
        case let exception as WasmException:
            report(exception, console: console)
            return trapStatus
        case let problem as RunProblem:
            console.writeError("capsule: \(problem.message)\n")
        case let problem as SnapshotError:
            console.writeError("capsule: \(file): \(problem.description)\n")
        case let problem as WASICheckpointError:
            console.writeError("capsule: \(file): \(problem.description)\n")
        default:
            console.writeError("capsule: \(file): \(error)\n")
        }
        return 1
    }

    /// With `--trap-unknown-imports` or `--default-values-unknown-imports`, defines each function import
    /// that `imports` lacks: a body that traps naming the import, or one that returns zeros. Other
    /// kinds of import (memories, tables, globals, tags) are still refused when missing.
    func stubUnknownImports(_ imports: inout Imports, of module: WasmModule, store: Store) {
        guard trapUnknownImports || defaultUnknownImports else { return }
        for entry in module.imports where imports.lookup(module: entry.module, name: entry.name) == nil {
            guard case .function(let index) = entry.descriptor, Int(index) < module.module.types.count else { continue }
            let type = module.module.types[Int(index)]
            let name = "\(entry.module)::\(entry.name)"
            let traps = trapUnknownImports
            imports.define(module: entry.module, name: entry.name, .function(Function(store: store, type: type) { _, _ in
                if traps { throw Trap(kind: .host("unknown import \(name) was called"), backtrace: []) }
                return type.results.map { Value.zero($0) }
            }))
        }
    }

    /// The `wasi:sockets` grant from `-S inherit-network`, `allow-ip-name-lookup`, `tcp` and `udp`.
    func networkGrant() throws -> NetworkGrant {
        var grant = NetworkGrant()
        for (key, value) in Self.entries(wasiOptions) {
            let on = Self.boolean(value) ?? false
            switch key {
            case "inherit-network": grant.inherit = on
            case "allow-ip-name-lookup": grant.nameLookup = on
            case "tcp": grant.tcp = on
            case "udp": grant.udp = on
            default: break
            }
        }
        return grant
    }

    /// The store limits from `--max-memory`, `--fuel` and `--timeout`, and the timeout in seconds.
    private func storeLimits() throws -> (StoreLimits, Double?) {
        var limits = StoreLimits()
        guard let chosenTier = ExecutionTier(rawValue: tier) else {
            throw RunProblem("--tier \(tier): expected auto, native or interpreter")
        }
        limits.tier = chosenTier
        if let maxMemory {
            guard let bytes = LimitParsing.byteSize(maxMemory) else {
                throw RunProblem("--max-memory \(maxMemory): expected a size in bytes, optionally with K, M or G (such as 64K or 2M)")
            }
            // No 4 GiB cap here: i32 memories stop there anyway, i64 memories (memory64) may pass it.
            limits.maxMemoryPages = Int(clamping: bytes / 65536)
            // The GC heap (structures and arrays) gets the same bound.
            limits.maxGCHeapBytes = Int(clamping: bytes)
        }
        if let fuel {
            guard let units = UInt64(fuel) else { throw RunProblem("--fuel \(fuel): expected a whole number of fuel units") }
            limits.fuel = units
        }
        if let trigger = try checkpointing.parsed(fuelFlag: fuel) {
            // Pausable runs are interpreted (the native tier's frames are not data) and metered.
            limits.checkpointable = true
            if let budget = trigger.fuel { limits.fuel = budget }
        }
        var seconds: Double?
        if let timeout {
            guard let value = LimitParsing.seconds(timeout) else {
                throw RunProblem("--timeout \(timeout): expected a number of seconds (such as 1 or 0.5)")
            }
            limits.interruptible = true
            seconds = value
        }
        return (limits, seconds)
    }

    /// Runs the entry point, or the export named by `--invoke`; returns the exit status.
    private func run(_ instance: Instance, console: Console) throws -> Int32 {
        let start = instance.function("_start")
        if start == nil, let initialize = instance.function("_initialize") {
            _ = try initialize.call([])
        }
        if let name = invoke {
            return try invokeExport(name, of: instance, console: console)
        }
        if let start {
            _ = try start.call([])
            return 0
        }
        if instance.function("_initialize") != nil { return 0 }
        let hint = guestArguments.contains { $0.hasPrefix("--") && $0 != "--" }
            ? "; options after FILE are the program's arguments, so put --invoke and other options before FILE" : ""
        throw RunProblem("\(file): no _start function to run (use --invoke NAME to call an export)\(hint)")
    }

    /// The number of parameters of the exported function `name`, if the module exports one.
    static func parameterCount(of name: String, in module: WasmModule) -> Int? {
        guard let export = module.exports.first(where: { $0.name == name }), case .function(let index) = export.descriptor else { return nil }
        var types: [UInt32] = []
        for entry in module.imports { if case .function(let type) = entry.descriptor { types.append(type) } }
        types += module.module.functions
        guard Int(index) < types.count, Int(types[Int(index)]) < module.module.types.count else { return nil }
        return module.module.types[Int(types[Int(index)])].params.count
    }

    private func invokeExport(_ name: String, of instance: Instance, console: Console) throws -> Int32 {
        guard let function = instance.function(name) else {
            throw RunProblem("\(file): no exported function named \"\(name)\"")
        }
        let parameters = function.type.params
        // A function without parameters leaves the arguments to the program (see makeConfiguration).
        let values = parameters.isEmpty ? [] : guestArguments
        guard values.count == parameters.count else {
            throw RunProblem("\(name) takes \(parameters.count) argument(s), got \(values.count)")
        }
        var parsed: [Value] = []
        for (text, type) in zip(values, parameters) {
            guard let value = Self.parse(text, as: type) else { throw RunProblem("invalid \(type) argument: \(text)") }
            parsed.append(value)
        }
        let results = try function.call(parsed)
        if exitWithResult {
            guard results.count == 1, case .i32(let status) = results[0] else {
                throw RunProblem("--exit-with-result: \(name) returns \(function.type.results), not one i32")
            }
            return Int32(bitPattern: status)
        }
        for result in results {
            console.write(Self.format(result) + "\n")
        }
        return 0
    }

    /// What the guest is granted, from the flags.
    ///
    /// With `--invoke` of an export that takes no parameters (a reactor's `run`, as CPython for WASI
    /// has), the arguments after FILE are the program's, as without `--invoke`; otherwise they are the
    /// function's.
    func makeConfiguration(console: Console, module: WasmModule? = nil) throws -> WASIConfiguration {
        var programArguments = guestArguments
        if let invoke {
            let parameters = module.flatMap { Self.parameterCount(of: invoke, in: $0) } ?? 1
            if parameters > 0 { programArguments = [] }
        }
        var configuration = WASIConfiguration(arguments: [argv0 ?? file] + programArguments)
        configuration.environment = try environment.resolved()
        configuration.preopens += try directories.preopens()
        for spec in tcpListen {
            do {
                configuration.sockets.append(try HostSocket.listen(on: spec))
            } catch let error as WASIErrno {
                throw RunProblem("--tcplisten \(spec): \(Self.describe(error))")
            }
        }
        Self.connectStreams(&configuration, to: console)
        if trace { configuration.trace = { line in console.writeError(line + "\n") } }
        if deterministic { configuration.makeDeterministic() }
        return configuration
    }

    /// The process's standard streams, or, for a console that captures output (tests), the console
    /// and an empty input.
    static func connectStreams(_ configuration: inout WASIConfiguration, to console: Console) {
        guard !(console is StandardConsole) else { return }
        configuration.standardInput = WASIStreamFile(read: { _ in [] })
        configuration.standardOutput = WASIStreamFile(write: { console.write(String(decoding: $0, as: UTF8.self)) })
        configuration.standardError = WASIStreamFile(write: { console.writeError(String(decoding: $0, as: UTF8.self)) })
    }

    /// The preopens in the order the guest sees them (the order of --dir and --ro-dir on the command
    /// line), with their host directories made absolute, as a checkpoint records them.
    func grantedPreopens() throws -> [CommandCheckpointData.Preopen] {
        try Self.grantedPreopens(directories)
    }

    static func grantedPreopens(_ options: DirectoryOptions) throws -> [CommandCheckpointData.Preopen] {
        try options.grants.map { grant in
            let (host, guest) = try split(grant.spec, readOnly: grant.readOnly)
            return .init(guest: guest, host: CommandCheckpointData.canonical(host), readOnly: grant.readOnly)
        }
    }

    /// `HOST[::GUEST]` as its two parts.
    static func split(_ spec: String, readOnly: Bool) throws -> (host: String, guest: String) {
        let flag = readOnly ? "--ro-dir" : "--dir"
        let host: String
        let guest: String
        if let range = spec.range(of: "::") {
            host = String(spec[..<range.lowerBound])
            guest = String(spec[range.upperBound...])
        } else {
            host = spec
            guest = spec
        }
        guard !host.isEmpty, !guest.isEmpty else { throw RunProblem("\(flag) \(spec): expected HOST[::GUEST]") }
        return (host, guest)
    }

    /// A preopen from `HOST[::GUEST]`.
    static func preopen(_ spec: String, readOnly: Bool) throws -> WASIPreopen {
        let flag = readOnly ? "--ro-dir" : "--dir"
        let (host, guest) = try split(spec, readOnly: readOnly)
        do {
            let directory = try HostDirectory(path: host)
            return WASIPreopen(guestPath: guest, directory: readOnly ? ReadOnlyDirectory(directory) : directory)
        } catch let error as WASIErrno {
            throw RunProblem("\(flag) \(spec): cannot open \(host): \(Self.describe(error))")
        }
    }

    static func describe(_ error: WASIErrno) -> String {
        switch error {
        case .noent: return "no such directory"
        case .notdir: return "not a directory"
        case .acces, .perm: return "permission denied"
        case .addrinuse: return "address in use"
        case .inval: return "expected HOST:PORT"
        default: return "error \(error.name)"
        }
    }

    static func report(_ trap: Trap, console: Console) {
        console.writeError("capsule: trap: \(trap.kind)\n" + backtraceText(trap.backtrace))
    }

    static func report(_ exception: WasmException, console: Console) {
        console.writeError("capsule: \(exception)\n" + backtraceText(exception.backtrace))
    }

    /// The backtrace, innermost frame first; of a very deep one (a runaway recursion), the first 100
    /// and the last 20 frames.
    static func backtraceText(_ frames: [String]) -> String {
        guard !frames.isEmpty else { return "" }
        var text = "wasm backtrace:\n"
        for (i, frame) in frames.enumerated() {
            if frames.count > 120, i >= 100, i < frames.count - 20 {
                if i == 100 { text += "  ... \(frames.count - 120) frames not shown ...\n" }
                continue
            }
            text += "  \(i): \(frame)\n"
        }
        return text
    }

    /// Parses a command-line argument as a value of `type` (integers may be negative or, for the
    /// unsigned range, above the signed maximum).
    static func parse(_ text: String, as type: ValueType) -> Value? {
        switch type {
        case .i32:
            if let v = Int32(text) { return .i32(UInt32(bitPattern: v)) }
            return UInt32(text).map { .i32($0) }
        case .i64:
            if let v = Int64(text) { return .i64(UInt64(bitPattern: v)) }
            return UInt64(text).map { .i64($0) }
        case .f32:
            return Float(text).map { .f32($0.bitPattern) }
        case .f64:
            return Double(text).map { .f64($0.bitPattern) }
        default:
            return nil
        }
    }

    /// Formats a result: integers as signed decimals, floats in Swift's shortest round-trip form.
    static func format(_ value: Value) -> String {
        switch value {
        case .i32(let v): return String(Int32(bitPattern: v))
        case .i64(let v): return String(Int64(bitPattern: v))
        case .f32(let v): return String(Float(bitPattern: v))
        case .f64(let v): return String(Double(bitPattern: v))
        case .v128(let v): return v.bytes.map { String($0) }.joined(separator: " ")
        case .funcref(let f): return f == nil ? "null" : "funcref"
        case .externref(let e): return e.map { "externref \($0.value)" } ?? "null"
        case .exnref(let e): return e == nil ? "null" : "exnref"
        case .anyref(let a): return a.map { "anyref \($0)" } ?? "null"
        }
    }
}

/// A problem reported as one line, `capsule: message`, with exit status 1.
struct RunProblem: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
