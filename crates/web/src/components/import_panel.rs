//! Importing: an allegation list by paste, file picker or drop, previewed (counts, flags,
//! diagnostics) before it is accepted; captures by file picker, folder picker, zip/WACZ or drop.

use std::sync::Arc;

use yew::prelude::*;

use crate::app::{effects, use_app, AppAction};
use crate::domain::allegations::Format;
use crate::domain::capture::InputFile;
use crate::engine::AllegationPreview;

#[derive(Clone, PartialEq)]
struct Preview {
    name: String,
    text: String,
    summary: AllegationPreview,
}

/// Reads the list in the worker and shows the preview (or why it could not be read).
fn show_preview(
    name: String,
    text: String,
    format: Format,
    list_preview: UseStateHandle<Option<Preview>>,
    message: UseStateHandle<Option<String>>,
    note: Option<String>,
) {
    message.set(Some(format!("Reading {name}…")));
    wasm_bindgen_futures::spawn_local(async move {
        match effects::preview_allegations(&name, &text, format).await {
            Ok(summary) => {
                // What reading the file needed saying (its encoding, replaced bytes), if anything.
                message.set(note.map(|note| format!("{name}: {note}")));
                list_preview.set(Some(Preview { name, text, summary }));
            }
            Err(error) => message.set(Some(format!("{name} could not be read: {error}"))),
        }
    });
}

/// Why a list or captures cannot be added yet: the open case's own files are still being read
/// (the demo's prebuilt case, completing), and they are what is added to.
const STILL_READING: &str = "The demo's captures are still being read; add files in a moment.";

fn current_files(state: &crate::app::AppState) -> (Vec<InputFile>, Vec<InputFile>) {
    state
        .case_files
        .as_ref()
        .map(|files| {
            let (allegations, captures) = &**files;
            (
                allegations.iter().map(|file| file.0.clone()).collect(),
                captures.iter().map(|file| file.0.clone()).collect(),
            )
        })
        .unwrap_or_default()
}

#[function_component(ImportPanel)]
pub fn import_panel() -> Html {
    let app = use_app();
    let pasted = use_state(String::new);
    let format = use_state(|| Format::Auto);
    let list_preview = use_state(|| None::<Preview>);
    let list_message = use_state(|| None::<String>);
    let capture_message = use_state(|| None::<String>);
    let dragging = use_state(|| false);

    let on_paste_preview = {
        let pasted = pasted.clone();
        let list_preview = list_preview.clone();
        let list_message = list_message.clone();
        let format = format.clone();
        Callback::from(move |_: MouseEvent| {
            show_preview(
                "pasted list".to_string(),
                (*pasted).clone(),
                *format,
                list_preview.clone(),
                list_message.clone(),
                None,
            )
        })
    };
    let on_list_file = {
        let list_preview = list_preview.clone();
        let list_message = list_message.clone();
        let format = format.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Some(list) = input.files() else { return };
            let list_preview = list_preview.clone();
            let list_message = list_message.clone();
            let format = *format;
            wasm_bindgen_futures::spawn_local(async move {
                let (read, errors) = effects::read_files(list).await;
                match read.first() {
                    Some(file) => match effects::decode_list(file.bytes.clone()).await {
                        Ok(decoded) => show_preview(
                            file.path.clone(),
                            decoded.text,
                            format,
                            list_preview,
                            list_message,
                            decoded.note,
                        ),
                        Err(error) => list_message.set(Some(format!("{} could not be read: {error}", file.path))),
                    },
                    None => list_message.set(Some(format!("The file could not be read: {}", errors.join("; ")))),
                }
            });
        })
    };
    let on_accept = {
        let app = app.clone();
        let list_preview = list_preview.clone();
        let list_message = list_message.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(preview) = (*list_preview).clone() else { return };
            if app.state.completing {
                return list_message.set(Some(STILL_READING.to_string()));
            }
            let (_, capture_files) = current_files(&app.state);
            let allegation_file = InputFile::new(preview.name.clone(), Arc::<[u8]>::from(preview.text.into_bytes()));
            let name = format!("Case: {}", preview.name);
            wasm_bindgen_futures::spawn_local(effects::import_new_case(
                name,
                vec![allegation_file],
                capture_files,
                app.dispatch.clone(),
            ));
            list_preview.set(None);
        })
    };
    let add_captures = {
        let app = app.clone();
        let capture_message = capture_message.clone();
        move |list: web_sys::FileList| {
            let app = app.clone();
            let capture_message = capture_message.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (read, errors) = effects::read_files(list).await;
                if !errors.is_empty() {
                    capture_message.set(Some(errors.join("; ")));
                }
                if read.is_empty() {
                    return;
                }
                if app.state.completing {
                    return capture_message.set(Some(STILL_READING.to_string()));
                }
                let (allegation_files, mut capture_files) = current_files(&app.state);
                let count = read.len();
                capture_files.extend(read);
                let name = if app.state.session.case.name.is_empty() {
                    "Imported case".to_string()
                } else {
                    app.state.session.case.name.clone()
                };
                let key = app.state.case_key.clone();
                capture_message.set(Some(format!("Read {count} files; loading captures…")));
                effects::rebuild_case(name, key, allegation_files, capture_files, app.dispatch.clone()).await;
                app.dispatch.emit(AppAction::SetView(crate::app::View::Captures));
            });
        }
    };
    let on_capture_files = {
        let add_captures = add_captures.clone();
        Callback::from(move |event: Event| {
            if let Some(list) = event.target_dyn_into::<web_sys::HtmlInputElement>().and_then(|input| input.files()) {
                add_captures(list);
            }
        })
    };
    let on_drop = {
        let add_captures = add_captures.clone();
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(false);
            if let Some(list) = event.data_transfer().and_then(|transfer| transfer.files()) {
                add_captures(list);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            dragging.set(true);
        })
    };
    let on_format = {
        let format = format.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                format.set(select.value().parse().unwrap_or_default());
            }
        })
    };

    let review_message = use_state(|| None::<String>);
    let review_problems = use_state(Vec::<String>::new);
    let invalid = crate::domain::session::invalid_count(&app.state.session);
    let pending = app.state.session.pending.len();
    let on_review_file = {
        let dispatch = app.dispatch.clone();
        let review_message = review_message.clone();
        let review_problems = review_problems.clone();
        let case_name = app.state.session.case.name.clone();
        // Conflicts are looked for against everything this browser holds, not only what is shown.
        let held = app.state.log.events.clone();
        Callback::from(move |event: Event| {
            let Some(list) = event.target_dyn_into::<web_sys::HtmlInputElement>().and_then(|input| input.files())
            else {
                return;
            };
            let dispatch = dispatch.clone();
            let review_message = review_message.clone();
            let review_problems = review_problems.clone();
            let case_name = case_name.clone();
            let held = held.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let (read, unreadable_files) = effects::read_files(list).await;
                let mut logs = Vec::new();
                let mut notes = Vec::new();
                let mut problems = unreadable_files;
                for file in &read {
                    let text = String::from_utf8_lossy(&file.bytes).into_owned();
                    match effects::read_review_file(&text).await {
                        Ok(review) => {
                            let mut note = format!("{} events from {}", review.events.len(), file.path);
                            if review.unreadable > 0 {
                                note.push_str(&format!(" ({} entries could not be read)", review.unreadable));
                            }
                            if review.case_name != case_name {
                                note.push_str(&format!(" (the file is for the case “{}”)", review.case_name));
                            }
                            notes.push(note);
                            logs.push(review.events);
                        }
                        Err(error) => problems.push(format!("{}: not a review file: {error}", file.path)),
                    }
                }
                if logs.is_empty() {
                    review_message.set(problems.first().cloned());
                    review_problems.set(problems.into_iter().skip(1).collect());
                    return;
                }
                // One team log: copies merge by id; two different events under one id are reported
                // (the one already held, or the earlier, is kept), never dropped silently.
                let (merged, diagnostics) = crate::domain::team::merge_logs(
                    std::iter::once(held.as_slice()).chain(logs.iter().map(Vec::as_slice)),
                );
                problems.extend(diagnostics.into_iter().map(|diagnostic| diagnostic.message));
                let known: std::collections::HashSet<&str> = held.iter().map(|event| event.id.as_str()).collect();
                let fresh: Vec<crate::domain::review_log::Event> =
                    merged.into_iter().filter(|event| !known.contains(event.id.as_str())).collect();
                review_message.set(Some(format!("Merged {}; {} new.", notes.join(", "), fresh.len())));
                review_problems.set(problems);
                dispatch.emit(AppAction::ImportEvents(fresh));
            });
        })
    };
    let preview_html = list_preview.as_ref().map(|preview| {
        let summary = &preview.summary;
        html! {
            <div class="preview" data-testid="allegation-preview">
                <p data-testid="preview-counts">{ format!("{} allegations ({} duplicates merged), {} flagged, {} diagnostics",
                    summary.total, summary.duplicates, summary.flagged, summary.diagnostics_total) }</p>
                <table>
                    <thead><tr><th>{"line"}</th><th>{"host"}</th><th>{"url"}</th><th>{"flags"}</th></tr></thead>
                    <tbody>{ for summary.rows.iter().map(|allegation| html! {
                        <tr>
                            <td>{ allegation.occurrences.first().map(|line| line.line).unwrap_or(0) }</td>
                            <td><bdi>{ allegation.host_unicode.clone() }</bdi></td>
                            <td dir="ltr">{ allegation.url.clone() }</td>
                            <td>{ allegation.flags.iter().map(|flag| flag.as_str()).collect::<Vec<_>>().join(", ") }</td>
                        </tr>
                    }) }</tbody>
                </table>
                if summary.total > summary.rows.len() {
                    <p class="hint">{ format!("The first {} of {} are shown.", summary.rows.len(), summary.total) }</p>
                }
                if !summary.diagnostics.is_empty() {
                    <ul class="diagnostics" data-testid="preview-diagnostics">{ for summary.diagnostics.iter().map(|d| html! {
                        <li>{ format!("line {}: {}", d.line.map(|l| l.to_string()).unwrap_or_else(|| "?".into()), d.message) }</li>
                    }) }</ul>
                }
                <button class="primary" data-testid="accept-allegations" onclick={on_accept.clone()}
                    disabled={summary.total == 0}>{"Accept this list (opens a new case)"}</button>
            </div>
        }
    });

    html! {
        <section class="import-panel">
            <div class="import-allegations" data-testid="import-allegations">
                <h2>{"Allegation list"}</h2>
                <p>{"Paste the list as written (tweets, pastebins, CSV or JSON), or choose a file. Defanged links are read; nothing is fetched."}</p>
                <textarea data-testid="allegations-paste" rows="8" dir="auto" aria-label="The allegation list, pasted" value={(*pasted).clone()}
                    oninput={{ let p = pasted.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() { p.set(x.value()) } }} />
                <div class="row">
                    <label>{"Format "}
                        <select onchange={on_format}>
                            <option value="auto">{"auto-detect"}</option>
                            <option value="text">{"text"}</option>
                            <option value="csv">{"CSV"}</option>
                            <option value="json">{"JSON"}</option>
                        </select>
                    </label>
                    <button data-testid="preview-allegations" onclick={on_paste_preview}>{"Preview"}</button>
                    <label class="file">{"or a file: "}<input type="file" data-testid="allegations-file" accept=".txt,.csv,.json,text/*,application/json" onchange={on_list_file} /></label>
                </div>
                <div role="status" aria-live="polite" class="import-live">
                    if let Some(message) = &*list_message { <p class="hint" data-testid="preview-message">{ message.clone() }</p> }
                    if let Some(preview) = &*list_preview {
                        <p class="visually-hidden">{ format!("Preview of {}: {} allegations, {} flagged, {} diagnostics.",
                            preview.name, preview.summary.total, preview.summary.flagged, preview.summary.diagnostics_total) }</p>
                    }
                </div>
                { preview_html }
            </div>
            <div class={classes!("import-captures", dragging.then_some("dragging"))} data-testid="import-captures"
                ondrop={on_drop} ondragover={on_drag_over} ondragleave={{ let d = dragging.clone(); move |_| d.set(false) }}>
                <h2>{"Captures"}</h2>
                <p>{"Drop files here, or choose: HTML with a same-name screenshot, Exhibit bundles (folder or zip), WARC or WACZ archives. Captured pages never run and never load anything."}</p>
                <label class="file">{"Files: "}<input type="file" multiple=true data-testid="captures-file" onchange={on_capture_files.clone()} /></label>
                <label class="file">{"A folder: "}<input type="file" multiple=true data-testid="captures-folder" webkitdirectory=true onchange={on_capture_files} /></label>
                <div role="status" aria-live="polite" class="import-live">
                    if let Some(message) = &*capture_message { <p class="hint" data-testid="capture-import-message">{ message.clone() }</p> }
                </div>
            </div>
            <div class="import-review">
                <h2>{"Review file"}</h2>
                <p>{"Merge review files exported from Exhibit (yours from another browser, or your team's: choose several at once). Events are merged by id and keep their reviewer: nothing already here is replaced, and two different events under one id are reported."}</p>
                <label class="file">{"Review files: "}<input type="file" multiple=true accept=".json,application/json" data-testid="import-review" onchange={on_review_file} /></label>
                <div role="status" aria-live="polite" class="import-live">
                    if let Some(message) = &*review_message { <p class="hint" data-testid="review-import-message">{ message.clone() }</p> }
                    if !review_problems.is_empty() {
                        <ul class="diagnostics" data-testid="review-import-problems">
                            { for review_problems.iter().map(|problem| html! { <li>{ problem.clone() }</li> }) }
                        </ul>
                    }
                </div>
                // Counted once the gate has judged every verdict (the queue says how many it is checking).
                if invalid > 0 && pending == 0 {
                    <p class="hint" data-testid="review-import-invalid">
                        <span class="invalid-badge">{"invalid"}</span>
                        { format!(" {invalid} current verdict{} of this review {} not stand under the evidence policy (imported, restored or edited): they are marked invalid in the queue, not counted and not exported as verdicts.",
                            if invalid == 1 { "" } else { "s" }, if invalid == 1 { "does" } else { "do" }) }
                    </p>
                }
            </div>
        </section>
    }
}
