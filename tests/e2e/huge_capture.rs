//! Captures of any size (issue 18): a 20 MB page of paragraphs (with one 1.4 MB paragraph near its end)
//! and a page of 200,000 blocks, imported through the UI with an allegation list. For each, the
//! DOM holds only what is near the screen, and the time from the click to the text's first paint
//! and the longest task while it opens and scrolls are printed. The issue's bounds (first paint
//! under 1 s, no task over 200 ms) are enforced with `EXHIBIT_TIMING_LIMITS=1` (`make bench`
//! runs it so, on a quiet machine); otherwise timing is measured, not asserted (the shared test
//! machine is noisy), beyond bounds ten times wider (10 s, 2 s) that still catch the whole text
//! going into the DOM again (35 s to first paint, a 25 s task before it was virtualised). A passage near the end is
//! reached (the find box; Ctrl+End with the keyboard), selected (once across two display chunks of
//! the long paragraph), cited, and each citation stands (quote at its place, the artifact's hash);
//! a jump to a citation scrolled away renders it and focuses it; the verifier accepts the export.
//! Both pages are generated here: neutral placeholder text on `.example` sites.

use fantoccini::wd::TimeoutConfiguration;
use fantoccini::Client;

use super::a11y::{press, selected_text, CONTROL, LEFT, SHIFT};
use super::harness::{count, css, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    choose_capture_files, click, download_folder, export_review_file, new_case_with_captures, open_demo,
    select_capture_text, type_into, verify_export,
};

const LIST_START_URL: &str = "http://list-start.example/";
const HUGE_URL: &str = "http://huge-page.example/";
const MANY_URL: &str = "http://many-blocks.example/";
const CLOSING: &str = "Closing notice 7391";
const CLOSING_PASSAGE: &str = "the reading room of the example library opens at nine on weekdays";
const LONG_START: &str = "Long passage begins";
const END: char = '\u{e010}';
/// The most characters one element of the text view may hold (a display chunk, `CHUNK_CHARS`).
const CHUNK_CHARS: usize = 2048;

const WORDS: [&str; 20] = [
    "the", "reading", "room", "garden", "library", "opens", "morning", "quiet", "table", "window", "river", "bread",
    "market", "lamp", "paper", "chair", "street", "music", "autumn", "harbour",
];

/// `count` placeholder words, varied by `seed`.
fn words(seed: usize, count: usize) -> String {
    (0..count).map(|at| WORDS[(seed * 7 + at * 13 + at / 20) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

fn page(url: &str, title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"canonical\" href=\"{url}\"></head><body><h1>{title}</h1>\n{body}</body></html>"
    )
    .into_bytes()
}

/// About 20 MB: paragraphs of placeholder words, then one paragraph of 1.4 MB, then a closing
/// notice among the last paragraphs.
fn huge_page() -> Vec<u8> {
    let mut body = String::with_capacity(21 * 1024 * 1024);
    let paragraph =
        |body: &mut String, index: usize| body.push_str(&format!("<p>Paragraph {index}: {}.</p>\n", words(index, 70)));
    let mut index = 0;
    while body.len() < 18_500_000 {
        paragraph(&mut body, index);
        index += 1;
    }
    body.push_str(&format!("<p>{LONG_START} {}</p>\n", words(index, 250_000)));
    for _ in 0..100 {
        paragraph(&mut body, index);
        index += 1;
    }
    body.push_str(&format!("<p>{CLOSING}: {CLOSING_PASSAGE}.</p>\n"));
    for _ in 0..20 {
        paragraph(&mut body, index);
        index += 1;
    }
    page(HUGE_URL, "Huge page", &body)
}

/// 200,000 one-line blocks.
fn many_blocks_page() -> Vec<u8> {
    let mut body = String::with_capacity(9 * 1024 * 1024);
    for index in 0..200_000 {
        body.push_str(&format!("<p>Line {index} of the example catalogue.</p>\n"));
    }
    page(MANY_URL, "Many blocks", &body)
}

/// What opening a capture cost: from the click on its allegation to the first painted frame with
/// its text, and the long tasks while it opened and while its text scrolled.
#[derive(Debug)]
struct Opening {
    paint_ms: f64,
    longest_task_ms: f64,
    long_tasks: usize,
    blocks_in_dom: usize,
    longest_element_chars: usize,
    dom_chars: usize,
}

/// Clicks the queue item of `host` and measures the opening and a scroll through the text (small
/// steps, the middle, the end, back up).
async fn open_and_scroll(client: &Client, host: &str) -> Result<Opening, String> {
    let script = format!(
        r#"const done = arguments[0];
        (async () => {{
          const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
          const tasks = [];
          const observer = new PerformanceObserver(list => {{ for (const e of list.getEntries()) tasks.push(e.duration); }});
          observer.observe({{ type: 'longtask', buffered: false }});
          // Start from an idle page (the import's last messages and collections done): up to 20 s
          // for a second without a long task.
          for (let waited = 0, quiet = 0; waited < 20000 && quiet < 1000; waited += 100) {{
            const before = tasks.length;
            await new Promise(r => setTimeout(r, 100));
            quiet = tasks.length === before ? quiet + 100 : 0;
          }}
          tasks.length = 0;
          const item = [...document.querySelectorAll('[data-testid=queue-item]')].find(i => i.textContent.includes({host:?}));
          if (!item) return done({{ error: 'no queue item for {host}' }});
          const t0 = performance.now();
          item.click();
          const shown = () => {{
            const pane = document.querySelector('[data-testid=capture-pane]');
            return pane && pane.textContent.includes({host:?}) && document.querySelector('[data-testid=capture-text] .block');
          }};
          while (!shown()) {{
            await new Promise(r => requestAnimationFrame(r));
            if (performance.now() - t0 > 120000) return done({{ error: 'the text never showed' }});
          }}
          await frame();
          const paint = performance.now() - t0;
          const text = document.querySelector('[data-testid=capture-text]');
          for (let step = 0; step < 12; step++) {{ text.scrollTop += 300; await frame(); }}
          for (const at of [0.5, 0.999, 0.25, 0.75, 0]) {{
            text.scrollTop = at * text.scrollHeight; await frame(); await frame();
          }}
          for (let step = 0; step < 12; step++) {{ text.scrollTop += 300; await frame(); }}
          await new Promise(r => setTimeout(r, 300));
          observer.disconnect();
          const blocks = [...text.querySelectorAll('.block')];
          done({{
            paint,
            longest: Math.max(0, ...tasks),
            tasks: tasks.length,
            blocks: blocks.length,
            longestElement: Math.max(0, ...blocks.map(b => [...b.textContent].length)),
            domChars: text.textContent.length,
          }});
        }})();"#
    );
    let value = client.execute_async(&script, Vec::new()).await.map_err(|error| error.to_string())?;
    if let Some(error) = value.get("error").and_then(|error| error.as_str()) {
        return Err(error.to_string());
    }
    let number = |key: &str| value.get(key).and_then(|number| number.as_f64()).unwrap_or(-1.0);
    Ok(Opening {
        paint_ms: number("paint"),
        longest_task_ms: number("longest"),
        long_tasks: number("tasks") as usize,
        blocks_in_dom: number("blocks") as usize,
        longest_element_chars: number("longestElement") as usize,
        dom_chars: number("domChars") as usize,
    })
}

/// The bounds on first paint and on the longest task, in ms: the issue's (1,000 and 200) with
/// `EXHIBIT_TIMING_LIMITS=1`, else ten times wider (see the module comment).
fn timing_limits() -> (f64, f64) {
    if std::env::var("EXHIBIT_TIMING_LIMITS").is_ok_and(|value| value == "1") {
        (1000.0, 200.0)
    } else {
        (10_000.0, 2_000.0)
    }
}

/// Prints the figures of an opening (for BENCHMARKS.md); fails unless it met the timing bounds
/// (`timing_limits`) and the DOM held only a window of the text.
fn check_opening(name: &str, opening: &Opening) -> Result<(), String> {
    eprintln!(
        "{name}: first paint {:.0} ms after the click; longest task {:.0} ms during open and scroll ({} long tasks); \
         {} blocks, {} characters in the DOM",
        opening.paint_ms, opening.longest_task_ms, opening.long_tasks, opening.blocks_in_dom, opening.dom_chars
    );
    let (paint_limit, task_limit) = timing_limits();
    if opening.paint_ms > paint_limit {
        return Err(format!(
            "{name}: the text painted {:.0} ms after the click (limit {paint_limit})",
            opening.paint_ms
        ));
    }
    if opening.longest_task_ms > task_limit {
        return Err(format!(
            "{name}: a task ran {:.0} ms during open and scroll (limit {task_limit})",
            opening.longest_task_ms
        ));
    }
    if opening.blocks_in_dom == 0 || opening.blocks_in_dom > 400 || opening.dom_chars > 1_000_000 {
        return Err(format!(
            "{name}: the DOM holds {} blocks, {} characters: not a window of the text",
            opening.blocks_in_dom, opening.dom_chars
        ));
    }
    if opening.longest_element_chars > CHUNK_CHARS {
        return Err(format!("{name}: one element holds {} characters", opening.longest_element_chars));
    }
    Ok(())
}

/// Starts recording long tasks (over 50 ms) in `window.__longTasks`.
async fn watch_long_tasks(client: &Client) -> Result<(), String> {
    js(
        client,
        "window.__longTasks = []; if (window.__taskObserver) window.__taskObserver.disconnect(); \
         window.__taskObserver = new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }); \
         window.__taskObserver.observe({ type: 'longtask', buffered: false }); return true;",
    )
    .await
    .map(|_| ())
}

/// The longest task recorded since `watch_long_tasks` (0 when none was over 50 ms).
async fn longest_task(client: &Client) -> Result<f64, String> {
    let value = js(client, "return Math.max(0, ...(window.__longTasks || []));").await?;
    Ok(value.as_f64().unwrap_or(-1.0))
}

/// Searches the find box for `needle` and waits until the one match is shown in the text.
async fn find(client: &Client, needle: &str) -> Result<(), String> {
    type_into(client, "[data-testid=text-find]", needle).await?;
    let shown = eventually(20, "the find count", || async {
        text_of(client, "[data-testid=text-find-count]").await.filter(|text| text.contains("of"))
    })
    .await?;
    if shown != "1 of 1" {
        return Err(format!("finding {needle:?} counts {shown:?}, not 1 of 1"));
    }
    eventually(20, "the match in the text", || async {
        text_of(client, "[data-testid=capture-text] mark.found.current").await.filter(|text| text == needle)
    })
    .await
    .map(|_| ())
}

/// Cites what is selected and returns the new citation's id, once it stands: its quote is the
/// selected text, found at its place (`data-anchor=exact`), on an artifact whose hash matches.
async fn cite_and_check(client: &Client, selected: &str) -> Result<String, String> {
    let before = count(client, "[data-testid=citation]").await;
    click(client, "[data-testid=cite-button]").await?;
    eventually(20, "the citation", || async {
        Some(count(client, "[data-testid=citation]").await).filter(|n| *n > before)
    })
    .await?;
    let last = js(
        client,
        "const all = document.querySelectorAll('[data-testid=citation]'); const c = all[all.length - 1]; \
         return [c.dataset.citationId, c.dataset.anchor, c.dataset.hash, c.querySelector('[data-testid=citation-quote]').textContent]",
    )
    .await?;
    let field = |at: usize| last.get(at).and_then(|value| value.as_str()).unwrap_or("").to_string();
    if field(1) != "exact" || field(2) != "matches" || field(3) != selected {
        return Err(format!("the citation does not stand as selected ({selected:?}): {last}"));
    }
    Ok(field(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mb_capture_and_a_200000_block_capture_open_at_once_and_a_passage_near_the_end_is_cited() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let folder = download_folder("huge");
    let captures = folder.join("captures");
    std::fs::create_dir_all(&captures).expect("a captures folder");
    let huge = captures.join("huge-page.html");
    let many = captures.join("many-blocks.html");
    let huge_bytes = huge_page();
    std::fs::write(&huge, &huge_bytes).expect("write the huge page");
    std::fs::write(&many, many_blocks_page()).expect("write the many-blocks page");
    let huge_mb = huge_bytes.len() as f64 / 1e6;
    let downloads = folder.clone();
    Browser::open_with_downloads("huge-capture", Some(&downloads))
        .await
        .run(|client| async move {
            client
                .update_timeouts(TimeoutConfiguration::new(Some(std::time::Duration::from_secs(180)), None, None))
                .await
                .map_err(|error| error.to_string())?;
            open_demo(&client, &server.base).await?;
            let started = std::time::Instant::now();
            new_case_with_captures(&client, &format!("{LIST_START_URL}\n{HUGE_URL}\n{MANY_URL}\n"), "many-blocks.example", &[&huge, &many])
                .await?;
            eventually(300, "both captures listed", || async {
                js(
                    &client,
                    "const items = [...document.querySelectorAll('[data-testid=capture-item]')].map(i => i.textContent).join('|'); \
                     return items.includes('huge-page.example') && items.includes('many-blocks.example')",
                )
                .await
                .ok()
                .filter(|listed| listed.as_bool() == Some(true))
            })
            .await?;
            eprintln!("huge captures: {huge_mb:.1} MB and 200,000 blocks listed {:.1} s after the list was pasted", started.elapsed().as_secs_f64());
            click(&client, "[data-testid=view-review]").await?;
            eventually(20, "the queue", || async {
                text_of(&client, "[data-testid=queue]").await.filter(|text| text.contains("huge-page.example"))
            })
            .await?;

            // The 20 MB page.
            check_opening(&format!("huge capture ({huge_mb:.1} MB HTML)"), &open_and_scroll(&client, "huge-page.example").await?)?;
            let total = js(&client, "return Number(document.querySelector('[data-testid=capture-text]').dataset.blocks)").await?;
            if total.as_u64().unwrap_or(0) < 35_000 {
                return Err(format!("the huge page has {total} blocks, expected over 35,000"));
            }
            // A passage among the last paragraphs, reached with the find box (searching 20 MB).
            watch_long_tasks(&client).await?;
            find(&client, CLOSING).await?;
            let find_task = longest_task(&client).await?;
            eprintln!("huge capture: finding {CLOSING:?} in the whole text, longest task {find_task:.0} ms");
            let (_, task_limit) = timing_limits();
            if find_task > task_limit {
                return Err(format!("finding in the 20 MB text ran a task of {find_task:.0} ms (limit {task_limit})"));
            }
            select_capture_text(&client, CLOSING_PASSAGE).await?;
            // Scrolled away, the selected passage stays in the DOM, and the selection with it.
            js(&client, "document.querySelector('[data-testid=capture-text]').scrollTop = 0; return true;").await?;
            eventually(10, "the window to move to the top", || async {
                text_of(&client, "[data-testid=capture-text]").await.filter(|text| text.contains("Paragraph 0:"))
            })
            .await?;
            let closing = cite_and_check(&client, CLOSING_PASSAGE).await?;
            // A passage across two display chunks of the 1.4 MB paragraph.
            find(&client, LONG_START).await?;
            let across = client
                .execute_async(
                r#"const done = arguments[0]; (async () => {
                   const text = document.querySelector('[data-testid=capture-text]');
                   const pair = () => [...text.querySelectorAll('.block.cont')]
                     .find(b => b.previousElementSibling && b.previousElementSibling.matches('.block.more'));
                   for (let step = 0; step < 20 && !pair(); step++) {
                     text.scrollTop += 150;
                     await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
                   }
                   const next = pair();
                   if (!next) return done(null);
                   const texts = el => { const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT); const all = []; let n; while ((n = w.nextNode())) all.push(n); return all; };
                   const before = texts(next.previousElementSibling).pop(), after = texts(next)[0];
                   const range = document.createRange();
                   range.setStart(before, before.data.length - 30); range.setEnd(after, 30);
                   const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
                   done(String(selection)); })();"#,
                Vec::new(),
            )
            .await
            .map_err(|error| error.to_string())?
            .as_str()
            .map(str::to_owned)
            .ok_or("no two chunks of the long paragraph are rendered side by side")?;
            // The selection's text breaks the line between the two chunk elements; the quote is the
            // canonical text, which has no break there.
            cite_and_check(&client, &across.replace('\n', "")).await?;

            // Jump to the closing citation from the top of the text, where it is not rendered.
            js(&client, "document.querySelector('[data-testid=capture-text]').scrollTop = 0; return true;").await?;
            let mark = format!("[data-testid=capture-text] mark[data-citation={closing:?}]");
            eventually(10, "the closing mark to leave the DOM", || async { (count(&client, &mark).await == 0).then_some(()) }).await?;
            let jumps = client.find_all(css("[data-testid=citation-jump]")).await.map_err(|error| error.to_string())?;
            jumps.first().ok_or("no jump button")?.click().await.map_err(|error| error.to_string())?;
            eventually(10, "the jump to focus the cited passage in view", || async {
                js(
                    &client,
                    &format!(
                        "const a = document.activeElement, t = document.querySelector('[data-testid=capture-text]'); \
                         if (!a || a.dataset.citation !== {closing:?}) return false; \
                         const r = a.getBoundingClientRect(), v = t.getBoundingClientRect(); \
                         return r.bottom > v.top && r.top < v.bottom"
                    ),
                )
                .await
                .ok()
                .filter(|value| value.as_bool() == Some(true))
            })
            .await?;

            // The 200,000-block page: the end of its text with the keyboard.
            check_opening("200,000-block capture", &open_and_scroll(&client, "many-blocks.example").await?)?;
            js(&client, "document.querySelector('[data-testid=capture-text]').focus(); return true;").await?;
            press(&client, &[CONTROL, END]).await?;
            for _ in 0..3 {
                press(&client, &[CONTROL, SHIFT, LEFT]).await?;
            }
            let selected = selected_text(&client).await?;
            let last_line = "Line 199999 of the example catalogue.";
            if selected.split_whitespace().count() < 2 || !last_line.ends_with(&selected) {
                return Err(format!("Ctrl+End then Ctrl+Shift+Left selected {selected:?}, not the end of {last_line:?}"));
            }
            cite_and_check(&client, &selected).await?;

            // The verifier accepts every citation of the export against the two files.
            let review = export_review_file(&client, &downloads).await?;
            let path = downloads.join("huge-review.json");
            std::fs::write(&path, review.to_string()).map_err(|error| error.to_string())?;
            verify_export(&path, &captures, 3)?;
            Ok(())
        })
        .await;
}

/// The capture items listed under Captures, as text.
async fn listed_captures(client: &Client) -> Result<String, String> {
    click(client, "[data-testid=view-captures]").await?;
    let listed = js(
        client,
        "return [...document.querySelectorAll('[data-testid=capture-item]')].map(i => i.textContent).join('|')",
    )
    .await?;
    Ok(listed.as_str().unwrap_or_default().to_string())
}

/// Cancelling an import (issue 18): a 20 MB page is chosen for a new case and the import is
/// cancelled while its worker parses. Nothing of it is kept, in the tab or after a reload; the
/// app goes on working (a small page imported afterwards opens, with a fresh worker), and the
/// reload reopens the case with that small page only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_cancelled_while_parsing_keeps_nothing_and_the_app_goes_on() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let folder = download_folder("cancel-import");
    let huge = folder.join("huge-page.html");
    let small = folder.join("small-page.html");
    std::fs::write(&huge, huge_page()).expect("write the huge page");
    let small_url = "http://small-page.example/";
    std::fs::write(&small, page(small_url, "Small page", "<p>Opening hours of the example reading room.</p>"))
        .expect("write the small page");
    Browser::open_with_downloads("cancel-import", Some(&folder))
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            new_case_with_captures(&client, &format!("{HUGE_URL}\n{small_url}\n"), "small-page.example", &[&huge])
                .await?;
            eventually(60, "the import's cancel button", || async {
                Some(count(&client, "[data-testid=import-cancel]").await).filter(|n| *n > 0)
            })
            .await?;
            click(&client, "[data-testid=import-cancel]").await?;
            eventually(20, "the import to stop", || async {
                Some(count(&client, "[data-testid=loading]").await).filter(|n| *n == 0)
            })
            .await?;
            let banner = text_of(&client, "[data-testid=banner]").await.unwrap_or_default();
            if !banner.contains("Import cancelled") {
                return Err(format!("no word of the cancelled import, banner {banner:?}"));
            }
            let listed = listed_captures(&client).await?;
            if listed.contains("huge-page.example") {
                return Err(format!("the cancelled import's capture is listed: {listed:?}"));
            }

            // The app goes on: a small page imported now opens (a new worker builds it).
            choose_capture_files(&client, &small.display().to_string()).await?;
            eventually(60, "the small page listed", || async {
                listed_captures(&client).await.ok().filter(|listed| listed.contains("small-page.example"))
            })
            .await?;
            let listed = listed_captures(&client).await?;
            if listed.contains("huge-page.example") {
                return Err(format!("the cancelled import came back with the next one: {listed:?}"));
            }
            click(&client, "[data-testid=view-review]").await?;
            open_and_check_text(&client, "small-page.example", "Opening hours of the example reading room").await?;

            // A reload reopens the case as stored: the small page, not the cancelled one.
            client.refresh().await.map_err(|error| error.to_string())?;
            eventually(60, "the case to reopen", || async {
                text_of(&client, "[data-testid=queue]").await.filter(|text| text.contains("small-page.example"))
            })
            .await?;
            let listed = listed_captures(&client).await?;
            if !listed.contains("small-page.example") || listed.contains("huge-page.example") {
                return Err(format!("after the reload the captures are {listed:?}"));
            }
            Ok(())
        })
        .await;
}

/// Opens the allegation of `host` and waits for `text` in its capture's text.
async fn open_and_check_text(client: &Client, host: &str, text: &str) -> Result<(), String> {
    let script = format!(
        "const item = [...document.querySelectorAll('[data-testid=queue-item]')].find(i => i.textContent.includes({host:?})); \
         if (item) item.click(); return !!item;"
    );
    eventually(20, "the allegation in the queue", || async {
        js(client, &script).await.ok().filter(|clicked| clicked.as_bool() == Some(true))
    })
    .await?;
    eventually(30, "the capture's text", || async {
        text_of(client, "[data-testid=capture-text]").await.filter(|shown| shown.contains(text))
    })
    .await?;
    Ok(())
}
