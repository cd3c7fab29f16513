#!/bin/sh
# Builds Tests/CapsuleComponentTests/Fixtures/python/app.wasm.gz from app.py with componentize-py (PyPI),
# against the WIT of ../http/wit (world `app`). The component holds CPython (18 MB); it is committed
# gzipped (6 MB) and the tests unpack it.
set -eu
cd "$(dirname "$0")/../Tests/CapsuleComponentTests/Fixtures/python"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp app.py "$work/"
(cd "$work" && componentize-py -d "$OLDPWD/../http/wit" -w app componentize app -o app.wasm)
wasm-tools validate "$work/app.wasm"
gzip -9 -n -c "$work/app.wasm" > app.wasm.gz
echo "built app.wasm.gz"
