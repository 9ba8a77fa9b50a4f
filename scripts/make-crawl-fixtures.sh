#!/usr/bin/env bash
# Makes the whole-site crawl fixtures of tests/crawl.rs and tests/e2e/crawl.rs with real tools, into
# the git-ignored target/crawl-fixtures/ (or $1):
#   visit1.warc.gz      GNU wget --mirror --warc-file of a fictional five-page site served on a free
#                       loopback port by scripts/crawl_fixtures.py (a 301 redirect, robots.txt absent
#                       so a 404, an image and a stylesheet)
#   visit2.warc.gz      wget of /news.html again, two seconds later: the server has changed it
#   screenshots.warc.gz warcio-written `urn:screenshot:` / `urn:thumbnail:` resource records
#   crawl.wacz          py-wacz (`wacz create --detect-pages`) of the three WARCs
#   fixture.json        {"base": "http://127.0.0.1:PORT"}: the URL the crawls name
# Needs wget and the venv .tools/py/ with warcio and wacz (scripts/setup.sh installs both). Skips the
# work when the folder was made by this very script and helper (a stamp of their hashes); pass
# --force to remake it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
force=0
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
out="${1:-$root/target/crawl-fixtures}"
py="$root/.tools/py/bin/python"
helper="$root/scripts/crawl_fixtures.py"
command -v wget >/dev/null || { echo "wget missing: run scripts/setup.sh (apt-get install wget)" >&2; exit 1; }
[ -x "$root/.tools/py/bin/wacz" ] || { echo "py-wacz missing: run scripts/setup.sh (.tools/py venv)" >&2; exit 1; }

stamp="$(cat "$0" "$helper" | sha256sum | cut -d' ' -f1)"
if [ "$force" = 0 ] && [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ]; then
  exit 0
fi

work="$(mktemp -d)"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"; }
trap cleanup EXIT

"$py" "$helper" site "$work/site"
"$py" "$helper" serve "$work/site" "$work/port" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "the fixture server did not start" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")"

# wget exits 8 when a page answered an error (robots.txt's 404): expected here.
(cd "$work" && mkdir visit1 && cd visit1 && wget --quiet --mirror --no-host-directories --no-parent \
    --warc-file=../visit1 --no-warc-keep-log "$base/" || [ $? -eq 8 ])
sleep 2
(cd "$work" && mkdir visit2 && cd visit2 && wget --quiet --warc-file=../visit2 --no-warc-keep-log "$base/news.html")
sleep 1
"$py" "$helper" screenshots "$work/screenshots.warc.gz" "$base"
(cd "$work" && "$root/.tools/py/bin/wacz" create -o crawl.wacz --detect-pages \
    visit1.warc.gz visit2.warc.gz screenshots.warc.gz >/dev/null)

rm -rf "$out"
mkdir -p "$out"
cp "$work/visit1.warc.gz" "$work/visit2.warc.gz" "$work/screenshots.warc.gz" "$work/crawl.wacz" "$out/"
printf '{"base": "%s"}\n' "$base" >"$out/fixture.json"
echo "$stamp" >"$out/stamp"
echo "crawl fixtures in $out:"
ls -l "$out"
