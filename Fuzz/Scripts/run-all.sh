#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, one after the other (one fuzzer process at a time).
# Usage: Scripts/run-all.sh SECONDS
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:?usage: Scripts/run-all.sh SECONDS}
status=0
for t in decode validate text execute wasi; do
    Scripts/run.sh "$t" "$seconds" || status=1
done
exit $status
