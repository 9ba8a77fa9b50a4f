//! `exhibit report REVIEW.json --format csv|html|webannotation|claimreview|review [-o OUT]
//! [--captures PATH...]`: writes one export of a review file (to stdout when no `-o`). With
//! `--captures`, the HTML report embeds crops of the cited screenshot regions (only screenshots
//! whose bytes have the cited hash). Exits 2 on an unknown format or unreadable input, and when a
//! review file would be written without entries that could not be read; 1 when another report
//! leaves such entries out.
//!
//! This file only reads and writes files: every format is built by `domain::export`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use exhibit::domain::capture::{self, ArtifactKind, Capture, Limits};
use exhibit::domain::diagnostic::Severity;
use exhibit::domain::export::{ExportKind, ReviewFile};
use exhibit::domain::ids::CaptureId;

use crate::inputs::read_inputs;
use crate::verify::{describe, read_review_file};

pub fn run(review: &Path, format: ExportKind, output: Option<&Path>, captures: &[PathBuf]) -> ExitCode {
    let (file, diagnostics) = match read_review_file(review) {
        Ok(read) => read,
        Err(message) => {
            eprintln!("exhibit report: {message}");
            return ExitCode::from(2);
        }
    };
    for diagnostic in &diagnostics {
        eprintln!("{}: {}", review.display(), describe(diagnostic));
    }
    // Entries that could not be read (a newer version's events, damage) are not in `file`: a
    // review file written from it would lose them for good, and any other report would leave
    // them out without the exit code saying so.
    let left_out = diagnostics.iter().filter(|diagnostic| diagnostic.severity == Severity::Error).count();
    if left_out > 0 && format == ExportKind::Review {
        eprintln!(
            "exhibit report: {left_out} entries of {} could not be read; a review file written from it would lose \
             them, so none was written",
            review.display()
        );
        return ExitCode::from(2);
    }
    let loaded = if captures.is_empty() {
        Vec::new()
    } else {
        match read_inputs(captures) {
            Ok(inputs) => {
                let (loaded, load_diagnostics) = capture::load(&inputs, &Limits::default());
                for diagnostic in &load_diagnostics {
                    eprintln!("{}", describe(diagnostic));
                }
                loaded
            }
            Err(message) => {
                eprintln!("exhibit report: {message}");
                return ExitCode::from(2);
            }
        }
    };
    let text = render(&file, format, &loaded);
    let written = match output {
        Some(path) => std::fs::write(path, text.as_bytes()).map_err(|error| format!("{}: {error}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).map_err(|error| format!("stdout: {error}"))
        }
    };
    match written {
        Ok(()) if left_out > 0 => {
            eprintln!("exhibit report: the report leaves out {left_out} entries that could not be read");
            ExitCode::from(1)
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("exhibit report: {message}");
            ExitCode::from(2)
        }
    }
}

fn render(file: &ReviewFile, format: ExportKind, loaded: &[Capture]) -> String {
    let lookup = |capture_id: &CaptureId| -> Option<(String, Vec<u8>)> {
        let capture = loaded.iter().find(|capture| capture.id == capture_id)?;
        let artifact = capture.artifact(ArtifactKind::Screenshot)?;
        Some((artifact.media_type.clone(), artifact.content.as_deref()?.to_vec()))
    };
    format.render(file, &lookup)
}
