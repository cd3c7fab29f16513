/* Floating point with data-dependent loops: the Mandelbrot set sampled on a
 * grid, counting iterations until escape. */
#include "bench.h"

int main(int argc, char **argv) {
    long size = bench_arg(argc, argv, 700);
    const int limit = 200;
    uint64_t total = 0, inside = 0;
    for (long py = 0; py < size; py++) {
        double ci = (double)py * 2.4 / (double)size - 1.2;
        for (long px = 0; px < size; px++) {
            double cr = (double)px * 3.2 / (double)size - 2.2;
            double zr = 0, zi = 0, zr2 = 0, zi2 = 0;
            int i = 0;
            while (i < limit && zr2 + zi2 <= 4.0) {
                zi = 2 * zr * zi + ci;
                zr = zr2 - zi2 + cr;
                zr2 = zr * zr;
                zi2 = zi * zi;
                i++;
            }
            total += (uint64_t)i;
            if (i == limit) inside++;
        }
    }
    uint64_t sum = bench_mix(0, total);
    sum = bench_mix(sum, inside);
    bench_report("mandelbrot", sum);
    return 0;
}
