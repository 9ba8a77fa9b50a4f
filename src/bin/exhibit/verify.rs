//! `exhibit verify REVIEW.json --captures PATH...`: re-checks every citation and verdict of a
//! review file against capture bytes loaded afresh (`domain::export::verify` does the checking).
//!
//! Prints one line per citation and per current verdict, then exactly
//! `N citations checked, M failed` (N: live citations checked; M: failed citations, failed
//! verdicts and review-file entries that could not be read). Exits 0 when nothing failed, 1 when
//! something did, 2 when the review file or the captures cannot be read. Load diagnostics go to
//! stderr. This file only reads files and prints: it never decides anything itself.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exhibit::domain::capture::{self, Limits};
use exhibit::domain::diagnostic::Diagnostic;
use exhibit::domain::export::{parse_review_file, verify, ReviewFile};

use crate::inputs::read_inputs;

pub fn run(review: &Path, captures: &[PathBuf]) -> ExitCode {
    let (file, diagnostics) = match read_review_file(review) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("exhibit verify: {message}");
            return ExitCode::from(2);
        }
    };
    let inputs = match read_inputs(captures) {
        Ok(inputs) => inputs,
        Err(message) => {
            eprintln!("exhibit verify: {message}");
            return ExitCode::from(2);
        }
    };
    let (loaded, load_diagnostics) = capture::load(&inputs, &Limits::default());
    for diagnostic in &load_diagnostics {
        eprintln!("{}", describe(diagnostic));
    }
    let report = verify(&file, &diagnostics, &loaded);
    for line in &report.lines {
        println!("{line}");
    }
    println!("{}", report.summary());
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Reads and parses a review file (UTF-8 or UTF-16); the error says which file and why.
pub fn read_review_file(path: &Path) -> Result<(ReviewFile, Vec<Diagnostic>), String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    // UTF-16 too (as some editors save), never a guessed legacy encoding.
    let text = exhibit::domain::capture::decode::decode_unicode(&bytes)
        .ok_or_else(|| format!("{}: not UTF-8 or UTF-16 text", path.display()))?;
    parse_review_file(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// One diagnostic as a line: `file:line: severity: message`.
pub fn describe(diagnostic: &Diagnostic) -> String {
    let mut place = String::new();
    if let Some(file) = &diagnostic.file {
        place.push_str(file);
        if let Some(line) = diagnostic.line {
            place.push_str(&format!(":{line}"));
        }
        place.push_str(": ");
    }
    let severity = serde_json::to_value(diagnostic.severity)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    format!("{place}{severity}: {}", diagnostic.message)
}
