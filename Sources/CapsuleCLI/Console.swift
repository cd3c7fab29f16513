import Foundation

/// Where a command writes: standard output for results, standard error for problems.
///
/// Commands write through a console so that tests can capture what they print.
public protocol Console: AnyObject {
    /// Writes text to standard output.
    func write(_ text: String)
    /// Writes text to standard error.
    func writeError(_ text: String)
}

/// The process's standard output and standard error.
public final class StandardConsole: Console {
    /// Creates the console.
    public init() {}

    /// Writes to standard output.
    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes to standard error.
    public func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// A console that keeps everything written to it, for tests.
public final class BufferConsole: Console {
    /// Everything written to standard output.
    public private(set) var output = ""
    /// Everything written to standard error.
    public private(set) var errorOutput = ""

    /// Creates the console.
    public init() {}

    /// Appends to ``output``.
    public func write(_ text: String) {
        output += text
    }

    /// Appends to ``errorOutput``.
    public func writeError(_ text: String) {
        errorOutput += text
    }
}
