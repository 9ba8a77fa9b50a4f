//! Exports anyone can verify. This module owns the review file (the review log plus the case
//! manifest: every allegation, every capture's URL, time and artifact hashes) and every format
//! written from it: W3C Web Annotation, schema.org ClaimReview, CSV, the printable HTML report and
//! the dashboard data and chart. `verify` re-checks a review file against capture bytes.
//!
//! Everything here is a pure function of its arguments: it never reads a clock (the export time
//! comes in), the file system or the network, never emits a reference to an outside resource in
//! the HTML report, never trusts text it writes (all of it is escaped for its format), and never
//! panics on any input, including a hand-edited or hostile review file.

pub mod claim_review;
pub mod csv;
pub mod dashboard;
pub mod html_report;
pub mod verify;
pub mod web_annotation;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::allegations::Allegation;
use crate::domain::capture::{ArtifactKind, Capture, LanguageProfile, LanguageShare};
use crate::domain::citation::Citation;
use crate::domain::codebook::Codebook;
use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::{AllegationId, CaptureId, CitationId, EventId};
use crate::domain::review_log::{fold, parse_log, Event, ReviewState, VerdictEntry};
use crate::domain::session::{verdict_statuses, Case, Session, VerdictStatus};

pub use claim_review::claim_review;
pub use csv::csv;
pub use dashboard::{dashboard, dashboard_svg, Dashboard};
pub use html_report::{html_report, ScreenshotLookup};
pub use verify::{verify, CheckLine, Outcome, VerifyReport};
pub use web_annotation::web_annotation;

/// The export formats, each defined once: its names, its file, and how it is written. The app's
/// export menu, the worker and `exhibit report --format` all go through `ExportKind::render`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportKind {
    /// The review file (JSON), which `exhibit verify` re-checks.
    Review,
    /// W3C Web Annotations (JSON-LD).
    WebAnnotation,
    /// schema.org ClaimReview (JSON-LD).
    ClaimReview,
    /// One row per verdict.
    Csv,
    /// The printable HTML report.
    Report,
}

impl ExportKind {
    pub const ALL: [ExportKind; 5] =
        [ExportKind::Review, ExportKind::WebAnnotation, ExportKind::ClaimReview, ExportKind::Csv, ExportKind::Report];

    /// The name `exhibit report --format` takes.
    pub fn cli_name(self) -> &'static str {
        match self {
            ExportKind::Review => "review",
            ExportKind::WebAnnotation => "webannotation",
            ExportKind::ClaimReview => "claimreview",
            ExportKind::Csv => "csv",
            ExportKind::Report => "html",
        }
    }

    /// The end of a downloaded file's name.
    pub fn file_suffix(self) -> &'static str {
        match self {
            ExportKind::Review => "review.json",
            ExportKind::WebAnnotation => "annotations.jsonld",
            ExportKind::ClaimReview => "claimreview.jsonld",
            ExportKind::Csv => "review.csv",
            ExportKind::Report => "report.html",
        }
    }

    pub fn media_type(self) -> &'static str {
        match self {
            ExportKind::Review => "application/json",
            ExportKind::WebAnnotation | ExportKind::ClaimReview => "application/ld+json",
            ExportKind::Csv => "text/csv;charset=utf-8",
            ExportKind::Report => "text/html;charset=utf-8",
        }
    }

    /// The export's text. `screenshot` gives a cited capture's screenshot (media type, bytes), for
    /// the report's crops; the other formats do not use it.
    pub fn render(self, file: &ReviewFile, screenshot: ScreenshotLookup<'_>) -> String {
        match self {
            ExportKind::Review => to_json(file),
            ExportKind::WebAnnotation => web_annotation(file),
            ExportKind::ClaimReview => claim_review(file),
            ExportKind::Csv => csv(file),
            ExportKind::Report => html_report(file, screenshot),
        }
    }
}

impl std::str::FromStr for ExportKind {
    type Err = String;
    /// The CLI's names (`csv`, `html`, `webannotation`, `claimreview`, `review`) or the wire's.
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wire =
            |kind: &ExportKind| serde_json::to_value(kind).ok().and_then(|value| value.as_str().map(str::to_owned));
        ExportKind::ALL
            .into_iter()
            .find(|kind| kind.cli_name() == name || wire(kind).as_deref() == Some(name))
            .ok_or_else(|| format!("unknown format {name:?}: use csv, html, webannotation, claimreview or review"))
    }
}

/// Version of the review file format written today.
pub const REVIEW_FILE_SCHEMA_VERSION: u32 = 1;

/// Decimal places kept for language shares in a review file, so that a share reads back as the
/// exact same number (short decimals parse exactly).
const SHARE_DECIMALS: f64 = 10_000.0;

/// The review file: the review log plus the case manifest. What a reviewer hands on, and what
/// `exhibit verify` and every export read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewFile {
    pub schema_version: u32,
    /// RFC 3339 time of the export (given by the caller).
    pub exported_at: String,
    pub case_name: String,
    pub allegations: Vec<Allegation>,
    pub captures: Vec<CaptureEntry>,
    pub events: Vec<Event>,
    /// The case's codebook (absent in older files: the default one).
    #[serde(default)]
    pub codebook: Codebook,
    /// The evidence gate's judgement of each current verdict when the file was written, over the
    /// captures then loaded. Informational: readers judge every verdict again, and an entry here can
    /// only add violations, never make a verdict valid.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub verdict_statuses: BTreeMap<AllegationId, VerdictStatus>,
}

/// One capture as the review file records it: where and when, and the hash of every artifact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaptureEntry {
    pub id: CaptureId,
    pub url: String,
    #[serde(default)]
    pub captured_at: Option<String>,
    #[serde(default)]
    pub origin: String,
    #[serde(default)]
    pub title: Option<String>,
    pub artifacts: Vec<ArtifactEntry>,
    #[serde(default)]
    pub language: LanguageProfile,
    /// Allegations this capture was matched to.
    #[serde(default)]
    pub allegation_ids: Vec<AllegationId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactEntry {
    pub kind: ArtifactKind,
    pub media_type: String,
    /// Lowercase hex SHA-256 of the raw bytes.
    pub sha256: String,
    pub bytes: u64,
}

impl CaptureEntry {
    pub fn from_capture(capture: &Capture, allegation_ids: Vec<AllegationId>) -> CaptureEntry {
        CaptureEntry {
            id: capture.id.clone(),
            url: capture.url.clone(),
            captured_at: capture.captured_at.clone(),
            origin: capture.origin.clone(),
            title: capture.title.clone(),
            artifacts: capture
                .artifacts
                .iter()
                .map(|artifact| ArtifactEntry {
                    kind: artifact.kind,
                    media_type: artifact.media_type.clone(),
                    sha256: artifact.sha256.clone(),
                    bytes: artifact.bytes,
                })
                .collect(),
            language: rounded_profile(&capture.language),
            allegation_ids,
        }
    }

    pub fn artifact_by_hash(&self, sha256: &str) -> Option<&ArtifactEntry> {
        self.artifacts.iter().find(|artifact| artifact.sha256 == sha256)
    }
}

fn rounded_profile(profile: &LanguageProfile) -> LanguageProfile {
    LanguageProfile {
        languages: profile
            .languages
            .iter()
            .map(|share| LanguageShare {
                share: if share.share.is_finite() {
                    (share.share * SHARE_DECIMALS).round() / SHARE_DECIMALS
                } else {
                    0.0
                },
                ..share.clone()
            })
            .collect(),
        summary: profile.summary.clone(),
    }
}

/// Builds the review file of a case and its log. `exported_at` is the caller's clock.
pub fn review_file(case: &Case, events: &[Event], exported_at: &str) -> ReviewFile {
    let mut allegations_by_capture: BTreeMap<&str, Vec<AllegationId>> = BTreeMap::new();
    for allegation in &case.allegations {
        for capture in case.captures_for(&allegation.id) {
            allegations_by_capture.entry(capture.id.as_str()).or_default().push(allegation.id.clone());
        }
    }
    ReviewFile {
        schema_version: REVIEW_FILE_SCHEMA_VERSION,
        exported_at: exported_at.to_string(),
        case_name: case.name.clone(),
        allegations: case.allegations.clone(),
        captures: case
            .captures
            .iter()
            .map(|capture| {
                let ids = allegations_by_capture.get(capture.id.as_str()).cloned().unwrap_or_default();
                CaptureEntry::from_capture(capture, ids)
            })
            .collect(),
        events: events.to_vec(),
        codebook: case.codebook.clone(),
        verdict_statuses: verdict_statuses(case, &fold(events), &BTreeMap::new(), None),
    }
}

/// The review file of a session (its statuses are already judged).
pub fn review_file_of(session: &Session, exported_at: &str) -> ReviewFile {
    let mut file = review_file(&session.case, &[], exported_at);
    file.events = session.events.to_vec();
    file.verdict_statuses = session.statuses.clone();
    file
}

/// The review file as pretty JSON.
pub fn to_json(file: &ReviewFile) -> String {
    serde_json::to_string_pretty(file).unwrap_or_else(|error| format!("{{\"error\": {:?}}}", error.to_string()))
}

/// A file's events in time order when some event comes after a later one (an edited or badly
/// joined file): the review state is the fold of the log in time order, as `exhibit merge` and
/// `agreement` read it, so every command agrees on the current verdict. Events of one instant
/// keep their order in the file. Said in a warning.
fn in_time_order(mut events: Vec<Event>, diagnostics: &mut Vec<Diagnostic>) -> Vec<Event> {
    let out_of_order = events.windows(2).any(|pair| match (pair[0].time.instant(), pair[1].time.instant()) {
        (Some(earlier), Some(later)) => earlier > later,
        _ => false,
    });
    if out_of_order {
        // Stable: events of one instant keep their order in the file.
        crate::domain::order::sort_by_cached_key(
            &mut events,
            |event| event.time.instant_key(),
            |_, _| std::cmp::Ordering::Equal,
        );
        diagnostics.push(Diagnostic::warning(
            "the events are not in time order: they are read in time order (as `exhibit merge` orders them), \
             which decides each reviewer's current verdict",
        ));
    }
    events
}

/// Reads a review file. Tolerant: unknown fields are ignored, and an allegation, capture or event
/// that cannot be read is skipped with a diagnostic rather than failing the whole file. Fails only
/// when the text is not a JSON object, its `schema_version` is not a number this code reads, or it
/// has no `events`.
pub fn parse_review_file(json: &str) -> Result<(ReviewFile, Vec<Diagnostic>), String> {
    let json = json.strip_prefix('\u{feff}').unwrap_or(json);
    let value: Value = serde_json::from_str(json).map_err(|error| format!("not a review file: {error}"))?;
    let Value::Object(object) = value else {
        return Err("not a review file: expected a JSON object".to_string());
    };
    match object.get("schema_version") {
        None => return Err("not a review file: no schema_version".to_string()),
        Some(value) => match value.as_u64() {
            Some(version) if version == u64::from(REVIEW_FILE_SCHEMA_VERSION) => {}
            Some(version) => {
                return Err(format!(
                "review file schema_version {version} is not supported (this Exhibit reads {REVIEW_FILE_SCHEMA_VERSION})"
            ))
            }
            // `"1"` is not 1: the number is what every writer of review files writes.
            None => {
                return Err(format!(
                    "review file schema_version must be a whole number (as in \"schema_version\": \
                     {REVIEW_FILE_SCHEMA_VERSION}), not {value}"
                ))
            }
        },
    }
    // A JSON object without `events` is not a review file (a review log, a case, a codebook…):
    // read as one, it would verify or report nothing and seem to pass.
    if !object.contains_key("events") {
        return Err("not a review file: it has no `events` list (is it a review file exported by Exhibit?)".to_string());
    }
    let mut diagnostics = Vec::new();
    let text = |key: &str, diagnostics: &mut Vec<Diagnostic>| match object.get(key) {
        Some(Value::String(text)) => text.clone(),
        _ => {
            diagnostics.push(Diagnostic::warning(format!("`{key}` is missing or not a string")));
            String::new()
        }
    };
    let exported_at = text("exported_at", &mut diagnostics);
    let case_name = text("case_name", &mut diagnostics);
    let allegations = parse_list::<Allegation>(&object, "allegations", "allegation", &mut diagnostics);
    let captures = parse_list::<CaptureEntry>(&object, "captures", "capture", &mut diagnostics);
    // Events go through the review log's own reader, which migrates older event versions.
    let events = match object.get("events") {
        Some(events @ Value::Array(_)) => {
            let (events, log_diagnostics) = parse_log(&events.to_string());
            diagnostics.extend(log_diagnostics);
            events
        }
        Some(_) => {
            diagnostics.push(Diagnostic::error("`events` is not a list; ignored"));
            Vec::new()
        }
        None => Vec::new(),
    };
    let events = in_time_order(events, &mut diagnostics);
    let codebook = match object.get("codebook") {
        None => Codebook::builtin(),
        Some(value) => match Codebook::deserialize(value) {
            Ok(codebook) => codebook,
            Err(error) => {
                diagnostics
                    .push(Diagnostic::error(format!("`codebook` cannot be read ({error}); the default is used")));
                Codebook::builtin()
            }
        },
    };
    let verdict_statuses = object
        .get("verdict_statuses")
        .and_then(|value| BTreeMap::<AllegationId, VerdictStatus>::deserialize(value).ok())
        .unwrap_or_default();
    let file = ReviewFile {
        schema_version: REVIEW_FILE_SCHEMA_VERSION,
        exported_at,
        case_name,
        allegations,
        captures,
        events,
        codebook,
        verdict_statuses,
    };
    Ok((file, diagnostics))
}

fn parse_list<T: serde::de::DeserializeOwned>(
    object: &serde_json::Map<String, Value>,
    key: &str,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<T> {
    let Some(items) = object.get(key) else {
        diagnostics.push(Diagnostic::warning(format!("`{key}` is missing")));
        return Vec::new();
    };
    let Some(items) = items.as_array() else {
        diagnostics.push(Diagnostic::error(format!("`{key}` is not a list; ignored")));
        return Vec::new();
    };
    let mut parsed = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        match T::deserialize(item) {
            Ok(value) => parsed.push(value),
            Err(error) => {
                let id = item.get("id").and_then(Value::as_str).map(|id| format!(" ({id})")).unwrap_or_default();
                diagnostics.push(Diagnostic::error(format!(
                    "{what} {}{id} cannot be read and is ignored: {error}",
                    index + 1
                )));
            }
        }
    }
    parsed
}

/// The review file with its log folded and every current verdict judged: what every export reads.
pub(crate) struct Folded<'a> {
    pub file: &'a ReviewFile,
    pub state: ReviewState,
    /// The evidence gate's judgement of each current verdict: from the file alone (its citations,
    /// rationale, findings and codebook), plus whatever the file's own statuses add.
    pub statuses: BTreeMap<AllegationId, VerdictStatus>,
    /// With an assignment in force: where each assigned allegation stands, and the event of its
    /// final verdict (agreed: the first agreeing reviewer's; adjudicated: the adjudication), which
    /// is then its "current" verdict in every export; `None` while it awaits a reviewer or an
    /// adjudicator.
    pub team: Option<TeamFinals>,
}

/// The final verdicts of a team case (`team::final_verdicts`).
pub(crate) struct TeamFinals {
    pub finals: BTreeMap<AllegationId, crate::domain::team::Final>,
    pub chosen: BTreeMap<AllegationId, Option<EventId>>,
}

impl<'a> Folded<'a> {
    pub fn new(file: &'a ReviewFile) -> Folded<'a> {
        let state = fold(&file.events);
        let mut case = Case::new(file.case_name.clone(), file.allegations.clone(), Vec::new(), Vec::new());
        case.codebook = file.codebook.clone();
        let mut statuses = verdict_statuses(&case, &state, &BTreeMap::new(), None);
        for (allegation_id, status) in &mut statuses {
            let Some(written) = file.verdict_statuses.get(allegation_id) else { continue };
            if written.event_id == status.event_id {
                for violation in &written.violations {
                    if !status.violations.contains(violation) {
                        status.violations.push(violation.clone());
                    }
                }
            }
        }
        let team = state.assignment.as_ref().map(|assignment| {
            use crate::domain::team::{final_verdicts, reviewer_statuses, Final};
            let judged = reviewer_statuses(&case, &state);
            let finals = final_verdicts(&state, assignment, &judged);
            let mut chosen = BTreeMap::new();
            for (allegation_id, outcome) in &finals {
                let event_id = match outcome {
                    Final::Agreed { rests_on, .. } => rests_on.first().cloned(),
                    Final::Adjudicated { event_id, .. } => Some(event_id.clone()),
                    Final::Disagreement { .. } | Final::Missing { .. } => None,
                };
                match event_id.as_ref().and_then(|id| judged.get(id)) {
                    Some(status) => statuses.insert(allegation_id.clone(), status.clone()),
                    None => statuses.remove(allegation_id),
                };
                chosen.insert(allegation_id.clone(), event_id);
            }
            TeamFinals { finals, chosen }
        });
        Folded { file, state, statuses, team }
    }

    /// Where an assigned allegation stands in a team case (`None` without an assignment, or for an
    /// allegation it does not assign).
    pub fn final_of(&self, allegation_id: &AllegationId) -> Option<&crate::domain::team::Final> {
        self.team.as_ref()?.finals.get(allegation_id)
    }

    /// Inter-rater agreement over the file's reviewers (each one's latest verdict per allegation):
    /// `None` unless at least two reviewers recorded verdicts.
    pub fn agreement(&self) -> Option<crate::domain::agreement::Agreement> {
        let ratings = crate::domain::agreement::ratings_from_events(
            self.file.allegations.iter().map(|allegation| allegation.id.as_str()),
            &self.file.events,
        );
        (ratings.reviewers().len() >= 2).then(|| crate::domain::agreement::agreement(&ratings))
    }

    /// Agreement on each finding the reviewers' verdicts rest on (present or absent in each
    /// reviewer's cited evidence), keyed by finding id.
    pub fn finding_agreement(&self) -> BTreeMap<String, crate::domain::agreement::Agreement> {
        use crate::domain::agreement::{finding_sets_from_events, per_finding};
        per_finding(&finding_sets_from_events(&self.file.events))
    }

    /// The gate's judgement of an allegation's current verdict.
    pub fn status(&self, allegation_id: &AllegationId) -> Option<&VerdictStatus> {
        self.statuses.get(allegation_id)
    }

    /// Whether the allegation's current verdict stands (false when it has none).
    pub fn is_valid(&self, allegation_id: &AllegationId) -> bool {
        self.status(allegation_id).is_some_and(VerdictStatus::is_valid)
    }

    pub fn capture(&self, capture_id: &CaptureId) -> Option<&'a CaptureEntry> {
        self.file.captures.iter().find(|capture| capture.id == capture_id)
    }

    /// The capture a citation points into: the one whose artifacts include the cited hash
    /// (preferring the named capture), else the named capture.
    pub fn capture_of(&self, citation: &Citation) -> Option<&'a CaptureEntry> {
        let named = self.capture(&citation.capture_id);
        if named.is_some_and(|capture| capture.artifact_by_hash(&citation.artifact_sha256).is_some()) {
            return named;
        }
        self.file
            .captures
            .iter()
            .find(|capture| capture.artifact_by_hash(&citation.artifact_sha256).is_some())
            .or(named)
    }

    /// Captures matched to an allegation, oldest first (undated last), then by id.
    pub fn captures_for(&self, allegation_id: &AllegationId) -> Vec<&'a CaptureEntry> {
        let mut captures: Vec<&CaptureEntry> = self
            .file
            .captures
            .iter()
            .filter(|capture| capture.allegation_ids.iter().any(|id| id == allegation_id))
            .collect();
        captures.sort_by(|a, b| {
            crate::domain::time::chronological(a.captured_at.as_deref(), &a.id, b.captured_at.as_deref(), &b.id)
        });
        captures
    }

    /// The allegation's verdict as exports show it: in a team case, the final verdict of an
    /// assigned allegation (none while it awaits a reviewer or an adjudication); otherwise the
    /// latest recorded.
    pub fn current_verdict(&self, allegation_id: &AllegationId) -> Option<&VerdictEntry> {
        if let Some(chosen) = self.team.as_ref().and_then(|team| team.chosen.get(allegation_id)) {
            let event_id = chosen.as_deref()?;
            return self.state.verdicts.get(allegation_id)?.iter().find(|entry| entry.event_id == event_id);
        }
        self.state.current_verdict(allegation_id)
    }

    /// Live citations of an allegation: those the current verdict names first (in its order),
    /// then the others by id.
    pub fn citations_for(&self, allegation_id: &AllegationId) -> Vec<&Citation> {
        let mut ordered: Vec<&Citation> = Vec::new();
        let mut seen = BTreeSet::new();
        if let Some(entry) = self.current_verdict(allegation_id) {
            for id in &entry.record.citation_ids {
                if let Some(citation) = self.state.citations.get(id) {
                    if citation.allegation_id == allegation_id && seen.insert(id.as_str()) {
                        ordered.push(citation);
                    }
                }
            }
        }
        for citation in self.state.citations.values().filter(|citation| citation.allegation_id == allegation_id) {
            if seen.insert(citation.id.as_str()) {
                ordered.push(citation);
            }
        }
        ordered
    }

    /// Who added a citation and when (its first `CitationAdded`), and when it was last edited.
    pub fn citation_provenance(&self, citation_id: &CitationId) -> CitationProvenance {
        use crate::domain::review_log::EventKind;
        let mut provenance = CitationProvenance::default();
        for event in &self.file.events {
            match &event.kind {
                EventKind::CitationAdded { citation } if citation.id == citation_id && provenance.created.is_none() => {
                    provenance.created = Some(event.time.to_string());
                    provenance.creator = Some(event.reviewer.clone());
                }
                EventKind::CitationEdited { citation } if citation.id == citation_id => {
                    provenance.modified = Some(event.time.to_string());
                }
                _ => {}
            }
        }
        provenance
    }

    /// The reviewer's first working language for an allegation: that of its latest verdict.
    pub fn reviewer_language(&self, allegation_id: &AllegationId) -> Option<&str> {
        self.current_verdict(allegation_id)
            .map(|entry| entry.record.reviewer_language.as_str())
            .filter(|code| !code.is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CitationProvenance {
    pub creator: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
}

/// What a citation quotes: the exact text, or a region's transcription.
pub(crate) fn quoted_text(citation: &Citation) -> &str {
    use crate::domain::citation::Selector;
    match &citation.selector {
        Selector::Text { quote, .. } => &quote.exact,
        Selector::Region { transcription, .. } => transcription,
    }
}

/// Escapes text for HTML and XML content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not allowed in HTML text or XML: shown as the replacement character.
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' => out.push('\u{fffd}'),
            other => out.push(other),
        }
    }
    out
}

/// BCP 47 tag for an ISO 639-3 code: the two-letter code where one exists for the languages
/// Exhibit commonly meets, else the code itself (a valid BCP 47 primary subtag).
pub(crate) fn bcp47(code: &str) -> String {
    let two = match code {
        "eng" => "en",
        "ara" | "arb" => "ar",
        "fra" => "fr",
        "deu" => "de",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" => "nl",
        "rus" => "ru",
        "ukr" => "uk",
        "tur" => "tr",
        "fas" | "pes" => "fa",
        "urd" => "ur",
        "heb" => "he",
        "hin" => "hi",
        "ben" => "bn",
        "zho" | "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "pol" => "pl",
        "swe" => "sv",
        "ind" => "id",
        "kur" => "ku",
        "pus" => "ps",
        "uig" => "ug",
        "che" => "ce",
        _ => return code.to_string(),
    };
    two.to_string()
}

/// The first `max` characters of `text`, with `…` when cut. Whitespace runs become one space.
pub(crate) fn first_words(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut cut: String = flat.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_export_kind_is_named_once_and_read_back_by_each_name() {
        use super::ExportKind;
        for kind in ExportKind::ALL {
            assert_eq!(kind.cli_name().parse::<ExportKind>(), Ok(kind));
            let wire = serde_json::to_value(kind).expect("serialises");
            assert_eq!(wire.as_str().map(str::parse::<ExportKind>), Some(Ok(kind)));
            assert!(!kind.file_suffix().is_empty() && kind.media_type().contains('/'));
        }
        for unknown in ["pdf", "", "HTML", "claim review"] {
            let refused = unknown.parse::<ExportKind>().expect_err("refused");
            assert!(refused.contains("unknown format"), "{refused}");
        }
    }

    use super::*;

    #[test]
    fn refuses_what_is_not_a_review_file() {
        assert!(parse_review_file("[]").is_err());
        assert!(parse_review_file("{").is_err());
        assert!(parse_review_file(r#"{"schema_version": 2}"#).is_err_and(|error| error.contains("schema_version 2")));
        assert!(parse_review_file(r#"{"case_name": "x"}"#).is_err());
    }

    #[test]
    fn a_schema_version_written_as_text_is_named_so() {
        let refused = parse_review_file(r#"{"schema_version": "1", "events": []}"#).expect_err("refused");
        assert!(refused.contains("must be a whole number") && refused.contains(r#"not "1""#), "{refused}");
    }

    #[test]
    fn an_object_without_events_is_not_a_review_file() {
        let refused =
            parse_review_file(r#"{"schema_version": 1, "case_name": "Demo", "allegations": []}"#).expect_err("refused");
        assert!(refused.contains("no `events` list"), "{refused}");
        assert!(parse_review_file(r#"{"schema_version": 1, "events": []}"#).is_ok());
    }

    #[test]
    fn bad_entries_are_reported_not_fatal() {
        let json = r#"{"schema_version": 1, "exported_at": "2026-01-01T00:00:00Z", "case_name": "Demo",
            "unknown": true, "allegations": [{"id": "a1"}], "captures": "nope",
            "events": [{"schema_version": 1, "id": "e1", "time": "t", "reviewer": "r", "kind": "undo",
                        "payload": {"event_id": "e0"}},
                       {"schema_version": 1, "id": "e2", "kind": "bogus"},
                       {"schema_version": 9, "id": "e3", "time": "t", "reviewer": "r", "kind": "undo",
                        "payload": {"event_id": "e0"}}]}"#;
        let (file, diagnostics) = parse_review_file(json).expect("readable");
        assert_eq!(file.case_name, "Demo");
        assert_eq!(file.events.len(), 1);
        assert!(file.allegations.is_empty());
        assert_eq!(diagnostics.len(), 4, "{diagnostics:?}");
    }

    #[test]
    fn first_words_cuts_on_chars() {
        assert_eq!(first_words("  a\n b  ", 10), "a b");
        assert_eq!(first_words("ابجدهوز", 3), "ابج…");
    }
}
