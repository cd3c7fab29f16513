/*
 * Escape probes. Runs with a writable preopen /sandbox and a read-only preopen /ro, laid out by the host
 * (see runs.json, "escape"):
 *
 *   ROOT/secret.txt        "TOP SECRET\n", outside every preopen
 *   ROOT/outside/          an empty directory outside every preopen
 *   ROOT/sandbox/          preopened as /sandbox: file.txt, sub/inner.txt, and symlinks, several pointing outside
 *   ROOT/ro/               preopened read-only as /ro: ro.txt, rodir/inner.txt, rodir_empty/
 *
 * Each probe prints one line. A probe that tries to reach outside a preopen (or to change the read-only one)
 * prints "DENIED (errno)" when the runtime refused, and "ESCAPED" when the call succeeded. Control probes,
 * which stay inside and may succeed, print the plain result ("ok" or the errno). The host checks afterwards
 * that the secret file and the read-only tree are unchanged and that nothing was created outside.
 */
#include <stdlib.h>
#include "common.h"

/* path_open with an explicit path length, so that paths may contain zero bytes. */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) extern int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t base,
              int64_t inheriting, int32_t fdflags, int32_t opened);

static __wasi_fd_t sandbox, ro;
static int escapes = 0;

/* A probe that must fail: prints DENIED with the errno, or ESCAPED. */
static void deny(const char *label, __wasi_errno_t e) {
    if (e) {
        say("%s: DENIED (%s)", label, ename(e));
    } else {
        say("%s: ESCAPED", label);
        escapes++;
    }
}

/* Opens a path that leads outside; closes the descriptor if the open wrongly succeeded. */
static void deny_open(const char *label, __wasi_fd_t dir, __wasi_lookupflags_t lookup, const char *path,
                      __wasi_oflags_t oflags, __wasi_rights_t base) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(dir, lookup, path, oflags, base, RIGHTS_ALL, 0, &fd);
    deny(label, e);
    if (e == 0) (void)__wasi_fd_close(fd);
}

static void deny_read(const char *label, const char *path) {
    deny_open(label, sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, 0, RIGHTS_FILE_RO);
}

static void deny_dir(const char *label, const char *path) {
    deny_open(label, sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, path, __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR);
}

static void deny_stat(const char *label, __wasi_lookupflags_t lookup, const char *path) {
    __wasi_filestat_t st;
    deny(label, __wasi_path_filestat_get(sandbox, lookup, path, &st));
}

/* A control probe: prints the plain result. */
static __wasi_errno_t control(const char *label, __wasi_errno_t e) {
    return res(label, e);
}

/* Opens `path` under `dir` for reading and prints the plain result with the first line of the content. */
static void control_read(const char *label, __wasi_fd_t dir, const char *path) {
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, 0, RIGHTS_FILE_RO, 0, &fd);
    if (e) {
        res(label, e);
        return;
    }
    char buffer[64];
    e = read_str(fd, buffer, sizeof buffer, NULL);
    (void)__wasi_fd_close(fd);
    char *newline = strchr(buffer, '\n');
    if (newline) *newline = 0;
    say("%s: %s \"%s\"", label, ename(e), e ? "" : buffer);
}

/* A write on the read-only preopen: open for writing, then write; either step must fail. */
static void deny_write_through(const char *label, __wasi_fd_t dir, const char *path, __wasi_fdflags_t fdflags) {
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(dir, path, 0, RIGHTS_FILE_RW, fdflags, &fd);
    if (e) {
        say("%s: DENIED (%s at open)", label, ename(e));
        return;
    }
    __wasi_size_t n = 0;
    e = write_str(fd, "OVERWRITTEN\n", &n);
    (void)__wasi_fd_close(fd);
    if (e) {
        say("%s: DENIED (%s at write)", label, ename(e));
    } else {
        say("%s: ESCAPED", label);
        escapes++;
    }
}

static void traversal(void) {
    say("-- .. traversal");
    deny_read("open ../secret.txt", "../secret.txt");
    deny_read("open sub/../../secret.txt", "sub/../../secret.txt");
    deny_read("open ./../secret.txt", "./../secret.txt");
    deny_read("open sub/./../../secret.txt", "sub/./../../secret.txt");
    deny_dir("open .. as directory", "..");
    deny_dir("open ../ as directory", "../");
    deny_dir("open sub/../.. as directory", "sub/../..");
    deny_read("open ../sandbox/file.txt (out and back in)", "../sandbox/file.txt");
    deny_dir("open ../outside", "../outside");
    deny_stat("path_filestat_get ../secret.txt", 0, "../secret.txt");
    deny_stat("path_filestat_get ..", 0, "..");
    deny(("path_create_directory ../outside/newdir"), __wasi_path_create_directory(sandbox, "../outside/newdir"));
    deny_open("open ../outside/created.txt CREAT", sandbox, 0, "../outside/created.txt", __WASI_OFLAGS_CREAT,
              RIGHTS_FILE_RW);
    deny_open("open ../secret.txt TRUNC", sandbox, 0, "../secret.txt", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW);
    deny("path_unlink_file ../secret.txt", __wasi_path_unlink_file(sandbox, "../secret.txt"));
    deny("path_symlink at ../outside/l", __wasi_path_symlink("file.txt", sandbox, "../outside/l"));
    deny("path_filestat_set_times ../secret.txt",
         __wasi_path_filestat_set_times(sandbox, 0, "../secret.txt", 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
    char buffer[64];
    __wasi_size_t n;
    deny("path_readlink ../sandbox/link_rel_out", __wasi_path_readlink(sandbox, "../sandbox/link_rel_out", (uint8_t *)buffer, sizeof buffer, &n));
    control_read("control: open sub/../file.txt", sandbox, "sub/../file.txt");
    control_read("control: open sub/inner.txt", sandbox, "sub/inner.txt");
}

static void absolute(void) {
    say("-- absolute paths");
    deny_read("open /etc/passwd", "/etc/passwd");
    deny_read("open //etc/passwd", "//etc/passwd");
    deny_dir("open / as directory", "/");
    deny_read("open /sandbox/file.txt (the preopen's own name)", "/sandbox/file.txt");
    deny_stat("path_filestat_get /etc/passwd", 0, "/etc/passwd");
    deny_open("open /tmp/capsule-escape-probe.txt CREAT", sandbox, 0, "/tmp/capsule-escape-probe.txt",
              __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny("path_create_directory /tmp/capsule-escape-probe-dir",
         __wasi_path_create_directory(sandbox, "/tmp/capsule-escape-probe-dir"));
}

static void symlinks(void) {
    say("-- symlinks pointing outside");
    deny_read("open link_rel_out (-> ../secret.txt)", "link_rel_out");
    deny_read("open link_abs_out (-> ROOT/secret.txt)", "link_abs_out");
    deny_read("open sub/link_up2 (-> ../../secret.txt)", "sub/link_up2");
    deny_read("open link_etc (-> /etc/passwd)", "link_etc");
    deny_read("open link_sub_up (-> sub/../../secret.txt)", "link_sub_up");
    deny_dir("open link_parent (-> ..)", "link_parent");
    deny_read("open link_parent/secret.txt", "link_parent/secret.txt");
    deny_read("open link_parent_slash/secret.txt (-> ../)", "link_parent_slash/secret.txt");
    deny_read("open link_root_abs/secret.txt (-> ROOT)", "link_root_abs/secret.txt");
    deny_read("open link_slash_abs/etc/passwd (-> /)", "link_slash_abs/etc/passwd");
    deny_dir("open link_out_dir (-> ../outside)", "link_out_dir");
    deny_read("open link_out_dir/../secret.txt", "link_out_dir/../secret.txt");
    deny_open("open link_rel_out without SYMLINK_FOLLOW", sandbox, 0, "link_rel_out", 0, RIGHTS_FILE_RO);
    deny_stat("path_filestat_get link_rel_out (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_rel_out");
    deny_stat("path_filestat_get link_abs_out (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_abs_out");
    deny_stat("path_filestat_get link_parent/secret.txt", 0, "link_parent/secret.txt");
    deny_open("open link_rel_out CREAT|TRUNC for writing", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_rel_out",
              __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW);
    deny_open("open link_abs_out for writing", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_abs_out", 0,
              RIGHTS_FILE_RW);
    deny("path_filestat_set_times link_rel_out (follow)",
         __wasi_path_filestat_set_times(sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_rel_out", 0, 0,
                                        __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
    deny("path_create_directory link_parent/newdir", __wasi_path_create_directory(sandbox, "link_parent/newdir"));
    deny("path_create_directory link_out_dir/newdir", __wasi_path_create_directory(sandbox, "link_out_dir/newdir"));
    deny("path_unlink_file link_parent/secret.txt", __wasi_path_unlink_file(sandbox, "link_parent/secret.txt"));
    deny("path_symlink at link_out_dir/newlink", __wasi_path_symlink("x", sandbox, "link_out_dir/newlink"));
    deny_open("open link_out_dir/created.txt CREAT", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
              "link_out_dir/created.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);

    __wasi_filestat_t st;
    __wasi_errno_t e = __wasi_path_filestat_get(sandbox, 0, "link_abs_out", &st);
    say("control: path_filestat_get link_abs_out (no follow): %s%s", ename(e),
        e == 0 ? (st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK ? ", a symlink" : ", NOT A SYMLINK") : "");
    char target[256];
    __wasi_size_t n = 0;
    e = __wasi_path_readlink(sandbox, "link_rel_out", (uint8_t *)target, sizeof target - 1, &n);
    target[e == 0 ? n : 0] = 0;
    say("control: path_readlink link_rel_out: %s \"%s\"", ename(e), target);
    control_read("control: open link_dot_dot_in/file.txt (-> sub/..)", sandbox, "link_dot_dot_in/file.txt");
    control_read("control: open link_file_slash (-> file.txt/)", sandbox, "link_file_slash");
    deny_read("open link_out_slash (-> ../secret.txt/)", "link_out_slash");
}

static void chains_and_loops(void) {
    say("-- symlink chains and loops");
    deny_read("open chain1 (-> chain2 -> sub/chain3 -> ../../secret.txt)", "chain1");
    deny_stat("path_filestat_get chain1 (follow)", __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "chain1");
    control_read("control: open chain_in1 (-> chain_in2 -> sub/inner.txt)", sandbox, "chain_in1");
    control_read("control: open loop_a (-> loop_b -> loop_a)", sandbox, "loop_a");
    control_read("control: open self_loop", sandbox, "self_loop");
    control_read("control: open loop_a/x", sandbox, "loop_a/x");
    __wasi_fd_t fd;
    control("control: open loop_a CREAT", open_at(sandbox, "loop_a", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0, &fd));
    control_read("control: open deep_in (a chain of 30 links inside)", sandbox, "deep_in");
}

static void trailing_slashes(void) {
    say("-- trailing slashes");
    deny_read("open ../secret.txt/", "../secret.txt/");
    deny_read("open link_rel_out/", "link_rel_out/");
    deny_dir("open link_parent/", "link_parent/");
    deny_dir("open link_out_dir/", "link_out_dir/");
    deny_stat("path_filestat_get link_parent/ (no follow)", 0, "link_parent/");
    deny_open("open dangling_rel_out/ CREAT", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling_rel_out/",
              __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny("path_create_directory link_out_dir/", __wasi_path_create_directory(sandbox, "link_out_dir/"));
    control_read("control: open file.txt/", sandbox, "file.txt/");
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(sandbox, "sub/", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &fd);
    control("control: open sub/ as directory", e);
    if (e == 0) (void)__wasi_fd_close(fd);
    control("control: open newfile/ CREAT", open_at(sandbox, "newfile/", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0, &fd));
}

static void dangling(void) {
    say("-- dangling symlinks with CREAT");
    deny_open("open dangling_rel_out CREAT (-> ../created_rel.txt)", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
              "dangling_rel_out", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny_open("open dangling_abs_out CREAT (-> ROOT/created_abs.txt)", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW,
              "dangling_abs_out", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny_open("open dangling_deep_out CREAT (-> ../outside/created_deep.txt)", sandbox,
              __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling_deep_out", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny_open("open dangling_rel_out CREAT|EXCL", sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "dangling_rel_out",
              __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW);
    deny_open("open dangling_rel_out CREAT|TRUNC without SYMLINK_FOLLOW", sandbox, 0, "dangling_rel_out",
              __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW);
    deny("path_create_directory through dangling_out_dir/new",
         __wasi_path_create_directory(sandbox, "dangling_out_dir/new"));
    __wasi_fd_t fd;
    __wasi_errno_t e = open_at(sandbox, "dangling_in", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW, 0, &fd);
    control("control: open dangling_in CREAT (-> created_in.txt)", e);
    if (e == 0) (void)__wasi_fd_close(fd);
}

static void hard_links(void) {
    say("-- hard links");
    deny("path_link link_rel_out (follow) -> hl_from_link",
         __wasi_path_link(sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_rel_out", sandbox, "hl_from_link"));
    deny("path_link link_abs_out (follow) -> hl_from_abs",
         __wasi_path_link(sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_abs_out", sandbox, "hl_from_abs"));
    deny("path_link ../secret.txt -> hl_dotdot", __wasi_path_link(sandbox, 0, "../secret.txt", sandbox, "hl_dotdot"));
    deny("path_link link_parent/secret.txt -> hl_via_dir",
         __wasi_path_link(sandbox, 0, "link_parent/secret.txt", sandbox, "hl_via_dir"));
    deny("path_link file.txt -> ../outside/hl_out", __wasi_path_link(sandbox, 0, "file.txt", sandbox, "../outside/hl_out"));
    deny("path_link file.txt -> link_out_dir/hl_out", __wasi_path_link(sandbox, 0, "file.txt", sandbox, "link_out_dir/hl_out"));
    deny("path_link file.txt -> /tmp/capsule-escape-link", __wasi_path_link(sandbox, 0, "file.txt", sandbox, "/tmp/capsule-escape-link"));
    __wasi_errno_t e = __wasi_path_link(sandbox, 0, "link_abs_out", sandbox, "hl_of_link");
    control("control: path_link link_abs_out (no follow) -> hl_of_link", e);
    if (e == 0) deny_read("open hl_of_link (a second name for the symlink)", "hl_of_link");
    control("control: path_link file.txt -> sub/hl_in", __wasi_path_link(sandbox, 0, "file.txt", sandbox, "sub/hl_in"));
}

static void renames(void) {
    say("-- renames");
    control("control: make mv.txt", make_file(sandbox, "mv.txt", "move me\n"));
    deny("path_rename mv.txt -> ../outside/moved.txt", __wasi_path_rename(sandbox, "mv.txt", sandbox, "../outside/moved.txt"));
    deny("path_rename mv.txt -> link_out_dir/moved.txt", __wasi_path_rename(sandbox, "mv.txt", sandbox, "link_out_dir/moved.txt"));
    deny("path_rename mv.txt -> link_parent/moved.txt", __wasi_path_rename(sandbox, "mv.txt", sandbox, "link_parent/moved.txt"));
    deny("path_rename mv.txt -> /tmp/capsule-escape-moved.txt", __wasi_path_rename(sandbox, "mv.txt", sandbox, "/tmp/capsule-escape-moved.txt"));
    deny("path_rename ../secret.txt -> stolen.txt", __wasi_path_rename(sandbox, "../secret.txt", sandbox, "stolen.txt"));
    deny("path_rename link_parent/secret.txt -> stolen.txt", __wasi_path_rename(sandbox, "link_parent/secret.txt", sandbox, "stolen.txt"));
    deny("path_rename ../outside -> stolen_dir", __wasi_path_rename(sandbox, "../outside", sandbox, "stolen_dir"));
    deny("path_rename sub -> ../outside/sub", __wasi_path_rename(sandbox, "sub", sandbox, "../outside/sub"));
    deny("path_rename mv.txt -> ../secret.txt (overwrite)", __wasi_path_rename(sandbox, "mv.txt", sandbox, "../secret.txt"));
    control("control: path_rename mv.txt -> sub/mv.txt", __wasi_path_rename(sandbox, "mv.txt", sandbox, "sub/mv.txt"));
    control_read("control: open sub/mv.txt", sandbox, "sub/mv.txt");
}

static void nul_bytes(void) {
    say("-- zero bytes and odd bytes in paths");
    __wasi_fd_t fd = 0;
    static const char out_nul[] = "../secret.txt\0";
    deny("open \"../secret.txt\\0\" (length includes the zero)",
         raw_path_open(sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, (int32_t)(uintptr_t)out_nul, sizeof out_nul - 1, 0,
                       RIGHTS_FILE_RO, RIGHTS_ALL, 0, (int32_t)(uintptr_t)&fd));
    static const char in_nul[] = "file.txt\0/../../secret.txt";
    control("control: open \"file.txt\\0/../../secret.txt\"",
            raw_path_open(sandbox, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, (int32_t)(uintptr_t)in_nul, sizeof in_nul - 1, 0,
                          RIGHTS_FILE_RO, RIGHTS_ALL, 0, (int32_t)(uintptr_t)&fd));
    static const char bad_utf8[] = "file\xff\xfe.txt";
    control("control: open a name with invalid UTF-8",
            raw_path_open(sandbox, 0, (int32_t)(uintptr_t)bad_utf8, sizeof bad_utf8 - 1, 0, RIGHTS_FILE_RO,
                          RIGHTS_ALL, 0, (int32_t)(uintptr_t)&fd));
    /* A long path of "a/../" pieces that ends outside. */
    size_t pieces = 2000;
    char *longpath = malloc(pieces * 5 + 32);
    char *p = longpath;
    for (size_t i = 0; i < pieces; i++) {
        memcpy(p, "a/../", 5);
        p += 5;
    }
    strcpy(p, "../secret.txt");
    deny_read("open (a/../ x 2000)../secret.txt", longpath);
    free(longpath);
}

static void read_only(void) {
    say("-- writes on the read-only preopen /ro");
    control_read("control: open /ro/ro.txt for reading", ro, "ro.txt");
    control_read("control: open /ro/rodir/inner.txt for reading", ro, "rodir/inner.txt");
    deny_write_through("open ro.txt for writing and write", ro, "ro.txt", 0);
    deny_open("open ro.txt TRUNC (read rights)", ro, 0, "ro.txt", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RO);
    deny_open("open ro.txt TRUNC (write rights)", ro, 0, "ro.txt", __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW);
    deny_open("open new.txt CREAT", ro, 0, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
    deny_open("open new.txt CREAT (read rights)", ro, 0, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RO);
    deny_open("open new.txt CREAT|EXCL", ro, 0, "new.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_FILE_RW);
    deny_write_through("open ro.txt with fdflags APPEND and write", ro, "ro.txt", __WASI_FDFLAGS_APPEND);
    deny("path_create_directory newdir", __wasi_path_create_directory(ro, "newdir"));
    deny("path_unlink_file ro.txt", __wasi_path_unlink_file(ro, "ro.txt"));
    deny("path_remove_directory rodir_empty", __wasi_path_remove_directory(ro, "rodir_empty"));
    deny("path_rename ro.txt -> ro2.txt", __wasi_path_rename(ro, "ro.txt", ro, "ro2.txt"));
    deny("path_rename /ro/ro.txt -> /sandbox/taken.txt", __wasi_path_rename(ro, "ro.txt", sandbox, "taken.txt"));
    (void)make_file(sandbox, "given.txt", "given\n");
    deny("path_rename /sandbox/given.txt -> /ro/given.txt", __wasi_path_rename(sandbox, "given.txt", ro, "given.txt"));
    deny("path_symlink ro.txt -> /ro/ro_link", __wasi_path_symlink("ro.txt", ro, "ro_link"));
    deny("path_link /ro/ro.txt -> /ro/ro_hard", __wasi_path_link(ro, 0, "ro.txt", ro, "ro_hard"));
    deny("path_link /sandbox/file.txt -> /ro/in_ro", __wasi_path_link(sandbox, 0, "file.txt", ro, "in_ro"));
    __wasi_errno_t e = __wasi_path_link(ro, 0, "ro.txt", sandbox, "ro_hard_in_sandbox");
    control("control: path_link /ro/ro.txt -> /sandbox/ro_hard_in_sandbox", e);
    if (e == 0) deny_write_through("write through /sandbox/ro_hard_in_sandbox", sandbox, "ro_hard_in_sandbox", 0);
    deny("path_filestat_set_times ro.txt",
         __wasi_path_filestat_set_times(ro, 0, "ro.txt", 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));

    __wasi_fd_t fd;
    e = open_at(ro, "ro.txt", 0, RIGHTS_FILE_RO, 0, &fd);
    control("control: open ro.txt read-only", e);
    if (e == 0) {
        __wasi_size_t n;
        deny("fd_write on it", write_str(fd, "OVERWRITTEN\n", &n));
        __wasi_ciovec_t iov = {(const uint8_t *)"X", 1};
        deny("fd_pwrite on it", __wasi_fd_pwrite(fd, &iov, 1, 0, &n));
        deny("fd_filestat_set_size on it", __wasi_fd_filestat_set_size(fd, 0));
        deny("fd_filestat_set_times on it",
             __wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
        deny("fd_allocate on it", __wasi_fd_allocate(fd, 0, 4096));
        (void)__wasi_fd_close(fd);
    }

    /* Read-only is inherited by directories opened below the preopen. */
    __wasi_fd_t sub;
    e = open_at(ro, "rodir", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &sub);
    control("control: open /ro/rodir as directory", e);
    if (e == 0) {
        deny_open("open rodir/new.txt CREAT (through rodir)", sub, 0, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
        deny_write_through("open rodir/inner.txt for writing and write (through rodir)", sub, "inner.txt", 0);
        deny("path_create_directory (through rodir)", __wasi_path_create_directory(sub, "newdir"));
        deny("path_unlink_file inner.txt (through rodir)", __wasi_path_unlink_file(sub, "inner.txt"));
        deny("path_rename inner.txt (through rodir)", __wasi_path_rename(sub, "inner.txt", sub, "renamed.txt"));
        (void)__wasi_fd_close(sub);
    }
    e = open_at(ro, ".", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &sub);
    control("control: open /ro/. as directory", e);
    if (e == 0) {
        deny_open("open new.txt CREAT (through /ro/.)", sub, 0, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_FILE_RW);
        (void)__wasi_fd_close(sub);
    }
}

static void renumbering(void) {
    say("-- fd_renumber onto stdio and onto preopens");
    /* A sandbox file renumbered onto standard error: writes to fd 2 land in the file. */
    __wasi_fd_t file;
    __wasi_errno_t e = open_at(sandbox, "renum.txt", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW, 0, &file);
    control("control: open renum.txt", e);
    if (e == 0) {
        control("control: fd_renumber renum.txt onto 2", __wasi_fd_renumber(file, 2));
        __wasi_size_t n;
        control("control: fd_write to 2", write_str(2, "via fd 2\n", &n));
        control_read("control: renum.txt now", sandbox, "renum.txt");
    }

    /* A directory of the sandbox renumbered onto standard input: it confines like any directory. */
    __wasi_fd_t d;
    e = open_at(sandbox, "sub", __WASI_OFLAGS_DIRECTORY, RIGHTS_DIR, 0, &d);
    control("control: open sub as directory", e);
    if (e == 0) {
        control("control: fd_renumber sub onto 0", __wasi_fd_renumber(d, 0));
        control_read("control: open inner.txt through 0", 0, "inner.txt");
        deny_open("open ../../secret.txt through 0", 0, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "../../secret.txt", 0, RIGHTS_FILE_RO);
        deny_open("open link_up2 through 0", 0, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_up2", 0, RIGHTS_FILE_RO);
        __wasi_prestat_t p;
        control("control: fd_prestat_get 0", __wasi_fd_prestat_get(0, &p));
    }

    /* A file renumbered onto the read-only preopen: the number no longer names a directory. */
    e = open_at(sandbox, "file.txt", 0, RIGHTS_FILE_RO, 0, &file);
    control("control: open file.txt", e);
    if (e == 0) {
        __wasi_fd_t old_ro = ro;
        control("control: fd_renumber file.txt onto /ro's descriptor", __wasi_fd_renumber(file, old_ro));
        __wasi_prestat_t p;
        control("control: fd_prestat_get on /ro's old number", __wasi_fd_prestat_get(old_ro, &p));
        deny_open("open ro.txt CREAT|TRUNC through /ro's old number", old_ro, 0, "ro.txt",
                  __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, RIGHTS_FILE_RW);
        deny_open("open ../secret.txt through /ro's old number", old_ro, 0, "../secret.txt", 0, RIGHTS_FILE_RO);
        char buffer[64];
        e = read_str(old_ro, buffer, sizeof buffer, NULL);
        char *newline = strchr(buffer, '\n');
        if (newline) *newline = 0;
        say("control: fd_read on /ro's old number: %s \"%s\"", ename(e), e ? "" : buffer);
    }

    /* The sandbox preopen renumbered onto standard error (the file there is closed). */
    control("control: fd_renumber /sandbox onto 2", __wasi_fd_renumber(sandbox, 2));
    __wasi_prestat_t p;
    e = __wasi_fd_prestat_get(2, &p);
    say("control: fd_prestat_get 2: %s%s", ename(e), e == 0 ? (p.u.dir.pr_name_len == 8 ? ", /sandbox" : ", OTHER NAME") : "");
    control("control: fd_prestat_get on /sandbox's old number", __wasi_fd_prestat_get(sandbox, &p));
    control_read("control: open file.txt through 2", 2, "file.txt");
    deny_open("open ../secret.txt through 2", 2, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "../secret.txt", 0, RIGHTS_FILE_RO);
    deny_open("open link_abs_out through 2", 2, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "link_abs_out", 0, RIGHTS_FILE_RO);
    control("control: fd_renumber 2 onto 99 (not open)", __wasi_fd_renumber(2, 99));
}

int main(void) {
    int s = find_preopen("/sandbox"), r = find_preopen("/ro");
    if (s < 0 || r < 0) {
        say("missing preopens: /sandbox %s, /ro %s", s < 0 ? "absent" : "present", r < 0 ? "absent" : "present");
        return 1;
    }
    sandbox = (__wasi_fd_t)s;
    ro = (__wasi_fd_t)r;
    traversal();
    absolute();
    symlinks();
    chains_and_loops();
    trailing_slashes();
    dangling();
    hard_links();
    renames();
    nul_bytes();
    read_only();
    renumbering();
    say("escapes: %d", escapes);
    return escapes == 0 ? 0 : 1;
}
