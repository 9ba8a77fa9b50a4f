#![cfg(not(target_arch = "wasm32"))]
//! The worker protocol (`exhibit::engine`), natively: every request goes through JSON exactly as
//! it crosses to the worker, and the answers are the same as calling the core directly.

#[path = "data/export/fixture.rs"]
mod fixture;

use std::sync::Arc;

use exhibit::domain::allegations::Format;
use exhibit::domain::capture::ArtifactKind;
use exhibit::domain::export::{self, review_file, ReviewFile};
use exhibit::domain::policy::{self, Draft, DraftCitation, PolicyContext, Rule};
use exhibit::domain::review_log::{EventKind, Verdict};
use exhibit::domain::session::build_case;
use exhibit::engine::{
    handle, restore_contents, AllegationPreview, Answer, BuiltCase, DashboardView, ExportKind, Request, ReviewRead,
    ScreenshotRef, PREVIEW_ROWS,
};
use fixture::Scope;
use serde::de::DeserializeOwned;

/// Sends a request through JSON (as `io::worker` does) and reads the answer as `T`.
fn ask<T: DeserializeOwned>(request: Request, buffers: Vec<Arc<[u8]>>) -> (T, Vec<Arc<[u8]>>) {
    let json = serde_json::to_string(&request).expect("requests serialise");
    let request: Request = serde_json::from_str(&json).expect("requests read back");
    let mut progress = Vec::new();
    let Answer { json, buffers } = handle(request, buffers, &mut |done, total| progress.push((done, total)));
    (serde_json::from_str(&json).unwrap_or_else(|error| panic!("answer {json:.200}: {error}")), buffers)
}

fn fixture_file() -> ReviewFile {
    let case = fixture::case();
    review_file(&case, &fixture::events(&case, Scope::Full), fixture::EXPORTED_AT)
}

#[test]
fn a_case_built_in_the_worker_equals_the_case_built_directly() {
    let list = std::fs::read(fixture::data_dir().join("allegations.csv")).expect("list");
    let captures = fixture::bundle_files();
    let direct = build_case(
        "Fixture case",
        &[exhibit::domain::capture::InputFile::new("allegations.csv", list.clone())],
        &captures,
    );
    let request = Request::BuildCase {
        name: "Fixture case".to_string(),
        allegation_paths: vec!["allegations.csv".to_string()],
        capture_paths: captures.iter().map(|file| file.path.clone()).collect(),
    };
    let buffers: Vec<Arc<[u8]>> =
        std::iter::once(Arc::<[u8]>::from(list)).chain(captures.iter().map(|file| file.bytes.clone())).collect();
    let (built, contents): (BuiltCase, _) = ask(request, buffers);
    let case = restore_contents(built, contents);
    assert_eq!(case.allegations, direct.allegations);
    assert_eq!(case.matches, direct.matches);
    assert_eq!(case.diagnostics, direct.diagnostics);
    assert_eq!(case.captures.len(), direct.captures.len());
    for (got, want) in case.captures.iter().zip(&direct.captures) {
        assert_eq!(got.id, want.id);
        assert_eq!(got.text.canonical, want.text.canonical);
        assert_eq!(got.artifacts, want.artifacts);
        // The bytes come back beside the JSON, whole.
        for (a, b) in got.artifacts.iter().zip(&want.artifacts) {
            assert_eq!(a.content.as_deref(), b.content.as_deref(), "{} of {}", a.source, got.id);
        }
        // Links are normalised for display, once, in the worker.
        for link in &got.text.links {
            if link.href.starts_with("https://") {
                assert!(link.normalized_host.is_some(), "{link:?}");
            }
        }
    }
}

#[test]
fn the_preview_counts_the_whole_list_and_sends_its_first_rows() {
    let mut text = String::new();
    for n in 0..(PREVIEW_ROWS + 50) {
        text.push_str(&format!("hxxps://site{n}[.]example/page\n"));
    }
    text.push_str("https://site0.example/page\nnot a link at all\n");
    let (preview, _): (AllegationPreview, _) =
        ask(Request::PreviewAllegations { name: "list.txt".into(), text, format: Format::Auto }, Vec::new());
    assert_eq!(preview.total, PREVIEW_ROWS + 50);
    assert_eq!(preview.rows.len(), PREVIEW_ROWS);
    assert_eq!(preview.duplicates, 1);
    assert_eq!(preview.rows[0].url, "https://site0.example/page");
}

#[test]
fn quote_languages_are_a_code_a_script_or_nothing() {
    let ask_tag = |text: &str| ask::<Option<String>>(Request::QuoteLanguage { text: text.into() }, Vec::new()).0;
    assert_eq!(
        ask_tag("This page announces a neighbourhood bake sale on Saturday morning and asks everyone to bring a cake for the school library.").as_deref(),
        Some("eng")
    );
    assert_eq!(ask_tag(fixture::CEDAR_QUOTE).as_deref().map(|tag| tag == "ara" || tag == "und-Arab"), Some(true));
    assert_eq!(ask_tag("12345 — 678"), None);
}

#[test]
fn a_script_only_tag_still_requires_a_translation() {
    let draft = |tag: &str| Draft {
        verdict: Verdict::Supported,
        rationale: "The cited passage announces a recruitment drive for the group".into(),
        reason: None,
        reviewer_language: "eng".into(),
        citations: vec![DraftCitation {
            quote: fixture::CEDAR_QUOTE.into(),
            note: "announces a recruitment drive".into(),
            quote_language: Some(tag.into()),
            ..DraftCitation::default()
        }],
    };
    let rules = |tag: &str| -> Vec<Rule> {
        policy::evaluate(&draft(tag), &PolicyContext::default()).into_iter().map(|violation| violation.rule).collect()
    };
    assert!(rules("und-Arab").contains(&Rule::TranslationRequired));
    assert!(rules("ara").contains(&Rule::TranslationRequired));
    assert!(!rules("eng").contains(&Rule::TranslationRequired));
    // Without a tag the policy reads the script; `fill_quote_languages` tags as the app does.
    let mut untagged = draft("");
    untagged.citations[0].quote_language = None;
    assert!(policy::evaluate(&untagged, &PolicyContext::default())
        .iter()
        .any(|violation| violation.rule == Rule::TranslationRequired));
    policy::fill_quote_languages(&mut untagged);
    assert!(untagged.citations[0].quote_language.is_some());
}

#[test]
fn every_export_is_the_core_export_and_json_ld_is_an_object() {
    let file = fixture_file();
    let case = fixture::case();
    let mut screenshots = Vec::new();
    let mut buffers = Vec::new();
    for capture in &case.captures {
        if let Some(artifact) = capture.artifact(ArtifactKind::Screenshot) {
            if let Some(bytes) = &artifact.content {
                screenshots
                    .push(ScreenshotRef { capture_id: capture.id.clone(), media_type: artifact.media_type.clone() });
                buffers.push(bytes.clone());
            }
        }
    }
    let export = |kind: ExportKind, buffers: Vec<Arc<[u8]>>, screenshots: Vec<ScreenshotRef>| -> String {
        ask(Request::Export { kind, file: file.clone(), screenshots }, buffers).0
    };
    for (kind, direct) in [
        (ExportKind::Review, export::to_json(&file)),
        (ExportKind::WebAnnotation, export::web_annotation(&file)),
        (ExportKind::ClaimReview, export::claim_review(&file)),
        (ExportKind::Csv, export::csv(&file)),
    ] {
        let text = export(kind, Vec::new(), Vec::new());
        assert_eq!(text, direct, "{kind:?}");
        if matches!(kind, ExportKind::WebAnnotation | ExportKind::ClaimReview) {
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON-LD");
            assert!(value.is_object(), "{kind:?} is a JSON object, not a string: {text:.80}");
        }
    }
    let lookup = |capture_id: &str| {
        let capture = case.captures.iter().find(|capture| capture.id == capture_id)?;
        let artifact = capture.artifact(ArtifactKind::Screenshot)?;
        Some((artifact.media_type.clone(), artifact.content.as_deref()?.to_vec()))
    };
    let report = export(ExportKind::Report, buffers, screenshots);
    assert_eq!(report, export::html_report(&file, &lookup));
    assert!(report.contains("data:image/"), "the report embeds the cited regions");
}

#[test]
fn the_dashboard_is_the_core_dashboard() {
    let file = fixture_file();
    let (view, _): (DashboardView, _) = ask(Request::Dashboard { file: file.clone() }, Vec::new());
    let direct = export::dashboard(&file);
    assert_eq!(view.data, direct);
    assert_eq!(view.svg, export::dashboard_svg(&direct));
}

#[test]
fn a_review_file_is_read_with_its_quotes_tagged() {
    let mut file = fixture_file();
    for event in &mut file.events {
        if let EventKind::CitationAdded { citation } = &mut event.kind {
            citation.quote_language = None;
        }
    }
    let (read, _): (Result<ReviewRead, String>, _) =
        ask(Request::ReadReviewFile { text: export::to_json(&file) }, Vec::new());
    let read = read.expect("a review file");
    assert_eq!(read.case_name, file.case_name);
    assert_eq!(read.events.len(), file.events.len());
    let tagged = read
        .events
        .iter()
        .filter_map(|event| match &event.kind {
            EventKind::CitationAdded { citation } => Some(citation.quote_language.is_some()),
            _ => None,
        })
        .collect::<Vec<_>>();
    assert!(!tagged.is_empty() && tagged.iter().all(|tagged| *tagged), "{tagged:?}");
    let (refused, _): (Result<ReviewRead, String>, _) =
        ask(Request::ReadReviewFile { text: "{\"not\": \"a review\"}".into() }, Vec::new());
    assert!(refused.is_err());
}
