//! Live sync end to end (issue 15): pouchdb-server on loopback behind the app's own origin (the
//! static server forwards `/couch/`), the case database set up with `exhibit sync-setup`, and three
//! browser profiles as three people:
//!
//! 1. alice assigns the demo case to herself and bob, connects to the database and reviews two
//!    allegations; her events go up;
//! 2. bob types a wrong password first (a clear refusal), then connects: alice's work comes down,
//!    but he sees none of it on his allegations until he has recorded his own verdict and opened
//!    hers;
//! 3. carol, the adjudicator, connects and pulls everything: the dashboard shows the two
//!    reviewers' agreement, and the team view where each allegation stands.

use fantoccini::Client;

use super::couch::CouchServer;
use super::harness::{count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    click, fill_profile, open_demo_without_profile, open_nth_allegation_matching, review_open_allegation_with,
    type_into,
};

const DATABASE: &str = "case-e2e";

async fn connect(client: &Client, base: &str, user: &str, password: &str) -> Result<(), String> {
    click(client, "[data-testid=view-team]").await?;
    type_into(client, "[data-testid=sync-url]", &format!("{base}/couch/{DATABASE}")).await?;
    type_into(client, "[data-testid=sync-user]", user).await?;
    type_into(client, "[data-testid=sync-password]", password).await?;
    click(client, "[data-testid=sync-connect]").await
}

/// The case database with its rules and these members (`exhibit sync-setup` as the admin).
fn setup_database(couch: &CouchServer, members: &str) {
    let setup = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["sync-setup", &format!("{}/{DATABASE}", couch.base()), "--user", "admin", "--members", members])
        .env("EXHIBIT_SYNC_PASSWORD", "secret")
        .output()
        .unwrap_or_else(|error| panic!("sync-setup: {error}"));
    assert!(setup.status.success(), "sync-setup: {}", String::from_utf8_lossy(&setup.stderr));
}

/// Waits until the sync status is `state` and returns its text.
async fn sync_state(client: &Client, state: &str, what: &str) -> Result<String, String> {
    eventually(30, what, || async {
        let shown =
            js(client, "const s = document.querySelector('[data-testid=sync-status]'); return s && s.dataset.state")
                .await
                .ok()?;
        (shown.as_str() == Some(state)).then_some(())?;
        text_of(client, "[data-testid=sync-status]").await
    })
    .await
}

/// Waits for a sync that received at least `pulled` events (the status names the counts).
async fn synced_with(client: &Client, at_least_pulled: usize) -> Result<(), String> {
    eventually(40, "a sync that received the others' events", || async {
        let text = text_of(client, "[data-testid=sync-status]").await?;
        let received: usize = text.split("received ").nth(1)?.split(' ').next()?.parse().ok()?;
        (text.starts_with("Up to date") && received >= at_least_pulled).then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reviewers_sync_through_couchdb_blind_and_an_adjudicator_pulls_everything() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let couch = CouchServer::start("e2e");
    let server = StaticServer::start_with_proxy(dist, Some(couch.base()));
    setup_database(&couch, "alice,bob,carol");
    let base = server.base.clone();

    // 1. alice.
    let at = base.clone();
    Browser::open("sync-alice")
        .await
        .run(|client| async move {
            open_demo_without_profile(&client, &at).await?;
            fill_profile(&client, "alice", &["eng"]).await?;
            click(&client, "[data-testid=view-team]").await?;
            type_into(&client, "[data-testid=team-members]", "alice\nbob").await?;
            click(&client, "[data-testid=team-assign]").await?;
            eventually(10, "the assignment", || async { text_of(&client, "[data-testid=team-summary]").await }).await?;
            connect(&client, &at, "alice", "apw").await?;
            sync_state(&client, "synced", "alice's first sync").await?;
            for index in 0..2 {
                open_nth_allegation_matching(&client, "1 capture", index).await?;
                review_open_allegation_with(&client, "not_supported", None).await?;
            }
            // Every change is synced: wait until the server holds her verdicts.
            click(&client, "[data-testid=view-team]").await?;
            eventually(40, "alice's verdicts on the server", || async {
                let text = text_of(&client, "[data-testid=sync-status]").await?;
                (text.starts_with("Up to date")).then_some(())
            })
            .await?;
            Ok(())
        })
        .await;
    let (status, changes) = couch.request("GET", &format!("/{DATABASE}/_changes"), None, Some(("admin", "secret")));
    assert_eq!(status, 200);
    let verdicts_up = {
        let (_, all) =
            couch.request("GET", &format!("/{DATABASE}/_all_docs?include_docs=true"), None, Some(("admin", "secret")));
        all.matches("verdict_recorded").count()
    };
    assert_eq!(verdicts_up, 2, "alice's two verdicts are on the server: {changes}");

    // 2. bob.
    let at = base.clone();
    Browser::open("sync-bob")
        .await
        .run(|client| async move {
            open_demo_without_profile(&client, &at).await?;
            fill_profile(&client, "bob", &["eng"]).await?;
            connect(&client, &at, "bob", "not-his-password").await?;
            let refused = sync_state(&client, "refused", "the wrong password to be refused").await?;
            if !refused.contains("name or password") {
                return Err(format!("the refusal does not say why: {refused}"));
            }
            connect(&client, &at, "bob", "bpw").await?;
            synced_with(&client, 5).await?;
            let reviewed =
                js(&client, "return Number(document.querySelector('[data-testid=progress]').dataset.reviewed)")
                    .await?
                    .as_u64()
                    .unwrap_or(u64::MAX);
            if reviewed != 0 {
                return Err(format!("bob's queue counts {reviewed} reviewed: alice's synced verdicts leak"));
            }
            open_nth_allegation_matching(&client, "1 capture", 0).await?;
            eventually(10, "the blind note", || async { text_of(&client, "[data-testid=blind-note]").await }).await?;
            if count(&client, "[data-testid=citation]").await > 0
                || count(&client, "[data-testid=team-verdict]").await > 0
            {
                return Err("bob sees alice's citations or verdict before deciding".into());
            }
            review_open_allegation_with(&client, "not_supported", None).await?;
            click(&client, "[data-testid=reveal-others]").await?;
            let columns = eventually(10, "both verdicts", || async {
                Some(count(&client, "[data-testid=team-verdict]").await).filter(|n| *n == 2)
            })
            .await?;
            let _ = columns;
            click(&client, "[data-testid=view-team]").await?;
            eventually(40, "bob's verdict on the server", || async {
                text_of(&client, "[data-testid=sync-status]").await.filter(|text| text.starts_with("Up to date"))
            })
            .await?;
            Ok(())
        })
        .await;

    // 3. carol pulls everything.
    let at = base.clone();
    Browser::open("sync-carol")
        .await
        .run(|client| async move {
            open_demo_without_profile(&client, &at).await?;
            fill_profile(&client, "carol", &["eng"]).await?;
            connect(&client, &at, "carol", "cpw").await?;
            synced_with(&client, 8).await?;
            let counts = eventually(20, "the team counts", || async {
                text_of(&client, "[data-testid=team-counts]").await.filter(|text| text.starts_with("1 agreed"))
            })
            .await?;
            eprintln!("carol sees: {counts}");
            click(&client, "[data-testid=view-dashboard]").await?;
            let table = eventually(30, "the agreement table", || async {
                text_of(&client, "[data-testid=agreement-table]").await
            })
            .await?;
            if !table.contains("Cohen's kappa") {
                return Err(format!("no kappa in {table}"));
            }
            Ok(())
        })
        .await;
    drop(server);
    drop(couch);
}

/// The live-sync benchmark of issue 15 (run by `make bench` stage `sync`, never by `make test`):
/// 20 reviewers × 1,000 events in the case database, pulled into a fresh browser; time from
/// "Connect and sync" to "Up to date", events per second, and PouchDB's own replicator (node,
/// into memory) pulling the same database as the peer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: BENCH_ONLY=sync make bench"]
async fn bench_sync_pull_20_reviewers_by_1000_events() {
    use exhibit::domain::review_log::{Event, EventKind};
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let couch = CouchServer::start("bench");
    let server = StaticServer::start_with_proxy(dist, Some(couch.base()));
    setup_database(&couch, "carol");
    let (reviewers, per_reviewer) = (20usize, 1000usize);
    for reviewer in 0..reviewers {
        let name = format!("reviewer{reviewer:02}");
        let events: Vec<Event> = (0..per_reviewer)
            .map(|n| {
                Event::new(
                    format!("{name}-{n:04}"),
                    format!("2026-03-04T{:02}:{:02}:{:02}Z", n / 3600, (n / 60) % 60, n % 60),
                    name.clone(),
                    EventKind::Revealed { allegation_id: format!("a{}", 1 + n % 38).into() },
                )
            })
            .collect();
        let docs = exhibit::domain::sync::docs_for_log(&events);
        let body = serde_json::json!({ "docs": docs, "new_edits": false }).to_string();
        let (status, reply) =
            couch.request("POST", &format!("/{DATABASE}/_bulk_docs"), Some(&body), Some(("admin", "secret")));
        assert!(status == 201 || status == 200, "{reply}");
    }
    let total = reviewers * per_reviewer;
    let at = server.base.clone();
    let elapsed = std::sync::Arc::new(std::sync::Mutex::new(0.0f64));
    let out = elapsed.clone();
    Browser::open("sync-bench")
        .await
        .run(|client| async move {
            open_demo_without_profile(&client, &at).await?;
            fill_profile(&client, "carol", &["eng"]).await?;
            click(&client, "[data-testid=view-team]").await?;
            type_into(&client, "[data-testid=sync-url]", &format!("{at}/couch/{DATABASE}")).await?;
            type_into(&client, "[data-testid=sync-user]", "carol").await?;
            type_into(&client, "[data-testid=sync-password]", "cpw").await?;
            // Timed in the page: from the click to the status saying every event arrived.
            let script = format!(
                r#"const done = arguments[0];
                   const started = performance.now();
                   document.querySelector('[data-testid=sync-connect]').click();
                   const check = () => {{
                     const s = document.querySelector('[data-testid=sync-status]');
                     const m = s && s.textContent.match(/received (\d+)/);
                     if (s && s.dataset.state === 'synced' && m && Number(m[1]) >= {total}) {{ done(performance.now() - started); }}
                     else if (s && s.dataset.state === 'refused') {{ done(-1); }}
                     else {{ setTimeout(check, 5); }}
                   }};
                   check();"#
            );
            let value = client.execute_async(&script, vec![]).await.map_err(|error| error.to_string())?;
            let ms = value.as_f64().unwrap_or(-1.0);
            if ms < 0.0 {
                return Err(format!("the sync did not finish: {value}"));
            }
            *out.lock().map_err(|_| "lock")? = ms;
            Ok(())
        })
        .await;
    let app_ms = *elapsed.lock().unwrap_or_else(|poison| poison.into_inner());
    let peer = std::process::Command::new("node")
        .arg(super::harness::crate_root().join("bench/sync/pouchdb-pull.js"))
        .args([&format!("{}/{DATABASE}", couch.base()), "admin", "secret"])
        .output()
        .unwrap_or_else(|error| panic!("node: {error}"));
    let peer_json: serde_json::Value = serde_json::from_slice(&peer.stdout).unwrap_or_default();
    let peer_ms = peer_json["ms"].as_f64().unwrap_or(f64::NAN);
    println!(
        "sync bench: {total} events ({reviewers} reviewers x {per_reviewer}) pulled into a fresh browser: {app_ms:.0} ms \
         ({:.0} events/s); PouchDB replicate in node (peer): {peer_ms:.0} ms ({} docs); app / peer = {:.2}",
        total as f64 / (app_ms / 1000.0),
        peer_json["docs"],
        app_ms / peer_ms
    );
    drop(server);
    drop(couch);
}
