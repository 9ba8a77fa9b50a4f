//! SHA-256 in the browser: WebCrypto (`crypto.subtle.digest`, native code) for large buffers, the
//! core's Rust code for small ones and whenever WebCrypto is missing (`crypto.subtle` exists only
//! in secure contexts: https or localhost) or fails. Both give the same lowercase hex; the worker
//! hashes the files of a new case this way before the core reads them (`Engine::handle_with_sha256`).

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Buffers this large or larger go to WebCrypto; below, a promise round trip costs more than
/// hashing here.
pub const WEBCRYPTO_FROM_BYTES: u32 = 256 * 1024;

/// Which code computed a digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    WebCrypto,
    Rust,
}

/// The global scope's SubtleCrypto (window or worker), when this context has one.
fn subtle() -> Option<web_sys::SubtleCrypto> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    if crypto.is_undefined() || crypto.is_null() {
        return None;
    }
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    if subtle.is_undefined() || subtle.is_null() {
        return None;
    }
    subtle.dyn_into().ok()
}

/// WebCrypto's SHA-256 of an ArrayBuffer or a typed array, or `None` when this context has no
/// WebCrypto or it refused.
pub async fn webcrypto_sha256(bytes: &Object) -> Option<String> {
    let promise = subtle()?.digest_with_str_and_buffer_source("SHA-256", bytes).ok()?;
    let digest = JsFuture::from(promise).await.ok()?;
    let digest = Uint8Array::new(&digest);
    (digest.length() == 32).then(|| crate::domain::hash::hex(&digest.to_vec()))
}

/// `byteLength` of an ArrayBuffer or a typed array; 0 for anything else.
pub fn byte_length(bytes: &JsValue) -> u32 {
    Reflect::get(bytes, &"byteLength".into()).ok().and_then(|length| length.as_f64()).unwrap_or(0.0) as u32
}

/// The SHA-256 of an ArrayBuffer or a typed array, and which code computed it: WebCrypto from
/// `WEBCRYPTO_FROM_BYTES` up when it answers, the Rust code otherwise.
pub async fn sha256_hex(bytes: &JsValue) -> (String, Method) {
    if byte_length(bytes) >= WEBCRYPTO_FROM_BYTES {
        if let Some(object) = bytes.dyn_ref::<Object>() {
            if let Some(digest) = webcrypto_sha256(object).await {
                return (digest, Method::WebCrypto);
            }
        }
    }
    (crate::domain::hash::sha256_hex(&copy_out(bytes)), Method::Rust)
}

/// The bytes of an ArrayBuffer or a typed array, copied into wasm memory.
pub fn copy_out(bytes: &JsValue) -> Vec<u8> {
    if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
        Uint8Array::new(bytes).to_vec()
    } else if let Some(array) = bytes.dyn_ref::<Uint8Array>() {
        array.to_vec()
    } else {
        Vec::new()
    }
}
