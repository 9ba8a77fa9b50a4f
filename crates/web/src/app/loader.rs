//! The app's effects: loading the demo case or the last open case, importing files, persisting
//! events and telling other tabs. Every browser call goes through `io`; every decision through
//! `domain`.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use yew::Callback;

use super::state::{AppAction, ReviewerProfile, SaveStatus, UNNAMED_REVIEWER};
use crate::app::io::storage::{self, BuiltCache, CaseSource, Database, StoredCase};
use crate::app::io::tabs::TabChannel;
use crate::app::io::{clock, fetch};
use crate::domain::capture::InputFile;
use crate::domain::order;
use crate::domain::review_log::Event;
use crate::domain::session::{Case, Stamp};
use crate::engine::demo;

pub const DEMO_KEY: &str = "demo";
const DEMO_ROOT: &str = "demo/";

thread_local! {
    static DATABASE: RefCell<Option<Database>> = const { RefCell::new(None) };
    /// The demo's prebuilt case is open and its captures are being read (`load_demo`): an import
    /// waits for that, so that two builds never race for the worker.
    static COMPLETING: Cell<bool> = const { Cell::new(false) };
    static CHANNEL: RefCell<Option<TabChannel>> = const { RefCell::new(None) };
    /// The open case as stored, to store it again if the database is lost under the app.
    static OPEN_CASE: RefCell<Option<StoredCase>> = const { RefCell::new(None) };
}

/// Stores the open case so a reload reopens it, and remembers it in case the database is lost.
/// When it cannot be stored with its built case (quota: that doubles its size), it is stored
/// without: the files are what must last.
async fn store_case(mut stored: StoredCase) -> Result<(), String> {
    OPEN_CASE.with(|slot| *slot.borrow_mut() = Some(stored.clone()));
    let Some(database) = database() else { return Ok(()) };
    match database.put_case(&stored).await {
        Err(_) if stored.built.is_some() => {
            stored.built = None;
            OPEN_CASE.with(|slot| *slot.borrow_mut() = Some(stored.clone()));
            database.put_case(&stored).await
        }
        result => result,
    }
}

/// Uses this database from now on, and reconnects when it is taken away (see `Database::on_lost`).
fn use_database(database: Database, dispatch: Callback<AppAction>) {
    let watcher = dispatch.clone();
    database.on_lost(move |why| {
        DATABASE.with(|slot| *slot.borrow_mut() = None);
        watcher.emit(AppAction::Banner(Some(format!(
            "Storage was interrupted: {why}. Your review stays open in this tab (new changes are journaled in \
             localStorage); reconnecting…"
        ))));
        wasm_bindgen_futures::spawn_local(reconnect(watcher.clone(), why));
    });
    DATABASE.with(|slot| *slot.borrow_mut() = Some(database));
}

/// Opens the database again (after the deletion or upgrade that took it away has gone through),
/// stores the open case again and saves every event of the review anew.
async fn reconnect(dispatch: Callback<AppAction>, why: String) {
    let mut last_error = String::new();
    for attempt in 0..20u32 {
        gloo::timers::future::TimeoutFuture::new(100 + 150 * attempt).await;
        match storage::open().await {
            Ok(database) => {
                use_database(database, dispatch.clone());
                let stored = OPEN_CASE.with(|slot| slot.borrow().clone());
                let restored = match stored {
                    Some(stored) => store_case(stored).await,
                    None => Ok(()),
                };
                dispatch.emit(AppAction::ResaveAll);
                dispatch.emit(AppAction::Banner(Some(match restored {
                    Ok(()) => format!(
                        "Storage was interrupted ({why}) and is back: the case was stored again, and every event of this \
                         review is being saved again (the save indicator says when)."
                    ),
                    Err(error) => format!(
                        "Storage was interrupted ({why}) and is back, but the case could not be stored again ({error}): \
                         your events are being saved again; export the review to be safe."
                    ),
                })));
                return;
            }
            Err(error) => last_error = error,
        }
    }
    dispatch.emit(AppAction::Banner(Some(format!(
        "Storage was interrupted ({why}) and could not be opened again ({last_error}): your review is journaled in \
         localStorage and kept in this tab. Export it now."
    ))));
}

pub fn set_channel(channel: Option<TabChannel>) {
    CHANNEL.with(|slot| *slot.borrow_mut() = channel);
}

fn database() -> Option<Database> {
    DATABASE.with(|slot| slot.borrow().clone())
}

/// The reviewer profile saved in this browser, if any.
pub fn saved_profile() -> Option<ReviewerProfile> {
    storage::profile_local().and_then(|json| ReviewerProfile::from_json(&json))
}

/// The name a first profile dialog starts with: what an earlier version remembered, if anything.
pub fn remembered_name() -> String {
    saved_profile().map(|profile| profile.name).or_else(storage::legacy_reviewer_name).unwrap_or_default()
}

/// The reviewer's name as remembered in this browser (events made before any profile is set,
/// such as the first `CaseLoaded`, carry a placeholder).
pub fn reviewer_name() -> String {
    saved_profile().map_or_else(|| UNNAMED_REVIEWER.to_string(), |profile| profile.name)
}

/// Saves the profile in this browser, then makes it the app's. When storage refuses, the profile
/// is still used in this tab and a banner says it will be asked again after a reload.
pub fn save_profile(profile: ReviewerProfile, dispatch: &Callback<AppAction>) {
    let stored = serde_json::to_string(&profile)
        .map_err(|error| error.to_string())
        .and_then(|json| storage::put_profile_local(&json));
    if let Err(error) = stored {
        dispatch.emit(AppAction::Banner(Some(format!(
            "Your reviewer profile could not be saved in this browser ({error}); it is used in this tab only."
        ))));
    }
    dispatch.emit(AppAction::SetProfile(profile));
}

/// Saves the shortcut settings in this browser, then makes them the app's (used in this tab
/// even when storage refuses).
pub fn save_shortcuts(shortcuts: crate::app::Shortcuts, dispatch: &Callback<AppAction>) {
    if let Ok(json) = serde_json::to_string(&shortcuts) {
        if let Err(error) = storage::put_shortcuts_local(&json) {
            dispatch.emit(AppAction::Banner(Some(format!(
                "Your shortcut settings could not be saved in this browser ({error}); they apply in this tab only."
            ))));
        }
    }
    dispatch.emit(AppAction::SetShortcuts(shortcuts));
}

pub fn stamp(reviewer: &str) -> Stamp {
    Stamp { event_id: clock::new_id("e").into(), time: clock::now_rfc3339(), reviewer: reviewer.to_string() }
}

/// First thing the app does: open storage, restore the last case, or load the demo.
pub async fn start(dispatch: Callback<AppAction>) {
    // The policy's tables come once the first case's queue is shown (`open_case_completing`), so
    // they do not compete with it; at the latest this long after start (no case, a long build).
    {
        let dispatch = dispatch.clone();
        wasm_bindgen_futures::spawn_local(async move {
            gloo::timers::future::TimeoutFuture::new(POLICY_AT_THE_LATEST_MS).await;
            load_policy_once(dispatch);
        });
    }
    dispatch.emit(AppAction::ProfileLoaded(saved_profile()));
    if let Some(shortcuts) = storage::shortcuts_local().and_then(|json| crate::app::Shortcuts::from_json(&json)) {
        dispatch.emit(AppAction::SetShortcuts(shortcuts));
    }
    dispatch.emit(AppAction::Loading("Opening storage…".to_string()));
    match storage::open().await {
        Ok(database) => use_database(database, dispatch.clone()),
        Err(error) => dispatch.emit(AppAction::Banner(Some(format!(
            "IndexedDB is unavailable ({error}); your review is kept in localStorage. Export it regularly."
        )))),
    }
    let _ = storage::request_persistence().await;
    let stored = match database() {
        Some(database) => database.current_case().await.unwrap_or(None),
        None => None,
    };
    let Some(stored) = stored else { return load_demo(dispatch).await };
    // The case as this build made it last time, when kept: opened without the parsing worker.
    // The demo's is kept with the files it was built from (its record holds none).
    let demo_files = stored.built.as_ref().and_then(|built| built.files.clone());
    let kept = stored
        .built
        .clone()
        .filter(|built| built.build == BUILD_ID)
        .filter(|built| matches!(stored.source, CaseSource::Imported { .. }) || built.files.is_some())
        .and_then(|built| crate::app::io::worker::open_built(built.buffers).ok());
    match stored.source.clone() {
        CaseSource::Imported { allegation_files, capture_files } => {
            let StoredCase { key, name, .. } = stored.clone();
            OPEN_CASE.with(|slot| *slot.borrow_mut() = Some(stored));
            let case = match kept {
                Some(case) => case,
                None => {
                    dispatch.emit(AppAction::Loading(format!("Reopening {name}…")));
                    let case = build(&name, &allegation_files, &capture_files, &dispatch).await;
                    // Keep what was built for the next reload (the files are unchanged).
                    if let Some(built) = built_to_keep() {
                        let source = CaseSource::Imported {
                            allegation_files: allegation_files.clone(),
                            capture_files: capture_files.clone(),
                        };
                        let _ = store_case(StoredCase { key: key.clone(), name, source, built: Some(built) }).await;
                    }
                    case
                }
            };
            open_case(key, case, Some((allegation_files, capture_files)), &dispatch).await;
        }
        CaseSource::Demo => match kept {
            Some(case) => {
                OPEN_CASE.with(|slot| *slot.borrow_mut() = Some(stored));
                open_case(DEMO_KEY.to_string(), case, demo_files, &dispatch).await;
            }
            None => return load_demo(dispatch).await,
        },
    }
    prewarm_worker().await;
}

/// How long after start the policy's tables are fetched when no case has been shown by then.
const POLICY_AT_THE_LATEST_MS: u32 = 1_500;

thread_local! {
    static POLICY_REQUESTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts `load_policy` unless it has been started already.
fn load_policy_once(dispatch: Callback<AppAction>) {
    if !POLICY_REQUESTED.with(|requested| requested.replace(true)) {
        wasm_bindgen_futures::spawn_local(load_policy(dispatch));
    }
}

/// Fetches the policy's tables (served beside the app, not compiled into it: `domain::tables`),
/// and installs them when they are the files this build was made with. Until then the gate judges
/// nothing; if they cannot be had, a banner says so and it stays that way.
async fn load_policy(dispatch: Callback<AppAction>) {
    use crate::domain::tables;
    let result = async {
        let traits = crate::app::io::fetch::fetch_bytes(tables::TRAITS_PATH).await?;
        let trigrams = crate::app::io::fetch::fetch_bytes(tables::TRIGRAMS_PATH).await?;
        tables::install_served(&traits, &trigrams)
    }
    .await;
    dispatch.emit(AppAction::PolicyLoaded(result.map_err(|error| {
        format!("The evidence policy could not be loaded ({error}). No verdict can be recorded or judged until it is: reload the page.")
    })));
}

/// The User Timing mark made when an opened case's queue has rendered (tests and `make bench`
/// time the first useful screen by it).
const CASE_SHOWN_MARK: &str = "exhibit-case-shown";

/// This build's id (build.rs: a fingerprint of the parsers, their dependencies and the demo): a
/// kept built case is used only by the build that made it.
const BUILD_ID: &str = env!("EXHIBIT_BUILD_ID");
/// The most bytes (the case on the wire and its artifacts) a built case may have to be kept beside its files;
/// a larger case is built again on each reload rather than stored twice.
const MAX_KEPT_BYTES: usize = 64 * 1024 * 1024;

/// The case the worker just built, to keep with the stored case (`StoredCase::built`).
fn built_to_keep() -> Option<BuiltCache> {
    let answered = crate::app::io::worker::held_case()?;
    (answered.bytes <= MAX_KEPT_BYTES).then(|| BuiltCache {
        build: BUILD_ID.to_string(),
        buffers: answered.buffers,
        files: None,
    })
}

/// Starts the parsing worker once the queue has had time to show (it adopts the open case).
async fn prewarm_worker() {
    gloo::timers::future::TimeoutFuture::new(300).await;
    crate::app::io::worker::prewarm();
}

/// Builds the case in the worker (captures parsed with progress, lists imported, matched).
async fn build(
    name: &str,
    allegation_files: &[InputFile],
    capture_files: &[InputFile],
    dispatch: &Callback<AppAction>,
) -> Case {
    // Not cancellable, so always a case.
    build_or_cancel(name, allegation_files, capture_files, false, dispatch).await.unwrap_or_default()
}

/// `build`, which the reviewer may cancel when `cancellable` (then `None`).
async fn build_or_cancel(
    name: &str,
    allegation_files: &[InputFile],
    capture_files: &[InputFile],
    cancellable: bool,
    dispatch: &Callback<AppAction>,
) -> Option<Case> {
    let progress = dispatch.clone();
    crate::app::io::worker::build_case(name, allegation_files, capture_files, cancellable, move |done, total| {
        progress.emit(AppAction::Progress(done, total))
    })
    .await
}

/// Cancels the import being built (its worker is stopped); false when none is running.
pub fn cancel_import() -> bool {
    crate::app::io::worker::cancel_build()
}

/// Reads the saved events of a case and opens it; a case with no events gets `CaseLoaded`.
async fn open_case(
    key: String,
    case: Case,
    files: Option<(Vec<InputFile>, Vec<InputFile>)>,
    dispatch: &Callback<AppAction>,
) {
    open_case_completing(key, case, files, false, dispatch).await
}

/// `open_case`; `completing` when `case` is prebuilt and its captures are still being read.
async fn open_case_completing(
    key: String,
    case: Case,
    files: Option<(Vec<InputFile>, Vec<InputFile>)>,
    completing: bool,
    dispatch: &Callback<AppAction>,
) {
    let stored = match database() {
        Some(database) => database.events(&key).await.unwrap_or_default(),
        None => Default::default(),
    };
    let journal = crate::app::io::worker::read_events(storage::events_local(&key)).await;
    let unreadable = stored.unreadable + journal.unreadable;
    let mut events: Vec<Event> = stored.events;
    // Events journaled in localStorage but not (yet) in IndexedDB: a reload cut their save short.
    let mut unsaved = Vec::new();
    for local in journal.events {
        if !events.iter().any(|event| event.id == local.id) {
            unsaved.push(local.clone());
            events.push(local);
        }
    }
    order::sort_by_cached_key(
        &mut events,
        |event| event.time.instant_key(),
        |a, b| a.time.cmp(&b.time).then_with(|| a.id.cmp(&b.id)),
    );
    dispatch.emit(AppAction::CaseReady {
        case: Arc::new(case),
        key,
        events,
        files,
        stamp: Some(stamp(&reviewer_name())),
    });
    if completing {
        dispatch.emit(AppAction::CaseCompleting);
    }
    // Once the queue has rendered (renders run before the next task): `exhibit-case-shown`.
    gloo::timers::future::TimeoutFuture::new(0).await;
    clock::mark(CASE_SHOWN_MARK);
    load_policy_once(dispatch.clone());
    if unreadable > 0 {
        dispatch.emit(AppAction::Banner(Some(format!(
            "{unreadable} stored event{} of this case could not be read (damaged browser storage) and {} left out; \
             everything else is open. They stay stored as they are; a review file exported elsewhere may hold them.",
            if unreadable == 1 { "" } else { "s" },
            if unreadable == 1 { "is" } else { "are" },
        ))));
    }
    if !unsaved.is_empty() {
        dispatch.emit(AppAction::Resave(unsaved));
    }
}

/// Opens the demo case shipped under `demo/`: its queue at once from its prebuilt case
/// (`engine::demo`, a few KB: no parsing worker, no capture fetched), then its captures fetched
/// and built behind it, completing the open case in place and kept for the next reload. Without a
/// readable prebuilt case, the demo is built first and then opened.
pub async fn load_demo(dispatch: Callback<AppAction>) {
    settle_completion().await;
    dispatch.emit(AppAction::Loading("Loading the demo case…".to_string()));
    let prebuilt = match fetch::fetch_bytes(&format!("{DEMO_ROOT}{}", demo::PREBUILT_FILE)).await {
        Ok(bytes) => demo::read_prebuilt(&bytes).ok(),
        Err(_) => None,
    };
    let Some(prebuilt) = prebuilt else { return build_demo(dispatch).await };
    COMPLETING.set(true);
    open_case_completing(DEMO_KEY.to_string(), prebuilt.clone(), None, true, &dispatch).await;
    complete_demo(&prebuilt, &dispatch).await;
    COMPLETING.set(false);
}

/// Waits while the demo's prebuilt case is being completed: until then the worker holds no case
/// (its files are still being fetched, then built), so what asks about the open case waits.
pub(crate) async fn settle_completion() {
    while COMPLETING.get() {
        gloo::timers::future::TimeoutFuture::new(50).await;
    }
}

/// The User Timing mark made when the demo's prebuilt case has been completed.
const CASE_COMPLETE_MARK: &str = "exhibit-case-complete";

/// Reads the demo's captures behind its open prebuilt case (no progress shown over the queue),
/// keeps the built case for the next reload and completes the open one with it.
async fn complete_demo(prebuilt: &Case, dispatch: &Callback<AppAction>) {
    let behind = {
        let dispatch = dispatch.clone();
        Callback::from(move |action: AppAction| {
            if !matches!(action, AppAction::Progress(..)) {
                dispatch.emit(action)
            }
        })
    };
    let not_completed = |error: String| {
        dispatch.emit(AppAction::Banner(Some(format!(
            "The demo's captures could not be read ({error}): its list is open, its pages are not. Reload to try again."
        ))));
        dispatch.emit(AppAction::CaseCompleted { key: DEMO_KEY.to_string(), case: None, files: None });
    };
    let (name, allegation_files, capture_files) = match fetch_demo(&behind).await {
        Ok(files) => files,
        Err(error) => return not_completed(error),
    };
    let case = build(&name, &allegation_files, &capture_files, &behind).await;
    if crate::app::io::worker::held_case().is_none() {
        // The build failed (its case is only the diagnostic): the prebuilt queue stays open.
        let reason = case.diagnostics.first().map(|diagnostic| diagnostic.message.clone()).unwrap_or_default();
        return not_completed(reason);
    }
    keep_demo(&name, &allegation_files, &capture_files, dispatch).await;
    let files = Some((allegation_files, capture_files));
    if demo::completes(prebuilt, &case) {
        dispatch.emit(AppAction::CaseCompleted { key: DEMO_KEY.to_string(), case: Some(Arc::new(case)), files });
    } else {
        // Not the case it was prebuilt from (an older build.json): opened anew.
        open_case(DEMO_KEY.to_string(), case, files, dispatch).await;
    }
    gloo::timers::future::TimeoutFuture::new(0).await;
    clock::mark(CASE_COMPLETE_MARK);
}

/// Stores the demo as the open case, with the case just built from its files.
async fn keep_demo(
    name: &str,
    allegation_files: &[InputFile],
    capture_files: &[InputFile],
    dispatch: &Callback<AppAction>,
) {
    let stored = StoredCase {
        key: DEMO_KEY.to_string(),
        name: name.to_string(),
        source: CaseSource::Demo,
        built: built_to_keep()
            .map(|built| BuiltCache { files: Some((allegation_files.to_vec(), capture_files.to_vec())), ..built }),
    };
    if let Err(error) = store_case(stored).await {
        dispatch.emit(AppAction::Banner(Some(format!("Could not remember the open case: {error}"))));
    }
}

/// Fetches the demo's files, builds the case and opens it.
async fn build_demo(dispatch: Callback<AppAction>) {
    match fetch_demo(&dispatch).await {
        Ok((name, allegation_files, capture_files)) => {
            dispatch.emit(AppAction::Loading("Reading the demo captures…".to_string()));
            let case = build(&name, &allegation_files, &capture_files, &dispatch).await;
            keep_demo(&name, &allegation_files, &capture_files, &dispatch).await;
            open_case(DEMO_KEY.to_string(), case, Some((allegation_files, capture_files)), &dispatch).await;
        }
        Err(error) => {
            dispatch.emit(AppAction::Banner(Some(format!("Could not load the demo case: {error}"))));
            dispatch.emit(AppAction::CaseReady {
                case: Arc::new(Case::default()),
                key: DEMO_KEY.to_string(),
                events: Vec::new(),
                files: None,
                stamp: None,
            });
        }
    }
}

async fn fetch_demo(dispatch: &Callback<AppAction>) -> Result<(String, Vec<InputFile>, Vec<InputFile>), String> {
    let plan = demo::plan(&fetch::fetch_bytes(&format!("{DEMO_ROOT}case.json")).await?)?;
    let mut allegation_files = Vec::new();
    for path in plan.allegations {
        let bytes = fetch::fetch_bytes(&format!("{DEMO_ROOT}{path}")).await?;
        allegation_files.push(InputFile::new(path, Arc::<[u8]>::from(bytes)));
    }
    let mut capture_files = Vec::new();
    let total = plan.capture_folders.len();
    for (done, folder) in plan.capture_folders.iter().enumerate() {
        dispatch.emit(AppAction::Progress(done, total));
        let manifest_path = format!("{folder}/manifest.json");
        let manifest_bytes = fetch::fetch_bytes(&format!("{DEMO_ROOT}{manifest_path}")).await?;
        let files = demo::manifest_files(folder, &manifest_bytes);
        capture_files.push(InputFile::new(manifest_path, Arc::<[u8]>::from(manifest_bytes)));
        for path in files {
            match fetch::fetch_bytes(&format!("{DEMO_ROOT}{path}")).await {
                Ok(bytes) => capture_files.push(InputFile::new(path, Arc::<[u8]>::from(bytes))),
                Err(error) => dispatch.emit(AppAction::Banner(Some(error))),
            }
        }
    }
    Ok((plan.name, allegation_files, capture_files))
}

/// Builds and opens a case from imported files; it is stored so a reload reopens it.
pub async fn import_case(
    name: String,
    key: String,
    allegation_files: Vec<InputFile>,
    capture_files: Vec<InputFile>,
    dispatch: Callback<AppAction>,
) {
    dispatch.emit(AppAction::Importing(format!("Reading {} files…", allegation_files.len() + capture_files.len())));
    // The demo's captures, when still being read behind its queue, are read first.
    settle_completion().await;
    // Let the loading message paint before the parse.
    gloo::timers::future::TimeoutFuture::new(16).await;
    let Some(case) = build_or_cancel(&name, &allegation_files, &capture_files, true, &dispatch).await else {
        // Nothing was stored: the case open before stays open, and a reload reopens it.
        dispatch.emit(AppAction::ImportCancelled);
        return;
    };
    let stored = StoredCase {
        key: key.clone(),
        name: name.clone(),
        source: CaseSource::Imported {
            allegation_files: allegation_files.clone(),
            capture_files: capture_files.clone(),
        },
        built: built_to_keep(),
    };
    if let Err(error) = store_case(stored).await {
        dispatch.emit(AppAction::Banner(Some(format!(
            "The case could not be stored ({error}); it stays open in this tab, but a reload will not reopen it."
        ))));
    }
    open_case(key, case, Some((allegation_files, capture_files)), &dispatch).await;
}

/// Saves events one by one; each counts as saved only once it read back. Each event is first
/// journaled synchronously in localStorage, so a reload in the same instant cannot lose it; the
/// journal entry is dropped once IndexedDB has it.
pub async fn persist(case_key: String, events: Vec<Event>, dispatch: Callback<AppAction>) {
    let mut saved = Vec::new();
    let mut status = SaveStatus::Saved;
    for event in &events {
        let journaled = storage::put_event_local(&case_key, event).is_ok();
        let result = match database() {
            Some(database) => database.put_event(&case_key, event).await,
            None => Err("IndexedDB unavailable".to_string()),
        };
        match result {
            Ok(()) => {
                if journaled {
                    storage::remove_event_local(&case_key, event);
                }
                saved.push(event.id.clone());
            }
            Err(error) => match storage::put_event_local(&case_key, event) {
                Ok(()) => {
                    saved.push(event.id.clone());
                    status = SaveStatus::LocalOnly(error);
                }
                Err(local_error) => {
                    status = SaveStatus::Failed(format!("{error}; {local_error}"));
                    break;
                }
            },
        }
        if let Ok(json) = serde_json::to_string(event) {
            CHANNEL.with(|slot| {
                if let Some(channel) = slot.borrow().as_ref() {
                    channel.announce(&json);
                }
            });
        }
    }
    dispatch.emit(AppAction::Saved(saved, status));
}
