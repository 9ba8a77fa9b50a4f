#![cfg(not(target_arch = "wasm32"))]
//! The layering, checked where the compiler does not check it (issue 14):
//! - the core crate (`exhibit-core`) depends on no browser crate: none on the host, none directly
//!   on wasm32 (there, only `zip`'s `getrandom` reaches `js-sys`/`wasm-bindgen`, for random bytes);
//! - components never name browser I/O or the loader: they render, dispatch `AppAction`s and call
//!   `app::effects`. `app::io` is private to `app`, so naming it from a component does not compile;
//!   this test also catches `app::testing` (the wasm tests' way in) and `app::loader`. The rest of issue 14 moves these calls
//!   into typed commands handled by the app's effects, and the allowance goes to zero.

use std::path::{Path, PathBuf};
use std::process::Command;

const BROWSER_CRATES: [&str; 5] = ["yew", "web-sys", "gloo", "js-sys", "wasm-bindgen"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `cargo tree` lines as "name vX.Y.Z", or the test fails with cargo's message.
fn cargo_tree(arguments: &[&str]) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .current_dir(root())
        .args(["tree", "--offline", "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .args(arguments)
        .output()
        .expect("run cargo tree");
    assert!(output.status.success(), "cargo tree {arguments:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(|line| line.trim().to_string()).collect()
}

fn crate_name(line: &str) -> &str {
    line.split_whitespace().next().unwrap_or("")
}

fn is_browser_crate(name: &str) -> bool {
    BROWSER_CRATES.iter().any(|browser| name == *browser || name.starts_with(&format!("{browser}-")))
}

#[test]
fn the_core_crate_depends_on_no_browser_crate() {
    let host = cargo_tree(&["-p", "exhibit-core"]);
    assert!(host.iter().any(|line| crate_name(line) == "serde"), "cargo tree listed nothing useful: {host:?}");
    let browser: Vec<&String> = host.iter().filter(|line| is_browser_crate(crate_name(line))).collect();
    assert!(browser.is_empty(), "exhibit-core depends on browser crates: {browser:?}");

    let direct = cargo_tree(&["-p", "exhibit-core", "--target", "wasm32-unknown-unknown", "--depth", "1"]);
    let browser: Vec<&String> = direct.iter().filter(|line| is_browser_crate(crate_name(line))).collect();
    assert!(browser.is_empty(), "exhibit-core depends directly on browser crates on wasm32: {browser:?}");
    // On wasm32 the only way in is getrandom (zip's), never yew, web-sys or gloo.
    let wasm = cargo_tree(&["-p", "exhibit-core", "--target", "wasm32-unknown-unknown"]);
    for forbidden in ["yew", "web-sys", "gloo"] {
        assert!(!wasm.iter().any(|line| crate_name(line) == forbidden), "exhibit-core reaches {forbidden} on wasm32");
    }
    let through =
        cargo_tree(&["-p", "exhibit-core", "--target", "wasm32-unknown-unknown", "-i", "wasm-bindgen", "--depth", "1"]);
    let dependents: Vec<&str> =
        through.iter().map(|line| crate_name(line)).filter(|name| *name != "wasm-bindgen").collect();
    for dependent in &dependents {
        assert!(
            ["js-sys", "getrandom"].contains(dependent),
            "wasm-bindgen reaches exhibit-core through {dependent}: {through:?}"
        );
    }
}

#[test]
fn the_web_crate_and_the_cli_are_apart() {
    let cli = cargo_tree(&["-p", "exhibit"]);
    let browser: Vec<&String> = cli.iter().filter(|line| is_browser_crate(crate_name(line))).collect();
    assert!(browser.is_empty(), "the CLI package depends on browser crates: {browser:?}");
    let web = cargo_tree(&["-p", "exhibit-web", "--target", "wasm32-unknown-unknown", "--depth", "1"]);
    assert!(web.iter().any(|line| crate_name(line) == "exhibit-core"), "{web:?}");
    assert!(!web.iter().any(|line| crate_name(line) == "clap"), "the web app depends on the CLI's clap");
}

/// Lines of a component that reach browser I/O or the app's effects.
fn io_calls(source: &str) -> usize {
    source
        .lines()
        .map(str::trim_start)
        .filter(|line| !line.starts_with("//"))
        .filter(|line| line.contains("io::") || line.contains("loader") || line.contains("testing::"))
        .count()
}

fn rust_files(folder: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn components_never_name_io_or_the_loader() {
    let folder = root().join("crates/web/src/components");
    let mut files = Vec::new();
    rust_files(&folder, &mut files);
    assert!(files.len() > 5, "no components found under {}", folder.display());
    let mut found = Vec::new();
    for path in files {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or("").to_string();
        let calls = io_calls(&std::fs::read_to_string(&path).unwrap_or_default());
        if calls > 0 {
            found.push(format!("{name}: {calls} lines name io, app::testing or app::loader"));
        }
    }
    assert!(
        found.is_empty(),
        "components only render, dispatch and call app::effects (app::io is private to app):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_io_rule_finds_what_it_names() {
    assert_eq!(io_calls("use crate::io::clock;\nlet x = 1;"), 1);
    assert_eq!(io_calls("use crate::app::testing::storage;"), 1);
    assert_eq!(io_calls("effects::diff_html(a, b).await"), 0);
    assert_eq!(io_calls("spawn_local(crate::app::loader::load_demo(d));"), 1);
    assert_eq!(io_calls("let w = worker::diff(); // io:: in a comment\n// crate::io in a comment line"), 1);
    assert_eq!(io_calls("html! { <p>{\"ratio\"}</p> }"), 0);
}
