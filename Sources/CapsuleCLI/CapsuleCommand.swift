import ArgumentParser

// CONTRACT STUB: replaced by the real CLI.

/// The `capsule` command line.
public struct CapsuleCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "capsule", abstract: "A WebAssembly runtime with WASI.")
    public init() {}
}
