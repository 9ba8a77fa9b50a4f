//! The demo's prebuilt case (`static/demo/built.bin`, `engine::demo`): a first visit opens the
//! demo's queue from it before the parsing worker has built the case. It must be exactly what the
//! worker builds from the demo's files today, or a first visit would show another case than the
//! one the reviewer then works on. `EXHIBIT_BLESS=1 cargo test --test demo_built` (or
//! `make demo-built`) writes it anew after a change to the parsers or the demo.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use exhibit::engine::{demo, read_built, Engine, Request};

fn demo_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("static/demo")
}

fn read(path: &str) -> Arc<[u8]> {
    let full = demo_folder().join(path);
    Arc::from(std::fs::read(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display())))
}

/// The demo built as the app's worker builds it: the same files, paths and order `load_demo` fetches.
fn built_from_files() -> exhibit::domain::session::Case {
    let plan = demo::plan(&read("case.json")).expect("the demo's case.json reads");
    // The allegation files' bytes first, then each capture folder's manifest and the files it names.
    let mut buffers: Vec<Arc<[u8]>> = plan.allegations.iter().map(|path| read(path)).collect();
    let mut capture_paths = Vec::new();
    for folder in &plan.capture_folders {
        let manifest_path = format!("{folder}/manifest.json");
        let manifest = read(&manifest_path);
        let files = demo::manifest_files(folder, &manifest);
        capture_paths.push(manifest_path);
        buffers.push(manifest);
        for file in files {
            buffers.push(read(&file));
            capture_paths.push(file);
        }
    }
    let request =
        Request::BuildCase { name: plan.name.clone(), allegation_paths: plan.allegations.clone(), capture_paths };
    let answer = Engine::new().handle(request, buffers, &mut |_, _| {}).expect("the demo builds");
    read_built(answer.buffers).expect("the answer reads")
}

#[test]
fn the_prebuilt_demo_is_what_the_worker_builds_from_its_files() {
    let full = built_from_files();
    let expected = demo::prebuilt(&full);
    let path = demo_folder().join(demo::PREBUILT_FILE);
    if std::env::var_os("EXHIBIT_BLESS").is_some() {
        std::fs::write(&path, &expected).expect("built.bin written");
    }
    let kept = std::fs::read(&path).unwrap_or_default();
    assert!(
        kept == expected,
        "static/demo/built.bin is not what the demo's files build today ({} bytes kept, {} built): run `make demo-built`",
        kept.len(),
        expected.len()
    );
    // What the queue shows comes whole from it; the captures' texts and bytes come with the build.
    let prebuilt = demo::read_prebuilt(&kept).expect("the prebuilt case reads");
    assert!(full.allegations.len() >= 10 && full.captures.len() >= 10, "the demo is a real case");
    assert_eq!(prebuilt.allegations, full.allegations);
    assert_eq!(prebuilt.matches, full.matches);
    assert!(demo::completes(&prebuilt, &full));
    assert!(prebuilt.captures.iter().all(|capture| capture.text.canonical.is_empty()
        && capture.artifacts.iter().all(|artifact| artifact.content.is_none())));
    assert!(full.captures.iter().any(|capture| !capture.text.canonical.is_empty()));
}

#[test]
fn another_case_does_not_complete_the_prebuilt_one() {
    let full = built_from_files();
    let prebuilt = demo::read_prebuilt(&demo::prebuilt(&full)).expect("reads");
    let mut fewer = full.clone();
    fewer.captures.pop();
    assert!(!demo::completes(&prebuilt, &fewer));
    let mut moved = full.clone();
    moved.allegations.swap(0, 1);
    assert!(!demo::completes(&prebuilt, &moved));
    let mut redated = full;
    redated.captures[0].captured_at = Some("2001-01-01T00:00:00Z".to_string());
    assert!(!demo::completes(&prebuilt, &redated));
    assert!(demo::read_prebuilt(b"{\"case\": 3}").is_err());
    // Cut short anywhere, it is refused (never a panic, never a case missing its tail).
    let bytes = demo::prebuilt(&built_from_files());
    for end in (0..bytes.len()).step_by(97) {
        assert!(demo::read_prebuilt(&bytes[..end]).is_err(), "{end} of {} bytes", bytes.len());
    }
}
