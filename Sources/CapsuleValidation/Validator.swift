import CapsuleCore
import CapsuleBinary

// CONTRACT STUB: replaced by the real validator.

/// An invalid module: the byte offset of the offending construct and the spec's message.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var offset: Int
    /// The message, using the specification test suite's wording (`type mismatch`, `unknown local`, ...).
    public var message: String

    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "offset \(offset): \(message)" }
}

/// A module that passed validation. Only a validator can make one.
public struct ValidatedModule: Sendable {
    public let module: Module

    init(module: Module) {
        self.module = module
    }
}

extension Module {
    /// Validates the module per the WebAssembly 2.0 validation algorithm.
    public func validate() throws(ValidationError) -> ValidatedModule {
        ValidatedModule(module: self)
    }
}
