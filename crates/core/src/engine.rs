//! What the app asks of its worker, and the worker's answers: every heavy or table-laden piece of
//! the core (capture parsers, allegation import with UTS #46 and confusable checks, language
//! models, diffs, the page-view sanitiser, exports) runs behind this one function, `handle`, so
//! the app's own bundle carries none of it and its main thread never blocks on it.
//!
//! The worker holds the open case (`Engine`): requests about it name captures by id and send
//! only the review log, never the captures' texts or bytes again.
//!
//! Pure Rust like `domain`: `io::worker` moves requests and answers (JSON plus transferred byte
//! buffers) between the page and the worker; this module decides nothing about transport, so the
//! whole protocol is tested natively.

pub mod demo;
pub mod wire;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::allegations::{self, Allegation, Format};
use crate::domain::capture::{self, ArtifactKind, Capture, InputFile, Limits, PageLink};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::diff::{diff_html, diff_texts};
use crate::domain::export::{self, ReviewFile};
use crate::domain::ids::{CaptureId, EventId};
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
    /// Builds a case and holds it. Buffers: the allegation files' bytes, then the capture files'
    /// bytes, in path order. Answer: `null`, and as buffers the `BuiltCase` on the wire, then the
    /// artifacts' contents (`read_built`).
    BuildCase { name: String, allegation_paths: Vec<String>, capture_paths: Vec<String> },
    /// Holds a case built earlier (by another worker): the buffers are that `BuildCase` answer's
    /// buffers. Answer: `null`.
    AdoptCase {},
    /// Decodes an allegation list's bytes (buffer 0) as every reader of lists does
    /// (`allegations::decode_list`: byte order marks, UTF-16, UTF-8 or a guessed legacy encoding).
    /// Answer: `DecodedList`.
    DecodeList {},
    /// Reads an allegation list for the import preview. Answer: `null`, and one buffer, the
    /// `AllegationPreview` on the wire (`read_preview`).
    PreviewAllegations { name: String, text: String, format: Format },
    /// The sanitized page-view document of a capture of the held case. Answer: a string.
    PageView { capture_id: CaptureId },
    /// Diff of two captures' texts (of the held case), as the app shows it. Answer: the HTML
    /// (`diff::diff_html`).
    Diff { before_id: CaptureId, after_id: CaptureId },
    /// Language tag of a quote (`language::quote_language`). Answer: `Option<String>`.
    QuoteLanguage { text: String },
    /// Reads a review file to merge. Answer: `Result<ReviewRead, String>`.
    ReadReviewFile { text: String },
    /// Events of the review log for the engine to hold (by id; ones it holds already are kept
    /// as they are). The app sends each event once per worker, not the log with every request.
    /// Answer: how many events the engine holds.
    HoldEvents { events: Vec<Event> },
    /// One export of the held case with the log `order` names (event ids, in the app's order),
    /// from the events held. Answer: the exported text; an error starting with `MISSING_EVENTS`
    /// when an id is not held (the app then sends the events again).
    Export { kind: ExportKind, order: Vec<EventId>, exported_at: String },
    /// The dashboard of the held case with the log `order` names, as the app shows it. Answer:
    /// the HTML (`dashboard::dashboard_html`).
    Dashboard { order: Vec<EventId> },
    /// Reads a log of any version, migrating old events (`review_log::parse_log`). Answer: the
    /// events read (`Vec<Event>`).
    ParseLog { json: String },
}

/// The export formats (defined once, in `domain::export`).
pub use crate::domain::export::ExportKind;

/// A built case as it crosses (`wire`); `contents[i]` says which `(capture, artifact)` the
/// buffer after it, the i-th, fills.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltCase {
    pub case: Case,
    pub contents: Vec<(usize, usize)>,
}

/// What the import preview shows: counts over the whole list, the first rows and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AllegationPreview {
    pub total: usize,
    pub duplicates: usize,
    pub flagged: usize,
    pub diagnostics_total: usize,
    pub rows: Vec<Allegation>,
    pub diagnostics: Vec<Diagnostic>,
}

/// An allegation list's text, and what reading it needed saying (the encoding guessed, bytes
/// replaced).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DecodedList {
    pub text: String,
    pub note: Option<String>,
}

/// A review file read for merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRead {
    pub case_name: String,
    pub events: Vec<Event>,
    /// Entries that could not be read (and were skipped).
    pub unreadable: usize,
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

/// The worker's state: the case it holds (with its artifacts' bytes).
#[derive(Debug, Default)]
pub struct Engine {
    case: Option<Case>,
    /// The review log's events sent so far (`HoldEvents`), by id; emptied with a new case.
    events: std::collections::HashMap<EventId, Event>,
}

const NO_CASE: &str = "the worker holds no case yet";
/// How an `Export` or `Dashboard` naming an event the engine does not hold fails.
pub const MISSING_EVENTS: &str = "the worker does not hold every event of the log";

impl Engine {
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Answers one request, or says why it cannot; `progress(done, total)` is called while a
    /// case is built.
    pub fn handle(
        &mut self,
        request: Request,
        buffers: Vec<Arc<[u8]>>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Answer, String> {
        self.handle_with_sha256(request, buffers, Vec::new(), progress)
    }

    /// `handle`, with the SHA-256 (lowercase hex) of some buffers already known: `sha256[i]` is
    /// buffer `i`'s when `Some`. The browser worker hashes large files with WebCrypto first; see
    /// `domain::hash::with_known_sha256` for what the digests are used for.
    pub fn handle_with_sha256(
        &mut self,
        request: Request,
        buffers: Vec<Arc<[u8]>>,
        sha256: Vec<Option<String>>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Answer, String> {
        let known: Vec<(Arc<[u8]>, String)> =
            buffers.iter().zip(sha256).filter_map(|(buffer, digest)| Some((buffer.clone(), digest?))).collect();
        crate::domain::hash::with_known_sha256(known, || self.answer(request, buffers, progress))
    }

    /// The log `order` names, from the events held.
    fn log(&self, order: &[EventId]) -> Result<Vec<Event>, String> {
        let missing = order.iter().filter(|id| !self.events.contains_key(*id)).count();
        if missing > 0 {
            return Err(format!("{MISSING_EVENTS}: {missing} of {} missing", order.len()));
        }
        Ok(order.iter().filter_map(|id| self.events.get(id).cloned()).collect())
    }

    fn answer(
        &mut self,
        request: Request,
        buffers: Vec<Arc<[u8]>>,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Answer, String> {
        match request {
            Request::BuildCase { name, allegation_paths, capture_paths } => {
                let mut buffers = buffers.into_iter();
                let mut files = |paths: Vec<String>| -> Vec<InputFile> {
                    paths.into_iter().zip(buffers.by_ref()).map(|(path, bytes)| InputFile::new(path, bytes)).collect()
                };
                let mut allegation_files = files(allegation_paths);
                // A codebook.json in a bundle folder is the case's codebook, not a capture.
                let (codebooks, capture_files): (Vec<InputFile>, Vec<InputFile>) = files(capture_paths)
                    .into_iter()
                    .partition(|file| crate::domain::codebook::is_codebook_file(&file.path));
                allegation_files.extend(codebooks);
                let (mut captures, diagnostics) = capture::load_by_folder(capture_files, &Limits::default(), progress);
                for capture in &mut captures {
                    capture.text.links.iter_mut().for_each(PageLink::normalise);
                }
                let case = build_case_with_captures(&name, &allegation_files, captures, diagnostics);
                let answer = built_case(&case);
                self.case = Some(case);
                self.events.clear();
                Ok(answer)
            }
            Request::AdoptCase {} => {
                self.case =
                    Some(read_built(buffers).map_err(|error| format!("the case to hold is unreadable: {error}"))?);
                self.events.clear();
                Ok(json_of(&()))
            }
            Request::DecodeList {} => {
                let (text, note) = allegations::decode_list(buffers.first().map_or(&[][..], |bytes| &bytes[..]));
                Ok(json_of(&DecodedList { text, note: note.map(|diagnostic| diagnostic.message) }))
            }
            Request::PreviewAllegations { name, text, format } => Ok(Answer {
                json: "null".to_string(),
                buffers: vec![Arc::from(wire::encode(wire::PREVIEW, &preview(&name, &text, format)))],
            }),
            Request::PageView { capture_id } => {
                Ok(json_of(&crate::domain::sanitize::page_view_document(self.capture(&capture_id)?)))
            }
            Request::Diff { before_id, after_id } => {
                let (before, after) = (&self.capture(&before_id)?.text, &self.capture(&after_id)?.text);
                Ok(json_of(&diff_html(before, after, &diff_texts(before, after))))
            }
            Request::QuoteLanguage { text } => Ok(json_of(&language::quote_language(&text))),
            Request::ReadReviewFile { text } => Ok(json_of(&read_review_file(&text))),
            Request::HoldEvents { events } => {
                for event in events {
                    self.events.entry(event.id.clone()).or_insert(event);
                }
                Ok(json_of(&self.events.len()))
            }
            Request::Export { kind, order, exported_at } => {
                let case = self.case.as_ref().ok_or(NO_CASE)?;
                let events = self.log(&order)?;
                let file = export::review_file(case, &events, &exported_at);
                Ok(json_of(&export_text(kind, &file, case)))
            }
            Request::Dashboard { order } => {
                let case = self.case.as_ref().ok_or(NO_CASE)?;
                let events = self.log(&order)?;
                let data = export::dashboard(&export::review_file(case, &events, ""));
                Ok(json_of(&export::dashboard::dashboard_html(&data)))
            }
            Request::ParseLog { json } => Ok(json_of(&crate::domain::review_log::parse_log(&json).0)),
        }
    }

    fn capture(&self, capture_id: &CaptureId) -> Result<&Capture, String> {
        let case = self.case.as_ref().ok_or(NO_CASE)?;
        case.capture(capture_id).ok_or_else(|| format!("the capture {capture_id} is not in the open case"))
    }
}

/// The case on the wire as the first buffer, then each artifact's bytes as a buffer of its own
/// (never inside the first).
fn built_case(case: &Case) -> Answer {
    let mut buffers = vec![Arc::from(Vec::new())];
    let mut contents = Vec::new();
    for (capture_index, capture) in case.captures.iter().enumerate() {
        for (artifact_index, artifact) in capture.artifacts.iter().enumerate() {
            if let Some(bytes) = &artifact.content {
                buffers.push(bytes.clone());
                contents.push((capture_index, artifact_index));
            }
        }
    }
    buffers[0] = Arc::from(wire::encode_built(case, &contents));
    Answer { json: "null".to_string(), buffers }
}

/// The case a `BuildCase` answer's buffers hold (the same buffers an `AdoptCase` sends).
pub fn read_built(buffers: Vec<Arc<[u8]>>) -> Result<Case, String> {
    let mut buffers = buffers.into_iter();
    let first = buffers.next().ok_or("no case was sent")?;
    let built: BuiltCase = wire::decode(wire::BUILT, &first).map_err(|error| error.to_string())?;
    Ok(restore_contents(built, buffers))
}

/// The preview a `PreviewAllegations` answer's buffers hold.
pub fn read_preview(buffers: &[Arc<[u8]>]) -> Result<AllegationPreview, String> {
    let first = buffers.first().ok_or("no preview was sent")?;
    wire::decode(wire::PREVIEW, first).map_err(|error| error.to_string())
}

/// Puts the artifact buffers of a `BuildCase` answer (those after the case) back into the case's
/// artifacts.
fn restore_contents(built: BuiltCase, buffers: impl IntoIterator<Item = Arc<[u8]>>) -> Case {
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

/// The text of one export; a report embeds the cited regions of `case`'s screenshots.
pub fn export_text(kind: ExportKind, file: &ReviewFile, case: &Case) -> String {
    let lookup = |capture_id: &CaptureId| {
        let artifact = case.capture(capture_id)?.artifact(ArtifactKind::Screenshot)?;
        Some((artifact.media_type.clone(), artifact.content.as_deref()?.to_vec()))
    };
    kind.render(file, &lookup)
}
