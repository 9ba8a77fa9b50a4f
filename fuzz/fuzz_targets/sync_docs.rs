//! Synced event documents from a stranger's server (issue 21): the whole replication of
//! `sync::Replicator`, driven over answers the fuzzer writes, then `SyncMemory::absorb` (which runs
//! `check_docs`), and `check_docs` on the fuzzer's bytes read as a JSON array of documents.
//!
//! Input: answers separated by a zero byte; each answer's first byte picks its HTTP status (from
//! the ones CouchDB gives; the seeds use `0` for 200, `1` for 201, `2` for 404, `3` for 401), the rest is its body (lossy UTF-8), in which `@B1@`,
//! `@B2@`, `@B3@` stand for bob's three real event documents and `@A2X@` for a second version of
//! alice's event 2 (the fuzzer cannot compute SHA-256, so without them it would never get past the
//! hash check). The local log is alice's three fixed events, so pushes, pulls and equivocations
//! against them are all reachable.
//!
//! Must never panic, and:
//! - the replication ends (`Done` or `Failed`) or keeps asking only while the server's answers move
//!   it on: at most `answers + 1` requests;
//! - `_changes` is never asked again from the same place when the answer did not move it (a server
//!   that answers a full batch without advancing cannot hold the app in a loop);
//! - every event that `absorb` or `check_docs` lets through comes from a document that names the
//!   event's own reviewer and hashes to the document's `hash`;
//! - no accepted document differs from another of the same reviewer and number, one's own
//!   documents included (an event forged in one's own name is refused).
#![no_main]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use exhibit::domain::review_log::{Event, EventKind};
use exhibit::domain::sync::{check_docs, docs_for_log, event_hash, EventDoc, Replicator, Step, SyncMemory};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

/// Indexed by the status byte modulo 8 (so ASCII `0` is 200).
const STATUSES: [u16; 8] = [200, 201, 404, 401, 403, 409, 500, 200];

fn log_of(reviewer: &str, allegations: &[&str]) -> Vec<Event> {
    allegations
        .iter()
        .enumerate()
        .map(|(n, allegation)| {
            Event::new(
                format!("{reviewer}-e{n}"),
                format!("2026-03-04T10:0{n}:00Z"),
                reviewer,
                EventKind::Revealed { allegation_id: (*allegation).into() },
            )
        })
        .collect()
}

fn local_log() -> Vec<Event> {
    log_of("alice", &["a1", "a2", "a3"])
}

/// The placeholders of real documents, and their JSON.
fn placeholders() -> &'static [(&'static str, String)] {
    static DOCS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let bob = docs_for_log(&log_of("bob", &["a1", "a2", "a3"]));
        let forged = docs_for_log(&log_of("alice", &["a1", "a9"]));
        let json = |doc: Option<&EventDoc>| doc.and_then(|doc| serde_json::to_string(doc).ok()).unwrap_or_default();
        vec![
            ("@B1@", json(bob.first())),
            ("@B2@", json(bob.get(1))),
            ("@B3@", json(bob.get(2))),
            ("@A2X@", json(forged.get(1))),
        ]
    })
}

fn expand(body: &str) -> String {
    placeholders().iter().fold(body.to_string(), |body, (name, doc)| body.replace(name, doc))
}

/// Every accepted event must be the one its document hashes to, under its own reviewer, and one
/// version per (reviewer, number), counting `own` (held already) as accepted.
fn check_accepted(events: &[Event], docs: &[EventDoc], own: &[EventDoc]) {
    let mut versions: BTreeMap<(&str, u64), &str> =
        own.iter().map(|doc| ((doc.reviewer.as_str(), doc.seq), doc.hash.as_str())).collect();
    for event in events {
        let hash = event_hash(event);
        let doc = docs.iter().find(|doc| doc.hash == hash && doc.reviewer == event.reviewer);
        let doc = doc.unwrap_or_else(|| panic!("event {} was accepted without a document that hashes to it", event.id));
        if let Some(other) = versions.insert((doc.reviewer.as_str(), doc.seq), doc.hash.as_str()) {
            assert_eq!(other, doc.hash, "two versions of {}'s event {} were both accepted", doc.reviewer, doc.seq);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let log = local_log();
    let answers: Vec<&[u8]> = data.split(|&byte| byte == 0).collect();
    let mut replicator = Replicator::new("r-fuzz".to_string(), &log, "alice", json!(0), &[]);
    let mut step = replicator.start();
    let mut requests = 1usize;
    let mut last_changes: Option<String> = None;
    let mut answered = 0usize;
    let outcome = loop {
        let request = match step {
            Step::Request(request) => request,
            Step::Done(outcome) => break Some(outcome),
            Step::Failed(reason) => {
                assert!(!reason.is_empty(), "a failure says why");
                break None;
            }
        };
        if request.path.starts_with("_changes") {
            assert_ne!(
                last_changes.as_deref(),
                Some(request.path.as_str()),
                "_changes asked twice from the same place: a server can hold the replication in a loop"
            );
            last_changes = Some(request.path.clone());
        }
        let Some(answer) = answers.get(answered) else { break None };
        answered += 1;
        let (status, body) = match answer.split_first() {
            Some((first, body)) => {
                (STATUSES[usize::from(*first) % STATUSES.len()], expand(&String::from_utf8_lossy(body)))
            }
            None => (200, String::new()),
        };
        step = replicator.answer(status, &body);
        requests += 1;
        assert!(requests <= answers.len() + 1, "more requests than answers");
    };
    if let Some(outcome) = outcome {
        let mut memory = SyncMemory::for_database(None, "http://127.0.0.1:5984/case");
        let own = replicator.own_docs().to_vec();
        let (events, problems) = memory.absorb(&own, &outcome);
        for problem in &problems {
            assert!(!problem.message.is_empty(), "a problem says what is wrong");
        }
        check_accepted(&events, &outcome.pulled, &own);
    }
    // The bytes as documents, checked against alice's own chain as already held.
    if let Ok(docs) = serde_json::from_str::<Vec<EventDoc>>(&expand(&String::from_utf8_lossy(data))) {
        let own = Replicator::new("r".into(), &log, "alice", json!(0), &[]).own_docs().to_vec();
        let held: Vec<_> = own.iter().map(EventDoc::summary).collect();
        let (events, _problems) = check_docs(&held, &docs);
        check_accepted(&events, &docs, &own);
    }
});
