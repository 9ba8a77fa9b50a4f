//! The citations for one allegation: quote (in `<bdi>`), where it is, its anchoring status, and
//! editable note and translation. Clicking one jumps to it in the capture. Edits and deletions are
//! events, so the review log keeps the history.

use yew::prelude::*;

use crate::app::effects::stamp;
use crate::app::{use_app, AppAction};
use crate::components::profile_dialog::language_label;
use crate::domain::citation::{self, Anchor, Citation, Selector};
use crate::domain::codebook::{Codebook, FindingKind};
use crate::domain::ids::AllegationId;
use crate::domain::session::SessionAction;

#[derive(Properties, PartialEq)]
pub struct CitationListProps {
    pub allegation_id: AllegationId,
}

/// Shows a cited screenshot region (always rendered; text passages are reached through
/// `AppAction::RevealText`, as the text view renders only what is near the screen).
fn jump_to_region(citation_id: &str) {
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

/// Which field of a citation an input edits.
#[derive(Clone, Copy)]
enum Field {
    Note,
    Translation,
    Finding,
    Description,
}

/// What the translation field asks, naming the quote's language or script.
fn translation_label(needed: Option<&str>, languages: &[String]) -> String {
    let yours = if languages.is_empty() {
        "set your working languages in your profile".to_string()
    } else {
        languages.iter().map(|code| language_label(code)).collect::<Vec<_>>().join(", ")
    };
    match needed {
        Some(language) => format!("Your translation (needed: the quote is in {language}; you work in {yours})"),
        None => format!("Your translation (optional: the quote is in one of your languages, {yours})"),
    }
}

/// The finding select: the codebook's findings grouped by kind, with each description as help.
fn finding_select(codebook: &Codebook, cited: &Citation, onchange: Callback<Event>) -> Html {
    let chosen = cited.finding.as_deref();
    let known = chosen.and_then(|id| codebook.finding(id));
    let help_id = format!("finding-help-{}", cited.id);
    let group = |kind: FindingKind, heading: &'static str| {
        html! {
            <optgroup label={heading}>
                { for codebook.findings.iter().filter(|finding| finding.kind == kind).map(|finding| html! {
                    <option value={finding.id.clone()} selected={chosen == Some(finding.id.as_str())}
                        title={finding.description.clone()}>
                        { format!("{} ({})", finding.label, kind.label()) }
                    </option>
                }) }
            </optgroup>
        }
    };
    let help = match (chosen, known) {
        (None, _) => "Choose what this citation shows: a verdict needs a finding on each of its citations.".to_string(),
        (Some(id), None) => format!("“{id}” is not a finding of this case's codebook: choose another."),
        (Some(_), Some(finding)) => finding.description.clone(),
    };
    html! {
        <div class="finding">
            <label>{"Finding (what this citation shows)"}
                <select data-testid="citation-finding" aria-describedby={help_id.clone()} {onchange}>
                    <option value="" selected={chosen.is_none()}>{"— choose a finding —"}</option>
                    if let (Some(id), None) = (chosen, known) {
                        <option value={id.to_string()} selected=true>{ format!("{id} (not in the codebook)") }</option>
                    }
                    { group(FindingKind::Adverse, "Adverse (can back “supported”)") }
                    { group(FindingKind::NonAdverse, "Non-adverse (can back “not supported”)") }
                    { group(FindingKind::Removed, "Removed (backs “removed”, with a later capture)") }
                </select>
            </label>
            <p class="hint finding-help" id={help_id} data-testid="citation-finding-help">{ help }</p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct DraftFieldProps {
    testid: &'static str,
    value: AttrValue,
    #[prop_or_default]
    multiline: bool,
    #[prop_or_default]
    placeholder: Option<AttrValue>,
    /// The edit, on `change` (Enter or leaving the field).
    onchange: Callback<Event>,
}

/// A citation's text field holding what is typed until it is committed: a render caused by
/// another edit (the field before, a quote tagged by the worker) never resets text being typed.
/// It takes the stored value again only when that value changes.
#[function_component(DraftField)]
fn draft_field(props: &DraftFieldProps) -> Html {
    let draft = use_state(|| props.value.to_string());
    {
        let draft = draft.clone();
        use_effect_with(props.value.clone(), move |value| {
            draft.set(value.to_string());
            || ()
        });
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |event: InputEvent| {
            let value = event
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|input| input.value())
                .or_else(|| event.target_dyn_into::<web_sys::HtmlTextAreaElement>().map(|area| area.value()));
            if let Some(value) = value {
                draft.set(value);
            }
        })
    };
    let onchange = props.onchange.clone();
    if props.multiline {
        html! { <textarea data-testid={props.testid} dir="auto" value={(*draft).clone()} {oninput} {onchange}
        placeholder={props.placeholder.clone()} /> }
    } else {
        html! { <input data-testid={props.testid} dir="auto" value={(*draft).clone()} {oninput} {onchange}
        placeholder={props.placeholder.clone()} /> }
    }
}

#[function_component(CitationList)]
pub fn citation_list(props: &CitationListProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let case = &state.session.case;
    let citations: Vec<&Citation> = state.session.review.citations_for(&props.allegation_id).collect();
    let reviewer = state.reviewer_name();
    let languages = state.reviewer_languages();
    let codebook = &case.codebook;

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
        let needs_translation = crate::domain::policy::translation_needed(cited.quoted_text(), &languages);
        let is_region = matches!(cited.selector, Selector::Region { .. });
        let edit = |field: Field| {
            let dispatch = app.dispatch.clone();
            let snapshot = (*cited).clone();
            let handle = app.state.clone();
            let reviewer = reviewer.clone();
            Callback::from(move |event: Event| {
                // The citation as it is now (another field's edit may have landed since this
                // rendered: editing the snapshot would undo it).
                let cited = handle.session.review.citations.get(&snapshot.id).cloned().unwrap_or_else(|| snapshot.clone());
                let value = event
                    .target_dyn_into::<web_sys::HtmlInputElement>()
                    .map(|input| input.value())
                    .or_else(|| event.target_dyn_into::<web_sys::HtmlTextAreaElement>().map(|area| area.value()))
                    .or_else(|| event.target_dyn_into::<web_sys::HtmlSelectElement>().map(|select| select.value()))
                    .unwrap_or_default();
                let value = value.trim().to_string();
                let filled = Some(value.clone()).filter(|text| !text.is_empty());
                let mut edited = cited.clone();
                match field {
                    Field::Note => edited.note = value,
                    Field::Translation => edited.translation = filled,
                    Field::Finding => edited.finding = filled,
                    Field::Description => edited.description = filled,
                }
                if edited != cited {
                    dispatch.emit(AppAction::Review(SessionAction::EditCitation { citation: edited, stamp: stamp(&reviewer) }));
                }
            })
        };
        let remove = {
            let dispatch = app.dispatch.clone();
            let id = cited.id.clone();
            let reviewer = reviewer.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(AppAction::Review(SessionAction::RemoveCitation { citation_id: id.clone(), stamp: stamp(&reviewer) }))
            })
        };
        let jump = {
            let dispatch = app.dispatch.clone();
            let id = cited.id.to_string();
            let capture_id = cited.capture_id.to_string();
            let place = match &cited.selector {
                Selector::Text { position, .. } => Some((position.start, position.end)),
                Selector::Region { .. } => None,
            };
            Callback::from(move |_: MouseEvent| match place {
                Some((start, end)) => dispatch.emit(AppAction::RevealText {
                    capture_id: capture_id.clone(),
                    start,
                    end,
                    citation_id: Some(id.clone()),
                }),
                None => {
                    dispatch.emit(AppAction::SelectCapture(Some(capture_id.clone())));
                    jump_to_region(&id);
                }
            })
        };
        // How the citation stands in the capture, for tests and styles: its quote at its place
        // (`exact`), found elsewhere (`moved`), lost (`orphaned`), or a screenshot region.
        let anchor_state = match (&capture, &anchor) {
            (None, _) | (_, Some(Anchor::Orphaned)) => "orphaned",
            (_, Some(Anchor::Moved(_))) => "moved",
            (_, Some(Anchor::Exact(_))) => "exact",
            (_, None) => "region",
        };
        html! {
            <li key={cited.id.to_string()} class="citation" data-testid="citation" data-citation-id={cited.id.to_string()}
                data-anchor={anchor_state} data-hash={if hash_ok { "matches" } else { "mismatch" }}>
                <div class="head">
                    <button class="jump" onclick={jump} title="Show in the capture" data-testid="citation-jump"
                        aria-label={format!("#{}: show citation {} in the capture", index + 1, index + 1)}>{ format!("#{}", index + 1) }</button>
                    <span class="place">{ place }</span>
                    <span class="capture-time">{ capture.and_then(|capture| capture.captured_at.clone()).unwrap_or_default() }</span>
                    if let Some(code) = &cited.quote_language { <span class="lang">{ code.clone() }</span> }
                    if !hash_ok && capture.is_some() { <span class="anchor orphaned">{"hash mismatch"}</span> }
                    { status }
                    <button class="remove" onclick={remove} data-testid="citation-remove"
                        aria-label={format!("Delete citation {}", index + 1)}>{"Delete"}</button>
                </div>
                // dir=auto on the quote itself (a <bdi> inside would hide its text from the
                // direction the quote takes); the CSS isolates it (unicode-bidi: isolate).
                <blockquote dir="auto" class="quote" data-testid="citation-quote">{ quote }</blockquote>
                { finding_select(codebook, cited, edit(Field::Finding)) }
                <label>{"What this shows"}
                    <DraftField testid="citation-note" value={cited.note.clone()} onchange={edit(Field::Note)}
                        placeholder="e.g. the passage calls readers to …" />
                </label>
                if is_region {
                    <label>{"Description (when the region has no text): what the region depicts"}
                        <DraftField testid="citation-description" value={cited.description.clone().unwrap_or_default()}
                            onchange={edit(Field::Description)} placeholder="e.g. a logo above a call to donate" />
                    </label>
                }
                if needs_translation.is_some() || cited.translation.is_some() {
                    <label>{ translation_label(needs_translation.as_deref(), &languages) }
                        <DraftField testid="citation-translation" multiline=true value={cited.translation.clone().unwrap_or_default()}
                            onchange={edit(Field::Translation)} />
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
