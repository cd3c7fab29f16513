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

/// The machine code of a store's functions, packed into shared chunks (one mapping per 1 MiB of code,
/// not one per function). A chunk is mapped read+execute when created; adding a function makes just
/// the pages it touches read+write, copies, and makes them read+execute again, so no page is ever
/// writable and executable at once. That is safe while code in those pages may be on the stack:
/// a store runs on one thread at a time, and that thread is here, not in the code.
final class CodeArena {
    private var chunks: [(base: UnsafeMutableRawPointer, size: Int)] = []
    private var used = 0
    private let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    static let chunkBytes = 1 << 20
    /// Bytes of code installed (for statistics).
    private(set) var installedBytes = 0

    /// Copies `code` in (16-byte aligned) and returns its address; nil when the system refuses.
    func install(_ code: [UInt8]) -> UnsafeRawPointer? {
        let size = (code.count + 15) & ~15
        if chunks.isEmpty || used + size > chunks[chunks.count - 1].size {
            let bytes = max(Self.chunkBytes, (size + page - 1) / page * page)
            guard let mapped = mmap(nil, bytes, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), mapped != MAP_FAILED else {
                return nil
            }
            chunks.append((mapped, bytes))
            used = 0
        }
        let chunk = chunks[chunks.count - 1]
        let start = chunk.base + used
        let firstPage = used / page * page
        let endPage = (used + size + page - 1) / page * page
        let pages = chunk.base + firstPage
        guard mprotect(pages, endPage - firstPage, PROT_READ | PROT_WRITE) == 0 else { return nil }
        code.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
        }
        guard mprotect(pages, endPage - firstPage, PROT_READ | PROT_EXEC) == 0 else { return nil }
        used += size
        installedBytes += code.count
        return UnsafeRawPointer(start)
    }

    deinit {
        for chunk in chunks { munmap(chunk.base, chunk.size) }
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
