//! Codebooks (`codebook.json` in a bundle or beside an allegation list) from strangers:
//! `Codebook::parse` must never panic, must refuse with at least one diagnostic, and a codebook it
//! accepts must have no problems, find each of its findings by id, and be usable by the policy (a
//! verdict judged against it never panics).
#![no_main]

use exhibit::domain::codebook::{is_codebook_file, Codebook, FindingKind};
use exhibit::domain::policy::{evaluate, Draft, DraftCitation, PolicyContext};
use exhibit::domain::review_log::Verdict;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let _ = is_codebook_file(&json);
    let codebook = match Codebook::parse("codebook.json", &json) {
        Ok(codebook) => codebook,
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "a refused codebook must say why");
            return;
        }
    };
    assert!(codebook.problems().is_empty(), "an accepted codebook has problems: {:?}", codebook.problems());
    for finding in &codebook.findings {
        assert!(codebook.finding(&finding.id).is_some(), "finding {:?} not found by its id", finding.id);
    }
    for (kind, verdict) in [
        (FindingKind::Adverse, Verdict::Supported),
        (FindingKind::NonAdverse, Verdict::NotSupported),
        (FindingKind::Removed, Verdict::Removed),
    ] {
        let ids = codebook.ids_of(kind);
        assert!(!ids.is_empty(), "an accepted codebook lacks a {} finding", kind.label());
        let citation = DraftCitation {
            quote: "The fictional page asks readers to send money to the example group.".to_string(),
            note: "Asks readers for money for the example group.".to_string(),
            finding: Some(ids[0].to_string()),
            ..DraftCitation::default()
        };
        let draft = Draft {
            verdict,
            rationale: "Quote 1 asks readers to send money to the example group.".to_string(),
            reason: None,
            reviewer_languages: vec!["eng".to_string()],
            citations: vec![citation],
        };
        let context = PolicyContext { codebook: codebook.clone(), ..PolicyContext::default() };
        let _ = evaluate(&draft, &context);
    }
});
