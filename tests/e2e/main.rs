//! End-to-end: the built app in real Chromium through WebDriver, driven as a reviewer would.
#![cfg(not(target_arch = "wasm32"))]

mod a11y;
#[path = "../data/couch.rs"]
mod couch;
mod crawl;
mod first_screen;
mod harness;
mod hostile;
mod huge_capture;
mod integrity;
mod policy_tables;
mod soak;
mod storage_faults;
mod sync;
mod team;

use fantoccini::Client;
use harness::{count, css, eventually, js, require_dist, text_of, Browser, StaticServer};

/// The profile the scenarios review as, unless they set their own.
const REVIEWER: &str = "Reviewer One";

/// Opens the app on the demo case; on first use (a fresh browser profile) fills the reviewer
/// profile dialog as `Reviewer One`, working in English.
async fn open_demo(client: &Client, base: &str) -> Result<usize, String> {
    let total = open_demo_without_profile(client, base).await?;
    if count(client, "[data-testid=profile-dialog]").await > 0 {
        fill_profile(client, REVIEWER, &["eng"]).await?;
    }
    Ok(total)
}

/// Opens the app on the demo case and leaves the profile dialog (if shown) as it is.
async fn open_demo_without_profile(client: &Client, base: &str) -> Result<usize, String> {
    client.goto(&format!("{base}/index.html")).await.map_err(|error| error.to_string())?;
    eventually(60, "the demo queue to fill", || async {
        Some(count(client, "[data-testid=queue-item]").await).filter(|n| *n > 0)
    })
    .await?;
    // A first visit opens the demo's prebuilt case and reads its captures behind it: the scenarios
    // start once the case is whole.
    wait_complete(client).await?;
    let total: usize = js(client, "return Number(document.querySelector('[data-testid=progress]').dataset.total)")
        .await?
        .as_u64()
        .unwrap_or(0) as usize;
    Ok(total)
}

/// Waits until the open case is whole (not the demo's prebuilt case still being completed).
async fn wait_complete(client: &Client) -> Result<(), String> {
    eventually(60, "the demo's captures to be read", || async {
        (count(client, "[data-testid=progress][data-completing=false]").await > 0).then_some(())
    })
    .await
}

/// Drags a rectangle on the screenshot (10%,10% to 60%,30%) with synthetic mouse events.
async fn drag_region(client: &Client) -> Result<(), String> {
    js(
        client,
        r#"const img = document.querySelector('[data-testid=screenshot]');
           const r = img.getBoundingClientRect();
           const at = (fx, fy) => ({ bubbles: true, clientX: r.left + r.width * fx, clientY: r.top + r.height * fy });
           img.dispatchEvent(new MouseEvent('mousedown', at(0.1, 0.1)));
           img.dispatchEvent(new MouseEvent('mousemove', at(0.6, 0.3)));
           img.dispatchEvent(new MouseEvent('mouseup', at(0.6, 0.3)));
           return true;"#,
    )
    .await
    .map(|_| ())
}

/// The natural width of the shown screenshot, once it has loaded.
async fn screenshot_width(client: &Client) -> Result<u64, String> {
    eventually(20, "the screenshot to load", || async {
        js(
            client,
            "const i = document.querySelector('[data-testid=screenshot]'); return i && i.complete ? i.naturalWidth : 0",
        )
        .await
        .ok()
        .and_then(|value| value.as_u64())
        .filter(|width| *width > 0)
    })
    .await
}

/// Pastes an allegation list under Import and accepts its preview (a new case).
async fn paste_allegations(client: &Client, list: &str) -> Result<(), String> {
    click(client, "[data-testid=view-import]").await?;
    type_into(client, "[data-testid=allegations-paste]", list).await?;
    click(client, "[data-testid=preview-allegations]").await?;
    eventually(20, "the list preview", || async {
        client.find(css("[data-testid=accept-allegations]")).await.ok()?.is_enabled().await.ok().filter(|on| *on)
    })
    .await?;
    click(client, "[data-testid=accept-allegations]").await
}

/// Chooses capture files under Import (`paths`: one path a line).
async fn choose_capture_files(client: &Client, paths: &str) -> Result<(), String> {
    if count(client, "[data-testid=captures-file]").await == 0 {
        click(client, "[data-testid=view-import]").await?;
    }
    client
        .find(css("[data-testid=captures-file]"))
        .await
        .map_err(|error| error.to_string())?
        .send_keys(paths)
        .await
        .map_err(|error| error.to_string())
}

/// Clicks the first queue item whose text matches `needle` (scrolling the virtualised list).
async fn open_allegation_matching(client: &Client, needle: &str) -> Result<String, String> {
    open_nth_allegation_matching(client, needle, 0).await
}

/// Clicks the `skip`+1-th queue item whose text matches `needle`.
async fn open_nth_allegation_matching(client: &Client, needle: &str, skip: usize) -> Result<String, String> {
    let script = format!(
        r#"const list = document.querySelector('[data-testid=queue]');
           const seen = new Set();
           for (let top = 0; top <= list.scrollHeight; top += list.clientHeight / 2) {{
             list.scrollTop = top; list.dispatchEvent(new Event('scroll'));
             await new Promise(r => setTimeout(r, 30));
             for (const item of document.querySelectorAll('[data-testid=queue-item]')) {{
               if (item.textContent.includes({needle:?}) && !seen.has(item.dataset.allegationId)) {{
                 seen.add(item.dataset.allegationId);
                 if (seen.size > {skip}) {{ item.click(); return item.dataset.allegationId; }}
               }}
             }}
           }}
           return null;"#
    );
    let wrapped = format!("const done = arguments[0]; (async () => {{ {script} }})().then(done);");
    let value = client.execute_async(&wrapped, Vec::new()).await.map_err(|error| error.to_string())?;
    value.as_str().map(str::to_owned).ok_or_else(|| format!("no queue item mentions {needle:?}"))
}

/// Selects, in the capture text, the first occurrence of `needle` (a programmatic selection, as a
/// mouse drag would make), and returns whether it was found.
async fn select_capture_text(client: &Client, needle: &str) -> Result<(), String> {
    let script = format!(
        r#"const root = document.querySelector('[data-testid=capture-text]');
           const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
           let node;
           while ((node = walker.nextNode())) {{
             const at = node.data.indexOf({needle:?});
             if (at >= 0) {{
               const range = document.createRange();
               range.setStart(node, at); range.setEnd(node, at + {len});
               const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
               return true;
             }}
           }}
           return false;"#,
        len = needle.encode_utf16().count()
    );
    match js(client, &script).await?.as_bool() {
        Some(true) => Ok(()),
        _ => Err(format!("the capture text does not contain {needle:?}")),
    }
}

/// The first 60 characters of the longest block of the capture text.
async fn longest_block_opening(client: &Client) -> Result<String, String> {
    let value = js(
        client,
        "let best = ''; for (const b of document.querySelectorAll('[data-testid=capture-text] .block')) \
         { if (b.textContent.length > best.length) best = b.textContent; } return best;",
    )
    .await?;
    let text = value.as_str().unwrap_or("").to_string();
    if text.chars().count() < 20 {
        return Err(format!("the capture has no paragraph to cite: {text:?}"));
    }
    Ok(text.chars().take(60).collect())
}

async fn click(client: &Client, selector: &str) -> Result<(), String> {
    client
        .find(css(selector))
        .await
        .map_err(|error| format!("{selector}: {error}"))?
        .click()
        .await
        .map_err(|error| format!("{selector}: {error}"))
}

async fn type_into(client: &Client, selector: &str, text: &str) -> Result<(), String> {
    let element = client.find(css(selector)).await.map_err(|error| format!("{selector}: {error}"))?;
    element.clear().await.map_err(|error| error.to_string())?;
    element.send_keys(text).await.map_err(|error| error.to_string())
}

/// Types into the `index`-th element matching `selector`.
async fn type_into_nth(client: &Client, selector: &str, index: usize, text: &str) -> Result<(), String> {
    let all = client.find_all(css(selector)).await.map_err(|error| format!("{selector}: {error}"))?;
    let element = all.get(index).ok_or_else(|| format!("{selector}: no element {}", index + 1))?;
    element.clear().await.map_err(|error| error.to_string())?;
    element.send_keys(text).await.map_err(|error| error.to_string())
}

async fn choose_verdict(client: &Client, verdict: &str) -> Result<(), String> {
    client
        .find(css("[data-testid=verdict-select]"))
        .await
        .map_err(|error| error.to_string())?
        .select_by_value(verdict)
        .await
        .map_err(|error| error.to_string())
}

/// Fills the reviewer profile dialog (opening it from the shell's profile button when it is not
/// shown): the name, then each working language in order, chosen from the list by code. Waits
/// until the dialog is gone and the profile button names the reviewer.
async fn fill_profile(client: &Client, name: &str, languages: &[&str]) -> Result<(), String> {
    if count(client, "[data-testid=profile-dialog]").await == 0 {
        click(client, "[data-testid=profile-open]").await?;
    }
    eventually(10, "the profile dialog", || async {
        (count(client, "[data-testid=profile-dialog]").await == 1).then_some(())
    })
    .await?;
    type_into(client, "[data-testid=profile-name]", name).await?;
    // Start from no language (an edited profile lists the old ones).
    while count(client, "[data-testid=profile-language-remove]").await > 0 {
        click(client, "[data-testid=profile-language-remove]").await?;
    }
    for code in languages {
        client
            .find(css("[data-testid=profile-language]"))
            .await
            .map_err(|error| error.to_string())?
            .select_by_value(code)
            .await
            .map_err(|error| format!("profile language {code}: {error}"))?;
        click(client, "[data-testid=profile-language-add]").await?;
    }
    let listed = text_of(client, "[data-testid=profile-languages]").await.unwrap_or_default();
    if languages.iter().any(|code| !listed.contains(&format!("({code})"))) {
        return Err(format!("the profile lists {listed:?}, not {languages:?}"));
    }
    click(client, "[data-testid=profile-save]").await?;
    eventually(10, "the profile dialog to close", || async {
        (count(client, "[data-testid=profile-dialog]").await == 0).then_some(())
    })
    .await?;
    let shown = text_of(client, "[data-testid=profile-open]").await.unwrap_or_default();
    if !shown.contains(name) {
        return Err(format!("the profile button shows {shown:?}, not {name:?}"));
    }
    Ok(())
}

/// Chooses a finding for the `index`-th citation of the open allegation.
async fn choose_finding(client: &Client, index: usize, finding: &str) -> Result<(), String> {
    let selects = client.find_all(css("[data-testid=citation-finding]")).await.map_err(|error| error.to_string())?;
    let select = selects.get(index).ok_or_else(|| format!("citation {} has no finding select", index + 1))?;
    select.select_by_value(finding).await.map_err(|error| format!("finding {finding}: {error}"))?;
    eventually(10, "the finding to be kept", || async {
        js(
            client,
            &format!(
                "const s = document.querySelectorAll('[data-testid=citation-finding]')[{index}]; return s && s.value"
            ),
        )
        .await
        .ok()
        .filter(|value| value.as_str() == Some(finding))
    })
    .await
    .map(|_| ())
}

/// The rule ids of the policy messages shown under the verdict form.
async fn shown_rules(client: &Client, selector: &str) -> Result<Vec<String>, String> {
    let value =
        js(client, &format!("return [...document.querySelectorAll({selector:?})].map(li => li.dataset.rule || '');"))
            .await?;
    Ok(value
        .as_array()
        .map(|rules| rules.iter().filter_map(|rule| rule.as_str().map(str::to_owned)).collect())
        .unwrap_or_default())
}

async fn record_enabled(client: &Client) -> Result<bool, String> {
    client
        .find(css("[data-testid=record-verdict]"))
        .await
        .map_err(|error| error.to_string())?
        .is_enabled()
        .await
        .map_err(|error| error.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_queue_opens_an_allegation_with_its_capture() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("demo-queue")
        .await
        .run(|client| async move {
            let total = open_demo(&client, &server.base).await?;
            if total < 30 {
                return Err(format!("the demo case should have about 40 allegations, saw {total}"));
            }
            let progress = text_of(&client, "[data-testid=progress]").await.unwrap_or_default();
            if !progress.contains("reviewed") {
                return Err(format!("progress shows {progress:?}"));
            }
            open_allegation_matching(&client, "1 capture").await?;
            let text = eventually(20, "capture text", || async {
                text_of(&client, "[data-testid=capture-text]").await.filter(|text| text.chars().count() > 40)
            })
            .await?;
            let width = screenshot_width(&client).await?;
            let profile = text_of(&client, "[data-testid=language-profile]").await.unwrap_or_default();
            if !profile.contains("not evidence") {
                return Err(format!("language profile lacks the not-evidence line: {profile:?}"));
            }
            let source = js(&client, "return document.querySelector('[data-testid=screenshot]').src").await?;
            if !source.as_str().unwrap_or("").starts_with("blob:") {
                return Err(format!("the screenshot must come from a blob: URL, got {source}"));
            }
            eprintln!("capture text {} chars, screenshot {width}px wide", text.chars().count());
            // Switching allegation: from the key press to the next frame after the render.
            let timing = client
                .execute_async(
                    "const finish = arguments[0]; (async () => { const times = []; \
                     for (let i = 0; i < 20; i++) { const before = document.querySelector('[aria-selected=true]')?.dataset.allegationId; \
                       const t0 = performance.now(); \
                       document.dispatchEvent(new KeyboardEvent('keydown', { key: i % 2 ? 'k' : 'j', bubbles: true })); \
                       await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0))); \
                       const after = document.querySelector('[aria-selected=true]')?.dataset.allegationId; \
                       if (after !== before) times.push(performance.now() - t0); } \
                     times.sort((a, b) => a - b); finish([times.length, times[Math.floor(times.length / 2)] || -1]); })();",
                    Vec::new(),
                )
                .await
                .map_err(|error| error.to_string())?;
            let switched = timing.get(0).and_then(|value| value.as_u64()).unwrap_or(0);
            if switched < 10 {
                return Err(format!("j/k moved the selection only {switched} times out of 20"));
            }
            eprintln!("switching allegation with j/k: median {:.1} ms to the next frame ({switched} switches)", timing.get(1).and_then(|value| value.as_f64()).unwrap_or(-1.0));
            // Captures are parsed in the worker, not on the main thread.
            click(&client, "[data-testid=view-captures]").await?;
            let listed = eventually(10, "the capture list", || async { Some(count(&client, "[data-testid=capture-item]").await).filter(|n| *n > 0) }).await?;
            let failed = js(&client, "return document.body.textContent.includes('captures could not be read')").await?;
            if failed.as_bool() != Some(false) {
                return Err("the parsing worker failed".to_string());
            }
            eprintln!("{listed} captures listed, parsed in the worker");
            click(&client, "[data-testid=view-review]").await?;
            // Keep a picture of the review screen for the README and for people reading CI logs.
            if let Ok(png) = client.screenshot().await {
                let folder = harness::crate_root().join("target").join("screenshots");
                let _ = std::fs::create_dir_all(&folder);
                let _ = std::fs::write(folder.join("review.png"), png);
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cite_a_passage_record_a_verdict_and_it_survives_reload() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("cite-record-reload")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let allegation = open_allegation_matching(&client, "1 capture").await?;
            review_open_allegation(&client).await?;
            client.refresh().await.map_err(|error| error.to_string())?;
            open_demo(&client, &server.base).await?;
            let reviewed = wait_reviewed(&client, 1, "progress to show the verdict after reload").await?;
            let script =
                format!("document.querySelector('[data-allegation-id={allegation:?}]')?.click(); return true;");
            let _ = js(&client, &script).await;
            let recorded = eventually(20, "the verdict after reload", || async {
                text_of(&client, "[data-testid=recorded-verdict]").await
            })
            .await?;
            if !recorded.contains("Not supported") {
                return Err(format!("after reload the verdict reads {recorded:?}"));
            }
            if count(&client, "[data-testid=citation]").await != 1 {
                return Err("the citation did not survive the reload".to_string());
            }
            eprintln!("reviewed after reload: {reviewed}");
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_only_rationale_is_refused_with_its_message() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("language-refused")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_allegation_matching(&client, "1 capture").await?;
            eventually(20, "capture text", || async { text_of(&client, "[data-testid=capture-text] .block").await })
                .await?;
            // A citation that is evidence in every other respect: a real passage, an adverse
            // finding, a note that says what it shows, a translation when one is asked for.
            let quote = longest_block_opening(&client).await?;
            select_capture_text(&client, &quote).await?;
            click(&client, "[data-testid=cite-button]").await?;
            eventually(10, "the citation", || async {
                Some(count(&client, "[data-testid=citation]").await).filter(|n| *n >= 1)
            })
            .await?;
            choose_finding(&client, 0, "recruitment").await?;
            type_into(&client, "[data-testid=citation-note]", "The passage urges readers to travel and join an armed group.")
                .await?;
            click(&client, "[data-testid=rationale]").await?;
            if count(&client, "[data-testid=citation-translation]").await > 0 {
                type_into(
                    &client,
                    "[data-testid=citation-translation]",
                    "This section shows an appeal urging readers to travel and join an armed group.",
                )
                .await?;
                click(&client, "[data-testid=rationale]").await?;
            }
            choose_verdict(&client, "supported").await?;
            // Padded: a language word and four more words, none of them pointing at evidence.
            type_into(
                &client,
                "[data-testid=rationale]",
                "Kurdish site, obviously sympathetic to the cause, clearly extremist and dangerous",
            )
            .await?;
            let messages = eventually(10, "the language rule to show", || async {
                text_of(&client, "[data-testid=policy-messages]")
                    .await
                    .filter(|text| text.contains("language-not-evidence"))
            })
            .await?;
            if record_enabled(&client).await? {
                return Err(format!(
                    "the record button is enabled for a language-only rationale; messages: {messages}"
                ));
            }
            // The rationale alone is refused: the citation trips no rule, so the check above
            // would fail if the rationale rule were broken.
            let rules = shown_rules(&client, "[data-testid=policy-messages] .violation").await?;
            if rules != ["language-not-evidence"] {
                return Err(format!("expected only language-not-evidence, the form shows {rules:?}: {messages}"));
            }
            if !messages.contains("The rationale rests on") {
                return Err(format!("the refusal does not name the rationale: {messages}"));
            }
            let checklist = js(
                &client,
                "const li = document.querySelector('[data-testid=policy-checklist] [data-rule=language-not-evidence]'); \
                 return li && li.dataset.state",
            )
            .await?;
            if checklist.as_str() != Some("failed") {
                return Err(format!("the checklist shows language-not-evidence as {checklist}"));
            }
            // The same rationale in disguise, as a biased reviewer would type it past a word list:
            // camel case, run together, fullwidth letters, a Cyrillic look-alike, a soft hyphen.
            for disguised in [
                "KurdishSite with long articles about the campaign",
                "kurdishsite with long articles about the campaign",
                "The site is in \u{FF2B}\u{FF55}\u{FF52}\u{FF44}\u{FF49}\u{FF53}\u{FF48} with long articles about the campaign",
                "The site is in \u{041A}urdish with long articles about the campaign",
                "The site is in Kur\u{00AD}dish with long articles about the campaign",
            ] {
                // From a rationale that may be recorded, so the refusal below is this text's.
                type_into(&client, "[data-testid=rationale]", "Quote 1 urges readers to travel and join an armed group.")
                    .await?;
                eventually(10, "the record button to enable between disguises", || async {
                    record_enabled(&client).await.ok().filter(|enabled| *enabled)
                })
                .await?;
                type_into(&client, "[data-testid=rationale]", disguised).await?;
                let messages = eventually(10, "the language rule to show for a disguised trait", || async {
                    text_of(&client, "[data-testid=policy-messages]")
                        .await
                        .filter(|text| text.contains("language-not-evidence"))
                })
                .await
                .map_err(|error| format!("{disguised:?}: {error}"))?;
                if record_enabled(&client).await? {
                    return Err(format!("the record button is enabled for {disguised:?}; messages: {messages}"));
                }
            }
            // Control: the same citation with a rationale that says what it shows can be recorded.
            type_into(&client, "[data-testid=rationale]", "Quote 1 urges readers to travel and join an armed group.")
                .await?;
            eventually(10, "the record button to enable for a substantive rationale", || async {
                record_enabled(&client).await.ok().filter(|enabled| *enabled)
            })
            .await?;
            if count(&client, "[data-testid=recorded-verdict]").await != 0 {
                return Err("a verdict was recorded".to_string());
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_with_two_captures_shows_the_removed_content() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("removed-diff")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_allegation_matching(&client, "2 captures").await?;
            let gone = eventually(20, "the diff to mark removed content", || async {
                text_of(&client, "[data-testid=diff-gone]").await.filter(|text| text.chars().count() > 20)
            })
            .await?;
            let marked = count(&client, "[data-testid=diff-view] del").await;
            if marked == 0 {
                return Err("no removed text is marked in the diff".to_string());
            }
            eprintln!("gone from the later capture: {}", gone.chars().take(120).collect::<String>());
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_screenshot_region_is_cited_with_its_transcription() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("region-cite")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_allegation_matching(&client, "1 capture").await?;
            screenshot_width(&client).await?;
            drag_region(&client).await?;
            eventually(10, "the region form", || async {
                Some(count(&client, "[data-testid=region-form]").await).filter(|n| *n == 1)
            })
            .await?;
            let heading: String = text_of(&client, "[data-testid=capture-text] .block").await.unwrap_or_default();
            type_into(&client, "[data-testid=region-transcription]", &heading).await?;
            type_into(&client, "[data-testid=region-note]", "The banner at the top names the site.").await?;
            click(&client, "[data-testid=cite-region]").await?;
            let listed = eventually(10, "the region citation", || async {
                text_of(&client, "[data-testid=citation-list]").await.filter(|text| text.contains("xywh=pixel:"))
            })
            .await?;
            let message = text_of(&client, "[data-testid=cite-message]").await.unwrap_or_default();
            if !message.contains("linked") {
                return Err(format!("the transcription was not linked to the text: {message:?}; list: {listed}"));
            }
            if count(&client, "[data-testid=region-mark]").await == 0 {
                return Err("the cited region is not drawn on the screenshot".to_string());
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_captures_never_run_script_or_reach_the_network() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let empty = std::env::temp_dir().join(format!("exhibit-canary-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&empty);
    let canary = StaticServer::start(empty);
    let files = hostile::prepare_corpus(&canary.base).unwrap_or_else(|message| panic!("{message}"));
    Browser::open("hostile-corpus")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let findings = hostile::load_and_open_everything(&client, &canary, &files).await?;
            eprintln!(
                "hostile corpus: {} captures opened in both views, {} canary hits, {} script runs, {} CSP violations reported",
                findings.captures_opened, findings.canary_hits, findings.script_runs, findings.csp_violations
            );
            if findings.captures_opened < 50 {
                return Err(format!("only {} hostile captures were opened", findings.captures_opened));
            }
            if findings.canary_hits != 0 {
                return Err(format!("the canary server received {} requests", findings.canary_hits));
            }
            if findings.script_runs != 0 {
                return Err(format!("captured script ran {} times", findings.script_runs));
            }
            Ok(())
        })
        .await;
}

/// Cites the opening of the longest paragraph of the open capture with a note, and records
/// `not_supported` with a substantive rationale; waits until the app says it is saved.
async fn review_open_allegation(client: &Client) -> Result<(), String> {
    review_open_allegation_with(client, "not_supported", None).await
}

/// Cites the longest paragraph of the open allegation's capture (finding "reporting", a note, a
/// translation when asked for) and records `verdict` on it with a rationale resting on that quote
/// (and `reason`, which inconclusive and unreviewable need).
async fn review_open_allegation_with(client: &Client, verdict: &str, reason: Option<&str>) -> Result<(), String> {
    fill_review(client, verdict, reason).await?;
    // The gate's answer can take a while on a loaded machine (the quote's language comes from the
    // worker); when it never enables, say what the form shows.
    let enabled = eventually(60, "the record button to enable", || async {
        client.find(css("[data-testid=record-verdict]")).await.ok()?.is_enabled().await.ok().filter(|enabled| *enabled)
    })
    .await;
    if let Err(error) = enabled {
        let messages = text_of(client, "[data-testid=policy-messages]").await.unwrap_or_default();
        let checklist = text_of(client, "[data-testid=policy-checklist]").await.unwrap_or_default();
        return Err(format!("{error}; the form says: {messages} | {checklist}"));
    }
    click(client, "[data-testid=record-verdict]").await?;
    eventually(10, "the recorded verdict", || async { text_of(client, "[data-testid=recorded-verdict]").await })
        .await?;
    wait_saved(client).await
}

/// Fills the verdict form as `review_open_allegation_with` does, without recording.
async fn fill_review(client: &Client, verdict: &str, reason: Option<&str>) -> Result<(), String> {
    eventually(20, "capture text", || async { text_of(client, "[data-testid=capture-text] .block").await }).await?;
    let quote = longest_block_opening(client).await?;
    // An adjudicator sees the reviewers' citations before the new one: wait for one more than
    // there were, not for any (the new one can render after the count was read).
    let before = count(client, "[data-testid=citation]").await;
    select_capture_text(client, &quote).await?;
    click(client, "[data-testid=cite-button]").await?;
    let cited = eventually(10, "the citation", || async {
        Some(count(client, "[data-testid=citation]").await).filter(|n| *n > before)
    })
    .await?;
    // The new citation is the last.
    let last = cited.saturating_sub(1);
    choose_finding(client, last, "reporting").await?;
    type_into_nth(
        client,
        "[data-testid=citation-note]",
        last,
        "The main paragraph shows what the site publishes day to day.",
    )
    .await?;
    click(client, "[data-testid=rationale]").await?;
    if count(client, "[data-testid=citation-translation]").await > last {
        type_into_nth(
            client,
            "[data-testid=citation-translation]",
            last,
            "Reviewer's translation of the cited paragraph.",
        )
        .await?;
        click(client, "[data-testid=rationale]").await?;
    }
    choose_verdict(client, verdict).await?;
    type_into(
        client,
        "[data-testid=rationale]",
        "Quote 1 is an ordinary paragraph of the site's own content; nothing in the capture matches the allegation.",
    )
    .await?;
    if let Some(reason) = reason {
        type_into(client, "[data-testid=verdict-reason]", reason).await?;
    }
    Ok(())
}

/// Records `unreviewable` with a rationale and a reason on the open allegation (no citation
/// needed).
async fn record_unreviewable(client: &Client, reason: &str) -> Result<(), String> {
    choose_verdict(client, "unreviewable").await?;
    type_into(client, "[data-testid=rationale]", UNREVIEWABLE_RATIONALE).await?;
    type_into(client, "[data-testid=verdict-reason]", reason).await?;
    click(client, "[data-testid=record-verdict]").await
}

const UNREVIEWABLE_RATIONALE: &str = "No capture of this address was loaded, so nothing can be checked.";

/// Waits until the progress bar counts at least `at_least` reviewed allegations.
async fn wait_reviewed(client: &Client, at_least: u64, what: &str) -> Result<u64, String> {
    eventually(20, what, || async {
        js(client, "return Number(document.querySelector('[data-testid=progress]').dataset.reviewed)")
            .await
            .ok()
            .and_then(|value| value.as_u64())
            .filter(|reviewed| *reviewed >= at_least)
    })
    .await
}

async fn wait_saved(client: &Client) -> Result<(), String> {
    eventually(20, "the save to complete", || async {
        js(client, "const s = document.querySelector('[data-testid=save-status]'); return s && s.dataset.state")
            .await
            .ok()
            .filter(|state| state.as_str() == Some("saved"))
    })
    .await
    .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_reviewed_allegations_export_and_the_verifier_accepts_every_citation() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = std::env::temp_dir().join(format!("exhibit-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).unwrap_or_else(|error| panic!("{error}"));
    let folder = downloads.clone();
    Browser::open_with_downloads("export-verify", Some(&downloads))
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_nth_allegation_matching(&client, "1 capture", 0).await?;
            review_open_allegation(&client).await?;
            open_nth_allegation_matching(&client, "1 capture", 1).await?;
            review_open_allegation(&client).await?;
            click(&client, "[data-testid=export-toggle]").await?;
            click(&client, "[data-testid=export-review]").await?;
            let review =
                eventually(30, "the review file download", || async { downloaded(&folder, "-review.json") }).await?;
            let demo = harness::crate_root().join("static").join("demo");
            let stdout = verify_export(&review, &demo, 2)?;
            eprintln!("exhibit verify on the app's export:\n{stdout}");
            // The other formats are built in the worker: each must arrive, whole and of its kind.
            type Check = (&'static str, &'static str, fn(&str) -> bool);
            let checks: [Check; 4] = [
                ("export-webannotation", "annotations.jsonld", |text| {
                    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|value| {
                        value["type"] == "AnnotationCollection" && value["total"].as_u64() >= Some(2)
                    })
                }),
                ("export-claimreview", "claimreview.jsonld", |text| {
                    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|value| value.is_object())
                        && text.contains("ClaimReview")
                }),
                ("export-csv", "review.csv", |text| text.lines().count() >= 3),
                ("export-report", "report.html", |text| text.contains("<html") && text.contains("</html>")),
            ];
            for (button, suffix, valid) in checks {
                click(&client, "[data-testid=export-toggle]").await?;
                click(&client, &format!("[data-testid={button}]")).await?;
                let path = eventually(30, suffix, || async { downloaded(&folder, suffix) }).await?;
                // Chromium writes the file under its final name only once it is complete.
                let text = std::fs::read_to_string(&path).map_err(|error| format!("{suffix}: {error}"))?;
                if !valid(&text) {
                    return Err(format!(
                        "{suffix} is not a valid export: {}",
                        text.chars().take(300).collect::<String>()
                    ));
                }
            }
            Ok(())
        })
        .await;
}

/// Runs `exhibit verify` on a review file against a folder of captures; its output, unless it did
/// not end with every one of `citations` citations checked and none failed.
fn verify_export(review: &std::path::Path, captures: &std::path::Path, citations: usize) -> Result<String, String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_exhibit"))
        .arg("verify")
        .arg(review)
        .arg("--captures")
        .arg(captures)
        .output()
        .map_err(|error| error.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let last = stdout.lines().last().unwrap_or("");
    if !output.status.success() || last != format!("{citations} citations checked, 0 failed") {
        return Err(format!("the verifier did not accept the export (status {}): {stdout}", output.status));
    }
    Ok(stdout)
}

/// Starts a new case from an allegation list (pasted, previewed, accepted; waits until the queue
/// lists `listed`), then chooses capture files for it.
async fn new_case_with_captures(
    client: &Client,
    list: &str,
    listed: &str,
    files: &[&std::path::Path],
) -> Result<(), String> {
    paste_allegations(client, list).await?;
    eventually(30, "the new case's queue", || async {
        text_of(client, "[data-testid=queue]").await.filter(|text| text.contains(listed))
    })
    .await?;
    let paths: Vec<String> = files.iter().map(|path| path.display().to_string()).collect();
    choose_capture_files(client, &paths.join("\n")).await
}

/// The file in the download folder whose name ends with `suffix`, once Chromium has written it.
fn downloaded(folder: &std::path::Path, suffix: &str) -> Option<std::path::PathBuf> {
    std::fs::read_dir(folder)
        .ok()?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.to_string_lossy().ends_with(suffix))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reloading_right_after_each_verdict_loses_nothing() {
    // A short storm by default (`make test`); `make soak` runs it with EXHIBIT_RELOADS=1000.
    let reloads: usize = std::env::var("EXHIBIT_RELOADS").ok().and_then(|value| value.parse().ok()).unwrap_or(20);
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("reload-storm")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let allegation = open_allegation_matching(&client, "no capture").await?;
            let select =
                format!("document.querySelector('[data-allegation-id={allegation:?}]')?.click(); return true;");
            let started = std::time::Instant::now();
            for round in 0..reloads {
                eventually(20, "the verdict form", || async {
                    (count(&client, "[data-testid=verdict-select]").await == 1).then_some(())
                })
                .await?;
                choose_verdict(&client, "unreviewable").await?;
                type_into(&client, "[data-testid=rationale]", UNREVIEWABLE_RATIONALE).await?;
                type_into(&client, "[data-testid=verdict-reason]", &format!("no capture of the site (round {round})"))
                    .await?;
                click(&client, "[data-testid=record-verdict]").await?;
                // Reload at once: no waiting for "Saved".
                js(&client, "location.reload(); return true;").await?;
                open_demo(&client, &server.base).await?;
                eventually(20, "the allegation to reopen", || async {
                    js(&client, &select).await.ok()?;
                    text_of(&client, "[data-testid=allegation-pane]").await
                })
                .await?;
                // Progress for long storms (`make soak`): a line every 50 reloads.
                if (round + 1) % 50 == 0 {
                    let listed = count(&client, "[data-testid=recorded-verdict]").await;
                    eprintln!(
                        "reload storm: {} of {reloads} reloads in {:.0}s, {listed} verdicts listed",
                        round + 1,
                        started.elapsed().as_secs_f64()
                    );
                }
            }
            let recorded = eventually(30, "every verdict to be listed", || async {
                Some(count(&client, "[data-testid=recorded-verdict]").await).filter(|n| *n >= reloads)
            })
            .await;
            let recorded = match recorded {
                Ok(recorded) => recorded,
                Err(error) => {
                    let listed = count(&client, "[data-testid=recorded-verdict]").await;
                    return Err(format!("{error}: {listed} of {reloads} verdicts survived"));
                }
            };
            eprintln!(
                "reload storm: {reloads} reloads in {:.1}s, {recorded} of {reloads} verdicts kept, 0 lost",
                started.elapsed().as_secs_f64()
            );
            if recorded != reloads {
                return Err(format!("{recorded} verdicts listed for {reloads} recorded"));
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_recording_at_once_lose_nothing() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("two-tabs")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let first_tab = client.window().await.map_err(|error| error.to_string())?;
            let second = client.new_window(true).await.map_err(|error| error.to_string())?;
            client.switch_to_window(second.handle.clone()).await.map_err(|error| error.to_string())?;
            open_demo(&client, &server.base).await?;
            // Tab 2 records on one allegation, tab 1 on another, without reloading either.
            open_nth_allegation_matching(&client, "no capture", 0).await?;
            record_unreviewable(&client, "no capture (tab 2)").await?;
            client.switch_to_window(first_tab).await.map_err(|error| error.to_string())?;
            open_nth_allegation_matching(&client, "no capture", 1).await?;
            record_unreviewable(&client, "no capture (tab 1)").await?;
            let reviewed_here = wait_reviewed(&client, 2, "tab 1 to see both verdicts").await?;
            wait_saved(&client).await?;
            client.refresh().await.map_err(|error| error.to_string())?;
            open_demo(&client, &server.base).await?;
            let after_reload = wait_reviewed(&client, 2, "both verdicts after reload").await?;
            eprintln!("two tabs: tab 1 saw {reviewed_here} verdicts live, {after_reload} after reload");
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storage_quota_error_keeps_the_verdict_in_memory_and_offers_export() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("quota-error")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            // From now on both stores refuse every write, as a full disk would.
            js(
                &client,
                "const quota = () => { throw new DOMException('quota exceeded (test)', 'QuotaExceededError'); }; \
                 IDBObjectStore.prototype.put = quota; Storage.prototype.setItem = quota; return true;",
            )
            .await?;
            open_allegation_matching(&client, "no capture").await?;
            record_unreviewable(&client, "no capture of the site").await?;
            let banner = eventually(20, "the storage banner", || async {
                text_of(&client, "[data-testid=storage-banner]").await
            })
            .await?;
            if !banner.to_lowercase().contains("export") {
                return Err(format!("the banner does not offer export: {banner:?}"));
            }
            let recorded = text_of(&client, "[data-testid=recorded-verdict]").await.unwrap_or_default();
            if !recorded.contains("Unreviewable") {
                return Err(format!("the verdict is not kept in memory: {recorded:?}"));
            }
            let state = js(&client, "return document.querySelector('[data-testid=save-status]').dataset.state").await?;
            if state.as_str() != Some("unsaved") {
                return Err(format!("the save indicator says {state} instead of unsaved"));
            }
            // Export still works from memory.
            click(&client, "[data-testid=export-toggle]").await?;
            click(&client, "[data-testid=export-review]").await?;
            let message = eventually(10, "the export message", || async {
                text_of(&client, "[data-testid=export-message]").await.filter(|text| !text.starts_with("Preparing"))
            })
            .await?;
            if !message.starts_with("Exported") {
                return Err(format!("export failed: {message}"));
            }
            Ok(())
        })
        .await;
}

/// Selects, in the capture text, `length` characters of the block that contains `marker`,
/// starting at `from` (text the test cannot spell exactly, such as Arabic with its marks, is
/// taken from the page itself). Returns the selected text.
async fn select_in_block(client: &Client, marker: &str, from: &str, length: usize) -> Result<String, String> {
    let script = format!(
        r#"for (const block of document.querySelectorAll('[data-testid=capture-text] .block')) {{
             if (!block.textContent.includes({marker:?})) continue;
             const at = block.textContent.indexOf({from:?});
             return at < 0 ? null : [...block.textContent.slice(at)].slice(0, {length}).join('');
           }}
           return null;"#
    );
    let passage = js(client, &script)
        .await?
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no block of the capture text contains {marker:?} and {from:?}"))?;
    select_capture_text(client, &passage).await?;
    Ok(passage)
}

/// Exports the review file and returns its JSON (removing any earlier download of it first).
async fn export_review_file(client: &Client, folder: &std::path::Path) -> Result<serde_json::Value, String> {
    if let Some(old) = downloaded(folder, "-review.json") {
        let _ = std::fs::remove_file(old);
    }
    click(client, "[data-testid=export-toggle]").await?;
    click(client, "[data-testid=export-review]").await?;
    let path = eventually(30, "the review file download", || async { downloaded(folder, "-review.json") }).await?;
    let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("the review file is not JSON: {error}"))
}

/// Exports ClaimReview and returns its JSON.
async fn export_claim_review(client: &Client, folder: &std::path::Path) -> Result<serde_json::Value, String> {
    if let Some(old) = downloaded(folder, "claimreview.jsonld") {
        let _ = std::fs::remove_file(old);
    }
    click(client, "[data-testid=export-toggle]").await?;
    click(client, "[data-testid=export-claimreview]").await?;
    let path =
        eventually(30, "the ClaimReview download", || async { downloaded(folder, "claimreview.jsonld") }).await?;
    let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    serde_json::from_str(&text).map_err(|error| format!("the ClaimReview export is not JSON: {error}"))
}

fn download_folder(name: &str) -> std::path::PathBuf {
    let folder = std::env::temp_dir().join(format!("exhibit-downloads-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap_or_else(|error| panic!("{error}"));
    folder
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reviewer_with_a_profile_cites_an_arabic_passage_and_the_export_names_them() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = download_folder("profile");
    let folder = downloads.clone();
    Browser::open_with_downloads("profile-arabic", Some(&downloads))
        .await
        .run(|client| async move {
            open_demo_without_profile(&client, &server.base).await?;
            // First use: the profile is asked before anything is reviewed.
            eventually(20, "the profile dialog on first use", || async {
                (count(&client, "[data-testid=profile-dialog]").await == 1).then_some(())
            })
            .await?;
            let focused = js(&client, "return document.activeElement && document.activeElement.dataset.testid").await?;
            if focused.as_str() != Some("profile-name") {
                return Err(format!("the dialog does not start in the name field (focus on {focused})"));
            }
            let name = "Nadia Haddad";
            fill_profile(&client, name, &["eng", "fra"]).await?;

            open_allegation_matching(&client, "nashra-daily").await?;
            eventually(20, "capture text", || async { text_of(&client, "[data-testid=capture-text] .block").await })
                .await?;
            let passage = select_in_block(&client, "نص بديل", "يعرض", 80).await?;
            click(&client, "[data-testid=cite-button]").await?;
            eventually(10, "the citation", || async {
                Some(count(&client, "[data-testid=citation]").await).filter(|n| *n >= 1)
            })
            .await?;
            // Arabic is not one of the reviewer's languages: the translation is asked for, by name.
            let label = eventually(10, "the translation field", || async {
                js(
                    &client,
                    "const t = document.querySelector('[data-testid=citation-translation]'); \
                     return t && t.closest('label').textContent",
                )
                .await
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
            })
            .await?;
            if !label.contains("Arabic") {
                return Err(format!("the translation field does not say the quote is Arabic: {label:?}"));
            }
            choose_finding(&client, 0, "recruitment").await?;
            type_into(
                &client,
                "[data-testid=citation-note]",
                "An appeal urging readers to travel and join an armed group.",
            )
            .await?;
            click(&client, "[data-testid=rationale]").await?;
            type_into(
                &client,
                "[data-testid=citation-translation]",
                "This section shows a recruitment appeal urging readers to travel and join an armed group, with a \
                 contact through a messaging application.",
            )
            .await?;
            click(&client, "[data-testid=rationale]").await?;
            choose_verdict(&client, "supported").await?;
            type_into(
                &client,
                "[data-testid=rationale]",
                "Quote 1 urges readers to travel and join an armed group and gives a messaging contact.",
            )
            .await?;
            eventually(30, "the record button to enable", || async {
                record_enabled(&client).await.ok().filter(|enabled| *enabled)
            })
            .await?;
            click(&client, "[data-testid=record-verdict]").await?;
            let recorded = eventually(10, "the recorded verdict", || async {
                text_of(&client, "[data-testid=verdict-current]").await
            })
            .await?;
            if !recorded.contains("Supported") {
                return Err(format!("the form shows {recorded:?}"));
            }
            wait_saved(&client).await?;

            let review = export_review_file(&client, &folder).await?;
            let events = review["events"].as_array().cloned().unwrap_or_default();
            let verdicts: Vec<&serde_json::Value> =
                events.iter().filter(|event| event["kind"] == "verdict_recorded").collect();
            let [verdict] = verdicts.as_slice() else {
                return Err(format!("the review file has {} verdicts, not 1", verdicts.len()));
            };
            let record = &verdict["payload"]["record"];
            if verdict["reviewer"] != name
                || record["reviewer_language"] != "eng"
                || record["reviewer_languages"] != serde_json::json!(["eng", "fra"])
            {
                return Err(format!("the verdict event does not name the reviewer and languages: {verdict}"));
            }
            let citation = events
                .iter()
                .rfind(|event| event["kind"] == "citation_added" || event["kind"] == "citation_edited")
                .ok_or("no citation event in the review file")?;
            if citation["reviewer"] != name {
                return Err(format!("the citation event is stamped {}, not {name}", citation["reviewer"]));
            }
            let cited = &citation["payload"]["citation"];
            if cited["finding"] != "recruitment"
                || !cited["translation"].as_str().unwrap_or("").starts_with("This section shows")
                || !cited["selector"].to_string().contains(passage.chars().take(10).collect::<String>().as_str())
            {
                return Err(format!("the citation lacks its finding, translation or quote: {cited}"));
            }
            let claim_review = export_claim_review(&client, &folder).await?;
            if !claim_review.to_string().contains(name) {
                return Err(format!("ClaimReview does not name the reviewer: {claim_review}"));
            }
            // The profile survives a reload and is not asked again.
            client.refresh().await.map_err(|error| error.to_string())?;
            open_demo_without_profile(&client, &server.base).await?;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            if count(&client, "[data-testid=profile-dialog]").await != 0 {
                return Err("the profile is asked again after a reload".to_string());
            }
            let shown = text_of(&client, "[data-testid=profile-open]").await.unwrap_or_default();
            if !shown.contains(name) || !shown.contains("eng, fra") {
                return Err(format!("after reload the profile button shows {shown:?}"));
            }
            Ok(())
        })
        .await;
}

/// The untouched verdict (its badge selector `kept_badge`) is not shown invalid, and progress
/// counts one verdict reviewed and one invalid (the forged one). `when` prefixes the message.
async fn only_the_forged_invalid(client: &Client, kept_badge: &str, when: &str) -> Result<(), String> {
    if count(client, kept_badge).await != 0 {
        return Err(format!("{when}the untouched verdict is shown invalid"));
    }
    let progress = js(
        client,
        "const p = document.querySelector('[data-testid=progress]'); return [Number(p.dataset.reviewed), Number(p.dataset.invalid)]",
    )
    .await?;
    if progress != serde_json::json!([1, 1]) {
        return Err(format!("{when}progress (reviewed, invalid) reads {progress}"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_imported_review_file_with_a_forged_verdict_shows_it_invalid_and_out_of_claimreview() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = download_folder("forged");
    let folder = downloads.clone();
    Browser::open_with_downloads("forged-import", Some(&downloads))
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let forged_id = open_nth_allegation_matching(&client, "1 capture", 0).await?;
            review_open_allegation(&client).await?;
            let kept_id = open_nth_allegation_matching(&client, "1 capture", 1).await?;
            review_open_allegation(&client).await?;
            wait_reviewed(&client, 2, "both verdicts to count").await?;

            // A real review file, edited as a forger would: a later `supported` verdict on the first
            // allegation, resting on the same citation (whose finding, `reporting`, is not adverse)
            // and on the page's language; the file's own verdict statuses are dropped.
            let mut review = export_review_file(&client, &folder).await?;
            let events = review["events"].as_array_mut().ok_or("the review file has no events")?;
            let original = events
                .iter()
                .find(|event| {
                    event["kind"] == "verdict_recorded"
                        && event["payload"]["record"]["allegation_id"] == forged_id.as_str()
                })
                .cloned()
                .ok_or("the review file lacks the first verdict")?;
            let mut forged = original.clone();
            forged["id"] = "e-forged-1".into();
            forged["time"] = "2099-01-01T00:00:00Z".into();
            forged["reviewer"] = "Forger".into();
            forged["payload"]["record"]["verdict"] = "supported".into();
            forged["payload"]["record"]["rationale"] =
                "Kurdish site, obviously sympathetic to the cause, clearly extremist and dangerous".into();
            events.push(forged);
            if let Some(object) = review.as_object_mut() {
                object.remove("verdict_statuses");
            }
            let path = folder.join("forged.json");
            std::fs::write(&path, review.to_string()).map_err(|error| error.to_string())?;

            click(&client, "[data-testid=view-import]").await?;
            client
                .find(css("[data-testid=import-review]"))
                .await
                .map_err(|error| error.to_string())?
                .send_keys(&path.display().to_string())
                .await
                .map_err(|error| error.to_string())?;
            let message = eventually(20, "the import message", || async {
                text_of(&client, "[data-testid=review-import-message]").await
            })
            .await?;
            if !message.contains("Merged") {
                return Err(format!("the review file was not merged: {message}"));
            }
            let note = eventually(20, "the import panel to count the invalid verdict", || async {
                text_of(&client, "[data-testid=review-import-invalid]").await
            })
            .await?;
            if !note.contains("1 current verdict") {
                return Err(format!("the import panel says {note:?}"));
            }
            // The queue: an invalid badge (in words) on the forged allegation, and only there.
            let badge = format!("[data-allegation-id={forged_id:?}] [data-testid=queue-invalid]");
            let shown =
                eventually(20, "the invalid badge in the queue", || async { text_of(&client, &badge).await }).await?;
            if shown != "invalid" {
                return Err(format!("the queue badge reads {shown:?}"));
            }
            let kept_badge = format!("[data-allegation-id={kept_id:?}] [data-testid=queue-invalid]");
            only_the_forged_invalid(&client, &kept_badge, "").await?;
            // The form: "Invalid" with each violated rule, never as a verdict that stands.
            let select = format!("document.querySelector('[data-allegation-id={forged_id:?}]')?.click(); return true;");
            js(&client, &select).await?;
            let invalid = eventually(20, "the invalid verdict in the form", || async {
                text_of(&client, "[data-testid=verdict-invalid]").await
            })
            .await?;
            if !invalid.contains("Invalid") || count(&client, "[data-testid=verdict-current]").await != 0 {
                return Err(format!("the form shows {invalid:?}"));
            }
            let rules = shown_rules(&client, "[data-testid=verdict-violation]").await?;
            for rule in ["finding-required", "language-not-evidence"] {
                if !rules.iter().any(|shown| shown == rule) {
                    return Err(format!("the form lists {rules:?}, not {rule}: {invalid}"));
                }
            }
            // ClaimReview publishes the verdict that stands and never the forged one.
            let claim_review = export_claim_review(&client, &folder).await?;
            let identifiers: Vec<String> = claim_review["@graph"]
                .as_array()
                .map(|graph| {
                    graph.iter().filter_map(|review| review["identifier"].as_str().map(str::to_owned)).collect()
                })
                .unwrap_or_default();
            if identifiers.iter().any(|identifier| identifier.starts_with(&format!("{forged_id}:"))) {
                return Err(format!("ClaimReview publishes the forged verdict: {identifiers:?}"));
            }
            if !identifiers.iter().any(|identifier| identifier.starts_with(&format!("{kept_id}:"))) {
                return Err(format!("ClaimReview lost the verdict that stands: {identifiers:?}"));
            }
            if claim_review.to_string().contains("Forger") || claim_review.to_string().contains("Kurdish site") {
                return Err("ClaimReview carries the forged review".to_string());
            }
            // Reopened, the case shows its queue first and the gate judges the restored verdicts
            // after (in slices): once it says it is done, the forged one is invalid again, the kept
            // one stands, and nothing is left being checked.
            client.refresh().await.map_err(|error| error.to_string())?;
            let settled = "const shown = performance.getEntriesByName('exhibit-case-shown').pop(); \
                           const settled = performance.getEntriesByName('exhibit-gate-settled').pop(); \
                           const progress = document.querySelector('[data-testid=progress]'); \
                           return !!(shown && settled && settled.startTime >= shown.startTime && progress \
                             && progress.dataset.pending === '0' \
                             && !document.querySelector('[data-testid=queue-pending]'));";
            eventually(60, "the reopened case judged", || async {
                js(&client, settled).await.ok().filter(|done| done.as_bool() == Some(true))
            })
            .await?;
            eventually(20, "the invalid badge after the reload", || async { text_of(&client, &badge).await }).await?;
            only_the_forged_invalid(&client, &kept_badge, "after the reload, ").await?;
            Ok(())
        })
        .await;
}
