//! Exhibit's browser app: check allegation lists against captures of the sites, and record verdicts
//! only on cited evidence.
//!
//! Read in this order: `domain` and `engine` (the pure core, the `exhibit-core` crate, shared with
//! the CLI), then, on wasm32 only, `app` (the one reducer and its context, its effects, and `app::io`:
//! every browser API, private to `app`) and `components` (render, dispatch and call `app::effects`).
//! Nothing outside `app::io` touches storage, files or the network.

/// The pure core, from the `exhibit-core` crate (no browser crate can reach it).
pub use exhibit_core::{domain, engine};

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(target_arch = "wasm32")]
pub mod components;
