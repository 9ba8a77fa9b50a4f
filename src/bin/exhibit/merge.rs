//! `exhibit merge REVIEW.json... [-o OUT.json]`: one team review file from several reviewers'
//! review files of one case (`domain::team::merge_logs`: events keep their reviewer, copies merge by
//! id, time order as instants, whatever the order of the files). The case manifest is the first
//! file's, plus any allegation or capture (by id) only a later file has. Written to `-o` (or stdout)
//! with `exported_at` from `--time` (default: now, UTC).
//!
//! Exits 0 when merged; 1 when two files hold different events under one id (each conflict is
//! printed: which id, which reviewers; nothing is written); 2 when a file cannot be read, or an
//! event of one cannot be (a merge must lose nothing).

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exhibit::domain::diagnostic::Severity;
use exhibit::domain::export::{to_json, ReviewFile};
use exhibit::domain::ids::{AllegationId, CaptureId};
use exhibit::domain::team::merge_logs;

use crate::assign::now_rfc3339;
use crate::verify::{describe, read_review_file};

pub fn run(reviews: &[PathBuf], output: Option<&Path>, time: Option<&str>) -> ExitCode {
    let mut files: Vec<ReviewFile> = Vec::with_capacity(reviews.len());
    for path in reviews {
        let (file, diagnostics) = match read_review_file(path) {
            Ok(read) => read,
            Err(message) => {
                eprintln!("exhibit merge: {message}");
                return ExitCode::from(2);
            }
        };
        if let Some(error) = diagnostics.iter().find(|diagnostic| diagnostic.severity == Severity::Error) {
            eprintln!("exhibit merge: {}: {}", path.display(), describe(error));
            return ExitCode::from(2);
        }
        for diagnostic in &diagnostics {
            eprintln!("exhibit merge: {}: {}", path.display(), describe(diagnostic));
        }
        files.push(file);
    }
    let Some(first) = files.first() else {
        eprintln!("exhibit merge: name the review files to merge");
        return ExitCode::from(2);
    };
    let (events, diagnostics) = merge_logs(files.iter().map(|file| file.events.as_slice()));
    let (conflicts, warnings): (Vec<_>, Vec<_>) =
        diagnostics.into_iter().partition(|diagnostic| diagnostic.severity == Severity::Error);
    for warning in &warnings {
        eprintln!("exhibit merge: {}", describe(warning));
    }
    if !conflicts.is_empty() {
        for conflict in &conflicts {
            eprintln!("exhibit merge: {}", describe(conflict));
        }
        eprintln!("exhibit merge: {} conflicting events; nothing was written", conflicts.len());
        return ExitCode::from(1);
    }
    let exported_at = match time {
        Some(time) if exhibit::domain::time::Timestamp::new(time).instant().is_none() => {
            eprintln!("exhibit merge: --time {time:?} is not an RFC 3339 time (e.g. 2026-05-01T12:00:00Z)");
            return ExitCode::from(2);
        }
        Some(time) => time.to_string(),
        None => match now_rfc3339() {
            Ok(now) => now,
            Err(message) => {
                eprintln!("exhibit merge: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let mut merged = first.clone();
    for (path, file) in reviews.iter().zip(&files).skip(1) {
        if file.case_name != merged.case_name {
            eprintln!(
                "exhibit merge: warning: {} names case {:?}, the first file {:?}",
                path.display(),
                file.case_name,
                merged.case_name
            );
        }
        let known: BTreeSet<AllegationId> = merged.allegations.iter().map(|allegation| allegation.id.clone()).collect();
        merged
            .allegations
            .extend(file.allegations.iter().filter(|allegation| !known.contains(&allegation.id)).cloned());
        let known: BTreeSet<CaptureId> = merged.captures.iter().map(|capture| capture.id.clone()).collect();
        merged.captures.extend(file.captures.iter().filter(|capture| !known.contains(&capture.id)).cloned());
    }
    merged.events = events;
    merged.exported_at = exported_at;
    // Each file's statuses were about its own latest verdicts; readers judge the team log again.
    merged.verdict_statuses.clear();
    let json = to_json(&merged);
    let written = match output {
        Some(path) => std::fs::write(path, json).map_err(|error| format!("{}: {error}", path.display())),
        None => writeln!(std::io::stdout().lock(), "{json}").map_err(|error| error.to_string()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("exhibit merge: {message}");
            ExitCode::from(2)
        }
    }
}
