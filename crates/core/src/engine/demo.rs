//! The demo case's folder (`static/demo`, served as `demo/`): which files its `case.json` and each
//! capture's `manifest.json` name, read the same way by the app (which fetches them) and by the
//! native test that checks the demo's prebuilt case, `built.bin`.
//!
//! `built.bin` is the demo's built case on the worker's wire (`engine::wire`) without the
//! captures' texts and artifact bytes (`prebuilt`): a first visit opens its queue from it at once,
//! without the parsing worker or the captures, while the full case (texts, screenshots and pages)
//! is built behind it.

use serde::Deserialize;

use crate::domain::session::Case;

/// The prebuilt case's file name in the demo folder.
pub const PREBUILT_FILE: &str = "built.bin";

/// `case.json` of the demo folder.
#[derive(Deserialize)]
struct DemoCase {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    allegations: Vec<String>,
    #[serde(default)]
    captures: Vec<String>,
}

/// The files a capture's `manifest.json` names.
#[derive(Deserialize, Default)]
struct DemoManifest {
    html: Option<String>,
    screenshot: Option<String>,
    text: Option<String>,
}

/// What `case.json` names: the case's name, its lists and its capture folders (paths relative to
/// the demo folder; any that would leave it are dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoPlan {
    pub name: String,
    pub allegations: Vec<String>,
    pub capture_folders: Vec<String>,
}

/// Reads `case.json`.
pub fn plan(case_json: &[u8]) -> Result<DemoPlan, String> {
    let case: DemoCase =
        serde_json::from_slice(case_json).map_err(|error| format!("case.json is not a demo case: {error}"))?;
    Ok(DemoPlan {
        name: case.name.unwrap_or_else(|| "Demo case".to_string()),
        allegations: case.allegations.iter().filter_map(|path| safe_relative(path)).collect(),
        capture_folders: case.captures.iter().filter_map(|path| safe_relative(path)).collect(),
    })
}

/// The files a capture folder's `manifest.json` names (page, screenshot, text, in that order),
/// as paths relative to the demo folder. An unreadable manifest names none.
pub fn manifest_files(folder: &str, manifest_json: &[u8]) -> Vec<String> {
    let manifest: DemoManifest = serde_json::from_slice(manifest_json).unwrap_or_default();
    [manifest.html, manifest.screenshot, manifest.text]
        .iter()
        .filter_map(|file| file.as_deref().and_then(safe_relative))
        .map(|file| format!("{folder}/{file}"))
        .collect()
}

/// Refuses paths that would leave the demo folder.
pub fn safe_relative(path: &str) -> Option<String> {
    let trimmed = path.trim().trim_start_matches("./");
    if trimmed.is_empty()
        || trimmed.starts_with('/')
        || trimmed.split('/').any(|part| part == "..")
        || trimmed.contains(':')
    {
        None
    } else {
        Some(trimmed.trim_end_matches('/').to_string())
    }
}

/// The prebuilt case: `case` on the wire with what its queue needs (the lists, the matching, each
/// capture's address, time, artifacts' names and hashes, language) and not the captures' texts or
/// bytes, so that it stays small; `read_prebuilt` reads it back.
pub fn prebuilt(case: &Case) -> Vec<u8> {
    let mut queue_only = case.clone();
    for capture in &mut queue_only.captures {
        capture.text = Default::default();
        for artifact in &mut capture.artifacts {
            artifact.content = None;
        }
    }
    super::wire::encode_built(&queue_only, &[])
}

/// Reads a prebuilt case (`prebuilt`).
pub fn read_prebuilt(bytes: &[u8]) -> Result<Case, String> {
    super::wire::decode::<super::BuiltCase>(super::wire::BUILT, bytes)
        .map(|built| built.case)
        .map_err(|error| format!("the demo's prebuilt case is unreadable: {error}"))
}

/// Whether `full` is the case `prebuilt` was made from: the same allegations (ids and addresses)
/// and the same captures (ids, addresses and times), in the same order. The app then completes the
/// open case in place; otherwise it opens `full` anew.
pub fn completes(prebuilt: &Case, full: &Case) -> bool {
    prebuilt.allegations.len() == full.allegations.len()
        && prebuilt.captures.len() == full.captures.len()
        && prebuilt.allegations.iter().zip(&full.allegations).all(|(a, b)| a.id == b.id && a.url == b.url)
        && prebuilt
            .captures
            .iter()
            .zip(&full.captures)
            .all(|(a, b)| a.id == b.id && a.url == b.url && a.captured_at == b.captured_at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_keeps_only_paths_inside_the_folder() {
        let plan =
            plan(br#"{"allegations":["./list.txt","../x.txt"],"captures":["captures/a/","/etc","c:/x","captures/b"]}"#)
                .expect("a plan");
        assert_eq!(plan.name, "Demo case");
        assert_eq!(plan.allegations, vec!["list.txt"]);
        assert_eq!(plan.capture_folders, vec!["captures/a", "captures/b"]);
        assert!(super::plan(b"[1]").is_err());
    }

    #[test]
    fn a_manifest_names_its_files_in_order() {
        let files = manifest_files("captures/a", br#"{"screenshot":"s.png","html":"p.html","text":"../t.txt"}"#);
        assert_eq!(files, vec!["captures/a/p.html", "captures/a/s.png"]);
        assert!(manifest_files("captures/a", b"not json").is_empty());
    }
}
