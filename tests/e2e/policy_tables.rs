//! The policy's tables (its word lists and language profiles) as the app fetches them after its
//! shell is up (`domain::tables`): while they are on their way nothing can be recorded, and a
//! table that is not the one this build was made with, as an operator who wanted some trait
//! words read as content might serve, is never installed: a banner says so and every verdict
//! stays refused under `policy-loaded`.

use fantoccini::Client;

use super::harness::{copy_of_dist, eventually, require_dist, text_of, Browser, StaticServer};
use super::{click, fill_review, open_allegation_matching, open_demo, record_enabled, shown_rules};

/// Waits until the form refuses the filled verdict under `policy-loaded` alone, with the button
/// disabled.
async fn refused_until_loaded(client: &Client, when: &str) -> Result<(), String> {
    let messages = eventually(20, &format!("the policy-loaded refusal {when}"), || async {
        text_of(client, "[data-testid=policy-messages]").await.filter(|text| text.contains("policy-loaded"))
    })
    .await?;
    let rules = shown_rules(client, "[data-testid=policy-messages] .violation").await?;
    if rules != ["policy-loaded"] {
        return Err(format!("{when}: expected only policy-loaded, the form shows {rules:?}: {messages}"));
    }
    if record_enabled(client).await? {
        return Err(format!("{when}: the record button is enabled; messages: {messages}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_recorded_before_the_policy_tables_arrive_and_then_it_is() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    server.hold("traits.tsv");
    Browser::open("policy-tables-held")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_allegation_matching(&client, "1 capture").await?;
            fill_review(&client, "not_supported", None).await?;
            refused_until_loaded(&client, "while the word table is held back").await?;
            // Still refused a while later: it waits for the table, not for a timer.
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            refused_until_loaded(&client, "two seconds later, the table still held back").await?;
            server.release();
            eventually(60, "the record button to enable once the table arrives", || async {
                record_enabled(&client).await.ok().filter(|enabled| *enabled)
            })
            .await?;
            click(&client, "[data-testid=record-verdict]").await?;
            eventually(10, "the recorded verdict", || async {
                text_of(&client, "[data-testid=recorded-verdict]").await
            })
            .await?;
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_table_that_is_not_this_builds_is_never_installed() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let copy = std::env::temp_dir().join(format!("exhibit-dist-tampered-table-{}", std::process::id()));
    copy_of_dist(&dist, &copy);
    // The table with one language read as content: what a biased operator would serve so that
    // "Kurdish site" passes as a rationale.
    let table = std::fs::read_to_string(copy.join("traits.tsv")).expect("the built app serves traits.tsv");
    let tampered = format!("{table}neutral\tkurdish\n");
    std::fs::write(copy.join("traits.tsv"), tampered).expect("write the tampered table");
    let server = StaticServer::start(copy.clone());
    Browser::open("policy-tables-tampered")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let banner = eventually(20, "the banner about the policy", || async {
                text_of(&client, "[data-testid=banner]").await.filter(|text| text.contains("evidence policy"))
            })
            .await?;
            if !banner.contains("traits.tsv is not the file") {
                return Err(format!("the banner does not say which file was refused: {banner}"));
            }
            open_allegation_matching(&client, "1 capture").await?;
            fill_review(&client, "not_supported", None).await?;
            refused_until_loaded(&client, "with a tampered word table").await?;
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            refused_until_loaded(&client, "two seconds later, with a tampered word table").await?;
            Ok(())
        })
        .await;
    let _ = std::fs::remove_dir_all(&copy);
}
