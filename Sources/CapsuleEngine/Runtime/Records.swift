#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CapsuleCore

// The interpreter touches run-time state only through these plain structs, reached by raw
// pointers that the owning `Store` allocates once and frees when it dies. No class references,
// retain/release or existentials are involved on the hot path.

/// A linear memory. The bytes live in one reservation made at creation (`mmap` of the maximum
/// size, committed lazily by the kernel), so growing never moves them and new pages are zero.
struct MemoryRecord {
    var base: UnsafeMutableRawPointer
    /// Current size in bytes (pages × 64 KiB).
    var byteCount: Int
    /// Maximum size in pages (declared maximum, capped by the address type's bound and by any embedder limit).
    var maxPages: Int
    /// Size of the reservation in bytes.
    var reservedBytes: Int
    /// Declared maximum in pages, as the type says (for import matching).
    var declaredMax: UInt64?
    /// Whether addresses are `i64` (memory64); the slow-path memory instructions read it.
    var is64: Bool = false

    var pageCount: Int { byteCount / wasmPageSize }
}

/// A table of references (function-record addresses or extern values; 0 is null).
struct TableRecord {
    var elements: UnsafeMutablePointer<UInt64>
    var count: Int
    var capacity: Int
    /// Maximum number of elements (declared maximum, capped).
    var maxCount: Int
    var declaredMax: UInt64?
    var elementType: ValueType
    /// The store's count of table elements, shared by all its tables.
    var budget: UnsafeMutablePointer<TableBudget>
    /// Whether indices are `i64` (table64), for import matching.
    var is64: Bool = false
}

/// Table elements in use in a store and how many it allows (`StoreLimits.maxTotalTableElements`).
struct TableBudget {
    var used: Int
    var limit: Int

    /// Takes `count` elements from the budget; false (and nothing taken) when they do not fit.
    mutating func take(_ count: Int) -> Bool {
        guard count <= limit - used else { return false }
        used += count
        return true
    }
}

/// A function: a Wasm function of some instance, or a host function.
struct FunctionRecord {
    /// Interned signature, compared by `call_indirect`.
    var typeID: Int
    /// Entry of the compiled code; nil until compiled, and for host functions.
    var code: UnsafeMutablePointer<UInt32>?
    /// Slots the frame needs: locals (params included) and the deepest operand stack.
    var frameSlots: Int
    /// Slots holding parameters.
    var paramSlots: Int
    /// Slots holding parameters and declared locals; declared locals are zeroed on entry.
    var localSlots: Int
    /// Slots holding results when the function returns.
    var resultSlots: Int
    /// Owning instance (for Wasm functions).
    var instance: UnsafeMutablePointer<InstanceRecord>?
    /// Index in the store's host function table, or -1 for a Wasm function.
    var hostIndex: Int
    /// Index of the function in its defining module's function index space (for names).
    var functionIndex: UInt32
    /// Index in the store's module-info table (for names in backtraces), or -1.
    var moduleInfoIndex: Int
    /// For a Wasm function not yet compiled: the defined-function index to compile.
    var definedIndex: Int
    /// What the slots after the parameters hold on entry, copied there on every call: a zero for
    /// each declared local, then the function's constant slots (so instructions can name a constant
    /// as an ordinary slot operand). One copy instead of a zeroing loop and a constant loop.
    var entryValues: UnsafeMutablePointer<UInt64>? = nil
    var entryValueCount: Int = 0
    /// Index in the store's handler tables (`Store.handlerTables`) of the function's exception
    /// handlers, or -1 when it has none. Read only while an exception unwinds.
    var handlerTable: Int = -1
    /// Words of `code` (the native tier walks the whole body).
    var codeWords: Int = 0
    /// Entry of the function's machine code (native tier), nil while it has none.
    var native: UnsafeRawPointer? = nil
    /// Whether the native tier tried and left the function to the interpreter.
    var nativeFailed: Bool = false
}

/// An exception tag: its identity is the record's address; the type gives the payload.
struct TagRecord {
    /// Interned signature of the tag's type (parameters: the payload; no results).
    var typeID: Int
    /// Slots the payload takes.
    var payloadSlots: Int
}

/// A segment's remaining contents; dropping or using it as active sets `count` to 0.
struct SegmentRecord {
    var base: UnsafeRawPointer?
    var count: Int
}

/// What one instance's code needs at run time.
struct InstanceRecord {
    /// Memory 0, which the interpreter caches (base and size) for its fast path.
    var memory: UnsafeMutablePointer<MemoryRecord>?
    /// Every memory of the memory index space (imports first), for the other memories' instructions.
    var memories: UnsafeMutablePointer<UnsafeMutablePointer<MemoryRecord>>
    var globals: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    var tables: UnsafeMutablePointer<UnsafeMutablePointer<TableRecord>>
    var functions: UnsafeMutablePointer<UnsafeMutablePointer<FunctionRecord>>
    /// Module type index to interned signature ID.
    var typeIDs: UnsafeMutablePointer<Int>
    /// Data segments: bytes (count 0 once dropped).
    var datas: UnsafeMutablePointer<SegmentRecord>
    /// Element segments: UInt64 references (count 0 once dropped).
    var elements: UnsafeMutablePointer<SegmentRecord>
    /// Tags, imported ones first.
    var tags: UnsafeMutablePointer<UnsafeMutablePointer<TagRecord>>
    /// Index of the owning `Instance` object in the store (to find the module for compilation).
    var instanceIndex: Int
}

enum MemoryReservation {
    /// Reserves the address range for a memory of at most `maxPages` pages and makes the first
    /// `initialPages` usable. Returns nil when the system refuses.
    static func reserve(maxPages: Int) -> (UnsafeMutableRawPointer, Int)? {
        // Reserve at least one page so that the base pointer is never null.
        let bytes = Swift.max(maxPages, 1) &* wasmPageSize
        let result = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let result, result != MAP_FAILED else { return nil }
        return (result, bytes)
    }

    static func release(_ base: UnsafeMutableRawPointer, bytes: Int) {
        munmap(base, bytes)
    }
}
