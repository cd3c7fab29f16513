#!/usr/bin/env bash
# Runs one fuzz target for SECONDS with one process at low priority, then appends a row to RUNS.md.
# Usage: Scripts/run.sh TARGET SECONDS [extra libFuzzer flags...]
# The corpus grows in corpus/TARGET (seeded from seeds/TARGET); crashes land in artifacts/TARGET.
set -uo pipefail
cd "$(dirname "$0")/.."
target=$1 seconds=$2
shift 2
binary=.build-asan/release/fuzz-$target
[ -x "$binary" ] || { echo "build first: Scripts/build.sh $target" >&2; exit 2; }
mkdir -p "corpus/$target" "artifacts/$target" logs
log="logs/$target-$(date -u +%Y%m%dT%H%M%SZ).log"
before=$(ls "artifacts/$target" | wc -l)
case $target in
    text) maxlen=8192 ;;
    wasi) maxlen=2048 ;;
    *) maxlen=16384 ;;
esac
seeds=()
[ -d "seeds/$target" ] && seeds=("seeds/$target")
[ "$target" = tiers ] && seeds=(seeds/execute)  # the same kind of input as execute
start=$(date +%s)
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1} \
nice -n 10 "$binary" "corpus/$target" "${seeds[@]}" \
    -max_total_time="$seconds" -max_len="$maxlen" -timeout=20 -rss_limit_mb=3072 \
    -artifact_prefix="artifacts/$target/" -print_final_stats=1 "$@" >"$log" 2>&1
status=$?
elapsed=$(( $(date +%s) - start ))
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
corpus=$(ls "corpus/$target" | wc -l)
crashes=$(( $(ls "artifacts/$target" | wc -l) - before ))
echo "| $(date -u +%Y-%m-%d) | $target | $elapsed | ${execs:-?} | ${rate:-?} | $corpus | $crashes | exit $status, $log |" | tee -a RUNS.md
exit $status
