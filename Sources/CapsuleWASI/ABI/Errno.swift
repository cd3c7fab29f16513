/// A WASI preview 1 error number (`errno`), also thrown by the syscall layer.
///
/// The syscall layer throws these; one wrapper turns them into the value a WASI function returns.
/// Host `errno` values become WASI ones only through ``WASIErrno/init(hostErrno:)``.
///
/// ```swift
/// throw WASIErrno.badf
/// ```
public enum WASIErrno: UInt16, Error, Sendable, CaseIterable, CustomStringConvertible {
    /// `success`.
    case success = 0
    /// `2big`.
    case toobig = 1
    /// `acces`.
    case acces = 2
    /// `addrinuse`.
    case addrinuse = 3
    /// `addrnotavail`.
    case addrnotavail = 4
    /// `afnosupport`.
    case afnosupport = 5
    /// `again`.
    case again = 6
    /// `already`.
    case already = 7
    /// `badf`.
    case badf = 8
    /// `badmsg`.
    case badmsg = 9
    /// `busy`.
    case busy = 10
    /// `canceled`.
    case canceled = 11
    /// `child`.
    case child = 12
    /// `connaborted`.
    case connaborted = 13
    /// `connrefused`.
    case connrefused = 14
    /// `connreset`.
    case connreset = 15
    /// `deadlk`.
    case deadlk = 16
    /// `destaddrreq`.
    case destaddrreq = 17
    /// `dom`.
    case dom = 18
    /// `dquot`.
    case dquot = 19
    /// `exist`.
    case exist = 20
    /// `fault`.
    case fault = 21
    /// `fbig`.
    case fbig = 22
    /// `hostunreach`.
    case hostunreach = 23
    /// `idrm`.
    case idrm = 24
    /// `ilseq`.
    case ilseq = 25
    /// `inprogress`.
    case inprogress = 26
    /// `intr`.
    case intr = 27
    /// `inval`.
    case inval = 28
    /// `io`.
    case io = 29
    /// `isconn`.
    case isconn = 30
    /// `isdir`.
    case isdir = 31
    /// `loop`.
    case loop = 32
    /// `mfile`.
    case mfile = 33
    /// `mlink`.
    case mlink = 34
    /// `msgsize`.
    case msgsize = 35
    /// `multihop`.
    case multihop = 36
    /// `nametoolong`.
    case nametoolong = 37
    /// `netdown`.
    case netdown = 38
    /// `netreset`.
    case netreset = 39
    /// `netunreach`.
    case netunreach = 40
    /// `nfile`.
    case nfile = 41
    /// `nobufs`.
    case nobufs = 42
    /// `nodev`.
    case nodev = 43
    /// `noent`.
    case noent = 44
    /// `noexec`.
    case noexec = 45
    /// `nolck`.
    case nolck = 46
    /// `nolink`.
    case nolink = 47
    /// `nomem`.
    case nomem = 48
    /// `nomsg`.
    case nomsg = 49
    /// `noprotoopt`.
    case noprotoopt = 50
    /// `nospc`.
    case nospc = 51
    /// `nosys`.
    case nosys = 52
    /// `notconn`.
    case notconn = 53
    /// `notdir`.
    case notdir = 54
    /// `notempty`.
    case notempty = 55
    /// `notrecoverable`.
    case notrecoverable = 56
    /// `notsock`.
    case notsock = 57
    /// `notsup`.
    case notsup = 58
    /// `notty`.
    case notty = 59
    /// `nxio`.
    case nxio = 60
    /// `overflow`.
    case overflow = 61
    /// `ownerdead`.
    case ownerdead = 62
    /// `perm`.
    case perm = 63
    /// `pipe`.
    case pipe = 64
    /// `proto`.
    case proto = 65
    /// `protonosupport`.
    case protonosupport = 66
    /// `prototype`.
    case prototype = 67
    /// `range`.
    case range = 68
    /// `rofs`.
    case rofs = 69
    /// `spipe`.
    case spipe = 70
    /// `srch`.
    case srch = 71
    /// `stale`.
    case stale = 72
    /// `timedout`.
    case timedout = 73
    /// `txtbsy`.
    case txtbsy = 74
    /// `xdev`.
    case xdev = 75
    /// `notcapable`.
    case notcapable = 76

    /// The name used by the specification, in upper case as `strace` prints errno names (`NOENT`).
    public var name: String {
        let index = Int(rawValue)
        return index < Self.names.count ? Self.names[index] : "ERRNO_\(rawValue)"
    }

    /// The name, for messages.
    public var description: String { name }

    private static let names: [String] = [
        "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG",
        "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM", "DQUOT",
        "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO",
        "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET",
        "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG",
        "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP", "NOTTY",
        "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE", "ROFS",
        "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
    ]
}
