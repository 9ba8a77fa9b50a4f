//! A review session: one loaded case (allegations, captures, their matches) and the review log
//! over it. `apply` is the pure transition the app's reducer delegates to, so any sequence of
//! reviewer actions can be replayed natively in a test.
//!
//! The one rule enforced here and nowhere weaker: a verdict is appended to the log only when the
//! evidence policy accepts it. A refused verdict returns the violations and leaves the log as it was.
//!
//! And the one gate: every verdict that enters any other way (a restored log, an imported review
//! file, another tab) and every verdict whose citations change after it was recorded (an edit, a
//! removal, an undo) is judged again by the same `policy::evaluate`, after every transition. The
//! result is `Session::statuses`: a current verdict that fails is invalid, with its violations, and
//! every view and export reads that, never the bare log.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::domain::allegations::{self, Allegation, Format};
use crate::domain::capture::{self, Capture, InputFile, Limits};
use crate::domain::citation::Citation;
use crate::domain::codebook::{self, Codebook};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::{AllegationId, CaptureId, CitationId, EventId};
use crate::domain::matching::{match_captures, MatchReport};
use crate::domain::order;
use crate::domain::policy::{self, VerdictInput, Violation};
use crate::domain::review_log::{fold, ArtifactRef, CaptureRef, Event, EventKind, ReviewState, Verdict, VerdictRecord};

/// Everything loaded for review. Immutable once built; shared by reference. It crosses from the
/// worker that builds it to the app on `engine::wire` (artifact contents travel beside it).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Case {
    pub name: String,
    pub allegations: Vec<Allegation>,
    pub captures: Vec<Capture>,
    pub diagnostics: Vec<Diagnostic>,
    pub matches: MatchReport,
    /// What a citation may say it shows (the default codebook unless the case brings its own).
    pub codebook: Codebook,
}

impl Case {
    pub fn new(
        name: impl Into<String>,
        allegations: Vec<Allegation>,
        captures: Vec<Capture>,
        diagnostics: Vec<Diagnostic>,
    ) -> Case {
        let matches = match_captures(&allegations, &captures);
        Case { name: name.into(), allegations, captures, diagnostics, matches, codebook: Codebook::builtin() }
    }

    pub fn allegation(&self, allegation_id: &AllegationId) -> Option<&Allegation> {
        self.allegations.iter().find(|allegation| allegation.id == allegation_id)
    }

    pub fn capture(&self, capture_id: &CaptureId) -> Option<&Capture> {
        self.captures.iter().find(|capture| capture.id == capture_id)
    }

    /// Captures matched to an allegation, oldest first.
    pub fn captures_for(&self, allegation_id: &AllegationId) -> Vec<&Capture> {
        self.matched_captures(allegation_id, |id| self.capture(id))
    }

    /// Captures matched to an allegation, best first (`crawl::rank`): the one it opens on, then the
    /// rest of its URL and site.
    pub fn ranked_captures_for(&self, allegation_id: &AllegationId) -> Vec<&Capture> {
        let matched = self.matches.captures_for(allegation_id);
        if matched.len() <= 8 {
            return matched.iter().filter_map(|matched| self.capture(&matched.capture_id)).collect();
        }
        let by_id: std::collections::HashMap<&str, &Capture> =
            self.captures.iter().map(|capture| (capture.id.as_str(), capture)).collect();
        matched.iter().filter_map(|matched| by_id.get(matched.capture_id.as_str()).copied()).collect()
    }

    /// The capture an allegation opens on and why.
    pub fn choice_for(&self, allegation_id: &AllegationId) -> Option<&crate::domain::crawl::Choice> {
        self.matches.choice_for(allegation_id)
    }

    /// Captures matched to an allegation, found by `find`, oldest first, undated last, then by id
    /// (`time::chronological`, the one order of captures).
    fn matched_captures<'a>(
        &self,
        allegation_id: &AllegationId,
        find: impl Fn(&CaptureId) -> Option<&'a Capture>,
    ) -> Vec<&'a Capture> {
        let mut captures: Vec<&Capture> =
            self.matches.captures_for(allegation_id).iter().filter_map(|matched| find(&matched.capture_id)).collect();
        order::sort_by(&mut captures, |a, b| {
            crate::domain::time::chronological(a.captured_at.as_deref(), &a.id, b.captured_at.as_deref(), &b.id)
        });
        captures
    }

    /// Captures whose integrity checks failed, with what failed, by capture id.
    pub fn failed_integrity(&self) -> BTreeMap<CaptureId, Vec<String>> {
        order::map_of(self.captures.iter().filter_map(|capture| {
            let failures: Vec<String> =
                capture.integrity_failures().iter().map(|check| check.message.clone()).collect();
            (!failures.is_empty()).then(|| (capture.id.clone(), failures))
        }))
    }

    /// What the log remembers of the captures: ids, URLs, times and artifact hashes.
    pub fn capture_refs(&self) -> Vec<CaptureRef> {
        self.captures
            .iter()
            .map(|capture| CaptureRef {
                id: capture.id.clone(),
                url: capture.url.clone(),
                captured_at: capture.captured_at.clone(),
                artifacts: capture
                    .artifacts
                    .iter()
                    .map(|artifact| ArtifactRef {
                        kind: artifact.kind.as_str().to_string(),
                        sha256: artifact.sha256.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// Who acts and when: the shell makes the id and reads the clock, the core never does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub event_id: EventId,
    pub time: String,
    pub reviewer: String,
}

/// Whether an allegation's current verdict stands under the evidence policy, as of now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct VerdictStatus {
    /// The `VerdictRecorded` event of the current verdict.
    pub event_id: EventId,
    /// Empty when the verdict stands.
    pub violations: Vec<Violation>,
}

impl VerdictStatus {
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub case: Arc<Case>,
    /// The log and its fold, shared between the sessions that hold the same events (judging
    /// pending verdicts makes a new session without copying them).
    pub events: Arc<Vec<Event>>,
    pub review: Arc<ReviewState>,
    /// The gate's judgement of every current verdict, by allegation id (but the pending ones).
    pub statuses: BTreeMap<AllegationId, VerdictStatus>,
    /// Allegations whose current verdict the gate has not judged yet. Only a deferring session
    /// (`Session::deferring`) has any: there, reopening a case, merging a log or an undo leaves
    /// the verdicts it may change here, and `judge_pending` judges them a slice at a time (the
    /// app, so that a team-sized case opens without blocking the page). A verdict just recorded,
    /// and every verdict whose citations an action changed, is judged at once in any session.
    /// Sorted by id (`Session::is_pending`).
    pub pending: Vec<AllegationId>,
    /// Whether this session leaves whole-log judging to `judge_pending`.
    pub defers: bool,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            case: Arc::new(Case::default()),
            events: Arc::new(Vec::new()),
            review: Arc::new(ReviewState::default()),
            statuses: BTreeMap::new(),
            pending: Vec::new(),
            defers: false,
        }
    }
}

/// Judges the current verdict of each allegation in `only` (every allegation with a verdict when
/// `None`) against the policy, over the case's captures and codebook; keeps the others.
pub fn verdict_statuses(
    case: &Case,
    review: &ReviewState,
    previous: &BTreeMap<AllegationId, VerdictStatus>,
    only: Option<&BTreeSet<AllegationId>>,
) -> BTreeMap<AllegationId, VerdictStatus> {
    judge(case, review, previous, &[], only, Defer::Never).0
}

/// How a pass of the gate may leave verdicts pending (a deferring session's).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defer {
    /// Judge everything asked now (a session that does not defer).
    Never,
    /// Leave a whole-log pass pending (`only` is `None`); judge what an action touched now.
    WholeLog,
    /// Leave everything asked pending (a merge: it may touch every allegation).
    All,
}

/// `verdict_statuses`, for a session that may defer: what `only` asks (every current verdict when
/// `None`) is judged, or left pending as `defer` says; the others keep their status, or stay
/// pending if they were. Returns the statuses and what is pending.
fn judge(
    case: &Case,
    review: &ReviewState,
    previous: &BTreeMap<AllegationId, VerdictStatus>,
    was_pending: &[AllegationId],
    only: Option<&BTreeSet<AllegationId>>,
    defer: Defer,
) -> (BTreeMap<AllegationId, VerdictStatus>, Vec<AllegationId>) {
    let mut statuses = BTreeMap::new();
    let mut pending = Vec::new();
    // Built once for the whole pass (nothing per verdict walks every capture), and only when a
    // verdict is judged: a deferring open judges none.
    let mut gate = None;
    // A deferring session (the app's) leaves everything pending until the policy's tables are in.
    let unready = defer != Defer::Never && !crate::domain::tables::ready();
    for (allegation_id, history) in &review.verdicts {
        let Some(entry) = history.last() else { continue };
        let asked = only.is_none_or(|only| only.contains(allegation_id));
        if !asked {
            if let Some(status) = previous.get(allegation_id).filter(|status| status.event_id == entry.event_id) {
                statuses.insert(allegation_id.clone(), status.clone());
                continue;
            }
        }
        let later = match defer {
            Defer::Never => false,
            Defer::WholeLog => only.is_none() || (!asked && was_pending.binary_search(allegation_id).is_ok()),
            Defer::All => asked || was_pending.binary_search(allegation_id).is_ok(),
        };
        if later || unready {
            // In id order, as `review.verdicts` is: `pending` stays sorted.
            pending.push(allegation_id.clone());
            continue;
        }
        let violations = gate.get_or_insert_with(|| Gate::new(case)).evaluate(review, &entry.record);
        statuses.insert(allegation_id.clone(), VerdictStatus { event_id: entry.event_id.clone(), violations });
    }
    (statuses, pending)
}

/// What judging verdicts over one case needs, built once: the captures indexed by id and page,
/// and the captures whose integrity failed.
pub struct Gate<'a> {
    case: &'a Case,
    index: policy::CaptureIndex<'a>,
    failed_integrity: BTreeMap<CaptureId, Vec<String>>,
}

impl<'a> Gate<'a> {
    pub fn new(case: &'a Case) -> Gate<'a> {
        Gate { case, index: policy::CaptureIndex::new(&case.captures), failed_integrity: case.failed_integrity() }
    }

    /// Captures matched to an allegation, oldest first (as `Case::captures_for`).
    fn targets(&self, allegation_id: &AllegationId) -> Vec<&'a Capture> {
        self.case.matched_captures(allegation_id, |id| self.index.get(id))
    }

    /// The policy's answer for one verdict record over this case and a review state.
    pub fn evaluate(&self, review: &ReviewState, record: &VerdictRecord) -> Vec<Violation> {
        let languages = record.languages();
        let input = VerdictInput {
            verdict: record.verdict,
            rationale: &record.rationale,
            reason: record.reason.as_deref(),
            reviewer_languages: &languages,
            citation_ids: &record.citation_ids,
        };
        let targets = self.targets(&record.allegation_id);
        let (draft, mut context) =
            policy::draft_from_state_indexed(input, review, &targets, &self.index, &self.case.codebook);
        if !self.index.is_empty() {
            context.failed_integrity = order::map_of(
                self.failed_integrity
                    .iter()
                    .filter(|(id, _)| draft.citations.iter().any(|citation| citation.capture_id.as_ref() == Some(*id)))
                    .map(|(id, failures)| (id.clone(), failures.clone())),
            );
        }
        let mut violations = policy::evaluate(&draft, &context);
        violations.extend(citation_owner_violations(review, record));
        violations.extend(crate::domain::team::adjudication_violations(review, record));
        order::sort_by_key(&mut violations, |violation| violation.rule);
        violations
    }
}

/// Citations a verdict names that were made for another allegation.
fn citation_owner_violations(review: &ReviewState, record: &VerdictRecord) -> Vec<Violation> {
    record
        .citation_ids
        .iter()
        .filter_map(|id| review.citations.get(id).map(|citation| (id, citation)))
        .filter(|(_, citation)| citation.allegation_id != record.allegation_id)
        .map(|(id, citation)| Violation {
            rule: policy::Rule::EvidenceRequired,
            message: format!(
                "The verdict names citation {id}, which was made for allegation {}, not this one.",
                citation.allegation_id
            ),
        })
        .collect()
}

/// The policy's answer for one verdict record over a case and a review state.
pub fn evaluate_record(case: &Case, review: &ReviewState, record: &VerdictRecord) -> Vec<Violation> {
    Gate::new(case).evaluate(review, record)
}

/// The allegations whose standing `added`, the newest events of a log whose fold is `review`, may
/// have changed (`None`: any of them). A verdict's standing rests on its own record, the citations
/// it names (by id), the assignment and the other verdicts on its allegation: so each event's
/// allegation, and every allegation whose current verdict names a citation id an added event adds,
/// edits or removes (another reviewer's citation under the same id, an edit that moves a
/// citation). An undo, a new case or a new assignment may change any.
pub fn touched_by(added: &[Event], review: &ReviewState) -> Option<BTreeSet<AllegationId>> {
    // A merge of many events (a whole log) may as well judge everything.
    if added.len() > MANY_EVENTS {
        return None;
    }
    let mut touched = BTreeSet::new();
    let mut cited: Vec<&CitationId> = Vec::new();
    for event in added {
        match &event.kind {
            EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } => {
                touched.insert(citation.allegation_id.clone());
                cited.push(&citation.id);
            }
            EventKind::CitationRemoved { citation_id } => cited.push(citation_id),
            EventKind::VerdictRecorded { record } => {
                touched.insert(record.allegation_id.clone());
            }
            EventKind::Revealed { allegation_id } | EventKind::Finalized { allegation_id, .. } => {
                touched.insert(allegation_id.clone());
            }
            EventKind::CaseLoaded { .. } | EventKind::Undo { .. } | EventKind::AssignmentMade { .. } => return None,
        }
    }
    if !cited.is_empty() {
        for (allegation_id, history) in &review.verdicts {
            if history.last().is_some_and(|entry| entry.record.citation_ids.iter().any(|id| cited.contains(&id))) {
                touched.insert(allegation_id.clone());
            }
        }
    }
    Some(touched)
}

/// Above this many added events, `touched_by` says "any" (its citation look-up is linear in them).
const MANY_EVENTS: usize = 256;

#[derive(Debug, Clone)]
pub enum SessionAction {
    /// A new case replaces the current one; the log starts with `CaseLoaded`.
    LoadCase {
        case: Arc<Case>,
        stamp: Stamp,
    },
    /// Reopen a case with the events saved for it. When `stamp` is given and the loaded captures
    /// differ from those the log last recorded, a `CaseLoaded` event records the new set.
    Restore {
        case: Arc<Case>,
        events: Vec<Event>,
        stamp: Option<Stamp>,
    },
    /// Events written by another tab: merged by id, never duplicated.
    Merge {
        events: Vec<Event>,
    },
    AddCitation {
        citation: Citation,
        stamp: Stamp,
    },
    EditCitation {
        citation: Citation,
        stamp: Stamp,
    },
    RemoveCitation {
        citation_id: CitationId,
        stamp: Stamp,
    },
    RecordVerdict {
        record: VerdictRecord,
        stamp: Stamp,
    },
    Undo {
        event_id: EventId,
        stamp: Stamp,
    },
    /// A coordinator makes (or changes) the team's assignment (`team::assign` drew it).
    Assign {
        assignment: crate::domain::team::Assignment,
        stamp: Stamp,
    },
    /// The reviewer opens the other reviewers' work on an allegation: appended only once they
    /// have recorded a verdict of their own on it (`team::may_reveal`), and only once.
    Reveal {
        allegation_id: AllegationId,
        stamp: Stamp,
    },
    /// Records as final every assigned allegation whose reviewers agree with verdicts that stand
    /// (`team::finalize_agreed`); the n-th event's id is the stamp's id with `-n` after it.
    FinalizeAgreed {
        stamp: Stamp,
    },
}

/// What a transition did: the new session, the events it appended (to persist), and for a
/// refused verdict the reasons.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub session: Session,
    pub appended: Vec<Event>,
    pub refused: Vec<Violation>,
}

impl Session {
    /// What the policy says of a verdict about to be recorded (the form's live checklist).
    pub fn evaluate_verdict(&self, record: &VerdictRecord) -> Vec<Violation> {
        evaluate_record(&self.case, &self.review, record)
    }

    /// Whether an allegation's current verdict stands (`None` when it has no verdict).
    pub fn verdict_status(&self, allegation_id: &AllegationId) -> Option<&VerdictStatus> {
        self.statuses.get(allegation_id)
    }

    /// A session over these events, with every current verdict judged.
    pub fn new(case: Arc<Case>, events: Vec<Event>) -> Session {
        let review = fold(&events);
        let statuses = verdict_statuses(&case, &review, &BTreeMap::new(), None);
        Session {
            case,
            events: Arc::new(events),
            review: Arc::new(review),
            statuses,
            pending: Vec::new(),
            defers: false,
        }
    }

    /// Whether the gate has not judged this allegation's current verdict yet.
    pub fn is_pending(&self, allegation_id: &str) -> bool {
        self.pending.binary_search_by(|pending| pending.as_str().cmp(allegation_id)).is_ok()
    }

    /// An empty session that defers whole-log judging to `judge_pending` (see `pending`).
    pub fn deferring() -> Session {
        Session { defers: true, ..Session::default() }
    }

    /// A session over these events, judged at once or, when this one defers, with every current
    /// verdict pending.
    fn over(&self, case: Arc<Case>, events: Vec<Event>) -> Session {
        let review = fold(&events);
        self.rejudged(case, events, review, None, Defer::All)
    }

    /// A session of `case` over `events` and their fold `review`, after this one: what `touched`
    /// names (everything when `None`) is judged, or left pending as `how` says when this session
    /// defers; the other verdicts keep their status, or stay pending.
    fn rejudged(
        &self,
        case: Arc<Case>,
        events: Vec<Event>,
        review: ReviewState,
        touched: Option<&BTreeSet<AllegationId>>,
        how: Defer,
    ) -> Session {
        let how = if self.defers { how } else { Defer::Never };
        let (statuses, pending) = judge(&case, &review, &self.statuses, &self.pending, touched, how);
        Session { case, events: Arc::new(events), review: Arc::new(review), statuses, pending, defers: self.defers }
    }

    /// Judges pending verdicts, from the last allegation id down, while `more()` says so (at least
    /// one when any is pending); the others stay pending.
    ///
    /// Judges nothing while the policy's tables are not installed (`tables::ready`).
    pub fn judge_pending(&self, mut more: impl FnMut() -> bool) -> Session {
        if !crate::domain::tables::ready() {
            return self.clone();
        }
        let mut statuses = self.statuses.clone();
        let mut pending = self.pending.clone();
        let gate = Gate::new(&self.case);
        while let Some(allegation_id) = pending.pop() {
            if let Some(entry) = self.review.current_verdict(&allegation_id) {
                let violations = gate.evaluate(&self.review, &entry.record);
                statuses.insert(allegation_id, VerdictStatus { event_id: entry.event_id.clone(), violations });
            }
            if !more() {
                break;
            }
        }
        self.judged(statuses, pending)
    }

    /// This session's case and log with these statuses and pending verdicts.
    fn judged(&self, statuses: BTreeMap<AllegationId, VerdictStatus>, pending: Vec<AllegationId>) -> Session {
        Session {
            case: self.case.clone(),
            events: self.events.clone(),
            review: self.review.clone(),
            statuses,
            pending,
            defers: self.defers,
        }
    }

    /// Every current verdict judged again, or left pending when this session defers (the app, once
    /// the policy's tables are installed: a verdict judged before, refused under
    /// `Rule::PolicyLoaded`, would otherwise keep that status).
    pub fn judge_again(&self) -> Session {
        let how = if self.defers { Defer::WholeLog } else { Defer::Never };
        let (statuses, pending) = judge(&self.case, &self.review, &self.statuses, &self.pending, None, how);
        self.judged(statuses, pending)
    }

    /// A session over `events`, a view of the log (`team::shown_view`), made after an action that
    /// changed only the allegations in `touched` (any, when `None`) of the view this session is:
    /// the statuses of the others are kept where their current verdict is the same event; the rest
    /// are judged, or left pending when this session defers.
    pub fn view_after(&self, case: Arc<Case>, events: Vec<Event>, touched: Option<&BTreeSet<AllegationId>>) -> Session {
        let review = fold(&events);
        let touched = touched.filter(|_| Arc::ptr_eq(&case, &self.case));
        self.rejudged(case, events, review, touched, Defer::WholeLog)
    }

    /// This session's log over `case`, the case it holds completed (the demo's prebuilt case once
    /// its captures are read): every current verdict judged again, or left pending when this
    /// session defers.
    pub fn with_case(&self, case: Arc<Case>) -> Session {
        self.rejudged(case, Vec::clone(&self.events), ReviewState::clone(&self.review), None, Defer::WholeLog)
    }

    fn with_event(&self, event: Event) -> Outcome {
        let mut events = Vec::clone(&self.events);
        events.push(event.clone());
        let review = crate::domain::review_log::fold_appended(&self.review, &events);
        let touched = touched_by(std::slice::from_ref(&event), &review);
        let session = self.rejudged(self.case.clone(), events, review, touched.as_ref(), Defer::WholeLog);
        Outcome { session, appended: vec![event], refused: Vec::new() }
    }
}

fn event(stamp: Stamp, kind: EventKind) -> Event {
    Event::new(stamp.event_id, stamp.time, stamp.reviewer, kind)
}

/// The one transition function. Never panics; unknown ids are refused without touching the log.
pub fn apply(session: &Session, action: SessionAction) -> Outcome {
    let unchanged = |refused: Vec<Violation>| Outcome { session: session.clone(), appended: Vec::new(), refused };
    match action {
        SessionAction::LoadCase { case, stamp } => {
            let kind = EventKind::CaseLoaded {
                case_name: case.name.clone(),
                allegation_count: case.allegations.len(),
                captures: case.capture_refs(),
            };
            let fresh = session.over(case, Vec::new());
            fresh.with_event(event(stamp, kind))
        }
        SessionAction::Restore { case, events, stamp } => {
            let restored = session.over(case, events);
            let refs = restored.case.capture_refs();
            match stamp {
                Some(stamp) if restored.events.is_empty() || restored.review.captures != refs => {
                    let kind = EventKind::CaseLoaded {
                        case_name: restored.case.name.clone(),
                        allegation_count: restored.case.allegations.len(),
                        captures: refs,
                    };
                    restored.with_event(event(stamp, kind))
                }
                _ => Outcome { session: restored, appended: Vec::new(), refused: Vec::new() },
            }
        }
        SessionAction::Merge { events } => {
            let mut known: std::collections::HashSet<EventId> =
                session.events.iter().map(|event| event.id.clone()).collect();
            let mut added: Vec<Event> = Vec::new();
            for event in events {
                if known.insert(event.id.clone()) {
                    added.push(event);
                }
            }
            if added.is_empty() {
                return unchanged(Vec::new());
            }
            let mut merged = Vec::clone(&session.events);
            merged.extend(added.iter().cloned());
            // Keep one order in every tab and every reviewer's copy: by time as an instant, then id.
            order::sort_by_cached_key(
                &mut merged,
                |event| event.time.instant_key(),
                |a, b| (&a.time, &a.id).cmp(&(&b.time, &b.id)),
            );
            // Only what the added events may change is judged again (or left pending).
            let review = fold(&merged);
            let touched = touched_by(&added, &review);
            let merged = session.rejudged(session.case.clone(), merged, review, touched.as_ref(), Defer::All);
            Outcome { session: merged, appended: Vec::new(), refused: Vec::new() }
        }
        SessionAction::AddCitation { citation, stamp } => {
            session.with_event(event(stamp, EventKind::CitationAdded { citation }))
        }
        SessionAction::EditCitation { citation, stamp } => {
            if !session.review.citations.contains_key(&citation.id) {
                return unchanged(Vec::new());
            }
            session.with_event(event(stamp, EventKind::CitationEdited { citation }))
        }
        SessionAction::RemoveCitation { citation_id, stamp } => {
            if !session.review.citations.contains_key(&citation_id) {
                return unchanged(Vec::new());
            }
            session.with_event(event(stamp, EventKind::CitationRemoved { citation_id }))
        }
        SessionAction::RecordVerdict { record, stamp } => {
            let violations = session.evaluate_verdict(&record);
            if !violations.is_empty() {
                return unchanged(violations);
            }
            session.with_event(event(stamp, EventKind::VerdictRecorded { record }))
        }
        SessionAction::Undo { event_id, stamp } => {
            if !session.events.iter().any(|event| event.id == event_id) {
                return unchanged(Vec::new());
            }
            session.with_event(event(stamp, EventKind::Undo { event_id }))
        }
        SessionAction::Assign { assignment, stamp } => {
            if assignment.reviewers.is_empty() || assignment.allegations.is_empty() {
                return unchanged(Vec::new());
            }
            session.with_event(event(stamp, EventKind::AssignmentMade { assignment }))
        }
        SessionAction::Reveal { allegation_id, stamp } => {
            let seen = session.review.revealed.get(&allegation_id).is_some_and(|who| who.contains(&stamp.reviewer));
            if seen || !crate::domain::team::may_reveal(&session.events, &stamp.reviewer, &allegation_id) {
                return unchanged(Vec::new());
            }
            session.with_event(event(stamp, EventKind::Revealed { allegation_id }))
        }
        SessionAction::FinalizeAgreed { stamp } => {
            let Some(assignment) = &session.review.assignment else { return unchanged(Vec::new()) };
            let statuses = crate::domain::team::reviewer_statuses(&session.case, &session.review);
            let kinds = crate::domain::team::finalize_agreed(&session.review, assignment, &statuses);
            let mut outcome = unchanged(Vec::new());
            for (index, kind) in kinds.into_iter().enumerate() {
                let stamp =
                    Stamp { event_id: EventId::from(format!("{}-{}", stamp.event_id, index + 1)), ..stamp.clone() };
                let next = outcome.session.with_event(event(stamp, kind));
                outcome.session = next.session;
                outcome.appended.extend(next.appended);
            }
            outcome
        }
    }
}

/// Progress over the queue: how many allegations have a current verdict that stands, and of which
/// kind (invalid verdicts are not progress: `invalid_count` counts them; nor are verdicts the gate
/// has not judged yet, `Session::pending`).
pub fn progress(session: &Session) -> (usize, usize, Vec<(Verdict, usize)>) {
    let total = session.case.allegations.len();
    let mut counts: Vec<(Verdict, usize)> = Verdict::ALL.iter().map(|verdict| (*verdict, 0)).collect();
    let mut reviewed = 0;
    for allegation in &session.case.allegations {
        if let Some(entry) = session.review.current_verdict(&allegation.id) {
            if session.verdict_status(&allegation.id).is_some_and(|status| !status.is_valid())
                || session.is_pending(&allegation.id)
            {
                continue;
            }
            reviewed += 1;
            if let Some(slot) = counts.iter_mut().find(|(verdict, _)| *verdict == entry.record.verdict) {
                slot.1 += 1;
            }
        }
    }
    (reviewed, total, counts)
}

/// Builds a case from the files of an allegation list (or several) and of captures. Pure: the app
/// and the CLI call it with bytes they read; diagnostics from every importer are kept.
/// A `codebook.json` among either list is the case's codebook (docs/FORMATS.md).
pub fn build_case(name: &str, allegation_files: &[InputFile], capture_files: &[InputFile]) -> Case {
    let (codebooks, capture_files): (Vec<&InputFile>, Vec<&InputFile>) =
        capture_files.iter().partition(|file| codebook::is_codebook_file(&file.path));
    let capture_files: Vec<InputFile> = capture_files.into_iter().cloned().collect();
    let mut allegation_files = allegation_files.to_vec();
    allegation_files.extend(codebooks.into_iter().cloned());
    let (captures, capture_diagnostics) = capture::load(&capture_files, &Limits::default());
    build_case_with_captures(name, &allegation_files, captures, capture_diagnostics)
}

/// Builds a case from allegation files and captures already loaded, with their diagnostics (the
/// app's worker loads captures folder by folder to show progress, then calls this).
pub fn build_case_with_captures(
    name: &str,
    allegation_files: &[InputFile],
    captures: Vec<Capture>,
    capture_diagnostics: Vec<Diagnostic>,
) -> Case {
    let mut diagnostics = Vec::new();
    let mut texts = Vec::new();
    let mut codebook = Codebook::builtin();
    for file in allegation_files.iter().filter(|file| codebook::is_codebook_file(&file.path)) {
        match Codebook::parse(&file.path, &String::from_utf8_lossy(&file.bytes)) {
            Ok(read) => codebook = read,
            Err(problems) => {
                diagnostics.extend(problems);
                diagnostics.push(
                    Diagnostic::warning("the codebook was refused; the default codebook is used").in_file(&file.path),
                );
            }
        }
    }
    for file in allegation_files.iter().filter(|file| !codebook::is_codebook_file(&file.path)) {
        let (text, problem) = allegations::decode_list(&file.bytes);
        diagnostics.extend(problem.map(|diagnostic| diagnostic.in_file(&file.path)));
        texts.push((file.path.clone(), text));
    }
    let allegations = import_many(&texts, &mut diagnostics);
    diagnostics.extend(capture_diagnostics);
    let mut case = Case::new(name, allegations, captures, diagnostics);
    case.codebook = codebook;
    case
}

/// Imports several lists as one: duplicates across lists merge, ids stay in first-seen order.
fn import_many(texts: &[(String, String)], diagnostics: &mut Vec<Diagnostic>) -> Vec<Allegation> {
    let mut merged: Vec<Allegation> = Vec::new();
    for (path, text) in texts {
        let (allegations, list_diagnostics) = allegations::import(path, text, Format::Auto);
        diagnostics.extend(list_diagnostics.into_iter().map(|diagnostic| {
            if diagnostic.file.is_none() {
                diagnostic.in_file(path)
            } else {
                diagnostic
            }
        }));
        for allegation in allegations {
            if let Some(existing) = merged.iter_mut().find(|existing| existing.url == allegation.url) {
                existing.occurrences.extend(allegation.occurrences);
            } else {
                merged.push(allegation);
            }
        }
    }
    for (index, allegation) in merged.iter_mut().enumerate() {
        allegation.id = AllegationId::from(format!("a{}", index + 1));
    }
    merged
}

/// How many allegations have a current verdict that does not stand.
pub fn invalid_count(session: &Session) -> usize {
    session.statuses.values().filter(|status| !status.is_valid()).count()
}
