//! Export buttons: the review file, W3C Web Annotations, schema.org ClaimReview, CSV and the
//! printable report. Each is built by `domain::export` in the worker, which holds the open case,
//! from the log as it is now, and offered as a download.

use yew::prelude::*;

use crate::app::use_app;
use crate::engine::ExportKind;
use crate::io::{clock, download, worker};

#[function_component(ExportMenu)]
pub fn export_menu() -> Html {
    let app = use_app();
    let open = use_state(|| false);
    let message = use_state(|| None::<String>);
    let run = |kind: ExportKind| {
        let state = app.state.clone();
        let message = message.clone();
        let open = open.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            let now = clock::now_rfc3339();
            let events = state.session.events.clone();
            let (suffix, media_type) = (kind.file_suffix(), kind.media_type());
            let name = format!("exhibit-{}-{suffix}", now.get(..10).unwrap_or("review"));
            let message = message.clone();
            message.set(Some(format!("Preparing {name}…")));
            wasm_bindgen_futures::spawn_local(async move {
                let result = worker::export(kind, events, now).await;
                match result
                    .and_then(|text| download::download(&name, media_type, text.as_bytes()).map(|()| text.len()))
                {
                    Ok(bytes) => message.set(Some(format!("Exported {name} ({bytes} bytes)"))),
                    Err(error) => message.set(Some(format!("Export failed: {error}"))),
                }
            });
        })
    };
    html! {
        <div class="export-menu" data-testid="export">
            <button onclick={{ let open = open.clone(); move |_| open.set(!*open) }} aria-expanded={open.to_string()} data-testid="export-toggle">{"Export ▾"}</button>
            if *open {
                <div class="menu">
                    <button data-testid="export-review" onclick={run(ExportKind::Review)}>{"Review file (JSON)"}</button>
                    <button data-testid="export-webannotation" onclick={run(ExportKind::WebAnnotation)}>{"W3C Web Annotations"}</button>
                    <button data-testid="export-claimreview" onclick={run(ExportKind::ClaimReview)}>{"schema.org ClaimReview"}</button>
                    <button data-testid="export-csv" onclick={run(ExportKind::Csv)}>{"CSV"}</button>
                    <button data-testid="export-report" onclick={run(ExportKind::Report)}>{"Printable report (HTML)"}</button>
                </div>
            }
            if let Some(text) = &*message { <span class="hint" data-testid="export-message">{ text.clone() }</span> }
        </div>
    }
}
