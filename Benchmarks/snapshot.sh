#!/usr/bin/env bash
# Times snapshots of an instance at rest (Instance.writeSnapshot / restoreSnapshot(contentsOf:)) and
# checkpoints of a paused run (Instance.writeCheckpoint / restoreCheckpoint(contentsOf:) + resume) for a
# 64 MiB and a 1 GiB memory, every page written to and every 16th, in a release build:
#   Benchmarks/snapshot.sh [SCRATCH_DIR]     (the snapshot files go to SCRATCH_DIR, default a temporary one)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
scratch="${1:-$(mktemp -d)}"
(cd "$repo" && swift build -c release --scratch-path .build-bench --product example-snapshot >/dev/null)
binary="$repo/.build-bench/release/example-snapshot"
for pages in 1024 16384; do
    for stride in 1 16; do
        "$binary" --measure "$pages" "$stride" "$scratch/snapshot-$pages-$stride.bin"
        rm -f "$scratch/snapshot-$pages-$stride.bin"
        "$binary" --measure-checkpoint "$pages" "$stride" "$scratch/checkpoint-$pages-$stride.bin"
        rm -f "$scratch/checkpoint-$pages-$stride.bin"
    done
done
