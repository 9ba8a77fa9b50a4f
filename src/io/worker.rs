//! Capture parsing off the main thread. The app posts the files to a dedicated worker (the
//! `exhibit-worker` binary, loaded from `exhibit-worker_loader.js`); the worker groups them by
//! folder, runs `domain::capture::load` group by group, posts progress after each, and finally the
//! captures as JSON with their artifact bytes as transferred buffers.
//!
//! If a worker cannot be started, the failure is shown as a diagnostic and the files stay stored.
//! The sanitized page view is also built here, so ammonia and the decoders stay out of the app.

use std::collections::BTreeMap;
use std::sync::Arc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::capture::{self, Capture, ExtractedText, InputFile, Limits};
use crate::domain::diagnostic::Diagnostic;
use crate::domain::diff::{diff_texts, TextDiff};

const WORKER_URL: &str = "./exhibit-worker_loader.js";

#[derive(Serialize, Deserialize)]
struct Parsed {
    captures: Vec<Capture>,
    diagnostics: Vec<Diagnostic>,
    /// `(capture index, artifact index)` of each transferred buffer, in order.
    contents: Vec<(usize, usize)>,
}

/// Files grouped by their folder: each folder is one bundle capture, or loose files beside each
/// other; a group is parsed as a unit so manifests and screenshots still pair.
fn groups(files: Vec<InputFile>) -> Vec<Vec<InputFile>> {
    let mut by_folder: BTreeMap<String, Vec<InputFile>> = BTreeMap::new();
    let mut roots = Vec::new();
    for file in files {
        match file.path.rsplit_once('/') {
            Some((folder, _)) => by_folder.entry(folder.to_string()).or_default().push(file),
            None => roots.push(file),
        }
    }
    let mut out: Vec<Vec<InputFile>> = by_folder.into_values().collect();
    if !roots.is_empty() {
        out.push(roots);
    }
    out
}

/// Loads groups one by one, reporting progress; capture ids stay unique across groups.
pub fn load_in_groups(
    files: Vec<InputFile>,
    mut progress: impl FnMut(usize, usize),
) -> (Vec<Capture>, Vec<Diagnostic>) {
    let groups = groups(files);
    let total = groups.len();
    let mut captures: Vec<Capture> = Vec::new();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut diagnostics = Vec::new();
    let limits = Limits::default();
    for (done, group) in groups.into_iter().enumerate() {
        let (mut loaded, found) = capture::load(&group, &limits);
        for capture in loaded.iter_mut() {
            let base = capture.id.clone();
            let mut suffix = 2;
            while taken.contains(&capture.id) {
                capture.id = format!("{base}-{suffix}");
                suffix += 1;
            }
            taken.insert(capture.id.clone());
        }
        captures.extend(loaded);
        diagnostics.extend(found);
        progress(done + 1, total);
    }
    (captures, diagnostics)
}

/// The worker side: answers each message `{files: [{path, bytes}]}`.
pub fn run_worker() {
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
    let responder = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
        let data = message.data();
        if Reflect::get(&data, &"type".into()).ok().and_then(|kind| kind.as_string()).as_deref() == Some("page-view") {
            let capture: Option<Capture> = Reflect::get(&data, &"capture".into())
                .ok()
                .and_then(|json| json.as_string())
                .and_then(|json| serde_json::from_str(&json).ok());
            let html = Reflect::get(&data, &"html".into()).ok().and_then(|bytes| bytes.dyn_into::<Uint8Array>().ok());
            let document = match (capture, html) {
                (Some(mut capture), Some(html)) => {
                    if let Some(artifact) =
                        capture.artifacts.iter_mut().find(|artifact| artifact.kind == capture::ArtifactKind::Html)
                    {
                        artifact.content = Some(Arc::<[u8]>::from(html.to_vec()));
                    }
                    crate::domain::sanitize::page_view_document(&capture)
                }
                (Some(capture), None) => crate::domain::sanitize::page_view_document(&capture),
                _ => String::new(),
            };
            let reply = Object::new();
            let _ = Reflect::set(&reply, &"type".into(), &"done".into());
            let _ = Reflect::set(&reply, &"json".into(), &document.into());
            let _ = responder.post_message(&reply);
            return;
        }
        if Reflect::get(&data, &"type".into()).ok().and_then(|kind| kind.as_string()).as_deref() == Some("diff") {
            let text = |key: &str| -> ExtractedText {
                Reflect::get(&data, &key.into())
                    .ok()
                    .and_then(|json| json.as_string())
                    .and_then(|json| serde_json::from_str(&json).ok())
                    .unwrap_or_default()
            };
            let result = diff_texts(&text("before"), &text("after"));
            let reply = Object::new();
            let _ = Reflect::set(&reply, &"type".into(), &"done".into());
            let _ = Reflect::set(&reply, &"json".into(), &serde_json::to_string(&result).unwrap_or_default().into());
            let _ = responder.post_message(&reply);
            return;
        }
        let files = Reflect::get(&data, &"files".into()).ok().map(|files| files_from_js(&files)).unwrap_or_default();
        let progress_scope = responder.clone();
        let (captures, diagnostics) = load_in_groups(files, |done, total| {
            let update = Object::new();
            let _ = Reflect::set(&update, &"type".into(), &"progress".into());
            let _ = Reflect::set(&update, &"done".into(), &(done as u32).into());
            let _ = Reflect::set(&update, &"total".into(), &(total as u32).into());
            let _ = progress_scope.post_message(&update);
        });
        let buffers = Array::new();
        let mut contents = Vec::new();
        for (capture_index, capture) in captures.iter().enumerate() {
            for (artifact_index, artifact) in capture.artifacts.iter().enumerate() {
                if let Some(bytes) = &artifact.content {
                    buffers.push(&Uint8Array::from(&bytes[..]).buffer());
                    contents.push((capture_index, artifact_index));
                }
            }
        }
        let parsed = Parsed { captures, diagnostics, contents };
        let reply = Object::new();
        let _ = Reflect::set(&reply, &"type".into(), &"done".into());
        let _ = Reflect::set(&reply, &"json".into(), &serde_json::to_string(&parsed).unwrap_or_default().into());
        let _ = Reflect::set(&reply, &"buffers".into(), &buffers);
        let _ = responder.post_message_with_transfer(&reply, &buffers);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted before the wasm finished loading would be lost: say when we listen.
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"type".into(), &"ready".into());
    let _ = scope.post_message(&ready);
}

fn files_from_js(value: &JsValue) -> Vec<InputFile> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    Array::from(value)
        .iter()
        .filter_map(|entry| {
            let path = Reflect::get(&entry, &"path".into()).ok()?.as_string()?;
            let bytes = Reflect::get(&entry, &"bytes".into()).ok()?.dyn_into::<Uint8Array>().ok()?;
            Some(InputFile::new(path, Arc::<[u8]>::from(bytes.to_vec())))
        })
        .collect()
}

/// The app side: parses captures in a worker, calling `progress(done, total)` as groups finish.
/// When no worker can be started the captures are not read here (that would put every parser
/// in the app's own bundle): the failure is a diagnostic, and the stored files are read on reload.
pub async fn parse_captures(
    files: Vec<InputFile>,
    progress: impl Fn(usize, usize) + 'static,
) -> (Vec<Capture>, Vec<Diagnostic>) {
    match parse_in_worker(&files, progress).await {
        Ok(result) => result,
        Err(error) => (
            Vec::new(),
            vec![Diagnostic::error(format!(
                "the captures could not be read ({error}); the files are kept, reload the page to try again"
            ))],
        ),
    }
}

async fn parse_in_worker(
    files: &[InputFile],
    progress: impl Fn(usize, usize) + 'static,
) -> Result<(Vec<Capture>, Vec<Diagnostic>), String> {
    let message = Object::new();
    let list = Array::new();
    let transfer = Array::new();
    for file in files {
        let entry = Object::new();
        let bytes = Uint8Array::from(&file.bytes[..]);
        transfer.push(&bytes.buffer());
        let _ = Reflect::set(&entry, &"path".into(), &file.path.as_str().into());
        let _ = Reflect::set(&entry, &"bytes".into(), &bytes);
        list.push(&entry);
    }
    let _ = Reflect::set(&message, &"type".into(), &"parse".into());
    let _ = Reflect::set(&message, &"files".into(), &list);
    let reply = exchange(&message, &transfer, progress).await?;
    let json = Reflect::get(&reply, &"json".into())
        .ok()
        .and_then(|json| json.as_string())
        .ok_or("the worker sent no result")?;
    let mut parsed: Parsed =
        serde_json::from_str(&json).map_err(|error| format!("the worker's result was unreadable: {error}"))?;
    let buffers = Reflect::get(&reply, &"buffers".into()).map(|buffers| Array::from(&buffers)).unwrap_or_default();
    for ((capture_index, artifact_index), buffer) in parsed.contents.iter().zip(buffers.iter()) {
        let bytes = Uint8Array::new(&buffer).to_vec();
        if let Some(artifact) =
            parsed.captures.get_mut(*capture_index).and_then(|capture| capture.artifacts.get_mut(*artifact_index))
        {
            artifact.content = Some(Arc::<[u8]>::from(bytes));
        }
    }
    Ok((parsed.captures, parsed.diagnostics))
}

/// Starts a worker, waits until it listens, sends one message (transferring `transfer`), relays
/// progress, and returns its final reply. The worker is terminated afterwards.
async fn exchange(
    message: &Object,
    transfer: &Array,
    progress: impl Fn(usize, usize) + 'static,
) -> Result<JsValue, String> {
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|_| "the parsing worker could not start".to_string())?;
    let progress = std::rc::Rc::new(progress);
    let sent = std::rc::Rc::new(std::cell::Cell::new(false));
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        // A worker that never says it is ready (blocked script, failed wasm) must not hang the load.
        let waited = sent.clone();
        let give_up = reject.clone();
        let timeout = Closure::once_into_js(move || {
            if !waited.get() {
                let _ =
                    give_up.call1(&JsValue::NULL, &JsValue::from_str("the parsing worker did not start within 20 s"));
            }
        });
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), 20_000);
        }
        let progress = progress.clone();
        let target = worker.clone();
        let message = message.clone();
        let transfer = transfer.clone();
        let sent = sent.clone();
        let failed = reject.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            match Reflect::get(&data, &"type".into()).ok().and_then(|kind| kind.as_string()).as_deref() {
                Some("ready") => {
                    if !sent.replace(true) && target.post_message_with_transfer(&message, &transfer).is_err() {
                        let _ =
                            failed.call1(&JsValue::NULL, &JsValue::from_str("could not send the files to the worker"));
                    }
                }
                Some("progress") => {
                    let number = |key: &str| {
                        Reflect::get(&data, &key.into()).ok().and_then(|value| value.as_f64()).unwrap_or(0.0) as usize
                    };
                    progress(number("done"), number("total"));
                }
                _ => {
                    let _ = resolve.call1(&JsValue::NULL, &data);
                }
            }
        });
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&event.message()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_message.forget();
        on_error.forget();
    });
    let reply = wasm_bindgen_futures::JsFuture::from(promise).await;
    worker.terminate();
    reply.map_err(|error| format!("the parsing worker failed: {}", error.as_string().unwrap_or_default()))
}

/// Above this many characters (both texts together) a diff runs in the worker.
pub const WORKER_DIFF_CHARS: usize = 200_000;

/// Diffs two captures' texts: small ones here, large ones in the worker (never blocking the page);
/// if the worker fails, here after all.
pub async fn diff_off_main_thread(before: &ExtractedText, after: &ExtractedText) -> TextDiff {
    if before.canonical.len() + after.canonical.len() < WORKER_DIFF_CHARS {
        return diff_texts(before, after);
    }
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"diff".into());
    let _ = Reflect::set(&message, &"before".into(), &serde_json::to_string(before).unwrap_or_default().into());
    let _ = Reflect::set(&message, &"after".into(), &serde_json::to_string(after).unwrap_or_default().into());
    let reply = exchange(&message, &Array::new(), |_, _| {}).await;
    reply
        .ok()
        .and_then(|reply| Reflect::get(&reply, &"json".into()).ok())
        .and_then(|json| json.as_string())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| diff_texts(before, after))
}

/// The sanitized page-view document of a capture, built in the worker (empty if it cannot be).
pub async fn page_view_document(capture: &Capture) -> String {
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"page-view".into());
    let _ = Reflect::set(&message, &"capture".into(), &serde_json::to_string(capture).unwrap_or_default().into());
    if let Some(bytes) = capture.artifact(capture::ArtifactKind::Html).and_then(|artifact| artifact.content.as_ref()) {
        let _ = Reflect::set(&message, &"html".into(), &Uint8Array::from(&bytes[..]));
    }
    exchange(&message, &Array::new(), |_, _| {})
        .await
        .ok()
        .and_then(|reply| Reflect::get(&reply, &"json".into()).ok())
        .and_then(|document| document.as_string())
        .unwrap_or_default()
}
