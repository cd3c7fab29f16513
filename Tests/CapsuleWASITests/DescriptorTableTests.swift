import Testing
@testable import CapsuleWASI

/// A file that does nothing, for table tests.
final class NullFile: WASIFile {
    var fileType: WASIFileType { .characterDevice }
    var closed = 0
    func close() throws { closed += 1 }
}

@Suite struct DescriptorTableTests {
    private func descriptor(_ rights: WASIRights = .all) -> WASIDescriptor {
        WASIDescriptor(.file(NullFile()), rights: rights)
    }

    @Test func numbersFollowTheHighestInUse() throws {
        var table = WASIDescriptorTable()
        #expect(try table.insert(descriptor()) == 0)
        #expect(try table.insert(descriptor()) == 1)
        #expect(try table.insert(descriptor()) == 2)
        try table.remove(1)
        #expect(try table.insert(descriptor()) == 3)
        #expect(table.numbers == [0, 2, 3])
    }

    @Test func missingDescriptorIsBadf() {
        let table = WASIDescriptorTable()
        #expect(throws: WASIErrno.badf) { try table.get(7) }
    }

    @Test func missingRightIsNotCapable() throws {
        var table = WASIDescriptorTable()
        let fd = try table.insert(descriptor([.fdRead]))
        #expect(try table.get(fd, requiring: .fdRead) === table.get(fd))
        #expect(throws: WASIErrno.notcapable) { try table.get(fd, requiring: .fdSeek) }
        #expect(throws: WASIErrno.notcapable) { try table.get(fd, requiring: [.fdWrite, .fdSeek]) }
    }

    @Test("A missing fd_read or fd_write right is EBADF: the descriptor is not open for that direction")
    func missingDirectionIsBadf() throws {
        var table = WASIDescriptorTable()
        let reader = try table.insert(descriptor([.fdRead]))
        let writer = try table.insert(descriptor([.fdWrite]))
        #expect(throws: WASIErrno.badf) { try table.get(reader, requiring: .fdWrite) }
        #expect(throws: WASIErrno.badf) { try table.get(writer, requiring: .fdRead) }
    }

    @Test func renumberNeedsBothOpenAndReturnsTheReplaced() throws {
        var table = WASIDescriptorTable()
        let a = try table.insert(descriptor())
        let b = try table.insert(descriptor())
        #expect(throws: WASIErrno.badf) { try table.renumber(a, to: 9) }
        #expect(throws: WASIErrno.badf) { try table.renumber(9, to: a) }
        let moved = try table.get(a)
        let replaced = try table.renumber(a, to: b)
        #expect(replaced != nil)
        #expect(try table.get(b) === moved)
        #expect(!table.contains(a))
        #expect(try table.renumber(b, to: b) == nil)
    }

    @Test func fullTableIsEmfile() throws {
        var table = WASIDescriptorTable()
        table.limit = 2
        try table.insert(descriptor())
        try table.insert(descriptor())
        #expect(throws: WASIErrno.mfile) { try table.insert(self.descriptor()) }
    }
}
