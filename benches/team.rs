//! Team-sized benchmarks, native (BENCHMARKS.md, "Team-sized cases"): the scenario of
//! `team/scenario.rs` timed with `Instant`. `cargo bench --bench team` (scripts/bench.sh stage
//! `team`); `TEAM_RUNS` (default 10) caps the timed runs of an operation, `TEAM_CAPTURES` (default
//! 10,000: one capture per allegation) sets how many captures the 10k allegations are spread over.
//! The same scenario in headless Chromium: `crates/web/tests/team_browser.rs` (stage `team`).

use std::sync::OnceLock;
use std::time::Instant;

#[path = "team/scenario.rs"]
mod scenario;

fn now_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
}

fn main() {
    // `cargo bench` passes --bench; nothing else is read from the command line.
    let captures: usize =
        std::env::var("TEAM_CAPTURES").ok().and_then(|n| n.parse().ok()).unwrap_or(scenario::ALLEGATIONS);
    let runs: usize = std::env::var("TEAM_RUNS").ok().and_then(|runs| runs.parse().ok()).unwrap_or(10);
    scenario::run(&scenario::Harness { now_ms, runs, print: |line| println!("{line}") }, captures);
}
