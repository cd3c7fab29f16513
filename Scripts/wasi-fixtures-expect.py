#!/usr/bin/env python3
"""Regenerates the expected output of Capsule's WASI test programs by running them under wasmtime.

Usage:
    Scripts/wasi-fixtures-expect.py [NAME...]        regenerate NAME.expected and NAME.status (default: all)
    Scripts/wasi-fixtures-expect.py --run [--dir HOST[::GUEST]] [--ro-dir HOST[::GUEST]] [--env K=V] \\
        MODULE [ARGS...]                             run one module under wasmtime (used internally)

Each program runs as Tests/Fixtures/wasi-c/runs.json describes (arguments, environment, preopens, host
layout), in a fresh temporary root, with an empty pipe as standard input and standard output captured.
wasmtime is the reference; the few lines where it departs from the WASI preview 1 specification are
replaced as Tests/Fixtures/wasi-c/overrides.txt lists, each with its reason. Programs marked
"reference": "hand" in runs.json are not run: their expectations are written by hand.

After each run the host-side checks of runs.json ("unchanged", "root_entries", "absent") are made, so that
an escape under wasmtime would be noticed too.

Needs the PyPI packages `wasmtime` (the reference runtime).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "wasi-c")
FIXTURES = os.path.normpath(FIXTURES)
TRAP_STATUS = 134


def run_module(argv):
    """Runs one module under wasmtime with wasmtime-style flags; exits with the guest's status."""
    import wasmtime

    dirs, envs = [], []
    while argv and argv[0].startswith("--"):
        option = argv.pop(0)
        if option in ("--dir", "--ro-dir"):
            host, _, guest = argv.pop(0).partition("::")
            dirs.append((host, guest or host, option == "--dir"))
        elif option == "--env":
            envs.append(argv.pop(0))
        elif option == "--":
            break
        else:
            sys.exit(f"unknown option {option}")
    path = argv[0]
    engine = wasmtime.Engine(wasmtime.Config())
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = [path] + argv[1:]
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    wasi.env = [tuple(e.split("=", 1)) for e in envs]
    for host, guest, mutable in dirs:
        wasi.preopen_dir(host, guest, mutable)
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    instance = linker.instantiate(store, wasmtime.Module.from_file(engine, path))
    try:
        instance.exports(store)["_start"](store)
    except wasmtime.ExitTrap as exit_trap:
        sys.exit(exit_trap.code)
    except (wasmtime.WasmtimeError, wasmtime.Trap) as error:
        sys.stdout.flush()
        lines = [l.strip() for l in str(error).splitlines()]
        reasons = [l for l in lines if l and "wasm function" not in l and "backtrace" not in l and l != "Caused by:"]
        print("wasmtime: trap: " + " / ".join(reasons), file=sys.stderr)
        sys.exit(TRAP_STATUS)
    sys.exit(0)


def make_layout(root, program):
    """Creates the program's host layout and preopened directories under `root`."""
    for entry in program.get("layout", []):
        if "chain" in entry:
            prefix, count, end = entry["chain"], entry["count"], entry["end"]
            base = os.path.basename(prefix)
            for i in range(1, count + 1):
                target = f"{base}{i + 1}" if i < count else end
                os.symlink(target, os.path.join(root, f"{prefix}{i}"))
            continue
        path = os.path.join(root, entry["path"])
        if entry.get("dir"):
            os.makedirs(path, exist_ok=True)
        elif "file" in entry:
            with open(path, "w", encoding="utf-8") as f:
                f.write(entry["file"])
        elif "symlink" in entry:
            os.symlink(entry["symlink"].replace("{ROOT}", root), path)
    for d in program.get("dirs", []):
        os.makedirs(os.path.join(root, d["host"]), exist_ok=True)


def snapshot(path):
    """What must stay the same about a path: type, content or target, size, mtime, link count, recursively."""
    st = os.lstat(path)
    if os.path.islink(path):
        return ("link", os.readlink(path))
    if os.path.isdir(path):
        return ("dir", st.st_mtime_ns, {name: snapshot(os.path.join(path, name)) for name in sorted(os.listdir(path))})
    with open(path, "rb") as f:
        return ("file", f.read(), st.st_mtime_ns, st.st_nlink)


def command_for(program, root):
    """The reference runner's command line for `program` with its preopens under `root`."""
    command = [sys.executable, os.path.abspath(__file__), "--run"]
    for d in program.get("dirs", []):
        flag = "--ro-dir" if d.get("readonly") else "--dir"
        command += [flag, f"{os.path.join(root, d['host'])}::{d['guest']}"]
    for e in program.get("env", []):
        command += ["--env", e]
    command.append(os.path.join(FIXTURES, program["name"] + ".wasm"))
    command += program.get("args", [])
    return command


def load_overrides():
    """Parses overrides.txt into {program: [(wasmtime line, expected line)]} and status overrides."""
    overrides, statuses, current = {}, {}, None
    pending = None
    with open(os.path.join(FIXTURES, "overrides.txt"), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = line[1:-1]
            elif line.startswith("- "):
                pending = line[2:]
            elif line.startswith("+ ") and pending is not None:
                overrides.setdefault(current, []).append((pending, line[2:]))
                pending = None
            elif line.startswith("status "):
                statuses[current] = int(line.split()[1])
            else:
                sys.exit(f"overrides.txt:{number}: cannot read {line!r}")
    return overrides, statuses


def regenerate(program, overrides, statuses):
    name = program["name"]
    root = tempfile.mkdtemp(prefix=f"wasi-{name}-")
    try:
        make_layout(root, program)
        before = {p: snapshot(os.path.join(root, p)) for p in program.get("unchanged", [])}
        result = subprocess.run(command_for(program, root), input=b"", capture_output=True)
        problems = []
        for p, was in before.items():
            if snapshot(os.path.join(root, p)) != was:
                problems.append(f"{p} changed")
        if "root_entries" in program and sorted(os.listdir(root)) != sorted(program["root_entries"]):
            problems.append(f"root holds {sorted(os.listdir(root))}")
        for p in program.get("absent", []):
            if os.path.lexists(p):
                problems.append(f"{p} exists")
        if problems:
            print(f"{name}: WASMTIME ESCAPED: {'; '.join(problems)}", file=sys.stderr)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    lines = result.stdout.decode("utf-8").split("\n")
    for old, new in overrides.get(name, []):
        hits = [i for i, line in enumerate(lines) if line == old]
        if len(hits) != 1:
            sys.exit(f"{name}: override line found {len(hits)} times, not once: {old!r}")
        lines[hits[0]] = new
    status = statuses.get(name, result.returncode)
    with open(os.path.join(FIXTURES, name + ".expected"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    with open(os.path.join(FIXTURES, name + ".status"), "w", encoding="utf-8") as f:
        f.write(f"{status}\n")
    note = f" (wasmtime exited {result.returncode})" if status != result.returncode else ""
    print(f"{name}: {len(lines) - 1} lines, status {status}{note}")
    if result.stderr:
        print("  stderr: " + result.stderr.decode("utf-8", "replace").strip().replace("\n", "\n  stderr: "))


def main():
    if sys.argv[1:2] == ["--run"]:
        run_module(sys.argv[2:])
        return
    with open(os.path.join(FIXTURES, "runs.json"), encoding="utf-8") as f:
        programs = json.load(f)["programs"]
    wanted = set(sys.argv[1:])
    unknown = wanted - {p["name"] for p in programs}
    if unknown:
        sys.exit(f"unknown programs: {', '.join(sorted(unknown))}")
    overrides, statuses = load_overrides()
    for program in programs:
        if wanted and program["name"] not in wanted:
            continue
        if program.get("reference") == "hand":
            print(f"{program['name']}: written by hand, not regenerated")
            continue
        regenerate(program, overrides, statuses)


if __name__ == "__main__":
    main()
