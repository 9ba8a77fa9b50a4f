//! The fictional case the export and verify tests share: an allegation list and a capture bundle
//! under `tests/data/export/`, and a review made through `session::apply` (so every verdict in it
//! was accepted by the evidence policy). All names are reserved `.example` domains and the page
//! texts are neutral placeholders.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exhibit::domain::capture::{ArtifactKind, InputFile};
use exhibit::domain::citation::{text_selectors, Citation, PixelRect, Selector};
use exhibit::domain::ids::AllegationId;
use exhibit::domain::language;
use exhibit::domain::review_log::{Event, Verdict, VerdictRecord};
use exhibit::domain::session::{apply, build_case, Case, Session, SessionAction, Stamp};

pub const EXPORTED_AT: &str = "2026-03-05T12:00:00Z";
/// Quoted from the cedar-news capture (text citation q-1, and region q-2's transcription).
pub const CEDAR_QUOTE: &str = "هذه فقرة تصف نداء للتجنيد دون أن تتضمنه";
pub const CEDAR_TRANSLATION: &str = "This paragraph describes a recruitment appeal without containing one";
pub const KITCHEN_QUOTE: &str = "وصفة الحمص بالطحينة: اخلط الحمص المسلوق مع الطحينة";

/// Which part of the review to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Only the cedar-news allegation: two citations (text + region) and a supported verdict.
    Cedar,
    /// Everything: revisions, an edit, an undo, several verdicts.
    Full,
}

pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/export")
}

pub fn bundle_dir() -> PathBuf {
    data_dir().join("bundle")
}

/// Every file of the bundle, with paths relative to `tests/data/export` (`bundle/captures/…`).
pub fn bundle_files() -> Vec<InputFile> {
    let mut paths = Vec::new();
    walk(&bundle_dir(), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let relative = path.strip_prefix(data_dir()).expect("inside the data dir");
            let name =
                relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            InputFile::new(name, Arc::<[u8]>::from(std::fs::read(&path).expect("fixture file")))
        })
        .collect()
}

fn walk(directory: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(directory).expect("fixture dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(&path, found);
        } else {
            found.push(path);
        }
    }
}

pub fn case() -> Case {
    let list = std::fs::read(data_dir().join("allegations.csv")).expect("allegation list");
    let case = build_case("Fixture case", &[InputFile::new("allegations.csv", list)], &bundle_files());
    assert!(case.captures.len() == 3, "three captures load: {:?}", case.diagnostics);
    case
}

pub fn stamp(number: usize, minute: usize) -> Stamp {
    Stamp {
        event_id: format!("e{number:02}").into(),
        time: format!("2026-03-04T09:{minute:02}:00Z"),
        reviewer: "Reviewer One".to_string(),
    }
}

pub fn allegation_id(case: &Case, host: &str) -> AllegationId {
    case.allegations
        .iter()
        .find(|allegation| allegation.host == host)
        .map(|allegation| allegation.id.clone())
        .expect(host)
}

fn capture_of<'a>(case: &'a Case, url_part: &str) -> &'a exhibit::domain::capture::Capture {
    case.captures.iter().find(|capture| capture.url.contains(url_part)).expect(url_part)
}

/// A text citation of `quote` in the capture whose URL contains `url_part`.
pub fn text_citation(case: &Case, id: &str, allegation: &str, url_part: &str, quote: &str, note: &str) -> Citation {
    let capture = capture_of(case, url_part);
    let canonical = &capture.text.canonical;
    let byte_start = canonical.find(quote).expect("quote in the capture text");
    let start = canonical[..byte_start].chars().count();
    let end = start + quote.chars().count();
    let (quote_selector, position) = text_selectors(canonical, start, end).expect("selectors");
    Citation {
        id: id.into(),
        allegation_id: allegation.into(),
        capture_id: capture.id.clone(),
        artifact_sha256: capture.text_artifact().expect("html").sha256.clone(),
        selector: Selector::Text { quote: quote_selector, position },
        quote_language: language::quote_language(quote),
        note: note.to_string(),
        translation: None,
        linked_citation: None,
        finding: None,
        description: None,
        archive: None,
    }
}

/// Applies one action and insists it was accepted.
fn act(session: Session, action: SessionAction) -> Session {
    let outcome = apply(&session, action);
    assert!(outcome.refused.is_empty(), "refused: {:?}", outcome.refused);
    assert!(!outcome.appended.is_empty(), "nothing appended");
    outcome.session
}

/// The review of the fixture case, as a reviewer would make it in the app.
pub fn events(case: &Case, scope: Scope) -> Vec<Event> {
    let case_arc = Arc::new(case.clone());
    let cedar = allegation_id(case, "cedar-news.example");
    let kitchen = allegation_id(case, "rose-kitchen.example");
    let quiet = allegation_id(case, "quiet-site.example");
    let mut session = act(Session::default(), SessionAction::LoadCase { case: case_arc, stamp: stamp(1, 0) });

    let mut q1 = text_citation(
        case,
        "q-1",
        &cedar,
        "cedar-news",
        CEDAR_QUOTE,
        "Paragraph that describes a recruitment appeal (placeholder text)",
    );
    q1.translation = Some(CEDAR_TRANSLATION.to_string());
    q1.finding = Some("recruitment".to_string());
    session = act(session, SessionAction::AddCitation { citation: q1.clone(), stamp: stamp(2, 1) });

    if scope == Scope::Full {
        let first = VerdictRecord {
            allegation_id: cedar.clone(),
            verdict: Verdict::Inconclusive,
            rationale: "The quoted paragraph may match the claim; a second reader should confirm.".to_string(),
            reason: Some("needs a second reader".to_string()),
            citation_ids: vec!["q-1".into()],
            reviewer_language: "eng".to_string(),
            reviewer_languages: Vec::new(),
            adjudicates: Vec::new(),
        };
        session = act(session, SessionAction::RecordVerdict { record: first, stamp: stamp(3, 2) });
    }

    let screenshot = capture_of(case, "cedar-news").artifact(ArtifactKind::Screenshot).expect("screenshot");
    let q2 = Citation {
        id: "q-2".into(),
        allegation_id: cedar.clone(),
        capture_id: capture_of(case, "cedar-news").id.clone(),
        artifact_sha256: screenshot.sha256.clone(),
        selector: Selector::Region {
            rect: PixelRect { x: 20, y: 40, w: 180, h: 30 },
            transcription: CEDAR_QUOTE.to_string(),
        },
        quote_language: q1.quote_language.clone(),
        note: "Screenshot region showing the paragraph that describes a recruitment appeal (placeholder text)"
            .to_string(),
        translation: Some(CEDAR_TRANSLATION.to_string()),
        linked_citation: Some("q-1".into()),
        finding: Some("recruitment".to_string()),
        description: None,
        archive: None,
    };
    session = act(session, SessionAction::AddCitation { citation: q2, stamp: stamp(4, 3) });
    let supported = VerdictRecord {
        allegation_id: cedar.clone(),
        verdict: Verdict::Supported,
        rationale: "The quoted paragraph describes a recruitment appeal, as the list claims; the screenshot shows the same passage."
            .to_string(),
        reason: None,
        citation_ids: vec!["q-1".into(), "q-2".into()],
        reviewer_language: "eng".to_string(),
        reviewer_languages: Vec::new(),
        adjudicates: Vec::new(),
    };
    session = act(session, SessionAction::RecordVerdict { record: supported, stamp: stamp(5, 4) });
    if scope == Scope::Cedar {
        return session.events.to_vec();
    }

    let mut q3 = text_citation(
        case,
        "q-3",
        &kitchen,
        "rose-kitchen",
        KITCHEN_QUOTE,
        "Recipe text that mixes boiled chickpeas with tahini",
    );
    q3.translation = Some("Hummus with tahini recipe: mix the boiled chickpeas with the tahini".to_string());
    q3.finding = Some("unrelated".to_string());
    session = act(session, SessionAction::AddCitation { citation: q3.clone(), stamp: stamp(6, 5) });
    q3.note = "Recipe text that mixes boiled chickpeas with tahini: the page is a cooking site".to_string();
    session = act(session, SessionAction::EditCitation { citation: q3, stamp: stamp(7, 6) });
    let mut q4 = text_citation(
        case,
        "q-4",
        &kitchen,
        "rose-kitchen",
        "قدم الطبق مع زيت الزيتون",
        "Serving advice that pairs the dish with olive oil",
    );
    q4.translation = Some("Serve the dish with olive oil".to_string());
    q4.finding = Some("unrelated".to_string());
    session = act(session, SessionAction::AddCitation { citation: q4, stamp: stamp(8, 7) });
    session = act(session, SessionAction::Undo { event_id: "e08".into(), stamp: stamp(9, 8) });
    let not_supported = VerdictRecord {
        allegation_id: kitchen,
        verdict: Verdict::NotSupported,
        rationale:
            "The page is a recipe collection; the quoted passage shows cooking instructions, not the alleged videos."
                .to_string(),
        reason: None,
        citation_ids: vec!["q-3".into()],
        reviewer_language: "eng".to_string(),
        reviewer_languages: Vec::new(),
        adjudicates: Vec::new(),
    };
    session = act(session, SessionAction::RecordVerdict { record: not_supported, stamp: stamp(10, 9) });
    let unreviewable = VerdictRecord {
        allegation_id: quiet,
        verdict: Verdict::Unreviewable,
        rationale: "No capture of this site was supplied with the case.".to_string(),
        reason: Some("no capture".to_string()),
        citation_ids: Vec::new(),
        reviewer_language: "eng".to_string(),
        reviewer_languages: Vec::new(),
        adjudicates: Vec::new(),
    };
    session = act(session, SessionAction::RecordVerdict { record: unreviewable, stamp: stamp(11, 10) });
    session.events.to_vec()
}
