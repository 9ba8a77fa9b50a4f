//! `exhibit policy DRAFT.json`.
use std::path::Path;
use std::process::ExitCode;

pub fn run(_draft: &Path) -> ExitCode {
    eprintln!("exhibit policy: not implemented yet");
    ExitCode::from(2)
}
