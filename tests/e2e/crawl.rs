//! A whole-site crawl as a reviewer meets it (issue 19): an allegation list naming four URLs of a
//! fictional site and the WACZ that scripts/make-crawl-fixtures.sh made of it with wget, warcio and
//! py-wacz (two visits of /news.html, a 301, robots.txt's 404, screenshot records in their own
//! WARC). Each allegation opens on its own page (never the error page) and says why; the page list
//! finds a page by its path; the archive's screenshot is shown and a region of it is cited; "Over
//! time" on /news.html shows what disappeared from that URL, and on a page captured once says so;
//! axe-core finds nothing in the crawl's capture pane (page list, choice, integrity lines).

use std::path::PathBuf;

use fantoccini::Client;

use super::a11y::{axe_source, axe_violations};
use super::harness::{count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    choose_capture_files, click, drag_region, open_demo, open_nth_allegation_matching, paste_allegations,
    screenshot_width, type_into,
};

fn crawl_fixtures() -> (PathBuf, String) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/crawl-fixtures");
    let wacz = dir.join("crawl.wacz");
    assert!(
        wacz.is_file(),
        "the crawl fixtures are missing at {}: run `bash scripts/setup.sh` (or `bash scripts/make-crawl-fixtures.sh`) first",
        dir.display()
    );
    let text = std::fs::read_to_string(dir.join("fixture.json")).expect("fixture.json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("fixture.json is JSON");
    (wacz, value["base"].as_str().expect("base").to_string())
}

/// What the open capture pane shows: (path of the active tab, its status, the choice's reason, the
/// choice sentence).
async fn opened(client: &Client) -> Result<(String, String, String, String), String> {
    let value = js(
        client,
        "const tab = document.querySelector('[data-testid=capture-tab].active');
         const choice = document.querySelector('[data-testid=capture-choice]');
         if (!tab || !choice) return null;
         return [tab.querySelector('.path').textContent, (tab.querySelector('.status') || {}).textContent || '',
                 choice.dataset.reason, choice.textContent];",
    )
    .await?;
    let parts: Vec<String> = value
        .as_array()
        .map(|parts| parts.iter().map(|part| part.as_str().unwrap_or_default().to_string()).collect())
        .unwrap_or_default();
    match parts.as_slice() {
        [path, status, reason, sentence] => Ok((path.clone(), status.clone(), reason.clone(), sentence.clone())),
        _ => Err("no active capture tab and choice yet".to_string()),
    }
}

/// Opens the `index`-th allegation (they all name the same host) and waits for its capture.
async fn open_allegation(client: &Client, index: usize, path: &str) -> Result<(String, String, String), String> {
    open_nth_allegation_matching(client, "127.0.0.1", index).await?;
    let expected = path.to_string();
    eventually(20, "the allegation's capture", || async {
        opened(client).await.ok().filter(|(shown, ..)| *shown == expected)
    })
    .await
    .map(|(_, status, reason, sentence)| (status, reason, sentence))
    .map_err(|error| format!("{error} (wanted {path})"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_crawl_opens_each_allegation_on_its_page_with_screenshot_and_over_time() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let axe = axe_source().unwrap_or_else(|message| panic!("{message}"));
    let (wacz, base) = crawl_fixtures();
    let server = StaticServer::start(dist);
    let host = base.trim_start_matches("http://").to_string();
    // Defanged like a real list; the queue keeps this order.
    let list = format!(
        "hxxp://{}/ - hosts placeholder text\n{base}/old-events.html\n{base}/news.html\n{base}/robots.txt\n",
        host.replace('.', "[.]")
    );
    Browser::open("crawl")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            paste_allegations(&client, &list).await?;
            eventually(30, "the new case's queue", || async {
                Some(count(&client, "[data-testid=queue-item]").await).filter(|n| *n == 4)
            })
            .await?;
            choose_capture_files(&client, &wacz.display().to_string()).await?;
            // The demo case's captures stay beside the crawl's: look at the crawl's only.
            let crawl_items = format!(
                "return [...document.querySelectorAll('[data-testid=capture-item]')].filter(i => i.textContent.includes({host:?}))"
            );
            eventually(30, "the crawl's captures", || async {
                js(&client, &format!("{crawl_items}.length")).await.ok().and_then(|n| n.as_u64()).filter(|n| *n == 8)
            })
            .await?;
            // Every capture of the crawl is told apart by its status, and the integrity badge of a
            // WACZ whose hashes match says so in words, not as a failure.
            let shown = js(
                &client,
                &format!(
                    "{crawl_items}.map(i => i.querySelector('[data-testid=capture-item-status]').textContent + ' ' + \
                     i.querySelector('[data-testid=capture-integrity-badge]').dataset.status + ':' + \
                     i.querySelector('[data-testid=capture-integrity-badge]').textContent).sort().join('|')"
                ),
            )
            .await?;
            let shown = shown.as_str().unwrap_or_default().to_string();
            let expected = ["HTTP 200 passed:✓ digests match"; 7].join("|") + "|HTTP 404 passed:✓ digests match";
            if shown != expected {
                return Err(format!("the crawl's captures read {shown}"));
            }
            click(&client, "[data-testid=view-review]").await?;

            // Each allegation opens on its own page, successful, with the reason in words.
            let cases = [
                (0, "/", "exact-url", "the URL the allegation names"),
                (1, "/events.html", "redirect", "after its redirect from"),
                (2, "/news.html", "exact-url", "the URL the allegation names"),
                (3, "/", "entry-page", "captured only as an error (HTTP 404)"),
            ];
            for (index, path, reason, words) in cases {
                let (status, shown_reason, sentence) = open_allegation(&client, index, path).await?;
                if status != "HTTP 200" || shown_reason != reason || !sentence.contains(words) {
                    return Err(format!("allegation {index}: {path} {status} {shown_reason}: {sentence}"));
                }
            }

            // The redirect the allegation went through is shown with the page.
            open_allegation(&client, 1, "/events.html").await?;
            let redirects = text_of(&client, "[data-testid=capture-redirects]").await.unwrap_or_default();
            if !redirects.contains("/old-events.html →") || !redirects.ends_with("/events.html") {
                return Err(format!("the redirect reads {redirects:?}"));
            }

            // /news.html, visited twice: Over time shows what disappeared from that URL.
            open_allegation(&client, 2, "/news.html").await?;
            let pair = eventually(20, "the Over time pair", || async { text_of(&client, "[data-testid=diff-pair]").await })
                .await?;
            let gone = eventually(20, "what was removed", || async { text_of(&client, "[data-testid=diff-gone]").await })
                .await?;
            if !pair.starts_with("2 visits of /news.html") || !gone.contains("NEWS-FIRST-VISIT") {
                return Err(format!("Over time reads {pair:?}, gone: {gone:?}"));
            }
            if gone.contains("Knot-tying") || gone.contains("volunteers") {
                return Err(format!("another page's text is listed as removed: {gone}"));
            }

            // The entry page was captured once: Over time says so instead of comparing pages.
            open_allegation(&client, 0, "/").await?;
            let once = eventually(20, "the one-visit note", || async {
                text_of(&client, "[data-testid=diff-one-visit]").await
            })
            .await?;
            if !once.contains("captured once") || count(&client, "[data-testid=diff-gone]").await != 0 {
                return Err(format!("Over time on a page captured once reads {once:?}"));
            }

            // The page list, the choice line and the integrity lines pass the axe-core scan.
            let violations = axe_violations(&client, &axe).await?;
            if !violations.is_empty() {
                return Err(format!("axe-core finds in the crawl's capture pane: {violations:?}"));
            }

            // The page list finds a page by its path (the page shown stays listed); switching is
            // explained, and can be undone.
            type_into(&client, "[data-testid=capture-page-search]", "about").await?;
            eventually(10, "the filtered page list", || async {
                Some(count(&client, "[data-testid=capture-page-list] [data-testid=capture-tab]").await).filter(|n| *n == 2)
            })
            .await?;
            click(&client, "[data-testid=capture-page-list] [data-testid=capture-tab]:not(.active)").await?;
            let switched = eventually(10, "the switch to /about.html", || async {
                opened(&client).await.ok().filter(|(path, _, reason, _)| path == "/about.html" && reason == "reviewer")
            })
            .await?;
            if !switched.3.contains("as you chose") {
                return Err(format!("the switch reads {:?}", switched.3));
            }
            click(&client, "[data-testid=capture-choice-reset]").await?;
            eventually(10, "back on the entry page", || async {
                opened(&client).await.ok().filter(|(path, _, reason, _)| path == "/" && reason == "exact-url")
            })
            .await?;

            // The WACZ's passed hash lines read as passed, in words, not as failures.
            let notes = js(
                &client,
                "return [...document.querySelectorAll('[data-testid=integrity-note]')].map(n => n.dataset.status + ' ' + n.textContent).join('|')",
            )
            .await?;
            let notes = notes.as_str().unwrap_or_default().to_string();
            let all_passed = notes.split('|').all(|note| note.starts_with("passed ✓ passed"));
            if !notes.contains("resource hashes in datapackage.json match the files") || !all_passed {
                return Err(format!("the integrity lines read {notes:?}"));
            }

            // The archive's screenshot (a urn:screenshot: record of another WARC) is shown and a
            // region of it is cited.
            let width = screenshot_width(&client).await?;
            if width != 320 {
                return Err(format!("the screenshot is {width} pixels wide, not the archive's 320"));
            }
            drag_region(&client).await?;
            eventually(10, "the region form", || async {
                Some(count(&client, "[data-testid=region-form]").await).filter(|n| *n == 1)
            })
            .await?;
            type_into(&client, "[data-testid=region-description]", "A plain coloured banner (placeholder).").await?;
            type_into(&client, "[data-testid=region-note]", "The banner at the top of the entry page.").await?;
            click(&client, "[data-testid=cite-region]").await?;
            eventually(10, "the region citation", || async {
                text_of(&client, "[data-testid=citation-list]").await.filter(|text| text.contains("xywh=pixel:"))
            })
            .await?;
            if count(&client, "[data-testid=region-mark]").await == 0 {
                return Err("the cited region is not drawn on the archive's screenshot".to_string());
            }
            Ok(())
        })
        .await;
}
