//! The data the evidence policy reads text with: the policy's word table (`policy/traits.tsv`)
//! and the language model's trigram profiles (`language/trigrams.txt`). Together they are about
//! 55 KB of gzip, which the browser app does not carry in its wasm: it fetches the two files
//! (served beside it, byte for byte the ones in the source tree) once its first case's queue is
//! shown, and installs them here after checking their SHA-256 against the digests build.rs took of
//! the same files.
//! The engine worker installs the copies compiled into it (`install_embedded`); natively (the
//! CLI, the tests) they are always there.
//!
//! Until they are installed nothing can be judged: `policy::evaluate` then refuses every draft
//! under `Rule::PolicyLoaded`, and a deferring session leaves verdicts pending instead of judging
//! them. The readers here never build their indexes from missing tables (they would be empty for
//! good), so nothing is cached before the tables arrive.

use std::sync::OnceLock;

use crate::domain::hash::sha256_hex;

/// The two files as compiled in (`traits.tsv` compacted by build.rs: no comments, `@kind` runs).
/// A constant is linked only into a program that reads it: the app never does.
pub mod embedded {
    pub const TRAITS: &str = include_str!(concat!(env!("OUT_DIR"), "/traits.tsv"));
    pub const TRIGRAMS: &str = include_str!("language/trigrams.txt");
}

/// The SHA-256 (hex) of the word table as served (the source file, comments and all).
pub const TRAITS_SHA256: &str = env!("EXHIBIT_TRAITS_SHA256");
/// The SHA-256 (hex) of the trigram profiles as served.
pub const TRIGRAMS_SHA256: &str = env!("EXHIBIT_TRIGRAMS_SHA256");

/// Where the app finds the two files, relative to its page (index.html copies them there).
pub const TRAITS_PATH: &str = "traits.tsv";
pub const TRIGRAMS_PATH: &str = "trigrams.txt";

struct Tables {
    traits: Box<str>,
    trigrams: Box<str>,
}

static INSTALLED: OnceLock<Tables> = OnceLock::new();

fn embedded_tables() -> Tables {
    Tables { traits: embedded::TRAITS.into(), trigrams: embedded::TRIGRAMS.into() }
}

fn installed() -> Option<&'static Tables> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        Some(INSTALLED.get_or_init(embedded_tables))
    }
    #[cfg(target_arch = "wasm32")]
    {
        INSTALLED.get()
    }
}

/// Installs the copies compiled in (the engine worker, wasm tests and benchmarks). Does nothing
/// when tables are already installed.
pub fn install_embedded() {
    let _ = INSTALLED.set(embedded_tables());
}

/// Installs the two files as the app fetched them, when each is the file this build was made with
/// (its SHA-256 is the one build.rs took). Installing again after a success does nothing.
pub fn install_served(traits: &[u8], trigrams: &[u8]) -> Result<(), String> {
    for (name, bytes, expected) in [(TRAITS_PATH, traits, TRAITS_SHA256), (TRIGRAMS_PATH, trigrams, TRIGRAMS_SHA256)] {
        let actual = sha256_hex(bytes);
        if actual != expected {
            return Err(format!(
                "{name} is not the file this version of Exhibit was built with (SHA-256 {actual}, expected {expected}): reload the page"
            ));
        }
    }
    let text = |name: &str, bytes: &[u8]| {
        std::str::from_utf8(bytes).map(Box::<str>::from).map_err(|error| format!("{name} is not UTF-8: {error}"))
    };
    let tables = Tables { traits: text(TRAITS_PATH, traits)?, trigrams: text(TRIGRAMS_PATH, trigrams)? };
    let _ = INSTALLED.set(tables);
    Ok(())
}

/// Whether the tables are installed, so that the policy can judge.
pub fn ready() -> bool {
    installed().is_some()
}

/// The word table, in either form (`@kind` runs, or `kind<TAB>term` lines with `#` comments).
pub(crate) fn traits() -> Option<&'static str> {
    installed().map(|tables| &*tables.traits)
}

/// The trigram profiles: script, ISO 639-3 code and 300 trigrams a line, tab-separated.
pub(crate) fn trigrams() -> Option<&'static str> {
    installed().map(|tables| &*tables.trigrams)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVED_TRAITS: &str = include_str!("policy/traits.tsv");

    #[test]
    fn the_served_files_are_the_ones_digested() {
        assert!(install_served(SERVED_TRAITS.as_bytes(), embedded::TRIGRAMS.as_bytes()).is_ok());
        assert!(ready());
    }

    #[test]
    fn a_file_that_differs_by_a_byte_is_refused() {
        let mut traits = SERVED_TRAITS.as_bytes().to_vec();
        traits.push(b'\n');
        let error = install_served(&traits, embedded::TRIGRAMS.as_bytes()).unwrap_err();
        assert!(error.contains("traits.tsv is not the file"), "{error}");
        let mut trigrams = embedded::TRIGRAMS.as_bytes().to_vec();
        trigrams[0] ^= 1;
        let error = install_served(SERVED_TRAITS.as_bytes(), &trigrams).unwrap_err();
        assert!(error.contains("trigrams.txt is not the file"), "{error}");
    }
}
