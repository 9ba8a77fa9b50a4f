//! The review log: an append-only list of events. The review state is a pure fold of the log, so a
//! sequence of actions can be replayed in a test, revisions keep their history, and undo is a
//! compensating event rather than a deletion.
//!
//! This module never reads a clock or makes ids: event ids and times come in from the caller. It
//! never rewrites or drops a readable event: reading an old or damaged log migrates what it can and
//! reports the rest as diagnostics.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::domain::citation::Citation;
use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::{AllegationId, CaptureId, CitationId, EventId};
use crate::domain::team::Assignment;
use crate::domain::time::Timestamp;

/// Version of the event format written today. Older logs are migrated on read.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Supported,
    NotSupported,
    Removed,
    Inconclusive,
    Unreviewable,
}

impl Verdict {
    pub const ALL: [Verdict; 5] =
        [Verdict::Supported, Verdict::NotSupported, Verdict::Removed, Verdict::Inconclusive, Verdict::Unreviewable];
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Supported => "supported",
            Verdict::NotSupported => "not_supported",
            Verdict::Removed => "removed",
            Verdict::Inconclusive => "inconclusive",
            Verdict::Unreviewable => "unreviewable",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Supported => "Supported",
            Verdict::NotSupported => "Not supported",
            Verdict::Removed => "Removed",
            Verdict::Inconclusive => "Inconclusive",
            Verdict::Unreviewable => "Unreviewable",
        }
    }
    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|verdict| verdict.as_str() == text)
    }
}

/// A capture as the log remembers it: enough to check later that the same bytes were reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureRef {
    pub id: CaptureId,
    pub url: String,
    pub captured_at: Option<String>,
    /// `(kind, sha256)` of each artifact.
    pub artifacts: Vec<ArtifactRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactRef {
    pub kind: String,
    pub sha256: String,
}

/// A verdict as recorded: the verdict, its rationale and the citations it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictRecord {
    pub allegation_id: AllegationId,
    pub verdict: Verdict,
    pub rationale: String,
    #[serde(default)]
    pub reason: Option<String>,
    pub citation_ids: Vec<CitationId>,
    /// ISO 639-3 code of the reviewer's first working language (kept for older readers).
    pub reviewer_language: String,
    /// ISO 639-3 codes of all the reviewer's working languages (absent in older files: then
    /// `reviewer_language` alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewer_languages: Vec<String>,
    /// For an adjudication: the ids of the assigned reviewers' `VerdictRecorded` events of this
    /// allegation that it rests on (empty for a reviewer's own verdict; absent in older files).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjudicates: Vec<EventId>,
}

impl VerdictRecord {
    /// The reviewer's working languages as the policy reads them.
    pub fn languages(&self) -> Vec<String> {
        let mut languages = self.reviewer_languages.clone();
        if !self.reviewer_language.trim().is_empty() && !languages.contains(&self.reviewer_language) {
            languages.insert(0, self.reviewer_language.clone());
        }
        languages
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum EventKind {
    CaseLoaded {
        case_name: String,
        allegation_count: usize,
        captures: Vec<CaptureRef>,
    },
    CitationAdded {
        citation: Citation,
    },
    CitationEdited {
        citation: Citation,
    },
    CitationRemoved {
        citation_id: CitationId,
    },
    VerdictRecorded {
        record: VerdictRecord,
    },
    /// Compensates an earlier event (by id); the earlier event stays in the log.
    Undo {
        event_id: EventId,
    },
    /// A coordinator made (or changed) the case's assignment: the latest one in force wins.
    AssignmentMade {
        assignment: Assignment,
    },
    /// The reviewer, after recording their own verdict on the allegation, opened the other
    /// reviewers' work on it: the log shows what each reviewer had seen when deciding.
    Revealed {
        allegation_id: AllegationId,
    },
    /// All assigned reviewers agreed on the allegation: the verdict is final without adjudication,
    /// resting on their `VerdictRecorded` events (`team::finalize_agreed` makes these).
    Finalized {
        allegation_id: AllegationId,
        verdict: Verdict,
        rests_on: Vec<EventId>,
    },
}

/// One event. In JSON: `schema_version`, `id`, `time`, `reviewer`, then `kind` and `payload` as
/// `EventKind` writes them (adjacently tagged), all in one object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    pub schema_version: u32,
    /// Unique across tabs and sessions (made by the caller).
    pub id: EventId,
    /// RFC 3339 time (given by the caller), ordered as an instant.
    pub time: Timestamp,
    pub reviewer: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// Reads the shape `Serialize` writes, in any key order. Written by hand because serde's
/// `flatten` would buffer every event (and every payload type) through its generic `Content`
/// representation, which is slower and doubles the deserialisation code in the app's bundle.
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            schema_version: u32,
            id: EventId,
            time: Timestamp,
            reviewer: String,
            kind: KindName,
            payload: AnyPayload,
        }
        let wire = Wire::deserialize(deserializer)?;
        let kind = wire.payload.into_kind(wire.kind).map_err(serde::de::Error::custom)?;
        Ok(Event { schema_version: wire.schema_version, id: wire.id, time: wire.time, reviewer: wire.reviewer, kind })
    }
}

/// The `kind` names of `EventKind`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum KindName {
    CaseLoaded,
    CitationAdded,
    CitationEdited,
    CitationRemoved,
    VerdictRecorded,
    Undo,
    AssignmentMade,
    Revealed,
    Finalized,
}

/// Every field any payload has (their names do not clash), so a payload can be read before or
/// after its `kind`; `into_kind` then takes the ones that kind needs.
#[derive(Deserialize)]
struct AnyPayload {
    case_name: Option<String>,
    allegation_count: Option<usize>,
    captures: Option<Vec<CaptureRef>>,
    citation: Option<Citation>,
    citation_id: Option<CitationId>,
    record: Option<VerdictRecord>,
    event_id: Option<EventId>,
    assignment: Option<Assignment>,
    allegation_id: Option<AllegationId>,
    verdict: Option<Verdict>,
    rests_on: Option<Vec<EventId>>,
}

impl AnyPayload {
    fn into_kind(self, kind: KindName) -> Result<EventKind, String> {
        fn need<T>(field: Option<T>, name: &str, kind: KindName) -> Result<T, String> {
            field.ok_or_else(|| format!("missing field `{name}` in the payload of a {kind:?} event"))
        }
        Ok(match kind {
            KindName::CaseLoaded => EventKind::CaseLoaded {
                case_name: need(self.case_name, "case_name", kind)?,
                allegation_count: need(self.allegation_count, "allegation_count", kind)?,
                captures: need(self.captures, "captures", kind)?,
            },
            KindName::CitationAdded => EventKind::CitationAdded { citation: need(self.citation, "citation", kind)? },
            KindName::CitationEdited => EventKind::CitationEdited { citation: need(self.citation, "citation", kind)? },
            KindName::CitationRemoved => {
                EventKind::CitationRemoved { citation_id: need(self.citation_id, "citation_id", kind)? }
            }
            KindName::VerdictRecorded => EventKind::VerdictRecorded { record: need(self.record, "record", kind)? },
            KindName::Undo => EventKind::Undo { event_id: need(self.event_id, "event_id", kind)? },
            KindName::AssignmentMade => {
                EventKind::AssignmentMade { assignment: need(self.assignment, "assignment", kind)? }
            }
            KindName::Revealed => {
                EventKind::Revealed { allegation_id: need(self.allegation_id, "allegation_id", kind)? }
            }
            KindName::Finalized => EventKind::Finalized {
                allegation_id: need(self.allegation_id, "allegation_id", kind)?,
                verdict: need(self.verdict, "verdict", kind)?,
                rests_on: need(self.rests_on, "rests_on", kind)?,
            },
        })
    }
}

impl Event {
    pub fn new(
        id: impl Into<EventId>,
        time: impl Into<Timestamp>,
        reviewer: impl Into<String>,
        kind: EventKind,
    ) -> Event {
        Event { schema_version: SCHEMA_VERSION, id: id.into(), time: time.into(), reviewer: reviewer.into(), kind }
    }
}

/// One verdict in an allegation's history, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictEntry {
    pub event_id: EventId,
    pub time: Timestamp,
    pub reviewer: String,
    pub record: VerdictRecord,
}

/// The review as of the end of the log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewState {
    /// Live citations by id.
    pub citations: BTreeMap<CitationId, Citation>,
    /// Every verdict recorded for an allegation, oldest first; the last one is current.
    pub verdicts: BTreeMap<AllegationId, Vec<VerdictEntry>>,
    /// Captures named by the latest `CaseLoaded`.
    pub captures: Vec<CaptureRef>,
    pub case_name: Option<String>,
    /// Who added each live citation (the reviewer of its `CitationAdded`), by citation id.
    pub citation_authors: BTreeMap<CitationId, String>,
    /// The latest `AssignmentMade` in force (none in a single reviewer's log).
    pub assignment: Option<Assignment>,
    /// Reviewers who opened the others' work on an allegation (`Revealed`), by allegation id.
    pub revealed: BTreeMap<AllegationId, BTreeSet<String>>,
    /// The latest `Finalized` of each allegation.
    pub finalized: BTreeMap<AllegationId, Finalization>,
}

/// An allegation made final because its assigned reviewers agreed (`EventKind::Finalized`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finalization {
    pub event_id: EventId,
    pub verdict: Verdict,
    pub rests_on: Vec<EventId>,
}

impl ReviewState {
    /// The latest verdict recorded on the allegation, by whoever recorded it (in a team log: the
    /// latest of any reviewer's or adjudicator's; `team::final_verdicts` says what is final).
    pub fn current_verdict(&self, allegation_id: &AllegationId) -> Option<&VerdictEntry> {
        self.verdicts.get(allegation_id).and_then(|history| history.last())
    }
    /// `reviewer`'s own latest verdict on the allegation (undone ones do not count).
    pub fn current_verdict_by(&self, allegation_id: &AllegationId, reviewer: &str) -> Option<&VerdictEntry> {
        self.verdicts
            .get(allegation_id)
            .and_then(|history| history.iter().rev().find(|entry| entry.reviewer == reviewer))
    }
    pub fn citations_for<'a>(&'a self, allegation_id: &'a AllegationId) -> impl Iterator<Item = &'a Citation> + 'a {
        self.citations.values().filter(move |citation| citation.allegation_id == allegation_id)
    }
}

/// Folds the log into the review state. Undo removes the effect of the event it names; an undo of
/// an undo restores it. Unknown ids are ignored (the log is never rewritten).
pub fn fold(events: &[Event]) -> ReviewState {
    // Resolve undo chains first, newest to oldest: an undo that is itself undone cancels nothing.
    let cancelled = cancelled_events(events);
    let mut state = ReviewState::default();
    for event in events {
        if cancelled.contains_key(event.id.as_str()) {
            continue;
        }
        fold_event(&mut state, event);
    }
    state
}

/// `fold(events)`, given `previous = fold(&events[..events.len() - 1])`: the last event applied to
/// the state before it, when nothing can cancel or be cancelled by it (it is no undo, and no
/// earlier undo names it); otherwise the whole log folded again. What each transition of a session
/// costs: one event, not the log.
pub fn fold_appended(previous: &ReviewState, events: &[Event]) -> ReviewState {
    let Some((last, before)) = events.split_last() else { return ReviewState::default() };
    let undoes = matches!(last.kind, EventKind::Undo { .. });
    let undone = before.iter().any(|event| matches!(&event.kind, EventKind::Undo { event_id } if *event_id == last.id));
    if undoes || undone {
        return fold(events);
    }
    let mut state = previous.clone();
    fold_event(&mut state, last);
    state
}

/// One event's effect on the review (an undo's effect is in which events are folded at all).
fn fold_event(state: &mut ReviewState, event: &Event) {
    match &event.kind {
        EventKind::CaseLoaded { case_name, captures, .. } => {
            state.case_name = Some(case_name.clone());
            state.captures = captures.clone();
        }
        EventKind::CitationAdded { citation } => {
            state.citations.insert(citation.id.clone(), citation.clone());
            state.citation_authors.insert(citation.id.clone(), event.reviewer.clone());
        }
        EventKind::CitationEdited { citation } => {
            state.citations.insert(citation.id.clone(), citation.clone());
            state.citation_authors.entry(citation.id.clone()).or_insert_with(|| event.reviewer.clone());
        }
        EventKind::CitationRemoved { citation_id } => {
            state.citations.remove(citation_id);
            state.citation_authors.remove(citation_id);
        }
        EventKind::VerdictRecorded { record } => {
            state.verdicts.entry(record.allegation_id.clone()).or_default().push(VerdictEntry {
                event_id: event.id.clone(),
                time: event.time.clone(),
                reviewer: event.reviewer.clone(),
                record: record.clone(),
            });
        }
        EventKind::AssignmentMade { assignment } => state.assignment = Some(assignment.clone()),
        EventKind::Revealed { allegation_id } => {
            state.revealed.entry(allegation_id.clone()).or_default().insert(event.reviewer.clone());
        }
        EventKind::Finalized { allegation_id, verdict, rests_on } => {
            state.finalized.insert(
                allegation_id.clone(),
                Finalization { event_id: event.id.clone(), verdict: *verdict, rests_on: rests_on.clone() },
            );
        }
        EventKind::Undo { .. } => {}
    }
}

/// Serialises a log as `{"schema_version": N, "events": [...]}`. [`parse_log`] reads it back
/// exactly.
pub fn to_json(events: &[Event]) -> String {
    #[derive(Serialize)]
    struct LogFile<'a> {
        schema_version: u32,
        events: &'a [Event],
    }
    serde_json::to_string_pretty(&LogFile { schema_version: SCHEMA_VERSION, events })
        .unwrap_or_else(|error| format!("{{\"error\":{:?}}}", error.to_string()))
}

/// Reads one event as this version writes it (`schema_version` current), without the migration
/// machinery of `parse_log`; `None` for anything else, which `parse_log` then reads.
pub fn read_current_event(json: &str) -> Option<Event> {
    serde_json::from_str::<Event>(json).ok().filter(|event| event.schema_version == SCHEMA_VERSION)
}

/// Reads a log written by any version: a JSON array of events, or `{"schema_version", "events"}`.
/// Events of older versions are migrated to today's shape; events that cannot be read (or were
/// written by a newer version) are reported by position and left out, and the rest are kept.
///
/// Version 0 (before `schema_version` existed): an event had no `schema_version`, named its kind
/// in `type` rather than `kind`, and a recorded verdict had no `reviewer_language` (migrated as
/// `und`, ISO 639-3 for "undetermined").
pub fn parse_log(json: &str) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(error) => {
            diagnostics
                .push(Diagnostic::error(format!("The review log is not valid JSON: {error}.")).at_line(error.line()));
            return (Vec::new(), diagnostics);
        }
    };
    let (file_version, items) = match value {
        serde_json::Value::Array(items) => (None, items),
        serde_json::Value::Object(mut object) => match object.remove("events") {
            Some(serde_json::Value::Array(items)) => {
                let version = object.get("schema_version").and_then(serde_json::Value::as_u64);
                (version, items)
            }
            Some(_) => {
                diagnostics.push(Diagnostic::error("The review log's \"events\" is not a list."));
                return (Vec::new(), diagnostics);
            }
            None if object.contains_key("id") => (None, vec![serde_json::Value::Object(object)]),
            None => {
                diagnostics.push(Diagnostic::error("The review log has no \"events\" list."));
                return (Vec::new(), diagnostics);
            }
        },
        _ => {
            diagnostics
                .push(Diagnostic::error("The review log is neither a list of events nor an object with \"events\"."));
            return (Vec::new(), diagnostics);
        }
    };
    let mut events = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match read_event(item, file_version) {
            Ok(event) => events.push(event),
            Err(problem) => diagnostics.push(Diagnostic::error(format!("Event {} was left out: {problem}", index + 1))),
        }
    }
    (events, diagnostics)
}

fn read_event(item: serde_json::Value, file_version: Option<u64>) -> Result<Event, String> {
    let serde_json::Value::Object(mut object) = item else {
        return Err("it is not a JSON object.".to_string());
    };
    let version = match object.get("schema_version") {
        None => file_version.unwrap_or(0),
        Some(value) => value.as_u64().ok_or_else(|| "its schema_version is not a whole number.".to_string())?,
    };
    if version > u64::from(SCHEMA_VERSION) {
        return Err(format!(
            "it was written by a newer version of Exhibit (schema {version}; this one reads up to {SCHEMA_VERSION})."
        ));
    }
    if version == 0 {
        migrate_v0_to_v1(&mut object);
    }
    object.insert("schema_version".to_string(), serde_json::Value::from(SCHEMA_VERSION));
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|error| format!("{error}."))
}

fn migrate_v0_to_v1(object: &mut serde_json::Map<String, serde_json::Value>) {
    if !object.contains_key("kind") {
        if let Some(kind) = object.remove("type") {
            object.insert("kind".to_string(), kind);
        }
    }
    if object.get("kind").and_then(serde_json::Value::as_str) == Some("verdict_recorded") {
        let record = object
            .get_mut("payload")
            .and_then(|payload| payload.get_mut("record"))
            .and_then(serde_json::Value::as_object_mut);
        if let Some(record) = record {
            record.entry("reviewer_language").or_insert_with(|| serde_json::Value::from("und"));
        }
    }
}

/// Events cancelled by an undo that is itself in force, mapped to that undo's id.
fn cancelled_events(events: &[Event]) -> BTreeMap<&str, &str> {
    let mut cancelled: BTreeMap<&str, &str> = BTreeMap::new();
    for event in events.iter().rev() {
        if let EventKind::Undo { event_id } = &event.kind {
            if !cancelled.contains_key(event.id.as_str()) {
                cancelled.entry(event_id.as_str()).or_insert(event.id.as_str());
            }
        }
    }
    cancelled
}
