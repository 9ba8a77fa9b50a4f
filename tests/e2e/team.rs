//! Team review end to end (issue 20), in separate browser profiles as separate people:
//!
//! 1. carol, the coordinator, assigns every demo allegation to alice and bob and exports the
//!    review file;
//! 2. alice imports it and reviews five allegations blind, then exports;
//! 3. bob imports the coordinator's file **and alice's** (so her work is in his browser), and
//!    must not see any of it until he has recorded his own verdict and opened hers; he agrees on
//!    three allegations and disagrees on two, then exports;
//! 4. a fresh browser (carol again, adjudicating) imports both reviewers' files, sees the agreement
//!    figures, records the agreed verdicts as final, adjudicates the two disagreements with cited
//!    evidence, and exports the final review file, which `exhibit verify` accepts.

use std::path::{Path, PathBuf};

use fantoccini::Client;

use super::harness::{count, css, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    click, download_folder, downloaded, export_review_file, fill_profile, open_demo_without_profile,
    open_nth_allegation_matching, review_open_allegation_with, type_into, wait_saved,
};

/// The allegations both reviewers judge: the first five with exactly one capture.
const REVIEWED: usize = 5;
/// bob disagrees with alice on the first two of them.
const DISAGREE: usize = 2;

async fn open_as(client: &Client, base: &str, name: &str) -> Result<(), String> {
    open_demo_without_profile(client, base).await?;
    fill_profile(client, name, &["eng"]).await
}

/// Imports review files through Import → Review files (several at once) and waits for the merge.
async fn import_reviews(client: &Client, files: &[&Path]) -> Result<String, String> {
    click(client, "[data-testid=view-import]").await?;
    let paths: Vec<String> = files.iter().map(|path| path.display().to_string()).collect();
    client
        .find(css("[data-testid=import-review]"))
        .await
        .map_err(|error| error.to_string())?
        .send_keys(&paths.join("\n"))
        .await
        .map_err(|error| error.to_string())?;
    let message = eventually(20, "the review files to merge", || async {
        text_of(client, "[data-testid=review-import-message]").await.filter(|text| text.contains("Merged"))
    })
    .await?;
    if count(client, "[data-testid=review-import-problems]").await > 0 {
        let problems = text_of(client, "[data-testid=review-import-problems]").await.unwrap_or_default();
        return Err(format!("the merge reported problems: {problems}"));
    }
    wait_saved(client).await?;
    click(client, "[data-testid=view-review]").await?;
    Ok(message)
}

/// Exports the review file into `folder` and moves it to `name` there.
async fn export_as(client: &Client, folder: &Path, name: &str) -> Result<PathBuf, String> {
    export_review_file(client, folder).await?;
    let from = downloaded(folder, "-review.json").ok_or("the review file download vanished")?;
    let to = folder.join(name);
    std::fs::rename(&from, &to).map_err(|error| error.to_string())?;
    Ok(to)
}

/// The text of every element matching `selector`.
async fn texts(client: &Client, selector: &str) -> Result<Vec<String>, String> {
    let value =
        js(client, &format!("return [...document.querySelectorAll({selector:?})].map(e => e.textContent)")).await?;
    Ok(value
        .as_array()
        .map(|all| all.iter().filter_map(|text| text.as_str().map(str::to_owned)).collect())
        .unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_reviewers_review_blind_and_an_adjudicator_settles_their_disagreements() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let folder = download_folder("team");
    let base = server.base.clone();

    // 1. The coordinator assigns.
    let (dir, at) = (folder.clone(), base.clone());
    Browser::open_with_downloads("team-coordinator", Some(&folder))
        .await
        .run(|client| async move {
            open_as(&client, &at, "carol").await?;
            click(&client, "[data-testid=view-team]").await?;
            // A careless coordinator: more reviewers per allegation than the team has.
            type_into(&client, "[data-testid=team-members]", "alice: Alice\nbob: Bob").await?;
            type_into(&client, "[data-testid=team-per-allegation]", "3").await?;
            click(&client, "[data-testid=team-assign]").await?;
            let error =
                eventually(10, "the assignment error", || async { text_of(&client, "[data-testid=team-error]").await })
                    .await?;
            if !error.contains("the team has 2") {
                return Err(format!("the team form said {error:?}"));
            }
            type_into(&client, "[data-testid=team-per-allegation]", "2").await?;
            type_into(&client, "[data-testid=team-seed]", "7").await?;
            click(&client, "[data-testid=team-assign]").await?;
            let loads = eventually(10, "the loads table", || async {
                Some(texts(&client, "[data-testid=team-load]").await.ok()?).filter(|rows| rows.len() == 2)
            })
            .await?;
            eprintln!("loads: {loads:?}");
            wait_saved(&client).await?;
            export_as(&client, &dir, "assigned.json").await.map(|_| ())
        })
        .await;
    let assigned = folder.join("assigned.json");

    // 2. alice reviews five allegations blind (nobody else's work is here yet).
    let (dir, at, file) = (folder.clone(), base.clone(), assigned.clone());
    Browser::open_with_downloads("team-alice", Some(&folder))
        .await
        .run(|client| async move {
            open_as(&client, &at, "alice").await?;
            import_reviews(&client, &[&file]).await?;
            if count(&client, "[data-testid=queue-all-allegations]").await == 0 {
                return Err("the queue does not say the team case lists alice's assignments".into());
            }
            for index in 0..REVIEWED {
                open_nth_allegation_matching(&client, "1 capture", index).await?;
                review_open_allegation_with(&client, "not_supported", None).await?;
            }
            export_as(&client, &dir, "alice.json").await.map(|_| ())
        })
        .await;
    let alice = folder.join("alice.json");

    // 3. bob has alice's file in his browser, and still sees nothing of hers until he decides.
    let (dir, at, files) = (folder.clone(), base.clone(), [assigned.clone(), alice.clone()]);
    Browser::open_with_downloads("team-bob", Some(&folder))
        .await
        .run(|client| async move {
            open_as(&client, &at, "bob").await?;
            import_reviews(&client, &[&files[0], &files[1]]).await?;
            let reviewed: u64 =
                js(&client, "return Number(document.querySelector('[data-testid=progress]').dataset.reviewed)")
                    .await?
                    .as_u64()
                    .unwrap_or(u64::MAX);
            if reviewed != 0 {
                return Err(format!("bob's queue counts {reviewed} reviewed allegations: alice's verdicts leak"));
            }
            for index in 0..REVIEWED {
                open_nth_allegation_matching(&client, "1 capture", index).await?;
                eventually(10, "the blind-review note", || async {
                    text_of(&client, "[data-testid=blind-note]").await
                })
                .await?;
                let leaked = count(&client, "[data-testid=team-verdict]").await
                    + count(&client, "[data-testid=recorded-verdict]").await
                    + count(&client, "[data-testid=citation]").await;
                if leaked > 0 {
                    return Err(format!("before deciding, bob sees {leaked} of alice's verdicts or citations"));
                }
                if count(&client, "[data-testid=reveal-others]").await > 0 {
                    return Err("bob may reveal before deciding".into());
                }
                if index < DISAGREE {
                    review_open_allegation_with(&client, "inconclusive", Some("needs a second reader for the wording"))
                        .await?;
                } else {
                    review_open_allegation_with(&client, "not_supported", None).await?;
                }
                // Now he may look, and looking is recorded.
                eventually(10, "the reveal button", || async {
                    (count(&client, "[data-testid=reveal-others]").await == 1).then_some(())
                })
                .await?;
                click(&client, "[data-testid=reveal-others]").await?;
                let columns = eventually(10, "the reviewers' verdicts side by side", || async {
                    Some(texts(&client, "[data-testid=team-verdict]").await.ok()?).filter(|columns| columns.len() == 2)
                })
                .await?;
                if !columns.iter().any(|column| column.contains("Not supported")) {
                    return Err(format!("alice's verdict is not shown after the reveal: {columns:?}"));
                }
            }
            wait_saved(&client).await?;
            export_as(&client, &dir, "bob.json").await.map(|_| ())
        })
        .await;
    let bob = folder.join("bob.json");
    let bob_file: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&bob).unwrap_or_default())
        .unwrap_or_else(|error| panic!("bob.json: {error}"));
    let reveals = bob_file["events"]
        .as_array()
        .map(|events| events.iter().filter(|event| event["kind"] == "revealed" && event["reviewer"] == "bob").count())
        .unwrap_or(0);
    assert_eq!(reveals, REVIEWED, "each of bob's reveals is in his log");

    // 4. A fresh browser adjudicates.
    let (dir, at, files) = (folder.clone(), base.clone(), [alice.clone(), bob.clone()]);
    Browser::open_with_downloads("team-adjudicator", Some(&folder))
        .await
        .run(|client| async move {
            open_as(&client, &at, "carol").await?;
            import_reviews(&client, &[&files[0], &files[1]]).await?;
            click(&client, "[data-testid=view-dashboard]").await?;
            let table = eventually(30, "the agreement table", || async {
                text_of(&client, "[data-testid=agreement-table]").await
            })
            .await?;
            if !table.contains("Cohen's kappa") || !table.contains("Krippendorff") || !table.contains("AC1") {
                return Err(format!("the agreement table lacks a figure: {table}"));
            }
            if count(&client, "[data-testid=agreement-chart]").await != 1 {
                return Err("no agreement chart".into());
            }
            // alice and bob agree on 3 of 5 rated allegations.
            let percent = text_of(&client, "[data-testid=agreement-percent_agreement]").await.unwrap_or_default();
            if !percent.contains("0.600") {
                return Err(format!("percent agreement should be 0.600 (3 of 5): {percent}"));
            }
            click(&client, "[data-testid=view-team]").await?;
            eventually(10, "the finalize button", || async {
                text_of(&client, "[data-testid=team-finalize]").await.filter(|text| text.contains("Record 3"))
            })
            .await?;
            click(&client, "[data-testid=team-finalize]").await?;
            let mut settled = 0;
            loop {
                eventually(10, "the adjudication queue", || async {
                    (count(&client, "[data-testid=adjudication-queue]").await == 1).then_some(())
                })
                .await?;
                // Rows of reviewers who disagree (allegations nobody reviewed wait for a reviewer).
                let rows = texts(&client, "[data-testid=adjudication-item]").await?;
                let Some(index) = rows.iter().position(|row| row.contains("reviewers disagree")) else { break };
                let buttons =
                    client.find_all(css("[data-testid=adjudicate-open]")).await.map_err(|error| error.to_string())?;
                buttons.get(index).ok_or("no adjudicate button")?.click().await.map_err(|error| error.to_string())?;
                let note = eventually(10, "the adjudication note", || async {
                    text_of(&client, "[data-testid=adjudication-note]").await
                })
                .await?;
                if !note.contains("adjudicates 2") {
                    return Err(format!("the adjudication should rest on both reviewers' verdicts: {note}"));
                }
                if count(&client, "[data-testid=team-verdict]").await != 2 {
                    return Err("the adjudicator does not see both verdicts side by side".into());
                }
                review_open_allegation_with(&client, "not_supported", None).await?;
                settled += 1;
                click(&client, "[data-testid=view-team]").await?;
                if settled > DISAGREE {
                    return Err("the adjudication queue does not shrink".into());
                }
            }
            if settled != DISAGREE {
                return Err(format!("{settled} disagreements adjudicated, expected {DISAGREE}"));
            }
            let counts = text_of(&client, "[data-testid=team-counts]").await.unwrap_or_default();
            if !counts.starts_with("3 agreed, 2 adjudicated, 0 to adjudicate") {
                return Err(format!("the team counts say {counts:?}"));
            }
            wait_saved(&client).await?;
            export_as(&client, &dir, "final.json").await.map(|_| ())
        })
        .await;

    let final_file = folder.join("final.json");
    let demo = super::harness::crate_root().join("static").join("demo");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .arg("verify")
        .arg(&final_file)
        .arg("--captures")
        .arg(&demo)
        .output()
        .unwrap_or_else(|error| panic!("exhibit verify: {error}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("exhibit verify on the adjudicated file:\n{stdout}");
    assert!(output.status.success(), "exhibit verify refused the final review file");
    let adjudications =
        stdout.lines().filter(|line| line.contains("adjudication ") && line.contains("by carol")).count();
    assert_eq!(adjudications, DISAGREE, "each adjudication is re-checked");
    let by_reviewer = stdout.lines().filter(|line| line.contains(" by alice") || line.contains(" by bob")).count();
    assert!(by_reviewer >= 2 * REVIEWED, "every reviewer's verdict is re-checked: {by_reviewer}");
    // The CSV of the final file uses the final verdicts.
    let csv = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .args(["report", "--format", "csv"])
        .arg(&final_file)
        .output()
        .unwrap_or_else(|error| panic!("exhibit report: {error}"));
    let table = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(table.lines().filter(|line| line.contains(",agreed,")).count(), REVIEWED - DISAGREE, "{table}");
    assert_eq!(table.lines().filter(|line| line.contains(",adjudicated,")).count(), DISAGREE, "{table}");
}
