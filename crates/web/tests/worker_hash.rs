//! SHA-256 in a dedicated worker, where the app hashes a new case's files (wasm-pack test, headless
//! Chromium): WebCrypto and the core's Rust code give the same digest at every size around the
//! block and threshold edges, and large buffers really take the WebCrypto path.
//!
//! `sha256_throughput_32mb` is a benchmark, ignored by the test command; `make bench` (stage
//! "hash") runs it with `--include-ignored` and BENCHMARKS.md records its ratios.
#![cfg(target_arch = "wasm32")]

use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use exhibit_web::app::testing::hash::{sha256_hex, webcrypto_sha256, Method, WEBCRYPTO_FROM_BYTES};
use exhibit_web::domain::hash;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Deterministic, incompressible bytes (xorshift).
fn bytes(length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[wasm_bindgen_test]
async fn webcrypto_and_rust_give_the_same_digest_at_every_edge() {
    let threshold = WEBCRYPTO_FROM_BYTES as usize;
    let sizes = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, threshold - 1, threshold, threshold + 1, 3_000_001];
    for (seed, size) in sizes.into_iter().enumerate() {
        let data = bytes(size, seed as u64 + 11);
        let expected = hash::sha256_hex(&data);
        let array = Uint8Array::from(&data[..]);
        // As a typed array and as the ArrayBuffer the worker receives.
        for value in [JsValue::from(array.clone()), array.buffer().into()] {
            let (digest, method) = sha256_hex(&value).await;
            assert_eq!(digest, expected, "{size} bytes by {method:?}");
            let want = if size >= threshold { Method::WebCrypto } else { Method::Rust };
            assert_eq!(method, want, "{size} bytes took the wrong path");
        }
        // WebCrypto itself, at every size.
        let direct = webcrypto_sha256(&array).await;
        assert_eq!(direct.as_deref(), Some(expected.as_str()), "WebCrypto on {size} bytes");
    }
}

#[wasm_bindgen_test]
async fn known_vectors_through_the_worker_path() {
    let abc = Uint8Array::from(&b"abc"[..]);
    assert_eq!(
        webcrypto_sha256(&abc).await.as_deref(),
        Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    );
    let million_a = vec![b'a'; 1_000_000];
    let (digest, method) = sha256_hex(&Uint8Array::from(&million_a[..]).into()).await;
    assert_eq!(method, Method::WebCrypto);
    assert_eq!(digest, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

#[wasm_bindgen_test]
async fn anything_but_bytes_hashes_as_empty_and_never_panics() {
    for value in [JsValue::UNDEFINED, JsValue::NULL, JsValue::from("text"), JsValue::from(3.5)] {
        let (digest, method) = sha256_hex(&value).await;
        assert_eq!(method, Method::Rust);
        assert_eq!(digest, hash::sha256_hex(b""));
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Throughput on 32 MiB in this worker: the app's path (`io::hash::sha256_hex` on the transferred
/// ArrayBuffer, as the worker calls it), WebCrypto called directly (the peer), and the core's Rust
/// code compiled to wasm (the fallback). Interleaved runs, medians; prints MB/s and ratios.
#[wasm_bindgen_test]
#[ignore]
async fn sha256_throughput_32mb() {
    const SIZE: usize = 32 * 1024 * 1024;
    const RUNS: usize = 9;
    let data = bytes(SIZE, 32);
    let array = Uint8Array::from(&data[..]);
    let buffer: JsValue = array.buffer().into();
    let expected = hash::sha256_hex(&data);
    let (mut app, mut peer, mut rust) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let start = exhibit_web::app::testing::clock::now_ms();
        let (digest, method) = sha256_hex(&buffer).await;
        app.push(exhibit_web::app::testing::clock::now_ms() - start);
        assert_eq!((digest.as_str(), method), (expected.as_str(), Method::WebCrypto));

        let start = exhibit_web::app::testing::clock::now_ms();
        let digest = webcrypto_sha256(&array).await;
        peer.push(exhibit_web::app::testing::clock::now_ms() - start);
        assert_eq!(digest.as_deref(), Some(expected.as_str()));

        let start = exhibit_web::app::testing::clock::now_ms();
        let digest = hash::sha256_hex(&data);
        rust.push(exhibit_web::app::testing::clock::now_ms() - start);
        assert_eq!(digest, expected);
    }
    let megabytes = SIZE as f64 / 1e6;
    let (app, peer, rust) = (median(app), median(peer), median(rust));
    console_log!(
        "sha256-32MiB worker: app path {app:.1} ms ({:.0} MB/s), WebCrypto {peer:.1} ms ({:.0} MB/s), Rust wasm {rust:.1} ms ({:.0} MB/s); app/WebCrypto throughput {:.2}x, Rust/WebCrypto {:.2}x (runs {RUNS})",
        megabytes / app * 1e3,
        megabytes / peer * 1e3,
        megabytes / rust * 1e3,
        peer / app,
        peer / rust,
    );
}
