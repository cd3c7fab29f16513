/// The functions of `wasi_unstable` (preview 0). They are preview 1's, except where the older
/// snapshot's layouts differ: `fd_seek`'s `whence` values (`cur`, `end`, `set` are 0, 1, 2), the
/// 56-byte `filestat` with a 32-bit link count, and clock subscriptions with an extra 8-byte
/// `identifier`. It has no `sock_accept`.
extension WASISyscall {
    /// Every `wasi_unstable` function, by import name.
    public static let unstable: [String: WASISyscall] = {
        var table = all
        table["sock_accept"] = nil
        let whence: [UInt32: WASIWhence] = [0: .current, 1: .end, 2: .set]
        table["fd_seek"] = WASISyscall(
            "fd_seek", [WASIParameter("fd", .fd), WASIParameter("offset", .s64), WASIParameter("whence", .flags), WASIParameter("newoffset", .resultU64)]
        ) { c, m, a in
            guard let mode = whence[a.u32(2)] else { throw WASIErrno.inval }
            try c.fdSeek(m, a.u32(0), a.u64(1), UInt32(mode.rawValue), a.u32(3))
        }
        table["fd_filestat_get"] = WASISyscall("fd_filestat_get", [WASIParameter("fd", .fd), WASIParameter("buf", .pointer)]) { c, m, a in
            try c.fdFilestatGet(m, a.u32(0), a.u32(1), abi: .unstable)
        }
        table["path_filestat_get"] = WASISyscall(
            "path_filestat_get",
            [WASIParameter("fd", .fd), WASIParameter("flags", .lookupFlags), WASIParameter("path", .string(length: 3)),
             WASIParameter("path_len", .u32), WASIParameter("buf", .pointer)]
        ) { c, m, a in try c.pathFilestatGet(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), abi: .unstable) }
        table["poll_oneoff"] = WASISyscall(
            "poll_oneoff",
            [WASIParameter("in", .pointer), WASIParameter("out", .pointer), WASIParameter("nsubscriptions", .u32),
             WASIParameter("nevents", .resultU32)]
        ) { c, m, a in try c.pollOneoff(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), abi: .unstable) }
        return table
    }()
}
