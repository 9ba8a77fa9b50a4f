//! The case dashboard: verdict counts and progress, the language and script of the alleged sites
//! against their verdicts (an SVG chart), flags, sources, and one plain sentence with the
//! shared-trait finding. The worker computes it with `domain::export::dashboard`, the same
//! function the printable report uses, and renders it with `dashboard_html`.

use yew::prelude::*;

use crate::app::effects;
use crate::app::use_app;

#[function_component(Dashboard)]
pub fn dashboard() -> Html {
    let app = use_app();
    let state = &app.state;
    let view = use_state(|| None::<Result<String, String>>);
    {
        // Recomputed in the worker when the review changes (another event, another case).
        let view = view.clone();
        let handle = app.state.clone();
        let case = &state.session.case;
        let key = (case.name.clone(), state.session.events.len(), case.allegations.len(), case.captures.len());
        use_effect_with(key, move |_| {
            let events = handle.session.events.clone();
            wasm_bindgen_futures::spawn_local(async move { view.set(Some(effects::dashboard_html(events).await)) });
            || ()
        });
    }
    let markup = match &*view {
        Some(Ok(markup)) => markup.clone(),
        Some(Err(error)) => {
            return html! {
                <section class="dashboard" data-testid="dashboard">
                    <h2>{"Dashboard"}</h2>
                    <p class="error">{ format!("The dashboard could not be computed: {error}") }</p>
                </section>
            };
        }
        None => {
            return html! {
                <section class="dashboard" data-testid="dashboard">
                    <h2>{"Dashboard"}</h2>
                    <p class="hint">{"Counting…"}</p>
                </section>
            };
        }
    };
    html! {
        <section class="dashboard" data-testid="dashboard">
            <h2>{"Dashboard"}</h2>
            // Made by `dashboard_html` from escaped strings, never from captured markup.
            { Html::from_html_unchecked(AttrValue::from(markup)) }
        </section>
    }
}
