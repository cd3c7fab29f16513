/* Memory copy and fill: memcpy, memmove (overlapping) and memset over large
 * and small blocks, plus a hand-written word-at-a-time copy and a byte fill
 * loop, checked by summing the buffer. Bulk memory and plain loads/stores. */
#include <string.h>
#include "bench.h"

__attribute__((noinline)) static void copy_words(uint32_t *to, const uint32_t *from, size_t words) {
    for (size_t i = 0; i < words; i++) to[i] = from[i];
}

__attribute__((noinline)) static void fill_bytes(uint8_t *to, uint8_t value, size_t n) {
    for (size_t i = 0; i < n; i++) to[i] = (uint8_t)(value + (i & 7));
}

static uint64_t checksum(const uint8_t *bytes, size_t n) {
    uint64_t a = 1, b = 0;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t word;
        memcpy(&word, bytes + i, 8);
        a += word; b += a;
    }
    return a ^ (b << 1);
}

int main(int argc, char **argv) {
    long rounds = bench_arg(argc, argv, 80);
    const size_t size = 1 << 20;
    uint8_t *src = malloc(size), *dst = malloc(size);
    if (!src || !dst) return 1;
    uint64_t state = 5;
    for (size_t i = 0; i < size; i += 8) { uint64_t v = bench_rand(&state); memcpy(src + i, &v, 8); }
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        memcpy(dst, src, size);
        memmove(dst + 1 + r, dst, size / 2);
        memset(dst + size / 4, (int)r, size / 8);
        for (size_t offset = 0; offset + 300 < size; offset += 4099) {
            size_t n = 1 + (offset * 31 + (size_t)r) % 256;
            memcpy(dst + offset, src + (offset ^ 0x5555), n);
            memset(dst + offset + 257, (int)(offset & 0xff), n / 4);
        }
        copy_words((uint32_t *)src, (const uint32_t *)dst, size / 8);
        fill_bytes(dst + size / 2, (uint8_t)r, size / 4);
        sum = bench_mix(sum, checksum(dst, size));
        sum = bench_mix(sum, checksum(src, size));
    }
    free(src); free(dst);
    bench_report("memops", sum);
    return 0;
}
