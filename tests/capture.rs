#![cfg(not(target_arch = "wasm32"))]
//! Capture loading through its public entry points: text extraction, encodings, bundles, loose
//! files, WARC/ARC/WACZ (the fixtures made by real tools in tests/fixtures/captures and the
//! interoperability files in ../shared/testdata), limits on hostile input, and the CLI.

use std::io::Write;
use std::path::{Path, PathBuf};

use exhibit::domain::capture::{
    self, extract_html, extract_text, load, parse_case_manifest, ArtifactKind, Capture, ExtractedText, InputFile,
    IntegrityStatus, Limits,
};
use exhibit::domain::diagnostic::{Diagnostic, Severity};
use exhibit::domain::language;
use expect_test::{expect, Expect};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures")
}

fn shared_testdata() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/testdata");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!("NOTE: ../shared/testdata is absent: interoperability files not checked here (CI has them)");
        None
    }
}

/// Reads a file or folder (recursively, sorted) into InputFiles with paths relative to its parent.
fn inputs(path: &Path) -> Vec<InputFile> {
    let base = path.parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    collect(path, &mut found);
    found.sort();
    found
        .into_iter()
        .map(|file| {
            let relative = file.strip_prefix(base).unwrap_or(&file);
            let name = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(&file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            InputFile::new(name, bytes)
        })
        .collect()
}

fn collect(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap_or_else(|error| panic!("{}: {error}", path.display())).flatten() {
            collect(&entry.path(), found);
        }
    } else {
        found.push(path.to_path_buf());
    }
}

fn load_path(path: &Path) -> (Vec<Capture>, Vec<Diagnostic>) {
    load(&inputs(path), &Limits::default())
}

fn render_text(text: &ExtractedText) -> String {
    let mut out = String::new();
    out.push_str(&format!("title: {:?}\ndescription: {:?}\n", text.title, text.description));
    for block in &text.blocks {
        out.push_str(&format!("{:?} {}..{}: {:?}\n", block.kind, block.start, block.end, block.text));
    }
    for link in &text.links {
        out.push_str(&format!("link {:?} -> {:?}\n", link.text, link.href));
    }
    out
}

fn check_text(html: &str, expect: Expect) {
    let text = extract_text(html);
    assert_offsets(&text);
    expect.assert_eq(&render_text(&text));
}

fn assert_offsets(text: &ExtractedText) {
    let chars: Vec<char> = text.canonical.chars().collect();
    let mut rebuilt = Vec::new();
    for block in &text.blocks {
        assert!(block.start <= block.end && block.end <= chars.len(), "{block:?} outside {} chars", chars.len());
        let slice: String = chars[block.start..block.end].iter().collect();
        assert_eq!(slice, block.text);
        rebuilt.push(block.text.clone());
    }
    assert_eq!(rebuilt.join("\n\n"), text.canonical);
}

fn has_diagnostic(diagnostics: &[Diagnostic], needle: &str) -> bool {
    diagnostics.iter().any(|diagnostic| diagnostic.message.contains(needle))
}

fn urls(captures: &[Capture]) -> Vec<&str> {
    captures.iter().map(|capture| capture.url.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Text extraction

#[test]
fn extraction_structure_and_whitespace() {
    check_text(
        "<html><head><title> The  Title </title><meta name=description content='A  page.'></head>\
         <body><h1>Head&amp;line</h1><p>One\n   two\tthree <b>bold</b>!</p><ul><li>first<li>second</ul>\
         <table><tr><th>k<td>v</table><blockquote>quoted</blockquote><div>a<br>b</div>\
         <pre>\n  keep   this\n  too</pre><p>see <a href='/x'>the  link</a></p></body></html>",
        expect![[r#"
            title: Some("The Title")
            description: Some("A page.")
            Heading 0..9: "Head&line"
            Paragraph 11..30: "One two three bold!"
            ListItem 32..37: "first"
            ListItem 39..45: "second"
            TableCell 47..48: "k"
            TableCell 50..51: "v"
            Quote 53..59: "quoted"
            Other 61..62: "a"
            Other 64..65: "b"
            Preformatted 67..86: "  keep   this\n  too"
            Paragraph 88..100: "see the link"
            link "the link" -> "/x"
        "#]],
    );
}

#[test]
fn extraction_skips_invisible_content() {
    check_text(
        "<head><style>.x{}</style><script>var a = '<p>no</p>';</script></head><body><p>shown</p>\
         <div hidden><p>hidden</p></div><template><p>template</p></template><noscript>noscript</noscript>\
         <svg><text>svg</text><title>svg title</title></svg><math><mi>x</mi></math><p>also shown</p>\
         <script>document.write('x')</script><iframe>frame</iframe></body>",
        expect![[r#"
            title: None
            description: None
            Paragraph 0..5: "shown"
            Paragraph 7..17: "also shown"
        "#]],
    );
}

#[test]
fn extraction_keeps_rtl_joiners_and_entities() {
    // Persian with a ZWNJ (U+200C), an RLM mark, and entities; never reordered or normalised.
    check_text(
        "<p dir=rtl>می\u{200C}خواهم &rlm;کتاب&nbsp;را</p><p>a&lt;b&gt;c &#x41;&#66;</p>",
        expect![[r#"
            title: None
            description: None
            Paragraph 0..17: "می\u{200c}خواهم \u{200f}کتاب\u{a0}را"
            Paragraph 19..27: "a<b>c AB"
        "#]],
    );
}

#[test]
fn extraction_implied_end_tags_and_unclosed_markup() {
    check_text(
        "<p>one<p>two<div>three</div><li>four<li>five</p></span><p>six",
        expect![[r#"
            title: None
            description: None
            Paragraph 0..3: "one"
            Paragraph 5..8: "two"
            Other 10..15: "three"
            ListItem 17..21: "four"
            ListItem 23..27: "five"
            Paragraph 29..32: "six"
        "#]],
    );
}

#[test]
fn extraction_page_address_sources() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        (
            "<link rel=canonical href='https://a.example/x'><meta property=og:url content='https://b.example/'>",
            Some(("https://a.example/x", "link rel=canonical")),
        ),
        ("<meta property='og:url' content='https://b.example/'>", Some(("https://b.example/", "og:url"))),
        (
            "<!-- saved from url=(0026)https://c.example/page -->\n<html>",
            Some(("https://c.example/page", "saved-from comment")),
        ),
        (
            "<html><!--\n Page saved with SingleFile \n url: https://d.example/ \n saved date: x\n-->",
            Some(("https://d.example/", "SingleFile comment")),
        ),
        ("<link rel=canonical href='/relative'>", None),
        ("<p>nothing</p>", None),
    ];
    for (html, expected) in cases {
        let extraction = extract_html(html, &Limits::default());
        assert_eq!(extraction.address.best(), *expected, "{html}");
    }
}

#[test]
fn extraction_nesting_limit_gives_diagnostic() {
    let html = "<div>".repeat(2_000) + "deep text" + &"</div>".repeat(2_000);
    let extraction = extract_html(&html, &Limits { max_nesting: 100, ..Limits::default() });
    assert_eq!(extraction.text.canonical, "deep text");
    assert!(has_diagnostic(&extraction.diagnostics, "nested deeper than 100"));
}

#[test]
fn text_algorithm_version_is_pinned() {
    // Bumping the version means canonical offsets change: citations must be migrated (FORMATS.md).
    assert_eq!(capture::TEXT_ALGORITHM_VERSION, 1);
}

// ---------------------------------------------------------------------------------------------
// Encodings

#[test]
fn encodings_of_fixture_pages() {
    let cases: &[(&str, &str, &str)] = &[
        ("site/ar.html", "نخلط الدقيق مع الماء", "مطبخ الوادي"),
        ("site/ru.html", "Завтра будет тепло и сухо", "Погода в долине"),
        ("site/utf16.html", "café, naïve, ZWNJ:\u{200C}:end.", "UTF-16 page"),
        ("site/index.html", "Farmers bring apples, bread and cheese.", "Valley Gazette"),
    ];
    for (path, text, title) in cases {
        let (captures, _) = load_path(&fixtures().join(path));
        assert_eq!(captures.len(), 1, "{path}");
        assert!(captures[0].text.canonical.contains(text), "{path}: {:?}", captures[0].text.canonical);
        assert_eq!(captures[0].title.as_deref(), Some(*title), "{path}");
    }
}

#[test]
fn encodings_decode_html_bytes_agrees_with_extraction() {
    let bytes = std::fs::read(fixtures().join("site/ru.html")).unwrap_or_default();
    assert!(capture::decode_html_bytes(&bytes, Some("text/html")).contains("Прогноз на субботу"));
    // An HTTP charset wins over the meta prescan.
    let latin = b"<meta charset=koi8-r><p>caf\xe9</p>";
    assert!(capture::decode_html_bytes(latin, Some("text/html; charset=windows-1252")).contains("café"));
}

#[test]
fn encodings_invalid_utf8_gives_replacement_and_diagnostic() {
    let file = InputFile::new("bad.html", b"<meta charset=utf-8><title>t</title><p>ok \xff\xfe bytes</p>".to_vec());
    let (captures, diagnostics) = load(&[file], &Limits::default());
    assert_eq!(captures.len(), 1);
    assert!(captures[0].text.canonical.contains('\u{FFFD}'));
    assert!(has_diagnostic(&diagnostics, "replaced with U+FFFD"));
}

// ---------------------------------------------------------------------------------------------
// Language

#[test]
fn language_profiles_of_fixture_pages() {
    let cases: &[(&str, &str)] =
        &[("site/ar.html", "Arabic (Arabic script)"), ("site/ru.html", "Russian (Cyrillic script)")];
    for (path, summary_start) in cases {
        let (captures, _) = load_path(&fixtures().join(path));
        let summary = &captures[0].language.summary;
        assert!(summary.starts_with(summary_start), "{path}: {summary}");
        let total: f64 = captures[0].language.languages.iter().map(|share| share.share).sum();
        assert!((total - 1.0).abs() < 1e-9, "{path}: shares sum to {total}");
    }
}

#[test]
fn language_detect_for_quotes() {
    let cases: &[(&str, Option<(&str, &str)>)] = &[
        ("The market opens on Saturday morning and closes early in the afternoon.", Some(("eng", "Latin"))),
        ("Завтра будет тепло и сухо, ветер слабый, на рынке ждут покупателей.", Some(("rus", "Cyrillic"))),
        ("", None),
    ];
    for (text, expected) in cases {
        let detected = language::detect(text);
        assert_eq!(detected.as_ref().map(|d| (d.code.as_str(), d.script.as_str())), *expected, "{text}");
    }
    assert_eq!(language::language_name("pes"), Some("Persian"));
}

// ---------------------------------------------------------------------------------------------
// Bundles and loose files

#[test]
fn bundle_fixture_loads_with_artifacts() {
    let (captures, diagnostics) = load_path(&fixtures().join("bundle/demo"));
    assert_eq!(urls(&captures), ["https://market.example/saturday", "https://weather.example/today"]);
    let market = &captures[0];
    assert_eq!(market.origin, "exhibit-bundle");
    assert_eq!(market.captured_at.as_deref(), Some("2026-03-01T10:00:00Z"));
    assert_eq!(market.artifact(ArtifactKind::Screenshot).map(|a| a.media_type.as_str()), Some("image/png"));
    assert!(market.artifacts.iter().all(|artifact| artifact.content.is_some()));
    assert!(market.id.starts_with("c-") && market.id.len() == 14);
    let weather = &captures[1];
    assert_eq!(weather.text_artifact().map(|a| a.kind), Some(ArtifactKind::Text));
    assert_eq!(weather.text.canonical, "Sunny with light wind.\n\nTemperatures near twenty degrees.");
    assert!(diagnostics.iter().all(|diagnostic| diagnostic.severity != Severity::Error), "{diagnostics:?}");
}

#[test]
fn bundle_problems_are_diagnosed() {
    let files = vec![
        InputFile::new("b/case.json", br#"{"schema_version":1,"name":"x","captures":["captures/a","captures/missing"]}"#.to_vec()),
        InputFile::new("b/captures/a/manifest.json", br#"{"schema_version":1,"url":"https://a.example/","html":"../../../../etc/passwd","screenshot":"shot.png"}"#.to_vec()),
        InputFile::new("b/captures/a/shot.png", b"\x89PNG\r\n\x1a\nrest".to_vec()),
        InputFile::new("b/captures/c/manifest.json", br#"{"schema_version":7,"url":"https://c.example/"}"#.to_vec()),
    ];
    let (captures, diagnostics) = load(&files, &Limits::default());
    assert_eq!(urls(&captures), ["https://a.example/"]);
    for needle in [
        "points outside the bundle",
        "`b/captures/missing` has no manifest.json",
        "schema_version 7 is not supported",
        "screenshot only",
    ] {
        assert!(has_diagnostic(&diagnostics, needle), "{needle}: {diagnostics:#?}");
    }
}

#[test]
fn bundle_zip_loads_like_the_folder() {
    let folder = inputs(&fixtures().join("bundle/demo"));
    let zipped = zip_of(folder.iter().map(|file| (file.path.clone(), file.bytes.to_vec())).collect());
    let (captures, _) = load(&[InputFile::new("demo.zip", zipped)], &Limits::default());
    let (folder_captures, _) = load(&folder, &Limits::default());
    assert_eq!(urls(&captures), urls(&folder_captures));
    assert_eq!(
        captures.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        folder_captures.iter().map(|c| c.id.clone()).collect::<Vec<_>>()
    );
}

#[test]
fn case_manifest_for_the_app() {
    let bytes = std::fs::read(fixtures().join("bundle/demo/case.json")).unwrap_or_default();
    let case = parse_case_manifest(&bytes);
    assert_eq!(case.map(|case| (case.name, case.captures.len())), Ok(("Fixture case".to_string(), 2)));
}

#[test]
fn loose_files_find_their_urls_and_screenshots() {
    let (captures, diagnostics) = load_path(&fixtures().join("loose"));
    assert_eq!(
        urls(&captures),
        ["https://cooking.example/recipes", "https://market.example/saturday", "https://weather.example/today"]
    );
    assert!(has_diagnostic(&diagnostics, "using `https://cooking.example/recipes` from the file name"));
    assert!(captures[1].artifact(ArtifactKind::Screenshot).is_some());
    assert!(captures.iter().all(|capture| capture.origin == "loose-html" && capture.captured_at.is_none()));
}

#[test]
fn hidden_fixture_shows_no_secret() {
    let (captures, _) = load_path(&fixtures().join("site/hidden.html"));
    assert_eq!(captures[0].text.canonical, "Visible paragraph one.\n\nVisible paragraph two.");
}

#[test]
fn identical_bytes_get_distinct_stable_ids() {
    let page = b"<title>same</title><p>same</p>".to_vec();
    let files = vec![InputFile::new("a/one.example.html", page.clone()), InputFile::new("b/two.example.html", page)];
    let (captures, _) = load(&files, &Limits::default());
    let ids: Vec<&str> = captures.iter().map(|capture| capture.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(format!("{}-2", ids[0]), ids[1]);
}

// ---------------------------------------------------------------------------------------------
// WARC and WACZ made by real tools (wget, py-wacz)

#[test]
fn wget_warc_fixture() {
    let (captures, diagnostics) = load_path(&fixtures().join("warc/site.warc.gz"));
    let found = urls(&captures);
    for path in ["index.html", "ar.html", "ru.html", "utf16.html", "hidden.html"] {
        assert!(found.iter().any(|url| url.ends_with(path)), "{path} in {found:?}");
    }
    let arabic = captures
        .iter()
        .find(|capture| capture.url.ends_with("ar.html"))
        .map(|c| c.text.canonical.clone())
        .unwrap_or_default();
    assert!(arabic.contains("وصفة خبز بسيط"));
    assert!(captures.iter().all(|capture| capture.origin == "warc" && capture.captured_at.is_some()));
    assert!(captures.iter().all(|capture| capture.artifact(ArtifactKind::ArchiveRecord).is_some()));
    // wget writes SHA-1 (base32) digests: every one is checked and holds.
    assert!(has_diagnostic(&diagnostics, "SHA-1"), "{diagnostics:#?}");
    assert!(has_diagnostic(&diagnostics, ", 0 do not"), "{diagnostics:#?}");
    assert!(captures.iter().all(|capture| capture.integrity_failures().is_empty()));
}

#[test]
fn py_wacz_fixture_verifies() {
    let (captures, diagnostics) = load_path(&fixtures().join("wacz/site.wacz"));
    assert!(captures.len() >= 5, "{:?}", urls(&captures));
    for capture in &captures {
        assert_eq!(capture.origin, "wacz");
        assert!(
            capture.integrity.iter().any(|entry| entry.contains("resource hashes in datapackage.json match")),
            "{:?}",
            capture.integrity
        );
        assert!(!capture.integrity.iter().any(|entry| entry.contains("mismatch")), "{:?}", capture.integrity);
    }
    assert!(!diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error), "{diagnostics:?}");
}

#[test]
fn tampered_wacz_shows_mismatch_in_integrity() {
    let original = std::fs::read(fixtures().join("wacz/site.wacz")).unwrap_or_default();
    let mut members = unzip_all(&original);
    for (name, bytes) in members.iter_mut() {
        if name == "pages/pages.jsonl" {
            bytes.extend_from_slice(b"{\"url\":\"https://never.example/\",\"title\":\"x\"}\n");
        }
    }
    let (captures, diagnostics) = load(&[InputFile::new("tampered.wacz", zip_of(members))], &Limits::default());
    assert!(!captures.is_empty());
    assert!(captures
        .iter()
        .all(|capture| capture.integrity.iter().any(|entry| entry.contains("hash mismatch for `pages/pages.jsonl`"))));
    assert!(has_diagnostic(&diagnostics, "hash mismatch"));
    assert!(has_diagnostic(&diagnostics, "page https://never.example/ has no HTML response record"));
}

// ---------------------------------------------------------------------------------------------
// Interoperability files from other projects

#[test]
fn shared_testdata_loads_as_expected() {
    let Some(testdata) = shared_testdata() else { return };
    // (file, URLs of the captures, a diagnostic that must be present or "")
    let cases: &[(&str, &[&str], &str)] = &[
        ("warcio/example.warc", &["http://example.com/"], "revisit records"),
        ("warcio/example.warc.gz", &["http://example.com/"], "revisit records"),
        ("warcio/example.arc", &["http://example.com/"], "ARC file"),
        ("warcio/example.arc.gz", &["http://example.com/"], "ARC file"),
        ("warcio/example-resource.warc.gz", &["http://example.com/"], ""),
        ("warcio/example-iana.org-chunked.warc", &["http://www.iana.org/"], ""),
        ("warcio/example-digest.warc", &[], "none of them an HTML page"),
        ("warcio/example-trunc.warc", &["http://example.com/"], "no record boundary"),
        ("warcio/example-bad-non-chunked.warc.gz", &["http://example.com/"], ""),
        ("warcio/example-bad.warc.gz.bad", &["http://example.com?example=1"], ""),
        ("warcio/example-wrong-chunks.warc.gz", &["http://example.com/"], ""),
        ("warcio/example-wget-bad-target-uri.warc.gz", &["http://example.com/"], ""),
        ("warcio/example-space-in-target-uri.warc.gz", &[], ""),
        (
            "warcio/example-space-in-url.arc",
            &["http://example.com/index.cfm?FuseAction=Email&EmailTitle=Examples From The Live Web&IsPopUp=False"],
            "truncated",
        ),
        ("warcio/post-test.warc.gz", &[], "none of them an HTML page"),
        ("warcio/bad.arc", &[], "no ARC records could be read"),
        (
            "wacz/example-iana.warc",
            &[
                "https://example.com/",
                "https://www.iana.org/about",
                "https://www.iana.org/domains",
                "https://www.iana.org/domains/reserved",
                "https://www.iana.org/numbers",
                "https://www.iana.org/protocols",
            ],
            "record digests checked",
        ),
        ("wacz/invalid_example_1.wacz", &[], "no WARC files under archive/"),
        (
            "wacz/valid_signed_example_1.wacz",
            &["https://example.com/", "https://example.com/favicon.ico"],
            "signed, valid",
        ),
        (
            "wacz/invalid_signed_example_1.wacz",
            &["https://example.com/", "https://example.com/favicon.ico"],
            "signature invalid",
        ),
    ];
    let mut seen = Vec::new();
    for (path, expected_urls, expected_diagnostic) in cases {
        let (captures, diagnostics) = load_path(&testdata.join(path));
        assert_eq!(urls(&captures), *expected_urls, "{path}: {diagnostics:#?}");
        assert!(
            expected_diagnostic.is_empty() || has_diagnostic(&diagnostics, expected_diagnostic),
            "{path}: {diagnostics:#?}"
        );
        for capture in &captures {
            assert_offsets(&capture.text);
        }
        seen.push(path.to_string());
    }
    // Every file in the folder is covered by a case.
    for folder in ["warcio", "wacz"] {
        for entry in std::fs::read_dir(testdata.join(folder)).into_iter().flatten().flatten() {
            let name = format!("{folder}/{}", entry.file_name().to_string_lossy());
            assert!(seen.contains(&name), "{name} has no test case");
        }
    }
}

#[test]
fn signed_wacz_examples_report_the_signature_honestly() {
    let Some(testdata) = shared_testdata() else { return };
    for name in ["valid_signed_example_1.wacz", "invalid_signed_example_1.wacz"] {
        let (captures, _) = load_path(&testdata.join("wacz").join(name));
        let integrity = &captures[0].integrity;
        assert!(integrity.iter().any(|entry| entry.contains("4 of 4 resource hashes")), "{name}: {integrity:?}");
        assert!(
            integrity.iter().any(|entry| entry.contains("datapackage-digest.json matches")),
            "{name}: {integrity:?}"
        );
        let signature = captures[0].signature_check().map(|check| check.status);
        let expected = if name.starts_with("valid") { IntegrityStatus::Passed } else { IntegrityStatus::Failed };
        assert_eq!(signature, Some(expected), "{name}: {integrity:?}");
        assert_eq!(captures[0].title.as_deref(), Some("Example Domain"));
    }
}

#[test]
fn warc_text_of_example_com() {
    let Some(testdata) = shared_testdata() else { return };
    let (captures, _) = load_path(&testdata.join("warcio/example.warc.gz"));
    expect![[r#"
        Example Domain

        This domain is established to be used for illustrative examples in documents. You may use this domain in examples without prior coordination or asking for permission.

        More information..."#]]
    .assert_eq(&captures[0].text.canonical);
}

// ---------------------------------------------------------------------------------------------
// Hostile and broken input

#[test]
fn broken_inputs_give_diagnostics() {
    let small = Limits { max_file_bytes: 64 * 1024, max_total_bytes: 256 * 1024, ..Limits::default() };
    let example_gz = shared_testdata().and_then(|dir| std::fs::read(dir.join("warcio/example.warc.gz")).ok());
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip bomb", zip_of(vec![("big.html".to_string(), vec![b' '; 1024 * 1024])]), "over the 65536-byte limit"),
        ("traversal", zip_of(vec![("../evil.html".to_string(), b"<p>x</p>".to_vec())]), "points outside the archive"),
        ("wrong length", b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.example/\r\nContent-Type: text/html\r\nContent-Length: 3\r\n\r\n<p>hello</p>\r\n\r\n".to_vec(), "no record boundary"),
        ("no length", b"WARC/1.1\r\nWARC-Type: resource\r\n\r\nxx".to_vec(), "missing or invalid Content-Length"),
        ("garbage", b"WARC/1.0\r\n\xff\xfe\x00garbage".to_vec(), "headers end unexpectedly"),
        ("not a zip", b"PK\x03\x04broken".to_vec(), "not a readable zip"),
    ];
    if let Some(bytes) = example_gz {
        cases.push(("truncated gzip", bytes[..bytes.len() / 2].to_vec(), "unreadable"));
    }
    for (name, bytes, needle) in cases {
        let (_, diagnostics) = load(&[InputFile::new(name, bytes)], &small);
        assert!(has_diagnostic(&diagnostics, needle), "{name}: {diagnostics:#?}");
    }
}

#[test]
fn chunked_and_gzip_http_bodies_are_decoded() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = gz.write_all(b"<title>zipped</title><p>compressed body</p>");
    let body = gz.finish().unwrap_or_default();
    let mut chunked = Vec::new();
    for part in body.chunks(7) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let mut http =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            .to_vec();
    http.extend_from_slice(&chunked);
    let digest = format!("sha256:{}", exhibit::domain::hash::sha256_hex(&chunked));
    let warc = warc_record(
        "response",
        "http://z.example/",
        "application/http; msgtype=response",
        &http,
        &[("WARC-Payload-Digest", &digest)],
    );
    let (captures, _) = load(&[InputFile::new("z.warc", warc)], &Limits::default());
    assert_eq!(captures.len(), 1);
    assert_eq!(captures[0].text.canonical, "compressed body");
    assert!(captures[0].integrity.is_empty(), "{:?}", captures[0].integrity);

    let bad = format!("sha256:{}", exhibit::domain::hash::sha256_hex(b"other"));
    let warc = warc_record(
        "response",
        "http://z.example/",
        "application/http; msgtype=response",
        &http,
        &[("WARC-Payload-Digest", &bad)],
    );
    let (captures, diagnostics) = load(&[InputFile::new("z.warc", warc)], &Limits::default());
    assert!(captures[0].integrity.iter().any(|entry| entry.contains("WARC-Payload-Digest mismatch")));
    assert!(has_diagnostic(&diagnostics, "WARC-Payload-Digest mismatch"));
}

#[test]
fn browsertrix_screenshot_attaches_to_its_page() {
    let png = std::fs::read(fixtures().join("site/index.png")).unwrap_or_default();
    let mut warc = warc_record(
        "response",
        "https://s.example/",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>page</p>",
        &[],
    );
    warc.extend(warc_record("resource", "urn:screenshot:https://s.example/", "image/png", &png, &[]));
    let (captures, _) = load(&[InputFile::new("s.warc", warc)], &Limits::default());
    assert_eq!(captures.len(), 1);
    assert_eq!(captures[0].artifact(ArtifactKind::Screenshot).map(|a| a.media_type.as_str()), Some("image/png"));
    assert_eq!(
        captures[0].artifact(ArtifactKind::Html).map(|a| a.media_type.as_str()),
        Some("text/html; charset=utf-8")
    );
}

// ---------------------------------------------------------------------------------------------
// CLI

#[test]
fn cli_prints_json_and_text() {
    let binary = env!("CARGO_BIN_EXE_exhibit");
    let output = std::process::Command::new(binary).arg("capture").arg(fixtures().join("bundle/demo")).output();
    let output = output.unwrap_or_else(|error| panic!("{binary}: {error}"));
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let first = &json["captures"][0];
    assert_eq!(first["url"], "https://market.example/saturday");
    assert_eq!(first["artifacts"][1]["kind"], "screenshot");
    assert!(first["text_chars"].as_u64().unwrap_or(0) > 100);
    assert!(json["diagnostics"].is_array());

    let output = std::process::Command::new(binary)
        .args(["capture", "--text"])
        .arg(fixtures().join("site/hidden.html"))
        .output();
    let stdout = String::from_utf8(output.map(|output| output.stdout).unwrap_or_default()).unwrap_or_default();
    let mut lines = stdout.lines();
    assert!(
        lines.next().is_some_and(|line| line.starts_with("== c-") && line.ends_with("urn:exhibit:file:hidden.html")),
        "{stdout}"
    );
    assert_eq!(lines.collect::<Vec<_>>(), ["Visible paragraph one.", "", "Visible paragraph two."]);

    let missing = std::process::Command::new(binary).args(["capture", "/nonexistent/exhibit-path"]).output();
    assert_eq!(missing.map(|output| output.status.code()).ok().flatten(), Some(2));
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics_and_offsets_hold(html in "(<(p|div|pre|li|td|h1|b|a href=x|script|svg|template|br|/p|/div|/pre|/li|/a|/script|/svg)>|[a-z \\n\\t&;<>\u{0600}-\u{0620}\u{200c}\u{200f}]){0,80}") {
        let first = extract_text(&html);
        assert_offsets(&first);
        prop_assert_eq!(first, extract_text(&html));
    }

    #[test]
    fn extraction_of_arbitrary_strings(text in any::<String>()) {
        let extracted = extract_text(&text);
        assert_offsets(&extracted);
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048), prefix in 0usize..6) {
        let prefixes: [&[u8]; 6] = [b"", b"WARC/1.0\r\n", b"\x1f\x8b", b"PK\x03\x04", b"<html>", b"filedesc://x 1 2 3 4\n"];
        let mut input = prefixes[prefix].to_vec();
        input.extend(bytes);
        let (captures, _) = load(&[InputFile::new("fuzz", input)], &Limits::default());
        for capture in &captures {
            assert_offsets(&capture.text);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Builders for synthetic archives

fn warc_record(kind: &str, target: &str, content_type: &str, block: &[u8], extra: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{}>\r\nWARC-Target-URI: {target}\r\nWARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: {content_type}\r\n",
        exhibit::domain::hash::sha256_hex(block).get(..32).unwrap_or_default()
    )
    .into_bytes();
    for (name, value) in extra {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    }
    out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn zip_of(members: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in members {
        writer.start_file(name, options).unwrap_or_else(|error| panic!("zip: {error}"));
        writer.write_all(&bytes).unwrap_or_else(|error| panic!("zip: {error}"));
    }
    writer.finish().map(|cursor| cursor.into_inner()).unwrap_or_default()
}

fn unzip_all(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let files = capture::zip_members::read_zip("x", bytes, &Limits::default(), &mut Vec::new());
    files.into_iter().map(|file| (file.path, file.bytes.to_vec())).collect()
}

/// Loading folder by folder (the app's worker does, to show progress) gives what loading all the
/// files at once gives: the same set of ids (repeated bytes numbered across folders) and as many
/// diagnostics; progress counts the folders.
#[test]
fn loading_by_folder_equals_loading_at_once() {
    let page = |title: &str| {
        format!("<!doctype html><html><head><title>{title}</title><link rel=\"canonical\" href=\"https://{title}.example/\"></head><body><p>Neutral placeholder text for {title}.</p></body></html>")
    };
    let files: Vec<InputFile> = [
        ("one/page.html", page("harbour")),
        ("two/page.html", page("harbour")),
        ("three/page.html", page("orchard")),
        ("loose.html", page("harbour")),
        ("three/notes.bin", "\u{0}\u{1} not a capture".to_string()),
    ]
    .into_iter()
    .map(|(path, text)| InputFile::new(path, text.into_bytes()))
    .collect();
    let at_once = load(&files, &Limits::default());
    let mut steps = Vec::new();
    let by_folder = exhibit::domain::capture::load_by_folder(files, &Limits::default(), &mut |done, total| {
        steps.push((done, total))
    });
    let ids = |captures: &[exhibit::domain::capture::Capture]| {
        let mut ids: Vec<String> = captures.iter().map(|capture| capture.id.to_string()).collect();
        ids.sort();
        ids
    };
    assert_eq!(ids(&by_folder.0), ids(&at_once.0));
    assert_eq!(by_folder.0.len(), 4, "{:?}", by_folder.1);
    assert!(
        ids(&by_folder.0).iter().any(|id| id.ends_with("-3")),
        "repeated bytes are numbered: {:?}",
        ids(&by_folder.0)
    );
    assert_eq!(by_folder.1.len(), at_once.1.len());
    assert_eq!(steps, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
}

/// A page with a tag of thousands of quoted attributes (a hostile page: the HTML tokenizer reads
/// each by recursion) is read up to that tag, with a warning, and the other files still load;
/// the process does not die of a stack overflow.
#[test]
fn a_tag_with_thousands_of_attributes_is_read_up_to_it_and_the_load_goes_on() {
    let attributes: Vec<String> = (0..20_000).map(|n| format!("a{n}=\"{n}\"")).collect();
    let hostile = format!(
        "<html><body><p>Placeholder text before the tag, read as usual.</p><p {}>after</p></body></html>",
        attributes.join(" ")
    );
    let files = vec![
        InputFile::new("hostile/page.html", hostile.into_bytes()),
        InputFile::new(
            "plain/page.html",
            b"<html><body><p>Placeholder text of a plain page.</p></body></html>".to_vec(),
        ),
    ];
    let (captures, diagnostics) = exhibit::domain::capture::load(&files, &Limits::default());
    assert_eq!(captures.len(), 2, "{diagnostics:?}");
    let texts: Vec<&str> = captures.iter().map(|capture| capture.text.canonical.as_str()).collect();
    assert!(texts.contains(&"Placeholder text before the tag, read as usual."), "{texts:?}");
    assert!(texts.contains(&"Placeholder text of a plain page."), "{texts:?}");
    assert!(
        diagnostics.iter().any(|diagnostic| diagnostic.message.contains("more than 400 attributes")
            && diagnostic.file.as_deref() == Some("hostile/page.html")),
        "{diagnostics:?}"
    );
}

/// Loose HTML whose first 512 bytes end inside a character (Arabic in windows-1256 or UTF-8,
/// without a `<meta charset>`), or written as UTF-16 without a byte order mark, is still HTML.
#[test]
fn loose_html_in_arabic_or_utf16_without_a_declaration_is_a_page() {
    let sentence = "نص تجريبي محايد للاختبار فقط. ";
    let arabic = format!("<html><body><p>{}</p></body></html>", sentence.repeat(30));
    let (windows_1256, _, _) = encoding_rs::WINDOWS_1256.encode(&arabic);
    let utf16: Vec<u8> = "<html><body><p>Placeholder page in UTF-16.</p></body></html>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    for (name, bytes) in [
        ("arabic-1256.html", windows_1256.into_owned()),
        ("arabic-utf8.html", arabic.clone().into_bytes()),
        ("utf16.html", utf16),
    ] {
        let (captures, diagnostics) = load(&[InputFile::new(name, bytes)], &Limits::default());
        assert_eq!(captures.len(), 1, "{name}: {diagnostics:#?}");
        let text = &captures[0].text.canonical;
        assert!(text.starts_with("نص تجريبي") || text.starts_with("Placeholder page"), "{name}: {text:.60}");
    }
}

/// An archive inside a zip (as people zip files to send them) is read in its turn: a WARC in a
/// zip in a zip, and a WACZ in a zip; deeper than `MAX_ARCHIVE_DEPTH` is said, not read.
#[test]
fn archives_inside_zips_are_read() {
    let page = "<html><body><p>Placeholder page inside nested archives.</p></body></html>";
    let warc = format!(
        "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: https://nested.example/\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    let once = zip_of(vec![("crawl.warc".to_string(), warc.clone())]);
    let twice = zip_of(vec![("inner.zip".to_string(), once.clone())]);
    let thrice = zip_of(vec![("outer.zip".to_string(), twice.clone())]);
    for (name, bytes) in [("once.zip", once), ("twice.zip", twice)] {
        let (captures, diagnostics) = load(&[InputFile::new(name, bytes)], &Limits::default());
        let urls: Vec<&str> = captures.iter().map(|capture| capture.url.as_str()).collect();
        assert_eq!(urls, ["https://nested.example/"], "{name}: {diagnostics:#?}");
    }
    let (captures, diagnostics) = load(&[InputFile::new("thrice.zip", thrice)], &Limits::default());
    assert!(captures.is_empty());
    assert!(
        diagnostics.iter().any(|diagnostic| diagnostic.message.contains("nested more than 2 levels deep")),
        "{diagnostics:#?}"
    );
    if let Some(dir) = shared_testdata() {
        {
            let wacz = std::fs::read(dir.join("wacz/valid_signed_example_1.wacz")).expect("the shared WACZ");
            let alone = load(&[InputFile::new("crawl.wacz", wacz.clone())], &Limits::default()).0.len();
            let zipped = zip_of(vec![("crawl.wacz".to_string(), wacz)]);
            let (captures, diagnostics) = load(&[InputFile::new("sent.zip", zipped)], &Limits::default());
            assert!(alone > 0);
            assert_eq!(captures.len(), alone, "{diagnostics:#?}");
        }
    }
}

/// A WARC-Date that is no time is not kept as the capture's time (it would order visits and decide
/// what `removed` compares): the time is unknown, and said.
#[test]
fn a_warc_date_that_is_no_time_is_left_unknown() {
    let page = "<p>Placeholder page.</p>";
    for (date, kept) in [
        ("yesterday", None),
        ("9999-99-99T99:99:99Z", None),
        ("2026-02-30T10:00:00Z", None),
        ("20260431100000", None),
        ("2026-03-01T10:00:00Z", Some("2026-03-01T10:00:00Z")),
        ("20260301100000", Some("20260301100000")),
    ] {
        let warc = format!(
            "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: https://dated.example/\r\nWARC-Date: {date}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
            page.len()
        );
        let (captures, diagnostics) = load(&[InputFile::new("dated.warc", warc.into_bytes())], &Limits::default());
        assert_eq!(captures.len(), 1, "{date}: {diagnostics:#?}");
        assert_eq!(captures[0].captured_at.as_deref(), kept, "{date}");
        let said = diagnostics.iter().any(|diagnostic| diagnostic.message.contains("is not a time"));
        assert_eq!(said, kept.is_none(), "{date}: {diagnostics:#?}");
    }
}

/// The CLI reads a folder given twice once (it loaded the bundle's page a second time as loose
/// HTML), and a bundle's `case.json` or `manifest.json` given alone is refused with what to pass.
#[test]
fn cli_reads_a_folder_given_twice_once_and_asks_for_a_bundles_folder() {
    let binary = env!("CARGO_BIN_EXE_exhibit");
    let folder = fixtures().join("bundle/demo");
    let run = |paths: &[&Path]| std::process::Command::new(binary).arg("capture").args(paths).output().expect("runs");
    let once = run(&[&folder]);
    let twice = run(&[&folder, &folder]);
    let count = |output: &std::process::Output| {
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap_or_default()["captures"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert!(count(&once) > 0);
    assert_eq!(count(&twice), count(&once), "{}", String::from_utf8_lossy(&twice.stderr));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("read once"));
    let manifest = std::fs::read_dir(&folder)
        .expect("the bundle")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.file_name().is_some_and(|name| name == "case.json" || name == "manifest.json"));
    if let Some(manifest) = manifest {
        let alone = run(&[&manifest]);
        assert_eq!(alone.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&alone.stderr).contains("pass its folder"), "{alone:?}");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap_or_else(|error| panic!("gzip: {error}"));
    encoder.finish().unwrap_or_else(|error| panic!("gzip: {error}"))
}

fn placeholder_record(host: &str) -> Vec<u8> {
    let page = format!("<title>{host}</title><p>Placeholder page of {host}, neutral text for a test.</p>");
    warc_record("resource", &format!("https://{host}/"), "text/html", page.as_bytes(), &[])
}

/// A damaged gzip says what is damaged and where: which member, at what byte offset, corrupt or
/// truncated (it said "holds neither WARC nor ARC records" or "bytes after a gzip member are not
/// gzip").
#[test]
fn gzip_damage_names_the_member_and_where() {
    let first = gzip(&placeholder_record("alpha.example"));
    let second = gzip(&placeholder_record("bravo.example"));
    let messages = |bytes: Vec<u8>| {
        let (captures, diagnostics) = load(&[InputFile::new("damaged.warc.gz", bytes)], &Limits::default());
        let messages: Vec<String> = diagnostics.into_iter().map(|diagnostic| diagnostic.message).collect();
        (captures.len(), messages.join("\n"))
    };

    // A corrupt deflate stream in the only member (a whole-file gzip): nothing readable.
    let mut corrupt = first.clone();
    corrupt[12..40].fill(0xff);
    let (found, said) = messages(corrupt);
    assert_eq!(found, 0, "{said}");
    assert!(said.contains("corrupt deflate stream in gzip member 1, which starts at byte offset 0"), "{said}");
    assert!(!said.contains("holds neither"), "{said}");

    // A corrupt second member: the first record is kept.
    let mut corrupt = second.clone();
    corrupt[12..40].fill(0xff);
    let (found, said) = messages([first.clone(), corrupt].concat());
    assert_eq!(found, 1, "{said}");
    assert!(said.contains(&format!("in gzip member 2, which starts at byte offset {}", first.len())), "{said}");

    // A file cut inside the second member, even inside its magic number.
    for cut in [1, second.len() / 2] {
        let (found, said) = messages([first.as_slice(), &second[..cut]].concat());
        assert_eq!(found, 1, "{said}");
        assert!(
            said.contains(&format!("gzip member 2 at byte offset {} is truncated", first.len())),
            "cut at {cut}: {said}"
        );
        assert!(!said.contains("are not gzip"), "{said}");
    }
}

/// A record with more header lines than the reader takes says the limit was hit (it said the
/// headers ended unexpectedly, as if the file were truncated).
#[test]
fn too_many_header_lines_say_the_limit() {
    let mut warc = b"WARC/1.0\r\nWARC-Type: resource\r\n".to_vec();
    warc.extend(b"X-Placeholder: value\r\n".repeat(5_000));
    warc.extend(b"Content-Length: 0\r\n\r\n");
    let (_, diagnostics) = load(&[InputFile::new("headers.warc", warc)], &Limits::default());
    assert!(has_diagnostic(&diagnostics, "more than 1000 header lines (the limit)"), "{diagnostics:#?}");
    assert!(!has_diagnostic(&diagnostics, "truncated file"), "{diagnostics:#?}");
}

/// An empty zip says it holds no files (it gave no diagnostic of its own).
#[test]
fn an_empty_zip_says_so() {
    let (captures, diagnostics) = load(&[InputFile::new("empty.zip", zip_of(Vec::new()))], &Limits::default());
    assert!(captures.is_empty());
    assert!(has_diagnostic(&diagnostics, "no files found in this zip"), "{diagnostics:#?}");
}

/// A page or screenshot record whose target is not an http(s) URL, or does not parse, is no
/// capture: skipped, with a warning naming the record and the URI (they became captures). Other
/// records that make no capture (Browsertrix's `urn:text:`) stay quiet.
#[test]
fn a_record_whose_target_is_no_web_url_is_no_capture() {
    let page = b"<title>Placeholder</title><p>Neutral placeholder text.</p>";
    let mut warc = Vec::new();
    let odd = [
        ("javascript:alert(1)", "is not an http(s) URL"),
        ("data:text/html,placeholder", "is not an http(s) URL"),
        ("mailto:someone@alpha.example", "is not an http(s) URL"),
        ("https://[::1", "does not parse as a URL"),
        ("https://user:pw@alpha.example:99999/", "does not parse as a URL"),
    ];
    for (target, _) in odd {
        warc.extend(warc_record("resource", target, "text/html", page, &[]));
    }
    warc.extend(warc_record("resource", "https://bravo.example/", "text/html", page, &[]));
    warc.extend(warc_record("resource", "urn:text:https://bravo.example/", "text/plain", b"placeholder", &[]));
    let png = std::fs::read(fixtures().join("site/index.png")).unwrap_or_default();
    warc.extend(warc_record("resource", "urn:screenshot:javascript:void(0)", "image/png", &png, &[]));
    let (captures, diagnostics) = load(&[InputFile::new("odd.warc", warc)], &Limits::default());
    assert_eq!(urls(&captures), ["https://bravo.example/"], "{diagnostics:#?}");
    for (target, problem) in odd {
        let said = diagnostics.iter().any(|diagnostic| {
            diagnostic.message.contains(&format!("{target:?} {problem}"))
                && diagnostic.message.contains("resource record urn:uuid:")
                && diagnostic.message.contains("not a capture")
        });
        assert!(said, "{target}: {diagnostics:#?}");
    }
    assert!(
        has_diagnostic(&diagnostics, "\"urn:screenshot:javascript:void(0)\" is not an http(s) URL"),
        "{diagnostics:#?}"
    );
    assert!(!has_diagnostic(&diagnostics, "urn:text:"), "{diagnostics:#?}");
}

/// An empty folder and an empty zip each say why nothing was read (they printed no diagnostic).
#[test]
fn cli_says_no_files_were_found_in_an_empty_folder_or_zip() {
    let root = std::env::temp_dir().join(format!("exhibit-capture-empty-{}", std::process::id()));
    let folder = root.join("empty-folder");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let zip = root.join("empty.zip");
    std::fs::write(&zip, zip_of(Vec::new())).expect("write");
    for (path, said) in [(&folder, "no files were found under the given paths"), (&zip, "no files found in this zip")] {
        let output =
            std::process::Command::new(env!("CARGO_BIN_EXE_exhibit")).arg("capture").arg(path).output().expect("runs");
        let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
        let messages: Vec<&str> = printed["diagnostics"]
            .as_array()
            .map(|diagnostics| diagnostics.iter().filter_map(|diagnostic| diagnostic["message"].as_str()).collect())
            .unwrap_or_default();
        assert!(messages.iter().any(|message| message.contains(said)), "{}: {messages:?}", path.display());
    }
    let _ = std::fs::remove_dir_all(&root);
}
