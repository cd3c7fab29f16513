extension WASIContext {
    /// `args_get`: the arguments as pointers into one buffer of NUL-terminated strings.
    func argsGet(_ memory: any GuestMemory, _ argv: UInt32, _ buffer: UInt32) throws {
        try writeStrings(arguments, memory, pointers: argv, buffer: buffer)
    }

    /// `args_sizes_get`: the number of arguments and the bytes their strings need.
    func argsSizesGet(_ memory: any GuestMemory, _ countPointer: UInt32, _ sizePointer: UInt32) throws {
        try writeSizes(arguments, memory, countPointer, sizePointer)
    }

    /// `environ_get`: the `NAME=VALUE` strings, like `args_get`.
    func environGet(_ memory: any GuestMemory, _ environ: UInt32, _ buffer: UInt32) throws {
        try writeStrings(environment, memory, pointers: environ, buffer: buffer)
    }

    /// `environ_sizes_get`: the number of variables and the bytes their strings need.
    func environSizesGet(_ memory: any GuestMemory, _ countPointer: UInt32, _ sizePointer: UInt32) throws {
        try writeSizes(environment, memory, countPointer, sizePointer)
    }

    private func writeSizes(_ strings: [String], _ memory: any GuestMemory, _ countPointer: UInt32, _ sizePointer: UInt32) throws {
        let size = strings.reduce(0) { $0 &+ $1.utf8.count &+ 1 }
        guard let count = UInt32(exactly: strings.count), let bytes = UInt32(exactly: size) else { throw WASIErrno.overflow }
        try memory.check(countPointer, 4)
        try memory.check(sizePointer, 4)
        try memory.storeU32(count, at: countPointer)
        try memory.storeU32(bytes, at: sizePointer)
    }

    private func writeStrings(_ strings: [String], _ memory: any GuestMemory, pointers: UInt32, buffer: UInt32) throws {
        var offset = buffer
        for (i, string) in strings.enumerated() {
            let bytes = Array(string.utf8) + [0]
            let (slot, overflow) = pointers.addingReportingOverflow(UInt32(truncatingIfNeeded: i) &* 4)
            guard !overflow, i < Int(UInt32.max / 4) else { throw WASIErrno.fault }
            try memory.write(bytes, at: offset)
            try memory.storeU32(offset, at: slot)
            let (next, overflowed) = offset.addingReportingOverflow(UInt32(truncatingIfNeeded: bytes.count))
            guard !overflowed else { throw WASIErrno.fault }
            offset = next
        }
    }
}
