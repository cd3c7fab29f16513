import CapsuleCore

/// An exception tag: what identifies a kind of Wasm exception, and the types of its payload.
///
/// A tag has identity: an imported tag is the very tag that was exported, and two instantiations
/// of a module that defines a tag make two distinct tags. Get one from an instance's exports, or
/// create one in a store to give to modules as an import and to throw from host functions.
///
/// ```swift
/// let failure = Tag(store: store, parameters: [.i32])
/// var imports = Imports()
/// imports.define(module: "env", name: "failure", .tag(failure))
/// ```
public struct Tag: Hashable, @unchecked Sendable {
    let store: Store
    let record: UnsafeMutablePointer<TagRecord>

    init(store: Store, record: UnsafeMutablePointer<TagRecord>) {
        self.store = store
        self.record = record
    }

    /// Creates a new tag whose exceptions carry values of `parameters`, distinct from every other tag.
    ///
    /// ```swift
    /// let tag = Tag(store: store, parameters: [.i32, .f64])
    /// print(tag.type)  // [i32 f64] -> []
    /// ```
    public init(store: Store, parameters: [ValueType]) {
        self.store = store
        self.record = store.makeTag(FuncType(params: parameters, results: []))
    }

    /// The tag's type: its parameters are the payload's types; it has no results.
    public var type: FuncType { store.signatureType(record.pointee.typeID) }

    /// A name for the tag in messages, from the first instance that has it: its export name, else its
    /// import name (`module::name`), else its name in the name section, else `tag[N]` (its index); `tag`
    /// when no instance has it.
    ///
    /// ```swift
    /// print(exception.tag.name)  // "my-error"
    /// ```
    public var name: String { store.name(of: record) }

    /// Whether two values are the same tag (identity, not type).
    public static func == (lhs: Tag, rhs: Tag) -> Bool { lhs.record == rhs.record }

    /// Hashes the tag's identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(record) }
}

/// A WebAssembly exception, as Swift sees it: the tag, the payload values and, when it comes out of
/// Wasm uncaught, the Wasm call stack where it was thrown.
///
/// Calling into Wasm throws one when Wasm code throws an exception that no Wasm frame catches. A host
/// function throws one to throw a Wasm exception at its call site, which Wasm code can catch with
/// `try_table` (or legacy `try`) like any other.
///
/// ```swift
/// do {
///     _ = try instance.function("parse")?.call([.i32(0)])
/// } catch let exception as WasmException {
///     print("uncaught \(exception.tag.name) \(exception.payload) at \(exception.backtrace)")
/// }
///
/// let fail = Function(store: store, type: FuncType(params: [], results: [])) { _, _ in
///     throw WasmException(tag: failure, payload: [.i32(42)])
/// }
/// ```
public struct WasmException: Error, CustomStringConvertible {
    /// The exception's tag.
    public var tag: Tag
    /// The payload, of the tag's parameter types.
    public var payload: [Value]
    /// Function names (from the name section, else `func[N]`), innermost first, where the exception
    /// was thrown; empty for one a host function makes.
    public var backtrace: [String]

    /// An exception to throw from a host function. The payload must match the tag's parameter types
    /// (the Wasm code that called the host function traps otherwise).
    ///
    /// ```swift
    /// throw WasmException(tag: failure, payload: [.i32(7)])
    /// ```
    public init(tag: Tag, payload: [Value], backtrace: [String] = []) {
        self.tag = tag
        self.payload = payload
        self.backtrace = backtrace
    }

    /// `uncaught exception NAME(payload...)`, such as `uncaught exception my-error(i32:7)`.
    public var description: String {
        "uncaught exception \(tag.name)(\(payload.map(\.description).joined(separator: ", ")))"
    }
}

extension Instance {
    /// The exported tag `name`, if any.
    ///
    /// ```swift
    /// let tag = instance.tag("my-error")
    /// ```
    public func tag(_ name: String) -> Tag? {
        if case .tag(let t)? = export(name) { return t }
        return nil
    }
}
