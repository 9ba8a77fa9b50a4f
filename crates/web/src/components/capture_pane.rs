//! The capture beside the claim: which capture (a tab per capture of the allegation's URL), and
//! `CaptureView`, which lays out one capture's parts (`components::capture`): its metadata, the
//! extracted text by blocks (select and Cite), the optional sanitized page view in a sandboxed frame,
//! and the screenshot (mark a region and Cite). It holds what they share: the status message of
//! citing, whether the page view is shown, and the one way to add citations. The captured HTML is
//! never rendered as is.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::{use_app, AppAction, ShortcutAction};
use crate::components::capture::meta::CaptureMeta;
use crate::components::capture::page_view::PageView;
use crate::components::capture::screenshot::Screenshot;
use crate::components::capture::text::{cite_selection, CaptureText};
use crate::components::capture::{add_citations, citation_marks, SharedCapture};
use crate::domain::capture::Capture;
use crate::domain::citation::Citation;
use crate::domain::ids::{AllegationId, CaptureId};

#[derive(Properties, PartialEq)]
pub struct CapturePaneProps {
    pub allegation_id: AllegationId,
}

/// The capture to show for an allegation: the one chosen, else the latest matched.
pub fn shown_capture<'a>(captures: &[&'a Capture], chosen: Option<&str>) -> Option<&'a Capture> {
    chosen.and_then(|id| captures.iter().find(|capture| capture.id == id).copied()).or_else(|| captures.last().copied())
}

#[function_component(CapturePane)]
pub fn capture_pane(props: &CapturePaneProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let case = state.session.case.clone();
    let captures = case.captures_for(&props.allegation_id);
    let Some(capture) = shown_capture(&captures, state.selected_capture.as_deref()) else {
        return html! {
            <section class="capture-pane empty" data-testid="capture-pane">
                <h2>{"Capture"}</h2>
                <p>{"No capture matches this allegation. Import captures, or record it as unreviewable with a reason."}</p>
            </section>
        };
    };
    let tabs = captures.iter().map(|candidate| {
        let active = candidate.id == capture.id;
        let onclick = {
            let dispatch = app.dispatch.clone();
            let id = candidate.id.to_string();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectCapture(Some(id.clone()))))
        };
        html! {
            <button class={classes!("capture-tab", active.then_some("active"))} onclick={onclick} data-testid="capture-tab"
                data-capture-id={candidate.id.to_string()} aria-pressed={active.to_string()}>
                { candidate.captured_at.clone().unwrap_or_else(|| "time unknown".to_string()) }
            </button>
        }
    });
    html! {
        <section class="capture-pane" data-testid="capture-pane" data-capture-id={capture.id.to_string()}>
            <h2>{"Capture"}</h2>
            <div class="capture-tabs">{ for tabs }</div>
            <CaptureView key={capture.id.to_string()} allegation_id={props.allegation_id.clone()} capture_id={capture.id.clone()} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct CaptureViewProps {
    /// The allegation citations made here belong to (none when browsing captures).
    #[prop_or_default]
    pub allegation_id: Option<AllegationId>,
    pub capture_id: CaptureId,
}

#[function_component(CaptureView)]
pub fn capture_view(props: &CaptureViewProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let page_view = use_state(|| false);
    let cite_message = use_state(|| None::<String>);
    // Built once per reviewer, so that the parts given them are not rendered again for nothing.
    let on_cite = use_callback(
        (state.reviewer_name(), app.dispatch.clone()),
        |citations: Vec<Citation>, (reviewer, dispatch)| add_citations(citations, reviewer.clone(), dispatch.clone()),
    );
    let on_message = use_callback(cite_message.setter(), |message: String, setter| setter.set(Some(message)));
    let Some(capture) = SharedCapture::find(&state.session.case, &props.capture_id) else {
        return html! { <p>{"Capture not found"}</p> };
    };
    let (marks, regions) = citation_marks(&state.session.review, &capture.id);

    let on_cite_selection = {
        let capture = capture.clone();
        let allegation_id = props.allegation_id.clone();
        let on_cite = on_cite.clone();
        let on_message = on_message.clone();
        Callback::from(move |_: MouseEvent| match cite_selection(&capture, allegation_id.as_ref()) {
            Ok((cited, message)) => {
                on_message.emit(message);
                on_cite.emit(vec![cited]);
            }
            Err(message) => on_message.emit(message),
        })
    };
    let on_page_view = {
        let page_view = page_view.clone();
        move |_| page_view.set(!*page_view)
    };
    html! {
        <div class="capture-view">
            <CaptureMeta capture={capture.clone()} />
            <div class="side-by-side">
                <div class="text-column">
                    <div class="toolbar">
                        <button data-testid="cite-button" onclick={on_cite_selection} disabled={capture.text_artifact().is_none() || props.allegation_id.is_none()}
                            title="Select a passage, then Cite" aria-keyshortcuts={state.shortcuts.aria(ShortcutAction::Cite)}>{"Cite selection"}</button>
                        <label class="toggle">
                            <input type="checkbox" data-testid="page-view-toggle" checked={*page_view} onchange={on_page_view} />
                            {" Sanitized page view"}
                        </label>
                    </div>
                    <div role="status" aria-live="polite" class="cite-live">
                        if let Some(message) = &*cite_message { <p class="hint" data-testid="cite-message">{ message.clone() }</p> }
                    </div>
                    <PageView capture_id={props.capture_id.clone()} shown={*page_view} />
                    <CaptureText capture={capture.clone()} marks={Rc::new(marks)}
                        reveal={state.reveal.clone().filter(|reveal| reveal.capture_id == *capture.id)} />
                </div>
                <div class="shot-column">
                    <Screenshot capture={capture} allegation_id={props.allegation_id.clone()} regions={Rc::new(regions)}
                        mark_region={state.mark_region} keyshortcuts={state.shortcuts.aria(ShortcutAction::MarkRegion)}
                        on_cite={on_cite} on_message={on_message} />
                </div>
            </div>
        </div>
    }
}
