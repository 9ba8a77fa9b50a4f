#![cfg(not(target_arch = "wasm32"))]
//! Capture integrity: WARC record digests (SHA-1 base32 and SHA-256, as real tools write them),
//! WACZ resource hashes and signatures (the shared Browsertrix fixtures, and anonymous P-256 DER /
//! P-384 raw r‖s signatures made here), keys pinned by a case, and archive locators that name the
//! record as archived. All content is fictional, under `.example` domains.

use std::io::Write;
use std::path::PathBuf;

use exhibit::domain::capture::integrity::{encode_base32, hex};
use exhibit::domain::capture::wacz_signature::verify_anonymous;
use exhibit::domain::capture::{
    load, ArtifactKind, Capture, InputFile, IntegrityKind, IntegrityStatus, Limits, RecordFraming,
};
use exhibit::domain::diagnostic::Diagnostic;
use sha1::Sha1;
use sha2::{Digest, Sha256};

#[path = "data/archives.rs"]
mod archives;
use archives::{base64, fingerprint, http_response, response_record, signed_wacz_of, Key};

const PAGE: &[u8] =
    b"<html><head><title>Bakery</title></head><body><p>Fresh bread daily at the bakery.</p></body></html>";

fn shared_testdata() -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("../shared/testdata is absent: shared-fixture cases skipped (CI always has it)");
        None
    }
}

fn load_one(name: &str, bytes: Vec<u8>) -> (Vec<Capture>, Vec<Diagnostic>) {
    load(&[InputFile::new(name, bytes)], &Limits::default())
}

fn status_of(capture: &Capture, kind: IntegrityKind) -> Option<IntegrityStatus> {
    capture.integrity_checks.iter().find(|check| check.kind == kind).map(|check| check.status)
}

#[test]
fn warc_digests_pass_when_they_match() {
    let block = http_response(PAGE);
    let warc = response_record("00000000-0000-4000-8000-000000000001", "http://bakery.example/", &block, PAGE, true);
    let (captures, _) = load_one("bakery.warc", warc);
    assert_eq!(captures.len(), 1);
    let capture = &captures[0];
    assert_eq!(status_of(capture, IntegrityKind::BlockDigest), Some(IntegrityStatus::Passed));
    assert_eq!(status_of(capture, IntegrityKind::PayloadDigest), Some(IntegrityStatus::Passed));
    assert!(capture.integrity_failures().is_empty(), "{:?}", capture.integrity_checks);
    assert!(capture.integrity.is_empty(), "{:?}", capture.integrity);
}

#[test]
fn warc_digest_with_one_flipped_byte_fails_and_names_the_record() {
    let block = http_response(PAGE);
    let mut warc =
        response_record("00000000-0000-4000-8000-000000000002", "http://bakery.example/", &block, PAGE, true);
    // Flip one byte of the body ("bread" → "brea\x64" stays ASCII: 'd' ^ 1 = 'e').
    let at = warc.windows(5).position(|window| window == b"bread").map(|at| at + 4).unwrap_or(0);
    assert!(at > 0);
    if let Some(byte) = warc.get_mut(at) {
        *byte ^= 1;
    }
    let (captures, diagnostics) = load_one("bakery.warc", warc);
    let capture = &captures[0];
    assert_eq!(status_of(capture, IntegrityKind::BlockDigest), Some(IntegrityStatus::Failed));
    assert_eq!(status_of(capture, IntegrityKind::PayloadDigest), Some(IntegrityStatus::Failed));
    let failures = capture.integrity_failures();
    assert_eq!(failures.len(), 2, "{failures:?}");
    for failure in failures {
        assert!(failure.message.contains("urn:uuid:00000000-0000-4000-8000-000000000002"), "{}", failure.message);
        assert!(failure.message.contains("mismatch"), "{}", failure.message);
    }
    assert!(diagnostics.iter().any(|d| d.message.contains("WARC-Block-Digest mismatch")), "{diagnostics:#?}");
    assert!(capture.integrity.iter().any(|note| note.contains("WARC-Payload-Digest mismatch")));
}

#[test]
fn warc_without_digests_is_not_stated_not_passed() {
    let block = http_response(PAGE);
    let warc = response_record("00000000-0000-4000-8000-000000000003", "http://bakery.example/", &block, PAGE, false);
    let (captures, _) = load_one("bakery.warc", warc);
    let capture = &captures[0];
    assert_eq!(status_of(capture, IntegrityKind::BlockDigest), Some(IntegrityStatus::NotStated));
    assert_eq!(status_of(capture, IntegrityKind::PayloadDigest), Some(IntegrityStatus::NotStated));
    assert!(capture.integrity_failures().is_empty());
    assert!(!capture.integrity_checks.iter().any(|check| check.status == IntegrityStatus::Passed));
}

#[test]
fn sha_spellings_and_base32_sha256_are_accepted() {
    let block = http_response(PAGE);
    let head = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000004>\r\n\
         WARC-Target-URI: http://bakery.example/\r\nContent-Type: application/http; msgtype=response\r\n\
         WARC-Block-Digest: SHA-256:{}\r\nWARC-Payload-Digest: Sha-1:{}\r\nContent-Length: {}\r\n\r\n",
        encode_base32(&Sha256::digest(&block)),
        hex(&Sha1::digest(PAGE)),
        block.len()
    );
    let mut warc = head.into_bytes();
    warc.extend_from_slice(&block);
    warc.extend_from_slice(b"\r\n\r\n");
    let (captures, _) = load_one("bakery.warc", warc);
    assert_eq!(status_of(&captures[0], IntegrityKind::BlockDigest), Some(IntegrityStatus::Passed));
    assert_eq!(status_of(&captures[0], IntegrityKind::PayloadDigest), Some(IntegrityStatus::Passed));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

#[test]
fn locators_name_the_record_as_archived() {
    let first = response_record(
        "00000000-0000-4000-8000-000000000005",
        "http://bakery.example/",
        &http_response(PAGE),
        PAGE,
        true,
    );
    let page2 = b"<html><head><title>Mill</title></head><body><p>Flour from the mill.</p></body></html>";
    let second = response_record(
        "00000000-0000-4000-8000-000000000006",
        "http://mill.example/",
        &http_response(page2),
        page2,
        true,
    );

    // Plain: offsets and lengths in the file, each record with its closing blank lines.
    let plain = [first.clone(), second.clone()].concat();
    let (captures, _) = load_one("two.warc", plain.clone());
    let plain_sha = hex(&Sha256::digest(&plain));
    let locators: Vec<_> = captures
        .iter()
        .map(|capture| capture.artifact(ArtifactKind::Html).and_then(|a| a.archive.clone()).expect("locator"))
        .collect();
    assert_eq!(locators[0].offset, 0);
    assert_eq!(locators[0].length, first.len() as u64);
    assert_eq!(locators[1].offset, first.len() as u64);
    assert_eq!(locators[1].length, second.len() as u64);
    assert!(locators
        .iter()
        .all(|l| l.framing == RecordFraming::Plain && l.file == "two.warc" && l.file_sha256 == plain_sha));
    assert_eq!(locators[0].record_id.as_deref(), Some("<urn:uuid:00000000-0000-4000-8000-000000000005>"));
    assert!(locators[0].block_digest.as_deref().is_some_and(|d| d.starts_with("sha1:")));
    assert!(locators[0].payload_digest.as_deref().is_some_and(|d| d.starts_with("sha256:")));
    // The record artifact carries the same locator.
    assert_eq!(
        captures[0].artifact(ArtifactKind::ArchiveRecord).and_then(|a| a.archive.clone()),
        Some(locators[0].clone())
    );

    // One gzip member per record: the members' offsets and lengths in the compressed file.
    let (a, b) = (gzip(&first), gzip(&second));
    let (captures, _) = load_one("two.warc.gz", [a.clone(), b.clone()].concat());
    let locators: Vec<_> =
        captures.iter().filter_map(|c| c.artifact(ArtifactKind::Html).and_then(|a| a.archive.clone())).collect();
    assert_eq!((locators[0].offset, locators[0].length), (0, a.len() as u64));
    assert_eq!((locators[1].offset, locators[1].length), (a.len() as u64, b.len() as u64));
    assert!(locators.iter().all(|l| l.framing == RecordFraming::GzipMember));

    // One gzip member for the whole file: offsets in the decompressed stream.
    let (captures, _) = load_one("whole.warc.gz", gzip(&plain));
    let locator = captures[1].artifact(ArtifactKind::Html).and_then(|a| a.archive.clone()).expect("locator");
    assert_eq!((locator.offset, locator.framing), (first.len() as u64, RecordFraming::GzipStream));

    // A loose file has no locator, and none is written for it in the CLI's capture JSON.
    let (captures, _) = load_one("page.html", b"<html><body><p>placeholder</p></body></html>".to_vec());
    let artifact = captures[0].artifact(ArtifactKind::Html).expect("the page");
    assert!(artifact.archive.is_none());
    let json = serde_json::to_value(artifact).expect("serialises");
    assert!(json.get("archive").is_none(), "{json}");
}

#[test]
fn shared_signed_waczs_verify_and_fail() {
    let Some(testdata) = shared_testdata() else { return };
    let read = |name: &str| std::fs::read(testdata.join("wacz").join(name)).unwrap_or_default();

    let (captures, _) = load_one("valid_signed_example_1.wacz", read("valid_signed_example_1.wacz"));
    assert_eq!(captures.len(), 2);
    for capture in &captures {
        let signature = capture.signature_check().expect("signature check");
        assert_eq!(signature.status, IntegrityStatus::Passed, "{}", signature.message);
        assert_eq!(signature.signer_domain.as_deref(), Some("btrix-sign-test.webrecorder.net"));
        assert!(signature.message.contains("signed, valid"), "{}", signature.message);
        assert!(signature.key_fingerprint.as_ref().is_some_and(|key| key.len() == 64));
        assert_eq!(status_of(capture, IntegrityKind::DatapackageDigest), Some(IntegrityStatus::Passed));
        assert!(capture.integrity_failures().is_empty(), "{:?}", capture.integrity_failures());
        // At a glance (the capture list's badge and the capture view's summary).
        let summary = capture.integrity_summary();
        assert_eq!(summary.state(), "passed", "{summary:?}");
        assert_eq!(summary.failed, 0);
        assert!(
            summary
                .signature
                .as_deref()
                .is_some_and(|line| line.starts_with("signed, valid (signed by btrix-sign-test")),
            "{summary:?}"
        );
    }
    // The locators agree with the WACZ's own CDXJ index (offset 0 / length 1282, 1956 / 1279).
    let spans: Vec<(u64, u64)> = captures
        .iter()
        .filter_map(|c| c.artifact(ArtifactKind::Html).and_then(|a| a.archive.as_ref()).map(|l| (l.offset, l.length)))
        .collect();
    assert_eq!(spans, vec![(0, 1282), (1956, 1279)]);
    let locator = captures[0].artifact(ArtifactKind::Html).and_then(|a| a.archive.clone()).expect("locator");
    assert!(locator.file.starts_with("archive/rec-") && locator.file.ends_with(".warc.gz"));
    assert!(locator.wacz.is_some_and(|wacz| wacz.file == "valid_signed_example_1.wacz"));

    let (captures, diagnostics) = load_one("invalid_signed_example_1.wacz", read("invalid_signed_example_1.wacz"));
    let signature = captures[0].signature_check().expect("signature check");
    assert_eq!(signature.status, IntegrityStatus::Failed, "{}", signature.message);
    assert!(signature.message.contains("root that is not trusted"), "{}", signature.message);
    assert!(!captures[0].integrity_failures().is_empty());
    let summary = captures[0].integrity_summary();
    assert_eq!(summary.state(), "failed");
    assert!(summary.line().contains("failed"), "{}", summary.line());
    assert!(summary.signature.as_deref().is_some_and(|line| line.starts_with("signature invalid")), "{summary:?}");
    assert!(diagnostics.iter().any(|d| d.message.contains("signature invalid")));
}

/// Re-zips a WACZ with `changes` (member path → new bytes), as a tamperer would.
fn rezip(bytes: &[u8], changes: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for index in 0..archive.len() {
        let mut member = archive.by_index(index).expect("member");
        let name = member.name().map(|name| name.into_owned()).unwrap_or_default();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut member, &mut content).expect("read");
        if let Some((_, replacement)) = changes.iter().find(|(path, _)| *path == name) {
            content = replacement.clone();
        }
        writer.start_file(name, options).expect("start");
        writer.write_all(&content).expect("write");
    }
    writer.finish().expect("finish").into_inner()
}

#[test]
fn rezipped_wacz_with_a_changed_file_fails() {
    let Some(testdata) = shared_testdata() else { return };
    let original = std::fs::read(testdata.join("wacz/valid_signed_example_1.wacz")).unwrap_or_default();
    let pages = b"{\"format\": \"json-pages-1.0\", \"id\": \"pages\", \"title\": \"All Pages\"}\n{\"url\": \"https://example.com/\", \"title\": \"Changed\"}\n".to_vec();
    let tampered = rezip(&original, &[("pages/pages.jsonl", pages)]);
    let (captures, _) = load_one("tampered.wacz", tampered);
    let failures = captures[0].integrity_failures();
    assert!(
        failures.iter().any(|f| f.kind == IntegrityKind::ResourceHash && f.message.contains("pages/pages.jsonl")),
        "{failures:?}"
    );

    // A changed datapackage.json breaks datapackage-digest.json (the signature still covers the old hash).
    let mut datapackage = Vec::new();
    {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(original.as_slice())).expect("zip");
        let mut member = archive.by_name("datapackage.json").expect("datapackage.json");
        std::io::Read::read_to_end(&mut member, &mut datapackage).expect("read");
    }
    datapackage.extend_from_slice(b" ");
    let (captures, _) = load_one("tampered.wacz", rezip(&original, &[("datapackage.json", datapackage)]));
    assert_eq!(status_of(&captures[0], IntegrityKind::DatapackageDigest), Some(IntegrityStatus::Failed));
}

// ---------------------------------------------------------------------------------------------
// Anonymous signatures made here

fn signed_wacz(key: Option<&Key>, signer: Option<&Key>, signed_hash: Option<&str>) -> Vec<u8> {
    signed_wacz_of("http://signed.example/", PAGE, key, signer, signed_hash)
}

fn signature_of(wacz: Vec<u8>) -> exhibit::domain::capture::IntegrityCheck {
    let (captures, diagnostics) = load_one("signed.wacz", wacz);
    assert_eq!(captures.len(), 1, "{diagnostics:#?}");
    captures[0].signature_check().cloned().expect("signature check")
}

#[test]
fn anonymous_p256_der_signature_is_valid_with_its_fingerprint() {
    let key = Key::p256(7);
    let check = signature_of(signed_wacz(Some(&key), None, None));
    assert_eq!(check.status, IntegrityStatus::Passed, "{}", check.message);
    assert_eq!(check.key_fingerprint, Some(fingerprint(&key)));
    assert!(check.message.contains("P-256") && check.message.contains(&fingerprint(&key)), "{}", check.message);
}

#[test]
fn anonymous_p384_raw_signature_with_sha256_prehash_is_valid() {
    let key = Key::p384(9);
    let check = signature_of(signed_wacz(Some(&key), None, None));
    assert_eq!(check.status, IntegrityStatus::Passed, "{}", check.message);
    assert_eq!(check.key_fingerprint, Some(fingerprint(&key)));
    assert!(check.message.contains("P-384"), "{}", check.message);
}

#[test]
fn tampered_anonymous_signatures_are_invalid() {
    for key in [Key::p256(7), Key::p384(9)] {
        // Signed over another hash.
        let other = format!("sha256:{}", hex(&Sha256::digest(b"another datapackage")));
        let check = signature_of(signed_wacz(Some(&key), None, Some(&other)));
        assert_eq!(check.status, IntegrityStatus::Failed, "{}", check.message);
        assert!(check.message.contains("does not verify"), "{}", check.message);
        // Signed by another key than the one named.
        let impostor = match key {
            Key::P256(_) => Key::p256(8),
            Key::P384(_) => Key::p384(10),
        };
        let check = signature_of(signed_wacz(Some(&key), Some(&impostor), None));
        assert_eq!(check.status, IntegrityStatus::Failed, "{}", check.message);
    }
    // Direct: a flipped signature byte.
    let key = Key::p384(9);
    let mut signature = key.sign(b"sha256:abc");
    if let Some(byte) = signature.get_mut(10) {
        *byte ^= 0x40;
    }
    assert!(verify_anonymous(&base64(&key.public_key()), &base64(&signature), b"sha256:abc").is_err());
    assert!(verify_anonymous(&base64(&key.public_key()), &base64(&key.sign(b"sha256:abc")), b"sha256:abc").is_ok());
    assert!(verify_anonymous("not base64!", "AAAA", b"x").is_err());
}

#[test]
fn unsigned_wacz_is_not_stated() {
    let check = signature_of(signed_wacz(None, None, None));
    assert_eq!(check.status, IntegrityStatus::NotStated, "{}", check.message);
    assert!(check.message.contains("unsigned"));
}

#[test]
fn a_case_can_pin_the_keys_it_trusts() {
    let key = Key::p256(7);
    let wacz = signed_wacz(Some(&key), None, None);
    let case = |keys: &[String]| {
        let json = serde_json::json!({"schema_version": 1, "name": "Bakeries", "trusted_keys": keys});
        InputFile::new("case.json", serde_json::to_vec(&json).unwrap_or_default())
    };
    let with_case = |keys: &[String]| {
        let (captures, _) = load(&[case(keys), InputFile::new("signed.wacz", wacz.clone())], &Limits::default());
        captures.into_iter().find(|c| c.origin == "wacz").expect("wacz capture")
    };

    let pinned = with_case(&[fingerprint(&key)]);
    assert_eq!(pinned.signature_check().map(|c| c.status), Some(IntegrityStatus::Passed));

    let other = with_case(&[fingerprint(&Key::p384(9))]);
    let check = other.signature_check().expect("signature");
    assert_eq!(check.status, IntegrityStatus::Untrusted);
    assert!(check.message.contains("valid signature, key not trusted by this case"), "{}", check.message);
    assert_eq!(other.integrity_failures().len(), 1);

    let unpinned = with_case(&[]);
    assert_eq!(unpinned.signature_check().map(|c| c.status), Some(IntegrityStatus::Passed));
}

/// A citation into a WARC capture carries the record's locator, and `verify` re-checks it against
/// the archive as loaded: a matching locator is named on the `ok` line, a forged one fails.
#[test]
fn a_citation_carries_its_archive_locator_and_verify_rechecks_it() {
    use exhibit::domain::allegations::{self, Format};
    use exhibit::domain::citation::{text_selectors, Citation, Selector};
    use exhibit::domain::export::{review_file, verify};
    use exhibit::domain::review_log::{Event, EventKind};
    use exhibit::domain::session::Case;

    let warc = response_record(
        "00000000-0000-4000-8000-000000000009",
        "http://bakery.example/",
        &http_response(PAGE),
        PAGE,
        true,
    );
    let (captures, _) = load_one("bakery.warc", warc);
    let capture = captures.first().expect("a capture").clone();
    let artifact = capture.text_artifact().expect("html").clone();
    let locator = artifact.archive.clone().expect("a WARC artifact has a locator");
    let canonical = &capture.text.canonical;
    let words = canonical.chars().count().min(20);
    let (quote, position) = text_selectors(canonical, 0, words).expect("selectors");
    let (list, _) = allegations::import("list.txt", "http://bakery.example/", Format::Text);
    let case = Case::new("bakery", list, captures.clone(), Vec::new());
    let allegation_id = case.allegations[0].id.clone();
    let citation = |archive| Citation {
        id: "q-1".into(),
        allegation_id: allegation_id.clone(),
        capture_id: capture.id.clone(),
        artifact_sha256: artifact.sha256.clone(),
        selector: Selector::Text { quote: quote.clone(), position },
        quote_language: None,
        note: "The bakery's opening text.".into(),
        translation: None,
        linked_citation: None,
        finding: Some("unrelated".into()),
        description: None,
        archive,
    };
    let run = |archive| {
        let events = vec![Event::new(
            "e1",
            "2026-01-01T00:00:00Z",
            "Reviewer",
            EventKind::CitationAdded { citation: citation(archive) },
        )];
        let file = review_file(&case, &events, "2026-01-01T00:00:01Z");
        verify(&file, &[], &captures)
    };
    let report = run(Some(Box::new(locator.clone())));
    assert!(report.passed(), "{:?}", report.lines);
    assert!(report
        .lines
        .iter()
        .any(|line| line.message.contains(&format!("offset {} length {}", locator.offset, locator.length))));
    let mut forged = locator.clone();
    forged.offset += 7;
    let report = run(Some(Box::new(forged)));
    assert!(!report.passed());
    assert!(
        report.lines.iter().any(|line| line.message.contains("loaded archive has them at offset")),
        "{:?}",
        report.lines
    );
}

/// Every digest check of every capture in a file: (passed, failed, not stated) by kind.
fn digest_tally(captures: &[Capture]) -> (usize, usize, usize) {
    let mut tally = (0, 0, 0);
    for check in captures.iter().flat_map(|capture| &capture.integrity_checks) {
        if !matches!(check.kind, IntegrityKind::BlockDigest | IntegrityKind::PayloadDigest) {
            continue;
        }
        match check.status {
            IntegrityStatus::Passed => tally.0 += 1,
            IntegrityStatus::Failed => tally.1 += 1,
            IntegrityStatus::NotStated => tally.2 += 1,
            _ => {}
        }
    }
    tally
}

/// WARCs written by real tools (warcio's test files, one of them written by wget): every stated
/// digest passes; one byte changed in a response body fails the record's digests.
#[test]
fn warcs_written_by_warcio_and_wget_pass_their_digests_and_fail_when_a_byte_changes() {
    let Some(testdata) = shared_testdata() else { return };
    for name in [
        "example.warc",
        "example.warc.gz",
        "example-digest.warc",
        "example-iana.org-chunked.warc",
        "example-wget-bad-target-uri.warc.gz",
    ] {
        let bytes = std::fs::read(testdata.join("warcio").join(name)).expect("shared WARC");
        let (captures, diagnostics) = load_one(name, bytes);
        let (passed, failed, _) = digest_tally(&captures);
        assert_eq!(failed, 0, "{name}: {diagnostics:#?}");
        if !captures.is_empty() {
            assert!(passed > 0, "{name}: no stated digest was checked");
        }
    }
    for name in ["example.warc", "example-iana.org-chunked.warc"] {
        let mut bytes = std::fs::read(testdata.join("warcio").join(name)).expect("shared WARC");
        let (before, _) = load_one(name, bytes.clone());
        assert_eq!(digest_tally(&before).1, 0);
        // One byte inside the first response's HTTP body (after the WARC and the HTTP headers).
        let find = |from: usize, needle: &[u8]| {
            bytes[from..].windows(needle.len()).position(|window| window == needle).map(|at| from + at + needle.len())
        };
        let record = find(0, b"WARC-Type: response").expect("a response record");
        let block = find(record, b"\r\n\r\n").expect("the end of the WARC headers");
        let body = find(block, b"\r\n\r\n").expect("the end of the HTTP headers");
        bytes[body + 10] ^= 0x01;
        let (after, _) = load_one(name, bytes);
        let (_, failed, _) = digest_tally(&after);
        assert!(failed >= 1, "{name}: a changed body passed its digests");
        assert!(after.iter().any(|capture| !capture.integrity_failures().is_empty()));
    }
}
