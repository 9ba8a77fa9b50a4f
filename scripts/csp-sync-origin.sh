#!/usr/bin/env bash
# Trunk post-build hook. When EXHIBIT_SYNC_ORIGIN is set (e.g. https://couch.example.org), the built
# page's content security policy lets it connect to that origin for live sync — that origin and
# nothing else beside its own. Unset (the default): the page connects only to its own origin, so
# serve CouchDB behind the same origin (`make serve EXHIBIT_SYNC_SERVER=http://127.0.0.1:5984`
# proxies /couch/ to it; see the README).
set -euo pipefail
origin="${EXHIBIT_SYNC_ORIGIN:-}"
[ -n "$origin" ] || exit 0
origin="${origin%/}"
if ! [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?$ ]]; then
  echo "EXHIBIT_SYNC_ORIGIN must be an origin like https://couch.example.org (no path, no credentials): $origin" >&2
  exit 1
fi
page="${TRUNK_STAGING_DIR:?run by trunk}/index.html"
sed -i "s#connect-src 'self'#connect-src 'self' $origin#" "$page"
grep -q "connect-src 'self' $origin" "$page" || { echo "could not add $origin to the page's CSP" >&2; exit 1; }
echo "CSP: the page may connect to $origin for live sync"
