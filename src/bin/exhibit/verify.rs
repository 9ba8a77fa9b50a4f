//! `exhibit verify REVIEW.json --captures PATH...`.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(_review: &Path, _captures: &[PathBuf]) -> ExitCode {
    eprintln!("exhibit verify: not implemented yet");
    ExitCode::from(2)
}
