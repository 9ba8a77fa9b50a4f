//! `exhibit allegations FILE [--format auto|text|csv|json]`: reads an allegation list and prints
//! the normalised allegations and the diagnostics as pretty JSON on stdout.
//!
//! All parsing is `domain::allegations::import`; this file only reads the file (UTF-8, or UTF-16
//! with a byte order mark), shapes the output, and never exits non-zero for diagnostics: only an
//! unreadable file or an unknown format exits 2.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use exhibit::domain::allegations::{import, Allegation, Flag, Format};
use exhibit::domain::diagnostic::{Diagnostic, Severity};
use exhibit::domain::ids::AllegationId;

#[derive(Serialize)]
struct Output {
    allegations: Vec<AllegationOut>,
    diagnostics: Vec<DiagnosticOut>,
}

#[derive(Serialize)]
struct AllegationOut {
    id: AllegationId,
    line: usize,
    raw: String,
    url: String,
    host: String,
    host_unicode: String,
    site: String,
    claim: Option<String>,
    source: Option<String>,
    date: Option<String>,
    flags: Vec<Flag>,
    lines: Vec<usize>,
}

#[derive(Serialize)]
struct DiagnosticOut {
    line: Option<usize>,
    severity: Severity,
    message: String,
}

impl From<Allegation> for AllegationOut {
    fn from(allegation: Allegation) -> Self {
        let lines = allegation.lines();
        let (line, raw) =
            allegation.occurrences.into_iter().next().map_or((0, String::new()), |first| (first.line, first.raw));
        AllegationOut {
            id: allegation.id,
            line,
            raw,
            url: allegation.url,
            host: allegation.host,
            host_unicode: allegation.host_unicode,
            site: allegation.site,
            claim: allegation.claim,
            source: allegation.source,
            date: allegation.date,
            flags: allegation.flags,
            lines,
        }
    }
}

impl From<Diagnostic> for DiagnosticOut {
    fn from(diagnostic: Diagnostic) -> Self {
        DiagnosticOut { line: diagnostic.line, severity: diagnostic.severity, message: diagnostic.message }
    }
}

pub fn run(file: &Path, format: Format) -> ExitCode {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("exhibit allegations: cannot read {}: {error}", file.display());
            return ExitCode::from(2);
        }
    };
    let (text, decode_warning) = exhibit::domain::allegations::decode_list(&bytes);
    let file_name =
        file.file_name().map_or_else(|| file.display().to_string(), |name| name.to_string_lossy().into_owned());
    let (allegations, diagnostics) = import(&file_name, &text, format);
    let output = Output {
        allegations: allegations.into_iter().map(AllegationOut::from).collect(),
        diagnostics: decode_warning.into_iter().chain(diagnostics).map(DiagnosticOut::from).collect(),
    };
    match serde_json::to_string_pretty(&output) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("exhibit allegations: cannot write JSON: {error}");
            ExitCode::from(2)
        }
    }
}
