/*
 * clock_res_get and clock_time_get on every clock id and on invalid ones. Values depend on the machine, so
 * only their properties are printed (positive, plausible, non-decreasing).
 */
#include <time.h>
#include "common.h"

static const char *const clock_names[] = {"realtime", "monotonic", "process_cputime", "thread_cputime"};

int main(void) {
    for (__wasi_clockid_t id = 0; id < 4; id++) {
        char label[64];
        __wasi_timestamp_t resolution = 0;
        snprintf(label, sizeof label, "clock_res_get %s", clock_names[id]);
        __wasi_errno_t e = __wasi_clock_res_get(id, &resolution);
        if (e)
            res(label, e);
        else
            say("%s: ok, %s", label, resolution > 0 && resolution <= 1000000000ull ? "between 1ns and 1s" : "OUT OF RANGE");

        __wasi_timestamp_t t1 = 0, t2 = 0;
        snprintf(label, sizeof label, "clock_time_get %s", clock_names[id]);
        e = __wasi_clock_time_get(id, 1, &t1);
        if (e) {
            res(label, e);
            continue;
        }
        /* Spend a little time so that cpu clocks move too. */
        volatile uint64_t sink = 0;
        for (int i = 0; i < 2000000; i++) sink += (uint64_t)i;
        e = __wasi_clock_time_get(id, 1, &t2);
        if (e) {
            res(label, e);
            continue;
        }
        if (id == __WASI_CLOCKID_REALTIME)
            say("%s: ok, %s", label, t1 > 1577836800ull * 1000000000ull ? "after 2020" : "BEFORE 2020");
        else
            say("%s: ok, %s", label, t2 > t1 ? "increases" : "DOES NOT INCREASE");
    }

    __wasi_timestamp_t t = 0;
    /* The precision argument is a hint; any value is accepted. */
    res("clock_time_get monotonic precision 0", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 0, &t));
    res("clock_time_get monotonic precision max", __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, UINT64_MAX, &t));

    /* Many reads in a row never go backwards. */
    __wasi_timestamp_t previous = 0, now = 0;
    int backwards = 0;
    for (int i = 0; i < 1000; i++) {
        if (__wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &now)) { backwards = -1; break; }
        if (now < previous) backwards++;
        previous = now;
    }
    say("monotonic 1000 reads: %s", backwards == 0 ? "never backwards" : "WENT BACKWARDS OR FAILED");

    /* libc's clock_gettime uses the same calls. */
    struct timespec ts;
    say("libc clock_gettime CLOCK_MONOTONIC: %s", clock_gettime(CLOCK_MONOTONIC, &ts) == 0 ? "ok" : "failed");
    say("libc time(): %s", time(NULL) > 1577836800 ? "after 2020" : "BEFORE 2020");
    return 0;
}
