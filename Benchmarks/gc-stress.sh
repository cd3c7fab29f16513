#!/usr/bin/env bash
# GC stress test: Benchmarks/gc/stress.wat builds ROUNDS cyclic lists of LENGTH nodes (plus a 64-byte
# array every 64th node) and drops them, so ROUNDS * LENGTH * 1.016 objects in all, one list in ten
# staying live until the next. Prints the result, the collector's statistics and the peak RSS.
#
#   Benchmarks/gc-stress.sh [ROUNDS] [LENGTH]     (default 50 100000: about 5 million objects)
#
# CAPSULE: the capsule binary to run (default: a release build in .build-release).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
rounds="${1:-50}"
length="${2:-100000}"
if [ -z "${CAPSULE:-}" ]; then
    (cd "$repo" && swift build -c release --scratch-path .build-release --product capsule >/dev/null)
    CAPSULE="$repo/.build-release/release/capsule"
fi
python3 - "$CAPSULE" "$here/gc/stress.wat" "$rounds" "$length" <<'PY'
import os, resource, subprocess, sys, time
capsule, module, rounds, length = sys.argv[1:]
env = dict(os.environ, CAPSULE_GC_STATS="1")
start = time.monotonic()
run = subprocess.run([capsule, "run", "--invoke", "run", module, rounds, length], env=env, capture_output=True, text=True)
elapsed = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
objects = int(rounds) * (int(length) + int(length) // 64 + 1)
print(f"result: {run.stdout.strip()} (exit {run.returncode})")
print(run.stderr.strip())
print(f"objects allocated: {objects:,}; wall time {elapsed:.2f} s; peak RSS {peak / 1024:.1f} MiB")
sys.exit(run.returncode)
PY
