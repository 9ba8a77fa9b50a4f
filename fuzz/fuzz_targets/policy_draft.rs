//! The verdict draft file of `exhibit policy` from strangers: `draft_from_json`, then
//! `context_for_draft` with no captures (the CLI without `--captures`), then `evaluate`. The policy
//! must never panic on any draft, whatever its text, citations, languages or tags; every violation
//! it returns names a rule and says why, in rule order.
#![no_main]

use exhibit::domain::codebook::Codebook;
use exhibit::domain::policy::{context_for_draft, draft_from_json, evaluate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let json = String::from_utf8_lossy(data);
    let Ok(read) = draft_from_json(&json) else {
        return;
    };
    let mut draft = read.draft;
    assert!(!draft.reviewer_languages.is_empty(), "a draft always has a working language");
    let context = context_for_draft(&mut draft, read.allegation.as_deref(), &[], &Codebook::builtin());
    let violations = evaluate(&draft, &context);
    for violation in &violations {
        assert!(!violation.message.trim().is_empty(), "violation {:?} without a message", violation.rule);
    }
    assert!(violations.windows(2).all(|pair| pair[0].rule <= pair[1].rule), "violations out of rule order");
});
