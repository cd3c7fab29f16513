#!/usr/bin/env bash
# Rebuilds Capsule's benchmark workloads.
#
#   Benchmarks/build.sh          wasm32-wasi modules into Benchmarks/wasm/ (committed) and native builds
#   Benchmarks/build.sh wasm     only the .wasm modules
#   Benchmarks/build.sh native   only the native (gcc -O2) builds, into Benchmarks/build/native/ (not committed)
#
# The .wasm modules are built with Zig's bundled clang and wasi-libc (`pip install ziglang`), -O2, stripped.
# Set ZIGCC to use another wasm32-wasi C compiler command, CC for another native compiler.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
what="${1:-all}"
src="$here/src"
workloads="fib intloop strings sha256 hashmap matmul sort memops vm mandelbrot nbody"
extras="empty fdwrite clock"
zigcc="${ZIGCC:-python3 -m ziglang cc}"
cc="${CC:-gcc}"

build_wasm() {
    mkdir -p "$here/wasm"
    for name in $workloads fdwrite clock; do
        $zigcc -target wasm32-wasi -O2 -s "$src/$name.c" -o "$here/wasm/$name.wasm"
    done
    # The empty module imports nothing: no libc, just an empty _start.
    $zigcc -target wasm32-wasi -O2 -s -nostdlib "$src/empty.c" -o "$here/wasm/empty.wasm"
    rm -f "$here"/wasm/*.o
    echo "built $(ls "$here"/wasm/*.wasm | wc -l) modules in $here/wasm"
}

build_native() {
    mkdir -p "$here/build/native"
    for name in $workloads $extras; do
        $cc -O2 -o "$here/build/native/$name" "$src/$name.c" -lm
    done
    echo "built native programs in $here/build/native"
}

case "$what" in
    all) build_wasm; build_native ;;
    wasm) build_wasm ;;
    native) build_native ;;
    *) echo "usage: $0 [all|wasm|native]" >&2; exit 2 ;;
esac
