//! The team's part of the review workspace, shown only in a team case (an assignment in force).
//!
//! - An assigned reviewer who has not opened the others' work sees a blind-review note and, once
//!   their own verdict is recorded, the button that opens it (a `Revealed` event: the log keeps
//!   what each reviewer had seen when they decided).
//! - Once opened, and for anyone the allegation is not assigned to (the adjudicator), the assigned
//!   reviewers' verdicts side by side: verdict, whether it stands, rationale, reason and the
//!   quoted evidence.
//! - The adjudicator also reads what their verdict will adjudicate (`team::adjudication_refs`,
//!   which the verdict form writes into the record and the gate checks).
//!
//! Everything shown comes from `state.session`, the log as this reviewer may see it.

use yew::prelude::*;

use crate::app::{effects, use_app, AppAction};
use crate::domain::session::SessionAction;
use crate::domain::team::{adjudication_refs, is_blind, reviewer_verdict};

#[derive(Properties, PartialEq)]
pub struct TeamBarProps {
    pub allegation_id: crate::domain::ids::AllegationId,
}

#[function_component(TeamBar)]
pub fn team_bar(props: &TeamBarProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let session = &state.session;
    let review = &session.review;
    let Some(assignment) = &review.assignment else { return html! {} };
    let allegation_id = &props.allegation_id;
    let reviewers = assignment.reviewers_of(allegation_id);
    if reviewers.is_empty() {
        return html! {};
    }
    let me = state.reviewer_name();
    let name_of = |id: &str| {
        assignment.reviewers.iter().find(|member| member.id == id).map_or(id.to_string(), |member| member.name.clone())
    };

    if is_blind(review, &me, allegation_id) {
        let decided = reviewer_verdict(review, allegation_id, &me).is_some();
        let on_reveal = {
            let dispatch = app.dispatch.clone();
            let allegation_id = allegation_id.clone();
            let reviewer = me.clone();
            Callback::from(move |_: MouseEvent| {
                dispatch.emit(AppAction::Review(SessionAction::Reveal {
                    allegation_id: allegation_id.clone(),
                    stamp: effects::stamp(&reviewer),
                }))
            })
        };
        return html! {
            <section class="team-bar blind" data-testid="team-bar" aria-label="Team review">
                <p data-testid="blind-note">
                    { format!("Blind review: this allegation is assigned to you and {} other reviewer{}. ",
                        reviewers.len() - 1, if reviewers.len() == 2 { "" } else { "s" }) }
                    { if decided {
                        "Your verdict is recorded: you may now open the others' work (the log records that you did)."
                    } else {
                        "Their verdicts, citations, notes and rationales stay hidden until you record your own verdict."
                    } }
                </p>
                if decided {
                    <button data-testid="reveal-others" onclick={on_reveal}>{"Show the other reviewers' work"}</button>
                }
            </section>
        };
    }

    let refs = adjudication_refs(review, allegation_id, &me);
    let columns = reviewers.iter().map(|reviewer| {
        let entry = reviewer_verdict(review, allegation_id, reviewer);
        let body = match entry {
            None => html! { <p class="empty">{"No verdict yet."}</p> },
            Some(entry) => {
                let stands = session.evaluate_verdict(&entry.record).is_empty();
                let quotes = entry.record.citation_ids.iter().filter_map(|id| review.citations.get(id)).map(|citation| {
                    html! {
                        <li><q dir="auto">{ citation.quoted_text().to_string() }</q>
                            if let Some(translation) = &citation.translation { <span class="translation" dir="auto">{ format!(" — {translation}") }</span> }
                        </li>
                    }
                });
                html! {
                    <>
                        <p><strong data-testid="team-verdict-value">{ entry.record.verdict.label() }</strong>
                            { if stands { " · stands" } else { " · does not stand under the evidence policy" } }
                            <span class="hint">{ format!(" · event {} at {}", entry.event_id, entry.time) }</span></p>
                        <p class="rationale" dir="auto">{ entry.record.rationale.clone() }</p>
                        if let Some(reason) = &entry.record.reason { <p class="reason" dir="auto">{ format!("Reason: {reason}") }</p> }
                        <ul class="quotes">{ for quotes }</ul>
                    </>
                }
            }
        };
        html! {
            <div class="team-column" data-testid="team-verdict" data-reviewer={reviewer.clone()}>
                <h4><bdi>{ name_of(reviewer) }</bdi></h4>
                { body }
            </div>
        }
    });
    html! {
        <section class="team-bar" data-testid="team-bar" aria-label="Team review">
            <h3>{"Assigned reviewers' verdicts"}</h3>
            <div class="team-columns">{ for columns }</div>
            if !refs.is_empty() {
                <p data-testid="adjudication-note">
                    { format!("You are not assigned to this allegation: the verdict you record adjudicates {} (events {}), and must rest on cited evidence like any verdict.",
                        refs.len(), refs.join(", ")) }
                </p>
            }
        </section>
    }
}
