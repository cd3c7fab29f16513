import Testing
@testable import CapsuleWASI

/// Every guest pointer and length is checked: out of range is EFAULT, never a host fault.
@Suite struct GuestMemoryTests {
    @Test func loadsAndStoresAreLittleEndianAndChecked() throws {
        let memory = ByteMemory(count: 16)
        try memory.storeU64(0x0102_0304_0506_0708, at: 8)
        #expect(memory.storage[8] == 0x08)
        #expect(try memory.loadU64(at: 8) == 0x0102_0304_0506_0708)
        #expect(try memory.loadU16(at: 14) == 0x0102)
        #expect(throws: WASIErrno.fault) { try memory.loadU64(at: 9) }
        #expect(throws: WASIErrno.fault) { try memory.storeU32(1, at: UInt32.max) }
        #expect(throws: WASIErrno.fault) { try memory.bytes(at: 0, count: 17) }
        #expect(try memory.bytes(at: 16, count: 0) == [])
    }

    @Test("A huge iovec array is cut to a bounded transfer, never a huge host allocation")
    func hugeIOVectorArrays() throws {
        let memory = ByteMemory(count: 1 << 20)
        // 2^17 entries, each naming the whole memory: 128 GiB in all.
        for i in 0..<(1 << 17) {
            try memory.storeU32(0, at: UInt32(i * 8))
            try memory.storeU32(1 << 20, at: UInt32(i * 8 + 4))
        }
        let vectors = try memory.ioVectors(at: 0, count: 1 << 17)
        #expect(vectors.count == IOVector.transferLimit / (1 << 20))
        #expect(vectors.readLength == IOVector.transferLimit)
        #expect(try memory.gather(vectors, limit: 100).count == 100)
        let overflowing = [IOVector](repeating: IOVector(pointer: 0, length: .max), count: 1 << 12)
        #expect(overflowing.totalLength > 0)
    }

    @Test func stringsMustBeUTF8() throws {
        let memory = ByteMemory(count: 8)
        memory.storage[0] = 0xff
        #expect(throws: WASIErrno.ilseq) { try memory.string(at: 0, count: 1) }
        memory.storage[0] = 0x61
        #expect(try memory.string(at: 0, count: 1) == "a")
    }

    @Test func ioVectorsAreCheckedEntryByEntryAndAgainstOverflow() throws {
        let memory = ByteMemory(count: 64)
        try memory.storeU32(32, at: 0)
        try memory.storeU32(8, at: 4)
        #expect(try memory.ioVectors(at: 0, count: 1) == [IOVector(pointer: 32, length: 8)])
        try memory.storeU32(60, at: 0)
        #expect(throws: WASIErrno.fault) { try memory.ioVectors(at: 0, count: 1) }
        #expect(throws: WASIErrno.fault) { try memory.ioVectors(at: 0, count: 0x2000_0001) }
        #expect(throws: WASIErrno.fault) { try memory.ioVectors(at: 60, count: 1) }
    }

    @Test("Bad pointers given to the calls are EFAULT, and nothing happens")
    func callsReportFault() throws {
        let guest = try TestGuest(arguments: ["a", "b"])
        let end = UInt64(guest.memory.storage.count)
        #expect(try guest.call("args_sizes_get", [end, 0]) == .fault)
        #expect(try guest.call("args_get", [end - 4, 0x100]) == .fault)
        #expect(try guest.call("environ_sizes_get", [0x100, end - 2]) == .fault)
        #expect(try guest.call("clock_time_get", [0, 0, end - 7]) == .fault)
        #expect(try guest.call("random_get", [end - 4, 8]) == .fault)
        #expect(try guest.call("fd_write", [1, end, 1, 0x100]) == .fault)
        #expect(try guest.call("fd_read", [0, 0x100, 0xffff_ffff, 0x200]) == .fault)
        #expect(try guest.call("fd_fdstat_get", [1, end - 8]) == .fault)
        #expect(try guest.call("poll_oneoff", [end - 10, 0x100, 1, 0x200]) == .fault)
        #expect(try guest.call("path_open", [3, 0, end, 10, 0, 0, 0, 0, 0x100]) == .badf)
        #expect(guest.output.bytes.isEmpty)
    }

    @Test("A fd_write whose result pointer is bad writes nothing")
    func resultPointerCheckedFirst() throws {
        let guest = try TestGuest()
        let (buffer, length) = guest.place(Array("hello".utf8))
        let iovec = guest.allocate(8)
        try guest.memory.storeU32(buffer, at: iovec)
        try guest.memory.storeU32(UInt32(length), at: iovec + 4)
        #expect(try guest.call("fd_write", [1, UInt64(iovec), 1, UInt64(guest.memory.storage.count)]) == .fault)
        #expect(guest.output.bytes.isEmpty)
        #expect(try guest.call("fd_write", [1, UInt64(iovec), 1, 0x100]) == .success)
        #expect(guest.output.text == "hello")
    }
}
