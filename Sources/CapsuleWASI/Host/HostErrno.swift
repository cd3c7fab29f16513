#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WASIErrno {
    /// The WASI errno for a host `errno` value: the one place host errors become WASI errors.
    ///
    /// Unknown host errors become `EIO`.
    public init(hostErrno code: Int32) {
        self = Self.hostTable[code] ?? .io
    }

    /// The WASI errno for the calling thread's current host `errno`.
    static var lastHostError: WASIErrno { WASIErrno(hostErrno: errno) }

    private static let hostTable: [Int32: WASIErrno] = {
        let pairs: KeyValuePairs<Int32, WASIErrno> = [
            E2BIG: .toobig, EACCES: .acces, EADDRINUSE: .addrinuse, EADDRNOTAVAIL: .addrnotavail,
            EAFNOSUPPORT: .afnosupport, EAGAIN: .again, EALREADY: .already, EBADF: .badf, EBADMSG: .badmsg,
            EBUSY: .busy, ECANCELED: .canceled, ECHILD: .child, ECONNABORTED: .connaborted,
            ECONNREFUSED: .connrefused, ECONNRESET: .connreset, EDEADLK: .deadlk, EDESTADDRREQ: .destaddrreq,
            EDOM: .dom, EDQUOT: .dquot, EEXIST: .exist, EFAULT: .fault, EFBIG: .fbig, EHOSTUNREACH: .hostunreach,
            EIDRM: .idrm, EILSEQ: .ilseq, EINPROGRESS: .inprogress, EINTR: .intr, EINVAL: .inval, EIO: .io,
            EISCONN: .isconn, EISDIR: .isdir, ELOOP: .loop, EMFILE: .mfile, EMLINK: .mlink, EMSGSIZE: .msgsize,
            EMULTIHOP: .multihop, ENAMETOOLONG: .nametoolong, ENETDOWN: .netdown, ENETRESET: .netreset,
            ENETUNREACH: .netunreach, ENFILE: .nfile, ENOBUFS: .nobufs, ENODEV: .nodev, ENOENT: .noent,
            ENOEXEC: .noexec, ENOLCK: .nolck, ENOLINK: .nolink, ENOMEM: .nomem, ENOMSG: .nomsg,
            ENOPROTOOPT: .noprotoopt, ENOSPC: .nospc, ENOSYS: .nosys, ENOTCONN: .notconn, ENOTDIR: .notdir,
            ENOTEMPTY: .notempty, ENOTRECOVERABLE: .notrecoverable, ENOTSOCK: .notsock, ENOTSUP: .notsup,
            ENOTTY: .notty, ENXIO: .nxio, EOVERFLOW: .overflow, EOWNERDEAD: .ownerdead, EPERM: .perm,
            EPIPE: .pipe, EPROTO: .proto, EPROTONOSUPPORT: .protonosupport, EPROTOTYPE: .prototype,
            ERANGE: .range, EROFS: .rofs, ESPIPE: .spipe, ESRCH: .srch, ESTALE: .stale, ETIMEDOUT: .timedout,
            ETXTBSY: .txtbsy, EXDEV: .xdev,
            EWOULDBLOCK: .again, EOPNOTSUPP: .notsup,
        ]
        // Some hosts define aliases (EWOULDBLOCK, EOPNOTSUPP) with the same value: keep the first.
        return Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }()
}

/// Runs a host call that returns -1 on error, retrying on `EINTR`; throws the mapped errno.
@discardableResult
func hostCall<T: BinaryInteger>(_ body: () -> T) throws -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw WASIErrno(hostErrno: code)
    }
}
