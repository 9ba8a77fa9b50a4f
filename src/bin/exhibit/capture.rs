//! `exhibit capture PATH... [--text]`: loads captures from files and folders (bundles, loose
//! HTML + screenshots, WARC/ARC, WACZ, zips; formats detected by their bytes) and prints them as
//! JSON, or with `--text` prints each capture's canonical text under a `== <id> <url>` line.
//! The JSON carries each artifact's `archive` locator (the WARC record as archived) and each
//! capture's typed `integrity_checks` (record digests, WACZ hashes, the WACZ signature), and what
//! the archive says of the page (`page`: HTTP status, media type, redirects, page list), its `role`
//! (`page`, `error-page`, `not-a-page`) and a `label` (path · time · status · origin).
//!
//! This file owns only the command's output shape; reading paths is `inputs`, loading is
//! `exhibit::domain::capture`. It never modifies the files it reads.

use std::path::PathBuf;
use std::process::ExitCode;

use exhibit::domain::capture::{self, Capture, Limits};
use exhibit::domain::crawl;
use exhibit::domain::diagnostic::Diagnostic;
use serde_json::json;

use crate::inputs::read_inputs;

pub fn run(paths: &[PathBuf], text: bool) -> ExitCode {
    let files = match read_inputs(paths) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("exhibit capture: cannot read {error}");
            return ExitCode::from(2);
        }
    };
    let (captures, mut diagnostics) = capture::load(&files, &Limits::default());
    if files.is_empty() {
        diagnostics.push(Diagnostic::warning("no files were found under the given paths"));
    } else if captures.is_empty() {
        diagnostics.push(Diagnostic::warning(format!(
            "no capture could be read from the {} files given (the other diagnostics say why)",
            files.len()
        )));
    }
    if text {
        print!("{}", text_output(&captures));
        let _ = std::io::Write::flush(&mut std::io::stdout());
        for diagnostic in &diagnostics {
            eprintln!("{}", diagnostic_line(diagnostic));
        }
    } else {
        match serde_json::to_string_pretty(&json_output(&captures, &diagnostics)) {
            Ok(output) => println!("{output}"),
            Err(error) => {
                eprintln!("exhibit capture: {error}");
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

/// Each capture as `== <id> <url>` then its canonical text.
pub fn text_output(captures: &[Capture]) -> String {
    let mut out = String::new();
    for capture in captures {
        out.push_str(&format!("== {} {}\n", capture.id, capture.url));
        out.push_str(&capture.text.canonical);
        out.push('\n');
    }
    out
}

fn diagnostic_line(diagnostic: &Diagnostic) -> String {
    let severity = match diagnostic.severity {
        exhibit::domain::diagnostic::Severity::Info => "info",
        exhibit::domain::diagnostic::Severity::Warning => "warning",
        exhibit::domain::diagnostic::Severity::Error => "error",
    };
    let place = match (&diagnostic.file, diagnostic.line) {
        (Some(file), Some(line)) => format!("{file}:{line}: "),
        (Some(file), None) => format!("{file}: "),
        _ => String::new(),
    };
    format!("{place}{severity}: {}", diagnostic.message)
}

pub fn json_output(captures: &[Capture], diagnostics: &[Diagnostic]) -> serde_json::Value {
    let captures: Vec<serde_json::Value> = captures
        .iter()
        .map(|capture| {
            json!({
                "id": capture.id,
                "url": capture.url,
                "captured_at": capture.captured_at,
                "origin": capture.origin,
                "title": capture.title,
                "artifacts": capture.artifacts.iter().map(|artifact| json!({
                    "kind": artifact.kind,
                    "media_type": artifact.media_type,
                    "sha256": artifact.sha256,
                    "bytes": artifact.bytes,
                    "archive": artifact.archive,
                })).collect::<Vec<_>>(),
                "text_chars": capture.text.canonical.chars().count(),
                "blocks": capture.text.blocks.len(),
                "languages": capture.language.languages.iter().map(|share| json!({
                    "lang": share.lang,
                    "script": share.script,
                    "share": (share.share * 1000.0).round() / 1000.0,
                    "reliable": share.reliable,
                })).collect::<Vec<_>>(),
                "language_summary": capture.language.summary,
                "integrity": capture.integrity,
                "integrity_checks": capture.integrity_checks,
                "integrity_failed": !capture.integrity_failures().is_empty(),
                "page": capture.page,
                "role": crawl::page_role(capture),
                "label": crawl::capture_label(capture),
            })
        })
        .collect();
    let diagnostics: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|diagnostic| {
            json!({
                "file": diagnostic.file,
                "line": diagnostic.line,
                "severity": diagnostic.severity,
                "message": diagnostic.message,
            })
        })
        .collect();
    json!({ "captures": captures, "diagnostics": diagnostics })
}
