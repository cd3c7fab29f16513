/* Hashing into a table: keys built as decimal strings, hashed with 64-bit
 * FNV-1a, stored in an open-addressing table with linear probing, then looked
 * up (hits and misses) and counted. Scattered loads and stores. */
#include <string.h>
#include "bench.h"

typedef struct { uint64_t hash; uint32_t key; uint32_t count; } slot;

static uint64_t fnv1a(const char *bytes, size_t n) {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) { h ^= (uint8_t)bytes[i]; h *= 0x100000001b3ULL; }
    return h;
}

static size_t format_key(char *out, uint32_t key) {
    char digits[12];
    size_t n = 0;
    do { digits[n++] = (char)('0' + key % 10); key /= 10; } while (key);
    out[0] = 'k'; out[1] = '-';
    for (size_t i = 0; i < n; i++) out[2 + i] = digits[n - 1 - i];
    return n + 2;
}

static slot *find(slot *table, uint32_t mask, uint64_t hash, uint32_t key) {
    uint32_t i = (uint32_t)(hash ^ (hash >> 32)) & mask;
    while (table[i].count != 0 && !(table[i].hash == hash && table[i].key == key)) i = (i + 1) & mask;
    return &table[i];
}

int main(int argc, char **argv) {
    long rounds = bench_arg(argc, argv, 2);
    const uint32_t capacity = 1u << 18, mask = capacity - 1, keys = 150000;
    slot *table = malloc(capacity * sizeof(slot));
    if (!table) return 1;
    uint64_t sum = 0;
    char buffer[16];
    for (long r = 0; r < rounds; r++) {
        memset(table, 0, capacity * sizeof(slot));
        uint64_t state = 7 + (uint64_t)r;
        for (uint32_t i = 0; i < keys * 2; i++) {
            uint32_t key = (uint32_t)(bench_rand(&state) % (keys * 3));
            uint64_t hash = fnv1a(buffer, format_key(buffer, key));
            slot *s = find(table, mask, hash, key);
            if (s->count == 0) { s->hash = hash; s->key = key; }
            s->count++;
        }
        uint64_t found = 0, missing = 0;
        for (uint32_t key = 0; key < keys * 3; key++) {
            uint64_t hash = fnv1a(buffer, format_key(buffer, key));
            slot *s = find(table, mask, hash, key);
            if (s->count) found += s->count * (uint64_t)key; else missing++;
        }
        sum = bench_mix(sum, found);
        sum = bench_mix(sum, missing);
    }
    free(table);
    bench_report("hashmap", sum);
    return 0;
}
