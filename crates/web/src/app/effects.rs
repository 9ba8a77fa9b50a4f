//! The app's effects as components ask for them: one typed function per effect (import, preview,
//! cite, diff, page view, dashboard, export and download, profile, demo), each doing its I/O
//! through `app::io`, which components cannot name (it is private to `app`: naming it from a
//! component is a compile error). Components render and call these, or dispatch `AppAction`s.

use yew::Callback;

use super::io::{clock, download, files, worker};
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
    worker::page_view_document(capture_id).await
}

/// The diff of two captures as escaped HTML made in the worker.
pub async fn diff_html(before_id: &str, after_id: &str) -> Result<String, String> {
    worker::diff_html(before_id, after_id).await
}

/// The dashboard of the open case with this log, as escaped HTML made in the worker.
pub async fn dashboard_html(events: Vec<Event>) -> Result<String, String> {
    worker::dashboard_html(events).await
}

/// Exports the open case with this log in `kind`, stamped now, and downloads it as
/// `exhibit-<date>-<suffix>`; the answer is the file's name and its size in bytes.
pub async fn export_and_download(kind: ExportKind, events: Vec<Event>) -> Result<(String, usize), String> {
    let now = clock::now_rfc3339();
    let name = format!("exhibit-{}-{}", now.get(..10).unwrap_or("review"), kind.file_suffix());
    let text = worker::export(kind, events, now).await?;
    download::download(&name, kind.media_type(), text.as_bytes()).map(|()| (name, text.len()))
}

/// Reads the files a reviewer picked or dropped: what could be read, and why the rest could not.
pub async fn read_files(list: web_sys::FileList) -> (Vec<InputFile>, Vec<String>) {
    files::read_file_list(list).await
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
