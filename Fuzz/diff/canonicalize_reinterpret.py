#!/usr/bin/env python3
"""Rewrites a module so that no NaN's bits reach an integer through a reinterpretation.

    python3 Fuzz/diff/canonicalize_reinterpret.py IN.wasm OUT.wasm

Every `i32.reinterpret_f32` and `i64.reinterpret_f64` becomes a call to a function appended to the module
that returns the canonical NaN's bits for any NaN and the operand's bits otherwise. In a module whose NaNs
wasm-smith did not canonicalise, the specification lets NaN payloads and signs differ between engines, and
a reinterpretation turns that freedom into different integers. When the rewritten module replays equal
(`differential.py --replay OUT.wasm`) where the original did not, the mismatch was only NaN bits.
Appended functions do not move any existing function index. Needs `wasm-tools`.
"""
import subprocess
import sys

HELPERS = """
  (func $canonical_bits32 (param f32) (result i32)
    (if (result i32) (f32.ne (local.get 0) (local.get 0))
      (then (i32.const 0x7fc00000)) (else (i32.reinterpret_f32 (local.get 0)))))
  (func $canonical_bits64 (param f64) (result i64)
    (if (result i64) (f64.ne (local.get 0) (local.get 0))
      (then (i64.const 0x7ff8000000000000)) (else (i64.reinterpret_f64 (local.get 0)))))
"""


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    source, target = sys.argv[1], sys.argv[2]
    text = subprocess.run(["wasm-tools", "print", source], check=True, capture_output=True, text=True).stdout
    text = text.replace("i32.reinterpret_f32", "call $canonical_bits32")
    text = text.replace("i64.reinterpret_f64", "call $canonical_bits64")
    close = text.rstrip().rfind(")")
    text = text[:close] + HELPERS + ")\n"
    subprocess.run(["wasm-tools", "parse", "-", "-o", target], input=text, check=True, text=True)


if __name__ == "__main__":
    main()
