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
    let setup = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args([
            "sync-setup",
            &format!("{}/{DATABASE}", couch.base()),
            "--user",
            "admin",
            "--members",
            "alice,bob,carol",
        ])
        .env("EXHIBIT_SYNC_PASSWORD", "secret")
        .output()
        .unwrap_or_else(|error| panic!("sync-setup: {error}"));
    assert!(setup.status.success(), "sync-setup: {}", String::from_utf8_lossy(&setup.stderr));
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
