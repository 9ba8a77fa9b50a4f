//! WACZ 1.x: a zip of WARC files with `datapackage.json` (resource hashes),
//! `datapackage-digest.json` (the datapackage's hash, optionally signed) and `pages/pages.jsonl`.
//!
//! This module owns WACZ integrity: every resource hash is checked against the member bytes and
//! the outcome is written into each capture's `integrity`. It must never claim a signature is
//! valid: signatures are reported as present and not verified, because the core has no
//! certificate or ECDSA verification.

use serde::Deserialize;

use crate::domain::capture::warc_captures::{check_digest, load_warc, DigestCheck};
use crate::domain::capture::{Capture, InputFile, Limits};
use crate::domain::diagnostic::Diagnostic;

#[derive(Debug, Deserialize)]
struct DataPackage {
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    wacz_version: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Resource {
    #[serde(default)]
    path: String,
    #[serde(default)]
    hash: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DataPackageDigest {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    hash: Option<String>,
    #[serde(default, rename = "signedData")]
    signed_data: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct PageLine {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
}

/// A zip is a WACZ when it has a `datapackage.json` at its root or WARCs under `archive/`.
pub(crate) fn is_wacz(members: &[InputFile]) -> bool {
    members.iter().any(|member| member.path == "datapackage.json" || member.path.starts_with("archive/"))
}

fn member<'a>(members: &'a [InputFile], path: &str) -> Option<&'a InputFile> {
    members.iter().find(|member| member.path == path)
}

pub(crate) fn load_wacz(
    file: &str,
    members: &[InputFile],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Capture> {
    let mut integrity: Vec<String> = Vec::new();
    let warn = |message: String, integrity: &mut Vec<String>, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(Diagnostic::warning(format!("WACZ: {message}")).in_file(file));
        integrity.push(format!("WACZ: {message}"));
    };

    // datapackage.json and its resource hashes.
    match member(members, "datapackage.json") {
        None => {
            warn("no datapackage.json: nothing to check the archive against".to_string(), &mut integrity, diagnostics)
        }
        Some(datapackage) => match serde_json::from_slice::<DataPackage>(&datapackage.bytes) {
            Err(error) => warn(format!("datapackage.json is not valid ({error})"), &mut integrity, diagnostics),
            Ok(package) => {
                if package.wacz_version.is_none() {
                    warn("datapackage.json has no wacz_version".to_string(), &mut integrity, diagnostics);
                }
                let mut verified = 0usize;
                for resource in &package.resources {
                    let Some(found) = member(members, &resource.path) else {
                        warn(
                            format!("resource `{}` listed in datapackage.json is missing", resource.path),
                            &mut integrity,
                            diagnostics,
                        );
                        continue;
                    };
                    match resource.hash.as_deref().map(|hash| check_digest(hash, &[&found.bytes])) {
                        Some(DigestCheck::Match) => verified += 1,
                        Some(DigestCheck::Mismatch { declared, computed }) => warn(
                            format!(
                                "hash mismatch for `{}`: datapackage.json says {declared}, the file is {computed}",
                                resource.path
                            ),
                            &mut integrity,
                            diagnostics,
                        ),
                        Some(DigestCheck::NotChecked { algorithm }) => {
                            integrity.push(format!("WACZ: `{}` hash uses {algorithm}: not checked", resource.path))
                        }
                        Some(DigestCheck::Malformed) | None => warn(
                            format!("resource `{}` has no usable hash", resource.path),
                            &mut integrity,
                            diagnostics,
                        ),
                    }
                }
                for warc in members.iter().filter(|member| member.path.starts_with("archive/")) {
                    if !package.resources.iter().any(|resource| resource.path == warc.path) {
                        warn(
                            format!("`{}` is not listed in datapackage.json: unverified", warc.path),
                            &mut integrity,
                            diagnostics,
                        );
                    }
                }
                if verified > 0 {
                    integrity.push(format!(
                        "WACZ: {verified} of {} resource hashes in datapackage.json match the files",
                        package.resources.len()
                    ));
                }
            }
        },
    }

    // datapackage-digest.json.
    if let Some(digest_file) = member(members, "datapackage-digest.json") {
        match serde_json::from_slice::<DataPackageDigest>(&digest_file.bytes) {
            Err(error) => warn(format!("datapackage-digest.json is not valid ({error})"), &mut integrity, diagnostics),
            Ok(digest) => {
                let target = digest.path.as_deref().unwrap_or("datapackage.json");
                match (digest.hash.as_deref(), member(members, target)) {
                    (Some(hash), Some(datapackage)) => match check_digest(hash, &[&datapackage.bytes]) {
                        DigestCheck::Match => {
                            integrity.push("WACZ: datapackage-digest.json matches datapackage.json".to_string())
                        }
                        DigestCheck::Mismatch { declared, computed } => warn(
                            format!("datapackage-digest.json says {declared} but datapackage.json is {computed}"),
                            &mut integrity,
                            diagnostics,
                        ),
                        DigestCheck::NotChecked { algorithm } => {
                            integrity.push(format!("WACZ: datapackage digest uses {algorithm}: not checked"))
                        }
                        DigestCheck::Malformed => {
                            warn("datapackage-digest.json hash is malformed".to_string(), &mut integrity, diagnostics)
                        }
                    },
                    _ => warn(
                        "datapackage-digest.json names no hash or no file to check".to_string(),
                        &mut integrity,
                        diagnostics,
                    ),
                }
                if let Some(signed) = digest.signed_data {
                    let signed_hash = signed.get("hash").and_then(|hash| hash.as_str());
                    if signed_hash.is_some() && signed_hash != digest.hash.as_deref() {
                        warn(
                            "the signed hash differs from datapackage-digest.json's hash".to_string(),
                            &mut integrity,
                            diagnostics,
                        );
                    }
                    let domain = signed
                        .get("domain")
                        .and_then(|domain| domain.as_str())
                        .map(|domain| format!(" (by {domain})"))
                        .unwrap_or_default();
                    let message = format!("WACZ: signature present{domain}, not verified by Exhibit");
                    diagnostics.push(Diagnostic::info(message.clone()).in_file(file));
                    integrity.push(message);
                }
            }
        }
    } else {
        integrity.push("WACZ: no datapackage-digest.json (unsigned)".to_string());
    }

    // The WARCs.
    let mut captures = Vec::new();
    let warcs: Vec<&InputFile> = members.iter().filter(|member| member.path.starts_with("archive/")).collect();
    if warcs.is_empty() {
        warn("no WARC files under archive/".to_string(), &mut integrity, diagnostics);
    }
    for warc in warcs {
        let path = format!("{file}/{}", warc.path);
        captures.extend(load_warc(&path, &warc.bytes, "wacz", limits, diagnostics));
    }

    // pages.jsonl: titles, and pages with no capture.
    for pages_path in ["pages/pages.jsonl", "pages/extraPages.jsonl"] {
        let Some(pages) = member(members, pages_path) else { continue };
        let text = String::from_utf8_lossy(&pages.bytes);
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let page = match serde_json::from_str::<PageLine>(line) {
                Ok(page) => page,
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::warning(format!("not a JSON line ({error})"))
                            .in_file(format!("{file}/{pages_path}"))
                            .at_line(number + 1),
                    );
                    continue;
                }
            };
            let Some(url) = page.url else { continue };
            let mut found = false;
            for capture in captures.iter_mut().filter(|capture| capture.url == url) {
                found = true;
                // Some tools write the URL as the title when they know none: keep the page's own then.
                if let Some(title) = page.title.as_ref().filter(|title| !title.trim().is_empty() && title.trim() != url)
                {
                    capture.title = Some(title.trim().to_string());
                }
            }
            if !found {
                diagnostics.push(
                    Diagnostic::warning(format!("page {url} has no HTML response record in the archive"))
                        .in_file(format!("{file}/{pages_path}"))
                        .at_line(number + 1),
                );
            }
        }
    }
    if member(members, "pages/pages.jsonl").is_none() {
        diagnostics.push(Diagnostic::info("WACZ has no pages/pages.jsonl").in_file(file));
    }

    for capture in &mut captures {
        capture.integrity.extend(integrity.iter().cloned());
    }
    captures
}
