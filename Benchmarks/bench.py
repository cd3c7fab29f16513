#!/usr/bin/env python3
"""Capsule's benchmark driver: runs every workload under every runtime, interleaved, and reports.

Usually started through Benchmarks/run.sh, which builds the native programs and Capsule first.

    python3 Benchmarks/bench.py [--runs N] [--only fib,sort] [--runtimes capsule,wasmkit] ...

Runtimes and where they are found (environment variables):
  capsule   $CAPSULE    (default: <repo>/.build-bench/release/capsule)        capsule run MODULE
            ($CAPSULE_REVISION names its source revision when the binary is not inside a git work tree)
  capsule-base $CAPSULE_BASE (no default)  a second Capsule build, e.g. the commit before a change, measured in the same run
  wasmkit   $WASMKIT    (default: /work/peers/wasmkit/.build/release/wasmkit-cli) wasmkit-cli run MODULE
  wasmtime  $PYTHON     (default: python3) with the PyPI `wasmtime` package, Benchmarks/runners/wasmtime_run.py
  node      $NODE       (default: node) with node:wasi, Benchmarks/runners/node_wasi_run.mjs
  wasm3     $WASM3      (default: `wasm3` on PATH; not installed on this project's machines)
  native    Benchmarks/build/native/NAME, built by `Benchmarks/build.sh native` (gcc -O2)

Every (workload, runtime) pair is first run once as a probe whose output must match the native build's; pairs that
fail are reported and left out. The measured runs then go round-robin: each round visits every workload and, within
it, every runtime (rotating which runtime goes first), so a burst of load from other processes spreads over all
runtimes instead of landing on one. Reported times are medians of wall-clock time, end to end (process start to
exit, including module loading and compilation); peak memory is the child's maximum resident set size.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import chart  # noqa: E402  (Benchmarks/chart.py)
import report  # noqa: E402  (Benchmarks/report.py)

# The CPU suite, in report order: (name, what it exercises).
WORKLOADS = [
    ("fib", "recursion and calls"),
    ("intloop", "integer loops (sieve, Collatz, GCD)"),
    ("strings", "byte and string processing"),
    ("sha256", "hashing (SHA-256)"),
    ("hashmap", "FNV-1a hashing into an open-addressing table"),
    ("matmul", "floating-point matrix multiply"),
    ("sort", "quicksort through a comparison callback (indirect calls)"),
    ("memops", "memory copy and fill"),
    ("vm", "bytecode interpreter (switch dispatch)"),
    ("mandelbrot", "floating point, data-dependent loops"),
    ("nbody", "floating point with sqrt"),
]

# The WASI and start-up programs: (name, what it measures, which stream carries the checksum).
EXTRAS = [
    ("empty", "start-up: empty _start, end to end", None),
    ("sort-0", "start-up of the largest module: sort.wasm with 0 rounds: instantiation, main and printf compiled and run", "stdout"),
    ("fdwrite", "1,000,000 fd_write calls of 8 bytes to /dev/null", "stderr"),
    ("clock", "1,000,000 clock_time_get calls", "stdout"),
]
WASI_CALLS = 1_000_000
# Extras that run a workload's module with arguments: name -> (module, arguments).
VARIANTS = {"sort-0": ("sort", ["0"])}

RUNTIME_ORDER = ["capsule", "capsule-native", "capsule-base", "capsule-fuel", "wasmkit", "wasmtime", "node", "wasm3", "native"]
# Fuel so large that no workload runs out: what the metering itself costs.
UNLIMITED_FUEL = "9000000000000000000"


class Runtime:
    """One way of running a workload: a command prefix for modules, or the native build."""

    def __init__(self, key, label, prefix=None, native_dir=None, version=""):
        self.key = key
        self.label = label
        self.prefix = prefix
        self.native_dir = native_dir
        self.version = version
        self.problem = None  # why the runtime cannot be used at all, if it cannot

    def command(self, name, args=()):
        if name in VARIANTS:
            name, args = VARIANTS[name][0], [*VARIANTS[name][1], *args]
        if self.native_dir is not None:
            return [os.path.join(self.native_dir, name), *args]
        return [*self.prefix, os.path.join(HERE, "wasm", name + ".wasm"), *args]


def first_line(text, empty=""):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return empty


def probe_version(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        return first_line(done.stdout) or first_line(done.stderr)
    except (OSError, subprocess.SubprocessError):
        return ""


def discover_runtimes(selected):
    """The runtimes asked for, each with a version string or a reason it is unavailable."""
    runtimes = []
    python = os.environ.get("PYTHON", sys.executable or "python3")
    node = os.environ.get("NODE", "node")
    for key in selected:
        if key == "capsule":
            path = os.environ.get("CAPSULE", os.path.join(REPO, ".build-bench", "release", "capsule"))
            # `capsule run` defaults to the native tier on x86-64 Linux: this column is the interpreter.
            runtime = Runtime("capsule", "Capsule", [path, "run", "--tier", "interpreter"])
            if os.environ.get("CAPSULE_BUILD_FAILED"):
                runtime.problem = f"the release build failed (see {os.environ['CAPSULE_BUILD_FAILED']})"
            elif not os.access(path, os.X_OK):
                runtime.problem = f"no Capsule binary at {path} (build it: swift build -c release --scratch-path .build-bench, or set CAPSULE)"
            else:
                runtime.version = probe_version([path, "--version"])
        elif key == "capsule-base":
            path = os.environ.get("CAPSULE_BASE", "")
            runtime = Runtime("capsule-base", "Capsule (base)", [path, "run"])
            if not path or not os.access(path, os.X_OK):
                runtime.problem = "set CAPSULE_BASE to a second capsule binary to compare against"
            else:
                runtime.version = probe_version([path, "--version"])
        elif key == "capsule-native":
            path = os.environ.get("CAPSULE", os.path.join(REPO, ".build-bench", "release", "capsule"))
            runtime = Runtime("capsule-native", "Capsule native", [path, "run", "--tier", "native"])
            if os.environ.get("CAPSULE_BUILD_FAILED") or not os.access(path, os.X_OK):
                runtime.problem = "no Capsule binary (see the capsule row)"
            else:
                runtime.version = "the native tier (--tier native)"
        elif key == "capsule-fuel":
            path = os.environ.get("CAPSULE", os.path.join(REPO, ".build-bench", "release", "capsule"))
            runtime = Runtime("capsule-fuel", "Capsule --fuel", [path, "run", "--tier", "interpreter", "--fuel", UNLIMITED_FUEL])
            if os.environ.get("CAPSULE_BUILD_FAILED") or not os.access(path, os.X_OK):
                runtime.problem = "no Capsule binary (see the capsule row)"
            else:
                runtime.version = "fuel metering on, budget " + UNLIMITED_FUEL
        elif key == "wasmkit":
            path = os.environ.get("WASMKIT", "/work/peers/wasmkit/.build/release/wasmkit-cli")
            runtime = Runtime("wasmkit", "WasmKit", [path, "run"])
            if not os.access(path, os.X_OK):
                runtime.problem = f"WasmKit is missing: no executable at {path} (set WASMKIT to wasmkit-cli built in release)"
            else:
                runtime.version = probe_version([path, "--version"])
        elif key == "wasmtime":
            runtime = Runtime("wasmtime", "wasmtime (py)", [python, os.path.join(HERE, "runners", "wasmtime_run.py")])
            version = probe_version([python, "-c", "import wasmtime, importlib.metadata as m; print(m.version('wasmtime'))"])
            if not version or " " in version:
                runtime.problem = f"the Python package `wasmtime` is not importable by {python} (pip install wasmtime)"
            runtime.version = version
        elif key == "node":
            runtime = Runtime("node", "node:wasi", [node, "--no-warnings", os.path.join(HERE, "runners", "node_wasi_run.mjs")])
            if shutil.which(node) is None:
                runtime.problem = f"no `{node}` on PATH (set NODE)"
            else:
                runtime.version = probe_version([node, "--version"])
        elif key == "wasm3":
            path = os.environ.get("WASM3") or shutil.which("wasm3")
            runtime = Runtime("wasm3", "wasm3", [path] if path else None)
            if not path:
                runtime.problem = "wasm3 is not available on this machine (set WASM3 to a wasm3 binary to include it)"
            else:
                runtime.version = probe_version([path, "--version"])
        elif key == "native":
            directory = os.path.join(HERE, "build", "native")
            runtime = Runtime("native", "native (gcc -O2)", native_dir=directory)
            if not os.path.isdir(directory):
                runtime.problem = "no native builds (run Benchmarks/build.sh native)"
            else:
                runtime.version = probe_version([os.environ.get("CC", "gcc"), "--version"])
        else:
            raise SystemExit(f"unknown runtime {key!r}; known: {', '.join(RUNTIME_ORDER)}")
        runtimes.append(runtime)
    return runtimes


class Runner:
    """Runs one command, timing it end to end and reading its peak RSS."""

    def __init__(self, timeout):
        self.timeout = timeout
        self.gnu_time = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
        self.scratch = tempfile.mkdtemp(prefix="capsule-bench-")

    @property
    def rss_method(self):
        return "/usr/bin/time -f %M" if self.gnu_time else "not measured: /usr/bin/time (GNU time) is missing"

    def run(self, command, checksum_stream="stdout"):
        """Returns (seconds, cpu_seconds, peak_rss_kib, exit_status, checksum_text, error_text).

        cpu_seconds is user plus system time of the process and everything it waited for (from wait4).
        """
        rss_file = os.path.join(self.scratch, "rss")
        full = [self.gnu_time, "-f", "%M", "-o", rss_file, *command] if self.gnu_time else command
        with open(os.path.join(self.scratch, "out"), "w+b") as out, open(os.path.join(self.scratch, "err"), "w+b") as err:
            # A program whose checksum is on stderr writes its payload to stdout, which goes to /dev/null.
            stdout = out if checksum_stream == "stdout" else subprocess.DEVNULL
            start = time.perf_counter()
            try:
                child = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err, cwd=HERE)
            except OSError as error:
                return None, None, None, -1, "", str(error)
            try:
                _, status, usage = wait4_with_timeout(child, self.timeout)
            except TimeoutError:
                child.kill()
                child.wait()
                return None, None, None, -1, "", f"timed out after {self.timeout} s"
            elapsed = time.perf_counter() - start
            out.seek(0)
            err.seek(0)
            stdout = out.read().decode("utf-8", "replace")
            stderr = err.read().decode("utf-8", "replace")
        code = os.waitstatus_to_exitcode(status)
        rss = None
        if self.gnu_time:
            try:
                with open(rss_file) as handle:
                    lines = [line for line in handle.read().split("\n") if line.strip()]
                # GNU time prints "Command exited with non-zero status N" before the number when N != 0.
                rss = int(lines[-1]) if lines and lines[-1].strip().isdigit() else None
            except (OSError, ValueError):
                rss = None
        # Without GNU time there is no RSS: wait4's ru_maxrss would count this Python process's pages from before
        # the exec, overstating small programs.
        cpu = usage.ru_utime + usage.ru_stime
        checksum = stdout if checksum_stream == "stdout" else stderr
        return elapsed, cpu, rss, code, checksum.strip(), stderr


def wait4_with_timeout(child, timeout):
    """os.wait4 on the child, giving up after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid == child.pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return pid, status, usage
        if time.monotonic() > deadline:
            raise TimeoutError
        time.sleep(0.0005)


def source_revision(binary):
    """The commit of the git work tree holding `binary` (a build inside its scratch path), flagging edits in Sources/.

    $CAPSULE_REVISION, when set, is taken as is (for a binary built outside a work tree, e.g. from `git archive`).
    """
    if os.environ.get("CAPSULE_REVISION"):
        return os.environ["CAPSULE_REVISION"]
    directory = os.path.dirname(os.path.abspath(binary)) if binary else REPO
    while not os.path.isdir(directory) and directory != os.path.dirname(directory):
        directory = os.path.dirname(directory)
    top = probe_version(["git", "-C", directory, "rev-parse", "--show-toplevel"])
    commit = probe_version(["git", "-C", directory, "rev-parse", "--short", "HEAD"])
    if not top or not commit or " " in commit:
        return "unknown commit"
    dirty = subprocess.run(["git", "-C", top, "status", "--porcelain", "--", "Sources"],
                           capture_output=True, text=True).stdout.strip()
    where = "" if os.path.realpath(top) == os.path.realpath(REPO) else f" of {top}"
    return commit + where + (" (+ uncommitted changes in Sources/)" if dirty else "")


def machine_facts(capsule_binary):
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal"):
                    memory = f"{int(line.split()[1]) / 1048576:.0f} GiB"
                    break
    except (OSError, ValueError):
        pass
    return {
        "date": datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "kernel": platform.release(),
        "capsule_commit": source_revision(capsule_binary),
    }


def main():
    parser = argparse.ArgumentParser(description="Run Capsule's benchmark suite against its peers.")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "5")),
                        help="measured runs of each workload under each runtime (default 5, or $BENCH_RUNS)")
    parser.add_argument("--startup-runs", type=int, default=None,
                        help="runs of the empty module per runtime (default 4 per round)")
    parser.add_argument("--only", default="", help="comma-separated workloads to run (default: all)")
    parser.add_argument("--runtimes", default=",".join(RUNTIME_ORDER), help="comma-separated runtimes")
    parser.add_argument("--no-extras", action="store_true", help="skip start-up and WASI call measurements")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a run is abandoned")
    parser.add_argument("--markdown", default=os.path.join(HERE, "results.md"), help="where to write the Markdown")
    parser.add_argument("--svg", default=os.path.join(HERE, "results.svg"), help="where to write the chart")
    parser.add_argument("--json", default=os.path.join(HERE, "results.json"), help="where to write every sample")
    parser.add_argument("--from-json", metavar="PATH",
                        help="measure nothing: rewrite the Markdown and the chart from a results.json")
    options = parser.parse_args()
    if options.from_json:
        with open(options.from_json) as handle:
            results = json.load(handle)
        write_reports(results, options, also_json=False)
        return
    if options.runs < 1:
        raise SystemExit("--runs must be at least 1")

    selected = [key.strip() for key in options.runtimes.split(",") if key.strip()]
    runtimes = discover_runtimes(selected)
    native = next((r for r in runtimes if r.key == "native"), None)
    if native is None or native.problem:
        raise SystemExit("the native builds are needed as the checksum reference: run Benchmarks/build.sh native")

    only = {name.strip() for name in options.only.split(",") if name.strip()}
    known = {name for name, _ in WORKLOADS} | {name for name, _, _ in EXTRAS}
    if only - known:
        raise SystemExit(f"unknown workload(s): {', '.join(sorted(only - known))}")
    workloads = [(name, what, "stdout") for name, what in WORKLOADS if not only or name in only]
    extras = [] if options.no_extras else [(n, w, s) for n, w, s in EXTRAS if not only or n in only]
    programs = workloads + extras
    startup_repeats = 4 if options.startup_runs is None else max(1, -(-options.startup_runs // options.runs))

    runner = Runner(options.timeout)
    capsule = next((r for r in runtimes if r.key == "capsule" and not r.problem), None)
    facts = machine_facts(capsule.prefix[0] if capsule else None)
    loads = [os.getloadavg()]
    print(f"# Capsule benchmarks — {facts['date']}", flush=True)
    print(f"{facts['cpu']}, {facts['cores']} cores, {facts['memory']}; load average {loads[0][0]:.2f} {loads[0][1]:.2f} {loads[0][2]:.2f}")
    for runtime in runtimes:
        state = f"unavailable: {runtime.problem}" if runtime.problem else (runtime.version or "available")
        print(f"  {runtime.label:18} {state}")

    # Reference outputs and probes: one run of every pair, which also warms the page cache.
    usable = [r for r in runtimes if not r.problem]
    expected, failures = {}, {}
    for name, _, stream in programs:
        _, _, _, code, checksum, err = runner.run(native.command(name), stream or "stdout")
        if code != 0:
            raise SystemExit(f"native {name} failed (exit {code}): {first_line(err)}")
        expected[name] = checksum
    for runtime in usable:
        broken = 0
        for name, _, stream in programs:
            _, _, _, code, checksum, err = runner.run(runtime.command(name), stream or "stdout")
            if code != 0:
                failures[(name, runtime.key)] = f"exit {code}: {first_line(err, '(nothing on stderr)')}"
            elif stream and checksum != expected[name]:
                failures[(name, runtime.key)] = f"wrong output: {first_line(checksum)!r}, native printed {first_line(expected[name])!r}"
            else:
                continue
            broken += 1
            print(f"  {runtime.label}: {name}: {failures[(name, runtime.key)]}", flush=True)
        if broken == len(programs):
            runtime.problem = "could not run any workload: " + next(v for (n, k), v in failures.items() if k == runtime.key)
    usable = [r for r in usable if not r.problem]

    samples = {}  # (workload, runtime) -> list of (seconds, cpu_seconds, rss_kib)
    total_rounds = options.runs
    started = time.monotonic()
    for round_index in range(total_rounds):
        for position, (name, _, stream) in enumerate(programs):
            repeats = startup_repeats if name in ("empty", "sort-0") else 1
            shift = (round_index + position) % len(usable)
            order = usable[shift:] + usable[:shift]
            for _ in range(repeats):
                for runtime in order:
                    if (name, runtime.key) in failures:
                        continue
                    seconds, cpu, rss, code, checksum, err = runner.run(runtime.command(name), stream or "stdout")
                    if code != 0 or (stream and checksum != expected[name]):
                        reason = f"exit {code}: {first_line(err, '(nothing on stderr)')}" if code != 0 else f"wrong output: {first_line(checksum)!r}"
                        failures[(name, runtime.key)] = f"round {round_index + 1}: {reason}"
                        samples.pop((name, runtime.key), None)
                        print(f"  {runtime.label}: {name}: {reason}", flush=True)
                        continue
                    samples.setdefault((name, runtime.key), []).append((seconds, cpu, rss))
        loads.append(os.getloadavg())
        print(f"  round {round_index + 1}/{total_rounds} done after {time.monotonic() - started:.0f} s, "
              f"load average {loads[-1][0]:.2f}", flush=True)

    results = {
        "machine": facts,
        "runs": options.runs,
        "startup_runs": options.runs * startup_repeats,
        "wasi_calls": WASI_CALLS,
        "rss_method": runner.rss_method,
        "load_average": {"start": loads[0], "end": loads[-1], "max_1min": max(l[0] for l in loads)},
        "runtimes": [{"key": r.key, "label": r.label, "version": r.version, "problem": r.problem} for r in runtimes],
        "workloads": [{"name": n, "what": w} for n, w, _ in workloads],
        "extras": [{"name": n, "what": w} for n, w, _ in extras],
        "expected": expected,
        "failures": {f"{n}/{k}": v for (n, k), v in failures.items()},
        "samples": {f"{n}/{k}": [{"seconds": s, "cpu_seconds": c, "rss_kib": m} for s, c, m in v]
                    for (n, k), v in samples.items()},
        "elapsed_seconds": time.monotonic() - started,
    }
    write_reports(results, options, also_json=True)
    shutil.rmtree(runner.scratch, ignore_errors=True)


def write_reports(results, options, also_json):
    """Prints the Markdown and writes it, the chart and (after a measuring run) every sample as JSON."""
    text = report.markdown(results, os.path.relpath(options.svg, os.path.dirname(os.path.abspath(options.markdown))))
    print()
    print(text)
    with open(options.markdown, "w") as handle:
        handle.write(text)
    with open(options.svg, "w") as handle:
        handle.write(chart.svg(results))
    written = [options.markdown, options.svg]
    if also_json:
        with open(options.json, "w") as handle:
            json.dump(results, handle, indent=1)
            handle.write("\n")
        written.append(options.json)
    print("wrote " + ", ".join(written))


if __name__ == "__main__":
    main()
