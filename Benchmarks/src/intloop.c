/* Integer loops: a sieve of Eratosthenes, Collatz sequence lengths and a
 * binary GCD sum. Branchy 32- and 64-bit integer arithmetic. */
#include <string.h>
#include "bench.h"

static uint32_t sieve(uint8_t *composite, uint32_t limit) {
    memset(composite, 0, limit + 1);
    uint32_t count = 0;
    for (uint32_t i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (uint64_t j = (uint64_t)i * i; j <= limit; j += i) composite[j] = 1;
    }
    return count;
}

static uint64_t collatz(uint32_t limit) {
    uint64_t total = 0;
    for (uint32_t start = 1; start < limit; start++) {
        uint64_t x = start;
        uint32_t steps = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            steps++;
        }
        total += steps;
    }
    return total;
}

static uint32_t gcd(uint32_t a, uint32_t b) {
    if (a == 0) return b;
    if (b == 0) return a;
    int shift = __builtin_ctz(a | b);
    a >>= __builtin_ctz(a);
    do {
        b >>= __builtin_ctz(b);
        if (a > b) { uint32_t t = a; a = b; b = t; }
        b -= a;
    } while (b != 0);
    return a << shift;
}

int main(int argc, char **argv) {
    long scale = bench_arg(argc, argv, 8);
    uint32_t limit = (uint32_t)scale * 200000u;
    uint8_t *composite = malloc(limit + 1);
    if (!composite) return 1;
    uint64_t sum = 0;
    sum = bench_mix(sum, sieve(composite, limit));
    sum = bench_mix(sum, collatz((uint32_t)scale * 30000u));
    uint64_t g = 0;
    for (uint32_t i = 1; i < (uint32_t)scale * 300u; i++)
        for (uint32_t j = 1; j < 300u; j++) g += gcd(i * 7919u, j * 104729u);
    sum = bench_mix(sum, g);
    free(composite);
    bench_report("intloop", sum);
    return 0;
}
