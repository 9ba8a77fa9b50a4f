//! `exhibit report REVIEW.json --format csv|html|webannotation|claimreview [-o OUT]`.
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn run(_review: &Path, _format: &str, _output: Option<&Path>, _captures: &[PathBuf]) -> ExitCode {
    eprintln!("exhibit report: not implemented yet");
    ExitCode::from(2)
}
