#!/usr/bin/env bash
# Builds the SIMD workload twice with Zig's clang and wasi-libc (`pip install ziglang`):
# kernels-simd128.wasm with -msimd128 (vectorised) and kernels-scalar.wasm without.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
zigcc="${ZIGCC:-python3 -m ziglang cc}"
$zigcc -target wasm32-wasi -O2 -s -msimd128 "$here/kernels.c" -o "$here/kernels-simd128.wasm"
$zigcc -target wasm32-wasi -O2 -s "$here/kernels.c" -o "$here/kernels-scalar.wasm"
rm -f "$here"/*.o
