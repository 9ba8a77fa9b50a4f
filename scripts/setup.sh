#!/usr/bin/env bash
# Installs everything Exhibit needs to build, serve and test, idempotently.
# Nothing here downloads a prebuilt binary or a browser: Rust tools are built
# from source by cargo, wasm-opt comes from the npm package binaryen, and
# Chromium comes from Debian's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

WASM_BINDGEN_VERSION=0.2.130
TRUNK_VERSION=0.21.14
WASM_PACK_VERSION=0.15.1
BINARYEN_VERSION=132
AXE_CORE_VERSION=4.14.1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

apt_install() { # Debian packages...: installed as root, else asked for
  if [ "$(id -u)" = 0 ]; then
    log "installing $* from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "Exhibit needs Debian's $*: run 'sudo apt-get install $*'" >&2
    exit 1
  fi
}

TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS/logs"

# Debian's packages download and unpack while the Rust tools below build (apt mostly waits on the
# network and the disk, cargo on the CPU); waited for before anything else uses apt or them.
debian_missing=()
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  debian_missing+=(chromium chromium-driver)
fi
if ! command -v wget >/dev/null; then
  debian_missing+=(wget)
fi
apt_pid=
if [ "${#debian_missing[@]}" -gt 0 ]; then
  apt_install "${debian_missing[@]}" >"$TOOLS/logs/apt.log" 2>&1 &
  apt_pid=$!
  log "installing ${debian_missing[*]} from Debian (in the background: .tools/logs/apt.log)"
fi
wait_for_apt() {
  [ -n "$apt_pid" ] || return 0
  if ! wait "$apt_pid"; then
    cat "$TOOLS/logs/apt.log" >&2
    echo "installing ${debian_missing[*]} from Debian failed" >&2
    exit 1
  fi
  apt_pid=
}

have_version() { # command expected-version
  command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q "$2"
}

# The Rust tools are built here from source, all at once (each logs to .tools/logs/NAME.log), with
# a profile made for building once on this machine: opt-level 1, no LTO, 16 codegen units, no debug
# info. Their own release profiles (trunk's: fat LTO, one codegen unit) made a fresh setup take
# ~21 minutes on 2 cores; the tools only drive builds and tests, where those settings change nothing
# that is felt.
tool_pids=()
tool_names=()
# A step that fails below ends the script: the builds still running end with it.
trap '[ "${#tool_pids[@]}" -eq 0 ] || kill "${tool_pids[@]}" 2>/dev/null' EXIT
build_tool() { # name cargo-install-arguments...
  local name=$1
  shift
  log "building $name (in the background: .tools/logs/$name.log)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_PROFILE_RELEASE_INCREMENTAL=false \
    cargo install -q "$@" --force >"$TOOLS/logs/$name.log" 2>&1 &
  tool_pids+=("$!")
  tool_names+=("$name")
}
wait_for_tools() {
  local failed=0 i
  for i in "${!tool_pids[@]}"; do
    if ! wait "${tool_pids[$i]}"; then
      cat "$TOOLS/logs/${tool_names[$i]}.log" >&2
      echo "building ${tool_names[$i]} failed (log above)" >&2
      failed=1
    fi
  done
  tool_pids=()
  tool_names=()
  [ "$failed" = 0 ] || exit 1
}

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  # not --locked: the locked webpki-roots is missing from the registry mirror
  build_tool wasm-bindgen-cli wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  build_tool wasm-pack wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
if ! have_version trunk "$TRUNK_VERSION"; then
  build_tool trunk trunk --version "$TRUNK_VERSION" --locked
fi
# cargo-fuzz for scripts/fuzz-smoke.sh; it runs on stable Rust with RUSTC_BOOTSTRAP=1 (set by the script).
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version >/dev/null 2>&1; then
  build_tool cargo-fuzz cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

if [ ! -x "$TOOLS/node_modules/.bin/wasm-opt" ] || ! "$TOOLS/node_modules/.bin/wasm-opt" --version | grep -q "version $BINARYEN_VERSION"; then
  log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$TOOLS" "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# axe-core, injected by the end-to-end accessibility scan (tests/e2e/a11y.rs) into the built app.
if [ ! -f "$TOOLS/node_modules/axe-core/axe.min.js" ] \
  || ! grep -q "\"version\": \"$AXE_CORE_VERSION\"" "$TOOLS/node_modules/axe-core/package.json"; then
  log "installing axe-core@$AXE_CORE_VERSION (npm) into .tools/"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$TOOLS" \
    "binaryen@$BINARYEN_VERSION" "axe-core@$AXE_CORE_VERSION" >/dev/null
fi

# pouchdb-server: the sync tests' CouchDB (same replication protocol; CouchDB is not packaged
# here). Its own prefix, so that installing it never prunes the packages above.
POUCHDB_SERVER_VERSION=4.2.0
if [ ! -x "$TOOLS/sync/node_modules/.bin/pouchdb-server" ] \
  || ! grep -q "\"version\": \"$POUCHDB_SERVER_VERSION\"" "$TOOLS/sync/node_modules/pouchdb-server/package.json"; then
  log "installing pouchdb-server@$POUCHDB_SERVER_VERSION (npm) into .tools/sync/ (a minute or two)"
  mkdir -p "$TOOLS/sync"
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$TOOLS/sync" \
    "pouchdb-server@$POUCHDB_SERVER_VERSION" >/dev/null
fi

# The whole-site crawl fixtures (tests/crawl.rs, tests/e2e/crawl.rs) are made with real tools:
# GNU wget (Debian), warcio and py-wacz (PyPI, in the venv .tools/py/), by scripts/make-crawl-fixtures.sh
# into target/crawl-fixtures/ (remade only when the script changes).
WARCIO_VERSION=1.8.1
WACZ_VERSION=0.6.0
wait_for_apt
if [ ! -x "$TOOLS/py/bin/python" ]; then
  log "creating the Python venv .tools/py/"
  if ! python3 -m venv "$TOOLS/py"; then
    rm -rf "$TOOLS/py"
    apt_install python3-venv
    python3 -m venv "$TOOLS/py"
  fi
fi
py_installed="$("$TOOLS/py/bin/python" -m pip show warcio wacz 2>/dev/null || true)"
if ! grep -qx "Version: $WARCIO_VERSION" <<<"$py_installed" || ! grep -qx "Version: $WACZ_VERSION" <<<"$py_installed"; then
  log "installing warcio $WARCIO_VERSION and wacz $WACZ_VERSION (PyPI) into .tools/py/"
  "$TOOLS/py/bin/python" -m pip install -q "warcio==$WARCIO_VERSION" "wacz==$WACZ_VERSION"
fi
bash "$ROOT/scripts/make-crawl-fixtures.sh"
wait_for_tools

log "toolchain ready"
