#![cfg(not(target_arch = "wasm32"))]
//! Exports: the review file reads back exactly; the CSV, Web Annotation, ClaimReview, dashboard and
//! HTML report of a fictional case match their golden files (`UPDATE_EXPECT=1 cargo test --test
//! export` rewrites them); CSV cells can never run as formulas; the JSON-LD has the shape its
//! vocabularies require; the HTML report makes no request and escapes hostile text.

#[path = "data/export/fixture.rs"]
mod fixture;

use exhibit::domain::allegations::{Allegation, Flag, SourceLine};
use exhibit::domain::capture::{ArtifactKind, LanguageProfile, LanguageShare};
use exhibit::domain::citation::{Citation, PixelRect, Selector, TextPosition, TextQuote};
use exhibit::domain::export::dashboard::{dashboard, dashboard_svg};
use exhibit::domain::export::{
    claim_review, csv, html_report, parse_review_file, review_file, to_json, web_annotation, ArtifactEntry,
    CaptureEntry, ReviewFile, REVIEW_FILE_SCHEMA_VERSION,
};
use exhibit::domain::ids::{AllegationId, CaptureId};
use exhibit::domain::review_log::{Event, EventKind, Verdict, VerdictRecord};
use expect_test::{expect, expect_file, Expect};
use fixture::Scope;
use proptest::prelude::*;
use serde_json::Value;

fn full_review() -> ReviewFile {
    let case = fixture::case();
    let events = fixture::events(&case, Scope::Full);
    review_file(&case, &events, fixture::EXPORTED_AT)
}

/// Screenshot bytes of the fixture's captures, by capture id.
fn fixture_screenshot(capture_id: &CaptureId) -> Option<(String, Vec<u8>)> {
    let case = fixture::case();
    let capture = case.captures.iter().find(|capture| capture.id == capture_id)?;
    let artifact = capture.artifact(ArtifactKind::Screenshot)?;
    Some((artifact.media_type.clone(), artifact.content.as_deref()?.to_vec()))
}

fn no_screenshot(_: &CaptureId) -> Option<(String, Vec<u8>)> {
    None
}

#[test]
fn golden_exports() {
    let file = full_review();
    expect_file!["data/export/review.json"].assert_eq(&to_json(&file));
    // expect-test reads golden files with CRLF folded to LF; CRLF is checked on its own below.
    expect_file!["data/export/report.csv"].assert_eq(&csv(&file).replace("\r\n", "\n"));
    expect_file!["data/export/webannotation.jsonld"].assert_eq(&web_annotation(&file));
    expect_file!["data/export/claimreview.jsonld"].assert_eq(&claim_review(&file));
    expect_file!["data/export/dashboard.svg"].assert_eq(&dashboard_svg(&dashboard(&file)));
    expect_file!["data/export/dashboard.json"]
        .assert_eq(&serde_json::to_string_pretty(&dashboard(&file)).expect("JSON"));
    expect_file!["data/export/report.html"].assert_eq(&html_report(&file, &fixture_screenshot));
}

#[test]
fn review_file_reads_back_exactly() {
    let file = full_review();
    let (read, diagnostics) = parse_review_file(&to_json(&file)).expect("readable");
    assert_eq!(diagnostics, Vec::new());
    assert_eq!(read, file);
}

#[test]
fn finding_of_the_fixture() {
    let board = dashboard(&full_review());
    expect![[r#"3 of 5 alleged sites are in Arabic script; 1 was supported by cited evidence."#]]
        .assert_eq(&board.finding);
    assert_eq!((board.reviewed, board.total, board.progress_percent), (3, 5, 60));
}

// ---------------------------------------------------------------------------------------------
// Small hand-made review files.

fn allegation(id: &str, host: &str, claim: Option<&str>) -> Allegation {
    Allegation {
        id: id.into(),
        url: format!("https://{host}/"),
        host: host.to_string(),
        host_unicode: host.to_string(),
        site: host.to_string(),
        claim: claim.map(str::to_string),
        source: Some("list.example".to_string()),
        date: None,
        flags: Vec::new(),
        occurrences: vec![SourceLine { file: "list.txt".into(), line: 1, raw: format!("https://{host}/") }],
    }
}

fn capture_entry(id: &str, host: &str, script: &str, allegation_ids: &[&str]) -> CaptureEntry {
    CaptureEntry {
        id: id.into(),
        url: format!("https://{host}/"),
        captured_at: Some("2026-01-01T00:00:00Z".to_string()),
        origin: "exhibit-bundle".to_string(),
        title: None,
        artifacts: vec![ArtifactEntry {
            kind: ArtifactKind::Html,
            media_type: "text/html".to_string(),
            sha256: format!("{:0>64}", id.len()),
            bytes: 10,
        }],
        language: LanguageProfile {
            languages: vec![LanguageShare { lang: None, script: script.to_string(), share: 1.0, reliable: false }],
            summary: format!("{script} script, language uncertain"),
        },
        allegation_ids: allegation_ids.iter().map(|&id| id.into()).collect(),
    }
}

fn verdict_event(id: &str, allegation_id: &str, verdict: Verdict) -> Event {
    Event::new(
        id,
        "2026-01-02T00:00:00Z",
        "Reviewer",
        EventKind::VerdictRecorded {
            record: VerdictRecord {
                allegation_id: allegation_id.into(),
                verdict,
                rationale: "placeholder".to_string(),
                reason: None,
                citation_ids: Vec::new(),
                reviewer_language: "eng".to_string(),
                reviewer_languages: Vec::new(),
                adjudicates: Vec::new(),
            },
        },
    )
}

/// A citation and a verdict resting on it that the evidence gate accepts (for `removed`, read
/// without captures, only what the citations show is checked).
fn valid_verdict_events(id: &str, allegation_id: &str, verdict: Verdict) -> Vec<Event> {
    let finding = match verdict {
        Verdict::Supported => "recruitment",
        Verdict::NotSupported | Verdict::Inconclusive | Verdict::Unreviewable => "unrelated",
        Verdict::Removed => "removed",
    };
    let quote = "Members are invited to the weekly meeting on Friday at the community hall.";
    let citation = exhibit::domain::citation::Citation {
        id: format!("{id}-q").into(),
        allegation_id: allegation_id.into(),
        capture_id: "c-any".into(),
        artifact_sha256: "00".repeat(32),
        selector: exhibit::domain::citation::Selector::Text {
            quote: exhibit::domain::citation::TextQuote {
                exact: quote.into(),
                prefix: String::new(),
                suffix: String::new(),
            },
            position: exhibit::domain::citation::TextPosition { start: 0, end: quote.chars().count() },
        },
        quote_language: None,
        note: "Announces a weekly meeting with a time and a place.".to_string(),
        translation: None,
        linked_citation: None,
        finding: Some(finding.to_string()),
        description: None,
        archive: None,
    };
    let mut verdict_event = verdict_event(id, allegation_id, verdict);
    if let EventKind::VerdictRecorded { record } = &mut verdict_event.kind {
        record.rationale = "Quote 1 announces a weekly meeting with a time and a place.".to_string();
        if verdict != Verdict::Unreviewable {
            record.citation_ids = vec![citation.id.clone()];
        }
        if matches!(verdict, Verdict::Inconclusive | Verdict::Unreviewable) {
            record.reason = Some("needs a second reader".to_string());
        }
    }
    vec![
        Event::new(format!("{id}-c"), "2026-01-01T00:00:00Z", "Reviewer", EventKind::CitationAdded { citation }),
        verdict_event,
    ]
}

fn small_file(allegations: Vec<Allegation>, captures: Vec<CaptureEntry>, events: Vec<Event>) -> ReviewFile {
    ReviewFile {
        schema_version: REVIEW_FILE_SCHEMA_VERSION,
        exported_at: "2026-01-03T00:00:00Z".to_string(),
        case_name: "Small".to_string(),
        allegations,
        captures,
        events,
        codebook: Default::default(),
        verdict_statuses: Default::default(),
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The claim cell of a one-allegation CSV export.
fn check_csv_cell(claim: &str, expect: Expect) {
    let file = small_file(vec![allegation("a1", "site.example", Some(claim))], Vec::new(), Vec::new());
    let out = csv(&file);
    let body = out.strip_prefix('\u{feff}').expect("BOM");
    let row = body.split_once("\r\n").map(|(_, rest)| rest).expect("header row");
    // Fields before the claim have no comma or quote: skip four, read the claim up to the next
    // field (`,list.example,`).
    let after = row.splitn(5, ',').nth(4).expect("claim field");
    let cell = after.rsplit_once(",list.example,").map(|(cell, _)| cell).expect("source field");
    expect.assert_eq(cell);
}

#[test]
fn csv_neutralises_formulas_and_quotes_as_rfc_4180() {
    check_csv_cell("plain words", expect![[r#"plain words"#]]);
    check_csv_cell("=1+2", expect![[r#"'=1+2"#]]);
    check_csv_cell("+1 (555) 0100", expect![[r#"'+1 (555) 0100"#]]);
    check_csv_cell("-2+3", expect![[r#"'-2+3"#]]);
    check_csv_cell("@SUM(A1:A2)", expect![[r#"'@SUM(A1:A2)"#]]);
    check_csv_cell("\tindented", expect!["'\tindented"]);
    check_csv_cell("\rreturn", expect!["\"'\rreturn\""]);
    check_csv_cell("a, b", expect![[r#""a, b""#]]);
    check_csv_cell("say \"hello\"", expect![[r#""say ""hello""""#]]);
    check_csv_cell(
        "two\nlines",
        expect![[r#"
        "two
        lines""#]],
    );
    check_csv_cell("=HYPERLINK(\"x\",\"y\")", expect![[r#""'=HYPERLINK(""x"",""y"")""#]]);
    check_csv_cell("a=b", expect![[r#"a=b"#]]);
    check_csv_cell("نص عربي", expect![[r#"نص عربي"#]]);
}

#[test]
fn csv_has_bom_crlf_rows_and_one_row_per_allegation() {
    let file = full_review();
    let out = csv(&file);
    assert!(out.starts_with("\u{feff}allegation_id,host,host_unicode,url,claim,"));
    assert!(out.ends_with("\r\n"));
    // Outside quoted fields, every line break is CRLF.
    let mut in_quotes = false;
    let mut previous = '\0';
    let mut rows = 0;
    for character in out.chars() {
        match character {
            '"' => in_quotes = !in_quotes,
            '\n' if !in_quotes => {
                assert_eq!(previous, '\r', "bare LF outside quotes");
                rows += 1;
            }
            _ => {}
        }
        previous = character;
    }
    assert_eq!(rows, file.allegations.len() + 1);
    // No line starts with a character a spreadsheet would evaluate, and no cell does either.
    for cell in out.split([',', '\n']) {
        let cell = cell.trim_start_matches('"');
        assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// JSON-LD

fn get<'a>(value: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(value, |value, key| match key.parse::<usize>() {
        Ok(index) => &value[index],
        Err(_) => &value[key],
    })
}

fn text(value: &Value, path: &str) -> String {
    get(value, path).as_str().unwrap_or_else(|| panic!("{path} is not a string in {value}")).to_string()
}

#[test]
fn web_annotation_shape() {
    let collection: Value = serde_json::from_str(&web_annotation(&full_review())).expect("JSON");
    assert_eq!(text(&collection, "@context.0"), "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(text(&collection, "type"), "AnnotationCollection");
    assert_eq!(text(&collection, "first.type"), "AnnotationPage");
    let items = get(&collection, "first.items").as_array().expect("items");
    assert_eq!(items.len(), 3, "q-1, q-2, q-3 are live; q-4 was undone");
    assert_eq!(get(&collection, "total").as_u64(), Some(3));
    for item in items {
        assert_eq!(text(item, "type"), "Annotation");
        assert!(text(item, "id").starts_with("urn:exhibit:citation:"));
        assert_eq!(text(item, "creator.name"), "Reviewer One");
        assert!(text(item, "created").starts_with("2026-03-04T"));
        assert_eq!(text(item, "target.type"), "SpecificResource");
        assert!(text(item, "target.source").starts_with("https://"));
        assert!(text(item, "target.state.cached").starts_with("ni:///sha-256;"));
        assert_eq!(text(item, "target.exhibit:sha256").len(), 64);
        assert_eq!(text(item, "body.0.type"), "TextualBody");
        assert_eq!(text(item, "body.0.purpose"), "describing");
        assert_eq!(text(item, "body.1.purpose"), "translating");
        assert_eq!(text(item, "body.1.language"), "en");
        let selectors = get(item, "target.selector").as_array().expect("selectors");
        let types: Vec<&str> = selectors.iter().filter_map(|selector| selector["type"].as_str()).collect();
        match types.as_slice() {
            ["TextQuoteSelector", "TextPositionSelector"] => {
                assert!(!text(item, "target.selector.0.exact").is_empty());
                let start = get(item, "target.selector.1.start").as_u64().expect("start");
                let end = get(item, "target.selector.1.end").as_u64().expect("end");
                assert!(start < end);
            }
            ["FragmentSelector"] => {
                assert_eq!(text(item, "target.selector.0.conformsTo"), "http://www.w3.org/TR/media-frags/");
                assert_eq!(text(item, "target.selector.0.value"), "xywh=pixel:20,40,180,30");
                assert_eq!(text(item, "target.format"), "image/png");
            }
            other => panic!("unexpected selectors {other:?}"),
        }
    }
    let edited = items.iter().find(|item| item["id"] == "urn:exhibit:citation:q-3").expect("q-3");
    assert!(text(edited, "modified") > text(edited, "created"));
}

#[test]
fn claim_review_shape() {
    let graph: Value = serde_json::from_str(&claim_review(&full_review())).expect("JSON");
    assert_eq!(text(&graph, "@context"), "https://schema.org");
    let reviews = get(&graph, "@graph").as_array().expect("graph");
    assert_eq!(reviews.len(), 3, "one per allegation with a verdict");
    let mut seen = Vec::new();
    for review in reviews {
        assert_eq!(text(review, "@type"), "ClaimReview");
        assert!(!text(review, "claimReviewed").is_empty());
        assert_eq!(text(review, "author.@type"), "Person");
        assert!(text(review, "datePublished").starts_with("2026-03-04T"));
        assert_eq!(text(review, "itemReviewed.@type"), "Claim");
        assert_eq!(text(review, "reviewRating.@type"), "Rating");
        assert!(!text(review, "reviewRating.alternateName").is_empty());
        let verdict = text(review, "reviewRating.identifier");
        let rating = get(review, "reviewRating.ratingValue").as_u64();
        seen.push((verdict.clone(), rating));
        for page in get(review, "itemReviewed.appearance").as_array().expect("appearance") {
            assert_eq!(text(page, "@type"), "WebPage");
            assert!(text(page, "url").starts_with("https://"));
            assert!(!text(page, "dateCreated").is_empty());
            assert_eq!(text(page, "identifier.0.propertyID"), "sha256");
            assert_eq!(text(page, "identifier.0.value").len(), 64);
        }
        for citation in get(review, "citation").as_array().expect("citation") {
            assert_eq!(text(citation, "@type"), "Quotation");
            assert!(!text(citation, "text").is_empty());
            assert!(!text(citation, "workTranslation.text").is_empty());
            assert_eq!(text(citation, "isPartOf.identifier.propertyID"), "sha256");
        }
    }
    seen.sort();
    assert_eq!(
        seen,
        vec![
            ("not_supported".to_string(), Some(1)),
            ("supported".to_string(), Some(5)),
            ("unreviewable".to_string(), None),
        ]
    );
    // A claim the list left blank is stated in words.
    let unreviewable =
        reviews.iter().find(|review| review["reviewRating"]["identifier"] == "unreviewable").expect("a4");
    assert!(get(unreviewable, "reviewRating.bestRating").is_null());
    assert_eq!(get(unreviewable, "itemReviewed.appearance").as_array().map(Vec::len), Some(0));
}

// ---------------------------------------------------------------------------------------------
// HTML report

/// Every value of `attribute=` in the document's tags (quoted with " or ', or bare). Text is
/// escaped, so every raw `<` opens a tag.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let lower = tag.to_ascii_lowercase();
        for (index, _) in lower.match_indices(&format!("{attribute}=")) {
            let before = lower[..index].chars().last();
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let rest = &tag[index + attribute.len() + 1..];
            let value = match rest.chars().next() {
                Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
                _ => rest.split([' ', '/']).next().unwrap_or(""),
            };
            values.push(value);
        }
    }
    values
}

#[test]
fn html_report_makes_no_request_and_escapes_hostile_text() {
    let file = full_review();
    for html in [html_report(&file, &fixture_screenshot), html_report(&file, &no_screenshot)] {
        let lower = html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "no script");
        assert!(!lower.contains("<iframe") && !lower.contains("<object") && !lower.contains("<embed"));
        assert!(!lower.contains("<link") && !lower.contains("@import"));
        assert!(html.contains(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        ));
        for attribute in ["src", "href", "xlink:href", "action", "srcset", "poster"] {
            for value in attribute_values(&html, attribute) {
                assert!(value.starts_with('#') || value.starts_with("data:"), "{attribute}={value}");
            }
        }
        // CSS url(...) only ever holds a data: URI.
        for (index, _) in lower.match_indices("url(") {
            assert!(lower[index..].starts_with("url(\"data:image/"), "{}", &html[index..index + 40]);
        }
        // The hostile claim of the fixture is shown, escaped.
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(!html.contains("<img"));
        assert!(html.contains("<bdi>هذه فقرة تصف نداء للتجنيد دون أن تتضمنه</bdi>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("<svg"));
    }
    let with = html_report(&file, &fixture_screenshot);
    assert_eq!(with.matches("url(\"data:image/png;base64,").count(), 1, "the screenshot is embedded once");
    assert!(with.contains("background-position:-20px -40px"));
    let without = html_report(&file, &no_screenshot);
    assert!(without.contains("Screenshot bytes were not supplied"));
    // Bytes that are not the cited ones are never shown.
    let wrong = |_: &CaptureId| Some(("image/png".to_string(), b"\x89PNG\r\n\x1a\nnot the cited bytes".to_vec()));
    assert!(html_report(&file, &wrong).contains("does not have the cited SHA-256"));
}

#[test]
fn hostile_text_everywhere_is_escaped() {
    let hostile = "<script>alert('x')</script>\"'&";
    let mut hostile_allegation = allegation("a1", "site.example", Some(hostile));
    hostile_allegation.host_unicode = hostile.to_string();
    hostile_allegation.source = Some(hostile.to_string());
    hostile_allegation.flags = vec![Flag::BidiControl];
    let mut entry = capture_entry("c-1", "site.example", hostile, &["a1"]);
    entry.url = format!("https://site.example/{hostile}");
    entry.language.summary = hostile.to_string();
    let citation = Citation {
        id: hostile.into(),
        allegation_id: "a1".into(),
        capture_id: "c-1".into(),
        artifact_sha256: hostile.to_string(),
        selector: Selector::Text {
            quote: TextQuote { exact: hostile.to_string(), prefix: hostile.to_string(), suffix: hostile.to_string() },
            position: TextPosition { start: 0, end: 3 },
        },
        quote_language: Some(hostile.to_string()),
        note: hostile.to_string(),
        translation: Some(hostile.to_string()),
        linked_citation: Some(hostile.into()),
        finding: None,
        description: None,
        archive: None,
    };
    let region = Citation {
        id: "r".into(),
        selector: Selector::Region { rect: PixelRect { x: 1, y: 2, w: 3, h: 4 }, transcription: hostile.to_string() },
        ..citation.clone()
    };
    let events = vec![
        Event::new(hostile, hostile, hostile, EventKind::CitationAdded { citation }),
        Event::new("e2", hostile, hostile, EventKind::CitationAdded { citation: region }),
        Event::new(
            "e3",
            hostile,
            hostile,
            EventKind::VerdictRecorded {
                record: VerdictRecord {
                    allegation_id: "a1".into(),
                    verdict: Verdict::Inconclusive,
                    rationale: hostile.to_string(),
                    reason: Some(hostile.to_string()),
                    citation_ids: vec![hostile.into(), "gone".into()],
                    reviewer_language: hostile.to_string(),
                    reviewer_languages: Vec::new(),
                    adjudicates: Vec::new(),
                },
            },
        ),
    ];
    let mut file = small_file(vec![hostile_allegation], vec![entry], events);
    file.case_name = hostile.to_string();
    file.exported_at = hostile.to_string();
    let hostile_screenshot = |_: &CaptureId| Some((hostile.to_string(), hostile.as_bytes().to_vec()));
    let html = html_report(&file, &hostile_screenshot);
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&#39;&amp;"));
    let svg = dashboard_svg(&dashboard(&file));
    assert!(!svg.contains("<script"));
    // The app's dashboard is markup made by dashboard_html: the hostile source and host stay text.
    let board = exhibit::domain::export::dashboard::dashboard_html(&dashboard(&file));
    assert!(!board.to_ascii_lowercase().contains("<script"), "{board}");
    assert!(board.contains("&lt;script&gt;"), "{board}");
    // The JSON exports stay valid JSON, the CSV one row.
    for json in [web_annotation(&file), claim_review(&file)] {
        serde_json::from_str::<Value>(&json).expect("valid JSON");
    }
    assert_eq!(csv(&file).matches("\r\n").count(), 2);
}

// ---------------------------------------------------------------------------------------------
// Dashboard

fn check_finding(scripts: &[(&str, Option<Verdict>)], expect: Expect) {
    let mut allegations = Vec::new();
    let mut captures = Vec::new();
    let mut events = Vec::new();
    for (index, (script, verdict)) in scripts.iter().enumerate() {
        let id = format!("a{}", index + 1);
        let host = format!("site{}.example", index + 1);
        allegations.push(allegation(&id, &host, None));
        if !script.is_empty() {
            captures.push(capture_entry(&format!("c-{}", index + 1), &host, script, &[id.as_str()]));
        }
        if let Some(verdict) = verdict {
            events.extend(valid_verdict_events(&format!("e{index}"), &id, *verdict));
        }
    }
    let board = dashboard(&small_file(allegations, captures, events));
    expect.assert_eq(&board.finding);
}

#[test]
fn an_invalid_verdict_is_counted_apart_and_never_published() {
    let allegations = vec![allegation("a1", "site1.example", None), allegation("a2", "site2.example", None)];
    let mut events = valid_verdict_events("e1", "a1", Verdict::Supported);
    // A bare verdict, as a forged review file would carry it: no citation, a placeholder rationale.
    events.push(verdict_event("e2", "a2", Verdict::Supported));
    let file = small_file(allegations, Vec::new(), events);
    let board = dashboard(&file);
    assert_eq!(board.invalid, 1);
    assert_eq!(board.reviewed, 1);
    let supported = board.counts.iter().find(|count| count.verdict == Some(Verdict::Supported)).map(|c| c.count);
    assert_eq!(supported, Some(1));
    let claims = claim_review(&file);
    assert!(claims.contains("site1.example") && !claims.contains("site2.example"), "{claims}");
    let table = csv(&file);
    let row = table.lines().find(|line| line.starts_with("a2,")).expect("a2 row");
    assert!(row.contains(",invalid,") && row.contains("evidence-required"), "{row}");
    let report = exhibit::domain::export::html_report(&file, &|_: &CaptureId| None);
    assert!(report.contains("INVALID"), "the report says the verdict does not stand");
}

#[test]
fn shared_trait_finding() {
    check_finding(&[], expect![[r#"The case has no allegations."#]]);
    check_finding(
        &[("", None)],
        expect![[r#"None of the 1 alleged site has a capture with text yet, so no shared trait can be stated."#]],
    );
    check_finding(
        &[("Arabic", Some(Verdict::Supported))],
        expect![[r#"1 of 1 alleged site is in Arabic script; 1 was supported by cited evidence."#]],
    );
    check_finding(
        &[
            ("Arabic", Some(Verdict::Supported)),
            ("Arabic", Some(Verdict::NotSupported)),
            ("Arabic", None),
            ("Latin", Some(Verdict::Supported)),
            ("", None),
        ],
        expect![[r#"3 of 5 alleged sites are in Arabic script; 1 was supported by cited evidence."#]],
    );
    check_finding(
        &[("Cyrillic", Some(Verdict::NotSupported)), ("Cyrillic", Some(Verdict::Removed))],
        expect![[r#"2 of 2 alleged sites are in Cyrillic script; 0 were supported by cited evidence."#]],
    );
}

#[test]
fn dashboard_rows_count_every_allegation_once() {
    let board = dashboard(&full_review());
    for rows in [&board.by_script, &board.by_language] {
        let total: usize = rows.iter().map(|row| row.total).sum();
        assert_eq!(total, board.total);
        for row in rows.iter() {
            assert_eq!(row.segments.iter().map(|segment| segment.count).sum::<usize>(), row.total);
        }
    }
    assert_eq!(board.counts.iter().map(|count| count.count).sum::<usize>(), board.total);
    let svg = dashboard_svg(&board);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" height=\""));
    assert!(!svg.contains("href"));
}

// ---------------------------------------------------------------------------------------------
// The review file reads back exactly, whatever it holds.

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9 -]{0,10}", "\\PC{0,10}"]
}

fn allegation_strategy() -> impl Strategy<Value = Allegation> {
    (
        "a[0-9]",
        any_text(),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::collection::vec(prop_oneof![Just(Flag::Idn), Just(Flag::Shortener), Just(Flag::BidiControl)], 0..3),
        proptest::collection::vec((any_text(), 1usize..1000, any_text()), 0..3),
    )
        .prop_map(|(id, host, claim, source, flags, occurrences)| Allegation {
            id: id.into(),
            url: format!("https://{host}/"),
            host: host.clone(),
            host_unicode: host.clone(),
            site: host,
            claim,
            source,
            date: None,
            flags,
            occurrences: occurrences
                .into_iter()
                .map(|(file, line, raw)| SourceLine { file: file.into(), line, raw })
                .collect(),
        })
}

fn capture_strategy() -> impl Strategy<Value = CaptureEntry> {
    (
        "c-[0-9a-f]{12}",
        any_text(),
        proptest::option::of(any_text()),
        proptest::collection::vec(("[0-9a-f]{64}", any::<u64>()), 0..3),
        proptest::collection::vec((proptest::option::of("[a-z]{3}"), any_text(), 0u32..=10_000, any::<bool>()), 0..3),
        proptest::collection::vec("a[0-9]", 0..3),
    )
        .prop_map(|(id, url, captured_at, artifacts, languages, allegation_ids)| CaptureEntry {
            id: id.into(),
            url,
            captured_at,
            origin: "exhibit-bundle".to_string(),
            title: None,
            artifacts: artifacts
                .into_iter()
                .map(|(sha256, bytes)| ArtifactEntry {
                    kind: ArtifactKind::Html,
                    media_type: "text/html".to_string(),
                    sha256,
                    bytes,
                })
                .collect(),
            language: LanguageProfile {
                languages: languages
                    .into_iter()
                    .map(|(lang, script, share, reliable)| LanguageShare {
                        lang,
                        script,
                        share: f64::from(share) / 10_000.0,
                        reliable,
                    })
                    .collect(),
                summary: "summary".to_string(),
            },
            allegation_ids: allegation_ids.into_iter().map(AllegationId::from).collect(),
        })
}

fn event_strategy() -> impl Strategy<Value = Event> {
    let citation = (any_text(), any_text(), 0usize..500, proptest::option::of(any_text())).prop_map(
        |(exact, note, start, translation)| Citation {
            id: "q-1".into(),
            allegation_id: "a1".into(),
            capture_id: "c-1".into(),
            artifact_sha256: "0".repeat(64),
            selector: Selector::Text {
                quote: TextQuote { exact, prefix: String::new(), suffix: String::new() },
                position: TextPosition { start, end: start + 3 },
            },
            quote_language: None,
            note,
            translation,
            linked_citation: None,
            finding: None,
            description: None,
            archive: None,
        },
    );
    let kind = prop_oneof![
        citation.prop_map(|citation| EventKind::CitationAdded { citation }),
        any_text().prop_map(|citation_id| EventKind::CitationRemoved { citation_id: citation_id.into() }),
        (any_text(), proptest::option::of(any_text())).prop_map(|(rationale, reason)| EventKind::VerdictRecorded {
            record: VerdictRecord {
                allegation_id: "a1".into(),
                verdict: Verdict::Inconclusive,
                rationale,
                reason,
                citation_ids: vec!["q-1".into()],
                reviewer_language: "eng".to_string(),
                reviewer_languages: Vec::new(),
                adjudicates: Vec::new(),
            }
        }),
        any_text().prop_map(|event_id| EventKind::Undo { event_id: event_id.into() }),
    ];
    ("e[0-9]{1,3}", any_text(), kind)
        .prop_map(|(id, reviewer, kind)| Event::new(id, "2026-01-01T00:00:00Z", reviewer, kind))
}

proptest! {
    #[test]
    fn review_file_round_trips(
        case_name in any_text(),
        exported_at in any_text(),
        allegations in proptest::collection::vec(allegation_strategy(), 0..4),
        captures in proptest::collection::vec(capture_strategy(), 0..4),
        events in proptest::collection::vec(event_strategy(), 0..6),
    ) {
        let file = ReviewFile {
            schema_version: REVIEW_FILE_SCHEMA_VERSION,
            exported_at,
            case_name,
            allegations,
            captures,
            events,
            codebook: Default::default(),
            verdict_statuses: Default::default(),
        };
        let (read, diagnostics) = parse_review_file(&to_json(&file)).expect("readable");
        prop_assert_eq!(diagnostics, Vec::new());
        prop_assert_eq!(read, file.clone());
        // No export panics on it, and the JSON ones stay JSON.
        let _ = csv(&file);
        let _ = html_report(&file, &no_screenshot);
        let _ = dashboard_svg(&dashboard(&file));
        prop_assert!(serde_json::from_str::<Value>(&web_annotation(&file)).is_ok());
        prop_assert!(serde_json::from_str::<Value>(&claim_review(&file)).is_ok());
    }
}
