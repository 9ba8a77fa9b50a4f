//! The pure core: parsing allegation lists and captures, matching them, citations, the verdict
//! policy, the review log, diffs and exports.
//!
//! Nothing under `domain/` imports yew, web-sys, gloo, js-sys or wasm-bindgen, reads a clock or
//! touches the file system: inputs come in as bytes and strings, time comes in as an argument. That
//! is what lets `cargo test` run all of it natively and the `exhibit` CLI reuse it.

pub mod agreement;
pub mod allegations;
pub mod capture;
pub mod citation;
pub mod codebook;
pub mod crawl;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod hash;
pub mod ids;
pub mod language;
pub mod matching;
pub mod order;
pub mod policy;
pub mod review_log;
pub mod sanitize;
pub mod session;
pub mod sync;
pub mod tables;
pub mod team;
pub mod text_window;
pub mod time;
