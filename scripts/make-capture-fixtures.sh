#!/usr/bin/env bash
# Regenerates tests/fixtures/captures/ with real tools:
#   site/     small fictional pages (written here, in their own encodings), plus a tiny screenshot
#   warc/     a WARC written by GNU wget (--warc-file) while fetching site/ from a loopback server
#   wacz/     a WACZ made from that WARC with py-wacz (`wacz create`)
#   loose/    pages "saved from" a browser (saved-from comment, SingleFile comment) + screenshot
#   bundle/   an Exhibit bundle (case.json + captures/<dir>/manifest.json)
# Needs: python3, wget (apt-get install -y wget), wacz (pip install wacz). Everything is fictional
# and served on 127.0.0.1 only. Only the outputs are committed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/fixtures/captures"
command -v wget >/dev/null || { echo "wget missing: apt-get install -y wget" >&2; exit 1; }
command -v wacz >/dev/null || { echo "wacz missing: pip install wacz" >&2; exit 1; }

rm -rf "$out/site" "$out/warc" "$out/wacz" "$out/loose" "$out/bundle"
mkdir -p "$out/site" "$out/warc" "$out/wacz" "$out/loose" "$out/bundle/demo/captures/market" "$out/bundle/demo/captures/weather"

python3 - "$out" "$root/scripts" <<'PY'
import sys, pathlib
out = pathlib.Path(sys.argv[1])
site = out / "site"
sys.path.insert(0, sys.argv[2])
from crawl_fixtures import png  # the one PNG writer of the fixture scripts

pages = {
    "index.html": ("utf-8", """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Valley Gazette</title>
<meta name="description" content="A fictional local newspaper.">
<link rel="canonical" href="https://gazette.example/">
</head><body>
<h1>Valley Gazette</h1>
<p>The weekly market opens on Saturday at nine.
   Farmers bring   apples, bread and cheese.</p>
<ul><li>Weather: mild and dry</li><li>Roads: open</li></ul>
<p><a href="ar.html">Arabic page</a> · <a href="ru.html">Russian page</a> · <a href="utf16.html">UTF-16 page</a> · <a href="hidden.html">Hidden content</a></p>
<table><tr><th>Day</th><td>Saturday</td></tr></table>
<blockquote>Good bread takes time.</blockquote>
<pre>
  opening   hours
  09:00 - 13:00</pre>
</body></html>
"""),
    "ar.html": ("windows-1256", """<!doctype html>
<html lang="ar" dir="rtl"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">
<title>مطبخ الوادي</title></head><body>
<h1>وصفة خبز بسيط</h1>
<p>نخلط الدقيق مع الماء والملح ونترك العجين ساعة واحدة قبل الخبز.</p>
<p>يقدم الخبز مع الجبن والزيتون في الصباح.</p>
</body></html>
"""),
    "ru.html": ("koi8-r", """<!doctype html>
<html lang="ru"><head><meta charset="koi8-r"><title>Погода в долине</title></head><body>
<h2>Прогноз на субботу</h2>
<p>Завтра будет тепло и сухо, ветер слабый, на рынке ждут много покупателей.</p>
</body></html>
"""),
    "utf16.html": ("utf-16", """<!doctype html>
<html><head><title>UTF-16 page</title></head><body>
<p>Plain text stored as UTF-16 with a byte order mark: café, naïve, ZWNJ:\u200c:end.</p>
</body></html>
"""),
    "hidden.html": ("utf-8", """<!doctype html>
<html><head><title>Hidden content test</title>
<style>p { color: red } .SECRET-STYLE {}</style>
<script>var secret = "SECRET-SCRIPT";</script></head><body>
<p>Visible paragraph one.</p>
<div hidden><p>SECRET-HIDDEN-ATTRIBUTE</p></div>
<template><p>SECRET-TEMPLATE</p></template>
<noscript><p>SECRET-NOSCRIPT</p></noscript>
<svg><text>SECRET-SVG</text></svg>
<script>document.write("SECRET-SCRIPT-BODY")</script>
<p>Visible paragraph two.</p>
</body></html>
"""),
}
for name, (encoding, text) in pages.items():
    (site / name).write_bytes(text.encode(encoding))  # Python's utf-16 writes a BOM
(site / "index.png").write_bytes(png(4, 3, (40, 90, 160)))

loose = out / "loose"
(loose / "market-day.html").write_bytes(
    "<!-- saved from url=(0032)https://market.example/saturday -->\n".encode()
    + (site / "index.html").read_bytes().replace(b'<link rel="canonical" href="https://gazette.example/">\n', b""))
(loose / "market-day.png").write_bytes(png(2, 2, (200, 180, 40)))
(loose / "singlefile-page.html").write_text("""<!DOCTYPE html> <html><!--
 Page saved with SingleFile
 url: https://weather.example/today
 saved date: Sun Mar 01 2026 10:00:00 GMT+0000
--><head><meta charset="utf-8"><title>Weather today</title></head><body><p>Sunny with light wind.</p></body></html>
""")
(loose / "cooking.example_recipes.html").write_bytes((site / "ar.html").read_bytes())

bundle = out / "bundle" / "demo"
(bundle / "case.json").write_text("""{"schema_version":1,"name":"Fixture case","allegations":["allegations.txt"],"captures":["captures/market","captures/weather"]}\n""")
(bundle / "allegations.txt").write_text("hxxp://market[.]example/saturday\nhttps://weather.example/today\n")
(bundle / "captures/market/manifest.json").write_text("""{"schema_version":1,"url":"https://market.example/saturday","captured_at":"2026-03-01T10:00:00Z","tool":"fixture script","html":"page.html","screenshot":"screenshot.png","note":"fictional"}\n""")
(bundle / "captures/market/page.html").write_bytes((site / "index.html").read_bytes())
(bundle / "captures/market/screenshot.png").write_bytes(png(3, 3, (10, 120, 10)))
(bundle / "captures/weather/manifest.json").write_text("""{"schema_version":1,"url":"https://weather.example/today","captured_at":"2026-03-02T08:30:00Z","tool":"fixture script","text":"text.txt"}\n""")
(bundle / "captures/weather/text.txt").write_text("Sunny with light wind.\n\nTemperatures near twenty degrees.\n")
PY

# Serve the site on loopback and capture it with wget's WARC writer.
port=8765
python3 -m http.server --bind 127.0.0.1 --directory "$out/site" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break; sleep 0.1; done
work="$(mktemp -d)"
(cd "$work" && wget --quiet --no-verbose --recursive --level=1 --no-parent --no-host-directories \
    --warc-file=site --warc-header="operator: Exhibit fixture script" --no-warc-keep-log \
    "http://127.0.0.1:$port/index.html" "http://127.0.0.1:$port/index.png" || true)
cp "$work/site.warc.gz" "$out/warc/site.warc.gz"

# A WACZ from that WARC (py-wacz), with a pages list.
(cd "$work" && wacz create -o site.wacz --detect-pages site.warc.gz >/dev/null)
cp "$work/site.wacz" "$out/wacz/site.wacz"
rm -rf "$work"
ls -lR "$out"
