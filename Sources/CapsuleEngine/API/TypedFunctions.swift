import CapsuleCore

/// A Swift type that carries one Wasm value: `Int32` and `UInt32` for `i32`, `Int64` and `UInt64`
/// for `i64`, `Float` for `f32`, `Double` for `f64`. Typed host functions and typed calls use it to
/// convert between Swift values and ``Value``s.
///
/// ```swift
/// let answer: Int32 = try instance.function("answer")!.call(returning: Int32.self)
/// ```
public protocol WasmValue {
    /// The Wasm type this Swift type stands for.
    static var wasmType: ValueType { get }
    /// The Swift value of `value`, or `nil` when `value` has another type.
    init?(wasmValue value: Value)
    /// This value as a Wasm value.
    var wasmValue: Value { get }
}

extension Int32: WasmValue {
    /// `i32`.
    public static var wasmType: ValueType { .i32 }
    /// The `i32`'s bits as a signed integer.
    public init?(wasmValue value: Value) {
        guard case .i32(let bits) = value else { return nil }
        self.init(bitPattern: bits)
    }
    /// An `i32` with this integer's bits.
    public var wasmValue: Value { .i32(UInt32(bitPattern: self)) }
}

extension UInt32: WasmValue {
    /// `i32`.
    public static var wasmType: ValueType { .i32 }
    /// The `i32`'s bits as an unsigned integer.
    public init?(wasmValue value: Value) {
        guard case .i32(let bits) = value else { return nil }
        self = bits
    }
    /// An `i32` with this integer's bits.
    public var wasmValue: Value { .i32(self) }
}

extension Int64: WasmValue {
    /// `i64`.
    public static var wasmType: ValueType { .i64 }
    /// The `i64`'s bits as a signed integer.
    public init?(wasmValue value: Value) {
        guard case .i64(let bits) = value else { return nil }
        self.init(bitPattern: bits)
    }
    /// An `i64` with this integer's bits.
    public var wasmValue: Value { .i64(UInt64(bitPattern: self)) }
}

extension UInt64: WasmValue {
    /// `i64`.
    public static var wasmType: ValueType { .i64 }
    /// The `i64`'s bits as an unsigned integer.
    public init?(wasmValue value: Value) {
        guard case .i64(let bits) = value else { return nil }
        self = bits
    }
    /// An `i64` with this integer's bits.
    public var wasmValue: Value { .i64(self) }
}

extension Float: WasmValue {
    /// `f32`.
    public static var wasmType: ValueType { .f32 }
    /// The `f32` with its exact bits (NaN payloads included).
    public init?(wasmValue value: Value) {
        guard case .f32(let bits) = value else { return nil }
        self.init(bitPattern: bits)
    }
    /// An `f32` with this float's bits.
    public var wasmValue: Value { .f32(bitPattern) }
}

extension Double: WasmValue {
    /// `f64`.
    public static var wasmType: ValueType { .f64 }
    /// The `f64` with its exact bits (NaN payloads included).
    public init?(wasmValue value: Value) {
        guard case .f64(let bits) = value else { return nil }
        self.init(bitPattern: bits)
    }
    /// An `f64` with this double's bits.
    public var wasmValue: Value { .f64(bitPattern) }
}

extension Function {
    /// Defines a host function from a closure with typed parameters and one typed result; the Wasm
    /// signature is derived from the Swift types.
    ///
    /// ```swift
    /// let add = Function(store: store) { (_: Caller, a: Int32, b: Int32) -> Int32 in a &+ b }
    /// imports.define(module: "math", name: "add", .function(add))
    /// ```
    ///
    /// What the closure throws ends the Wasm execution and reaches the original caller, as for
    /// ``init(store:type:body:)``.
    public init<each Parameter: WasmValue, Result: WasmValue>(
        store: Store, _ body: @escaping (Caller, repeat each Parameter) throws -> Result
    ) {
        let type = FuncType(params: Self.types(of: repeat (each Parameter).self), results: [Result.wasmType])
        self.init(store: store, type: type) { caller, arguments in
            var index = 0
            return [try body(caller, repeat Self.argument((each Parameter).self, arguments, &index)).wasmValue]
        }
    }

    /// Defines a host function from a closure with typed parameters and no result.
    ///
    /// ```swift
    /// let log = Function(store: store) { (caller: Caller, pointer: UInt32, length: UInt32) in
    ///     let bytes = try caller.memory?.read(at: Int(pointer), count: Int(length)) ?? []
    ///     print(String(decoding: bytes, as: UTF8.self))
    /// }
    /// ```
    public init<each Parameter: WasmValue>(store: Store, _ body: @escaping (Caller, repeat each Parameter) throws -> Void) {
        let type = FuncType(params: Self.types(of: repeat (each Parameter).self), results: [])
        self.init(store: store, type: type) { caller, arguments in
            var index = 0
            try body(caller, repeat Self.argument((each Parameter).self, arguments, &index))
            return []
        }
    }

    /// Calls a function that returns one value, with typed arguments.
    ///
    /// ```swift
    /// let fib = instance.function("fib")!
    /// let result = try fib.call(Int32(20), returning: Int32.self)   // 6765
    /// ```
    ///
    /// - Throws: ``CallError`` when the argument types or the result type do not match the function's
    ///   signature, ``Trap`` if execution traps, or whatever a host function threw.
    public func call<each Argument: WasmValue, Result: WasmValue>(
        _ arguments: repeat each Argument, returning: Result.Type
    ) throws -> Result {
        var values: [Value] = []
        for argument in repeat each arguments { values.append(argument.wasmValue) }
        let results = try call(values)
        guard results.count == 1 else { throw CallError.resultCount(expected: 1, got: results.count) }
        guard let result = Result(wasmValue: results[0]) else {
            throw CallError.resultType(expected: Result.wasmType, got: results[0].type)
        }
        return result
    }

    private static func types<each T: WasmValue>(of types: repeat (each T).Type) -> [ValueType] {
        var result: [ValueType] = []
        for type in repeat each types { result.append(type.wasmType) }
        return result
    }

    /// The next argument, converted; the engine has checked the types, so the fallback is unreachable
    /// from Wasm and only guards the conversion.
    private static func argument<T: WasmValue>(_ type: T.Type, _ arguments: [Value], _ index: inout Int) throws -> T {
        defer { index += 1 }
        guard index < arguments.count, let value = T(wasmValue: arguments[index]) else {
            throw CallError.argumentType(expected: T.wasmType, got: index < arguments.count ? arguments[index].type : T.wasmType)
        }
        return value
    }
}
