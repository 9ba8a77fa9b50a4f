//! The capture beside the claim: which capture (a tab per capture of the allegation's URL and
//! site, best first, each labelled by path, time, HTTP status and origin; many captures collapse
//! into a page list with a search box), why the allegation opened on it (`crawl::Choice`), and
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
use crate::domain::crawl;
use crate::domain::ids::{AllegationId, CaptureId};
use crate::domain::session::Case;

#[derive(Properties, PartialEq)]
pub struct CapturePaneProps {
    pub allegation_id: AllegationId,
}

/// The capture to show for an allegation: the one the reviewer chose, else the one the matching
/// chose (`crawl::Choice`), else the best ranked.
pub fn shown_capture<'a>(case: &'a Case, allegation_id: &AllegationId, chosen: Option<&str>) -> Option<&'a Capture> {
    let ranked = case.ranked_captures_for(allegation_id);
    let matched = |id: &str| ranked.iter().find(|capture| capture.id == id).copied();
    chosen
        .and_then(matched)
        .or_else(|| case.choice_for(allegation_id).and_then(|choice| matched(choice.capture_id.as_str())))
        .or_else(|| ranked.first().copied())
}

/// From this many captures on, the tabs become a page list with a search box.
const PAGE_LIST_FROM: usize = 6;

#[function_component(CapturePane)]
pub fn capture_pane(props: &CapturePaneProps) -> Html {
    let app = use_app();
    let search = use_state(String::new);
    {
        let search = search.clone();
        use_effect_with(props.allegation_id.clone(), move |_| {
            search.set(String::new());
            || ()
        });
    }
    let state = &app.state;
    let case = state.session.case.clone();
    let captures = case.ranked_captures_for(&props.allegation_id);
    let Some(capture) = shown_capture(&case, &props.allegation_id, state.selected_capture.as_deref()) else {
        return html! {
            <section class="capture-pane empty" data-testid="capture-pane">
                <h2>{"Capture"}</h2>
                <p>{"No capture matches this allegation. Import captures, or record it as unreviewable with a reason."}</p>
            </section>
        };
    };
    let tab = |candidate: &&Capture| {
        let active = candidate.id == capture.id;
        let onclick = {
            let dispatch = app.dispatch.clone();
            let id = candidate.id.to_string();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectCapture(Some(id.clone()))))
        };
        let role = crawl::page_role(candidate);
        let role_class = role.as_str();
        let status = crawl::status_label(candidate);
        html! {
            <button class={classes!("capture-tab", active.then_some("active"), role_class)} onclick={onclick} data-testid="capture-tab"
                data-capture-id={candidate.id.to_string()} data-role={role_class} aria-pressed={active.to_string()}
                title={format!("{}{}", candidate.url, candidate.title.as_ref().map(|title| format!(" — {title}")).unwrap_or_default())}>
                <span class="path" dir="ltr">{ crawl::page_path(&candidate.url) }</span>
                {" "}<span class="time">{ candidate.captured_at.clone().unwrap_or_else(|| "time unknown".to_string()) }</span>
                if let Some(status) = status { {" "}<span class="status">{ status }</span> }
                {" "}<span class="origin">{ crawl::origin_label(&candidate.origin).to_string() }</span>
            </button>
        }
    };
    let choice = case.choice_for(&props.allegation_id);
    let explained = match choice {
        Some(choice) if choice.capture_id == capture.id => html! {
            <p class="capture-choice" data-testid="capture-choice" data-reason={choice.reason.as_str()}>{ choice.sentence() }</p>
        },
        Some(choice) => {
            let dispatch = app.dispatch.clone();
            let reset = Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectCapture(None)));
            html! {
                <p class="capture-choice switched" data-testid="capture-choice" data-reason="reviewer">
                    { format!("Showing {}, as you chose. {}", crawl::capture_label(capture), choice.sentence()) }
                    {" "}<button class="link" data-testid="capture-choice-reset" onclick={reset}>{"Back to that page"}</button>
                </p>
            }
        }
        None => html! {},
    };
    let tabs = if captures.len() < PAGE_LIST_FROM {
        html! { <div class="capture-tabs">{ for captures.iter().map(tab) }</div> }
    } else {
        let needle = search.to_lowercase();
        let found = |candidate: &&&Capture| {
            needle.is_empty()
                || candidate.id == capture.id
                || candidate.url.to_lowercase().contains(&needle)
                || candidate.title.as_ref().is_some_and(|title| title.to_lowercase().contains(&needle))
                || candidate.captured_at.as_ref().is_some_and(|time| time.contains(needle.as_str()))
        };
        let (pages, others): (Vec<&&Capture>, Vec<&&Capture>) =
            captures.iter().filter(found).partition(|candidate| crawl::page_role(candidate) == crawl::PageRole::Page);
        let oninput = {
            let search = search.clone();
            Callback::from(move |event: InputEvent| {
                if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                    search.set(input.value());
                }
            })
        };
        html! {
            <div class="capture-page-list" data-testid="capture-page-list">
                <label class="page-search">{"Find a page "}
                    <input type="search" data-testid="capture-page-search" value={(*search).clone()} oninput={oninput}
                        placeholder="path, title or time" />
                </label>
                <p class="hint" data-testid="capture-page-count">
                    { format!("{} captures of this site; {} shown", captures.len(), pages.len() + others.len()) }
                </p>
                <ul class="capture-tabs pages" aria-label="Pages">{ for pages.iter().map(|candidate| html! { <li>{ tab(candidate) }</li> }) }</ul>
                if !others.is_empty() {
                    <p class="page-group">{"Error pages and files that are not pages (robots.txt…)"}</p>
                    <ul class="capture-tabs others" data-testid="capture-page-others" aria-label="Error pages and files that are not pages">
                        { for others.iter().map(|candidate| html! { <li>{ tab(candidate) }</li> }) }
                    </ul>
                }
            </div>
        }
    };
    html! {
        <section class="capture-pane" data-testid="capture-pane" data-capture-id={capture.id.to_string()}>
            <h2>{"Capture"}</h2>
            { explained }
            { tabs }
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
    if state.completing {
        return html! {
            <p class="hint" role="status" data-testid="capture-completing">
                {"This capture's text, screenshot and page are still being read; they appear here in a moment."}
            </p>
        };
    }
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
