//! WARC/ARC files from strangers, as `x.warc` and gzip-wrapped as `x.warc.gz`: `capture::load` must
//! never panic and must stay inside its (small) limits.
#![no_main]

use std::io::Write;

use exhibit::domain::capture::{load, InputFile, Limits};
use flate2::{write::GzEncoder, Compression};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits { max_file_bytes: 1 << 20, max_total_bytes: 4 << 20, max_captures: 64, max_nesting: 64 };

fuzz_target!(|data: &[u8]| {
    let _ = load(&[InputFile::new("x.warc", data.to_vec())], &LIMITS);

    // The same bytes as one gzip member, the way a .warc.gz (or a per-record gzip) reaches load.
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).expect("gzip into a Vec");
    let gzipped = encoder.finish().expect("gzip into a Vec");
    let _ = load(&[InputFile::new("x.warc.gz", gzipped)], &LIMITS);
});
