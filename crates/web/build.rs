//! Sets `EXHIBIT_BUILD_ID`: a fingerprint of everything that decides what a built case holds (the
//! core crate's sources, the locked dependency versions, the demo case's files). The app keeps a
//! built case in IndexedDB under this id (`app::io::storage`, the built-case cache) and uses it
//! only when the id is the same, so a new version of the parsers never opens a case built by an
//! older one.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

/// FNV-1a, 64 bits: stable across Rust versions (std's `DefaultHasher` is not promised to be).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("..").join("..");
    let inputs = [
        root.join("crates/core/src"),
        root.join("crates/core/Cargo.toml"),
        root.join("crates/core/build.rs"),
        root.join("Cargo.lock"),
        root.join("static/demo"),
    ];
    let mut files = Vec::new();
    for input in &inputs {
        println!("cargo:rerun-if-changed={}", input.display());
        if input.is_dir() {
            files_under(input, &mut files);
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
    for file in &files {
        let relative = file.strip_prefix(&root).unwrap_or(file);
        hasher.write(relative.to_string_lossy().as_bytes());
        hasher.write(&[0]);
        hasher.write(&std::fs::read(file).unwrap_or_default());
        hasher.write(&[0]);
    }
    println!("cargo:rustc-env=EXHIBIT_BUILD_ID={:016x}", hasher.finish());
}
