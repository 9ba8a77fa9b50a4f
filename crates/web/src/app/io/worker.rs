//! The app's worker: one long-lived dedicated worker (the `exhibit-worker` binary, loaded from
//! `exhibit-worker_loader.js`) that answers `engine::Request`s. Everything heavy runs there, so
//! the app's bundle carries none of it and its main thread never blocks on it.
//!
//! Messages: `{id, json, buffers}` to the worker; `{id, type: "progress", done, total}`,
//! `{id, type: "done", json, buffers}` or `{id, type: "error", message}` back. Byte buffers are
//! transferred, not copied into JSON.
//!
//! The worker holds the open case (`engine::Engine`). It is started on first use and kept. After
//! building a case it is retired (its memory, grown by parsing, is given back) and a fresh one is
//! started at once and handed the built case (`AdoptCase`, the same answer buffers: the case on the
//! worker's wire, `engine::wire`, then the artifacts' bytes), as is
//! any worker started later, e.g. after one failed: if a worker dies, every pending request gets
//! an error, and the next request starts a new one that holds the case again.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::allegations::Format;
use crate::domain::capture::InputFile;
use crate::domain::diagnostic::Diagnostic;
use crate::domain::ids::EventId;
use crate::domain::review_log::Event;
use crate::domain::session::Case;
use crate::engine::{self, AllegationPreview, Engine, ExportKind, Request, ReviewRead};

const WORKER_URL: &str = "./exhibit-worker_loader.js";
/// How long a new worker may take to say it listens before its requests fail.
const START_TIMEOUT_MS: i32 = 20_000;

// ---------------------------------------------------------------------------------------------
// The worker side.

fn buffers_from_js(value: &JsValue) -> Vec<Arc<[u8]>> {
    if !Array::is_array(value) {
        return Vec::new();
    }
    Array::from(value)
        .iter()
        .filter_map(|buffer| {
            let bytes = if buffer.is_instance_of::<js_sys::ArrayBuffer>() {
                Uint8Array::new(&buffer)
            } else {
                buffer.dyn_into::<Uint8Array>().ok()?
            };
            Some(Arc::<[u8]>::from(bytes.to_vec()))
        })
        .collect()
}

fn buffers_to_js(buffers: &[Arc<[u8]>]) -> Array {
    let array = Array::new();
    for bytes in buffers {
        array.push(&Uint8Array::from(&bytes[..]).buffer());
    }
    array
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

/// Runs in the worker: answers every message with the engine, one at a time and in the order
/// they came (a message waits while an earlier one's files are hashed).
pub fn run_worker() {
    // The worker carries the policy's tables compiled in (the app fetches its copies).
    crate::domain::tables::install_embedded();
    let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
    let engine = Rc::new(RefCell::new(Engine::new()));
    let queue: Rc<RefCell<std::collections::VecDeque<JsValue>>> = Rc::default();
    let busy = Rc::new(Cell::new(false));
    let responder = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |message: web_sys::MessageEvent| {
        queue.borrow_mut().push_back(message.data());
        if busy.replace(true) {
            return;
        }
        let (queue, busy, engine, responder) = (queue.clone(), busy.clone(), engine.clone(), responder.clone());
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                let next = queue.borrow_mut().pop_front();
                let Some(data) = next else { break };
                answer_message(&engine, &responder, data).await;
            }
            busy.set(false);
        });
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // Messages posted before the wasm finished loading would be lost: say when we listen.
    let ready = Object::new();
    set(&ready, "type", &"ready".into());
    let _ = scope.post_message(&ready);
}

/// The SHA-256 of each buffer that WebCrypto hashes (large ones), before they are copied in.
async fn webcrypto_digests(buffers: &JsValue) -> Vec<Option<String>> {
    let mut digests = Vec::new();
    if !Array::is_array(buffers) {
        return digests;
    }
    for buffer in Array::from(buffers).iter() {
        // The same buffers `buffers_from_js` keeps, so the digests line up with them.
        if !buffer.is_instance_of::<js_sys::ArrayBuffer>() && !buffer.is_instance_of::<Uint8Array>() {
            continue;
        }
        let large = crate::app::io::hash::byte_length(&buffer) >= crate::app::io::hash::WEBCRYPTO_FROM_BYTES;
        let digest = match buffer.dyn_ref::<Object>() {
            Some(object) if large => crate::app::io::hash::webcrypto_sha256(object).await,
            _ => None,
        };
        digests.push(digest);
    }
    digests
}

async fn answer_message(engine: &RefCell<Engine>, responder: &web_sys::DedicatedWorkerGlobalScope, data: JsValue) {
    let id = get(&data, "id");
    let reply = Object::new();
    set(&reply, "id", &id);
    let request = get(&data, "json").as_string().map(|json| serde_json::from_str::<Request>(&json));
    let request = match request {
        Some(Ok(request)) => request,
        Some(Err(error)) => {
            set(&reply, "type", &"error".into());
            set(&reply, "message", &format!("the worker could not read the request: {error}").into());
            let _ = responder.post_message(&reply);
            return;
        }
        None => {
            set(&reply, "type", &"error".into());
            set(&reply, "message", &"the worker received no request".into());
            let _ = responder.post_message(&reply);
            return;
        }
    };
    // Only a new case's files are hashed whole; other buffers carry digests already known.
    let digests = match request {
        Request::BuildCase { .. } => webcrypto_digests(&get(&data, "buffers")).await,
        _ => Vec::new(),
    };
    let progress_scope = responder.clone();
    let progress_id = id.clone();
    let mut progress = move |done: usize, total: usize| {
        let update = Object::new();
        set(&update, "id", &progress_id);
        set(&update, "type", &"progress".into());
        set(&update, "done", &(done as u32).into());
        set(&update, "total", &(total as u32).into());
        let _ = progress_scope.post_message(&update);
    };
    let answer = engine.borrow_mut().handle_with_sha256(
        request,
        buffers_from_js(&get(&data, "buffers")),
        digests,
        &mut progress,
    );
    match answer {
        Ok(answer) => {
            let buffers = buffers_to_js(&answer.buffers);
            set(&reply, "type", &"done".into());
            set(&reply, "json", &answer.json.into());
            set(&reply, "buffers", &buffers);
            let _ = responder.post_message_with_transfer(&reply, &buffers);
        }
        Err(message) => {
            set(&reply, "type", &"error".into());
            set(&reply, "message", &message.into());
            let _ = responder.post_message(&reply);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The app side.

struct Pending {
    resolve: Function,
    reject: Function,
    progress: Option<Rc<dyn Fn(usize, usize)>>,
}

struct Connection {
    worker: web_sys::Worker,
    ready: Cell<bool>,
    /// Messages waiting for the worker's "ready".
    queued: RefCell<Vec<(Object, Array)>>,
    pending: RefCell<HashMap<u32, Pending>>,
    /// Terminate once nothing is pending (set after a case was built: its memory is not reused).
    retire_when_idle: Cell<bool>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// The open case as the worker that built it answered: its buffers (the case on the wire, then
/// the artifacts' bytes), handed to every worker started afterwards.
struct HeldCase {
    buffers: Vec<Arc<[u8]>>,
}

thread_local! {
    static CONNECTION: RefCell<Option<Rc<Connection>>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    static HELD_CASE: RefCell<Option<HeldCase>> = const { RefCell::new(None) };
    /// Ids of the review events the current worker holds (`HoldEvents`): none for a new worker
    /// or a new case.
    static HELD_EVENTS: RefCell<std::collections::HashSet<EventId>> = RefCell::new(std::collections::HashSet::new());
    /// The request id of the case build the reviewer may cancel (an import), while it runs.
    static CANCELLABLE_BUILD: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Why a cancelled build's requests failed.
const CANCELLED: &str = "the import was cancelled";

/// Fails every pending request and forgets the worker (the next request starts a new one).
fn fail_all(connection: &Rc<Connection>, message: &str) {
    let pending: Vec<Pending> = connection.pending.borrow_mut().drain().map(|(_, pending)| pending).collect();
    for request in pending {
        let _ = request.reject.call1(&JsValue::NULL, &JsValue::from_str(message));
    }
    connection.queued.borrow_mut().clear();
    connection.worker.terminate();
    CONNECTION.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|current| Rc::ptr_eq(current, connection)) {
            *slot = None;
        }
    });
}

fn connect() -> Result<Rc<Connection>, String> {
    if let Some(connection) = CONNECTION.with(|slot| slot.borrow().clone()) {
        return Ok(connection);
    }
    let worker = web_sys::Worker::new(WORKER_URL).map_err(|_| "the worker could not start".to_string())?;
    let connection = Rc::new_cyclic(|weak: &std::rc::Weak<Connection>| {
        let on_message = {
            let weak = weak.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                if let Some(connection) = weak.upgrade() {
                    receive(&connection, &event.data());
                }
            })
        };
        let on_error = {
            let weak = weak.clone();
            Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                let message = event
                    .dyn_ref::<web_sys::ErrorEvent>()
                    .map(|error| error.message())
                    .filter(|message| !message.is_empty())
                    .unwrap_or_else(|| "the worker stopped".to_string());
                if let Some(connection) = weak.upgrade() {
                    fail_all(&connection, &format!("the worker failed: {message}"));
                }
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Connection {
            worker: worker.clone(),
            ready: Cell::new(false),
            queued: RefCell::new(Vec::new()),
            pending: RefCell::new(HashMap::new()),
            retire_when_idle: Cell::new(false),
            _on_message: on_message,
            _on_error: on_error,
        }
    });
    // A worker that never says it is ready (blocked script, failed wasm) must not hang the app.
    let weak = Rc::downgrade(&connection);
    let timeout = Closure::once_into_js(move || {
        if let Some(connection) = weak.upgrade() {
            if !connection.ready.get() {
                fail_all(&connection, "the worker did not start within 20 s");
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(timeout.unchecked_ref(), START_TIMEOUT_MS);
    }
    CONNECTION.with(|slot| *slot.borrow_mut() = Some(connection.clone()));
    HELD_EVENTS.with(|held| held.borrow_mut().clear());
    // A new worker holds the open case before it answers anything else.
    HELD_CASE.with(|held| {
        if let Some(held) = held.borrow().as_ref() {
            connection.queued.borrow_mut().push(adopt_message(held));
        }
    });
    Ok(connection)
}

/// The `AdoptCase` message for a held case. Its answer is not awaited: a failure shows in the
/// requests that need the case.
fn adopt_message(held: &HeldCase) -> (Object, Array) {
    let transfer = buffers_to_js(&held.buffers);
    let message = Object::new();
    set(&message, "id", &next_id().into());
    set(&message, "json", &"{\"type\":\"adopt-case\"}".into());
    set(&message, "buffers", &transfer);
    (message, transfer)
}

fn next_id() -> u32 {
    NEXT_ID.with(|next| {
        let id = next.get();
        next.set(id.wrapping_add(1));
        id
    })
}

fn receive(connection: &Rc<Connection>, data: &JsValue) {
    let kind = get(data, "type").as_string().unwrap_or_default();
    if kind == "ready" {
        connection.ready.set(true);
        let queued: Vec<(Object, Array)> = connection.queued.borrow_mut().drain(..).collect();
        for (message, transfer) in queued {
            if connection.worker.post_message_with_transfer(&message, &transfer).is_err() {
                fail_all(connection, "could not send a request to the worker");
                return;
            }
        }
        return;
    }
    let Some(id) = get(data, "id").as_f64().map(|id| id as u32) else { return };
    if kind == "progress" {
        let progress = connection.pending.borrow().get(&id).and_then(|pending| pending.progress.clone());
        if let Some(progress) = progress {
            let number = |key: &str| get(data, key).as_f64().unwrap_or(0.0) as usize;
            progress(number("done"), number("total"));
        }
        return;
    }
    let Some(pending) = connection.pending.borrow_mut().remove(&id) else { return };
    if kind == "done" {
        let _ = pending.resolve.call1(&JsValue::NULL, data);
    } else {
        let message = get(data, "message").as_string().unwrap_or_else(|| "the worker failed".to_string());
        let _ = pending.reject.call1(&JsValue::NULL, &JsValue::from_str(&message));
    }
    if connection.retire_when_idle.get() && connection.pending.borrow().is_empty() {
        replace(connection);
    }
}

/// Retires the current worker once it has nothing pending (now, or when its last answer comes);
/// a fresh one is started at once and handed the held case.
fn retire() {
    let Some(connection) = CONNECTION.with(|slot| slot.borrow().clone()) else { return };
    if connection.pending.borrow().is_empty() {
        replace(&connection);
    } else {
        connection.retire_when_idle.set(true);
    }
}

/// Terminates this worker and starts the next one (which adopts the held case).
fn replace(connection: &Rc<Connection>) {
    connection.worker.terminate();
    CONNECTION.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|current| Rc::ptr_eq(current, connection)) {
            *slot = None;
        }
    });
    let _ = connect();
}

/// Sends one request with its byte buffers (transferred) and waits for the answer: its JSON and
/// buffers. `progress(done, total)` is called as the worker reports it.
async fn call(
    request: &Request,
    buffers: &[Arc<[u8]>],
    progress: Option<Rc<dyn Fn(usize, usize)>>,
) -> Result<(String, Vec<Arc<[u8]>>), String> {
    call_with_id(request, buffers, progress, next_id()).await
}

/// `call`, under a request id chosen before (so the request can be named while it runs).
async fn call_with_id(
    request: &Request,
    buffers: &[Arc<[u8]>],
    progress: Option<Rc<dyn Fn(usize, usize)>>,
    id: u32,
) -> Result<(String, Vec<Arc<[u8]>>), String> {
    let json = serde_json::to_string(request).map_err(|error| format!("could not write the request: {error}"))?;
    let connection = connect()?;
    let transfer = buffers_to_js(buffers);
    let message = Object::new();
    set(&message, "id", &id.into());
    set(&message, "json", &json.into());
    set(&message, "buffers", &transfer);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        connection.pending.borrow_mut().insert(id, Pending { resolve, reject, progress: progress.clone() });
    });
    if connection.ready.get() {
        if connection.worker.post_message_with_transfer(&message, &transfer).is_err() {
            fail_all(&connection, "could not send a request to the worker");
        }
    } else {
        connection.queued.borrow_mut().push((message, transfer));
    }
    let reply = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|error| error.as_string().unwrap_or_else(|| "the worker failed".to_string()))?;
    let json = get(&reply, "json").as_string().ok_or("the worker sent no answer")?;
    Ok((json, buffers_from_js(&get(&reply, "buffers"))))
}

/// `call`, with the answer's JSON read as `T`.
async fn ask<T: DeserializeOwned>(request: &Request, buffers: &[Arc<[u8]>]) -> Result<T, String> {
    let (json, _) = call(request, buffers, None).await?;
    serde_json::from_str(&json).map_err(|error| format!("the worker's answer was unreadable: {error}"))
}

/// The case the last build answered, to keep as a cache (`held_case`).
pub struct Answered {
    /// The answer's buffers: the case on the wire, then the artifacts' bytes.
    pub buffers: Vec<Arc<[u8]>>,
    /// Its size: the buffers' bytes.
    pub bytes: usize,
}

/// The case the last build answered; `None` when the last build failed.
pub fn held_case() -> Option<Answered> {
    HELD_CASE.with(|held| {
        held.borrow().as_ref().map(|held| {
            let bytes = held.buffers.iter().map(|buffer| buffer.len()).sum::<usize>();
            Answered { buffers: held.buffers.clone(), bytes }
        })
    })
}

/// Opens a case built earlier (a kept `held_case`'s buffers) without building it: no worker is
/// started for it; the next one started (by `prewarm` or the first request) adopts it, as after a
/// build.
pub fn open_built(buffers: Vec<Arc<[u8]>>) -> Result<Case, String> {
    let case = engine::read_built(buffers.clone()).map_err(|error| format!("the kept case is unreadable: {error}"))?;
    HELD_CASE.with(|slot| *slot.borrow_mut() = Some(HeldCase { buffers }));
    // A worker already running (it read older events) holds no case, or another: replace it.
    if CONNECTION.with(|slot| slot.borrow().is_some()) {
        retire();
    }
    Ok(case)
}

/// Starts the worker ahead of its first request (it adopts the held case), so the parsing
/// engine is fetched and compiled while the reviewer reads the queue, not when they first cite.
pub fn prewarm() {
    let _ = connect();
}

/// Stops the running cancellable build (`build_case` with `cancellable`): its worker is
/// terminated mid-parse and the build answers `None`; the case the worker held before (the
/// one still open) goes to the next worker. False when no such build is running.
pub fn cancel_build() -> bool {
    let Some(id) = CANCELLABLE_BUILD.with(Cell::take) else { return false };
    let Some(connection) = CONNECTION.with(|slot| slot.borrow().clone()) else { return false };
    if !connection.pending.borrow().contains_key(&id) {
        return false;
    }
    fail_all(&connection, CANCELLED);
    true
}

/// Builds a case in the worker: parses the captures (calling `progress(done, total)` as groups of
/// files finish), imports the allegation lists and matches them. When no worker can be started,
/// the case is empty but for a diagnostic, and the stored files are read again on reload.
/// `None` when the reviewer cancelled it (only a `cancellable` build can be): nothing changed.
pub async fn build_case(
    name: &str,
    allegation_files: &[InputFile],
    capture_files: &[InputFile],
    cancellable: bool,
    progress: impl Fn(usize, usize) + 'static,
) -> Option<Case> {
    let request = Request::BuildCase {
        name: name.to_string(),
        allegation_paths: allegation_files.iter().map(|file| file.path.clone()).collect(),
        capture_paths: capture_files.iter().map(|file| file.path.clone()).collect(),
    };
    let buffers: Vec<Arc<[u8]>> = allegation_files.iter().chain(capture_files).map(|file| file.bytes.clone()).collect();
    // The engine drops the log it held with the case it held.
    HELD_EVENTS.with(|held| held.borrow_mut().clear());
    let id = next_id();
    if cancellable {
        CANCELLABLE_BUILD.with(|slot| slot.set(Some(id)));
    }
    let answer = call_with_id(&request, &buffers, Some(Rc::new(progress)), id).await;
    CANCELLABLE_BUILD.with(|slot| {
        if slot.get() == Some(id) {
            slot.set(None);
        }
    });
    if cancellable && answer.as_ref().err().is_some_and(|error| error == CANCELLED) {
        return None;
    }
    let answer = answer.and_then(|(_, buffers)| {
        let case = engine::read_built(buffers.clone())
            .map_err(|error| format!("the worker's answer was unreadable: {error}"))?;
        HELD_CASE.with(|slot| *slot.borrow_mut() = Some(HeldCase { buffers }));
        retire();
        Ok(case)
    });
    Some(answer.unwrap_or_else(|error| {
        // No worker may go on answering (exports, dashboard) about the case opened before.
        HELD_CASE.with(|slot| *slot.borrow_mut() = None);
        retire();
        Case {
            name: name.to_string(),
            diagnostics: vec![Diagnostic::error(format!(
                "the case could not be read ({error}); the files are kept, reload the page to try again"
            ))],
            ..Case::default()
        }
    }))
}

/// An allegation list's bytes as text, decoded in the worker (which holds the encoding tables)
/// when they are not UTF-8.
pub async fn decode_list(bytes: Arc<[u8]>) -> Result<engine::DecodedList, String> {
    if let Ok(text) = std::str::from_utf8(&bytes) {
        if !text.contains('\r') && !text.starts_with('\u{feff}') {
            return Ok(engine::DecodedList { text: text.to_string(), note: None });
        }
    }
    ask(&Request::DecodeList {}, &[bytes]).await
}

/// Reads an allegation list for the import preview.
pub async fn preview_allegations(name: &str, text: &str, format: Format) -> Result<AllegationPreview, String> {
    let request = Request::PreviewAllegations { name: name.to_string(), text: text.to_string(), format };
    let (_, buffers) = call(&request, &[], None).await?;
    engine::read_preview(&buffers).map_err(|error| format!("the worker's answer was unreadable: {error}"))
}

/// The diff of two captures of the open case, as HTML made in the worker (`diff::diff_html`,
/// every captured text escaped), never blocking the page.
pub async fn diff_html(before_id: &str, after_id: &str) -> Result<String, String> {
    ask(&Request::Diff { before_id: before_id.into(), after_id: after_id.into() }, &[]).await
}

/// The language tag of a quote (`language::quote_language`); `None` when it cannot be told or
/// the worker failed (the policy then reads the quote's script).
pub async fn quote_language(text: &str) -> Option<String> {
    ask::<Option<String>>(&Request::QuoteLanguage { text: text.to_string() }, &[]).await.ok().flatten()
}

/// Reads stored events (JSON texts, one event each). Events this version wrote are read here;
/// any others (older versions) are migrated by the worker, so the app carries no migration code.
/// Events that cannot be read at all are left out (they stay where they are stored).
pub async fn read_events(texts: Vec<String>) -> ReadEvents {
    let mut events = Vec::with_capacity(texts.len());
    let mut older = Vec::new();
    let mut unreadable = 0;
    for text in texts {
        match crate::domain::review_log::read_current_event(&text) {
            Some(event) => events.push(event),
            // Older shapes are migrated by the engine; text that is not even JSON is damage.
            None => match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(value) => older.push(value),
                Err(_) => unreadable += 1,
            },
        }
    }
    if !older.is_empty() {
        let count = older.len();
        let json = serde_json::to_string(&older).unwrap_or_else(|_| "[]".to_string());
        match ask::<Vec<Event>>(&Request::ParseLog { json }, &[]).await {
            Ok(migrated) => {
                unreadable += count.saturating_sub(migrated.len());
                events.extend(migrated);
            }
            Err(_) => unreadable += count,
        }
    }
    ReadEvents { events, unreadable }
}

/// Stored events read back, and how many stored texts could not be read as events (damaged
/// storage): those are left where they are and reported, never dropped silently.
#[derive(Debug, Default)]
pub struct ReadEvents {
    pub events: Vec<Event>,
    pub unreadable: usize,
}

/// Reads a review file to merge.
pub async fn read_review_file(text: &str) -> Result<ReviewRead, String> {
    ask::<Result<ReviewRead, String>>(&Request::ReadReviewFile { text: text.to_string() }, &[]).await?
}

/// Sends the worker the events of `events` it does not hold yet, then asks `request(order)` (the
/// log's ids in order). If the worker lacks some after all (it was replaced meanwhile), every
/// event is sent again, once.
async fn with_log<T: DeserializeOwned>(
    events: &[Event],
    request: impl Fn(Vec<EventId>) -> Request,
) -> Result<T, String> {
    let order: Vec<EventId> = events.iter().map(|event| event.id.clone()).collect();
    for attempt in 0..2 {
        let unsent: Vec<Event> = HELD_EVENTS.with(|held| {
            let held = held.borrow();
            events.iter().filter(|event| !held.contains(&event.id)).cloned().collect()
        });
        if !unsent.is_empty() {
            let ids: Vec<EventId> = unsent.iter().map(|event| event.id.clone()).collect();
            ask::<usize>(&Request::HoldEvents { events: unsent }, &[]).await?;
            HELD_EVENTS.with(|held| held.borrow_mut().extend(ids));
        }
        match ask::<T>(&request(order.clone()), &[]).await {
            Err(error) if attempt == 0 && error.starts_with(engine::MISSING_EVENTS) => {
                HELD_EVENTS.with(|held| held.borrow_mut().clear());
            }
            answer => return answer,
        }
    }
    Err(engine::MISSING_EVENTS.to_string())
}

/// One export of the open case with this log (only events the worker lacks are sent).
pub async fn export(
    kind: ExportKind,
    events: std::sync::Arc<Vec<Event>>,
    exported_at: String,
) -> Result<String, String> {
    with_log(&events, |order| Request::Export { kind, order, exported_at: exported_at.clone() }).await
}

/// The dashboard of the open case with this log, as HTML made in the worker
/// (`dashboard::dashboard_html`, every text escaped).
pub async fn dashboard_html(events: std::sync::Arc<Vec<Event>>) -> Result<String, String> {
    with_log(&events, |order| Request::Dashboard { order }).await
}

/// The sanitized page-view document of a capture of the open case, built in the worker (empty
/// if it cannot be).
pub async fn page_view_document(capture_id: &str) -> String {
    ask(&Request::PageView { capture_id: capture_id.into() }, &[]).await.unwrap_or_default()
}
