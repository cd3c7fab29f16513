/*
 * Files in a writable preopen at /sandbox (empty at start): path_open with each flag combination that
 * matters, fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell, fd_filestat_get, fd_filestat_set_size,
 * fd_filestat_set_times, fd_allocate, fd_advise, fd_sync, fd_datasync, fd_fdstat_get, fd_fdstat_set_flags
 * (append), fd_fdstat_set_rights, fd_renumber and fd_close. Descriptor numbers are never printed.
 */
#include "common.h"

static __wasi_fd_t dir;

/* path_open, printing the result; returns the new descriptor or -1. */
static int try_open(const char *label, const char *path, __wasi_oflags_t oflags, __wasi_rights_t base,
                    __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, oflags, base, fdflags, &fd);
    res(label, e);
    return e ? -1 : (int)fd;
}

static void show_size(const char *label, __wasi_fd_t fd) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_fd_filestat_get(fd, &st);
    if (e)
        res(label, e);
    else
        say("%s: ok, size %llu", label, (unsigned long long)st.size);
}

/* Replaces newlines by '|' and zero bytes by '0' so that file contents print on one line. */
static void visible(char *buffer, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (buffer[i] == 0) buffer[i] = '0';
        else if (buffer[i] == '\n') buffer[i] = '|';
    buffer[count] = 0;
}

static void show_read(const char *label, __wasi_fd_t fd) {
    char buffer[128];
    __wasi_size_t n = 0;
    __wasi_errno_t e = read_str(fd, buffer, sizeof buffer, &n);
    if (e) {
        res(label, e);
        return;
    }
    visible(buffer, n);
    say("%s: ok, %u bytes \"%s\"", label, (unsigned)n, buffer);
}

static void show_seek(const char *label, __wasi_fd_t fd, __wasi_filedelta_t offset, __wasi_whence_t whence) {
    __wasi_filesize_t position = 0;
    __wasi_errno_t e = __wasi_fd_seek(fd, offset, whence, &position);
    if (e)
        res(label, e);
    else
        say("%s: ok, position %llu", label, (unsigned long long)position);
}

static void show_tell(const char *label, __wasi_fd_t fd) {
    __wasi_filesize_t position = 0;
    __wasi_errno_t e = __wasi_fd_tell(fd, &position);
    if (e)
        res(label, e);
    else
        say("%s: ok, position %llu", label, (unsigned long long)position);
}

static void show_write(const char *label, __wasi_fd_t fd, const char *text) {
    __wasi_size_t n = 0;
    __wasi_errno_t e = write_str(fd, text, &n);
    if (e)
        res(label, e);
    else
        say("%s: ok, %u bytes", label, (unsigned)n);
}

/* Reads the whole file `path` through a fresh descriptor, showing zero bytes as '0'. */
static void show_file(const char *label, const char *path) {
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, 0, RIGHTS_FILE_RO, 0, &fd);
    if (e) {
        res(label, e);
        return;
    }
    char buffer[256];
    __wasi_iovec_t iov = {(uint8_t *)buffer, sizeof buffer - 1};
    size_t n = 0;
    e = read_all(fd, &iov, 1, &n);
    (void)__wasi_fd_close(fd);
    if (e) {
        res(label, e);
        return;
    }
    visible(buffer, n);
    say("%s: %zu bytes \"%s\"", label, n, buffer);
}

static void open_flags(void) {
    say("-- path_open flags");
    int fd;
    try_open("open missing.txt", "missing.txt", 0, RIGHTS_FILE_RO, 0);
    fd = try_open("open a.txt CREAT", "a.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    if (fd >= 0) {
        show_write("write a.txt", fd, "hello world\n");
        (void)__wasi_fd_close(fd);
    }
    fd = try_open("open a.txt CREAT again (exists)", "a.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    if (fd >= 0) {
        show_size("size after CREAT of an existing file", fd);
        (void)__wasi_fd_close(fd);
    }
    try_open("open a.txt CREAT|EXCL", "a.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW, 0);
    fd = try_open("open b.txt CREAT|EXCL", "b.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    try_open("open c.txt EXCL without CREAT", "c.txt", __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW, 0);
    try_open("open c.txt TRUNC without CREAT", "c.txt", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    fd = try_open("open a.txt TRUNC", "a.txt", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    if (fd >= 0) {
        show_size("size after TRUNC", fd);
        show_write("write a.txt again", fd, "hello world\n");
        (void)__wasi_fd_close(fd);
    }
    fd = try_open("open d.txt CREAT|TRUNC", "d.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    try_open("open a.txt DIRECTORY", "a.txt", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0);
    try_open("open a.txt/ (trailing slash)", "a.txt/", 0, RIGHTS_FILE_RO, 0);
    try_open("open empty path", "", 0, RIGHTS_FILE_RO, 0);

    res("path_create_directory sub", __wasi_path_create_directory(dir, "sub"));
    fd = try_open("open sub DIRECTORY", "sub", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0);
    if (fd >= 0) {
        __wasi_fdstat_t st;
        if (__wasi_fd_fdstat_get(fd, &st) == 0) say("sub fdstat filetype %s", ftname(st.fs_filetype));
        (void)__wasi_fd_close(fd);
    }
    fd = try_open("open sub/ DIRECTORY", "sub/", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    fd = try_open("open sub read-only without DIRECTORY", "sub", 0, RIGHTS_FILE_RO, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    try_open("open sub for writing", "sub", 0, RIGHTS_FILE_RW, 0);
    try_open("open sub CREAT", "sub", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    try_open("open sub CREAT|EXCL", "sub", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW, 0);
    try_open("open sub TRUNC", "sub", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    try_open("open newdir CREAT|DIRECTORY", "newdir", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0);
    try_open("open missing/x.txt CREAT", "missing/x.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    try_open("open a.txt/x.txt CREAT", "a.txt/x.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    fd = try_open("open sub/../a.txt", "sub/../a.txt", 0, RIGHTS_FILE_RO, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    fd = try_open("open ./a.txt", "./a.txt", 0, RIGHTS_FILE_RO, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    fd = try_open("open sub/inner.txt CREAT", "sub/inner.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    if (fd >= 0) (void)__wasi_fd_close(fd);
    show_file("a.txt now", "a.txt");
}

static void reading_and_writing(void) {
    say("-- fd_read, fd_write, fd_seek, fd_tell, fd_pread, fd_pwrite");
    int fd = try_open("open io.txt CREAT|TRUNC", "io.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    if (fd < 0) return;
    __wasi_size_t n = 0;
    size_t total = 0;
    __wasi_ciovec_t pieces[3] = {{(const uint8_t *)"hello ", 6}, {(const uint8_t *)"", 0}, {(const uint8_t *)"world\n", 6}};
    __wasi_errno_t e = write_all(fd, pieces, 3, &total);
    say("fd_write three buffers: %s, %zu bytes", ename(e), total);
    show_tell("fd_tell after write", fd);
    show_read("fd_read at end", fd);
    show_seek("fd_seek 0 SET", fd, 0, __WASI_WHENCE_SET);
    char five[6] = {0};
    __wasi_iovec_t iov5 = {(uint8_t *)five, 5};
    e = __wasi_fd_read(fd, &iov5, 1, &n);
    say("fd_read 5 bytes: %s, %u bytes \"%s\"", ename(e), (unsigned)n, five);
    show_tell("fd_tell after read", fd);
    show_seek("fd_seek 1 CUR", fd, 1, __WASI_WHENCE_CUR);
    show_read("fd_read rest", fd);
    show_seek("fd_seek -6 END", fd, -6, __WASI_WHENCE_END);
    show_read("fd_read from END-6", fd);
    show_seek("fd_seek -1 SET", fd, -1, __WASI_WHENCE_SET);
    show_seek("fd_seek -100 CUR", fd, -100, __WASI_WHENCE_CUR);
    show_seek("fd_seek 100 SET (past end)", fd, 100, __WASI_WHENCE_SET);
    show_read("fd_read past end", fd);
    show_size("size after seeking past end", fd);

    /* Scatter read into three buffers. */
    show_seek("fd_seek 0 SET", fd, 0, __WASI_WHENCE_SET);
    char a[4] = {0}, b[1] = {0}, c[16] = {0};
    __wasi_iovec_t scatter[3] = {{(uint8_t *)a, 3}, {(uint8_t *)b, 0}, {(uint8_t *)c, 15}};
    e = read_all(fd, scatter, 3, &total);
    for (size_t i = 0; i < sizeof c; i++)
        if (c[i] == '\n') c[i] = '|';
    say("fd_read three buffers: %s, %zu bytes \"%s\" + \"%s\"", ename(e), total, a, c);

    /* Positional reads and writes leave the position alone. */
    show_seek("fd_seek 2 SET", fd, 2, __WASI_WHENCE_SET);
    char p[6] = {0};
    __wasi_iovec_t piov = {(uint8_t *)p, 5};
    e = __wasi_fd_pread(fd, &piov, 1, 6, &n);
    say("fd_pread 5 at 6: %s, %u bytes \"%s\"", ename(e), (unsigned)n, p);
    show_tell("fd_tell after pread", fd);
    __wasi_ciovec_t upper = {(const uint8_t *)"HELLO", 5};
    e = __wasi_fd_pwrite(fd, &upper, 1, 0, &n);
    say("fd_pwrite 5 at 0: %s, %u bytes", ename(e), (unsigned)n);
    show_tell("fd_tell after pwrite", fd);
    e = __wasi_fd_pread(fd, &piov, 1, 1000, &n);
    say("fd_pread past end: %s, %u bytes", ename(e), (unsigned)n);
    __wasi_ciovec_t far = {(const uint8_t *)"END", 3};
    e = __wasi_fd_pwrite(fd, &far, 1, 20, &n);
    say("fd_pwrite 3 at 20: %s, %u bytes", ename(e), (unsigned)n);
    show_size("size after pwrite past end", fd);
    show_file("io.txt now", "io.txt");
    e = __wasi_fd_read(fd, &iov5, 0, &n);
    say("fd_read no buffers: %s, %u bytes", ename(e), (unsigned)n);
    (void)__wasi_fd_close(fd);

    /* Descriptors opened for one direction refuse the other. */
    fd = try_open("open io.txt read-only", "io.txt", 0, RIGHTS_FILE_RO, 0);
    if (fd >= 0) {
        show_write("fd_write on read-only descriptor", fd, "x");
        e = __wasi_fd_pwrite(fd, &upper, 1, 0, &n);
        res("fd_pwrite on read-only descriptor", e);
        res("fd_filestat_set_size on read-only descriptor", __wasi_fd_filestat_set_size(fd, 0));
        show_read("fd_read on read-only descriptor", fd);
        (void)__wasi_fd_close(fd);
    }
    fd = try_open("open io.txt write-only", "io.txt", 0, RIGHTS_FILE_WO, 0);
    if (fd >= 0) {
        show_read("fd_read on write-only descriptor", fd);
        (void)__wasi_fd_close(fd);
    }
    show_file("io.txt unchanged", "io.txt");
}

static void metadata(void) {
    say("-- fd_filestat_get, set_size, set_times, allocate, advise, sync, datasync");
    int fd = try_open("open meta.txt CREAT", "meta.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0);
    if (fd < 0) return;
    show_write("write meta.txt", fd, "0123456789");
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_fd_filestat_get(fd, &st);
    if (e)
        res("fd_filestat_get", e);
    else
        say("fd_filestat_get: ok, filetype %s, size %llu, nlink %llu", ftname(st.filetype),
            (unsigned long long)st.size, (unsigned long long)st.nlink);
    res("fd_filestat_set_size 4", __wasi_fd_filestat_set_size(fd, 4));
    show_size("size", fd);
    show_file("meta.txt after shrinking", "meta.txt");
    res("fd_filestat_set_size 8", __wasi_fd_filestat_set_size(fd, 8));
    show_file("meta.txt after growing", "meta.txt");
    show_tell("fd_tell unchanged by set_size", fd);

    const __wasi_timestamp_t atim = 1000000000ull * 1000000000ull + 123; /* 2001-09-09, with nanoseconds */
    const __wasi_timestamp_t mtim = 1500000000ull * 1000000000ull + 456000;
    res("fd_filestat_set_times ATIM|MTIM",
        __wasi_fd_filestat_set_times(fd, atim, mtim, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    if (__wasi_fd_filestat_get(fd, &st) == 0)
        say("times now: atim %s, mtim %s", st.atim == atim ? "as set" : "DIFFERENT",
            st.mtim == mtim ? "as set" : "DIFFERENT");
    res("fd_filestat_set_times MTIM only", __wasi_fd_filestat_set_times(fd, 0, mtim + 1000, __WASI_FSTFLAGS_MTIM));
    if (__wasi_fd_filestat_get(fd, &st) == 0)
        say("times now: atim %s, mtim %s", st.atim == atim ? "kept" : "CHANGED",
            st.mtim == mtim + 1000 ? "as set" : "DIFFERENT");
    res("fd_filestat_set_times MTIM_NOW", __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    if (__wasi_fd_filestat_get(fd, &st) == 0)
        say("times now: mtim %s", st.mtim > 1577836800ull * 1000000000ull ? "after 2020" : "BEFORE 2020");
    res("fd_filestat_set_times ATIM|ATIM_NOW",
        __wasi_fd_filestat_set_times(fd, atim, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    res("fd_filestat_set_times MTIM|MTIM_NOW",
        __wasi_fd_filestat_set_times(fd, 0, mtim, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW));
    res("fd_filestat_set_times no flags", __wasi_fd_filestat_set_times(fd, 0, 0, 0));

    res("fd_allocate 0 100", __wasi_fd_allocate(fd, 0, 100));
    show_size("size after fd_allocate", fd);
    res("fd_advise SEQUENTIAL", __wasi_fd_advise(fd, 0, 100, __WASI_ADVICE_SEQUENTIAL));
    res("fd_advise DONTNEED", __wasi_fd_advise(fd, 0, 0, __WASI_ADVICE_DONTNEED));
    res("fd_sync", __wasi_fd_sync(fd));
    res("fd_datasync", __wasi_fd_datasync(fd));

    __wasi_fdstat_t fst;
    e = __wasi_fd_fdstat_get(fd, &fst);
    if (e)
        res("fd_fdstat_get", e);
    else
        say("fd_fdstat_get: ok, filetype %s, flags %u, read %s, write %s", ftname(fst.fs_filetype),
            (unsigned)fst.fs_flags, fst.fs_rights_base & __WASI_RIGHTS_FD_READ ? "yes" : "no",
            fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
    (void)__wasi_fd_close(fd);

    /* Directories have metadata too. */
    fd = try_open("open sub DIRECTORY", "sub", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0);
    if (fd >= 0) {
        e = __wasi_fd_filestat_get(fd, &st);
        if (e)
            res("fd_filestat_get directory", e);
        else
            say("fd_filestat_get directory: ok, filetype %s", ftname(st.filetype));
        show_write("fd_write on a directory", fd, "x");
        show_read("fd_read on a directory", fd);
        show_seek("fd_seek on a directory", fd, 0, __WASI_WHENCE_SET);
        res("fd_filestat_set_size on a directory", __wasi_fd_filestat_set_size(fd, 0));
        (void)__wasi_fd_close(fd);
    }
    e = __wasi_fd_filestat_get(dir, &st);
    if (e)
        res("fd_filestat_get preopen", e);
    else
        say("fd_filestat_get preopen: ok, filetype %s", ftname(st.filetype));
}

static void flags_and_rights(void) {
    say("-- fd_fdstat_set_flags, fd_fdstat_set_rights, APPEND");
    int fd = try_open("open log.txt CREAT|TRUNC", "log.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0);
    if (fd < 0) return;
    show_write("write log.txt", fd, "first\n");
    show_seek("fd_seek 0 SET", fd, 0, __WASI_WHENCE_SET);
    res("fd_fdstat_set_flags APPEND", __wasi_fd_fdstat_set_flags(fd, __WASI_FDFLAGS_APPEND));
    __wasi_fdstat_t fst;
    if (__wasi_fd_fdstat_get(fd, &fst) == 0) say("flags now %u", (unsigned)fst.fs_flags);
    show_write("write with APPEND at position 0", fd, "second\n");
    show_file("log.txt", "log.txt");
    res("fd_fdstat_set_flags 0", __wasi_fd_fdstat_set_flags(fd, 0));
    show_seek("fd_seek 0 SET", fd, 0, __WASI_WHENCE_SET);
    show_write("write without APPEND at position 0", fd, "FIRST\n");
    show_file("log.txt", "log.txt");
    (void)__wasi_fd_close(fd);

    fd = try_open("open log.txt with fdflags APPEND", "log.txt", 0, RIGHTS_FILE_RW, __WASI_FDFLAGS_APPEND);
    if (fd >= 0) {
        if (__wasi_fd_fdstat_get(fd, &fst) == 0) say("flags %u", (unsigned)fst.fs_flags);
        show_write("write", fd, "third\n");
        show_file("log.txt", "log.txt");
        (void)__wasi_fd_close(fd);
    }

    fd = try_open("open log.txt", "log.txt", 0, RIGHTS_FILE_RW, 0);
    if (fd >= 0) {
        res("fd_fdstat_set_rights to read only",
            __wasi_fd_fdstat_set_rights(fd, __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_FILESTAT_GET, 0));
        if (__wasi_fd_fdstat_get(fd, &fst) == 0)
            say("rights now: read %s, write %s", fst.fs_rights_base & __WASI_RIGHTS_FD_READ ? "yes" : "no",
                fst.fs_rights_base & __WASI_RIGHTS_FD_WRITE ? "yes" : "no");
        show_write("fd_write after dropping the write right", fd, "x");
        res("fd_fdstat_set_rights back to read and write", __wasi_fd_fdstat_set_rights(fd, RIGHTS_FILE_RW, 0));
        (void)__wasi_fd_close(fd);
    }
}

static void renumber_and_close(void) {
    say("-- fd_renumber, fd_close");
    if (make_file(dir, "one.txt", "file one") || make_file(dir, "two.txt", "file two")) {
        say("setup failed");
        return;
    }
    int one = try_open("open one.txt", "one.txt", 0, RIGHTS_FILE_RO, 0);
    int two = try_open("open two.txt", "two.txt", 0, RIGHTS_FILE_RO, 0);
    if (one < 0 || two < 0) return;
    res("fd_renumber one onto two", __wasi_fd_renumber(one, two));
    __wasi_fdstat_t fst;
    res("fd_fdstat_get old number", __wasi_fd_fdstat_get(one, &fst));
    show_read("fd_read through the new number", two);
    res("fd_renumber onto itself", __wasi_fd_renumber(two, two));
    show_seek("still open after renumbering onto itself", two, 0, __WASI_WHENCE_SET);
    res("fd_renumber onto a closed number", __wasi_fd_renumber(two, one));
    res("fd_renumber from a closed number", __wasi_fd_renumber(one, two));
    res("fd_close", __wasi_fd_close(two));
    res("fd_close again", __wasi_fd_close(two));
    show_read("fd_read after close", two);

    /* Many descriptors at once, all closed again. */
    int opened = 0, closed = 0;
    __wasi_fd_t fds[200];
    for (int i = 0; i < 200; i++) {
        if (open_at(dir, "one.txt", 0, RIGHTS_FILE_RO, 0, &fds[i]) == 0) opened++;
        else fds[i] = (__wasi_fd_t)-1;
    }
    for (int i = 0; i < 200; i++)
        if (fds[i] != (__wasi_fd_t)-1 && __wasi_fd_close(fds[i]) == 0) closed++;
    say("opened %d descriptors to one file, closed %d", opened, closed);
}

int main(void) {
    int found = find_preopen("/sandbox");
    if (found < 0) {
        say("no preopen named /sandbox");
        return 1;
    }
    dir = (__wasi_fd_t)found;
    open_flags();
    reading_and_writing();
    metadata();
    flags_and_rights();
    renumber_and_close();
    say("done");
    return 0;
}
