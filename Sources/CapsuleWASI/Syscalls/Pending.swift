// Temporary: calls not implemented yet.
extension WASIContext {
    func pollOneoff(_ memory: any GuestMemory, _ i: UInt32, _ o: UInt32, _ n: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockAccept(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockRecv(_ memory: any GuestMemory, _ fd: UInt32, _ i: UInt32, _ n: UInt32, _ f: UInt32, _ r: UInt32, _ rf: UInt32) throws { throw WASIErrno.nosys }
    func sockSend(_ memory: any GuestMemory, _ fd: UInt32, _ i: UInt32, _ n: UInt32, _ f: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockShutdown(_ fd: UInt32, _ how: UInt32) throws { throw WASIErrno.nosys }
}
