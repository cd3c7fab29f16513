import CapsuleCore
import CapsuleEngine
import CapsuleText
import CapsuleValidation

/// Runs `.wast` directives on Capsule's engine, with the `spectest` host module.
///
/// ```swift
/// var executor = EngineExecutor()
/// let report = try WastRunner.run(file: "i32.wast", executor: &executor)
/// ```
public struct EngineExecutor: WastExecutor {
    private let store: Store
    private var imports = Imports()
    private var named: [String: Instance] = [:]
    private var current: Instance?
    private var definitions: [String: ValidatedModule] = [:]
    private var lastDefinition: ValidatedModule?

    /// An executor with a new store, where the `spectest` module (its `print` functions, four
    /// globals, `table` and `memory`) is available to import.
    /// What modules may use (WebAssembly 3.0 by default; ``WasmFeatures``).
    public var features: WasmFeatures

    /// An executor with a new store, where the `spectest` module (its `print` functions, four
    /// globals, `table` and `memory`) is available to import; modules may use `features`; Wasm code
    /// runs in `tier`.
    public init(features: WasmFeatures = .wasm3, tier: ExecutionTier = .interpreter) {
        self.features = features
        var limits = StoreLimits()
        limits.tier = tier
        store = Store(limits: limits)
        imports = SpecTestHost.imports(in: store)
    }

    /// Instantiates `module` and makes it the current module, also under its name if it has one;
    /// a `(module definition ...)` is only remembered for later `module instance` directives.
    /// An instantiation failure is `.failed`.
    public mutating func define(_ module: ValidatedModule, from definition: WastModule, line: Int) -> WastOutcome {
        if definition.isDefinition {
            lastDefinition = module
            if let name = definition.name { definitions[name] = module }
            return .passed
        }
        switch instantiate(module) {
        case .success(let instance):
            current = instance
            if let name = definition.name { named[name] = instance }
            return .passed
        case .failure(let error):
            current = nil
            if let name = definition.name { named[name] = nil }
            return .failed(expected: "module instantiates", actual: describe(error))
        }
    }

    /// Runs `register`, `invoke`, `get`, `module instance` and the assertions on the engine.
    /// `assert_trap`, `assert_exhaustion` and `assert_uninstantiable` pass when one of the
    /// trap's message and the expected one begins with the other; `assert_unlinkable` passes on
    /// any `LinkError`; `assert_exception` passes when the action throws a ``WasmException``.
    /// Directives the runner handles itself are skipped.
    public mutating func execute(_ directive: WastDirective) -> WastOutcome {
        switch directive.kind {
        case .module, .assertMalformed, .assertInvalid, .assertMalformedCustom, .assertInvalidCustom:
            return .skipped(reason: "handled by the runner")
        case .unsupported(let keyword):
            return .skipped(reason: "unsupported directive \(keyword)")
        case .unparsable(_, let error):
            return .failed(expected: "a directive that parses", actual: error.description)
        case .moduleInstance(let instanceName, let moduleName):
            guard let module = moduleName.flatMap({ definitions[$0] }) ?? lastDefinition else {
                return .failed(expected: "a module definition", actual: "none")
            }
            switch instantiate(module) {
            case .success(let instance):
                current = instance
                if let instanceName { named[instanceName] = instance }
                return .passed
            case .failure(let error):
                return .failed(expected: "module instantiates", actual: describe(error))
            }
        case .register(let name, let moduleName):
            guard let instance = moduleName.flatMap({ named[$0] }) ?? current else {
                return .failed(expected: "a module to register", actual: "none")
            }
            imports.define(module: name, instance: instance)
            return .passed
        case .action(let action):
            switch perform(action) {
            case .success: return .passed
            case .failure(let error):
                return .failed(expected: "success", actual: describe(error))
            }
        case .assertReturn(let action, let expected):
            switch perform(action) {
            case .success(let values):
                if values.count == expected.count, zip(expected, values).allSatisfy({ $0.matches($1) }) {
                    return .passed
                }
                return .failed(expected: expected.map(\.description).joined(separator: " "), actual: values.map(\.description).joined(separator: " "))
            case .failure(let error):
                return .failed(expected: expected.map(\.description).joined(separator: " "), actual: describe(error))
            }
        case .assertTrap(let action, let message):
            return expectTrap(perform(action), message: message)
        case .assertException(let action):
            switch perform(action) {
            case .success(let values):
                return .failed(expected: "an uncaught exception", actual: values.isEmpty ? "no exception" : values.map(\.description).joined(separator: " "))
            case .failure(let error):
                if error is WasmException { return .passed }
                return .failed(expected: "an uncaught exception", actual: describe(error))
            }
        case .assertExhaustion(let invoke, let message):
            return expectTrap(perform(.invoke(invoke)), message: message)
        case .assertUninstantiable(let module, let message):
            return expectTrap(perform(.instantiate(module)), message: message)
        case .assertUnlinkable(let module, let message):
            switch perform(.instantiate(module)) {
            case .success: return .failed(expected: "link error \"\(message)\"", actual: "module linked")
            case .failure(let error):
                if error is LinkError { return .passed }
                return .failed(expected: "link error \"\(message)\"", actual: describe(error))
            }
        }
    }

    // MARK: Actions

    private mutating func instantiate(_ module: ValidatedModule) -> Result<Instance, any Error> {
        do {
            let wasm = try WasmModule(bytes: module.module.bytes)
            return .success(try store.instantiate(wasm, imports: imports))
        } catch {
            return .failure(error)
        }
    }

    private mutating func perform(_ action: WastAction) -> Result<[WastValue], any Error> {
        switch action {
        case .invoke(let invoke):
            guard let instance = invoke.module.flatMap({ named[$0] }) ?? current else {
                return .failure(WastExecutionError("no module for \(invoke)"))
            }
            guard let function = instance.function(invoke.name) else {
                return .failure(WastExecutionError("no exported function \"\(invoke.name)\""))
            }
            var arguments: [Value] = []
            let parameters = function.type.params
            for (position, argument) in invoke.arguments.enumerated() {
                guard var value = Self.value(argument) else {
                    return .failure(WastExecutionError("unsupported argument \(argument)"))
                }
                // A script's host reference is in both hierarchies: internalised where an anyref is expected.
                if case .refHost = argument, case .externref(let host?) = value, position < parameters.count,
                   !value.matches(parameters[position]) {
                    value = .anyref(AnyReference(internalizing: host))
                }
                arguments.append(value)
            }
            do {
                let results = try function.call(arguments)
                return .success(results.map(Self.wastValue))
            } catch {
                return .failure(error)
            }
        case .get(let moduleName, let name):
            guard let instance = moduleName.flatMap({ named[$0] }) ?? current, let global = instance.global(name) else {
                return .failure(WastExecutionError("no exported global \"\(name)\""))
            }
            return .success([Self.wastValue(global.value)])
        case .instantiate(let module):
            switch ModuleLoader.load(module, features: features) {
            case .failure(let rejection):
                return .failure(WastExecutionError(rejection.description))
            case .success(let validated):
                switch instantiate(validated) {
                case .success(let instance):
                    current = instance
                    if let name = module.name { named[name] = instance }
                    return .success([])
                case .failure(let error):
                    return .failure(error)
                }
            }
        }
    }

    private func expectTrap(_ result: Result<[WastValue], any Error>, message: String) -> WastOutcome {
        switch result {
        case .success(let values):
            return .failed(expected: "trap \"\(message)\"", actual: values.isEmpty ? "no trap" : values.map(\.description).joined(separator: " "))
        case .failure(let error):
            guard let trap = error as? Trap else {
                return .failed(expected: "trap \"\(message)\"", actual: describe(error))
            }
            if message.hasPrefix(trap.kind.description) || trap.kind.description.hasPrefix(message) {
                return .passed
            }
            return .failed(expected: "trap \"\(message)\"", actual: "trap \"\(trap.kind)\"")
        }
    }

    private func describe(_ error: any Error) -> String {
        if let trap = error as? Trap { return "trap \"\(trap.kind)\"" }
        return "\(error)"
    }

    // MARK: Values

    static func value(_ value: WastValue) -> Value? {
        switch value {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .v128(let v): return .v128(v)
        case .refNull(let type):
            switch type {
            case .externref: return .externref(nil)
            case .exnref: return .exnref(nil)
            default: return .funcref(nil)
            }
        case .refNullAbstract(let name):
            switch WastValue.hierarchy(ofHeapNamed: name) {
            case "func": return .funcref(nil)
            case "extern": return .externref(nil)
            case "exn": return .exnref(nil)
            default: return .anyref(nil)
            }
        case .refFunc, .reference: return nil
        case .refExtern(let v), .refHost(let v): return .externref(ExternReference(UInt64(v)))
        }
    }

    static func wastValue(_ value: Value) -> WastValue {
        switch value {
        case .i32(let v): return .i32(v)
        case .i64(let v): return .i64(v)
        case .f32(let v): return .f32(v)
        case .f64(let v): return .f64(v)
        case .v128(let v): return .v128(v)
        case .funcref(let reference):
            guard let reference else { return .refNull(.funcref) }
            return .refFunc(reference.functionIndex)
        case .externref(let reference):
            guard let reference else { return .refNull(.externref) }
            return .refExtern(UInt32(truncatingIfNeeded: reference.value))
        case .exnref(let reference):
            // WastValue has no non-null exnref (scripts cannot write one); a non-null one matches
            // nothing a script expects but `(ref.null exn)` does not match it either.
            return reference == nil ? .refNull(.exnref) : .refFunc(UInt32.max)
        case .anyref(let reference):
            guard let reference else { return .refNullAbstract("any") }
            if reference.i31Value != nil { return .reference("i31") }
            if !reference.externalized.isHostValue { return .reference(reference.kind) }
            return .refExtern(UInt32(truncatingIfNeeded: reference.externalized.value))
        }
    }
}

struct WastExecutionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The `spectest` module the specification's scripts import from.
enum SpecTestHost {
    static func imports(in store: Store) -> Imports {
        var imports = Imports()
        func function(_ name: String, _ params: [ValueType]) {
            imports.define(module: "spectest", name: name, .function(Function(store: store, type: FuncType(params: params, results: [])) { _, _ in [] }))
        }
        function("print", [])
        function("print_i32", [.i32])
        function("print_i64", [.i64])
        function("print_f32", [.f32])
        function("print_f64", [.f64])
        function("print_i32_f32", [.i32, .f32])
        function("print_f64_f64", [.f64, .f64])
        func global(_ name: String, _ value: Value) {
            if let global = try? Global(store: store, type: GlobalType(valueType: value.type, isMutable: false), value: value) {
                imports.define(module: "spectest", name: name, .global(global))
            }
        }
        global("global_i32", .i32(666))
        global("global_i64", .i64(666))
        global("global_f32", .float32(666.6))
        global("global_f64", .float64(666.6))
        if let table = try? Table(store: store, type: TableType(elementType: .funcref, limits: Limits(min: 10, max: 20))) {
            imports.define(module: "spectest", name: "table", .table(table))
        }
        if let table = try? Table(store: store, type: TableType(elementType: .funcref, limits: Limits(min: 10, max: 20, addressType: .i64))) {
            imports.define(module: "spectest", name: "table64", .table(table))
        }
        if let memory = try? Memory(store: store, type: MemoryType(limits: Limits(min: 1, max: 2))) {
            imports.define(module: "spectest", name: "memory", .memory(memory))
        }
        return imports
    }
}
