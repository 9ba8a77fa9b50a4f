//! The only module that talks to the browser: fetching the demo case, reading files the reviewer
//! picks or drops, IndexedDB (with a localStorage fallback), downloads, the clock and ids, and the
//! channel between tabs. Components never call these APIs themselves; the app's effects do.
//!
//! Nothing here decides anything about a review: it moves bytes and events in and out.

pub mod clock;
pub mod couch;
pub mod download;
pub mod fetch;
pub mod files;
pub mod hash;
pub mod storage;
pub mod tabs;
pub mod worker;
