//! Exhibit's browser app: check allegation lists against captures of the sites, and record verdicts
//! only on cited evidence.
//!
//! Read in this order: `domain` and `engine` (the pure core, the `exhibit-core` crate, shared with
//! the CLI), then, on wasm32 only, `io` (every browser API), `app` (the one reducer and its context)
//! and `components` (render and dispatch). Nothing outside `io` touches storage, files or the network.

/// The pure core, from the `exhibit-core` crate (no browser crate can reach it).
pub use exhibit_core::{domain, engine};

#[cfg(target_arch = "wasm32")]
pub mod io;

#[cfg(target_arch = "wasm32")]
pub mod app;

#[cfg(target_arch = "wasm32")]
pub mod components;
