"""Summaries of a benchmark run (medians, ratios, geometric means) and their Markdown rendering.

`summary(results)` is shared with chart.py; `markdown(results, chart_path)` is the text of results.md.
"""
import math
import statistics


def median_of(results, name, key, field="seconds"):
    values = [s.get(field) for s in results["samples"].get(f"{name}/{key}", []) if s.get(field) is not None]
    return statistics.median(values) if values else None


def geometric_mean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def summary(results, field="seconds"):
    """Medians per workload and runtime, the reference runtime for ratios, ratios and their geometric means.

    `field` is "seconds" (wall-clock time, the headline) or "cpu_seconds" (user plus system time).
    """
    runtimes = [r for r in results["runtimes"] if not r["problem"]]
    names = [w["name"] for w in results["workloads"]]
    medians = {(n, r["key"]): median_of(results, n, r["key"], field) for n in names for r in runtimes}
    # Ratios are taken over Capsule's time; while Capsule cannot run the suite, over WasmKit's.
    reference = None
    for key in ("capsule", "wasmkit"):
        if any(medians.get((n, key)) for n in names):
            reference = key
            break
    ratios, geomeans = {}, {}
    if reference:
        for r in runtimes:
            if r["key"] == reference:
                continue
            for n in names:
                mine, base = medians.get((n, r["key"])), medians.get((n, reference))
                if mine and base:
                    ratios[(n, r["key"])] = mine / base
            values = [ratios[(n, r["key"])] for n in names if (n, r["key"]) in ratios]
            geomeans[r["key"]] = (geometric_mean(values), len(values))
    labels = {r["key"]: r["label"] for r in results["runtimes"]}
    return {
        "runtimes": runtimes,
        "names": names,
        "medians": medians,
        "reference": reference,
        "reference_label": labels.get(reference, ""),
        "ratios": ratios,
        "geomeans": geomeans,
    }


def seconds_text(value):
    if value is None:
        return "—"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    if value >= 0.1:
        return f"{value:.3f}"
    return f"{value:.4f}"


def ratio_text(value):
    if value is None:
        return "—"
    return f"{value:.2f}×" if value >= 0.1 else f"{value:.3f}×"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " if i == 0 else " ---: " for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def cell(results, name, key, failures):
    """The median of a pair, or why there is none."""
    failure = failures.get(f"{name}/{key}")
    if failure:
        return "fails"
    return seconds_text(median_of(results, name, key))


def headline(s):
    """The geometric means, and the workloads ordered by how Capsule fares against WasmKit."""
    lines = []
    if s["reference"] and s["geomeans"]:
        means = [f"{r['label']} {ratio_text(s['geomeans'][r['key']][0])}" for r in s["runtimes"]
                 if r["key"] in s["geomeans"] and s["geomeans"][r["key"]][0]]
        lines.append(f"**Geometric mean** over the CPU workloads of each runtime's time over {s['reference_label']}'s "
                     f"(above 1: {s['reference_label']} is faster): " + ", ".join(means) + ".")
    fuel = s["geomeans"].get("capsule-fuel", (None, 0))[0] if s["reference"] == "capsule" else None
    if fuel:
        lines.append("")
        lines.append(f"**Fuel metering** (`capsule run --fuel N`, a budget no workload exhausts) costs "
                     f"{(fuel - 1) * 100:+.1f}% (geometric mean of Capsule --fuel's time over Capsule's).")
    native = s["geomeans"].get("capsule-native", (None, 0))[0] if s["reference"] == "capsule" else None
    if native:
        per = [(s["ratios"][(n, "capsule-native")], n) for n in s["names"] if (n, "capsule-native") in s["ratios"]]
        lines.append("")
        lines.append(f"**Native tier** (`capsule run --tier native`): {1 / native:.2f}× the interpreter's speed "
                     f"(geometric mean); per workload, the interpreter's time over the native tier's: "
                     + ", ".join(f"`{n}` {ratio_text(1 / v)}" for v, n in per) + ".")
        wasmtime = s["geomeans"].get("wasmtime", (None, 0))[0]
        if wasmtime:
            lines.append(f"Against wasmtime, the native tier's time is {native / wasmtime:.2f}× wasmtime's (geometric mean).")
    if s["reference"] == "capsule":
        pairs = sorted((s["ratios"][(n, "wasmkit")], n) for n in s["names"] if (n, "wasmkit") in s["ratios"])
        if pairs:
            lines.append("")
            lines.append("WasmKit's time over Capsule's, from Capsule's weakest workload to its strongest: "
                         + ", ".join(f"`{n}` {ratio_text(v)}" for v, n in pairs) + ".")
    return lines


def markdown(results, chart_path):
    s = summary(results)
    machine = results["machine"]
    load = results["load_average"]
    failures = results["failures"]
    runtimes = s["runtimes"]
    out = []
    out.append("# Capsule benchmark results")
    out.append("")
    out.append(f"Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores, {machine['memory']}, "
               f"Linux {machine['kernel']}), Capsule at {machine['capsule_commit']}. "
               f"Load average {load['start'][0]:.2f} at the start, {load['end'][0]:.2f} at the end, "
               f"{load['max_1min']:.2f} at most between rounds (other work shares this machine). "
               f"{results['runs']} interleaved run{'s' if results['runs'] != 1 else ''} of each workload under each runtime; "
               f"medians of wall-clock time, end to end. Produced by `Benchmarks/run.sh` in "
               f"{results['elapsed_seconds'] / 60:.1f} minutes.")
    out.append("")
    out.append(f"![Benchmark chart]({chart_path})")
    out.append("")
    for line in headline(s):
        out.append(line)
    out.append("")

    if s["names"]:
        out.append("## CPU workloads: median time (seconds)")
        out.append("")
        header = ["workload"] + [r["label"] for r in runtimes]
        rows = [[f"`{n}`"] + [cell(results, n, r["key"], failures) for r in runtimes] for n in s["names"]]
        out.append(table(header, rows))
        out.append("")

    reference = s["reference"] if s["names"] else None
    if reference:
        others = [r for r in runtimes if r["key"] != reference]
        out.append(f"## Ratios: each runtime's time over {s['reference_label']}'s")
        out.append("")
        if reference != "capsule":
            out.append("Capsule could not run the suite in this run, so the ratios are over WasmKit's time.")
        else:
            out.append("Above 1: Capsule is faster; below 1: Capsule is slower.")
        out.append("")
        header = ["workload"] + [r["label"] for r in others]
        rows = [[f"`{n}`"] + [ratio_text(s["ratios"].get((n, r["key"]))) for r in others] for n in s["names"]]
        geo_row = ["**geometric mean**"]
        for r in others:
            value, count = s["geomeans"].get(r["key"], (None, 0))
            note = "" if count == len(s["names"]) else f" ({count} of {len(s['names'])})"
            geo_row.append(f"**{ratio_text(value)}**{note}")
        rows.append(geo_row)
        out.append(table(header, rows))
        out.append("")

    cpu = summary(results, "cpu_seconds")
    if cpu["reference"] == reference and reference and cpu["ratios"]:
        others = [r for r in runtimes if r["key"] != reference]
        out.append(f"## CPU time (user + system): {s['reference_label']}'s median, and each runtime's over it")
        out.append("")
        out.append("Less disturbed than wall-clock time by other processes waiting for the same cores, but not a "
                   "substitute for it: node and wasmtime compile on background threads, whose CPU time counts here.")
        out.append("")
        header = ["workload", f"{s['reference_label']} s"] + [f"{r['label']} ratio" for r in others]
        rows = []
        for n in s["names"]:
            row = [f"`{n}`", seconds_text(cpu["medians"].get((n, reference)))]
            row += [ratio_text(cpu["ratios"].get((n, r["key"]))) for r in others]
            rows.append(row)
        geo_row = ["**geometric mean**", ""]
        for r in others:
            value, count = cpu["geomeans"].get(r["key"], (None, 0))
            geo_row.append(f"**{ratio_text(value)}**")
        rows.append(geo_row)
        out.append(table(header, rows))
        out.append("")

    extras = {e["name"] for e in results["extras"]}
    for name, title in (("empty", "an empty `_start` module"), ("sort-0", "the largest module (`sort.wasm` with 0 rounds: main and printf only)")):
        if name not in extras:
            continue
        out.append(f"## Start-up: {title}, end to end ({results['startup_runs']} runs)")
        out.append("")
        rows = []
        for r in runtimes:
            t = median_of(results, name, r["key"])
            m = median_of(results, name, r["key"], "rss_kib")
            rows.append([r["label"], "fails" if f"{name}/{r['key']}" in failures else (f"{t * 1000:.1f}" if t else "—"),
                         f"{m / 1024:.1f}" if m else "—"])
        out.append(table(["runtime", "median ms", "peak RSS MiB"], rows))
        out.append("")
    if {"fdwrite", "clock"} & extras:
        calls = results["wasi_calls"]
        out.append(f"## WASI call cost ({calls:,} calls each)")
        out.append("")
        out.append("Time per call is the program's median time less the empty module's, over the number of calls; it "
                   "includes the guest's own loop around the call.")
        out.append("")
        rows = []
        for r in runtimes:
            base = median_of(results, "empty", r["key"]) or 0.0
            row = [r["label"]]
            for name in ("fdwrite", "clock"):
                if name not in extras:
                    continue
                t = median_of(results, name, r["key"])
                if f"{name}/{r['key']}" in failures:
                    row += ["fails", "—"]
                elif t is None:
                    row += ["—", "—"]
                else:
                    row += [seconds_text(t), f"{max(t - base, 0.0) / calls * 1e9:.0f}"]
            rows.append(row)
        header = ["runtime"]
        if "fdwrite" in extras:
            header += ["`fd_write` total s", "ns per call"]
        if "clock" in extras:
            header += ["`clock_time_get` total s", "ns per call"]
        out.append(table(header, rows))
        out.append("")

    out.append(f"## Peak memory: median maximum resident set size (MiB, `{results['rss_method']}`)")
    out.append("")
    names = s["names"] + [n for n in ("empty", "sort-0", "fdwrite", "clock") if n in extras]
    rows = []
    for n in names:
        row = [f"`{n}`"]
        for r in runtimes:
            m = median_of(results, n, r["key"], "rss_kib")
            row.append("fails" if f"{n}/{r['key']}" in failures else (f"{m / 1024:.1f}" if m else "—"))
        rows.append(row)
    out.append(table(["workload"] + [r["label"] for r in runtimes], rows))
    out.append("")

    out.append("## Runtimes")
    out.append("")
    for r in results["runtimes"]:
        if r["problem"]:
            out.append(f"- **{r['label']}**: not measured — {r['problem']}.")
        else:
            out.append(f"- **{r['label']}**: {r['version'] or 'version unknown'}")
    if failures:
        out.append("")
        out.append("Failed pairs (left out of the medians and ratios):")
        out.append("")
        for pair, why in sorted(failures.items()):
            out.append(f"- `{pair}`: {why}")
    out.append("")
    out.append("## Workloads")
    out.append("")
    for w in results["workloads"] + results["extras"]:
        out.append(f"- `{w['name']}`: {w['what']}")
    out.append("")
    out.append("Each workload is C in `Benchmarks/src/`, built to `wasm32-wasi` with clang -O2 (Zig's bundled toolchain "
               "and wasi-libc) by `Benchmarks/build.sh`, and natively with gcc -O2. Every run's output is checked "
               "against the native build's. wasmtime runs through its Python package (module compiled by Cranelift "
               "on every run, plus Python's start-up); node:wasi runs in Node's V8 (Liftoff, then TurboFan).")
    out.append("")
    return "\n".join(out)
