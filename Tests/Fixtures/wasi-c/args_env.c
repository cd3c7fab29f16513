/*
 * args_sizes_get, args_get, environ_sizes_get, environ_get: counts, sizes, and every argument and variable
 * (argv[0] by its last path component only, since runtimes pass the module path as given).
 */
#include <stdlib.h>
#include "common.h"

static const char *basename_of(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int main(void) {
    __wasi_size_t argc = 0, argv_size = 0;
    if (res("args_sizes_get", __wasi_args_sizes_get(&argc, &argv_size))) return 1;
    say("argc %u", (unsigned)argc);
    uint8_t **argv = calloc(argc + 1, sizeof *argv);
    uint8_t *argv_buf = malloc(argv_size + 1);
    if (res("args_get", __wasi_args_get(argv, argv_buf))) return 1;
    size_t total = 0;
    for (__wasi_size_t i = 0; i < argc; i++) {
        const char *arg = (const char *)argv[i];
        total += strlen(arg) + 1;
        if (i == 0)
            say("argv[0] basename \"%s\"", basename_of(arg));
        else
            say("argv[%u] \"%s\" (%zu bytes)", (unsigned)i, arg, strlen(arg));
    }
    say("args size %s", total == argv_size ? "matches the strings" : "DIFFERS from the strings");
    say("args pointers inside the buffer: %s",
        argc == 0 || (argv[0] == argv_buf) ? "yes" : "no");

    __wasi_size_t envc = 0, env_size = 0;
    if (res("environ_sizes_get", __wasi_environ_sizes_get(&envc, &env_size))) return 1;
    say("environ count %u size %u", (unsigned)envc, (unsigned)env_size);
    uint8_t **env = calloc(envc + 1, sizeof *env);
    uint8_t *env_buf = malloc(env_size + 1);
    if (res("environ_get", __wasi_environ_get(env, env_buf))) return 1;
    total = 0;
    for (__wasi_size_t i = 0; i < envc; i++) {
        total += strlen((const char *)env[i]) + 1;
        say("environ[%u] \"%s\"", (unsigned)i, (const char *)env[i]);
    }
    say("environ size %s", total == env_size ? "matches the strings" : "DIFFERS from the strings");

    /* Through libc, which read the same lists at startup. */
    const char *greeting = getenv("GREETING");
    say("getenv GREETING: %s", greeting ? greeting : "(unset)");
    const char *home = getenv("HOME");
    say("getenv HOME: %s", home ? home : "(unset)");
    return 0;
}
