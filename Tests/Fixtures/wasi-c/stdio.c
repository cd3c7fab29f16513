/*
 * Descriptors 0, 1 and 2: fd_write (gathering several buffers), fd_fdstat_get, fd_filestat_get, and the
 * calls that make no sense on a stream (fd_seek, fd_tell, fd_pread, fd_pwrite give ESPIPE), calls on a
 * descriptor that is not open (EBADF), socket calls on a non-socket, and closing standard error.
 */
#include "common.h"


static void fdstat(__wasi_fd_t fd) {
    __wasi_fdstat_t st;
    char label[64];
    snprintf(label, sizeof label, "fd_fdstat_get %u", (unsigned)fd);
    __wasi_errno_t e = __wasi_fd_fdstat_get(fd, &st);
    if (e) {
        res(label, e);
        return;
    }
    say("%s: ok, flags %u, read right %s, write right %s", label, (unsigned)st.fs_flags,
        st.fs_rights_base & __WASI_RIGHTS_FD_READ ? "yes" : "no",
        st.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
}

int main(void) {
    __wasi_size_t n = 0;
    __wasi_ciovec_t pieces[3] = {{(const uint8_t *)"one ", 4}, {(const uint8_t *)"", 0}, {(const uint8_t *)"two\n", 4}};
    /* A write may be short (wasmtime writes only the first buffer to a stream); write_all goes on. */
    size_t total = 0;
    __wasi_errno_t e = write_all(1, pieces, 3, &total);
    say("fd_write 1 three buffers: %s, %zu bytes in all", ename(e), total);
    e = __wasi_fd_write(1, pieces, 0, &n);
    say("fd_write 1 no buffers: %s, %u bytes", ename(e), (unsigned)n);
    e = write_str(2, "to stderr\n", &n);
    say("fd_write 2: %s, %u bytes", ename(e), (unsigned)n);

    fdstat(0);
    fdstat(1);
    fdstat(2);
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(1, &st) == 0) say("fd 1 filetype %s", ftname(st.fs_filetype));

    __wasi_filestat_t fst;
    e = __wasi_fd_filestat_get(1, &fst);
    if (e)
        res("fd_filestat_get 1", e);
    else
        say("fd_filestat_get 1: ok, filetype %s", ftname(fst.filetype));

    __wasi_filesize_t position = 0;
    res("fd_seek 1 0 SET", __wasi_fd_seek(1, 0, __WASI_WHENCE_SET, &position));
    res("fd_seek 1 0 CUR", __wasi_fd_seek(1, 0, __WASI_WHENCE_CUR, &position));
    res("fd_seek 0 0 END", __wasi_fd_seek(0, 0, __WASI_WHENCE_END, &position));
    res("fd_seek 2 5 SET", __wasi_fd_seek(2, 5, __WASI_WHENCE_SET, &position));
    res("fd_tell 1", __wasi_fd_tell(1, &position));
    res("fd_pwrite 1", __wasi_fd_pwrite(1, pieces, 1, 0, &n));
    uint8_t byte;
    __wasi_iovec_t one = {&byte, 1};
    res("fd_pread 0", __wasi_fd_pread(0, &one, 1, 0, &n));

    res("fd_read 1 (write-only stream)", __wasi_fd_read(1, &one, 1, &n));
    res("fd_write 0 (read-only stream)", __wasi_fd_write(0, pieces, 1, &n));

    __wasi_prestat_t prestat;
    res("fd_prestat_get 0", __wasi_fd_prestat_get(0, &prestat));
    res("fd_prestat_get 1", __wasi_fd_prestat_get(1, &prestat));
    res("fd_prestat_get 3 (no preopens)", __wasi_fd_prestat_get(3, &prestat));

    __wasi_fd_t opened;
    res("path_open on fd 1", __wasi_path_open(1, 0, "x", 0, RIGHTS_FILE_RO, 0, 0, &opened));
    uint8_t dirbuf[64];
    res("fd_readdir on fd 1", __wasi_fd_readdir(1, dirbuf, sizeof dirbuf, 0, &n));

    __wasi_fd_t accepted;
    res("sock_accept 1", __wasi_sock_accept(1, 0, &accepted));
    __wasi_roflags_t roflags;
    res("sock_recv 0", __wasi_sock_recv(0, &one, 1, 0, &n, &roflags));
    res("sock_send 1", __wasi_sock_send(1, pieces, 1, 0, &n));
    res("sock_shutdown 1", __wasi_sock_shutdown(1, __WASI_SDFLAGS_WR));

    res("fd_fdstat_get 99", __wasi_fd_fdstat_get(99, &st));
    res("fd_write 99", __wasi_fd_write(99, pieces, 1, &n));
    res("fd_read 99", __wasi_fd_read(99, &one, 1, &n));
    res("fd_filestat_get 99", __wasi_fd_filestat_get(99, &fst));
    res("fd_seek 99", __wasi_fd_seek(99, 0, __WASI_WHENCE_SET, &position));
    res("fd_close 99", __wasi_fd_close(99));
    res("fd_close 0xffffffff", __wasi_fd_close(0xffffffffu));
    res("fd_renumber 99 to 1", __wasi_fd_renumber(99, 1));
    res("fd_renumber 1 to 99", __wasi_fd_renumber(1, 99));
    res("fd_renumber 1 to 1", __wasi_fd_renumber(1, 1));
    res("fd_sync 99", __wasi_fd_sync(99));

    /* Closing standard error closes the guest's descriptor only. */
    res("fd_close 2", __wasi_fd_close(2));
    res("fd_write 2 after close", write_str(2, "lost\n", &n));
    res("fd_close 2 again", __wasi_fd_close(2));
    res("fd_fdstat_get 2 after close", __wasi_fd_fdstat_get(2, &st));
    say("still writing to fd 1");
    return 0;
}
