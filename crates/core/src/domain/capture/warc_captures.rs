//! Turning WARC/ARC records into captures: HTML `response` and `resource` records become captures,
//! image records (including Browsertrix `urn:screenshot:` / `urn:view:` records) attach as
//! screenshots to the capture of the same page URL, and payload digests are checked.
//!
//! This module owns the meaning of records; the byte-level reading is in `warc`. It must never
//! claim a digest holds when it could not check it: SHA-1 digests (no SHA-1 implementation in the
//! core) are reported as not checked.

use std::sync::Arc;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::domain::capture::decode::charset_of_content_type;
use crate::domain::capture::warc::{parse_http_response, read_records, Record};
use crate::domain::capture::{
    artifact, capture_from_html, sniff, Artifact, ArtifactKind, Capture, HtmlInput, Limits, Sniffed,
};
use crate::domain::diagnostic::Diagnostic;

/// Outcome of checking one declared digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestCheck {
    Match,
    Mismatch { declared: String, computed: String },
    NotChecked { algorithm: String },
    Malformed,
}

/// Checks a `sha256:…` digest (hex, base32 or base64) against any of the candidate byte strings.
pub fn check_digest(declared: &str, candidates: &[&[u8]]) -> DigestCheck {
    let Some((algorithm, value)) = declared.trim().split_once(':') else {
        return DigestCheck::Malformed;
    };
    let algorithm = algorithm.trim().to_ascii_lowercase();
    if algorithm != "sha256" && algorithm != "sha-256" {
        return DigestCheck::NotChecked { algorithm };
    }
    let Some(expected) = decode_digest_value(value.trim(), 32) else {
        return DigestCheck::Malformed;
    };
    let mut computed = String::new();
    for candidate in candidates {
        let digest = Sha256::digest(candidate);
        if digest.as_slice() == expected.as_slice() {
            return DigestCheck::Match;
        }
        if computed.is_empty() {
            computed = format!("sha256:{}", crate::domain::hash::sha256_hex(candidate));
        }
    }
    DigestCheck::Mismatch { declared: declared.trim().to_string(), computed }
}

fn decode_digest_value(value: &str, length: usize) -> Option<Vec<u8>> {
    if value.len() == length * 2 && value.chars().all(|c| c.is_ascii_hexdigit()) {
        return (0..length)
            .map(|index| value.get(index * 2..index * 2 + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
            .collect();
    }
    if let Some(bytes) = decode_base32(value).filter(|bytes| bytes.len() == length) {
        return Some(bytes);
    }
    base64::engine::general_purpose::STANDARD.decode(value).ok().filter(|bytes| bytes.len() == length)
}

/// RFC 4648 base32 (upper or lower case, optional padding).
pub fn decode_base32(value: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer = 0u64;
    let mut bits = 0u32;
    for c in value.trim_end_matches('=').chars() {
        let digit = match c.to_ascii_uppercase() {
            letter @ 'A'..='Z' => letter as u64 - 'A' as u64,
            number @ '2'..='7' => number as u64 - '2' as u64 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | digit;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

fn media_type_of(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_html_media_type(media_type: &str) -> bool {
    matches!(media_type, "text/html" | "application/xhtml+xml")
}

/// The page a Browsertrix-style `urn:screenshot:` / `urn:view:` target belongs to.
fn page_url_of_target(target: &str) -> (&str, bool) {
    for prefix in ["urn:screenshot:", "urn:view:", "urn:thumbnail:"] {
        if let Some(url) = target.strip_prefix(prefix) {
            return (url, true);
        }
    }
    (target, false)
}

struct PendingScreenshot {
    page_url: String,
    date: Option<String>,
    /// Stored as a screenshot (`urn:screenshot:`…), not an image the page merely used.
    explicit: bool,
    artifact: Artifact,
}

#[derive(Default)]
struct Tally {
    revisits: usize,
    redirects: usize,
    sha1_unchecked: usize,
    digests_checked: usize,
    other: usize,
}

/// Reads a WARC or ARC file (plain or gzip) into captures. `origin` is `warc` or `wacz`.
pub(crate) fn load_warc(
    file: &str,
    bytes: &[u8],
    origin: &str,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Capture> {
    let mut captures: Vec<Capture> = Vec::new();
    let mut screenshots: Vec<PendingScreenshot> = Vec::new();
    let mut tally = Tally::default();
    let summary = read_records(file, bytes, limits, diagnostics, &mut |record, diagnostics| {
        handle_record(file, origin, record, limits, &mut captures, &mut screenshots, &mut tally, diagnostics);
    });
    let format = if summary.arc { "ARC" } else { "WARC" };
    if summary.records == 0 {
        diagnostics.push(Diagnostic::error(format!("no {format} records could be read")).in_file(file));
    } else if captures.is_empty() {
        diagnostics.push(
            Diagnostic::warning(format!(
                "{} {format} records read, none of them an HTML page: no capture",
                summary.records
            ))
            .in_file(file),
        );
    }
    if tally.revisits > 0 {
        diagnostics.push(
            Diagnostic::info(format!("{} revisit records (duplicates of earlier captures) skipped", tally.revisits))
                .in_file(file),
        );
    }
    if tally.redirects > 0 {
        diagnostics.push(Diagnostic::info(format!("{} redirect responses skipped", tally.redirects)).in_file(file));
    }
    if tally.sha1_unchecked > 0 {
        diagnostics.push(
            Diagnostic::info(format!(
                "{} record digests use SHA-1: digest algorithm not checked (Exhibit checks SHA-256 digests)",
                tally.sha1_unchecked
            ))
            .in_file(file),
        );
    }
    if tally.digests_checked > 0 {
        diagnostics
            .push(Diagnostic::info(format!("{} SHA-256 record digests checked", tally.digests_checked)).in_file(file));
    }
    let _ = tally.other;
    for screenshot in screenshots {
        let best =
            captures.iter_mut().filter(|capture| same_page(&capture.url, &screenshot.page_url)).min_by_key(|capture| {
                capture
                    .captured_at
                    .as_deref()
                    .map(|date| distance(date, screenshot.date.as_deref()))
                    .unwrap_or(u64::MAX)
            });
        match best {
            Some(capture) => capture.artifacts.push(screenshot.artifact),
            // An image the page used (logo, photo) is not a screenshot of a page.
            None if !screenshot.explicit => {}
            None => diagnostics.push(
                Diagnostic::info(format!(
                    "screenshot of {} has no HTML capture of that page; not attached",
                    screenshot.page_url
                ))
                .in_file(file),
            ),
        }
    }
    captures
}

fn same_page(a: &str, b: &str) -> bool {
    a == b || a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// A crude, deterministic distance between two timestamps: compares their digits as numbers.
fn distance(a: &str, b: Option<&str>) -> u64 {
    let number =
        |text: &str| text.chars().filter(char::is_ascii_digit).take(14).collect::<String>().parse::<u64>().unwrap_or(0);
    match b {
        Some(b) => number(a).abs_diff(number(b)),
        None => 0,
    }
}

#[allow(clippy::too_many_arguments)]
fn handle_record(
    file: &str,
    origin: &str,
    record: Record,
    limits: &Limits,
    captures: &mut Vec<Capture>,
    screenshots: &mut Vec<PendingScreenshot>,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let record_type = record.record_type.as_str();
    if record_type == "revisit" {
        tally.revisits += 1;
        return;
    }
    if record_type != "response" && record_type != "resource" {
        return;
    }
    let Some(target) = record.target_uri() else {
        if record_type == "response" {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "{record_type} record {} has no WARC-Target-URI; skipped",
                    record.record_id()
                ))
                .in_file(file),
            );
        }
        return;
    };
    if target.starts_with("dns:") {
        return;
    }
    let source = format!("{file}#{}", record.record_id());
    let date = record.header("warc-date").map(str::to_string);
    let mut integrity = Vec::new();
    let mut record_diagnostics = Vec::new();

    let (payload_candidates, body, content_type, status): (Vec<Vec<u8>>, Vec<u8>, String, u16) =
        if record_type == "response" {
            let warc_content_type = record.header("content-type").unwrap_or_default().to_ascii_lowercase();
            if !warc_content_type.is_empty() && !warc_content_type.starts_with("application/http") {
                // A response whose block is not an HTTP message (e.g. FTP): treat the block as the payload.
                (vec![record.block.clone()], record.block.clone(), warc_content_type, 200)
            } else {
                match parse_http_response(&record.block, limits, &mut record_diagnostics) {
                    Some(response) => {
                        let content_type = response.header("content-type").unwrap_or_default().to_string();
                        let mut candidates = vec![response.raw_body.clone()];
                        if let Some(dechunked) = response.dechunked_body.clone() {
                            candidates.push(dechunked);
                        }
                        (candidates, response.body, content_type, response.status)
                    }
                    None => {
                        diagnostics.push(
                            Diagnostic::warning(format!(
                                "response record {} holds no readable HTTP response; skipped",
                                record.record_id()
                            ))
                            .in_file(file),
                        );
                        return;
                    }
                }
            }
        } else {
            let content_type = record.header("content-type").unwrap_or_default().to_string();
            (vec![record.block.clone()], record.block.clone(), content_type, 200)
        };
    for diagnostic in record_diagnostics {
        diagnostics
            .push(Diagnostic { message: format!("{}: {}", target, diagnostic.message), ..diagnostic }.in_file(file));
    }

    for (header, label) in [("warc-payload-digest", "WARC-Payload-Digest"), ("warc-block-digest", "WARC-Block-Digest")]
    {
        let Some(declared) = record.header(header) else { continue };
        let candidates: Vec<&[u8]> = if header == "warc-block-digest" {
            vec![record.block.as_slice()]
        } else {
            payload_candidates.iter().map(Vec::as_slice).collect()
        };
        if record.truncated {
            integrity.push(format!("record {} is truncated: {label} cannot hold", record.record_id()));
            continue;
        }
        match check_digest(declared, &candidates) {
            DigestCheck::Match => tally.digests_checked += 1,
            DigestCheck::Mismatch { declared, computed } => {
                tally.digests_checked += 1;
                let message = format!(
                    "{label} mismatch in record {}: declared {declared}, computed {computed}",
                    record.record_id()
                );
                diagnostics.push(Diagnostic::warning(format!("{target}: {message}")).in_file(file));
                integrity.push(message);
            }
            DigestCheck::NotChecked { .. } => tally.sha1_unchecked += 1,
            DigestCheck::Malformed => {
                diagnostics
                    .push(Diagnostic::warning(format!("{target}: {label} `{declared}` is malformed")).in_file(file));
            }
        }
    }
    if record.truncated {
        integrity.push(format!(
            "record {} is truncated: the capture holds only part of what was archived",
            record.record_id()
        ));
    }

    let media_type = media_type_of(&content_type);
    let sniffed = sniff(&body);
    let (page_url, is_view_target) = page_url_of_target(&target);
    if media_type.starts_with("image/") || sniffed.is_image() {
        let Some(image_type) =
            sniffed.image_media_type().or(media_type.starts_with("image/").then_some(media_type.as_str()))
        else {
            return;
        };
        screenshots.push(PendingScreenshot {
            page_url: page_url.to_string(),
            date,
            explicit: is_view_target,
            artifact: artifact(ArtifactKind::Screenshot, image_type, source, Arc::from(body)),
        });
        return;
    }
    let is_html = is_html_media_type(&media_type)
        || (media_type.is_empty() || media_type == "text/plain") && sniffed == Sniffed::Html;
    if !is_html {
        tally.other += 1;
        return;
    }
    if is_view_target {
        // Browsertrix's rendered-DOM snapshot of a page: not what the server sent; skipped.
        return;
    }
    if (300..400).contains(&status) {
        tally.redirects += 1;
        return;
    }
    let charset = charset_of_content_type(&content_type);
    let base_type = if media_type.is_empty() { "text/html".to_string() } else { media_type.clone() };
    // The charset stays on the artifact's media type so every later decode agrees with this one.
    let artifact_type = match &charset {
        Some(charset) => format!("{base_type}; charset={charset}"),
        None => base_type,
    };
    let (mut capture, _) = capture_from_html(
        HtmlInput {
            bytes: Arc::from(body),
            http_charset: charset.as_deref(),
            media_type: &artifact_type,
            source: source.clone(),
            origin,
            url: Some(target.clone()),
            captured_at: date,
        },
        limits,
        file,
        diagnostics,
    );
    if !(200..300).contains(&status) && status != 0 {
        integrity.push(format!("the server answered HTTP {status} for this page"));
    }
    capture.integrity.extend(integrity);
    capture.artifacts.push(artifact(
        ArtifactKind::ArchiveRecord,
        "application/warc-fields",
        source,
        Arc::from(record.block),
    ));
    captures.push(capture);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests() {
        let hex = crate::domain::hash::sha256_hex(b"abc");
        assert_eq!(check_digest(&format!("sha256:{hex}"), &[b"abc"]), DigestCheck::Match);
        assert!(matches!(check_digest(&format!("sha256:{hex}"), &[b"abd"]), DigestCheck::Mismatch { .. }));
        assert_eq!(
            check_digest("sha1:UZY6ND6CCHXETFVJD2MSS7ZENMWF7KQ2", &[b"x"]),
            DigestCheck::NotChecked { algorithm: "sha1".to_string() }
        );
        assert_eq!(check_digest("sha256:nothex", &[b"x"]), DigestCheck::Malformed);
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(decode_base32("MZXW6YTBOI======"), Some(b"foobar".to_vec()));
        assert_eq!(decode_base32("MZXW6==="), Some(b"foo".to_vec()));
        assert_eq!(decode_base32("1"), None);
    }
}
