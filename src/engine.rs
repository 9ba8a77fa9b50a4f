//! What the app asks of its worker, and the worker's answers: every heavy or table-laden piece of
//! the core (capture parsers, allegation import with UTS #46 and confusable checks, language
//! models, diffs, the page-view sanitiser, exports) runs behind this one function, `handle`, so
//! the app's own bundle carries none of it and its main thread never blocks on it.
//!
//! Pure Rust like `domain`: `io::worker` moves requests and answers (JSON plus transferred byte
//! buffers) between the page and the worker; this module decides nothing about transport, so the
//! whole protocol is tested natively.

use std::collections::HashSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::allegations::{self, Allegation, Format};
use crate::domain::capture::{self, ArtifactKind, Capture, ExtractedText, InputFile, Limits, PageLink};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::diff::diff_texts;
use crate::domain::export::{self, ReviewFile};
use crate::domain::language;
use crate::domain::review_log::{Event, EventKind};
use crate::domain::session::{build_case_with_captures, Case};

/// Rows of an allegation preview sent back (the counts cover the whole list).
pub const PREVIEW_ROWS: usize = 200;
/// Diagnostics of an allegation preview sent back.
pub const PREVIEW_DIAGNOSTICS: usize = 500;

/// One request. Byte contents travel beside the JSON as buffers, in the order each variant says.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    /// Builds a case. Buffers: the allegation files' bytes, then the capture files' bytes, in
    /// path order. Answer: `BuiltCase`, with the artifacts' contents as buffers.
    BuildCase { name: String, allegation_paths: Vec<String>, capture_paths: Vec<String> },
    /// Reads an allegation list for the import preview. Answer: `AllegationPreview`.
    PreviewAllegations { name: String, text: String, format: Format },
    /// The sanitized page-view document. Buffer: the HTML artifact's bytes, if any. Answer: a string.
    PageView { capture: Capture },
    /// Diff of two captures' texts. Answer: `TextDiff`.
    Diff { before: ExtractedText, after: ExtractedText },
    /// Language tag of a quote (`language::quote_language`). Answer: `Option<String>`.
    QuoteLanguage { text: String },
    /// Reads a review file to merge. Answer: `Result<ReviewRead, String>`.
    ReadReviewFile { text: String },
    /// One export of a review file. Buffers: the screenshots named in `screenshots`, in order.
    /// Answer: the exported text.
    Export { kind: ExportKind, file: ReviewFile, screenshots: Vec<ScreenshotRef> },
    /// The dashboard of a review file. Answer: `DashboardView`.
    Dashboard { file: ReviewFile },
    /// Reads a log of any version, migrating old events (`review_log::parse_log`). Answer:
    /// `(Vec<Event>, Vec<Diagnostic>)`.
    ParseLog { json: String },
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportKind {
    Review,
    WebAnnotation,
    ClaimReview,
    Csv,
    Report,
}

/// A screenshot sent with a report export: whose, and its media type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScreenshotRef {
    pub capture_id: String,
    pub media_type: String,
}

/// A built case; `contents[i]` says which `(capture, artifact)` the i-th buffer belongs to.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BuiltCase {
    pub case: Case,
    pub contents: Vec<(usize, usize)>,
}

/// What the import preview shows: counts over the whole list, the first rows and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AllegationPreview {
    pub total: usize,
    pub duplicates: usize,
    pub flagged: usize,
    pub diagnostics_total: usize,
    pub rows: Vec<Allegation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A review file read for merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRead {
    pub case_name: String,
    pub events: Vec<Event>,
    /// Entries that could not be read (and were skipped).
    pub unreadable: usize,
}

/// The dashboard's numbers and its chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardView {
    pub data: export::dashboard::Dashboard,
    pub svg: String,
}

/// An answer: JSON and the byte buffers that go with it.
#[derive(Debug, Default)]
pub struct Answer {
    pub json: String,
    pub buffers: Vec<Arc<[u8]>>,
}

fn json_of<T: Serialize>(value: &T) -> Answer {
    Answer { json: serde_json::to_string(value).unwrap_or_else(|_| "null".to_string()), buffers: Vec::new() }
}

/// Answers one request; `progress(done, total)` is called while a case is built.
pub fn handle(request: Request, buffers: Vec<Arc<[u8]>>, progress: &mut dyn FnMut(usize, usize)) -> Answer {
    match request {
        Request::BuildCase { name, allegation_paths, capture_paths } => {
            let mut buffers = buffers.into_iter();
            let mut files = |paths: Vec<String>| -> Vec<InputFile> {
                paths.into_iter().zip(buffers.by_ref()).map(|(path, bytes)| InputFile::new(path, bytes)).collect()
            };
            let allegation_files = files(allegation_paths);
            let capture_files = files(capture_paths);
            let (mut captures, diagnostics) = load_in_groups(capture_files, progress);
            for capture in &mut captures {
                capture.text.links.iter_mut().for_each(PageLink::normalise);
            }
            let case = build_case_with_captures(&name, &allegation_files, captures, diagnostics);
            built_case(case)
        }
        Request::PreviewAllegations { name, text, format } => json_of(&preview(&name, &text, format)),
        Request::PageView { mut capture } => {
            if let (Some(html), Some(artifact)) = (
                buffers.into_iter().next(),
                capture.artifacts.iter_mut().find(|artifact| artifact.kind == ArtifactKind::Html),
            ) {
                artifact.content = Some(html);
            }
            json_of(&crate::domain::sanitize::page_view_document(&capture))
        }
        Request::Diff { before, after } => json_of(&diff_texts(&before, &after)),
        Request::QuoteLanguage { text } => json_of(&language::quote_language(&text)),
        Request::ReadReviewFile { text } => json_of(&read_review_file(&text)),
        Request::Export { kind, file, screenshots } => {
            json_of(&export_text(kind, &file, &screenshots.into_iter().zip(buffers).collect::<Vec<_>>()))
        }
        Request::ParseLog { json } => json_of(&crate::domain::review_log::parse_log(&json)),
        Request::Dashboard { file } => {
            let data = export::dashboard(&file);
            let svg = export::dashboard_svg(&data);
            json_of(&DashboardView { data, svg })
        }
    }
}

/// The case as JSON, with each artifact's bytes as a buffer beside it (never inside the JSON).
fn built_case(case: Case) -> Answer {
    let mut buffers = Vec::new();
    let mut contents = Vec::new();
    for (capture_index, capture) in case.captures.iter().enumerate() {
        for (artifact_index, artifact) in capture.artifacts.iter().enumerate() {
            if let Some(bytes) = &artifact.content {
                buffers.push(bytes.clone());
                contents.push((capture_index, artifact_index));
            }
        }
    }
    let mut answer = json_of(&BuiltCase { case, contents });
    answer.buffers = buffers;
    answer
}

/// Puts the buffers of a `BuildCase` answer back into the case's artifacts.
pub fn restore_contents(built: BuiltCase, buffers: Vec<Arc<[u8]>>) -> Case {
    let BuiltCase { mut case, contents } = built;
    for ((capture_index, artifact_index), bytes) in contents.into_iter().zip(buffers) {
        if let Some(artifact) =
            case.captures.get_mut(capture_index).and_then(|capture| capture.artifacts.get_mut(artifact_index))
        {
            artifact.content = Some(bytes);
        }
    }
    case
}

/// Files grouped by their folder: each folder is one bundle capture, or loose files beside each
/// other; a group is parsed as a unit so manifests and screenshots still pair.
fn groups(files: Vec<InputFile>) -> Vec<Vec<InputFile>> {
    let mut by_folder: std::collections::BTreeMap<String, Vec<InputFile>> = std::collections::BTreeMap::new();
    let mut roots = Vec::new();
    for file in files {
        match file.path.rsplit_once('/') {
            Some((folder, _)) => by_folder.entry(folder.to_string()).or_default().push(file),
            None => roots.push(file),
        }
    }
    let mut out: Vec<Vec<InputFile>> = by_folder.into_values().collect();
    if !roots.is_empty() {
        out.push(roots);
    }
    out
}

/// Loads captures group by group, reporting progress; capture ids stay unique across groups.
pub fn load_in_groups(
    files: Vec<InputFile>,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Capture>, Vec<Diagnostic>) {
    let groups = groups(files);
    let total = groups.len();
    let mut captures: Vec<Capture> = Vec::new();
    let mut taken: HashSet<String> = HashSet::new();
    let mut diagnostics = Vec::new();
    let limits = Limits::default();
    for (done, group) in groups.into_iter().enumerate() {
        let (mut loaded, found) = capture::load(&group, &limits);
        for capture in loaded.iter_mut() {
            let base = capture.id.clone();
            let mut suffix = 2;
            while taken.contains(&capture.id) {
                capture.id = format!("{base}-{suffix}");
                suffix += 1;
            }
            taken.insert(capture.id.clone());
        }
        captures.extend(loaded);
        diagnostics.extend(found);
        progress(done + 1, total);
    }
    (captures, diagnostics)
}

/// Imports a list and keeps what the preview shows.
pub fn preview(name: &str, text: &str, format: Format) -> AllegationPreview {
    let (allegations, diagnostics) = allegations::import(name, text, format);
    AllegationPreview {
        total: allegations.len(),
        duplicates: allegations.iter().map(|allegation| allegation.occurrences.len().saturating_sub(1)).sum(),
        flagged: allegations.iter().filter(|allegation| !allegation.flags.is_empty()).count(),
        diagnostics_total: diagnostics.len(),
        rows: allegations.into_iter().take(PREVIEW_ROWS).collect(),
        diagnostics: diagnostics.into_iter().take(PREVIEW_DIAGNOSTICS).collect(),
    }
}

/// Reads a review file to merge. Citations made before quotes were tagged at citation time get
/// their tag now, as the app would have given it.
pub fn read_review_file(text: &str) -> Result<ReviewRead, String> {
    let (review, diagnostics) = export::parse_review_file(text)?;
    let mut events = review.events;
    for event in &mut events {
        if let EventKind::CitationAdded { citation } = &mut event.kind {
            if citation.quote_language.is_none() {
                citation.quote_language = language::quote_language(citation.quoted_text());
            }
        }
    }
    Ok(ReviewRead { case_name: review.case_name, events, unreadable: diagnostics.len() })
}

/// The text of one export.
pub fn export_text(kind: ExportKind, file: &ReviewFile, screenshots: &[(ScreenshotRef, Arc<[u8]>)]) -> String {
    match kind {
        ExportKind::Review => export::to_json(file),
        ExportKind::WebAnnotation => export::web_annotation(file),
        ExportKind::ClaimReview => export::claim_review(file),
        ExportKind::Csv => export::csv(file),
        ExportKind::Report => {
            let lookup = |capture_id: &str| {
                screenshots
                    .iter()
                    .find(|(screenshot, _)| screenshot.capture_id == capture_id)
                    .map(|(screenshot, bytes)| (screenshot.media_type.clone(), bytes.to_vec()))
            };
            export::html_report(file, &lookup)
        }
    }
}
