//! Review logs and review files from strangers: `review_log::parse_log` and
//! `export::parse_review_file` must never panic, and neither may anything that then reads what they
//! returned: folding the log, writing it back, and every export of a review file (`exhibit verify`
//! and the export commands run on files that other people hand on).
#![no_main]

use exhibit::domain::{export, review_log};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);

    let (events, _diagnostics) = review_log::parse_log(&json);
    let _state = review_log::fold(&events);
    let _ = review_log::to_json(&events);

    if let Ok((file, diagnostics)) = export::parse_review_file(&json) {
        let _ = export::to_json(&file);
        let _ = export::csv(&file);
        let _ = export::claim_review(&file);
        let _ = export::web_annotation(&file);
        let _ = export::dashboard_svg(&export::dashboard(&file));
        let _ = export::html_report(&file, &|_capture_id| None);
        let _ = export::verify(&file, &diagnostics, &[]);
    }
});
