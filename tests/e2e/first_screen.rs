//! The first useful screen (issue 18): the last-opened case comes back from the build kept with it
//! in IndexedDB, so a reload shows its queue before the parsing worker or any capture file is
//! fetched; the worker is started after that and adopts the case (the page view, made there,
//! works), and the demo's files are kept with its build (captures added at once keep its own). A
//! kept build that another version made, or that is damaged, is not used: the case is built again
//! from its files and kept again. The app marks `exhibit-case-shown` (User Timing) once an opened
//! case's queue has rendered; what was fetched before it is read from the page's resource timing
//! (the worker's loader script is fetched by the page). How fast, and how many bytes, is
//! `make bench`'s (stage `app`), not a test's.

use fantoccini::Client;
use serde_json::Value;

use super::harness::{copy_of_dist, count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{choose_capture_files, click, download_folder, open_demo, open_nth_allegation_matching, wait_complete};

/// Waits for the reloaded page's `exhibit-case-shown` mark and returns the files fetched before it
/// and after it (resource names, without the origin).
async fn fetched_around_case_shown(client: &Client) -> Result<(Vec<String>, Vec<String>), String> {
    let script = "const mark = performance.getEntriesByName('exhibit-case-shown')[0]; \
                  if (!mark || !document.querySelector('[data-testid=queue-item]')) return null; \
                  const names = (before) => performance.getEntriesByType('resource') \
                    .filter(r => (r.startTime < mark.startTime) === before).map(r => new URL(r.name).pathname); \
                  return [names(true), names(false)];";
    let value = eventually(60, "the reopened case's queue", || async {
        js(client, script).await.ok().filter(|value| !value.is_null())
    })
    .await?;
    let list = |index: usize| -> Vec<String> {
        value[index]
            .as_array()
            .map(|names| names.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default()
    };
    Ok((list(0), list(1)))
}

/// Changes the demo case's kept build in IndexedDB with `change` (JS over the `built` object).
async fn change_kept_build(client: &Client, change: &str) -> Result<(), String> {
    let script = format!(
        "const done = arguments[0]; const request = indexedDB.open('exhibit'); \
         request.onsuccess = () => {{ const db = request.result; \
           const tx = db.transaction('cases', 'readwrite'); const store = tx.objectStore('cases'); \
           const read = store.get('demo'); \
           read.onsuccess = () => {{ const record = read.result; \
             if (!record || !record.built) {{ done('no kept build'); return; }} \
             const built = record.built; {change}; store.put(record, 'demo'); }}; \
           tx.oncomplete = () => {{ db.close(); done('changed'); }}; tx.onerror = () => done('failed'); }}; \
         request.onerror = () => done('could not open');"
    );
    let answer = client.execute_async(&script, Vec::new()).await.map_err(|error| error.to_string())?;
    match answer.as_str() {
        Some("changed") => Ok(()),
        other => Err(format!("could not change the kept build: {other:?}")),
    }
}

fn fetched_the_worker(names: &[String]) -> bool {
    names.iter().any(|name| name.contains("exhibit-worker"))
}

fn fetched_prebuilt(names: &[String]) -> bool {
    names.iter().any(|name| name == "/demo/built.bin")
}

fn fetched_captures(names: &[String]) -> bool {
    names.iter().any(|name| name.contains("/demo/captures/"))
}

/// A fetched list in a few words: the app's own files, and how many demo files.
fn summary(names: &[String]) -> String {
    let demo = names.iter().filter(|name| name.starts_with("/demo/")).count();
    let own: Vec<&str> = names.iter().filter(|name| !name.starts_with("/demo/")).map(String::as_str).collect();
    format!("{own:?} and {demo} demo files")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_opens_the_last_case_from_its_kept_build_before_the_worker_is_fetched() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let folder = download_folder("first-screen");
    let extra = folder.join("extra-page.html");
    std::fs::write(
        &extra,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Extra</title>\
         <link rel=\"canonical\" href=\"http://extra-page.example/\"></head>\
         <body><p>Timetable of the example ferry.</p></body></html>",
    )
    .expect("write the extra page");
    Browser::open("first-screen")
        .await
        .run(|client| async move {
            // First visit: the demo is fetched and built (the worker is needed), then kept.
            let allegations = open_demo(&client, &server.base).await?;
            let first =
                js(&client, "return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname)")
                    .await?;
            let first: Vec<String> = first
                .as_array()
                .map(|names| names.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
            if !fetched_the_worker(&first) || !fetched_captures(&first) {
                return Err(format!("the first visit did not build the demo: fetched {}", summary(&first)));
            }

            // Reload: the queue comes from the kept build, before the worker or any capture file.
            client.refresh().await.map_err(|error| error.to_string())?;
            let (before, _) = fetched_around_case_shown(&client).await?;
            if fetched_the_worker(&before) || fetched_captures(&before) {
                return Err(format!("before the reopened queue showed, the page fetched {}", summary(&before)));
            }
            let shown =
                js(&client, "return Number(document.querySelector('[data-testid=progress]').dataset.total)").await?;
            if shown.as_u64() != Some(allegations as u64) {
                return Err(format!("the reopened case has {shown} allegations, the demo {allegations}"));
            }
            // The worker is started afterwards and holds the case: the page view is made there.
            eventually(30, "the worker to start after the queue", || async {
                let names = fetched_around_case_shown(&client).await.ok()?.1;
                fetched_the_worker(&names).then_some(())
            })
            .await?;
            open_nth_allegation_matching(&client, "", 0).await?;
            click(&client, "[data-testid=page-view-toggle]").await?;
            eventually(30, "the page view from the worker", || async {
                js(&client, "const f = document.querySelector('iframe[data-loaded=true]'); return !!f")
                    .await
                    .ok()
                    .filter(|loaded| loaded.as_bool() == Some(true))
            })
            .await?;

            // The demo's own files are kept with its build: a capture added keeps the demo's.
            click(&client, "[data-testid=view-captures]").await?;
            let demo_captures = count(&client, "[data-testid=capture-item]").await;
            choose_capture_files(&client, &extra.display().to_string()).await?;
            eventually(60, "the added capture beside the demo's", || async {
                click(&client, "[data-testid=view-captures]").await.ok()?;
                Some(count(&client, "[data-testid=capture-item]").await).filter(|n| *n == demo_captures + 1)
            })
            .await?;
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_opens_the_demo_queue_from_its_prebuilt_case_then_completes_it_in_place() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("first-visit")
        .await
        .run(|client| async move {
            client.goto(&format!("{}/index.html", server.base)).await.map_err(|error| error.to_string())?;
            // The queue shows from the prebuilt case alone: no worker, no capture file before it.
            let (before, _) = fetched_around_case_shown(&client).await?;
            if !fetched_prebuilt(&before) || fetched_the_worker(&before) || fetched_captures(&before) {
                return Err(format!("before the first visit's queue showed, the page fetched {}", summary(&before)));
            }
            let total = |client: Client| async move {
                js(&client, "return Number(document.querySelector('[data-testid=progress]').dataset.total)")
                    .await
                    .map(|value| value.as_u64().unwrap_or(0))
            };
            let first_total = total(client.clone()).await?;
            if first_total < 10 {
                return Err(format!("the prebuilt queue has {first_total} allegations"));
            }
            if count(&client, "[data-testid=profile-dialog]").await > 0 {
                super::fill_profile(&client, super::REVIEWER, &["eng"]).await?;
            }
            // The reviewer picks an allegation while the captures are read: it stays chosen.
            let chosen = open_nth_allegation_matching(&client, "1 capture", 1).await?;
            wait_complete(&client).await?;
            let (_, after) = fetched_around_case_shown(&client).await?;
            if !fetched_the_worker(&after) || !fetched_captures(&after) {
                return Err(format!("the demo was not completed from its files: fetched {}", summary(&after)));
            }
            if total(client.clone()).await? != first_total {
                return Err("the completed case has other allegations than the prebuilt one".to_string());
            }
            let selected =
                js(&client, "const item = document.querySelector('[data-testid=queue-item].selected'); \
                             return item ? item.dataset.allegationId : null")
                    .await?;
            if selected.as_str() != Some(chosen.as_str()) {
                return Err(format!("after completing, the chosen allegation {chosen} is not selected: {selected}"));
            }
            // Its capture is whole now: text, and the screenshot from its bytes.
            eventually(30, "the completed capture's text and screenshot", || async {
                let text = count(&client, "[data-testid=capture-text]").await;
                let shot = js(&client, "const i = document.querySelector('img[data-testid=screenshot]'); return !!(i && i.src.startsWith('blob:'))")
                    .await
                    .ok()?;
                (text > 0 && shot.as_bool() == Some(true)).then_some(())
            })
            .await?;
            if count(&client, "[data-testid=capture-completing]").await > 0 {
                return Err("the capture still says it is being read".to_string());
            }
            // Kept: a reload opens it from the kept build, with no fetch of the prebuilt case.
            client.refresh().await.map_err(|error| error.to_string())?;
            let (before, _) = fetched_around_case_shown(&client).await?;
            if fetched_prebuilt(&before) || fetched_the_worker(&before) || fetched_captures(&before) {
                return Err(format!("the reload did not use the kept build: fetched {}", summary(&before)));
            }
            Ok(())
        })
        .await;
}

/// While the demo's captures are on their way (held back by the server), the worker holds no
/// case: what asks it about the open case (here the dashboard) waits for the completion and then
/// answers from the whole case, instead of failing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_asked_while_the_demo_completes_waits_for_it_instead_of_failing() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    server.hold("demo/captures/");
    Browser::open("first-visit-dashboard")
        .await
        .run(|client| async move {
            client.goto(&format!("{}/index.html", server.base)).await.map_err(|error| error.to_string())?;
            fetched_around_case_shown(&client).await?;
            if count(&client, "[data-testid=profile-dialog]").await > 0 {
                super::fill_profile(&client, super::REVIEWER, &["eng"]).await?;
            }
            if count(&client, "[data-testid=progress][data-completing=true]").await == 0 {
                return Err("with its captures held back, the demo is not completing".to_string());
            }
            click(&client, "[data-testid=view-dashboard]").await?;
            // Long enough for the worker to have answered (and failed) before the fix.
            tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
            let waiting = text_of(&client, "[data-testid=dashboard]").await.unwrap_or_default();
            if count(&client, "[data-testid=dashboard] .error").await > 0 {
                return Err(format!("the dashboard failed while the demo completed: {waiting}"));
            }
            server.release();
            wait_complete(&client).await?;
            eventually(30, "the dashboard of the whole case", || async {
                (count(&client, "[data-testid=dashboard] [data-testid=finding]").await > 0).then_some(())
            })
            .await?;
            if count(&client, "[data-testid=dashboard] .error").await > 0 {
                return Err("the dashboard failed after the completion".to_string());
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kept_build_of_another_version_or_damaged_is_not_used_and_the_case_is_built_again() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("first-screen-stale")
        .await
        .run(|client| async move {
            let allegations = open_demo(&client, &server.base).await?;
            for (what, change) in [
                ("made by another version", "built.build = 'another-version'"),
                ("damaged (not the wire)", "built.buffers[0] = new Uint8Array([123, 34, 99])"),
                ("damaged (cut short)", "built.buffers[0] = built.buffers[0].slice(0, 40)"),
                ("damaged (no bytes)", "built.buffers = 'none'"),
            ] {
                change_kept_build(&client, change).await?;
                client.refresh().await.map_err(|error| error.to_string())?;
                // Not used: the demo opened from its prebuilt case (fetched), and was built again.
                let (before, after) = fetched_around_case_shown(&client).await?;
                if !fetched_prebuilt(&before) {
                    return Err(format!(
                        "a kept build {what} was used: before the queue only {} were fetched",
                        summary(&before)
                    ));
                }
                wait_complete(&client).await?;
                let (_, after_complete) = fetched_around_case_shown(&client).await?;
                if !fetched_the_worker(&after_complete) || !fetched_captures(&after_complete) {
                    return Err(format!(
                        "after a kept build {what}, the demo was not built again: fetched {} after the queue",
                        summary(&after)
                    ));
                }
                let shown =
                    js(&client, "return Number(document.querySelector('[data-testid=progress]').dataset.total)")
                        .await?;
                if shown.as_u64() != Some(allegations as u64) {
                    return Err(format!(
                        "after a kept build {what}, the case has {shown} allegations, the demo {allegations}"
                    ));
                }
                // Built again, and kept again: the next reload uses it.
                client.refresh().await.map_err(|error| error.to_string())?;
                let (before, _) = fetched_around_case_shown(&client).await?;
                if fetched_the_worker(&before) {
                    return Err(format!(
                        "after rebuilding ({what}) the build was not kept: fetched {}",
                        summary(&before)
                    ));
                }
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_damaged_or_stale_prebuilt_demo_still_opens_the_whole_demo() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let kept = std::fs::read(dist.join("demo/built.bin")).expect("the built app has the prebuilt demo");
    let mut stale = exhibit::engine::demo::read_prebuilt(&kept).expect("the prebuilt demo reads");
    let allegations = stale.allegations.len();
    stale.allegations.pop();
    let stale = exhibit::engine::demo::prebuilt(&stale);
    for (what, content) in
        [("missing", None), ("damaged", Some(b"{\"case\": [".to_vec())), ("stale", Some(stale.clone()))]
    {
        let folder = download_folder(&format!("prebuilt-{what}")).join("dist");
        copy_of_dist(&dist, &folder);
        match &content {
            Some(bytes) => std::fs::write(folder.join("demo/built.bin"), bytes).expect("write built.bin"),
            None => std::fs::remove_file(folder.join("demo/built.bin")).expect("remove built.bin"),
        }
        let server = StaticServer::start(folder);
        Browser::open(&format!("prebuilt-{what}"))
            .await
            .run(|client| async move {
                // Whatever the prebuilt case, the demo opens whole: every allegation, captures read.
                let total = open_demo(&client, &server.base).await?;
                if total != allegations {
                    return Err(format!(
                        "with a {what} prebuilt case the demo shows {total} allegations, not {allegations}"
                    ));
                }
                open_nth_allegation_matching(&client, "1 capture", 0).await?;
                eventually(30, "the capture's text", || async {
                    (count(&client, "[data-testid=capture-text]").await > 0).then_some(())
                })
                .await?;
                Ok(())
            })
            .await;
    }
}
