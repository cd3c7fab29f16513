// The only file of CapsuleWASI that imports CapsuleEngine: it adapts the engine's memory to
// `GuestMemory` and defines the preview 1 functions as host functions.
import CapsuleCore
import CapsuleEngine

/// The engine's linear memory as a ``GuestMemory``.
struct EngineMemory: GuestMemory {
    let memory: Memory

    func withBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try memory.withUnsafeBytes(body)
    }
}

extension WASIContext {
    /// The import module name of WASI preview 1.
    public static let moduleName = "wasi_snapshot_preview1"
    /// The import module name of the older snapshot (preview 0).
    public static let unstableModuleName = "wasi_unstable"

    /// Defines all 46 preview 1 functions under `wasi_snapshot_preview1`, and the 45 of the older
    /// `wasi_unstable` under that name, as host functions of `store`.
    ///
    /// Each function reads the memory the calling instance exports as `memory` (its memory 0 when it
    /// exports none); a module without a memory sees every
    /// pointer as out of range (`EFAULT`). `proc_exit` throws ``WASIExit`` out of the Wasm call.
    ///
    /// ```swift
    /// let store = Store()
    /// var imports = Imports()
    /// try WASIContext(configuration).define(into: &imports, store: store)
    /// let instance = try store.instantiate(module, imports: imports)
    /// ```
    public func define(into imports: inout Imports, store: Store) {
        define(WASISyscall.all, as: Self.moduleName, into: &imports, store: store)
        define(WASISyscall.unstable, as: Self.unstableModuleName, into: &imports, store: store)
    }

    private func define(_ syscalls: [String: WASISyscall], as module: String, into imports: inout Imports, store: Store) {
        let empty = ByteMemory(count: 0)
        for (name, syscall) in syscalls {
            // Strong: the store's host functions keep the context alive (it holds no reference back to
            // the store, so there is no cycle); an unowned one trapped once the host let it go.
            let function = Function(store: store, type: syscall.type) { [self] caller, values in
                // The memory exported as `memory`, as WASI says (memory 0 for a module that exports none).
                let memory: any GuestMemory = (caller.memory(named: "memory") ?? caller.memory).map { EngineMemory(memory: $0) } ?? empty
                let raw = values.map { value -> UInt64 in
                    switch value {
                    case .i32(let bits): return UInt64(bits)
                    case .i64(let bits): return bits
                    default: return 0
                    }
                }
                let errno = try self.call(syscall, memory: memory, arguments: WASIArguments(raw))
                return syscall.returnsErrno ? [.i32(errno)] : []
            }
            imports.define(module: module, name: name, .function(function))
        }
    }
}
