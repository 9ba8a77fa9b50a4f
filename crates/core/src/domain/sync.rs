//! Live sync over the CouchDB replication protocol (issue 15): how a review log maps onto one
//! CouchDB database per case, the hash chain of each reviewer's events, and the replicator's steps
//! as a pure state machine. The HTTP is the caller's: `exhibit sync` drives [`Replicator`] over a
//! blocking client; the app will drive the same machine over fetch. docs/FORMATS.md §12.
//!
//! **Mapping.** One document per event. Each reviewer's own events, in log order, are numbered
//! 1, 2, 3…; the document `_id` is `ev-<reviewer>-<seq, 10 digits>` (the reviewer percent-encoded),
//! and it carries the event, the reviewer, the number, the SHA-256 of the event (`hash`) and the
//! hash of the reviewer's previous event (`prev`, empty for the first): a chain. The revision is
//! `1-` and 32 hex digits of the SHA-256 of that content, so pushing one event twice is the same
//! revision (nothing changes) and honest peers never conflict.
//!
//! **Checks** ([`check_docs`]): every pulled document must name its own reviewer and number, hash
//! to its `hash`, and chain to the previous one; two different documents for one (reviewer,
//! number) are an equivocation. Each problem names the reviewer and the event, and the documents
//! behind it are not merged. Pulled events then pass the same gate as an imported file.
//!
//! **Replication** ([`Replicator`]): read the checkpoint (`_local/<replication id>`), push what the
//! server lacks (`_revs_diff`, then `_bulk_docs` with `new_edits: false`), pull the changes since
//! the checkpoint (`_changes?style=all_docs`, then `_bulk_get`), write the checkpoint. A failure
//! at any step leaves the checkpoint where it was, so the next run resumes from it and nothing is
//! lost or duplicated (documents are keyed by content).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::domain::hash::sha256_hex;
use crate::domain::order;
use crate::domain::review_log::Event;

/// The validation function of a case database, installed by `exhibit sync-setup` in
/// `_design/exhibit`: members only; a reviewer writes only their own events; an event is never
/// changed or deleted.
pub const VALIDATE_DOC_UPDATE: &str = include_str!("sync/validate_doc_update.js");

/// The `type` of every event document.
pub const DOC_TYPE: &str = "exhibit-event";

/// Changes read per `_changes` request.
pub const CHANGES_BATCH: usize = 2000;

/// One event as a CouchDB document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventDoc {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_rev", default, skip_serializing_if = "String::is_empty")]
    pub rev: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub reviewer: String,
    pub seq: u64,
    pub hash: String,
    /// The previous event's `hash` in this reviewer's chain (empty for their first).
    pub prev: String,
    pub event: Event,
}

/// The design document that holds [`VALIDATE_DOC_UPDATE`].
pub fn design_doc() -> Value {
    json!({ "_id": "_design/exhibit", "validate_doc_update": VALIDATE_DOC_UPDATE })
}

/// The document id of a reviewer's `seq`-th event.
pub fn doc_id(reviewer: &str, seq: u64) -> String {
    format!("ev-{}-{seq:010}", percent_encode(reviewer, b"._"))
}

/// The SHA-256 of an event as the log writes it.
pub fn event_hash(event: &Event) -> String {
    sha256_hex(serde_json::to_string(event).unwrap_or_default().as_bytes())
}

/// The revision of a document: `1-` and the first 32 hex digits of the SHA-256 of its content.
pub fn rev_of(doc: &EventDoc) -> String {
    rev_from_parts(&doc.id, &doc.reviewer, doc.seq, &doc.prev, &doc.hash)
}

fn rev_from_parts(id: &str, reviewer: &str, seq: u64, prev: &str, hash: &str) -> String {
    let content = format!("{id}\n{reviewer}\n{seq}\n{prev}\n{hash}");
    format!("1-{}", &sha256_hex(content.as_bytes())[..32])
}

/// What is wrong with a case database address, if anything: it must be an http(s) URL, and carry
/// no credentials (they belong in the Authorization header, never in a URL that is shown, logged
/// or stored). The CLI and the app both ask this.
pub fn database_url_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")) else {
        return Some("the address must be an http(s) URL of the case database");
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Some("the address names no server");
    }
    host.contains('@').then_some("the address carries a name or password: give them separately, not in the address")
}

/// `text` percent-encoded, keeping ASCII letters, digits and the bytes in `keep`.
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut encoded = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// The `Authorization` header value (HTTP basic) for a CouchDB name and password.
pub fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine as _;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")))
}

/// The documents of a log: each reviewer's events numbered in log order, chained.
pub fn docs_for_log(events: &[Event]) -> Vec<EventDoc> {
    let mut last: BTreeMap<&str, (u64, String)> = BTreeMap::new();
    events
        .iter()
        .map(|event| {
            let (seq, prev) =
                last.get(event.reviewer.as_str()).map_or((1, String::new()), |(seq, hash)| (seq + 1, hash.clone()));
            let hash = event_hash(event);
            last.insert(&event.reviewer, (seq, hash.clone()));
            let mut doc = EventDoc {
                id: doc_id(&event.reviewer, seq),
                rev: String::new(),
                doc_type: DOC_TYPE.to_string(),
                reviewer: event.reviewer.clone(),
                seq,
                hash,
                prev,
                event: event.clone(),
            };
            doc.rev = rev_of(&doc);
            doc
        })
        .collect()
}

/// What is wrong with pulled documents, naming the reviewer and the event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncProblem {
    pub reviewer: String,
    pub doc_id: String,
    pub event_id: String,
    pub message: String,
}

/// What a replica remembers of each event document it has seen (to check later documents'
/// chains without keeping the events twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocSummary {
    pub reviewer: String,
    pub seq: u64,
    pub hash: String,
    pub prev: String,
    pub event_id: String,
}

impl EventDoc {
    pub fn summary(&self) -> DocSummary {
        DocSummary {
            reviewer: self.reviewer.clone(),
            seq: self.seq,
            hash: self.hash.clone(),
            prev: self.prev.clone(),
            event_id: self.event.id.to_string(),
        }
    }
}

/// Checks `docs` (new ones: pulled, or one's own about to be pushed) against `held` (summaries of
/// every document seen before) and returns the events of `docs` that pass, with the problems.
/// A document whose content does not hash to its `hash`, whose id does not name its reviewer and
/// number, or whose event is another reviewer's is refused. Two different documents for one
/// (reviewer, number) are an equivocation: the new version is refused (and both are named). A
/// `prev` that is not the hash of the reviewer's previous event is a broken chain: reported, and
/// the event refused. A reviewer's earlier events not seen yet leave the chain unchecked there
/// (reported as a note, the event taken).
pub fn check_docs(held: &[DocSummary], docs: &[EventDoc]) -> (Vec<Event>, Vec<SyncProblem>) {
    let mut problems = Vec::new();
    let problem = |doc: &EventDoc, message: String| SyncProblem {
        reviewer: doc.reviewer.clone(),
        doc_id: doc.id.clone(),
        event_id: doc.event.id.to_string(),
        message,
    };
    let mut slots: BTreeMap<(String, u64), DocSummary> =
        order::map_of(held.iter().map(|summary| ((summary.reviewer.clone(), summary.seq), summary.clone())));
    let mut sound: Vec<&EventDoc> = Vec::new();
    for doc in docs {
        if doc.event.reviewer != doc.reviewer {
            problems.push(problem(
                doc,
                format!("the event is {}'s, in a document of {}", doc.event.reviewer, doc.reviewer),
            ));
        } else if doc.id != doc_id(&doc.reviewer, doc.seq) {
            problems.push(problem(doc, format!("the document id does not name {}'s event {}", doc.reviewer, doc.seq)));
        } else if event_hash(&doc.event) != doc.hash {
            problems.push(problem(doc, "the event does not hash to the document's hash: it was altered".to_string()));
        } else {
            sound.push(doc);
        }
    }
    // In chain order, so each document's predecessor is settled first.
    order::sort_by(&mut sound, |a, b| (&a.reviewer, a.seq, &a.hash).cmp(&(&b.reviewer, b.seq, &b.hash)));
    let mut events = Vec::new();
    for doc in sound {
        let key = (doc.reviewer.clone(), doc.seq);
        if let Some(seen) = slots.get(&key) {
            if seen.hash != doc.hash || seen.prev != doc.prev {
                problems.push(problem(
                    doc,
                    format!(
                        "{} wrote two versions of their event {} (events {} and {}): equivocation; the second is refused",
                        doc.reviewer, doc.seq, seen.event_id, doc.event.id
                    ),
                ));
            } else {
                events.push(doc.event.clone());
            }
            continue;
        }
        let before = doc.seq.checked_sub(1).and_then(|seq| slots.get(&(doc.reviewer.clone(), seq)));
        match before {
            _ if doc.seq == 1 && !doc.prev.is_empty() => {
                problems.push(problem(
                    doc,
                    format!("{}'s first event names a predecessor: the chain is broken", doc.reviewer),
                ));
                continue;
            }
            Some(previous) if previous.hash != doc.prev => {
                problems.push(problem(
                    doc,
                    format!(
                        "the chain of {}'s events is broken at {}: it does not follow their event {} ({})",
                        doc.reviewer,
                        doc.seq,
                        doc.seq - 1,
                        previous.event_id
                    ),
                ));
                continue;
            }
            None if doc.seq > 1 => problems.push(problem(
                doc,
                format!(
                    "{}'s event {} is not here yet: the chain is checked when it arrives",
                    doc.reviewer,
                    doc.seq - 1
                ),
            )),
            _ => {}
        }
        slots.insert(key, doc.summary());
        events.push(doc.event.clone());
    }
    (events, problems)
}

/// What a replica keeps between syncs with one database (beside its log, never with
/// credentials): where the last sync got to and what it saw of every document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncMemory {
    pub database: String,
    pub last_seq: Value,
    pub seen: Vec<DocSummary>,
}

impl SyncMemory {
    /// What was kept for `database`, or a fresh start (a memory of another database is not used).
    pub fn for_database(kept: Option<SyncMemory>, database: &str) -> SyncMemory {
        kept.filter(|memory| memory.database == database).unwrap_or_else(|| SyncMemory {
            database: database.to_string(),
            last_seq: json!(0),
            seen: Vec::new(),
        })
    }

    /// After a replication: checks the pulled documents against what was seen before, remembers
    /// the ones that passed, one's own pushed ones and where the replication got to. Returns the
    /// events that passed and the problems (one's own documents are checked too: a file whose own
    /// chain contradicts what the database holds says so).
    pub fn absorb(&mut self, own: &[EventDoc], outcome: &SyncOutcome) -> (Vec<Event>, Vec<SyncProblem>) {
        let (_, mut problems) = check_docs(&self.seen, own);
        // One's own documents are remembered first, and pulled ones are checked against them too:
        // a server handing back another version of one's own event (not yet seen there on a first
        // sync) is an equivocation.
        let mut seen: BTreeMap<(String, u64), DocSummary> =
            order::map_of(self.seen.drain(..).map(|summary| ((summary.reviewer.clone(), summary.seq), summary)));
        for doc in own {
            seen.entry((doc.reviewer.clone(), doc.seq)).or_insert_with(|| doc.summary());
        }
        let held: Vec<DocSummary> = seen.values().cloned().collect();
        let (events, pulled_problems) = check_docs(&held, &outcome.pulled);
        let refused: BTreeSet<&str> = order::set_of(
            pulled_problems
                .iter()
                .filter(|problem| !problem.message.contains("is not here yet"))
                .map(|problem| problem.doc_id.as_str()),
        );
        for doc in outcome.pulled.iter().filter(|doc| !refused.contains(doc.id.as_str())) {
            seen.entry((doc.reviewer.clone(), doc.seq)).or_insert_with(|| doc.summary());
        }
        self.seen = seen.into_values().collect();
        self.last_seq = outcome.last_seq.clone();
        problems.extend(pulled_problems);
        (events, problems)
    }
}

/// An HTTP request the replicator asks for: a path under the database URL (empty: the database
/// itself) and, for POST and PUT, a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub path: String,
    pub body: Option<String>,
}

/// What the replicator asks next, or how it ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Request(HttpRequest),
    Done(SyncOutcome),
    /// Replication stopped: why (the checkpoint is unchanged, a later run resumes from it).
    Failed(String),
}

/// What one replication did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SyncOutcome {
    /// Documents the server accepted from us.
    pub pushed: usize,
    /// Documents the server refused, with its reason (e.g. another reviewer's event).
    pub refused: Vec<(String, String)>,
    /// Documents read from the server.
    pub pulled: Vec<EventDoc>,
    /// The server's sequence the next run starts from.
    pub last_seq: Value,
}

#[derive(Debug, Clone, PartialEq)]
enum Phase {
    ReadCheckpoint,
    RevsDiff,
    BulkDocs(Vec<EventDoc>),
    Changes,
    BulkGet { last_seq: Value, pending: bool },
    WriteCheckpoint,
    Finished,
}

/// The replication of one local log with one case database, as a state machine: call
/// [`Replicator::start`], send each [`Step::Request`] and pass its status and body to
/// [`Replicator::answer`], until `Done` or `Failed`.
#[derive(Debug, Clone)]
pub struct Replicator {
    replication_id: String,
    local: Vec<EventDoc>,
    known: BTreeSet<(String, String)>,
    phase: Phase,
    since: Value,
    checkpoint_rev: Option<String>,
    outcome: SyncOutcome,
}

/// A stable replication id for a local log (identified by the caller: a browser's case key, a
/// file's path) and a database URL without credentials.
pub fn replication_id(local_identity: &str, database: &str) -> String {
    format!("exhibit-{}", &sha256_hex(format!("{local_identity}\n{database}").as_bytes())[..32])
}

fn status_error(what: &str, status: u16, body: &str) -> String {
    let reason = serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|value| value.get("reason").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| body.chars().take(200).collect());
    match status {
        401 => format!("the server refused the name or password ({reason})"),
        403 => format!("the server refused access to this case ({reason})"),
        404 => format!("{what}: the case database does not exist ({reason})"),
        _ => format!("{what}: HTTP {status} ({reason})"),
    }
}

impl Replicator {
    /// A replication of `reviewer`'s own events in `events` (the local log: only one's own are
    /// pushed) from `since` (the checkpoint this replica kept; the server's `_local` copy is read
    /// too, and the later of the two used), knowing the documents in `held` already.
    pub fn new(
        replication_id: String,
        events: &[Event],
        reviewer: &str,
        since: Value,
        held: &[DocSummary],
    ) -> Replicator {
        let own: Vec<Event> = events.iter().filter(|event| event.reviewer == reviewer).cloned().collect();
        let local = docs_for_log(&own);
        let mut known: BTreeSet<(String, String)> =
            order::set_of(local.iter().map(|doc| (doc.id.clone(), doc.rev.clone())));
        known.extend(held.iter().map(|summary| {
            let doc_id = doc_id(&summary.reviewer, summary.seq);
            let rev = rev_from_parts(&doc_id, &summary.reviewer, summary.seq, &summary.prev, &summary.hash);
            (doc_id, rev)
        }));
        Replicator {
            replication_id,
            local,
            known,
            phase: Phase::ReadCheckpoint,
            since,
            checkpoint_rev: None,
            outcome: SyncOutcome::default(),
        }
    }

    /// One's own documents, as pushed.
    pub fn own_docs(&self) -> &[EventDoc] {
        &self.local
    }

    /// The first request.
    pub fn start(&mut self) -> Step {
        self.phase = Phase::ReadCheckpoint;
        Step::Request(HttpRequest { method: "GET", path: format!("_local/{}", self.replication_id), body: None })
    }

    /// The answer to the last request: its HTTP status and body.
    pub fn answer(&mut self, status: u16, body: &str) -> Step {
        match self.phase.clone() {
            Phase::ReadCheckpoint => {
                if status == 200 {
                    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                    // The server's copy only says where a run got to; this replica's own checkpoint
                    // (what it kept) wins, since only it knows what was merged here.
                    self.checkpoint_rev = value.get("_rev").and_then(Value::as_str).map(str::to_owned);
                } else if status != 404 {
                    return Step::Failed(status_error("reading the checkpoint", status, body));
                }
                self.revs_diff()
            }
            Phase::RevsDiff => {
                if status != 200 {
                    return Step::Failed(status_error("comparing revisions", status, body));
                }
                let missing: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                let docs: Vec<EventDoc> = self
                    .local
                    .iter()
                    .filter(|doc| {
                        missing
                            .get(&doc.id)
                            .and_then(|entry| entry.get("missing"))
                            .and_then(Value::as_array)
                            .is_some_and(|revs| revs.iter().any(|rev| rev.as_str() == Some(doc.rev.as_str())))
                    })
                    .cloned()
                    .collect();
                if docs.is_empty() {
                    return self.changes();
                }
                let body = json!({ "docs": docs, "new_edits": false }).to_string();
                self.phase = Phase::BulkDocs(docs);
                Step::Request(HttpRequest { method: "POST", path: "_bulk_docs".to_string(), body: Some(body) })
            }
            Phase::BulkDocs(sent) => {
                if status != 201 && status != 200 {
                    return Step::Failed(status_error("pushing events", status, body));
                }
                let results: Vec<Value> = serde_json::from_str(body).unwrap_or_default();
                let mut refused = BTreeMap::new();
                for result in &results {
                    if let (Some(id), Some(error)) =
                        (result.get("id").and_then(Value::as_str), result.get("error").and_then(Value::as_str))
                    {
                        let reason = result.get("reason").and_then(Value::as_str).unwrap_or(error);
                        refused.insert(id.to_string(), format!("{error}: {reason}"));
                    }
                }
                self.outcome.pushed += sent.len() - sent.iter().filter(|doc| refused.contains_key(&doc.id)).count();
                self.outcome.refused.extend(refused);
                self.changes()
            }
            Phase::Changes => {
                if status != 200 {
                    return Step::Failed(status_error("reading changes", status, body));
                }
                let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                let results = value.get("results").and_then(Value::as_array).cloned().unwrap_or_default();
                let last_seq = value.get("last_seq").cloned().unwrap_or_else(|| self.since.clone());
                let mut wanted = Vec::new();
                for change in &results {
                    let Some(id) = change.get("id").and_then(Value::as_str) else { continue };
                    if !id.starts_with("ev-") {
                        continue;
                    }
                    for rev in change.get("changes").and_then(Value::as_array).into_iter().flatten() {
                        if let Some(rev) = rev.get("rev").and_then(Value::as_str) {
                            if !self.known.contains(&(id.to_string(), rev.to_string())) {
                                wanted.push(json!({ "id": id, "rev": rev }));
                            }
                        }
                    }
                }
                // A full batch means more may follow, unless the server did not move on: asking
                // again from the same place would loop for as long as it answers the same.
                let pending = results.len() >= CHANGES_BATCH && last_seq != self.since;
                if wanted.is_empty() {
                    self.since = last_seq;
                    return if pending { self.changes() } else { self.write_checkpoint() };
                }
                self.phase = Phase::BulkGet { last_seq, pending };
                let body = json!({ "docs": wanted }).to_string();
                Step::Request(HttpRequest { method: "POST", path: "_bulk_get".to_string(), body: Some(body) })
            }
            Phase::BulkGet { last_seq, pending } => {
                if status != 200 {
                    return Step::Failed(status_error("reading events", status, body));
                }
                let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
                for result in value.get("results").and_then(Value::as_array).into_iter().flatten() {
                    for doc in result.get("docs").and_then(Value::as_array).into_iter().flatten() {
                        let Some(ok) = doc.get("ok") else { continue };
                        match serde_json::from_value::<EventDoc>(ok.clone()) {
                            Ok(doc) => {
                                self.known.insert((doc.id.clone(), doc.rev.clone()));
                                self.outcome.pulled.push(doc);
                            }
                            Err(error) => self.outcome.refused.push((
                                ok.get("_id").and_then(Value::as_str).unwrap_or("?").to_string(),
                                format!("not an Exhibit event document: {error}"),
                            )),
                        }
                    }
                }
                self.since = last_seq;
                if pending {
                    self.changes()
                } else {
                    self.write_checkpoint()
                }
            }
            Phase::WriteCheckpoint => {
                if status != 201 && status != 200 {
                    return Step::Failed(status_error("writing the checkpoint", status, body));
                }
                self.phase = Phase::Finished;
                self.outcome.last_seq = self.since.clone();
                Step::Done(self.outcome.clone())
            }
            Phase::Finished => Step::Done(self.outcome.clone()),
        }
    }

    fn revs_diff(&mut self) -> Step {
        self.phase = Phase::RevsDiff;
        let mut revs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for doc in &self.local {
            revs.entry(&doc.id).or_default().push(&doc.rev);
        }
        let body = serde_json::to_string(&revs).unwrap_or_else(|_| "{}".to_string());
        Step::Request(HttpRequest { method: "POST", path: "_revs_diff".to_string(), body: Some(body) })
    }

    fn changes(&mut self) -> Step {
        self.phase = Phase::Changes;
        let since = match &self.since {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let since = percent_encode(&since, b"-_.~");
        Step::Request(HttpRequest {
            method: "GET",
            path: format!("_changes?style=all_docs&since={since}&limit={CHANGES_BATCH}"),
            body: None,
        })
    }

    fn write_checkpoint(&mut self) -> Step {
        self.phase = Phase::WriteCheckpoint;
        let mut body = json!({ "last_seq": self.since });
        if let Some(rev) = &self.checkpoint_rev {
            body["_rev"] = json!(rev);
        }
        Step::Request(HttpRequest {
            method: "PUT",
            path: format!("_local/{}", self.replication_id),
            body: Some(body.to_string()),
        })
    }
}
