//! The typed integrity model: what was checked about a capture's bytes as archived, and how it
//! came out (WARC record digests, WACZ resource hashes, the WACZ signature), plus the archive
//! locator that pins an artifact to the record it came from.
//!
//! This module owns the vocabulary, digest checking (`sha1`/`sha256`, hex, base32 or base64) and
//! pinning keys a case trusts. It never says `Passed` for something it could not compute: a
//! digest that is absent is `NotStated`, one in an algorithm it does not know is `NotChecked`.

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use sha2::{Digest, Sha256};

use crate::domain::capture::Capture;

/// How one check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntegrityStatus {
    /// Computed and matching (a digest), or a signature that verifies.
    Passed,
    /// Computed and not matching, a truncated record, or a signature that does not verify.
    Failed,
    /// A valid signature by a key the case does not pin (`trusted_keys` in `case.json`).
    Untrusted,
    /// Nothing to check: the archive states no digest, or the WACZ is unsigned.
    NotStated,
    /// Stated but not checkable here (unknown algorithm, malformed value, a form not verified).
    NotChecked,
}

impl IntegrityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IntegrityStatus::Passed => "passed",
            IntegrityStatus::Failed => "failed",
            IntegrityStatus::Untrusted => "untrusted",
            IntegrityStatus::NotStated => "not-stated",
            IntegrityStatus::NotChecked => "not-checked",
        }
    }
    /// Failed and Untrusted: what the `capture-integrity` rule refuses citations for.
    pub fn is_failure(self) -> bool {
        matches!(self, IntegrityStatus::Failed | IntegrityStatus::Untrusted)
    }
    /// The status in words with a mark, so it never rests on colour alone.
    pub fn label(self) -> &'static str {
        match self {
            IntegrityStatus::Passed => "✓ passed",
            IntegrityStatus::Failed => "✗ failed",
            IntegrityStatus::Untrusted => "✗ key not trusted",
            IntegrityStatus::NotStated => "– not stated",
            IntegrityStatus::NotChecked => "? not checked",
        }
    }
}

/// A capture's integrity at a glance: how many checks came out each way, and its signature in
/// one line (what the capture list's badge and the capture view's summary show).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntegritySummary {
    pub passed: usize,
    pub failed: usize,
    pub not_stated: usize,
    pub not_checked: usize,
    /// "signed, valid (key SHA-256 …)", "signature invalid: …", "unsigned", or `None` (not a WACZ).
    pub signature: Option<String>,
}

impl IntegritySummary {
    /// The overall state: `failed` when any check failed, else `passed` when some passed, else
    /// `not-checked` (nothing could be checked).
    pub fn state(&self) -> &'static str {
        if self.failed > 0 {
            "failed"
        } else if self.passed > 0 {
            "passed"
        } else {
            "not-checked"
        }
    }

    /// One line: "3 passed · 1 failed · 2 not stated".
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        for (count, label) in [
            (self.passed, "passed"),
            (self.failed, "failed"),
            (self.not_stated, "not stated"),
            (self.not_checked, "not checked"),
        ] {
            if count > 0 {
                parts.push(format!("{count} {label}"));
            }
        }
        if parts.is_empty() {
            "no integrity check applies to this capture".to_string()
        } else {
            parts.join(" · ")
        }
    }
}

/// What a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IntegrityKind {
    /// `WARC-Block-Digest` of one record.
    BlockDigest,
    /// `WARC-Payload-Digest` of one record.
    PayloadDigest,
    /// The record as a whole (truncated).
    Record,
    /// A resource hash listed in a WACZ `datapackage.json`.
    ResourceHash,
    /// `datapackage-digest.json` against `datapackage.json`.
    DatapackageDigest,
    /// The WACZ signature (`signedData`).
    Signature,
}

/// One integrity check of a capture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrityCheck {
    pub kind: IntegrityKind,
    /// What was checked, e.g. `WARC-Payload-Digest of record urn:uuid:…` or `WACZ signature`.
    pub subject: String,
    pub status: IntegrityStatus,
    /// One plain sentence: what was found.
    pub message: String,
    /// For a signature: SHA-256 (lowercase hex) of the signing public key's DER SubjectPublicKeyInfo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_fingerprint: Option<String>,
    /// For a domain signature: the signing domain (from its certificate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer_domain: Option<String>,
}

impl IntegrityCheck {
    pub fn new(
        kind: IntegrityKind,
        subject: impl Into<String>,
        status: IntegrityStatus,
        message: impl Into<String>,
    ) -> Self {
        IntegrityCheck {
            kind,
            subject: subject.into(),
            status,
            message: message.into(),
            key_fingerprint: None,
            signer_domain: None,
        }
    }
}

/// How a record is framed in its archive file, which says what `offset` and `length` count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordFraming {
    /// An uncompressed WARC/ARC file: offset and length in the file's bytes.
    Plain,
    /// A record in its own gzip member: offset and length of that member in the compressed file
    /// (what warcio and CDXJ indexes report).
    GzipMember,
    /// A gzip stream whose members do not hold one record each: offset and length in the
    /// decompressed stream.
    GzipStream,
}

/// A WACZ holding the WARC a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaczLocator {
    /// The WACZ file as loaded.
    pub file: String,
    /// Lowercase hex SHA-256 of the WACZ file's bytes.
    pub sha256: String,
}

/// Where an artifact came from as archived: enough for warcio or py-wacz to find the record and
/// re-check it without Exhibit's decoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveLocator {
    /// The WARC/ARC file as loaded; for a WACZ, the member path inside it (`archive/data.warc.gz`).
    pub file: String,
    /// Lowercase hex SHA-256 of that file's bytes (for a WACZ member: what `datapackage.json` lists).
    pub file_sha256: String,
    /// Byte offset of the record (see `framing`).
    pub offset: u64,
    /// Byte length of the record, including the blank lines that end it (see `framing`).
    pub length: u64,
    pub framing: RecordFraming,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    /// `WARC-Block-Digest` as stated in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_digest: Option<String>,
    /// `WARC-Payload-Digest` as stated in the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wacz: Option<WaczLocator>,
}

impl Capture {
    /// The checks that came out Failed or Untrusted: a capture with any is not what its maker
    /// produced (or not signed by a key the case trusts). The `capture-integrity` rule refuses
    /// citations into it.
    pub fn integrity_failures(&self) -> Vec<&IntegrityCheck> {
        self.integrity_checks.iter().filter(|check| check.status.is_failure()).collect()
    }
    /// The signature check, when the capture came from a WACZ.
    pub fn signature_check(&self) -> Option<&IntegrityCheck> {
        self.integrity_checks.iter().find(|check| check.kind == IntegrityKind::Signature)
    }

    /// The capture's integrity sentences (`Capture::integrity`), each with what it reports: the
    /// status of the check it states (a failure, a pass, a check not made), or `None` for a notice
    /// that is neither (an HTTP error status, a WACZ without a version). The summary sentence of
    /// WACZ resource hashes that all match is a pass. So a passed line never looks like a failure.
    pub fn integrity_notes(&self) -> Vec<IntegrityNote<'_>> {
        self.integrity
            .iter()
            .map(|text| {
                let stated = self
                    .integrity_checks
                    .iter()
                    .filter(|check| check.message == *text)
                    .map(|check| check.status)
                    .min_by_key(|status| !status.is_failure());
                let status = stated.or_else(|| {
                    if text.starts_with("WACZ: ")
                        && text.ends_with("resource hashes in datapackage.json match the files")
                    {
                        Some(IntegrityStatus::Passed)
                    } else if text.starts_with("WACZ: no datapackage-digest.json") {
                        Some(IntegrityStatus::NotStated)
                    } else {
                        None
                    }
                });
                IntegrityNote { status, text }
            })
            .collect()
    }

    /// The capture's checks counted by outcome, and its signature in words.
    pub fn integrity_summary(&self) -> IntegritySummary {
        let mut summary = IntegritySummary::default();
        for check in &self.integrity_checks {
            match check.status {
                IntegrityStatus::Passed => summary.passed += 1,
                IntegrityStatus::Failed | IntegrityStatus::Untrusted => summary.failed += 1,
                IntegrityStatus::NotStated => summary.not_stated += 1,
                IntegrityStatus::NotChecked => summary.not_checked += 1,
            }
        }
        summary.signature = self.signature_check().map(|check| {
            let who = match (&check.signer_domain, &check.key_fingerprint) {
                (Some(domain), _) => format!(" (signed by {domain})"),
                (None, Some(fingerprint)) => format!(" (key SHA-256 {fingerprint})"),
                (None, None) => String::new(),
            };
            match check.status {
                IntegrityStatus::Passed => format!("signed, valid{who}"),
                IntegrityStatus::Untrusted => format!("signed, valid, but the key is not one this case trusts{who}"),
                IntegrityStatus::Failed => format!("signature invalid: {}", check.message),
                IntegrityStatus::NotStated => "unsigned".to_string(),
                IntegrityStatus::NotChecked => format!("signature not checked here: {}", check.message),
            }
        });
        summary
    }
}

/// One of a capture's integrity sentences and what it reports (`Capture::integrity_notes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegrityNote<'a> {
    /// The status of the check the sentence states; `None` for a notice.
    pub status: Option<IntegrityStatus>,
    pub text: &'a str,
}

impl IntegrityNote<'_> {
    /// The class it is shown with: a status (`passed`, `failed`…) or `notice`.
    pub fn class(&self) -> &'static str {
        self.status.map_or("notice", IntegrityStatus::as_str)
    }
    /// The mark and word it is shown with, so it never rests on colour alone.
    pub fn label(&self) -> &'static str {
        self.status.map_or("! notice", IntegrityStatus::label)
    }
    /// A failure, or a notice: what the capture list flags as a warning.
    pub fn is_warning(&self) -> bool {
        self.status.is_none_or(IntegrityStatus::is_failure)
    }
}

/// Pins the keys a case trusts (`trusted_keys` in `case.json`: SHA-256 fingerprints of public keys,
/// or signing domains). With a non-empty list, a valid signature by any other key becomes
/// `Untrusted` ("valid signature, key not trusted by this case"). An empty list changes nothing.
pub fn apply_trusted_keys(captures: &mut [Capture], trusted_keys: &[String]) {
    if trusted_keys.is_empty() {
        return;
    }
    let trusted: Vec<String> =
        trusted_keys.iter().map(|key| key.trim().trim_start_matches("sha256:").to_ascii_lowercase()).collect();
    for capture in captures.iter_mut() {
        let mut notes = Vec::new();
        for check in capture.integrity_checks.iter_mut() {
            if check.kind != IntegrityKind::Signature || check.status != IntegrityStatus::Passed {
                continue;
            }
            let pinned = check.key_fingerprint.as_ref().is_some_and(|key| trusted.contains(&key.to_ascii_lowercase()))
                || check.signer_domain.as_ref().is_some_and(|domain| trusted.contains(&domain.to_ascii_lowercase()));
            if !pinned {
                check.status = IntegrityStatus::Untrusted;
                let signer = check
                    .key_fingerprint
                    .as_ref()
                    .map(|key| format!("key {key}"))
                    .or_else(|| check.signer_domain.as_ref().map(|domain| format!("domain {domain}")))
                    .unwrap_or_else(|| "an unnamed key".to_string());
                check.message = format!("valid signature, key not trusted by this case ({signer})");
                notes.push(format!("{}: {}", check.subject, check.message));
            }
        }
        capture.integrity.extend(notes);
    }
}

/// Outcome of checking one stated digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DigestCheck {
    Match { algorithm: &'static str },
    Mismatch { declared: String, computed: String },
    NotChecked { algorithm: String },
    Malformed,
}

/// Checks a stated digest (`sha1:` or `sha256:`, also spelled `sha-1:`/`sha-256:`, any case; the
/// value in hex, base32 or base64) against any of the candidate byte strings.
pub fn check_digest(declared: &str, candidates: &[&[u8]]) -> DigestCheck {
    let Some((algorithm, value)) = declared.trim().split_once(':') else {
        return DigestCheck::Malformed;
    };
    let algorithm = algorithm.trim().to_ascii_lowercase();
    let (name, length): (&'static str, usize) = match algorithm.as_str() {
        "sha1" | "sha-1" => ("sha1", 20),
        "sha256" | "sha-256" => ("sha256", 32),
        _ => return DigestCheck::NotChecked { algorithm },
    };
    let Some(expected) = decode_digest_value(value.trim(), length) else {
        return DigestCheck::Malformed;
    };
    let mut computed = String::new();
    for candidate in candidates {
        let digest = if name == "sha1" { Sha1::digest(candidate).to_vec() } else { Sha256::digest(candidate).to_vec() };
        if digest == expected {
            return DigestCheck::Match { algorithm: name };
        }
        if computed.is_empty() {
            // Written as the stated value was: base32 for SHA-1 (as WARC writers do), else hex.
            computed = if name == "sha1" || is_base32_form(value.trim(), length) {
                format!("{name}:{}", encode_base32(&digest))
            } else {
                format!("{name}:{}", hex(&digest))
            };
        }
    }
    DigestCheck::Mismatch { declared: declared.trim().to_string(), computed }
}

fn is_base32_form(value: &str, length: usize) -> bool {
    !(value.len() == length * 2 && value.chars().all(|c| c.is_ascii_hexdigit()))
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

pub use crate::domain::hash::hex;

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

/// RFC 4648 base32, uppercase, padded: how WARC writers state SHA-1 digests.
pub fn encode_base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u64;
    let mut bits = 0u32;
    for byte in bytes {
        buffer = (buffer << 8) | u64::from(*byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    while !out.len().is_multiple_of(8) {
        out.push('=');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_in_every_spelling() {
        let hex256 = crate::domain::hash::sha256_hex(b"abc");
        assert_eq!(check_digest(&format!("sha256:{hex256}"), &[b"abc"]), DigestCheck::Match { algorithm: "sha256" });
        assert_eq!(
            check_digest(&format!("SHA-256:{}", hex256.to_uppercase()), &[b"abc"]),
            DigestCheck::Match { algorithm: "sha256" }
        );
        assert!(matches!(check_digest(&format!("sha256:{hex256}"), &[b"abd"]), DigestCheck::Mismatch { .. }));
        let sha1 = encode_base32(&Sha1::digest(b"abc"));
        assert_eq!(check_digest(&format!("sha1:{sha1}"), &[b"abc"]), DigestCheck::Match { algorithm: "sha1" });
        assert_eq!(check_digest(&format!("Sha-1:{sha1}"), &[b"x", b"abc"]), DigestCheck::Match { algorithm: "sha1" });
        let base32_256 = encode_base32(&Sha256::digest(b"abc"));
        assert_eq!(
            check_digest(&format!("sha256:{base32_256}"), &[b"abc"]),
            DigestCheck::Match { algorithm: "sha256" }
        );
        assert_eq!(check_digest("md5:abc", &[b"x"]), DigestCheck::NotChecked { algorithm: "md5".to_string() });
        assert_eq!(check_digest("sha256:nothex", &[b"x"]), DigestCheck::Malformed);
        assert_eq!(check_digest("nocolon", &[b"x"]), DigestCheck::Malformed);
    }

    #[test]
    fn base32_round_trip() {
        assert_eq!(decode_base32("MZXW6YTBOI======"), Some(b"foobar".to_vec()));
        assert_eq!(encode_base32(b"foobar"), "MZXW6YTBOI======");
        assert_eq!(encode_base32(b"foo"), "MZXW6===");
        assert_eq!(decode_base32("1"), None);
    }
}
