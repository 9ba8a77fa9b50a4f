#!/usr/bin/env python3
"""Prints the benchmark tables (markdown) from what scripts/bench.sh left in bench/out/:
browser.json (wasm vs JS peers), native.jsonl (same kernels, native), criterion estimates under
target/criterion, sizes.json, app.json, twiggy.txt. Missing inputs print as missing rows."""
import glob
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "bench/out"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_json(name):
    try:
        with open(os.path.join(OUT, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt_ms(ms):
    if ms is None:
        return "—"
    return f"{ms:.0f}" if ms >= 100 else f"{ms:.1f}" if ms >= 10 else f"{ms:.2f}"


def ratio(x):
    return "—" if x is None else f"{x:.2f}×"


# What each case is held to: (peer whose ratio is targeted, min JS/wasm, max wasm ms).
TARGETS = {
    "allegations": ("regex+URL+tldts", 1.0, 100.0),
    "html": ("DOMParser+TreeWalker", 2.0, None),
    "lang": ("franc", 5.0, None),
    "diff": ("diff-match-patch", 2.5, 1000.0),
}
MAX_WASM_OVER_NATIVE = 1.5

native = {}
try:
    with open(os.path.join(OUT, "native.jsonl")) as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                native[row["case"]] = row
except OSError:
    pass

browser = load_json("browser.json")
print("## Browser kernels: wasm vs JavaScript peers (headless Chromium)\n")
if browser:
    print(f"User agent: `{browser.get('userAgent', '?')}`; wasm build: `{browser.get('variant')}` (opt-level 3).\n")
    print("| case | runs | wasm ms | peer | peer ms | JS/wasm | native ms | wasm/native | target | met? |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for entry in browser["results"]:
        case = entry["case"]
        impls = entry["impls"]
        wasm = impls["wasm"]["median_ms"]
        nat = native.get(case, {}).get("median_ms")
        wn = wasm / nat if nat else None
        kind = case.split("-")[0]
        target_peer, min_ratio, max_ms = TARGETS.get(kind, (None, None, None))
        for i, (peer, stats) in enumerate((k, v) for k, v in impls.items() if k != "wasm"):
            jw = stats["median_ms"] / wasm if wasm else None
            target, met = "", ""
            if i == 0:
                goals, misses = [], []
                if wn is not None:
                    goals.append(f"wasm/native ≤ {MAX_WASM_OVER_NATIVE}")
                    if wn > MAX_WASM_OVER_NATIVE:
                        misses.append(f"wasm/native {wn:.2f}")
                if max_ms is not None:
                    goals.append(f"wasm < {max_ms:.0f} ms")
                    if wasm >= max_ms:
                        misses.append(f"{wasm:.0f} ms")
                target = "; ".join(goals)
            if peer == target_peer:
                target = (target + "; " if target else "") + f"JS/wasm ≥ {min_ratio}"
                if jw is not None and jw < min_ratio:
                    misses.append(f"JS/wasm {jw:.2f}")
            if i == 0 or peer == target_peer:
                met = "missed (" + ", ".join(misses) + ")" if misses else "met"
            print(
                f"| {case if i == 0 else ''} | {entry['runs'] if i == 0 else ''} | {fmt_ms(wasm) if i == 0 else ''} | {peer} | "
                f"{fmt_ms(stats['median_ms'])}{' (1 run)' if stats.get('runs') == 1 else ''} | {ratio(jw)} | {fmt_ms(nat) if i == 0 else ''} | {ratio(wn) if i == 0 else ''} | {target} | {met} |"
            )
    print("\nJS/wasm > 1 means wasm is faster. Medians of interleaved runs after one warm-up run each; "
          "`native` is the same kernel on the same input (bench/wasm `native`, 20 runs).")
else:
    print("_missing: bench/out/browser.json (browser stage failed or was skipped)_")

print("\n## Native (criterion, `--warm-up-time 1 --measurement-time 3`, 10 samples)\n")
rows = []
for path in sorted(glob.glob(os.path.join(ROOT, "target", "criterion", "*", "**", "new", "estimates.json"), recursive=True)):
    bench_dir = os.path.dirname(os.path.dirname(path))
    try:
        with open(os.path.join(os.path.dirname(path), "benchmark.json")) as f:
            meta = json.load(f)
        with open(path) as f:
            est = json.load(f)
    except (OSError, ValueError):
        continue
    name = meta.get("full_id") or os.path.relpath(bench_dir, os.path.join(ROOT, "target", "criterion"))
    median_ns = est["median"]["point_estimate"]
    throughput = meta.get("throughput") or {}
    extra = ""
    if "Bytes" in throughput:
        extra = f"{throughput['Bytes'] / (median_ns / 1e9) / 1e6:.0f} MB/s"
    elif "Elements" in throughput:
        extra = f"{throughput['Elements'] / (median_ns / 1e9):,.0f} /s"
    rows.append((name, median_ns / 1e6, extra, os.path.getmtime(path)))
if rows:
    newest = max(r[3] for r in rows)
    print("| benchmark | median ms | throughput |")
    print("|---|---|---|")
    for name, ms, extra, mtime in rows:
        stale = " (stale)" if newest - mtime > 3600 else ""
        print(f"| {name}{stale} | {fmt_ms(ms)} | {extra} |")
else:
    print("_missing: no criterion estimates under target/criterion_")

print("\n## App budgets\n")
sizes = load_json("sizes.json")
app = load_json("app.json")
if sizes:
    # What the page and its workers fetched before the app shell was interactive, and before the
    # demo queue was (app.json, from every request made); without it, every file but workers.
    shell = set((app or {}).get("fetched_before_shell") or [])
    # The first visit: what the page fetched before the app's `exhibit-case-shown` mark when known.
    queue = set((app or {}).get("fetched_before_case_shown") or (app or {}).get("fetched_before_queue") or [])
    reload = set((app or {}).get("fetched_before_reload_queue") or [])
    def fetched(name, names):
        return name in names if names else "worker" not in name
    print("| file | raw bytes | gzip -9 bytes | before the shell is interactive | before the demo queue is (first visit) | before the last case's queue is (reload) |")
    print("|---|---|---|---|---|---|")
    totals = [0, 0, 0]
    for row in sizes["files"]:
        marks = [fetched(row["file"], shell), fetched(row["file"], queue), fetched(row["file"], reload)]
        for i, mark in enumerate(marks):
            totals[i] += row["gzip"] if mark else 0
        print(f"| {row['file']} | {row['raw']:,} | {row['gzip']:,} | " + " | ".join("yes" if mark else "no" for mark in marks) + " |")
    # The demo's own files (captures, list) fetched before its queue: not in sizes.json's app files.
    demo = sizes.get("demo_gzip")
    if demo and any(name.endswith(".png") or name == "manifest.json" for name in queue):
        totals[1] += demo
        print(f"| demo/ (list and captures) | | {demo:,} | no | yes | {'yes' if any(n.endswith('.png') for n in reload) else 'no'} |")
    verdict = "met" if totals[0] <= 300 * 1024 else f"missed by {(totals[0] - 300 * 1024) / 1024:.1f} KB ({totals[0] / (300 * 1024):.2f}× the budget)"
    first_screen = "met" if totals[2] <= 600 * 1024 else f"missed by {(totals[2] - 600 * 1024) / 1024:.1f} KB"
    first_visit = "met" if totals[1] <= 600 * 1024 else f"missed by {(totals[1] - 600 * 1024) / 1024:.1f} KB"
    print(f"| **first load** | | | **{totals[0]:,}** (budget 307,200: {verdict}) | **{totals[1]:,}** (budget 614,400: {first_visit}) | **{totals[2]:,}** (budget 614,400: {first_screen}) |")
    how = "requests the page and its workers made" if shell else "all files but workers (no app.json)"
    print(f"\nBuilt from: `{sizes.get('dist')}`; counted from {how}.")
else:
    print("_missing: bench/out/sizes.json_")
if app:
    print("\n| measure | value | target | met? |")
    print("|---|---|---|---|")
    print(f"| navigation → app shell interactive | {app.get('shell_interactive_ms')} ms | | |")
    print(f"| navigation → demo queue interactive (first visit / second tab, which reopens the kept build) | {app.get('queue_interactive_ms')} ms / {app.get('queue_interactive_ms_second')} ms | | |")
    shown_ms = app.get("first_visit_case_shown_ms")
    if shown_ms is not None:
        met = "met" if shown_ms <= 500 else "missed"
        print(f"| first visit: navigation → the demo's queue shown (`exhibit-case-shown`, from its prebuilt case) | {shown_ms} ms | 500 ms | {met} |")
        print(f"| first visit: navigation → the demo's captures read behind it (case complete) | {app.get('first_visit_complete_ms')} ms | | |")
    reload_ms = app.get("reload_queue_interactive_ms")
    if reload_ms is not None:
        met = "met" if reload_ms <= 500 else "missed"
        print(f"| reload → the last case's queue interactive (the app's `exhibit-case-shown` mark) | {reload_ms} ms ({app.get('reload_case_shown_ms')} ms) | 500 ms | {met} |")
    print(f"| import 100k allegations (file → preview → accept → queue shows them) | {app.get('import_100k_ms')} ms | | |")
    print(f"| queue items in the DOM after import / after typing the filter | {app.get('queue_items_rendered')} / {app.get('queue_items_filtered')} | | |")
    def per_action(m, what):
        s = (m or {}).get(what) or {}
        if s.get("median_ms") is None:
            return "—"
        return f"{s['median_ms']:.1f} ({s['p90_ms']:.1f})"
    for key, name in (("switch_click", "switch allegation, click on a queue row"), ("switch_key", "switch allegation, j / k"),
                      ("filter_keystroke", "filter keystroke")):
        m = app.get(key)
        if m:
            n = (m.get("frame") or {}).get("n")
            print(f"| {name}, 100k case: shown in the DOM / next frame, median (p90) of {n} | "
                  f"{per_action(m, 'dom')} ms / {per_action(m, 'frame')} ms | | |")
    for phase in ("import", "scroll", "filter", "switch", "typing"):
        if app.get(f"long_tasks_{phase}") is None:
            continue
        n = app.get(f"long_tasks_{phase}")
        longest = app.get(f"longest_task_{phase}_ms")
        target = "0" if phase != "import" else "(informational)"
        met = "" if phase == "import" else ("met" if n == 0 else "missed")
        print(f"| long tasks > 50 ms while {phase} (longest) | {n} ({longest} ms) | {target} | {met} |")
    print(f"\nFound: {app.get('found')}")
else:
    print("\n_missing: bench/out/app.json (app stage failed or was skipped)_")

try:
    with open(os.path.join(OUT, "twiggy.txt"), encoding="utf-8", errors="replace") as f:
        print("\n## twiggy top -n 25 (release app wasm before wasm-opt, with names)\n")
        print("```")
        for line in f.read().rstrip().splitlines():
            print(line[:130])
        print("```")
except OSError:
    print("\n_missing: twiggy (not installed or failed)_")
try:
    with open(os.path.join(OUT, "data-segments.txt"), encoding="utf-8", errors="replace") as f:
        print("\n## Data section by owner (BENCH_TWIGGY_SEGMENTS=1)\n")
        print("```")
        print(f.read().rstrip())
        print("```")
except OSError:
    pass

# The CLI as whole processes against the JavaScript pipelines (hyperfine, stage "cli").
cli_rows = []
for job in ("allegations", "capture"):
    data = load_json(f"cli-{job}.json")
    if not data:
        continue
    results = {r.get("command"): r for r in data.get("results", [])}
    ours = next((r for name, r in results.items() if name.startswith("exhibit")), None)
    for name, r in results.items():
        if r is ours or ours is None:
            continue
        cli_rows.append((job, ours, name, r))
if cli_rows:
    print("\n## CLI vs JavaScript pipelines, whole processes (hyperfine)\n")
    print("| job | exhibit (profile cli) ms | ± | CPU ms | peer | peer ms | ± | CPU ms | peer/exhibit | CPU ratio | runs |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for job, ours, name, r in cli_rows:
        ms = lambda x: fmt_ms(x * 1e3)
        cpu = lambda x: x.get("user", 0) + x.get("system", 0)
        print(f"| {job} | {ms(ours['median'])} (min {ms(ours['min'])}) | {ms(ours['stddev'])} | {ms(cpu(ours))} | {name} | "
              f"{ms(r['median'])} (min {ms(r['min'])}) | {ms(r['stddev'])} | {ms(cpu(r))} | "
              f"{ratio(r['median'] / ours['median'])} | {ratio(cpu(r) / cpu(ours)) if cpu(ours) else '—'} | "
              f"{len(ours.get('times', []))} / {len(r.get('times', []))} |")
    print("\nMedians of whole runs (process start, reading the file, the work, writing stdout to /dev/null), "
          "after a warm-up run, every command in one hyperfine invocation; CPU is the mean user + system time, "
          "steadier than wall time on a loaded machine. Ratios > 1 mean the CLI is faster.")
else:
    print("\n_missing: bench/out/cli-*.json (cli stage failed or was skipped)_")

# Team-sized domain operations (benches/team/scenario.rs, stage "team"): native, then in Chromium.
def team_lines(file, title):
    try:
        with open(os.path.join(OUT, file), encoding="utf-8", errors="replace") as f:
            # The browser's lines come through the test runner, sometimes with a prefix.
            lines = [line[line.index("team "):] for line in f.read().splitlines() if line.lstrip().startswith("team ")]
    except OSError:
        print(f"\n_missing: bench/out/{file} (team stage failed or was skipped)_")
        return
    print(f"\n## {title}\n")
    print("```")
    print("\n".join(lines))
    print("```")


team_lines("team.txt", "Team-sized cases, native (benches/team.rs)")
team_lines("team-browser.txt", "Team-sized cases, in headless Chromium (crates/web/tests/team_browser.rs, the same scenario in wasm)")

# SHA-256 in the app's worker (tests/worker_hash.rs, stage "hash").
try:
    with open(os.path.join(OUT, "hash.txt"), encoding="utf-8", errors="replace") as f:
        lines = [line for line in f.read().splitlines() if line.startswith("sha256-32MiB")]
    print("\n## SHA-256 of 32 MiB in a dedicated worker (tests/worker_hash.rs)\n")
    print("```")
    print("\n".join(lines) or "(no result line: see bench/out/hash.txt)")
    print("```")
except OSError:
    print("\n_missing: bench/out/hash.txt (hash stage failed or was skipped)_")
