//! `exhibit agreement REVIEW.json...` and `exhibit agreement --ratings FILE.csv`: inter-rater
//! agreement (`domain::agreement` computes every figure) printed as JSON on stdout.
//!
//! Review files are several reviewers' logs of one case: their events are merged by id, folded,
//! and each reviewer's latest verdict on each allegation is their rating. A ratings CSV is read as
//! `docs/FORMATS.md` describes, its bytes as an allegation list's (`allegations::decode_list`:
//! UTF-16, a legacy encoding said, lone carriage returns); review files may be UTF-8 or UTF-16. Exits 0 with the figures (undefined ones are `null`, with the
//! reason under `undefined`), 2 when a file cannot be read or is malformed (which file, which line,
//! what is wrong). This file only reads files and prints.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exhibit::domain::agreement::{
    agreement, finding_sets_from_events, parse_ratings_csv, per_finding, ratings_from_events, Ratings,
};
use exhibit::domain::diagnostic::Severity;
use exhibit::domain::review_log::Event;

use crate::verify::{describe, read_review_file};

pub fn run(reviews: &[PathBuf], ratings: Option<&Path>, categories: &[String]) -> ExitCode {
    let read = match ratings {
        Some(path) => read_ratings(path, categories).map(|table| (table, None)),
        None => read_reviews(reviews).map(|(table, events)| (table, Some(events))),
    };
    let (table, events) = match read {
        Ok(read) => read,
        Err(message) => {
            eprintln!("exhibit agreement: {message}");
            return ExitCode::from(2);
        }
    };
    let mut figures = serde_json::to_value(agreement(&table)).unwrap_or_default();
    // Review files also say which finding each verdict rests on: agreement per finding.
    if let (Some(events), Some(object)) = (events, figures.as_object_mut()) {
        let per_finding = per_finding(&finding_sets_from_events(&events));
        object.insert("per_finding".to_string(), serde_json::to_value(per_finding).unwrap_or_default());
    }
    match serde_json::to_string_pretty(&figures) {
        Ok(json) => {
            // A closed pipe (`| head`) is not an error of ours.
            let _ = writeln!(std::io::stdout().lock(), "{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("exhibit agreement: cannot write the figures: {error}");
            ExitCode::from(2)
        }
    }
}

fn read_ratings(path: &Path, categories: &[String]) -> Result<Ratings, String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    // Read as allegation lists are: UTF-16, a legacy encoding (said), lone carriage returns.
    let (text, note) = exhibit::domain::allegations::decode_list(&bytes);
    if let Some(note) = note {
        eprintln!("exhibit agreement: {}: {}", path.display(), describe(&note));
    }
    let scheme: Vec<String> =
        categories.iter().map(|category| category.trim().to_string()).filter(|category| !category.is_empty()).collect();
    parse_ratings_csv(&text, &scheme).map_err(|error| format!("{}: {error}", path.display()))
}

/// The scheme of review files is every verdict (`ratings_from_events`).
fn read_reviews(paths: &[PathBuf]) -> Result<(Ratings, Vec<Event>), String> {
    if paths.is_empty() {
        return Err("name review files, or a ratings CSV with --ratings".to_string());
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let (file, diagnostics) = read_review_file(path)?;
        // A left-out event may be a verdict: the figures would be wrong, so the file is refused.
        if let Some(error) = diagnostics.iter().find(|diagnostic| diagnostic.severity == Severity::Error) {
            return Err(format!("{}: {}", path.display(), describe(error)));
        }
        for diagnostic in &diagnostics {
            eprintln!("exhibit agreement: {}: {}", path.display(), describe(diagnostic));
        }
        files.push(file);
    }
    // Merged as `exhibit merge` merges them: two different events under one id are a conflict,
    // and figures over a log that left one out would be wrong, so the files are refused.
    let (events, merge_diagnostics) =
        exhibit::domain::team::merge_logs(files.iter().map(|file| file.events.as_slice()));
    let conflicts: Vec<String> = merge_diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.message.clone())
        .collect();
    if !conflicts.is_empty() {
        return Err(format!("the files conflict ({}); merge them first", conflicts.join(" ")));
    }
    for diagnostic in merge_diagnostics.iter().filter(|diagnostic| diagnostic.severity != Severity::Error) {
        eprintln!("exhibit agreement: {}", describe(diagnostic));
    }
    let allegation_ids: Vec<&str> =
        files.iter().flat_map(|file| file.allegations.iter().map(|allegation| allegation.id.as_str())).collect();
    Ok((ratings_from_events(allegation_ids, &events), events))
}
