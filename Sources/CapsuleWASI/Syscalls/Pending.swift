// Temporary: calls not implemented yet.
extension WASIContext {
    func fdAdvise(_ fd: UInt32, _ offset: UInt64, _ length: UInt64, _ advice: UInt32) throws { throw WASIErrno.nosys }
    func fdAllocate(_ fd: UInt32, _ offset: UInt64, _ length: UInt64) throws { throw WASIErrno.nosys }
    func fdDatasync(_ fd: UInt32) throws { throw WASIErrno.nosys }
    func fdSync(_ fd: UInt32) throws { throw WASIErrno.nosys }
    func fdFilestatGet(_ memory: any GuestMemory, _ fd: UInt32, _ result: UInt32) throws { throw WASIErrno.nosys }
    func fdFilestatSetSize(_ fd: UInt32, _ size: UInt64) throws { throw WASIErrno.nosys }
    func fdFilestatSetTimes(_ fd: UInt32, _ atim: UInt64, _ mtim: UInt64, _ flags: UInt32) throws { throw WASIErrno.nosys }
    func fdReaddir(_ memory: any GuestMemory, _ fd: UInt32, _ buf: UInt32, _ len: UInt32, _ cookie: UInt64, _ result: UInt32) throws { throw WASIErrno.nosys }
    func pathCreateDirectory(_ memory: any GuestMemory, _ fd: UInt32, _ p: UInt32, _ l: UInt32) throws { throw WASIErrno.nosys }
    func pathFilestatGet(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ p: UInt32, _ l: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func pathFilestatSetTimes(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ p: UInt32, _ l: UInt32, _ a: UInt64, _ m: UInt64, _ fl: UInt32) throws { throw WASIErrno.nosys }
    func pathLink(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ p: UInt32, _ l: UInt32, _ nfd: UInt32, _ np: UInt32, _ nl: UInt32) throws { throw WASIErrno.nosys }
    func pathOpen(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ p: UInt32, _ l: UInt32, _ o: UInt32, _ rb: UInt64, _ ri: UInt64, _ ff: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func pathReadlink(_ memory: any GuestMemory, _ fd: UInt32, _ p: UInt32, _ l: UInt32, _ b: UInt32, _ bl: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func pathRemoveDirectory(_ memory: any GuestMemory, _ fd: UInt32, _ p: UInt32, _ l: UInt32) throws { throw WASIErrno.nosys }
    func pathRename(_ memory: any GuestMemory, _ fd: UInt32, _ p: UInt32, _ l: UInt32, _ nfd: UInt32, _ np: UInt32, _ nl: UInt32) throws { throw WASIErrno.nosys }
    func pathSymlink(_ memory: any GuestMemory, _ p: UInt32, _ l: UInt32, _ fd: UInt32, _ np: UInt32, _ nl: UInt32) throws { throw WASIErrno.nosys }
    func pathUnlinkFile(_ memory: any GuestMemory, _ fd: UInt32, _ p: UInt32, _ l: UInt32) throws { throw WASIErrno.nosys }
    func pollOneoff(_ memory: any GuestMemory, _ i: UInt32, _ o: UInt32, _ n: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockAccept(_ memory: any GuestMemory, _ fd: UInt32, _ f: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockRecv(_ memory: any GuestMemory, _ fd: UInt32, _ i: UInt32, _ n: UInt32, _ f: UInt32, _ r: UInt32, _ rf: UInt32) throws { throw WASIErrno.nosys }
    func sockSend(_ memory: any GuestMemory, _ fd: UInt32, _ i: UInt32, _ n: UInt32, _ f: UInt32, _ r: UInt32) throws { throw WASIErrno.nosys }
    func sockShutdown(_ fd: UInt32, _ how: UInt32) throws { throw WASIErrno.nosys }
}

