//! WACZ (and any zip) files from strangers: `capture::load` on the bytes as `x.wacz` must never
//! panic and must stay inside its (small) limits.
#![no_main]

use exhibit::domain::capture::{load, InputFile, Limits};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits { max_file_bytes: 1 << 20, max_total_bytes: 4 << 20, max_captures: 64, max_nesting: 64 };

fuzz_target!(|data: &[u8]| {
    let _ = load(&[InputFile::new("x.wacz", data.to_vec())], &LIMITS);
});
