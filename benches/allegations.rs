//! Native benchmark (criterion); see BENCHMARKS.md. Imports a synthetic 100k-line allegation list
//! (prose around links, defanged links, IDN hosts, duplicates, junk lines) and prints lines/s, with
//! the ratio against the named peer: splitting the same input into lines and whitespace words.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use exhibit::domain::allegations::{import, Format};

const LINES: usize = 100_000;

fn synthetic_list() -> String {
    let mut input = String::with_capacity(LINES * 60);
    for index in 0..LINES {
        let site = index % 20_000; // every site appears five times: duplicates merge
        let line = match index % 8 {
            0 => format!("{index}. hxxp://site{site}[.]example/page/{site} — reported for videos\n"),
            1 => format!("@watcher_example: see site{site}(.)example #report\n"),
            2 => format!("https://www.site{site}.example/?id={site}\n"),
            3 => format!("- пример{site}.example mirror\n"),
            4 => format!("[Site {site}](hxxps://site{site}[.]example/a)\n"),
            5 => "notes about the list, no link here\n".to_owned(),
            6 => format!("site{site}.example, site{}.example\n", site + 1),
            _ => "\n".to_owned(),
        };
        input.push_str(&line);
    }
    input
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
