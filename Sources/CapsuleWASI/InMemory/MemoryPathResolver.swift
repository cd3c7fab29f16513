/// A guest path resolved within a ``MemoryFileSystem``: the directory holding the last component
/// and that component's name (`.` when the path names a directory itself).
struct ResolvedMemoryPath {
    /// The directory that holds the last component.
    let parent: MemoryNode
    /// The last component, never empty, never `..`.
    let name: String
    /// Whether the guest wrote a trailing `/` that the operation must honour (``TrailingSlash/host``).
    let trailingSlash: Bool

    /// The entry named, if it exists (`.` is the parent itself).
    var node: MemoryNode? { name == "." ? parent : parent.child(name) }
}

/// Resolves guest paths within an in-memory directory, with the rules of ``HostPathResolver``:
/// absolute paths, absolute link targets and `..` above the starting directory are `EPERM`; at most
/// ``HostPathResolver/maximumSymlinkHops`` links are followed (`ELOOP` beyond).
enum MemoryPathResolver {
    static func resolve(
        _ path: String, in base: MemoryNode, followLast: Bool, trailing: TrailingSlash, slashTargetError: WASIErrno? = nil
    ) throws -> ResolvedMemoryPath {
        guard !path.isEmpty else { throw WASIErrno.noent }
        guard !path.utf8.contains(0) else { throw WASIErrno.inval }
        guard path.utf8.count < 4096 else { throw WASIErrno.nametoolong }
        guard !path.hasPrefix("/") else { throw WASIErrno.perm }
        var components = HostPathResolver.components(of: path)
        var trailingSlash = false
        if path.hasSuffix("/") {
            switch trailing {
            case .directory: components.append(".")
            case .strip: break
            case .host: trailingSlash = true
            }
        }
        var pending = Array(components.reversed())
        var stack: [MemoryNode] = []
        var hops = 0
        func current() -> MemoryNode { stack.last ?? base }

        while let component = pending.popLast() {
            let isLast = pending.isEmpty
            if component == "." {
                if isLast { return ResolvedMemoryPath(parent: current(), name: ".", trailingSlash: false) }
                continue
            }
            if component == ".." {
                guard stack.popLast() != nil else { throw WASIErrno.perm }
                if isLast { return ResolvedMemoryPath(parent: current(), name: ".", trailingSlash: false) }
                continue
            }
            guard component.utf8.count <= 255 else { throw WASIErrno.nametoolong }
            let node = current().child(component)
            if isLast {
                if followLast, let node, node.kind == .symbolicLink {
                    hops += 1
                    try splice(node.data, into: &pending, hops: hops)
                    if node.data.last == UInt8(ascii: "/") {
                        if let slashTargetError { throw slashTargetError }
                        pending.insert(".", at: 0)
                    }
                    continue
                }
                return ResolvedMemoryPath(parent: current(), name: component, trailingSlash: trailingSlash)
            }
            guard let node else { throw WASIErrno.noent }
            switch node.kind {
            case .directory:
                stack.append(node)
            case .symbolicLink:
                hops += 1
                try splice(node.data, into: &pending, hops: hops)
            case .file, .virtual:
                throw WASIErrno.notdir
            }
        }
        throw WASIErrno.noent
    }

    private static func splice(_ target: [UInt8], into pending: inout [String], hops: Int) throws {
        guard hops <= HostPathResolver.maximumSymlinkHops else { throw WASIErrno.loop }
        guard !target.isEmpty else { throw WASIErrno.noent }
        guard target.first != UInt8(ascii: "/") else { throw WASIErrno.perm }
        guard let text = String(validating: target, as: UTF8.self) else { throw WASIErrno.ilseq }
        pending.append(contentsOf: HostPathResolver.components(of: text).reversed())
    }
}
