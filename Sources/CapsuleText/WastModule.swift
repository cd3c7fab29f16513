/// A module written in a `.wast` script, in one of its three forms.
public enum WastModuleSource: Sendable, Hashable {
    /// `(module binary "...")`: the bytes as written.
    case binary([UInt8])
    /// `(module ...)` in the text format, already encoded to binary; or, when the text does not parse or
    /// encode, why. (Inside `assert_malformed` and `assert_invalid`, a failure here means the text layer
    /// rejected the module.)
    case text(Result<[UInt8], TextError>)
    /// `(module quote "...")`: the text of the module, parsed only when the module is used.
    case quote(String)
}

/// A module definition in a `.wast` script.
public struct WastModule: Sendable, Hashable {
    /// The module's `$id` as written (including the `$`), when it has one.
    public var name: String?
    /// How the module is written: binary, text or quoted text.
    public var source: WastModuleSource
    /// Whether this is `(module definition ...)`, which is validated but not instantiated.
    public var isDefinition: Bool

    /// Creates a module definition.
    public init(name: String? = nil, source: WastModuleSource, isDefinition: Bool = false) {
        self.name = name
        self.source = source
        self.isDefinition = isDefinition
    }

    /// The module's binary bytes: as written for `binary`, encoded for `text` and `quote`.
    ///
    /// ```swift
    /// let bytes = try module.binary()
    /// ```
    /// - Throws: ``TextError`` when a text or quoted module does not parse.
    public func binary() throws(TextError) -> [UInt8] {
        switch source {
        case .binary(let bytes):
            return bytes
        case .text(let result):
            return try result.get()
        case .quote(let text):
            return try TextFormat.wasm(fromWAT: text)
        }
    }
}
