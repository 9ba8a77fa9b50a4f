#!/usr/bin/env bash
# Every test level, in order: formatting and lints, the release build of the app (with its sizes),
# native tests (domain, CLI, end-to-end in Chromium), wasm tests in headless Chromium, fuzz smoke.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
started=$SECONDS

step "format and lints (native and wasm32)"
cargo fmt --all -- --check
cargo clippy --all-targets -q -- -D warnings
cargo clippy --lib --bins --target wasm32-unknown-unknown -q -- -D warnings

step "release build of the app (trunk)"
build_started=$SECONDS
trunk build --release --offline
echo "trunk build took $((SECONDS - build_started)) s"
bash scripts/sizes.sh

step "native tests: domain, CLI, end-to-end in Chromium"
cargo test -q

step "wasm tests in headless Chromium (wasm-pack)"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver

step "fuzz smoke: every parser under cargo-fuzz for a short bounded time"
bash scripts/fuzz-smoke.sh

echo
echo "all test levels passed in $((SECONDS - started)) s"
