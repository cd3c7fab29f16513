#!/usr/bin/env bash
# Totals per target from RUNS.md: runs, seconds, executions, average executions per second, corpus
# size after the last run, crash files. Usage: Scripts/totals.sh
cd "$(dirname "$0")/.."
echo "| target | runs | seconds | minutes | execs | execs/s | corpus (last run) | crashes |"
echo "|---|---|---|---|---|---|---|---|"
awk -F'|' '/^\| 20[0-9][0-9]-/ {
    t = $3; gsub(/ /, "", t); s[t] += $4; e[t] += $5; c[t] += $8; n[t]++; corpus[t] = $7 + 0
} END {
    for (t in s) printf "| %s | %d | %d | %.1f | %d | %d | %d | %d |\n", t, n[t], s[t], s[t] / 60, e[t], e[t] / s[t], corpus[t], c[t]
}' RUNS.md | sort
