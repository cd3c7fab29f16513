extension WASISyscall {
    /// The call as a trace shows it: `fd_write(fd=1, iovs=[…"hello\n"], iovs_len=1, nwritten=0x1ff0c)`.
    func describe(_ arguments: WASIArguments, memory: any GuestMemory) -> String {
        var parts: [String] = []
        for (index, parameter) in parameters.enumerated() {
            parts.append("\(parameter.name)=\(Self.format(parameter.kind, index: index, arguments, memory))")
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }

    /// The values a successful call stored through its result pointers: ` -> nwritten=13`.
    func describeResults(_ arguments: WASIArguments, memory: any GuestMemory) -> String {
        var parts: [String] = []
        for (index, parameter) in parameters.enumerated() {
            switch parameter.kind {
            case .resultU32:
                if let value = try? memory.loadU32(at: arguments.u32(index)) { parts.append("\(parameter.name)=\(value)") }
            case .resultU64:
                if let value = try? memory.loadU64(at: arguments.u32(index)) { parts.append("\(parameter.name)=\(value)") }
            default:
                break
            }
        }
        return parts.isEmpty ? "" : " -> " + parts.joined(separator: ", ")
    }

    private static func format(_ kind: WASIParameter.Kind, index: Int, _ arguments: WASIArguments, _ memory: any GuestMemory) -> String {
        let value = arguments.u64(index)
        let low = arguments.u32(index)
        switch kind {
        case .fd, .u32: return String(low)
        case .u64: return String(value)
        case .s64: return String(Int64(bitPattern: value))
        case .pointer, .resultU32, .resultU64: return "0x" + String(low, radix: 16)
        case .string(let length):
            guard let bytes = try? memory.bytes(at: low, count: arguments.u32(length)) else { return "<bad pointer 0x\(String(low, radix: 16))>" }
            return quote(bytes, limit: 256)
        case .ciovecs(let count), .iovecs(let count):
            guard let vectors = try? memory.ioVectors(at: low, count: arguments.u32(count)) else {
                return "<bad iovec array 0x\(String(low, radix: 16))>"
            }
            if case .ciovecs = kind, let data = try? memory.gather(vectors, limit: 49) {
                return "[\(vectors.count) buffer(s), \(vectors.totalLength) bytes: \(quote(data, limit: 48))]"
            }
            return "[\(vectors.count) buffer(s), \(vectors.totalLength) bytes]"
        case .rights:
            // Long sets as a number, short ones by name.
            let names = WASIRights(rawValue: value).names
            return names.count > 4 ? "0x" + String(value, radix: 16) : joined(names)
        case .lookupFlags: return joined(WASILookupFlags(rawValue: low).names)
        case .openFlags: return joined(flagNames(UInt64(low), ["CREAT", "DIRECTORY", "EXCL", "TRUNC"]))
        case .fdFlags: return joined(flagNames(UInt64(low), ["APPEND", "DSYNC", "NONBLOCK", "RSYNC", "SYNC"]))
        case .timeFlags: return joined(flagNames(UInt64(low), ["ATIM", "ATIM_NOW", "MTIM", "MTIM_NOW"]))
        case .whence: return ["SET", "CUR", "END"].indices.contains(Int(low)) ? ["SET", "CUR", "END"][Int(low)] : String(low)
        case .clock:
            let names = ["REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID"]
            return names.indices.contains(Int(low)) ? names[Int(low)] : String(low)
        case .flags: return String(low)
        }
    }

    private static func joined(_ names: [String]) -> String {
        names.isEmpty ? "0" : names.joined(separator: "|")
    }

    /// Bytes as a C-style quoted string, cut at `limit` bytes with `...`.
    static func quote(_ bytes: [UInt8], limit: Int) -> String {
        var text = "\""
        for byte in bytes.prefix(limit) {
            switch byte {
            case 0x0a: text += "\\n"
            case 0x09: text += "\\t"
            case 0x0d: text += "\\r"
            case 0x22: text += "\\\""
            case 0x5c: text += "\\\\"
            case 0x20..<0x7f: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        text += "\""
        if bytes.count > limit { text += "..." }
        return text
    }
}
