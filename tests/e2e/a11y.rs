//! Accessibility (issue #17): an axe-core scan of every view and state, in the light theme and in
//! the dark theme that follows the system; the whole review loop with the keyboard alone; and a
//! right-to-left capture cited and exported.
//!
//! axe-core comes from npm (`scripts/setup.sh` installs it into `.tools/node_modules`); it is
//! injected with WebDriver `execute` (not subject to the app's CSP). A missing axe-core fails the
//! test: the test command installs it.

use fantoccini::key::Key;
use fantoccini::Client;

use super::harness::{self, count, eventually, js, require_dist, text_of, Browser, StaticServer};
use super::{
    choose_finding, choose_verdict, click, fill_profile, open_allegation_matching, open_demo, record_enabled,
    type_into, wait_saved, REVIEWER,
};

/// The WCAG levels the scan enforces.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core's source, or a message saying how to install it.
fn axe_source() -> Result<String, String> {
    let path = harness::crate_root().join(".tools").join("node_modules").join("axe-core").join("axe.min.js");
    std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "axe-core is missing ({}: {error}): run `bash scripts/setup.sh` (or `make test`), which installs it from npm",
            path.display()
        )
    })
}

/// Runs axe-core on the page as it is and returns its violations, one line per node.
async fn axe_violations(client: &Client, source: &str) -> Result<Vec<String>, String> {
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
