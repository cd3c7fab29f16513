#!/usr/bin/env bash
# Load test of `capsule serve` on loopback: wrk (Debian's `wrk`) drives 32 connections at one route for
# DURATION seconds while a second client asks, over and over, for a route whose guest traps and one whose
# guest loops (stopped by --timeout). Prints wrk's throughput and latency percentiles, the error counts,
# and what the trapping and looping requests got.
#
#   Benchmarks/serve-load.sh [COMPONENT] [ROUTE]
#
# Environment: CAPSULE (a capsule binary; default: built in release into .build-release), PORT (18080),
# DURATION (15), CONNECTIONS (32), THREADS (wrk's, 2), TIMEOUT (the per-request --timeout, 1),
# SERVE_FLAGS (more flags for capsule serve), NO_FAULTS=1 (no trapping or looping requests alongside).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
component="${1:-$repo/Tests/CapsuleComponentTests/Fixtures/http/service.wasm}"
route="${2:-/hello}"
port="${PORT:-18080}"
command -v wrk >/dev/null || { echo "serve-load: needs wrk (apt-get install wrk)" >&2; exit 1; }
if [ -z "${CAPSULE:-}" ]; then
    (cd "$repo" && swift build -c release --scratch-path .build-release --product capsule >/dev/null)
    CAPSULE="$repo/.build-release/release/capsule"
fi
work="$(mktemp -d)"
# shellcheck disable=SC2086
"$CAPSULE" serve --addr "127.0.0.1:$port" --timeout "${TIMEOUT:-1}" --access-log "$work/access.log" ${SERVE_FLAGS:-} "$component" \
    2>"$work/server.err" &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break
    sleep 0.1
done

faults=""
if [ "${NO_FAULTS:-0}" != 1 ]; then
    (
        while :; do
            printf '%s %s\n' trap "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/trap")"
            printf '%s %s\n' loop "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/loop")"
        done
    ) >"$work/faults.txt" 2>/dev/null &
    faults=$!
fi
wrk -t"${THREADS:-2}" -c"${CONNECTIONS:-32}" -d"${DURATION:-15}s" --latency "http://127.0.0.1:$port$route" | tee "$work/wrk.txt"
[ -n "$faults" ] && kill "$faults" 2>/dev/null && wait "$faults" 2>/dev/null || true

echo
echo "access-log lines: $(wc -l <"$work/access.log")"
grep -q "Non-2xx" "$work/wrk.txt" && echo "wrk saw non-2xx responses" || echo "wrk: 0 non-2xx responses"
grep -q "Socket errors" "$work/wrk.txt" && echo "wrk saw socket errors" || echo "wrk: 0 socket errors"
if [ -n "$faults" ]; then
    echo "faulting requests alongside (route status count):"
    sort "$work/faults.txt" | uniq -c | awk '{print "  " $2 " " $3 " " $1}'
fi
echo "server errors logged: $(grep -c 'capsule serve:' "$work/server.err" || true)"
kill -0 $server 2>/dev/null && echo "server still running" || { echo "server died"; exit 1; }
