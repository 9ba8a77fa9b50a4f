//! The app's effects as components ask for them: one typed function per effect (import, preview,
//! cite, diff, page view, dashboard, export and download, profile, demo), each doing its I/O
//! through `app::io`, which components cannot name (it is private to `app`: naming it from a
//! component is a compile error). Components render and call these, or dispatch `AppAction`s.
//! What asks the worker about the open case (page view, diff, dashboard, export) first waits for
//! the demo's completion (`loader::settle_completion`): before it the worker holds no case.

use yew::Callback;

use super::io::{clock, couch, download, files, storage, worker};
use super::{loader, AppAction};
use crate::domain::allegations::Format;
use crate::domain::capture::InputFile;
use crate::domain::review_log::Event;
use crate::domain::session::Stamp;
use crate::engine::{AllegationPreview, ExportKind, ReviewRead};

/// A new event stamp: a fresh id, the time now, and the reviewer.
pub fn stamp(reviewer: &str) -> Stamp {
    loader::stamp(reviewer)
}

/// A new id unique across tabs and reloads (`q-…` for a quote, `r-…` for a region, …).
pub fn new_id(prefix: &str) -> String {
    clock::new_id(prefix)
}

/// The language tag of a cited quote, computed in the worker (`None` when it cannot be told).
pub async fn quote_language(text: &str) -> Option<String> {
    worker::quote_language(text).await
}

/// A `blob:` URL of bytes (a screenshot shown without any fetch).
pub fn blob_url(bytes: &[u8], media_type: &str) -> Result<String, String> {
    download::blob_url(bytes, media_type)
}

/// The sanitized page-view document of a capture (empty when it cannot be made).
pub async fn page_view_document(capture_id: &str) -> String {
    loader::settle_completion().await;
    worker::page_view_document(capture_id).await
}

/// The diff of two captures as escaped HTML made in the worker.
pub async fn diff_html(before_id: &str, after_id: &str) -> Result<String, String> {
    loader::settle_completion().await;
    worker::diff_html(before_id, after_id).await
}

/// The dashboard of the open case with this log, as escaped HTML made in the worker.
pub async fn dashboard_html(events: std::sync::Arc<Vec<Event>>) -> Result<String, String> {
    loader::settle_completion().await;
    worker::dashboard_html(events).await
}

/// Exports the open case with this log in `kind`, stamped now, and downloads it as
/// `exhibit-<date>-<suffix>`; the answer is the file's name and its size in bytes.
pub async fn export_and_download(
    kind: ExportKind,
    events: std::sync::Arc<Vec<Event>>,
) -> Result<(String, usize), String> {
    loader::settle_completion().await;
    let now = clock::now_rfc3339();
    let name = format!("exhibit-{}-{}", now.get(..10).unwrap_or("review"), kind.file_suffix());
    let text = worker::export(kind, events, now).await?;
    download::download(&name, kind.media_type(), text.as_bytes()).map(|()| (name, text.len()))
}

/// Reads the files a reviewer picked or dropped: what could be read, and why the rest could not.
pub async fn read_files(list: web_sys::FileList) -> (Vec<InputFile>, Vec<String>) {
    files::read_file_list(list).await
}

/// An allegation list file's bytes as text (`allegations::decode_list`, in the worker when they
/// are not UTF-8), with what decoding needed saying.
pub async fn decode_list(bytes: std::sync::Arc<[u8]>) -> Result<crate::engine::DecodedList, String> {
    worker::decode_list(bytes).await
}

/// The import preview of an allegation list (read in the worker).
pub async fn preview_allegations(name: &str, text: &str, format: Format) -> Result<AllegationPreview, String> {
    worker::preview_allegations(name, text, format).await
}

/// Reads a review file to merge (in the worker).
pub async fn read_review_file(text: &str) -> Result<ReviewRead, String> {
    worker::read_review_file(text).await
}

/// Builds and opens a new case from these files under a new key; it is stored so a reload
/// reopens it.
pub async fn import_new_case(
    name: String,
    allegation_files: Vec<InputFile>,
    capture_files: Vec<InputFile>,
    dispatch: Callback<AppAction>,
) {
    loader::import_case(name, clock::new_id("case"), allegation_files, capture_files, dispatch).await
}

/// Builds the open case again with these files (under its key, or a new one when none).
pub async fn rebuild_case(
    name: String,
    key: String,
    allegation_files: Vec<InputFile>,
    capture_files: Vec<InputFile>,
    dispatch: Callback<AppAction>,
) {
    let key = if key.is_empty() { clock::new_id("case") } else { key };
    loader::import_case(name, key, allegation_files, capture_files, dispatch).await
}

/// Cancels the running import (`import_new_case`, `rebuild_case`): it ends with
/// `AppAction::ImportCancelled` and nothing of it stored. False when none is running.
pub fn cancel_import() -> bool {
    loader::cancel_import()
}

/// Loads the demo case.
pub async fn load_demo(dispatch: Callback<AppAction>) {
    loader::load_demo(dispatch).await
}

/// The name a first profile dialog starts with.
pub fn remembered_name() -> String {
    loader::remembered_name()
}

/// Saves the reviewer profile in this browser and makes it the app's.
pub fn save_profile(profile: super::state::ReviewerProfile, dispatch: &Callback<AppAction>) {
    loader::save_profile(profile, dispatch)
}

// ---------------------------------------------------------------------------------------------
// Live sync (issue 15): `domain::sync`'s replicator driven over fetch.

const SYNC_SETTINGS: &str = "sync.settings";
const SYNC_PASSWORD: &str = "sync.password";

fn sync_memory_key(case_key: &str) -> String {
    format!("sync.memory.{case_key}")
}

/// The sync settings kept in this browser, and the password when the reviewer asked to remember it.
pub fn saved_sync() -> Option<(super::SyncSettings, Option<String>)> {
    let settings: super::SyncSettings = serde_json::from_str(&storage::setting_local(SYNC_SETTINGS)?).ok()?;
    Some((settings, storage::setting_local(SYNC_PASSWORD)))
}

/// Saves (or, with `None`, forgets) the sync settings; the password only when `remember`, else
/// it lives in this tab's memory alone. Then makes them the app's.
pub fn configure_sync(
    configured: Option<(super::SyncSettings, String)>,
    remember: bool,
    dispatch: &Callback<AppAction>,
) {
    let settings_json = configured.as_ref().and_then(|(settings, _)| serde_json::to_string(settings).ok());
    let mut problems = Vec::new();
    if let Err(error) = storage::put_setting_local(SYNC_SETTINGS, settings_json.as_deref()) {
        problems.push(error);
    }
    let remembered = configured.as_ref().filter(|_| remember).map(|(_, password)| password.as_str());
    if let Err(error) = storage::put_setting_local(SYNC_PASSWORD, remembered) {
        problems.push(error);
    }
    if let Some(problem) = problems.first() {
        dispatch.emit(AppAction::Banner(Some(format!(
            "The sync settings could not be kept in this browser ({problem}); they apply in this tab only."
        ))));
    }
    dispatch.emit(AppAction::SyncConfigured(configured.map(|(settings, password)| (settings, Some(password)))));
}

/// Why this copy of the app may not reach `url` (its content security policy allows only the
/// origins it was served for), or `Ok` when it may.
pub fn sync_origin_allowed(url: &str) -> Result<(), String> {
    let document = gloo::utils::document();
    let page = gloo::utils::window().location().origin().unwrap_or_default();
    let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
    if let Some(problem) = crate::domain::sync::database_url_problem(url) {
        return Err(format!("The sync address is not usable: {problem}."));
    }
    if origin == page {
        return Ok(());
    }
    let policy = document
        .query_selector("meta[http-equiv=Content-Security-Policy]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .unwrap_or_default();
    let connect: Vec<&str> = policy
        .split(';')
        .map(str::trim)
        .find_map(|directive| directive.strip_prefix("connect-src"))
        .map(|sources| sources.split_whitespace().collect())
        .unwrap_or_default();
    if connect.iter().any(|source| source.trim_end_matches('/') == origin) {
        Ok(())
    } else {
        Err(format!(
            "This copy of Exhibit is served to reach only {}: {origin} is not allowed (serve the app and CouchDB on one origin, or serve the app with EXHIBIT_SYNC_ORIGIN={origin}; see the README).",
            if connect.is_empty() { "its own origin".to_string() } else { connect.join(" ") }
        ))
    }
}

/// One sync of the open case's log with the configured database: pushes the reviewer's own
/// events, pulls everyone's (checked by `SyncMemory::absorb`), keeps the checkpoint in this
/// browser, and dispatches the new events (they then pass the evidence gate and blind review like
/// any import) and the outcome.
pub async fn sync_once(
    settings: super::SyncSettings,
    password: String,
    case_key: String,
    events: std::sync::Arc<Vec<Event>>,
    dispatch: Callback<AppAction>,
) {
    use super::SyncStatus;
    use crate::domain::sync::{basic_auth, replication_id, Replicator, Step, SyncMemory};
    dispatch.emit(AppAction::SyncStarted);
    let database = settings.url.trim_end_matches('/').to_string();
    if let Err(message) = sync_origin_allowed(&database) {
        dispatch.emit(AppAction::SyncFinished(SyncStatus::Refused(message), Vec::new(), (0, 0)));
        return;
    }
    let authorization = basic_auth(&settings.user, &password);
    let kept = storage::setting_local(&sync_memory_key(&case_key)).and_then(|text| serde_json::from_str(&text).ok());
    let mut memory = SyncMemory::for_database(kept, &database);
    let mut replicator = Replicator::new(
        replication_id(&format!("browser:{case_key}"), &database),
        &events,
        &settings.user,
        memory.last_seq.clone(),
        &memory.seen,
    );
    let mut step = replicator.start();
    let outcome = loop {
        match step {
            Step::Request(request) => {
                match couch::send(&database, &authorization, request.method, &request.path, request.body.as_deref())
                    .await
                {
                    Ok((status, body)) => step = replicator.answer(status, &body),
                    Err(message) => {
                        dispatch.emit(AppAction::SyncFinished(SyncStatus::Offline(message), Vec::new(), (0, 0)));
                        return;
                    }
                }
            }
            Step::Done(outcome) => break outcome,
            Step::Failed(message) => {
                let refused = message.contains("refused");
                let status = if refused { SyncStatus::Refused(message) } else { SyncStatus::Offline(message) };
                dispatch.emit(AppAction::SyncFinished(status, Vec::new(), (0, 0)));
                return;
            }
        }
    };
    let (pulled, found) = memory.absorb(replicator.own_docs(), &outcome);
    let mut problems: Vec<String> =
        outcome.refused.iter().map(|(doc, reason)| format!("The server refused {doc}: {reason}")).collect();
    problems.extend(found.iter().map(|problem| {
        format!("{} (reviewer {}, event {}): {}", problem.doc_id, problem.reviewer, problem.event_id, problem.message)
    }));
    if let Ok(text) = serde_json::to_string(&memory) {
        if let Err(error) = storage::put_setting_local(&sync_memory_key(&case_key), Some(&text)) {
            problems.push(format!(
                "The sync checkpoint could not be kept ({error}): the next sync reads everything again."
            ));
        }
    }
    let counts = (outcome.pushed, pulled.len());
    if !pulled.is_empty() {
        dispatch.emit(AppAction::ImportEvents(pulled));
    }
    dispatch.emit(AppAction::SyncFinished(SyncStatus::UpToDate(clock::now_rfc3339()), problems, counts));
}
