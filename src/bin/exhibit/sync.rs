//! `exhibit sync REVIEW.json URL --user NAME` and `exhibit sync-setup URL --members a,b`: live sync
//! of a review file with a CouchDB case database (`domain::sync`: the mapping, the chain checks and
//! the replicator's steps; this file only sends its requests and reads and writes files).
//!
//! The password comes from the environment (`EXHIBIT_SYNC_PASSWORD`), never from the command
//! line (it would be in the shell's history and the process list), and is never written anywhere.
//! The local checkpoint and what was seen of every document live beside the review file, in
//! `REVIEW.json.sync` (no credentials in it). Exit 0 when synced, 1 when the server refused some
//! of our events or pulled documents failed the checks (named on stderr; the rest is merged),
//! 2 when the sync could not run (unreachable server, wrong password, unreadable file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use serde_json::{json, Value};

use exhibit::domain::export::{parse_review_file, to_json};
use exhibit::domain::review_log::Event;
use exhibit::domain::sync::{design_doc, replication_id, Replicator, Step, SyncMemory};

/// The password's environment variable.
pub const PASSWORD_VARIABLE: &str = "EXHIBIT_SYNC_PASSWORD";

/// A database URL without credentials, and the basic-auth header for them.
struct Server {
    database: String,
    authorization: Option<String>,
    agent: ureq::Agent,
}

impl Server {
    fn new(url: &str, user: Option<&str>) -> Result<Server, String> {
        let database = url.trim_end_matches('/').to_string();
        if let Some(problem) = exhibit::domain::sync::database_url_problem(&database) {
            return Err(format!("{url}: {problem} (the name goes in --user, the password in {PASSWORD_VARIABLE})"));
        }
        let authorization = match user {
            Some(user) => {
                let password = std::env::var(PASSWORD_VARIABLE).map_err(|_| {
                    format!("--user {user} needs the password in the environment variable {PASSWORD_VARIABLE}")
                })?;
                Some(exhibit::domain::sync::basic_auth(user, &password))
            }
            None => None,
        };
        let agent = ureq::AgentBuilder::new().timeout(Duration::from_secs(30)).build();
        Ok(Server { database, authorization, agent })
    }

    /// Sends one request to a path under the database (or, starting with `/`, under the server).
    fn send(&self, method: &str, path: &str, body: Option<&str>) -> Result<(u16, String), String> {
        let url = if let Some(absolute) = path.strip_prefix('/') {
            let origin: String = self.database.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
            format!("{origin}/{absolute}")
        } else if path.is_empty() {
            self.database.clone()
        } else {
            format!("{}/{path}", self.database)
        };
        let mut request = self.agent.request(method, &url).set("Accept", "application/json");
        if let Some(authorization) = &self.authorization {
            request = request.set("Authorization", authorization);
        }
        let response = match body {
            Some(body) => request.set("Content-Type", "application/json").send_string(body),
            None => request.call(),
        };
        match response {
            Ok(response) => {
                let status = response.status();
                Ok((status, response.into_string().map_err(|error| error.to_string())?))
            }
            Err(ureq::Error::Status(status, response)) => Ok((status, response.into_string().unwrap_or_default())),
            Err(ureq::Error::Transport(error)) => Err(format!("cannot reach {}: {error}", self.database)),
        }
    }
}

fn sidecar(review: &Path) -> PathBuf {
    let mut name = review.as_os_str().to_os_string();
    name.push(".sync");
    PathBuf::from(name)
}

pub fn run(review: &Path, url: &str, user: Option<&str>, reviewer: Option<&str>) -> ExitCode {
    match sync(review, url, user, reviewer) {
        Ok(clean) => {
            if clean {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(message) => {
            eprintln!("exhibit sync: {message}");
            ExitCode::from(2)
        }
    }
}

fn sync(review: &Path, url: &str, user: Option<&str>, reviewer: Option<&str>) -> Result<bool, String> {
    let text = std::fs::read_to_string(review).map_err(|error| format!("{}: {error}", review.display()))?;
    let (mut file, diagnostics) = parse_review_file(&text).map_err(|error| format!("{}: {error}", review.display()))?;
    for diagnostic in &diagnostics {
        eprintln!("exhibit sync: {}: {}", review.display(), diagnostic.message);
    }
    let me = reviewer.or(user).ok_or("say whose events this file pushes: --user (or --reviewer)")?.to_string();
    let server = Server::new(url, user)?;
    let state_path = sidecar(review);
    let kept = std::fs::read_to_string(&state_path).ok().and_then(|text| serde_json::from_str(&text).ok());
    let mut memory = SyncMemory::for_database(kept, &server.database);

    let local = review.canonicalize().unwrap_or_else(|_| review.to_path_buf()).display().to_string();
    let id = replication_id(&local, &server.database);
    let mut replicator = Replicator::new(id, &file.events, &me, memory.last_seq.clone(), &memory.seen);
    let mut step = replicator.start();
    let outcome = loop {
        match step {
            Step::Request(request) => {
                let (status, body) = server.send(request.method, &request.path, request.body.as_deref())?;
                step = replicator.answer(status, &body);
            }
            Step::Done(outcome) => break outcome,
            Step::Failed(message) => return Err(message),
        }
    };

    let (events, problems) = memory.absorb(replicator.own_docs(), &outcome);
    let known: std::collections::HashSet<exhibit::domain::ids::EventId> =
        file.events.iter().map(|event| event.id.clone()).collect();
    let fresh: Vec<Event> = events.into_iter().filter(|event| !known.contains(&event.id)).collect();
    let pulled = fresh.len();
    if !fresh.is_empty() {
        file.events.extend(fresh);
        file.events.sort_by(|a, b| (&a.time, &a.id).cmp(&(&b.time, &b.id)));
        file.verdict_statuses.clear();
        std::fs::write(review, to_json(&file)).map_err(|error| format!("{}: {error}", review.display()))?;
    }
    let state_text = serde_json::to_string_pretty(&memory).map_err(|error| error.to_string())?;
    std::fs::write(&state_path, state_text).map_err(|error| format!("{}: {error}", state_path.display()))?;

    println!(
        "{}",
        json!({
            "pushed": outcome.pushed,
            "pulled": pulled,
            "refused": outcome.refused.iter().map(|(id, reason)| json!({"doc": id, "reason": reason})).collect::<Vec<_>>(),
            "problems": problems,
            "last_seq": outcome.last_seq,
        })
    );
    for (id, reason) in &outcome.refused {
        eprintln!("exhibit sync: the server refused {id}: {reason}");
    }
    for problem in &problems {
        eprintln!(
            "exhibit sync: {} (reviewer {}, event {}): {}",
            problem.doc_id, problem.reviewer, problem.event_id, problem.message
        );
    }
    let notes_only = problems.iter().all(|problem| problem.message.contains("is not here yet"));
    Ok(outcome.refused.is_empty() && notes_only)
}

/// Creates the case database if it is missing, installs the rules (`_design/exhibit`) and names
/// its members (`_security`). Needs an admin (`--user`).
pub fn setup(url: &str, user: Option<&str>, members: &[String]) -> ExitCode {
    let result = (|| -> Result<(), String> {
        let server = Server::new(url, user)?;
        let (status, body) = server.send("PUT", "", None)?;
        if ![201, 202, 412].contains(&status) {
            return Err(format!("creating the database: HTTP {status} {body}"));
        }
        let mut design = design_doc();
        let (status, body) = server.send("GET", "_design/exhibit", None)?;
        if status == 200 {
            if let Some(rev) = serde_json::from_str::<Value>(&body).ok().and_then(|doc| doc.get("_rev").cloned()) {
                design["_rev"] = rev;
            }
        }
        let (status, body) = server.send("PUT", "_design/exhibit", Some(&design.to_string()))?;
        if ![200, 201, 202].contains(&status) {
            return Err(format!("installing the rules: HTTP {status} {body}"));
        }
        let security = json!({ "admins": { "names": [], "roles": [] }, "members": { "names": members, "roles": [] } });
        let (status, body) = server.send("PUT", "_security", Some(&security.to_string()))?;
        if ![200, 201].contains(&status) {
            return Err(format!("naming the members: HTTP {status} {body}"));
        }
        println!("{}", json!({ "database": server.database, "members": members, "rules": "_design/exhibit" }));
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("exhibit sync-setup: {message}");
            ExitCode::from(2)
        }
    }
}
