/// A value of a component type, as a host sees it: what the canonical ABI lifts out of a component's
/// memory and lowers into it.
///
/// ```swift
/// let greeting = try greet.call([.string("Ada")])   // .string("Hello, Ada")
/// ```
public indirect enum ComponentValue: Sendable, Hashable, CustomStringConvertible {
    /// A boolean.
    case bool(Bool)
    /// Signed integers.
    case s8(Int8), s16(Int16), s32(Int32), s64(Int64)
    /// Unsigned integers.
    case u8(UInt8), u16(UInt16), u32(UInt32), u64(UInt64)
    /// Floating-point numbers (NaNs are canonical when they cross the boundary).
    case f32(Float), f64(Double)
    /// A Unicode scalar value.
    case char(Unicode.Scalar)
    /// A string.
    case string(String)
    /// A list (also a fixed-length list).
    case list([ComponentValue])
    /// A record's field values, in the type's order.
    case record([(name: String, value: ComponentValue)])
    /// A tuple's values.
    case tuple([ComponentValue])
    /// A variant case and its payload.
    case variant(String, ComponentValue?)
    /// An enum case.
    case `enum`(String)
    /// An optional value.
    case option(ComponentValue?)
    /// A result: `.success` or `.failure`, each with an optional payload.
    case result(Result<ComponentValue?, ComponentError>)
    /// The flags that are set.
    case flags(Set<String>)
    /// An owned resource handle.
    case own(ResourceHandle)
    /// A borrowed resource handle.
    case borrow(ResourceHandle)

    /// The error payload of a `result`, which may be absent.
    public struct ComponentError: Error, Sendable, Hashable {
        /// The payload, if the error type has one.
        public var payload: ComponentValue?
        /// An error with that payload.
        public init(_ payload: ComponentValue?) { self.payload = payload }
    }

    /// Equality of values; records compare field names and values in order.
    public static func == (a: ComponentValue, b: ComponentValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y
        case (.s8(let x), .s8(let y)): return x == y
        case (.s16(let x), .s16(let y)): return x == y
        case (.s32(let x), .s32(let y)): return x == y
        case (.s64(let x), .s64(let y)): return x == y
        case (.u8(let x), .u8(let y)): return x == y
        case (.u16(let x), .u16(let y)): return x == y
        case (.u32(let x), .u32(let y)): return x == y
        case (.u64(let x), .u64(let y)): return x == y
        case (.f32(let x), .f32(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.f64(let x), .f64(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.char(let x), .char(let y)): return x == y
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.list(let x), .list(let y)), (.tuple(let x), .tuple(let y)): return x == y
        case (.record(let x), .record(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.name == $1.name && $0.value == $1.value }
        case (.variant(let c1, let p1), .variant(let c2, let p2)): return c1 == c2 && p1 == p2
        case (.enum(let x), .enum(let y)): return x == y
        case (.option(let x), .option(let y)): return x == y
        case (.result(let x), .result(let y)): return x == y
        case (.flags(let x), .flags(let y)): return x == y
        case (.own(let x), .own(let y)), (.borrow(let x), .borrow(let y)): return x == y
        default: return false
        }
    }

    /// Hashes consistently with `==` (by description).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }

    /// The value in WAVE (the same text as ``wave``).
    public var description: String { wave }
}

/// A resource handle held by the host: the resource's type and its representation in the component
/// that defines it.
public final class ResourceHandle: Sendable, Hashable, CustomStringConvertible {
    /// The resource type.
    public let resource: ResourceIdentity
    /// The defining component's representation (an i32).
    public let representation: UInt32

    /// A handle for `representation` of `resource`.
    public init(resource: ResourceIdentity, representation: UInt32) {
        self.resource = resource
        self.representation = representation
    }

    /// Handles compare by identity.
    public static func == (a: ResourceHandle, b: ResourceHandle) -> Bool { a === b }
    /// Hashes by identity.
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
    /// `resource#representation`.
    public var description: String { "\(resource)#\(representation)" }
}
