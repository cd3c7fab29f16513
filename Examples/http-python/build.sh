#!/bin/sh
# Builds app.py into a wasi:http/proxy component (about 18 MB: CPython inside) with componentize-py
# (PyPI), against the WIT of the C fixture, so nothing else is needed:
#   Examples/http-python/build.sh OUT.wasm
#   capsule serve OUT.wasm
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$(dirname "${1:-app.wasm}")" && pwd)/$(basename "${1:-app.wasm}")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/app.py" "$work/"
cd "$work"
componentize-py -d "$here/../../Tests/CapsuleComponentTests/Fixtures/http/wit" -w service componentize app -o "$out"
