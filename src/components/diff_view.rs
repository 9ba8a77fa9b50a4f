//! Over time: two captures of the same URL or site side by side, with a block diff of their text
//! and word marks inside changed blocks. What the earlier page had and the later one lacks is
//! listed first, so it is visible at a glance. Diffs are computed in the worker.

use yew::prelude::*;

use crate::app::use_app;
use crate::domain::capture::Capture;
use crate::domain::diff::{BlockChange, TextDiff, WordTag};

#[derive(Properties, PartialEq)]
pub struct DiffViewProps {
    pub allegation_id: AttrValue,
}

#[function_component(DiffView)]
pub fn diff_view(props: &DiffViewProps) -> Html {
    let app = use_app();
    let case = app.state.session.case.clone();
    let captures = case.captures_for(&props.allegation_id);
    let before_index = use_state(|| 0usize);
    let after_index = use_state(|| usize::MAX);
    {
        let before_index = before_index.clone();
        let after_index = after_index.clone();
        use_effect_with(props.allegation_id.clone(), move |_| {
            before_index.set(0);
            after_index.set(usize::MAX);
            || ()
        });
    }
    let computed = use_state(|| None::<((String, String), Result<TextDiff, String>)>);
    let last_index = captures.len().saturating_sub(1);
    let pair = captures.get((*before_index).min(last_index)).zip(captures.get(if *after_index == usize::MAX {
        last_index
    } else {
        (*after_index).min(last_index)
    }));
    let pair_key = pair.map(|(before, after)| (before.id.clone(), after.id.clone()));
    {
        let computed = computed.clone();
        let texts = pair.map(|(before, after)| (before.text.clone(), after.text.clone()));
        use_effect_with(pair_key.clone(), move |key| {
            if let (Some(key), Some((before, after))) = (key.clone(), texts) {
                wasm_bindgen_futures::spawn_local(async move {
                    let diff = crate::io::worker::diff(&before, &after).await;
                    computed.set(Some((key, diff)));
                });
            }
            || ()
        });
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
                        { format!("{} · {}", capture.captured_at.clone().unwrap_or_default(), capture.url) }
                    </option>
                }) }
            </select>
        }
    };
    html! {
        <section class="diff-view" data-testid="diff-view">
            <h2>{"Over time"}</h2>
            <div class="pickers">
                <label>{"Earlier "}{ picker(before_at, before_index.clone(), "diff-before") }</label>
                <label>{"Later "}{ picker(after_at, after_index.clone(), "diff-after") }</label>
            </div>
            { diff_body(before, after, &diff) }
        </section>
    }
}

/// The diff itself: the summary, what is gone from the later page, and every block with word
/// marks. `diff` must be the diff of `before`'s and `after`'s texts.
pub fn diff_body(before: &Capture, after: &Capture, diff: &TextDiff) -> Html {
    let removed = diff.removed_text();
    let rows = diff.changes.iter().map(|change| match change {
        BlockChange::Unchanged { before_index, .. } => {
            let text = before.text.blocks.get(*before_index).map(|block| block.text.clone()).unwrap_or_default();
            html! { <div class="diff-row same" dir="auto">{ text }</div> }
        }
        BlockChange::Removed { before_index } => {
            let text = before.text.blocks.get(*before_index).map(|block| block.text.clone()).unwrap_or_default();
            html! { <div class="diff-row removed" data-testid="diff-removed" dir="auto"><del>{ text }</del></div> }
        }
        BlockChange::Added { after_index } => {
            let text = after.text.blocks.get(*after_index).map(|block| block.text.clone()).unwrap_or_default();
            html! { <div class="diff-row added" data-testid="diff-added" dir="auto"><ins>{ text }</ins></div> }
        }
        BlockChange::Changed { words, .. } => html! {
            <div class="diff-row changed" data-testid="diff-changed" dir="auto">
                { for words.iter().map(|word| match word.tag {
                    WordTag::Equal => html! { { word.text.clone() } },
                    WordTag::Delete => html! { <del>{ word.text.clone() }</del> },
                    WordTag::Insert => html! { <ins>{ word.text.clone() }</ins> },
                }) }
            </div>
        },
    });
    let summary = &diff.summary;
    html! {
        <>
            <p class="diff-summary">{ format!("{} blocks removed, {} added, {} changed, {} unchanged", summary.removed, summary.added, summary.changed, summary.unchanged) }</p>
            if !removed.is_empty() {
                <div class="gone" data-testid="diff-gone">
                    <h3>{"On the earlier page, gone from the later one"}</h3>
                    <ul>{ for removed.iter().map(|text| html! { <li dir="auto"><del>{ text.clone() }</del></li> }) }</ul>
                </div>
            }
            <div class="diff-rows">{ for rows }</div>
        </>
    }
}
