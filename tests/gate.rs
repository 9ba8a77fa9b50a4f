#![cfg(not(target_arch = "wasm32"))]
//! The one evidence gate, at every place a verdict enters or changes: recorded in the form,
//! restored from storage, merged from another tab, imported from a review file, and after an
//! edit, a removal or an undo of a citation it rests on. Each test starts from the fixture's
//! valid `supported` verdict on the Cedar allegation (tests/data/export/fixture.rs) and checks
//! `Session::verdict_status`, progress, and what the exports make of it.

#[path = "data/export/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::sync::Arc;

use exhibit::domain::export::{claim_review, parse_review_file, review_file, review_file_of, to_json};
use exhibit::domain::ids::AllegationId;
use exhibit::domain::policy::Rule;
use exhibit::domain::review_log::{Event, EventKind, Verdict, VerdictRecord};
use exhibit::domain::session::{apply, invalid_count, progress, Case, Session, SessionAction};
use fixture::Scope;

fn cedar(case: &Case) -> AllegationId {
    fixture::allegation_id(case, "cedar-news.example")
}

/// The fixture case reviewed up to the Cedar verdict, as a restored session.
fn reviewed() -> (Arc<Case>, Session) {
    let case = Arc::new(fixture::case());
    let events = fixture::events(&case, Scope::Cedar);
    let session = Session::new(case.clone(), events);
    (case, session)
}

fn rules(session: &Session, allegation_id: &AllegationId) -> Vec<Rule> {
    session
        .verdict_status(allegation_id)
        .map(|status| status.violations.iter().map(|violation| violation.rule).collect())
        .unwrap_or_default()
}

fn is_valid(session: &Session, allegation_id: &AllegationId) -> bool {
    session.verdict_status(allegation_id).is_some_and(|status| status.is_valid())
}

fn citation_event(session: &Session, id: &str) -> exhibit::domain::citation::Citation {
    session.review.citations.get(id).cloned().unwrap_or_else(|| panic!("citation {id}"))
}

#[test]
fn a_recorded_verdict_stands_and_counts() {
    let (case, session) = reviewed();
    assert!(is_valid(&session, &cedar(&case)), "{:?}", session.verdict_status(&cedar(&case)));
    assert_eq!(progress(&session).0, 1);
    assert_eq!(invalid_count(&session), 0);
}

#[test]
fn recording_a_language_only_verdict_is_refused_and_leaves_the_log() {
    let (case, session) = reviewed();
    let record = VerdictRecord {
        allegation_id: cedar(&case),
        verdict: Verdict::Supported,
        rationale: "Arabic-language site, obviously sympathetic to the cause, clearly extremist.".into(),
        reason: None,
        citation_ids: vec!["q-1".into()],
        reviewer_language: "eng".into(),
        reviewer_languages: vec!["eng".into()],
        adjudicates: Vec::new(),
    };
    let outcome = apply(&session, SessionAction::RecordVerdict { record, stamp: fixture::stamp(90, 50) });
    assert!(outcome.appended.is_empty());
    assert_eq!(outcome.refused.iter().map(|violation| violation.rule).collect::<Vec<_>>(), [Rule::LanguageNotEvidence]);
    assert_eq!(outcome.session.events.len(), session.events.len());
}

#[test]
fn editing_a_cited_note_to_a_language_makes_the_verdict_invalid() {
    let (case, session) = reviewed();
    let mut edited = citation_event(&session, "q-1");
    edited.note = "Arabic".into();
    let mut edited_region = citation_event(&session, "q-2");
    edited_region.note = "Arabic".into();
    let session =
        apply(&session, SessionAction::EditCitation { citation: edited, stamp: fixture::stamp(91, 51) }).session;
    let session =
        apply(&session, SessionAction::EditCitation { citation: edited_region, stamp: fixture::stamp(92, 52) }).session;
    assert!(rules(&session, &cedar(&case)).contains(&Rule::LanguageNotEvidence), "{:?}", session.statuses);
    assert_eq!(progress(&session).0, 0, "an invalid verdict is not progress");
    assert_eq!(invalid_count(&session), 1);
}

#[test]
fn removing_the_cited_evidence_makes_the_verdict_invalid() {
    let (case, session) = reviewed();
    let mut session = session;
    for (number, id) in [(93, "q-1"), (94, "q-2")] {
        session = apply(
            &session,
            SessionAction::RemoveCitation { citation_id: id.into(), stamp: fixture::stamp(number, 53) },
        )
        .session;
    }
    assert!(rules(&session, &cedar(&case)).contains(&Rule::EvidenceRequired), "{:?}", session.statuses);
}

#[test]
fn undoing_a_finding_makes_the_verdict_invalid() {
    // Give both citations a non-adverse finding by edits, record nothing new, then undo: the
    // verdict follows whatever its citations say now.
    let (case, session) = reviewed();
    let mut session = session;
    for (number, id) in [(95, "q-1"), (96, "q-2")] {
        let mut edited = citation_event(&session, id);
        edited.finding = Some("reporting".into());
        session = apply(&session, SessionAction::EditCitation { citation: edited, stamp: fixture::stamp(number, 54) })
            .session;
    }
    assert!(rules(&session, &cedar(&case)).contains(&Rule::FindingRequired));
    // Undo of the undo-able edits brings the verdict back.
    for (number, id) in [(97, "e96"), (98, "e95")] {
        session =
            apply(&session, SessionAction::Undo { event_id: id.into(), stamp: fixture::stamp(number, 55) }).session;
    }
    assert!(is_valid(&session, &cedar(&case)), "{:?}", session.statuses);
    // Undo of the citation itself leaves the verdict without it.
    session = apply(&session, SessionAction::Undo { event_id: "e02".into(), stamp: fixture::stamp(99, 56) }).session;
    assert!(!is_valid(&session, &cedar(&case)));
}

/// A bare `supported` verdict with no citation and a language-only rationale, as a forged file or
/// a careless peer would carry it.
fn forged_verdict(case: &Case) -> Event {
    Event::new(
        "forged-1",
        "2026-03-04T10:00:00Z",
        "Someone Else",
        EventKind::VerdictRecorded {
            record: VerdictRecord {
                allegation_id: fixture::allegation_id(case, "rose-kitchen.example"),
                verdict: Verdict::Supported,
                rationale: "The site is in Arabic.".into(),
                reason: None,
                citation_ids: Vec::new(),
                reviewer_language: "eng".into(),
                reviewer_languages: Vec::new(),
                adjudicates: Vec::new(),
            },
        },
    )
}

#[test]
fn a_forged_verdict_restored_from_storage_is_invalid() {
    let (case, session) = reviewed();
    let mut events = session.events.to_vec();
    events.push(forged_verdict(&case));
    let restored =
        apply(&Session::default(), SessionAction::Restore { case: case.clone(), events, stamp: None }).session;
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    let rules = rules(&restored, &kitchen);
    assert!(rules.contains(&Rule::EvidenceRequired) && rules.contains(&Rule::LanguageNotEvidence), "{rules:?}");
    assert!(is_valid(&restored, &cedar(&case)));
}

#[test]
fn a_forged_verdict_from_another_tab_is_invalid() {
    let (case, session) = reviewed();
    let merged = apply(&session, SessionAction::Merge { events: vec![forged_verdict(&case)] }).session;
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    assert!(!is_valid(&merged, &kitchen));
    assert_eq!(progress(&merged).0, 1);
    assert_eq!(invalid_count(&merged), 1);
}

#[test]
fn a_forged_review_file_is_imported_invalid_and_kept_out_of_claim_review() {
    let (case, session) = reviewed();
    let mut file = review_file_of(&session, fixture::EXPORTED_AT);
    file.events.push(forged_verdict(&case));
    // The forger also claims the verdict is valid: that is never trusted.
    file.verdict_statuses.clear();
    let (read, diagnostics) = parse_review_file(&to_json(&file)).expect("readable");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let imported = apply(
        &Session::default(),
        SessionAction::Restore { case: case.clone(), events: read.events.clone(), stamp: None },
    )
    .session;
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    assert!(!is_valid(&imported, &kitchen));
    // Exports made from the imported session, and from the file alone, leave it out of ClaimReview.
    for exported in [review_file_of(&imported, fixture::EXPORTED_AT), read] {
        let claims = claim_review(&exported);
        assert!(claims.contains("cedar-news.example"), "the valid verdict is published");
        assert!(!claims.contains("rose-kitchen.example"), "the forged verdict is not: {claims}");
    }
    // A review file written by this session carries the judgement too.
    let written = review_file(&case, &imported.events, fixture::EXPORTED_AT);
    assert!(written.verdict_statuses.get(&kitchen).is_some_and(|status| !status.is_valid()));
}

#[test]
fn an_older_verdict_without_findings_needs_a_finding() {
    let (case, session) = reviewed();
    let mut events = session.events.to_vec();
    for event in &mut events {
        if let EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } = &mut event.kind {
            citation.finding = None;
        }
    }
    let restored = Session::new(case.clone(), events);
    let status = restored.verdict_status(&cedar(&case)).expect("status");
    assert!(!status.is_valid());
    assert!(
        status
            .violations
            .iter()
            .any(|violation| violation.rule == Rule::FindingRequired && violation.message.contains("needs a finding")),
        "{status:?}"
    );
}

#[test]
fn a_codebook_in_the_bundle_is_the_cases_and_one_about_identity_is_refused() {
    use exhibit::domain::capture::InputFile;
    use exhibit::domain::codebook::Codebook;
    use exhibit::domain::session::build_case;
    let list = InputFile::new("allegations.txt", b"https://site.example/ - hosts a recruitment appeal\n".to_vec());
    let team = r#"{"name": "Team codebook", "findings": [
        {"id": "recruitment", "label": "Recruitment", "kind": "adverse"},
        {"id": "fundraising", "label": "Fundraising for an armed group", "kind": "adverse"},
        {"id": "reporting", "label": "Reporting", "kind": "non_adverse"},
        {"id": "removed", "label": "Removed", "kind": "removed"}]}"#;
    let case = build_case(
        "team",
        std::slice::from_ref(&list),
        &[InputFile::new("bundle/codebook.json", team.as_bytes().to_vec())],
    );
    assert_eq!(case.codebook.name, "Team codebook");
    assert!(case.codebook.finding("fundraising").is_some());
    let biased = team.replace("Fundraising for an armed group", "Arabic-language content");
    let case = build_case("biased", &[list], &[InputFile::new("bundle/codebook.json", biased.into_bytes())]);
    assert_eq!(case.codebook, Codebook::builtin());
    assert!(
        case.diagnostics
            .iter()
            .any(|diagnostic| diagnostic.message.contains("\"arabic\"") && diagnostic.message.contains("fundraising")),
        "{:?}",
        case.diagnostics
    );
}

#[test]
fn a_verdict_resting_on_a_capture_whose_integrity_failed_is_invalid() {
    use exhibit::domain::capture::integrity::{IntegrityCheck, IntegrityKind, IntegrityStatus};
    let (case, session) = reviewed();
    let mut tampered = (*case).clone();
    let capture = tampered.captures.iter_mut().find(|capture| capture.url.contains("cedar-news")).expect("cedar");
    capture.integrity_checks.push(IntegrityCheck {
        kind: IntegrityKind::BlockDigest,
        subject: "record <urn:uuid:test>".into(),
        status: IntegrityStatus::Failed,
        message: "WARC-Block-Digest does not match the record's bytes".into(),
        key_fingerprint: None,
        signer_domain: None,
    });
    let restored = Session::new(Arc::new(tampered), session.events.to_vec());
    assert!(rules(&restored, &cedar(&case)).contains(&Rule::CaptureIntegrity), "{:?}", restored.statuses);
}

/// Every pending verdict judged, one `judge_pending` call after another (each judging one).
fn judged_one_by_one(mut session: Session) -> (Session, usize) {
    let mut calls = 0;
    while !session.pending.is_empty() {
        let before = session.pending.len();
        session = session.judge_pending(|| false);
        assert_eq!(session.pending.len(), before - 1, "one verdict per call when `more` says no");
        calls += 1;
    }
    (session, calls)
}

#[test]
fn a_deferring_session_leaves_a_restored_log_pending_until_judged_and_then_judges_as_new_does() {
    let (case, _) = reviewed();
    let mut events = fixture::events(&case, Scope::Full);
    events.push(forged_verdict(&case));
    let restored = apply(
        &Session::deferring(),
        SessionAction::Restore { case: case.clone(), events: events.clone(), stamp: None },
    )
    .session;
    let judged_now = Session::new(case.clone(), events);
    // Nothing is judged yet, and nothing pending counts as standing or as invalid.
    assert_eq!(restored.pending.len(), judged_now.statuses.len());
    assert!(restored.pending.len() >= 2, "{:?}", restored.pending);
    assert!(restored.statuses.is_empty());
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    assert!(!is_valid(&restored, &kitchen) && !is_valid(&restored, &cedar(&case)));
    assert_eq!(invalid_count(&restored), 0);
    // Judged a slice at a time, it ends where judging at once does: the forged verdict invalid.
    let (judged, calls) = judged_one_by_one(restored.clone());
    assert_eq!(calls, judged_now.statuses.len());
    assert_eq!(judged.statuses, judged_now.statuses);
    assert!(!is_valid(&judged, &kitchen));
    assert_eq!(restored.judge_pending(|| true).statuses, judged_now.statuses);
    // The log and its fold are shared, not copied, by the judged sessions.
    assert!(Arc::ptr_eq(&judged.events, &restored.events) && Arc::ptr_eq(&judged.review, &restored.review));
}

#[test]
fn in_a_deferring_session_a_merge_is_pending_but_a_recorded_verdict_and_a_cited_edit_are_judged_at_once() {
    let (case, session) = reviewed();
    let deferring = apply(
        &Session::deferring(),
        SessionAction::Restore { case: case.clone(), events: session.events.to_vec(), stamp: None },
    )
    .session
    .judge_pending(|| true);
    assert!(deferring.pending.is_empty() && is_valid(&deferring, &cedar(&case)));
    // Another tab's forged verdict: pending, then invalid once judged.
    let merged = apply(&deferring, SessionAction::Merge { events: vec![forged_verdict(&case)] }).session;
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    assert!(merged.is_pending(&kitchen), "{:?}", merged.pending);
    assert!(
        !merged.is_pending(&cedar(&case)) && is_valid(&merged, &cedar(&case)),
        "what the merge did not touch keeps its status"
    );
    assert!(!is_valid(&merged, &kitchen));
    // While it is pending, an edit of the Cedar verdict's citation is judged at once, and the
    // forged verdict stays pending (it is not judged as standing on the way).
    let mut edited = citation_event(&merged, "q-1");
    edited.note = "Arabic".into();
    let outcome = apply(&merged, SessionAction::EditCitation { citation: edited, stamp: fixture::stamp(95, 0) });
    assert!(!outcome.session.is_pending(&cedar(&case)));
    assert!(rules(&outcome.session, &cedar(&case)).contains(&Rule::LanguageNotEvidence));
    assert!(outcome.session.is_pending(&kitchen));
    let judged = outcome.session.judge_pending(|| true);
    assert!(judged.pending.is_empty());
    assert!(rules(&judged, &kitchen).contains(&Rule::LanguageNotEvidence));
    // Recording a verdict that rests on language alone is refused whatever is pending.
    let record = VerdictRecord {
        allegation_id: kitchen.clone(),
        verdict: Verdict::Supported,
        rationale: "Arabic-language site, obviously extremist.".into(),
        reason: None,
        citation_ids: Vec::new(),
        reviewer_language: "eng".into(),
        reviewer_languages: vec!["eng".into()],
        adjudicates: Vec::new(),
    };
    let refused = apply(&merged, SessionAction::RecordVerdict { record, stamp: fixture::stamp(96, 0) });
    assert!(refused.appended.is_empty() && !refused.refused.is_empty());
    // A session that does not defer judges a merge at once, as before.
    let at_once = apply(&session, SessionAction::Merge { events: vec![forged_verdict(&case)] }).session;
    assert!(at_once.pending.is_empty() && !is_valid(&at_once, &kitchen));
}

/// A merge judges again only what its events may change, and ends where judging every verdict
/// does: another tab's edit that moves the citation the Cedar verdict cites to another allegation
/// makes that verdict invalid, although the event is about the other allegation.
#[test]
fn a_merge_judges_what_its_events_may_change_as_judging_everything_does() {
    let (case, session) = reviewed();
    let kitchen = fixture::allegation_id(&case, "rose-kitchen.example");
    let mut reused = fixture::text_citation(
        &case,
        "q-1",
        &kitchen,
        "rose-kitchen",
        fixture::KITCHEN_QUOTE,
        "Recipe text that mixes boiled chickpeas with tahini",
    );
    reused.finding = Some("unrelated".into());
    let colliding = Event::new(
        "other-tab-1",
        "2026-12-31T12:00:00Z",
        "someone else",
        EventKind::CitationEdited { citation: reused },
    );
    let unrelated = forged_verdict(&case);
    for start in [session.clone(), session.view_after(case.clone(), session.events.to_vec(), None)] {
        for events in [vec![unrelated.clone()], vec![colliding.clone()], vec![colliding.clone(), unrelated.clone()]] {
            let merged = apply(&start, SessionAction::Merge { events: events.clone() }).session;
            let whole = Session::new(case.clone(), merged.events.to_vec());
            assert_eq!(merged.statuses, whole.statuses, "{events:?}");
        }
    }
    let merged = apply(&session, SessionAction::Merge { events: vec![colliding] }).session;
    assert!(
        rules(&merged, &cedar(&case)).contains(&Rule::EvidenceRequired),
        "the Cedar verdict now names a citation made for another allegation: {:?}",
        merged.verdict_status(&cedar(&case))
    );
}

/// Whatever part of a log arrives by a merge, the statuses are those of judging the whole log:
/// every split of the fixture's full log (revisions, an edit, an undo, several verdicts, and a
/// forged verdict), in a session that judges at once and in one that defers.
#[test]
fn merging_any_tail_of_a_log_judges_as_the_whole_log_does() {
    let case = Arc::new(fixture::case());
    let mut events = fixture::events(&case, Scope::Full);
    // Last, an edit that leaves a recorded verdict resting on a language label.
    let full = Session::new(case.clone(), events.clone());
    let mut edited = citation_event(&full, "q-1");
    edited.note = "Arabic".into();
    events.push(Event::new(
        "tab-edit",
        "2026-12-31T12:00:00Z",
        "someone",
        EventKind::CitationEdited { citation: edited },
    ));
    events.push(forged_verdict(&case));
    let whole = Session::new(case.clone(), events.clone()).statuses;
    assert!(whole.get(&cedar(&case)).is_some_and(|status| !status.is_valid()), "{whole:?}");
    assert!(whole.len() >= 2 && whole.values().any(|status| !status.is_valid()), "{whole:?}");
    for split in 1..events.len() {
        let (held, arriving) = events.split_at(split);
        for start in [Session::default(), Session::deferring()] {
            let holding =
                apply(&start, SessionAction::Restore { case: case.clone(), events: held.to_vec(), stamp: None })
                    .session
                    .judge_pending(|| true);
            let merged =
                apply(&holding, SessionAction::Merge { events: arriving.to_vec() }).session.judge_pending(|| true);
            assert_eq!(merged.statuses, whole, "the last {} events merged (defers: {})", arriving.len(), start.defers);
        }
    }
}
