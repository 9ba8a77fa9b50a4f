//! The browser benchmark's kernels, timed natively on the same inputs: one JSON line per case,
//! `{"case":…,"median_ms":…,"runs":…,"result":…}`. Usage: `native [RUNS] [CASE…]` (default: 20 runs
//! after one warm-up run, every case). `native input CASE` prints the case's text input instead
//! (scripts/bench.sh imports `allegations-100k` into the app).

use std::time::Instant;

use exhibit_bench_wasm::{input_text, prepare, release, run, CASES};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("input") {
        let case = args.nth(1).unwrap_or_default();
        print!("{}", input_text(&case, ""));
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
