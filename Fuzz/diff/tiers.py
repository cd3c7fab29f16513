#!/usr/bin/env python3
"""Differential execution between Capsule's two tiers: the interpreter against the native tier.

    python3 Fuzz/diff/tiers.py --count 10000 [--seed 1] [--jobs 2] [--out Fuzz/diff/tiers-work]
    python3 Fuzz/diff/tiers.py --replay FILE.wasm...     (run given modules, print both reports)

Generates modules with wasm-smith exactly as differential.py's WebAssembly 2.0 run does (its flags,
its three modes n/c/t by module number, its `__fuel` export), then runs each batch through
capsule-diff twice, `--no-fuel --tier interpreter` and `--no-fuel --tier native`, both with `--dump`,
and compares every report line (results as bits, trap kinds, globals, memory CRCs, tables) and every
dumped memory byte for byte. Nothing is canonicalised: both tiers run on the same CPU, so any NaN
bit that differs is reported as a mismatch of kind "nan-bits" (and one whose only difference is in NaN
windows of a memory as "nan-memory"), never hidden. Mismatching modules are copied into
OUT/mismatches/ with both reports. Needs wasm-tools (and the wasmtime package, which differential.py
imports) and the release build of capsule-diff (Fuzz/Scripts/build.sh).
"""
import argparse
import concurrent.futures
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import differential  # noqa: E402  (wasm-smith flags, smith(), NaN predicates, CAPSULE_DIFF)

TIERS = ("interpreter", "native")
# A batch that has not finished after this long (per module in it) is cut off: the module running is
# reported as a timeout and the rest of the batch runs again in a new process.
SECONDS_PER_MODULE = 2
SECONDS_MINIMUM = 120
# --fuel N: both tiers metered with N fuel per call (runs out often), fuel left and the state after
# running out compared too; 0 runs unmetered.
FUEL = 0


def module_seed(seed, number, max_seed):
    """The wasm-smith input of module `number`: independent of batching and of the number of jobs."""
    rng = random.Random("%d/%d" % (seed, number))
    return rng.randbytes(rng.randint(256, max_seed))


def run_tier(tier, paths, dump_dir):
    """Runs capsule-diff over paths under one tier. Returns (reports, native): reports maps each path
    to its report lines (protocol lines only), with "CRASH ..." or "TIMEOUT ..." appended for a module
    the process died or hung in (the remaining modules run again in a fresh process); native maps each
    path to (functions compiled, functions left to the interpreter, {reason: functions}) from the
    native tier's comment line."""
    reports, native = {}, {}
    pending = list(paths)
    while pending:
        timeout = max(SECONDS_MINIMUM, SECONDS_PER_MODULE * len(pending))
        metering = ["--fuel", str(FUEL)] if FUEL else ["--no-fuel"]
        command = [differential.CAPSULE_DIFF, *metering, "--tier", tier, "--dump", dump_dir, "-"]
        try:
            out = subprocess.run(command, input="\n".join(pending) + "\n", capture_output=True, text=True,
                                 timeout=timeout)
            stdout, status, stderr = out.stdout, out.returncode, out.stderr
        except subprocess.TimeoutExpired as e:
            stdout = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
            status, stderr = None, ""
        current = None
        for line in stdout.splitlines():
            if line.startswith("== "):
                current = line[3:]
                reports[current] = []
            elif current is None:
                continue
            elif line.startswith("# native compiled "):
                words = line.split()
                reasons = dict((w.rsplit("=", 1)[0], int(w.rsplit("=", 1)[1])) for w in words[6:] if "=" in w)
                native[current] = (int(words[3]), int(words[5]), reasons)
            else:
                reports[current].append(line)
        if status == 0:
            break
        if current is None:
            # Died before naming a module: blame the first one.
            current = pending[0]
            reports[current] = []
        if status is None:
            reports[current].append("TIMEOUT after %d s" % timeout)
        else:
            reports[current].append("CRASH status %d: %s" % (status, stderr.strip()[-1500:]))
        pending = pending[pending.index(current) + 1:]
    for path in paths:
        reports.setdefault(path, ["CRASH no report"])
    return reports, native


def read_dump(dump_dir, path):
    stem = os.path.basename(path)
    stem = stem[:-5] if stem.endswith(".wasm") else stem
    directory = os.path.join(dump_dir, stem)
    dump = {}
    if os.path.isdir(directory):
        for entry in sorted(os.listdir(directory)):
            with open(os.path.join(directory, entry), "rb") as f:
                dump[entry[:-4]] = f.read()
    return dump


def nan_only_line(a, b):
    """Whether lines a and b differ only in values that are NaNs on both sides (lane-wise for v128)."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or [x for x in wa if ":" not in x] != [y for y in wb if ":" not in y]:
        return False
    differs = False
    for x, y in zip(wa, wb):
        if x == y:
            continue
        kx, _, vx = x.partition(":")
        ky, _, vy = y.partition(":")
        if kx != ky or kx not in ("f32", "f64", "v128"):
            return False
        try:
            ix, iy = int(vx, 16), int(vy, 16)
        except ValueError:
            return False
        if kx in ("f32", "f64"):
            width = 32 if kx == "f32" else 64
            if not (differential.is_nan_bits(ix, width) and differential.is_nan_bits(iy, width)):
                return False
        else:
            lanes_ok = False
            for width in (32, 64):
                mask = (1 << width) - 1
                if all(((ix >> s) & mask) == ((iy >> s) & mask)
                       or (differential.is_nan_bits((ix >> s) & mask, width)
                           and differential.is_nan_bits((iy >> s) & mask, width))
                       for s in range(0, 128, width)):
                    lanes_ok = True
                    break
            if not lanes_ok:
                return False
        differs = True
    return differs


def compare(interp, native, interp_dump, native_dump):
    """Returns (verdict, kind, detail): verdict "identical", "invalid" (invalid in both, identically)
    or "mismatch"; kind names the mismatch: crash, timeout, validity, nan-bits, nan-memory, memory,
    resource, report."""
    for tier, lines in (("interpreter", interp), ("native", native)):
        for line in lines:
            if line.startswith("CRASH") or line.startswith("TIMEOUT"):
                return "mismatch", line.split()[0].lower(), "%s: %s" % (tier, line)
    if interp and interp[0].startswith("invalid") or native and native[0].startswith("invalid"):
        if interp == native:
            return "invalid", "", ""
        return "mismatch", "validity", "interpreter: %s | native: %s" % (interp[:1], native[:1])
    for k in range(max(len(interp), len(native))):
        a = interp[k] if k < len(interp) else "<missing>"
        b = native[k] if k < len(native) else "<missing>"
        if a == b:
            continue
        if a.endswith("exhausted") or b.endswith("exhausted"):
            kind = "resource"
        elif nan_only_line(a, b):
            kind = "nan-bits"
        else:
            kind = "report"
        return "mismatch", kind, "line %d: interpreter: %s | native: %s" % (k + 1, a, b)
    if sorted(interp_dump) != sorted(native_dump):
        return "mismatch", "memory", "dumped memories: interpreter %s, native %s" % (sorted(interp_dump), sorted(native_dump))
    for name in sorted(interp_dump):
        a, b = interp_dump[name], native_dump[name]
        if a != b:
            first = next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))
            count = sum(1 for i in range(min(len(a), len(b))) if a[i] != b[i]) + abs(len(a) - len(b))
            kind = "nan-memory" if differential.memory_nan_only(a, b, differential.is_nan_bits) else "memory"
            return "mismatch", kind, "memory %s: %d bytes differ, first at offset %d (sizes %d, %d)" % (
                name, count, first, len(a), len(b))
    return "identical", "", ""


class Totals:
    def __init__(self):
        self.lock = threading.Lock()
        self.stats = {"generated": 0, "smith_failed": 0, "compared": 0, "identical": 0, "invalid": 0,
                      "mismatch": 0, "calls": 0, "traps": 0, "exhausted": 0,
                      "modules_native_compiled": 0, "modules_native_fallback": 0,
                      "functions_native_compiled": 0, "functions_native_interpreted": 0}
        self.kinds = {}
        self.reasons = {}  # why the native tier left functions to the interpreter: {reason: functions}


def save_mismatch(out, path, detail, interp, native):
    directory = os.path.join(out, "mismatches")
    os.makedirs(directory, exist_ok=True)
    name = os.path.basename(path)
    shutil.copy(path, os.path.join(directory, name))
    with open(os.path.join(directory, name + ".txt"), "w") as f:
        f.write("%s\n\n-- interpreter\n%s\n\n-- native\n%s\n" % (detail, "\n".join(interp), "\n".join(native)))


def run_batch(args, numbers, totals):
    batch_dir = os.path.join(args.out, "batches", "b%07d" % numbers[0])
    shutil.rmtree(batch_dir, ignore_errors=True)
    os.makedirs(batch_dir)
    paths, failed = [], 0
    for number in numbers:
        mode = "nct"[number % 3]
        path = os.path.join(batch_dir, "m%07d%s.wasm" % (number, mode))
        if differential.smith(module_seed(args.seed, number, args.max_seed), path, mode != "n", mode == "t"):
            paths.append(path)
        else:
            failed += 1
    reports, dumps, native_counts = {}, {}, {}
    for tier in TIERS:
        dump_dir = os.path.join(batch_dir, "dump-" + tier)
        os.makedirs(dump_dir)
        reports[tier], counts = run_tier(tier, paths, dump_dir)
        dumps[tier] = dump_dir
        if tier == "native":
            native_counts = counts
    lines = []
    with totals.lock:
        totals.stats["smith_failed"] += failed
        for path in paths:
            interp, native = reports["interpreter"][path], reports["native"][path]
            verdict, kind, detail = compare(interp, native, read_dump(dumps["interpreter"], path),
                                            read_dump(dumps["native"], path))
            s = totals.stats
            s["generated"] += 1
            if verdict != "invalid":
                s["compared"] += 1
            s[verdict] += 1
            s["calls"] += sum(1 for line in interp if line.startswith("call "))
            s["traps"] += sum(1 for line in interp if " trap " in line)
            s["exhausted"] += sum(1 for line in interp if line.endswith(" exhausted"))
            compiled, interpreted, reasons = native_counts.get(path, (0, 0, {}))
            for reason, count in reasons.items():
                totals.reasons[reason] = totals.reasons.get(reason, 0) + count
            s["functions_native_compiled"] += compiled
            s["functions_native_interpreted"] += interpreted
            s["modules_native_compiled"] += 1 if compiled else 0
            s["modules_native_fallback"] += 1 if interpreted else 0
            if verdict == "mismatch":
                totals.kinds[kind] = totals.kinds.get(kind, 0) + 1
                save_mismatch(args.out, path, "%s: %s" % (kind, detail), interp, native)
                lines.append("MISMATCH %s (%s): %s" % (os.path.basename(path), kind, detail))
    for line in lines:
        print(line, flush=True)
    if not args.keep:
        shutil.rmtree(batch_dir, ignore_errors=True)
    return len(paths)


def run(args):
    os.makedirs(args.out, exist_ok=True)
    totals = Totals()
    started = time.time()
    next_number = 1
    last_print = [0.0]

    def progress(final=False):
        now = time.time()
        if final or now - last_print[0] >= 30:
            last_print[0] = now
            with totals.lock:
                s = dict(totals.stats)
            print("%d modules, %.0f s (%.1f/s): %s" % (s["generated"], now - started,
                                                      s["generated"] / max(now - started, 1e-9), json.dumps(s)),
                  flush=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        while totals.stats["generated"] < args.count:
            # Top up until count modules were generated (wasm-smith very rarely rejects a seed).
            wanted = args.count - totals.stats["generated"]
            futures = []
            while wanted > 0:
                size = min(args.batch, wanted)
                futures.append(pool.submit(run_batch, args, list(range(next_number, next_number + size)), totals))
                next_number += size
                wanted -= size
            for future in concurrent.futures.as_completed(futures):
                future.result()
                progress()
    elapsed = time.time() - started
    s = totals.stats
    progress(final=True)
    print()
    print("seed %d, %d jobs, batches of %d, %.0f s wall" % (args.seed, args.jobs, args.batch, elapsed))
    print("generated   %d (wasm-smith failures %d)" % (s["generated"], s["smith_failed"]))
    print("compared    %d (invalid in both, skipped: %d)" % (s["compared"], s["invalid"]))
    print("identical   %d" % s["identical"])
    print("mismatches  %d %s" % (s["mismatch"], json.dumps(totals.kinds) if totals.kinds else ""))
    print("calls       %d (traps %d, exhausted %d, as the interpreter reports them)" % (s["calls"], s["traps"], s["exhausted"]))
    print("native      %d modules with functions compiled natively (%d functions), %d modules with functions left to the interpreter (%d functions)"
          % (s["modules_native_compiled"], s["functions_native_compiled"], s["modules_native_fallback"],
             s["functions_native_interpreted"]))
    if totals.reasons:
        print("left to the interpreter because of: %s" % ", ".join(
            "%s %d" % (k, v) for k, v in sorted(totals.reasons.items(), key=lambda kv: -kv[1])))
    if s["mismatch"]:
        print("mismatching modules: %s" % os.path.join(args.out, "mismatches"))
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump({"seed": args.seed, "count": args.count, "jobs": args.jobs, "seconds": round(elapsed),
                   "min_funcs": args.min_funcs, "no_simd": args.no_simd, "max_seed": args.max_seed, "fuel": args.fuel,
                   "stats": s, "mismatch_kinds": totals.kinds, "interpreted_because": totals.reasons}, f, indent=1)
    return s


def replay(args):
    work = os.path.join(args.out, "replay")
    shutil.rmtree(work, ignore_errors=True)
    paths = [os.path.abspath(p) for p in args.replay]
    reports, dumps = {}, {}
    for tier in TIERS:
        dumps[tier] = os.path.join(work, "dump-" + tier)
        os.makedirs(dumps[tier])
        reports[tier], _ = run_tier(tier, paths, dumps[tier])
    mismatches = 0
    for path in paths:
        interp, native = reports["interpreter"][path], reports["native"][path]
        verdict, kind, detail = compare(interp, native, read_dump(dumps["interpreter"], path),
                                        read_dump(dumps["native"], path))
        mismatches += verdict == "mismatch"
        print("== %s: %s %s %s" % (path, verdict, kind, detail))
        for a, b in zip(interp + [""] * len(native), native + [""] * len(interp)):
            if a or b:
                print(("   " if a == b else "!! ") + a + ("" if a == b else "   |   " + b))
    return mismatches


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="modules to generate")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="batches run at once (each runs both tiers in turn)")
    parser.add_argument("--batch", type=int, default=100, help="modules per capsule-diff process")
    parser.add_argument("--max-seed", type=int, default=16384, help="largest wasm-smith input, bytes")
    parser.add_argument("--out", default=os.path.join(differential.HERE, "tiers-work"))
    parser.add_argument("--keep", action="store_true", help="keep every batch's modules and dumps")
    parser.add_argument("--min-funcs", type=int, default=2, help="wasm-smith's --min-funcs")
    parser.add_argument("--no-simd", action="store_true",
                        help="generate without SIMD (the native tier leaves SIMD functions to the interpreter)")
    parser.add_argument("--fuel", type=int, default=0,
                        help="meter both tiers with this much fuel per call and compare fuel left and the state after running out")
    parser.add_argument("--replay", nargs="*")
    args = parser.parse_args()
    global FUEL
    FUEL = args.fuel
    flags = differential.SMITH_FLAGS
    flags[flags.index("--min-funcs") + 1] = str(args.min_funcs)
    if args.no_simd:
        flags[flags.index("--simd-enabled") + 1] = "false"
    if not os.access(differential.CAPSULE_DIFF, os.X_OK):
        sys.exit("build capsule-diff first: Fuzz/Scripts/build.sh (%s)" % differential.CAPSULE_DIFF)
    if args.replay:
        sys.exit(1 if replay(args) else 0)
    stats = run(args)
    sys.exit(1 if stats["mismatch"] else 0)


if __name__ == "__main__":
    main()
