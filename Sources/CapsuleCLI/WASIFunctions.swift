/// What a WASI function gives a module access to.
public enum WASICapability: String, Codable, Sendable, CaseIterable, Comparable {
    /// Descriptors, files and directories (`fd_*`, `path_*`), including standard input and output.
    case filesystem
    /// `clock_res_get`, `clock_time_get`.
    case clocks
    /// `random_get`.
    case random
    /// Command-line arguments and environment variables (`args_*`, `environ_*`).
    case argsAndEnvironment = "args-and-environment"
    /// `proc_exit`, `proc_raise`, `sched_yield`.
    case process
    /// `sock_accept`, `sock_recv`, `sock_send`, `sock_shutdown`.
    case sockets
    /// `poll_oneoff`.
    case polling

    /// The capability's name for people, such as `args and environment`.
    public var title: String {
        switch self {
        case .argsAndEnvironment: return "args and environment"
        default: return rawValue
        }
    }

    /// Orders capabilities as declared.
    public static func < (lhs: WASICapability, rhs: WASICapability) -> Bool {
        let order = allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }
}

/// Facts about WASI preview 1's import namespace, in one place.
public enum WASIPreview1 {
    /// The import module names of WASI preview 1 (`wasi_unstable` is the older snapshot with the same names).
    public static let moduleNames: Set<String> = ["wasi_snapshot_preview1", "wasi_unstable"]

    /// The 46 preview 1 functions and the capability each needs.
    public static let functions: [String: WASICapability] = [
        "args_get": .argsAndEnvironment,
        "args_sizes_get": .argsAndEnvironment,
        "environ_get": .argsAndEnvironment,
        "environ_sizes_get": .argsAndEnvironment,
        "clock_res_get": .clocks,
        "clock_time_get": .clocks,
        "fd_advise": .filesystem,
        "fd_allocate": .filesystem,
        "fd_close": .filesystem,
        "fd_datasync": .filesystem,
        "fd_fdstat_get": .filesystem,
        "fd_fdstat_set_flags": .filesystem,
        "fd_fdstat_set_rights": .filesystem,
        "fd_filestat_get": .filesystem,
        "fd_filestat_set_size": .filesystem,
        "fd_filestat_set_times": .filesystem,
        "fd_pread": .filesystem,
        "fd_prestat_get": .filesystem,
        "fd_prestat_dir_name": .filesystem,
        "fd_pwrite": .filesystem,
        "fd_read": .filesystem,
        "fd_readdir": .filesystem,
        "fd_renumber": .filesystem,
        "fd_seek": .filesystem,
        "fd_sync": .filesystem,
        "fd_tell": .filesystem,
        "fd_write": .filesystem,
        "path_create_directory": .filesystem,
        "path_filestat_get": .filesystem,
        "path_filestat_set_times": .filesystem,
        "path_link": .filesystem,
        "path_open": .filesystem,
        "path_readlink": .filesystem,
        "path_remove_directory": .filesystem,
        "path_rename": .filesystem,
        "path_symlink": .filesystem,
        "path_unlink_file": .filesystem,
        "poll_oneoff": .polling,
        "proc_exit": .process,
        "proc_raise": .process,
        "sched_yield": .process,
        "random_get": .random,
        "sock_accept": .sockets,
        "sock_recv": .sockets,
        "sock_send": .sockets,
        "sock_shutdown": .sockets,
    ]
}
