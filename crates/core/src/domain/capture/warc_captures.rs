//! Turning WARC/ARC records into captures: HTML `response` and `resource` records become captures
//! (with their HTTP status and media type in `Capture::page`), image records (including
//! Browsertrix `urn:screenshot:` / `urn:view:` / `urn:thumbnail:` records) and 3xx redirects are
//! handed back for `crawl::link_records` to attach to their page, and payload digests are checked.
//! A page or screenshot record whose target is not an absolute http(s) URL (`javascript:`, `data:`,
//! one that does not parse) makes no capture, and that is said.
//!
//! This module owns the meaning of records; the byte-level reading is in `warc`. It must never
//! claim a digest holds when it could not check it: SHA-1 digests (no SHA-1 implementation in the
//! core) are reported as not checked.

use std::sync::Arc;

use crate::domain::capture::decode::charset_of_content_type;
use crate::domain::capture::integrity::{ArchiveLocator, IntegrityCheck, IntegrityKind, IntegrityStatus, WaczLocator};
use crate::domain::capture::warc::{parse_http_response, read_records, Record};
use crate::domain::capture::{artifact, capture_from_html, sniff, ArtifactKind, Capture, HtmlInput, Limits, Sniffed};
use crate::domain::crawl::{resolve_location, Pending, PendingScreenshot, Redirect};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::hash::sha256_hex;

pub use crate::domain::capture::integrity::{check_digest, decode_base32, DigestCheck};

/// The WARC file records are read from, as the archive locators name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WarcSource {
    /// The path diagnostics and artifact sources use (`x.wacz/archive/data.warc.gz` in a WACZ).
    pub display: String,
    /// The file the locator names: the path as loaded, or the member path inside a WACZ.
    pub file: String,
    /// Lowercase hex SHA-256 of the WARC file's bytes.
    pub sha256: String,
    pub wacz: Option<WaczLocator>,
}

impl WarcSource {
    /// A WARC/ARC file loaded as itself.
    pub fn file(path: &str, bytes: &[u8]) -> WarcSource {
        WarcSource { display: path.to_string(), file: path.to_string(), sha256: sha256_hex(bytes), wacz: None }
    }
}

fn locator(source: &WarcSource, record: &Record) -> ArchiveLocator {
    ArchiveLocator {
        file: source.file.clone(),
        file_sha256: source.sha256.clone(),
        offset: record.position.offset,
        length: record.position.length,
        framing: record.position.framing,
        record_id: record.header("warc-record-id").map(|id| id.trim().to_string()),
        block_digest: record.header("warc-block-digest").map(|digest| digest.trim().to_string()),
        payload_digest: record.header("warc-payload-digest").map(|digest| digest.trim().to_string()),
        wacz: source.wacz.clone(),
    }
}

/// The body of an HTTP message in a block (after the first blank line), when there is one.
fn http_body(block: &[u8]) -> Option<&[u8]> {
    let at = crate::domain::capture::decode::find(block, b"\r\n\r\n").map(|at| at + 4)?;
    block.get(at..)
}

/// Checks a record's stated `WARC-Block-Digest` and `WARC-Payload-Digest` (each Passed, Failed,
/// NotStated or NotChecked) and whether it is whole.
fn record_checks(record: &Record, payload_candidates: &[&[u8]], tally: &mut Tally) -> Vec<IntegrityCheck> {
    let id = record.record_id();
    let about = match record.target_uri() {
        Some(target) => format!("record {id} ({target})"),
        None => format!("record {id}"),
    };
    let mut checks = Vec::new();
    let digests = [
        (IntegrityKind::BlockDigest, "warc-block-digest", "WARC-Block-Digest"),
        (IntegrityKind::PayloadDigest, "warc-payload-digest", "WARC-Payload-Digest"),
    ];
    for (kind, header, label) in digests {
        let subject = format!("{label} of record {id}");
        let Some(declared) = record.header(header) else {
            tally.not_stated += 1;
            checks.push(IntegrityCheck::new(
                kind,
                subject,
                IntegrityStatus::NotStated,
                format!("{about} states no {label}"),
            ));
            continue;
        };
        if kind == IntegrityKind::PayloadDigest && record.record_type == "revisit" {
            checks.push(IntegrityCheck::new(
                kind,
                subject,
                IntegrityStatus::NotChecked,
                format!("{label} of revisit {about} describes the earlier record it repeats"),
            ));
            continue;
        }
        if record.truncated {
            tally.failed += 1;
            checks.push(IntegrityCheck::new(
                kind,
                subject,
                IntegrityStatus::Failed,
                format!("{about} is truncated: {label} cannot hold"),
            ));
            continue;
        }
        let block = [record.block.as_slice()];
        let candidates: &[&[u8]] = if kind == IntegrityKind::BlockDigest { &block } else { payload_candidates };
        let check = match check_digest(declared, candidates) {
            DigestCheck::Match { algorithm } => {
                match algorithm {
                    "sha1" => tally.sha1 += 1,
                    _ => tally.sha256 += 1,
                }
                IntegrityCheck::new(
                    kind,
                    subject,
                    IntegrityStatus::Passed,
                    format!("{label} of {about} matches ({algorithm})"),
                )
            }
            DigestCheck::Mismatch { declared, computed } => {
                tally.failed += 1;
                IntegrityCheck::new(
                    kind,
                    subject,
                    IntegrityStatus::Failed,
                    format!("{label} mismatch in {about}: declared {declared}, computed {computed}"),
                )
            }
            DigestCheck::NotChecked { algorithm } => {
                tally.unchecked += 1;
                IntegrityCheck::new(
                    kind,
                    subject,
                    IntegrityStatus::NotChecked,
                    format!("{label} of {about} uses {algorithm}: not checked (Exhibit checks SHA-1 and SHA-256)"),
                )
            }
            DigestCheck::Malformed => {
                tally.unchecked += 1;
                IntegrityCheck::new(
                    kind,
                    subject,
                    IntegrityStatus::NotChecked,
                    format!("{label} `{}` of {about} is malformed: not checked", declared.trim()),
                )
            }
        };
        checks.push(check);
    }
    if record.truncated {
        checks.push(IntegrityCheck::new(
            IntegrityKind::Record,
            format!("record {id}"),
            IntegrityStatus::Failed,
            format!("{about} is truncated: the capture holds only part of what was archived"),
        ));
    }
    checks
}

/// The failure sentences of some checks, for `Capture::integrity`.
fn failure_notes(checks: &[IntegrityCheck]) -> impl Iterator<Item = String> + '_ {
    checks.iter().filter(|check| check.status.is_failure()).map(|check| check.message.clone())
}

fn media_type_of(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_html_media_type(media_type: &str) -> bool {
    matches!(media_type, "text/html" | "application/xhtml+xml")
}

/// Why a record's target is not the address of a web page, or `None` when it is one: an
/// absolute `http(s)` URL with a host that parses (`javascript:`, `data:`, `mailto:`,
/// `https://[::1` and a port over 65535 are not).
fn not_a_web_url(target: &str) -> Option<String> {
    match url::Url::parse(target) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => None,
        Ok(url) => Some(format!("is not an http(s) URL (its scheme is `{}`)", url.scheme())),
        Err(error) => Some(format!("does not parse as a URL ({error})")),
    }
}

/// The warning for a record whose target is no web page: it makes no capture.
fn not_a_capture(record: &Record, target: &str, problem: &str) -> Diagnostic {
    let shown: String = target.chars().take(200).collect();
    Diagnostic::warning(format!(
        "{} record {}: its WARC-Target-URI {shown:?} {problem}; not a capture, skipped",
        record.record_type,
        record.record_id()
    ))
}

/// The page a Browsertrix-style `urn:screenshot:` / `urn:view:` / `urn:thumbnail:` target belongs
/// to, whether it is such a target, and whether it is a thumbnail.
fn page_url_of_target(target: &str) -> (&str, bool, bool) {
    for (prefix, thumbnail) in [("urn:screenshot:", false), ("urn:view:", false), ("urn:thumbnail:", true)] {
        if let Some(url) = target.strip_prefix(prefix) {
            return (url, true, thumbnail);
        }
    }
    (target, false, false)
}

#[derive(Default)]
struct Tally {
    revisits: usize,
    redirects: usize,
    /// Digests that matched, by algorithm.
    sha1: usize,
    sha256: usize,
    failed: usize,
    not_stated: usize,
    unchecked: usize,
    other: usize,
}

/// Reads a WARC or ARC file (plain or gzip) into captures. `origin` is `warc` or `wacz`. The
/// screenshot and redirect records come back beside them, for `crawl::link_records` to link once
/// every file of the load is read (a WACZ's screenshots may sit in another WARC than their page).
pub(crate) fn load_warc(
    source: &WarcSource,
    bytes: &[u8],
    origin: &str,
    limits: &Limits,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Capture>, Pending) {
    let mut captures: Vec<Capture> = Vec::new();
    let mut pending = Pending::default();
    let mut tally = Tally::default();
    let file = source.display.as_str();
    let summary = read_records(file, bytes, limits, diagnostics, &mut |record, diagnostics| {
        handle_record(source, origin, record, limits, &mut captures, &mut pending, &mut tally, diagnostics);
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
    // What was read besides pages, counted in words (each line only when its count is not zero).
    let matched = tally.sha1 + tally.sha256;
    let counts = [
        (tally.revisits, format!("{} revisit records (duplicates of earlier captures) skipped", tally.revisits)),
        (
            tally.redirects,
            format!(
                "{} redirect responses read: each is followed to the page it leads to, not offered as a page",
                tally.redirects
            ),
        ),
        (
            matched + tally.failed,
            format!(
                "{} record digests checked: {matched} match ({} SHA-1, {} SHA-256), {} do not",
                matched + tally.failed,
                tally.sha1,
                tally.sha256,
                tally.failed
            ),
        ),
        (
            tally.unchecked,
            format!(
                "{} record digests not checked (algorithm other than SHA-1/SHA-256, or malformed)",
                tally.unchecked
            ),
        ),
        (tally.not_stated, format!("{} record digests not stated by the archive", tally.not_stated)),
        (
            tally.other,
            format!(
                "{} records that are not HTML pages (stylesheets, scripts, text…) are kept out of the page list",
                tally.other
            ),
        ),
    ];
    for (count, message) in counts {
        if count > 0 {
            diagnostics.push(Diagnostic::info(message).in_file(file));
        }
    }
    (captures, pending)
}

#[allow(clippy::too_many_arguments)]
fn handle_record(
    source: &WarcSource,
    origin: &str,
    record: Record,
    limits: &Limits,
    captures: &mut Vec<Capture>,
    pending: &mut Pending,
    tally: &mut Tally,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let file = source.display.as_str();
    let record_type = record.record_type.clone();
    let record_type = record_type.as_str();
    let warc_content_type = record.header("content-type").unwrap_or_default().to_ascii_lowercase();
    let http_block = warc_content_type.is_empty() || warc_content_type.starts_with("application/http");
    let target = record.target_uri();
    let mut record_diagnostics = Vec::new();

    // The HTTP response, when the block holds one (read once, for the digests and the capture).
    let response =
        if record_type == "response" && http_block && target.as_deref().is_some_and(|t| !t.starts_with("dns:")) {
            parse_http_response(&record.block, limits, &mut record_diagnostics)
        } else {
            None
        };
    // What `WARC-Payload-Digest` may cover: the body as stored, or with the transfer coding undone.
    let payload_candidates: Vec<&[u8]> = match (&response, record_type) {
        (Some(response), _) => {
            let mut candidates = vec![response.raw_body.as_slice()];
            if let Some(dechunked) = &response.dechunked_body {
                candidates.push(dechunked.as_slice());
            }
            candidates
        }
        (None, "response" | "request") if http_block => {
            http_body(&record.block).into_iter().chain([record.block.as_slice()]).collect()
        }
        _ => vec![record.block.as_slice()],
    };
    // Every record read is checked; failures are reported even when the record makes no capture.
    let checks = record_checks(&record, &payload_candidates, tally);
    for check in checks.iter().filter(|check| check.status.is_failure()) {
        diagnostics.push(Diagnostic::warning(check.message.clone()).in_file(file));
    }

    if record_type == "revisit" {
        tally.revisits += 1;
        return;
    }
    if record_type != "response" && record_type != "resource" {
        return;
    }
    let Some(target) = target else {
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
    let archive = locator(source, &record);
    let artifact_source = format!("{file}#{}", record.record_id());
    // A capture's time orders its visits and decides what `removed` compares: a date that is no
    // time (`yesterday`, `9999-99-99T99:99:99Z`) is left unknown, and said.
    let date = record.header("warc-date").map(str::to_string).filter(|date| {
        let readable = crate::domain::time::Timestamp::new(date.as_str()).instant().is_some();
        if !readable {
            diagnostics.push(
                Diagnostic::warning(format!(
                    "record {}: WARC-Date {date:?} is not a time; the capture's time is left unknown",
                    record.record_id()
                ))
                .in_file(file),
            );
        }
        readable
    });
    let mut integrity: Vec<String> = failure_notes(&checks).collect();

    let location = response.as_ref().and_then(|response| response.header("location")).map(str::to_string);
    let (body, content_type, status): (Vec<u8>, String, u16) = if record_type == "response" {
        if !http_block {
            // A response whose block is not an HTTP message (e.g. FTP): treat the block as the payload.
            (record.block.clone(), warc_content_type, 200)
        } else {
            match response {
                Some(response) => {
                    let content_type = response.header("content-type").unwrap_or_default().to_string();
                    (response.body, content_type, response.status)
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
        (record.block.clone(), content_type, 200)
    };
    for diagnostic in record_diagnostics {
        diagnostics
            .push(Diagnostic { message: format!("{}: {}", target, diagnostic.message), ..diagnostic }.in_file(file));
    }

    let media_type = media_type_of(&content_type);
    if (300..400).contains(&status) {
        // A redirect: followed (on the records, never the network) to the page it ends on.
        tally.redirects += 1;
        if let Some(to) = location.as_deref().and_then(|location| resolve_location(&target, location)) {
            pending.redirects.push(Redirect { from: target.clone(), to });
        }
        return;
    }
    let sniffed = sniff(&body);
    let (page_url, is_view_target, thumbnail) = page_url_of_target(&target);
    if media_type.starts_with("image/") || sniffed.is_image() {
        let Some(image_type) =
            sniffed.image_media_type().or(media_type.starts_with("image/").then_some(media_type.as_str()))
        else {
            return;
        };
        if let Some(problem) = not_a_web_url(page_url) {
            diagnostics.push(not_a_capture(&record, &target, &problem).in_file(file));
            return;
        }
        let mut screenshot = artifact(ArtifactKind::Screenshot, image_type, artifact_source, Arc::from(body));
        screenshot.archive = Some(archive);
        pending.screenshots.push(PendingScreenshot {
            page_url: page_url.to_string(),
            date,
            explicit: is_view_target,
            thumbnail,
            artifact: screenshot,
            checks,
            file: file.to_string(),
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
    if let Some(problem) = not_a_web_url(&target) {
        diagnostics.push(not_a_capture(&record, &target, &problem).in_file(file));
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
            source: artifact_source.clone(),
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
    capture.page.http_status = (record_type == "response" && http_block).then_some(status);
    capture.page.media_type = Some(media_type.clone()).filter(|media_type| !media_type.is_empty());
    capture.integrity.extend(integrity);
    capture.integrity_checks.extend(checks);
    for html in capture.artifacts.iter_mut() {
        html.archive = Some(archive.clone());
    }
    let mut record_artifact =
        artifact(ArtifactKind::ArchiveRecord, "application/warc-fields", artifact_source, Arc::from(record.block));
    record_artifact.archive = Some(archive);
    capture.artifacts.push(record_artifact);
    captures.push(capture);
}
