#!/usr/bin/env python3
"""Writes tests/hostile/: captured pages that try every way a page could run script or make the
reviewer's browser fetch something. Each page points at CANARY_ORIGIN, which the end-to-end test
replaces with a loopback canary server's origin; any request it receives is a failure. Any script
that runs sets `canary` on the top window. Content is benign placeholder text."""
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "hostile")
C = "CANARY_ORIGIN"
JS = "try{top.__exhibitCanary=(top.__exhibitCanary||0)+1}catch(e){};try{parent.__exhibitCanary=1}catch(e){}"

payloads = {
    "script-inline": f"<script>{JS}</script>",
    "script-src": f"<script src='{C}/s.js'></script>",
    "script-module": f"<script type=module>import '{C}/m.js';{JS}</script>",
    "onload-body": f"<body onload=\"{JS}\"><p>body onload</p></body>",
    "img-onerror": f"<img src=x onerror=\"{JS}\">",
    "img-remote": f"<img src='{C}/pixel.gif'>",
    "svg-onload": f"<svg onload=\"{JS}\"><circle r=5 /></svg>",
    "svg-script": f"<svg><script>{JS}</script></svg>",
    "svg-image-href": f"<svg><image href='{C}/svg.png' /></svg>",
    "javascript-href": f"<a href=\"javascript:{JS}\">click</a>",
    "javascript-iframe": f"<iframe src=\"javascript:{JS}\"></iframe>",
    "meta-refresh": f"<meta http-equiv=refresh content='0;url={C}/refresh'>",
    "base-href": f"<base href='{C}/'><img src='relative.png'>",
    "dns-prefetch": f"<link rel=dns-prefetch href='{C}'>",
    "preconnect": f"<link rel=preconnect href='{C}'>",
    "preload": f"<link rel=preload href='{C}/preload.js' as=script>",
    "prefetch": f"<link rel=prefetch href='{C}/prefetch'>",
    "stylesheet": f"<link rel=stylesheet href='{C}/style.css'>",
    "css-import": f"<style>@import url('{C}/import.css');</style>",
    "css-url-background": f"<div style=\"background:url('{C}/bg.png')\">styled</div>",
    "css-style-url": f"<style>body{{background-image:url({C}/body.png)}}</style>",
    "css-font-face": f"<style>@font-face{{font-family:x;src:url({C}/font.woff)}}body{{font-family:x}}</style>",
    "srcset": f"<img srcset='{C}/a.png 1x, {C}/b.png 2x'>",
    "picture-source": f"<picture><source srcset='{C}/p.webp'><img src='{C}/p.png'></picture>",
    "video-poster": f"<video poster='{C}/poster.jpg' src='{C}/v.mp4'></video>",
    "audio-src": f"<audio src='{C}/a.mp3' autoplay></audio>",
    "iframe-remote": f"<iframe src='{C}/frame'></iframe>",
    "iframe-srcdoc": f"<iframe srcdoc=\"<script>{JS}</script>\"></iframe>",
    "object-data": f"<object data='{C}/obj'></object>",
    "embed-src": f"<embed src='{C}/embed'>",
    "form-action": f"<form action='{C}/form' method=post><input name=q value=x><button>go</button></form>",
    "form-autosubmit": f"<form id=f action='{C}/auto'></form><script>document.getElementById('f').submit()</script>",
    "input-image": f"<input type=image src='{C}/input.png'>",
    "mxss-noscript": f"<noscript><p title=\"</noscript><img src=x onerror={JS}>\"></noscript>",
    "mxss-svg-style": f"<svg></p><style><a id=\"</style><img src=1 onerror={JS}>\">",
    "mxss-math": f"<math><mtext><table><mglyph><style><img src=x onerror={JS}></style></mglyph></table></mtext></math>",
    "template": f"<template><img src=x onerror=\"{JS}\"></template>",
    "data-uri-script": f"<iframe src=\"data:text/html,<script>{JS}</script>\"></iframe>",
    "link-icon": f"<link rel=icon href='{C}/favicon.ico'>",
    "manifest": f"<link rel=manifest href='{C}/manifest.json'>",
    "ping": f"<a href='{C}/target' ping='{C}/ping'>ping</a>",
    "meta-csp-weaken": f"<meta http-equiv=Content-Security-Policy content=\"default-src *\"><img src='{C}/after-csp.png'>",
    "xml-stylesheet": f"<?xml-stylesheet href='{C}/x.xsl'?><p>xml pi</p>",
    "object-svg": f"<object type=image/svg+xml data='{C}/img.svg'></object>",
    "background-attr": f"<table background='{C}/table.png'><tr><td>cell</td></tr></table>",
    "details-ontoggle": f"<details open ontoggle=\"{JS}\"><summary>s</summary>x</details>",
    "autofocus-onfocus": f"<input autofocus onfocus=\"{JS}\">",
    "marquee-onstart": f"<marquee onstart=\"{JS}\">m</marquee>",
    "event-attr-case": f"<p OnMouseOver=\"{JS}\" oNcLiCk=\"{JS}\">mixed case handlers</p>",
    "entity-javascript": f"<a href=\"&#106;avascript:{JS}\">entity</a>",
    "deep-nesting": "<div>" * 3000 + "deep text" + "</div>" * 3000,
    "huge-text": "<p>" + ("Placeholder sentence for a very long page. " * 12000) + "</p>",
    "bidi-zero-width": "<p>Mixed \u202eevil\u202c text with zero\u200bwidth and ZWNJ می\u200cخواهم</p>",
}

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Hostile sample: {name}</title>
<link rel="canonical" href="https://hostile-{name}.example/"></head><body>
<h1>Hostile sample {name}</h1><p>Neutral placeholder text for the {name} case.</p>
{payload}
</body></html>
"""

os.makedirs(OUT, exist_ok=True)
for name, payload in payloads.items():
    with open(os.path.join(OUT, f"{name}.html"), "w", encoding="utf-8") as out:
        out.write(PAGE.format(name=name, payload=payload))
# Invalid UTF-8 bytes in an otherwise ordinary page.
with open(os.path.join(OUT, "invalid-utf8.html"), "wb") as out:
    out.write(PAGE.format(name="invalid-utf8", payload="<p>bad bytes: \x00</p>").encode("utf-8").replace(b"\x00", b"\xff\xfe\xc3\x28"))
print(f"{len(payloads) + 1} hostile pages in {os.path.normpath(OUT)}")
