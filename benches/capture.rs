//! Native benchmark (criterion); see BENCHMARKS.md. Two figures, each with a named peer:
//! - HTML → canonical text on a synthetic ~5 MB page (MB/s), against html5gum tokenizing the same
//!   page without building text (the floor any html5gum-based extractor sits on);
//! - WARC records/s over a synthetic gzip-per-record WARC (5,000 HTML response records), against
//!   only gunzipping the same bytes with flate2's MultiGzDecoder;
//! - the kernels the browser benchmark (`bench/`) also times, at full size: language profile of
//!   5 MB of prose and detection of 10k short snippets, WARC record iteration over ~100 MB
//!   (gzip per record), SHA-256 over 100 MB. Inputs come from `bench/wasm/src/inputs.rs`.

use std::hint::black_box;
use std::io::{Read, Write};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use exhibit::domain::capture::warc::read_records;
use exhibit::domain::capture::{extract_plain_text, extract_text, load, InputFile, Limits};
use exhibit::domain::hash::sha256_hex;
use exhibit::domain::language::{detect, profile};

/// The deterministic inputs shared with the browser benchmark.
#[allow(dead_code)]
#[path = "../bench/wasm/src/inputs.rs"]
mod inputs;

const WARC_RECORDS: usize = 5_000;

fn synthetic_page() -> String {
    let mut html = String::from("<!doctype html><html><head><title>Synthetic</title><style>p{}</style></head><body>");
    let mut index = 0usize;
    while html.len() < 5 * 1024 * 1024 {
        html.push_str(&format!(
            "<section><h2>Section {index}</h2><p>The weekly market opens on <b>Saturday</b> at nine; farmers bring apples, \
             bread &amp; cheese. <a href=\"/item/{index}\">More</a></p><ul><li>مطبخ الوادي {index}</li><li>Погода {index}</li></ul>\
             <table><tr><td>{index}</td><td>value</td></tr></table><script>var x = {index};</script></section>\n"
        ));
        index += 1;
    }
    html.push_str("</body></html>");
    html
}

fn synthetic_warc() -> Vec<u8> {
    let mut out = Vec::new();
    for index in 0..WARC_RECORDS {
        let body = format!("<html><head><title>Page {index}</title></head><body><h1>Page {index}</h1><p>Fictional text for record {index}.</p></body></html>");
        let http = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let record = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bench-{index}>\r\nWARC-Target-URI: https://site{index}.example/\r\n\
             WARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = gz.write_all(record.as_bytes());
        out.extend(gz.finish().unwrap_or_default());
    }
    out
}

fn bench_capture(criterion: &mut Criterion) {
    let page = synthetic_page();
    let megabytes = page.len() as f64 / (1024.0 * 1024.0);

    let started = Instant::now();
    let text = extract_text(&page);
    let extract_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let tokens = html5gum::Tokenizer::new(page.as_str()).count();
    let tokenize_seconds = started.elapsed().as_secs_f64();
    println!(
        "html→text: {:.1} MB in {:.3} s = {:.1} MB/s ({} blocks); peer html5gum tokenize only: {:.1} MB/s ({tokens} tokens); ratio {:.2}",
        megabytes,
        extract_seconds,
        megabytes / extract_seconds,
        text.blocks.len(),
        megabytes / tokenize_seconds,
        tokenize_seconds / extract_seconds
    );

    let warc = synthetic_warc();
    let file = InputFile::new("bench.warc.gz", warc.clone());
    let started = Instant::now();
    let (captures, _) = load(std::slice::from_ref(&file), &Limits::default());
    let load_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut sink = Vec::new();
    let _ = flate2::read::MultiGzDecoder::new(warc.as_slice()).read_to_end(&mut sink);
    let gunzip_seconds = started.elapsed().as_secs_f64();
    println!(
        "warc: {} records → {} captures in {:.3} s = {:.0} records/s; peer gunzip only: {:.0} records/s; ratio {:.2}",
        WARC_RECORDS,
        captures.len(),
        load_seconds,
        WARC_RECORDS as f64 / load_seconds,
        WARC_RECORDS as f64 / gunzip_seconds,
        gunzip_seconds / load_seconds
    );

    let mut group = criterion.benchmark_group("capture");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("html_to_text_5mb", |bench| bench.iter(|| black_box(extract_text(black_box(&page)))));
    group.bench_function("html5gum_tokenize_5mb_peer", |bench| {
        bench.iter(|| black_box(html5gum::Tokenizer::new(black_box(page.as_str())).count()))
    });
    group.throughput(Throughput::Elements(WARC_RECORDS as u64));
    group.bench_function("warc_gzip_per_record_load", |bench| {
        bench.iter(|| black_box(load(std::slice::from_ref(&file), &Limits::default())))
    });
    group.bench_function("warc_gunzip_only_peer", |bench| {
        bench.iter(|| {
            let mut sink = Vec::new();
            let _ = flate2::read::MultiGzDecoder::new(black_box(warc.as_slice())).read_to_end(&mut sink);
            black_box(sink.len())
        })
    });
    group.finish();
}

fn bench_kernels(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("kernels");
    group.sample_size(10);

    let prose = extract_plain_text(&inputs::prose(5 * 1024 * 1024, 11));
    group.throughput(Throughput::Bytes(prose.canonical.len() as u64));
    group.bench_function("language_profile_5mb", |bench| bench.iter(|| black_box(profile(black_box(&prose)))));

    let snippets = inputs::snippets(10_000, 12);
    let lines: Vec<&str> = snippets.lines().collect();
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.bench_function("language_detect_10k_snippets", |bench| {
        bench.iter(|| lines.iter().filter(|line| detect(black_box(line)).is_some()).count())
    });

    // 5,000 records of ~20 KB: ~100 MB decompressed, gzip per record.
    let warc = inputs::warc_gz(5_000, 20 * 1024, 13);
    group.throughput(Throughput::Elements(5_000));
    group.bench_function("warc_read_records_100mb", |bench| {
        bench.iter(|| {
            let mut diagnostics = Vec::new();
            let mut bytes = 0usize;
            let summary = read_records(
                "bench.warc.gz",
                black_box(&warc),
                &Limits::default(),
                &mut diagnostics,
                &mut |record, _| bytes += record.block.len(),
            );
            black_box((summary.records, bytes))
        })
    });
    drop(warc);

    let data = inputs::random_bytes(100 * 1024 * 1024, 14);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("sha256_100mb", |bench| bench.iter(|| black_box(sha256_hex(black_box(&data)))));
    group.finish();
}

criterion_group!(benches, bench_capture, bench_kernels);
criterion_main!(benches);
