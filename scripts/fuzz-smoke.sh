#!/usr/bin/env bash
# A short cargo-fuzz smoke run of every parser that reads strangers' files (fuzz/fuzz_targets/*.rs).
#
# Builds the fuzz targets, then runs each for FUZZ_SECONDS (default 10), starting from its committed
# corpus fuzz/corpus/<target>/ and regression inputs fuzz/regressions/<target>/ (plus, for warc and wacz, the small
# interoperability files in ../shared/testdata when that folder is there). libFuzzer runs every
# starting input before it mutates, so a committed crasher fails the run at once. Prints the number
# of executions per target; exits non-zero if any target crashed, hung or failed to build.
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 6: every committed input is replayed in the first second
#                   or two; `make fuzz` is the long campaign)
#   FUZZ_TARGETS    space-separated targets to run (default: all of `cargo fuzz list`)
#   FUZZ_SANITIZER  cargo-fuzz sanitizer (default none: the domain has no unsafe code, and ASan
#                   doubles the build and slows the run; `address` works too on this toolchain)
#   FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (default 10)
#
# On stable Rust: cargo-fuzz passes nightly-only -Z flags (sanitizer coverage) to rustc, which
# stable accepts with RUSTC_BOOTSTRAP=1. This script sets it for its own cargo runs only. By hand:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET fuzz/corpus/TARGET fuzz/regressions/TARGET
# The long campaign is scripts/fuzz-campaign.sh (`make fuzz`); FUZZING.md has its figures.
# A crashing input is written to fuzz/artifacts/TARGET/; replay it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none TARGET fuzz/artifacts/TARGET/crash-…
# and, once fixed in src/, commit it as fuzz/regressions/TARGET/crash-<what>.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
export RUSTC_BOOTSTRAP=1

SECONDS_PER_TARGET="${FUZZ_SECONDS:-6}"
SANITIZER="${FUZZ_SANITIZER:-none}"
TIMEOUT="${FUZZ_TIMEOUT:-10}"
SHARED="$ROOT/../shared/testdata"
LOGS="$ROOT/fuzz/target/smoke-logs"
SEED_MAX_BYTES=65536 # larger shared files would raise libFuzzer's max_len and slow every execution

log() { printf '\033[1;34m[fuzz-smoke]\033[0m %s\n' "$*"; }

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is not installed: run 'bash scripts/setup.sh' (or 'cargo install cargo-fuzz --locked')" >&2
  exit 1
fi

if [ -n "${FUZZ_TARGETS:-}" ]; then
  read -r -a targets <<<"$FUZZ_TARGETS"
else
  mapfile -t targets < <(cargo fuzz list)
fi

log "building ${#targets[@]} fuzz targets (sanitizer $SANITIZER; the first build takes a few minutes)"
build_started=$SECONDS
if [ -n "${FUZZ_TARGETS:-}" ]; then
  for target in "${targets[@]}"; do cargo fuzz build -s "$SANITIZER" "$target"; done
else
  cargo fuzz build -s "$SANITIZER"
fi
log "build took $((SECONDS - build_started)) s"

# Extra starting inputs from ../shared/testdata, which stays there (it is not copied into the repo).
shared_seeds() { # target
  case "$1" in
    warc) [ -d "$SHARED/warcio" ] && find "$SHARED/warcio" -maxdepth 1 -type f -size -"$SEED_MAX_BYTES"c ;;
    wacz) [ -d "$SHARED/wacz" ] && find "$SHARED/wacz" -maxdepth 1 -type f -name '*.wacz' -size -"$SEED_MAX_BYTES"c ;;
  esac
  return 0
}

mkdir -p "$LOGS"
passed=0
failed=0
summary=()
for target in "${targets[@]}"; do
  corpus="$ROOT/fuzz/target/smoke-corpus/$target"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$ROOT/fuzz/artifacts/$target"
  for dir in "$ROOT/fuzz/corpus/$target" "$ROOT/fuzz/regressions/$target"; do
    [ -d "$dir" ] && find "$dir" -maxdepth 1 -type f -exec cp -- {} "$corpus"/ \;
  done
  while IFS= read -r file; do
    [ -n "$file" ] && cp -- "$file" "$corpus/shared-$(basename "$file")"
  done < <(shared_seeds "$target")
  inputs=$(find "$corpus" -type f | wc -l)

  log "$target: ${SECONDS_PER_TARGET} s from $inputs starting inputs"
  run_log="$LOGS/$target.log"
  run_started=$SECONDS
  status=0
  cargo fuzz run -s "$SANITIZER" "$target" "$corpus" -- \
    -max_total_time="$SECONDS_PER_TARGET" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
    -print_final_stats=1 >"$run_log" 2>&1 || status=$?
  took=$((SECONDS - run_started))

  executions=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$run_log" | tail -n 1)
  if [ -z "$executions" ]; then # a crash ends the run before the final stats: take the last #N
    executions=$(grep -oE '^#[0-9]+' "$run_log" | tail -n 1 | tr -d '#' || true)
  fi
  executions="${executions:-0}"

  if [ "$status" -eq 0 ] && grep -q 'DONE' "$run_log"; then
    passed=$((passed + 1))
    summary+=("$(printf '%-12s ok      %9s executions in %3s s' "$target" "$executions" "$took")")
  else
    failed=$((failed + 1))
    summary+=("$(printf '%-12s FAILED  %9s executions in %3s s (exit %s; log %s)' "$target" "$executions" "$took" "$status" "${run_log#"$ROOT"/}")")
    {
      echo "---- $target failed; whole log in ${run_log#"$ROOT"/} ----"
      # The panic message (or libFuzzer's crash, timeout or out-of-memory report) and the input.
      grep -E -A6 'panicked at|==ERROR|deadly signal|ALARM|out-of-memory|Timeout' "$run_log" | head -n 40 || true
      grep -E 'Test unit written to' "$run_log" || tail -n 20 "$run_log"
    } >&2
  fi
done

echo
log "summary (sanitizer $SANITIZER, ${SECONDS_PER_TARGET} s per target)"
printf '  %s\n' "${summary[@]}"
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
