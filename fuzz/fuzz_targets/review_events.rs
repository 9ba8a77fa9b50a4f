//! Review-log events from strangers (a stored log, a merged log from another tab, an imported
//! review): `review_log::parse_log`, `fold`, then `session::Session::new`, which runs the evidence
//! gate (`verdict_statuses`) over every current verdict. Two cases: an empty one (the gate with no
//! captures at hand) and the fictional export fixture case of tests/data/export (the committed seed
//! logs cite its captures). Must never panic, and the gate must hold:
//! - every allegation with a current verdict has exactly one status, for that verdict's event;
//! - over the fixture case, a verdict other than `unreviewable` that the gate accepts cites at
//!   least one citation the log holds, made for that allegation in a capture of its site.
#![no_main]

use std::sync::{Arc, OnceLock};

use exhibit::domain::capture::InputFile;
use exhibit::domain::review_log::{fold, parse_log, Verdict};
use exhibit::domain::session::{build_case, Case, Session};
use libfuzzer_sys::fuzz_target;

macro_rules! fixture {
    ($path:literal) => {
        InputFile::new(
            concat!("bundle/", $path),
            include_bytes!(concat!("../../tests/data/export/bundle/", $path)).to_vec(),
        )
    };
}

fn fixture_case() -> Arc<Case> {
    static CASE: OnceLock<Arc<Case>> = OnceLock::new();
    CASE.get_or_init(|| {
        let list =
            InputFile::new("allegations.csv", include_bytes!("../../tests/data/export/allegations.csv").to_vec());
        let captures = [
            fixture!("captures/cedar/manifest.json"),
            fixture!("captures/cedar/page.html"),
            fixture!("captures/cedar/screenshot.png"),
            fixture!("captures/kitchen/manifest.json"),
            fixture!("captures/kitchen/page.html"),
            fixture!("captures/kitchen/screenshot.png"),
            fixture!("captures/mithal/manifest.json"),
            fixture!("captures/mithal/page.html"),
        ];
        Arc::new(build_case("Fixture case", &[list], &captures))
    })
    .clone()
}

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let (events, _diagnostics) = parse_log(&json);
    let review = fold(&events);

    for case in [Arc::new(Case::default()), fixture_case()] {
        let session = Session::new(case.clone(), events.clone());
        for (allegation_id, history) in &review.verdicts {
            let Some(entry) = history.last() else { continue };
            let status = session.verdict_status(allegation_id).expect("every current verdict has a status");
            assert_eq!(status.event_id, entry.event_id, "status of {allegation_id} is for another event");
            if case.captures.is_empty() || !status.is_valid() || entry.record.verdict == Verdict::Unreviewable {
                continue;
            }
            let sites: Vec<&str> = case.captures_for(allegation_id).iter().map(|capture| capture.id.as_str()).collect();
            let backed = entry.record.citation_ids.iter().any(|id| {
                review.citations.get(id).is_some_and(|citation| {
                    citation.allegation_id == *allegation_id && sites.contains(&citation.capture_id.as_str())
                })
            });
            assert!(
                backed,
                "the gate accepts a {:?} verdict on {allegation_id} with no evidence in its site's captures",
                entry.record.verdict
            );
        }
    }
});
