"""The app stage run on two (or more) builds, interleaved: one markdown table, first build as baseline.

    python3 bench/app_compare.py bench/out before=DIR after=DIR

Reads bench/out/app-compare-sizes-LABEL.json and app-compare-LABEL-ROUND.json (scripts/bench.sh with
BENCH_APP_COMPARE). Times per action pool every round's samples (median and p90 of all of them);
page-level times (shell, demo queue, import) are the median of the rounds' single figures, with
their range. The ratio is each build over the first: above 1 is slower (or bigger).
"""

import glob
import json
import math
import os
import statistics
import sys


def quantile(xs, q):
    if not xs:
        return None
    s = sorted(xs)
    return s[min(len(s) - 1, math.ceil(q * len(s)) - 1)]


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(x, unit=" ms"):
    if x is None:
        return "—"
    if unit == " B":
        return f"{x:,} B"
    return f"{x:.1f}{unit}" if x < 100 else f"{x:,.0f}{unit}"


def main():
    out = sys.argv[1]
    builds = [arg.split("=", 1) for arg in sys.argv[2:]]
    data = {}
    for label, dist in builds:
        runs = []
        for path in sorted(glob.glob(os.path.join(out, f"app-compare-{label}-*.json"))):
            run = load(path)
            if run:
                runs.append(run)
        data[label] = {"dist": dist, "sizes": load(os.path.join(out, f"app-compare-sizes-{label}.json")), "runs": runs}

    rows = []  # (measure, [value per build], [number per build] for the ratio)

    def first_load(build, key):
        sizes, runs = build["sizes"], build["runs"]
        if not sizes or not runs:
            return None
        fetched = set(runs[0].get(key) or [])
        return sum(f["gzip"] for f in sizes["files"] if f["file"] in fetched)

    def file_gzip(build, name):
        for f in (build["sizes"] or {}).get("files", []):
            if f["file"] == name:
                return f["gzip"]
        return None

    for measure, fn in [
        ("first load before the shell is interactive, gzip -9", lambda b: first_load(b, "fetched_before_shell")),
        ("… before the demo queue is (with the engine worker)", lambda b: first_load(b, "fetched_before_queue")),
        ("app wasm (`exhibit-app_bg.wasm`), gzip -9", lambda b: file_gzip(b, "exhibit-app_bg.wasm")),
        ("worker wasm (`exhibit-worker_bg.wasm`), gzip -9", lambda b: file_gzip(b, "exhibit-worker_bg.wasm")),
    ]:
        values = [fn(data[label]) for label, _ in builds]
        rows.append((measure, [fmt(v, " B") for v in values], values))

    def page_time(key, label):
        xs = [run[key] for run in data[label]["runs"] if isinstance(run.get(key), (int, float))]
        if not xs:
            return "—", None
        return f"{statistics.median(xs):,.0f} ms ({min(xs):,.0f}–{max(xs):,.0f})", statistics.median(xs)

    for measure, key in [
        ("navigation → app shell interactive (median of rounds, range)", "shell_interactive_ms"),
        ("navigation → demo queue interactive, first tab", "queue_interactive_ms"),
        ("… second tab", "queue_interactive_ms_second"),
        ("import 100k allegations (file → accept → queue)", "import_100k_ms"),
    ]:
        cells = [page_time(key, label) for label, _ in builds]
        rows.append((measure, [c[0] for c in cells], [c[1] for c in cells]))

    for measure, key in [
        ("switch allegation, click on a queue row", "switch_click"),
        ("switch allegation, j / k key", "switch_key"),
        ("filter keystroke", "filter_keystroke"),
    ]:
        for what, sample_key, label_text in [
            ("dom", "samples_dom_ms", "shown in the DOM"),
            ("frame", "samples_frame_ms", "next frame painted"),
        ]:
            for q, qname in [(0.5, "median"), (0.9, "p90")]:
                values, cells = [], []
                for label, _ in builds:
                    xs = [x for run in data[label]["runs"] for x in (run.get(key) or {}).get(sample_key, []) if x is not None]
                    v = quantile(xs, q)
                    values.append(v)
                    cells.append(f"{fmt(v)} (n={len(xs)})" if v is not None else "—")
                rows.append((f"{measure}: {label_text}, {qname}", cells, values))

    for phase in ("import", "scroll", "filter", "switch", "typing"):
        cells, values = [], []
        for label, _ in builds:
            runs = data[label]["runs"]
            n = sum(run.get(f"long_tasks_{phase}") or 0 for run in runs)
            longest = max([run.get(f"longest_task_{phase}_ms") or 0 for run in runs] or [0])
            cells.append(f"{n} in {len(runs)} runs (longest {longest} ms)")
            values.append(None)
        rows.append((f"long tasks > 50 ms while {phase}", cells, values))

    labels = [label for label, _ in builds]
    print("| measure | " + " | ".join(labels) + " | " + " | ".join(f"{label} / {labels[0]}" for label in labels[1:]) + " |")
    print("|---|" + "---|" * (2 * len(labels) - 1))
    for measure, cells, values in rows:
        ratios = []
        for v in values[1:]:
            base = values[0]
            ratios.append(f"{v / base:.2f}×" if isinstance(v, (int, float)) and isinstance(base, (int, float)) and base else "")
        print(f"| {measure} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
    print()
    for label, dist in builds:
        runs = data[label]["runs"]
        per_round = []
        for run in runs:
            parts = []
            for key in ("switch_click", "switch_key", "filter_keystroke"):
                median = ((run.get(key) or {}).get("frame") or {}).get("median_ms")
                parts.append(f"{key} {median:.1f}" if median is not None else f"{key} —")
            per_round.append("; ".join(parts))
        print(f"- `{label}` = `{dist}`, {len(runs)} rounds; per-round medians to the next frame (ms): " + " | ".join(per_round))


if __name__ == "__main__":
    main()
