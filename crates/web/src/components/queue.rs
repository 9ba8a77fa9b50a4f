//! The queue of allegations: filter, progress, and a virtualised list (only the rows in view are
//! rendered, so 100k allegations scroll smoothly).

use yew::prelude::*;

use crate::app::{use_app, AppAction, QueueSort, ShortcutAction};
use crate::domain::session::{invalid_count, progress};

const ROW_HEIGHT: f64 = 64.0;
const OVERSCAN: usize = 8;

/// The DOM id of a queue row (allegation ids are kept to safe characters).
fn row_id(allegation_id: &str) -> String {
    let safe: String = allegation_id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    format!("queue-row-{safe}")
}

#[function_component(Queue)]
pub fn queue() -> Html {
    let app = use_app();
    let state = &app.state;
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 720.0f64);
    let list_ref = use_node_ref();

    let order = state.queue();
    let (reviewed, total, counts) = progress(&state.session);
    let invalid = invalid_count(&state.session);
    let pending = state.session.pending.len();
    let case = &state.session.case;

    let on_scroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        let list_ref = list_ref.clone();
        Callback::from(move |_: Event| {
            if let Some(element) = list_ref.cast::<web_sys::Element>() {
                scroll_top.set(element.scroll_top() as f64);
                viewport.set(element.client_height().max(1) as f64);
            }
        })
    };
    let on_filter = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                dispatch.emit(AppAction::Filter(input.value()));
            }
        })
    };

    let on_sort = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                let value = select.value();
                if let Some((sort, _, _)) = QueueSort::ALL.iter().find(|(_, key, _)| *key == value) {
                    dispatch.emit(AppAction::Sort(*sort));
                }
            }
        })
    };
    // The selected row stays in view (j/k or the arrows may move it past the visible rows).
    let selected_position = state.selected_allegation.as_ref().and_then(|id| {
        order.iter().position(|index| case.allegations.get(*index).is_some_and(|allegation| allegation.id == *id))
    });
    {
        let list_ref = list_ref.clone();
        let scroll_top = scroll_top.clone();
        // The window is the one last read on scroll (cached; a generous guess before the first
        // scroll): reading the list's layout here, right after a render, would force a layout
        // inside every switch (issue 14's benchmark).
        let (current, height) = (*scroll_top, *viewport);
        use_effect_with(selected_position, move |position| {
            if let (Some(position), Some(list)) = (*position, list_ref.cast::<web_sys::Element>()) {
                let top = position as f64 * ROW_HEIGHT;
                let wanted = if top < current {
                    Some(top)
                } else if height > 0.0 && top + ROW_HEIGHT > current + height {
                    Some(top + ROW_HEIGHT - height)
                } else {
                    None
                };
                if let Some(wanted) = wanted {
                    list.set_scroll_top(wanted as i32);
                    scroll_top.set(wanted);
                }
            }
            || ()
        });
    }
    // The list is one tab stop: arrows move the selection (and open the allegation).
    let on_key = {
        let dispatch = app.dispatch.clone();
        let total = order.len() as i32;
        let at = selected_position.map(|position| position as i32);
        Callback::from(move |event: KeyboardEvent| {
            let delta = match event.key().as_str() {
                "ArrowDown" => 1,
                "ArrowUp" => -1,
                "PageDown" => 8,
                "PageUp" => -8,
                "Home" => -at.unwrap_or(0),
                "End" => total - 1 - at.unwrap_or(0),
                _ => return,
            };
            event.prevent_default();
            dispatch.emit(AppAction::Step(delta));
        })
    };
    let listed = !order.is_empty();
    let active_descendant = state.selected_allegation.as_deref().map(row_id);
    let first = ((*scroll_top / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN).min(order.len());
    let count = (*viewport / ROW_HEIGHT) as usize + 2 * OVERSCAN + 1;
    let last = (first + count).min(order.len());
    let rows = order[first..last].iter().enumerate().filter_map(|(offset, index)| {
        let allegation = case.allegations.get(*index)?;
        let position = first + offset;
        let selected = state.selected_allegation.as_deref() == Some(allegation.id.as_str());
        let verdict = state.session.review.current_verdict(&allegation.id).map(|entry| entry.record.verdict);
        let invalid = state.is_invalid(&allegation.id);
        let checking = state.is_pending(&allegation.id);
        let captures = case.matches.captures_for(&allegation.id).len();
        let onclick = {
            let dispatch = app.dispatch.clone();
            let id = allegation.id.to_string();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectAllegation(id.clone())))
        };
        let style = format!("top:{}px;height:{}px", position as u64 * ROW_HEIGHT as u64, ROW_HEIGHT as u64);
        let class =
            classes!("queue-item", selected.then_some("selected"), verdict.map(|v| v.as_str()), invalid.then_some("invalid"));
        Some(html! {
            <li key={allegation.id.to_string()} id={row_id(&allegation.id)} class={class} style={style} onclick={onclick}
                data-testid="queue-item" data-allegation-id={allegation.id.to_string()}
                aria-selected={selected.to_string()} role="option">
                <div class="host">
                    <bdi>{ crate::components::allegation_pane::reveal_invisible(&allegation.host_unicode) }</bdi>
                    if allegation.host_unicode != allegation.host {
                        <span class="punycode">{ allegation.host.clone() }</span>
                    }
                </div>
                <div class="meta">
                    { for allegation.flags.iter().map(|flag| html! { <span class={classes!("flag", flag.as_str())}>{ flag.as_str() }</span> }) }
                    <span class={classes!("match", (captures == 0).then_some("none"))}>
                        { match captures { 0 => "no capture".to_string(), 1 => "1 capture".to_string(), n => format!("{n} captures") } }
                    </span>
                    <span class="verdict-badge" data-testid="queue-verdict">{ verdict.map(|v| v.label()).unwrap_or("unreviewed") }</span>
                    if invalid {
                        <span class="invalid-badge" data-testid="queue-invalid"
                            title="This verdict does not stand under the evidence policy: open it to see why">{"invalid"}</span>
                    }
                    if checking {
                        <span class="pending-badge" data-testid="queue-pending">{"checking"}</span>
                    }
                </div>
                if let Some(claim) = &allegation.claim {
                    <div class="claim"><bdi>{ claim.clone() }</bdi></div>
                }
            </li>
        })
    });
    // Tenths of a percent, formatted as integers (no float formatting code in the bundle).
    let permille = (reviewed * 1000).checked_div(total).unwrap_or(0);

    html! {
        <aside class="queue-panel">
            <div class="progress" data-testid="progress" data-reviewed={reviewed.to_string()} data-total={total.to_string()}
                data-invalid={invalid.to_string()} data-pending={pending.to_string()} data-completing={state.completing.to_string()}>
                <div class="bar"><div class="fill" style={format!("width:{}.{}%", permille / 10, permille % 10)}></div></div>
                <span class="count">{ format!("{reviewed} / {total} reviewed") }</span>
                if invalid > 0 {
                    <span class="verdict-count invalid" data-testid="progress-invalid">{ format!("invalid (not counted): {invalid}") }</span>
                }
                if pending > 0 {
                    <span class="verdict-count pending" data-testid="progress-pending">{ format!("being checked: {pending}") }</span>
                }
                <span class="per-verdict">
                    { for counts.iter().filter(|(_, n)| *n > 0).map(|(verdict, n)| html! {
                        <span class={classes!("verdict-count", verdict.as_str())}>{ format!("{}: {n}", verdict.label()) }</span>
                    }) }
                </span>
            </div>
            <input class="filter" type="search" placeholder="Filter: host, claim, verdict, unreviewed, invalid"
                aria-label="Filter the queue" aria-keyshortcuts={state.shortcuts.aria(ShortcutAction::Filter)}
                data-testid="queue-filter" value={state.filter.clone()} oninput={on_filter} />
            <label class="sort">{"Sort "}
                <select data-testid="queue-sort" onchange={on_sort}>
                    { for QueueSort::ALL.iter().map(|(sort, key, label)| html! {
                        <option value={*key} selected={state.sort == *sort}>{ *label }</option>
                    }) }
                </select>
            </label>
            if let Some(mine) = state.my_assignment() {
                <label class="mine" data-testid="queue-all-allegations">
                    <input type="checkbox" checked={state.all_allegations}
                        onchange={{ let d = app.dispatch.clone(); let all = state.all_allegations; move |_| d.emit(AppAction::ShowAllAllegations(!all)) }} />
                    { format!(" Show every allegation (you are assigned {})", mine.len()) }
                </label>
            }
            <div class="queue-count">{ format!("{} of {} allegations", order.len(), case.allegations.len()) }</div>
            <ul class="queue" data-testid="queue" role={listed.then_some("listbox")} ref={list_ref} onscroll={on_scroll}
                tabindex={listed.then_some("0")} aria-label="Allegations (arrow keys choose one)"
                aria-activedescendant={active_descendant.filter(|_| listed)}
                aria-keyshortcuts={listed.then(|| [state.shortcuts.aria(ShortcutAction::Next), state.shortcuts.aria(ShortcutAction::Previous)].join(" ").trim().to_string())}
                onkeydown={on_key}>
                <li class="spacer" style={format!("height:{}px", order.len() as u64 * ROW_HEIGHT as u64)} aria-hidden="true"></li>
                { for rows }
            </ul>
        </aside>
    }
}
