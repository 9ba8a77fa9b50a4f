//! Team review: a team of reviewers, the assignment of each allegation to several of them, blind
//! review, the merge of several reviewers' logs into one team log, and final verdicts (agreed, or
//! settled by an adjudicator under the same evidence gate).
//!
//! Reviewers are named in events by their team member id (`Event::reviewer`). Everything here is a
//! pure function of its arguments: the seed, the times and the ids come in; no clock, no file.
//!
//! - [`assign`]: each allegation to `per_allegation` distinct reviewers, every reviewer's load
//!   within 1 of every other's, reproducible from the seed (splitmix64, written here).
//! - [`blind_view`]: the log as one reviewer may see it: until they have recorded their own verdict
//!   on an allegation, no other reviewer's verdict, citations (with their notes and translations),
//!   rationale, reveal or finalisation of it. Every view and export made for that reviewer is built
//!   from these events.
//! - [`merge_logs`]: one team log from several reviewers' logs. Events keep their reviewer;
//!   identical copies (same id, same content) merge; two different events with one id are a
//!   conflict: the earlier one (by time as an instant, then by its JSON text) is kept and the other
//!   is reported as an error diagnostic naming the id and both reviewers, so the caller can refuse
//!   the merge (the CLI does) — nothing is dropped silently. The result is ordered by time as an
//!   instant (`policy::parse_instant`; unreadable times last, by text), then by id, so the order of
//!   the input logs does not matter. A citation id added by two reviewers is a warning.
//! - [`final_verdicts`]: per assigned allegation, `Agreed`, `Adjudicated`, `Disagreement` or
//!   `Missing` (the last two are the adjudication queue); [`finalize_agreed`] makes the `Finalized`
//!   events that record agreement. [`adjudication_violations`] is the check the gate
//!   (`session::evaluate_record`) runs on an adjudication's `adjudicates` references.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::{AllegationId, EventId};
use crate::domain::order;
use crate::domain::policy::{Rule, Violation};
use crate::domain::review_log::{fold, Event, EventKind, ReviewState, Verdict, VerdictEntry, VerdictRecord};
use crate::domain::session::{Case, Gate, VerdictStatus};

/// How many reviewers judge each allegation unless the case says otherwise.
pub const DEFAULT_PER_ALLEGATION: usize = 2;

/// One reviewer of the team: `id` is what events carry as `reviewer`, `name` is for people.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
}

/// Which reviewers judge which allegation, and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assignment {
    /// The team, in the order given.
    pub reviewers: Vec<TeamMember>,
    pub per_allegation: usize,
    /// The seed the assignment was drawn with: the same inputs and seed give the same assignment.
    pub seed: u64,
    /// Allegation id → the ids of its reviewers (in team order).
    pub allegations: BTreeMap<AllegationId, Vec<String>>,
}

impl Assignment {
    /// The reviewer ids assigned to an allegation (empty when it is not assigned).
    pub fn reviewers_of(&self, allegation_id: &AllegationId) -> &[String] {
        self.allegations.get(allegation_id).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_assigned(&self, allegation_id: &AllegationId, reviewer: &str) -> bool {
        self.reviewers_of(allegation_id).iter().any(|id| id == reviewer)
    }

    /// How many allegations each team member has (every member listed, even with none).
    pub fn loads(&self) -> BTreeMap<String, usize> {
        let mut loads: BTreeMap<String, usize> =
            order::map_of(self.reviewers.iter().map(|member| (member.id.clone(), 0)));
        for reviewer in self.allegations.values().flatten() {
            *loads.entry(reviewer.clone()).or_default() += 1;
        }
        loads
    }

    /// The allegations assigned to a reviewer.
    pub fn allegations_of<'a>(&'a self, reviewer: &'a str) -> impl Iterator<Item = &'a AllegationId> + 'a {
        self.allegations
            .iter()
            .filter(move |(_, reviewers)| reviewers.iter().any(|id| id == reviewer))
            .map(|(allegation, _)| allegation)
    }
}

/// Team members as people write them: `id:Name` items (a bare `id` is its own name), separated by
/// commas or new lines, blank items skipped. What `exhibit assign --reviewers` and the app's team
/// form both read.
pub fn parse_members<S: AsRef<str>>(items: &[S]) -> Result<Vec<TeamMember>, String> {
    items
        .iter()
        .flat_map(|item| item.as_ref().split([',', '\n']))
        .filter(|item| !item.trim().is_empty())
        .map(|item| {
            let (id, name) = item.split_once(':').unwrap_or((item, item));
            let (id, name) = (id.trim(), name.trim());
            if id.is_empty() {
                return Err(format!("reviewer {:?} has no id (write id:Name)", item.trim()));
            }
            Ok(TeamMember { id: id.to_string(), name: if name.is_empty() { id } else { name }.to_string() })
        })
        .collect()
}

/// Why an assignment cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignError {
    /// `per_allegation` is 0.
    NoReviewersPerAllegation,
    /// More reviewers per allegation than the team has.
    TooFewReviewers {
        per_allegation: usize,
        reviewers: usize,
    },
    EmptyReviewerId,
    DuplicateReviewer {
        id: String,
    },
    DuplicateAllegation {
        id: String,
    },
}

impl fmt::Display for AssignError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AssignError::NoReviewersPerAllegation => {
                formatter.write_str("each allegation needs at least one reviewer (per allegation is 0)")
            }
            AssignError::TooFewReviewers { per_allegation, reviewers } => write!(
                formatter,
                "{per_allegation} reviewers per allegation, but the team has {reviewers}: no allegation may go \
                 to the same reviewer twice"
            ),
            AssignError::EmptyReviewerId => formatter.write_str("a reviewer has an empty id"),
            AssignError::DuplicateReviewer { id } => write!(formatter, "reviewer id {id} is listed twice"),
            AssignError::DuplicateAllegation { id } => write!(formatter, "allegation id {id} is listed twice"),
        }
    }
}

impl std::error::Error for AssignError {}

/// splitmix64 (Steele, Lea, Flood 2014): a small, well-mixed generator; enough to break ties.
#[derive(Debug, Clone)]
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Assigns each allegation to `per_allegation` distinct reviewers. Allegations are taken in the
/// order given; each goes to the reviewers with the fewest allegations so far, ties broken by a
/// draw from the seeded generator (so pairs vary). Taking the least loaded keeps every load within
/// 1 of every other. The same inputs and seed always give the same assignment.
pub fn assign<S: Clone + Into<AllegationId>>(
    allegation_ids: &[S],
    reviewers: &[TeamMember],
    per_allegation: usize,
    seed: u64,
) -> Result<Assignment, AssignError> {
    if per_allegation == 0 {
        return Err(AssignError::NoReviewersPerAllegation);
    }
    if per_allegation > reviewers.len() {
        return Err(AssignError::TooFewReviewers { per_allegation, reviewers: reviewers.len() });
    }
    let mut ids = BTreeSet::new();
    for member in reviewers {
        if member.id.trim().is_empty() {
            return Err(AssignError::EmptyReviewerId);
        }
        if !ids.insert(member.id.as_str()) {
            return Err(AssignError::DuplicateReviewer { id: member.id.clone() });
        }
    }
    let mut rng = SplitMix64(seed);
    let mut loads = vec![0usize; reviewers.len()];
    let mut allegations = BTreeMap::new();
    for allegation in allegation_ids {
        let allegation: AllegationId = allegation.clone().into();
        if allegations.contains_key(&allegation) {
            return Err(AssignError::DuplicateAllegation { id: allegation.to_string() });
        }
        let draws: Vec<u64> = reviewers.iter().map(|_| rng.next()).collect();
        let mut order: Vec<usize> = (0..reviewers.len()).collect();
        order::sort_by_key(&mut order, |&index| (loads[index], draws[index], index));
        let mut chosen: Vec<usize> = order.into_iter().take(per_allegation).collect();
        order::sort(&mut chosen);
        for &index in &chosen {
            loads[index] += 1;
        }
        allegations.insert(allegation, chosen.into_iter().map(|index| reviewers[index].id.clone()).collect());
    }
    Ok(Assignment { reviewers: reviewers.to_vec(), per_allegation, seed, allegations })
}

// ---------------------------------------------------------------------------------------------
// Blind review.

/// The allegation an event is about, if any (an undo is about what it undoes).
fn allegations_of_events(events: &[Event]) -> HashMap<&str, AllegationId> {
    let mut citation_allegation: HashMap<&str, &AllegationId> = HashMap::new();
    for event in events {
        if let EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } = &event.kind {
            citation_allegation.entry(citation.id.as_str()).or_insert(&citation.allegation_id);
        }
    }
    let mut about: HashMap<&str, AllegationId> = HashMap::new();
    for event in events {
        let allegation = match &event.kind {
            EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } => {
                Some(citation.allegation_id.clone())
            }
            EventKind::CitationRemoved { citation_id } => {
                citation_allegation.get(citation_id.as_str()).map(|id| (*id).clone())
            }
            EventKind::VerdictRecorded { record } => Some(record.allegation_id.clone()),
            EventKind::Revealed { allegation_id } | EventKind::Finalized { allegation_id, .. } => {
                Some(allegation_id.clone())
            }
            EventKind::Undo { event_id } => about.get(event_id.as_str()).cloned(),
            EventKind::CaseLoaded { .. } | EventKind::AssignmentMade { .. } => None,
        };
        if let Some(allegation) = allegation {
            about.insert(event.id.as_str(), allegation);
        }
    }
    about
}

/// The allegations on which `viewer` has recorded a verdict of their own (even one later undone:
/// what they were then shown cannot be unseen, and `Revealed` records whether they looked).
pub fn decided_by(events: &[Event], viewer: &str) -> BTreeSet<AllegationId> {
    order::set_of(events.iter().filter(|event| event.reviewer == viewer).filter_map(|event| match &event.kind {
        EventKind::VerdictRecorded { record } => Some(record.allegation_id.clone()),
        _ => None,
    }))
}

/// The log as `viewer` may see it: every event of theirs, every event about no allegation (the
/// case, the assignment), and other reviewers' events about an allegation only once `viewer` has
/// recorded their own verdict on it. Other reviewers' events hidden before that: verdicts
/// (rationale, reason, adjudications), citations added, edited or removed (quote, note,
/// translation, description), reveals, finalisations, and their undos of any of these.
pub fn blind_view(events: &[Event], viewer: &str) -> Vec<Event> {
    let about = allegations_of_events(events);
    let decided = decided_by(events, viewer);
    events
        .iter()
        .filter(|event| {
            event.reviewer == viewer
                || about.get(event.id.as_str()).is_none_or(|allegation| decided.contains(allegation))
        })
        .cloned()
        .collect()
}

/// The review state `viewer` may see: the fold of [`blind_view`].
pub fn blind_state(events: &[Event], viewer: &str) -> ReviewState {
    fold(&blind_view(events, viewer))
}

/// Whether `viewer` may open the others' work on an allegation (and so append `Revealed`): only
/// after recording a verdict of their own on it.
pub fn may_reveal(events: &[Event], viewer: &str, allegation_id: &AllegationId) -> bool {
    decided_by(events, viewer).contains(allegation_id)
}

/// The log as the app shows it to `viewer` while they review. With no assignment in force
/// (`state.assignment`: one reviewer's own case) nothing is hidden. Otherwise, on each allegation
/// the assignment gives `viewer`, other reviewers' events about it stay hidden until `viewer` has
/// recorded a verdict of their own on it **and** opened the others' work (`Revealed`, which
/// [`may_reveal`] allows only after that verdict): so what is shown is never more than
/// [`blind_view`] allows, and the log records each look. Allegations not assigned to `viewer` (an
/// adjudicator's, a coordinator's) are shown whole. `state` is the fold of `events`.
pub fn shown_view(events: &[Event], state: &ReviewState, viewer: &str) -> Vec<Event> {
    let Some(assignment) = &state.assignment else { return events.to_vec() };
    let about = allegations_of_events(events);
    let decided = decided_by(events, viewer);
    let open = |allegation: &AllegationId| {
        !assignment.is_assigned(allegation, viewer)
            || (decided.contains(allegation)
                && state.revealed.get(allegation).is_some_and(|viewers| viewers.contains(viewer)))
    };
    events
        .iter()
        .filter(|event| event.reviewer == viewer || about.get(event.id.as_str()).is_none_or(&open))
        .cloned()
        .collect()
}

/// Whether [`shown_view`] hides anything from `viewer` on this allegation now (their own work
/// aside): it is assigned to them and they have not opened the others' work on it.
pub fn is_blind(state: &ReviewState, viewer: &str, allegation_id: &AllegationId) -> bool {
    state.assignment.as_ref().is_some_and(|assignment| assignment.is_assigned(allegation_id, viewer))
        && !state.revealed.get(allegation_id).is_some_and(|viewers| viewers.contains(viewer))
}

// ---------------------------------------------------------------------------------------------
// Merge.

/// The order of a team log: time as an instant (unreadable times after readable ones, by their
/// text: `Timestamp`'s order), then id.
fn order_key(event: &Event) -> (&crate::domain::time::Timestamp, &str) {
    (&event.time, event.id.as_str())
}

/// One kind name for messages.
fn kind_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::CaseLoaded { .. } => "case_loaded",
        EventKind::CitationAdded { .. } => "citation_added",
        EventKind::CitationEdited { .. } => "citation_edited",
        EventKind::CitationRemoved { .. } => "citation_removed",
        EventKind::VerdictRecorded { .. } => "verdict_recorded",
        EventKind::Undo { .. } => "undo",
        EventKind::AssignmentMade { .. } => "assignment_made",
        EventKind::Revealed { .. } => "revealed",
        EventKind::Finalized { .. } => "finalized",
    }
}

/// Every distinct event under each id, over several logs (identical copies are one): more than
/// one under an id is a conflict, or, within one reviewer's log, an equivocation.
pub(crate) fn versions_by_id<'a>(logs: impl IntoIterator<Item = &'a [Event]>) -> BTreeMap<&'a str, Vec<&'a Event>> {
    let mut variants: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for log in logs {
        for event in log {
            let known = variants.entry(event.id.as_str()).or_default();
            if !known.contains(&event) {
                known.push(event);
            }
        }
    }
    variants
}

/// Merges several reviewers' logs of one case into one team log (see the module comment): events
/// keep their reviewer, identical copies merge by id, conflicts (one id, two different events) keep
/// the earlier and report the other as an error, and the result is in time order (instants), then
/// id — the same whatever the order of `logs`.
pub fn merge_logs<'a>(logs: impl IntoIterator<Item = &'a [Event]>) -> (Vec<Event>, Vec<Diagnostic>) {
    let variants = versions_by_id(logs);
    let mut merged = Vec::with_capacity(variants.len());
    let mut diagnostics = Vec::new();
    for (id, mut copies) in variants {
        if copies.len() > 1 {
            let mut keyed: Vec<(&Event, String)> =
                copies.drain(..).map(|event| (event, serde_json::to_string(event).unwrap_or_default())).collect();
            order::sort_by(&mut keyed, |(a, a_text), (b, b_text)| {
                order_key(a).cmp(&order_key(b)).then_with(|| a_text.cmp(b_text))
            });
            copies = keyed.into_iter().map(|(event, _)| event).collect();
        }
        let Some((kept, others)) = copies.split_first() else { continue };
        for other in others {
            diagnostics.push(Diagnostic::error(format!(
                "Conflict on event {id}: {} wrote a {} event at {}, {} a different {} event at {} under the same id; \
                 the first is kept, the second left out.",
                kept.reviewer,
                kind_name(&kept.kind),
                kept.time,
                other.reviewer,
                kind_name(&other.kind),
                other.time
            )));
        }
        merged.push((*kept).clone());
    }
    order::sort_by_cached_key(&mut merged, |event| event.time.instant_key(), |a, b| order_key(a).cmp(&order_key(b)));
    diagnostics.extend(shared_citation_ids(&merged));
    (merged, diagnostics)
}

/// Warnings for citation ids that two reviewers each added (distinct events): both events stay in
/// the log, but the fold keeps one citation under that id, so one reviewer's citation is shadowed.
fn shared_citation_ids(events: &[Event]) -> Vec<Diagnostic> {
    let mut first: BTreeMap<&str, &Event> = BTreeMap::new();
    let mut warnings = Vec::new();
    for event in events {
        let EventKind::CitationAdded { citation } = &event.kind else { continue };
        match first.get(citation.id.as_str()) {
            Some(earlier) if earlier.reviewer != event.reviewer => warnings.push(Diagnostic::warning(format!(
                "Citation id {} was added by {} (event {}) and by {} (event {}): the later one shadows the earlier \
                 in the review state.",
                citation.id, earlier.reviewer, earlier.id, event.reviewer, event.id
            ))),
            Some(_) => {}
            None => {
                first.insert(citation.id.as_str(), event);
            }
        }
    }
    warnings
}

// ---------------------------------------------------------------------------------------------
// Final verdicts and adjudication.

/// One assigned reviewer's verdict, as the adjudication queue shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewerVerdict {
    pub reviewer: String,
    pub event_id: EventId,
    pub verdict: Verdict,
}

/// Where an assigned allegation stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Final {
    /// Every assigned reviewer's current verdict stands and they agree.
    Agreed { verdict: Verdict, rests_on: Vec<EventId> },
    /// An adjudicator's verdict that stands (the gate accepted its evidence and its references).
    Adjudicated { event_id: EventId, verdict: Verdict, rests_on: Vec<EventId> },
    /// Every assigned reviewer has a verdict that stands, and they differ: to adjudicate.
    Disagreement { verdicts: Vec<ReviewerVerdict> },
    /// Assigned reviewers without a verdict that stands (none, or an invalid one): to wait for, or
    /// to adjudicate.
    Missing { reviewers: Vec<String> },
}

impl Final {
    /// Whether the allegation is in the adjudication queue.
    pub fn needs_adjudication(&self) -> bool {
        matches!(self, Final::Disagreement { .. } | Final::Missing { .. })
    }
}

/// Whether a verdict record is an adjudication.
pub fn is_adjudication(record: &VerdictRecord) -> bool {
    !record.adjudicates.is_empty()
}

/// A reviewer's own latest verdict on an allegation (adjudications left out).
pub fn reviewer_verdict<'a>(
    state: &'a ReviewState,
    allegation_id: &AllegationId,
    reviewer: &str,
) -> Option<&'a VerdictEntry> {
    state
        .verdicts
        .get(allegation_id)?
        .iter()
        .rev()
        .find(|entry| entry.reviewer == reviewer && !is_adjudication(&entry.record))
}

/// The latest adjudication recorded on an allegation.
pub fn latest_adjudication<'a>(state: &'a ReviewState, allegation_id: &AllegationId) -> Option<&'a VerdictEntry> {
    state.verdicts.get(allegation_id)?.iter().rev().find(|entry| is_adjudication(&entry.record))
}

/// The verdicts of an allegation that count: each reviewer's own latest verdict (in the order of
/// their first verdict on it) and the latest adjudication. For one reviewer's log: the current
/// verdict. What the gate judges ([`reviewer_statuses`]) and `exhibit verify` re-checks.
pub fn judged_entries<'a>(state: &'a ReviewState, allegation_id: &AllegationId) -> Vec<&'a VerdictEntry> {
    let history = state.verdicts.get(allegation_id).map(Vec::as_slice).unwrap_or(&[]);
    let mut reviewers: Vec<&str> = Vec::new();
    for entry in history.iter().filter(|entry| !is_adjudication(&entry.record)) {
        if !reviewers.contains(&entry.reviewer.as_str()) {
            reviewers.push(&entry.reviewer);
        }
    }
    let mut judged: Vec<&VerdictEntry> =
        reviewers.into_iter().filter_map(|reviewer| reviewer_verdict(state, allegation_id, reviewer)).collect();
    judged.extend(latest_adjudication(state, allegation_id));
    judged
}

/// What a verdict `viewer` records on an allegation adjudicates: when the assignment in force
/// gives the allegation to reviewers and `viewer` is not one of them, the current verdict event of
/// each assigned reviewer who has one (in assignment order); otherwise nothing (a reviewer's own
/// verdict, or no team).
pub fn adjudication_refs(state: &ReviewState, allegation_id: &AllegationId, viewer: &str) -> Vec<EventId> {
    let Some(assignment) = &state.assignment else { return Vec::new() };
    let reviewers = assignment.reviewers_of(allegation_id);
    if reviewers.is_empty() || reviewers.iter().any(|reviewer| reviewer == viewer) {
        return Vec::new();
    }
    reviewers
        .iter()
        .filter_map(|reviewer| reviewer_verdict(state, allegation_id, reviewer))
        .map(|entry| entry.event_id.clone())
        .collect()
}

/// The gate's judgement of every reviewer's own latest verdict on each allegation and of each
/// allegation's latest adjudication, keyed by **event id** (`Session::statuses` judges only the
/// latest verdict of each allegation; a team needs each reviewer's).
pub fn reviewer_statuses(case: &Case, state: &ReviewState) -> BTreeMap<EventId, VerdictStatus> {
    let mut statuses = BTreeMap::new();
    let gate = Gate::new(case);
    for allegation_id in state.verdicts.keys() {
        for entry in judged_entries(state, allegation_id) {
            let violations = gate.evaluate(state, &entry.record);
            statuses.insert(entry.event_id.clone(), VerdictStatus { event_id: entry.event_id.clone(), violations });
        }
    }
    statuses
}

/// Final verdicts of every assigned allegation. `statuses` are the gate's judgements, found by
/// their `event_id` (so [`reviewer_statuses`] or `Session::statuses` both serve); a verdict without
/// a judgement there, or with violations, does not stand.
pub fn final_verdicts<K>(
    state: &ReviewState,
    assignment: &Assignment,
    statuses: &BTreeMap<K, VerdictStatus>,
) -> BTreeMap<AllegationId, Final> {
    let valid: HashMap<&str, bool> =
        statuses.values().map(|status| (status.event_id.as_str(), status.is_valid())).collect();
    let stands = |entry: &VerdictEntry| valid.get(entry.event_id.as_str()).copied().unwrap_or(false);
    let mut finals = BTreeMap::new();
    for (allegation_id, reviewers) in &assignment.allegations {
        if let Some(adjudication) = latest_adjudication(state, allegation_id).filter(|entry| stands(entry)) {
            finals.insert(
                allegation_id.clone(),
                Final::Adjudicated {
                    event_id: adjudication.event_id.clone(),
                    verdict: adjudication.record.verdict,
                    rests_on: adjudication.record.adjudicates.clone(),
                },
            );
            continue;
        }
        let mut verdicts = Vec::new();
        let mut missing = Vec::new();
        for reviewer in reviewers {
            match reviewer_verdict(state, allegation_id, reviewer).filter(|entry| stands(entry)) {
                Some(entry) => verdicts.push(ReviewerVerdict {
                    reviewer: reviewer.clone(),
                    event_id: entry.event_id.clone(),
                    verdict: entry.record.verdict,
                }),
                None => missing.push(reviewer.clone()),
            }
        }
        let outcome = if !missing.is_empty() {
            Final::Missing { reviewers: missing }
        } else if let Some(first) = verdicts.first().filter(|first| verdicts.iter().all(|v| v.verdict == first.verdict))
        {
            Final::Agreed { verdict: first.verdict, rests_on: verdicts.iter().map(|v| v.event_id.clone()).collect() }
        } else {
            Final::Disagreement { verdicts }
        };
        finals.insert(allegation_id.clone(), outcome);
    }
    finals
}

/// The `Finalized` events to append: one for each allegation whose assigned reviewers agree and
/// that the log does not already record as finalised on the same verdict and the same verdicts.
/// The caller stamps them (id, time, who).
pub fn finalize_agreed<K>(
    state: &ReviewState,
    assignment: &Assignment,
    statuses: &BTreeMap<K, VerdictStatus>,
) -> Vec<EventKind> {
    final_verdicts(state, assignment, statuses)
        .into_iter()
        .filter_map(|(allegation_id, outcome)| match outcome {
            Final::Agreed { verdict, rests_on } => {
                let recorded = state
                    .finalized
                    .get(&allegation_id)
                    .is_some_and(|done| done.verdict == verdict && done.rests_on == rests_on);
                (!recorded).then_some(EventKind::Finalized { allegation_id, verdict, rests_on })
            }
            _ => None,
        })
        .collect()
}

/// The gate's check of an adjudication's references (empty for a reviewer's own verdict): each id
/// in `adjudicates` must be the current verdict, on this allegation, of a reviewer the assignment
/// in force gives it. A violation under `evidence-required`: the verdicts an adjudication rests on
/// are part of its evidence.
pub fn adjudication_violations(review: &ReviewState, record: &VerdictRecord) -> Vec<Violation> {
    if record.adjudicates.is_empty() {
        return Vec::new();
    }
    let violation = |message: String| Violation { rule: Rule::EvidenceRequired, message };
    let Some(assignment) = &review.assignment else {
        return vec![violation(
            "An adjudication rests on assigned reviewers' verdicts, but the case has no assignment.".to_string(),
        )];
    };
    let allegation = &record.allegation_id;
    if assignment.reviewers_of(allegation).is_empty() {
        return vec![violation(format!(
            "Allegation {allegation} is not assigned to any reviewer: there is nothing to adjudicate."
        ))];
    }
    let history = review.verdicts.get(allegation).map(Vec::as_slice).unwrap_or(&[]);
    let mut violations = Vec::new();
    for id in &record.adjudicates {
        let Some(entry) = history.iter().find(|entry| entry.event_id == id) else {
            violations.push(violation(format!(
                "The adjudication names event {id}, which is not a verdict in force on allegation {allegation}."
            )));
            continue;
        };
        if is_adjudication(&entry.record) {
            violations.push(violation(format!("The adjudication names event {id}, which is itself an adjudication.")));
        } else if !assignment.is_assigned(allegation, &entry.reviewer) {
            violations.push(violation(format!(
                "The adjudication names event {id}, a verdict by {}, who is not assigned to allegation {allegation}.",
                entry.reviewer
            )));
        } else if reviewer_verdict(review, allegation, &entry.reviewer).is_some_and(|current| current.event_id != id) {
            violations.push(violation(format!(
                "The adjudication names event {id}, which {} has since replaced with a newer verdict.",
                entry.reviewer
            )));
        }
    }
    violations
}
