/* WASI call cost: one million clock_time_get calls on the monotonic clock.
 * Prints how many readings did not go backwards (all of them). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasi__
#include <wasi/api.h>
#else
#include <time.h>
#endif

static uint64_t now(void) {
#ifdef __wasi__
    __wasi_timestamp_t t = 0;
    if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t) != 0) exit(1);
    return t;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
#endif
}

int main(int argc, char **argv) {
    long calls = argc > 1 ? atol(argv[1]) : 1000000;
    uint64_t previous = now(), monotonic = 0;
    for (long i = 0; i < calls; i++) {
        uint64_t t = now();
        if (t >= previous) monotonic++;
        previous = t;
    }
    printf("clock monotonic %ld of %ld\n", (long)monotonic, calls);
    return 0;
}
