//! The `exhibit` package: the command-line tool (`src/bin/exhibit`) and the integration tests
//! (`tests/`: domain, CLI, and end to end against the built app). Its library is the pure core,
//! re-exported from `exhibit-core` so the tests and benches name it `exhibit::domain`. The browser
//! app is the `exhibit-web` crate (crates/web).

pub use exhibit_core::{domain, engine};
