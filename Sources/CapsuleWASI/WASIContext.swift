/// The state of one guest's WASI world: its descriptor table, arguments and environment.
///
/// The syscall methods live in extensions (one file per group) and throw ``WASIErrno``;
/// ``WASIContext/call(_:memory:arguments:)`` turns what they throw into the errno the guest sees.
///
/// ```swift
/// let context = try WASIContext(WASIConfiguration(arguments: ["hello"]))
/// var imports = Imports()
/// context.define(into: &imports, store: store)
/// ```
public final class WASIContext {
    /// Open descriptors.
    public var table: WASIDescriptorTable
    /// Command-line arguments.
    public let arguments: [String]
    /// Environment variables as `NAME=VALUE`.
    public let environment: [String]
    /// Where `--trace` lines go, if anywhere.
    public var trace: ((String) -> Void)?
    /// The guest's clocks.
    public let clocks: any WASIClocks
    /// The source of `random_get`.
    public var random: any RandomNumberGenerator
    /// The standard input, output and error the configuration gave (a checkpoint names them so).
    let standardStreams: [ObjectIdentifier]

    /// Creates the table: standard streams at 0, 1, 2, then the preopened directories and sockets.
    public init(_ configuration: WASIConfiguration) throws {
        arguments = configuration.arguments
        environment = configuration.environment
        trace = configuration.trace
        clocks = configuration.clocks
        random = configuration.random
        table = WASIDescriptorTable()
        let input = Self.standardInputRights
        let output = Self.standardOutputRights
        table.insert(WASIDescriptor(.file(configuration.standardInput), rights: input, inheritingRights: input), at: 0)
        table.insert(WASIDescriptor(.file(configuration.standardOutput), rights: output, inheritingRights: output), at: 1)
        table.insert(WASIDescriptor(.file(configuration.standardError), rights: output, inheritingRights: output), at: 2)
        standardStreams = [configuration.standardInput, configuration.standardOutput, configuration.standardError].map { ObjectIdentifier($0) }
        for (index, preopen) in configuration.preopens.enumerated() {
            let descriptor = WASIDescriptor(
                .directory(preopen.directory), rights: WASIRights.preopenedDirectory, inheritingRights: .all,
                preopenName: preopen.guestPath)
            descriptor.preopenIndex = index
            try table.insert(descriptor)
        }
        for socket in configuration.sockets {
            try table.insert(WASIDescriptor(.file(socket), rights: WASIRights.listeningSocket, inheritingRights: .socket))
        }
    }

    /// Rights of descriptor 0.
    static let standardInputRights: WASIRights = WASIRights.standardStream(input: true)
    /// Rights of descriptors 1 and 2.
    static let standardOutputRights: WASIRights = WASIRights.standardStream(input: false)

    /// Inserts a host-made descriptor (a virtual file, a socket) and returns its number.
    @discardableResult
    public func insert(_ descriptor: WASIDescriptor) throws -> UInt32 {
        try table.insert(descriptor)
    }

    /// Runs one WASI function: decodes nothing itself, but turns a thrown ``WASIErrno`` into the
    /// returned value (0 on success), traces the call when tracing, and lets ``WASIExit`` through.
    public func call(_ syscall: WASISyscall, memory: any GuestMemory, arguments: WASIArguments) throws -> UInt32 {
        let described = trace.map { _ in syscall.describe(arguments, memory: memory) }
        var result: WASIErrno = .success
        do {
            try syscall.body(self, memory, arguments)
        } catch let error as WASIErrno {
            result = error
        } catch let exit as WASIExit {
            if let trace, let described { trace("\(described) = exit(\(exit.code))") }
            throw exit
        } catch {
            result = .io
        }
        if let trace, let described {
            let results = result == .success ? syscall.describeResults(arguments, memory: memory) : ""
            trace("\(described) = \(result.rawValue) (\(result.name))\(results)")
        }
        return UInt32(result.rawValue)
    }
}
