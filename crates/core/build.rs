//! Compacts the policy's word table (`traits.tsv`) before it is compiled in: the table is read in
//! the app, whose first load counts. Comments and blank lines are dropped (a fifth of the table),
//! and each run of `kind<TAB>term` lines of one kind becomes an `@kind` line followed by its terms,
//! in the table's order (the loader in `policy/traits.rs` reads that form). Together about 8 KB
//! of gzip. The table in the source tree stays the documented one.

use std::{env, fs, path::Path};

fn main() {
    let source = "src/domain/policy/traits.tsv";
    println!("cargo:rerun-if-changed={source}");
    let table = fs::read_to_string(source).unwrap_or_else(|error| panic!("reading {source}: {error}"));
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
