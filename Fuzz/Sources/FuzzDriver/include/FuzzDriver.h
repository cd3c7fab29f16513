#ifndef CAPSULE_FUZZ_DRIVER_H
#define CAPSULE_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver with `callback` when the executable was linked with libFuzzer
/// (`-sanitize=fuzzer`); returns -1 without doing anything otherwise.
int capsule_fuzz_run_driver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
