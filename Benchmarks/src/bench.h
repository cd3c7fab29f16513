/* Shared helpers for Capsule's benchmark workloads.
 *
 * Every workload takes an optional first argument (a size or repeat count) so it
 * can be calibrated, and prints one line: its name and a 64-bit checksum in hex.
 * The run script compares that line against the native (gcc -O2) build. */
#ifndef CAPSULE_BENCH_H
#define CAPSULE_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* The first command-line argument as a number, or `fallback` when absent. */
static inline long bench_arg(int argc, char **argv, long fallback) {
    return argc > 1 ? atol(argv[1]) : fallback;
}

/* Prints the workload's result line. */
static inline void bench_report(const char *name, uint64_t checksum) {
    printf("%s checksum %016llx\n", name, (unsigned long long)checksum);
}

/* Mixes a value into a running checksum (order-sensitive). */
static inline uint64_t bench_mix(uint64_t sum, uint64_t value) {
    sum ^= value + 0x9e3779b97f4a7c15ULL + (sum << 6) + (sum >> 2);
    return sum;
}

/* A double's bit pattern, so floating-point results compare exactly. */
static inline uint64_t bench_bits(double value) {
    union { double d; uint64_t u; } pun;
    pun.d = value;
    return pun.u;
}

/* A small deterministic pseudo-random generator (xorshift64*). */
static inline uint64_t bench_rand(uint64_t *state) {
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

#endif
