/*
 * Helpers shared by Capsule's WASI test programs.
 *
 * Every program prints one line per call: a label, then what the call returned, either "ok" (with values
 * that do not depend on the machine or the time) or the WASI errno name ("ENOENT"). Output goes through
 * say(), which flushes after every line, so nothing is lost when a program exits through proc_exit.
 */
#ifndef CAPSULE_WASI_TEST_COMMON_H
#define CAPSULE_WASI_TEST_COMMON_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

/* The WASI errno names, indexed by value (witx order). */
static const char *const errno_names[] = {
    "ESUCCESS", "E2BIG", "EACCES", "EADDRINUSE", "EADDRNOTAVAIL", "EAFNOSUPPORT", "EAGAIN", "EALREADY",
    "EBADF", "EBADMSG", "EBUSY", "ECANCELED", "ECHILD", "ECONNABORTED", "ECONNREFUSED", "ECONNRESET",
    "EDEADLK", "EDESTADDRREQ", "EDOM", "EDQUOT", "EEXIST", "EFAULT", "EFBIG", "EHOSTUNREACH", "EIDRM",
    "EILSEQ", "EINPROGRESS", "EINTR", "EINVAL", "EIO", "EISCONN", "EISDIR", "ELOOP", "EMFILE", "EMLINK",
    "EMSGSIZE", "EMULTIHOP", "ENAMETOOLONG", "ENETDOWN", "ENETRESET", "ENETUNREACH", "ENFILE", "ENOBUFS",
    "ENODEV", "ENOENT", "ENOEXEC", "ENOLCK", "ENOLINK", "ENOMEM", "ENOMSG", "ENOPROTOOPT", "ENOSPC",
    "ENOSYS", "ENOTCONN", "ENOTDIR", "ENOTEMPTY", "ENOTRECOVERABLE", "ENOTSOCK", "ENOTSUP", "ENOTTY",
    "ENXIO", "EOVERFLOW", "EOWNERDEAD", "EPERM", "EPIPE", "EPROTO", "EPROTONOSUPPORT", "EPROTOTYPE",
    "ERANGE", "EROFS", "ESPIPE", "ESRCH", "ESTALE", "ETIMEDOUT", "ETXTBSY", "EXDEV", "ENOTCAPABLE",
};

/* "ok" for success, the errno's name otherwise (or "errno N" for a value outside the table). */
static const char *ename(__wasi_errno_t e) {
    static char unknown[24];
    if (e == 0) return "ok";
    if (e < sizeof(errno_names) / sizeof(errno_names[0])) return errno_names[e];
    snprintf(unknown, sizeof unknown, "errno %u", (unsigned)e);
    return unknown;
}

/* A file type's name. */
static const char *ftname(__wasi_filetype_t t) {
    switch (t) {
    case __WASI_FILETYPE_UNKNOWN: return "unknown";
    case __WASI_FILETYPE_BLOCK_DEVICE: return "block_device";
    case __WASI_FILETYPE_CHARACTER_DEVICE: return "character_device";
    case __WASI_FILETYPE_DIRECTORY: return "directory";
    case __WASI_FILETYPE_REGULAR_FILE: return "regular_file";
    case __WASI_FILETYPE_SOCKET_DGRAM: return "socket_dgram";
    case __WASI_FILETYPE_SOCKET_STREAM: return "socket_stream";
    case __WASI_FILETYPE_SYMBOLIC_LINK: return "symbolic_link";
    default: return "invalid";
    }
}

/* Prints one line and flushes it. */
__attribute__((format(printf, 1, 2))) static void say(const char *format, ...) {
    va_list list;
    va_start(list, format);
    vprintf(format, list);
    va_end(list);
    putchar('\n');
    fflush(stdout);
}

/* Prints "label: ok" or "label: EXXX" and returns the errno. */
static __wasi_errno_t res(const char *label, __wasi_errno_t e) {
    say("%s: %s", label, ename(e));
    return e;
}

/* Rights a regular file opened for reading and writing gets. */
#define RIGHTS_FILE_RW                                                                                            \
    (__WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | \
     __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_ADVISE |               \
     __WASI_RIGHTS_FD_ALLOCATE | __WASI_RIGHTS_FD_FILESTAT_GET | __WASI_RIGHTS_FD_FILESTAT_SET_SIZE |                 \
     __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_POLL_FD_READWRITE)

/* Rights a regular file opened only for reading gets. */
#define RIGHTS_FILE_RO                                                                                            \
    (__WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_SYNC |    \
     __WASI_RIGHTS_FD_TELL | __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_FILESTAT_GET |                              \
     __WASI_RIGHTS_POLL_FD_READWRITE)

/* Rights a regular file opened only for writing gets. */
#define RIGHTS_FILE_WO (RIGHTS_FILE_RW & ~(__wasi_rights_t)__WASI_RIGHTS_FD_READ)

/* Every right (as inheriting rights). */
#define RIGHTS_ALL ((__wasi_rights_t)0x3FFFFFFF)

/* Rights for opening a directory: everything but writing data (asking to write makes runtimes open for writing). */
#define RIGHTS_DIR                                                                                               \
    (RIGHTS_ALL & ~(__wasi_rights_t)(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ALLOCATE | \
                                     __WASI_RIGHTS_FD_FILESTAT_SET_SIZE | __WASI_RIGHTS_SOCK_ACCEPT |             \
                                     __WASI_RIGHTS_SOCK_SHUTDOWN))

/* Opens `path` under `dir` following symlinks. */
static __wasi_errno_t open_at(__wasi_fd_t dir, const char *path, __wasi_oflags_t oflags, __wasi_rights_t base,
                              __wasi_fdflags_t fdflags, __wasi_fd_t *fd) {
    return __wasi_path_open(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, oflags, base, RIGHTS_ALL, fdflags, fd);
}

/*
 * Writes every byte of the buffers, calling fd_write again after a short write (which the spec allows; wasmtime
 * writes only the first non-empty buffer per call). *total gets the bytes written. At most 8 buffers.
 */
static __wasi_errno_t write_all(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t count, size_t *total) {
    __wasi_ciovec_t rest[8];
    size_t left = count < 8 ? count : 8, first = 0;
    memcpy(rest, iovs, left * sizeof *rest);
    *total = 0;
    for (;;) {
        while (first < left && rest[first].buf_len == 0) first++;
        if (first == left) return 0;
        __wasi_size_t n = 0;
        __wasi_errno_t e = __wasi_fd_write(fd, rest + first, left - first, &n);
        if (e) return e;
        if (n == 0) return 0;
        *total += n;
        while (n > 0 && first < left) {
            size_t step = n < rest[first].buf_len ? n : rest[first].buf_len;
            rest[first].buf += step;
            rest[first].buf_len -= step;
            n -= step;
            if (rest[first].buf_len == 0) first++;
        }
    }
}

/* Reads until every buffer is full or the end of the file, calling fd_read again after a short read. */
static __wasi_errno_t read_all(__wasi_fd_t fd, const __wasi_iovec_t *iovs, size_t count, size_t *total) {
    __wasi_iovec_t rest[8];
    size_t left = count < 8 ? count : 8, first = 0;
    memcpy(rest, iovs, left * sizeof *rest);
    *total = 0;
    for (;;) {
        while (first < left && rest[first].buf_len == 0) first++;
        if (first == left) return 0;
        __wasi_size_t n = 0;
        __wasi_errno_t e = __wasi_fd_read(fd, rest + first, left - first, &n);
        if (e) return e;
        if (n == 0) return 0;
        *total += n;
        while (n > 0 && first < left) {
            size_t step = n < rest[first].buf_len ? n : rest[first].buf_len;
            rest[first].buf += step;
            rest[first].buf_len -= step;
            n -= step;
            if (rest[first].buf_len == 0) first++;
        }
    }
}

/* Writes a whole string to `fd`. */
static __wasi_errno_t write_str(__wasi_fd_t fd, const char *text, __wasi_size_t *written) {
    __wasi_ciovec_t iov = {(const uint8_t *)text, strlen(text)};
    size_t total = 0;
    __wasi_errno_t e = write_all(fd, &iov, 1, &total);
    if (written) *written = (__wasi_size_t)total;
    return e;
}

/* Reads up to `cap - 1` bytes from `fd` into `buffer` (until full or the end) and terminates it. */
static __wasi_errno_t read_str(__wasi_fd_t fd, char *buffer, size_t cap, __wasi_size_t *got) {
    __wasi_iovec_t iov = {(uint8_t *)buffer, cap - 1};
    size_t n = 0;
    __wasi_errno_t e = read_all(fd, &iov, 1, &n);
    buffer[e == 0 ? n : 0] = 0;
    if (got) *got = (__wasi_size_t)n;
    return e;
}

/* Creates (or truncates) `path` under `dir` with `content`; returns the first error. */
static __wasi_errno_t make_file(__wasi_fd_t dir, const char *path, const char *content) {
    __wasi_fd_t fd;
    __wasi_size_t n;
    __wasi_errno_t e = open_at(dir, path, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0, &fd);
    if (e) return e;
    e = write_str(fd, content, &n);
    __wasi_errno_t c = __wasi_fd_close(fd);
    return e ? e : c;
}

/* Finds the preopened directory whose guest name is `name`; -1 when there is none. */
static int find_preopen(const char *name) {
    for (__wasi_fd_t fd = 3; fd < 64; fd++) {
        __wasi_prestat_t prestat;
        if (__wasi_fd_prestat_get(fd, &prestat) != 0) continue;
        if (prestat.tag != __WASI_PREOPENTYPE_DIR) continue;
        char buffer[256];
        size_t len = prestat.u.dir.pr_name_len;
        if (len >= sizeof buffer) continue;
        if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)buffer, len) != 0) continue;
        buffer[len] = 0;
        if (strcmp(buffer, name) == 0) return (int)fd;
    }
    return -1;
}

#endif
