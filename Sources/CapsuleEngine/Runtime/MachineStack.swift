#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much of the machine stack is left, for calls that re-enter Wasm from a host function: each
/// round trip (Wasm, host, Wasm again) costs Swift frames, and a guest that recurses through a host
/// function must meet a "call stack exhausted" trap before the thread's guard page.
struct MachineStack {
    /// Room kept free below a nested entry: the next round trip's frames plus what a host function may use.
    static let reserve: UInt = 256 << 10

    /// The calling thread and the lowest address of its stack, as last looked up.
    private var cachedThread: pthread_t?
    private var cachedLowerBound: UInt = 0

    /// An address in the caller's frame (the stack pointer, near enough).
    @inline(never)
    static func approximatePointer() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest usable address of the calling thread's stack; nil when the system does not say.
    mutating func threadLowerBound() -> UInt? {
        let thread = pthread_self()
        if let cachedThread, pthread_equal(cachedThread, thread) != 0 { return cachedLowerBound }
        #if os(Linux)
        // glibc's pthread_getattr_np is a GNU extension the Glibc module does not import: look it up.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(nil, "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(thread, &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        var guardSize = 0
        pthread_attr_getguardsize(&attributes, &guardSize)
        cachedLowerBound = UInt(bitPattern: address) + UInt(guardSize)
        #else
        let top = UInt(bitPattern: pthread_get_stackaddr_np(thread))
        cachedLowerBound = top - UInt(pthread_get_stacksize_np(thread))
        #endif
        cachedThread = thread
        return cachedLowerBound
    }
}
