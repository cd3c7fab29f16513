#!/usr/bin/env bash
# Runs Capsule's benchmark suite against its peers, interleaved, and writes
# Benchmarks/results.md, results.svg (chart) and results.json (every sample).
#
#   Benchmarks/run.sh [--runs N] [--only fib,sort] [--runtimes capsule,capsule-fuel,wasmkit,wasmtime,node,native] [--no-extras]
#
# Environment:
#   CAPSULE          a capsule binary to measure (CAPSULE_REVISION: its commit, if not inside a work tree);
#                    when unset, Capsule is built in release with
#                    `swift build -c release --scratch-path $CAPSULE_SCRATCH` (default .build-bench) and that is used
#   BENCH_NO_BUILD=1 do not build Capsule (use what is already in the scratch path)
#   WASMKIT          wasmkit-cli (default /work/peers/wasmkit/.build/release/wasmkit-cli, WasmKit 0.4.2 in release)
#   PYTHON, NODE     interpreters for the wasmtime (PyPI `wasmtime`) and node:wasi runners
#   WASM3            a wasm3 binary, if one is available (it is not on this project's machines)
#   BENCH_RUNS       default for --runs (5)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"

"$here/build.sh" native >/dev/null

# The runs happen in a scratch directory: a relative CAPSULE must be made absolute first.
if [ -n "${CAPSULE:-}" ] && [ "${CAPSULE#/}" = "$CAPSULE" ]; then
    CAPSULE="$(cd "$(dirname "$CAPSULE")" && pwd)/$(basename "$CAPSULE")"
    export CAPSULE
fi

if [ -z "${CAPSULE:-}" ]; then
    scratch="${CAPSULE_SCRATCH:-.build-bench}"
    if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
        echo "building Capsule (release, --scratch-path $scratch)..." >&2
        mkdir -p "$repo/$scratch"
        if ! (cd "$repo" && swift build -c release --scratch-path "$scratch" --product capsule >"$repo/$scratch/bench-build.log" 2>&1); then
            echo "warning: building Capsule failed (see $repo/$scratch/bench-build.log); measuring the peers only" >&2
            # Do not measure an older binary left in the scratch path as if it were this tree.
            export CAPSULE_BUILD_FAILED="$repo/$scratch/bench-build.log"
        fi
    fi
    export CAPSULE="$repo/$scratch/release/capsule"
fi

exec "${PYTHON:-python3}" "$here/bench.py" "$@"
