//! The optional page view: captured HTML reduced by ammonia to inert markup (no scripts, event
//! handlers, forms, frames, objects, base, meta refresh, link preloads, styles or any URL), wrapped
//! in a document whose first element is a CSP that forbids every fetch. The app shows it only in an
//! `<iframe sandbox srcdoc>` without `allow-scripts` or `allow-same-origin`.
//!
//! Nothing here ever keeps a URL that could make the reviewer's browser reach the captured site.

use std::collections::HashSet;

use ammonia::{Builder, UrlRelative};
use html5gum::{DefaultEmitter, Token, Tokenizer};

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

/// Deepest element nesting the page view renders. ammonia's HTML tree builder takes time
/// quadratic in the depth of open elements (100,000 nested `<div>`s took minutes), so a page nested
/// deeper gets a notice instead; its extracted text is still shown (docs/FORMATS.md §5).
pub const MAX_PAGE_VIEW_NESTING: usize = 1_024;

/// What the page view shows instead of a page nested deeper than `MAX_PAGE_VIEW_NESTING`.
pub const TOO_DEEP_NOTICE: &str =
    "<p>This page nests its elements more than 1024 levels deep, so its page view is not \
shown. Its extracted text is.</p>";

/// Elements that never hold others, or that the tree builder closes when the next one opens, so
/// never deepen the tree by repeating.
fn adds_no_depth(name: &[u8]) -> bool {
    matches!(
        name.to_ascii_lowercase().as_slice(),
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dd"
            | b"dt"
            | b"option"
            | b"optgroup"
            | b"tr"
            | b"td"
            | b"th"
            | b"rt"
            | b"rp"
    )
}

/// Whether the markup opens elements deeper than `limit`: one tokenizer pass, counting start tags
/// against end tags (an estimate on the side of rendering: unclosed paragraphs and list items, and
/// self-closing tags, do not count).
fn nests_deeper_than(html: &str, limit: usize) -> bool {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut depth = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) if !tag.self_closing && !adds_no_depth(&tag.name) => {
                depth += 1;
                if depth > limit {
                    return true;
                }
            }
            Token::EndTag(tag) if !adds_no_depth(&tag.name) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// Sanitizes captured HTML: structure and text only, no URLs at all. A page nested deeper than
/// `MAX_PAGE_VIEW_NESTING` gives `TOO_DEEP_NOTICE` instead.
pub fn sanitize_html(html: &str) -> String {
    if nests_deeper_than(html, MAX_PAGE_VIEW_NESTING) {
        return TOO_DEEP_NOTICE.to_string();
    }
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
<style>html,body{{height:100%;margin:0}}body{{font:15px/1.5 system-ui,sans-serif;color:#222;background:#fff}}\
main{{height:100%;overflow:auto;box-sizing:border-box;padding:1em}}main:focus{{outline:3px solid #1a4fd6;outline-offset:-3px}}\
a{{color:#235;text-decoration:underline dotted}}</style>\
</head><body dir=\"auto\"><main tabindex=\"0\" aria-label=\"Captured page, sanitized\">{body}</main></body></html>"
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

    #[test]
    fn pages_nested_too_deep_get_a_notice_and_the_rest_are_shown() {
        let deep = |levels: usize| format!("{}deep text{}", "<div>".repeat(levels), "</div>".repeat(levels));
        assert!(sanitize_html(&deep(MAX_PAGE_VIEW_NESTING)).contains("deep text"));
        assert_eq!(sanitize_html(&deep(MAX_PAGE_VIEW_NESTING + 1)), TOO_DEEP_NOTICE);
        // Unclosed paragraphs, list items and line breaks repeat without deepening the page.
        let flat = "<p>para".repeat(5_000) + &"<ul><li>item".repeat(10) + &"<br>".repeat(5_000);
        assert!(sanitize_html(&flat).contains("para"));
        // Siblings are not depth.
        assert!(sanitize_html(&"<div>sibling</div>".repeat(5_000)).contains("sibling"));
    }
}
