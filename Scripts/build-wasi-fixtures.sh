#!/bin/sh
# Rebuilds Capsule's WASI test programs (Tests/Fixtures/wasi-c/*.c, and Tests/Fixtures/deterministic/*.c and
# Tests/Fixtures/checkpoint/*.c when no names are given) into the prebuilt .wasm files beside them.
#
#   Scripts/build-wasi-fixtures.sh              rebuild every program
#   Scripts/build-wasi-fixtures.sh NAME...      rebuild only these (e.g. escape fs_dirs)
#   Scripts/build-wasi-fixtures.sh --expected   rebuild, then regenerate the expected outputs under wasmtime
#                                               (Scripts/wasi-fixtures-expect.py; needs `pip install wasmtime`)
#
# The compiler is Zig's clang with its bundled wasi-libc, from PyPI: `pip install ziglang`. Set ZIG_CC to use
# another command taking the same arguments (for example a wasi-sdk clang: ZIG_CC="/opt/wasi-sdk/bin/clang").
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/Tests/Fixtures/wasi-c"
cc=${ZIG_CC:-"python3 -m ziglang cc"}
expected=no
names=""
for arg in "$@"; do
    case "$arg" in
    --expected) expected=yes ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) names="$names $arg" ;;
    esac
done
given=$names
if [ -z "$names" ]; then
    names=$(cd "$dir" && ls *.c | sed 's/\.c$//')
fi

if [ -z "${ZIG_CC:-}" ] && ! python3 -m ziglang version >/dev/null 2>&1; then
    echo "build-wasi-fixtures: Zig is missing; install it with: pip install ziglang" >&2
    exit 1
fi

for name in $names; do
    if [ ! -f "$dir/$name.c" ]; then
        echo "build-wasi-fixtures: no $dir/$name.c" >&2
        exit 1
    fi
    echo "cc $name.c"
    # -s strips debug sections; the name section stays out too, so the files are small and stable.
    $cc -target wasm32-wasi -O2 -s -Wall -Wextra -Werror -Wno-unused-function \
        "$dir/$name.c" -o "$dir/$name.wasm"
done

if [ -z "$given" ]; then
    # Programs whose output varies from run to run (no expectation from wasmtime): DeterministicFlagTests.
    for source in "$root"/Tests/Fixtures/deterministic/*.c; do
        echo "cc deterministic/$(basename "$source")"
        $cc -target wasm32-wasi -O2 -s -Wall -Wextra -Werror "$source" -o "${source%.c}.wasm"
    done
    # The program the checkpoint tests stop and resume (CheckpointCommandTests, CheckpointTests).
    for source in "$root"/Tests/Fixtures/checkpoint/*.c; do
        echo "cc checkpoint/$(basename "$source")"
        $cc -target wasm32-wasi -O2 -s -Wall -Wextra -Werror "$source" -o "${source%.c}.wasm"
    done
fi

if [ "$expected" = yes ]; then
    # shellcheck disable=SC2086
    python3 "$root/Scripts/wasi-fixtures-expect.py" $given
fi
