// A WASI program for the checkpoint tests (Tests/CapsuleCLITests/CheckpointCommandTests.swift): it
// computes, reads standard input, prints, and writes files in the preopened directory /data, keeping
// a file open (and its offset moving) across all of it, so that a checkpoint taken anywhere must carry
// memory, stack, descriptors and offsets to come out the same.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned hash(const char *text, unsigned seed) {
    unsigned h = seed ^ 2166136261u;
    for (const char *p = text; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

static int primes_below(int limit) {
    static unsigned char composite[20000];
    int count = 0;
    memset(composite, 0, sizeof composite);
    for (int i = 2; i < limit; i++) {
        if (composite[i]) continue;
        count++;
        for (int j = i * 2; j < limit; j += i) composite[j] = 1;
    }
    return count;
}

static unsigned long long collatz_steps(unsigned long long n) {
    unsigned long long steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

int main(int argc, char **argv) {
    printf("args:");
    for (int i = 1; i < argc; i++) printf(" %s", argv[i]);
    printf("\n");
    const char *mode = getenv("CHECKPOINT_MODE");
    printf("mode: %s\n", mode ? mode : "(none)");

    FILE *log = fopen("/data/log.txt", "w");
    if (!log) {
        perror("/data/log.txt");
        return 1;
    }
    int fd = open("/data/raw.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror("/data/raw.bin");
        return 1;
    }

    for (int round = 1; round <= 6; round++) {
        int primes = primes_below(2000 * round);
        unsigned long long longest = 0, at = 0;
        for (unsigned long long n = 1; n < 300ull * round; n++) {
            unsigned long long steps = collatz_steps(n);
            if (steps > longest) { longest = steps; at = n; }
        }
        printf("round %d: %d primes, collatz %llu takes %llu\n", round, primes, at, longest);
        fprintf(log, "round %d %d %llu %llu\n", round, primes, at, longest);
        fflush(log);
        unsigned char block[64];
        for (int i = 0; i < 64; i++) block[i] = (unsigned char)(round * 31 + i * 7);
        if (write(fd, block, sizeof block) != (ssize_t)sizeof block) return 1;
    }

    char line[256];
    int lines = 0;
    unsigned total = 0;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = 0;
        unsigned h = hash(line, (unsigned)lines);
        for (int k = 0; k < 2000; k++) h = h * 1103515245u + 12345u + (unsigned)k;
        total += h;
        lines++;
        printf("line %d: %s -> %08x\n", lines, line, h);
        fprintf(log, "line %d %08x\n", lines, h);
        if (lseek(fd, (off_t)(lines * 16), SEEK_SET) < 0) return 1;
        if (write(fd, &h, sizeof h) != (ssize_t)sizeof h) return 1;
    }
    fclose(log);
    close(fd);

    // Read back what was written, through a new descriptor.
    FILE *back = fopen("/data/log.txt", "r");
    if (!back) return 1;
    int count = 0;
    while (fgets(line, sizeof line, back)) count++;
    fclose(back);
    printf("%d lines read, %d log lines, total %08x\n", lines, count, total);
    return 3;
}
