//! The verdict form: verdict, rationale, reason, and the evidence policy evaluated live. The record
//! button stays disabled while any rule fails, with the reasons in plain words and a checklist of
//! every rule; the session refuses the same verdict again if it is dispatched anyway. A recorded
//! verdict that no longer stands (the session's gate re-judges it after every change, and judges
//! every verdict restored, merged or imported) is shown as invalid with its rules. Shows the
//! verdict's history.

use std::rc::Rc;

use yew::prelude::*;

use crate::app::effects::stamp;
use crate::app::{use_app, AppAction, ShortcutAction};
use crate::domain::policy::{Rule, Violation};
use crate::domain::review_log::{Verdict, VerdictEntry, VerdictRecord};
use crate::domain::session::{Session, SessionAction};

#[derive(Properties, PartialEq)]
pub struct VerdictFormProps {
    pub allegation_id: crate::domain::ids::AllegationId,
}

/// The session, equal only to itself: the app makes a new one for every change of the review.
struct SameSession(Rc<Session>);

impl PartialEq for SameSession {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Every rule with whether the draft meets it, as a checklist (text, not only colour).
fn checklist(violations: &[Violation]) -> Html {
    html! {
        <ul class="policy-checklist" data-testid="policy-checklist" aria-label="Evidence rules">
            { for Rule::ALL.iter().map(|rule| {
                let holds = violations.iter().all(|violation| violation.rule != *rule);
                html! {
                    <li class={if holds { "rule ok" } else { "rule failed" }} data-rule={rule.id()}
                        data-state={if holds { "ok" } else { "failed" }}>
                        <span class="mark">{ if holds { "✓ met" } else { "✗ not met" } }</span>
                        {" "}<span class="rule-text">{ rule.description() }</span>
                        {" "}<code class="rule-id">{ rule.id() }</code>
                    </li>
                }
            }) }
        </ul>
    }
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
    let history: &[VerdictEntry] =
        state.session.review.verdicts.get(props.allegation_id.as_str()).map(Vec::as_slice).unwrap_or_default();
    let status = state.session.verdict_status(&props.allegation_id);
    let verdict = state.draft_verdict;
    let languages = state.reviewer_languages();
    let has_profile = state.profile.is_some();
    let record = verdict.map(|verdict| VerdictRecord {
        allegation_id: props.allegation_id.clone(),
        verdict,
        rationale: rationale.trim().to_string(),
        reason: Some(reason.trim().to_string()).filter(|text| !text.is_empty()),
        citation_ids: if verdict == Verdict::Unreviewable {
            Vec::new()
        } else {
            state.session.review.citations_for(&props.allegation_id).map(|cited| cited.id.clone()).collect()
        },
        reviewer_language: languages.first().cloned().unwrap_or_default(),
        reviewer_languages: languages,
        adjudicates: crate::domain::team::adjudication_refs(
            &state.session.review,
            &props.allegation_id,
            &state.reviewer_name(),
        ),
    });
    // The policy's answer depends only on the session and the draft: judged again when either
    // changes, not on every render (judging builds the case's capture index and copies the text of
    // later captures).
    let violations = use_memo((SameSession(state.session.clone()), record.clone()), |(session, record)| {
        record.as_ref().map(|record| session.0.evaluate_verdict(record)).unwrap_or_default()
    });
    let can_record = record.is_some() && violations.is_empty() && has_profile;

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
        let reviewer = state.reviewer_name();
        Callback::from(move |_: MouseEvent| {
            if !has_profile {
                return;
            }
            if let Some(record) = record.clone() {
                dispatch.emit(AppAction::Review(SessionAction::RecordVerdict { record, stamp: stamp(&reviewer) }));
            }
        })
    };
    let open_profile = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::OpenProfile(true)))
    };
    let needs_reason = matches!(verdict, Some(Verdict::Inconclusive) | Some(Verdict::Unreviewable));
    let messages = if record.is_none() {
        html! { <li class="hint">{"Choose a verdict."}</li> }
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
            <p class="refused" role="alert" data-testid="verdict-refused">{"The last verdict was refused: "}
                { state.refused.iter().map(|violation| violation.message.clone()).collect::<Vec<_>>().join(" ") }
            </p>
        }
    });
    // The current verdict as the gate judges it now.
    let checking = state.is_pending(&props.allegation_id);
    let current = history.last().map(|entry| {
        let invalid = status.filter(|status| status.event_id == entry.event_id && !status.is_valid());
        if checking {
            return html! {
                <p class="verdict-pending" data-testid="verdict-pending" data-verdict={entry.record.verdict.as_str()}>
                    { format!("Current verdict: {} — being checked against the evidence policy.", entry.record.verdict.label()) }
                </p>
            };
        }
        match invalid {
            Some(status) => html! {
                <div class="verdict-invalid" data-testid="verdict-invalid" data-verdict={entry.record.verdict.as_str()}>
                    <p><strong class="invalid-badge">{"Invalid"}</strong>
                        { format!(
                            " — the current verdict “{}” (recorded by {} at {}) does not stand under the evidence policy: it is \
                             not counted as reviewed and not exported as a verdict. Fix what is listed, or record a new verdict.",
                            entry.record.verdict.label(), entry.reviewer, entry.time
                        ) }
                    </p>
                    <ul class="violations">
                        { for status.violations.iter().map(|violation| html! {
                            <li data-testid="verdict-violation" data-rule={violation.rule.id()}>
                                <strong>{ violation.rule.id() }</strong>{": "}{ violation.message.clone() }
                            </li>
                        }) }
                    </ul>
                </div>
            },
            None => html! {
                <p class="verdict-current" data-testid="verdict-current" data-verdict={entry.record.verdict.as_str()}>
                    { format!("Current verdict: {} — it stands under the evidence policy.", entry.record.verdict.label()) }
                </p>
            },
        }
    });
    let current_event = history.last().map(|entry| entry.event_id.clone());
    let current_invalid = status.is_some_and(|status| !status.is_valid());

    html! {
        <section class="verdict-form">
            <h2>{"Verdict"}</h2>
            // The verdict as it stands, announced when it changes (recorded, or found invalid).
            <div role="status" aria-live="polite" class="verdict-live">{ current.unwrap_or_default() }</div>
            if !has_profile {
                <p class="hint" data-testid="verdict-needs-profile">
                    {"Set your name and working languages before recording a verdict: they are stamped into it. "}
                    <button class="link" onclick={open_profile}>{"Set your profile"}</button>
                </p>
            }
            <label>{"Verdict"}
                <select data-testid="verdict-select" onchange={on_select} aria-keyshortcuts={
                    [ShortcutAction::Verdict1, ShortcutAction::Verdict2, ShortcutAction::Verdict3, ShortcutAction::Verdict4, ShortcutAction::Verdict5]
                        .iter().map(|action| state.shortcuts.aria(*action)).filter(|key| !key.is_empty()).collect::<Vec<_>>().join(" ")
                }>
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
                    <input data-testid="verdict-reason" dir="auto" value={(*reason).clone()}
                        oninput={{ let r = reason.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlInputElement>() { r.set(x.value()) } }} />
                </label>
            }
            <ul class="policy-messages" data-testid="policy-messages" aria-live="polite">{ messages }</ul>
            if record.is_some() {
                <details class="policy-rules" open={!violations.is_empty()}>
                    <summary>{"Evidence rules"}</summary>
                    { checklist(&violations) }
                </details>
            }
            { refused }
            <button data-testid="record-verdict" class="primary" disabled={!can_record} onclick={on_record}>{"Record verdict"}</button>
            if !history.is_empty() {
                <div class="history" data-testid="verdict-history">
                    <h3>{"Verdict history"}</h3>
                    <ol>
                        { for history.iter().rev().map(|entry| {
                            let is_current = current_event.as_deref() == Some(entry.event_id.as_str());
                            let standing = match (is_current, current_invalid, checking) {
                                (true, _, true) => "checking",
                                (true, true, false) => "invalid",
                                (true, false, false) => "current",
                                (false, _, _) => "superseded",
                            };
                            html! {
                                <li data-standing={standing}>
                                    <span class={classes!("verdict-badge", entry.record.verdict.as_str(), (standing == "invalid").then_some("invalid"))}
                                        data-testid="recorded-verdict">{ entry.record.verdict.label() }</span>
                                    if standing == "invalid" { <span class="invalid-badge">{" Invalid"}</span> }
                                    { format!(" {standing} · by {} at {} · {} citation(s)", entry.reviewer, entry.time, entry.record.citation_ids.len()) }
                                    if !entry.record.languages().is_empty() {
                                        { format!(" · working in {}", entry.record.languages().join(", ")) }
                                    }
                                    <div class="rationale" dir="auto">{ entry.record.rationale.clone() }</div>
                                </li>
                            }
                        }) }
                    </ol>
                </div>
            }
        </section>
    }
}
