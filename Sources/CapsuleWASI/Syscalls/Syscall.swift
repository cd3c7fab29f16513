import CapsuleCore

/// One WASI preview 1 function: its name, its parameters (for the Wasm signature and for traces)
/// and the body that runs it.
public struct WASISyscall: Sendable {
    /// The import name, such as `fd_write`.
    public let name: String
    /// The parameters in order.
    public let parameters: [WASIParameter]
    /// Whether it returns an errno (every function but `proc_exit`).
    public let returnsErrno: Bool
    /// Runs the call: arguments are raw bit patterns (i32 zero-extended).
    let body: @Sendable (WASIContext, any GuestMemory, WASIArguments) throws -> Void

    init(
        _ name: String, _ parameters: [WASIParameter], returnsErrno: Bool = true,
        _ body: @escaping @Sendable (WASIContext, any GuestMemory, WASIArguments) throws -> Void
    ) {
        self.name = name
        self.parameters = parameters
        self.returnsErrno = returnsErrno
        self.body = body
    }

    /// The Wasm signature.
    public var type: FuncType {
        FuncType(params: parameters.map { $0.kind.valueType }, results: returnsErrno ? [.i32] : [])
    }
}

/// A parameter of a WASI function.
public struct WASIParameter: Sendable {
    /// Its witx name.
    public let name: String
    /// How it is passed and shown.
    public let kind: Kind

    init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// How a parameter is passed and how a trace shows it.
    public enum Kind: Sendable {
        /// A descriptor number.
        case fd
        /// A 32-bit number (a size, a count).
        case u32
        /// A 64-bit number (a file size, a timestamp).
        case u64
        /// A signed 64-bit number (`filedelta`).
        case s64
        /// A guest pointer to something the call reads or fills.
        case pointer
        /// A pointer to a UTF-8 string whose length is the parameter at the given index.
        case string(length: Int)
        /// A pointer to a `ciovec` array whose count is the parameter at the given index.
        case ciovecs(count: Int)
        /// A pointer to an `iovec` array whose count is the parameter at the given index.
        case iovecs(count: Int)
        /// Where a `u32` result goes (`size`, `fd`).
        case resultU32
        /// Where a `u64` result goes (`filesize`, `timestamp`).
        case resultU64
        /// `rights`.
        case rights
        /// `lookupflags`.
        case lookupFlags
        /// `oflags`.
        case openFlags
        /// `fdflags`.
        case fdFlags
        /// `fstflags`.
        case timeFlags
        /// `whence`.
        case whence
        /// `clockid`.
        case clock
        /// Any other small enum or flag set, shown as a number.
        case flags

        /// The Wasm type it is passed as.
        public var valueType: ValueType {
            switch self {
            case .u64, .s64, .rights: return .i64
            default: return .i32
            }
        }
    }
}

/// The raw arguments of one call, with typed accessors.
public struct WASIArguments: Sendable {
    /// The bit patterns, in parameter order.
    public let values: [UInt64]

    /// Arguments from bit patterns.
    public init(_ values: [UInt64]) { self.values = values }

    /// Argument `index` as a `u32` (0 when missing).
    public func u32(_ index: Int) -> UInt32 {
        index < values.count ? UInt32(truncatingIfNeeded: values[index]) : 0
    }

    /// Argument `index` as a `u64` (0 when missing).
    public func u64(_ index: Int) -> UInt64 {
        index < values.count ? values[index] : 0
    }
}
