#![cfg(not(target_arch = "wasm32"))]
//! The review log: export and import are exact, old logs migrate, damaged events are reported
//! without losing the rest, and the fold behaves under undo.

use exhibit::domain::citation::{Citation, PixelRect, Selector, TextPosition, TextQuote};
use exhibit::domain::ids::CitationId;
use exhibit::domain::review_log::{
    fold, fold_appended, parse_log, to_json, ArtifactRef, CaptureRef, Event, EventKind, Verdict, VerdictRecord,
    SCHEMA_VERSION,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9 -]{0,12}", "\\PC{0,12}"]
}

fn citation_strategy() -> impl Strategy<Value = Citation> {
    let selector = prop_oneof![
        (text(), text(), text(), any::<usize>(), any::<usize>()).prop_map(|(exact, prefix, suffix, start, end)| {
            Selector::Text { quote: TextQuote { exact, prefix, suffix }, position: TextPosition { start, end } }
        }),
        (any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(), text())
            .prop_map(|(x, y, w, h, transcription)| Selector::Region { rect: PixelRect { x, y, w, h }, transcription }),
    ];
    (
        "k[0-3]",
        "a[0-2]",
        text(),
        selector,
        proptest::option::of("[a-z]{3}"),
        text(),
        proptest::option::of(text()),
        proptest::option::of("k[0-3]"),
    )
        .prop_map(
            |(id, allegation_id, capture_id, selector, quote_language, note, translation, linked_citation)| Citation {
                id: id.into(),
                allegation_id: allegation_id.into(),
                artifact_sha256: format!("{:0>64}", capture_id.len()),
                capture_id: capture_id.into(),
                selector,
                quote_language,
                note,
                translation,
                linked_citation: linked_citation.map(CitationId::from),
                finding: None,
                description: None,
                archive: None,
            },
        )
}

/// Kinds other than undo.
fn plain_kind() -> impl Strategy<Value = EventKind> {
    let verdict = prop_oneof![
        Just(Verdict::Supported),
        Just(Verdict::NotSupported),
        Just(Verdict::Removed),
        Just(Verdict::Inconclusive),
        Just(Verdict::Unreviewable)
    ];
    prop_oneof![
        (
            text(),
            any::<usize>(),
            proptest::collection::vec((text(), text(), proptest::option::of(text()), text()), 0..3)
        )
            .prop_map(|(case_name, allegation_count, captures)| EventKind::CaseLoaded {
                case_name,
                allegation_count,
                captures: captures
                    .into_iter()
                    .map(|(id, url, captured_at, sha256)| CaptureRef {
                        id: id.into(),
                        url,
                        captured_at,
                        artifacts: vec![ArtifactRef { kind: "html".into(), sha256 }]
                    })
                    .collect(),
            }),
        citation_strategy().prop_map(|citation| EventKind::CitationAdded { citation }),
        citation_strategy().prop_map(|citation| EventKind::CitationEdited { citation }),
        "k[0-3]".prop_map(|citation_id| EventKind::CitationRemoved { citation_id: citation_id.into() }),
        (
            "a[0-2]",
            verdict,
            text(),
            proptest::option::of(text()),
            proptest::collection::vec("k[0-3]", 0..3),
            "[a-z]{3}"
        )
            .prop_map(|(allegation_id, verdict, rationale, reason, citation_ids, reviewer_language)| {
                EventKind::VerdictRecorded {
                    record: VerdictRecord {
                        allegation_id: allegation_id.into(),
                        verdict,
                        rationale,
                        reason,
                        citation_ids: citation_ids.into_iter().map(CitationId::from).collect(),
                        reviewer_language,
                        reviewer_languages: Vec::new(),
                        adjudicates: Vec::new(),
                    },
                }
            }),
    ]
}

fn numbered(kinds: Vec<EventKind>, first: usize) -> Vec<Event> {
    kinds
        .into_iter()
        .enumerate()
        .map(|(index, kind)| {
            Event::new(
                format!("e{}", first + index),
                format!("2024-01-01T00:00:{:02}Z", (first + index) % 60),
                "reviewer",
                kind,
            )
        })
        .collect()
}

/// Logs whose undos name earlier events (possibly other undos).
fn log_strategy() -> impl Strategy<Value = Vec<Event>> {
    proptest::collection::vec(prop_oneof![4 => plain_kind().prop_map(Some), 1 => Just(None)], 0..25).prop_flat_map(
        |slots| {
            let len = slots.len();
            proptest::collection::vec(any::<prop::sample::Index>(), len).prop_map(move |targets| {
                let mut events = Vec::new();
                for (index, (slot, target)) in slots.iter().zip(targets).enumerate() {
                    let kind = match slot {
                        Some(kind) => kind.clone(),
                        None if index > 0 => EventKind::Undo { event_id: format!("e{}", target.index(index)).into() },
                        None => EventKind::Undo { event_id: "nothing".into() },
                    };
                    events.extend(numbered(vec![kind], index));
                }
                events
            })
        },
    )
}

fn undo(id: &str, event_id: &str) -> Event {
    Event::new(id, "2024-01-02T00:00:00Z", "reviewer", EventKind::Undo { event_id: event_id.into() })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn folding_one_appended_event_at_a_time_equals_folding_the_log(events in log_strategy()) {
        let mut state = fold(&[]);
        for end in 1..=events.len() {
            state = fold_appended(&state, &events[..end]);
            prop_assert_eq!(&state, &fold(&events[..end]), "after event {}", end);
        }
    }

    #[test]
    fn export_then_import_is_exact(events in log_strategy()) {
        let (read, diagnostics) = parse_log(&to_json(&events));
        prop_assert_eq!(diagnostics, Vec::new());
        prop_assert_eq!(&read, &events);
        // A bare array of events reads the same.
        let array = serde_json::to_string(&events).expect("serialise");
        prop_assert_eq!(parse_log(&array).0, events);
    }

    #[test]
    fn undo_removes_an_events_effect_and_undo_of_undo_restores_it(kinds in proptest::collection::vec(plain_kind(), 1..15), pick in any::<prop::sample::Index>()) {
        let events = numbered(kinds, 0);
        let target = pick.index(events.len());
        let target_id = events[target].id.clone();
        let mut without = events.clone();
        without.remove(target);

        let mut undone = events.clone();
        undone.push(undo("u1", &target_id));
        prop_assert_eq!(fold(&undone), fold(&without));

        let mut redone = undone.clone();
        redone.push(undo("u2", "u1"));
        prop_assert_eq!(fold(&redone), fold(&events));

        // An undo of nothing changes nothing.
        let mut stray = events.clone();
        stray.push(undo("u3", "no-such-event"));
        prop_assert_eq!(fold(&stray), fold(&events));
    }

    #[test]
    fn folding_a_prefix_keeps_history_as_a_prefix(kinds in proptest::collection::vec(plain_kind(), 0..20), cut in any::<prop::sample::Index>()) {
        let events = numbered(kinds, 0);
        let cut = if events.is_empty() { 0 } else { cut.index(events.len() + 1) };
        let (prefix, full) = (fold(&events[..cut]), fold(&events));
        for (allegation, history) in &prefix.verdicts {
            let later = full.verdicts.get(allegation).cloned().unwrap_or_default();
            prop_assert!(later.starts_with(history), "history of {} shrank", allegation);
        }
    }

    #[test]
    fn parse_log_never_panics(json in "\\PC{0,200}") {
        let _ = parse_log(&json);
    }
}

fn record(allegation: &str, verdict: Verdict, rationale: &str) -> EventKind {
    EventKind::VerdictRecorded {
        record: VerdictRecord {
            allegation_id: allegation.into(),
            verdict,
            rationale: rationale.into(),
            reason: None,
            citation_ids: vec!["k1".into()],
            reviewer_language: "eng".into(),
            reviewer_languages: Vec::new(),
            adjudicates: Vec::new(),
        },
    }
}

fn cited(id: &str, note: &str) -> Citation {
    Citation {
        id: id.into(),
        allegation_id: "a1".into(),
        capture_id: "c-1".into(),
        artifact_sha256: "ab".repeat(32),
        selector: Selector::Text {
            quote: TextQuote { exact: "weekly meeting".into(), prefix: "the ".into(), suffix: " on".into() },
            position: TextPosition { start: 4, end: 18 },
        },
        quote_language: Some("eng".into()),
        note: note.into(),
        translation: None,
        linked_citation: None,
        finding: None,
        description: None,
        archive: None,
    }
}

/// A reviewer's session, replayed step by step, with what the state shows after each step.
#[test]
fn replay_a_review() {
    let steps: Vec<(Event, &str)> = vec![
        (
            Event::new(
                "e1",
                "t1",
                "ana",
                EventKind::CaseLoaded { case_name: "list".into(), allegation_count: 2, captures: vec![] },
            ),
            "case=list citations=[] a1=[] a2=[]",
        ),
        (
            Event::new("e2", "t2", "ana", EventKind::CitationAdded { citation: cited("k1", "Announces a meeting") }),
            "case=list citations=[k1:Announces a meeting] a1=[] a2=[]",
        ),
        (
            Event::new("e3", "t3", "ana", record("a1", Verdict::Supported, "Quote 1 announces a meeting.")),
            "case=list citations=[k1:Announces a meeting] a1=[supported] a2=[]",
        ),
        (
            Event::new(
                "e4",
                "t4",
                "ana",
                EventKind::CitationEdited { citation: cited("k1", "Announces a weekly meeting") },
            ),
            "case=list citations=[k1:Announces a weekly meeting] a1=[supported] a2=[]",
        ),
        (
            Event::new("e5", "t5", "bo", record("a1", Verdict::Inconclusive, "Needs a second look.")),
            "case=list citations=[k1:Announces a weekly meeting] a1=[supported,inconclusive] a2=[]",
        ),
        (undo("e6", "e5"), "case=list citations=[k1:Announces a weekly meeting] a1=[supported] a2=[]"),
        (undo("e7", "e4"), "case=list citations=[k1:Announces a meeting] a1=[supported] a2=[]"),
        (undo("e8", "e6"), "case=list citations=[k1:Announces a meeting] a1=[supported,inconclusive] a2=[]"),
        (
            Event::new("e9", "t9", "ana", EventKind::CitationRemoved { citation_id: "k1".into() }),
            "case=list citations=[] a1=[supported,inconclusive] a2=[]",
        ),
        (
            Event::new("e10", "t10", "ana", record("a2", Verdict::Unreviewable, "")),
            "case=list citations=[] a1=[supported,inconclusive] a2=[unreviewable]",
        ),
    ];
    let mut log = Vec::new();
    for (event, expected) in steps {
        let id = event.id.clone();
        log.push(event);
        let state = fold(&log);
        let citations: Vec<String> =
            state.citations.values().map(|citation| format!("{}:{}", citation.id, citation.note)).collect();
        let verdicts = |allegation: &str| -> String {
            state
                .verdicts
                .get(allegation)
                .into_iter()
                .flatten()
                .map(|entry| entry.record.verdict.as_str())
                .collect::<Vec<_>>()
                .join(",")
        };
        let shown = format!(
            "case={} citations=[{}] a1=[{}] a2=[{}]",
            state.case_name.as_deref().unwrap_or("-"),
            citations.join(","),
            verdicts("a1"),
            verdicts("a2")
        );
        assert_eq!(shown, expected, "after {id}");
    }
}

#[test]
fn old_and_damaged_logs() {
    let v0 = r#"[
      {"id": "e1", "time": "2023-05-01T10:00:00Z", "reviewer": "ana", "type": "case_loaded",
       "payload": {"case_name": "old case", "allegation_count": 1, "captures": []}},
      {"id": "e2", "time": "2023-05-01T10:05:00Z", "reviewer": "ana", "type": "verdict_recorded",
       "payload": {"record": {"allegation_id": "a1", "verdict": "not_supported", "rationale": "Quote 1 is a cooking recipe.", "citation_ids": []}}},
      {"id": "e3", "time": "2023-05-01T10:06:00Z", "reviewer": "ana", "type": "something_new", "payload": {}},
      42,
      {"schema_version": 99, "id": "e5", "time": "t", "reviewer": "ana", "kind": "undo", "payload": {"event_id": "e2"}},
      {"schema_version": "one", "id": "e6"},
      {"schema_version": 1, "id": "e7", "time": "2023-05-01T10:07:00Z", "reviewer": "bo", "kind": "undo", "payload": {"event_id": "e1"}}
    ]"#;
    let (events, diagnostics) = parse_log(v0);
    assert_eq!(events.iter().map(|event| event.id.as_str()).collect::<Vec<_>>(), ["e1", "e2", "e7"]);
    assert!(events.iter().all(|event| event.schema_version == SCHEMA_VERSION));
    match &events[1].kind {
        EventKind::VerdictRecorded { record } => assert_eq!(record.reviewer_language, "und"),
        other => panic!("expected a verdict, got {other:?}"),
    }
    let messages: Vec<String> = diagnostics.iter().map(|diagnostic| diagnostic.message.clone()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    for (message, says) in
        messages.iter().zip(["Event 3", "Event 4", "Event 5 was left out: it was written by a newer", "Event 6"])
    {
        assert!(message.starts_with(says), "{message}");
    }
    // A file-level version applies to events that carry none.
    let wrapped = r#"{"schema_version": 1, "events": [{"id": "e1", "time": "t", "reviewer": "r", "kind": "citation_removed", "payload": {"citation_id": "k1"}}]}"#;
    let (events, diagnostics) = parse_log(wrapped);
    assert_eq!((events.len(), diagnostics.len()), (1, 0));
    // Whole-file failures say so and keep nothing.
    for (json, says) in
        [("not json", "not valid JSON"), ("{\"events\": 3}", "not a list"), ("{}", "no \"events\""), ("7", "neither")]
    {
        let (events, diagnostics) = parse_log(json);
        assert!(events.is_empty());
        assert!(diagnostics.len() == 1 && diagnostics[0].message.contains(says), "{json}: {diagnostics:?}");
    }
}

/// Events are read in any key order (payload before kind included), with unknown fields ignored,
/// and a payload missing what its kind needs is refused with a message naming the field.
#[test]
fn events_read_in_any_key_order() {
    let written = r#"{"schema_version":1,"id":"e1","time":"2026-03-01T10:00:00Z","reviewer":"r","kind":"undo","payload":{"event_id":"e0"}}"#;
    let reordered = r#"{"payload":{"event_id":"e0","extra":1},"reviewer":"r","kind":"undo","time":"2026-03-01T10:00:00Z","id":"e1","schema_version":1,"note":"x"}"#;
    let first: Event = serde_json::from_str(written).expect("as written");
    let second: Event = serde_json::from_str(reordered).expect("reordered");
    assert_eq!(first, second);
    assert_eq!(first.kind, EventKind::Undo { event_id: "e0".into() });
    assert_eq!(serde_json::to_string(&first).expect("serialises"), written);
    let missing = r#"{"schema_version":1,"id":"e1","time":"t","reviewer":"r","kind":"verdict_recorded","payload":{"event_id":"e0"}}"#;
    let error = serde_json::from_str::<Event>(missing).expect_err("no record").to_string();
    assert!(error.contains("`record`"), "{error}");
    let unknown = r#"{"schema_version":1,"id":"e1","time":"t","reviewer":"r","kind":"teleported","payload":{}}"#;
    assert!(serde_json::from_str::<Event>(unknown).is_err());
}
