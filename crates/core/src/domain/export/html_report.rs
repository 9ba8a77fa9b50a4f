//! The printable report: one self-contained HTML file for a court, a regulator or the public.
//! A case summary with the dashboard charts (inline SVG), then each allegation with its claim,
//! verdict, rationale, quoted evidence with translations, screenshot crops of cited regions, the
//! hashes the evidence is pinned to, who recorded what and when, and the full audit trail.
//!
//! The file never makes a request: inline CSS only, screenshots as `data:` URIs (each embedded
//! once, as a CSS background that crops show through a window), a strict Content-Security-Policy
//! meta (`default-src 'none'; img-src data:; style-src 'unsafe-inline'`), no script, and no `src`
//! or `href` other than in-page anchors and `data:`. Every text from the review file is hostile
//! until escaped, and it always is; quotes, claims and hosts sit in `<bdi>` / `dir="auto"` so
//! right-to-left text displays correctly. A screenshot is embedded only when its bytes have the
//! SHA-256 the citation is pinned to and they sniff as a PNG, JPEG, WebP or GIF image.

use std::collections::BTreeMap;

use base64::Engine as _;

use crate::domain::capture::sniff;
use crate::domain::citation::{format_fragment, Citation, PixelRect, Selector};
use crate::domain::export::dashboard::{dashboard, dashboard_svg, verdict_colour, verdict_label, LANGUAGE_NOTE};
use crate::domain::export::{escape_html, quoted_text, CaptureEntry, Folded, ReviewFile, REVIEW_FILE_SCHEMA_VERSION};
use crate::domain::hash::sha256_hex;
use crate::domain::ids::{CaptureId, CitationId};
use crate::domain::review_log::{Event, EventKind};

/// Gives the screenshot of a capture, by capture id: `(media type, bytes)`. The report checks the
/// bytes against the cited hash and sniffs the media type itself.
pub type ScreenshotLookup<'a> = &'a dyn Fn(&CaptureId) -> Option<(String, Vec<u8>)>;

/// Widest a crop is drawn, in CSS pixels; larger regions are scaled down.
const MAX_CROP_WIDTH: u32 = 640;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const CSS: &str = "
:root { color-scheme: light; }
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; margin: 2em auto; max-width: 52em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #999; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
h4 { font-size: 0.95em; margin: 0 0 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0; font-size: 0.92em; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: start; vertical-align: top; }
th { background: #eee; }
code, .hash { font-family: ui-monospace, monospace; font-size: 0.88em; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15em 1em; margin: 0.5em 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
.finding { font-size: 1.15em; font-weight: 600; }
.note { font-style: italic; color: #444; }
.verdict { border-inline-start: 0.5em solid #999; padding: 0.4em 0.8em; background: #f6f6f6; margin: 0.6em 0; }
.verdict .label { font-weight: 700; }
.rationale, .reason { white-space: pre-wrap; }
.citation { border: 1px solid #ccc; padding: 0.5em 0.8em; margin: 0.6em 0; }
.quote { margin: 0.3em 0; padding: 0.3em 0.6em; border-inline-start: 3px solid #555; background: #fafafa; white-space: pre-wrap; }
.quote .context { color: #777; }
.quote mark { background: #fff2a8; }
.translation { margin: 0.3em 0; padding: 0.3em 0.6em; border-inline-start: 3px dashed #555; white-space: pre-wrap; }
.crop-frame { overflow: hidden; border: 1px solid #333; margin: 0.4em 0; }
.crop { background-repeat: no-repeat; transform-origin: 0 0; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.missing { color: #8a1c1c; }
.chart svg { max-width: 100%; height: auto; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; }
  section.allegation, section.audit { break-before: page; }
  .citation, .verdict, figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

/// The printable report of a review file. `screenshot` gives a capture's screenshot bytes by
/// capture id (return `None` when they are not at hand: the report says so instead of a crop).
pub fn html_report(file: &ReviewFile, screenshot: ScreenshotLookup<'_>) -> String {
    let folded = Folded::new(file);
    let shots = Screenshots::collect(&folded, screenshot);
    let board = dashboard(file);

    let mut html = String::new();
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str(&format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{CONTENT_SECURITY_POLICY}\">\n"));
    html.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    html.push_str(&format!("<title>Review report: {}</title>\n", escape_html(&file.case_name)));
    html.push_str("<style>");
    html.push_str(CSS);
    html.push_str(&shots.css());
    html.push_str("</style>\n</head>\n<body>\n");

    // Summary.
    html.push_str(&format!(
        "<header>\n<h1>Review report: <bdi>{}</bdi></h1>\n<p>Exported {} (review file schema {}). \
         Every verdict below rests on the cited evidence shown with it; each citation is pinned to \
         the SHA-256 of the bytes it came from and can be re-checked with <code>exhibit verify</code>.</p>\n</header>\n",
        escape_html(&file.case_name),
        escape_html(&file.exported_at),
        REVIEW_FILE_SCHEMA_VERSION,
    ));
    html.push_str("<section class=\"summary\">\n<h2>Summary</h2>\n");
    html.push_str(&format!("<p class=\"finding\">{}</p>\n", escape_html(&board.finding)));
    html.push_str(&format!("<p class=\"note\">{}</p>\n", escape_html(LANGUAGE_NOTE)));
    html.push_str(&format!(
        "<p>{} of {} allegations reviewed ({}%).</p>\n",
        board.reviewed, board.total, board.progress_percent
    ));
    html.push_str("<table class=\"counts\">\n<tr><th>Verdict</th><th>Allegations</th></tr>\n");
    for count in &board.counts {
        html.push_str(&format!(
            "<tr><td><span style=\"color:{}\">&#9632;</span> {}</td><td>{}</td></tr>\n",
            verdict_colour(count.verdict),
            escape_html(count.label()),
            count.count
        ));
    }
    html.push_str("</table>\n");
    html.push_str(&format!("<figure class=\"chart\">\n{}</figure>\n", dashboard_svg(&board)));
    if let Some(team) = &board.team {
        html.push_str(&crate::domain::export::dashboard::team_html(team));
        html.push('\n');
    }
    if !board.flags.is_empty() {
        html.push_str("<h3>Flags on the alleged links</h3>\n<table>\n<tr><th>Flag</th><th>Allegations</th></tr>\n");
        for flag in &board.flags {
            html.push_str(&format!("<tr><td>{}</td><td>{}</td></tr>\n", escape_html(&flag.label), flag.count));
        }
        html.push_str("</table>\n");
    }
    html.push_str("<h3>Allegations by source</h3>\n<table>\n<tr><th>Source</th><th>Allegations</th></tr>\n");
    for source in &board.by_source {
        html.push_str(&format!(
            "<tr><td><bdi>{}</bdi></td><td>{}</td></tr>\n",
            escape_html(&source.label),
            source.count
        ));
    }
    html.push_str("</table>\n");
    html.push_str(
        "<h3>Index</h3>\n<table class=\"index\">\n<tr><th>Allegation</th><th>Host</th><th>Script</th>\
         <th>Language</th><th>Verdict</th><th>Citations</th></tr>\n",
    );
    for (index, (allegation, traits)) in file.allegations.iter().zip(&board.allegations).enumerate() {
        html.push_str(&format!(
            "<tr><td><a href=\"#allegation-{}\">{}</a></td><td><bdi>{}</bdi></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            index + 1,
            escape_html(&allegation.id),
            escape_html(&allegation.host_unicode),
            escape_html(&traits.script),
            escape_html(&traits.language),
            escape_html(verdict_label(traits.verdict)),
            folded.citations_for(&allegation.id).len(),
        ));
    }
    html.push_str("</table>\n</section>\n");

    for (index, allegation) in file.allegations.iter().enumerate() {
        html.push_str(&allegation_section(&folded, &shots, index + 1, allegation));
    }
    html.push_str(&audit_trail(&file.events));
    html.push_str("</body>\n</html>\n");
    html
}

fn allegation_section(
    folded: &Folded<'_>,
    shots: &Screenshots,
    number: usize,
    allegation: &crate::domain::allegations::Allegation,
) -> String {
    let mut html = String::new();
    html.push_str(&format!(
        "<section class=\"allegation\" id=\"allegation-{number}\">\n<h2>{} · <bdi>{}</bdi></h2>\n<dl class=\"facts\">\n",
        escape_html(&allegation.id),
        escape_html(&allegation.host_unicode)
    ));
    let mut fact = |label: &str, value: String| {
        html.push_str(&format!("<dt>{}</dt><dd>{value}</dd>\n", escape_html(label)));
    };
    fact("Alleged URL", format!("<code dir=\"ltr\">{}</code>", escape_html(&allegation.url)));
    if allegation.host != allegation.host_unicode {
        fact("Host (ASCII)", format!("<code dir=\"ltr\">{}</code>", escape_html(&allegation.host)));
    }
    let claim = allegation.claim.as_deref().filter(|claim| !claim.trim().is_empty());
    fact(
        "Claim",
        match claim {
            Some(claim) => format!("<bdi dir=\"auto\">{}</bdi>", escape_html(claim)),
            None => format!(
                "<bdi>{}</bdi> hosts the alleged content (no claim text given)",
                escape_html(&allegation.host_unicode)
            ),
        },
    );
    if let Some(source) = &allegation.source {
        fact("Source", format!("<bdi dir=\"auto\">{}</bdi>", escape_html(source)));
    }
    if let Some(date) = &allegation.date {
        fact("Date alleged", escape_html(date));
    }
    if !allegation.flags.is_empty() {
        let flags: Vec<&str> = allegation.flags.iter().map(|flag| flag.as_str()).collect();
        fact("Flags", escape_html(&flags.join(", ")));
    }
    if !allegation.occurrences.is_empty() {
        let lines: Vec<String> =
            allegation.occurrences.iter().map(|line| format!("{}:{}", escape_html(&line.file), line.line)).collect();
        fact("Alleged at", lines.join(", "));
    }
    html.push_str("</dl>\n");

    // Verdict.
    match folded.current_verdict(&allegation.id) {
        Some(entry) => {
            let record = &entry.record;
            html.push_str(&format!(
                "<div class=\"verdict verdict-{}\" style=\"border-inline-start-color:{}\">\n\
                 <p><span class=\"label\">{}</span>, recorded by <bdi>{}</bdi> at {} (event <code>{}</code>).</p>\n\
                 <p class=\"rationale\" dir=\"auto\">{}</p>\n",
                record.verdict.as_str(),
                verdict_colour(Some(record.verdict)),
                escape_html(record.verdict.label()),
                escape_html(&entry.reviewer),
                escape_html(entry.time.as_str()),
                escape_html(&entry.event_id),
                escape_html(&record.rationale),
            ));
            if let Some(status) = folded.status(&allegation.id).filter(|status| !status.is_valid()) {
                html.push_str(
                    "<p class=\"invalid\"><strong>INVALID: this verdict does not stand under the evidence policy.</strong></p>\n<ul class=\"violations\">\n",
                );
                for violation in &status.violations {
                    html.push_str(&format!(
                        "<li><code>{}</code> {}</li>\n",
                        escape_html(violation.rule.id()),
                        escape_html(&violation.message)
                    ));
                }
                html.push_str("</ul>\n");
            }
            if let Some(reason) = record.reason.as_deref().filter(|reason| !reason.is_empty()) {
                html.push_str(&format!("<p class=\"reason\">Reason: <bdi>{}</bdi></p>\n", escape_html(reason)));
            }
            let cited: Vec<String> =
                record.citation_ids.iter().map(|id| format!("<code>{}</code>", escape_html(id))).collect();
            html.push_str(&format!(
                "<p>Rests on: {}.</p>\n",
                if cited.is_empty() { "no citation".to_string() } else { cited.join(", ") }
            ));
            let removed: Vec<&CitationId> =
                record.citation_ids.iter().filter(|id| !folded.state.citations.contains_key(*id)).collect();
            if !removed.is_empty() {
                let removed: Vec<String> =
                    removed.iter().map(|id| format!("<code>{}</code>", escape_html(id))).collect();
                html.push_str(&format!(
                    "<p class=\"missing\">Citations named by this verdict were removed since: {}.</p>\n",
                    removed.join(", ")
                ));
            }
            html.push_str("</div>\n");
        }
        None => html.push_str(
            "<div class=\"verdict\"><p><span class=\"label\">Unreviewed</span>: no verdict recorded.</p></div>\n",
        ),
    }

    // Evidence.
    let citations = folded.citations_for(&allegation.id);
    html.push_str("<h3>Evidence</h3>\n");
    if citations.is_empty() {
        html.push_str("<p>No citation.</p>\n");
    }
    let cited_by_verdict =
        folded.current_verdict(&allegation.id).map(|entry| entry.record.citation_ids.clone()).unwrap_or_default();
    for citation in citations {
        html.push_str(&citation_block(folded, shots, citation, cited_by_verdict.contains(&citation.id)));
    }

    // Captures.
    let captures = folded.captures_for(&allegation.id);
    html.push_str("<h3>Captures</h3>\n");
    if captures.is_empty() {
        html.push_str("<p>No capture matched this allegation.</p>\n");
    }
    for capture in captures {
        html.push_str(&capture_table(capture));
    }

    // Verdict history.
    if let Some(history) = folded.state.verdicts.get(&allegation.id).filter(|history| history.len() > 1) {
        html.push_str("<h3>Verdict history</h3>\n<table>\n<tr><th>Time</th><th>Reviewer</th><th>Verdict</th><th>Rationale</th></tr>\n");
        for entry in history {
            html.push_str(&format!(
                "<tr><td>{}</td><td><bdi>{}</bdi></td><td>{}</td><td dir=\"auto\">{}</td></tr>\n",
                escape_html(entry.time.as_str()),
                escape_html(&entry.reviewer),
                escape_html(entry.record.verdict.label()),
                escape_html(&entry.record.rationale),
            ));
        }
        html.push_str("</table>\n");
    }
    html.push_str("</section>\n");
    html
}

fn citation_block(folded: &Folded<'_>, shots: &Screenshots, citation: &Citation, cited: bool) -> String {
    let mut html = String::new();
    let provenance = folded.citation_provenance(&citation.id);
    let capture = folded.capture_of(citation);
    let lang = citation
        .quote_language
        .as_deref()
        .filter(|code| !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(|code| format!(" lang=\"{}\"", escape_html(&crate::domain::export::bcp47(code))))
        .unwrap_or_default();
    html.push_str(&format!(
        "<article class=\"citation\">\n<h4>Citation <code>{}</code>{}</h4>\n",
        escape_html(&citation.id),
        if cited { " (the verdict rests on it)" } else { " (not named by the current verdict)" }
    ));
    match &citation.selector {
        Selector::Text { quote, position } => {
            html.push_str(&format!(
                "<p class=\"quote\" dir=\"auto\"{lang}><span class=\"context\">…<bdi>{}</bdi></span><mark><bdi>{}</bdi></mark><span class=\"context\"><bdi>{}</bdi>…</span></p>\n",
                escape_html(&flatten(&quote.prefix)),
                escape_html(&quote.exact),
                escape_html(&flatten(&quote.suffix)),
            ));
            html.push_str(&format!(
                "<p>Text at characters {}–{} of the extracted text.</p>\n",
                position.start, position.end
            ));
        }
        Selector::Region { rect, transcription } => {
            html.push_str(&shots.crop(&citation.artifact_sha256, rect));
            if !transcription.is_empty() {
                html.push_str(&format!(
                    "<p class=\"quote\" dir=\"auto\"{lang}><bdi>{}</bdi></p>\n<p>Transcription of the region {}.</p>\n",
                    escape_html(transcription),
                    escape_html(&format_fragment(rect)),
                ));
            } else {
                html.push_str(&format!("<p>Region {}.</p>\n", escape_html(&format_fragment(rect))));
            }
        }
    }
    if let Some(translation) = citation.translation.as_deref().filter(|text| !text.is_empty()) {
        html.push_str(&format!(
            "<p class=\"translation\" dir=\"auto\">Reviewer's translation: <bdi>{}</bdi></p>\n",
            escape_html(translation)
        ));
    }
    html.push_str("<dl class=\"facts\">\n");
    if !citation.note.is_empty() {
        html.push_str(&format!("<dt>What it shows</dt><dd dir=\"auto\">{}</dd>\n", escape_html(&citation.note)));
    }
    if let Some(capture) = capture {
        html.push_str(&format!(
            "<dt>Capture</dt><dd><code>{}</code> of <code dir=\"ltr\">{}</code>{}</dd>\n",
            escape_html(&capture.id),
            escape_html(&capture.url),
            capture.captured_at.as_deref().map(|time| format!(", captured {}", escape_html(time))).unwrap_or_default(),
        ));
    } else {
        html.push_str(&format!(
            "<dt>Capture</dt><dd class=\"missing\"><code>{}</code> (not in the case manifest)</dd>\n",
            escape_html(&citation.capture_id)
        ));
    }
    let kind = capture
        .and_then(|capture| capture.artifact_by_hash(&citation.artifact_sha256))
        .map(|artifact| format!(" ({}, {})", artifact.kind.as_str(), escape_html(&artifact.media_type)))
        .unwrap_or_default();
    html.push_str(&format!(
        "<dt>SHA-256</dt><dd><span class=\"hash\">{}</span>{kind}</dd>\n",
        escape_html(&citation.artifact_sha256)
    ));
    if let Some(linked) = &citation.linked_citation {
        html.push_str(&format!("<dt>Transcription found as</dt><dd><code>{}</code></dd>\n", escape_html(linked)));
    }
    let mut added = String::new();
    if let Some(creator) = &provenance.creator {
        added.push_str(&format!("by <bdi>{}</bdi> ", escape_html(creator)));
    }
    if let Some(created) = &provenance.created {
        added.push_str(&format!("at {}", escape_html(created)));
    }
    if let Some(modified) = &provenance.modified {
        added.push_str(&format!("; edited at {}", escape_html(modified)));
    }
    if !added.is_empty() {
        html.push_str(&format!("<dt>Cited</dt><dd>{added}</dd>\n"));
    }
    html.push_str("</dl>\n</article>\n");
    html
}

/// Context either side of a quote on one line: whitespace runs (paragraph breaks) become a space.
fn flatten(text: &str) -> String {
    let mut flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.starts_with(char::is_whitespace) {
        flat.insert(0, ' ');
    }
    if text.ends_with(char::is_whitespace) && !flat.ends_with(' ') {
        flat.push(' ');
    }
    flat
}

fn capture_table(capture: &CaptureEntry) -> String {
    let mut html = format!(
        "<table class=\"capture\">\n<tr><th colspan=\"4\">Capture <code>{}</code> of <code dir=\"ltr\">{}</code>, {}; {}</th></tr>\n",
        escape_html(&capture.id),
        escape_html(&capture.url),
        capture.captured_at.as_deref().map_or_else(|| "time unknown".to_string(), escape_html),
        escape_html(&capture.origin),
    );
    if let Some(title) = &capture.title {
        html.push_str(&format!("<tr><td colspan=\"4\">Title: <bdi>{}</bdi></td></tr>\n", escape_html(title)));
    }
    html.push_str(&format!(
        "<tr><td colspan=\"4\">Language (context, not evidence): {}</td></tr>\n",
        escape_html(&capture.language.summary)
    ));
    html.push_str("<tr><th>Artifact</th><th>Type</th><th>Bytes</th><th>SHA-256</th></tr>\n");
    for artifact in &capture.artifacts {
        html.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"hash\">{}</td></tr>\n",
            artifact.kind.as_str(),
            escape_html(&artifact.media_type),
            artifact.bytes,
            escape_html(&artifact.sha256)
        ));
    }
    html.push_str("</table>\n");
    html
}

fn audit_trail(events: &[Event]) -> String {
    let mut html = String::from(
        "<section class=\"audit\">\n<h2>Audit trail</h2>\n<p>Every event of the review log, in order. \
         Undo is a compensating event; nothing is ever deleted.</p>\n<table>\n\
         <tr><th>Time</th><th>Reviewer</th><th>Event</th><th>What</th></tr>\n",
    );
    for event in events {
        let what = match &event.kind {
            EventKind::CaseLoaded { case_name, allegation_count, captures } => format!(
                "case loaded: <bdi>{}</bdi>, {allegation_count} allegations, {} captures",
                escape_html(case_name),
                captures.len()
            ),
            EventKind::CitationAdded { citation } => format!(
                "citation <code>{}</code> added to {}: <bdi dir=\"auto\">{}</bdi>",
                escape_html(&citation.id),
                escape_html(&citation.allegation_id),
                escape_html(&crate::domain::export::first_words(quoted_text(citation), 60))
            ),
            EventKind::CitationEdited { citation } => format!(
                "citation <code>{}</code> edited: <bdi dir=\"auto\">{}</bdi>",
                escape_html(&citation.id),
                escape_html(&crate::domain::export::first_words(quoted_text(citation), 60))
            ),
            EventKind::CitationRemoved { citation_id } => {
                format!("citation <code>{}</code> removed", escape_html(citation_id))
            }
            EventKind::VerdictRecorded { record } => format!(
                "verdict on {}: {} ({} citations)",
                escape_html(&record.allegation_id),
                escape_html(record.verdict.label()),
                record.citation_ids.len()
            ),
            EventKind::Undo { event_id } => format!("undo of event <code>{}</code>", escape_html(event_id)),
            EventKind::AssignmentMade { assignment } => format!(
                "assignment: {} allegations, {} per allegation, {} reviewers",
                assignment.allegations.len(),
                assignment.per_allegation,
                assignment.reviewers.len()
            ),
            EventKind::Revealed { allegation_id } => {
                format!("opened the other reviewers' work on {}", escape_html(allegation_id))
            }
            EventKind::Finalized { allegation_id, verdict, rests_on } => format!(
                "final verdict on {}: {} (the assigned reviewers agree: {})",
                escape_html(allegation_id),
                escape_html(verdict.label()),
                escape_html(&rests_on.join(", "))
            ),
        };
        html.push_str(&format!(
            "<tr><td>{}</td><td><bdi>{}</bdi></td><td><code>{}</code></td><td>{what}</td></tr>\n",
            escape_html(event.time.as_str()),
            escape_html(&event.reviewer),
            escape_html(&event.id),
        ));
    }
    html.push_str("</table>\n</section>\n");
    html
}

/// The screenshots the report embeds, by artifact hash: each only once, as a CSS class.
struct Screenshots {
    /// artifact sha256 → (class index, media type, base64) when the bytes matched; `None` when
    /// bytes were given but did not match or were not an image; absent when not given.
    by_hash: BTreeMap<String, Option<(usize, &'static str, String)>>,
}

impl Screenshots {
    fn collect(folded: &Folded<'_>, lookup: ScreenshotLookup<'_>) -> Screenshots {
        let mut by_hash: BTreeMap<String, Option<(usize, &'static str, String)>> = BTreeMap::new();
        let mut next = 0;
        for citation in folded.state.citations.values() {
            if !matches!(citation.selector, Selector::Region { .. }) || by_hash.contains_key(&citation.artifact_sha256)
            {
                continue;
            }
            let Some((_, bytes)) = lookup(&citation.capture_id) else { continue };
            let entry = sniff(&bytes)
                .image_media_type()
                .filter(|_| sha256_hex(&bytes) == citation.artifact_sha256)
                .map(|media_type| {
                    next += 1;
                    (next, media_type, base64::engine::general_purpose::STANDARD.encode(&bytes))
                });
            by_hash.insert(citation.artifact_sha256.clone(), entry);
        }
        Screenshots { by_hash }
    }

    fn css(&self) -> String {
        let mut css = String::new();
        for (index, media_type, encoded) in self.by_hash.values().flatten() {
            css.push_str(&format!(
                ".shot-{index} {{ background-image: url(\"data:{media_type};base64,{encoded}\"); }}\n"
            ));
        }
        css
    }

    fn crop(&self, sha256: &str, rect: &PixelRect) -> String {
        match self.by_hash.get(sha256) {
            Some(Some((index, _, _))) => {
                let scale = if rect.w > MAX_CROP_WIDTH { f64::from(MAX_CROP_WIDTH) / f64::from(rect.w) } else { 1.0 };
                let shown_w = (f64::from(rect.w) * scale).round();
                let shown_h = (f64::from(rect.h) * scale).round();
                format!(
                    "<div class=\"crop-frame\" style=\"width:{shown_w}px;height:{shown_h}px\" role=\"img\" \
                     aria-label=\"Screenshot region {}\"><div class=\"crop shot-{index}\" \
                     style=\"width:{}px;height:{}px;background-position:-{}px -{}px;transform:scale({scale:.4})\"></div></div>\n",
                    escape_html(&format_fragment(rect)),
                    rect.w,
                    rect.h,
                    rect.x,
                    rect.y,
                )
            }
            Some(None) => "<p class=\"missing\">The screenshot supplied for this capture does not have the cited \
                           SHA-256 (or is not an image): not shown.</p>\n"
                .to_string(),
            None => "<p class=\"missing\">Screenshot bytes were not supplied with this report: region not shown.</p>\n"
                .to_string(),
        }
    }
}
