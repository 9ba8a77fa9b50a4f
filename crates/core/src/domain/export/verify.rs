//! The independent verifier: re-checks a review file against capture bytes that someone else
//! loaded, without trusting anything the review file says about them.
//!
//! For every live citation (after folding the log): the cited artifact must be among the loaded
//! artifacts, found by the SHA-256 recomputed here from the bytes ("capture bytes changed or
//! missing" otherwise); a text citation must be re-anchored in that capture's canonical text, at
//! its recorded position or else by its quote (the exact quote must be there; a quote found only
//! with different whitespace or marks fails); a region citation must point into a screenshot, and
//! inside the image when its size can be read (PNG, GIF). For every current verdict: each citation
//! it names must still be live, belong to its allegation and have verified, and then the evidence
//! policy (`policy::evaluate`, built with `policy::draft_from_state` exactly as the app builds it)
//! must accept it again. (A verdict whose evidence failed fails for that reason alone: the policy's
//! view of the same missing bytes would only repeat it.) A verdict on an allegation the file does not
//! hold fails, and so does an event whose time is no time (times decide the order of the log).
//!
//! The report counts the citations checked and the failures; failures are failed citations, failed
//! verdicts, and review-file entries that could not be read (passed in as diagnostics). Nothing here
//! reads a file or a clock, and it never panics on any input.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::domain::capture::{sniff, ArtifactKind, Capture};
use crate::domain::citation::{format_fragment, reanchor, text_at, Anchor, Citation, PixelRect, Selector};
use crate::domain::diagnostic::{Diagnostic, Severity};
use crate::domain::export::{first_words, Folded, ReviewFile};
use crate::domain::hash::sha256_hex;
use crate::domain::ids::CaptureId;
use crate::domain::review_log::{EventKind, ReviewState, Verdict, VerdictEntry};
use crate::domain::session::{Case, Gate};

/// Characters of a quote shown on an `ok` line.
const QUOTE_PREVIEW_CHARS: usize = 40;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    Fail,
    /// Informational: never counted as a failure.
    Note,
}

/// One printed line of the verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckLine {
    pub outcome: Outcome,
    /// The citation id, `verdict <allegation id>`, `capture <id>` or `review file`.
    pub subject: String,
    pub message: String,
}

impl fmt::Display for CheckLine {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tag = match self.outcome {
            Outcome::Ok => "ok ",
            Outcome::Fail => "FAIL",
            Outcome::Note => "note",
        };
        write!(formatter, "{tag} {} {}", one_line(&self.subject), one_line(&self.message))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VerifyReport {
    pub lines: Vec<CheckLine>,
    /// Live citations checked.
    pub citations: usize,
    /// Failed citations + failed verdicts + unreadable review-file entries.
    pub failed: usize,
}

impl VerifyReport {
    /// The last line: `N citations checked, M failed`.
    pub fn summary(&self) -> String {
        format!("{} citations checked, {} failed", self.citations, self.failed)
    }

    pub fn passed(&self) -> bool {
        self.failed == 0
    }

    fn push(&mut self, outcome: Outcome, subject: impl Into<String>, message: impl Into<String>) {
        if outcome == Outcome::Fail {
            self.failed += 1;
        }
        self.lines.push(CheckLine { outcome, subject: subject.into(), message: message.into() });
    }
}

/// An artifact found among the loaded captures by its recomputed hash.
struct Loaded<'a> {
    capture: &'a Capture,
    kind: ArtifactKind,
    bytes: Option<&'a [u8]>,
}

/// Verifies a review file against freshly loaded captures. `diagnostics` are those of reading the
/// review file: each error among them (an entry that could not be read) counts as a failure,
/// because the verifier cannot vouch for what it could not read.
pub fn verify(file: &ReviewFile, diagnostics: &[Diagnostic], captures: &[Capture]) -> VerifyReport {
    let mut report = VerifyReport::default();
    for diagnostic in diagnostics {
        let outcome = if diagnostic.severity == Severity::Error { Outcome::Fail } else { Outcome::Note };
        report.push(outcome, "review file", diagnostic.message.clone());
    }

    // An equivocating log: one event id, two different events (a second version of an event
    // planted in a shared database, or a hand edit). Which one the fold keeps is arbitrary, so
    // the file fails.
    let versions = crate::domain::team::versions_by_id([file.events.as_slice()]);
    for (id, events) in versions.iter().filter(|(_, events)| events.len() > 1) {
        let reviewers: Vec<&str> = events.iter().map(|event| event.reviewer.as_str()).collect();
        report.push(
            Outcome::Fail,
            format!("event {id}"),
            format!("{} versions of one event (by {}): equivocation", events.len(), reviewers.join(", ")),
        );
    }

    // Times decide the order of the log, and so each reviewer's current verdict and what a
    // `removed` verdict compares: a time that is no time cannot be vouched for.
    for event in &file.events {
        if event.time.instant().is_none() {
            report.push(
                Outcome::Fail,
                format!("event {}", event.id),
                format!(
                    "time {:?} is not a time (RFC 3339, as in 2026-03-04T09:00:00Z): its place in the log, which \
                     decides each reviewer's current verdict, cannot be checked",
                    event.time.as_str()
                ),
            );
        }
    }
    // Entries the file holds that could not be read: a citation one of them created is not known.
    let unreadable = diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error);

    let loaded = index_loaded(captures, &mut report);
    let folded = Folded::new(file);
    check_manifest(file, &loaded, &mut report);

    let codebook_problems = file.codebook.problems();
    for problem in &codebook_problems {
        report.push(Outcome::Fail, "codebook", problem.clone());
    }

    // Each verified citation, with the capture its bytes were actually found in.
    let mut verified: BTreeMap<&str, &CaptureId> = BTreeMap::new();
    for citation in folded.state.citations.values() {
        report.citations += 1;
        match check_citation(citation, &loaded) {
            Ok((message, capture_id)) => {
                verified.insert(citation.id.as_str(), capture_id);
                report.push(Outcome::Ok, citation.id.to_string(), message);
            }
            Err(message) => report.push(Outcome::Fail, citation.id.to_string(), message),
        }
    }

    // The policy judges citations by the capture their bytes are in, not the id the file gives.
    let case = verifier_case(file, captures);
    let mut review = folded.state.clone();
    for (citation_id, capture_id) in &verified {
        if let Some(citation) = review.citations.get_mut(*citation_id) {
            citation.capture_id = (*capture_id).clone();
        }
    }

    let gate = Gate::new(&case);
    // Every reviewer's own latest verdict and the latest adjudication (a team log has several per
    // allegation); one reviewer's log has one, named as before.
    for allegation_id in folded.state.verdicts.keys() {
        let judged = crate::domain::team::judged_entries(&folded.state, allegation_id);
        let several = judged.len() > 1;
        for entry in judged {
            let subject = match (crate::domain::team::is_adjudication(&entry.record), several) {
                (true, _) => format!("adjudication {allegation_id} by {}", entry.reviewer),
                (false, true) => format!("verdict {allegation_id} by {}", entry.reviewer),
                (false, false) => format!("verdict {allegation_id}"),
            };
            let problems = check_verdict(&folded, entry, &verified, &case, &gate, &review, unreadable);
            let verdict = entry.record.verdict.as_str();
            if problems.is_empty() {
                let count = entry.record.citation_ids.len();
                let plural = if count == 1 { "" } else { "s" };
                report.push(
                    Outcome::Ok,
                    subject,
                    format!("{verdict}: {count} citation{plural} verified, policy accepts it"),
                );
            } else {
                report.push(Outcome::Fail, subject, format!("{verdict}: {}", problems.join("; ")));
            }
        }
    }
    report
}

/// Every loaded artifact by the SHA-256 recomputed from its bytes. Artifacts whose bytes are not
/// at hand cannot be vouched for and are left out.
fn index_loaded<'a>(captures: &'a [Capture], report: &mut VerifyReport) -> BTreeMap<String, Vec<Loaded<'a>>> {
    let mut loaded: BTreeMap<String, Vec<Loaded<'a>>> = BTreeMap::new();
    for capture in captures {
        for artifact in &capture.artifacts {
            let Some(bytes) = artifact.content.as_deref() else {
                report.push(
                    Outcome::Note,
                    format!("capture {}", capture.id),
                    format!("{} bytes not at hand; not used", artifact.source),
                );
                continue;
            };
            let hash = sha256_hex(bytes);
            if hash != artifact.sha256 {
                report.push(
                    Outcome::Note,
                    format!("capture {}", capture.id),
                    format!("{} hashes to {hash}, not the {} the loader reported", artifact.source, artifact.sha256),
                );
            }
            loaded.entry(hash).or_default().push(Loaded { capture, kind: artifact.kind, bytes: Some(bytes) });
        }
    }
    loaded
}

/// Notes (never failures) for manifest artifacts that are not among the loaded bytes: the
/// citations and verdicts that depend on them fail on their own.
fn check_manifest(file: &ReviewFile, loaded: &BTreeMap<String, Vec<Loaded<'_>>>, report: &mut VerifyReport) {
    for capture in &file.captures {
        let missing: Vec<String> = capture
            .artifacts
            .iter()
            .filter(|artifact| !loaded.contains_key(&artifact.sha256))
            .map(|artifact| format!("{} {}", artifact.kind.as_str(), short_hash(&artifact.sha256)))
            .collect();
        if !missing.is_empty() {
            report.push(
                Outcome::Note,
                format!("capture {}", capture.id),
                format!("not among the loaded bytes: {}", missing.join(", ")),
            );
        }
    }
}

/// Checks one citation; on success also says which loaded capture its bytes were found in.
fn check_citation<'a>(
    citation: &Citation,
    loaded: &BTreeMap<String, Vec<Loaded<'a>>>,
) -> Result<(String, &'a CaptureId), String> {
    let mut message = check_citation_bytes(citation, loaded)?;
    let candidates = loaded.get(&citation.artifact_sha256).map(Vec::as_slice).unwrap_or_default();
    let found = candidates
        .iter()
        .find(|candidate| candidate.capture.id == citation.capture_id)
        .or_else(|| candidates.first())
        .ok_or_else(|| "capture bytes missing".to_string())?;
    if let Some(stated) = &citation.archive {
        let actual = found
            .capture
            .artifacts
            .iter()
            .find(|artifact| artifact.sha256 == citation.artifact_sha256)
            .and_then(|artifact| artifact.archive.as_ref());
        match actual {
            Some(actual)
                if actual.file_sha256.eq_ignore_ascii_case(&stated.file_sha256)
                    && actual.offset == stated.offset
                    && actual.length == stated.length =>
            {
                message.push_str(&format!(
                    "; archived at {} offset {} length {} (file SHA-256 {})",
                    stated.file,
                    stated.offset,
                    stated.length,
                    short_hash(&stated.file_sha256)
                ));
            }
            Some(actual) => {
                return Err(format!(
                    "the citation says its bytes are the record at offset {} (length {}) of {} (SHA-256 {}), but the \
                     loaded archive has them at offset {} (length {}) of {} (SHA-256 {})",
                    stated.offset,
                    stated.length,
                    stated.file,
                    short_hash(&stated.file_sha256),
                    actual.offset,
                    actual.length,
                    actual.file,
                    short_hash(&actual.file_sha256)
                ))
            }
            None => {
                message.push_str("; its archive locator was not re-checked (the bytes were loaded outside an archive)")
            }
        }
    }
    Ok((message, &found.capture.id))
}

fn check_citation_bytes(citation: &Citation, loaded: &BTreeMap<String, Vec<Loaded<'_>>>) -> Result<String, String> {
    let candidates = loaded.get(&citation.artifact_sha256).map(Vec::as_slice).unwrap_or_default();
    let Some(found) =
        candidates.iter().find(|candidate| candidate.capture.id == citation.capture_id).or_else(|| candidates.first())
    else {
        return Err(format!(
            "capture bytes changed or missing: no loaded artifact has the cited sha256 {} (capture {})",
            short_hash(&citation.artifact_sha256),
            citation.capture_id
        ));
    };
    let capture = found.capture;
    let renamed = if capture.id == citation.capture_id {
        String::new()
    } else {
        format!(" (cited as capture {})", citation.capture_id)
    };
    match &citation.selector {
        Selector::Text { quote, position } => {
            let is_text_source =
                capture.text_artifact().is_some_and(|artifact| artifact.sha256 == citation.artifact_sha256);
            if !is_text_source {
                return Err(format!(
                    "the cited sha256 {} is a {} of capture {}, not the text the quote is from",
                    short_hash(&citation.artifact_sha256),
                    found.kind.as_str(),
                    capture.id
                ));
            }
            let canonical = &capture.text.canonical;
            let preview = first_words(&quote.exact, QUOTE_PREVIEW_CHARS);
            match reanchor(canonical, quote, position) {
                Anchor::Exact(at) => {
                    Ok(format!("capture {}{renamed} text {}–{} \"{preview}\"", capture.id, at.start, at.end))
                }
                Anchor::Moved(at) if text_at(canonical, &at) == Some(quote.exact.as_str()) => Ok(format!(
                    "capture {}{renamed} text {}–{} (re-anchored by quote; recorded at {}–{}) \"{preview}\"",
                    capture.id, at.start, at.end, position.start, position.end
                )),
                Anchor::Moved(at) => Err(format!(
                    "quote found only approximately (whitespace or marks differ) at {}–{} of capture {}",
                    at.start, at.end, capture.id
                )),
                Anchor::Orphaned => Err(format!(
                    "quote \"{preview}\" not found in the text of capture {} (recorded at {}–{})",
                    capture.id, position.start, position.end
                )),
            }
        }
        Selector::Region { rect, transcription } => {
            let bytes = found.bytes.unwrap_or_default();
            if found.kind != ArtifactKind::Screenshot || !sniff(bytes).is_image() {
                return Err(format!(
                    "the cited sha256 {} is a {} of capture {}, not a screenshot",
                    short_hash(&citation.artifact_sha256),
                    found.kind.as_str(),
                    capture.id
                ));
            }
            if rect.w == 0 || rect.h == 0 {
                return Err(format!("empty region {}", format_fragment(rect)));
            }
            if let Some((width, height)) = image_size(bytes) {
                if !inside(rect, width, height) {
                    return Err(format!("region {} is outside the {width}×{height} screenshot", format_fragment(rect)));
                }
            }
            let preview = if transcription.is_empty() {
                String::new()
            } else {
                format!(" \"{}\"", first_words(transcription, QUOTE_PREVIEW_CHARS))
            };
            Ok(format!(
                "capture {}{renamed} region {} screenshot {}{preview}",
                capture.id,
                format_fragment(rect),
                short_hash(&citation.artifact_sha256)
            ))
        }
    }
}

fn inside(rect: &PixelRect, width: u32, height: u32) -> bool {
    u64::from(rect.x) + u64::from(rect.w) <= u64::from(width)
        && u64::from(rect.y) + u64::from(rect.h) <= u64::from(height)
}

/// Width and height of a PNG or GIF from its header; `None` for other formats.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR".as_slice()) {
        let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
        let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
        return Some((width, height));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        let width = u16::from_le_bytes(bytes.get(6..8)?.try_into().ok()?);
        let height = u16::from_le_bytes(bytes.get(8..10)?.try_into().ok()?);
        return Some((u32::from(width), u32::from(height)));
    }
    None
}

fn check_verdict(
    folded: &Folded<'_>,
    entry: &VerdictEntry,
    verified: &BTreeMap<&str, &CaptureId>,
    case: &Case,
    gate: &Gate<'_>,
    review: &ReviewState,
    unreadable: bool,
) -> Vec<String> {
    let record = &entry.record;
    let mut problems = Vec::new();
    // A verdict on an allegation the file does not hold: no site to match its citations against.
    if !folded.file.allegations.iter().any(|allegation| allegation.id == record.allegation_id) {
        problems.push(format!("allegation {} is not in the file", record.allegation_id));
        return problems;
    }
    let targets: BTreeSet<&CaptureId> =
        case.captures_for(&record.allegation_id).iter().map(|capture| &capture.id).collect();
    for id in &record.citation_ids {
        match folded.state.citations.get(id) {
            None if created(folded.file, id) => problems.push(format!("citation {id} was removed")),
            // Never created by any event read (a made-up id, or its event could not be read).
            None if unreadable => problems.push(format!(
                "cites {id}, which no event read from the file created (entries of the file that could not be \
                 read are listed above)"
            )),
            None => problems.push(format!("cites {id}, which no event of the file created")),
            Some(citation) if citation.allegation_id != record.allegation_id => {
                problems.push(format!("citation {id} belongs to allegation {}", citation.allegation_id))
            }
            Some(_) => match verified.get(id.as_str()) {
                None => problems.push(format!("citation {id} failed verification")),
                Some(capture_id) if !targets.contains(capture_id) => {
                    let site = case.capture(capture_id).map(|capture| capture.url.as_str()).unwrap_or("?");
                    problems.push(format!(
                        "citation {id} is in capture {capture_id} ({site}), which is not a capture of this \
                         allegation's site by the matching rules"
                    ))
                }
                Some(_) => {}
            },
        }
    }
    if record.verdict != Verdict::Unreviewable && record.citation_ids.is_empty() {
        problems.push("rests on no citation".to_string());
    }
    // Evidence that failed is the reason the verdict fails; the policy's view of the same missing
    // bytes would only repeat it in other words.
    if problems.is_empty() {
        for violation in gate.evaluate(review, record) {
            problems.push(format!("policy {}: {}", violation.rule.id(), violation.message));
        }
    }
    problems
}

/// Whether an event of the file adds (or edits into being) the citation `id`, even one undone or
/// removed since.
fn created(file: &ReviewFile, id: &str) -> bool {
    file.events.iter().any(|event| match &event.kind {
        EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } => citation.id == id,
        _ => false,
    })
}

/// The case as the verifier sees it: the review file's allegations, matched by the matching rules
/// to the captures loaded afresh (never by the file's own mapping), with the file's codebook.
fn verifier_case(file: &ReviewFile, captures: &[Capture]) -> Case {
    let mut case = Case::new(file.case_name.clone(), file.allegations.clone(), captures.to_vec(), Vec::new());
    case.codebook = file.codebook.clone();
    case
}

fn short_hash(hash: &str) -> String {
    match hash.get(..16) {
        Some(prefix) if hash.len() > 16 => format!("{prefix}…"),
        _ => hash.to_string(),
    }
}

/// Keeps a printed line on one line: control characters (newlines, tabs…) become spaces.
fn one_line(text: &str) -> String {
    text.chars().map(|character| if character.is_control() { ' ' } else { character }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_sizes() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 1, 0, 0, 0, 0, 200]);
        assert_eq!(image_size(&png), Some((256, 200)));
        assert_eq!(image_size(b"GIF89a\x10\x00\x20\x00"), Some((16, 32)));
        assert_eq!(image_size(b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(image_size(b""), None);
    }

    #[test]
    fn region_bounds() {
        let rect = PixelRect { x: 10, y: 10, w: 20, h: 20 };
        assert!(inside(&rect, 30, 30));
        assert!(!inside(&rect, 29, 30));
        assert!(!inside(&PixelRect { x: u32::MAX, y: 0, w: u32::MAX, h: 1 }, 10, 10));
    }

    #[test]
    fn lines_stay_on_one_line() {
        let line = CheckLine { outcome: Outcome::Fail, subject: "q-1".into(), message: "a\nb".into() };
        assert_eq!(line.to_string(), "FAIL q-1 a b");
    }
}
