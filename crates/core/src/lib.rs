//! Exhibit's pure core: parsing allegation lists and captures, matching them, citations, the
//! evidence policy and its gate, the review log, diffs, exports and agreement (`domain`), and the
//! engine the app's worker runs on it (`engine`).
//!
//! This crate depends on no browser crate (yew, web-sys, gloo, js-sys, wasm-bindgen): the compiler
//! keeps it pure, `cargo test` runs it natively, the CLI and the app share it. It reads no clock and
//! no file: inputs come in as bytes and strings, time as an argument.

pub mod domain;

pub mod engine;
