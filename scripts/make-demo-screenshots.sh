#!/usr/bin/env bash
# Renders every static/demo/captures/*/page.html to screenshot.png (800x600)
# with Debian's headless Chromium. Idempotent: regenerates all PNGs each run.
#
#   scripts/make-demo-screenshots.sh            # all captures
#   scripts/make-demo-screenshots.sh DIR...     # only these capture dirs
#
# Needs: chromium (Debian package), fonts for Arabic script (fonts-noto-core,
# which includes Noto Naskh Arabic, Noto Sans Arabic and Noto Nastaliq Urdu).
# Optional: pngquant (shrinks the PNGs to about a third).
set -euo pipefail
cd "$(dirname "$0")/.."
CAPTURES="static/demo/captures"

log() { printf '\033[1;34m[demo-screenshots]\033[0m %s\n' "$*"; }

# --- chromium: wait for a concurrent setup to install it, else install it --------
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
waited=0
while [ ! -x "$CHROMIUM" ] && [ "$waited" -lt 600 ]; do
  [ "$waited" = 0 ] && log "waiting for $CHROMIUM to appear (setup may be installing it)"
  sleep 15
  waited=$((waited + 15))
done
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing chromium from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium not found: run 'sudo apt-get install chromium'" >&2
    exit 1
  fi
fi

# --- fonts for Arabic, Persian, Sorani and Urdu ----------------------------------
if ! fc-list :lang=ur family 2>/dev/null | grep -q 'Nastaliq'; then
  if [ "$(id -u)" = 0 ]; then
    log "installing fonts-noto-core (Arabic-script fonts)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core >/dev/null; }
  else
    log "warning: fonts-noto-core missing; Arabic-script text may render with fallback fonts"
  fi
fi

PNGQUANT=""
command -v pngquant >/dev/null && PNGQUANT="$(command -v pngquant)"
[ -z "$PNGQUANT" ] && log "pngquant not installed: PNGs stay uncompressed (apt-get install pngquant)"

if [ "$#" -gt 0 ]; then
  dirs=()
  for d in "$@"; do dirs+=("$CAPTURES/${d#"$CAPTURES"/}"); done
else
  dirs=("$CAPTURES"/*/)
fi

PROFILE="$(mktemp -d -t exhibit-demo-chromium.XXXXXX)"
trap 'rm -rf "$PROFILE"' EXIT

count=0
for dir in "${dirs[@]}"; do
  dir="${dir%/}"
  html="$dir/page.html"
  out="$dir/screenshot.png"
  [ -f "$html" ] || { echo "no page.html in $dir" >&2; exit 1; }
  abs="$(realpath "$html")"
  tmp="$PROFILE/shot.png"
  rm -f "$tmp"
  # fresh profile per page so no state carries over between captures
  rm -rf "$PROFILE/profile"
  mkdir -p "$PROFILE/profile"
  timeout 60 "$CHROMIUM" --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --no-first-run --disable-sync \
    --hide-scrollbars --force-device-scale-factor=1 \
    --host-resolver-rules='MAP * ~NOTFOUND' \
    --user-data-dir="$PROFILE/profile" \
    --window-size=800,600 --screenshot="$tmp" "file://$abs" >/dev/null 2>&1 || true
  if [ ! -s "$tmp" ]; then
    echo "chromium produced no screenshot for $html" >&2
    exit 1
  fi
  if [ -n "$PNGQUANT" ]; then
    "$PNGQUANT" --force --strip --quality=60-90 --speed 1 --output "$out" -- "$tmp" \
      || cp "$tmp" "$out"
  else
    cp "$tmp" "$out"
  fi
  count=$((count + 1))
  log "$out ($(stat -c %s "$out") bytes)"
done

total=$(find "$CAPTURES" -name screenshot.png -printf '%s\n' | awk '{s+=$1} END {print s+0}')
log "rendered $count screenshots; all demo PNGs total $((total / 1024)) KiB"
