//! Two things about the data the policy reads text with (`domain::tables`):
//!
//! - Compacts the policy's word table (`traits.tsv`) before it is compiled in (the engine worker,
//!   the CLI): comments and blank lines are dropped (a fifth of the table), and each run of
//!   `kind<TAB>term` lines of one kind becomes an `@kind` line followed by its terms, in the
//!   table's order (the loader in `policy/traits.rs` reads both forms). The table in the source
//!   tree stays the documented one.
//! - Takes the SHA-256 of the two files as the app fetches them (`traits.tsv` as in the source
//!   tree, `trigrams.txt`): the app installs only those bytes (`EXHIBIT_TRAITS_SHA256`,
//!   `EXHIBIT_TRIGRAMS_SHA256`).

use std::{env, fs, path::Path};

fn main() {
    let source = "src/domain/policy/traits.tsv";
    println!("cargo:rerun-if-changed={source}");
    let table = fs::read_to_string(source).unwrap_or_else(|error| panic!("reading {source}: {error}"));
    println!("cargo:rustc-env=EXHIBIT_TRAITS_SHA256={}", sha256_hex(table.as_bytes()));
    let profiles = "src/domain/language/trigrams.txt";
    println!("cargo:rerun-if-changed={profiles}");
    let trigrams = fs::read(profiles).unwrap_or_else(|error| panic!("reading {profiles}: {error}"));
    println!("cargo:rustc-env=EXHIBIT_TRIGRAMS_SHA256={}", sha256_hex(&trigrams));
    let mut compact = String::with_capacity(table.len());
    let mut current_kind = None;
    for line in table.lines() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let Some((kind, term)) = line.split_once('\t') else {
            panic!("{source}: a line without a tab between its kind and its term: {line:?}")
        };
        let kind = kind.trim();
        if current_kind != Some(kind) {
            compact.push('@');
            compact.push_str(kind);
            compact.push('\n');
            current_kind = Some(kind);
        }
        compact.push_str(term.trim());
        compact.push('\n');
    }
    let out = env::var("OUT_DIR").unwrap_or_else(|error| panic!("OUT_DIR: {error}"));
    let target = Path::new(&out).join("traits.tsv");
    fs::write(&target, compact).unwrap_or_else(|error| panic!("writing {}: {error}", target.display()));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}
