//! The citations for one allegation: quote (in `<bdi>`), where it is, its anchoring status, and
//! editable note and translation. Clicking one jumps to it in the capture. Edits and deletions are
//! events, so the review log keeps the history.

use yew::prelude::*;

use crate::app::loader::stamp;
use crate::app::{use_app, AppAction};
use crate::domain::citation::{self, Anchor, Citation, Selector};
use crate::domain::session::SessionAction;

#[derive(Properties, PartialEq)]
pub struct CitationListProps {
    pub allegation_id: AttrValue,
}

fn jump_to(citation_id: &str) {
    let selector = format!("[data-citation=\"{citation_id}\"]");
    gloo::timers::callback::Timeout::new(60, move || {
        if let Ok(Some(element)) = gloo::utils::document().query_selector(&selector) {
            element.scroll_into_view();
            let _ = element.class_list().add_1("flash");
            let element = element.clone();
            gloo::timers::callback::Timeout::new(1200, move || {
                let _ = element.class_list().remove_1("flash");
            })
            .forget();
        }
    })
    .forget();
}

#[function_component(CitationList)]
pub fn citation_list(props: &CitationListProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let case = &state.session.case;
    let citations: Vec<&Citation> = state.session.review.citations_for(&props.allegation_id).collect();
    let reviewer_language = state.reviewer_language.clone();

    let items = citations.iter().enumerate().map(|(index, cited)| {
        let capture = case.capture(&cited.capture_id);
        let (quote, place, anchor) = match &cited.selector {
            Selector::Text { quote, position } => {
                let anchor = capture.map(|capture| citation::reanchor(&capture.text.canonical, quote, position));
                (quote.exact.clone(), format!("text {}–{}", position.start, position.end), anchor)
            }
            Selector::Region { rect, transcription } => {
                (transcription.clone(), format!("screenshot {}", citation::format_fragment(rect)), None)
            }
        };
        let status = match (&capture, &anchor) {
            (None, _) => html! { <span class="anchor orphaned" data-testid="citation-orphaned">{"orphaned: capture not loaded"}</span> },
            (_, Some(Anchor::Orphaned)) => html! { <span class="anchor orphaned" data-testid="citation-orphaned">{"orphaned: quote not found in the text"}</span> },
            (_, Some(Anchor::Moved(position))) => html! { <span class="anchor moved">{ format!("re-anchored at {}–{}", position.start, position.end) }</span> },
            _ => html! {},
        };
        let hash_ok = capture.map(|capture| capture.artifacts.iter().any(|artifact| artifact.sha256 == cited.artifact_sha256)).unwrap_or(false);
        let needs_translation =
            crate::domain::policy::translation_needed(cited.quoted_text(), std::slice::from_ref(&reviewer_language))
                .is_some();
        let edit = |field: &'static str| {
            let dispatch = app.dispatch.clone();
            let cited = (*cited).clone();
            let reviewer = state.reviewer.clone();
            Callback::from(move |event: Event| {
                let value = event
                    .target_dyn_into::<web_sys::HtmlInputElement>()
                    .map(|input| input.value())
                    .or_else(|| event.target_dyn_into::<web_sys::HtmlTextAreaElement>().map(|area| area.value()))
                    .unwrap_or_default();
                let mut edited = cited.clone();
                match field {
                    "note" => edited.note = value.trim().to_string(),
                    _ => edited.translation = Some(value.trim().to_string()).filter(|text| !text.is_empty()),
                }
                if edited != cited {
                    dispatch.emit(AppAction::Review(SessionAction::EditCitation { citation: edited, stamp: stamp(&reviewer) }));
                }
            })
        };
        let remove = {
            let dispatch = app.dispatch.clone();
            let id = cited.id.clone();
            let reviewer = state.reviewer.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(AppAction::Review(SessionAction::RemoveCitation { citation_id: id.clone(), stamp: stamp(&reviewer) }))
            })
        };
        let jump = {
            let dispatch = app.dispatch.clone();
            let id = cited.id.clone();
            let capture_id = cited.capture_id.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(AppAction::SelectCapture(Some(capture_id.clone())));
                jump_to(&id);
            })
        };
        html! {
            <li key={cited.id.clone()} class="citation" data-testid="citation" data-citation-id={cited.id.clone()}>
                <div class="head">
                    <button class="jump" onclick={jump} title="Show in the capture">{ format!("#{}", index + 1) }</button>
                    <span class="place">{ place }</span>
                    <span class="capture-time">{ capture.and_then(|capture| capture.captured_at.clone()).unwrap_or_default() }</span>
                    if let Some(code) = &cited.quote_language { <span class="lang">{ code.clone() }</span> }
                    if !hash_ok && capture.is_some() { <span class="anchor orphaned">{"hash mismatch"}</span> }
                    { status }
                    <button class="remove" onclick={remove} data-testid="citation-remove">{"Delete"}</button>
                </div>
                <blockquote dir="auto"><bdi>{ quote }</bdi></blockquote>
                <label>{"What this shows"}
                    <input data-testid="citation-note" dir="auto" value={cited.note.clone()} onchange={edit("note")}
                        placeholder="e.g. the passage calls readers to …" />
                </label>
                if needs_translation || cited.translation.is_some() {
                    <label>{ format!("Your translation ({} → {})", cited.quote_language.clone().unwrap_or_default(), reviewer_language) }
                        <textarea data-testid="citation-translation" value={cited.translation.clone().unwrap_or_default()} onchange={edit("translation")} />
                    </label>
                }
            </li>
        }
    });

    html! {
        <section class="citation-panel">
            <h2>{ format!("Evidence ({})", citations.len()) }</h2>
            <ol class="citation-list" data-testid="citation-list">
                if citations.is_empty() {
                    <li class="empty">{"No citations yet: select a passage in the capture and press Cite (c), or drag a region on the screenshot."}</li>
                }
                { for items }
            </ol>
        </section>
    }
}
