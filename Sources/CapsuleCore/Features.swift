/// The WebAssembly features a module may use: the decoder and the validator reject anything else with
/// the message the specification of that version gives.
///
/// The default everywhere is ``wasm3``. ``wasm2`` is WebAssembly 2.0 exactly, for running the 2.0 test
/// suite (whose assertions reject, for instance, a second memory) and for hosts that want 2.0 only.
///
/// ```swift
/// let module = try Module(decoding: bytes, features: .wasm2)   // a 2.0 decoder
/// print(WasmFeatures.wasm3.contains(.tailCall))                // true
/// ```
public struct WasmFeatures: OptionSet, Sendable, Hashable, CustomStringConvertible {
    /// The features as bits.
    public let rawValue: UInt32

    /// Makes a feature set from its bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `return_call` and `return_call_indirect`.
    public static let tailCall = WasmFeatures(rawValue: 1 << 0)
    /// Tags, `throw`, `throw_ref`, `try_table`, `exnref`, and the legacy `try` instructions.
    public static let exceptions = WasmFeatures(rawValue: 1 << 1)
    /// Memories and tables with 64-bit addresses.
    public static let memory64 = WasmFeatures(rawValue: 1 << 2)
    /// More than one memory, and memory indices on memory instructions.
    public static let multiMemory = WasmFeatures(rawValue: 1 << 3)
    /// `i32`/`i64` `add`, `sub` and `mul` in constant expressions, and `global.get` of any earlier
    /// immutable global.
    public static let extendedConst = WasmFeatures(rawValue: 1 << 4)
    /// The relaxed SIMD instructions (0xFD 0x100–0x113).
    public static let relaxedSIMD = WasmFeatures(rawValue: 1 << 5)
    /// Typed function references: `(ref null? ht)` types, `call_ref`, `ref.as_non_null`, `br_on_null`, ...
    public static let functionReferences = WasmFeatures(rawValue: 1 << 6)
    /// Garbage collection: recursive and sub types, structs, arrays, i31, casts (needs function references).
    public static let gc = WasmFeatures(rawValue: 1 << 7)

    /// WebAssembly 2.0: none of the features above.
    public static let wasm2: WasmFeatures = []
    /// WebAssembly 3.0.
    public static let wasm3: WasmFeatures = [.tailCall, .exceptions, .memory64, .multiMemory, .extendedConst, .relaxedSIMD, .functionReferences, .gc]

    /// Parses a version name, `2.0` or `3.0` (also `2` and `3`); nil for anything else.
    public init?(version: String) {
        switch version {
        case "2.0", "2": self = .wasm2
        case "3.0", "3": self = .wasm3
        default: return nil
        }
    }

    /// `2.0`, `3.0`, or the list of features.
    public var description: String {
        if self == .wasm2 { return "2.0" }
        if self == .wasm3 { return "3.0" }
        let names: [(WasmFeatures, String)] = [
            (.tailCall, "tail-call"), (.exceptions, "exceptions"), (.memory64, "memory64"),
            (.multiMemory, "multi-memory"), (.extendedConst, "extended-const"), (.relaxedSIMD, "relaxed-simd"),
            (.functionReferences, "function-references"), (.gc, "gc"),
        ]
        return names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
    }
}
