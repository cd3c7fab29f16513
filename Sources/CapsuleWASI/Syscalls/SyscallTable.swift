/// The 46 functions of `wasi_snapshot_preview1`, with their witx parameters, each calling its
/// ``WASIContext`` method. This is the only list of them; the engine bridge and traces use it.
extension WASISyscall {
    /// Every preview 1 function, by import name.
    public static let all: [String: WASISyscall] = {
        var table: [String: WASISyscall] = [:]
        for syscall in list { table[syscall.name] = syscall }
        return table
    }()

    // Parameter shorthands.
    private static func fd(_ name: String = "fd") -> WASIParameter { WASIParameter(name, .fd) }
    private static func u32(_ name: String) -> WASIParameter { WASIParameter(name, .u32) }
    private static func u64(_ name: String) -> WASIParameter { WASIParameter(name, .u64) }
    private static func ptr(_ name: String) -> WASIParameter { WASIParameter(name, .pointer) }
    private static func out32(_ name: String) -> WASIParameter { WASIParameter(name, .resultU32) }
    private static func out64(_ name: String) -> WASIParameter { WASIParameter(name, .resultU64) }
    private static func path(_ name: String, length: Int) -> WASIParameter { WASIParameter(name, .string(length: length)) }

    private static let list: [WASISyscall] = [
        WASISyscall("args_get", [ptr("argv"), ptr("argv_buf")]) { c, m, a in try c.argsGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("args_sizes_get", [out32("argc"), out32("argv_buf_size")]) { c, m, a in
            try c.argsSizesGet(m, a.u32(0), a.u32(1))
        },
        WASISyscall("environ_get", [ptr("environ"), ptr("environ_buf")]) { c, m, a in try c.environGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("environ_sizes_get", [out32("environc"), out32("environ_buf_size")]) { c, m, a in
            try c.environSizesGet(m, a.u32(0), a.u32(1))
        },
        WASISyscall("clock_res_get", [WASIParameter("id", .clock), out64("resolution")]) { c, m, a in
            try c.clockResGet(m, a.u32(0), a.u32(1))
        },
        WASISyscall("clock_time_get", [WASIParameter("id", .clock), u64("precision"), out64("time")]) { c, m, a in
            try c.clockTimeGet(m, a.u32(0), a.u64(1), a.u32(2))
        },
        WASISyscall("fd_advise", [fd(), u64("offset"), u64("len"), WASIParameter("advice", .flags)]) { c, _, a in
            try c.fdAdvise(a.u32(0), a.u64(1), a.u64(2), a.u32(3))
        },
        WASISyscall("fd_allocate", [fd(), u64("offset"), u64("len")]) { c, _, a in try c.fdAllocate(a.u32(0), a.u64(1), a.u64(2)) },
        WASISyscall("fd_close", [fd()]) { c, _, a in try c.fdClose(a.u32(0)) },
        WASISyscall("fd_datasync", [fd()]) { c, _, a in try c.fdDatasync(a.u32(0)) },
        WASISyscall("fd_fdstat_get", [fd(), ptr("stat")]) { c, m, a in try c.fdFdstatGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("fd_fdstat_set_flags", [fd(), WASIParameter("flags", .fdFlags)]) { c, _, a in
            try c.fdFdstatSetFlags(a.u32(0), a.u32(1))
        },
        WASISyscall(
            "fd_fdstat_set_rights",
            [fd(), WASIParameter("fs_rights_base", .rights), WASIParameter("fs_rights_inheriting", .rights)]
        ) { c, _, a in try c.fdFdstatSetRights(a.u32(0), a.u64(1), a.u64(2)) },
        WASISyscall("fd_filestat_get", [fd(), ptr("buf")]) { c, m, a in try c.fdFilestatGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("fd_filestat_set_size", [fd(), u64("size")]) { c, _, a in try c.fdFilestatSetSize(a.u32(0), a.u64(1)) },
        WASISyscall("fd_filestat_set_times", [fd(), u64("atim"), u64("mtim"), WASIParameter("fst_flags", .timeFlags)]) {
            c, _, a in try c.fdFilestatSetTimes(a.u32(0), a.u64(1), a.u64(2), a.u32(3))
        },
        WASISyscall("fd_pread", [fd(), WASIParameter("iovs", .iovecs(count: 2)), u32("iovs_len"), u64("offset"), out32("nread")]) {
            c, m, a in try c.fdPread(m, a.u32(0), a.u32(1), a.u32(2), a.u64(3), a.u32(4))
        },
        WASISyscall("fd_prestat_get", [fd(), ptr("buf")]) { c, m, a in try c.fdPrestatGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("fd_prestat_dir_name", [fd(), ptr("path"), u32("path_len")]) { c, m, a in
            try c.fdPrestatDirName(m, a.u32(0), a.u32(1), a.u32(2))
        },
        WASISyscall("fd_pwrite", [fd(), WASIParameter("iovs", .ciovecs(count: 2)), u32("iovs_len"), u64("offset"), out32("nwritten")]) {
            c, m, a in try c.fdPwrite(m, a.u32(0), a.u32(1), a.u32(2), a.u64(3), a.u32(4))
        },
        WASISyscall("fd_read", [fd(), WASIParameter("iovs", .iovecs(count: 2)), u32("iovs_len"), out32("nread")]) { c, m, a in
            try c.fdRead(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3))
        },
        WASISyscall("fd_readdir", [fd(), ptr("buf"), u32("buf_len"), u64("cookie"), out32("bufused")]) { c, m, a in
            try c.fdReaddir(m, a.u32(0), a.u32(1), a.u32(2), a.u64(3), a.u32(4))
        },
        WASISyscall("fd_renumber", [fd(), fd("to")]) { c, _, a in try c.fdRenumber(a.u32(0), a.u32(1)) },
        WASISyscall("fd_seek", [fd(), WASIParameter("offset", .s64), WASIParameter("whence", .whence), out64("newoffset")]) {
            c, m, a in try c.fdSeek(m, a.u32(0), a.u64(1), a.u32(2), a.u32(3))
        },
        WASISyscall("fd_sync", [fd()]) { c, _, a in try c.fdSync(a.u32(0)) },
        WASISyscall("fd_tell", [fd(), out64("offset")]) { c, m, a in try c.fdTell(m, a.u32(0), a.u32(1)) },
        WASISyscall("fd_write", [fd(), WASIParameter("iovs", .ciovecs(count: 2)), u32("iovs_len"), out32("nwritten")]) {
            c, m, a in try c.fdWrite(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3))
        },
        WASISyscall("path_create_directory", [fd(), path("path", length: 2), u32("path_len")]) { c, m, a in
            try c.pathCreateDirectory(m, a.u32(0), a.u32(1), a.u32(2))
        },
        WASISyscall(
            "path_filestat_get", [fd(), WASIParameter("flags", .lookupFlags), path("path", length: 3), u32("path_len"), ptr("buf")]
        ) { c, m, a in try c.pathFilestatGet(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4)) },
        WASISyscall(
            "path_filestat_set_times",
            [fd(), WASIParameter("flags", .lookupFlags), path("path", length: 3), u32("path_len"), u64("atim"), u64("mtim"),
             WASIParameter("fst_flags", .timeFlags)]
        ) { c, m, a in try c.pathFilestatSetTimes(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u64(4), a.u64(5), a.u32(6)) },
        WASISyscall(
            "path_link",
            [fd("old_fd"), WASIParameter("old_flags", .lookupFlags), path("old_path", length: 3), u32("old_path_len"),
             fd("new_fd"), path("new_path", length: 6), u32("new_path_len")]
        ) { c, m, a in try c.pathLink(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), a.u32(5), a.u32(6)) },
        WASISyscall(
            "path_open",
            [fd(), WASIParameter("dirflags", .lookupFlags), path("path", length: 3), u32("path_len"),
             WASIParameter("oflags", .openFlags), WASIParameter("fs_rights_base", .rights),
             WASIParameter("fs_rights_inheriting", .rights), WASIParameter("fdflags", .fdFlags), out32("opened_fd")]
        ) { c, m, a in
            try c.pathOpen(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), a.u64(5), a.u64(6), a.u32(7), a.u32(8))
        },
        WASISyscall(
            "path_readlink", [fd(), path("path", length: 2), u32("path_len"), ptr("buf"), u32("buf_len"), out32("bufused")]
        ) { c, m, a in try c.pathReadlink(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), a.u32(5)) },
        WASISyscall("path_remove_directory", [fd(), path("path", length: 2), u32("path_len")]) { c, m, a in
            try c.pathRemoveDirectory(m, a.u32(0), a.u32(1), a.u32(2))
        },
        WASISyscall(
            "path_rename",
            [fd(), path("old_path", length: 2), u32("old_path_len"), fd("new_fd"), path("new_path", length: 5), u32("new_path_len")]
        ) { c, m, a in try c.pathRename(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), a.u32(5)) },
        WASISyscall(
            "path_symlink", [path("old_path", length: 1), u32("old_path_len"), fd(), path("new_path", length: 4), u32("new_path_len")]
        ) { c, m, a in try c.pathSymlink(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4)) },
        WASISyscall("path_unlink_file", [fd(), path("path", length: 2), u32("path_len")]) { c, m, a in
            try c.pathUnlinkFile(m, a.u32(0), a.u32(1), a.u32(2))
        },
        WASISyscall("poll_oneoff", [ptr("in"), ptr("out"), u32("nsubscriptions"), out32("nevents")]) { c, m, a in
            try c.pollOneoff(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3))
        },
        WASISyscall("proc_exit", [u32("rval")], returnsErrno: false) { c, _, a in try c.procExit(a.u32(0)) },
        WASISyscall("proc_raise", [WASIParameter("sig", .flags)]) { c, _, a in try c.procRaise(a.u32(0)) },
        WASISyscall("sched_yield", []) { c, _, _ in try c.schedYield() },
        WASISyscall("random_get", [ptr("buf"), u32("buf_len")]) { c, m, a in try c.randomGet(m, a.u32(0), a.u32(1)) },
        WASISyscall("sock_accept", [fd(), WASIParameter("flags", .fdFlags), out32("fd")]) { c, m, a in
            try c.sockAccept(m, a.u32(0), a.u32(1), a.u32(2))
        },
        WASISyscall(
            "sock_recv",
            [fd(), WASIParameter("ri_data", .iovecs(count: 2)), u32("ri_data_len"), WASIParameter("ri_flags", .flags),
             out32("ro_datalen"), ptr("ro_flags")]
        ) { c, m, a in try c.sockRecv(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4), a.u32(5)) },
        WASISyscall(
            "sock_send",
            [fd(), WASIParameter("si_data", .ciovecs(count: 2)), u32("si_data_len"), WASIParameter("si_flags", .flags),
             out32("so_datalen")]
        ) { c, m, a in try c.sockSend(m, a.u32(0), a.u32(1), a.u32(2), a.u32(3), a.u32(4)) },
        WASISyscall("sock_shutdown", [fd(), WASIParameter("how", .flags)]) { c, _, a in try c.sockShutdown(a.u32(0), a.u32(1)) },
    ]
}
