//! Captures: what one URL showed at one time. Reads Exhibit bundles, loose HTML + screenshot
//! files, WARC and WACZ archives; decodes text in any encoding; extracts canonical text with stable
//! offsets; hashes every artifact; profiles language.
//!
//! Never panics and never fails whole: `load` returns the captures it could read plus diagnostics.
//! Formats are detected by their bytes, not their names. Nothing here follows a link or runs script.

pub mod bundle;
pub mod decode;
pub mod integrity;
pub mod loose;
pub mod text;
pub mod wacz;
#[cfg(not(target_arch = "wasm32"))]
pub mod wacz_domain;
pub mod wacz_signature;
pub mod warc;
pub mod warc_captures;
pub mod zip_members;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::diagnostic::Diagnostic;
use crate::domain::hash::sha256_hex;
use crate::domain::ids::CaptureId;

pub use bundle::{parse_capture_manifest, parse_case_manifest, CaptureManifest, CaseManifest, BUNDLE_SCHEMA_VERSION};
pub use integrity::{
    apply_trusted_keys, ArchiveLocator, IntegrityCheck, IntegrityKind, IntegrityNote, IntegrityStatus, RecordFraming,
    WaczLocator,
};
pub use text::{extract_html, extract_plain_text, extract_text, HtmlExtraction, PageAddress, TEXT_ALGORITHM_VERSION};

/// One input file as the user gave it: a path (relative, `/`-separated) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: String,
    pub bytes: Arc<[u8]>,
}

impl InputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        InputFile { path: path.into(), bytes: bytes.into() }
    }
}

/// Caps that keep hostile input from using unbounded memory or time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest single file or archive member read, decompressed.
    pub max_file_bytes: u64,
    /// Largest total decompressed size read out of one archive.
    pub max_total_bytes: u64,
    /// Most captures read from one load.
    pub max_captures: usize,
    /// Deepest element nesting followed by text extraction.
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_total_bytes: 1024 * 1024 * 1024,
            max_captures: 100_000,
            max_nesting: 512,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactKind {
    Html,
    Screenshot,
    Text,
    ArchiveRecord,
}

impl ArtifactKind {
    /// The name it has in JSON (`html`, `screenshot`, `text`, `archive-record`).
    pub fn as_str(self) -> &'static str {
        match self {
            ArtifactKind::Html => "html",
            ArtifactKind::Screenshot => "screenshot",
            ArtifactKind::Text => "text",
            ArtifactKind::ArchiveRecord => "archive-record",
        }
    }
}

/// A file that belongs to a capture, pinned by the SHA-256 of its raw bytes as loaded.
#[derive(Debug, Clone, Serialize)]
pub struct Artifact {
    pub kind: ArtifactKind,
    pub media_type: String,
    /// Lowercase hex SHA-256 of the raw bytes as loaded (for a WARC record: its payload).
    pub sha256: String,
    pub bytes: u64,
    /// Where it came from: a file path, or `archive.warc.gz#record-id`.
    pub source: String,
    /// For an artifact read from a WARC/ARC (or a WARC inside a WACZ): the record as archived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<ArchiveLocator>,
    /// The raw bytes, kept for display (screenshots) and re-hashing. Never serialised.
    #[serde(skip)]
    pub content: Option<Arc<[u8]>>,
}

impl PartialEq for Artifact {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind
            && self.media_type == other.media_type
            && self.sha256 == other.sha256
            && self.bytes == other.bytes
            && self.source == other.source
            && self.archive == other.archive
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    TableCell,
    Quote,
    Preformatted,
    Other,
}

/// One block of the canonical text. `start..end` are offsets in Unicode code points into
/// `ExtractedText::canonical` (W3C TextPosition semantics).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A link found in the page: data only, never followed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub text: String,
    pub href: String,
    /// `href` normalised as an allegation would be (`allegations::normalize_url`), for display
    /// and matching; filled by `PageLink::normalise` (the app's worker does), not by extraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized_url: Option<String>,
    /// The ASCII host of `normalized_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized_host: Option<String>,
}

impl PageLink {
    pub fn new(text: String, href: String) -> PageLink {
        PageLink { text, href, normalized_url: None, normalized_host: None }
    }

    /// Fills `normalized_url` and `normalized_host` (left `None` when `href` is not a URL).
    pub fn normalise(&mut self) {
        if let Ok(normalized) = crate::domain::allegations::normalize_url(&self.href) {
            self.normalized_url = Some(normalized.url);
            self.normalized_host = Some(normalized.host);
        }
    }
}

/// The page's visible text. `canonical` is the blocks joined by `\n\n`; it and its offsets are
/// stable across runs and versions because citations point into it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ExtractedText {
    pub title: Option<String>,
    pub description: Option<String>,
    pub canonical: String,
    pub blocks: Vec<Block>,
    pub links: Vec<PageLink>,
}

/// Share of the text in one language (ISO 639-3, as whatlang's codes) or script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageShare {
    /// ISO 639-3 code (`ara`, `pes`… as whatlang's `Lang::code()`), or `None` when uncertain.
    pub lang: Option<String>,
    /// Script name as whatlang's `Script::name()` (`Arabic`, `Cyrillic`, `Latin`…).
    pub script: String,
    /// Fraction of the text's letters, 0..=1.
    pub share: f64,
    pub reliable: bool,
}

/// Language and script of a page: context for the reviewer, never evidence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LanguageProfile {
    /// Sorted by share, largest first.
    pub languages: Vec<LanguageShare>,
    /// One plain line, e.g. "Arabic script, language uncertain" or "Persian (Arabic script)".
    pub summary: String,
}

/// What one URL showed at one time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capture {
    /// Stable id derived from the content: `c-` + first 12 hex chars of the primary artifact's hash.
    pub id: CaptureId,
    pub url: String,
    /// RFC 3339 / ISO 8601 time of capture, when known.
    pub captured_at: Option<String>,
    /// The tool or format it came from: `exhibit-bundle`, `loose-html`, `warc`, `wacz`, …
    pub origin: String,
    pub title: Option<String>,
    pub artifacts: Vec<Artifact>,
    pub text: ExtractedText,
    pub language: LanguageProfile,
    /// Integrity findings as sentences (digest mismatches, signatures…), shown beside the capture.
    /// Every Failed or Untrusted check in `integrity_checks` has its sentence here too.
    pub integrity: Vec<String>,
    /// The typed integrity checks (record digests, WACZ hashes and signature); see
    /// `Capture::integrity_failures`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub integrity_checks: Vec<IntegrityCheck>,
    /// What the archive says about the page as served (status, type, redirects, page list); empty
    /// for bundles and loose files. See `domain::crawl` for what is made of it.
    #[serde(default, skip_serializing_if = "PageInfo::is_empty")]
    pub page: PageInfo,
}

/// What an archive (WARC, WACZ) records about a captured page beyond its bytes. Every field is
/// optional in JSON, so captures written before it existed still load.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct PageInfo {
    /// The HTTP status the server answered (`200`, `404`…), when the archive holds the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The response's media type without parameters (`text/html`), when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// URLs whose recorded 3xx responses (in the same load) lead to this page, first request
    /// first: `/old` → `/new` → this page gives `["…/old", "…/new"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirected_from: Vec<String>,
    /// Named in the archive's page list (`pages/pages.jsonl` of a WACZ).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listed: bool,
    /// The crawl's entry page by its page list: a `seed` there, or the list's first page when no
    /// line says which is a seed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub seed: bool,
}

impl PageInfo {
    pub fn is_empty(&self) -> bool {
        self == &PageInfo::default()
    }
}

impl Capture {
    pub fn artifact(&self, kind: ArtifactKind) -> Option<&Artifact> {
        self.artifacts.iter().find(|artifact| artifact.kind == kind)
    }
    /// The artifact citations of the text point to: the HTML (or text) the canonical text came from.
    pub fn text_artifact(&self) -> Option<&Artifact> {
        self.artifact(ArtifactKind::Html).or_else(|| self.artifact(ArtifactKind::Text))
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Zip,
    Gzip,
    Warc,
    Arc,
    Html,
    Png,
    Jpeg,
    Webp,
    Gif,
    Json,
    Other,
}

impl Sniffed {
    pub fn is_image(self) -> bool {
        matches!(self, Sniffed::Png | Sniffed::Jpeg | Sniffed::Webp | Sniffed::Gif)
    }
    pub fn image_media_type(self) -> Option<&'static str> {
        Some(match self {
            Sniffed::Png => "image/png",
            Sniffed::Jpeg => "image/jpeg",
            Sniffed::Webp => "image/webp",
            Sniffed::Gif => "image/gif",
            _ => return None,
        })
    }
}

/// Detects a format from its bytes, never from a file name.
pub fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Sniffed::Zip;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Sniffed::Gzip;
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        return Sniffed::Jpeg;
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        return Sniffed::Webp;
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Sniffed::Gif;
    }
    sniff_text(bytes)
}

fn sniff_text(bytes: &[u8]) -> Sniffed {
    // Look past a BOM and leading whitespace; UTF-16 is sniffed on its decoded start.
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    let decoded;
    let text: &str = if head.starts_with(&[0xff, 0xfe])
        || head.starts_with(&[0xfe, 0xff])
        || decode::sniff_bomless_utf16(head).is_some()
    {
        decoded = decode::decode_text(head, None).text;
        &decoded
    } else {
        decoded = String::from_utf8_lossy(head).into_owned();
        &decoded
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with("WARC/") {
        return Sniffed::Warc;
    }
    if text.starts_with("filedesc://") {
        return Sniffed::Arc;
    }
    if text.starts_with('{') {
        return Sniffed::Json;
    }
    // The first 512 bytes, cut at a character's boundary (a page in Arabic or in an undeclared
    // legacy encoding, read here as UTF-8 with replacement characters, rarely has one at 512).
    let mut end = text.len().min(512);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let lower = text.get(..end).unwrap_or_default().to_ascii_lowercase();
    let markers = ["<!doctype html", "<html", "<head", "<body", "<!-- saved from url=", "<meta", "<title"];
    if markers.iter().any(|marker| lower.starts_with(marker)) {
        return Sniffed::Html;
    }
    if lower.starts_with("<?xml") && lower.contains("<html") {
        return Sniffed::Html;
    }
    if lower.starts_with("<!--") && (lower.contains("<html") || lower.contains("<!doctype html")) {
        return Sniffed::Html;
    }
    Sniffed::Other
}

/// Decodes an HTML artifact's bytes exactly as text extraction does. `content_type` is the
/// artifact's media type, whose `charset` parameter (from the HTTP response) is honoured.
pub fn decode_html_bytes(bytes: &[u8], content_type: Option<&str>) -> String {
    let charset = content_type.and_then(decode::charset_of_content_type);
    decode::decode_html(bytes, charset.as_deref()).text
}

/// Builds a capture from an HTML artifact: decodes, extracts text, hashes. The id and language
/// profile are filled in by `load` once every capture is known.
pub(crate) struct HtmlInput<'a> {
    pub bytes: Arc<[u8]>,
    pub http_charset: Option<&'a str>,
    pub media_type: &'a str,
    pub source: String,
    pub origin: &'a str,
    pub url: Option<String>,
    pub captured_at: Option<String>,
}

pub(crate) fn capture_from_html(
    input: HtmlInput<'_>,
    limits: &Limits,
    file: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Capture, PageAddress) {
    let decoded = decode::decode_html(&input.bytes, input.http_charset);
    if decoded.had_errors {
        diagnostics.push(
            Diagnostic::warning(format!(
                "invalid byte sequences for {} ({}) replaced with U+FFFD",
                decoded.encoding,
                decoded.source.describe()
            ))
            .in_file(file),
        );
    }
    let extraction = extract_html(&decoded.text, limits);
    diagnostics.extend(extraction.diagnostics.into_iter().map(|diagnostic| diagnostic.in_file(file)));
    let artifact = artifact(ArtifactKind::Html, input.media_type, input.source, input.bytes);
    let capture = Capture {
        id: CaptureId::default(),
        url: input.url.unwrap_or_default(),
        captured_at: input.captured_at,
        origin: input.origin.to_string(),
        title: extraction.text.title.clone(),
        artifacts: vec![artifact],
        text: extraction.text,
        language: LanguageProfile::default(),
        integrity: Vec::new(),
        integrity_checks: Vec::new(),
        page: PageInfo::default(),
    };
    (capture, extraction.address)
}

pub(crate) fn artifact(kind: ArtifactKind, media_type: &str, source: String, bytes: Arc<[u8]>) -> Artifact {
    Artifact {
        kind,
        media_type: media_type.to_string(),
        sha256: sha256_hex(&bytes),
        bytes: bytes.len() as u64,
        source,
        archive: None,
        content: Some(bytes),
    }
}

/// Loads captures from any mix of supported inputs: Exhibit bundles (folders or zips), loose HTML
/// with screenshots, WARC/ARC files (plain or gzip) and WACZ files. Never fails whole.
pub fn load(files: &[InputFile], limits: &Limits) -> (Vec<Capture>, Vec<Diagnostic>) {
    let trusted_keys = case_trusted_keys(files);
    let (mut captures, mut diagnostics) = load_unfinished(files, limits);
    apply_trusted_keys(&mut captures, &trusted_keys);
    finish_captures(&mut captures, limits, &mut diagnostics);
    profile_languages(&mut captures);
    (captures, diagnostics)
}

/// `load`, one group of files at a time (each folder, then the loose files beside no folder),
/// calling `progress(done, total)` after each group. The capture limit and the ids are applied once
/// over all groups, as `load` applies them (repeated bytes numbered across folders, in folder
/// order); only the progress is new (the app's worker shows it).
pub fn load_by_folder(
    files: Vec<InputFile>,
    limits: &Limits,
    progress: &mut dyn FnMut(usize, usize),
) -> (Vec<Capture>, Vec<Diagnostic>) {
    let trusted_keys = case_trusted_keys(&files);
    let groups = folder_groups(files);
    let total = groups.len();
    let mut captures = Vec::new();
    let mut diagnostics = Vec::new();
    for (done, group) in groups.into_iter().enumerate() {
        let (mut loaded, found) = load_unfinished(&group, limits);
        profile_languages(&mut loaded);
        captures.extend(loaded);
        diagnostics.extend(found);
        progress(done + 1, total);
    }
    apply_trusted_keys(&mut captures, &trusted_keys);
    finish_captures(&mut captures, limits, &mut diagnostics);
    (captures, diagnostics)
}

/// The `trusted_keys` of every readable `case.json` among the files (usually one).
fn case_trusted_keys(files: &[InputFile]) -> Vec<String> {
    let mut keys = Vec::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if name != "case.json" || sniff(&file.bytes) != Sniffed::Json {
            continue;
        }
        if let Ok(case) = parse_case_manifest(&file.bytes) {
            keys.extend(case.trusted_keys);
        }
    }
    keys
}

/// Files grouped by their folder: each folder is one bundle capture, or loose files beside each
/// other; a group is parsed as a unit so manifests and screenshots still pair.
fn folder_groups(files: Vec<InputFile>) -> Vec<Vec<InputFile>> {
    let mut by_folder: std::collections::BTreeMap<String, Vec<InputFile>> = std::collections::BTreeMap::new();
    let mut roots = Vec::new();
    for file in files {
        match file.path.rsplit_once('/') {
            Some((folder, _)) => by_folder.entry(folder.to_string()).or_default().push(file),
            None => roots.push(file),
        }
    }
    let mut groups: Vec<Vec<InputFile>> = by_folder.into_values().collect();
    if !roots.is_empty() {
        groups.push(roots);
    }
    groups
}

/// How deep archives inside zips are read (a WACZ in a zip: 1).
pub const MAX_ARCHIVE_DEPTH: usize = 2;

/// The captures of some files, before the capture limit, ids and language profiles.
fn load_unfinished(files: &[InputFile], limits: &Limits) -> (Vec<Capture>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut captures = Vec::new();
    let mut pending = crate::domain::crawl::Pending::default();
    let mut plain_files: Vec<InputFile> = Vec::new();
    // A worklist rather than the files alone: an archive inside a zip (a WACZ, a WARC, another
    // zip, as people zip files to send them) is read in its turn, up to `MAX_ARCHIVE_DEPTH`.
    let mut work: Vec<(InputFile, usize)> = files.iter().rev().map(|file| (file.clone(), 0)).collect();
    while let Some((file, depth)) = work.pop() {
        let file = &file;
        let sniffed = sniff(&file.bytes);
        // An archive (WARC, ARC, gzip, zip, WACZ) is read record by record or member by member,
        // each held to the file limit: the archive itself may be as large as the whole load (a
        // crawl's WARC of hundreds of megabytes).
        let container = matches!(sniffed, Sniffed::Warc | Sniffed::Arc | Sniffed::Gzip | Sniffed::Zip);
        let limit = if container { limits.max_total_bytes.max(limits.max_file_bytes) } else { limits.max_file_bytes };
        if file.bytes.len() as u64 > limit {
            diagnostics.push(
                Diagnostic::error(format!("{} bytes is over the {limit}-byte limit; skipped", file.bytes.len()))
                    .in_file(&file.path),
            );
            continue;
        }
        match sniffed {
            Sniffed::Zip => {
                let members = zip_members::read_zip(&file.path, &file.bytes, limits, &mut diagnostics);
                if wacz::is_wacz(&members) {
                    let wacz_sha256 = sha256_hex(&file.bytes);
                    let (found, records) =
                        wacz::load_wacz(&file.path, &wacz_sha256, &members, limits, &mut diagnostics);
                    captures.extend(found);
                    pending.extend(records);
                } else {
                    let mut nested = Vec::new();
                    for member in members {
                        let member = InputFile { path: format!("{}/{}", file.path, member.path), bytes: member.bytes };
                        let archive =
                            matches!(sniff(&member.bytes), Sniffed::Zip | Sniffed::Gzip | Sniffed::Warc | Sniffed::Arc);
                        if !archive {
                            plain_files.push(member);
                        } else if depth < MAX_ARCHIVE_DEPTH {
                            nested.push(member);
                        } else {
                            diagnostics.push(
                                Diagnostic::warning(format!(
                                    "an archive nested more than {MAX_ARCHIVE_DEPTH} levels deep is not read"
                                ))
                                .in_file(&member.path),
                            );
                        }
                    }
                    // Read next, in the zip's order.
                    work.extend(nested.into_iter().rev().map(|member| (member, depth + 1)));
                }
            }
            Sniffed::Gzip => {
                let (prefix, error) = warc::gunzip_prefix(&file.bytes, 64);
                match (sniff_text(&prefix), error) {
                    (Sniffed::Warc | Sniffed::Arc, _) => {
                        load_warc_file(file, limits, &mut captures, &mut pending, &mut diagnostics)
                    }
                    // Damaged before what it holds could be seen: the damage is the reason.
                    (_, Some(error)) => diagnostics.push(
                        Diagnostic::warning(format!("unreadable gzip file ({error}); ignored")).in_file(&file.path),
                    ),
                    _ => diagnostics.push(
                        Diagnostic::warning("gzip file that holds neither WARC nor ARC records; ignored")
                            .in_file(&file.path),
                    ),
                }
            }
            Sniffed::Warc | Sniffed::Arc => load_warc_file(file, limits, &mut captures, &mut pending, &mut diagnostics),
            _ => plain_files.push(file.clone()),
        }
    }

    let mut consumed = vec![false; plain_files.len()];
    captures.extend(bundle::load_bundles(&plain_files, &mut consumed, limits, &mut diagnostics));
    captures.extend(loose::load_loose(&plain_files, &mut consumed, limits, &mut diagnostics));
    crate::domain::crawl::link_records(&mut captures, pending, &mut diagnostics);
    (captures, diagnostics)
}

fn load_warc_file(
    file: &InputFile,
    limits: &Limits,
    captures: &mut Vec<Capture>,
    pending: &mut crate::domain::crawl::Pending,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let source = warc_captures::WarcSource::file(&file.path, &file.bytes);
    let (found, records) = warc_captures::load_warc(&source, &file.bytes, "warc", limits, diagnostics);
    captures.extend(found);
    pending.extend(records);
}

fn profile_languages(captures: &mut [Capture]) {
    for capture in captures.iter_mut() {
        capture.language = crate::domain::language::profile(&capture.text);
    }
}

/// Keeps at most `limits.max_captures`, then assigns stable ids (`c-` + 12 hex of the primary
/// artifact's hash, `-2`… for repeated bytes) over all of them.
fn finish_captures(captures: &mut Vec<Capture>, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) {
    if captures.len() > limits.max_captures {
        diagnostics.push(Diagnostic::warning(format!(
            "{} captures found; only the first {} are kept (limit)",
            captures.len(),
            limits.max_captures
        )));
        captures.truncate(limits.max_captures);
    }
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for capture in captures.iter_mut() {
        let primary =
            capture.text_artifact().or_else(|| capture.artifacts.first()).map(|artifact| artifact.sha256.clone());
        let hash = primary.unwrap_or_else(|| sha256_hex(capture.url.as_bytes()));
        let base = format!("c-{}", hash.get(..12).unwrap_or(&hash));
        let count = seen.entry(base.clone()).or_insert(0);
        *count += 1;
        capture.id = CaptureId::from(if *count == 1 { base } else { format!("{base}-{count}") });
    }
}
