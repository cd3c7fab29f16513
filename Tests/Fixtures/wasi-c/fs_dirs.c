/*
 * Directories and names in a writable preopen at /sandbox (empty at start): fd_prestat_get,
 * fd_prestat_dir_name, path_create_directory, path_remove_directory, path_unlink_file, path_rename,
 * path_link, path_symlink, path_readlink, path_filestat_get, path_filestat_set_times, and fd_readdir through
 * a small buffer over a directory of 100 files (each must be seen exactly once).
 */
#include <stdlib.h>
#include "common.h"

static __wasi_fd_t dir;

static void show_stat(const char *label, __wasi_lookupflags_t flags, const char *path) {
    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(dir, flags, path, &st);
    if (e)
        res(label, e);
    else
        say("%s: ok, filetype %s, size %llu, nlink %llu", label, ftname(st.filetype),
            st.filetype == __WASI_FILETYPE_REGULAR_FILE ? (unsigned long long)st.size : 0ull,
            st.filetype == __WASI_FILETYPE_DIRECTORY ? 0ull : (unsigned long long)st.nlink);
}

static void show_content(const char *label, const char *path) {
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, 0, RIGHTS_FILE_RO, 0, &fd);
    if (e) {
        res(label, e);
        return;
    }
    char buffer[64];
    e = read_str(fd, buffer, sizeof buffer, NULL);
    (void)__wasi_fd_close(fd);
    if (e)
        res(label, e);
    else
        say("%s: \"%s\"", label, buffer);
}

static void prestat(void) {
    say("-- fd_prestat_get, fd_prestat_dir_name");
    __wasi_prestat_t p;
    __wasi_errno_t e = __wasi_fd_prestat_get(dir, &p);
    if (e)
        res("fd_prestat_get", e);
    else
        say("fd_prestat_get: ok, tag %u, name length %u", (unsigned)p.tag, (unsigned)p.u.dir.pr_name_len);
    char name[32];
    memset(name, '#', sizeof name);
    e = __wasi_fd_prestat_dir_name(dir, (uint8_t *)name, 8);
    name[8] = 0;
    say("fd_prestat_dir_name 8 bytes: %s \"%s\"", ename(e), e ? "" : name);
    memset(name, '#', sizeof name);
    e = __wasi_fd_prestat_dir_name(dir, (uint8_t *)name, 20);
    name[20] = 0;
    /* How much of the longer buffer is written: the name, with or without a terminating zero, then '#'s. */
    say("fd_prestat_dir_name 20 bytes: %s, bytes 8..9 %s", ename(e),
        name[8] == '#' ? "untouched" : name[8] == 0 ? "zero then more" : "OTHER");
    e = __wasi_fd_prestat_dir_name(dir, (uint8_t *)name, 3);
    say("fd_prestat_dir_name 3 bytes: %s", ename(e));
    res("fd_prestat_get 0", __wasi_fd_prestat_get(0, &p));
    res("fd_prestat_get 4 (only one preopen)", __wasi_fd_prestat_get(dir + 1, &p));
    res("fd_prestat_dir_name 0", __wasi_fd_prestat_dir_name(0, (uint8_t *)name, 8));
    /* A directory opened by the guest is not a preopen. */
    __wasi_fd_t sub;
    if (__wasi_path_create_directory(dir, "pre") == 0 &&
        open_at(dir, "pre", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &sub) == 0) {
        res("fd_prestat_get on an opened directory", __wasi_fd_prestat_get(sub, &p));
        (void)__wasi_fd_close(sub);
        (void)__wasi_path_remove_directory(dir, "pre");
    }
}

static void directories(void) {
    say("-- path_create_directory, path_remove_directory, path_unlink_file");
    res("path_create_directory d1", __wasi_path_create_directory(dir, "d1"));
    res("path_create_directory d1 again", __wasi_path_create_directory(dir, "d1"));
    res("path_create_directory d1/d2", __wasi_path_create_directory(dir, "d1/d2"));
    res("path_create_directory d1/d3/", __wasi_path_create_directory(dir, "d1/d3/"));
    res("path_create_directory missing/d", __wasi_path_create_directory(dir, "missing/d"));
    res("make f.txt", make_file(dir, "f.txt", "data"));
    res("path_create_directory f.txt", __wasi_path_create_directory(dir, "f.txt"));
    res("path_create_directory f.txt/d", __wasi_path_create_directory(dir, "f.txt/d"));
    res("path_create_directory empty path", __wasi_path_create_directory(dir, ""));
    show_stat("path_filestat_get d1", 0, "d1");
    res("path_remove_directory d1 (not empty)", __wasi_path_remove_directory(dir, "d1"));
    res("path_remove_directory f.txt", __wasi_path_remove_directory(dir, "f.txt"));
    res("path_remove_directory d1/d2", __wasi_path_remove_directory(dir, "d1/d2"));
    res("path_remove_directory d1/d3/", __wasi_path_remove_directory(dir, "d1/d3/"));
    show_stat("path_filestat_get d1/d3", 0, "d1/d3");
    if (__wasi_path_filestat_get(dir, 0, "d1/d3", &(__wasi_filestat_t){0}) == 0)
        res("path_remove_directory d1/d3", __wasi_path_remove_directory(dir, "d1/d3"));
    res("path_remove_directory d1", __wasi_path_remove_directory(dir, "d1"));
    res("path_remove_directory d1 again", __wasi_path_remove_directory(dir, "d1"));
    res("path_remove_directory .", __wasi_path_remove_directory(dir, "."));
    res("path_create_directory d4", __wasi_path_create_directory(dir, "d4"));
    res("path_unlink_file d4", __wasi_path_unlink_file(dir, "d4"));
    res("path_unlink_file d4/", __wasi_path_unlink_file(dir, "d4/"));
    res("path_unlink_file f.txt/", __wasi_path_unlink_file(dir, "f.txt/"));
    res("path_unlink_file f.txt", __wasi_path_unlink_file(dir, "f.txt"));
    res("path_unlink_file f.txt again", __wasi_path_unlink_file(dir, "f.txt"));
    show_stat("path_filestat_get f.txt after unlink", 0, "f.txt");

    /* An open file stays readable after its name is gone. */
    __wasi_fd_t fd;
    if (make_file(dir, "gone.txt", "still here") == 0 && open_at(dir, "gone.txt", 0, RIGHTS_FILE_RO, 0, &fd) == 0) {
        res("path_unlink_file gone.txt while open", __wasi_path_unlink_file(dir, "gone.txt"));
        char buffer[32];
        __wasi_errno_t e = read_str(fd, buffer, sizeof buffer, NULL);
        say("read from the unlinked file: %s \"%s\"", ename(e), e ? "" : buffer);
        (void)__wasi_fd_close(fd);
    }
}

static void renames(void) {
    say("-- path_rename");
    res("make r1.txt", make_file(dir, "r1.txt", "one"));
    res("make r2.txt", make_file(dir, "r2.txt", "two"));
    res("path_rename r1.txt r3.txt", __wasi_path_rename(dir, "r1.txt", dir, "r3.txt"));
    show_stat("path_filestat_get r1.txt", 0, "r1.txt");
    show_content("r3.txt", "r3.txt");
    res("path_rename r3.txt onto r2.txt (replaces)", __wasi_path_rename(dir, "r3.txt", dir, "r2.txt"));
    show_content("r2.txt", "r2.txt");
    res("path_rename missing.txt x.txt", __wasi_path_rename(dir, "missing.txt", dir, "x.txt"));
    res("path_rename r2.txt r2.txt (same)", __wasi_path_rename(dir, "r2.txt", dir, "r2.txt"));
    res("path_create_directory rd1", __wasi_path_create_directory(dir, "rd1"));
    res("path_create_directory rd2", __wasi_path_create_directory(dir, "rd2"));
    res("make rd2/inside.txt", make_file(dir, "rd2/inside.txt", "in"));
    res("path_rename rd1 rd3", __wasi_path_rename(dir, "rd1", dir, "rd3"));
    res("path_rename r2.txt onto directory rd3", __wasi_path_rename(dir, "r2.txt", dir, "rd3"));
    res("path_rename directory rd3 onto file r2.txt", __wasi_path_rename(dir, "rd3", dir, "r2.txt"));
    res("path_rename rd3 onto non-empty rd2", __wasi_path_rename(dir, "rd3", dir, "rd2"));
    res("path_rename rd2 onto empty rd3", __wasi_path_rename(dir, "rd2", dir, "rd3"));
    show_content("rd3/inside.txt", "rd3/inside.txt");
    res("path_rename rd3 into itself", __wasi_path_rename(dir, "rd3", dir, "rd3/sub"));
    res("path_rename r2.txt rd3/moved.txt", __wasi_path_rename(dir, "r2.txt", dir, "rd3/moved.txt"));
    show_content("rd3/moved.txt", "rd3/moved.txt");
    res("path_rename r2.txt/ (trailing slash on a file)", __wasi_path_rename(dir, "rd3/moved.txt/", dir, "back.txt"));
    res("path_rename rd3/ rd4/ (trailing slashes on directories)", __wasi_path_rename(dir, "rd3/", dir, "rd4/"));
    res("path_rename to missing/x", __wasi_path_rename(dir, "rd4/moved.txt", dir, "missing/x"));
    /* Across two descriptors for the same tree. */
    __wasi_fd_t sub;
    if (open_at(dir, "rd4", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &sub) == 0) {
        res("path_rename rd4/moved.txt through a second descriptor", __wasi_path_rename(sub, "moved.txt", dir, "top.txt"));
        show_content("top.txt", "top.txt");
        (void)__wasi_fd_close(sub);
    }
}

static void links(void) {
    say("-- path_link, path_symlink, path_readlink");
    res("make target.txt", make_file(dir, "target.txt", "target content"));
    res("path_link target.txt hard.txt", __wasi_path_link(dir, 0, "target.txt", dir, "hard.txt"));
    show_stat("path_filestat_get hard.txt", 0, "hard.txt");
    show_content("hard.txt", "hard.txt");
    res("path_link onto an existing name", __wasi_path_link(dir, 0, "target.txt", dir, "hard.txt"));
    res("path_link missing.txt", __wasi_path_link(dir, 0, "missing.txt", dir, "h2.txt"));
    res("path_create_directory ld", __wasi_path_create_directory(dir, "ld"));
    res("path_link a directory", __wasi_path_link(dir, 0, "ld", dir, "ld2"));
    res("path_link into missing/", __wasi_path_link(dir, 0, "target.txt", dir, "missing/h.txt"));
    res("path_unlink_file hard.txt", __wasi_path_unlink_file(dir, "hard.txt"));
    show_stat("path_filestat_get target.txt", 0, "target.txt");

    res("path_symlink target.txt sym", __wasi_path_symlink("target.txt", dir, "sym"));
    res("path_symlink onto an existing name", __wasi_path_symlink("other", dir, "sym"));
    res("path_symlink dangling", __wasi_path_symlink("nowhere.txt", dir, "dangling"));
    res("path_symlink to a directory", __wasi_path_symlink("ld", dir, "symdir"));
    res("path_symlink into missing/", __wasi_path_symlink("target.txt", dir, "missing/s"));
    show_stat("path_filestat_get sym (no follow)", 0, "sym");
    show_stat("path_filestat_get sym (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "sym");
    show_stat("path_filestat_get dangling (no follow)", 0, "dangling");
    show_stat("path_filestat_get dangling (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling");
    show_stat("path_filestat_get symdir/ (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "symdir/");
    show_content("open sym (follow)", "sym");
    __wasi_fd_t fd;
    res("open sym without SYMLINK_FOLLOW",
        __wasi_path_open(dir, 0, "sym", 0, RIGHTS_FILE_RO, 0, 0, &fd));
    res("open symdir DIRECTORY without SYMLINK_FOLLOW",
        __wasi_path_open(dir, 0, "symdir", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, 0, &fd));
    res("make symdir/through.txt", make_file(dir, "symdir/through.txt", "via link"));
    show_content("ld/through.txt", "ld/through.txt");

    char buffer[64];
    __wasi_size_t n = 0;
    memset(buffer, 0, sizeof buffer);
    __wasi_errno_t e = __wasi_path_readlink(dir, "sym", (uint8_t *)buffer, sizeof buffer, &n);
    say("path_readlink sym: %s, %u bytes \"%s\"", ename(e), (unsigned)n, e ? "" : buffer);
    memset(buffer, 0, sizeof buffer);
    e = __wasi_path_readlink(dir, "sym", (uint8_t *)buffer, 4, &n);
    say("path_readlink sym into 4 bytes: %s, %u bytes \"%s\"", ename(e), (unsigned)n, e ? "" : buffer);
    memset(buffer, 0, sizeof buffer);
    e = __wasi_path_readlink(dir, "dangling", (uint8_t *)buffer, sizeof buffer, &n);
    say("path_readlink dangling: %s, %u bytes \"%s\"", ename(e), (unsigned)n, e ? "" : buffer);
    res("path_readlink target.txt (not a link)", __wasi_path_readlink(dir, "target.txt", (uint8_t *)buffer, sizeof buffer, &n));
    res("path_readlink missing", __wasi_path_readlink(dir, "missing", (uint8_t *)buffer, sizeof buffer, &n));
    res("path_link sym (no follow) symhard", __wasi_path_link(dir, 0, "sym", dir, "symhard"));
    show_stat("path_filestat_get symhard (no follow)", 0, "symhard");
    res("path_unlink_file sym", __wasi_path_unlink_file(dir, "sym"));
    show_stat("path_filestat_get target.txt after unlinking the link", 0, "target.txt");
    res("path_remove_directory symdir (a link)", __wasi_path_remove_directory(dir, "symdir"));
    res("path_unlink_file symdir", __wasi_path_unlink_file(dir, "symdir"));
    res("path_rename dangling dangling2", __wasi_path_rename(dir, "dangling", dir, "dangling2"));
    show_stat("path_filestat_get dangling2 (no follow)", 0, "dangling2");

    /* Loops. */
    res("path_symlink loop1 -> loop2", __wasi_path_symlink("loop2", dir, "loop1"));
    res("path_symlink loop2 -> loop1", __wasi_path_symlink("loop1", dir, "loop2"));
    show_stat("path_filestat_get loop1 (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "loop1");
    show_content("open loop1", "loop1");
    res("open loop1 CREAT", open_at(dir, "loop1", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0, &fd));
}

static void times(void) {
    say("-- path_filestat_get, path_filestat_set_times");
    res("make times.txt", make_file(dir, "times.txt", "12345"));
    show_stat("path_filestat_get times.txt", 0, "times.txt");
    show_stat("path_filestat_get .", 0, ".");
    show_stat("path_filestat_get missing", 0, "missing");
    show_stat("path_filestat_get times.txt/", 0, "times.txt/");
    const __wasi_timestamp_t atim = 1000000000ull * 1000000000ull + 7;
    const __wasi_timestamp_t mtim = 1200000000ull * 1000000000ull + 9000;
    res("path_filestat_set_times ATIM|MTIM",
        __wasi_path_filestat_set_times(dir, 0, "times.txt", atim, mtim, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    __wasi_filestat_t st;
    if (__wasi_path_filestat_get(dir, 0, "times.txt", &st) == 0)
        say("times now: atim %s, mtim %s", st.atim == atim ? "as set" : "DIFFERENT", st.mtim == mtim ? "as set" : "DIFFERENT");
    res("path_filestat_set_times ATIM_NOW",
        __wasi_path_filestat_set_times(dir, 0, "times.txt", 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
    if (__wasi_path_filestat_get(dir, 0, "times.txt", &st) == 0)
        say("times now: atim %s, mtim %s", st.atim > 1577836800ull * 1000000000ull ? "after 2020" : "BEFORE 2020",
            st.mtim == mtim ? "kept" : "CHANGED");
    res("path_filestat_set_times ATIM|ATIM_NOW",
        __wasi_path_filestat_set_times(dir, 0, "times.txt", atim, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW));
    res("path_filestat_set_times missing",
        __wasi_path_filestat_set_times(dir, 0, "missing", atim, mtim, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    res("path_filestat_set_times directory .",
        __wasi_path_filestat_set_times(dir, 0, ".", atim, mtim, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    res("path_symlink times.txt tlink", __wasi_path_symlink("times.txt", dir, "tlink"));
    const __wasi_timestamp_t later = mtim + 5000000000ull;
    res("path_filestat_set_times tlink (follow)",
        __wasi_path_filestat_set_times(dir, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "tlink", later, later,
                                       __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
    if (__wasi_path_filestat_get(dir, 0, "times.txt", &st) == 0)
        say("times.txt mtim %s", st.mtim == later ? "set through the link" : "NOT SET");
}

/* Reads the whole directory `fd` through a `size`-byte buffer, restarting after each partly returned entry. */
static void read_directory(const char *label, __wasi_fd_t fd, size_t size) {
    uint8_t *buffer = malloc(size);
    int counts[100] = {0};
    int dot = 0, dotdot = 0, other = 0, calls = 0, wrong_type = 0;
    __wasi_dircookie_t cookie = __WASI_DIRCOOKIE_START;
    __wasi_errno_t e = 0;
    for (;;) {
        __wasi_size_t used = 0;
        e = __wasi_fd_readdir(fd, buffer, size, cookie, &used);
        calls++;
        if (e || used == 0 || calls > 10000) break;
        size_t at = 0, whole = 0;
        while (at + sizeof(__wasi_dirent_t) <= used) {
            __wasi_dirent_t entry;
            memcpy(&entry, buffer + at, sizeof entry);
            if (at + sizeof entry + entry.d_namlen > used) break; /* the name is cut off: read it again */
            char name[64] = {0};
            memcpy(name, buffer + at + sizeof entry, entry.d_namlen < 63 ? entry.d_namlen : 63);
            if (strcmp(name, ".") == 0) dot++;
            else if (strcmp(name, "..") == 0) dotdot++;
            else if (name[0] == 'f' && strlen(name) == 4) {
                int index = atoi(name + 1);
                if (index >= 0 && index < 100) counts[index]++;
                if (entry.d_type != __WASI_FILETYPE_REGULAR_FILE) wrong_type++;
            } else
                other++;
            cookie = entry.d_next;
            at += sizeof entry + entry.d_namlen;
            whole++;
        }
        if (used < size) break; /* the end of the directory */
        if (whole == 0) {
            say("%s: an entry does not fit in %zu bytes", label, size);
            break;
        }
    }
    free(buffer);
    if (e) {
        res(label, e);
        return;
    }
    int once = 0, twice = 0, missing = 0;
    for (int i = 0; i < 100; i++) {
        if (counts[i] == 1) once++;
        else if (counts[i] == 0) missing++;
        else twice++;
    }
    say("%s: ok, %d files seen once, %d missing, %d seen more than once, \".\" %d, \"..\" %d, other %d, "
        "wrong type %d",
        label, once, missing, twice, dot, dotdot, other, wrong_type);
}

static void readdir(void) {
    say("-- fd_readdir");
    res("path_create_directory many", __wasi_path_create_directory(dir, "many"));
    int made = 0;
    for (int i = 0; i < 100; i++) {
        char name[32];
        snprintf(name, sizeof name, "many/f%03d", i);
        if (make_file(dir, name, "x") == 0) made++;
    }
    say("created %d files", made);
    __wasi_fd_t fd;
    if (res("open many DIRECTORY", open_at(dir, "many", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &fd))) return;
    read_directory("fd_readdir 64-byte buffer", fd, 64);
    read_directory("fd_readdir 29-byte buffer (one entry at a time)", fd, 29);
    read_directory("fd_readdir 100-byte buffer", fd, 100);
    read_directory("fd_readdir 64 KiB buffer", fd, 65536);

    /* A cookie past the end, and a buffer smaller than one entry. */
    uint8_t small[64];
    __wasi_size_t used = 99;
    __wasi_errno_t e = __wasi_fd_readdir(fd, small, sizeof small, 1000000, &used);
    say("fd_readdir cookie past the end: %s, %u bytes", ename(e), (unsigned)used);
    e = __wasi_fd_readdir(fd, small, 10, __WASI_DIRCOOKIE_START, &used);
    say("fd_readdir into 10 bytes: %s, %u bytes", ename(e), (unsigned)used);
    e = __wasi_fd_readdir(fd, small, 0, __WASI_DIRCOOKIE_START, &used);
    say("fd_readdir into 0 bytes: %s, %u bytes", ename(e), (unsigned)used);

    /* Removing a file between calls: the rest are still seen once. */
    res("path_unlink_file many/f050", __wasi_path_unlink_file(dir, "many/f050"));
    read_directory("fd_readdir after removing f050", fd, 64);
    (void)__wasi_fd_close(fd);

    __wasi_fd_t file;
    if (open_at(dir, "many/f000", 0, RIGHTS_FILE_RO | __WASI_RIGHTS_FD_READDIR, 0, &file) == 0) {
        res("fd_readdir on a file", __wasi_fd_readdir(file, small, sizeof small, 0, &used));
        (void)__wasi_fd_close(file);
    }
    /* The preopen itself can be listed. */
    read_directory("fd_readdir on the preopen", dir, 256);
}

int main(void) {
    int found = find_preopen("/sandbox");
    if (found < 0) {
        say("no preopen named /sandbox");
        return 1;
    }
    dir = (__wasi_fd_t)found;
    prestat();
    directories();
    renames();
    links();
    times();
    readdir();
    say("done");
    return 0;
}
