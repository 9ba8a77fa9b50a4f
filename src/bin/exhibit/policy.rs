//! `exhibit policy DRAFT.json [--captures PATH...] [--codebook FILE]`: checks a verdict draft
//! against the evidence policy and prints `{"accepted": bool, "violations": [{"rule", "message"}]}`
//! on stdout. Exit 0 when accepted, 1 when refused, 2 when the draft, the captures or the codebook
//! cannot be read.
//!
//! This file only reads files and prints the answer: the draft is read by
//! `policy::draft_from_json` and judged by `policy::evaluate`, the same gate the app applies, with
//! each quote's language computed from the quote. Without `--captures`, a draft's citations are
//! taken to be in the alleged site's capture; with them, the captures of the site named by the
//! draft's `allegation` are found by the matching rules, and each citation's `capture_id` is
//! checked against them (`exhibit verify` re-checks whole review files).
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exhibit::domain::capture::{self, Limits};
use exhibit::domain::codebook::{is_codebook_file, Codebook};
use exhibit::domain::policy::{context_for_draft, draft_from_json, evaluate, Violation, DRAFT_FIELDS};
use serde::Serialize;

use crate::inputs::read_inputs;

#[derive(Serialize)]
struct Answer<'a> {
    accepted: bool,
    violations: &'a [Violation],
}

fn read_codebook(path: &str, bytes: &[u8]) -> Result<Codebook, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("{path}: the codebook is not UTF-8 text"))?;
    Codebook::parse(path, text).map_err(|problems| {
        let lines: Vec<String> = problems.into_iter().map(|problem| format!("{path}: {}", problem.message)).collect();
        format!("the codebook is refused:\n{}", lines.join("\n"))
    })
}

pub fn run(draft_path: &Path, captures: &[PathBuf], codebook_path: Option<&Path>) -> ExitCode {
    let fail = |message: String| {
        eprintln!("exhibit policy: {message}");
        ExitCode::from(2)
    };
    let text = match std::fs::read_to_string(draft_path) {
        Ok(text) => text,
        Err(error) => return fail(format!("cannot read {}: {error}", draft_path.display())),
    };
    let read = match draft_from_json(&text) {
        Ok(read) => read,
        Err(message) => return fail(format!("{}: {message}", draft_path.display())),
    };
    for key in &read.unknown_fields {
        eprintln!("exhibit policy: ignoring unknown field \"{key}\" (known: {})", DRAFT_FIELDS.join(", "));
    }
    let inputs = match read_inputs(captures) {
        Ok(inputs) => inputs,
        Err(message) => return fail(message),
    };
    let mut codebook = Codebook::builtin();
    for file in inputs.iter().filter(|file| is_codebook_file(&file.path)) {
        match read_codebook(&file.path, &file.bytes) {
            Ok(read) => codebook = read,
            Err(message) => return fail(message),
        }
    }
    if let Some(path) = codebook_path {
        match std::fs::read(path) {
            Ok(bytes) => match read_codebook(&path.display().to_string(), &bytes) {
                Ok(read) => codebook = read,
                Err(message) => return fail(message),
            },
            Err(error) => return fail(format!("cannot read {}: {error}", path.display())),
        }
    }
    let capture_inputs: Vec<_> = inputs.into_iter().filter(|file| !is_codebook_file(&file.path)).collect();
    let (loaded, diagnostics) = capture::load(&capture_inputs, &Limits::default());
    for diagnostic in &diagnostics {
        eprintln!("{}", crate::verify::describe(diagnostic));
    }
    if !captures.is_empty() && loaded.is_empty() {
        return fail("no capture could be read from the given --captures paths".to_string());
    }
    let mut draft = read.draft;
    let context = context_for_draft(&mut draft, read.allegation.as_deref(), &loaded, &codebook);
    let violations = evaluate(&draft, &context);
    let answer = Answer { accepted: violations.is_empty(), violations: &violations };
    match serde_json::to_string(&answer) {
        Ok(json) => println!("{json}"),
        Err(error) => return fail(format!("cannot write the answer: {error}")),
    }
    if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
