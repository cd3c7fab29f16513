#!/usr/bin/env bash
# Builds the fuzz targets twice: with libFuzzer and AddressSanitizer (release with debug info, in
# .build-asan: the fuzzers) and plainly (release, in .build-tools: replayers of single inputs, and
# capsule-diff). Usage: Scripts/build.sh [TARGET...]   (targets: decode validate text execute wasi tiers snapshot checkpoint component)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode validate text execute wasi tiers snapshot checkpoint component)
for t in "${targets[@]}"; do
    swift build -c release --product "fuzz-$t" --scratch-path .build-asan \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -g
    swift build -c release --product "fuzz-$t" --scratch-path .build-tools
done
swift build -c release --product capsule-diff --scratch-path .build-tools
