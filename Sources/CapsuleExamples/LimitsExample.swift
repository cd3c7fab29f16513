import CapsuleCore
import CapsuleEngine
import CapsuleText

/// Untrusted code under limits: a guest that tries to take 100 more pages of memory, one that loops
/// forever under a fuel budget, and one that loops forever under a deadline. Each store gets its own
/// ``StoreLimits``; the host reports how each limit stopped the guest.
///
/// Run it with `swift run example-limits`; it prints ``expectedOutput``.
public enum LimitsExample {
    /// The untrusted guest: `grab_memory` grows memory by 100 pages (6.25 MiB) and returns what
    /// `memory.grow` returned; `spin` never returns.
    public static let guest = """
        (module
          (memory (export "memory") 1)
          (func (export "grab_memory") (result i32)
            (memory.grow (i32.const 100)))
          (func (export "spin")
            (loop $forever (br $forever))))
        """

    /// What ``run()`` returns.
    public static let expectedOutput = """
        memory: under a 2 MiB limit, memory.grow(100) returned -1 and memory stayed at 1 page(s)
        memory: without a limit, memory.grow(100) returned 1 and memory grew to 101 page(s)
        fuel: spin stopped by trap "all fuel consumed" after a budget of 1000000 (fuel left: 0)
        time: spin stopped by trap "execution interrupted" after a 0.2 s deadline

        """

    /// Runs the guest three times, each under one limit, and returns what the host printed.
    public static func run() throws -> String {
        let module = try WasmModule(bytes: TextFormat.wasm(fromWAT: guest))
        var lines: [String] = []

        // 1. Memory: 2 MiB is 32 pages; growing past the limit fails like any memory.grow failure.
        for limited in [true, false] {
            var limits = StoreLimits()
            if limited { limits.maxMemoryPages = (2 << 20) / 65536 }
            let instance = try Store(limits: limits).instantiate(module)
            let result = try call(instance, "grab_memory")
            let pages = instance.memory("memory")?.pageCount ?? 0
            let grown = result.first.map { "\($0.signed)" } ?? "nothing"
            lines.append(limited
                ? "memory: under a 2 MiB limit, memory.grow(100) returned \(grown) and memory stayed at \(pages) page(s)"
                : "memory: without a limit, memory.grow(100) returned \(grown) and memory grew to \(pages) page(s)")
        }

        // 2. Fuel: a budget of instructions; the endless loop burns through it and traps.
        var fuelLimits = StoreLimits()
        fuelLimits.fuel = 1_000_000
        let fuelStore = Store(limits: fuelLimits)
        let fuelInstance = try fuelStore.instantiate(module)
        let fuelTrap = try trap(of: fuelInstance, "spin")
        lines.append("fuel: spin stopped by trap \"\(fuelTrap.kind)\" after a budget of 1000000 (fuel left: \(fuelStore.fuel ?? 0))")

        // 3. Time: another thread interrupts the store after a deadline.
        var timeLimits = StoreLimits()
        timeLimits.interruptible = true
        let timeStore = Store(limits: timeLimits)
        let timeInstance = try timeStore.instantiate(module)
        let timer = InterruptTimer(seconds: 0.2, handle: timeStore.interruptHandle)
        defer { timer.cancel() }
        let timeTrap = try trap(of: timeInstance, "spin")
        lines.append("time: spin stopped by trap \"\(timeTrap.kind)\" after a 0.2 s deadline")

        return lines.map { $0 + "\n" }.joined()
    }

    private static func call(_ instance: Instance, _ name: String) throws -> [Value] {
        guard let function = instance.function(name) else { throw ExampleError("the guest does not export \(name)") }
        return try function.call()
    }

    /// Calls `name`, which must trap, and returns the trap.
    private static func trap(of instance: Instance, _ name: String) throws -> Trap {
        do {
            _ = try call(instance, name)
        } catch let trap as Trap {
            return trap
        }
        throw ExampleError("\(name) returned instead of being stopped")
    }
}

private extension Value {
    /// An `i32` as a signed number (other values as described).
    var signed: String {
        if case .i32(let bits) = self { return String(Int32(bitPattern: bits)) }
        return description
    }
}
