import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Work over many independent items (the function bodies of a large module) split into chunks of
/// consecutive items, run on several threads when there are enough of them.
///
/// The results come back in item order, and a failure is the one a sequential run would meet
/// first: the error of the earliest failing chunk (each chunk stops at its own first error).
public enum ChunkedWork {
    /// Items per chunk. Fewer than two chunks' worth run on the calling thread.
    public static let itemsPerChunk = 512

    /// The processors online, at least 1.
    public static let processorCount = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `work` applied to consecutive ranges covering `0..<count`, its results concatenated.
    public static func map<Output: Sendable, Failure: Error>(
        count: Int, chunkSize: Int = itemsPerChunk, _ work: @Sendable (Range<Int>) throws(Failure) -> [Output]
    ) throws(Failure) -> [Output] {
        guard count >= 2 * chunkSize, processorCount > 1 else { return try work(0..<count) }
        let chunkCount = (count + chunkSize - 1) / chunkSize
        // Each chunk writes only its own slot, so no two threads touch the same element.
        let slots = DisjointSlots<Result<[Output], Failure>>(count: chunkCount)
        defer { slots.release() }
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = chunk * chunkSize..<min(count, (chunk + 1) * chunkSize)
            do throws(Failure) {
                slots.buffer[chunk] = .success(try work(range))
            } catch {
                slots.buffer[chunk] = .failure(error)
            }
        }
        var results: [Output] = []
        results.reserveCapacity(count)
        for slot in slots.buffer {
            switch slot {
            case .success(let part)?: results += part
            case .failure(let error)?: throw error
            case nil: break  // not reached: every chunk ran and filled its slot
            }
        }
        return results
    }
}

/// A buffer shared by parallel workers that each write separate elements of it.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    func release() {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
