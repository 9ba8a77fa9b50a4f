//! Exhibit bundles: a folder (or zip) with `case.json` and one `captures/<dir>/manifest.json` per
//! capture, naming the HTML, screenshot and optional text files beside it (docs/FORMATS.md).
//!
//! This module owns the bundle manifests (schema version 1) and pairing files by directory. It
//! must never resolve a manifest's file name outside the bundle (`..`, absolute paths) and never
//! read anything but the `InputFile`s it is handed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::capture::{
    artifact, capture_from_html, decode, extract_plain_text, sniff, ArtifactKind, Capture, HtmlInput, InputFile,
    LanguageProfile, Limits, Sniffed,
};
use crate::domain::diagnostic::Diagnostic;

/// The bundle schema version this code reads and writes.
pub const BUNDLE_SCHEMA_VERSION: u32 = 1;

/// `case.json`: the case's name, its allegation lists and its capture folders (relative paths).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseManifest {
    pub schema_version: u32,
    pub name: String,
    #[serde(default)]
    pub allegations: Vec<String>,
    #[serde(default)]
    pub captures: Vec<String>,
    /// Keys this case trusts for WACZ signatures: SHA-256 fingerprints (hex) of public keys (DER
    /// SubjectPublicKeyInfo), or signing domains. Empty: any valid signature is reported valid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trusted_keys: Vec<String>,
}

/// `captures/<dir>/manifest.json`: one capture; file names are relative to the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaptureManifest {
    pub schema_version: u32,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn check_version(version: u32) -> Result<(), String> {
    if version == BUNDLE_SCHEMA_VERSION {
        Ok(())
    } else {
        Err(format!("schema_version {version} is not supported (this Exhibit reads {BUNDLE_SCHEMA_VERSION})"))
    }
}

/// Parses a `case.json`.
pub fn parse_case_manifest(bytes: &[u8]) -> Result<CaseManifest, String> {
    let manifest: CaseManifest =
        serde_json::from_slice(strip_bom(bytes)).map_err(|error| format!("case.json: {error}"))?;
    check_version(manifest.schema_version).map_err(|error| format!("case.json: {error}"))?;
    Ok(manifest)
}

/// Parses a capture `manifest.json`.
pub fn parse_capture_manifest(bytes: &[u8]) -> Result<CaptureManifest, String> {
    let manifest: CaptureManifest =
        serde_json::from_slice(strip_bom(bytes)).map_err(|error| format!("manifest.json: {error}"))?;
    check_version(manifest.schema_version).map_err(|error| format!("manifest.json: {error}"))?;
    Ok(manifest)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(bytes)
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

pub(crate) fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// Joins a relative name to a directory, resolving `.` and refusing to leave the bundle root.
pub(crate) fn join_inside(root: &str, dir: &str, relative: &str) -> Result<String, String> {
    if relative.starts_with('/') || relative.contains('\\') || relative.contains(':') {
        return Err(format!("`{relative}` is not a relative path inside the bundle"));
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|part| !part.is_empty()).collect();
    let root_depth = root.split('/').filter(|part| !part.is_empty()).count();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.len() <= root_depth {
                    return Err(format!("`{relative}` points outside the bundle"));
                }
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    Ok(parts.join("/"))
}

/// Loads every capture manifest among `files`, marking the files they use as consumed.
pub(crate) fn load_bundles(
    files: &[InputFile],
    consumed: &mut [bool],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Capture> {
    let index: BTreeMap<&str, usize> =
        files.iter().enumerate().map(|(position, file)| (file.path.as_str(), position)).collect();
    let mut captures = Vec::new();
    let mut manifest_dirs = Vec::new();

    // case.json files: consume them and their allegation lists; remember which dirs they list.
    let mut listed_capture_dirs: Vec<(String, String)> = Vec::new();
    for (position, file) in files.iter().enumerate() {
        if file_name(&file.path) != "case.json" || sniff(&file.bytes) != Sniffed::Json {
            continue;
        }
        let case_dir = parent_dir(&file.path);
        match parse_case_manifest(&file.bytes) {
            Ok(case) => {
                mark(consumed, position);
                for allegation in &case.allegations {
                    if let Ok(path) = join_inside(case_dir, case_dir, allegation) {
                        match index.get(path.as_str()) {
                            Some(found) => mark(consumed, *found),
                            None => diagnostics.push(
                                Diagnostic::warning(format!("allegation list `{allegation}` is not among the files"))
                                    .in_file(&file.path),
                            ),
                        }
                    }
                }
                for dir in &case.captures {
                    match join_inside(case_dir, case_dir, dir) {
                        Ok(path) => listed_capture_dirs.push((path, file.path.clone())),
                        Err(error) => diagnostics.push(Diagnostic::error(error).in_file(&file.path)),
                    }
                }
            }
            Err(error) => diagnostics.push(Diagnostic::error(error).in_file(&file.path)),
        }
    }

    for (position, file) in files.iter().enumerate() {
        if file_name(&file.path) != "manifest.json" || sniff(&file.bytes) != Sniffed::Json {
            continue;
        }
        mark(consumed, position);
        let manifest = match parse_capture_manifest(&file.bytes) {
            Ok(manifest) => manifest,
            Err(error) => {
                diagnostics.push(Diagnostic::error(error).in_file(&file.path));
                continue;
            }
        };
        let dir = parent_dir(&file.path);
        manifest_dirs.push(dir.to_string());
        // The bundle root is the manifest's grandparent's parent (`<root>/captures/<dir>`) when
        // the layout is followed, else the manifest's own folder.
        let root = bundle_root(dir);
        let mut resolve = |name: &Option<String>, what: &str, diagnostics: &mut Vec<Diagnostic>| -> Option<usize> {
            let name = name.as_deref()?;
            match join_inside(root, dir, name) {
                Ok(path) => match index.get(path.as_str()) {
                    Some(found) => {
                        mark(consumed, *found);
                        Some(*found)
                    }
                    None => {
                        diagnostics
                            .push(Diagnostic::error(format!("{what} file `{name}` is missing")).in_file(&file.path));
                        None
                    }
                },
                Err(error) => {
                    diagnostics.push(Diagnostic::error(format!("{what}: {error}; refused")).in_file(&file.path));
                    None
                }
            }
        };
        let html = resolve(&manifest.html, "html", diagnostics);
        let screenshot = resolve(&manifest.screenshot, "screenshot", diagnostics);
        let text = resolve(&manifest.text, "text", diagnostics);
        if let Some(captured_at) = &manifest.captured_at {
            if !looks_like_rfc3339(captured_at) {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "captured_at `{captured_at}` is not an RFC 3339 time (2026-03-01T10:00:00Z)"
                    ))
                    .in_file(&file.path),
                );
            }
        }
        if !(manifest.url.starts_with("http://") || manifest.url.starts_with("https://")) {
            diagnostics
                .push(Diagnostic::warning(format!("url `{}` is not an http(s) URL", manifest.url)).in_file(&file.path));
        }
        let mut capture = match html.and_then(|position| files.get(position)) {
            Some(html_file) => {
                let (capture, _) = capture_from_html(
                    HtmlInput {
                        bytes: html_file.bytes.clone(),
                        http_charset: None,
                        media_type: "text/html",
                        source: html_file.path.clone(),
                        origin: "exhibit-bundle",
                        url: Some(manifest.url.clone()),
                        captured_at: manifest.captured_at.clone(),
                    },
                    limits,
                    &html_file.path,
                    diagnostics,
                );
                capture
            }
            None => Capture {
                id: crate::domain::ids::CaptureId::default(),
                url: manifest.url.clone(),
                captured_at: manifest.captured_at.clone(),
                origin: "exhibit-bundle".to_string(),
                title: None,
                artifacts: Vec::new(),
                text: Default::default(),
                language: LanguageProfile::default(),
                integrity: Vec::new(),
                integrity_checks: Vec::new(),
                page: crate::domain::capture::PageInfo::default(),
            },
        };
        if let Some(text_file) = text.and_then(|position| files.get(position)) {
            let decoded = decode::decode_text(&text_file.bytes, None);
            if decoded.had_errors {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "invalid byte sequences for {} replaced with U+FFFD",
                        decoded.encoding
                    ))
                    .in_file(&text_file.path),
                );
            }
            if html.is_none() {
                capture.text = extract_plain_text(&decoded.text);
            }
            capture.artifacts.push(artifact(
                ArtifactKind::Text,
                "text/plain",
                text_file.path.clone(),
                text_file.bytes.clone(),
            ));
        }
        if let Some(image_file) = screenshot.and_then(|position| files.get(position)) {
            match sniff(&image_file.bytes).image_media_type() {
                Some(media_type) => capture.artifacts.push(artifact(
                    ArtifactKind::Screenshot,
                    media_type,
                    image_file.path.clone(),
                    image_file.bytes.clone(),
                )),
                None => diagnostics.push(
                    Diagnostic::error("screenshot is not a PNG, JPEG, WebP or GIF image; not attached")
                        .in_file(&image_file.path),
                ),
            }
        }
        if capture.artifacts.is_empty() {
            diagnostics.push(
                Diagnostic::error("manifest names no readable html, text or screenshot; no capture")
                    .in_file(&file.path),
            );
            continue;
        }
        if capture.text_artifact().is_none() {
            diagnostics.push(Diagnostic::info("screenshot only: no text to quote from").in_file(&file.path));
        }
        captures.push(capture);
    }

    for (dir, case_file) in listed_capture_dirs {
        if !manifest_dirs.contains(&dir) {
            diagnostics
                .push(Diagnostic::error(format!("capture folder `{dir}` has no manifest.json")).in_file(&case_file));
        }
    }
    captures
}

fn bundle_root(manifest_dir: &str) -> &str {
    let parent = parent_dir(manifest_dir);
    if file_name(parent) == "captures" {
        parent_dir(parent)
    } else {
        manifest_dir
    }
}

fn mark(consumed: &mut [bool], position: usize) {
    if let Some(flag) = consumed.get_mut(position) {
        *flag = true;
    }
}

/// `YYYY-MM-DDTHH:MM:SS` followed by optional fraction and `Z` or an offset.
pub(crate) fn looks_like_rfc3339(value: &str) -> bool {
    let bytes = value.as_bytes();
    let digits =
        |range: std::ops::Range<usize>| bytes.get(range).is_some_and(|part| part.iter().all(u8::is_ascii_digit));
    digits(0..4)
        && bytes.get(4) == Some(&b'-')
        && digits(5..7)
        && bytes.get(7) == Some(&b'-')
        && digits(8..10)
        && matches!(bytes.get(10), Some(b'T' | b't' | b' '))
        && digits(11..13)
        && bytes.get(13) == Some(&b':')
        && digits(14..16)
        && bytes.get(16) == Some(&b':')
        && digits(17..19)
        && (value.ends_with('Z')
            || value.ends_with('z')
            || value.get(19..).is_some_and(|rest| rest.contains('+') || rest.contains('-')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_stays_inside() {
        assert_eq!(join_inside("demo", "demo/captures/x", "page.html").as_deref(), Ok("demo/captures/x/page.html"));
        assert_eq!(join_inside("demo", "demo/captures/x", "./a/../b.png").as_deref(), Ok("demo/captures/x/b.png"));
        assert_eq!(join_inside("demo", "demo/captures/x", "../../shared.png").as_deref(), Ok("demo/shared.png"));
        assert!(join_inside("demo", "demo/captures/x", "../../../etc/passwd").is_err());
        assert!(join_inside("demo", "demo/captures/x", "/etc/passwd").is_err());
    }

    #[test]
    fn case_manifest_versions() {
        let ok = parse_case_manifest(
            br#"{"schema_version":1,"name":"Demo","allegations":["a.txt"],"captures":["captures/x"]}"#,
        );
        assert_eq!(ok.map(|case| case.captures), Ok(vec!["captures/x".to_string()]));
        let newer = parse_case_manifest(br#"{"schema_version":2,"name":"Demo"}"#);
        assert!(newer.is_err_and(|error| error.contains("schema_version 2")));
    }

    #[test]
    fn rfc3339_shapes() {
        assert!(looks_like_rfc3339("2026-03-01T10:00:00Z"));
        assert!(looks_like_rfc3339("2026-03-01T10:00:00.5+01:00"));
        assert!(!looks_like_rfc3339("March 1st"));
    }
}
