/// Byte-level encoding of the binary format: LEB128 numbers, vectors, names and sections.
struct BinaryWriter {
    var bytes: [UInt8] = []

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func u32(_ value: UInt32) { u64(UInt64(value)) }

    mutating func u64(_ value: UInt64) {
        var v = value
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            bytes.append(b)
        } while v != 0
    }

    mutating func s64(_ value: Int64) {
        var v = value
        while true {
            let b = UInt8(truncatingIfNeeded: v) & 0x7F
            v >>= 7
            if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
                bytes.append(b)
                return
            }
            bytes.append(b | 0x80)
        }
    }

    mutating func s32(_ value: Int32) { s64(Int64(value)) }

    mutating func bytes(_ data: [UInt8]) { bytes.append(contentsOf: data) }

    /// A length-prefixed byte vector (also names).
    mutating func vector(_ data: [UInt8]) {
        u32(UInt32(data.count))
        bytes.append(contentsOf: data)
    }

    mutating func name(_ text: String) { vector(Array(text.utf8)) }

    mutating func u32le(_ value: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    mutating func u64le(_ value: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    /// A section: id, size, contents.
    mutating func section(_ id: UInt8, _ contents: [UInt8]) {
        bytes.append(id)
        vector(contents)
    }
}

/// The sections of a module under construction, each holding its item count and encoded items.
struct SectionBuffer {
    var count: UInt32 = 0
    var writer = BinaryWriter()

    /// The section body: count then items.
    var body: [UInt8] {
        var w = BinaryWriter()
        w.u32(count)
        w.bytes(writer.bytes)
        return w.bytes
    }
}

/// Where a custom section goes, relative to the standard sections (`(@custom "n" (after func) ...)`).
enum CustomPlacement: Sendable, Hashable {
    case before(UInt8)
    case after(UInt8)
}

/// A `(@custom ...)` annotation's section.
struct CustomSection: Sendable {
    var name: [UInt8]
    var placement: CustomPlacement
    var contents: [UInt8]
}

extension BinaryWriter {
    /// Section ids in the order the binary format requires them (the tag section, 13, sits between
    /// memory and global; the data count section, 12, between element and code).
    static let sectionOrder: [UInt8] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]

    /// Assembles a module from its non-empty sections, custom sections placed as requested.
    static func module(sections: [UInt8: [UInt8]], customs: [CustomSection], trailing: [(String, [UInt8])]) -> [UInt8] {
        var w = BinaryWriter()
        w.bytes([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
        func emitCustom(_ c: CustomSection) {
            var body = BinaryWriter()
            body.vector(c.name)
            body.bytes(c.contents)
            w.section(0, body.bytes)
        }
        // A custom section placed relative to an absent section goes where that section would be.
        for id in sectionOrder {
            for c in customs where c.placement == .before(id) { emitCustom(c) }
            if let contents = sections[id] { w.section(id, contents) }
            for c in customs where c.placement == .after(id) { emitCustom(c) }
        }
        for (name, contents) in trailing {
            var body = BinaryWriter()
            body.name(name)
            body.bytes(contents)
            w.section(0, body.bytes)
        }
        return w.bytes
    }
}
