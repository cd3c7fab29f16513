/// What a guest is granted: its arguments, environment, standard streams, preopened directories
/// and sockets. Nothing else is reachable: no directory, variable or socket unless listed here.
///
/// ```swift
/// var configuration = WASIConfiguration(arguments: ["app.wasm", "--verbose"])
/// configuration.environment = ["HOME=/"]
/// configuration.preopens.append(WASIPreopen(guestPath: "/data", directory: try HostDirectory(path: "./data")))
/// let context = try WASIContext(configuration)
/// ```
public struct WASIConfiguration {
    /// Command-line arguments; the first is the program name.
    public var arguments: [String]
    /// Environment variables as `NAME=VALUE`.
    public var environment: [String]
    /// Standard input (descriptor 0).
    public var standardInput: any WASIFile
    /// Standard output (descriptor 1).
    public var standardOutput: any WASIFile
    /// Standard error (descriptor 2).
    public var standardError: any WASIFile
    /// Preopened directories, given descriptors 3, 4, ... in order.
    public var preopens: [WASIPreopen]
    /// Preopened sockets (such as `--tcplisten`), numbered after the directories.
    public var sockets: [any WASISocket]
    /// Called with one line (no newline) per WASI call when set, like `strace`.
    public var trace: ((String) -> Void)?
    /// The guest's clocks (`clock_time_get`, `clock_res_get`, clock subscriptions of `poll_oneoff`):
    /// the host's by default.
    public var clocks: any WASIClocks
    /// Where `random_get` takes its bytes: the system's secure generator by default.
    public var random: any RandomNumberGenerator

    /// A configuration with the process's standard streams and nothing else.
    public init(arguments: [String] = [], environment: [String] = []) {
        self.arguments = arguments
        self.environment = environment
        standardInput = HostFile(descriptor: 0, owned: false, standardStream: true)
        standardOutput = HostFile(descriptor: 1, owned: false, standardStream: true)
        standardError = HostFile(descriptor: 2, owned: false, standardStream: true)
        preopens = []
        sockets = []
        trace = nil
        clocks = SystemClocks()
        random = SystemRandomNumberGenerator()
    }

    /// Makes every run of the same program with the same inputs alike: ``DeterministicClocks``
    /// (fixed start times, time moving only as the guest reads clocks or sleeps) and a
    /// ``SeededRandomNumberGenerator`` seeded with `seed`. Standard streams, preopened
    /// directories and the arguments are left as they are: what the guest reads from the host is
    /// still the host's.
    ///
    /// ```swift
    /// var configuration = WASIConfiguration(arguments: ["game"])
    /// configuration.makeDeterministic(seed: 7)
    /// ```
    public mutating func makeDeterministic(seed: UInt64 = 0) {
        clocks = DeterministicClocks()
        random = SeededRandomNumberGenerator(seed: seed)
    }
}

/// A directory the guest can see from the start, under `guestPath`.
public struct WASIPreopen {
    /// The name the guest sees (`fd_prestat_dir_name`).
    public var guestPath: String
    /// The directory; wrap it in ``ReadOnlyDirectory`` for a read-only grant.
    public var directory: any WASIDirectory

    /// A preopen.
    public init(guestPath: String, directory: any WASIDirectory) {
        self.guestPath = guestPath
        self.directory = directory
    }
}

/// Thrown by `proc_exit`: the guest asked to exit with `code`. It propagates out of the Wasm call.
public struct WASIExit: Error, Equatable, CustomStringConvertible {
    /// The exit status.
    public var code: UInt32

    /// An exit with `code`.
    public init(code: UInt32) { self.code = code }

    /// `exit N`.
    public var description: String { "exit \(code)" }
}
