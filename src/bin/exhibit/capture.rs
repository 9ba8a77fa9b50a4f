//! `exhibit capture PATH... [--text]`.
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(_paths: &[PathBuf], _text: bool) -> ExitCode {
    eprintln!("exhibit capture: not implemented yet");
    ExitCode::from(2)
}
