//! The verdict form: verdict, rationale, reason, and the evidence policy evaluated live. The record
//! button stays disabled while any rule fails, with the reasons in plain words; the session refuses
//! the same verdict again if it is dispatched anyway. Shows the verdict's history.

use yew::prelude::*;

use crate::app::loader::stamp;
use crate::app::{use_app, AppAction};
use crate::domain::review_log::{Verdict, VerdictRecord};
use crate::domain::session::SessionAction;

#[derive(Properties, PartialEq)]
pub struct VerdictFormProps {
    pub allegation_id: AttrValue,
}

#[function_component(VerdictForm)]
pub fn verdict_form(props: &VerdictFormProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let rationale = use_state(String::new);
    let reason = use_state(String::new);
    {
        let rationale = rationale.clone();
        let reason = reason.clone();
        use_effect_with(props.allegation_id.clone(), move |_| {
            rationale.set(String::new());
            reason.set(String::new());
            || ()
        });
    }
    let history = state.session.review.verdicts.get(props.allegation_id.as_str()).cloned().unwrap_or_default();
    let verdict = state.draft_verdict;
    let citation_ids: Vec<String> =
        state.session.review.citations_for(&props.allegation_id).map(|cited| cited.id.clone()).collect();
    let record = verdict.map(|verdict| VerdictRecord {
        allegation_id: props.allegation_id.to_string(),
        verdict,
        rationale: rationale.trim().to_string(),
        reason: Some(reason.trim().to_string()).filter(|text| !text.is_empty()),
        citation_ids: if verdict == Verdict::Unreviewable { Vec::new() } else { citation_ids.clone() },
        reviewer_language: state.reviewer_language.clone(),
        reviewer_languages: Vec::new(),
    });
    let violations = record.as_ref().map(|record| state.session.evaluate_verdict(record)).unwrap_or_default();
    let can_record = record.is_some() && violations.is_empty();

    let on_select = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
                dispatch.emit(AppAction::DraftVerdict(Verdict::parse(&select.value())));
            }
        })
    };
    let on_record = {
        let dispatch = app.dispatch.clone();
        let record = record.clone();
        let reviewer = state.reviewer.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(record) = record.clone() {
                dispatch.emit(AppAction::Review(SessionAction::RecordVerdict { record, stamp: stamp(&reviewer) }));
            }
        })
    };
    let needs_reason = matches!(verdict, Some(Verdict::Inconclusive) | Some(Verdict::Unreviewable));
    let messages = if record.is_none() {
        html! { <li class="hint">{"Choose a verdict (keys 1–5)."}</li> }
    } else if violations.is_empty() {
        html! { <li class="ok" data-rule="accepted">{"All evidence rules hold: this verdict can be recorded."}</li> }
    } else {
        html! {
            { for violations.iter().map(|violation| html! {
                <li class="violation" data-rule={violation.rule.id()}>
                    <strong>{ violation.rule.id() }</strong>{": "}{ violation.message.clone() }
                </li>
            }) }
        }
    };
    let refused = (!state.refused.is_empty()).then(|| {
        html! {
            <p class="refused" data-testid="verdict-refused">{"The last verdict was refused: "}
                { state.refused.iter().map(|violation| violation.message.clone()).collect::<Vec<_>>().join(" ") }
            </p>
        }
    });

    html! {
        <section class="verdict-form">
            <h2>{"Verdict"}</h2>
            <label>{"Verdict"}
                <select data-testid="verdict-select" onchange={on_select}>
                    <option value="" selected={verdict.is_none()}>{"— choose —"}</option>
                    { for Verdict::ALL.iter().enumerate().map(|(index, option)| html! {
                        <option value={option.as_str()} selected={verdict == Some(*option)}>{ format!("{} ({})", option.label(), index + 1) }</option>
                    }) }
                </select>
            </label>
            <label>{"Rationale: what the cited evidence shows"}
                <textarea data-testid="rationale" dir="auto" value={(*rationale).clone()}
                    oninput={{ let r = rationale.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() { r.set(x.value()) } }} />
            </label>
            if needs_reason || !reason.is_empty() {
                <label>{"Reason (needed for inconclusive and unreviewable)"}
                    <input data-testid="verdict-reason" value={(*reason).clone()}
                        oninput={{ let r = reason.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlInputElement>() { r.set(x.value()) } }} />
                </label>
            }
            <ul class="policy-messages" data-testid="policy-messages">{ messages }</ul>
            { refused }
            <button data-testid="record-verdict" class="primary" disabled={!can_record} onclick={on_record}>{"Record verdict"}</button>
            if !history.is_empty() {
                <div class="history" data-testid="verdict-history">
                    <h3>{"Recorded"}</h3>
                    <ol>
                        { for history.iter().rev().map(|entry| html! {
                            <li>
                                <span class={classes!("verdict-badge", entry.record.verdict.as_str())} data-testid="recorded-verdict">{ entry.record.verdict.label() }</span>
                                { format!(" by {} at {} · {} citation(s)", entry.reviewer, entry.time, entry.record.citation_ids.len()) }
                                <div class="rationale" dir="auto">{ entry.record.rationale.clone() }</div>
                            </li>
                        }) }
                    </ol>
                </div>
            }
        </section>
    }
}
