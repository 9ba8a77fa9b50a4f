"""helpers"""
FONTS = {
    "ar": '"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif',
    "ckb": '"Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans", sans-serif',
    "fa": '"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif',
    "ur": '"Noto Nastaliq Urdu", "Noto Naskh Arabic", "DejaVu Sans", serif',
    "ru": '"Noto Sans", "DejaVu Sans", sans-serif',
    "tr": '"Noto Sans", "DejaVu Sans", sans-serif',
    "fr": '"Noto Serif", "DejaVu Serif", serif',
    "en": '"Noto Sans", "DejaVu Sans", sans-serif',
}
RTL = {"ar", "ckb", "fa", "ur"}


def ph(en, local=None, lang="en"):
    """Neutral placeholder box standing in for alleged content."""
    out = '<div class="placeholder" role="note">'
    if local:
        out += f'<p lang="{lang}">{local}</p>'
    out += f'<p lang="en" dir="ltr">{en}</p></div>'
    return out


def page(lang, title, brand, nav, body, footer, theme):
    d = "rtl" if lang in RTL else "ltr"
    head_bg, accent, page_bg = theme
    lh = "2.3" if lang == "ur" else "1.6"
    navhtml = "".join(f'<a href="#">{n}</a>' for n in nav)
    return f"""<!DOCTYPE html>
<html lang="{lang}" dir="{d}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; background: {page_bg}; color: #222; font-family: {FONTS[lang]}; font-size: 16px; line-height: {lh}; }}
header {{ background: {head_bg}; color: #fff; padding: 10px 24px; }}
header .brand {{ font-size: 22px; font-weight: bold; }}
nav a {{ color: #fff; text-decoration: none; margin-inline-end: 18px; font-size: 14px; }}
main {{ max-width: 720px; margin: 0 auto; padding: 8px 24px 24px; background: #fff; }}
h1 {{ font-size: 24px; color: {accent}; margin: 12px 0 6px; }}
h2 {{ font-size: 18px; color: {accent}; margin: 14px 0 4px; }}
p {{ margin: 6px 0; }}
.meta {{ color: #777; font-size: 13px; }}
table {{ border-collapse: collapse; margin: 8px 0; }}
td, th {{ border: 1px solid #ccc; padding: 3px 12px; text-align: start; }}
th {{ background: #f1f1f1; }}
ul, ol {{ margin: 6px 0; padding-inline-start: 24px; }}
.post {{ border: 1px solid #ddd; border-radius: 4px; padding: 6px 12px; margin: 8px 0; }}
.post .who {{ font-weight: bold; color: {accent}; font-size: 14px; }}
.placeholder {{ background: #e4e4e4; border: 2px dashed #888; color: #333; padding: 6px 12px; margin: 10px 0; }}
.placeholder p[lang="en"] {{ font-family: "Noto Sans", "DejaVu Sans", sans-serif; font-size: 14px; line-height: 1.5; }}
footer {{ max-width: 720px; margin: 0 auto; padding: 8px 24px; color: #888; font-size: 12px; }}
</style>
</head>
<body>
<header>
<div class="brand">{brand}</div>
<nav>{navhtml}</nav>
</header>
<main>
{body.strip()}
</main>
<footer>{footer}</footer>
</body>
</html>
"""


def cap(dirname, url, captured_at, lang, title, brand, nav, body, footer, theme):
    return dict(dir=dirname, url=url, captured_at=captured_at, lang=lang,
                html=page(lang, title, brand, nav, body, footer, theme))


