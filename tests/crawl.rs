#![cfg(not(target_arch = "wasm32"))]
//! Whole-site crawls made by real tools (scripts/make-crawl-fixtures.sh, run by scripts/setup.sh):
//! GNU wget `--mirror --warc-file` of a fictional five-page site with a 301, robots.txt's 404, an
//! image and a stylesheet; a second wget visit of /news.html after the server changed it; a WARC
//! of `urn:screenshot:` / `urn:thumbnail:` records written with warcio; a WACZ of all three made
//! with py-wacz. The tests prove: the crawl loads as pages (records that are not pages are never
//! offered as one), each allegation opens on the capture that fits it best and says why, "Over
//! time" pairs only visits of the same URL, archive screenshots reach their page, and the gate
//! still refuses evidence from another site.

#[path = "data/export/fixture.rs"]
#[allow(dead_code)]
mod fixture;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exhibit::domain::allegations::{import, Format};
use exhibit::domain::capture::{load, ArtifactKind, Capture, InputFile, Limits};
use exhibit::domain::citation::{Citation, PixelRect, Selector};
use exhibit::domain::crawl::{capture_label, over_time, page_path, page_role, ChoiceReason, OverTime, PageRole};
use exhibit::domain::diff::diff_texts;
use exhibit::domain::hash::sha256_hex;
use exhibit::domain::matching::{match_captures, MatchKind};
use exhibit::domain::policy::Rule;
use exhibit::domain::review_log::{Verdict, VerdictRecord};
use exhibit::domain::session::{apply, build_case, Case, Session, SessionAction};

fn fixtures() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/crawl-fixtures");
    assert!(
        dir.join("stamp").is_file(),
        "the crawl fixtures are missing at {}: run `bash scripts/setup.sh` (or `bash scripts/make-crawl-fixtures.sh`) first",
        dir.display()
    );
    dir
}

/// The site's base URL as the crawls name it (`http://127.0.0.1:PORT`).
fn base() -> String {
    let text = std::fs::read_to_string(fixtures().join("fixture.json")).expect("fixture.json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("fixture.json is JSON");
    value["base"].as_str().expect("base").to_string()
}

fn file(name: &str) -> InputFile {
    let bytes = std::fs::read(fixtures().join(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
    InputFile::new(name, bytes)
}

fn load_files(names: &[&str]) -> Vec<Capture> {
    let files: Vec<InputFile> = names.iter().map(|name| file(name)).collect();
    let (captures, diagnostics) = load(&files, &Limits::default());
    assert!(!captures.is_empty(), "{diagnostics:?}");
    captures
}

/// The three WARCs as separate files, and the WACZ that holds them: both must read the same.
fn both_forms() -> Vec<(&'static str, Vec<Capture>)> {
    vec![
        ("WARC files", load_files(&["visit1.warc.gz", "visit2.warc.gz", "screenshots.warc.gz"])),
        ("WACZ", load_files(&["crawl.wacz"])),
    ]
}

fn paths(captures: &[Capture]) -> Vec<String> {
    let mut paths: Vec<String> = captures.iter().map(|capture| page_path(&capture.url)).collect();
    paths.sort();
    paths
}

fn by_path<'a>(captures: &'a [Capture], path: &str) -> Vec<&'a Capture> {
    let mut found: Vec<&Capture> = captures.iter().filter(|capture| page_path(&capture.url) == path).collect();
    found.sort_by(|a, b| a.captured_at.cmp(&b.captured_at));
    found
}

#[test]
fn a_wget_crawl_loads_as_pages_with_status_and_redirects() {
    let (captures, diagnostics) = load(&[file("visit1.warc.gz")], &Limits::default());
    // The 301, the image and the stylesheet are not pages; robots.txt's 404 is an HTML record but
    // not a page of the site.
    assert_eq!(
        paths(&captures),
        ["/", "/about.html", "/contact.html", "/events.html", "/index.html", "/news.html", "/robots.txt"],
        "{diagnostics:?}"
    );
    let robots = by_path(&captures, "/robots.txt");
    assert_eq!(robots[0].page.http_status, Some(404));
    assert_eq!(page_role(robots[0]), PageRole::NotAPage);
    for path in ["/", "/about.html", "/news.html", "/events.html"] {
        let page = by_path(&captures, path)[0];
        assert_eq!(page_role(page), PageRole::Page, "{path}");
        assert_eq!(page.page.http_status, Some(200), "{path}");
        assert_eq!(page.page.media_type.as_deref(), Some("text/html"), "{path}");
    }
    let events = by_path(&captures, "/events.html")[0];
    assert_eq!(events.page.redirected_from, [format!("{}/old-events.html", base())]);
    // Listed apart, in words: the redirect, the stylesheet, the image.
    for said in [
        "1 redirect responses read",
        "2 records that are not HTML pages (stylesheets, scripts, text…)", // style.css, wget's arguments
        "1 images the pages used (not screenshots)",
    ] {
        assert!(diagnostics.iter().any(|d| d.message.contains(said)), "{said}: {diagnostics:?}");
    }
    // Captures can be told apart: path, time, status and origin.
    let label = capture_label(events);
    assert!(label.starts_with("/events.html · 20") && label.ends_with(" · HTTP 200 · WARC"), "{label}");
    assert!(capture_label(robots[0]).contains("HTTP 404"));
}

#[test]
fn the_wacz_page_list_names_the_entry_page_and_keeps_page_titles() {
    let captures = load_files(&["crawl.wacz"]);
    let root = by_path(&captures, "/");
    assert_eq!(root.len(), 1);
    assert!(root[0].page.listed && root[0].page.seed, "{:?}", root[0].page);
    // py-wacz writes the URL as the title: the page's own title stays.
    assert_eq!(root[0].title.as_deref(), Some("Harbor Notes"));
    assert!(captures.iter().filter(|capture| capture.page.seed).count() == 1);
    assert!(captures.iter().all(|capture| capture.origin == "wacz"));
}

/// (allegation as listed, path opened on, reason) for the site's allegations.
fn expected_choices(base: &str) -> Vec<(String, &'static str, ChoiceReason)> {
    let host = base.trim_start_matches("http://");
    vec![
        // Defanged, as lists arrive: normalised like any allegation.
        (format!("hxxp://{}/", host.replace('.', "[.]")), "/", ChoiceReason::ExactUrl),
        (format!("{base}/about.html"), "/about.html", ChoiceReason::ExactUrl),
        (
            format!("{base}/old-events.html"),
            "/events.html",
            ChoiceReason::Redirect { from: format!("{base}/old-events.html") },
        ),
        (format!("{host}/news.html"), "/news.html", ChoiceReason::ExactUrl),
        (format!("{base}/missing.html"), "/", ChoiceReason::EntryPage { alleged_status: None }),
        // Captured only as an error: the entry page opens, never the error page.
        (format!("{base}/robots.txt"), "/", ChoiceReason::EntryPage { alleged_status: Some(404) }),
    ]
}

#[test]
fn each_allegation_opens_on_the_capture_that_fits_it_best() {
    let base = base();
    let expected = expected_choices(&base);
    let list: String = expected.iter().map(|(url, _, _)| format!("{url}\n")).collect::<String>() + "other.example/\n";
    let (allegations, diagnostics) = import("list.txt", &list, Format::Text);
    assert_eq!(allegations.len(), expected.len() + 1, "{diagnostics:?}");
    for (form, captures) in both_forms() {
        let report = match_captures(&allegations, &captures);
        for (allegation, (listed, path, reason)) in allegations.iter().zip(&expected) {
            let choice = report.choice_for(&allegation.id).unwrap_or_else(|| panic!("{form}: {listed} has a choice"));
            let chosen = captures.iter().find(|capture| capture.id == choice.capture_id).expect("chosen capture");
            assert_eq!((page_path(&chosen.url).as_str(), &choice.reason), (*path, reason), "{form}: {listed}");
            assert_eq!(page_role(chosen), PageRole::Page, "{form}: {listed} opens on a page, not an error");
            let matched = report.captures_for(&allegation.id);
            assert_eq!(matched.first().map(|m| &m.capture_id), Some(&choice.capture_id), "{form}: best first");
            // Every page of the site is there to switch to, robots.txt's 404 last.
            assert_eq!(matched.len(), captures.len(), "{form}: {listed}");
            let last = matched.last().and_then(|m| captures.iter().find(|c| c.id == m.capture_id)).expect("last");
            assert_eq!(page_path(&last.url), "/robots.txt", "{form}: {listed}");
        }
        let other = allegations.last().expect("other");
        assert!(report.captures_for(&other.id).is_empty(), "{form}: another site matches nothing");
        assert!(report.choice_for(&other.id).is_none());
        // The redirect is a match of its own kind.
        let events = &allegations[2];
        assert_eq!(report.captures_for(&events.id).first().map(|m| m.kind), Some(MatchKind::Redirect), "{form}");
    }
    let captures = load_files(&["crawl.wacz"]);
    let report = match_captures(&allegations, &captures);
    let sentence = |index: usize| report.choice_for(&allegations[index].id).expect("choice").sentence();
    assert_eq!(
        sentence(2),
        format!(
            "Opened on {base}/events.html: the URL the allegation names (after its redirect from {base}/old-events.html)"
        )
    );
    assert_eq!(sentence(4), format!("Opened on {base}/: the site's entry page; no capture of the alleged URL"));
    assert_eq!(
        sentence(5),
        format!("Opened on {base}/: the site's entry page; the alleged URL was captured only as an error (HTTP 404)")
    );
}

#[test]
fn over_time_pairs_two_visits_of_one_url_and_says_when_there_is_one() {
    for (form, captures) in both_forms() {
        let all: Vec<&Capture> = captures.iter().collect();
        let news = by_path(&captures, "/news.html");
        assert_eq!(news.len(), 2, "{form}: two visits of /news.html");
        assert!(news[0].captured_at < news[1].captured_at, "{form}: the visits differ in time");
        // From either visit, the pair is the earliest and the latest visit of that URL.
        for shown in &news {
            match over_time(shown, &all) {
                OverTime::Pair { earlier, later, visits, .. } => {
                    assert_eq!((&earlier, &later), (&news[0].id, &news[1].id), "{form}");
                    assert_eq!(visits.len(), 2, "{form}");
                }
                other => panic!("{form}: {other:?}"),
            }
        }
        // What was removed is what disappeared from that URL, and nothing from other pages.
        let diff = diff_texts(&news[0].text, &news[1].text);
        let removed = diff.removed_text().join("\n");
        assert!(removed.contains("NEWS-FIRST-VISIT"), "{form}: {removed}");
        assert!(!removed.contains("regatta") && !removed.contains("volunteers"), "{form}: {removed}");
        // Pages visited once say so instead of pairing with another page.
        for path in ["/", "/about.html", "/events.html"] {
            let page = by_path(&captures, path)[0];
            assert!(matches!(over_time(page, &all), OverTime::OneVisit { .. }), "{form}: {path}");
            let sentence = over_time(page, &all).sentence(&all);
            assert!(sentence.contains("captured once") && sentence.starts_with(path), "{form}: {sentence}");
        }
    }
}

/// The PNG bytes a screenshot record holds, read with nothing but the file: its payload digest is
/// the artifact's hash.
fn png_digests(captures: &[Capture]) -> Vec<String> {
    captures
        .iter()
        .flat_map(|capture| capture.artifacts.iter())
        .filter(|artifact| artifact.kind == ArtifactKind::Screenshot)
        .map(|artifact| artifact.sha256.clone())
        .collect()
}

#[test]
fn archive_screenshots_become_their_pages_screenshots() {
    for (form, captures) in both_forms() {
        let root = by_path(&captures, "/")[0];
        let shot = root.artifact(ArtifactKind::Screenshot).unwrap_or_else(|| panic!("{form}: / has a screenshot"));
        let bytes = shot.content.as_ref().expect("bytes kept");
        assert!(bytes.starts_with(b"\x89PNG"), "{form}");
        assert_eq!(shot.sha256, sha256_hex(bytes), "{form}: hashed like a bundle's");
        assert_eq!(shot.media_type, "image/png");
        // From its own WARC (another file than the page's), at another time than the page.
        let locator = shot.archive.as_ref().expect("archive locator");
        assert!(locator.file.ends_with("screenshots.warc.gz"), "{form}: {}", locator.file);
        let page_file = &root.text_artifact().and_then(|a| a.archive.as_ref()).expect("page locator").file;
        assert!(page_file.ends_with("visit1.warc.gz"), "{form}: {page_file}");
        assert!(locator.record_id.is_some());
        // /news.html was visited twice: its screenshot goes to the visit nearest in time (the later).
        let news = by_path(&captures, "/news.html");
        assert!(news[0].artifact(ArtifactKind::Screenshot).is_none(), "{form}");
        assert!(news[1].artifact(ArtifactKind::Screenshot).is_some(), "{form}");
        // A thumbnail is a page's screenshot when it has no full one.
        let about = by_path(&captures, "/about.html")[0];
        assert!(about.artifact(ArtifactKind::Screenshot).is_some(), "{form}: the thumbnail of /about.html");
        // The site's own image (logo.png) is nobody's screenshot: three records, three screenshots.
        assert_eq!(png_digests(&captures).len(), 3, "{form}");
        // The screenshot record's digests were checked like the page's.
        let record_id = locator.record_id.as_deref().unwrap_or_default().trim_matches(['<', '>']);
        assert!(
            root.integrity_checks.iter().any(|check| check.subject.contains(record_id)),
            "{form}: {:?}",
            root.integrity_checks
        );
    }
}

/// A region of the crawl's screenshot cited for an allegation of that site stands; the same
/// region of another site's capture does not.
#[test]
fn evidence_must_still_come_from_the_allegations_site() {
    let base = base();
    let list = InputFile::new("list.txt", format!("{base}/\n").into_bytes());
    let mut captures = fixture::bundle_files();
    captures.push(file("crawl.wacz"));
    let case = Arc::new(build_case("crawl", &[list], &captures));
    let allegation = case.allegations[0].id.clone();
    let crawl_root = case.choice_for(&allegation).expect("a choice").capture_id.clone();
    let other = case.captures.iter().find(|capture| capture.url.contains("cedar-news")).expect("another site");
    assert!(!case.captures_for(&allegation).iter().any(|capture| capture.id == other.id));

    let verdict_on = |capture: &Capture| -> Vec<Rule> {
        let stamp = |n: usize| fixture::stamp(n, n);
        let session =
            apply(&Session::default(), SessionAction::LoadCase { case: case.clone(), stamp: stamp(1) }).session;
        let screenshot = capture.artifact(ArtifactKind::Screenshot).expect("screenshot");
        let citation = Citation {
            id: "q-1".into(),
            allegation_id: allegation.clone(),
            capture_id: capture.id.clone(),
            artifact_sha256: screenshot.sha256.clone(),
            selector: Selector::Region { rect: PixelRect { x: 1, y: 1, w: 2, h: 2 }, transcription: String::new() },
            quote_language: None,
            note: "Region of the page's screenshot that shows the banner (placeholder)".to_string(),
            finding: Some("recruitment".to_string()),
            description: Some("a coloured banner (placeholder)".to_string()),
            archive: screenshot.archive.clone().map(Box::new),
            translation: None,
            linked_citation: None,
        };
        let session = apply(&session, SessionAction::AddCitation { citation, stamp: stamp(2) }).session;
        let record = VerdictRecord {
            allegation_id: allegation.clone(),
            verdict: Verdict::Supported,
            rationale: "The cited region of the screenshot shows the banner the list describes.".to_string(),
            reason: None,
            citation_ids: vec!["q-1".into()],
            reviewer_language: "eng".to_string(),
            reviewer_languages: Vec::new(),
            adjudicates: Vec::new(),
        };
        let outcome = apply(&session, SessionAction::RecordVerdict { record, stamp: stamp(3) });
        outcome.refused.iter().map(|violation| violation.rule).collect()
    };
    let crawl_capture = case.capture(&crawl_root).expect("crawl capture");
    assert_eq!(verdict_on(crawl_capture), Vec::<Rule>::new(), "a region of the crawl's own screenshot stands");
    assert!(!verdict_on(other).is_empty(), "a region of another site's screenshot is refused");
}

/// A case of a crawl keeps every capture's page facts across the worker's wire (the worker hands
/// the case to the app on `engine::wire`), and a capture without page facts writes none in the
/// CLI's capture JSON.
#[test]
fn page_facts_survive_the_wire_and_empty_ones_are_not_written() {
    let captures = load_files(&["crawl.wacz"]);
    assert!(captures.iter().any(|capture| !capture.page.is_empty()), "the crawl has page facts");
    let case = Case::new("crawl", Vec::new(), captures.clone(), Vec::new());
    let bytes = exhibit::engine::wire::encode_built(&case, &[]);
    let back: exhibit::engine::BuiltCase =
        exhibit::engine::wire::decode(exhibit::engine::wire::BUILT, &bytes).expect("reads back");
    assert_eq!(back.case.captures, captures);
    assert_eq!(back.case, case);
    let mut bare = captures[0].clone();
    bare.page = Default::default();
    assert!(!serde_json::to_string(&bare).expect("json").contains("\"page\""));
}

/// Passed integrity lines are told from failures and notices by their status, not by being listed.
#[test]
fn passed_integrity_lines_are_not_failures() {
    use exhibit::domain::capture::IntegrityStatus;
    let captures = load_files(&["crawl.wacz"]);
    let root = by_path(&captures, "/")[0];
    let notes = root.integrity_notes();
    let matched = notes
        .iter()
        .find(|note| note.text.contains("resource hashes in datapackage.json match"))
        .expect("the WACZ summary");
    assert_eq!(
        (matched.status, matched.class(), matched.label()),
        (Some(IntegrityStatus::Passed), "passed", "✓ passed")
    );
    assert!(notes.iter().all(|note| !note.is_warning()), "{notes:?}");
    let robots = by_path(&captures, "/robots.txt")[0];
    let error = robots.integrity_notes().into_iter().find(|note| note.text.contains("HTTP 404")).expect("404 note");
    assert_eq!((error.class(), error.is_warning()), ("notice", true));
    // A digest that does not match is a failure, however the sentence reads.
    let mut tampered = root.clone();
    let check =
        tampered.integrity_checks.iter_mut().find(|check| check.status == IntegrityStatus::Passed).expect("a check");
    check.status = IntegrityStatus::Failed;
    tampered.integrity.push(check.message.clone());
    let failed = tampered.integrity_notes().into_iter().last().expect("note");
    assert_eq!((failed.class(), failed.label(), failed.is_warning()), ("failed", "✗ failed", true));
}
