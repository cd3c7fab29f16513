// Prints what differs from run to run under real clocks and a real random source: wall-clock and
// monotonic times, a sleep measured on the monotonic clock, random bytes, arc4random and a rand()
// seeded from the time. Under `capsule run --deterministic` two runs print the same bytes.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static uint64_t nanoseconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void) {
    printf("time %lld\n", (long long)time(NULL));
    printf("realtime %llu\n", (unsigned long long)nanoseconds(CLOCK_REALTIME));
    uint64_t before = nanoseconds(CLOCK_MONOTONIC);
    printf("monotonic %llu\n", (unsigned long long)before);

    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    uint64_t after = nanoseconds(CLOCK_MONOTONIC);
    printf("slept at least 20 ms: %s; elapsed %llu ns\n", after - before >= 20000000u ? "yes" : "no",
           (unsigned long long)(after - before));

    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);

    unsigned char bytes[16];
    if (getentropy(bytes, sizeof bytes) != 0) {
        puts("getentropy failed");
        return 1;
    }
    printf("entropy ");
    for (size_t i = 0; i < sizeof bytes; i++) printf("%02x", bytes[i]);
    printf("\n");

    printf("arc4random %08x %08x\n", arc4random(), arc4random());
    srand((unsigned)nanoseconds(CLOCK_REALTIME));
    printf("rand %d %d\n", rand(), rand());
    return 0;
}
