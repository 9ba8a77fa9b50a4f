//! One WARC/ARC stream's records, without gzip: `warc::read_records` on the plain bytes (a gzip
//! stream is skipped: the `warc` target covers decompression), then for each record what
//! `capture::load` does with it byte-wise: `parse_http_response` (chunked transfer coding,
//! gzip/deflate content coding) and the payload digest check. Much faster than the whole-file
//! `warc` target, which also extracts text, detects languages and gzips every input. Never panics,
//! never returns a block over `max_file_bytes` or a body over it.
#![no_main]

use exhibit::domain::capture::warc::{dechunk, parse_http_response, read_records};
use exhibit::domain::capture::warc_captures::{check_digest, decode_base32};
use exhibit::domain::capture::Limits;
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits { max_file_bytes: 1 << 16, max_total_bytes: 1 << 20, max_captures: 64, max_nesting: 64 };

fuzz_target!(|data: &[u8]| {
    if data.starts_with(&[0x1f, 0x8b]) {
        return;
    }
    let mut diagnostics = Vec::new();
    let mut records = 0usize;
    let summary = read_records("x.warc", data, &LIMITS, &mut diagnostics, &mut |record, diagnostics| {
        records += 1;
        assert!(record.block.len() as u64 <= LIMITS.max_file_bytes, "block over the limit");
        let _ = record.record_id();
        let _ = record.target_uri();
        if let Some(response) = parse_http_response(&record.block, &LIMITS, diagnostics) {
            assert!(response.body.len() as u64 <= LIMITS.max_file_bytes.max(response.raw_body.len() as u64));
            if let Some(digest) = record.header("warc-payload-digest") {
                let mut candidates: Vec<&[u8]> = vec![&response.raw_body, &response.body];
                if let Some(dechunked) = &response.dechunked_body {
                    candidates.push(dechunked);
                }
                let _ = check_digest(digest, &candidates);
            }
        }
        if let Some(digest) = record.header("warc-block-digest") {
            let _ = check_digest(digest, &[&record.block]);
            let _ = decode_base32(digest);
        }
        let _ = dechunk(&record.block, LIMITS.max_file_bytes);
    });
    assert_eq!(summary.records, records, "summary counts other records than were read");
});
