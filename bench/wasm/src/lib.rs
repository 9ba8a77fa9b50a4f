//! Benchmark kernels: exhibit's domain functions on deterministic inputs, named by case.
//!
//! The page (`bench/web/bench.js`) asks for a case's input (`input_text` / `input_bytes`, for the
//! JavaScript peers), calls `prepare` once (inputs are generated and kept inside wasm, so the timed
//! call measures the kernel, not copying 5 MB across the boundary), then times `run` against the
//! peers, interleaved. `src/bin/native.rs` times the same `run` natively.

use std::cell::RefCell;
use std::collections::HashMap;

use exhibit::domain::allegations::{import, Format};
use exhibit::domain::capture::warc::read_records;
use exhibit::domain::capture::{extract_plain_text, extract_text, ExtractedText, Limits};
use exhibit::domain::diff::diff_block_strings;
use exhibit::domain::hash::sha256_hex;
use exhibit::domain::language::{detect, profile};
use wasm_bindgen::prelude::*;

pub mod inputs;

/// Every case the browser benchmark runs, in table order.
pub const CASES: &[&str] = &[
    "allegations-100k",
    "html-5MB",
    "lang-profile-1MB",
    "lang-snippets-10k",
    "diff-1MB-0.1%",
    "diff-1MB-5%",
    "diff-1MB-50%",
    "diff-5MB-0.1%",
    "diff-5MB-5%",
    "diff-identical-20k",
    "warc-20MB",
    "sha256-32MB",
];

enum Input {
    Text(String),
    Extracted(ExtractedText),
    Lines(Vec<String>),
    Pair(Vec<String>, Vec<String>),
    Bytes(Vec<u8>),
}

fn generate(case: &str) -> Input {
    match case {
        "allegations-100k" => Input::Text(inputs::allegation_list(100_000)),
        "html-5MB" => Input::Text(inputs::html_page(5 * 1024 * 1024)),
        "lang-profile-1MB" => Input::Text(inputs::prose(1024 * 1024, 11)),
        "lang-snippets-10k" => Input::Text(inputs::snippets(10_000, 12)),
        "diff-identical-20k" => {
            let (b, a) = inputs::diff_identical_blocks(20_000);
            Input::Pair(b, a)
        }
        "warc-20MB" => Input::Bytes(inputs::warc_gz(1_000, 20 * 1024, 13)),
        "sha256-32MB" => Input::Bytes(inputs::random_bytes(32 * 1024 * 1024, 14)),
        diff if diff.starts_with("diff-") => {
            // diff-<1MB|5MB>-<pct>%
            let mut parts = diff.trim_start_matches("diff-").split('-');
            let blocks = match parts.next() {
                Some("5MB") => 100_000,
                _ => 20_000,
            };
            let permille = match parts.next() {
                Some("0.1%") => 1,
                Some("5%") => 50,
                _ => 500,
            };
            let (b, a) = inputs::diff_pages(blocks, permille, 7 + permille as u64);
            Input::Pair(b, a)
        }
        _ => Input::Text(String::new()),
    }
}

thread_local! {
    static PREPARED: RefCell<HashMap<String, Input>> = RefCell::new(HashMap::new());
}

/// The case's input as the JavaScript peers get it: text, or for diffs `part` = `before`/`after`
/// (blocks joined by `\n`).
#[wasm_bindgen]
pub fn input_text(case: &str, part: &str) -> String {
    match generate(case) {
        Input::Text(text) => text,
        Input::Pair(before, after) => if part == "after" { after } else { before }.join("\n"),
        _ => String::new(),
    }
}

/// The case's input as bytes (WARC, SHA-256).
#[wasm_bindgen]
pub fn input_bytes(case: &str) -> Vec<u8> {
    match generate(case) {
        Input::Bytes(bytes) => bytes,
        Input::Text(text) => text.into_bytes(),
        _ => Vec::new(),
    }
}

/// Generates and keeps the case's input for `run` (language profile cases keep the extracted
/// blocks, as the app does: the profile runs on a capture's extracted text).
#[wasm_bindgen]
pub fn prepare(case: &str) {
    // The language kernels need the profiles, which a wasm build installs itself (the app's
    // worker does the same).
    exhibit::domain::tables::install_embedded();
    let input = match (case, generate(case)) {
        ("lang-profile-1MB", Input::Text(text)) => Input::Extracted(extract_plain_text(&text)),
        ("lang-snippets-10k", Input::Text(text)) => Input::Lines(text.lines().map(str::to_owned).collect()),
        (_, input) => input,
    };
    PREPARED.with(|prepared| prepared.borrow_mut().insert(case.to_owned(), input));
}

/// Frees a case's input.
#[wasm_bindgen]
pub fn release(case: &str) {
    PREPARED.with(|prepared| prepared.borrow_mut().remove(case));
}

/// Runs the case's kernel once on its prepared input; returns a checksum-like count so the work
/// cannot be optimised away (and so wasm and native can be compared for equal output).
#[wasm_bindgen]
pub fn run(case: &str) -> f64 {
    PREPARED.with(|prepared| {
        let prepared = prepared.borrow();
        let Some(input) = prepared.get(case) else { return -1.0 };
        kernel(case, input) as f64
    })
}

fn kernel(case: &str, input: &Input) -> usize {
    match input {
        Input::Text(text) if case.starts_with("allegations") => import("bench.txt", text, Format::Text).0.len(),
        Input::Text(html) if case.starts_with("html") => extract_text(html).blocks.len(),
        Input::Extracted(text) => profile(text).languages.len(),
        Input::Lines(lines) => lines.iter().filter(|line| detect(line).is_some()).count(),
        Input::Pair(before, after) => {
            let b: Vec<&str> = before.iter().map(String::as_str).collect();
            let a: Vec<&str> = after.iter().map(String::as_str).collect();
            let summary = diff_block_strings(&b, &a).summary;
            summary.removed + summary.added + summary.changed
        }
        Input::Bytes(bytes) if case.starts_with("warc") => {
            let mut diagnostics = Vec::new();
            let mut block_bytes = 0usize;
            let summary =
                read_records("bench.warc.gz", bytes, &Limits::default(), &mut diagnostics, &mut |record, _| {
                    block_bytes += record.block.len()
                });
            summary.records + block_bytes
        }
        Input::Bytes(bytes) => sha256_hex(bytes).len(),
        Input::Text(_) => 0,
    }
}
