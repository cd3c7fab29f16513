#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host directory as a sandboxed ``WASIDirectory``: every path is resolved by Capsule itself,
/// component by component, beneath this directory's descriptor.
///
/// ```swift
/// let data = try HostDirectory(path: "./data")
/// ```
public final class HostDirectory: WASIDirectory {
    /// The host descriptor of the directory (opened with `O_DIRECTORY`).
    let descriptor: Int32
    private var closed = false

    /// Opens the host directory at `path` (a path the user gave on the command line, not a guest path).
    /// - Throws: ``WASIErrno`` when it cannot be opened or is not a directory.
    public init(path: String) throws {
        descriptor = try hostCall { Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }

    /// Wraps a directory descriptor this object now owns.
    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        if !closed { _ = Glibc.close(descriptor) }
    }

    public func stat() throws -> WASIFileStat {
        try HostStat.stat(descriptor: descriptor)
    }

    public func close() throws {
        guard !closed else { return }
        closed = true
        try hostCall { Glibc.close(descriptor) }
    }
}
