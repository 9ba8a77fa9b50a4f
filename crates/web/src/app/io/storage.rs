//! Durable storage: the review log and the files of the open case, in IndexedDB, each event in
//! its own read-write transaction with strict durability and read back before it counts as saved.
//! When IndexedDB is unavailable or refuses (private mode, quota), events go to localStorage and
//! the app shows a warning; when both refuse, the data stays in memory and the app offers export.
//!
//! This module never interprets events: it stores their JSON under their ids.

use std::sync::Arc;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use crate::domain::capture::InputFile;
use crate::domain::review_log::Event;

const DATABASE: &str = "exhibit";
const VERSION: u32 = 1;
const EVENTS: &str = "events";
const CASES: &str = "cases";
const META: &str = "meta";
const LOCAL_PREFIX: &str = "exhibit.event.";

/// Where the open case's files come from, so a reload can rebuild it.
#[derive(Debug, Clone)]
pub enum CaseSource {
    /// The demo case shipped with the app: fetched again on reload.
    Demo,
    /// Files the reviewer imported: stored here.
    Imported { allegation_files: Vec<InputFile>, capture_files: Vec<InputFile> },
}

#[derive(Debug, Clone)]
pub struct StoredCase {
    pub key: String,
    pub name: String,
    pub source: CaseSource,
    /// The case as the worker built it from `source`, kept in the same record (so never out of
    /// step with it), under the build id that made it: a reload opens it without fetching or
    /// running the parsing worker. Only a cache: `source` stays the record.
    pub built: Option<BuiltCache>,
}

/// A built case: the worker's `BuildCase` answer buffers (the case on the wire, `engine::wire`,
/// then the artifacts' bytes).
#[derive(Debug, Clone)]
pub struct BuiltCache {
    /// `EXHIBIT_BUILD_ID` of the app that built it; another build's cache is not used.
    pub build: String,
    pub buffers: Vec<Arc<[u8]>>,
    /// The files it was built from, when the record does not hold them (the demo's, fetched).
    pub files: Option<(Vec<InputFile>, Vec<InputFile>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    IndexedDb,
    LocalStorage,
}

fn js_error(context: &str, error: JsValue) -> String {
    let detail = error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| {
            error.dyn_ref::<web_sys::DomException>().map(|error| format!("{}: {}", error.name(), error.message()))
        })
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string());
    format!("{context}: {detail}")
}

async fn await_request(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let success_request = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &success_request.result().unwrap_or(JsValue::UNDEFINED));
        });
        let error_request = request.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = error_request
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or_else(|| JsValue::from_str("IndexedDB request failed"));
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await
}

async fn await_transaction(transaction: &IdbTransaction) -> Result<(), JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        let on_complete = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let failing = transaction.clone();
        let reject_again = reject.clone();
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let error = failing.error().map(JsValue::from).unwrap_or_else(|| JsValue::from_str("transaction failed"));
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject_again.call1(&JsValue::NULL, &JsValue::from_str("transaction aborted"));
        });
        transaction.set_oncomplete(Some(on_complete.unchecked_ref()));
        transaction.set_onerror(Some(on_error.unchecked_ref()));
        transaction.set_onabort(Some(on_abort.unchecked_ref()));
    });
    JsFuture::from(promise).await.map(|_| ())
}

/// An open IndexedDB database.
#[derive(Clone)]
pub struct Database {
    inner: IdbDatabase,
}

impl PartialEq for Database {
    fn eq(&self, other: &Self) -> bool {
        self.inner == other.inner
    }
}

pub async fn open() -> Result<Database, String> {
    let window = web_sys::window().ok_or("no window")?;
    let factory = window
        .indexed_db()
        .map_err(|error| js_error("IndexedDB unavailable", error))?
        .ok_or("IndexedDB unavailable in this browser")?;
    match open_version(&factory, Some(VERSION)).await {
        // A newer version of the app (another tab) upgraded the database: open it as it is, if it
        // still has the stores this version uses.
        Err((error, true)) => {
            let database = open_version(&factory, None).await.map_err(|(error, _)| error)?;
            let names = database.inner.object_store_names();
            if [EVENTS, CASES, META].iter().all(|store| names.contains(store)) {
                Ok(database)
            } else {
                database.inner.close();
                Err(format!("{error}; the newer database lacks this version's stores"))
            }
        }
        result => result.map_err(|(error, _)| error),
    }
}

/// Opens the database at `version` (creating the stores), or at whatever version it has. The
/// error says whether the database is newer than asked (`VersionError`).
async fn open_version(factory: &web_sys::IdbFactory, version: Option<u32>) -> Result<Database, (String, bool)> {
    let request: IdbOpenDbRequest = match version {
        Some(version) => factory.open_with_u32(DATABASE, version),
        None => factory.open(DATABASE),
    }
    .map_err(|error| (js_error("could not open IndexedDB", error), false))?;
    let upgrading = request.clone();
    let on_upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let Ok(result) = upgrading.result() else { return };
        let Ok(database) = result.dyn_into::<IdbDatabase>() else { return };
        let names = database.object_store_names();
        for store in [EVENTS, CASES, META] {
            if !names.contains(store) {
                let _ = database.create_object_store(store);
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let result = await_request(&request).await.map_err(|error| {
        let newer = error.dyn_ref::<web_sys::DomException>().is_some_and(|error| error.name() == "VersionError");
        (js_error("could not open IndexedDB", error), newer)
    });
    request.set_onupgradeneeded(None);
    drop(on_upgrade);
    let inner: IdbDatabase = result?.dyn_into().map_err(|_| ("IndexedDB gave no database".to_string(), false))?;
    Ok(Database { inner })
}

/// A read-write transaction with `durability: "strict"` (the option is called through JS because
/// web-sys marks it unstable); browsers without the option get a default read-write transaction.
fn strict_transaction(database: &IdbDatabase, store: &str) -> Result<IdbTransaction, String> {
    let options = Object::new();
    let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
    let strict = Reflect::get(database, &"transaction".into())
        .ok()
        .and_then(|function| function.dyn_into::<js_sys::Function>().ok())
        .and_then(|function| function.call3(database, &store.into(), &"readwrite".into(), &options).ok())
        .and_then(|transaction| transaction.dyn_into::<IdbTransaction>().ok());
    match strict {
        Some(transaction) => Ok(transaction),
        None => database
            .transaction_with_str_and_mode(store, IdbTransactionMode::Readwrite)
            .map_err(|error| js_error("could not start a transaction", error)),
    }
}

fn event_record(case_key: &str, event: &Event) -> Result<JsValue, String> {
    let json = serde_json::to_string(event).map_err(|error| format!("could not encode an event: {error}"))?;
    let record = Object::new();
    let _ = Reflect::set(&record, &"case".into(), &case_key.into());
    let _ = Reflect::set(&record, &"json".into(), &json.into());
    Ok(record.into())
}

fn event_key(case_key: &str, event: &Event) -> String {
    format!("{case_key}\u{1f}{}", event.id)
}

impl Database {
    /// Calls `lost(why)` once, when this connection ends under the app: another tab (or a tool)
    /// asks to delete or upgrade the database (`versionchange`: the connection is closed at once
    /// so that it can proceed), or the browser closes it (site data cleared). The app then keeps
    /// the review in memory and the journal, opens the database again and saves everything anew.
    pub fn on_lost(&self, lost: impl Fn(String) + 'static) {
        let lost = std::rc::Rc::new(std::cell::Cell::new(Some(Box::new(lost) as Box<dyn Fn(String)>)));
        let closing = self.inner.clone();
        let once = lost.clone();
        let on_version_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            closing.close();
            if let Some(lost) = once.take() {
                lost("another tab or a tool asked to delete or upgrade this browser's Exhibit database".to_string());
            }
        });
        let on_close = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            if let Some(lost) = lost.take() {
                lost("the browser closed this browser's Exhibit database (site data cleared?)".to_string());
            }
        });
        self.inner.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        let _ = Reflect::set(&self.inner, &"onclose".into(), on_close.as_ref());
        // One pair per connection, for its lifetime.
        on_version_change.forget();
        on_close.forget();
    }

    /// Appends one event durably, then reads it back: `Ok` means it is on disk as written.
    pub async fn put_event(&self, case_key: &str, event: &Event) -> Result<(), String> {
        let transaction = strict_transaction(&self.inner, EVENTS)?;
        let store = transaction.object_store(EVENTS).map_err(|error| js_error("no events store", error))?;
        let key = event_key(case_key, event);
        let request = store
            .put_with_key(&event_record(case_key, event)?, &key.clone().into())
            .map_err(|error| js_error("could not save the event", error))?;
        await_request(&request).await.map_err(|error| js_error("could not save the event", error))?;
        await_transaction(&transaction).await.map_err(|error| js_error("could not save the event", error))?;
        // Read back.
        let reading =
            self.inner.transaction_with_str(EVENTS).map_err(|error| js_error("could not read back", error))?;
        let store = reading.object_store(EVENTS).map_err(|error| js_error("no events store", error))?;
        let request = store.get(&key.into()).map_err(|error| js_error("could not read back", error))?;
        let value = await_request(&request).await.map_err(|error| js_error("could not read back", error))?;
        let json = Reflect::get(&value, &"json".into()).ok().and_then(|json| json.as_string());
        let expected = serde_json::to_string(event).unwrap_or_default();
        if json.as_deref() == Some(expected.as_str()) {
            Ok(())
        } else {
            Err("the saved event did not read back as written".to_string())
        }
    }

    /// Every event saved for a case, in no particular order (the caller sorts and folds), and
    /// how many of its records could not be read.
    pub async fn events(&self, case_key: &str) -> Result<crate::app::io::worker::ReadEvents, String> {
        let transaction =
            self.inner.transaction_with_str(EVENTS).map_err(|error| js_error("could not read events", error))?;
        let store = transaction.object_store(EVENTS).map_err(|error| js_error("no events store", error))?;
        let request = store.get_all().map_err(|error| js_error("could not read events", error))?;
        let values = await_request(&request).await.map_err(|error| js_error("could not read events", error))?;
        let mut texts = Vec::new();
        for value in Array::from(&values).iter() {
            let case = Reflect::get(&value, &"case".into()).ok().and_then(|case| case.as_string());
            if case.as_deref() != Some(case_key) {
                continue;
            }
            let json = Reflect::get(&value, &"json".into()).ok().and_then(|json| json.as_string());
            // A record of this case without its text is damage too: an empty text is unreadable.
            texts.push(json.unwrap_or_default());
        }
        Ok(crate::app::io::worker::read_events(texts).await)
    }

    pub async fn put_case(&self, case: &StoredCase) -> Result<(), String> {
        let transaction = strict_transaction(&self.inner, CASES)?;
        let store = transaction.object_store(CASES).map_err(|error| js_error("no cases store", error))?;
        let record = Object::new();
        let _ = Reflect::set(&record, &"name".into(), &case.name.as_str().into());
        match &case.source {
            CaseSource::Demo => {
                let _ = Reflect::set(&record, &"source".into(), &"demo".into());
            }
            CaseSource::Imported { allegation_files, capture_files } => {
                let _ = Reflect::set(&record, &"source".into(), &"imported".into());
                let _ = Reflect::set(&record, &"allegations".into(), &files_to_js(allegation_files));
                let _ = Reflect::set(&record, &"captures".into(), &files_to_js(capture_files));
            }
        }
        if let Some(built) = &case.built {
            let buffers = Array::new();
            for bytes in &built.buffers {
                buffers.push(&Uint8Array::from(&bytes[..]));
            }
            let cache = Object::new();
            let _ = Reflect::set(&cache, &"build".into(), &built.build.as_str().into());
            let _ = Reflect::set(&cache, &"buffers".into(), &buffers);
            if let Some((allegation_files, capture_files)) = &built.files {
                let _ = Reflect::set(&cache, &"allegations".into(), &files_to_js(allegation_files));
                let _ = Reflect::set(&cache, &"captures".into(), &files_to_js(capture_files));
            }
            let _ = Reflect::set(&record, &"built".into(), &cache);
        }
        let request = store
            .put_with_key(&record, &case.key.as_str().into())
            .map_err(|error| js_error("could not save the case", error))?;
        await_request(&request).await.map_err(|error| js_error("could not save the case", error))?;
        await_transaction(&transaction).await.map_err(|error| js_error("could not save the case", error))?;
        self.put_meta("current", &case.key).await
    }

    async fn put_meta(&self, key: &str, value: &str) -> Result<(), String> {
        let transaction = strict_transaction(&self.inner, META)?;
        let store = transaction.object_store(META).map_err(|error| js_error("no meta store", error))?;
        let request =
            store.put_with_key(&value.into(), &key.into()).map_err(|error| js_error("could not save", error))?;
        await_request(&request).await.map_err(|error| js_error("could not save", error))?;
        await_transaction(&transaction).await.map_err(|error| js_error("could not save", error))
    }

    /// The case that was open last, if any.
    pub async fn current_case(&self) -> Result<Option<StoredCase>, String> {
        let transaction = self
            .inner
            .transaction_with_str_sequence(&Array::of2(&META.into(), &CASES.into()))
            .map_err(|error| js_error("could not read the case", error))?;
        let meta = transaction.object_store(META).map_err(|error| js_error("no meta store", error))?;
        let request = meta.get(&"current".into()).map_err(|error| js_error("could not read the case", error))?;
        let Some(key) = await_request(&request).await.ok().and_then(|value| value.as_string()) else {
            return Ok(None);
        };
        let cases = transaction.object_store(CASES).map_err(|error| js_error("no cases store", error))?;
        let request = cases.get(&key.as_str().into()).map_err(|error| js_error("could not read the case", error))?;
        let value = await_request(&request).await.map_err(|error| js_error("could not read the case", error))?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        let name = Reflect::get(&value, &"name".into()).ok().and_then(|name| name.as_string()).unwrap_or_default();
        let source = Reflect::get(&value, &"source".into()).ok().and_then(|source| source.as_string());
        let source = if source.as_deref() == Some("imported") {
            CaseSource::Imported {
                allegation_files: files_from_js(&Reflect::get(&value, &"allegations".into()).unwrap_or_default()),
                capture_files: files_from_js(&Reflect::get(&value, &"captures".into()).unwrap_or_default()),
            }
        } else {
            CaseSource::Demo
        };
        let built = Reflect::get(&value, &"built".into()).ok().and_then(|built| built_from_js(&built));
        Ok(Some(StoredCase { key, name, source, built }))
    }
}

/// A stored `BuiltCache`; `None` when absent or not of that shape (then the case is built anew).
fn built_from_js(value: &JsValue) -> Option<BuiltCache> {
    if value.is_undefined() || value.is_null() {
        return None;
    }
    let build = Reflect::get(value, &"build".into()).ok()?.as_string()?;
    let buffers = Reflect::get(value, &"buffers".into()).ok().filter(Array::is_array)?;
    let mut bytes = Vec::new();
    for buffer in Array::from(&buffers).iter() {
        bytes.push(Arc::<[u8]>::from(buffer.dyn_into::<Uint8Array>().ok()?.to_vec()));
    }
    let files = match (Reflect::get(value, &"allegations".into()), Reflect::get(value, &"captures".into())) {
        (Ok(allegations), Ok(captures)) if Array::is_array(&allegations) && Array::is_array(&captures) => {
            Some((files_from_js(&allegations), files_from_js(&captures)))
        }
        _ => None,
    };
    Some(BuiltCache { build, buffers: bytes, files })
}

fn files_to_js(files: &[InputFile]) -> JsValue {
    let array = Array::new();
    for file in files {
        let entry = Object::new();
        let _ = Reflect::set(&entry, &"path".into(), &file.path.as_str().into());
        let _ = Reflect::set(&entry, &"bytes".into(), &Uint8Array::from(&file.bytes[..]));
        array.push(&entry);
    }
    array.into()
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

/// Fallback when IndexedDB refuses: one localStorage entry per event.
pub fn put_event_local(case_key: &str, event: &Event) -> Result<(), String> {
    let storage = local_storage()?;
    let json = serde_json::to_string(event).map_err(|error| format!("could not encode an event: {error}"))?;
    let key = format!("{LOCAL_PREFIX}{}", event_key(case_key, event));
    storage.set_item(&key, &json).map_err(|error| js_error("localStorage refused the event", error))?;
    match storage.get_item(&key) {
        Ok(Some(back)) if back == json => Ok(()),
        _ => Err("localStorage did not read back the event".to_string()),
    }
}

/// Drops an event's localStorage entry once IndexedDB holds it.
pub fn remove_event_local(case_key: &str, event: &Event) {
    if let Ok(storage) = local_storage() {
        let _ = storage.remove_item(&format!("{LOCAL_PREFIX}{}", event_key(case_key, event)));
    }
}

/// The events journaled in localStorage for a case, as stored (JSON texts: read them with
/// `worker::read_events`).
pub fn events_local(case_key: &str) -> Vec<String> {
    let Ok(storage) = local_storage() else { return Vec::new() };
    let prefix = format!("{LOCAL_PREFIX}{case_key}\u{1f}");
    let length = storage.length().unwrap_or(0);
    let mut events = Vec::new();
    for index in 0..length {
        let Ok(Some(key)) = storage.key(index) else { continue };
        if !key.starts_with(&prefix) {
            continue;
        }
        if let Ok(Some(json)) = storage.get_item(&key) {
            events.push(json);
        }
    }
    events
}

/// localStorage key of the reviewer profile (its JSON, written by the app).
const PROFILE_KEY: &str = "exhibit.profile";
/// Where an earlier version kept the reviewer's name alone.
const LEGACY_REVIEWER_KEY: &str = "exhibit.reviewer";

/// The reviewer profile as stored (JSON text), if any.
pub fn profile_local() -> Option<String> {
    local_storage().ok()?.get_item(PROFILE_KEY).ok().flatten()
}

/// The reviewer name an earlier version remembered, if any.
pub fn legacy_reviewer_name() -> Option<String> {
    local_storage().ok()?.get_item(LEGACY_REVIEWER_KEY).ok().flatten().filter(|name| !name.trim().is_empty())
}

/// Saves the reviewer profile (JSON text) and reads it back.
pub fn put_profile_local(json: &str) -> Result<(), String> {
    let storage = local_storage()?;
    storage.set_item(PROFILE_KEY, json).map_err(|error| js_error("localStorage refused the profile", error))?;
    match storage.get_item(PROFILE_KEY) {
        Ok(Some(back)) if back == json => Ok(()),
        _ => Err("localStorage did not read back the profile".to_string()),
    }
}

/// localStorage key of the keyboard shortcut settings (their JSON, written by the app).
const SHORTCUTS_KEY: &str = "exhibit.shortcuts";

/// The stored shortcut settings, as stored.
pub fn shortcuts_local() -> Option<String> {
    local_storage().ok()?.get_item(SHORTCUTS_KEY).ok().flatten()
}

/// Stores the shortcut settings.
pub fn put_shortcuts_local(json: &str) -> Result<(), String> {
    local_storage()?
        .set_item(SHORTCUTS_KEY, json)
        .map_err(|error| js_error("localStorage refused the shortcuts", error))
}

/// A small JSON value this app keeps in localStorage under `exhibit.<name>` (sync settings and
/// checkpoints), if any.
pub fn setting_local(name: &str) -> Option<String> {
    local_storage().ok()?.get_item(&format!("exhibit.{name}")).ok().flatten()
}

/// Stores (or, with `None`, removes) a setting kept in localStorage.
pub fn put_setting_local(name: &str, value: Option<&str>) -> Result<(), String> {
    let storage = local_storage()?;
    let key = format!("exhibit.{name}");
    match value {
        Some(value) => storage.set_item(&key, value).map_err(|error| js_error("localStorage refused a setting", error)),
        None => storage.remove_item(&key).map_err(|error| js_error("localStorage refused a setting", error)),
    }
}

fn local_storage() -> Result<web_sys::Storage, String> {
    web_sys::window()
        .ok_or("no window")?
        .local_storage()
        .map_err(|error| js_error("localStorage unavailable", error))?
        .ok_or_else(|| "localStorage unavailable".to_string())
}

/// Asks the browser to keep this origin's storage under pressure; returns whether it agreed.
pub async fn request_persistence() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(promise) = window.navigator().storage().persist() else { return false };
    JsFuture::from(promise).await.ok().and_then(|value| value.as_bool()).unwrap_or(false)
}
