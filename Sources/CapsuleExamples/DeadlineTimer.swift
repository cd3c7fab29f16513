import CapsuleEngine
import Dispatch
import Foundation

/// Interrupts a store's code after a number of seconds, from a thread of its own (not a Dispatch
/// global queue, whose few threads may all be busy running Wasm code).
final class DeadlineTimer: Sendable {
    private let cancelled = DispatchSemaphore(value: 0)

    /// Starts the timer: after `seconds`, unless ``cancel()`` came first, `handle` is interrupted.
    init(seconds: Double, handle: InterruptHandle) {
        let cancelled = self.cancelled
        let thread = Thread {
            if cancelled.wait(timeout: .now() + seconds) == .timedOut { handle.interrupt() }
        }
        thread.start()
    }

    /// Stops the timer if it has not fired yet.
    func cancel() {
        cancelled.signal()
    }
}
