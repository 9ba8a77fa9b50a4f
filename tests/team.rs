#![cfg(not(target_arch = "wasm32"))]
//! Team review (issue 20's core): assignment, blind review of every view, the merge of several
//! reviewers' logs, final verdicts and adjudication through the one gate, and the `exhibit assign`
//! and `exhibit merge` commands. The case is the export fixture (tests/data/export/); two reviewers,
//! alice and bob, review it through `session::apply`, each in their own log.

#[path = "data/export/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use exhibit::domain::agreement;
use exhibit::domain::citation::Citation;
use exhibit::domain::export::{
    claim_review, csv, dashboard, html_report, parse_review_file, review_file, to_json, web_annotation,
};
use exhibit::domain::ids::{AllegationId, CaptureId};
use exhibit::domain::policy::Rule;
use exhibit::domain::review_log::{fold, parse_log, Event, EventKind, Verdict, VerdictRecord};
use exhibit::domain::session::{apply, progress, touched_by, Case, Session, SessionAction, Stamp};
use exhibit::domain::team::{
    assign, blind_state, blind_view, final_verdicts, finalize_agreed, is_blind, merge_logs, reviewer_statuses,
    shown_view, AssignError, Assignment, Final, TeamMember,
};
use proptest::prelude::*;

const BOB_MARKS: [&str; 3] = ["zebra", "bq-", "bx-"];

fn member(id: &str) -> TeamMember {
    TeamMember { id: id.to_string(), name: id.to_uppercase() }
}

fn stamp(reviewer: &str, number: usize) -> Stamp {
    // alice acts at even minutes, bob at odd ones; the coordinator first.
    let prefix = match reviewer {
        "alice" => "ax",
        "bob" => "bx",
        "carol" => "cx",
        _ => "co",
    };
    let offset = match reviewer {
        "alice" => 10,
        "bob" => 11,
        "carol" => 40,
        _ => 0,
    };
    Stamp {
        event_id: format!("{prefix}-{number:02}").into(),
        time: format!("2026-03-04T10:{:02}:00+01:00", offset + 2 * number),
        reviewer: reviewer.to_string(),
    }
}

fn act(session: Session, action: SessionAction) -> Session {
    let outcome = apply(&session, action);
    assert!(outcome.refused.is_empty(), "refused: {:?}", outcome.refused);
    outcome.session
}

struct Team {
    case: Arc<Case>,
    cedar: AllegationId,
    kitchen: AllegationId,
    quiet: AllegationId,
    /// The coordinator's events both reviewers start from: the case and the assignment.
    start: Vec<Event>,
}

fn team() -> Team {
    let case = Arc::new(fixture::case());
    let cedar = fixture::allegation_id(&case, "cedar-news.example");
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    let quiet = fixture::allegation_id(&case, "quiet-site.example");
    let session =
        act(Session::default(), SessionAction::LoadCase { case: case.clone(), stamp: stamp("coordinator", 1) });
    let ids: Vec<&str> = case.allegations.iter().map(|allegation| allegation.id.as_str()).collect();
    let assignment = assign(&ids, &[member("alice"), member("bob")], 2, 7).expect("assignment");
    let mut start = session.events.to_vec();
    let made = stamp("coordinator", 2);
    start.push(Event::new(made.event_id, made.time, made.reviewer, EventKind::AssignmentMade { assignment }));
    Team { case, cedar, kitchen, quiet, start }
}

fn cedar_citation(team: &Team, id: &str, note: &str) -> Citation {
    let mut citation = fixture::text_citation(&team.case, id, &team.cedar, "cedar-news", fixture::CEDAR_QUOTE, note);
    citation.translation = Some(fixture::CEDAR_TRANSLATION.to_string());
    citation.finding = Some("recruitment".to_string());
    citation
}

fn kitchen_citation(team: &Team, id: &str, note: &str) -> Citation {
    let mut citation =
        fixture::text_citation(&team.case, id, &team.kitchen, "rose-kitchen", fixture::KITCHEN_QUOTE, note);
    citation.translation = Some("Hummus with tahini recipe: mix the boiled chickpeas with the tahini".to_string());
    citation.finding = Some("unrelated".to_string());
    citation
}

fn record(
    allegation: &str,
    verdict: Verdict,
    rationale: &str,
    reason: Option<&str>,
    citations: &[&str],
) -> VerdictRecord {
    VerdictRecord {
        allegation_id: allegation.into(),
        verdict,
        rationale: rationale.to_string(),
        reason: reason.map(str::to_string),
        citation_ids: citations.iter().map(|&id| id.into()).collect(),
        reviewer_language: "eng".to_string(),
        reviewer_languages: Vec::new(),
        adjudicates: Vec::new(),
    }
}

/// alice's log: a citation and a verdict on each of cedar (supported) and kitchen (not
/// supported); `decide` says how many of her verdicts to record (0, 1 or 2).
fn alice_log(team: &Team, decide: usize) -> Vec<Event> {
    let mut session = Session::new(team.case.clone(), team.start.clone());
    let note = "Paragraph that describes a recruitment appeal (placeholder text)";
    session = act(
        session,
        SessionAction::AddCitation { citation: cedar_citation(team, "aq-1", note), stamp: stamp("alice", 1) },
    );
    let note = "Recipe text that mixes boiled chickpeas with tahini";
    session = act(
        session,
        SessionAction::AddCitation { citation: kitchen_citation(team, "aq-2", note), stamp: stamp("alice", 2) },
    );
    if decide >= 1 {
        let rationale = "The quoted paragraph describes a recruitment appeal, as the list claims.";
        let verdict = record(&team.cedar, Verdict::Supported, rationale, None, &["aq-1"]);
        session = act(session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("alice", 3) });
    }
    if decide >= 2 {
        let rationale = "The page is a recipe collection; the quoted passage shows cooking instructions.";
        let verdict = record(&team.kitchen, Verdict::NotSupported, rationale, None, &["aq-2"]);
        session = act(session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("alice", 4) });
    }
    session.events.to_vec()
}

/// bob's log: supported on cedar (agrees with alice), inconclusive on kitchen (disagrees), nothing
/// on quiet. Every text of his carries the marker word "zebra".
fn bob_log(team: &Team) -> Vec<Event> {
    let mut session = Session::new(team.case.clone(), team.start.clone());
    let note = "Paragraph describing a recruitment appeal, zebra reading";
    session = act(
        session,
        SessionAction::AddCitation { citation: cedar_citation(team, "bq-1", note), stamp: stamp("bob", 1) },
    );
    let rationale = "Quote 1 describes a recruitment appeal for the group, zebra reading.";
    let verdict = record(&team.cedar, Verdict::Supported, rationale, None, &["bq-1"]);
    session = act(session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("bob", 2) });
    let note = "Recipe passage with chickpeas and tahini, zebra reading";
    session = act(
        session,
        SessionAction::AddCitation { citation: kitchen_citation(team, "bq-2", note), stamp: stamp("bob", 3) },
    );
    let rationale = "The quoted recipe may hide coded wording; zebra reading needs a second look.";
    let verdict = record(
        &team.kitchen,
        Verdict::Inconclusive,
        rationale,
        Some("needs a native speaker to check the wording"),
        &["bq-2"],
    );
    session = act(session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("bob", 4) });
    session.events.to_vec()
}

fn merged(logs: &[&[Event]]) -> Vec<Event> {
    let (events, diagnostics) = merge_logs(logs.iter().copied());
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    events
}

fn no_screenshot(_: &CaptureId) -> Option<(String, Vec<u8>)> {
    None
}

/// Every view a reviewer's app or exports show, as text: the queue (each allegation's current
/// verdict and the gate's status), progress, the dashboard, and every export of the review file.
fn views(case: &Arc<Case>, events: &[Event]) -> Vec<(&'static str, String)> {
    let session = Session::new(case.clone(), events.to_vec());
    let queue: Vec<String> = case
        .allegations
        .iter()
        .map(|allegation| {
            format!(
                "{} {:?} {:?} {:?}",
                allegation.id,
                session.review.current_verdict(&allegation.id),
                session.verdict_status(&allegation.id),
                session.review.citations_for(&allegation.id).collect::<Vec<_>>()
            )
        })
        .collect();
    let file = review_file(case, events, fixture::EXPORTED_AT);
    vec![
        ("queue", queue.join("\n")),
        ("progress", format!("{:?}", progress(&session))),
        ("dashboard", serde_json::to_string(&dashboard(&file)).expect("dashboard json")),
        ("review file", to_json(&file)),
        ("csv", csv(&file)),
        ("claimreview", claim_review(&file)),
        ("webannotation", web_annotation(&file)),
        ("html", html_report(&file, &no_screenshot)),
    ]
}

fn sorted(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)));
    events
}

// ---------------------------------------------------------------------------------------------
// Assignment.

#[test]
fn assignment_refuses_what_cannot_be_done() {
    let team = [member("a"), member("b")];
    assert_eq!(assign(&["x"], &team, 3, 1), Err(AssignError::TooFewReviewers { per_allegation: 3, reviewers: 2 }));
    assert_eq!(assign(&["x"], &team, 0, 1), Err(AssignError::NoReviewersPerAllegation));
    assert_eq!(
        assign(&["x"], &[member("a"), member("a")], 1, 1),
        Err(AssignError::DuplicateReviewer { id: "a".into() })
    );
    assert_eq!(assign(&["x", "x"], &team, 1, 1), Err(AssignError::DuplicateAllegation { id: "x".into() }));
    assert!(assign::<&str>(&[], &team, 2, 1).is_ok_and(|assignment| assignment.allegations.is_empty()));
}

#[test]
fn different_seeds_give_different_pairs() {
    let ids: Vec<String> = (1..=40).map(|n| format!("a{n}")).collect();
    let team: Vec<TeamMember> = ["r1", "r2", "r3", "r4"].map(member).to_vec();
    let one = assign(&ids, &team, 2, 1).expect("assign");
    let two = assign(&ids, &team, 2, 2).expect("assign");
    assert_ne!(one.allegations, two.allegations);
    // With 4 reviewers, every pair meets somewhere (Cohen's kappa needs shared items).
    let pairs: std::collections::BTreeSet<Vec<String>> = one.allegations.values().cloned().collect();
    assert_eq!(pairs.len(), 6, "{pairs:?}");
}

proptest! {
    #[test]
    fn assignment_is_balanced_distinct_and_reproducible(
        allegations in 0usize..60, reviewers in 1usize..9, per in 1usize..5, seed in any::<u64>()
    ) {
        let ids: Vec<String> = (0..allegations).map(|n| format!("a{n}")).collect();
        let team: Vec<TeamMember> = (0..reviewers).map(|n| member(&format!("r{n}"))).collect();
        match assign(&ids, &team, per, seed) {
            Err(error) => prop_assert!(per > reviewers, "{error}"),
            Ok(assignment) => {
                prop_assert!(per <= reviewers);
                prop_assert_eq!(assignment.allegations.len(), allegations);
                for chosen in assignment.allegations.values() {
                    let distinct: std::collections::BTreeSet<&String> = chosen.iter().collect();
                    prop_assert_eq!(distinct.len(), per);
                }
                let loads: Vec<usize> = assignment.loads().into_values().collect();
                prop_assert_eq!(loads.len(), reviewers);
                let (min, max) = (loads.iter().min().copied().unwrap_or(0), loads.iter().max().copied().unwrap_or(0));
                prop_assert!(max - min <= 1, "loads {:?}", loads);
                prop_assert_eq!(loads.iter().sum::<usize>(), allegations * per);
                prop_assert_eq!(assign(&ids, &team, per, seed).ok(), Some(assignment));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Blind review.

#[test]
fn before_deciding_a_reviewer_sees_nothing_of_the_others_in_any_view() {
    let team = team();
    let alice = alice_log(&team, 0);
    let team_log = merged(&[&alice, &bob_log(&team)]);
    let blind = blind_view(&team_log, "alice");
    assert_eq!(blind, sorted(alice.clone()), "alice's blind view is her own log");
    let state = blind_state(&team_log, "alice");
    assert!(state.citation_authors.values().all(|author| author == "alice"), "{:?}", state.citation_authors);
    assert!(state.verdicts.is_empty());
    for (view, text) in views(&team.case, &blind) {
        for mark in BOB_MARKS {
            assert!(!text.contains(mark), "{view} shows {mark:?} before alice decided:\n{text}");
        }
    }
    // And the views are exactly those of her own log.
    assert_eq!(views(&team.case, &blind), views(&team.case, &alice));
    // The full team log shows bob's work: the marks are real.
    for (view, text) in views(&team.case, &team_log) {
        if ["review file", "html", "webannotation"].contains(&view) {
            assert!(text.contains("zebra"), "{view} of the team log");
        }
    }
}

#[test]
fn after_deciding_one_allegation_only_that_one_opens() {
    let team = team();
    let team_log = merged(&[&alice_log(&team, 1), &bob_log(&team)]);
    let blind = blind_view(&team_log, "alice");
    let ids: Vec<&str> = blind.iter().map(|event| event.id.as_str()).collect();
    assert!(ids.contains(&"bx-01") && ids.contains(&"bx-02"), "bob's cedar citation and verdict: {ids:?}");
    assert!(!ids.contains(&"bx-03") && !ids.contains(&"bx-04"), "bob's kitchen work stays hidden: {ids:?}");
    let state = fold(&blind);
    assert_eq!(state.current_verdict_by(&team.cedar, "bob").map(|entry| entry.event_id.as_str()), Some("bx-02"));
    assert!(state.current_verdict_by(&team.kitchen, "bob").is_none());
    for (view, text) in views(&team.case, &blind) {
        assert!(!text.contains("bq-2") && !text.contains("bx-04") && !text.contains("coded wording"), "{view}");
    }
    // bob decided both: he sees all of alice's work.
    let bob_sees = blind_view(&team_log, "bob");
    assert_eq!(bob_sees, team_log);
}

#[test]
fn after_deciding_everything_every_view_shows_everything() {
    let team = team();
    let team_log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    // quiet is decided by nobody and nobody worked on it: nothing is hidden.
    let blind = blind_view(&team_log, "alice");
    assert_eq!(blind, team_log);
    assert_eq!(views(&team.case, &blind), views(&team.case, &team_log));
    // A reveal is an event; a reviewer who has not decided does not see others' reveals.
    let mut with_reveal = team_log.clone();
    let reveal = stamp("alice", 9);
    with_reveal.push(Event::new(
        reveal.event_id,
        reveal.time,
        "alice",
        EventKind::Revealed { allegation_id: team.cedar.clone() },
    ));
    assert!(fold(&with_reveal).revealed.get(&team.cedar).is_some_and(|who| who.contains("alice")));
    let carol = blind_view(&with_reveal, "carol");
    assert!(carol
        .iter()
        .all(|event| matches!(event.kind, EventKind::CaseLoaded { .. } | EventKind::AssignmentMade { .. })));
    let _ = team.quiet;
}

// ---------------------------------------------------------------------------------------------
// Merge.

/// A third reviewer's log, with a verdict on quiet.
fn carol_log(team: &Team) -> Vec<Event> {
    let session = Session::new(team.case.clone(), team.start.clone());
    let verdict = record(
        &team.quiet,
        Verdict::Unreviewable,
        "No capture of this site was supplied with the case.",
        Some("no capture"),
        &[],
    );
    act(session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("carol", 1) }).events.to_vec()
}

#[test]
fn merging_three_reviewers_loses_nothing_whatever_the_order() {
    let team = team();
    let (alice, bob, carol) = (alice_log(&team, 2), bob_log(&team), carol_log(&team));
    let logs: [&[Event]; 3] = [&alice, &bob, &carol];
    let reference = merged(&logs);
    let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    for order in orders {
        let (events, conflicts) = merge_logs(order.map(|index| logs[index]));
        assert!(conflicts.is_empty());
        assert_eq!(events, reference, "order {order:?}");
    }
    // Nothing lost: every event of every log is in, once; each keeps its reviewer.
    for log in logs {
        for event in log {
            assert_eq!(reference.iter().filter(|merged| *merged == event).count(), 1, "{}", event.id);
        }
    }
    let ids: std::collections::BTreeSet<&str> = logs.iter().flat_map(|log| log.iter().map(|e| e.id.as_str())).collect();
    assert_eq!(reference.len(), ids.len());
    // Merging a merged log with a reviewer's log again changes nothing.
    assert_eq!(merged(&[&reference, &bob]), reference);
}

proptest! {
    /// Events spread over three files, with copies of some in several files, in any order of files
    /// and of events within a file: the merge is the same, and holds each event once.
    #[test]
    fn merge_does_not_depend_on_the_order_of_files(
        placement in proptest::collection::vec((0usize..3, any::<bool>(), 0u32..50, 0u32..3), 1..40),
        rotate in 0usize..3,
        reverse in any::<bool>(),
    ) {
        let mut files: [Vec<Event>; 3] = Default::default();
        let mut all = Vec::new();
        for (index, (file, copied, minute, offset)) in placement.into_iter().enumerate() {
            let time = format!("2026-03-04T{:02}:{minute:02}:00+0{offset}:00", 10 + offset);
            let event = Event::new(format!("e{index}"), time, format!("r{file}"), EventKind::Revealed { allegation_id: "a1".into() });
            files[file].push(event.clone());
            if copied {
                files[(file + 1) % 3].push(event.clone());
            }
            all.push(event);
        }
        let (reference, conflicts) = merge_logs(files.iter().map(Vec::as_slice));
        prop_assert!(conflicts.is_empty());
        prop_assert_eq!(reference.len(), all.len());
        for event in &all {
            prop_assert!(reference.contains(event));
        }
        let mut shuffled: Vec<Vec<Event>> = files.to_vec();
        shuffled.rotate_left(rotate);
        if reverse {
            shuffled.reverse();
            for file in &mut shuffled {
                file.reverse();
            }
        }
        let (again, _) = merge_logs(shuffled.iter().map(Vec::as_slice));
        prop_assert_eq!(again, reference);
    }
}

#[test]
fn a_citation_id_two_reviewers_added_is_a_warning() {
    let team = team();
    let alice = alice_log(&team, 0);
    let mut bob = bob_log(&team);
    for event in &mut bob {
        if let EventKind::CitationAdded { citation } = &mut event.kind {
            if citation.id == "bq-1" {
                citation.id = "aq-1".into();
            }
        }
    }
    let (events, diagnostics) = merge_logs([alice.as_slice(), bob.as_slice()]);
    assert_eq!(events.len(), alice.len() + bob.len() - team.start.len(), "both events are kept");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0].severity, exhibit::domain::diagnostic::Severity::Warning);
    assert!(diagnostics[0].message.contains("aq-1") && diagnostics[0].message.contains("bx-01"));
}

#[test]
fn merge_orders_by_instant_not_text() {
    let event = |id: &str, time: &str| Event::new(id, time, "r", EventKind::Undo { event_id: "none".into() });
    // 10:30+02:00 is 08:30Z, before 09:00Z, though it sorts after as text.
    let one = vec![event("late-text", "2026-03-04T10:30:00+02:00"), event("z-unreadable", "yesterday")];
    let two = vec![event("early-text", "2026-03-04T09:00:00Z")];
    let (events, _) = merge_logs([one.as_slice(), two.as_slice()]);
    let ids: Vec<&str> = events.iter().map(|event| event.id.as_str()).collect();
    assert_eq!(ids, ["late-text", "early-text", "z-unreadable"]);
    // The agreement module's merge is the same one.
    assert_eq!(agreement::merge_logs([two.as_slice(), one.as_slice()]), events);
}

#[test]
fn conflicting_events_are_reported_and_the_earlier_kept() {
    let team = team();
    let alice = alice_log(&team, 1);
    let mut forged = bob_log(&team);
    // bob's file holds an event under alice's id ax-03 (her cedar verdict), with other content.
    let mut clash = forged[forged.len() - 1].clone();
    clash.id = "ax-03".into();
    forged.push(clash.clone());
    for logs in [[alice.as_slice(), forged.as_slice()], [forged.as_slice(), alice.as_slice()]] {
        let (events, conflicts) = merge_logs(logs);
        assert_eq!(conflicts.len(), 1, "{conflicts:?}");
        let message = &conflicts[0].message;
        assert!(message.contains("ax-03") && message.contains("alice") && message.contains("bob"), "{message}");
        let kept: Vec<&Event> = events.iter().filter(|event| event.id == "ax-03").collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].reviewer, "alice", "alice's is earlier (10:16 vs 10:19)");
    }
}

// ---------------------------------------------------------------------------------------------
// Final verdicts and adjudication.

fn assignment_of(events: &[Event]) -> Assignment {
    fold(events).assignment.expect("an assignment in force")
}

#[test]
fn final_verdicts_agree_disagree_and_miss() {
    let team = team();
    let team_log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let state = fold(&team_log);
    let statuses = reviewer_statuses(&team.case, &state);
    assert!(statuses.values().all(|status| status.is_valid()), "{statuses:?}");
    let finals = final_verdicts(&state, &assignment_of(&team_log), &statuses);
    assert_eq!(
        finals[&team.cedar],
        Final::Agreed { verdict: Verdict::Supported, rests_on: vec!["ax-03".into(), "bx-02".into()] }
    );
    let Final::Disagreement { verdicts } = &finals[&team.kitchen] else { panic!("{:?}", finals[&team.kitchen]) };
    assert_eq!(
        verdicts.iter().map(|v| (v.reviewer.as_str(), v.verdict)).collect::<Vec<_>>(),
        [("alice", Verdict::NotSupported), ("bob", Verdict::Inconclusive)]
    );
    assert_eq!(finals[&team.quiet], Final::Missing { reviewers: vec!["alice".into(), "bob".into()] });
    assert!(!finals[&team.cedar].needs_adjudication() && finals[&team.kitchen].needs_adjudication());

    // Agreement becomes final with a Finalized event, once.
    let kinds = finalize_agreed(&state, &assignment_of(&team_log), &statuses);
    assert_eq!(
        kinds,
        [EventKind::Finalized {
            allegation_id: team.cedar.clone(),
            verdict: Verdict::Supported,
            rests_on: vec!["ax-03".into(), "bx-02".into()]
        }]
    );
    let mut finalized = team_log.clone();
    let made = stamp("coordinator", 20);
    finalized.push(Event::new(made.event_id, made.time, made.reviewer, kinds[0].clone()));
    let state = fold(&finalized);
    assert_eq!(state.finalized[&team.cedar].verdict, Verdict::Supported);
    assert!(finalize_agreed(&state, &assignment_of(&finalized), &reviewer_statuses(&team.case, &state)).is_empty());

    // An invalid verdict does not stand: the reviewer counts as missing.
    let mut no_statuses = statuses.clone();
    no_statuses.remove("bx-02");
    let finals = final_verdicts(&fold(&team_log), &assignment_of(&team_log), &no_statuses);
    assert_eq!(finals[&team.cedar], Final::Missing { reviewers: vec!["bob".into()] });
}

fn adjudication(team: &Team, adjudicates: &[&str], citations: &[&str]) -> VerdictRecord {
    let mut verdict = record(
        &team.kitchen,
        Verdict::NotSupported,
        "The quoted passage is a recipe with cooking instructions; nothing in it is coded.",
        None,
        citations,
    );
    verdict.adjudicates = adjudicates.iter().map(|&id| id.into()).collect();
    verdict
}

#[test]
fn an_adjudication_settles_a_disagreement_through_the_gate() {
    let team = team();
    let team_log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let session = Session::new(team.case.clone(), team_log.clone());
    let outcome = apply(
        &session,
        SessionAction::RecordVerdict {
            record: adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]),
            stamp: stamp("carol", 5),
        },
    );
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    let state = outcome.session.review.clone();
    let statuses = reviewer_statuses(&team.case, &state);
    let finals = final_verdicts(&state, &assignment_of(&team_log), &statuses);
    assert_eq!(
        finals[&team.kitchen],
        Final::Adjudicated {
            event_id: "cx-05".into(),
            verdict: Verdict::NotSupported,
            rests_on: vec!["ax-04".into(), "bx-04".into()]
        }
    );
    // The adjudicator's verdict is not a rating.
    let ratings = agreement::ratings_from_events([], &outcome.session.events);
    assert!(!ratings.reviewers().iter().any(|reviewer| reviewer == "carol"));
    // The session's own gate agrees (the adjudication is the allegation's latest verdict).
    assert!(outcome.session.verdict_status(&team.kitchen).is_some_and(|status| status.is_valid()));
}

#[test]
fn an_adjudication_without_evidence_or_references_is_refused() {
    let team = team();
    let team_log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let session = Session::new(team.case.clone(), team_log.clone());
    let cases: Vec<(&str, VerdictRecord)> = vec![
        ("no citation", adjudication(&team, &["ax-04", "bx-04"], &[])),
        ("unknown event", adjudication(&team, &["ax-04", "nope"], &["aq-2"])),
        ("another allegation's verdict", adjudication(&team, &["ax-03"], &["aq-2"])),
        ("not a verdict", adjudication(&team, &["bx-03"], &["aq-2"])),
    ];
    for (what, verdict) in cases {
        let outcome = apply(&session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("carol", 6) });
        assert!(outcome.appended.is_empty(), "{what}");
        assert!(
            outcome.refused.iter().any(|violation| violation.rule == Rule::EvidenceRequired),
            "{what}: {:?}",
            outcome.refused
        );
        assert_eq!(outcome.session.events, session.events, "{what}");
    }
    // A verdict by someone not assigned, and no assignment at all.
    let mut unassigned = team_log.clone();
    unassigned.extend(carol_log(&team));
    let session = Session::new(team.case.clone(), unassigned);
    let mut verdict = adjudication(&team, &["cx-01"], &[]);
    verdict.allegation_id = team.quiet.clone();
    verdict.verdict = Verdict::Unreviewable;
    verdict.reason = Some("no capture".into());
    let refused =
        apply(&session, SessionAction::RecordVerdict { record: verdict.clone(), stamp: stamp("carol", 7) }).refused;
    assert!(refused.iter().any(|violation| violation.message.contains("not assigned")), "{refused:?}");
    let without: Vec<Event> =
        team_log.iter().filter(|event| !matches!(event.kind, EventKind::AssignmentMade { .. })).cloned().collect();
    let session = Session::new(team.case.clone(), without);
    let refused = apply(
        &session,
        SessionAction::RecordVerdict {
            record: adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]),
            stamp: stamp("carol", 7),
        },
    )
    .refused;
    assert!(refused.iter().any(|violation| violation.message.contains("no assignment")), "{refused:?}");
}

#[test]
fn a_later_assignment_replaces_the_earlier() {
    let team = team();
    let mut log = team.start.clone();
    let ids: Vec<&str> = team.case.allegations.iter().map(|allegation| allegation.id.as_str()).collect();
    let changed = assign(&ids, &[member("alice"), member("bob"), member("carol")], 1, 3).expect("assign");
    let made = stamp("coordinator", 3);
    log.push(Event::new(
        made.event_id.clone(),
        made.time,
        made.reviewer,
        EventKind::AssignmentMade { assignment: changed.clone() },
    ));
    assert_eq!(fold(&log).assignment, Some(changed.clone()));
    // Undoing the change brings back the first one.
    let mut undone = log.clone();
    let undo = stamp("coordinator", 4);
    undone.push(Event::new(
        undo.event_id,
        undo.time,
        undo.reviewer,
        EventKind::Undo { event_id: made.event_id.clone() },
    ));
    assert_eq!(fold(&undone).assignment, fold(&team.start).assignment);
    assert_ne!(fold(&undone).assignment, Some(changed.clone()));
    // It reads back from JSON, and an old log without team events reads as before.
    let (read, diagnostics) = parse_log(&exhibit::domain::review_log::to_json(&log));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert_eq!(read, log);
    let old = fixture::events(&team.case, fixture::Scope::Full);
    let state = fold(&old);
    assert!(state.assignment.is_none() && state.revealed.is_empty() && state.finalized.is_empty());
    let json = exhibit::domain::review_log::to_json(&old);
    assert!(!json.contains("adjudicates"), "a reviewer's verdict writes no adjudicates field");
}

// ---------------------------------------------------------------------------------------------
// The CLI.

static COUNTER: AtomicUsize = AtomicUsize::new(0);

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let unique = format!("exhibit-team-{name}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn exhibit<S: AsRef<std::ffi::OsStr>>(arguments: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit")).args(arguments).output().expect("run");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write_file(dir: &Path, name: &str, case: &Case, events: &[Event]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, to_json(&review_file(case, events, fixture::EXPORTED_AT))).expect("write");
    path
}

#[test]
fn exhibit_assign_prints_and_writes_the_assignment() {
    let team = team();
    let dir = TempDir::new("assign");
    let review = write_file(&dir.0, "case.json", &team.case, &team.start[..1]);
    let out = dir.0.join("assigned.json");
    let arguments = |seed: &str| {
        vec![
            "assign".to_string(),
            review.display().to_string(),
            "--reviewers".into(),
            "alice:Alice A,bob:Bob B,carol:Carol C".into(),
            "--seed".into(),
            seed.into(),
            "-o".into(),
            out.display().to_string(),
            "--time".into(),
            "2026-03-04T12:00:00Z".into(),
        ]
    };
    let run = exhibit(&arguments("42"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: Assignment = serde_json::from_str(&run.stdout).expect("assignment JSON");
    let ids: Vec<&str> = team.case.allegations.iter().map(|allegation| allegation.id.as_str()).collect();
    let members = [("alice", "Alice A"), ("bob", "Bob B"), ("carol", "Carol C")]
        .map(|(id, name)| TeamMember { id: id.into(), name: name.into() });
    assert_eq!(printed, assign(&ids, &members, 2, 42).expect("assign"));
    let (file, _) = parse_review_file(&std::fs::read_to_string(&out).expect("written")).expect("review file");
    let last = file.events.last().expect("an event");
    assert_eq!(last.time, "2026-03-04T12:00:00Z");
    assert_eq!(last.kind, EventKind::AssignmentMade { assignment: printed.clone() });
    assert_eq!(exhibit(&arguments("42")).stdout, run.stdout, "reproducible");

    let too_many = exhibit(&["assign", &review.display().to_string(), "--reviewers", "alice:A", "--per", "2"]);
    assert_eq!(too_many.code, 2);
    assert!(too_many.stderr.contains("2 reviewers per allegation"), "{}", too_many.stderr);
    let missing = exhibit(&["assign", "/nonexistent/review.json", "--reviewers", "a:A,b:B"]);
    assert_eq!(missing.code, 2);
    // Without --time the CLI reads the clock.
    let now = exhibit(&[
        "assign",
        &review.display().to_string(),
        "--reviewers",
        "a:A,b:B",
        "--seed",
        "1",
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(now.code, 0, "{}", now.stderr);
    let (file, _) = parse_review_file(&std::fs::read_to_string(&out).expect("written")).expect("review file");
    let time = &file.events.last().expect("event").time;
    assert!(exhibit::domain::policy::parse_instant(time.as_str()).is_some(), "{time}");
}

#[test]
fn exhibit_merge_writes_one_team_file_and_refuses_conflicts() {
    let team = team();
    let dir = TempDir::new("merge");
    let (alice, bob, carol) = (alice_log(&team, 2), bob_log(&team), carol_log(&team));
    let a = write_file(&dir.0, "alice.json", &team.case, &alice);
    let b = write_file(&dir.0, "bob.json", &team.case, &bob);
    let c = write_file(&dir.0, "carol.json", &team.case, &carol);
    let expected = merged(&[&alice, &bob, &carol]);
    let mut outputs = Vec::new();
    for (number, files) in [[&a, &b, &c], [&c, &a, &b], [&b, &c, &a]].into_iter().enumerate() {
        let out = dir.0.join(format!("team-{number}.json"));
        let mut arguments = vec!["merge".to_string()];
        arguments.extend(files.iter().map(|path| path.display().to_string()));
        arguments.extend(["-o".into(), out.display().to_string(), "--time".into(), "2026-03-05T00:00:00Z".into()]);
        let run = exhibit(&arguments);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let (file, diagnostics) = parse_review_file(&std::fs::read_to_string(&out).expect("written")).expect("file");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(file.events, expected);
        assert_eq!(file.allegations, team.case.allegations);
        outputs.push(std::fs::read_to_string(&out).expect("written"));
    }
    assert!(outputs.windows(2).all(|pair| pair[0] == pair[1]), "the same file whatever the order");

    // A conflict: exit 1, the id and the reviewers named, nothing written.
    let mut forged = bob.clone();
    let mut clash = forged[forged.len() - 1].clone();
    clash.id = "ax-03".into();
    forged.push(clash);
    let f = write_file(&dir.0, "forged.json", &team.case, &forged);
    let out = dir.0.join("conflict.json");
    let run = exhibit(&["merge", &a.display().to_string(), &f.display().to_string(), "-o", &out.display().to_string()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("ax-03") && run.stderr.contains("bob"), "{}", run.stderr);
    assert!(!out.exists());

    // Unreadable input: exit 2.
    let broken = dir.0.join("broken.json");
    std::fs::write(&broken, "{ not json").expect("write");
    assert_eq!(exhibit(&["merge", &a.display().to_string(), &broken.display().to_string()]).code, 2);
    assert_eq!(exhibit(&["merge", "/nonexistent/file.json"]).code, 2);
}

// ---------------------------------------------------------------------------------------------
// What the app shows each reviewer (`team::shown_view`), reveals and finalisation as session
// actions, team exports and `exhibit verify` of every reviewer's verdict.

/// Every text of bob's events that must stay out of alice's views while she is blind.
fn shows_bob(events: &[Event]) -> bool {
    events.iter().any(|event| event.reviewer == "bob")
}

#[test]
fn shown_view_hides_the_others_until_the_reviewer_decided_and_opened_them() {
    let team = team();
    let bob = bob_log(&team);
    // alice has cited but not decided: nothing of bob's on any allegation, in any view.
    let log = merged(&[&alice_log(&team, 0), &bob]);
    let shown = shown_view(&log, &fold(&log), "alice");
    assert!(!shows_bob(&shown));
    for (view, text) in views(&team.case, &shown) {
        for mark in BOB_MARKS {
            assert!(!text.contains(mark), "{view} shows {mark} before alice decided");
        }
    }
    assert!(is_blind(&fold(&log), "alice", &team.cedar));

    // Deciding alone opens nothing in the app: opening is its own act, recorded in the log.
    let session = Session::new(team.case.clone(), merged(&[&alice_log(&team, 1), &bob]));
    let shown = shown_view(&session.events, &session.review, "alice");
    assert!(!shows_bob(&shown), "decided but not revealed");

    // A reveal before deciding is refused; after deciding it is appended once and opens that
    // allegation only.
    let early =
        apply(&session, SessionAction::Reveal { allegation_id: team.kitchen.clone(), stamp: stamp("alice", 9) });
    assert!(early.appended.is_empty(), "alice has not decided kitchen");
    let revealed = act(session, SessionAction::Reveal { allegation_id: team.cedar.clone(), stamp: stamp("alice", 9) });
    let again =
        apply(&revealed, SessionAction::Reveal { allegation_id: team.cedar.clone(), stamp: stamp("alice", 10) });
    assert!(again.appended.is_empty(), "one reveal is enough");
    let shown = shown_view(&revealed.events, &revealed.review, "alice");
    let about: Vec<&Event> = shown.iter().filter(|event| event.reviewer == "bob").collect();
    assert!(!about.is_empty());
    for event in about {
        let text = serde_json::to_string(event).expect("event json");
        let names = |id: &str| text.contains(&format!("\"allegation_id\":\"{id}\""));
        assert!(names(&team.cedar), "only cedar opens: {text}");
        assert!(!names(&team.kitchen), "kitchen stays closed: {text}");
    }
    assert!(!is_blind(&revealed.review, "alice", &team.cedar));
    assert!(is_blind(&revealed.review, "alice", &team.kitchen));
}

#[test]
fn a_planted_reveal_does_not_open_an_undecided_allegation() {
    // A careless or dishonest copy of the log holds alice's reveal of kitchen without her verdict.
    let team = team();
    let mut log = merged(&[&alice_log(&team, 1), &bob_log(&team)]);
    let planted = stamp("alice", 30);
    log.push(Event::new(
        planted.event_id,
        planted.time,
        planted.reviewer,
        EventKind::Revealed { allegation_id: team.kitchen.clone() },
    ));
    let shown = shown_view(&log, &fold(&log), "alice");
    assert!(!shown
        .iter()
        .any(|event| event.reviewer == "bob" && serde_json::to_string(event).unwrap_or_default().contains("bq-2")));
}

#[test]
fn unassigned_viewers_and_single_reviewer_cases_see_the_whole_log() {
    let team = team();
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    // carol is not on the team: the adjudicator sees everything.
    assert_eq!(shown_view(&log, &fold(&log), "carol"), log);
    // Without an assignment nothing is hidden.
    let without: Vec<Event> =
        log.iter().filter(|event| !matches!(event.kind, EventKind::AssignmentMade { .. })).cloned().collect();
    assert_eq!(shown_view(&without, &fold(&without), "alice"), without);
}

#[test]
fn finalize_agreed_appends_one_event_per_agreed_allegation_once() {
    let team = team();
    let session = Session::new(team.case.clone(), merged(&[&alice_log(&team, 2), &bob_log(&team)]));
    let done = apply(&session, SessionAction::FinalizeAgreed { stamp: stamp("carol", 1) });
    assert_eq!(done.appended.len(), 1, "{:?}", done.appended);
    assert_eq!(done.appended[0].id, "cx-01-1");
    assert!(
        matches!(&done.appended[0].kind, EventKind::Finalized { allegation_id, .. } if *allegation_id == team.cedar)
    );
    let again = apply(&done.session, SessionAction::FinalizeAgreed { stamp: stamp("carol", 2) });
    assert!(again.appended.is_empty());
    // No assignment: nothing to finalise.
    let alone = Session::new(team.case.clone(), fixture_events_without_assignment(&team));
    assert!(apply(&alone, SessionAction::FinalizeAgreed { stamp: stamp("carol", 3) }).appended.is_empty());
}

fn fixture_events_without_assignment(team: &Team) -> Vec<Event> {
    alice_log(team, 2).into_iter().filter(|event| !matches!(event.kind, EventKind::AssignmentMade { .. })).collect()
}

#[test]
fn team_exports_use_the_final_verdict_and_show_agreement() {
    let team = team();
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let file = review_file(&team.case, &log, fixture::EXPORTED_AT);
    let table = csv(&file);
    let header = table.lines().next().expect("header");
    assert!(header.ends_with("status,violations,team_status,reviewer_verdicts"), "{header}");
    let row = |id: &str| {
        table.lines().find(|line| line.starts_with(&format!("{id},"))).unwrap_or_else(|| panic!("row {id}")).to_string()
    };
    assert!(row(&team.cedar).contains(",supported,") && row(&team.cedar).contains(",agreed,"), "{}", row(&team.cedar));
    // The disagreement is not final: no verdict in the export until it is adjudicated.
    let kitchen = row(&team.kitchen);
    assert!(
        kitchen.contains(",unreviewed,") && kitchen.contains("disagreement,alice=not_supported;bob=inconclusive"),
        "{kitchen}"
    );
    let report = html_report(&file, &no_screenshot);
    assert!(
        report.contains("data-testid=\"agreement-table\"") && report.contains("Cohen's kappa"),
        "report shows agreement"
    );
    let board = dashboard(&file);
    let summary = board.team.as_ref().expect("team summary");
    assert_eq!((summary.assigned, summary.agreed, summary.disagreement, summary.missing), (5, 1, 1, 3));
    assert_eq!(board.reviewed, 1, "only the agreed allegation counts as decided");
    assert!(!claim_review(&file).contains("inconclusive"), "ClaimReview carries no unsettled verdict");

    // Adjudicated: the adjudication is what every export shows.
    let session = Session::new(team.case.clone(), log);
    let settled = act(
        session,
        SessionAction::RecordVerdict {
            record: adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]),
            stamp: stamp("carol", 5),
        },
    );
    let file = review_file(&team.case, &settled.events, fixture::EXPORTED_AT);
    let table = csv(&file);
    let kitchen =
        table.lines().find(|line| line.starts_with(&format!("{},", team.kitchen))).expect("kitchen row").to_string();
    assert!(
        kitchen.contains(",not_supported,") && kitchen.contains(",carol,") && kitchen.contains("adjudicated"),
        "{kitchen}"
    );
    assert_eq!(dashboard(&file).reviewed, 2);
}

#[test]
fn single_reviewer_csv_keeps_its_sixteen_columns() {
    let team = team();
    let file = review_file(&team.case, &fixture_events_without_assignment(&team), fixture::EXPORTED_AT);
    let table = csv(&file);
    assert_eq!(table.lines().next().expect("header").split(',').count(), 16);
    assert!(dashboard(&file).team.is_none());
}

#[test]
fn verify_rechecks_every_reviewers_verdict_not_only_the_latest() {
    let team = team();
    // kitchen holds alice's and bob's verdicts and carol's adjudication: each is checked, not only
    // the latest (a reviewer's verdict an adjudication rests on is evidence too).
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let mut session = Session::new(team.case.clone(), log);
    session = act(
        session,
        SessionAction::RecordVerdict {
            record: adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]),
            stamp: stamp("carol", 5),
        },
    );
    let file = review_file(&team.case, &session.events, fixture::EXPORTED_AT);
    let report = exhibit::domain::export::verify(&file, &[], &team.case.captures);
    let subjects: Vec<String> = report.lines.iter().map(|line| line.subject.clone()).collect();
    for expected in [
        format!("verdict {} by alice", team.kitchen),
        format!("verdict {} by bob", team.kitchen),
        format!("adjudication {} by carol", team.kitchen),
    ] {
        assert!(subjects.contains(&expected), "{expected} in {subjects:?}");
    }
}

#[test]
fn an_adjudicators_verdict_names_the_assigned_reviewers_current_verdicts() {
    let team = team();
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let state = fold(&log);
    assert_eq!(exhibit::domain::team::adjudication_refs(&state, &team.kitchen, "carol"), ["ax-04", "bx-04"]);
    // A reviewer's own verdict adjudicates nothing; nor does anyone's without a team.
    assert!(exhibit::domain::team::adjudication_refs(&state, &team.kitchen, "alice").is_empty());
    let alone = fold(&fixture_events_without_assignment(&team));
    assert!(exhibit::domain::team::adjudication_refs(&alone, &team.kitchen, "carol").is_empty());
    // Only reviewers with a verdict are named: quiet has none.
    assert!(exhibit::domain::team::adjudication_refs(&state, &team.quiet, "carol").is_empty());
}

#[test]
fn team_members_are_read_from_lines_or_commas() {
    use exhibit::domain::team::parse_members;
    let members = parse_members(&["alice: Alice Example\nbob\n\n carol , dan:Dan"]).expect("members");
    let read: Vec<(&str, &str)> = members.iter().map(|m| (m.id.as_str(), m.name.as_str())).collect();
    assert_eq!(read, [("alice", "Alice Example"), ("bob", "bob"), ("carol", "carol"), ("dan", "Dan")]);
    let error = parse_members(&[":Nobody"]).expect_err("no id");
    assert!(error.contains("no id"), "{error}");
}

#[test]
fn agreement_per_finding_on_the_dashboard_and_from_the_cli() {
    let team = team();
    // alice and bob both cite a recruitment finding on cedar and an unrelated one on kitchen.
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let file = review_file(&team.case, &log, fixture::EXPORTED_AT);
    let board = dashboard(&file);
    let per_finding = &board.team.as_ref().expect("team summary").per_finding;
    assert_eq!(per_finding.keys().map(String::as_str).collect::<Vec<_>>(), ["recruitment", "unrelated"]);
    for figures in per_finding.values() {
        assert_eq!(figures.pairable_items, 2, "cedar and kitchen, rated by both");
        assert_eq!(figures.percent_agreement.value(), Some(1.0));
    }
    assert!(html_report(&file, &no_screenshot).contains("data-testid=\"agreement-per-finding\""));

    // bob sees no recruitment on cedar: the finding splits them there.
    let mut bob = bob_log(&team);
    for event in &mut bob {
        if let EventKind::CitationAdded { citation } = &mut event.kind {
            if citation.id == "bq-1" {
                citation.finding = Some("reporting".to_string());
            }
        }
    }
    let split = merged(&[&alice_log(&team, 2), &bob]);
    let dir = TempDir::new("per-finding");
    let alice_file = write_file(&dir.0, "alice.json", &team.case, &alice_log(&team, 2));
    let bob_file = write_file(&dir.0, "bob.json", &team.case, &bob);
    let run = exhibit(&[std::ffi::OsStr::new("agreement"), alice_file.as_os_str(), bob_file.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(json["per_finding"]["recruitment"]["percent_agreement"], 0.5, "{}", run.stdout);
    assert_eq!(json["per_finding"]["unrelated"]["percent_agreement"], 1.0);
    let board = dashboard(&review_file(&team.case, &split, fixture::EXPORTED_AT));
    assert_eq!(board.team.expect("team").per_finding["recruitment"].percent_agreement.value(), Some(0.5));
}

#[test]
fn an_adjudication_on_language_or_identity_alone_is_refused_like_any_verdict() {
    // The adjudicator's verdict goes through the one gate: citing evidence and naming the
    // reviewers' verdicts does not let a rationale that rests on who the site's people are pass.
    let team = team();
    let log = merged(&[&alice_log(&team, 2), &bob_log(&team)]);
    let session = Session::new(team.case.clone(), log);
    let rationales = [
        "The site is written in Arabic, so it supports the allegation.",
        "Arabic-language site; Arabic script throughout; therefore supported.",
        "The page is in العربية and its authors are Muslims.",
        "Supported: the people running it are Kurdish nationalists from that region.",
        "Supported because the site is Persian-language, as shown in quote 1, see quote 1, quote 1.",
        "Lorem ipsum dolor sit amet.",
        "...",
        "   ",
    ];
    for rationale in rationales {
        let mut verdict = adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]);
        verdict.verdict = Verdict::Supported;
        verdict.rationale = rationale.to_string();
        let outcome = apply(&session, SessionAction::RecordVerdict { record: verdict, stamp: stamp("carol", 8) });
        assert!(outcome.appended.is_empty(), "accepted: {rationale:?}");
        assert!(!outcome.refused.is_empty(), "no reason given for {rationale:?}");
    }
    // The same verdict arriving by sync (as a pulled event) is judged by the gate and shown invalid.
    let mut verdict = adjudication(&team, &["ax-04", "bx-04"], &["aq-2"]);
    verdict.verdict = Verdict::Supported;
    verdict.rationale = rationales[0].to_string();
    let mut events = session.events.to_vec();
    let forged = stamp("carol", 9);
    events.push(Event::new(
        forged.event_id,
        forged.time,
        forged.reviewer,
        EventKind::VerdictRecorded { record: verdict },
    ));
    let doc = exhibit::domain::sync::docs_for_log(&events[events.len() - 1..]);
    let (pulled, problems) = exhibit::domain::sync::check_docs(&[], &doc);
    assert!(problems.is_empty(), "a well-formed document: {problems:?}");
    let merged = apply(&session, SessionAction::Merge { events: pulled }).session;
    let status = merged.verdict_status(&team.kitchen).expect("a status");
    assert!(
        status.violations.iter().any(|v| matches!(v.rule, Rule::LanguageNotEvidence | Rule::IdentityNotEvidence)),
        "{status:?}"
    );
}

/// alice's blind view remade after each of her actions from the view before it
/// (`Session::view_after` with what the action touched, as the app does) judges every verdict as
/// a view judged whole does, in a session that judges at once and in one that defers.
#[test]
fn a_blind_view_remade_after_each_action_judges_as_a_view_judged_whole() {
    let team = team();
    let bob = bob_log(&team);
    let forged = Event::new(
        "bob-forged",
        "2026-03-01T12:00:00Z",
        "bob",
        EventKind::VerdictRecorded {
            record: record(&team.quiet, Verdict::Supported, "Kurdish site, obviously extremist.", None, &[]),
        },
    );
    let rationale = "The quoted recipe shows cooking instructions, not the alleged content.";
    let actions = [
        SessionAction::RecordVerdict {
            record: record(
                &team.cedar,
                Verdict::Supported,
                "The quoted paragraph describes a recruitment appeal, as the list claims.",
                None,
                &["aq-1"],
            ),
            stamp: stamp("alice", 3),
        },
        SessionAction::Reveal { allegation_id: team.cedar.clone(), stamp: stamp("alice", 4) },
        SessionAction::Merge { events: vec![forged] },
        SessionAction::RecordVerdict {
            record: record(&team.kitchen, Verdict::NotSupported, rationale, None, &["aq-2"]),
            stamp: stamp("alice", 5),
        },
        SessionAction::RemoveCitation { citation_id: "aq-1".into(), stamp: stamp("alice", 6) },
        SessionAction::Undo { event_id: stamp("alice", 6).event_id, stamp: stamp("alice", 7) },
    ];
    for start in [Session::default(), Session::deferring()] {
        let restore = SessionAction::Restore {
            case: team.case.clone(),
            events: merged(&[&alice_log(&team, 0), &bob]),
            stamp: None,
        };
        let mut log = act(start, restore).judge_pending(|| true);
        let whole =
            |log: &Session| Session::new(team.case.clone(), shown_view(&log.events, &log.review, "alice")).statuses;
        let mut view = log.view_after(team.case.clone(), shown_view(&log.events, &log.review, "alice"), None);
        view = view.judge_pending(|| true);
        assert_eq!(view.statuses, whole(&log));
        for action in actions.clone() {
            let merge = matches!(action, SessionAction::Merge { .. });
            let outcome = apply(&log, action);
            assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
            let touched = if merge { None } else { touched_by(&outcome.appended, &outcome.session.review) };
            log = outcome.session;
            view = view.view_after(team.case.clone(), shown_view(&log.events, &log.review, "alice"), touched.as_ref());
            if log.defers && touched.is_some() {
                assert!(view.pending.is_empty(), "only what an action touches is judged again, at once");
            }
            view = view.judge_pending(|| true);
            assert_eq!(view.statuses, whole(&log), "after {:?}", log.events.last().map(|event| &event.kind));
            log = log.judge_pending(|| true);
        }
        assert_eq!(view.statuses.len(), 2, "alice's two verdicts (bob's are hidden from her)");
        assert!(log.verdict_status(&team.quiet).is_some_and(|status| !status.is_valid()), "bob's forged verdict");
    }
}

/// The CLI refuses what would silently damage a review file: a `--time` that is no RFC 3339 time
/// (it decides which assignment is in force), `agreement` over files whose events conflict (as
/// `merge` refuses them), and a `report --format review` that would leave out events it could not
/// read (a colleague's newer verdict would be gone for good).
#[test]
fn the_cli_refuses_bad_times_conflicting_files_and_reports_that_lose_events() {
    let dir = TempDir::new("refusals");
    let review = super_fixture_review();
    let path = dir.0.join("review.json");
    std::fs::write(&path, &review).expect("written");
    let path_text = path.to_str().expect("utf-8");

    for time in ["yesterday", "", "2026-13-45T99:00:00Z"] {
        let merged = exhibit(&["merge", path_text, "--time", time]);
        assert_eq!(merged.code, 2, "merge --time {time:?}: {}", merged.stderr);
        assert!(merged.stderr.contains("not an RFC 3339 time"), "{}", merged.stderr);
        let out = dir.0.join("assigned.json");
        let assigned = exhibit(&[
            "assign",
            path_text,
            "--reviewers",
            "alice:Alice,bob:Bob",
            "--time",
            time,
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(assigned.code, 2, "assign --time {time:?}: {}", assigned.stderr);
        assert!(!out.exists(), "nothing is written");
    }
    assert_eq!(exhibit(&["merge", path_text, "--time", "2026-05-01T12:00:00Z"]).code, 0);

    // A copy with a different event under an id the first file has: a conflict.
    let mut value: serde_json::Value = serde_json::from_str(&review).expect("json");
    let events = value["events"].as_array_mut().expect("events");
    let mut changed = events.last().expect("an event").clone();
    changed["time"] = serde_json::Value::String("2030-01-01T00:00:00Z".to_string());
    events.push(changed);
    let conflicting = dir.0.join("conflicting.json");
    std::fs::write(&conflicting, serde_json::to_string(&value).expect("json")).expect("written");
    let conflicting_text = conflicting.to_str().expect("utf-8");
    assert_eq!(exhibit(&["merge", path_text, conflicting_text]).code, 1);
    let agreement = exhibit(&["agreement", path_text, conflicting_text]);
    assert_ne!(agreement.code, 0, "{}", agreement.stdout);
    assert!(agreement.stderr.contains("conflict"), "{}", agreement.stderr);

    // An event of a newer version cannot be read: a review file written now would lose it.
    let mut value: serde_json::Value = serde_json::from_str(&review).expect("json");
    value["events"][0]["schema_version"] = serde_json::Value::from(99);
    let newer = dir.0.join("newer.json");
    std::fs::write(&newer, serde_json::to_string(&value).expect("json")).expect("written");
    let newer_text = newer.to_str().expect("utf-8");
    let out = dir.0.join("rewritten.json");
    let rewritten = exhibit(&["report", newer_text, "--format", "review", "-o", out.to_str().expect("utf-8")]);
    assert_eq!(rewritten.code, 2, "{}", rewritten.stderr);
    assert!(!out.exists(), "no review file that lost an event is written");
    let csv = exhibit(&["report", newer_text, "--format", "csv"]);
    assert_eq!(csv.code, 1, "{}", csv.stderr);
    assert!(csv.stdout.contains("allegation"), "the report is still written: {}", csv.stdout);
    assert_eq!(exhibit(&["report", path_text, "--format", "csv"]).code, 0);
}

/// The export fixture's review file.
fn super_fixture_review() -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/export/review.json"))
        .expect("the fixture review file")
}

/// A file whose events are not in time order (edited, or joined by hand) is read in time order by
/// every command, with a warning: `report` and `verify` name the same current verdict as `merge`.
#[test]
fn every_command_reads_a_file_out_of_time_order_in_time_order() {
    let dir = TempDir::new("order");
    let mut value: serde_json::Value = serde_json::from_str(&super_fixture_review()).expect("json");
    let events = value["events"].as_array_mut().expect("events");
    // The later verdict on a1 (e05) moved before the earlier one (e03).
    let at = |events: &Vec<serde_json::Value>, id: &str| events.iter().position(|event| event["id"] == id);
    let later = events.remove(at(events, "e05").expect("e05"));
    events.insert(at(events, "e03").expect("e03"), later);
    let swapped = dir.0.join("swapped.json");
    std::fs::write(&swapped, serde_json::to_string(&value).expect("json")).expect("written");
    let swapped_text = swapped.to_str().expect("utf-8");
    let row = |csv: &str| csv.lines().find(|line| line.starts_with("a1,")).map(str::to_string);
    let original = dir.0.join("original.json");
    std::fs::write(&original, super_fixture_review()).expect("written");
    let in_order = exhibit(&["report", original.to_str().expect("utf-8"), "--format", "csv"]);
    let out_of_order = exhibit(&["report", swapped_text, "--format", "csv"]);
    assert_eq!(out_of_order.code, 0, "{}", out_of_order.stderr);
    assert!(out_of_order.stderr.contains("not in time order"), "{}", out_of_order.stderr);
    assert!(row(&in_order.stdout).is_some(), "{}", in_order.stdout);
    assert_eq!(row(&out_of_order.stdout), row(&in_order.stdout));
    let merged_path = dir.0.join("merged.json");
    let merged =
        exhibit(&["merge", swapped_text, "--time", "2026-05-01T12:00:00Z", "-o", merged_path.to_str().expect("utf-8")]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let from_merge = exhibit(&["report", merged_path.to_str().expect("utf-8"), "--format", "csv"]);
    assert_eq!(row(&from_merge.stdout), row(&in_order.stdout));
}
