//! Accessibility (issue #17): an axe-core scan of every view and state, in the light theme and in
//! the dark theme that follows the system; the whole review loop with the keyboard alone; and a
//! right-to-left capture cited and exported.
//!
//! axe-core comes from npm (`scripts/setup.sh` installs it into `.tools/node_modules`); it is
//! injected with WebDriver `execute` (not subject to the app's CSP). A missing axe-core fails the
//! test: the test command installs it.

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Client;

use super::harness::{self, count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    choose_finding, choose_verdict, click, downloaded, drag_region, fill_profile, open_allegation_matching, open_demo,
    record_enabled, type_into, wait_saved, REVIEWER,
};

/// The WCAG levels the scan enforces.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core's source, or a message saying how to install it.
pub(super) fn axe_source() -> Result<String, String> {
    let path = harness::crate_root().join(".tools").join("node_modules").join("axe-core").join("axe.min.js");
    std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "axe-core is missing ({}: {error}): run `bash scripts/setup.sh` (or `make test`), which installs it from npm",
            path.display()
        )
    })
}

/// Runs axe-core on the page as it is and returns its violations, one line per node.
pub(super) async fn axe_violations(client: &Client, source: &str) -> Result<Vec<String>, String> {
    let loaded = js(client, "return typeof window.axe === 'object';").await?;
    if loaded.as_bool() != Some(true) {
        let injected = js(client, &format!("{source}\n;return typeof window.axe;")).await?;
        if injected.as_str() != Some("object") {
            return Err(format!("axe-core did not load into the page ({injected})"));
        }
    }
    let script = format!(
        "const done = arguments[0];
         window.axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'],
                                     iframes: false }})
           .then(results => done(results.violations.flatMap(v => v.nodes.map(n =>
               `${{v.id}} (${{v.impact}}): ${{v.help}} — ${{n.target.join(' ')}} — ${{(n.failureSummary || '').replace(/\\s+/g, ' ')}}`))))
           .catch(error => done(['axe failed: ' + error]));",
        tags = serde_json::to_string(&TAGS).unwrap_or_default()
    );
    let value = client.execute_async(&script, Vec::new()).await.map_err(|error| format!("axe.run: {error}"))?;
    Ok(value
        .as_array()
        .map(|lines| lines.iter().filter_map(|line| line.as_str().map(str::to_owned)).collect())
        .unwrap_or_default())
}

/// Scans the current state and keeps its violations under `state`.
async fn scan(
    client: &Client,
    source: &str,
    state: &str,
    found: &mut Vec<String>,
    scanned: &mut usize,
) -> Result<(), String> {
    // Let the last render and any transition settle.
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    let violations = axe_violations(client, source).await?;
    eprintln!("axe: {state}: {} violation(s)", violations.len());
    *scanned += 1;
    found.extend(violations.into_iter().map(|line| format!("[{state}] {line}")));
    Ok(())
}

/// A copy of `dist/` without the demo case: the app opens empty.
fn dist_without_demo(dist: &std::path::Path) -> Result<std::path::PathBuf, String> {
    let copy = std::env::temp_dir().join(format!("exhibit-empty-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).map_err(|error| error.to_string())?;
    for entry in std::fs::read_dir(dist).map_err(|error| error.to_string())?.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_file() {
            std::fs::copy(&path, copy.join(entry.file_name())).map_err(|error| error.to_string())?;
        }
    }
    Ok(copy)
}

async fn wait_screenshot(client: &Client) -> Result<(), String> {
    eventually(20, "the screenshot to load", || async {
        js(client, "const i = document.querySelector('[data-testid=screenshot]'); return i && i.complete && i.naturalWidth > 0")
            .await
            .ok()
            .filter(|value| value.as_bool() == Some(true))
    })
    .await
    .map(|_| ())
}

/// Every view and state of the issue, scanned in one theme. Returns how many states were scanned.
async fn scan_every_state(
    client: &Client,
    server: &StaticServer,
    empty: &StaticServer,
    source: &str,
    found: &mut Vec<String>,
) -> Result<usize, String> {
    let mut scanned = 0;
    // The empty app: first use asks the profile; no case.
    open_page(client, &empty.base).await?;
    eventually(30, "the first-use profile dialog", || async {
        (count(client, "[data-testid=profile-dialog]").await == 1).then_some(())
    })
    .await?;
    scan(client, source, "empty app, profile dialog", found, &mut scanned).await?;
    fill_profile(client, REVIEWER, &["eng"]).await?;
    eventually(30, "the empty workspace", || async { text_of(client, ".workspace .empty").await }).await?;
    scan(client, source, "empty app", found, &mut scanned).await?;

    // The demo queue and the workspace with a capture open (text and screenshot).
    open_demo(client, &server.base).await?;
    open_allegation_matching(client, "1 capture").await?;
    eventually(20, "capture text", || async { text_of(client, "[data-testid=capture-text] .block").await }).await?;
    wait_screenshot(client).await?;
    scan(client, source, "demo queue, capture open", found, &mut scanned).await?;

    // The sanitized page view.
    click(client, "[data-testid=page-view-toggle]").await?;
    eventually(20, "the page view", || async { (count(client, "[data-testid=page-view]").await == 1).then_some(()) })
        .await?;
    scan(client, source, "page view", found, &mut scanned).await?;
    click(client, "[data-testid=page-view-toggle]").await?;

    // A citation in progress: a passage cited without its finding, and a region being marked.
    let quote = super::longest_block_opening(client).await?;
    super::select_capture_text(client, &quote).await?;
    click(client, "[data-testid=cite-button]").await?;
    eventually(10, "the citation", || async {
        Some(count(client, "[data-testid=citation]").await).filter(|n| *n >= 1)
    })
    .await?;
    drag_region(client).await?;
    eventually(10, "the region form", || async {
        (count(client, "[data-testid=region-form]").await == 1).then_some(())
    })
    .await?;
    scan(client, source, "citation in progress", found, &mut scanned).await?;
    click(client, "[data-testid=region-cancel]").await?;

    // A refused verdict: the rationale rests on the page's language.
    choose_finding(client, 0, "recruitment").await?;
    type_into(client, "[data-testid=citation-note]", "The passage urges readers to travel and join an armed group.")
        .await?;
    click(client, "[data-testid=rationale]").await?;
    if count(client, "[data-testid=citation-translation]").await > 0 {
        type_into(client, "[data-testid=citation-translation]", "An appeal urging readers to join an armed group.")
            .await?;
        click(client, "[data-testid=rationale]").await?;
    }
    choose_verdict(client, "supported").await?;
    type_into(
        client,
        "[data-testid=rationale]",
        "Kurdish site, obviously sympathetic to the cause, clearly extremist and dangerous",
    )
    .await?;
    eventually(10, "the refusal", || async {
        text_of(client, "[data-testid=policy-messages]").await.filter(|text| text.contains("language-not-evidence"))
    })
    .await?;
    scan(client, source, "refused verdict", found, &mut scanned).await?;

    // A recorded verdict.
    type_into(client, "[data-testid=rationale]", "Quote 1 urges readers to travel and join an armed group.").await?;
    eventually(10, "the record button", || async { record_enabled(client).await.ok().filter(|enabled| *enabled) })
        .await?;
    click(client, "[data-testid=record-verdict]").await?;
    eventually(10, "the recorded verdict", || async { text_of(client, "[data-testid=verdict-current]").await }).await?;
    wait_saved(client).await?;
    scan(client, source, "recorded verdict", found, &mut scanned).await?;

    // The export menu, open, and after an export.
    click(client, "[data-testid=export-toggle]").await?;
    scan(client, source, "export menu", found, &mut scanned).await?;
    client
        .active_element()
        .await
        .map_err(|error| error.to_string())?
        .send_keys(&Key::Escape.to_string())
        .await
        .map_err(|error| error.to_string())?;

    // Help.
    click(client, "[data-testid=help-open]").await?;
    eventually(10, "the help", || async { (count(client, "[data-testid=help-overlay]").await == 1).then_some(()) })
        .await?;
    scan(client, source, "help", found, &mut scanned).await?;
    click(client, "[data-testid=help-close]").await?;

    // The diff of two captures.
    open_allegation_matching(client, "2 captures").await?;
    eventually(20, "the diff", || async { text_of(client, "[data-testid=diff-gone]").await }).await?;
    scan(client, source, "diff", found, &mut scanned).await?;

    // The capture list and the dashboard.
    click(client, "[data-testid=view-captures]").await?;
    eventually(10, "the capture list", || async {
        Some(count(client, "[data-testid=capture-item]").await).filter(|n| *n > 0)
    })
    .await?;
    scan(client, source, "capture list", found, &mut scanned).await?;
    click(client, "[data-testid=view-dashboard]").await?;
    eventually(20, "the dashboard", || async {
        (count(client, "[data-testid=dashboard] svg, [data-testid=dashboard] table").await > 0).then_some(())
    })
    .await?;
    scan(client, source, "dashboard", found, &mut scanned).await?;

    // Import with diagnostics.
    click(client, "[data-testid=view-import]").await?;
    type_into(
        client,
        "[data-testid=allegations-paste]",
        "1. hxxps://first-site[.]example/page\nfollow for more!!!\n2. second-site[dot]example\nhxxp://[.]\n",
    )
    .await?;
    click(client, "[data-testid=preview-allegations]").await?;
    eventually(20, "the import preview with diagnostics", || async {
        (count(client, "[data-testid=preview-diagnostics] li").await > 0).then_some(())
    })
    .await?;
    scan(client, source, "import with diagnostics", found, &mut scanned).await?;

    // The storage banner: both stores refuse every write.
    click(client, "[data-testid=view-review]").await?;
    js(
        client,
        "const quota = () => { throw new DOMException('quota exceeded (test)', 'QuotaExceededError'); }; \
         IDBObjectStore.prototype.put = quota; Storage.prototype.setItem = quota; return true;",
    )
    .await?;
    open_allegation_matching(client, "no capture").await?;
    super::record_unreviewable(client, "no capture of the site").await?;
    eventually(20, "the storage banner", || async { text_of(client, "[data-testid=storage-banner]").await }).await?;
    scan(client, source, "storage banner", found, &mut scanned).await?;
    Ok(scanned)
}

async fn open_page(client: &Client, base: &str) -> Result<(), String> {
    client.goto(&format!("{base}/index.html")).await.map_err(|error| error.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_violation_in_any_view_or_state() {
    let source = axe_source().unwrap_or_else(|message| panic!("{message}"));
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let empty_dist = dist_without_demo(&dist).unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist.clone());
    let empty = StaticServer::start(empty_dist.clone());
    let dark_server = StaticServer::start(dist);
    let dark_empty = StaticServer::start(empty_dist);
    let started = std::time::Instant::now();
    let light_source = source.clone();
    Browser::open("axe-light")
        .await
        .run(|client| async move {
            let mut found = Vec::new();
            let scanned = scan_every_state(&client, &server, &empty, &light_source, &mut found).await?;
            if !found.is_empty() {
                return Err(format!(
                    "axe-core found {} violation(s) in the light theme:\n{}",
                    found.len(),
                    found.join("\n")
                ));
            }
            eprintln!("axe: light theme, {scanned} states, 0 violations");
            Ok(())
        })
        .await;
    Browser::open_with("axe-dark", None, &["--force-dark-mode"])
        .await
        .run(|client| async move {
            let dark = js(&client, "return matchMedia('(prefers-color-scheme: dark)').matches").await?;
            if dark.as_bool() != Some(true) {
                return Err("the dark browser does not prefer a dark colour scheme".to_string());
            }
            let mut found = Vec::new();
            let scanned = scan_every_state(&client, &dark_server, &dark_empty, &source, &mut found).await?;
            let background = js(&client, "return getComputedStyle(document.body).backgroundColor").await?;
            if background.as_str() == Some("rgb(255, 255, 255)") {
                return Err("the dark theme keeps a white page".to_string());
            }
            if !found.is_empty() {
                return Err(format!(
                    "axe-core found {} violation(s) in the dark theme:\n{}",
                    found.len(),
                    found.join("\n")
                ));
            }
            eprintln!("axe: dark theme, {scanned} states, 0 violations");
            Ok(())
        })
        .await;
    eprintln!("axe scans took {:.1}s", started.elapsed().as_secs_f64());
}

/// Presses a chord with WebDriver key actions (modifiers first, released in reverse): what a
/// keyboard does, sent to whatever has focus. No pointer action is ever sent.
pub(super) async fn press(client: &Client, chord: &[char]) -> Result<(), String> {
    let mut actions = KeyActions::new("keyboard".to_string());
    for key in chord {
        actions = actions.then(KeyAction::Down { value: *key });
    }
    for key in chord.iter().rev() {
        actions = actions.then(KeyAction::Up { value: *key });
    }
    client.perform_actions(actions).await.map_err(|error| format!("key actions: {error}"))
}

/// Types text with key actions, character by character, into whatever has focus.
async fn type_keys(client: &Client, text: &str) -> Result<(), String> {
    let mut actions = KeyActions::new("keyboard".to_string());
    for character in text.chars() {
        actions = actions.then(KeyAction::Down { value: character }).then(KeyAction::Up { value: character });
    }
    client.perform_actions(actions).await.map_err(|error| format!("typing {text:?}: {error}"))
}

const TAB: char = '\u{e004}';
const ENTER: char = '\u{e007}';
pub(super) const SHIFT: char = '\u{e008}';
pub(super) const CONTROL: char = '\u{e009}';
const ESCAPE: char = '\u{e00c}';
const SPACE: char = '\u{e00d}';
const HOME: char = '\u{e011}';
pub(super) const LEFT: char = '\u{e012}';
const RIGHT: char = '\u{e014}';
const DOWN: char = '\u{e015}';

/// Where focus is and whether it can be seen: a visible outline or box shadow, inside the
/// viewport, and not covered (the element at the centre of its visible part is it or inside it).
const FOCUS_CHECK: &str = r#"
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { ok: false, what: 'nothing focused' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const r = el.getBoundingClientRect();
    const left = Math.max(r.left, 0), top = Math.max(r.top, 0);
    const right = Math.min(r.right, innerWidth), bottom = Math.min(r.bottom, innerHeight);
    const visible = right - left >= 1 && bottom - top >= 1;
    let cover = null, uncovered = false;
    if (visible) {
      cover = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      uncovered = !!cover && (cover === el || el.contains(cover));
    }
    const what = (el.dataset && el.dataset.testid) || el.getAttribute('aria-label') || el.className || el.tagName;
    const coverName = cover ? ((cover.dataset && cover.dataset.testid) || cover.className || cover.tagName) : null;
    return { ok: (outline || shadow) && visible && uncovered, what, testid: (el.dataset && el.dataset.testid) || null,
             outline: style.outlineStyle + ' ' + style.outlineWidth, shadow: style.boxShadow, visible, uncovered,
             cover: coverName, small: r.width < 24 || r.height < 24 };
"#;

/// Checks that the focused element is visible, outlined and uncovered; returns its test id.
async fn check_focus(client: &Client, step: &str) -> Result<Option<String>, String> {
    // A render may follow the key press: look again for up to a second before failing.
    let mut focus = js(client, FOCUS_CHECK).await?;
    for _ in 0..10 {
        if focus["ok"].as_bool() == Some(true) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        focus = js(client, FOCUS_CHECK).await?;
    }
    if focus["ok"].as_bool() != Some(true) {
        return Err(format!("{step}: focus is not visible: {focus}"));
    }
    Ok(focus["testid"].as_str().or(focus["what"].as_str()).map(str::to_owned))
}

/// Presses Tab (or Shift+Tab) until the focused element matches `selector`, checking at every
/// step that focus is visible and uncovered. Returns the number of presses.
async fn tab_to(client: &Client, selector: &str, backwards: bool, limit: usize) -> Result<usize, String> {
    let matches = format!("return !!document.activeElement && document.activeElement.matches({selector:?});");
    let mut path = Vec::new();
    for presses in 1..=limit {
        if backwards {
            press(client, &[SHIFT, TAB]).await?;
        } else {
            press(client, &[TAB]).await?;
        }
        let reached = check_focus(client, &format!("Tab {presses} towards {selector}")).await?;
        path.push(reached.unwrap_or_else(|| "?".to_string()));
        if js(client, &matches).await?.as_bool() == Some(true) {
            return Ok(presses);
        }
    }
    Err(format!("{selector} was not reached in {limit} Tab presses (focus went {})", path.join(" → ")))
}

async fn focused_matches(client: &Client, selector: &str) -> Result<bool, String> {
    Ok(js(client, &format!("return !!document.activeElement && document.activeElement.matches({selector:?});"))
        .await?
        .as_bool()
        == Some(true))
}

/// Whether focus is on `selector` now or within 10 s (focus moves in effects after a render,
/// which a loaded machine delays).
async fn focus_settles_on(client: &Client, selector: &str) -> bool {
    eventually(10, "focus to settle", || async {
        focused_matches(client, selector).await.ok().filter(|matches| *matches).map(|_| ())
    })
    .await
    .is_ok()
}

/// The text currently selected in the page.
pub(super) async fn selected_text(client: &Client) -> Result<String, String> {
    Ok(js(client, "return String(window.getSelection())").await?.as_str().unwrap_or("").to_string())
}

/// Fills the first-use profile dialog with the keyboard only.
async fn keyboard_profile(client: &Client, name: &str) -> Result<(), String> {
    eventually(20, "the profile dialog on first use", || async {
        (count(client, "[data-testid=profile-dialog]").await == 1).then_some(())
    })
    .await?;
    if !focus_settles_on(client, "[data-testid=profile-name]").await {
        return Err("the profile dialog does not start in the name field".to_string());
    }
    check_focus(client, "profile name").await?;
    type_keys(client, name).await?;
    // English is the language offered first: add it, then save.
    tab_to(client, "[data-testid=profile-language-add]", false, 5).await?;
    press(client, &[ENTER]).await?;
    eventually(10, "English in the profile", || async {
        text_of(client, "[data-testid=profile-languages]").await.filter(|text| text.contains("(eng)"))
    })
    .await?;
    tab_to(client, "[data-testid=profile-save]", false, 10).await?;
    press(client, &[ENTER]).await?;
    eventually(10, "the profile dialog to close", || async {
        (count(client, "[data-testid=profile-dialog]").await == 0).then_some(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_review_loop_completes_with_the_keyboard_alone_and_focus_always_visible() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = super::download_folder("keyboard");
    let folder = downloads.clone();
    Browser::open_with_downloads("keyboard-only", Some(&downloads))
        .await
        .run(|client| async move {
            super::open_demo_without_profile(&client, &server.base).await?;
            // Every pointer event the browser sees from here on is counted: there must be none.
            js(
                &client,
                "window.__pointerEvents = 0; for (const type of ['pointerdown', 'mousedown', 'touchstart', 'wheel']) \
                 document.addEventListener(type, event => { if (event.isTrusted) window.__pointerEvents++; }, true); return true;",
            )
            .await?;
            keyboard_profile(&client, "Keyboard Reviewer").await?;

            // Pick an allegation: the filter shortcut, a few letters, then the queue's arrows.
            // Under load the first key can arrive while the closing dialog still hands focus back:
            // the shortcut gets three presses, each given time to settle.
            let mut focused = false;
            for _ in 0..3 {
                press(&client, &['/']).await?;
                if focus_settles_on(&client, "[data-testid=queue-filter]").await {
                    focused = true;
                    break;
                }
            }
            if !focused {
                return Err("the / shortcut does not focus the filter".to_string());
            }
            check_focus(&client, "filter").await?;
            // (chromedriver's synthesized key may still type the slash: start the filter afresh)
            press(&client, &[CONTROL, 'a']).await?;
            type_keys(&client, "cuisine").await?;
            tab_to(&client, "[data-testid=queue]", false, 5).await?;
            press(&client, &[HOME]).await?;
            eventually(10, "the allegation to open", || async {
                text_of(&client, "[data-testid=capture-meta]").await.filter(|text| text.contains("cuisine"))
            })
            .await?;
            let active = js(&client, "const q = document.querySelector('[data-testid=queue]'); const id = q.getAttribute('aria-activedescendant'); return !!id && !!document.getElementById(id) && document.getElementById(id).getAttribute('aria-selected') === 'true';").await?;
            if active.as_bool() != Some(true) {
                return Err("the queue does not point at its selected row (aria-activedescendant)".to_string());
            }

            // The page view: focus goes into the sandboxed frame and out again (no trap).
            tab_to(&client, "[data-testid=page-view-toggle]", false, 40).await?;
            press(&client, &[SPACE]).await?;
            // Tab can enter the frame once its document has loaded (slow on a loaded machine).
            eventually(20, "the page view", || async {
                (count(&client, "[data-testid=page-view][data-loaded=true]").await == 1).then_some(())
            })
            .await?;
            tab_to(&client, "[data-testid=page-view]", false, 3).await?;
            let out = tab_to(&client, "[data-testid=capture-text]", false, 40).await?;
            eprintln!("keyboard: into the page view frame, and out of it to the text in {out} Tab presses");

            // Read and cite a passage: a caret, then Ctrl+Shift+Right four times selects four words.
            press(&client, &[DOWN]).await?;
            for _ in 0..4 {
                press(&client, &[CONTROL, SHIFT, RIGHT]).await?;
            }
            let passage = selected_text(&client).await?;
            if passage.split_whitespace().count() < 3 {
                return Err(format!("keyboard selection selected {passage:?}"));
            }
            check_focus(&client, "capture text with a selection").await?;
            press(&client, &['c']).await?;
            eventually(10, "the passage citation", || async {
                Some(count(&client, "[data-testid=citation]").await).filter(|n| *n == 1)
            })
            .await?;
            let message = text_of(&client, "[data-testid=cite-message]").await.unwrap_or_default();
            if !message.contains("cited") {
                return Err(format!("the citation is not announced: {message:?}"));
            }

            // Cite a screenshot region: Enter on the screenshot, arrows move, Shift+arrows resize.
            tab_to(&client, "[data-testid=screenshot-frame]", false, 10).await?;
            press(&client, &[ENTER]).await?;
            let start = eventually(10, "the keyboard region", || async { text_of(&client, "[data-testid=region-position]").await }).await?;
            for _ in 0..3 {
                press(&client, &[RIGHT]).await?;
            }
            press(&client, &[SHIFT, DOWN]).await?;
            press(&client, &[SHIFT, LEFT]).await?;
            let moved = text_of(&client, "[data-testid=region-position]").await.unwrap_or_default();
            let rect = |text: &str| -> Vec<i64> {
                text.split("pixel:").nth(1).unwrap_or("").split(|c: char| !c.is_ascii_digit()).filter(|part| !part.is_empty())
                    .take(4).filter_map(|part| part.parse().ok()).collect()
            };
            let (before, after) = (rect(&start), rect(&moved));
            if before.len() != 4 || after != vec![before[0] + 30, before[1], before[2] - 10, before[3] + 10] {
                return Err(format!("the arrows did not move and resize the region: {start:?} -> {moved:?}"));
            }
            check_focus(&client, "screenshot with a region").await?;
            press(&client, &[ENTER]).await?;
            if !focus_settles_on(&client, "[data-testid=region-transcription]").await {
                return Err("Enter on the region does not go to its form".to_string());
            }
            check_focus(&client, "region transcription").await?;
            // Typed coordinates are the other way: the height, typed, then back to the transcription.
            tab_to(&client, "[data-testid=region-h]", true, 4).await?;
            press(&client, &[CONTROL, 'a']).await?;
            type_keys(&client, "120").await?;
            press(&client, &[TAB]).await?;
            let typed = eventually(10, "the typed height", || async {
                text_of(&client, "[data-testid=region-position]").await.filter(|text| rect(text).get(3) == Some(&120))
            })
            .await?;
            if rect(&typed)[..3] != after[..3] {
                return Err(format!("typing the height moved the region: {moved:?} -> {typed:?}"));
            }
            if !focus_settles_on(&client, "[data-testid=region-transcription]").await {
                return Err("Tab from the height does not reach the transcription".to_string());
            }
            let heading = text_of(&client, "[data-testid=capture-text] .block").await.unwrap_or_default();
            type_keys(&client, &heading).await?;
            tab_to(&client, "[data-testid=region-note]", false, 3).await?;
            type_keys(&client, "The banner names the site and its recipe.").await?;
            tab_to(&client, "[data-testid=cite-region]", false, 3).await?;
            press(&client, &[ENTER]).await?;
            eventually(10, "the region citation", || async {
                text_of(&client, "[data-testid=citation-list]").await.filter(|text| text.contains("xywh=pixel:"))
            })
            .await?;

            // Each citation: a finding (typed ahead in the select), a note, a translation when asked.
            let citations = count(&client, "[data-testid=citation]").await;
            for index in 1..=citations {
                let item = format!("[data-testid=citation]:nth-child({index})");
                tab_to(&client, &format!("{item} [data-testid=citation-finding]"), false, 60).await?;
                type_keys(&client, "unr").await?;
                let finding = js(&client, &format!("return document.querySelector('{item} [data-testid=citation-finding]').value")).await?;
                if finding.as_str() != Some("unrelated") {
                    return Err(format!("typing in the finding select chose {finding}"));
                }
                tab_to(&client, &format!("{item} [data-testid=citation-note]"), false, 3).await?;
                press(&client, &[CONTROL, 'a']).await?;
                type_keys(&client, "A recipe for a vegetable couscous; nothing about the allegation.").await?;
                if count(&client, &format!("{item} [data-testid=citation-translation]")).await > 0 {
                    tab_to(&client, &format!("{item} [data-testid=citation-translation]"), false, 3).await?;
                    type_keys(&client, "Couscous with seven vegetables, a family recipe.").await?;
                }
            }
            // The verdict: typed ahead in its select, a rationale, then Record.
            tab_to(&client, "[data-testid=verdict-select]", false, 20).await?;
            type_keys(&client, "not").await?;
            tab_to(&client, "[data-testid=rationale]", false, 3).await?;
            type_keys(&client, "Quote 1 and the cited banner show a cooking page; nothing in the capture matches the allegation.").await?;
            eventually(10, "the record button to enable", || async { record_enabled(&client).await.ok().filter(|enabled| *enabled) }).await?;
            tab_to(&client, "[data-testid=record-verdict]", false, 6).await?;
            press(&client, &[ENTER]).await?;
            let recorded = eventually(10, "the recorded verdict", || async { text_of(&client, "[data-testid=verdict-current]").await }).await?;
            if !recorded.contains("Not supported") {
                return Err(format!("the form shows {recorded:?}"));
            }
            let live = js(&client, "return !!document.querySelector('[data-testid=verdict-current]').closest('[role=status]')").await?;
            if live.as_bool() != Some(true) {
                return Err("the recorded verdict is not in a live region".to_string());
            }
            wait_saved(&client).await?;
            let saved_live = js(&client, "return !!document.querySelector('[data-testid=save-status]').closest('[role=status]')").await?;
            if saved_live.as_bool() != Some(true) {
                return Err("the save status is not in a live region".to_string());
            }

            // Export: back to the menu with Shift+Tab, Enter opens it on its first item, Enter exports.
            let back = tab_to(&client, "[data-testid=export-toggle]", true, 150).await?;
            press(&client, &[ENTER]).await?;
            if !focus_settles_on(&client, "[data-testid=export-review]").await {
                return Err("opening the export menu does not focus its first item".to_string());
            }
            check_focus(&client, "export menu").await?;
            press(&client, &[ENTER]).await?;
            let path = eventually(30, "the review file download", || async { downloaded(&folder, "-review.json") }).await?;
            let review: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).map_err(|error| error.to_string())?)
                .map_err(|error| error.to_string())?;
            let events = review["events"].as_array().cloned().unwrap_or_default();
            let verdict = events.iter().find(|event| event["kind"] == "verdict_recorded").ok_or("no verdict in the export")?;
            let record = &verdict["payload"]["record"];
            if record["verdict"] != "not_supported" || record["citation_ids"].as_array().map_or(0, Vec::len) != citations {
                return Err(format!("the exported verdict is not the one recorded: {record}"));
            }
            let exported = events.iter().filter(|event| event["kind"] == "citation_added").map(|event| event["payload"]["citation"].to_string()).collect::<Vec<_>>().join("\n");
            if !exported.contains("xywh=pixel:") && !exported.contains("\"rect\"") {
                return Err(format!("no region citation in the export: {exported}"));
            }
            if !exported.contains(&serde_json::to_string(passage.trim()).unwrap_or_default()) {
                return Err(format!("the exported quote is not the selected passage {passage:?}: {exported}"));
            }
            let pointer = js(&client, "return window.__pointerEvents").await?;
            if pointer.as_u64() != Some(0) {
                return Err(format!("{pointer} pointer events reached the page during the keyboard-only loop"));
            }
            eprintln!("keyboard: the whole loop without a pointer, {citations} citations, {back} Shift+Tab presses back to Export");
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_key_shortcuts_can_be_turned_off_and_remapped_with_the_keyboard() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    Browser::open("shortcuts")
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            let selected = || async {
                js(
                    &client,
                    "const s = document.querySelector('[aria-selected=true]'); return s && s.dataset.allegationId",
                )
                .await
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default()
            };
            let first = selected().await;
            press(&client, &['j']).await?;
            let second =
                eventually(10, "j to move", || async { Some(selected().await).filter(|now| *now != first) }).await?;
            // Off: from the help (?), its checkbox, Escape.
            press(&client, &['?']).await?;
            eventually(10, "the help", || async {
                (count(&client, "[data-testid=help-overlay]").await == 1).then_some(())
            })
            .await?;
            if !focus_settles_on(&client, "[data-testid=help-close]").await {
                return Err("the help does not take focus".to_string());
            }
            tab_to(&client, "[data-testid=shortcuts-enabled]", false, 20).await?;
            press(&client, &[SPACE]).await?;
            let state = eventually(10, "shortcuts off", || async {
                text_of(&client, "[data-testid=shortcuts-state]").await.filter(|text| text.contains("off"))
            })
            .await?;
            press(&client, &[ESCAPE]).await?;
            eventually(10, "the help to close", || async {
                (count(&client, "[data-testid=help-overlay]").await == 0).then_some(())
            })
            .await?;
            if !focus_settles_on(&client, "[data-testid=help-open]").await {
                return Err("closing the help does not return focus to its button".to_string());
            }
            press(&client, &['j']).await?;
            press(&client, &['?']).await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            if selected().await != second || count(&client, "[data-testid=help-overlay]").await != 0 {
                return Err(format!("shortcuts still act after being turned off ({state})"));
            }
            let keys =
                js(&client, "return document.querySelector('[data-testid=queue]').getAttribute('aria-keyshortcuts')")
                    .await?;
            if keys.as_str().is_some_and(|keys| !keys.is_empty()) {
                return Err(format!("the queue still announces shortcuts when they are off: {keys}"));
            }
            // On again, and "next allegation" remapped to n.
            press(&client, &[ENTER]).await?;
            eventually(10, "the help from its button", || async {
                (count(&client, "[data-testid=help-overlay]").await == 1).then_some(())
            })
            .await?;
            tab_to(&client, "[data-testid=shortcuts-enabled]", false, 20).await?;
            press(&client, &[SPACE]).await?;
            tab_to(&client, "[data-testid=shortcut-next]", false, 5).await?;
            press(&client, &[CONTROL, 'a']).await?;
            type_keys(&client, "n").await?;
            press(&client, &[TAB]).await?;
            press(&client, &[ESCAPE]).await?;
            eventually(10, "the help to close", || async {
                (count(&client, "[data-testid=help-overlay]").await == 0).then_some(())
            })
            .await?;
            press(&client, &['n']).await?;
            let third =
                eventually(10, "n to move", || async { Some(selected().await).filter(|now| *now != second) }).await?;
            press(&client, &['j']).await?;
            tokio::time::sleep(std::time::Duration::from_millis(300)).await;
            if selected().await != third {
                return Err("j still moves after next was remapped to n".to_string());
            }
            let keys =
                js(&client, "return document.querySelector('[data-testid=queue]').getAttribute('aria-keyshortcuts')")
                    .await?;
            if keys.as_str() != Some("n k") {
                return Err(format!("the queue announces {keys}, not the remapped keys"));
            }
            // The settings are kept in this browser.
            client.refresh().await.map_err(|error| error.to_string())?;
            open_demo(&client, &server.base).await?;
            let keys =
                js(&client, "return document.querySelector('[data-testid=queue]').getAttribute('aria-keyshortcuts')")
                    .await?;
            if keys.as_str() != Some("n k") {
                return Err(format!("after a reload the queue announces {keys}"));
            }
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persian_passage_selected_with_the_keyboard_is_cited_and_exported_as_selected() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = super::download_folder("rtl");
    let folder = downloads.clone();
    Browser::open_with_downloads("rtl-persian", Some(&downloads))
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            open_allegation_matching(&client, "ashpazi-maman").await?;
            eventually(20, "capture text", || async { text_of(&client, "[data-testid=capture-text] .block").await }).await?;
            // Every block of the capture text is laid out right to left (dir=auto on Persian).
            let directions = js(
                &client,
                "return [...document.querySelectorAll('[data-testid=capture-text] .block')].filter(b => /[\\u0600-\\u06FF]/.test(b.textContent)).map(b => getComputedStyle(b).direction)",
            )
            .await?;
            let directions: Vec<&str> = directions.as_array().map(|all| all.iter().filter_map(|d| d.as_str()).collect()).unwrap_or_default();
            if directions.is_empty() || directions.iter().any(|direction| *direction != "rtl") {
                return Err(format!("Persian blocks are not laid out right to left: {directions:?}"));
            }
            // The caret at the start of the second paragraph, then three words to the left (forward
            // in right-to-left text), with the keyboard.
            let paragraph = js(
                &client,
                "return [...document.querySelectorAll('[data-testid=capture-text] .block')].findIndex(b => b.tagName === 'P' && b.textContent.length > 60)",
            )
            .await?
            .as_i64()
            .filter(|index| *index >= 0)
            .ok_or("the capture has no paragraph")?;
            js(&client, "document.querySelector('[data-testid=capture-text]').focus(); return true;").await?;
            press(&client, &[DOWN]).await?;
            for _ in 0..paragraph {
                press(&client, &[CONTROL, DOWN]).await?;
            }
            for _ in 0..3 {
                press(&client, &[CONTROL, SHIFT, LEFT]).await?;
            }
            let selected = selected_text(&client).await?;
            let persian = selected.chars().filter(|c| ('\u{0600}'..='\u{06FF}').contains(c)).count();
            if selected.split_whitespace().count() < 2 || persian < 5 {
                return Err(format!("the keyboard did not select Persian words: {selected:?}"));
            }
            press(&client, &['c']).await?;
            eventually(10, "the citation", || async { Some(count(&client, "[data-testid=citation]").await).filter(|n| *n == 1) }).await?;
            // The quote is shown right to left and isolated; notes and translations follow their text.
            let quote = js(
                &client,
                "const q = document.querySelector('[data-testid=citation] blockquote'); \
                 return [getComputedStyle(q).direction, getComputedStyle(q).unicodeBidi]",
            )
            .await?;
            if quote != serde_json::json!(["rtl", "isolate"]) {
                return Err(format!("the cited quote is not shown right to left in isolation: {quote}"));
            }
            type_into(&client, "[data-testid=citation-note]", "שלום: a Hebrew greeting, then English").await?;
            let note = js(&client, "return document.querySelector('[data-testid=citation-note]').matches(':dir(rtl)')").await?;
            if note.as_bool() != Some(true) {
                return Err("a note that starts in Hebrew is not right to left".to_string());
            }
            type_into(&client, "[data-testid=citation-note]", "Stew recipe: خورش قورمه‌سبزی").await?;
            let note = js(&client, "return document.querySelector('[data-testid=citation-note]').matches(':dir(ltr)')").await?;
            if note.as_bool() != Some(true) {
                return Err("a note that starts in English is not left to right".to_string());
            }
            // The export carries exactly the selected text.
            let review = super::export_review_file(&client, &folder).await?;
            let cited = review["events"]
                .as_array()
                .and_then(|events| events.iter().find(|event| event["kind"] == "citation_added"))
                .map(|event| event["payload"]["citation"]["selector"]["quote"]["exact"].clone())
                .ok_or_else(|| format!("no citation in the export: {review}"))?;
            if cited.as_str() != Some(selected.as_str()) {
                return Err(format!("the exported quote {cited} is not the selected text {selected:?}"));
            }
            eprintln!("rtl: selected and exported {selected:?}");
            Ok(())
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hebrew_capture_with_mixed_text_shows_each_direction_and_a_mixed_passage_is_cited_as_selected() {
    let dist = require_dist().unwrap_or_else(|message| panic!("{message}"));
    let server = StaticServer::start(dist);
    let downloads = super::download_folder("hebrew");
    let folder = downloads.clone();
    let fixture = harness::crate_root().join("tests").join("fixtures").join("rtl").join("kehila-board.html");
    Browser::open_with_downloads("rtl-hebrew", Some(&downloads))
        .await
        .run(|client| async move {
            open_demo(&client, &server.base).await?;
            // A one-line list, then the Hebrew capture (a loose page; its canonical link gives its URL).
            click(&client, "[data-testid=view-import]").await?;
            type_into(&client, "[data-testid=allegations-paste]", "hxxps://kehila-board[.]example/ a community notice board").await?;
            click(&client, "[data-testid=preview-allegations]").await?;
            eventually(20, "the preview", || async { (count(&client, "[data-testid=accept-allegations]").await == 1).then_some(()) }).await?;
            click(&client, "[data-testid=accept-allegations]").await?;
            eventually(60, "the new case", || async {
                text_of(&client, "[data-testid=queue]").await.filter(|text| text.contains("kehila-board") && !text.contains("nashra"))
            })
            .await?;
            click(&client, "[data-testid=view-import]").await?;
            client
                .find(harness::css("[data-testid=captures-file]"))
                .await
                .map_err(|error| error.to_string())?
                .send_keys(&fixture.display().to_string())
                .await
                .map_err(|error| error.to_string())?;
            eventually(60, "the Hebrew capture", || async {
                js(&client, "return [...document.querySelectorAll('[data-testid=capture-item]')].some(i => i.textContent.includes('kehila-board'))")
                    .await
                    .ok()
                    .filter(|found| found.as_bool() == Some(true))
            })
            .await?;
            click(&client, "[data-testid=view-review]").await?;
            open_allegation_matching(&client, "kehila-board").await?;
            eventually(20, "the Hebrew text", || async {
                text_of(&client, "[data-testid=capture-text]").await.filter(|text| text.contains("falafel"))
            })
            .await?;
            // Each block takes the direction of its own first strong character, isolated.
            let directions = js(
                &client,
                "return Object.fromEntries([...document.querySelectorAll('[data-testid=capture-text] .block')].map(b => \
                 [b.textContent.slice(0, 12), getComputedStyle(b).direction]))",
            )
            .await?;
            let expected = [("לוח הקהילה", "rtl"), ("השוק השבועי", "rtl"), ("The weekly m", "ltr"), ("בחוג הבישול ", "rtl")];
            for (opening, direction) in expected {
                let shown = directions
                    .as_object()
                    .and_then(|blocks| blocks.iter().find(|(text, _)| text.starts_with(opening)).map(|(_, value)| value.clone()));
                if shown.as_ref().and_then(|value| value.as_str()) != Some(direction) {
                    return Err(format!("the block starting {opening:?} is laid out {shown:?}, not {direction}: {directions}"));
                }
            }
            // A passage that mixes Hebrew and Latin, selected, then cited with the keyboard shortcut.
            super::select_capture_text(&client, "להכין חומוס ו־falafel ביתי").await?;
            let selected = selected_text(&client).await?;
            js(&client, "document.querySelector('[data-testid=capture-text]').focus({ preventScroll: true }); return true;").await?;
            press(&client, &['c']).await?;
            eventually(10, "the citation", || async { Some(count(&client, "[data-testid=citation]").await).filter(|n| *n == 1) }).await?;
            let quote = js(
                &client,
                "const q = document.querySelector('[data-testid=citation-quote]'); return [q.textContent, getComputedStyle(q).direction]",
            )
            .await?;
            if quote != serde_json::json!([selected, "rtl"]) {
                return Err(format!("the cited quote shows {quote}, selected {selected:?}"));
            }
            type_into(&client, "[data-testid=citation-translation]", "learn to make hummus and home-made falafel").await?;
            let review = super::export_review_file(&client, &folder).await?;
            let cited = review["events"]
                .as_array()
                .and_then(|events| events.iter().find(|event| event["kind"] == "citation_added"))
                .map(|event| event["payload"]["citation"]["selector"]["quote"]["exact"].clone())
                .ok_or_else(|| format!("no citation in the export: {review}"))?;
            if cited.as_str() != Some(selected.as_str()) {
                return Err(format!("the exported quote {cited} is not the selected text {selected:?}"));
            }
            eprintln!("rtl: Hebrew and Latin passage selected and exported {selected:?}");
            Ok(())
        })
        .await;
}
