//! `exhibit policy DRAFT.json`: checks a verdict draft against the evidence policy and prints
//! `{"accepted": bool, "violations": [{"rule", "message"}]}` on stdout. Exit 0 when accepted, 1
//! when refused, 2 when the draft cannot be read.
//!
//! This file only reads the draft and prints the answer: every decision is `domain::policy`'s,
//! so the CLI and the app can never disagree. It never looks at captures (a CLI draft's citations
//! are taken to be in the alleged site's capture; `exhibit verify` checks real captures).
use std::path::Path;
use std::process::ExitCode;

use exhibit::domain::policy::{evaluate, Draft, DraftCitation, PolicyContext, Violation};
use exhibit::domain::review_log::Verdict;
use serde::{Deserialize, Serialize};

const KNOWN_FIELDS: [&str; 5] = ["verdict", "rationale", "reason", "reviewer_language", "citations"];

/// The draft file. Everything but the verdict may be left out.
#[derive(Deserialize)]
struct DraftFile {
    verdict: String,
    #[serde(default)]
    rationale: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    reviewer_language: Option<String>,
    #[serde(default)]
    citations: Vec<DraftCitation>,
}

#[derive(Serialize)]
struct Answer<'a> {
    accepted: bool,
    violations: &'a [Violation],
}

fn read_draft(path: &Path) -> Result<Draft, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| format!("{} is not valid JSON: {error}", path.display()))?;
    if let Some(object) = value.as_object() {
        for key in object.keys().filter(|key| !KNOWN_FIELDS.contains(&key.as_str())) {
            eprintln!("exhibit policy: ignoring unknown field \"{key}\" (known: {})", KNOWN_FIELDS.join(", "));
        }
    }
    let file: DraftFile =
        serde_json::from_value(value).map_err(|error| format!("{} is not a verdict draft: {error}", path.display()))?;
    let verdict = Verdict::parse(file.verdict.trim()).ok_or_else(|| {
        let known: Vec<&str> = Verdict::ALL.iter().map(|verdict| verdict.as_str()).collect();
        format!("unknown verdict \"{}\": use one of {}", file.verdict, known.join(", "))
    })?;
    Ok(Draft {
        verdict,
        rationale: file.rationale.unwrap_or_default(),
        reason: file.reason,
        reviewer_language: file
            .reviewer_language
            .filter(|code| !code.trim().is_empty())
            .unwrap_or_else(|| "eng".into()),
        citations: file.citations,
    })
}

pub fn run(draft_path: &Path) -> ExitCode {
    let mut draft = match read_draft(draft_path) {
        Ok(draft) => draft,
        Err(message) => {
            eprintln!("exhibit policy: {message}");
            return ExitCode::from(2);
        }
    };
    // Quotes without a language tag get one exactly as the app gives it when a citation is made.
    exhibit::domain::policy::fill_quote_languages(&mut draft);
    let violations = evaluate(&draft, &PolicyContext::default());
    let answer = Answer { accepted: violations.is_empty(), violations: &violations };
    match serde_json::to_string(&answer) {
        Ok(json) => println!("{json}"),
        Err(error) => {
            eprintln!("exhibit policy: cannot write the answer: {error}");
            return ExitCode::from(2);
        }
    }
    if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
