#!/usr/bin/env bash
# The fuzz campaign (`make fuzz`): every cargo-fuzz target (fuzz/fuzz_targets/*.rs), one after the
# other, each until FUZZ_SECONDS or FUZZ_RUNS executions, whichever comes first; then the resource
# limit tests too slow for a debug build, in release. Prints a table of executions, speed and
# crashes per target (FUZZING.md records a campaign's figures).
#
# Each target starts from its committed corpus fuzz/corpus/<target>/ and its regression inputs
# fuzz/regressions/<target>/ (plus, for warc and wacz, small files from ../shared/testdata when that
# folder is there), copied into a working corpus under fuzz/target/campaign/ that the run grows.
# With FUZZ_MERGE=1 the inputs that add coverage are merged back into fuzz/corpus/<target>/ (then
# minimise it with `cargo fuzz cmin`, see FUZZING.md, and keep it small before committing).
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 1800): CPU seconds of the fuzzer, see FUZZ_CLOCK
#   FUZZ_CLOCK      cpu (default): FUZZ_SECONDS counts the fuzzer's own CPU time, so a run on a busy
#                   machine still gets its budget of computing (the wall clock caps it at 4x);
#                   wall: FUZZ_SECONDS is libFuzzer's -max_total_time
#   FUZZ_RUNS       executions per target (default 10000000)
#   FUZZ_TARGETS    space-separated targets to run (default: all of `cargo fuzz list`)
#   FUZZ_SANITIZER  cargo-fuzz sanitizer (default none; `address` builds on this toolchain too)
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (default 10)
#   FUZZ_MERGE      1 to merge new coverage into fuzz/corpus/<target>/ (default 0)
#   FUZZ_LIMITS     0 to skip the release run of the ignored resource-limit tests (default 1)
#
# A crashing input is written to fuzz/artifacts/<target>/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none <target> fuzz/artifacts/<target>/crash-…
# and, once fixed in src/, commit it as fuzz/regressions/<target>/crash-<what>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

SECONDS_PER_TARGET="${FUZZ_SECONDS:-1800}"
RUNS_PER_TARGET="${FUZZ_RUNS:-10000000}"
SANITIZER="${FUZZ_SANITIZER:-none}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
MERGE="${FUZZ_MERGE:-0}"
LIMITS="${FUZZ_LIMITS:-1}"
CLOCK="${FUZZ_CLOCK:-cpu}"
CLOCK_TICKS="$(getconf CLK_TCK)"
SHARED="$ROOT/../shared/testdata"
WORK="$ROOT/fuzz/target/campaign"
SEED_MAX_BYTES=65536

cpu_seconds() { # pid: its user + system CPU seconds so far
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) || return 0
  echo $((ticks / CLOCK_TICKS))
}

log() { printf '\033[1;34m[fuzz-campaign]\033[0m %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: run 'bash scripts/setup.sh' (or 'cargo install cargo-fuzz --locked')" >&2
  exit 1
fi

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  mapfile -t targets < <(cargo fuzz list)
fi

log "building ${#targets[@]} fuzz targets (sanitizer $SANITIZER)"
if [ -n "${FUZZ_TARGETS:-}" ]; then
  for target in "${targets[@]}"; do cargo fuzz build -s "$SANITIZER" "$target"; done
else
  cargo fuzz build -s "$SANITIZER"
fi

# The built targets are run directly (not through `cargo fuzz run`), so editing src/ while a
# campaign runs cannot rebuild or change what the later targets fuzz.
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
BIN_DIR="$ROOT/fuzz/target/$TRIPLE/release"

shared_seeds() { # target
  case "$1" in
    warc) [ -d "$SHARED/warcio" ] && find "$SHARED/warcio" -maxdepth 1 -type f -size -"$SEED_MAX_BYTES"c ;;
    wacz) [ -d "$SHARED/wacz" ] && find "$SHARED/wacz" -maxdepth 1 -type f -name '*.wacz' -size -"$SEED_MAX_BYTES"c ;;
  esac
  return 0
}

mkdir -p "$WORK/logs"
failed=0
rows=()
for target in "${targets[@]}"; do
  corpus="$WORK/corpus/$target"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$ROOT/fuzz/artifacts/$target"
  for dir in "$ROOT/fuzz/corpus/$target" "$ROOT/fuzz/regressions/$target"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -exec cp -- {} "$corpus"/ \;
  done
  while IFS= read -r file; do
    [ -n "$file" ] && cp -- "$file" "$corpus/shared-$(basename "$file")"
  done < <(shared_seeds "$target")
  seeds=$(find "$corpus" -type f | wc -l)

  log "$target: up to ${SECONDS_PER_TARGET} s ($CLOCK) or ${RUNS_PER_TARGET} executions from $seeds starting inputs"
  run_log="$WORK/logs/$target.log"
  marker="$WORK/logs/$target.started"
  touch "$marker"
  started=$SECONDS
  status=0
  cpu="-"
  stopped="$WORK/logs/$target.cpu-budget-reached"
  rm -f "$stopped"
  if [ "$CLOCK" = cpu ]; then
    # The budget is the fuzzer's own CPU time (user + system), so a run beside other work still
    # gets its full FUZZ_SECONDS of computing; the wall clock only caps it at four times that.
    "$BIN_DIR/$target" -artifact_prefix="$ROOT/fuzz/artifacts/$target/" "$corpus" \
      -max_total_time="$((SECONDS_PER_TARGET * 4))" -runs="$RUNS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
      -print_final_stats=1 >"$run_log" 2>&1 &
    pid=$!
    used=0
    while kill -0 "$pid" 2>/dev/null; do
      sleep 2
      used=$(cpu_seconds "$pid")
      used="${used:-0}"
      # The last reading may come from the exited, not yet reaped process (its times read 0).
      if [ "$cpu" = "-" ] || [ "$used" -gt "$cpu" ]; then cpu="$used"; fi
      if [ "$used" -ge "$SECONDS_PER_TARGET" ]; then
        touch "$stopped"
        kill -INT "$pid" 2>/dev/null || true
        break
      fi
    done
    wait "$pid" || status=$?
  else
    "$BIN_DIR/$target" -artifact_prefix="$ROOT/fuzz/artifacts/$target/" "$corpus" \
      -max_total_time="$SECONDS_PER_TARGET" -runs="$RUNS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
      -print_final_stats=1 >"$run_log" 2>&1 || status=$?
  fi
  took=$((SECONDS - started))

  executions=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$run_log" | tail -n 1)
  if [ -z "$executions" ]; then
    executions=$(grep -oE '^#[0-9]+' "$run_log" | tail -n 1 | tr -d '#' || true)
  fi
  executions="${executions:-0}"
  per=$took
  [ "$cpu" != "-" ] && [ "$cpu" -gt 0 ] && per=$cpu
  speed=$((executions / (per > 0 ? per : 1)))
  coverage=$(grep -oE 'cov: [0-9]+' "$run_log" | tail -n 1 | tr -dc '0-9' || true)
  crashes=$(find "$ROOT/fuzz/artifacts/$target" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) -newer "$marker" | wc -l)
  if [ "$status" -eq 0 ] && grep -q 'DONE' "$run_log"; then
    result=ok
  elif [ -f "$stopped" ] && [ "$crashes" -eq 0 ] && grep -q 'run interrupted' "$run_log"; then
    result=ok # stopped by the CPU budget, as -max_total_time stops a wall-clock run
  else
    result=FAILED
    failed=$((failed + 1))
    {
      echo "---- $target failed; whole log in ${run_log#"$ROOT"/} ----"
      grep -E -A6 'panicked at|==ERROR|deadly signal|ALARM|out-of-memory|Timeout' "$run_log" | head -n 40 || true
      grep -E 'Test unit written to' "$run_log" || tail -n 20 "$run_log"
    } >&2
  fi
  rows+=("$(printf '| %-14s | %-6s | %11s | %6s | %6s | %8s | %5s | %7s |' "$target" "$result" "$executions" "$took" "$cpu" "$speed" "${coverage:-?}" "$crashes")")

  if [ "$MERGE" = 1 ] && [ "$result" = ok ]; then
    mkdir -p "$ROOT/fuzz/corpus/$target"
    "$BIN_DIR/$target" -merge=1 "$ROOT/fuzz/corpus/$target" "$corpus" \
      >"$WORK/logs/$target-merge.log" 2>&1 || log "$target: merge failed (see $WORK/logs/$target-merge.log)"
  fi
done

limits_result="skipped"
if [ "$LIMITS" = 1 ]; then
  log "resource limits: tests/limits.rs in release, ignored ones included"
  if cargo test --release --test limits -- --include-ignored >"$WORK/logs/limits.log" 2>&1; then
    limits_result="ok ($(grep -oE '[0-9]+ passed' "$WORK/logs/limits.log" | tail -n 1))"
  else
    limits_result="FAILED (log ${WORK#"$ROOT"/}/logs/limits.log)"
    failed=$((failed + 1))
    tail -n 40 "$WORK/logs/limits.log" >&2
  fi
fi

echo
log "campaign (sanitizer $SANITIZER; budget ${SECONDS_PER_TARGET} s of $CLOCK time or ${RUNS_PER_TARGET} runs per target)"
echo "| target         | result | executions  | wall s | CPU s  | exec/s * | cov   | crashes |"
echo "|----------------|--------|-------------|--------|--------|----------|-------|---------|"
printf '%s\n' "${rows[@]}"
echo
echo "exec/s *: executions per CPU second of the fuzzer (per wall second with FUZZ_CLOCK=wall)"
echo "resource limits (release): $limits_result"
echo "fuzz campaign: ${#targets[@]} targets run, $failed failed"
[ "$failed" -eq 0 ]
