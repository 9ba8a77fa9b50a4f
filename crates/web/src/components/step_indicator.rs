//! The guided steps for one allegation: claim, compare, over time (ready when the page shown was
//! captured at least twice), cite and decide, each marked done when the review state says so.

use yew::prelude::*;

use crate::app::use_app;
use crate::components::capture_pane::shown_capture;
use crate::domain::crawl;

#[derive(Properties, PartialEq)]
pub struct StepIndicatorProps {
    pub allegation_id: crate::domain::ids::AllegationId,
}

#[function_component(StepIndicator)]
pub fn step_indicator(props: &StepIndicatorProps) -> Html {
    let app = use_app();
    let session = &app.state.session;
    let matched = session.case.captures_for(&props.allegation_id);
    let captures = matched.len();
    let shown = shown_capture(&session.case, &props.allegation_id, app.state.selected_capture.as_deref());
    // Over time compares visits of the page shown, never two different pages.
    let visits = shown.map_or(0, |page| match crawl::over_time(page, &matched) {
        crawl::OverTime::Pair { visits, .. } => visits.len(),
        crawl::OverTime::OneVisit { .. } => 1,
    });
    let cited = session.review.citations_for(&props.allegation_id).count();
    let decided = session.review.current_verdict(&props.allegation_id).is_some();
    let steps = [
        ("1", "Claim", true, "Read what is alleged and how it was written"),
        ("2", "Compare", captures > 0, "The claim beside the capture: screenshot beside text"),
        ("3", "Over time", visits >= 2, "Two visits of the page shown side by side, with what was removed"),
        ("4", "Cite and decide", decided, "Cite evidence, then record a verdict"),
    ];
    html! {
        <ol class="steps" data-testid="steps">
            { for steps.iter().map(|(number, label, ready, hint)| {
                let class = classes!("step", ready.then_some("ready"));
                let status = match (*label, *ready) {
                    ("Over time", false) if captures > 1 => " (this page was captured once)".to_string(),
                    ("Over time", false) => " (one capture only)".to_string(),
                    ("Compare", false) => " (no capture)".to_string(),
                    ("Cite and decide", _) => format!(" ({cited} cited{})", if decided { ", decided" } else { "" }),
                    _ => String::new(),
                };
                html! { <li class={class} title={*hint}><span class="number">{ *number }</span>{ *label }{ status }</li> }
            }) }
        </ol>
    }
}
