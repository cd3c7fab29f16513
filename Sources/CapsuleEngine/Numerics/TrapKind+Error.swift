import CapsuleCore

/// Lets numeric instructions (and the rest of the engine) throw a ``CapsuleCore/TrapKind`` with
/// typed throws, `throws(TrapKind)`.
///
/// If ``CapsuleCore/TrapKind`` ever declares `Error` itself, delete this file.
extension TrapKind: Error {}
