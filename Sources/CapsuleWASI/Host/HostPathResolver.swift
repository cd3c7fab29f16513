#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A guest path resolved beneath a host directory: the directory holding the last component,
/// and that component's name.
///
/// The parent is a host descriptor opened by the resolver (or the base directory itself); `name`
/// is one component with no `/`, or `.` when the path names a directory itself. Call
/// ``release()`` when done.
struct ResolvedHostPath {
    /// The directory that holds the last component.
    let parent: Int32
    /// The last component, never empty, never `..`.
    let name: String
    /// Whether `name` must be passed to the host with a trailing `/` (``TrailingSlash/host``).
    let trailingSlash: Bool
    /// Whether `parent` was opened by the resolver and must be closed.
    let ownsParent: Bool

    /// The name to pass to a host `*at` call: with a trailing `/` in ``TrailingSlash/host`` mode, so
    /// the host applies its directory rules to this single component.
    var hostName: String { trailingSlash && name != "." ? name + "/" : name }

    /// Closes the parent when the resolver opened it.
    func release() {
        if ownsParent { _ = Glibc.close(parent) }
    }
}

/// What a trailing `/` on a guest path means for an operation.
enum TrailingSlash {
    /// The path names a directory: `x/` is resolved as `x/.`, following `x` if it is a link
    /// (lookups: open without `O_CREAT`, stat, times, readlink, unlink, remove directory).
    case directory
    /// Ignored (`path_create_directory`, which creates a directory either way).
    case strip
    /// Passed on to the host with the single last component, for calls that never follow a last
    /// component (`renameat`, `symlinkat`, `linkat`'s new path), so the host applies its rules.
    case host
}

/// Resolves guest paths beneath a host directory descriptor, component by component, without
/// ever letting the host resolve more than one component of a guest path.
///
/// - Absolute paths and absolute symbolic links are refused (`EPERM`), as is any `..` that would
///   climb above the base directory.
/// - Every intermediate directory is opened with `openat(…, O_NOFOLLOW | O_DIRECTORY)`; a symbolic
///   link met on the way is read with `readlinkat` and its target spliced into the remaining path,
///   at most ``HostPathResolver/maximumSymlinkHops`` times (`ELOOP` beyond).
/// - A symbolic link in the last component is followed only when asked; a trailing `/` is handled
///   as ``TrailingSlash`` says.
/// - A path containing a NUL byte is `EINVAL`; an empty path is `ENOENT`; a path of 4096 bytes or
///   more is `ENAMETOOLONG` (the host's `PATH_MAX`).
enum HostPathResolver {
    /// How many symbolic links one resolution may follow (Linux's limit).
    static let maximumSymlinkHops = 40

    /// Linux's `O_PATH` (not imported into Swift): open a directory only to resolve names beneath
    /// it, which needs search permission but not read permission.
    static let openPath: Int32 = 0o10000000

    /// Resolves `path` beneath `base`.
    /// - Parameters:
    ///   - followLast: follow a symbolic link in the last component.
    ///   - trailing: what a trailing `/` means.
    ///   - slashTargetError: thrown when a followed last link's target ends in `/` (`EISDIR` for `O_CREAT`).
    static func resolve(
        _ path: String, in base: Int32, followLast: Bool, trailing: TrailingSlash, slashTargetError: WASIErrno? = nil
    ) throws -> ResolvedHostPath {
        guard !path.isEmpty else { throw WASIErrno.noent }
        guard !path.utf8.contains(0) else { throw WASIErrno.inval }
        guard path.utf8.count < 4096 else { throw WASIErrno.nametoolong }
        guard !path.hasPrefix("/") else { throw WASIErrno.perm }

        var components = components(of: path)
        var trailingSlash = false
        if path.hasSuffix("/") {
            switch trailing {
            case .directory: components.append(".")
            case .strip: break
            case .host: trailingSlash = true
            }
        }
        // Remaining components, last first (so the next one is `popLast()`).
        var pending = Array(components.reversed())
        // Directories entered so far; `stack.last` is the current one. `base` itself is not in it.
        var stack: [Int32] = []
        var hops = 0
        func current() -> Int32 { stack.last ?? base }
        func closeAll() { for fd in stack { _ = Glibc.close(fd) } }

        while let component = pending.popLast() {
            let isLast = pending.isEmpty
            if component == "." {
                if isLast { return finish(&stack, base: base, name: ".", trailingSlash: false) }
                continue
            }
            if component == ".." {
                guard let top = stack.popLast() else {
                    closeAll()
                    throw WASIErrno.perm
                }
                _ = Glibc.close(top)
                if isLast { return finish(&stack, base: base, name: ".", trailingSlash: false) }
                continue
            }
            if isLast {
                // Follow a final symbolic link when asked to; a target ending in `/` must be a directory.
                if followLast, let target = try? readLink(component, in: current()) {
                    hops += 1
                    do { try splice(target, into: &pending, hops: hops) } catch {
                        closeAll()
                        throw error
                    }
                    if target.last == UInt8(ascii: "/") {
                        if let slashTargetError {
                            closeAll()
                            throw slashTargetError
                        }
                        pending.insert(".", at: 0)
                    }
                    continue
                }
                return finish(&stack, base: base, name: component, trailingSlash: trailingSlash)
            }
            let opened = openat(current(), component, openPath | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if opened >= 0 {
                stack.append(opened)
                continue
            }
            let failure = errno
            if let target = try? readLink(component, in: current()) {
                hops += 1
                do { try splice(target, into: &pending, hops: hops) } catch {
                    closeAll()
                    throw error
                }
                continue
            }
            closeAll()
            throw WASIErrno(hostErrno: failure)
        }
        // Unreachable: the loop returns on the last component.
        closeAll()
        throw WASIErrno.noent
    }

    /// The non-empty components of a path (`a//b/` → `a`, `b`).
    static func components(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// The result for `name` in the current directory: the top of the stack becomes the result's
    /// parent (closed by its owner); the directories below it are closed here.
    private static func finish(_ stack: inout [Int32], base: Int32, name: String, trailingSlash: Bool) -> ResolvedHostPath {
        guard let top = stack.popLast() else {
            return ResolvedHostPath(parent: base, name: name, trailingSlash: trailingSlash, ownsParent: false)
        }
        for fd in stack { _ = Glibc.close(fd) }
        stack.removeAll()
        return ResolvedHostPath(parent: top, name: name, trailingSlash: trailingSlash, ownsParent: true)
    }

    /// Puts a link's target in front of the remaining components; refuses absolute targets and
    /// too many hops.
    private static func splice(_ target: [UInt8], into pending: inout [String], hops: Int) throws {
        guard hops <= maximumSymlinkHops else { throw WASIErrno.loop }
        guard !target.isEmpty else { throw WASIErrno.noent }
        guard target.first != UInt8(ascii: "/") else { throw WASIErrno.perm }
        guard !target.contains(0), let text = String(validating: target, as: UTF8.self) else { throw WASIErrno.ilseq }
        pending.append(contentsOf: components(of: text).reversed())
    }

    /// The target of the symbolic link `name` in `directory`; throws when it is not a link.
    static func readLink(_ name: String, in directory: Int32) throws -> [UInt8] {
        var size = 256
        while true {
            var buffer = [UInt8](repeating: 0, count: size)
            let count = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return -1 }
                return readlinkat(directory, name, base, raw.count)
            }
            if count < 0 { throw WASIErrno(hostErrno: errno) }
            if count < size { return Array(buffer.prefix(count)) }
            size *= 2
            if size > 1 << 20 { throw WASIErrno.nametoolong }
        }
    }
}
