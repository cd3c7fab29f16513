"""The benchmark chart as SVG, written by hand (no plotting library needed).

Horizontal grouped bars: one group per workload (then start-up and the WASI loops), one bar per runtime, median
wall-clock time on a logarithmic axis. The right-hand column gives the reference runtime's ratio against WasmKit.
"""
import math
from xml.sax.saxutils import escape

import report

COLORS = {
    "capsule": "#d9480f",
    "capsule-native": "#a61e4d",
    "capsule-fuel": "#ff8787",
    "wasmkit": "#1c7ed6",
    "wasmtime": "#7048e8",
    "node": "#2f9e44",
    "wasm3": "#f59f00",
    "native": "#868e96",
}

WIDTH = 980
LEFT = 150          # where the plot area starts
PLOT_WIDTH = 610
BAR = 9
BAR_GAP = 2
GROUP_GAP = 14


def tick_label(exponent):
    seconds = 10.0 ** exponent
    if seconds < 1e-3:
        return f"{seconds * 1e6:g} µs"
    if seconds < 1:
        return f"{seconds * 1e3:g} ms"
    return f"{seconds:g} s"


def svg(results):
    s = report.summary(results)
    runtimes = s["runtimes"]
    extra_names = [e["name"] for e in results["extras"]]
    groups = [(n, n) for n in s["names"]]
    labels = {"empty": "start-up", "sort-0": "start-up, sort", "fdwrite": "1M fd_write", "clock": "1M clock_time_get"}
    groups += [(n, labels.get(n, n)) for n in extra_names]
    medians = {(n, r["key"]): report.median_of(results, n, r["key"]) for n, _ in groups for r in runtimes}
    values = [v for v in medians.values() if v]
    low = math.floor(math.log10(min(values))) if values else -3
    high = math.ceil(math.log10(max(values))) if values else 1
    if high <= low:
        high = low + 1

    def x_of(seconds):
        return LEFT + (math.log10(seconds) - low) / (high - low) * PLOT_WIDTH

    machine = results["machine"]
    load = results["load_average"]
    top = 118
    group_height = len(runtimes) * (BAR + BAR_GAP) - BAR_GAP
    separator = 18 if extra_names else 0
    plot_height = len(groups) * (group_height + GROUP_GAP) + separator
    height = top + plot_height + 88
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        '<text x="16" y="26" font-size="17" font-weight="bold">Capsule vs. peers: median wall-clock time per run '
        '(log scale, lower is better)</text>',
        f'<text x="16" y="46" fill="#444">{escape(machine["date"])} · {escape(machine["cpu"])}, {machine["cores"]} cores, '
        f'{escape(machine["memory"])} · load average {load["start"][0]:.2f} at the start, up to {load["max_1min"]:.2f} · '
        f'{results["runs"]} interleaved runs</text>',
        f'<text x="16" y="62" fill="#444">Capsule {escape(machine["capsule_commit"])} · each bar: median wall-clock time '
        f'of one process, start to exit</text>',
    ]
    # Legend.
    x = 16
    for r in runtimes:
        parts.append(f'<rect x="{x}" y="74" width="12" height="12" fill="{COLORS.get(r["key"], "#333")}"/>')
        parts.append(f'<text x="{x + 17}" y="84">{escape(r["label"])}</text>')
        x += 30 + 7 * len(r["label"])
    ratio_key = "capsule" if s["reference"] == "capsule" else None
    ratio_title = "WasmKit ÷ Capsule" if ratio_key else ""
    parts.append(f'<text x="{LEFT + PLOT_WIDTH + 30}" y="{top - 8}" font-weight="bold">{ratio_title}</text>')

    # Grid and axis labels.
    for exponent in range(low, high + 1):
        gx = x_of(10.0 ** exponent)
        parts.append(f'<line x1="{gx:.1f}" y1="{top - 4}" x2="{gx:.1f}" y2="{top + plot_height}" stroke="#ddd"/>')
        parts.append(f'<text x="{gx:.1f}" y="{top + plot_height + 16}" text-anchor="middle" fill="#444">'
                     f'{tick_label(exponent)}</text>')

    y = top
    for index, (name, label) in enumerate(groups):
        if index == len(s["names"]) and extra_names:
            parts.append(f'<line x1="16" y1="{y + 2}" x2="{WIDTH - 16}" y2="{y + 2}" stroke="#999" stroke-dasharray="4 3"/>')
            y += separator
        parts.append(f'<text x="{LEFT - 8}" y="{y + group_height / 2 + 4:.1f}" text-anchor="end" '
                     f'font-weight="bold">{escape(label)}</text>')
        for r in runtimes:
            value = medians.get((name, r["key"]))
            color = COLORS.get(r["key"], "#333")
            if value:
                w = max(x_of(value) - LEFT, 1.0)
                parts.append(f'<rect x="{LEFT}" y="{y}" width="{w:.1f}" height="{BAR}" fill="{color}">'
                             f'<title>{escape(r["label"])}: {report.seconds_text(value)} s</title></rect>')
                parts.append(f'<text x="{LEFT + w + 4:.1f}" y="{y + BAR - 1}" font-size="9" fill="#333">'
                             f'{report.seconds_text(value)}</text>')
            else:
                failed = f"{name}/{r['key']}" in results["failures"]
                parts.append(f'<text x="{LEFT + 4}" y="{y + BAR - 1}" font-size="9" fill="{color}">'
                             f'{escape(r["label"])}: {"fails" if failed else "not measured"}</text>')
            y += BAR + BAR_GAP
        if ratio_key:
            mine, theirs = medians.get((name, "capsule")), medians.get((name, "wasmkit"))
            if mine and theirs:
                ratio = theirs / mine
                color = "#2b8a3e" if ratio >= 1 else "#c92a2a"
                parts.append(f'<text x="{LEFT + PLOT_WIDTH + 30}" y="{y - group_height / 2 + 2:.1f}" '
                             f'fill="{color}" font-weight="bold">{ratio:.2f}×</text>')
        y += GROUP_GAP - BAR_GAP

    # Geometric means.
    y = top + plot_height + 40
    if s["reference"]:
        pieces = []
        for r in runtimes:
            if r["key"] in s["geomeans"]:
                value, _ = s["geomeans"][r["key"]]
                if value:
                    pieces.append(f"{r['label']} {value:.2f}×")
        parts.append(f'<text x="16" y="{y}" font-weight="bold">Geometric mean over the CPU workloads of each '
                     f'runtime\'s time over {escape(s["reference_label"])}\'s:</text>')
        parts.append(f'<text x="16" y="{y + 18}" font-weight="bold">{escape(", ".join(pieces))}</text>')
    missing = [r["label"] for r in results["runtimes"] if r["problem"]]
    if missing:
        parts.append(f'<text x="16" y="{y + 36}" fill="#666">Not measured (see results.md): '
                     f'{escape(", ".join(missing))}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
