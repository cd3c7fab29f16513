/* WASI call cost: one million fd_write calls of 8 bytes each to standard
 * output (the run script sends it to /dev/null). The total reported as
 * written goes to standard error as the checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasi__
#include <wasi/api.h>
#else
#include <unistd.h>
#endif

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    static const char line[8] = "capsule\n";
    uint64_t total = 0;
    for (long i = 0; i < calls; i++) {
#ifdef __wasi__
        __wasi_ciovec_t iov = {(const uint8_t *)line, sizeof line};
        __wasi_size_t written = 0;
        if (__wasi_fd_write(1, &iov, 1, &written) != 0) return 1;
        total += written;
#else
        ssize_t written = write(1, line, sizeof line);
        if (written < 0) return 1;
        total += (uint64_t)written;
#endif
    }
    fprintf(stderr, "fdwrite wrote %llu\n", (unsigned long long)total);
    return 0;
}
