/* Sorting through a comparison callback: a generic quicksort (median of three,
 * insertion sort for short runs) that, like qsort, swaps elements of any size
 * and compares them only through a function pointer, so every comparison is
 * an indirect call. Records by key then id, and integers descending. */
#include <string.h>
#include "bench.h"

typedef int (*compare_fn)(const void *, const void *);
typedef struct { uint32_t key; uint32_t id; } record;

static int by_key_then_id(const void *x, const void *y) {
    const record *a = x, *b = y;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int descending(const void *x, const void *y) {
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (b > a) - (b < a);
}

static void swap_bytes(char *a, char *b, size_t size) {
    while (size--) { char t = *a; *a++ = *b; *b++ = t; }
}

static void generic_sort(void *base, size_t count, size_t size, compare_fn compare) {
    char *items = base;
    while (count > 12) {
        char *first = items, *middle = items + (count / 2) * size, *last = items + (count - 1) * size;
        if (compare(middle, first) < 0) swap_bytes(middle, first, size);
        if (compare(last, middle) < 0) {
            swap_bytes(last, middle, size);
            if (compare(middle, first) < 0) swap_bytes(middle, first, size);
        }
        swap_bytes(middle, last - size, size);
        char *pivot = last - size;
        size_t i = 0, j = count - 2;
        for (;;) {
            while (compare(items + (++i) * size, pivot) < 0) {}
            while (j > 0 && compare(pivot, items + (--j) * size) < 0) {}
            if (i >= j) break;
            swap_bytes(items + i * size, items + j * size, size);
        }
        swap_bytes(items + i * size, pivot, size);
        /* Recurse into the smaller side, loop on the larger. */
        size_t left = i, right = count - i - 1;
        if (left < right) {
            generic_sort(items, left, size, compare);
            items += (i + 1) * size; count = right;
        } else {
            generic_sort(items + (i + 1) * size, right, size, compare);
            count = left;
        }
    }
    for (size_t i = 1; i < count; i++)
        for (size_t j = i; j > 0 && compare(items + (j - 1) * size, items + j * size) > 0; j--)
            swap_bytes(items + (j - 1) * size, items + j * size, size);
}

int main(int argc, char **argv) {
    long rounds = bench_arg(argc, argv, 2);
    const size_t n = 100000;
    record *records = malloc(n * sizeof(record));
    int32_t *numbers = malloc(n * sizeof(int32_t));
    if (!records || !numbers) return 1;
    uint64_t sum = 0, state = 2024;
    for (long r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            records[i].key = (uint32_t)(bench_rand(&state) % 50000);
            records[i].id = (uint32_t)i;
            numbers[i] = (int32_t)(bench_rand(&state) >> 33) - (1 << 29);
        }
        generic_sort(records, n, sizeof(record), by_key_then_id);
        generic_sort(numbers, n, sizeof(int32_t), descending);
        for (size_t i = 1; i < n; i++)
            if (by_key_then_id(&records[i - 1], &records[i]) > 0 || numbers[i - 1] < numbers[i]) { puts("unsorted"); return 1; }
        for (size_t i = 0; i < n; i += 97) {
            sum = bench_mix(sum, records[i].key * 100003ull + records[i].id);
            sum = bench_mix(sum, (uint32_t)numbers[i]);
        }
    }
    free(records); free(numbers);
    bench_report("sort", sum);
    return 0;
}
