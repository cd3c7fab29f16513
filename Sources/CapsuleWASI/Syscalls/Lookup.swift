extension WASIContext {
    /// The file behind `fd` (`EBADF` when closed or a directory), holding `rights` (`ENOTCAPABLE`).
    func file(_ fd: UInt32, _ rights: WASIRights) throws -> (descriptor: WASIDescriptor, file: any WASIFile) {
        let descriptor = try table.get(fd)
        let file = try descriptor.file()
        try descriptor.require(rights)
        return (descriptor, file)
    }

    /// The directory behind `fd` (`EBADF` when closed, `ENOTDIR` for a file), holding `rights`.
    func directory(_ fd: UInt32, _ rights: WASIRights) throws -> (descriptor: WASIDescriptor, directory: any WASIDirectory) {
        let descriptor = try table.get(fd)
        let directory = try descriptor.directory()
        try descriptor.require(rights)
        return (descriptor, directory)
    }
}
