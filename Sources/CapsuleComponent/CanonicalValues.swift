import CapsuleCore
import CapsuleEngine

/// Lifting and lowering of component values (CanonicalABI.md): between `ComponentValue`s and core
/// values or a component instance's linear memory, with the traps the ABI defines.
struct CanonicalContext {
    var memory: Memory?
    var realloc: Function?
    var encoding: CanonicalOptions.StringEncoding
    /// The component instance whose handle table `own` and `borrow` use.
    var resources: ResourceTable?
    /// Which instance defines each resource (a borrow lowered into it is its representation).
    var registry: ResourceRegistry?

    static let utf16Tag: UInt32 = 1 << 31
    static let maximumStringBytes = (1 << 31) - 1

    static func trap(_ message: String) -> Trap {
        Trap(kind: .host(message), backtrace: [])
    }

    // MARK: Memory access

    func requireMemory() throws -> Memory {
        guard let memory else { throw Self.trap("canonical ABI: no memory") }
        return memory
    }

    func bytes(at pointer: UInt64, count: UInt64) throws -> [UInt8] {
        let memory = try requireMemory()
        guard pointer &+ count >= pointer, pointer + count <= UInt64(memory.byteCount) else { throw Self.trap("out of bounds memory access") }
        return try memory.read(at: Int(pointer), count: Int(count))
    }

    func write(_ bytes: [UInt8], at pointer: UInt64) throws {
        let memory = try requireMemory()
        guard pointer + UInt64(bytes.count) <= UInt64(memory.byteCount) else { throw Self.trap("out of bounds memory access") }
        try memory.write(bytes, at: Int(pointer))
    }

    func loadInteger(at pointer: UInt64, size: Int) throws -> UInt64 {
        let raw = try bytes(at: pointer, count: UInt64(size))
        var value: UInt64 = 0
        for (i, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(i)) }
        return value
    }

    func storeInteger(_ value: UInt64, at pointer: UInt64, size: Int) throws {
        try write((0..<size).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }, at: pointer)
    }

    /// Calls `realloc(0, 0, alignment, size)` and checks the pointer it returns.
    func allocate(alignment: UInt64, size: UInt64) throws -> UInt64 {
        guard let realloc else { throw Self.trap("canonical ABI: no realloc") }
        let result = try realloc.call([.i32(0), .i32(0), .i32(UInt32(alignment)), .i32(UInt32(truncatingIfNeeded: size))])
        guard case .i32(let pointer)? = result.first else { throw Self.trap("realloc returned no pointer") }
        let memory = try requireMemory()
        guard UInt64(pointer) % alignment == 0 else { throw Self.trap("realloc return: result not aligned") }
        guard UInt64(pointer) + size <= UInt64(memory.byteCount) else { throw Self.trap("realloc return: beyond end of memory") }
        return UInt64(pointer)
    }

    // MARK: Loading from memory

    /// Loads a value from a pointer the guest gave: checked for alignment and bounds once here, so the
    /// fields and payloads inside (laid out by the type) are loaded without checking each level again.
    func load(_ type: ValType, at pointer: UInt64) throws -> ComponentValue {
        let alignment = CanonicalABI.alignment(type)
        guard pointer % alignment == 0 else { throw Self.trap("unaligned pointer") }
        guard pointer + CanonicalABI.size(type) <= UInt64(try requireMemory().byteCount) else { throw Self.trap("out of bounds memory access") }
        return try loadInPlace(type, at: pointer)
    }

    /// Loads a value inside a checked extent (every byte read is still bounds-checked by the memory).
    private func loadInPlace(_ type: ValType, at pointer: UInt64) throws -> ComponentValue {
        switch type {
        case .bool: return .bool(try loadInteger(at: pointer, size: 1) != 0)
        case .s8: return .s8(Int8(truncatingIfNeeded: try loadInteger(at: pointer, size: 1)))
        case .u8: return .u8(UInt8(truncatingIfNeeded: try loadInteger(at: pointer, size: 1)))
        case .s16: return .s16(Int16(truncatingIfNeeded: try loadInteger(at: pointer, size: 2)))
        case .u16: return .u16(UInt16(truncatingIfNeeded: try loadInteger(at: pointer, size: 2)))
        case .s32: return .s32(Int32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4)))
        case .u32: return .u32(UInt32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4)))
        case .s64: return .s64(Int64(bitPattern: try loadInteger(at: pointer, size: 8)))
        case .u64: return .u64(try loadInteger(at: pointer, size: 8))
        case .f32: return .f32(Self.canonical(Float(bitPattern: UInt32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4)))))
        case .f64: return .f64(Self.canonical(Double(bitPattern: try loadInteger(at: pointer, size: 8))))
        case .char: return .char(try Self.scalar(UInt32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4))))
        case .string:
            let address = try loadInteger(at: pointer, size: 4)
            return .string(try loadString(at: address, taggedLength: UInt32(truncatingIfNeeded: try loadInteger(at: pointer + 4, size: 4))))
        case .list(let element), .map(let element, _):
            let address = try loadInteger(at: pointer, size: 4)
            let count = try loadInteger(at: pointer + 4, size: 4)
            if case .map(let key, let value) = type {
                return .list(try loadList(.tuple([key, value]), at: address, count: count))
            }
            return .list(try loadList(element, at: address, count: count))
        case .fixedList(let element, let length):
            return .list(try loadList(element, at: pointer, count: UInt64(length), checked: false))
        case .record(let fields):
            var offset = pointer
            var values: [(name: String, value: ComponentValue)] = []
            for field in fields {
                offset = CanonicalABI.alignTo(offset, CanonicalABI.alignment(field.type))
                values.append((field.name, try loadInPlace(field.type, at: offset)))
                offset += CanonicalABI.size(field.type)
            }
            return .record(values)
        case .tuple(let types):
            var offset = pointer
            var values: [ComponentValue] = []
            for element in types {
                offset = CanonicalABI.alignTo(offset, CanonicalABI.alignment(element))
                values.append(try loadInPlace(element, at: offset))
                offset += CanonicalABI.size(element)
            }
            return .tuple(values)
        case .variant(let cases):
            let (index, payload) = try loadVariant(cases.map(\.type), at: pointer)
            return .variant(cases[index].name, payload)
        case .enum(let labels):
            let index = try loadInteger(at: pointer, size: Int(CanonicalABI.discriminantSize(labels.count)))
            guard index < labels.count else { throw Self.trap("invalid variant discriminant") }
            return .enum(labels[Int(index)])
        case .option(let some):
            let (index, payload) = try loadVariant([nil, some], at: pointer)
            return .option(index == 0 ? nil : payload)
        case .result(let ok, let error):
            let (index, payload) = try loadVariant([ok, error], at: pointer)
            return .result(index == 0 ? .success(payload) : .failure(.init(payload)))
        case .flags(let labels):
            let bits = try loadInteger(at: pointer, size: Int(CanonicalABI.size(type)))
            return .flags(Set(labels.enumerated().filter { bits & (1 << UInt64($0.offset)) != 0 }.map(\.element)))
        case .own(let resource), .borrow(let resource):
            let handle = UInt32(truncatingIfNeeded: try loadInteger(at: pointer, size: 4))
            return try liftHandle(handle, resource, owned: { if case .own = type { return true }; return false }())
        case .errorContext, .stream, .future:
            throw Self.trap("async values are not supported")
        }
    }

    func loadVariant(_ cases: [ValType?], at pointer: UInt64) throws -> (Int, ComponentValue?) {
        let discriminantSize = CanonicalABI.discriminantSize(cases.count)
        let index = try loadInteger(at: pointer, size: Int(discriminantSize))
        guard index < cases.count else { throw Self.trap("invalid variant discriminant") }
        let payloadAlignment = cases.compactMap { $0.map { CanonicalABI.alignment($0) } }.max() ?? 1
        let offset = CanonicalABI.alignTo(pointer + discriminantSize, payloadAlignment)
        guard let type = cases[Int(index)] else { return (Int(index), nil) }
        return (Int(index), try loadInPlace(type, at: offset))
    }

    func loadList(_ element: ValType, at pointer: UInt64, count: UInt64, checked: Bool = true) throws -> [ComponentValue] {
        let size = CanonicalABI.size(element)
        if checked {
            guard pointer % CanonicalABI.alignment(element) == 0 else { throw Self.trap("unaligned pointer") }
            let (total, overflow) = size.multipliedReportingOverflow(by: count)
            guard !overflow, pointer + total <= UInt64(try requireMemory().byteCount) else { throw Self.trap("out of bounds memory access") }
        }
        if element == .u8 {
            // Bytes in one read (a list<u8> is how streams and files move data).
            return try bytes(at: pointer, count: count).map { .u8($0) }
        }
        return try (0..<count).map { try loadInPlace(element, at: pointer + $0 * size) }
    }

    func loadString(at pointer: UInt64, taggedLength: UInt32) throws -> String {
        let (alignment, byteLength, isUTF16): (UInt64, UInt64, Bool)
        switch encoding {
        case .utf8: (alignment, byteLength, isUTF16) = (1, UInt64(taggedLength), false)
        case .utf16: (alignment, byteLength, isUTF16) = (2, 2 * UInt64(taggedLength), true)
        case .latin1UTF16:
            if taggedLength & Self.utf16Tag != 0 {
                (alignment, byteLength, isUTF16) = (2, 2 * UInt64(taggedLength ^ Self.utf16Tag), true)
            } else {
                (alignment, byteLength, isUTF16) = (2, UInt64(taggedLength), false)
            }
        }
        guard pointer % alignment == 0 else { throw Self.trap("unaligned pointer") }
        let raw = try bytes(at: pointer, count: byteLength)
        switch (encoding, isUTF16) {
        case (.utf8, _):
            guard let text = String(validating: raw, as: UTF8.self) else { throw Self.trap("invalid utf-8 encoding") }
            return text
        case (_, true):
            let units = stride(from: 0, to: raw.count, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
            guard let text = String(validating: units, as: UTF16.self) else { throw Self.trap("invalid utf-16 encoding") }
            return text
        default:
            return String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
        }
    }

    // MARK: Storing into memory

    /// Stores a value at a pointer the guest gave (or its realloc returned): checked for alignment and
    /// bounds once here, not again for each field and payload inside.
    func store(_ value: ComponentValue, _ type: ValType, at pointer: UInt64) throws {
        let alignment = CanonicalABI.alignment(type)
        guard pointer % alignment == 0 else { throw Self.trap("unaligned pointer") }
        guard pointer + CanonicalABI.size(type) <= UInt64(try requireMemory().byteCount) else { throw Self.trap("out of bounds memory access") }
        try storeInPlace(value, type, at: pointer)
    }

    /// Stores a value inside a checked extent (every byte written is still bounds-checked by the memory).
    private func storeInPlace(_ value: ComponentValue, _ type: ValType, at pointer: UInt64) throws {
        switch (type, value) {
        case (.bool, .bool(let v)): try storeInteger(v ? 1 : 0, at: pointer, size: 1)
        case (.s8, .s8(let v)): try storeInteger(UInt64(UInt8(bitPattern: v)), at: pointer, size: 1)
        case (.u8, .u8(let v)): try storeInteger(UInt64(v), at: pointer, size: 1)
        case (.s16, .s16(let v)): try storeInteger(UInt64(UInt16(bitPattern: v)), at: pointer, size: 2)
        case (.u16, .u16(let v)): try storeInteger(UInt64(v), at: pointer, size: 2)
        case (.s32, .s32(let v)): try storeInteger(UInt64(UInt32(bitPattern: v)), at: pointer, size: 4)
        case (.u32, .u32(let v)): try storeInteger(UInt64(v), at: pointer, size: 4)
        case (.s64, .s64(let v)): try storeInteger(UInt64(bitPattern: v), at: pointer, size: 8)
        case (.u64, .u64(let v)): try storeInteger(v, at: pointer, size: 8)
        case (.f32, .f32(let v)): try storeInteger(UInt64(Self.canonical(v).bitPattern), at: pointer, size: 4)
        case (.f64, .f64(let v)): try storeInteger(Self.canonical(v).bitPattern, at: pointer, size: 8)
        case (.char, .char(let v)): try storeInteger(UInt64(v.value), at: pointer, size: 4)
        case (.string, .string(let text)):
            let (address, length) = try storeString(text)
            try storeInteger(address, at: pointer, size: 4)
            try storeInteger(UInt64(length), at: pointer + 4, size: 4)
        case (.map(let key, let mapped), .list(let values)):
            let address = try storeList(values, .tuple([key, mapped]))
            try storeInteger(address, at: pointer, size: 4)
            try storeInteger(UInt64(values.count), at: pointer + 4, size: 4)
        case (.list(let element), .list(let values)):
            let address = try storeList(values, element)
            try storeInteger(address, at: pointer, size: 4)
            try storeInteger(UInt64(values.count), at: pointer + 4, size: 4)
        case (.fixedList(let element, let length), .list(let values)):
            guard values.count == Int(length) else { throw Self.trap("fixed-length list of the wrong length") }
            for (i, v) in values.enumerated() { try storeInPlace(v, element, at: pointer + UInt64(i) * CanonicalABI.size(element)) }
        case (.record(let fields), .record(let values)):
            guard fields.count == values.count else { throw Self.trap("record value does not match its type") }
            var offset = pointer
            for (field, entry) in zip(fields, values) {
                offset = CanonicalABI.alignTo(offset, CanonicalABI.alignment(field.type))
                try storeInPlace(entry.value, field.type, at: offset)
                offset += CanonicalABI.size(field.type)
            }
        case (.tuple(let types), .tuple(let values)):
            guard types.count == values.count else { throw Self.trap("tuple value does not match its type") }
            var offset = pointer
            for (element, v) in zip(types, values) {
                offset = CanonicalABI.alignTo(offset, CanonicalABI.alignment(element))
                try storeInPlace(v, element, at: offset)
                offset += CanonicalABI.size(element)
            }
        case (.variant(let cases), .variant(let name, let payload)):
            guard let index = cases.firstIndex(where: { $0.name == name }) else { throw Self.trap("unknown variant case \(name)") }
            try storeVariant(cases.map(\.type), index: index, payload: payload, at: pointer)
        case (.enum(let labels), .enum(let name)):
            guard let index = labels.firstIndex(of: name) else { throw Self.trap("unknown enum case \(name)") }
            try storeInteger(UInt64(index), at: pointer, size: Int(CanonicalABI.discriminantSize(labels.count)))
        case (.option(let some), .option(let payload)):
            try storeVariant([nil, some], index: payload == nil ? 0 : 1, payload: payload, at: pointer)
        case (.result(let ok, let error), .result(let result)):
            switch result {
            case .success(let payload): try storeVariant([ok, error], index: 0, payload: payload, at: pointer)
            case .failure(let failure): try storeVariant([ok, error], index: 1, payload: failure.payload, at: pointer)
            }
        case (.flags(let labels), .flags(let set)):
            var bits: UInt64 = 0
            for (i, label) in labels.enumerated() where set.contains(label) { bits |= 1 << UInt64(i) }
            try storeInteger(bits, at: pointer, size: Int(CanonicalABI.size(type)))
        case (.own(let resource), .own(let handle)), (.borrow(let resource), .borrow(let handle)):
            try storeInteger(UInt64(try lowerHandle(handle, resource, owned: { if case .own = type { return true }; return false }())), at: pointer, size: 4)
        default:
            throw Self.trap("value \(value) does not have type \(type)")
        }
    }

    func storeVariant(_ cases: [ValType?], index: Int, payload: ComponentValue?, at pointer: UInt64) throws {
        let discriminantSize = CanonicalABI.discriminantSize(cases.count)
        try storeInteger(UInt64(index), at: pointer, size: Int(discriminantSize))
        let payloadAlignment = cases.compactMap { $0.map { CanonicalABI.alignment($0) } }.max() ?? 1
        let offset = CanonicalABI.alignTo(pointer + discriminantSize, payloadAlignment)
        switch (cases[index], payload) {
        case (let type?, let value?): try storeInPlace(value, type, at: offset)
        case (nil, nil): break
        default: throw Self.trap("variant payload does not match its case")
        }
    }

    func storeList(_ values: [ComponentValue], _ element: ValType) throws -> UInt64 {
        let size = CanonicalABI.size(element)
        let (total, overflow) = size.multipliedReportingOverflow(by: UInt64(values.count))
        guard !overflow, total <= UInt64(UInt32.max) else { throw Self.trap("list too long") }
        let address = try allocate(alignment: CanonicalABI.alignment(element), size: total)
        if element == .u8 {
            let bytes = try values.map { value -> UInt8 in
                guard case .u8(let byte) = value else { throw Self.trap("value \(value) does not have type u8") }
                return byte
            }
            try write(bytes, at: address)
            return address
        }
        for (i, value) in values.enumerated() { try storeInPlace(value, element, at: address + UInt64(i) * size) }
        return address
    }

    /// Copies a string into memory in the context's encoding; returns its address and (tagged) length.
    func storeString(_ text: String) throws -> (UInt64, UInt32) {
        switch encoding {
        case .utf8:
            let bytes = Array(text.utf8)
            guard bytes.count <= Self.maximumStringBytes else { throw Self.trap("string too long") }
            let address = try allocate(alignment: 1, size: UInt64(bytes.count))
            try write(bytes, at: address)
            return (address, UInt32(bytes.count))
        case .utf16:
            let units = Array(text.utf16)
            guard units.count * 2 <= Self.maximumStringBytes else { throw Self.trap("string too long") }
            let address = try allocate(alignment: 2, size: UInt64(units.count * 2))
            try write(units.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }, at: address)
            return (address, UInt32(units.count))
        case .latin1UTF16:
            if text.unicodeScalars.allSatisfy({ $0.value < 256 }) {
                let bytes = text.unicodeScalars.map { UInt8($0.value) }
                guard bytes.count <= Self.maximumStringBytes else { throw Self.trap("string too long") }
                let address = try allocate(alignment: 2, size: UInt64(bytes.count))
                try write(bytes, at: address)
                return (address, UInt32(bytes.count))
            }
            let units = Array(text.utf16)
            guard units.count * 2 <= Self.maximumStringBytes else { throw Self.trap("string too long") }
            let address = try allocate(alignment: 2, size: UInt64(units.count * 2))
            try write(units.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)] }, at: address)
            return (address, UInt32(units.count) | Self.utf16Tag)
        }
    }

    // MARK: Flat values

    /// The core values of `value`, in the order `CanonicalABI.flatten(type)` gives their types.
    func lowerFlat(_ value: ComponentValue, _ type: ValType) throws -> [Value] {
        switch (type, value) {
        case (.bool, .bool(let v)): return [.i32(v ? 1 : 0)]
        case (.s8, .s8(let v)): return [.i32(UInt32(bitPattern: Int32(v)))]
        case (.u8, .u8(let v)): return [.i32(UInt32(v))]
        case (.s16, .s16(let v)): return [.i32(UInt32(bitPattern: Int32(v)))]
        case (.u16, .u16(let v)): return [.i32(UInt32(v))]
        case (.s32, .s32(let v)): return [.i32(UInt32(bitPattern: v))]
        case (.u32, .u32(let v)): return [.i32(v)]
        case (.s64, .s64(let v)): return [.i64(UInt64(bitPattern: v))]
        case (.u64, .u64(let v)): return [.i64(v)]
        case (.f32, .f32(let v)): return [.f32(Self.canonical(v).bitPattern)]
        case (.f64, .f64(let v)): return [.f64(Self.canonical(v).bitPattern)]
        case (.char, .char(let v)): return [.i32(v.value)]
        case (.string, .string(let text)):
            let (address, length) = try storeString(text)
            return [.i32(UInt32(address)), .i32(length)]
        case (.list(let element), .list(let values)):
            return [.i32(UInt32(try storeList(values, element))), .i32(UInt32(values.count))]
        case (.map(let key, let mapped), .list(let values)):
            return [.i32(UInt32(try storeList(values, .tuple([key, mapped])))), .i32(UInt32(values.count))]
        case (.fixedList(let element, _), .list(let values)):
            return try values.flatMap { try lowerFlat($0, element) }
        case (.record(let fields), .record(let values)) where fields.count == values.count:
            return try zip(fields, values).flatMap { try lowerFlat($1.value, $0.type) }
        case (.tuple(let types), .tuple(let values)) where types.count == values.count:
            return try zip(types, values).flatMap { try lowerFlat($1, $0) }
        case (.variant(let cases), .variant(let name, let payload)):
            guard let index = cases.firstIndex(where: { $0.name == name }) else { throw Self.trap("unknown variant case \(name)") }
            return try lowerVariant(cases.map(\.type), index: index, payload: payload)
        case (.enum(let labels), .enum(let name)):
            guard let index = labels.firstIndex(of: name) else { throw Self.trap("unknown enum case \(name)") }
            return [.i32(UInt32(index))]
        case (.option(let some), .option(let payload)):
            return try lowerVariant([nil, some], index: payload == nil ? 0 : 1, payload: payload)
        case (.result(let ok, let error), .result(let result)):
            switch result {
            case .success(let payload): return try lowerVariant([ok, error], index: 0, payload: payload)
            case .failure(let failure): return try lowerVariant([ok, error], index: 1, payload: failure.payload)
            }
        case (.flags(let labels), .flags(let set)):
            var bits: UInt32 = 0
            for (i, label) in labels.enumerated() where set.contains(label) { bits |= 1 << UInt32(i) }
            return [.i32(bits)]
        case (.own(let resource), .own(let handle)):
            return [.i32(try lowerHandle(handle, resource, owned: true))]
        case (.borrow(let resource), .borrow(let handle)):
            return [.i32(try lowerHandle(handle, resource, owned: false))]
        default:
            throw Self.trap("value \(value) does not have type \(type)")
        }
    }

    func lowerVariant(_ cases: [ValType?], index: Int, payload: ComponentValue?) throws -> [Value] {
        let joined = Array(CanonicalABI.flattenVariant(cases).dropFirst())
        var flat: [Value] = []
        switch (cases[index], payload) {
        case (let type?, let value?): flat = try lowerFlat(value, type)
        case (nil, nil): break
        default: throw Self.trap("variant payload does not match its case")
        }
        var result: [Value] = [.i32(UInt32(index))]
        for (i, want) in joined.enumerated() {
            guard i < flat.count else {
                result.append(Value.zero(want))
                continue
            }
            result.append(Self.coerce(flat[i], to: want))
        }
        return result
    }

    /// A case's flat value widened to the variant's joined type (CanonicalABI.md, `lower_flat_variant`).
    static func coerce(_ value: Value, to want: ValueType) -> Value {
        switch (value, want) {
        case (.f32(let bits), .i32): return .i32(bits)
        case (.i32(let v), .i64): return .i64(UInt64(v))
        case (.f32(let bits), .i64): return .i64(UInt64(bits))
        case (.f64(let bits), .i64): return .i64(bits)
        default: return value
        }
    }

    /// Lifts the values of `type` from `flat`, advancing it.
    func liftFlat(_ flat: inout FlatValues, _ type: ValType) throws -> ComponentValue {
        switch type {
        case .bool: return .bool(try flat.i32() != 0)
        case .s8: return .s8(Int8(truncatingIfNeeded: try flat.i32()))
        case .u8: return .u8(UInt8(truncatingIfNeeded: try flat.i32()))
        case .s16: return .s16(Int16(truncatingIfNeeded: try flat.i32()))
        case .u16: return .u16(UInt16(truncatingIfNeeded: try flat.i32()))
        case .s32: return .s32(Int32(bitPattern: try flat.i32()))
        case .u32: return .u32(try flat.i32())
        case .s64: return .s64(Int64(bitPattern: try flat.i64()))
        case .u64: return .u64(try flat.i64())
        case .f32: return .f32(Self.canonical(Float(bitPattern: try flat.f32())))
        case .f64: return .f64(Self.canonical(Double(bitPattern: try flat.f64())))
        case .char: return .char(try Self.scalar(try flat.i32()))
        case .string:
            let address = try flat.i32()
            return .string(try loadString(at: UInt64(address), taggedLength: try flat.i32()))
        case .list(let element):
            let address = try flat.i32()
            return .list(try loadList(element, at: UInt64(address), count: UInt64(try flat.i32())))
        case .map(let key, let value):
            let address = try flat.i32()
            return .list(try loadList(.tuple([key, value]), at: UInt64(address), count: UInt64(try flat.i32())))
        case .fixedList(let element, let length):
            return .list(try (0..<length).map { _ in try liftFlat(&flat, element) })
        case .record(let fields):
            return .record(try fields.map { ($0.name, try liftFlat(&flat, $0.type)) })
        case .tuple(let types):
            return .tuple(try types.map { try liftFlat(&flat, $0) })
        case .variant(let cases):
            let (index, payload) = try liftVariant(&flat, cases.map(\.type))
            return .variant(cases[index].name, payload)
        case .enum(let labels):
            let index = try flat.i32()
            guard index < labels.count else { throw Self.trap("invalid variant discriminant") }
            return .enum(labels[Int(index)])
        case .option(let some):
            let (index, payload) = try liftVariant(&flat, [nil, some])
            return .option(index == 0 ? nil : payload)
        case .result(let ok, let error):
            let (index, payload) = try liftVariant(&flat, [ok, error])
            return .result(index == 0 ? .success(payload) : .failure(.init(payload)))
        case .flags(let labels):
            let bits = try flat.i32()
            return .flags(Set(labels.enumerated().filter { bits & (1 << UInt32($0.offset)) != 0 }.map(\.element)))
        case .own(let resource): return try liftHandle(try flat.i32(), resource, owned: true)
        case .borrow(let resource): return try liftHandle(try flat.i32(), resource, owned: false)
        case .errorContext, .stream, .future: throw Self.trap("async values are not supported")
        }
    }

    func liftVariant(_ flat: inout FlatValues, _ cases: [ValType?]) throws -> (Int, ComponentValue?) {
        let joined = Array(CanonicalABI.flattenVariant(cases).dropFirst())
        let index = try flat.i32()
        guard index < cases.count else { throw Self.trap("invalid variant discriminant") }
        // The joined values, narrowed back to the case's own flat types.
        var values: [Value] = []
        for _ in joined { values.append(try flat.next()) }
        guard let type = cases[Int(index)] else { return (Int(index), nil) }
        let own = CanonicalABI.flatten(type)
        var narrowed: [Value] = []
        for (i, have) in own.enumerated() where i < values.count {
            narrowed.append(Self.narrow(values[i], to: have))
        }
        var payloadFlat = FlatValues(narrowed)
        return (Int(index), try liftFlat(&payloadFlat, type))
    }

    static func narrow(_ value: Value, to have: ValueType) -> Value {
        switch (value, have) {
        case (.i32(let bits), .f32): return .f32(bits)
        case (.i64(let v), .i32): return .i32(UInt32(truncatingIfNeeded: v))
        case (.i64(let v), .f32): return .f32(UInt32(truncatingIfNeeded: v))
        case (.i64(let v), .f64): return .f64(v)
        default: return value
        }
    }

    // MARK: Resources

    func liftHandle(_ index: UInt32, _ resource: ResourceIdentity, owned: Bool) throws -> ComponentValue {
        guard let resources else { throw Self.trap("resources need a component instance") }
        let handle = try resources.take(index, resource: resource, owned: owned)
        return owned ? .own(handle) : .borrow(handle)
    }

    func lowerHandle(_ handle: ResourceHandle, _ resource: ResourceIdentity, owned: Bool) throws -> UInt32 {
        guard let resources else { throw Self.trap("resources need a component instance") }
        guard handle.resource.root === resource.root else { throw Self.trap("handle of the wrong resource type") }
        if !owned, registry?.definers[ObjectIdentifier(resource.root)] === resources { return handle.representation }
        return resources.insert(handle, owned: owned)
    }

    // MARK: Scalars

    static func scalar(_ value: UInt32) throws -> Unicode.Scalar {
        guard let scalar = Unicode.Scalar(value) else { throw trap("invalid char value") }
        return scalar
    }

    static func canonical(_ value: Float) -> Float { value.isNaN ? Float(bitPattern: 0x7FC0_0000) : value }
    static func canonical(_ value: Double) -> Double { value.isNaN ? Double(bitPattern: 0x7FF8_0000_0000_0000) : value }
}

/// Core values read in order, each checked against the type it must have.
struct FlatValues {
    private var values: [Value]
    private var position = 0

    init(_ values: [Value]) { self.values = values }

    mutating func next() throws -> Value {
        guard position < values.count else { throw CanonicalContext.trap("too few core values") }
        defer { position += 1 }
        return values[position]
    }

    mutating func i32() throws -> UInt32 {
        guard case .i32(let v) = try next() else { throw CanonicalContext.trap("core value type mismatch") }
        return v
    }

    mutating func i64() throws -> UInt64 {
        guard case .i64(let v) = try next() else { throw CanonicalContext.trap("core value type mismatch") }
        return v
    }

    mutating func f32() throws -> UInt32 {
        guard case .f32(let v) = try next() else { throw CanonicalContext.trap("core value type mismatch") }
        return v
    }

    mutating func f64() throws -> UInt64 {
        guard case .f64(let v) = try next() else { throw CanonicalContext.trap("core value type mismatch") }
        return v
    }
}
