//! WACZ 1.x: a zip of WARC files with `datapackage.json` (resource hashes),
//! `datapackage-digest.json` (the datapackage's hash, optionally signed) and `pages/pages.jsonl`.
//!
//! This module owns WACZ integrity: every resource hash is checked against the member bytes, the
//! datapackage digest against `datapackage.json`, and the signature (`wacz_signature`); the
//! outcomes go into each capture's `integrity_checks` (and, as sentences, `integrity`). It must
//! never claim a signature is valid that was not verified.

use serde::Deserialize;

use crate::domain::capture::integrity::{
    check_digest, DigestCheck, IntegrityCheck, IntegrityKind, IntegrityStatus, WaczLocator,
};
use crate::domain::capture::wacz_signature::verify_signed_data;
use crate::domain::capture::warc_captures::{load_warc, WarcSource};
use crate::domain::capture::{Capture, InputFile, Limits};
use crate::domain::crawl::Pending;
use crate::domain::diagnostic::Diagnostic;
use crate::domain::hash::sha256_hex;
use crate::domain::policy::same_page_key;
use crate::domain::time::Timestamp;

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
    /// When the page was loaded (Browsertrix and py-wacz write RFC 3339).
    #[serde(default)]
    ts: Option<String>,
    /// Browsertrix marks the crawl's start pages.
    #[serde(default)]
    seed: Option<bool>,
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
    wacz_sha256: &str,
    members: &[InputFile],
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Capture>, Pending) {
    let mut integrity: Vec<String> = Vec::new();
    let mut checks: Vec<IntegrityCheck> = Vec::new();
    let warn = |message: String, integrity: &mut Vec<String>, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(Diagnostic::warning(format!("WACZ: {message}")).in_file(file));
        integrity.push(format!("WACZ: {message}"));
    };
    let check = |kind: IntegrityKind, subject: &str, status: IntegrityStatus, message: &str| {
        IntegrityCheck::new(kind, subject, status, format!("WACZ: {message}"))
    };

    // datapackage.json and its resource hashes.
    match member(members, "datapackage.json") {
        None => {
            let message = "no datapackage.json: nothing to check the archive against".to_string();
            checks.push(check(IntegrityKind::ResourceHash, "datapackage.json", IntegrityStatus::Failed, &message));
            warn(message, &mut integrity, diagnostics)
        }
        Some(datapackage) => match serde_json::from_slice::<DataPackage>(&datapackage.bytes) {
            Err(error) => {
                let message = format!("datapackage.json is not valid ({error})");
                checks.push(check(IntegrityKind::ResourceHash, "datapackage.json", IntegrityStatus::Failed, &message));
                warn(message, &mut integrity, diagnostics)
            }
            Ok(package) => {
                if package.wacz_version.is_none() {
                    warn("datapackage.json has no wacz_version".to_string(), &mut integrity, diagnostics);
                }
                let mut verified = 0usize;
                for resource in &package.resources {
                    let subject = format!("resource {}", resource.path);
                    let Some(found) = member(members, &resource.path) else {
                        let message = format!("resource `{}` listed in datapackage.json is missing", resource.path);
                        checks.push(check(IntegrityKind::ResourceHash, &subject, IntegrityStatus::Failed, &message));
                        warn(message, &mut integrity, diagnostics);
                        continue;
                    };
                    match resource.hash.as_deref().map(|hash| check_digest(hash, &[&found.bytes])) {
                        Some(DigestCheck::Match { .. }) => {
                            verified += 1;
                            let message = format!("`{}` matches its hash in datapackage.json", resource.path);
                            checks.push(check(
                                IntegrityKind::ResourceHash,
                                &subject,
                                IntegrityStatus::Passed,
                                &message,
                            ));
                        }
                        Some(DigestCheck::Mismatch { declared, computed }) => {
                            let message = format!(
                                "hash mismatch for `{}`: datapackage.json says {declared}, the file is {computed}",
                                resource.path
                            );
                            checks.push(check(
                                IntegrityKind::ResourceHash,
                                &subject,
                                IntegrityStatus::Failed,
                                &message,
                            ));
                            warn(message, &mut integrity, diagnostics)
                        }
                        Some(DigestCheck::NotChecked { algorithm }) => {
                            let message = format!("`{}` hash uses {algorithm}: not checked", resource.path);
                            checks.push(check(
                                IntegrityKind::ResourceHash,
                                &subject,
                                IntegrityStatus::NotChecked,
                                &message,
                            ));
                            integrity.push(format!("WACZ: {message}"))
                        }
                        Some(DigestCheck::Malformed) | None => {
                            let message = format!("resource `{}` has no usable hash", resource.path);
                            checks.push(check(
                                IntegrityKind::ResourceHash,
                                &subject,
                                IntegrityStatus::NotStated,
                                &message,
                            ));
                            warn(message, &mut integrity, diagnostics)
                        }
                    }
                }
                for warc in members.iter().filter(|member| member.path.starts_with("archive/")) {
                    if !package.resources.iter().any(|resource| resource.path == warc.path) {
                        let message = format!("`{}` is not listed in datapackage.json: unverified", warc.path);
                        checks.push(check(
                            IntegrityKind::ResourceHash,
                            &format!("resource {}", warc.path),
                            IntegrityStatus::NotStated,
                            &message,
                        ));
                        warn(message, &mut integrity, diagnostics);
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

    // datapackage-digest.json and its signature.
    let digest_subject = "datapackage-digest.json";
    let signature_subject = "WACZ signature";
    let unsigned = |why: &str| {
        IntegrityCheck::new(
            IntegrityKind::Signature,
            signature_subject,
            IntegrityStatus::NotStated,
            format!("WACZ: unsigned ({why})"),
        )
    };
    if let Some(digest_file) = member(members, "datapackage-digest.json") {
        match serde_json::from_slice::<DataPackageDigest>(&digest_file.bytes) {
            Err(error) => {
                let message = format!("datapackage-digest.json is not valid ({error})");
                checks.push(check(IntegrityKind::DatapackageDigest, digest_subject, IntegrityStatus::Failed, &message));
                warn(message, &mut integrity, diagnostics)
            }
            Ok(digest) => {
                let target = digest.path.as_deref().unwrap_or("datapackage.json");
                match (digest.hash.as_deref(), member(members, target)) {
                    (Some(hash), Some(datapackage)) => match check_digest(hash, &[&datapackage.bytes]) {
                        DigestCheck::Match { .. } => {
                            let message = "datapackage-digest.json matches datapackage.json";
                            checks.push(check(
                                IntegrityKind::DatapackageDigest,
                                digest_subject,
                                IntegrityStatus::Passed,
                                message,
                            ));
                            integrity.push(format!("WACZ: {message}"))
                        }
                        DigestCheck::Mismatch { declared, computed } => {
                            let message =
                                format!("datapackage-digest.json says {declared} but datapackage.json is {computed}");
                            checks.push(check(
                                IntegrityKind::DatapackageDigest,
                                digest_subject,
                                IntegrityStatus::Failed,
                                &message,
                            ));
                            warn(message, &mut integrity, diagnostics)
                        }
                        DigestCheck::NotChecked { algorithm } => {
                            let message = format!("datapackage digest uses {algorithm}: not checked");
                            checks.push(check(
                                IntegrityKind::DatapackageDigest,
                                digest_subject,
                                IntegrityStatus::NotChecked,
                                &message,
                            ));
                            integrity.push(format!("WACZ: {message}"))
                        }
                        DigestCheck::Malformed => {
                            let message = "datapackage-digest.json hash is malformed".to_string();
                            checks.push(check(
                                IntegrityKind::DatapackageDigest,
                                digest_subject,
                                IntegrityStatus::Failed,
                                &message,
                            ));
                            warn(message, &mut integrity, diagnostics)
                        }
                    },
                    _ => {
                        let message = "datapackage-digest.json names no hash or no file to check".to_string();
                        checks.push(check(
                            IntegrityKind::DatapackageDigest,
                            digest_subject,
                            IntegrityStatus::Failed,
                            &message,
                        ));
                        warn(message, &mut integrity, diagnostics)
                    }
                }
                match digest.signed_data {
                    Some(signed) => {
                        let outcome = verify_signed_data(&signed, digest.hash.as_deref());
                        let message = format!("WACZ: {}", outcome.message);
                        if outcome.status.is_failure() {
                            diagnostics.push(Diagnostic::warning(message.clone()).in_file(file));
                        } else {
                            diagnostics.push(Diagnostic::info(message.clone()).in_file(file));
                        }
                        integrity.push(message.clone());
                        checks.push(IntegrityCheck {
                            key_fingerprint: outcome.key_fingerprint,
                            signer_domain: outcome.signer_domain,
                            ..IntegrityCheck::new(IntegrityKind::Signature, signature_subject, outcome.status, message)
                        });
                    }
                    None => checks.push(unsigned("datapackage-digest.json has no signedData")),
                }
            }
        }
    } else {
        integrity.push("WACZ: no datapackage-digest.json (unsigned)".to_string());
        checks.push(check(
            IntegrityKind::DatapackageDigest,
            digest_subject,
            IntegrityStatus::NotStated,
            "no datapackage-digest.json",
        ));
        checks.push(unsigned("no datapackage-digest.json"));
    }

    // The WARCs.
    let mut captures = Vec::new();
    let mut pending = Pending::default();
    let warcs: Vec<&InputFile> = members.iter().filter(|member| member.path.starts_with("archive/")).collect();
    if warcs.is_empty() {
        warn("no WARC files under archive/".to_string(), &mut integrity, diagnostics);
    }
    for warc in warcs {
        let source = WarcSource {
            display: format!("{file}/{}", warc.path),
            file: warc.path.clone(),
            sha256: sha256_hex(&warc.bytes),
            wacz: Some(WaczLocator { file: file.to_string(), sha256: wacz_sha256.to_string() }),
        };
        let (found, records) = load_warc(&source, &warc.bytes, "wacz", limits, diagnostics);
        captures.extend(found);
        pending.extend(records);
    }

    apply_page_lists(file, members, &mut captures, diagnostics);
    if member(members, "pages/pages.jsonl").is_none() {
        diagnostics.push(Diagnostic::info("WACZ has no pages/pages.jsonl").in_file(file));
    }

    for capture in &mut captures {
        capture.integrity.extend(integrity.iter().cloned());
        capture.integrity_checks.extend(checks.iter().cloned());
    }
    (captures, pending)
}

/// `pages/pages.jsonl` and `pages/extraPages.jsonl`: the pages the crawl names (`listed`), their
/// titles, and its entry page (`seed`: a line with `"seed": true`, else the first page of
/// `pages.jsonl` when no line says). A line's `ts` picks, among several visits of its URL, the one
/// nearest in time; pages with no capture are reported.
fn apply_page_lists(file: &str, members: &[InputFile], captures: &mut [Capture], diagnostics: &mut Vec<Diagnostic>) {
    for pages_path in ["pages/pages.jsonl", "pages/extraPages.jsonl"] {
        let Some(pages) = member(members, pages_path) else { continue };
        let text = String::from_utf8_lossy(&pages.bytes);
        let mut lines = Vec::new();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<PageLine>(line) {
                Ok(page) => lines.push((number, page)),
                Err(error) => diagnostics.push(
                    Diagnostic::warning(format!("not a JSON line ({error})"))
                        .in_file(format!("{file}/{pages_path}"))
                        .at_line(number + 1),
                ),
            }
        }
        let seeds_stated = lines.iter().any(|(_, page)| page.seed.is_some());
        let mut first_page = pages_path == "pages/pages.jsonl";
        for (number, page) in lines {
            // The header line (`{"format": …}`) names no URL.
            let Some(url) = page.url else { continue };
            let seed = if seeds_stated { page.seed == Some(true) } else { std::mem::take(&mut first_page) };
            let key = same_page_key(&url);
            let at = page.ts.as_deref().map(Timestamp::new).and_then(|ts| ts.instant());
            let nearest =
                captures.iter_mut().filter(|capture| same_page_key(&capture.url) == key).min_by_key(|capture| {
                    let time = capture.captured_at.as_deref().map(Timestamp::new).and_then(|time| time.instant());
                    match (time, at) {
                        (Some((a, _)), Some((b, _))) => a.abs_diff(b),
                        _ => u64::MAX,
                    }
                });
            let Some(capture) = nearest else {
                diagnostics.push(
                    Diagnostic::warning(format!("page {url} has no HTML response record in the archive"))
                        .in_file(format!("{file}/{pages_path}"))
                        .at_line(number + 1),
                );
                continue;
            };
            capture.page.listed = true;
            capture.page.seed |= seed;
            // Some tools write the URL as the title when they know none: keep the page's own then.
            if let Some(title) = page.title.as_ref().filter(|title| !title.trim().is_empty() && title.trim() != url) {
                capture.title = Some(title.trim().to_string());
            }
        }
    }
}
