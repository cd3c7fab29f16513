import ArgumentParser
import CapsuleCore
import CapsuleEngine

/// `capsule run FILE --invoke NAME [ARGS...]`: calls an exported function.
struct RunCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a WebAssembly module (.wasm or .wat).",
        discussion: """
            With --invoke, calls the named export of a module that needs no imports; the arguments are parsed \\
            by the export's parameter types (i32, i64, f32, f64) and its results are printed one per line. \\
            A trap prints its message and a Wasm backtrace on stderr and exits with status 134.

            Examples:
              capsule run fib.wasm --invoke fib 30
              capsule run math.wat --invoke add -- -1 2
            """
    )

    @Argument(help: "The module to run.")
    var file: String

    @Option(help: "Call this exported function instead of the module's entry point.")
    var invoke: String?

    @Argument(parsing: .allUnrecognized, help: "Arguments for the function.")
    var arguments: [String] = []

    /// Exit status after a trap, as for a process killed by SIGABRT.
    static let trapStatus: Int32 = 134

    func execute(console: Console) -> Int32 {
        let module: WasmModule
        do {
            module = try WasmModule(bytes: ModuleFile.binary(at: file))
        } catch let error as ModuleError {
            console.writeError("capsule: \(file): \(error)\n")
            return 1
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
        guard let name = invoke else {
            console.writeError("capsule: \(file): running a module's entry point needs WASI, which is not implemented yet; use --invoke NAME\n")
            return 1
        }
        let store = Store()
        let instance: Instance
        do {
            instance = try store.instantiate(module)
        } catch let trap as Trap {
            report(trap, console: console)
            return Self.trapStatus
        } catch {
            console.writeError("capsule: \(file): \(error)\n")
            return 1
        }
        guard let function = instance.function(name) else {
            console.writeError("capsule: \(file): no exported function named \"\(name)\"\n")
            return 1
        }
        let parameters = function.type.params
        let values = arguments.first == "--" ? Array(arguments.dropFirst()) : arguments
        guard values.count == parameters.count else {
            console.writeError("capsule: \(name) takes \(parameters.count) argument(s), got \(values.count)\n")
            return 1
        }
        var parsed: [Value] = []
        for (text, type) in zip(values, parameters) {
            guard let value = Self.parse(text, as: type) else {
                console.writeError("capsule: invalid \(type) argument: \(text)\n")
                return 1
            }
            parsed.append(value)
        }
        do {
            for result in try function.call(parsed) {
                console.write(Self.format(result) + "\n")
            }
            return 0
        } catch let trap as Trap {
            report(trap, console: console)
            return Self.trapStatus
        } catch {
            console.writeError("capsule: \(error)\n")
            return 1
        }
    }

    private func report(_ trap: Trap, console: Console) {
        var text = "capsule: trap: \(trap.kind)\n"
        if !trap.backtrace.isEmpty {
            text += "wasm backtrace:\n"
            for (i, frame) in trap.backtrace.enumerated() { text += "  \(i): \(frame)\n" }
        }
        console.writeError(text)
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
        case .v128, .funcref, .externref:
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
        }
    }
}
