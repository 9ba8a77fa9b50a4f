#!/usr/bin/env bash
# Prints the built app's transferred sizes, raw and gzip: the app itself (first paint) and the
# engine worker (fetched right after, to build the case), against the 300 KB gzip budget, and the
# policy's tables (fetched once the shell is up: domain::tables).
set -euo pipefail
cd "$(dirname "$0")/.."
app=0
worker=0
tables=0
for file in dist/*.wasm dist/*.js dist/*.css dist/*.tsv dist/*.txt; do
  [ -f "$file" ] || continue
  raw=$(stat -c %s "$file")
  gz=$(gzip -9 -c "$file" | wc -c)
  case "$(basename "$file")" in
    exhibit-worker*) worker=$((worker + gz)) ;;
    *.tsv | *.txt) tables=$((tables + gz)) ;;
    *) app=$((app + gz)) ;;
  esac
  printf '%-32s %9d bytes raw %9d bytes gzip\n' "$(basename "$file")" "$raw" "$gz"
done
printf 'app first load (wasm + js + css), gzip: %d bytes (budget 307200)\n' "$app"
printf "engine worker (started after first paint, builds the case), gzip: %d bytes\n" "$worker"
printf "the policy's tables (fetched once the shell is up), gzip: %d bytes\n" "$tables"
