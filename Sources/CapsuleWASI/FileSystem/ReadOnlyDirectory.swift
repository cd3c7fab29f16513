/// A read-only view of any ``WASIDirectory``: every operation that would change the filesystem
/// fails, and files and directories opened through it are read-only too.
///
/// ```swift
/// let docs = ReadOnlyDirectory(try HostDirectory(path: "./docs"))
/// ```
public final class ReadOnlyDirectory: WASIDirectory {
    /// The wrapped directory.
    public let base: any WASIDirectory

    /// Wraps `base`.
    public init(_ base: any WASIDirectory) {
        self.base = base
    }

    public func stat() throws -> WASIFileStat { try base.stat() }
    public func close() throws { try base.close() }
}
