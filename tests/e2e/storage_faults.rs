//! Storage faults, one by one (issue 21): each is injected from the test into the running app
//! (or, for localStorage, into the page before the app starts), verdicts are recorded through the
//! UI, and after a reload the review must hold every one of them. Where the app cannot save as
//! usual it must say so (the save indicator and the banner).

use std::path::PathBuf;

use fantoccini::Client;

use super::harness::{copy_of_dist, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{open_demo, open_nth_allegation_matching, record_unreviewable, wait_reviewed, wait_saved};

/// Records an `unreviewable` verdict on the `nth` allegation without a capture.
async fn record_nth(client: &Client, nth: usize) -> Result<(), String> {
    open_nth_allegation_matching(client, "no capture", nth).await?;
    record_unreviewable(client, &format!("no capture of the site (storage fault test {nth})")).await?;
    eventually(10, "the recorded verdict", || async { text_of(client, "[data-testid=recorded-verdict]").await })
        .await
        .map(|_| ())
}

async fn save_state(client: &Client) -> String {
    js(client, "const s = document.querySelector('[data-testid=save-status]'); return s ? s.dataset.state : ''")
        .await
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

async fn wait_save_state(client: &Client, wanted: &str) -> Result<(), String> {
    eventually(20, &format!("the save indicator to read {wanted}"), || async {
        (save_state(client).await == wanted).then_some(())
    })
    .await
}

async fn wait_banner(client: &Client, needle: &str) -> Result<String, String> {
    eventually(20, &format!("a storage banner mentioning {needle:?}"), || async {
        text_of(client, "[data-testid=banner]").await.filter(|text| text.contains(needle))
    })
    .await
}

/// The number of allegations with a current verdict, as the progress bar counts them.
async fn reviewed(client: &Client) -> u64 {
    js(client, "return Number(document.querySelector('[data-testid=progress]').dataset.reviewed)")
        .await
        .ok()
        .and_then(|value| value.as_u64())
        .unwrap_or(0)
}

/// Reloads and checks that exactly `expected` allegations are reviewed once the case reopened.
async fn reload_and_count(client: &Client, base: &str, expected: u64) -> Result<(), String> {
    js(client, "location.reload(); return true;").await?;
    open_demo(client, base).await?;
    wait_reviewed(client, expected, "the verdicts after the reload").await?;
    // Settle, then check no more (a duplicate) and no fewer appeared.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let now = reviewed(client).await;
    if now != expected {
        return Err(format!("{now} allegations reviewed after the reload, {expected} recorded"));
    }
    Ok(())
}

/// A copy of the built app whose page runs `script` before the app starts (a same-origin file, as
/// the CSP allows nothing else).
fn dist_with_script(name: &str, script: &str) -> PathBuf {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let copy_dir = std::env::temp_dir().join(format!("exhibit-dist-{name}-{}", std::process::id()));
    copy_of_dist(&dist, &copy_dir);
    std::fs::write(copy_dir.join("fault.js"), script).expect("write the fault script");
    let index = std::fs::read_to_string(copy_dir.join("index.html")).expect("index.html");
    let at = index.find("<script").expect("the page has a script");
    let patched = format!("{}<script src=/fault.js></script>{}", &index[..at], &index[at..]);
    std::fs::write(copy_dir.join("index.html"), patched).expect("write index.html");
    copy_dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indexeddb_refusing_writes_keeps_verdicts_in_the_journal_across_a_reload() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-idb-refuses")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            js(
                &client,
                "IDBObjectStore.prototype.put = function () { throw new DOMException('refused (test)', 'UnknownError'); }; return true;",
            )
            .await?;
            record_nth(&client, 0).await?;
            record_nth(&client, 1).await?;
            wait_save_state(&client, "local").await?;
            // The reload brings IndexedDB back: the journaled verdicts are read and saved into it.
            reload_and_count(&client, &server.base, 2).await?;
            wait_saved(&client).await?;
            reload_and_count(&client, &server.base, 2).await
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transaction_aborted_mid_write_loses_nothing() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-idb-abort")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            // As a quota error does: the write is issued, then its transaction is aborted.
            js(
                &client,
                "const put = IDBObjectStore.prototype.put; \
                 IDBObjectStore.prototype.put = function (...args) { const request = put.apply(this, args); \
                   if (this.name === 'events') this.transaction.abort(); return request; }; return true;",
            )
            .await?;
            record_nth(&client, 0).await?;
            wait_save_state(&client, "local").await?;
            reload_and_count(&client, &server.base, 1).await
        })
        .await;
}

/// Records a verdict and waits for it to be saved; runs `script`, which takes the database away
/// from the app (as another tab would) and sets `window.__outcome` to `done` once that went
/// through; then the app must say storage is back, save the next verdict, and hold both after a
/// reload.
async fn database_taken_away_and_back(client: &Client, base: &str, script: &str, what: &str) -> Result<(), String> {
    open_demo(client, base).await?;
    record_nth(client, 0).await?;
    wait_saved(client).await?;
    js(client, &format!("window.__outcome = null; {script} return true;")).await?;
    // It can only go through once the app lets go of its connection.
    eventually(20, what, || async {
        js(client, "return window.__outcome").await.ok().filter(|value| value.as_str() == Some("done"))
    })
    .await?;
    wait_banner(client, "is back").await?;
    record_nth(client, 1).await?;
    wait_saved(client).await?;
    // This version opens the database as the other party left it, with every event.
    reload_and_count(client, base, 2).await?;
    wait_saved(client).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_deleted_behind_the_apps_back_loses_nothing() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-idb-deleted")
        .await
        .run(|client| async move {
            // Another tab (or the user in devtools) deletes the database.
            let script = "const request = indexedDB.deleteDatabase('exhibit'); \
                          request.onsuccess = () => { window.__outcome = 'done'; }; \
                          request.onerror = () => { window.__outcome = 'error'; };";
            database_taken_away_and_back(&client, &server.base, script, "the deletion to go through").await
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_change_from_another_tab_loses_nothing() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-idb-upgrade")
        .await
        .run(|client| async move {
            // A newer version of the app in another tab upgrades the database.
            let script = "const request = indexedDB.open('exhibit', 7); request.onupgradeneeded = () => {}; \
                          request.onsuccess = () => { request.result.close(); window.__outcome = 'done'; }; \
                          request.onerror = () => { window.__outcome = 'error'; };";
            database_taken_away_and_back(&client, &server.base, script, "the upgrade to go through").await
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn damaged_event_records_are_reported_and_the_rest_opens() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-idb-damaged")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            record_nth(&client, 0).await?;
            wait_saved(&client).await?;
            // Two records of the open case damaged on disk: one not JSON, one without its text.
            let damaged = client
                .execute_async(
                    "const done = arguments[0]; const request = indexedDB.open('exhibit'); \
                     request.onsuccess = () => { const db = request.result; \
                       const read = db.transaction('meta').objectStore('meta').get('current'); \
                       read.onsuccess = () => { const key = read.result; \
                         const tx = db.transaction('events', 'readwrite'); const store = tx.objectStore('events'); \
                         store.put({case: key, json: '{\"id\": \"e-damaged\", \"kind\": '}, key + '\\u001fe-damaged-1'); \
                         store.put({case: key}, key + '\\u001fe-damaged-2'); \
                         tx.oncomplete = () => { db.close(); done(key); }; tx.onerror = () => done(null); }; }; \
                     request.onerror = () => done(null);",
                    Vec::new(),
                )
                .await
                .map_err(|error| error.to_string())?;
            if damaged.as_str().is_none() {
                return Err(format!("the test could not damage the store: {damaged}"));
            }
            reload_and_count(&client, &server.base, 1).await?;
            let banner = wait_banner(&client, "could not be read").await?;
            if !banner.contains("2 stored events") {
                return Err(format!("the banner does not count the damaged records: {banner}"));
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_local_storage_the_review_is_kept_in_indexeddb() {
    let dist = dist_with_script(
        "no-local-storage",
        "Object.defineProperty(window, 'localStorage', { configurable: true, \
           get() { throw new DOMException('localStorage is disabled (test)', 'SecurityError'); } });\n",
    );
    let server = StaticServer::start(dist);
    Browser::open("fault-no-local-storage")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let banner = text_of(&client, "[data-testid=banner]").await.unwrap_or_default();
            if !banner.contains("profile") {
                return Err(format!("the app does not say the profile cannot be kept: {banner:?}"));
            }
            record_nth(&client, 0).await?;
            record_nth(&client, 1).await?;
            wait_saved(&client).await?;
            reload_and_count(&client, &server.base, 2).await
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tab_killed_between_journal_and_database_write_loses_nothing() {
    let server = StaticServer::start(require_dist().unwrap_or_else(|message| panic!("{message}")));
    Browser::open("fault-killed")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            // The journal entry is written first (synchronously); the page dies as the database
            // write is about to be issued.
            js(
                &client,
                "IDBObjectStore.prototype.put = function () { window.stop(); location.reload(); \
                   throw new Error('the tab is gone (test)'); }; return true;",
            )
            .await?;
            open_nth_allegation_matching(&client, "no capture", 0).await?;
            record_unreviewable(&client, "no capture of the site (killed tab test)").await?;
            open_demo(&client, &server.base).await?;
            wait_reviewed(&client, 1, "the verdict after the tab died").await?;
            wait_saved(&client).await?;
            reload_and_count(&client, &server.base, 1).await
        })
        .await;
}
