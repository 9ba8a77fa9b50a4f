//! The team-sized scenario (`benches/team/scenario.rs`, issue 18) in headless Chromium: the same
//! inputs and operations as the native `cargo bench --bench team`, compiled to wasm and timed with
//! `performance.now()`. It runs in a dedicated worker (the same engine and wasm code as the page's
//! main thread, where the app runs them), because the test runner polls the page and a main thread
//! busy for a minute makes it give up. A benchmark, ignored by
//! the test command; `make bench` (stage `team`) runs it with `wasm-pack test --release
//! --include-ignored` and BENCHMARKS.md records its lines beside the native ones.
#![cfg(target_arch = "wasm32")]

extern crate exhibit_web as exhibit;

use wasm_bindgen_test::*;

#[path = "../../../benches/team/scenario.rs"]
mod scenario;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

fn now_ms() -> f64 {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|performance| performance.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |performance| performance.now())
}

#[wasm_bindgen_test]
#[ignore]
fn team_sized_cases_in_the_browser() {
    // A wasm build carries no policy tables unless it installs them (the app fetches its own).
    exhibit_web::domain::tables::install_embedded();
    let harness = scenario::Harness { now_ms, runs: 5, print: |line| console_log!("{line}") };
    scenario::run(&harness, scenario::ALLEGATIONS);
}
