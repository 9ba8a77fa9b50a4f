//! The review log: an append-only list of events. The review state is a pure fold of the log, so a
//! sequence of actions can be replayed in a test, revisions keep their history, and undo is a
//! compensating event rather than a deletion.
//!
//! This module never reads a clock or makes ids: event ids and times come in from the caller.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::citation::Citation;

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
    pub id: String,
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
    pub allegation_id: String,
    pub verdict: Verdict,
    pub rationale: String,
    #[serde(default)]
    pub reason: Option<String>,
    pub citation_ids: Vec<String>,
    /// ISO 639-3 code of the reviewer's working language.
    pub reviewer_language: String,
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
        citation_id: String,
    },
    VerdictRecorded {
        record: VerdictRecord,
    },
    /// Compensates an earlier event (by id); the earlier event stays in the log.
    Undo {
        event_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub schema_version: u32,
    /// Unique across tabs and sessions (made by the caller).
    pub id: String,
    /// RFC 3339 time (given by the caller).
    pub time: String,
    pub reviewer: String,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    pub fn new(id: impl Into<String>, time: impl Into<String>, reviewer: impl Into<String>, kind: EventKind) -> Event {
        Event { schema_version: SCHEMA_VERSION, id: id.into(), time: time.into(), reviewer: reviewer.into(), kind }
    }
}

/// One verdict in an allegation's history, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerdictEntry {
    pub event_id: String,
    pub time: String,
    pub reviewer: String,
    pub record: VerdictRecord,
}

/// The review as of the end of the log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReviewState {
    /// Live citations by id.
    pub citations: BTreeMap<String, Citation>,
    /// Every verdict recorded for an allegation, oldest first; the last one is current.
    pub verdicts: BTreeMap<String, Vec<VerdictEntry>>,
    /// Captures named by the latest `CaseLoaded`.
    pub captures: Vec<CaptureRef>,
    pub case_name: Option<String>,
}

impl ReviewState {
    pub fn current_verdict(&self, allegation_id: &str) -> Option<&VerdictEntry> {
        self.verdicts.get(allegation_id).and_then(|history| history.last())
    }
    pub fn citations_for<'a>(&'a self, allegation_id: &'a str) -> impl Iterator<Item = &'a Citation> + 'a {
        self.citations.values().filter(move |citation| citation.allegation_id == allegation_id)
    }
}

/// Folds the log into the review state. Undo removes the effect of the event it names; an undo of
/// an undo restores it. Unknown ids are ignored (the log is never rewritten).
pub fn fold(events: &[Event]) -> ReviewState {
    use std::collections::HashSet;
    // Resolve undo chains first, newest to oldest: an undo that is itself undone cancels nothing.
    let mut cancelled: HashSet<&str> = HashSet::new();
    for event in events.iter().rev() {
        if let EventKind::Undo { event_id } = &event.kind {
            if !cancelled.contains(event.id.as_str()) {
                cancelled.insert(event_id.as_str());
            }
        }
    }
    let mut state = ReviewState::default();
    for event in events {
        if cancelled.contains(event.id.as_str()) {
            continue;
        }
        match &event.kind {
            EventKind::CaseLoaded { case_name, captures, .. } => {
                state.case_name = Some(case_name.clone());
                state.captures = captures.clone();
            }
            EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } => {
                state.citations.insert(citation.id.clone(), citation.clone());
            }
            EventKind::CitationRemoved { citation_id } => {
                state.citations.remove(citation_id);
            }
            EventKind::VerdictRecorded { record } => {
                state.verdicts.entry(record.allegation_id.clone()).or_default().push(VerdictEntry {
                    event_id: event.id.clone(),
                    time: event.time.clone(),
                    reviewer: event.reviewer.clone(),
                    record: record.clone(),
                });
            }
            EventKind::Undo { .. } => {}
        }
    }
    state
}
