extension WASIContext {
    /// `clock_res_get`: the resolution of a clock, in nanoseconds, from the context's
    /// ``WASIClocks``. The CPU-time clocks are not supported (as in wasmtime); for them this is
    /// `EINVAL`, as the witx asks for unsupported clocks.
    func clockResGet(_ memory: any GuestMemory, _ id: UInt32, _ result: UInt32) throws {
        let clock = try Self.clock(id)
        guard Self.isSupported(clock) else { throw WASIErrno.inval }
        try memory.check(result, 8)
        try memory.storeU64(max(1, try clocks.resolution(clock)), at: result)
    }

    /// `clock_time_get`: the time of a clock, in nanoseconds, from the context's ``WASIClocks``
    /// (the precision hint is ignored). The CPU-time clocks are `EBADF`, as in wasmtime.
    func clockTimeGet(_ memory: any GuestMemory, _ id: UInt32, _ precision: UInt64, _ result: UInt32) throws {
        let clock = try Self.clock(id)
        guard Self.isSupported(clock) else { throw WASIErrno.badf }
        try memory.check(result, 8)
        try memory.storeU64(try clocks.now(clock), at: result)
    }

    /// Whether a clock can be read: the wall clock and the monotonic clock. The CPU-time clocks
    /// would tell a guest about the host's scheduling, and wasmtime does not offer them either.
    static func isSupported(_ clock: WASIClock) -> Bool {
        clock == .realtime || clock == .monotonic
    }

    /// A clock id: `EINVAL` for an unknown one.
    static func clock(_ id: UInt32) throws -> WASIClock {
        guard let clock = WASIClock(rawValue: id) else { throw WASIErrno.inval }
        return clock
    }
}
