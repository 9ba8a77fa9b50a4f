#!/usr/bin/env python3
"""Helper of scripts/make-crawl-fixtures.sh: the fictional five-page site, the loopback server that
crawls of it are made against, and the warcio-written WARC of screenshot records.

  crawl_fixtures.py site DIR                  writes the site's files into DIR
  crawl_fixtures.py serve DIR PORT_FILE       serves DIR on 127.0.0.1 (a free port, written to
                                              PORT_FILE): /old-events.html answers 301 to
                                              /events.html, /robots.txt is absent (404), and
                                              /news.html is served changed from its second visit on
  crawl_fixtures.py screenshots OUT BASE      writes OUT (a gzip WARC, by warcio) with a
                                              `urn:screenshot:` record of BASE/ and of BASE/news.html
                                              and a `urn:thumbnail:` record of BASE/about.html

Everything is fictional, neutral placeholder text, served on 127.0.0.1 only. No image library: the
PNGs are built with zlib and struct.
"""
import http.server
import io
import pathlib
import struct
import sys
import threading
import zlib

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="style.css"></head><body>
<h1>{title}</h1>
{body}
<p><a href="index.html">Home</a> · <a href="about.html">About</a> · <a href="news.html">News</a> ·
<a href="contact.html">Contact</a> · <a href="old-events.html">Events</a></p>
</body></html>
"""

PAGES = {
    "index.html": ("Harbor Notes", '<p><img src="logo.png" alt="logo"> A fictional harbour newsletter.</p>\n'
                   "<p>Tide tables and ferry times for the quiet bay.</p>"),
    "about.html": ("About Harbor Notes", "<p>Harbor Notes is written by volunteers of the fictional bay club.</p>"),
    "news.html": ("Harbor news", "<p>The summer regatta starts at noon on the north pier.</p>\n"
                  "<p>NEWS-FIRST-VISIT: the old lighthouse opens for visitors on Sunday.</p>"),
    "contact.html": ("Contact", "<p>Write to the placeholder address at harbor.example.</p>"),
    "events.html": ("Events", "<p>Knot-tying class every Tuesday evening.</p>"),
}
# What /news.html shows from its second visit on: the lighthouse line is gone, a new line is there.
NEWS_CHANGED = ("Harbor news", "<p>The summer regatta starts at noon on the north pier.</p>\n"
                "<p>NEWS-SECOND-VISIT: the ferry timetable is unchanged this week.</p>")


def png(width, height, rgb):
    """A PNG of one colour (8-bit RGB), built with zlib and struct; scripts/make-capture-fixtures.sh uses it too."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def page(title_body):
    title, body = title_body
    return PAGE.format(title=title, body=body).encode()


def write_site(directory):
    site = pathlib.Path(directory)
    site.mkdir(parents=True, exist_ok=True)
    for name, title_body in PAGES.items():
        (site / name).write_bytes(page(title_body))
    (site / "logo.png").write_bytes(png(3, 2, (30, 110, 150)))
    (site / "style.css").write_text("body { font-family: serif; }\n")


def serve(directory, port_file):
    visits = {"news": 0}
    lock = threading.Lock()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            if path == "/old-events.html":
                self.send_response(301)
                self.send_header("Location", "/events.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if path == "/news.html":
                with lock:
                    visits["news"] += 1
                    first = visits["news"] == 1
                body = page(PAGES["news.html"] if first else NEWS_CHANGED)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    pathlib.Path(port_file).write_text(str(server.server_address[1]))
    server.serve_forever()


def screenshots(out, base):
    from warcio.warcwriter import WARCWriter

    records = [
        ("urn:screenshot:" + base + "/", png(320, 200, (200, 60, 40)), "image/png"),
        ("urn:screenshot:" + base + "/news.html", png(320, 200, (40, 160, 60)), "image/png"),
        ("urn:thumbnail:" + base + "/about.html", png(64, 40, (90, 90, 200)), "image/png"),
    ]
    with open(out, "wb") as output:
        writer = WARCWriter(output, gzip=True)
        for target, data, media_type in records:
            record = writer.create_warc_record(
                target, "resource", payload=io.BytesIO(data), length=len(data), warc_content_type=media_type)
            writer.write_record(record)


def main(argv):
    if len(argv) == 3 and argv[1] == "site":
        write_site(argv[2])
    elif len(argv) == 4 and argv[1] == "serve":
        serve(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "screenshots":
        screenshots(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
