//! The optional page view: captured HTML reduced by ammonia to inert markup (no scripts, event
//! handlers, forms, frames, objects, base, meta refresh, link preloads, styles or any URL), wrapped
//! in a document whose first element is a CSP that forbids every fetch. The app shows it only in an
//! `<iframe sandbox srcdoc>` without `allow-scripts` or `allow-same-origin`.
//!
//! Nothing here ever keeps a URL that could make the reviewer's browser reach the captured site.

use std::collections::HashSet;

use ammonia::{Builder, UrlRelative};

use crate::domain::capture::{ArtifactKind, Capture};

/// The CSP that opens every page-view document.
pub const PAGE_VIEW_CSP: &str = "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'";

/// Tags kept in the page view: text structure only.
const KEPT_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "main",
    "article",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
];

/// Sanitizes captured HTML: structure and text only, no URLs at all.
pub fn sanitize_html(html: &str) -> String {
    let tags: HashSet<&str> = KEPT_TAGS.iter().copied().collect();
    let generic: HashSet<&str> = ["dir", "lang", "title"].into_iter().collect();
    Builder::default()
        .tags(tags)
        .generic_attributes(generic)
        .tag_attributes(Default::default())
        .url_schemes(HashSet::new())
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .clean(html)
        .to_string()
}

/// Decodes an HTML artifact's bytes as the text extractor does.
fn decoded_html(capture: &Capture) -> Option<String> {
    let artifact = capture.artifact(ArtifactKind::Html)?;
    let bytes = artifact.content.as_ref()?;
    Some(crate::domain::capture::decode_html_bytes(bytes, Some(&artifact.media_type)))
}

/// The whole `srcdoc` document for a capture's page view.
pub fn page_view_document(capture: &Capture) -> String {
    let body = match decoded_html(capture) {
        Some(html) => sanitize_html(&html),
        None => "<p>This capture has no HTML.</p>".to_string(),
    };
    format!(
        "<!doctype html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{PAGE_VIEW_CSP}\">\
<meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">\
<style>body{{font:15px/1.5 system-ui,sans-serif;margin:1em;color:#222}}a{{color:#235;text-decoration:underline dotted}}</style>\
</head><body dir=\"auto\">{body}</body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, forbidden: &[&str], kept: &[&str]) {
        let output = sanitize_html(input).to_lowercase();
        for needle in forbidden {
            assert!(!output.contains(needle), "{needle:?} survived in {output:?}");
        }
        for needle in kept {
            assert!(output.contains(needle), "{needle:?} missing from {output:?}");
        }
    }

    #[test]
    fn removes_everything_active_or_remote() {
        check("<p onclick=\"x()\">hi</p><script>alert(1)</script>", &["onclick", "script", "alert"], &["hi"]);
        check("<a href=\"https://site.example/\">link</a>", &["href", "site.example"], &["link"]);
        check("<img src=\"https://tracker.example/p.gif\">", &["img", "tracker"], &[]);
        check("<meta http-equiv=refresh content=\"0;url=https://x.example\">text", &["meta", "x.example"], &["text"]);
        check("<base href=\"https://x.example/\"><p>t</p>", &["base", "x.example"], &["t"]);
        check("<link rel=preconnect href=\"https://x.example\"><p>t</p>", &["link", "x.example"], &["t"]);
        check("<p style=\"background:url(https://x.example/a.png)\">t</p>", &["style", "x.example"], &["t"]);
        check("<style>@import 'https://x.example/a.css';</style><p>t</p>", &["import", "x.example"], &["t"]);
        check(
            "<iframe src=\"https://x.example\"></iframe><object data=\"x\"></object><embed src=\"y\">",
            &["iframe", "object", "embed"],
            &[],
        );
        check("<form action=\"https://x.example\"><input name=q></form>", &["form", "input", "x.example"], &[]);
        check("<svg><script>alert(1)</script></svg>", &["script", "alert", "svg"], &[]);
        check("<video poster=\"https://x.example/p.jpg\"></video>", &["video", "poster", "x.example"], &[]);
        check("<img srcset=\"https://x.example/a.png 2x\">", &["srcset", "x.example"], &[]);
        check("<p dir=\"rtl\" lang=\"ar\">مرحبا</p>", &[], &["dir=\"rtl\"", "مرحبا"]);
    }
}
