/*
 * Arguments a well-behaved libc never passes: enum values that name nothing (clock id, whence, advice,
 * subscription tag), flags with undefined bits, and pointers or lengths that reach past the end of linear
 * memory. Each call must return an errno (EINVAL for a value, EFAULT for memory); the host never crashes and
 * the program goes on.
 *
 * The expectation (bad_values.expected) is written by hand, not taken from wasmtime: wasmtime traps on an
 * enum value it cannot convert (for example "Invalid enum value Clockid") instead of returning an errno.
 * With an argument ("bad_values.wasm 7") only that probe runs, to see what a runtime does with it alone.
 */
#include <stdlib.h>
#include "common.h"

#define FAR ((uint32_t)0xFFFFFFF0u) /* an address past the end of any memory this program has */

/* path_open with an explicit path pointer and length (libc's wrapper would measure the path itself). */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("path_open"))) extern int32_t
raw_path_open(int32_t fd, int32_t dirflags, int32_t path, int32_t path_len, int32_t oflags, int64_t base,
              int64_t inheriting, int32_t fdflags, int32_t opened);

static __wasi_fd_t file = (__wasi_fd_t)-1;

/* The address just past the end of linear memory. */
static uint32_t memory_end(void) {
    return (uint32_t)(__builtin_wasm_memory_size(0) * 65536u);
}

static void *at(uint32_t address) {
    return (void *)(uintptr_t)address;
}

static void probe(int index) {
    __wasi_timestamp_t t = 0;
    __wasi_size_t n = 0;
    __wasi_filesize_t position = 0;
    __wasi_filestat_t st;
    __wasi_fd_t fd;
    __wasi_event_t events[2];
    __wasi_subscription_t sub;
    char buffer[16];
    uint32_t end = memory_end();
    switch (index) {
    case 1: res("clock_res_get id 4", __wasi_clock_res_get(4, &t)); break;
    case 2: res("clock_res_get id 0xffffffff", __wasi_clock_res_get(0xffffffffu, &t)); break;
    case 3: res("clock_time_get id 4", __wasi_clock_time_get(4, 0, &t)); break;
    case 4: res("fd_seek whence 3", __wasi_fd_seek(file, 0, 3, &position)); break;
    case 5: res("fd_advise advice 6", __wasi_fd_advise(file, 0, 10, 6)); break;
    case 6:
        memset(&sub, 0, sizeof sub);
        sub.u.tag = 3;
        res("poll_oneoff subscription tag 3", __wasi_poll_oneoff(&sub, events, 1, &n));
        break;
    case 7:
        res("path_open oflags bit 0x10",
            __wasi_path_open(3, 0, "x.txt", 0x10, RIGHTS_FILE_RW, 0, 0, &fd));
        break;
    case 8: res("fd_fdstat_set_flags bit 0x20", __wasi_fd_fdstat_set_flags(file, 0x20)); break;
    case 9: res("fd_filestat_set_times fstflags bit 0x10", __wasi_fd_filestat_set_times(file, 0, 0, 0x10)); break;
    case 10: res("path_filestat_get lookupflags bit 0x2", __wasi_path_filestat_get(3, 0x2, "f.txt", &st)); break;
    case 11: res("clock_time_get result far past memory", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, at(FAR))); break;
    case 12:
        res("clock_time_get result across the end of memory",
            __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, at(end - 4)));
        break;
    case 13: res("args_sizes_get results past memory", __wasi_args_sizes_get(at(FAR), at(FAR))); break;
    case 14: res("args_get arrays past memory", __wasi_args_get(at(FAR), at(FAR))); break;
    case 15: res("fd_write iovec array past memory", __wasi_fd_write(1, at(FAR), 1, &n)); break;
    case 16: {
        __wasi_ciovec_t iov = {at(FAR), 8};
        res("fd_write buffer past memory", __wasi_fd_write(1, &iov, 1, &n));
        break;
    }
    case 17: {
        __wasi_ciovec_t iov = {at(16), 0xFFFFFFF8u};
        res("fd_write buffer length wrapping around", __wasi_fd_write(1, &iov, 1, &n));
        break;
    }
    case 18: res("fd_write 0x10000000 iovecs", __wasi_fd_write(1, (const __wasi_ciovec_t *)buffer, 0x10000000u, &n)); break;
    case 19: {
        __wasi_iovec_t iov = {at(end - 2), 8};
        res("fd_read into a buffer across the end of memory", __wasi_fd_read(file, &iov, 1, &n));
        break;
    }
    case 20: res("random_get buffer across the end of memory", __wasi_random_get(at(end - 8), 16)); break;
    case 21:
        res("path_open path past memory",
            raw_path_open(3, 0, (int32_t)FAR, 5, 0, RIGHTS_FILE_RO, 0, 0, (int32_t)(uintptr_t)&fd));
        break;
    case 22: res("fd_prestat_dir_name buffer past memory", __wasi_fd_prestat_dir_name(3, at(FAR), 8)); break;
    case 23: res("poll_oneoff subscriptions past memory", __wasi_poll_oneoff(at(FAR), events, 1, &n)); break;
    case 24: res("fd_readdir buffer across the end of memory", __wasi_fd_readdir(3, at(end - 8), 64, 0, &n)); break;
    case 25: res("fd_read result count past memory", __wasi_fd_read(file, &(__wasi_iovec_t){(uint8_t *)buffer, 4}, 1, at(FAR))); break;
    case 26: res("fd_filestat_get result across the end of memory", __wasi_fd_filestat_get(file, at(end - 16))); break;
    }
}

int main(int argc, char **argv) {
    if (find_preopen("/sandbox") != 3) {
        say("expected /sandbox at descriptor 3");
        return 1;
    }
    if (make_file(3, "f.txt", "some file content") || open_at(3, "f.txt", 0, RIGHTS_FILE_RW, 0, &file)) {
        say("cannot make /sandbox/f.txt");
        return 1;
    }
    if (argc > 1) {
        probe(atoi(argv[1]));
        return 0;
    }
    for (int i = 1; i <= 26; i++) probe(i);
    say("still running");
    return 0;
}
