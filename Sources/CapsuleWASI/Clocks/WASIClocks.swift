#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a guest's time comes from: `clock_time_get`, `clock_res_get`, the clock subscriptions of
/// `poll_oneoff`, and the timestamps of an in-memory filesystem.
///
/// Capsule offers two: ``SystemClocks`` (the host's clocks, the default) and
/// ``DeterministicClocks`` (a fixed start that moves only when read or slept on). Implement the
/// protocol to give a guest any other notion of time, such as a clock driven by a simulation.
///
/// ```swift
/// var configuration = WASIConfiguration(arguments: ["app"])
/// configuration.clocks = DeterministicClocks()
/// ```
///
/// Only ``WASIClock/realtime`` and ``WASIClock/monotonic`` are asked for: the CPU-time clocks are
/// refused before the clock source is reached (as wasmtime refuses them).
public protocol WASIClocks: AnyObject {
    /// The time of `clock` in nanoseconds: since the Unix epoch for ``WASIClock/realtime``, since an
    /// arbitrary fixed point for ``WASIClock/monotonic`` (which must never go backwards).
    ///
    /// - Throws: a ``WASIErrno`` for the guest, such as `EINVAL`, when the time cannot be read.
    func now(_ clock: WASIClock) throws -> UInt64
    /// The resolution of `clock` in nanoseconds (at least 1).
    ///
    /// - Throws: a ``WASIErrno`` for the guest when the resolution cannot be read.
    func resolution(_ clock: WASIClock) throws -> UInt64
    /// Lets `nanoseconds` pass on the monotonic clock: `poll_oneoff` calls it when it waits only
    /// for clock subscriptions.
    func sleep(nanoseconds: UInt64)
}

/// The host's real-time and monotonic clocks, and real sleeping: what a guest sees by default.
///
/// ```swift
/// configuration.clocks = SystemClocks()
/// ```
public final class SystemClocks: WASIClocks {
    /// The host's clocks.
    public init() {}

    /// `clock_gettime` of the matching host clock.
    public func now(_ clock: WASIClock) throws -> UInt64 {
        var spec = timespec()
        try hostCall { clock_gettime(Self.hostClock(clock), &spec) }
        return HostStat.nanoseconds(spec)
    }

    /// `clock_getres` of the matching host clock (at least 1 ns).
    public func resolution(_ clock: WASIClock) throws -> UInt64 {
        var spec = timespec()
        try hostCall { clock_getres(Self.hostClock(clock), &spec) }
        return max(1, HostStat.nanoseconds(spec))
    }

    /// `nanosleep`, resumed after interruptions until the whole time has passed.
    public func sleep(nanoseconds: UInt64) {
        var request = timespec(
            tv_sec: Int(min(nanoseconds / 1_000_000_000, UInt64(Int32.max))), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// The host clock behind a WASI clock.
    static func hostClock(_ clock: WASIClock) -> clockid_t {
        switch clock {
        case .realtime: return CLOCK_REALTIME
        case .monotonic: return CLOCK_MONOTONIC
        case .processCPUTime: return CLOCK_PROCESS_CPUTIME_ID
        case .threadCPUTime: return CLOCK_THREAD_CPUTIME_ID
        }
    }
}

/// Clocks that give the same answers on every run: they start at fixed times and move forward by a
/// fixed step each time they are read, and by exactly the requested time when the guest sleeps, which
/// returns at once. Together with ``SeededRandomNumberGenerator`` this makes a program that prints
/// times and random numbers print the same bytes on every run (`capsule run --deterministic`).
///
/// Both clocks share one counter, so the wall clock and the monotonic clock advance together.
///
/// ```swift
/// let clocks = DeterministicClocks()
/// let first = try clocks.now(.monotonic)   // 1_000_000_000
/// let second = try clocks.now(.monotonic)  // 1_001_000_000
/// ```
public final class DeterministicClocks: WASIClocks {
    /// The wall-clock time at the start, in nanoseconds since the Unix epoch.
    public let realtimeStart: UInt64
    /// The monotonic time at the start, in nanoseconds.
    public let monotonicStart: UInt64
    /// How far time moves each time a clock is read, in nanoseconds; also the reported resolution.
    public let step: UInt64
    /// How much time has passed since the start, in nanoseconds.
    public private(set) var elapsed: UInt64 = 0

    /// Clocks starting at `realtimeStart` (default 2024-01-01T00:00:00Z) and `monotonicStart`
    /// (default one second), moving by `step` nanoseconds per reading (default one millisecond, so a
    /// program that waits for time to pass by reading the clock still finishes).
    public init(
        realtimeStart: UInt64 = 1_704_067_200_000_000_000, monotonicStart: UInt64 = 1_000_000_000,
        step: UInt64 = 1_000_000
    ) {
        self.realtimeStart = realtimeStart
        self.monotonicStart = monotonicStart
        self.step = max(1, step)
    }

    /// The start of `clock` plus the time elapsed; then time moves on by ``step``.
    public func now(_ clock: WASIClock) throws -> UInt64 {
        let start = clock == .realtime ? realtimeStart : monotonicStart
        let (time, overflow) = start.addingReportingOverflow(elapsed)
        advance(by: step)
        return overflow ? UInt64.max : time
    }

    /// ``step``.
    public func resolution(_ clock: WASIClock) throws -> UInt64 { step }

    /// Moves time forward by `nanoseconds` without waiting.
    public func sleep(nanoseconds: UInt64) { advance(by: nanoseconds) }

    private func advance(by nanoseconds: UInt64) {
        let (sum, overflow) = elapsed.addingReportingOverflow(nanoseconds)
        elapsed = overflow ? UInt64.max : sum
    }
}
