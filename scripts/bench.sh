#!/usr/bin/env bash
# make bench: every benchmark, then one table of ratios (see BENCHMARKS.md). Timings never gate:
# this is not part of `make test`, and a failing stage only leaves its rows missing.
#   1. native criterion benches (short: --warm-up-time 1 --measurement-time 3)
#   2. bench/wasm: exhibit's kernels built for wasm32 (wasm-bindgen --target web) and natively
#   3. headless Chromium: wasm kernels vs JavaScript peers (npm, into .tools/bench), interleaved
#   4. the app: first-load gzip sizes, time to the demo queue, long tasks with 100k allegations
#   5. twiggy top on the release app wasm
#   6. cli: `exhibit allegations` / `exhibit capture` ([profile.cli]) against JavaScript pipelines
#      (bench/cli/peers.mjs: tldts, warcio + htmlparser2) as whole processes, under hyperfine
#   7. team: team-sized domain operations, native (benches/team.rs: fold, gate, agreement, merge)
#   8. hash: SHA-256 of 32 MiB in a dedicated worker (tests/worker_hash.rs under wasm-pack, release):
#      the app's path vs WebCrypto called directly vs the Rust code in wasm
#  10. huge: the 20 MB and 200,000-block captures in the built app, issue 18's timing bounds enforced
# Env: BENCH_SKIP="criterion native browser app twiggy cli team hash sync huge" skips stages; BENCH_ONLY="cli"
# (or "cli team", …) runs only those; BENCH_TWIGGY_SEGMENTS=1 attributes the wasm data section
# (extra build); BENCH_RUNS (default 20); BENCH_CASES (comma-separated browser cases);
# BENCH_CLI_RUNS (hyperfine runs per command, default 10); BENCH_APP_DIST=DIR measures that built app
# in the app stage instead of building one; BENCH_APP_COMPARE="before=DIR after=DIR" runs the app stage
# on each of those builds in turn, BENCH_APP_ROUNDS (default 3) rounds interleaved, and writes
# bench/out/app-compare.md (bench/app_compare.py); BENCH_SWITCHES / BENCH_KEYSTROKES (30 / 20): actions
# timed per kind on the 100k case (bench/run-browser.mjs).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
OUT="$ROOT/bench/out"
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export BENCH_NODE_MODULES="$ROOT/.tools/bench/node_modules"
RUNS="${BENCH_RUNS:-20}"
SKIP=" ${BENCH_SKIP:-} "
ONLY="${BENCH_ONLY:+ $BENCH_ONLY }"
mkdir -p "$OUT"
# The data-section attribution is only reported from this run, never from an earlier one.
rm -f "$OUT/data-segments.txt"
log() { printf '\033[1;34m[bench]\033[0m %s\n' "$*" >&2; }
skip() { if [ -n "$ONLY" ]; then [[ "$ONLY" != *" $1 "* ]]; else [[ "$SKIP" == *" $1 "* ]]; fi; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# serve runs inside $(…), a subshell: the servers' pids go to a file, which the exit trap reads.
PIDS="$OUT/servers.pids"
: >"$PIDS"
cleanup() { while read -r pid; do kill "$pid" 2>/dev/null; done <"$PIDS"; rm -f "$PIDS"; }
trap cleanup EXIT
serve() { # directory → prints the port; the server is killed on exit
  local port
  port=$(free_port)
  python3 -m http.server --bind 127.0.0.1 --directory "$1" "$port" >"$OUT/http-$port.log" 2>&1 &
  echo "$!" >>"$PIDS"
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
  echo "$port"
}
started=$(date +%s)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# JavaScript peers and the browser driver: npm, into the git-ignored .tools/bench, no lockfile (all
# at once: npm prunes what a later install does not name). The app stage alone needs only the driver.
peers_missing() {
  for package in "$@"; do [ -d "$BENCH_NODE_MODULES/$package" ] || return 0; done
  return 1
}
if { { ! skip browser || ! skip cli; } && peers_missing playwright-core warcio htmlparser2 franc; } ||
  { ! skip app && peers_missing playwright-core; }; then
  log "installing the JavaScript peers into .tools/bench (npm)"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$ROOT/.tools/bench" \
    franc diff-match-patch diff tldts warcio htmlparser2 playwright-core >/dev/null || log "npm install failed"
fi

# 1. Native criterion benches.
if ! skip criterion; then
  log "native criterion benches (a few minutes; log in bench/out/criterion.log)"
  cargo bench --bench allegations --bench capture --bench diff -- --warm-up-time 1 --measurement-time 3 \
    >"$OUT/criterion.log" 2>&1 || log "criterion failed (see bench/out/criterion.log)"
  grep -E '^(allegations|html|warc|[0-9]MB|identical|alternating|one-|200-)' "$OUT/criterion.log" | sed 's/^/  /' >&2 || true
fi

# 2. The kernels crate, for wasm32 and natively (its own workspace and target dir).
log "building bench/wasm (wasm32 + native; log in bench/out/build.log)"
[ -f bench/wasm/Cargo.lock ] || cp Cargo.lock bench/wasm/Cargo.lock # start from the main crate's versions
: >"$OUT/build.log"
# (The native binary also writes the inputs the app and cli stages use, so it is always built.)
if ! skip browser; then
  (cd bench/wasm && cargo build --release --lib --target wasm32-unknown-unknown &&
    wasm-bindgen --target web --out-dir pkg --out-name kernels target/wasm32-unknown-unknown/release/exhibit_bench_wasm.wasm) \
    >>"$OUT/build.log" 2>&1 || log "wasm kernels build failed; $( [ -f bench/wasm/pkg/kernels.js ] && echo 'using the previous build' || echo 'browser rows will be missing')"
fi
(cd bench/wasm && cargo build --release --bin native) >>"$OUT/build.log" 2>&1 ||
  log "native kernels build failed; $( [ -x bench/wasm/target/release/native ] && echo 'using the previous build' || echo 'native rows will be missing')"
NATIVE="$ROOT/bench/wasm/target/release/native"
if [ -x "$NATIVE" ] && ! skip native; then
  log "native kernels ($RUNS runs each)"
  "$NATIVE" "$RUNS" >"$OUT/native.jsonl" || log "native kernels failed"
fi

# 3. Browser: wasm kernels vs JavaScript peers, in one page.
if ! skip browser && [ -f bench/wasm/pkg/kernels.js ]; then
  port=$(serve "$ROOT")
  query="runs=$RUNS"
  [ -n "${BENCH_CASES:-}" ] && query="$query&cases=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$BENCH_CASES")"
  log "browser kernels vs JS peers (headless Chromium; several minutes)"
  node bench/run-browser.mjs kernels "http://127.0.0.1:$port/bench/web/index.html?$query" >"$OUT/browser.json" ||
    log "browser benchmark failed"
fi

# 4. The app: first-load size, time to the demo queue, long tasks with 100k allegations, and the time
# per action on that case (switching allegation, typing in the queue filter).
app_sizes() { # dist → sizes JSON on stdout
  python3 - "$1" <<'EOF'
import glob, gzip, json, os, sys
dist = sys.argv[1]
files = []
for pattern in ("index.html", "*.wasm", "*.js", "*.css", "*.tsv", "*.txt", "demo/built.bin"):
    for path in sorted(glob.glob(os.path.join(dist, pattern))):
        data = open(path, "rb").read()
        files.append({"file": os.path.basename(path), "raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))})
# The demo case's own files (list, manifests, pages, screenshots), fetched on a first visit: gzip -9
# of each, summed (what a server compressing each response would send).
demo = 0
for path in sorted(glob.glob(os.path.join(dist, "demo", "**", "*"), recursive=True)):
    if os.path.isfile(path) and not path.endswith("README.md") and not path.endswith("built.bin"):
        demo += len(gzip.compress(open(path, "rb").read(), 9, mtime=0))
print(json.dumps({"dist": os.path.relpath(dist), "files": files, "total_gzip": sum(f["gzip"] for f in files), "demo_gzip": demo}))
EOF
}
app_run() { # dist, output JSON
  local port
  port=$(serve "$1")
  node bench/run-browser.mjs app "http://127.0.0.1:$port/" "$OUT/allegations-100k.txt" >"$2" ||
    log "app budgets failed for $1"
}
if ! skip app && [ -n "${BENCH_APP_COMPARE:-}" ]; then
  ROUNDS="${BENCH_APP_ROUNDS:-3}"
  if [ -x "$NATIVE" ]; then
    "$NATIVE" input allegations-100k >"$OUT/allegations-100k.txt"
    rm -f "$OUT"/app-compare-*.json
    for pair in $BENCH_APP_COMPARE; do
      app_sizes "${pair#*=}" >"$OUT/app-compare-sizes-${pair%%=*}.json"
    done
    for round in $(seq "$ROUNDS"); do
      for pair in $BENCH_APP_COMPARE; do
        log "app budgets, round $round of $ROUNDS: ${pair%%=*} (${pair#*=}); load $(cut -d' ' -f1-3 /proc/loadavg)"
        app_run "${pair#*=}" "$OUT/app-compare-${pair%%=*}-$round.json"
      done
    done
    python3 bench/app_compare.py "$OUT" $BENCH_APP_COMPARE >"$OUT/app-compare.md" && cat "$OUT/app-compare.md" >&2 ||
      log "app comparison failed"
  else
    log "app comparison skipped: no bench/wasm native binary to write the input"
  fi
elif ! skip app; then
  DIST="${BENCH_APP_DIST:-$ROOT/dist}"
  newest_source=$(find src crates static index.html Cargo.toml Cargo.lock Trunk.toml -type f -newer "$DIST/exhibit-app_bg.wasm" 2>/dev/null | head -1)
  if [ -n "${BENCH_APP_DIST:-}" ]; then
    log "measuring $DIST (BENCH_APP_DIST)"
  elif [ ! -f "$DIST/exhibit-app_bg.wasm" ] || [ -n "$newest_source" ]; then
    # Build into bench/out/dist so a dist/ someone else is serving is left alone.
    DIST="$OUT/dist"
    log "trunk build --release --offline → bench/out/dist (dist/ is missing or older than the sources)"
    if ! trunk build --release --offline --dist "$DIST" >"$OUT/trunk.log" 2>&1; then
      log "trunk build failed (see bench/out/trunk.log); measuring the existing dist/ instead"
      DIST="$ROOT/dist"
    fi
  else
    log "reusing dist/ (newer than every source)"
  fi
  app_sizes "$DIST" >"$OUT/sizes.json"
  if [ -x "$NATIVE" ] && [ -f "$DIST/index.html" ]; then
    "$NATIVE" input allegations-100k >"$OUT/allegations-100k.txt"
    log "app budgets (demo queue, 100k allegations: import, scroll, filter, switch allegation, filter keystrokes)"
    app_run "$DIST" "$OUT/app.json"
  fi
fi

# 5. What dominates the bundle: twiggy on the app wasm before wasm-opt (it still has names).
if ! skip twiggy; then
  APP_WASM="$ROOT/target/wasm32-unknown-unknown/release/exhibit-app.wasm"
  if command -v twiggy >/dev/null && [ -f "$APP_WASM" ]; then
    twiggy top -n 25 "$APP_WASM" >"$OUT/twiggy.txt" 2>/dev/null || rm -f "$OUT/twiggy.txt"
  else
    log "twiggy skipped (cargo install twiggy; needs a trunk release build)"
  fi
  # Opt-in (a separate LTO build, ~4 min): keep one data segment per symbol so the 1.2 MB .rodata
  # can be attributed (bench/wasm_data.py names the owner crate or guesses from the content).
  if [ -n "${BENCH_TWIGGY_SEGMENTS:-}" ]; then
    log "app wasm with --no-merge-data-segments (bench/out/twiggy-target)"
    CARGO_TARGET_DIR="$OUT/twiggy-target" RUSTFLAGS="-C link-arg=--no-merge-data-segments" \
      cargo build -q --release --target wasm32-unknown-unknown -p exhibit-web --bin exhibit-app >>"$OUT/build.log" 2>&1 &&
      python3 bench/wasm_data.py "$OUT/twiggy-target/wasm32-unknown-unknown/release/exhibit-app.wasm" >"$OUT/data-segments.txt" ||
      log "data segment attribution failed"
  fi
fi

# 6. The CLI as whole processes against JavaScript pipelines on the same files (hyperfine).
if ! skip cli; then
  CLI_RUNS="${BENCH_CLI_RUNS:-10}"
  CLI="${CARGO_TARGET_DIR:-$ROOT/target}/cli/exhibit"
  rm -f "$OUT"/cli-*.json
  if ! command -v hyperfine >/dev/null; then
    log "cli stage skipped: hyperfine is missing (apt-get install hyperfine)"
  elif ! [ -x "$NATIVE" ]; then
    log "cli stage skipped: no bench/wasm native binary to write the inputs"
  elif ! cargo build -q --profile cli --bin exhibit >>"$OUT/build.log" 2>&1; then
    log "cli stage skipped: cargo build --profile cli failed (see bench/out/build.log)"
  else
    # A size-optimised native build ([profile.release], what the README used before), when one
    # exists, runs as a third command: the gain of [profile.cli]. It is not built here.
    SIZE_ALLEGATIONS=()
    SIZE_CAPTURE=()
    RELEASE_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/release/exhibit"
    if [ -x "$RELEASE_CLI" ]; then
      SIZE_ALLEGATIONS=(-n "exhibit, release profile (opt-level z)" "$RELEASE_CLI allegations $OUT/allegations-100k.txt")
      SIZE_CAPTURE=(-n "exhibit, release profile (opt-level z)" "$RELEASE_CLI capture --text $OUT/warc-20MB.warc.gz")
    fi
    "$NATIVE" input allegations-100k >"$OUT/allegations-100k.txt"
    "$NATIVE" input warc-20MB >"$OUT/warc-20MB.warc.gz"
    log "CLI vs JavaScript pipelines, whole processes (hyperfine, $CLI_RUNS runs each after a warm-up)"
    hyperfine -N --warmup 1 --runs "$CLI_RUNS" --export-json "$OUT/cli-allegations.json" \
      -n "exhibit allegations" "$CLI allegations $OUT/allegations-100k.txt" \
      -n "node: regex+URL+tldts" "node bench/cli/peers.mjs allegations $OUT/allegations-100k.txt" \
      "${SIZE_ALLEGATIONS[@]}" \
      >"$OUT/cli.log" 2>&1 || log "hyperfine (allegations) failed (see bench/out/cli.log)"
    hyperfine -N --warmup 1 --runs "$CLI_RUNS" --export-json "$OUT/cli-capture.json" \
      -n "exhibit capture --text" "$CLI capture --text $OUT/warc-20MB.warc.gz" \
      -n "node: warcio+htmlparser2" "node bench/cli/peers.mjs capture $OUT/warc-20MB.warc.gz" \
      "${SIZE_CAPTURE[@]}" \
      >>"$OUT/cli.log" 2>&1 || log "hyperfine (capture) failed (see bench/out/cli.log)"
    grep -E '^ *(Time|Benchmark|[0-9.]+ ± )|faster than|times faster' "$OUT/cli.log" | sed 's/^/  /' >&2 || true
  fi
fi

# 7. Team-sized domain operations, native.
if ! skip team; then
  log "team-sized cases, native (benches/team.rs; log in bench/out/team.txt)"
  cargo bench --bench team >"$OUT/team.txt" 2>&1 || log "team bench failed (see bench/out/team.txt)"
  grep '^team ' "$OUT/team.txt" | sed 's/^/  /' >&2 || true
  log "team-sized cases in headless Chromium (crates/web/tests/team_browser.rs; log in bench/out/team-browser.txt)"
  WASM_BINDGEN_TEST_TIMEOUT=900 wasm-pack test --release --headless --chrome --chromedriver /usr/bin/chromedriver crates/web --test team_browser \
    -- --include-ignored --nocapture team_sized >"$OUT/team-browser.txt" 2>&1 ||
    log "browser team bench failed (see bench/out/team-browser.txt)"
  grep '^team ' "$OUT/team-browser.txt" | sed 's/^/  browser /' >&2 || true
fi

# 8. SHA-256 in the app's worker against WebCrypto.
if ! skip hash; then
  log "SHA-256 of 32 MiB in a dedicated worker (tests/worker_hash.rs; log in bench/out/hash.txt)"
  wasm-pack test --release --headless --chrome --chromedriver /usr/bin/chromedriver crates/web --test worker_hash \
    -- --include-ignored --nocapture sha256_throughput >"$OUT/hash.txt" 2>&1 ||
    log "hash bench failed (see bench/out/hash.txt)"
  grep '^sha256-32MiB' "$OUT/hash.txt" | sed 's/^/  /' >&2 || true
fi

# 9. sync: 20 reviewers x 1,000 events pulled from pouchdb-server into a fresh browser (the built
#    app in dist/, tests/e2e/sync.rs bench_*), against PouchDB's replicator in node (the peer).
if ! skip sync; then
  log "live sync: 20 x 1,000 events into a fresh browser vs PouchDB replicate (log in bench/out/sync.txt)"
  cargo test -q --test e2e -- --ignored --nocapture bench_sync >"$OUT/sync.txt" 2>&1 ||
    log "sync bench failed (see bench/out/sync.txt)"
  grep '^sync bench' "$OUT/sync.txt" | sed 's/^/  /' >&2 || true
fi

# 10. huge: a 20 MB capture and a 200,000-block capture opened in the built app (tests/e2e/huge_capture.rs)
#     with the issue's bounds enforced (first paint < 1 s after the click, no task over 200 ms).
if ! skip huge; then
  log "huge captures: first paint and longest task, bounds enforced (log in bench/out/huge.txt)"
  EXHIBIT_TIMING_LIMITS=1 cargo test -q --test e2e -- --nocapture huge >"$OUT/huge.txt" 2>&1 ||
    log "huge capture bench failed its bounds or did not run (see bench/out/huge.txt)"
  grep -E 'first paint|longest task' "$OUT/huge.txt" | sed 's/^/  /' >&2 || true
fi

{
  echo "# make bench — $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Load average at the end (other jobs share these cores): $(cut -d' ' -f1-3 /proc/loadavg); at the start: $LOAD_START"
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(rustc --version); $(chromium --version 2>/dev/null | head -1); node $(node --version)"
  echo
  python3 bench/report.py "$OUT"
} >"$OUT/report.md"
cat "$OUT/report.md"
log "done in $(( $(date +%s) - started )) s; the table is in bench/out/report.md (copy it into BENCHMARKS.md)"
