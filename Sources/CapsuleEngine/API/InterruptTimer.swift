import Dispatch
import Foundation

/// A deadline for a store's code: after a number of seconds, from a thread of its own (not a
/// Dispatch global queue, whose few threads may all be busy running Wasm code), it triggers an
/// ``InterruptHandle``, and the guest traps with "execution interrupted". The store must be
/// configured with ``StoreLimits/interruptible``.
///
/// ```swift
/// let timer = InterruptTimer(seconds: 2.5, handle: store.interruptHandle)
/// defer { timer.cancel() }
/// _ = try instance.function("run")?.call()
/// ```
public final class InterruptTimer: Sendable {
    private let cancelled = DispatchSemaphore(value: 0)

    /// Starts the timer: after `seconds`, unless ``cancel()`` came first, `handle` is interrupted.
    public init(seconds: Double, handle: InterruptHandle) {
        let cancelled = self.cancelled
        let thread = Thread {
            if cancelled.wait(timeout: .now() + seconds) == .timedOut { handle.interrupt() }
        }
        thread.start()
    }

    /// Stops the timer if it has not fired yet.
    public func cancel() {
        cancelled.signal()
    }
}
