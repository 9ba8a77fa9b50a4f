#![cfg(not(target_arch = "wasm32"))]
//! Live sync (issue 15) against the real thing: pouchdb-server (CouchDB's replication protocol),
//! installed by `scripts/setup.sh` into `.tools/sync/` and started here on a free loopback port with
//! an admin and two reviewers. `exhibit sync-setup` installs the case database's rules; `exhibit
//! sync` pushes and pulls review files. The mapping and the chain checks are also tested without a
//! server (`domain::sync`).

#[path = "data/couch.rs"]
mod couch;
#[path = "data/export/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command;

use couch::CouchServer;

use exhibit::domain::export::{parse_review_file, review_file, to_json};
use exhibit::domain::review_log::{Event, EventKind};
use exhibit::domain::sync::{
    check_docs, doc_id, docs_for_log, rev_of, Replicator, Step, SyncMemory, SyncOutcome, CHANGES_BATCH,
};
use exhibit::domain::time::Timestamp;
use serde_json::json;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn exhibit(arguments: &[&str], password: &str) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(arguments)
        .env("EXHIBIT_SYNC_PASSWORD", password)
        .output()
        .expect("run exhibit");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn event(id: &str, minute: u32, reviewer: &str, allegation: &str) -> Event {
    Event::new(
        id,
        format!("2026-03-04T10:{minute:02}:00Z"),
        reviewer,
        EventKind::Revealed { allegation_id: allegation.into() },
    )
}

/// A review file of the fixture case with these events.
fn write_review(dir: &Path, name: &str, events: &[Event]) -> PathBuf {
    let path = dir.join(name);
    let case = fixture::case();
    std::fs::write(&path, to_json(&review_file(&case, events, fixture::EXPORTED_AT))).expect("write review");
    path
}

fn events_of(path: &Path) -> Vec<Event> {
    let text = std::fs::read_to_string(path).expect("read review");
    parse_review_file(&text).expect("review file").0.events
}

fn setup_case(server: &CouchServer, database: &str) -> String {
    let url = format!("{}/{database}", server.base());
    let run = exhibit(&["sync-setup", &url, "--user", "admin", "--members", "alice,bob"], "secret");
    assert_eq!(run.code, 0, "sync-setup: {}", run.stderr);
    url
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("exhibit-sync-files-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

// ---------------------------------------------------------------------------------------------
// Without a server.

#[test]
fn documents_are_keyed_by_reviewer_and_number_and_chained() {
    let log = [event("e1", 1, "alice", "a1"), event("e2", 2, "bob", "a1"), event("e3", 3, "alice", "a2")];
    let docs = docs_for_log(&log);
    assert_eq!(
        docs.iter().map(|doc| doc.id.as_str()).collect::<Vec<_>>(),
        ["ev-alice-0000000001", "ev-bob-0000000001", "ev-alice-0000000002"]
    );
    assert_eq!(docs[2].prev, docs[0].hash, "alice's second event chains to her first");
    assert!(docs[0].prev.is_empty() && docs[1].prev.is_empty());
    // The revision is the content's: the same log gives the same revisions.
    assert_eq!(docs_for_log(&log), docs);
    assert!(docs.iter().all(|doc| doc.rev.starts_with("1-") && doc.rev == rev_of(doc)));
    assert_eq!(doc_id("a b/c", 7), "ev-a%20b%2Fc-0000000007");
    let (events, problems) = check_docs(&[], &docs);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(events.len(), 3);
}

#[test]
fn altered_misfiled_forged_and_second_versions_are_refused_and_named() {
    let log = [event("e1", 1, "alice", "a1"), event("e2", 2, "alice", "a2"), event("e3", 3, "alice", "a3")];
    let docs = docs_for_log(&log);
    let held: Vec<_> = docs.iter().map(|doc| doc.summary()).collect();

    let mut altered = docs[1].clone();
    altered.event.kind = EventKind::Revealed { allegation_id: "a9".into() };
    let mut forged = docs[1].clone();
    forged.event.reviewer = "bob".into();
    let mut misfiled = docs[1].clone();
    misfiled.id = doc_id("alice", 9);
    // A second version of alice's event 2: a different event, properly hashed and chained.
    let other = docs_for_log(&[event("e1", 1, "alice", "a1"), event("e2x", 2, "alice", "a7")]);
    let (events, problems) = check_docs(&held, &[altered, forged, misfiled, other[1].clone()]);
    assert!(events.is_empty(), "{events:?}");
    let messages: Vec<&str> = problems.iter().map(|problem| problem.message.as_str()).collect();
    assert_eq!(problems.len(), 4, "{messages:?}");
    assert!(messages[0].contains("altered"));
    assert!(messages[1].contains("bob's"));
    assert!(messages[2].contains("does not name"));
    assert!(messages[3].contains("equivocation") && problems[3].event_id == "e2x" && problems[3].reviewer == "alice");

    // A broken chain: event 3 that does not follow event 2.
    let mut broken = docs[2].clone();
    broken.prev = docs[0].hash.clone();
    broken.rev = rev_of(&broken);
    let (events, problems) = check_docs(&held[..2], &[broken]);
    assert!(events.is_empty() && problems[0].message.contains("chain"), "{problems:?}");
    // An honest later event after a gap is taken, with a note.
    let (events, problems) = check_docs(&held[..1], &docs[2..]);
    assert_eq!(events.len(), 1);
    assert!(problems[0].message.contains("not here yet"), "{problems:?}");
}

#[test]
fn an_event_forged_in_ones_own_name_is_refused_on_the_first_sync() {
    // alice's first sync: nothing seen yet, her own two events about to be pushed. The server
    // hands back a different "alice event 2", properly hashed and chained to her event 1.
    let own = docs_for_log(&[event("e1", 1, "alice", "a1"), event("e2", 2, "alice", "a2")]);
    let forged = docs_for_log(&[event("e1", 1, "alice", "a1"), event("e2x", 2, "alice", "a9")]);
    let outcome = SyncOutcome { pulled: vec![forged[1].clone()], last_seq: json!(1), ..SyncOutcome::default() };
    let mut memory = SyncMemory::for_database(None, "http://127.0.0.1:5984/case");
    let (events, problems) = memory.absorb(&own, &outcome);
    assert!(events.is_empty(), "a second version of alice's own event 2 was merged: {events:?}");
    assert!(
        problems.iter().any(|problem| problem.event_id == "e2x" && problem.message.contains("equivocation")),
        "{problems:?}"
    );
    // What is remembered of event 2 is her own version.
    let remembered = memory.seen.iter().find(|summary| summary.reviewer == "alice" && summary.seq == 2);
    assert_eq!(remembered.map(|summary| summary.event_id.as_str()), Some("e2"));
}

#[test]
fn a_server_that_answers_full_batches_without_moving_on_cannot_hold_the_replication() {
    let log = [event("e1", 1, "alice", "a1")];
    let mut replicator = Replicator::new("r".into(), &log, "alice", json!(0), &[]);
    let mut step = replicator.start();
    // A full batch of changes, all of documents already known (alice's own), with the same
    // last_seq every time: without a guard the replicator would ask again forever.
    let own = replicator.own_docs()[0].clone();
    let change = json!({ "id": own.id, "changes": [{ "rev": own.rev }] });
    let full = json!({ "results": vec![change; CHANGES_BATCH], "last_seq": "7-x" }).to_string();
    let mut changes_asked = 0;
    for _ in 0..50 {
        let Step::Request(request) = step else { break };
        let (status, body) = match request.path.as_str() {
            path if path.starts_with("_local/") && request.method == "GET" => (404, "{}".to_string()),
            "_revs_diff" => (200, "{}".to_string()),
            path if path.starts_with("_changes") => {
                changes_asked += 1;
                (200, full.clone())
            }
            _ => (201, "{}".to_string()),
        };
        step = replicator.answer(status, &body);
    }
    assert!(matches!(step, Step::Done(_)), "the replication did not end: {step:?}");
    assert_eq!(changes_asked, 2, "asked _changes from 0, then once from 7-x, which did not move");
}

#[test]
fn timestamps_keep_their_text() {
    let time = Timestamp::from("2026-03-04T10:00:00+02:00");
    assert_eq!(event("e", 0, "a", "x").time.as_str(), "2026-03-04T10:00:00Z");
    assert_eq!(time.to_string(), "2026-03-04T10:00:00+02:00");
}

// ---------------------------------------------------------------------------------------------
// Against pouchdb-server.

#[test]
fn two_reviewers_push_and_pull_and_the_server_keeps_each_to_their_own() {
    let server = CouchServer::start("pushpull");
    let url = setup_case(&server, "case-pushpull");
    let dir = temp_dir("pushpull");
    let alice = write_review(&dir, "alice.json", &[event("a-1", 1, "alice", "a1"), event("a-2", 3, "alice", "a2")]);
    let bob = write_review(&dir, "bob.json", &[event("b-1", 2, "bob", "a1")]);

    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let first: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(first["pushed"], 2);
    // Pushing again changes nothing.
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    let again: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!((again["pushed"].as_u64(), again["pulled"].as_u64()), (Some(0), Some(0)), "{}", run.stdout);

    let run = exhibit(&["sync", bob.to_str().unwrap_or_default(), &url, "--user", "bob"], "bpw");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bob_run: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!((bob_run["pushed"].as_u64(), bob_run["pulled"].as_u64()), (Some(1), Some(2)));
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let ids = |path: &Path| events_of(path).into_iter().map(|event| event.id).collect::<Vec<_>>();
    assert_eq!(ids(&alice), ["a-1", "b-1", "a-2"], "one log in time order");
    assert_eq!(ids(&bob), ["a-1", "b-1", "a-2"]);

    // alice may not write bob's events, nor change her own, nor delete one: the server refuses.
    let docs = docs_for_log(&[event("b-1", 2, "bob", "a1"), event("b-9", 9, "bob", "a3")]);
    let body = serde_json::json!({ "docs": [docs[1]], "new_edits": false }).to_string();
    let (_, reply) = server.request("POST", "/case-pushpull/_bulk_docs", Some(&body), Some(("alice", "apw")));
    assert!(reply.contains("forbidden") && reply.contains("only their own"), "{reply}");
    let doc = doc_id("alice", 1);
    let (status, current) = server.request("GET", &format!("/case-pushpull/{doc}"), None, Some(("alice", "apw")));
    assert_eq!(status, 200);
    let mut changed: serde_json::Value = serde_json::from_str(&current).expect("doc");
    changed["event"]["payload"]["allegation_id"] = serde_json::json!("a9");
    let (status, reply) =
        server.request("PUT", &format!("/case-pushpull/{doc}"), Some(&changed.to_string()), Some(("alice", "apw")));
    assert_eq!(status, 403, "{reply}");
    let rev = changed["_rev"].as_str().unwrap_or_default().to_string();
    let (status, reply) =
        server.request("DELETE", &format!("/case-pushpull/{doc}?rev={rev}"), None, Some(("alice", "apw")));
    assert_eq!(status, 403, "{reply}");
    // eve is not a member.
    let (status, _) = server.request("GET", "/case-pushpull/_changes", None, Some(("eve", "epw")));
    assert!(status == 401 || status == 403, "eve read the case: {status}");
    // A wrong password is said plainly.
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "wrong");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("refused the name or password"), "{}", run.stderr);
    // The password is never written down.
    for path in [alice.clone(), dir.join("alice.json.sync")] {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(!text.contains("apw"), "{} holds the password", path.display());
    }
}

#[test]
fn a_sync_cut_short_by_the_server_resumes_without_losing_or_doubling_events() {
    let server = CouchServer::start("resume");
    let url = setup_case(&server, "case-resume");
    let dir = temp_dir("resume");
    let many: Vec<Event> = (0..40).map(|n| event(&format!("b-{n:02}"), n, "bob", "a1")).collect();
    let bob = write_review(&dir, "bob.json", &many);
    let alice = write_review(&dir, "alice.json", &[event("a-1", 50, "alice", "a1")]);
    assert_eq!(exhibit(&["sync", bob.to_str().unwrap_or_default(), &url, "--user", "bob"], "bpw").code, 0);
    let mut server = server;
    server.stop();
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    assert_eq!(run.code, 2, "the server is down: {}", run.stdout);
    assert!(run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert_eq!(events_of(&alice).len(), 1, "a failed sync leaves the file as it was");
    let server = server.restart();
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut ids: Vec<String> = events_of(&alice).into_iter().map(|event| event.id.into()).collect();
    assert_eq!(ids.len(), 41);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 41, "no event twice");
    // The checkpoint moved on: a further run reads nothing again.
    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(value["pulled"], 0);
    drop(server);
}

#[test]
fn a_second_version_of_an_event_planted_in_the_database_is_reported() {
    let server = CouchServer::start("equivocation");
    let url = setup_case(&server, "case-equivocation");
    let dir = temp_dir("equivocation");
    let bob = write_review(&dir, "bob.json", &[event("b-1", 1, "bob", "a1"), event("b-2", 2, "bob", "a2")]);
    let alice = write_review(&dir, "alice.json", &[event("a-1", 3, "alice", "a1")]);
    assert_eq!(exhibit(&["sync", bob.to_str().unwrap_or_default(), &url, "--user", "bob"], "bpw").code, 0);
    // The rules refuse a second version, even from an admin; someone with the server's files could
    // still plant one (here: the rules removed, a conflicting revision written, the rules back).
    let (_, design) = server.request("GET", "/case-equivocation/_design/exhibit", None, Some(("admin", "secret")));
    let rev = serde_json::from_str::<serde_json::Value>(&design).expect("design")["_rev"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    server.request("DELETE", &format!("/case-equivocation/_design/exhibit?rev={rev}"), None, Some(("admin", "secret")));
    let planted = docs_for_log(&[event("b-1", 1, "bob", "a1"), event("b-2x", 2, "bob", "a9")]);
    let body = serde_json::json!({ "docs": [planted[1]], "new_edits": false }).to_string();
    let (status, reply) =
        server.request("POST", "/case-equivocation/_bulk_docs", Some(&body), Some(("admin", "secret")));
    assert!(status == 201 || status == 200, "{reply}");
    assert_eq!(setup_case(&server, "case-equivocation"), url);

    let run = exhibit(&["sync", alice.to_str().unwrap_or_default(), &url, "--user", "alice"], "apw");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("equivocation") && run.stderr.contains("bob"), "{}", run.stderr);
    let ids: Vec<String> = events_of(&alice).into_iter().map(|event| event.id.into()).collect();
    assert!(ids.contains(&"b-1".to_string()));
    assert!(!(ids.contains(&"b-2".to_string()) && ids.contains(&"b-2x".to_string())), "both versions merged: {ids:?}");

    // exhibit verify reports a log holding two versions of one event.
    let mut events = events_of(&bob);
    let mut second = events[1].clone();
    second.kind = EventKind::Revealed { allegation_id: "a9".into() };
    events.push(second);
    let forged = write_review(&dir, "forged.json", &events);
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["verify", forged.to_str().unwrap_or_default(), "--captures"])
        .arg(fixture::bundle_dir())
        .output()
        .expect("verify");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains("equivocation") && stdout.contains("event b-2"), "{stdout}");
}

/// Drives the replicator by hand over HTTP; `stop_after` kills the server after that many answers.
fn replicate(
    server: &mut CouchServer,
    memory: &mut exhibit::domain::sync::SyncMemory,
    events: &[Event],
    reviewer: &str,
    stop_after: Option<usize>,
) -> Result<Vec<Event>, String> {
    use exhibit::domain::sync::{Replicator, Step};
    let mut replicator =
        Replicator::new("test-replica".to_string(), events, reviewer, memory.last_seq.clone(), &memory.seen);
    let mut step = replicator.start();
    let mut answered = 0;
    loop {
        match step {
            Step::Request(request) => {
                if stop_after == Some(answered) {
                    server.stop();
                }
                let path = format!("/case-midsync/{}", request.path);
                let (status, body) = server
                    .try_request(request.method, &path, request.body.as_deref(), Some((reviewer, "cpw")))
                    .ok_or_else(|| format!("the server went away at {} {}", request.method, request.path))?;
                answered += 1;
                step = replicator.answer(status, &body);
            }
            Step::Done(outcome) => {
                let (events, problems) = memory.absorb(replicator.own_docs(), &outcome);
                assert!(problems.is_empty(), "{problems:?}");
                return Ok(events);
            }
            Step::Failed(message) => return Err(message),
        }
    }
}

#[test]
fn a_server_stopped_in_the_middle_of_a_sync_loses_and_doubles_nothing() {
    let mut server = CouchServer::start("midsync");
    setup_case(&server, "case-midsync");
    let (_, _) = server.request(
        "PUT",
        "/case-midsync/_security",
        Some(r#"{"admins":{"names":[],"roles":[]},"members":{"names":["alice","bob","carol"],"roles":[]}}"#),
        Some(("admin", "secret")),
    );
    let dir = temp_dir("midsync");
    let bob: Vec<Event> = (0..30).map(|n| event(&format!("b-{n:02}"), n, "bob", "a1")).collect();
    let bob_file = write_review(&dir, "bob.json", &bob);
    let url = format!("{}/case-midsync", server.base());
    assert_eq!(exhibit(&["sync", bob_file.to_str().unwrap_or_default(), &url, "--user", "bob"], "bpw").code, 0);

    // carol pushes her own two events and pulls bob's; the server dies after the checkpoint read,
    // the revision diff and her push, before the changes are read.
    let carol = vec![event("c-1", 40, "carol", "a2"), event("c-2", 41, "carol", "a3")];
    let mut memory = exhibit::domain::sync::SyncMemory::for_database(None, &url);
    let failed = replicate(&mut server, &mut memory, &carol, "carol", Some(3));
    assert!(failed.is_err(), "the sync should fail with the server gone");
    assert!(memory.seen.is_empty() && memory.last_seq == serde_json::json!(0), "a failed sync moves no checkpoint");
    let mut server = server.restart();
    let pulled = replicate(&mut server, &mut memory, &carol, "carol", None).expect("the resumed sync");
    assert_eq!(pulled.len(), 30, "bob's 30 events, once");
    // Her pushed events are on the server once each.
    let (_, all) = server.request("GET", "/case-midsync/_all_docs", None, Some(("admin", "secret")));
    let carol_docs = all.matches("{\"id\":\"ev-carol-").count();
    assert_eq!(carol_docs, 2, "{all}");
    // And a further sync finds nothing new.
    assert!(replicate(&mut server, &mut memory, &carol, "carol", None).expect("again").is_empty());
}

#[test]
fn a_database_address_must_be_http_and_carry_no_credentials() {
    use exhibit::domain::sync::database_url_problem;
    assert_eq!(database_url_problem("https://couch.example.org/case-demo"), None);
    assert_eq!(database_url_problem("http://127.0.0.1:5984/case"), None);
    for bad in [
        "ftp://couch.example.org/case",
        "couch.example.org/case",
        "https://alice:pw@couch.example.org/case",
        "https:///case",
    ] {
        assert!(database_url_problem(bad).is_some(), "{bad}");
    }
    // The CLI says so before reaching any server.
    let dir = temp_dir("address");
    let review = write_review(&dir, "alice.json", &[event("a-1", 1, "alice", "a1")]);
    let run = exhibit(
        &["sync", review.to_str().unwrap_or_default(), "https://alice:pw@couch.example.org/case", "--user", "alice"],
        "pw",
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("name or password"), "{}", run.stderr);
}
