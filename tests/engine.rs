#![cfg(not(target_arch = "wasm32"))]
//! The worker protocol (`exhibit::engine`), natively: every request goes through JSON exactly as
//! it crosses to the worker, and the answers are the same as calling the core directly. The
//! engine holds the case it built (or adopted), and requests about it name captures by id.

#[path = "data/export/fixture.rs"]
mod fixture;

use std::sync::Arc;

use exhibit::domain::allegations::Format;
use exhibit::domain::capture::{ArtifactKind, InputFile};
use exhibit::domain::export::{self, review_file, ReviewFile};
use exhibit::domain::ids::{CaptureId, EventId};
use exhibit::domain::policy::{self, Draft, DraftCitation, PolicyContext, Rule};
use exhibit::domain::review_log::{EventKind, Verdict};
use exhibit::domain::session::build_case;
use exhibit::domain::session::Case;
use exhibit::engine::{
    read_built, read_preview, AllegationPreview, Answer, Engine, ExportKind, Request, ReviewRead, PREVIEW_ROWS,
};
use fixture::Scope;
use serde::de::DeserializeOwned;

/// An answer read as `T`, with its buffers.
type Reply<T> = (T, Vec<Arc<[u8]>>);

/// Sends a request through JSON (as `io::worker` does) and reads the answer as `T`.
fn ask_engine<T: DeserializeOwned>(
    engine: &mut Engine,
    request: Request,
    buffers: Vec<Arc<[u8]>>,
) -> Result<Reply<T>, String> {
    let json = serde_json::to_string(&request).expect("requests serialise");
    let request: Request = serde_json::from_str(&json).expect("requests read back");
    let mut progress = Vec::new();
    let Answer { json, buffers } = engine.handle(request, buffers, &mut |done, total| progress.push((done, total)))?;
    Ok((serde_json::from_str(&json).unwrap_or_else(|error| panic!("answer {json:.200}: {error}")), buffers))
}

/// `ask_engine` on a fresh engine, for requests that need no case.
fn ask<T: DeserializeOwned>(request: Request, buffers: Vec<Arc<[u8]>>) -> Reply<T> {
    ask_engine(&mut Engine::new(), request, buffers).expect("answered")
}

/// An engine holding the fixture case, built through the protocol; with its `BuildCase` answer's
/// buffers (the case on the wire, then the artifacts' bytes).
fn engine_with_fixture() -> (Engine, Case, Vec<Arc<[u8]>>) {
    let list = std::fs::read(fixture::data_dir().join("allegations.csv")).expect("list");
    let captures = fixture::bundle_files();
    let request = Request::BuildCase {
        name: "Fixture case".to_string(),
        allegation_paths: vec!["allegations.csv".to_string()],
        capture_paths: captures.iter().map(|file| file.path.clone()).collect(),
    };
    let buffers: Vec<Arc<[u8]>> =
        std::iter::once(Arc::<[u8]>::from(list)).chain(captures.iter().map(|file| file.bytes.clone())).collect();
    let mut engine = Engine::new();
    let json = serde_json::to_string(&request).expect("requests serialise");
    let answer =
        engine.handle(serde_json::from_str(&json).expect("read back"), buffers, &mut |_, _| {}).expect("built");
    let case = read_built(answer.buffers.clone()).expect("a built case");
    (engine, case, answer.buffers)
}

fn fixture_file() -> ReviewFile {
    let case = fixture::case();
    review_file(&case, &fixture::events(&case, Scope::Full), fixture::EXPORTED_AT)
}

#[test]
fn a_case_built_in_the_worker_equals_the_case_built_directly() {
    let list = std::fs::read(fixture::data_dir().join("allegations.csv")).expect("list");
    let direct = build_case("Fixture case", &[InputFile::new("allegations.csv", list)], &fixture::bundle_files());
    let (_, case, _) = engine_with_fixture();
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
fn a_new_worker_adopts_the_built_case_and_answers_about_it() {
    let (mut builder, case, buffers) = engine_with_fixture();
    let mut adopter = Engine::new();
    let (ids, before, after) = {
        let first = &case.captures[0];
        let last = &case.captures[case.captures.len() - 1];
        (vec![first.id.clone(), last.id.clone()], first.text.clone(), last.text.clone())
    };
    // Before adopting, the new engine says it holds no case (an error, not a panic).
    let refused = ask_engine::<String>(&mut adopter, Request::PageView { capture_id: ids[0].clone() }, Vec::new());
    assert!(refused.is_err());
    ask_engine::<()>(&mut adopter, Request::AdoptCase {}, buffers).expect("adopted");
    for engine in [&mut builder, &mut adopter] {
        let (diff, _): (String, _) =
            ask_engine(engine, Request::Diff { before_id: ids[0].clone(), after_id: ids[1].clone() }, Vec::new())
                .expect("a diff");
        let direct = exhibit::domain::diff::diff_texts(&before, &after);
        assert_eq!(diff, exhibit::domain::diff::diff_html(&before, &after, &direct));
        let (page, _): (String, _) =
            ask_engine(engine, Request::PageView { capture_id: ids[0].clone() }, Vec::new()).expect("a page");
        assert_eq!(page, exhibit::domain::sanitize::page_view_document(&case.captures[0]));
        assert!(ask_engine::<String>(engine, Request::PageView { capture_id: "c-nothing".into() }, Vec::new()).is_err());
    }
}

#[test]
fn the_preview_counts_the_whole_list_and_sends_its_first_rows() {
    let mut text = String::new();
    for n in 0..(PREVIEW_ROWS + 50) {
        text.push_str(&format!("hxxps://site{n}[.]example/page\n"));
    }
    text.push_str("https://site0.example/page\nnot a link at all\n");
    let (_, buffers): ((), _) =
        ask(Request::PreviewAllegations { name: "list.txt".into(), text, format: Format::Auto }, Vec::new());
    let preview: AllegationPreview = read_preview(&buffers).expect("the preview reads");
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
fn a_stored_tag_is_never_trusted() {
    let draft = |tag: Option<&str>| Draft {
        verdict: Verdict::Supported,
        rationale: "The cited passage announces a recruitment drive for the group".into(),
        reason: None,
        reviewer_languages: vec!["eng".into()],
        citations: vec![DraftCitation {
            quote: fixture::CEDAR_QUOTE.into(),
            note: "announces a recruitment drive".into(),
            finding: Some("recruitment".into()),
            quote_language: tag.map(str::to_string),
            ..DraftCitation::default()
        }],
    };
    let rules = |tag: Option<&str>| -> Vec<Rule> {
        policy::evaluate(&draft(tag), &PolicyContext::default()).into_iter().map(|violation| violation.rule).collect()
    };
    // Whatever the tag says, the Arabic quote needs an English reviewer's translation.
    for tag in [None, Some("und-Arab"), Some("ara"), Some("eng"), Some("und-Latn")] {
        assert!(rules(tag).contains(&Rule::TranslationRequired), "{tag:?}");
    }
    // A tag other than the one computed from the quote is refused for itself.
    let computed = exhibit::domain::language::quote_language(fixture::CEDAR_QUOTE).expect("letters");
    let other = if computed == "ara" { "und-Arab" } else { "ara" };
    for lie in ["eng", "und-Latn", other] {
        assert!(rules(Some(lie)).contains(&Rule::QuoteLanguageMismatch), "{lie}");
    }
    assert!(!rules(Some(&computed)).contains(&Rule::QuoteLanguageMismatch));
    assert!(!rules(None).contains(&Rule::QuoteLanguageMismatch));
}

#[test]
fn every_export_is_the_core_export_and_json_ld_is_an_object() {
    let (mut engine, case, _) = engine_with_fixture();
    let events = fixture::events(&case, Scope::Full);
    let file = review_file(&case, &events, fixture::EXPORTED_AT);
    let (held, _): (usize, _) =
        ask_engine(&mut engine, Request::HoldEvents { events: events.clone() }, Vec::new()).expect("held");
    assert_eq!(held, events.len());
    let order: Vec<EventId> = events.iter().map(|event| event.id.clone()).collect();
    let mut export = |kind: ExportKind| -> String {
        ask_engine(
            &mut engine,
            Request::Export { kind, order: order.clone(), exported_at: fixture::EXPORTED_AT.to_string() },
            Vec::new(),
        )
        .expect("exported")
        .0
    };
    let lookup = |capture_id: &CaptureId| {
        let capture = case.captures.iter().find(|capture| capture.id == capture_id)?;
        let artifact = capture.artifact(ArtifactKind::Screenshot)?;
        Some((artifact.media_type.clone(), artifact.content.as_deref()?.to_vec()))
    };
    for (kind, direct) in [
        (ExportKind::Review, export::to_json(&file)),
        (ExportKind::WebAnnotation, export::web_annotation(&file)),
        (ExportKind::ClaimReview, export::claim_review(&file)),
        (ExportKind::Csv, export::csv(&file)),
        (ExportKind::Report, export::html_report(&file, &lookup)),
    ] {
        let text = export(kind);
        assert_eq!(text, direct, "{kind:?}");
        if matches!(kind, ExportKind::WebAnnotation | ExportKind::ClaimReview) {
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON-LD");
            assert!(value.is_object(), "{kind:?} is a JSON object, not a string: {text:.80}");
        }
        if kind == ExportKind::Report {
            assert!(text.contains("data:image/"), "the report embeds the cited regions");
        }
    }
}

#[test]
fn the_dashboard_is_the_core_dashboard() {
    let (mut engine, case, _) = engine_with_fixture();
    let events = fixture::events(&case, Scope::Full);
    let _: Reply<usize> =
        ask_engine(&mut engine, Request::HoldEvents { events: events.clone() }, Vec::new()).expect("held");
    let order = events.iter().map(|event| event.id.clone()).collect();
    let (view, _): (String, _) =
        ask_engine(&mut engine, Request::Dashboard { order }, Vec::new()).expect("a dashboard");
    let direct = export::dashboard(&review_file(&case, &events, ""));
    assert_eq!(view, export::dashboard::dashboard_html(&direct));
    assert!(view.contains(&export::dashboard_svg(&direct)));
    assert!(view.contains("data-testid=\"finding\""));
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

/// The worker lends the digests it computed with WebCrypto; with true digests the case is the one
/// built without them, and a lent digest is what the artifact carries (so the fast path is used).
#[test]
fn digests_lent_by_the_worker_are_used_and_change_nothing_when_true() {
    use sha2::{Digest, Sha256};
    let list = std::fs::read(fixture::data_dir().join("allegations.csv")).expect("list");
    let captures = fixture::bundle_files();
    let request = || Request::BuildCase {
        name: "Fixture case".to_string(),
        allegation_paths: vec!["allegations.csv".to_string()],
        capture_paths: captures.iter().map(|file| file.path.clone()).collect(),
    };
    let buffers: Vec<Arc<[u8]>> = std::iter::once(Arc::<[u8]>::from(list.clone()))
        .chain(captures.iter().map(|file| file.bytes.clone()))
        .collect();
    let true_digests: Vec<Option<String>> =
        buffers.iter().map(|bytes| Some(exhibit::domain::hash::hex(&Sha256::digest(bytes)))).collect();
    let plain = Engine::new().handle(request(), buffers.clone(), &mut |_, _| {}).expect("built").buffers;
    let lent = Engine::new()
        .handle_with_sha256(request(), buffers.clone(), true_digests, &mut |_, _| {})
        .expect("built")
        .buffers;
    assert_eq!(plain, lent, "true lent digests change nothing");

    // A screenshot file becomes an artifact as it is: its lent digest is the artifact's.
    let index = captures
        .iter()
        .position(|file| file.path.ends_with(".png"))
        .map(|at| at + 1)
        .expect("the fixture has a screenshot");
    let marker = "5".repeat(64);
    let mut marked = vec![None; buffers.len()];
    marked[index] = Some(marker.clone());
    let answer = Engine::new().handle_with_sha256(request(), buffers, marked, &mut |_, _| {}).expect("built");
    let case = read_built(answer.buffers).expect("a built case");
    assert!(
        case.captures.iter().flat_map(|capture| &capture.artifacts).any(|artifact| artifact.sha256 == marker),
        "the lent digest is not used for {}",
        captures[index - 1].path
    );
}

/// The engine holds the log it was sent, by id: an export names the log by ids, in the app's
/// order; an id it does not hold fails with `MISSING_EVENTS` (the app then sends every event
/// again); a new case empties what it held.
#[test]
fn the_engine_holds_the_log_and_exports_name_it_by_ids() {
    let (mut engine, case, buffers) = engine_with_fixture();
    let events = fixture::events(&case, Scope::Full);
    assert!(events.len() > 3);
    let order: Vec<EventId> = events.iter().map(|event| event.id.clone()).collect();
    let export = |engine: &mut Engine, order: Vec<EventId>| {
        ask_engine::<String>(
            engine,
            Request::Export { kind: ExportKind::Review, order, exported_at: fixture::EXPORTED_AT.to_string() },
            Vec::new(),
        )
        .map(|(text, _)| text)
    };
    let missing = export(&mut engine, order.clone()).expect_err("nothing held yet");
    assert!(missing.starts_with(exhibit::engine::MISSING_EVENTS), "{missing}");
    // Sent in two halves (as an app sends what is new), and one event twice: held once.
    let (first, second) = events.split_at(events.len() / 2);
    let _: Reply<usize> =
        ask_engine(&mut engine, Request::HoldEvents { events: first.to_vec() }, Vec::new()).expect("held");
    let mut again = second.to_vec();
    again.push(first[0].clone());
    let (held, _): Reply<usize> =
        ask_engine(&mut engine, Request::HoldEvents { events: again }, Vec::new()).expect("held");
    assert_eq!(held, events.len());
    let text = export(&mut engine, order.clone()).expect("exported");
    assert_eq!(text, export::to_json(&review_file(&case, &events, fixture::EXPORTED_AT)));
    // A prefix of the log is the log as it was then.
    let prefix = export(&mut engine, order[..3].to_vec()).expect("exported");
    assert_eq!(prefix, export::to_json(&review_file(&case, &events[..3], fixture::EXPORTED_AT)));
    // A new worker adopting the case holds no events.
    let mut adopter = Engine::new();
    let _: Reply<()> = ask_engine(&mut adopter, Request::AdoptCase {}, buffers).expect("adopted");
    assert!(export(&mut adopter, order).is_err());
}

/// A list file that is not UTF-8 is decoded in the worker (which holds the encoding tables), as
/// the CLI and case building decode it, with the guess said.
#[test]
fn the_worker_decodes_a_list_in_a_legacy_encoding() {
    let latin1: Vec<u8> = b"caf\xe9.example claim one\r\n".to_vec();
    let (decoded, _): (exhibit::engine::DecodedList, _) =
        ask(Request::DecodeList {}, vec![Arc::<[u8]>::from(latin1.clone())]);
    let (text, note) = exhibit::domain::allegations::decode_list(&latin1);
    assert_eq!(decoded.text, text);
    assert_eq!(decoded.text, "café.example claim one\n");
    assert_eq!(decoded.note, note.map(|diagnostic| diagnostic.message));
    assert!(decoded.note.is_some_and(|note| note.contains("windows-1252")));
}

/// The wire: a built case comes back equal, field for field, with its artifacts' bytes; bytes that
/// are not a built case, cut short anywhere, or carrying more after its end are refused with a
/// message, never a panic.
#[test]
fn the_wire_carries_a_case_whole_and_refuses_anything_else() {
    let (_, case, buffers) = engine_with_fixture();
    let direct = {
        let list = std::fs::read(fixture::data_dir().join("allegations.csv")).expect("list");
        build_case("Fixture case", &[InputFile::new("allegations.csv", list)], &fixture::bundle_files())
    };
    assert_eq!(case.allegations, direct.allegations);
    assert_eq!(case.captures, direct.captures, "texts, links, languages, integrity, page info");
    assert_eq!(case.matches, direct.matches);
    assert_eq!(case.codebook, direct.codebook);
    let wire = buffers[0].clone();
    let rest: Vec<Arc<[u8]>> = buffers[1..].to_vec();
    for end in (0..wire.len()).step_by((wire.len() / 300).max(1)) {
        let cut: Arc<[u8]> = Arc::from(&wire[..end]);
        let read = read_built(std::iter::once(cut).chain(rest.iter().cloned()).collect());
        assert!(read.is_err(), "{end} of {} bytes read as a case", wire.len());
    }
    let mut longer = wire.to_vec();
    longer.push(0);
    let error = read_built(vec![Arc::from(longer)]).expect_err("trailing bytes");
    assert!(error.contains("after its end"), "{error}");
    assert!(read_built(vec![Arc::from(&b"{\"case\": 3}"[..])]).is_err());
    assert!(read_built(Vec::new()).is_err());
    // Every byte flipped in turn, in a stretch: an error or a case, never a panic.
    for at in (0..wire.len()).step_by((wire.len() / 200).max(1)) {
        let mut flipped = wire.to_vec();
        flipped[at] ^= 0xff;
        let _ = read_built(vec![Arc::from(flipped)]);
    }
}
