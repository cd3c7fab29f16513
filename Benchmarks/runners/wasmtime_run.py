#!/usr/bin/env python3
"""Runs a WASI command module under wasmtime (the PyPI `wasmtime` package).

    python3 wasmtime_run.py MODULE.wasm [ARGS...]

Standard input, output and error are the process's own; the exit status is
the guest's (proc_exit), 0 when _start returns, 134 on a trap.
"""
import sys

import wasmtime


def main(argv):
    if not argv:
        print("usage: wasmtime_run.py MODULE.wasm [ARGS...]", file=sys.stderr)
        return 2
    path = argv[0]
    engine = wasmtime.Engine()
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.argv = argv
    wasi.inherit_stdin()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, path)
    instance = linker.instantiate(store, module)
    start = instance.exports(store)["_start"]
    try:
        start(store)
    except wasmtime.ExitTrap as exit_trap:
        return exit_trap.code
    except wasmtime.Trap as trap:
        print(f"wasmtime: trap: {trap}", file=sys.stderr)
        return 134
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
