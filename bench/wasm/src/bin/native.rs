//! The browser benchmark's kernels, timed natively on the same inputs: one JSON line per case,
//! `{"case":…,"median_ms":…,"runs":…,"result":…}`. Usage: `native [RUNS] [CASE…]` (default: 20 runs
//! after one warm-up run, every case). `native input CASE` prints the case's input instead (text, or
//! bytes for the WARC; scripts/bench.sh imports `allegations-100k` into the app and gives both to the
//! CLI comparison).

use std::time::Instant;

use exhibit_bench_wasm::{input_bytes, input_text, prepare, release, run, CASES};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("input") {
        let case = args.nth(1).unwrap_or_default();
        let text = input_text(&case, "");
        // Byte inputs (the WARC, SHA-256) come out as raw bytes: `native input warc-20MB > x.warc.gz`.
        let bytes = if text.is_empty() { input_bytes(&case) } else { text.into_bytes() };
        let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), &bytes);
        return;
    }
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let chosen: Vec<String> = args.collect();
    let cases: Vec<&str> =
        if chosen.is_empty() { CASES.to_vec() } else { CASES.iter().copied().filter(|c| chosen.iter().any(|x| x == c)).collect() };
    for case in cases {
        prepare(case);
        let result = run(case); // warm-up
        let mut times = Vec::with_capacity(runs);
        let budget = Instant::now();
        for _ in 0..runs {
            let started = Instant::now();
            std::hint::black_box(run(std::hint::black_box(case)));
            times.push(started.elapsed().as_secs_f64() * 1e3);
            if budget.elapsed().as_secs() > 20 && times.len() >= 5 {
                break;
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!("{{\"case\":\"{case}\",\"median_ms\":{median:.3},\"runs\":{},\"result\":{result}}}", times.len());
        release(case);
    }
}
