//! Export buttons: the review file, W3C Web Annotations, schema.org ClaimReview, CSV and the
//! printable report. Each is built by `domain::export` and offered as a download.

use yew::prelude::*;

use crate::app::use_app;
use crate::domain::capture::ArtifactKind;
use crate::domain::export;
use crate::io::{clock, download};

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Review,
    WebAnnotation,
    ClaimReview,
    Csv,
    Report,
}

#[function_component(ExportMenu)]
pub fn export_menu() -> Html {
    let app = use_app();
    let open = use_state(|| false);
    let message = use_state(|| None::<String>);
    let run = |kind: Kind| {
        let state = app.state.clone();
        let message = message.clone();
        Callback::from(move |_: MouseEvent| {
            let case = state.session.case.clone();
            let file = export::review_file(&case, &state.session.events, &clock::now_rfc3339());
            let stem = format!("exhibit-{}", clock::now_rfc3339().get(..10).unwrap_or("review"));
            let (name, media_type, bytes) = match kind {
                Kind::Review => {
                    (format!("{stem}-review.json"), "application/json", export::to_json(&file).into_bytes())
                }
                Kind::WebAnnotation => (
                    format!("{stem}-annotations.jsonld"),
                    "application/ld+json",
                    serde_json::to_string_pretty(&export::web_annotation(&file)).unwrap_or_default().into_bytes(),
                ),
                Kind::ClaimReview => (
                    format!("{stem}-claimreview.jsonld"),
                    "application/ld+json",
                    serde_json::to_string_pretty(&export::claim_review(&file)).unwrap_or_default().into_bytes(),
                ),
                Kind::Csv => (format!("{stem}.csv"), "text/csv;charset=utf-8", export::csv(&file).into_bytes()),
                Kind::Report => {
                    let screenshots = |capture_id: &str| {
                        let capture = case.capture(capture_id)?;
                        let artifact = capture.artifact(ArtifactKind::Screenshot)?;
                        Some((artifact.media_type.clone(), artifact.content.as_ref()?.to_vec()))
                    };
                    (
                        format!("{stem}-report.html"),
                        "text/html;charset=utf-8",
                        export::html_report(&file, &screenshots).into_bytes(),
                    )
                }
            };
            match download::download(&name, media_type, &bytes) {
                Ok(()) => message.set(Some(format!("Exported {name} ({} bytes)", bytes.len()))),
                Err(error) => message.set(Some(format!("Export failed: {error}"))),
            }
        })
    };
    html! {
        <div class="export-menu" data-testid="export">
            <button onclick={{ let open = open.clone(); move |_| open.set(!*open) }} aria-expanded={open.to_string()} data-testid="export-toggle">{"Export ▾"}</button>
            if *open {
                <div class="menu">
                    <button data-testid="export-review" onclick={run(Kind::Review)}>{"Review file (JSON)"}</button>
                    <button data-testid="export-webannotation" onclick={run(Kind::WebAnnotation)}>{"W3C Web Annotations"}</button>
                    <button data-testid="export-claimreview" onclick={run(Kind::ClaimReview)}>{"schema.org ClaimReview"}</button>
                    <button data-testid="export-csv" onclick={run(Kind::Csv)}>{"CSV"}</button>
                    <button data-testid="export-report" onclick={run(Kind::Report)}>{"Printable report (HTML)"}</button>
                </div>
            }
            if let Some(text) = &*message { <span class="hint" data-testid="export-message">{ text.clone() }</span> }
        </div>
    }
}
