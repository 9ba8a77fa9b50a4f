#!/usr/bin/env bash
# Every test level, in order: formatting and lints, the release build of the app (with its sizes),
# native tests (domain, CLI, end-to-end in Chromium), wasm tests in headless Chromium, fuzz smoke.
# Each level's wall time is printed in a table at the end (also when a level fails).
# The end-to-end reload storm runs EXHIBIT_RELOADS reloads (20 here; `make storm` runs 1,000), the
# random-moment soak EXHIBIT_SOAK_RELOADS (6 here; `make soak` runs 1,000).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export EXHIBIT_RELOADS="${EXHIBIT_RELOADS:-20}"
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
started=$SECONDS
LEVELS=()
TIMES=()
level_started=$SECONDS
level() { # name: ends the level before (if any) and starts this one
  finish_level
  LEVELS+=("$1")
  level_started=$SECONDS
  step "$1"
}
finish_level() {
  if [ "${#LEVELS[@]}" -gt "${#TIMES[@]}" ]; then TIMES+=($((SECONDS - level_started))); fi
}
table() {
  local status=$?
  finish_level
  echo
  printf '%-72s %8s\n' "level" "wall s"
  printf '%-72s %8s\n' "------------------------------------------------------------------------" "--------"
  for i in "${!LEVELS[@]}"; do printf '%-72s %8s\n' "${LEVELS[$i]}" "${TIMES[$i]}"; done
  printf '%-72s %8s\n' "total" "$((SECONDS - started))"
  if [ "$status" -ne 0 ]; then echo "the last level listed failed (exit $status)"; fi
}
trap table EXIT

level "format and lints (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -q -- -D warnings
cargo clippy -p exhibit-core -p exhibit-web --lib --bins --target wasm32-unknown-unknown -q -- -D warnings
cargo clippy -p exhibit-web --tests --target wasm32-unknown-unknown -q -- -D warnings

level "release build of the app (trunk)"
trunk build --release --offline
bash scripts/sizes.sh

level "native tests: domain, CLI, end-to-end in Chromium ($EXHIBIT_RELOADS-reload storm)"
cargo test -q --workspace

level "wasm tests in headless Chromium (wasm-pack)"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver crates/web

level "fuzz smoke: every parser under cargo-fuzz for a short bounded time"
bash scripts/fuzz-smoke.sh

finish_level
echo
echo "all test levels passed in $((SECONDS - started)) s"
