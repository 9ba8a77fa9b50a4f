//! Native benchmark (criterion); see BENCHMARKS.md. Imports a synthetic 100k-line allegation list
//! (prose around links, defanged links, IDN hosts, duplicates, junk lines) and prints lines/s, with
//! the ratio against the named peer: splitting the same input into lines and whitespace words.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use exhibit::domain::allegations::{import, Format};

const LINES: usize = 100_000;

/// The deterministic inputs shared with the browser benchmark.
#[allow(dead_code)]
#[path = "../bench/wasm/src/inputs.rs"]
mod inputs;

fn synthetic_list() -> String {
    inputs::allegation_list(LINES)
}

fn bench_import(criterion: &mut Criterion) {
    let input = synthetic_list();

    // One timed pass each, printed as lines/s, so the figure is visible without reading criterion's
    // report; criterion then measures properly.
    let started = Instant::now();
    let (allegations, diagnostics) = import("bench.txt", &input, Format::Text);
    let seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let words: usize = input.lines().map(|line| line.split_whitespace().count()).sum();
    let peer_seconds = started.elapsed().as_secs_f64();
    println!(
        "allegations import: {LINES} lines in {:.3} s = {:.0} lines/s ({} allegations, {} diagnostics); \
         peer `lines + split_whitespace` ({words} words): {:.0} lines/s; import is {:.1}x slower than the peer",
        seconds,
        LINES as f64 / seconds,
        allegations.len(),
        diagnostics.len(),
        LINES as f64 / peer_seconds.max(1e-9),
        seconds / peer_seconds.max(1e-9),
    );

    let mut group = criterion.benchmark_group("allegations");
    group.throughput(Throughput::Elements(LINES as u64));
    group.sample_size(10);
    group.bench_function("import_text_100k_lines", |bencher| {
        bencher.iter(|| import("bench.txt", black_box(&input), Format::Text))
    });
    group.bench_function("peer_lines_split_whitespace_100k_lines", |bencher| {
        bencher.iter(|| black_box(&input).lines().map(|line| line.split_whitespace().count()).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, bench_import);
criterion_main!(benches);
