#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WASIContext {
    /// `proc_exit`: ends the guest by throwing ``WASIExit`` through the Wasm call.
    func procExit(_ code: UInt32) throws {
        throw WASIExit(code: code)
    }

    /// `proc_raise`: not supported (as in wasmtime): `ENOSYS`.
    func procRaise(_ signal: UInt32) throws {
        throw WASIErrno.nosys
    }

    /// `sched_yield`.
    func schedYield() throws {
        _ = sched_yield()
    }

    /// `random_get`: fills the buffer from the context's random source (by default the system's
    /// secure one; see ``WASIConfiguration/random``).
    func randomGet(_ memory: any GuestMemory, _ buffer: UInt32, _ length: UInt32) throws {
        try memory.withRange(buffer, length) { bytes in
            var i = 0
            while i < bytes.count {
                var word = random.next()
                for _ in 0..<8 where i < bytes.count {
                    bytes[i] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    i += 1
                }
            }
        }
    }
}
