#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Machine code in pages of its own: mapped read+write, filled, then switched to read+execute
/// (`mprotect`) before anything runs. The pages are never writable and executable at once.
final class ExecutableMemory {
    let base: UnsafeMutableRawPointer
    let byteCount: Int

    /// Copies `code` into fresh pages and makes them executable; nil when the system refuses.
    init?(code: [UInt8]) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = max(page, (code.count + page - 1) / page * page)
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        code.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { mapped.copyMemory(from: source, byteCount: bytes.count) }
        }
        guard mprotect(mapped, size, PROT_READ | PROT_EXEC) == 0 else {
            munmap(mapped, size)
            return nil
        }
        base = mapped
        byteCount = size
    }

    deinit {
        munmap(base, byteCount)
    }
}

/// The stack native code runs on: an anonymous mapping with an inaccessible guard page at its low end.
final class NativeStack {
    let base: UnsafeMutableRawPointer
    let byteCount: Int
    /// The inaccessible bytes at `base`.
    let guardBytes: Int
    /// The initial stack pointer (16-byte aligned, at the high end).
    var top: UnsafeMutableRawPointer { base + byteCount }

    init?(usableBytes: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = (usableBytes + page - 1) / page * page + page
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0), mapped != MAP_FAILED else {
            return nil
        }
        guard mprotect(mapped, page, PROT_NONE) == 0 else {
            munmap(mapped, size)
            return nil
        }
        base = mapped
        byteCount = size
        guardBytes = page
    }

    deinit {
        munmap(base, byteCount)
    }
}
