/* Recursion and calls: naive Fibonacci, Takeuchi's function, and a loop over
 * a non-inlined six-argument function. Exercises call/return paths. */
#include "bench.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int tak(int x, int y, int z) {
    if (y < x) return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y));
    return z;
}

__attribute__((noinline)) static uint64_t six(uint64_t a, uint32_t b, uint32_t c, uint64_t d, uint32_t e, uint32_t f) {
    return (a ^ b) + (c * d) - (e | f);
}

int main(int argc, char **argv) {
    long n = bench_arg(argc, argv, 36);
    uint64_t sum = 0;
    sum = bench_mix(sum, fib((uint32_t)n));
    sum = bench_mix(sum, (uint64_t)tak((int)n - 12, (int)n - 18, (int)n - 24));
    uint64_t acc = 1;
    for (uint32_t i = 0; i < (uint32_t)n * 100000u; i++) acc = six(acc, i, i >> 3, acc >> 7, i * 3, i ^ 5);
    sum = bench_mix(sum, acc);
    bench_report("fib", sum);
    return 0;
}
