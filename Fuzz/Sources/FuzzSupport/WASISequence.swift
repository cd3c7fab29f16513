import CapsuleCore
import CapsuleWASI
#if canImport(Glibc)
import Glibc
#endif
import CapsuleWASI

extension FuzzTargets {
    /// The WASI layer: a sequence of calls with fuzzer-chosen arguments against a fresh context over
    /// an in-memory filesystem of 1 MiB (a writable preopen `/` and a read-only preopen `/ro` of a
    /// subdirectory), with standard streams that read nothing and discard writes. Guest memory is a
    /// 64 KiB `ByteMemory`, partly filled from the input, so pointers and paths are meaningful.
    ///
    /// Input: one byte picks the ABI (bit 0: `wasi_unstable`) and tracing (bit 1: every call is also
    /// described, as `--trace` does), then operations until the input ends.
    /// Each operation is a byte: a syscall (index into the sorted table), or "poke" (write bytes from
    /// the input into memory). Arguments are drawn per parameter kind, mostly small and in range.
    public static func wasi(_ data: UnsafeRawBufferPointer) {
        var input = FuzzInput([UInt8](data))
        let mode = input.u8()
        let unstable = mode & 1 == 1
        let table = unstable ? WASISyscall.unstable : WASISyscall.all
        let syscalls = table.keys.sorted().compactMap { table[$0] }
        guard let context = try? WASISequence.makeContext() else { return }
        if mode & 2 == 2 { context.trace = { _ in } }
        if WASISequence.printTrace { context.trace = { print($0) } }
        let memory = ByteMemory(count: WASISequence.memorySize)
        // Some recognisable strings, so that short pointers often hit a path.
        let seeds = ["a.txt", "dir", "dir/b.bin", "link", ".", "..", "dir/../a.txt", "new", "ro"]
        var offset = 0
        for seed in seeds {
            let bytes = Array(seed.utf8)
            memory.storage.replaceSubrange(offset..<offset + bytes.count, with: bytes)
            offset += 16
        }
        var steps = 0
        while !input.isAtEnd, steps < 64 {
            steps += 1
            let choice = Int(input.u8()) % (syscalls.count + 1)
            if choice == syscalls.count {
                let at = Int(input.u16()) % WASISequence.memorySize
                let bytes = input.take(Int(input.u8() % 64))
                let end = min(WASISequence.memorySize, at + bytes.count)
                memory.storage.replaceSubrange(at..<end, with: bytes.prefix(end - at))
                continue
            }
            let syscall = syscalls[choice]
            let arguments = syscall.parameters.map { WASISequence.argument(for: $0.kind, from: &input) }
            if syscall.name == "poll_oneoff" {
                WASISequence.shortenClockSubscriptions(memory, arguments, unstable: unstable)
            }
            do {
                _ = try context.call(syscall, memory: memory, arguments: WASIArguments(arguments))
            } catch {
                return  // proc_exit
            }
        }
    }
}

enum WASISequence {
    static let memorySize = 1 << 16
    /// CAPSULE_FUZZ_TRACE=1 prints every call (to read what a crashing input does).
    static let printTrace = getenv("CAPSULE_FUZZ_TRACE") != nil

    static func makeContext() throws -> WASIContext {
        let fs = MemoryFileSystem(capacity: 1 << 20)
        try fs.root.createDirectory(at: "dir")
        try fs.root.createDirectory(at: "ro")
        try fs.write(Array("hello, world\n".utf8), to: "a.txt")
        try fs.write([UInt8](repeating: 7, count: 300), to: "dir/b.bin")
        try fs.write(Array("read only".utf8), to: "ro/c.txt")
        try fs.root.symlink("dir/b.bin", at: "link")
        try fs.root.symlink("../..", at: "dir/escape")
        var configuration = WASIConfiguration(arguments: ["prog", "arg"], environment: ["A=1", "B="])
        configuration.standardInput = WASIStreamFile(read: { count in Array("input".utf8.prefix(count)) })
        configuration.standardOutput = WASIStreamFile(write: { _ in })
        configuration.standardError = WASIStreamFile(write: { _ in })
        configuration.preopens = [WASIPreopen(guestPath: "/", directory: fs.root)]
        guard case .directory(let ro) = try fs.root.open(at: "ro", WASIOpenRequest(openFlags: [.directory])) else {
            throw WASIErrno.notdir
        }
        configuration.preopens.append(WASIPreopen(guestPath: "/ro", directory: ReadOnlyDirectory(ro)))
        return try WASIContext(configuration)
    }

    /// An argument of the given kind: mostly small values and in-range pointers, sometimes anything.
    /// Pointers often land on one of the seeded strings (every 16 bytes from 0), so that paths name
    /// real files without the fuzzer having to find their addresses.
    static func argument(for kind: WASIParameter.Kind, from input: inout FuzzInput) -> UInt64 {
        let selector = input.u8()
        let wild = selector & 0xe0 == 0xe0  // about one in eight arguments is unconstrained
        switch kind {
        case .u64, .s64, .rights:
            return wild ? input.u64() : UInt64(input.u16())
        case .fd:
            return wild ? UInt64(input.u32()) : UInt64(selector % 10)
        case .pointer, .string, .ciovecs, .iovecs, .resultU32, .resultU64:
            if wild { return UInt64(input.u32()) }
            switch selector & 3 {
            case 0: return UInt64((selector >> 2) % 9) * 16  // a seeded string
            case 1: return 0x1000 + UInt64(selector >> 2) * 8  // scratch space for results and buffers
            default: return UInt64(input.u16())
            }
        default:
            return wild ? UInt64(input.u32()) : UInt64(input.u8() % 64)
        }
    }

    /// Rewrites clock subscriptions in place so that `poll_oneoff` waits at most a millisecond each.
    static func shortenClockSubscriptions(_ memory: ByteMemory, _ arguments: [UInt64], unstable: Bool) {
        guard arguments.count >= 3 else { return }
        let stride = unstable ? 56 : 48
        let clock = unstable ? 24 : 16
        let input = Int(truncatingIfNeeded: arguments[0] & 0xffff_ffff)
        let count = Int(truncatingIfNeeded: min(arguments[2] & 0xffff_ffff, 4096))
        for i in 0..<count {
            let base = input + i * stride
            guard base + stride <= memory.storage.count else { break }
            guard memory.storage[base + 8] == 0 else { continue }  // not a clock
            let timeout = base + clock + 8
            let absolute = memory.storage[base + clock + 24] & 1 == 1
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(memory.storage[timeout + k]) << (8 * UInt64(k)) }
            value = absolute ? 0 : value % 1_000_000
            for k in 0..<8 { memory.storage[timeout + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
    }
}
