/* Floating point: dense double-precision matrix multiply (i-k-j order) of
 * generated matrices, repeated with the product fed back in. */
#include <string.h>
#include "bench.h"

static void multiply(double *c, const double *a, const double *b, int n) {
    memset(c, 0, sizeof(double) * (size_t)n * (size_t)n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
        }
}

int main(int argc, char **argv) {
    long rounds = bench_arg(argc, argv, 10);
    const int n = 160;
    size_t cells = (size_t)n * n;
    double *a = malloc(cells * sizeof(double)), *b = malloc(cells * sizeof(double)), *c = malloc(cells * sizeof(double));
    if (!a || !b || !c) return 1;
    uint64_t state = 99;
    for (size_t i = 0; i < cells; i++) {
        a[i] = (double)(bench_rand(&state) % 2001) / 1000.0 - 1.0;
        b[i] = (double)(bench_rand(&state) % 2001) / 1000.0 - 1.0;
    }
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        multiply(c, a, b, n);
        double trace = 0, total = 0;
        for (int i = 0; i < n; i++) trace += c[i * n + i];
        for (size_t i = 0; i < cells; i++) total += c[i];
        sum = bench_mix(sum, bench_bits(trace));
        sum = bench_mix(sum, bench_bits(total));
        /* Feed the product back, scaled to stay in range. */
        for (size_t i = 0; i < cells; i++) a[i] = c[i] / (double)n;
    }
    free(a); free(b); free(c);
    bench_report("matmul", sum);
    return 0;
}
