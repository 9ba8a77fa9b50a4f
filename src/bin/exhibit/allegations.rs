//! `exhibit allegations FILE [--format]`.
use std::path::Path;
use std::process::ExitCode;

pub fn run(_file: &Path, _format: &str) -> ExitCode {
    eprintln!("exhibit allegations: not implemented yet");
    ExitCode::from(2)
}
