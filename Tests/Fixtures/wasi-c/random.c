/* random_get: empty, small, large buffers; two draws differ; the bytes are not all equal. */
#include <stdlib.h>
#include "common.h"

static int all_same(const uint8_t *bytes, size_t count) {
    for (size_t i = 1; i < count; i++)
        if (bytes[i] != bytes[0]) return 0;
    return 1;
}

int main(void) {
    uint8_t a[32], b[32];
    res("random_get 0 bytes", __wasi_random_get(a, 0));
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    res("random_get 32 bytes", __wasi_random_get(a, sizeof a));
    res("random_get 32 more bytes", __wasi_random_get(b, sizeof b));
    say("two draws %s", memcmp(a, b, sizeof a) ? "differ" : "ARE EQUAL");
    say("draw bytes %s", all_same(a, sizeof a) ? "ALL EQUAL" : "vary");

    size_t large = 1 << 20;
    uint8_t *big = calloc(large, 1);
    res("random_get 1 MiB", __wasi_random_get(big, large));
    /* Count the distinct byte values: a uniform megabyte has all 256. */
    int seen[256] = {0}, distinct = 0;
    for (size_t i = 0; i < large; i++)
        if (!seen[big[i]]++) distinct++;
    say("1 MiB has %s", distinct == 256 ? "all 256 byte values" : "MISSING byte values");

    /* The last page: a buffer ending exactly at the end of memory is fine. */
    size_t end = __builtin_wasm_memory_size(0) * 65536;
    res("random_get ending at memory end", __wasi_random_get((uint8_t *)(end - 16), 16));

    unsigned int r = arc4random();
    (void)r;
    say("libc arc4random: ok");
    return 0;
}
