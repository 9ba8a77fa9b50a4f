//! The case dashboard: verdict counts and progress, the language and script of the alleged sites
//! against their verdicts (SVG drawn by `domain::export`), flags, sources, and one plain sentence
//! with the shared-trait finding.

use yew::prelude::*;

use crate::app::use_app;
use crate::domain::export;

#[function_component(Dashboard)]
pub fn dashboard() -> Html {
    let app = use_app();
    let state = &app.state;
    let file = export::review_file(&state.session.case, &state.session.events, "");
    let data = export::dashboard(&file);
    let svg = Html::from_html_unchecked(AttrValue::from(export::dashboard_svg(&data)));
    html! {
        <section class="dashboard" data-testid="dashboard">
            <h2>{"Dashboard"}</h2>
            <p class="finding" data-testid="finding">{ data.finding.clone() }</p>
            <div class="chart">{ svg }</div>
            <pre class="dashboard-data">{ serde_json::to_string_pretty(&data).unwrap_or_default() }</pre>
        </section>
    }
}
