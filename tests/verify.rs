#![cfg(not(target_arch = "wasm32"))]
//! `exhibit verify` and `exhibit report`, run as a person who received a review would run them:
//! the fixture bundle is copied to a temporary folder (and sometimes altered), a review file that
//! cites it is written beside it, and the built `exhibit` binary checks one against the other.

#[path = "data/export/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use exhibit::domain::citation::{PixelRect, Selector};
use exhibit::domain::export::{review_file, to_json, ReviewFile};
use exhibit::domain::review_log::{Event, EventKind};
use expect_test::{expect, Expect};
use fixture::Scope;

/// A fresh folder under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique =
            format!("exhibit-verify-{name}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

fn cedar_review() -> ReviewFile {
    let case = fixture::case();
    let events = fixture::events(&case, Scope::Cedar);
    review_file(&case, &events, fixture::EXPORTED_AT)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn exhibit(arguments: &[&std::ffi::OsStr]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_exhibit")).args(arguments).output().expect("run exhibit");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Writes the bundle (altered by `alter_bundle`) and the review (altered by `alter_review`), runs
/// `exhibit verify`, and compares its exit code and output.
fn check(
    name: &str,
    alter_review: impl FnOnce(&mut ReviewFile),
    alter_bundle: impl FnOnce(&Path),
    code: i32,
    expect: Expect,
) {
    let dir = TempDir::new(name);
    let bundle = dir.0.join("bundle");
    copy_dir(&fixture::bundle_dir(), &bundle);
    alter_bundle(&bundle);
    let mut review = cedar_review();
    alter_review(&mut review);
    let review_path = dir.0.join("review.json");
    std::fs::write(&review_path, to_json(&review)).expect("write review");
    let run = exhibit(&["verify".as_ref(), review_path.as_os_str(), "--captures".as_ref(), bundle.as_os_str()]);
    assert_eq!(run.code, code, "{name}: stdout:\n{}\nstderr:\n{}", run.stdout, run.stderr);
    expect.assert_eq(&run.stdout);
}

fn citation_mut<'a>(review: &'a mut ReviewFile, id: &str) -> &'a mut exhibit::domain::citation::Citation {
    review
        .events
        .iter_mut()
        .find_map(|event| match &mut event.kind {
            EventKind::CitationAdded { citation } if citation.id == id => Some(citation),
            _ => None,
        })
        .expect(id)
}

fn cedar_page(bundle: &Path) -> PathBuf {
    bundle.join("captures/cedar/page.html")
}

#[test]
fn everything_verifies() {
    check(
        "all-ok",
        |_| {},
        |_| {},
        0,
        expect![[r#"
            ok  q-1 capture c-1f94cf545be4 text 92–131 "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            ok  q-2 capture c-1f94cf545be4 region xywh=pixel:20,40,180,30 screenshot 8d396362746fa037… "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            ok  verdict a1 supported: 2 citations verified, policy accepts it
            2 citations checked, 0 failed
        "#]],
    );
}

#[test]
fn one_flipped_byte_fails_by_hash() {
    check(
        "flipped-byte",
        |_| {},
        |bundle| {
            let mut bytes = std::fs::read(cedar_page(bundle)).expect("page");
            // `<!DOCTYPE` → `<!dOCTYPE`: one ASCII byte, same text.
            bytes[2] ^= 0x20;
            std::fs::write(cedar_page(bundle), bytes).expect("write");
        },
        1,
        expect![[r#"
            note capture c-1f94cf545be4 not among the loaded bytes: html 1f94cf545be45281…
            FAIL q-1 capture bytes changed or missing: no loaded artifact has the cited sha256 1f94cf545be45281… (capture c-1f94cf545be4)
            ok  q-2 capture c-8282895e4daf (cited as capture c-1f94cf545be4) region xywh=pixel:20,40,180,30 screenshot 8d396362746fa037… "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL verdict a1 supported: citation q-1 failed verification
            2 citations checked, 2 failed
        "#]],
    );
}

#[test]
fn an_inserted_paragraph_changes_the_bytes_and_fails_by_hash() {
    check(
        "inserted-paragraph",
        |_| {},
        |bundle| {
            let page = std::fs::read_to_string(cedar_page(bundle)).expect("page");
            let changed = page.replacen("<p>هذه فقرة", "<p>فقرة جديدة أضيفت قبل الاقتباس.</p>\n<p>هذه فقرة", 1);
            assert_ne!(page, changed);
            std::fs::write(cedar_page(bundle), changed).expect("write");
        },
        1,
        expect![[r#"
            note capture c-1f94cf545be4 not among the loaded bytes: html 1f94cf545be45281…
            FAIL q-1 capture bytes changed or missing: no loaded artifact has the cited sha256 1f94cf545be45281… (capture c-1f94cf545be4)
            ok  q-2 capture c-4fc1c1e04997 (cited as capture c-1f94cf545be4) region xywh=pixel:20,40,180,30 screenshot 8d396362746fa037… "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL verdict a1 supported: citation q-1 failed verification
            2 citations checked, 2 failed
        "#]],
    );
}

#[test]
fn a_moved_position_is_re_anchored_by_quote() {
    check(
        "moved-position",
        |review| {
            if let Selector::Text { position, .. } = &mut citation_mut(review, "q-1").selector {
                position.start += 7;
                position.end += 7;
            }
        },
        |_| {},
        0,
        expect![[r#"
            ok  q-1 capture c-1f94cf545be4 text 92–131 (re-anchored by quote; recorded at 99–138) "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            ok  q-2 capture c-1f94cf545be4 region xywh=pixel:20,40,180,30 screenshot 8d396362746fa037… "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            ok  verdict a1 supported: 2 citations verified, policy accepts it
            2 citations checked, 0 failed
        "#]],
    );
}

#[test]
fn a_quote_that_is_not_in_the_text_fails() {
    check(
        "missing-quote",
        |review| {
            if let Selector::Text { quote, .. } = &mut citation_mut(review, "q-1").selector {
                quote.exact = "نص لم يظهر في الصفحة أبدا".to_string();
            }
        },
        |_| {},
        1,
        expect![[r#"
            FAIL q-1 quote "نص لم يظهر في الصفحة أبدا" not found in the text of capture c-1f94cf545be4 (recorded at 92–131)
            ok  q-2 capture c-1f94cf545be4 region xywh=pixel:20,40,180,30 screenshot 8d396362746fa037… "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL verdict a1 supported: citation q-1 failed verification
            2 citations checked, 2 failed
        "#]],
    );
}

#[test]
fn a_region_outside_the_screenshot_fails() {
    check(
        "region-outside",
        |review| {
            if let Selector::Region { rect, .. } = &mut citation_mut(review, "q-2").selector {
                *rect = PixelRect { x: 200, y: 40, w: 100, h: 30 };
            }
        },
        |_| {},
        1,
        expect![[r#"
            ok  q-1 capture c-1f94cf545be4 text 92–131 "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL q-2 region xywh=pixel:200,40,100,30 is outside the 240×160 screenshot
            FAIL verdict a1 supported: citation q-2 failed verification
            2 citations checked, 2 failed
        "#]],
    );
}

#[test]
fn a_verdict_whose_citation_was_removed_fails() {
    check(
        "citation-removed",
        |review| {
            review.events.push(Event::new(
                "e99",
                "2026-03-04T10:00:00Z",
                "Reviewer One",
                EventKind::CitationRemoved { citation_id: "q-2".into() },
            ));
        },
        |_| {},
        1,
        expect![[r#"
            ok  q-1 capture c-1f94cf545be4 text 92–131 "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL verdict a1 supported: citation q-2 was removed
            1 citations checked, 1 failed
        "#]],
    );
}

#[test]
fn a_missing_screenshot_fails_its_region() {
    check(
        "missing-screenshot",
        |_| {},
        |bundle| std::fs::remove_file(bundle.join("captures/cedar/screenshot.png")).expect("remove"),
        1,
        expect![[r#"
            note capture c-1f94cf545be4 not among the loaded bytes: screenshot 8d396362746fa037…
            ok  q-1 capture c-1f94cf545be4 text 92–131 "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه"
            FAIL q-2 capture bytes changed or missing: no loaded artifact has the cited sha256 8d396362746fa037… (capture c-1f94cf545be4)
            FAIL verdict a1 supported: citation q-2 failed verification
            2 citations checked, 2 failed
        "#]],
    );
}

#[test]
fn unreadable_input_exits_2() {
    let dir = TempDir::new("unreadable");
    let not_json = dir.0.join("review.json");
    std::fs::write(&not_json, "not a review").expect("write");
    let bundle = fixture::bundle_dir();
    let run = exhibit(&["verify".as_ref(), not_json.as_os_str(), "--captures".as_ref(), bundle.as_os_str()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a review file"), "{}", run.stderr);

    let review = dir.0.join("good.json");
    std::fs::write(&review, to_json(&cedar_review())).expect("write");
    let missing = dir.0.join("no-such-folder");
    let run = exhibit(&["verify".as_ref(), review.as_os_str(), "--captures".as_ref(), missing.as_os_str()]);
    assert_eq!(run.code, 2, "{}", run.stderr);

    let newer = dir.0.join("newer.json");
    std::fs::write(&newer, r#"{"schema_version": 99, "events": []}"#).expect("write");
    let run = exhibit(&["verify".as_ref(), newer.as_os_str(), "--captures".as_ref(), bundle.as_os_str()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("schema_version 99"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// exhibit report

#[test]
fn report_writes_every_format() {
    let dir = TempDir::new("report");
    let review = dir.0.join("review.json");
    std::fs::write(&review, to_json(&cedar_review())).expect("write");
    let bundle = fixture::bundle_dir();
    for (format, starts_with) in [
        ("csv", "\u{feff}allegation_id,"),
        ("webannotation", "{\n  \"@context\": [\n    \"http://www.w3.org/ns/anno.jsonld\""),
        ("claimreview", "{\n  \"@context\": \"https://schema.org\""),
        ("html", "<!DOCTYPE html>"),
    ] {
        let run = exhibit(&["report".as_ref(), review.as_os_str(), "--format".as_ref(), format.as_ref()]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.starts_with(starts_with), "{format}: {}", &run.stdout[..run.stdout.len().min(200)]);

        let out = dir.0.join(format!("out.{format}"));
        let run = exhibit(&[
            "report".as_ref(),
            review.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            "--captures".as_ref(),
            bundle.as_os_str(),
        ]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        let written = std::fs::read_to_string(&out).expect("written");
        assert!(written.starts_with(starts_with));
        if format == "html" {
            assert!(written.contains("url(\"data:image/png;base64,"), "--captures embeds the screenshot");
        }
    }
    let run = exhibit(&["report".as_ref(), review.as_os_str(), "--format".as_ref(), "pdf".as_ref()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("unknown format \"pdf\""), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

/// Runs `exhibit verify` on the Cedar review altered by `alter`, over the unaltered bundle.
fn verify_altered(name: &str, alter: impl FnOnce(&mut ReviewFile)) -> Run {
    let dir = TempDir::new(name);
    let bundle = dir.0.join("bundle");
    copy_dir(&fixture::bundle_dir(), &bundle);
    let mut review = cedar_review();
    alter(&mut review);
    let review_path = dir.0.join("review.json");
    std::fs::write(&review_path, to_json(&review)).expect("write review");
    exhibit(&["verify".as_ref(), review_path.as_os_str(), "--captures".as_ref(), bundle.as_os_str()])
}

fn verdict_mut(review: &mut ReviewFile) -> &mut exhibit::domain::review_log::VerdictRecord {
    review
        .events
        .iter_mut()
        .rev()
        .find_map(|event| match &mut event.kind {
            EventKind::VerdictRecorded { record } => Some(record),
            _ => None,
        })
        .expect("a verdict")
}

#[test]
fn a_citation_of_another_sites_capture_fails_whatever_the_file_maps() {
    let run = verify_altered("wrong-site", |review| {
        // Move the Cedar verdict and its citations to the kitchen allegation, and forge the file's
        // own mapping so that the Cedar capture claims to be a capture of the kitchen site.
        let kitchen = review
            .allegations
            .iter()
            .find(|allegation| allegation.host == "rose-kitchen.example")
            .map(|allegation| allegation.id.clone())
            .expect("kitchen allegation");
        for event in &mut review.events {
            match &mut event.kind {
                EventKind::CitationAdded { citation } | EventKind::CitationEdited { citation } => {
                    citation.allegation_id = kitchen.clone()
                }
                EventKind::VerdictRecorded { record } => record.allegation_id = kitchen.clone(),
                _ => {}
            }
        }
        for capture in &mut review.captures {
            capture.allegation_ids.push(kitchen.clone());
        }
        review.verdict_statuses.clear();
    });
    assert_eq!(run.code, 1, "{}", run.stdout);
    let verdict_line = run.stdout.lines().find(|line| line.contains("verdict a2")).expect("verdict line");
    assert!(verdict_line.starts_with("FAIL"), "{verdict_line}");
    assert!(verdict_line.contains("not a capture of this allegation's site"), "{verdict_line}");
}

#[test]
fn a_lying_language_tag_fails_the_verdict() {
    let run = verify_altered("lying-tag", |review| {
        citation_mut(review, "q-1").quote_language = Some("eng".into());
    });
    assert_eq!(run.code, 1, "{}", run.stdout);
    let verdict_line = run.stdout.lines().find(|line| line.starts_with("FAIL verdict")).expect("failed verdict");
    assert!(verdict_line.contains("quote-language-mismatch"), "{verdict_line}");
}

#[test]
fn a_verdict_the_policy_refuses_fails_even_with_every_citation_verified() {
    for (name, alter, rule) in [
        (
            "language-rationale",
            Box::new(|review: &mut ReviewFile| {
                verdict_mut(review).rationale = "Kurdish site, obviously sympathetic to the cause.".into()
            }) as Box<dyn Fn(&mut ReviewFile)>,
            "language-not-evidence",
        ),
        (
            "no-finding",
            Box::new(|review: &mut ReviewFile| {
                citation_mut(review, "q-1").finding = None;
                citation_mut(review, "q-2").finding = None;
            }),
            "finding-required",
        ),
        (
            "religion-note",
            Box::new(|review: &mut ReviewFile| {
                citation_mut(review, "q-1").note = "Muslim site".into();
                citation_mut(review, "q-2").note = "Muslim site".into();
            }),
            "identity-not-evidence",
        ),
    ] {
        let run = verify_altered(name, |review| alter(review));
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.stdout.lines().filter(|line| line.starts_with("ok  q-")).count() == 2, "{name}: {}", run.stdout);
        let verdict_line = run.stdout.lines().find(|line| line.starts_with("FAIL verdict")).expect("failed verdict");
        assert!(verdict_line.contains(&format!("policy {rule}")), "{name}: {verdict_line}");
    }
}

/// Runs `exhibit verify` on the Cedar review as JSON, altered by `alter`, over the unaltered bundle.
fn verify_json(name: &str, alter: impl FnOnce(&mut serde_json::Value)) -> Run {
    let dir = TempDir::new(name);
    let bundle = dir.0.join("bundle");
    copy_dir(&fixture::bundle_dir(), &bundle);
    let mut review: serde_json::Value = serde_json::from_str(&to_json(&cedar_review())).expect("json");
    alter(&mut review);
    let review_path = dir.0.join("review.json");
    std::fs::write(&review_path, review.to_string()).expect("write review");
    exhibit(&["verify".as_ref(), review_path.as_os_str(), "--captures".as_ref(), bundle.as_os_str()])
}

fn failed_verdict_line(run: &Run) -> &str {
    run.stdout.lines().find(|line| line.starts_with("FAIL verdict")).expect("a failed verdict")
}

#[test]
fn a_verdict_citing_an_id_no_event_created_says_so() {
    let run = verify_altered("made-up-citation", |review| verdict_mut(review).citation_ids.push("q-999".into()));
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = failed_verdict_line(&run);
    assert!(line.contains("cites q-999, which no event of the file created"), "{line}");
    assert!(!line.contains("was removed"), "{line}");
}

#[test]
fn a_citation_whose_event_could_not_be_read_is_not_called_removed() {
    let run = verify_json("unreadable-citation-event", |review| {
        let events = review["events"].as_array_mut().expect("events");
        let region =
            events.iter_mut().find(|event| event["payload"]["citation"]["id"] == "q-2").expect("the event adding q-2");
        region["payload"]["citation"]["selector"]["rect"]["x"] = serde_json::json!(-1);
    });
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.lines().any(|line| line.starts_with("FAIL review file") && line.contains("left out")));
    let line = failed_verdict_line(&run);
    assert!(line.contains("cites q-2, which no event read from the file created"), "{line}");
    assert!(!line.contains("was removed"), "{line}");
}

#[test]
fn a_verdict_on_an_allegation_not_in_the_file_says_so() {
    let run = verify_altered("no-allegations", |review| review.allegations.clear());
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = failed_verdict_line(&run);
    assert!(line.contains("is not in the file"), "{line}");
    assert!(!line.contains("not a capture of this allegation's site"), "{line}");
}

#[test]
fn an_event_time_that_is_no_time_fails() {
    let run = verify_json("bad-event-time", |review| {
        let events = review["events"].as_array_mut().expect("events");
        events.last_mut().expect("an event")["time"] = serde_json::json!("not a time");
    });
    assert_eq!(run.code, 1, "{}", run.stdout);
    let line = run.stdout.lines().find(|line| line.starts_with("FAIL event")).expect("a failed event");
    assert!(line.contains(r#"time "not a time" is not a time"#), "{line}");
}

#[test]
fn a_schema_version_written_as_text_or_a_file_without_events_exits_2() {
    let run = verify_json("schema-string", |review| review["schema_version"] = serde_json::json!("1"));
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("schema_version must be a whole number"), "{}", run.stderr);

    let run = verify_json("no-events", |review| {
        review.as_object_mut().expect("object").remove("events");
    });
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("no `events` list"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
