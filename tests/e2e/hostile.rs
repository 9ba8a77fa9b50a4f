//! The hostile corpus (tests/hostile/, made by scripts/make-hostile-corpus.py) loaded into the app
//! and opened in both views, while a loopback canary server counts every request it receives.

use std::sync::atomic::Ordering;

use fantoccini::Client;

use crate::harness::{count, css, eventually, js, StaticServer};

pub struct Findings {
    pub captures_opened: usize,
    pub canary_hits: usize,
    pub script_runs: u64,
    pub csp_violations: u64,
}

/// Writes the corpus with the canary's origin filled in; returns the file paths.
pub fn prepare_corpus(canary_origin: &str) -> Result<Vec<std::path::PathBuf>, String> {
    let source = crate::harness::crate_root().join("tests").join("hostile");
    let target = std::env::temp_dir().join(format!("exhibit-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&target);
    std::fs::create_dir_all(&target).map_err(|error| error.to_string())?;
    let mut paths = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&source)
        .map_err(|error| format!("{}: {error}", source.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .collect();
    entries.sort();
    for path in entries {
        let bytes = std::fs::read(&path).map_err(|error| error.to_string())?;
        let replaced = replace_bytes(&bytes, b"CANARY_ORIGIN", canary_origin.as_bytes());
        let destination = target.join(path.file_name().unwrap_or_default());
        std::fs::write(&destination, replaced).map_err(|error| error.to_string())?;
        paths.push(destination);
    }
    Ok(paths)
}

fn replace_bytes(haystack: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut index = 0;
    while index < haystack.len() {
        if haystack[index..].starts_with(needle) {
            out.extend_from_slice(with);
            index += needle.len();
        } else {
            out.push(haystack[index]);
            index += 1;
        }
    }
    out
}

pub async fn load_and_open_everything(
    client: &Client,
    canary: &StaticServer,
    files: &[std::path::PathBuf],
) -> Result<Findings, String> {
    js(
        client,
        "window.__cspViolations = 0; document.addEventListener('securitypolicyviolation', () => window.__cspViolations++); return true;",
    )
    .await?;
    let start_url = client.current_url().await.map_err(|error| error.to_string())?;
    client
        .find(css("[data-testid=view-import]"))
        .await
        .map_err(|error| error.to_string())?
        .click()
        .await
        .map_err(|error| error.to_string())?;
    let input = client.find(css("[data-testid=captures-file]")).await.map_err(|error| error.to_string())?;
    let joined = files.iter().map(|path| path.display().to_string()).collect::<Vec<_>>().join("\n");
    input.send_keys(&joined).await.map_err(|error| format!("could not give the files to the input: {error}"))?;
    let expected = files.len();
    eventually(120, "every hostile capture to be listed", || async {
        let listed: u64 = js(client, "return [...document.querySelectorAll('[data-testid=capture-item]')].filter(i => i.textContent.includes('hostile-')).length")
            .await
            .ok()?
            .as_u64()?;
        (listed as usize >= expected).then_some(())
    })
    .await?;
    let ids: Vec<String> = js(
        client,
        "return [...document.querySelectorAll('[data-testid=capture-item]')].filter(i => i.textContent.includes('hostile-')).map(i => i.dataset.captureId)",
    )
    .await?
    .as_array()
    .map(|items| items.iter().filter_map(|item| item.as_str().map(str::to_owned)).collect())
    .unwrap_or_default();
    let mut opened = 0;
    for id in &ids {
        let script = format!(
            "document.querySelector('[data-testid=capture-item][data-capture-id=\"{id}\"]').click(); return true;"
        );
        js(client, &script).await?;
        eventually(20, "the capture to open", || async {
            let shown = js(
                client,
                "const p = document.querySelector('[data-testid=capture-pane]'); return p && p.dataset.captureId",
            )
            .await
            .ok()?;
            (shown.as_str() == Some(id.as_str())).then_some(())
        })
        .await?;
        // Both views: the text view is open; now the sanitized page view.
        js(client, "document.querySelector('[data-testid=page-view-toggle]').click(); return true;").await?;
        eventually(20, "the page view", || async {
            (count(client, "[data-testid=page-view]").await == 1).then_some(())
        })
        .await?;
        opened += 1;
    }
    // Give any stray request or timer a moment to show itself.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let script_runs = js(client, "return window.__exhibitCanary || 0").await?.as_u64().unwrap_or(0);
    let csp_violations = js(client, "return window.__cspViolations || 0").await?.as_u64().unwrap_or(0);
    let end_url = client.current_url().await.map_err(|error| error.to_string())?;
    if end_url != start_url {
        return Err(format!("the app navigated from {start_url} to {end_url}"));
    }
    Ok(Findings {
        captures_opened: opened,
        canary_hits: canary.requests.load(Ordering::SeqCst),
        script_runs,
        csp_violations,
    })
}
