import CapsuleBinary
import CapsuleText
import CapsuleValidation
import Testing

/// Helpers shared by the validation tests: text → binary → decoded module → validation.
enum Fixture {
    /// A module from its text, decoded (not yet validated).
    static func module(_ wat: String) throws -> Module {
        let bytes = try TextFormat.wasm(fromWAT: wat)
        return try Module(decoding: bytes)
    }

    /// The validation error of a module given as text, or `nil` when it is valid.
    static func validationError(_ wat: String) throws -> ValidationError? {
        try validationError(module(wat))
    }

    /// The validation error of a module, or `nil` when it is valid.
    static func validationError(_ module: Module) -> ValidationError? {
        do {
            _ = try module.validate()
            return nil
        } catch {
            return error
        }
    }
}

/// Expects the module to be rejected with a message starting with `message` (the suite's wording).
func expectInvalid(_ wat: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = try Fixture.validationError(wat)
    #expect(error != nil, "module should be invalid (\(message))", sourceLocation: sourceLocation)
    if let error {
        #expect(error.message.hasPrefix(message), "got \"\(error.message)\", expected \"\(message)\"", sourceLocation: sourceLocation)
    }
}

/// Expects the module to validate.
func expectValid(_ wat: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let error = try Fixture.validationError(wat)
    #expect(error == nil, "unexpected validation error: \(error?.description ?? "")", sourceLocation: sourceLocation)
}

/// A module with one function of the given signature and body.
func function(_ signature: String = "", _ body: String) -> String {
    "(module (func \(signature) \(body)))"
}
