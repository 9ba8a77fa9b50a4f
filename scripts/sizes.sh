#!/usr/bin/env bash
# Prints the built app's transferred sizes, raw and gzip, against the 300 KB gzip first-load budget.
set -euo pipefail
cd "$(dirname "$0")/.."
total=0
for file in dist/*.wasm dist/*.js dist/*.css; do
  [ -f "$file" ] || continue
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  total=$((total + gz))
  printf '%-32s %9d bytes raw %9d bytes gzip\n' "$(basename "$file")" "$raw" "$gz"
done
printf 'first load (wasm + js + css), gzip: %d bytes (budget 307200)\n' "$total"
