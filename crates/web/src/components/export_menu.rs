//! Export buttons: the review file, W3C Web Annotations, schema.org ClaimReview, CSV and the
//! printable report. Each is built by `domain::export` in the worker, which holds the open case,
//! from the log as it is now, and offered as a download.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::effects;
use crate::app::use_app;
use crate::engine::ExportKind;

#[function_component(ExportMenu)]
pub fn export_menu() -> Html {
    let app = use_app();
    let open = use_state(|| false);
    let message = use_state(|| None::<String>);
    let menu_ref = use_node_ref();
    let toggle_ref = use_node_ref();
    // Opening the menu moves focus to its first item.
    {
        let menu_ref = menu_ref.clone();
        use_effect_with(*open, move |open| {
            if *open {
                if let Some(first) = menu_ref
                    .cast::<web_sys::Element>()
                    .and_then(|menu| menu.query_selector("button").ok().flatten())
                    .and_then(|first| first.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = first.focus();
                }
            }
            || ()
        });
    }
    // Escape closes it (focus back on the toggle); arrows move between its items.
    let on_key = {
        let open = open.clone();
        let menu_ref = menu_ref.clone();
        let toggle_ref = toggle_ref.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Escape" && *open {
                event.prevent_default();
                open.set(false);
                if let Some(toggle) = toggle_ref.cast::<web_sys::HtmlElement>() {
                    let _ = toggle.focus();
                }
            } else if key == "ArrowDown" || key == "ArrowUp" {
                let Some(menu) = menu_ref.cast::<web_sys::Element>() else { return };
                let Ok(list) = menu.query_selector_all("button") else { return };
                let items: Vec<web_sys::HtmlElement> = (0..list.length())
                    .filter_map(|index| list.item(index))
                    .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
                    .collect();
                let active = gloo::utils::document().active_element();
                let at = items.iter().position(|item| active.as_ref().is_some_and(|active| active == item.as_ref()));
                let next = match (at, key.as_str()) {
                    (Some(at), "ArrowDown") => (at + 1) % items.len().max(1),
                    (Some(at), _) => (at + items.len().max(1) - 1) % items.len().max(1),
                    (None, _) => 0,
                };
                if let Some(item) = items.get(next) {
                    event.prevent_default();
                    let _ = item.focus();
                }
            }
        })
    };
    // Focus leaving the menu closes it, so it never covers what is focused next (WCAG 2.4.11).
    let on_focus_out = {
        let open = open.clone();
        let container_ref = menu_ref.clone();
        Callback::from(move |event: FocusEvent| {
            let inside = event
                .related_target()
                .and_then(|target| target.dyn_into::<web_sys::Node>().ok())
                .zip(container_ref.cast::<web_sys::Node>())
                .is_some_and(|(target, menu)| menu.contains(Some(&target)));
            let on_toggle = event
                .related_target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|element| element.get_attribute("data-testid").as_deref() == Some("export-toggle"));
            if *open && !inside && !on_toggle {
                open.set(false);
            }
        })
    };
    let run = |kind: ExportKind| {
        let state = app.state.clone();
        let message = message.clone();
        let open = open.clone();
        let toggle_ref = toggle_ref.clone();
        Callback::from(move |_: MouseEvent| {
            open.set(false);
            if let Some(toggle) = toggle_ref.cast::<web_sys::HtmlElement>() {
                let _ = toggle.focus();
            }
            let events = state.session.events.clone();
            let message = message.clone();
            message.set(Some(format!("Preparing the {} export…", kind.file_suffix())));
            wasm_bindgen_futures::spawn_local(async move {
                match effects::export_and_download(kind, events).await {
                    Ok((name, bytes)) => message.set(Some(format!("Exported {name} ({bytes} bytes)"))),
                    Err(error) => message.set(Some(format!("Export failed: {error}"))),
                }
            });
        })
    };
    html! {
        <div class="export-menu" data-testid="export" onkeydown={on_key} onfocusout={on_focus_out}>
            <button onclick={{ let open = open.clone(); move |_| open.set(!*open) }} aria-expanded={open.to_string()}
                aria-controls="export-items" data-testid="export-toggle" ref={toggle_ref.clone()}>{"Export ▾"}</button>
            if *open {
                <div class="menu" id="export-items" ref={menu_ref} aria-label="Export formats" role="group">
                    <button data-testid="export-review" onclick={run(ExportKind::Review)}>{"Review file (JSON)"}</button>
                    <button data-testid="export-webannotation" onclick={run(ExportKind::WebAnnotation)}>{"W3C Web Annotations"}</button>
                    <button data-testid="export-claimreview" onclick={run(ExportKind::ClaimReview)}>{"schema.org ClaimReview"}</button>
                    <button data-testid="export-csv" onclick={run(ExportKind::Csv)}>{"CSV"}</button>
                    <button data-testid="export-report" onclick={run(ExportKind::Report)}>{"Printable report (HTML)"}</button>
                </div>
            }
            <span role="status" aria-live="polite" class="export-live">
                if let Some(text) = &*message { <span class="hint" data-testid="export-message">{ text.clone() }</span> }
            </span>
        </div>
    }
}
