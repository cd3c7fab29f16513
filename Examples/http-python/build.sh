#!/bin/sh
# Builds the Python fixture (Tests/CapsuleComponentTests/Fixtures/python/app.py: an HTTP handler that is
# also a command) into a component with componentize-py (PyPI), uncompressed, for serving:
#   Examples/http-python/build.sh OUT.wasm
#   capsule serve OUT.wasm
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$(dirname "${1:-app.wasm}")" && pwd)/$(basename "${1:-app.wasm}")"
fixtures="$here/../../Tests/CapsuleComponentTests/Fixtures"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$fixtures/python/app.py" "$work/"
cd "$work"
componentize-py -d "$fixtures/http/wit" -w app componentize app -o "$out"
