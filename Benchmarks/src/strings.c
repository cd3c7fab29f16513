/* Byte and string processing over a generated text: word and line counts,
 * case conversion, naive substring search, per-word reversal and number
 * parsing. Byte loads and stores, short loops, many branches. */
#include <string.h>
#include "bench.h"

static const char *const words[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa",
    "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
    "yankee", "zulu", "12345", "67890", "wasm", "capsule",
};

static size_t generate(char *text, size_t size) {
    uint64_t state = 0x1234567887654321ULL;
    size_t length = 0;
    while (length + 16 < size) {
        const char *word = words[bench_rand(&state) % (sizeof words / sizeof words[0])];
        size_t n = strlen(word);
        memcpy(text + length, word, n);
        length += n;
        text[length++] = (bench_rand(&state) % 11 == 0) ? '\n' : ' ';
    }
    text[length] = 0;
    return length;
}

static uint64_t count(const char *text, size_t length) {
    uint64_t wordsSeen = 0, lines = 0, vowels = 0;
    int inWord = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '\n') lines++;
        if (c == ' ' || c == '\n') { inWord = 0; continue; }
        if (!inWord) { wordsSeen++; inWord = 1; }
        switch (c) { case 'a': case 'e': case 'i': case 'o': case 'u': vowels++; break; default: break; }
    }
    return wordsSeen * 1000003u + lines * 1009u + vowels;
}

static void upper(char *out, const char *text, size_t length) {
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        out[i] = (c >= 'a' && c <= 'z') ? (char)(c - 32) : c;
    }
    out[length] = 0;
}

static uint64_t search(const char *text, size_t length, const char *needle) {
    size_t n = strlen(needle);
    uint64_t hits = 0;
    for (size_t i = 0; i + n <= length; i++) {
        size_t j = 0;
        while (j < n && text[i + j] == needle[j]) j++;
        if (j == n) hits += i;
    }
    return hits;
}

static void reverse_words(char *text, size_t length) {
    size_t start = 0;
    for (size_t i = 0; i <= length; i++) {
        if (i == length || text[i] == ' ' || text[i] == '\n') {
            for (size_t a = start, b = i; a + 1 < b; a++, b--) {
                char t = text[a]; text[a] = text[b - 1]; text[b - 1] = t;
            }
            start = i + 1;
        }
    }
}

static uint64_t parse_numbers(const char *text, size_t length) {
    uint64_t total = 0, value = 0;
    int inNumber = 0;
    for (size_t i = 0; i < length; i++) {
        unsigned d = (unsigned char)text[i] - '0';
        if (d < 10) { value = value * 10 + d; inNumber = 1; }
        else if (inNumber) { total += value; value = 0; inNumber = 0; }
    }
    return total + value;
}

int main(int argc, char **argv) {
    long rounds = bench_arg(argc, argv, 20);
    size_t size = 1 << 18;
    char *text = malloc(size), *work = malloc(size);
    if (!text || !work) return 1;
    size_t length = generate(text, size);
    uint64_t sum = 0;
    for (long r = 0; r < rounds; r++) {
        sum = bench_mix(sum, count(text, length));
        upper(work, text, length);
        sum = bench_mix(sum, search(work, length, "ECHO FOX"));
        sum = bench_mix(sum, search(text, length, "ra"));
        memcpy(work, text, length + 1);
        reverse_words(work, length);
        sum = bench_mix(sum, parse_numbers(work, length));
        sum = bench_mix(sum, (uint64_t)(unsigned char)work[(size_t)r * 7919 % length]);
        text[(size_t)r * 104729 % length] = (char)('a' + r % 26);
    }
    free(text); free(work);
    bench_report("strings", sum);
    return 0;
}
