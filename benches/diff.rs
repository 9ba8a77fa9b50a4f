//! Native benchmark (criterion) of the capture text diff; see BENCHMARKS.md.
//!
//! Pages of about 1 MB (20k blocks) and 5 MB (100k blocks) with 0.1 %, 5 % and 50 % of blocks
//! edited (a word replaced, a block deleted, or a block inserted), the pathological inputs (all
//! blocks identical; two alternating lines; one block at the word-diff cap; many large blocks
//! all rewritten, which the word-diff work budget bounds), and the
//! block-level algorithms compared on the hard cases.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use exhibit::domain::diff::{diff_block_strings, diff_blocks_with, DiffOptions};
use similar::Algorithm;

/// The deterministic inputs shared with the browser benchmark (same pages on every run).
#[allow(dead_code)]
#[path = "../bench/wasm/src/inputs.rs"]
mod inputs;

use inputs::{diff_pages as pages, diff_sentence as sentence, Lcg};

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn megabytes(v: &[String]) -> f64 {
    v.iter().map(|s| s.len() + 2).sum::<usize>() as f64 / 1e6
}

fn sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for (label, blocks) in [("1MB", 20_000), ("5MB", 100_000)] {
        for (pct, permille) in [("0.1%", 1), ("5%", 50), ("50%", 500)] {
            let (before, after) = pages(blocks, permille, 7 + permille as u64);
            let (b, a) = (refs(&before), refs(&after));
            let t = Instant::now();
            let d = diff_block_strings(&b, &a);
            println!(
                "{label} ({:.2} MB, {} blocks) {pct} edited: one run {:?}; {:?}; word budget exhausted: {}",
                megabytes(&before),
                before.len(),
                t.elapsed(),
                d.summary,
                d.word_budget_exhausted
            );
            group.bench_function(format!("{label}/{pct}"), |bench| {
                bench.iter(|| diff_block_strings(black_box(&b), black_box(&a)))
            });
            if blocks == 100_000 && permille == 500 {
                // The default block algorithm is Histogram; the others, for comparison.
                for (alg_name, alg) in [("patience", Algorithm::Patience), ("myers", Algorithm::Myers)] {
                    let options = DiffOptions { block_algorithm: alg, ..DiffOptions::default() };
                    group.bench_function(format!("{label}/{pct}/{alg_name}"), |bench| {
                        bench.iter(|| diff_blocks_with(black_box(&b), black_box(&a), &options))
                    });
                }
            }
        }
    }
    group.finish();
}

/// Inputs that make LCS-style algorithms work hardest.
fn pathological_pages() -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let n = 20_000;
    let same: Vec<String> = vec!["Same line of text.".to_owned(); n];
    let mut same_after = same.clone();
    // Remove every 7th block and change every 11th: nothing unique to anchor on.
    let mut k = 0;
    same_after.retain(|_| {
        k += 1;
        k % 7 != 0
    });
    for (i, s) in same_after.iter_mut().enumerate() {
        if i % 11 == 0 {
            *s = "Same line of prose.".to_owned();
        }
    }
    let alternating: Vec<String> = (0..n).map(|i| if i % 2 == 0 { "Line A." } else { "Line B." }.to_owned()).collect();
    let mut alternating_after: Vec<String> = alternating.iter().skip(1).cloned().collect();
    alternating_after.extend((0..n / 3).map(|i| format!("Line {}.", ["A", "B", "C"][i % 3])));
    // One block at the word-diff cap (the pair has 39 000 code points), lightly edited.
    let big = sentence_block(19_500, 99);
    let big_after = big.replacen("garden", "meadow", 50);
    // 200 blocks of 10 000 code points (2 MB), every one rewritten with the same vocabulary:
    // each removed block is word-diffed against its window, until the work budget runs out.
    let rewritten: Vec<String> = (0..200).map(|i| sentence_block(10_000, i)).collect();
    let rewritten_after: Vec<String> = (0..200).map(|i| sentence_block(10_000, 1000 + i)).collect();
    vec![
        ("identical-blocks", same, same_after),
        ("alternating-lines", alternating, alternating_after),
        ("one-19.5k-char-block", vec![big], vec![big_after]),
        ("200-rewritten-10k-blocks", rewritten, rewritten_after),
    ]
}

fn sentence_block(chars: usize, seed: u64) -> String {
    let mut rng = Lcg(seed);
    let mut s = String::new();
    while s.chars().count() < chars {
        s.push_str(&sentence(&mut rng));
        s.push(' ');
    }
    s.chars().take(chars).collect()
}

fn pathological(c: &mut Criterion) {
    let mut group = c.benchmark_group("pathological");
    group.sample_size(10);
    for (name, before, after) in pathological_pages() {
        let (b, a) = (refs(&before), refs(&after));
        for (alg_name, alg) in
            [("histogram", Algorithm::Histogram), ("patience", Algorithm::Patience), ("myers", Algorithm::Myers)]
        {
            let options = DiffOptions { block_algorithm: alg, ..DiffOptions::default() };
            let t = Instant::now();
            let d = diff_blocks_with(&b, &a, &options);
            println!(
                "{name} with {alg_name}: one run {:?}; {:?}; word budget exhausted: {}",
                t.elapsed(),
                d.summary,
                d.word_budget_exhausted
            );
            group.bench_function(format!("{name}/{alg_name}"), |bench| {
                bench.iter(|| diff_blocks_with(black_box(&b), black_box(&a), &options))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, sizes, pathological);
criterion_main!(benches);
