import CapsuleBinary
import CapsuleCore
import CapsuleValidation

/// A WebAssembly trap: execution stopped, with the kind and the Wasm call stack.
///
/// ```swift
/// do {
///     _ = try instance.function("run")!.call()
/// } catch let trap as Trap {
///     print("trapped: \(trap) in \(trap.backtrace.joined(separator: " < "))")
/// }
/// ```
public struct Trap: Error, CustomStringConvertible {
    /// Which trap, named after the specification's message.
    public var kind: TrapKind
    /// Function names (from the name section, else `func[N]`), innermost first.
    public var backtrace: [String]

    /// Makes a trap. A host function may throw one to end the Wasm execution with this kind.
    public init(kind: TrapKind, backtrace: [String]) {
        self.kind = kind
        self.backtrace = backtrace
    }

    /// The specification's message for the kind, such as `integer divide by zero`.
    public var description: String { kind.description }
}

/// Why a module could not be loaded.
///
/// ```swift
/// do {
///     _ = try WasmModule(bytes: bytes)
/// } catch {
///     print("offset \(error.offset): \(error)")  // the initializer throws only ModuleError
/// }
/// ```
public enum ModuleError: Error, CustomStringConvertible {
    /// The bytes are not a well-formed binary module.
    case malformed(DecodeError)
    /// The module is well-formed but does not validate.
    case invalid(ValidationError)

    /// The decoder's or the validator's message.
    public var description: String {
        switch self {
        case .malformed(let error): return error.description
        case .invalid(let error): return error.description
        }
    }

    /// Byte offset of the problem.
    public var offset: Int {
        switch self {
        case .malformed(let error): return error.offset
        case .invalid(let error): return error.offset
        }
    }
}

/// Why instantiation failed before running any code.
///
/// ```swift
/// do {
///     _ = try store.instantiate(module)
/// } catch LinkError.unknownImport(let module, let name) {
///     print("define \(module)::\(name) first")
/// }
/// ```
public enum LinkError: Error, CustomStringConvertible {
    /// No definition was given for an import.
    case unknownImport(module: String, name: String)
    /// The definition given for an import has the wrong kind or type.
    case incompatibleImportType(module: String, name: String, reason: String)
    /// A memory or table could not be created within the store's limits.
    case resourceLimit(String)

    /// A one-line explanation, such as `unknown import: env::log`.
    public var description: String {
        switch self {
        case .unknownImport(let module, let name): return "unknown import: \(module)::\(name)"
        case .incompatibleImportType(let module, let name, let reason): return "incompatible import type for \(module)::\(name): \(reason)"
        case .resourceLimit(let message): return message
        }
    }
}

/// A call from Swift did not fit the function's signature.
///
/// ```swift
/// do {
///     _ = try add.call([.i32(1)])
/// } catch let error as CallError {
///     print(error)  // expected 2 arguments, got 1
/// }
/// ```
public enum CallError: Error, Equatable, CustomStringConvertible {
    /// The number of arguments differs from the number of parameters.
    case argumentCount(expected: Int, got: Int)
    /// An argument's type differs from its parameter's.
    case argumentType(expected: ValueType, got: ValueType)
    /// A typed call expected one result; the function has another number of them.
    case resultCount(expected: Int, got: Int)
    /// A typed call expected a result of another type.
    case resultType(expected: ValueType, got: ValueType)
    /// A `funcref` or `exnref` value from another store: references never cross stores.
    case foreignReference(ValueType)

    /// A one-line explanation, such as `expected 2 arguments, got 1`.
    public var description: String {
        switch self {
        case .argumentCount(let expected, let got): return "expected \(expected) arguments, got \(got)"
        case .argumentType(let expected, let got): return "argument type mismatch: expected \(expected), got \(got)"
        case .resultCount(let expected, let got): return "expected \(expected) result, the function has \(got)"
        case .resultType(let expected, let got): return "result type mismatch: expected \(expected), got \(got)"
        case .foreignReference(let type): return "a \(type) value from another store cannot be used in this one"
        }
    }
}
