//! Over time: two visits of the page shown in the capture pane (the same URL, after redirects),
//! earliest and latest by default (`crawl::over_time`), side by side with a block diff of their text
//! and word marks inside changed blocks. A page captured once says so; two different pages are
//! never compared. What the earlier page had and the later one lacks is
//! listed first, so it is visible at a glance. The worker computes the diff and its markup
//! (`domain::diff::diff_html`, every captured text escaped).

use yew::prelude::*;

use crate::app::use_app;
use crate::components::capture_pane::shown_capture;
use crate::domain::capture::Capture;
use crate::domain::crawl::{self, OverTime};
use crate::domain::ids::{AllegationId, CaptureId};

#[derive(Properties, PartialEq)]
pub struct DiffViewProps {
    pub allegation_id: AllegationId,
}

#[function_component(DiffView)]
pub fn diff_view(props: &DiffViewProps) -> Html {
    let app = use_app();
    let case = app.state.session.case.clone();
    let matched = case.captures_for(&props.allegation_id);
    let shown = shown_capture(&case, &props.allegation_id, app.state.selected_capture.as_deref());
    let over_time = shown.map(|page| crawl::over_time(page, &matched));
    let captures: Vec<&Capture> = match &over_time {
        Some(OverTime::Pair { visits, .. }) => visits.iter().filter_map(|id| case.capture(id)).collect(),
        _ => Vec::new(),
    };
    let before_index = use_state(|| 0usize);
    let after_index = use_state(|| usize::MAX);
    {
        let before_index = before_index.clone();
        let after_index = after_index.clone();
        let page = shown.map(crawl::page_key);
        use_effect_with((props.allegation_id.clone(), page), move |_| {
            before_index.set(0);
            after_index.set(usize::MAX);
            || ()
        });
    }
    let computed = use_state(|| None::<((CaptureId, CaptureId), Result<String, String>)>);
    let last_index = captures.len().saturating_sub(1);
    let pair = captures.get((*before_index).min(last_index)).zip(captures.get(if *after_index == usize::MAX {
        last_index
    } else {
        (*after_index).min(last_index)
    }));
    let pair_key = pair.map(|(before, after)| (before.id.clone(), after.id.clone()));
    {
        let computed = computed.clone();
        use_effect_with(pair_key.clone(), move |key| {
            if let Some(key) = key.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let diff = crate::app::effects::diff_html(&key.0, &key.1).await;
                    computed.set(Some((key, diff)));
                });
            }
            || ()
        });
    }
    if let Some(over_time @ OverTime::OneVisit { .. }) = &over_time {
        return html! {
            <section class="diff-view" data-testid="diff-view">
                <h2>{"Over time"}</h2>
                <p class="hint" data-testid="diff-one-visit">{ over_time.sentence(&matched) }</p>
            </section>
        };
    }
    if captures.len() < 2 {
        return html! {};
    }
    let last = captures.len() - 1;
    let before_at = (*before_index).min(last);
    let after_at = if *after_index == usize::MAX { last } else { (*after_index).min(last) };
    let (Some(before), Some(after)) = (captures.get(before_at), captures.get(after_at)) else { return html! {} };
    let Some(diff) = (*computed)
        .as_ref()
        .filter(|(key, _)| *key == (before.id.clone(), after.id.clone()))
        .map(|(_, diff)| diff.clone())
    else {
        return html! {
            <section class="diff-view" data-testid="diff-view">
                <h2>{"Over time"}</h2>
                <p class="hint" data-testid="diff-pending">{"Comparing the two captures in the background…"}</p>
            </section>
        };
    };
    let diff = match diff {
        Ok(diff) => diff,
        Err(error) => {
            return html! {
                <section class="diff-view" data-testid="diff-view">
                    <h2>{"Over time"}</h2>
                    <p class="error" data-testid="diff-error">{ format!("The captures could not be compared: {error}") }</p>
                </section>
            };
        }
    };
    let picker = |current: usize, setter: UseStateHandle<usize>, testid: &'static str| {
        let onchange = Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                setter.set(select.value().parse().unwrap_or(0));
            }
        });
        html! {
            <select data-testid={testid} onchange={onchange}>
                { for captures.iter().enumerate().map(|(index, capture)| html! {
                    <option value={index.to_string()} selected={index == current}>
                        { crawl::capture_label(capture) }
                    </option>
                }) }
            </select>
        }
    };
    html! {
        <section class="diff-view" data-testid="diff-view">
            <h2>{"Over time"}</h2>
            if let Some(over_time) = &over_time {
                <p class="hint" data-testid="diff-pair">{ over_time.sentence(&matched) }</p>
            }
            <div class="pickers">
                <label>{"Earlier "}{ picker(before_at, before_index.clone(), "diff-before") }</label>
                <label>{"Later "}{ picker(after_at, after_index.clone(), "diff-after") }</label>
            </div>
            <DiffMarkup html={AttrValue::from(diff)} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct DiffMarkupProps {
    /// Made by `domain::diff::diff_html` (in the worker): every captured text escaped.
    pub html: AttrValue,
}

/// Shows a diff made by `domain::diff::diff_html`.
#[function_component(DiffMarkup)]
pub fn diff_markup(props: &DiffMarkupProps) -> Html {
    Html::from_html_unchecked(props.html.clone())
}
