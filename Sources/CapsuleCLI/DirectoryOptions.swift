import ArgumentParser
import CapsuleWASI
import Synchronization

/// One `--dir` or `--ro-dir` value and its place among them on the command line: the guest sees its
/// preopens in the order they were given, whichever of the two flags granted each (as wasmtime does
/// with its `--dir`).
struct DirectoryGrant: Sendable {
    /// `HOST[::GUEST]` as written.
    var spec: String
    var readOnly: Bool
    /// Increases with every grant parsed in this process, so sorting by it restores the order.
    var position: Int

    private static let parsed = Mutex(0)

    static func next(_ spec: String, readOnly: Bool) -> DirectoryGrant {
        let position = parsed.withLock { count in
            count += 1
            return count
        }
        return DirectoryGrant(spec: spec, readOnly: readOnly, position: position)
    }

    /// The flag that grants it, as a user would type it again.
    var flag: String { readOnly ? "--ro-dir" : "--dir" }
}

/// `--dir` and `--ro-dir`, shared by `run`, `preinit` and `resume`.
struct DirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("dir"),
        help: ArgumentHelp("Grant a host directory, seen by the guest as GUEST (default: HOST).", valueName: "HOST[::GUEST]"),
        transform: { DirectoryGrant.next($0, readOnly: false) })
    var writable: [DirectoryGrant] = []

    @Option(
        name: .customLong("ro-dir"),
        help: ArgumentHelp("Grant a host directory read-only.", valueName: "HOST[::GUEST]"),
        transform: { DirectoryGrant.next($0, readOnly: true) })
    var readOnly: [DirectoryGrant] = []

    /// Every grant, in command-line order.
    var grants: [DirectoryGrant] {
        (writable + readOnly).sorted { $0.position < $1.position }
    }

    /// The flags again, in their order (to hand the same grants to another command).
    var arguments: [String] {
        grants.flatMap { [$0.flag, $0.spec] }
    }

    /// The preopens, opened, in command-line order.
    func preopens() throws -> [WASIPreopen] {
        try grants.map { try RunCommand.preopen($0.spec, readOnly: $0.readOnly) }
    }
}
