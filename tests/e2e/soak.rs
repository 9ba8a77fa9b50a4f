//! The soak (issue 21): reloads at random moments while recording, importing and exporting, and the
//! count of events the browser holds before and after each reload, which must be equal.
//!
//! Each round records a verdict (an event), then picks a moment at random (seeded, so a failing run
//! can be replayed with `EXHIBIT_SOAK_SEED`): reloading 0–50 ms after the click that records the
//! verdict (before the app has shown or saved it), or 0–400 ms into importing a capture file, or
//! into exporting the review file. The count is the save indicator's `data-events` (every event of
//! this browser's log): before the reload it is the count before the click plus one (recording),
//! or as read just before the reload (importing, exporting); it is read again once the reloaded
//! app has opened the case. The
//! counts must be equal, except that an import may add the one `CaseLoaded` event that records the
//! case's new set of captures (before the reload, or when the reloaded app opens the grown case);
//! and every verdict recorded so far must be listed again, no more, no fewer.
//!
//! `make test` runs a short soak (`EXHIBIT_SOAK_RELOADS`, default 6); `make soak` runs 1,000.

use std::time::{Duration, Instant};

use fantoccini::Client;

use crate::harness::{count, css, eventually, js, require_dist, Browser, StaticServer};
use crate::{choose_verdict, click, download_folder, open_allegation_matching, open_demo, type_into};

/// A small seeded generator (xorshift64*): the same seed gives the same moments.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Moment {
    Recording,
    Importing,
    Exporting,
}

/// The number of events this browser's log holds, from the save indicator.
async fn events_held(client: &Client) -> Option<u64> {
    js(
        client,
        "const s = document.querySelector('[data-testid=save-status]'); return s ? Number(s.dataset.events) : null",
    )
    .await
    .ok()?
    .as_u64()
}

/// A fictional page to import, one of eight (each import is real work: read, parsed, matched;
/// the case grows by at most eight captures, so a 1,000-reload soak does not slow down as it goes).
fn capture_file(folder: &std::path::Path, round: usize) -> Result<std::path::PathBuf, String> {
    let round = round % 8;
    let path = folder.join(format!("soak-{round}.html"));
    let paragraphs: String =
        (0..400).map(|n| format!("<p>Placeholder paragraph {n} of round {round}, neutral text.</p>\n")).collect();
    let html = format!(
        "<!doctype html><html><head><title>Soak page {round}</title>\
         <link rel=\"canonical\" href=\"https://soak-{round}.example/\"></head><body>{paragraphs}</body></html>"
    );
    std::fs::write(&path, html).map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloads_at_random_moments_while_recording_importing_and_exporting_lose_no_event() {
    let reloads: usize = std::env::var("EXHIBIT_SOAK_RELOADS").ok().and_then(|value| value.parse().ok()).unwrap_or(6);
    let seed: u64 = std::env::var("EXHIBIT_SOAK_SEED").ok().and_then(|value| value.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |time| time.as_nanos() as u64)
    }) | 1;
    eprintln!("soak: {reloads} reloads, EXHIBIT_SOAK_SEED={seed}");
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = download_folder("soak");
    Browser::open_with("soak", Some(&downloads), &[])
        .await
        .run(|client| async move {
            let mut moments = Moments(seed);
            open_demo(&client, &server.base).await?;
            let allegation = open_allegation_matching(&client, "no capture").await?;
            let select = format!(
                "const item = document.querySelector('[data-allegation-id={allegation:?}]'); if (!item) return false; item.click(); return true;"
            );
            let started = Instant::now();
            let mut tally = [0usize; 3];
            for round in 0..reloads {
                // Record a verdict, and wait until the app holds its event.
                eventually(30, "the verdict form", || async {
                    (count(&client, "[data-testid=verdict-select]").await == 1).then_some(())
                })
                .await?;
                let before_verdict = eventually(10, "the event count", || events_held(&client)).await?;
                choose_verdict(&client, "unreviewable").await?;
                type_into(&client, "[data-testid=rationale]", crate::UNREVIEWABLE_RATIONALE).await?;
                type_into(&client, "[data-testid=verdict-reason]", &format!("no capture of the site (soak {round})"))
                    .await?;
                click(&client, "[data-testid=record-verdict]").await?;
                let moment = match moments.below(3) {
                    0 => Moment::Recording,
                    1 => Moment::Importing,
                    _ => Moment::Exporting,
                };
                tally[moment as usize] += 1;
                // While recording: reload 0–50 ms after the click, without waiting for the app to
                // show the verdict or save it; the click's event must be there after the reload.
                // Otherwise wait until the app holds the event, then start an import or export.
                let held = if moment == Moment::Recording {
                    tokio::time::sleep(Duration::from_millis(moments.below(50))).await;
                    before_verdict + 1
                } else {
                    eventually(10, "the verdict's event", || async {
                        events_held(&client).await.filter(|held| *held > before_verdict)
                    })
                    .await?
                };
                match moment {
                    Moment::Recording => {}
                    Moment::Importing => {
                        let file = capture_file(&downloads, round)?;
                        click(&client, "[data-testid=view-import]").await?;
                        let input =
                            client.find(css("[data-testid=captures-file]")).await.map_err(|error| error.to_string())?;
                        input.send_keys(&file.display().to_string()).await.map_err(|error| error.to_string())?;
                    }
                    Moment::Exporting => {
                        click(&client, "[data-testid=export-toggle]").await?;
                        click(&client, "[data-testid=export-review]").await?;
                    }
                }
                let before = if moment == Moment::Recording {
                    held
                } else {
                    tokio::time::sleep(Duration::from_millis(moments.below(400))).await;
                    // What the browser holds at the moment of the reload.
                    events_held(&client).await.unwrap_or(held)
                };
                // An import may add one event, the `CaseLoaded` of the grown case; nothing else may.
                let allowed = if moment == Moment::Importing { before..=before + 1 } else { before..=before };
                js(&client, "location.reload(); return true;").await?;
                open_demo(&client, &server.base).await?;
                let after = eventually(30, "the case to reopen with its events", || async {
                    events_held(&client).await.filter(|after| *after >= before)
                })
                .await;
                let after = match after {
                    Ok(after) => after,
                    Err(_) => {
                        let now = events_held(&client).await.unwrap_or(0);
                        return Err(format!(
                            "round {round} ({moment:?}, seed {seed}): {before} events before the reload, {now} after"
                        ));
                    }
                };
                // Let a late restore settle, then read again: the count must stay in bounds.
                tokio::time::sleep(Duration::from_millis(300)).await;
                let after = events_held(&client).await.unwrap_or(after);
                if !allowed.contains(&after) {
                    return Err(format!(
                        "round {round} ({moment:?}, seed {seed}): {before} events before the reload, {after} after"
                    ));
                }
                // Back to the allegation for the next verdict (the workspace view may have changed):
                // every verdict recorded so far is listed, no more, no fewer.
                if count(&client, "[data-testid=view-review]").await > 0 {
                    click(&client, "[data-testid=view-review]").await?;
                }
                eventually(30, "the allegation to reopen", || async {
                    js(&client, &select).await.ok().filter(|clicked| clicked.as_bool() == Some(true))
                })
                .await?;
                let listed = eventually(30, "every verdict so far to be listed", || async {
                    Some(count(&client, "[data-testid=recorded-verdict]").await).filter(|listed| *listed > round)
                })
                .await
                .unwrap_or(0);
                if listed != round + 1 {
                    return Err(format!(
                        "round {round} ({moment:?}, seed {seed}): {listed} verdicts listed after the reload, {} recorded",
                        round + 1
                    ));
                }
                if (round + 1) % 50 == 0 {
                    eprintln!(
                        "soak: {} of {reloads} reloads in {:.0}s, {after} events held",
                        round + 1,
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            let held = events_held(&client).await.unwrap_or(0);
            eprintln!(
                "soak: {reloads} reloads in {:.1}s (recording {}, importing {}, exporting {}), seed {seed}: no event lost or doubled, {held} events held at the end",
                started.elapsed().as_secs_f64(),
                tally[0],
                tally[1],
                tally[2]
            );
            Ok(())
        })
        .await;
}
