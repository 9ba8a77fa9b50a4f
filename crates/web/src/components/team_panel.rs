//! The Team view: the coordinator's assignment (team members, reviewers per allegation, seed:
//! `team::assign`, recorded as an `AssignmentMade` event), each reviewer's load, where the
//! assigned allegations stand (`team::final_verdicts`), recording agreed verdicts as final, and
//! the adjudication queue with the reviewers' verdicts side by side. Reviewers' review files are
//! merged in Import → Review file; agreement figures are on the dashboard.
//!
//! Reads `state.session` (the log as this reviewer may see it): a blind reviewer sees only what
//! they may.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::app::{effects, use_app, AppAction, SyncSettings, SyncStatus, View};
use crate::domain::session::{Session, SessionAction};
use crate::domain::team::{assign, final_verdicts, parse_members, reviewer_statuses, reviewer_verdict, Final};

/// Where every assigned allegation stands, and how many agreed ones the log does not yet record
/// as final.
fn standing(session: &Session) -> (BTreeMap<crate::domain::ids::AllegationId, Final>, usize) {
    let Some(assignment) = &session.review.assignment else { return (BTreeMap::new(), 0) };
    let statuses = reviewer_statuses(&session.case, &session.review);
    let to_finalize = crate::domain::team::finalize_agreed(&session.review, assignment, &statuses).len();
    (final_verdicts(&session.review, assignment, &statuses), to_finalize)
}

/// Live sync with a CouchDB case database: the address, the user (the reviewer's profile name)
/// and the password (kept for this tab unless remembered), and where sync stands.
#[function_component(SyncSection)]
fn sync_section() -> Html {
    let app = use_app();
    let state = &app.state;
    let current = state.sync.settings.clone().unwrap_or_default();
    let url = use_state(|| current.url.clone());
    let user = use_state(|| if current.user.is_empty() { state.reviewer_name() } else { current.user.clone() });
    let password = use_state(String::new);
    let remember = use_state(|| false);
    let error = use_state(|| None::<String>);
    let on_connect = {
        let (url, user, password, remember, error) =
            (url.clone(), user.clone(), password.clone(), remember.clone(), error.clone());
        let dispatch = app.dispatch.clone();
        let kept = state.sync.password.clone();
        Callback::from(move |_: MouseEvent| {
            let address = url.trim().trim_end_matches('/').to_string();
            if let Err(message) = effects::sync_origin_allowed(&address) {
                error.set(Some(message));
                return;
            }
            if user.trim().is_empty() {
                error.set(Some("Type your CouchDB user name (your reviewer name).".to_string()));
                return;
            }
            let secret = if password.is_empty() { kept.clone().unwrap_or_default() } else { (*password).clone() };
            if secret.is_empty() {
                error.set(Some("Type your password.".to_string()));
                return;
            }
            error.set(None);
            let settings = SyncSettings { url: address, user: user.trim().to_string() };
            effects::configure_sync(Some((settings, secret)), *remember, &dispatch);
            password.set(String::new());
        })
    };
    let on_off = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| effects::configure_sync(None, false, &dispatch))
    };
    let typed = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                handle.set(input.value());
            }
        })
    };
    let status = &state.sync.status;
    let (pushed, pulled) = state.sync.last_counts;
    let status_text = match status {
        SyncStatus::NeverSynced if state.sync.settings.is_none() => {
            "Not set up: this case is kept in this browser and in exported files.".to_string()
        }
        SyncStatus::NeverSynced => "Never synced yet.".to_string(),
        SyncStatus::Syncing => "Syncing…".to_string(),
        SyncStatus::UpToDate(time) => {
            format!("Up to date at {time} (sent {pushed}, received {pulled} since connecting).")
        }
        SyncStatus::Offline(reason) => format!(
            "Offline: {reason}. Your work is kept here; sync resumes from its checkpoint when the server answers."
        ),
        SyncStatus::Refused(reason) => format!("Refused: {reason}."),
    };
    html! {
        <div class="team-sync" data-testid="sync-section">
            <h3>{"Live sync"}</h3>
            <p class="hint">{"Sync this case with a CouchDB database shared by the team: your own events go up, everyone's come down, each checked (the hash chain, the evidence gate, blind review). The password stays in this tab unless you ask to remember it, and is never written into exports."}</p>
            <div class="row">
                <label>{"Case database "}<input type="url" data-testid="sync-url" placeholder="https://couch.example.org/case-name"
                    value={(*url).clone()} oninput={typed(&url)} /></label>
                <label>{"User "}<input data-testid="sync-user" value={(*user).clone()} oninput={typed(&user)} /></label>
                <label>{"Password "}<input type="password" data-testid="sync-password" autocomplete="current-password"
                    value={(*password).clone()} oninput={typed(&password)} /></label>
                <label><input type="checkbox" data-testid="sync-remember" checked={*remember}
                    onchange={{ let r = remember.clone(); move |_| r.set(!*r) }} />{" Remember the password in this browser"}</label>
            </div>
            <div class="row">
                <button class="primary" data-testid="sync-connect" onclick={on_connect}>{ if state.sync.settings.is_some() { "Save and sync now" } else { "Connect and sync" } }</button>
                if state.sync.settings.is_some() {
                    <button data-testid="sync-off" onclick={on_off}>{"Stop syncing"}</button>
                }
            </div>
            <div role="status" aria-live="polite">
                if let Some(message) = &*error { <p class="error" data-testid="sync-error">{ message.clone() }</p> }
                <p data-testid="sync-status" data-state={status.name()}>{ status_text }</p>
            </div>
            if !state.sync.problems.is_empty() {
                <ul class="diagnostics" data-testid="sync-problems">
                    { for state.sync.problems.iter().map(|problem| html! { <li>{ problem.clone() }</li> }) }
                </ul>
            }
        </div>
    }
}

#[function_component(TeamPanel)]
pub fn team_panel() -> Html {
    let app = use_app();
    let state = &app.state;
    let session = state.session.clone();
    let case = &session.case;
    let assignment = session.review.assignment.clone();
    let members = use_state(|| {
        assignment.as_ref().map_or_else(String::new, |assignment| {
            assignment
                .reviewers
                .iter()
                .map(|member| {
                    if member.name == member.id {
                        member.id.clone()
                    } else {
                        format!("{}: {}", member.id, member.name)
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    });
    let per = use_state(|| assignment.as_ref().map_or(2, |assignment| assignment.per_allegation).to_string());
    let seed = use_state(|| assignment.as_ref().map_or(1, |assignment| assignment.seed).to_string());
    let error = use_state(|| None::<String>);
    let memo = {
        let session = session.clone();
        use_memo((session.events.len(), case.name.clone(), Rc::as_ptr(&session) as usize), move |_| standing(&session))
    };
    let (finals, to_finalize) = &*memo;

    let on_assign = {
        let (members, per, seed, error) = (members.clone(), per.clone(), seed.clone(), error.clone());
        let dispatch = app.dispatch.clone();
        let ids: Vec<crate::domain::ids::AllegationId> =
            case.allegations.iter().map(|allegation| allegation.id.clone()).collect();
        let reviewer = state.reviewer_name();
        Callback::from(move |_: MouseEvent| {
            let made = parse_members(&[members.as_str()]).and_then(|team| {
                if team.is_empty() {
                    return Err("Name the team: one reviewer per line, as id or id: Name.".to_string());
                }
                let per: usize =
                    per.trim().parse().map_err(|_| format!("“{}” is not a number of reviewers.", per.trim()))?;
                let seed: u64 =
                    seed.trim().parse().map_err(|_| format!("“{}” is not a seed (a whole number).", seed.trim()))?;
                if ids.is_empty() {
                    return Err("The case has no allegations to assign.".to_string());
                }
                assign(&ids, &team, per, seed).map_err(|problem| format!("The assignment cannot be made: {problem}."))
            });
            match made {
                Ok(assignment) => {
                    error.set(None);
                    dispatch.emit(AppAction::Review(SessionAction::Assign {
                        assignment,
                        stamp: effects::stamp(&reviewer),
                    }));
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let on_finalize = {
        let dispatch = app.dispatch.clone();
        let reviewer = state.reviewer_name();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(AppAction::Review(SessionAction::FinalizeAgreed { stamp: effects::stamp(&reviewer) }))
        })
    };
    let text_input = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                handle.set(input.value());
            }
        })
    };
    let on_members = {
        let members = members.clone();
        Callback::from(move |event: InputEvent| {
            if let Some(area) = event.target_dyn_into::<web_sys::HtmlTextAreaElement>() {
                members.set(area.value());
            }
        })
    };

    let loads = assignment.as_ref().map(|assignment| {
        let loads = assignment.loads();
        html! {
            <div data-testid="team-assignment">
                <p data-testid="team-summary">{ format!("{} allegations, each assigned to {} of {} reviewers (seed {}).",
                    assignment.allegations.len(), assignment.per_allegation, assignment.reviewers.len(), assignment.seed) }</p>
                <table data-testid="team-loads">
                    <caption>{"Allegations per reviewer"}</caption>
                    <tr><th>{"Reviewer"}</th><th>{"Id"}</th><th>{"Allegations"}</th></tr>
                    { for assignment.reviewers.iter().map(|member| html! {
                        <tr data-testid="team-load" data-reviewer={member.id.clone()}>
                            <td><bdi>{ member.name.clone() }</bdi></td><td><code>{ member.id.clone() }</code></td>
                            <td class="num">{ loads.get(&member.id).copied().unwrap_or(0) }</td>
                        </tr>
                    }) }
                </table>
            </div>
        }
    });

    let count = |wanted: fn(&Final) -> bool| finals.values().filter(|outcome| wanted(outcome)).count();
    let queue = finals.iter().filter(|(_, outcome)| outcome.needs_adjudication()).map(|(allegation_id, outcome)| {
        let host = case.allegation(allegation_id).map(|allegation| allegation.host_unicode.clone()).unwrap_or_default();
        let status = match outcome {
            Final::Disagreement { .. } => "reviewers disagree".to_string(),
            Final::Missing { reviewers } => format!("waiting for {}", reviewers.join(", ")),
            _ => String::new(),
        };
        let reviewers = assignment.as_ref().map(|assignment| assignment.reviewers_of(allegation_id).to_vec()).unwrap_or_default();
        let columns = reviewers.iter().map(|reviewer| {
            let entry = reviewer_verdict(&session.review, allegation_id, reviewer);
            html! {
                <td data-testid="adjudication-verdict" data-reviewer={reviewer.clone()}>
                    <strong>{ format!("{reviewer}: ") }</strong>
                    { entry.map_or("no verdict yet".to_string(), |entry| entry.record.verdict.label().to_string()) }
                    if let Some(entry) = entry { <div class="rationale" dir="auto">{ entry.record.rationale.clone() }</div> }
                </td>
            }
        });
        let open = {
            let dispatch = app.dispatch.clone();
            let allegation_id = allegation_id.to_string();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectAllegation(allegation_id.clone())))
        };
        html! {
            <tr data-testid="adjudication-item" data-allegation-id={allegation_id.to_string()}>
                <th scope="row"><code>{ allegation_id.to_string() }</code>{" "}<bdi>{ host }</bdi><div class="hint">{ status }</div></th>
                { for columns }
                <td><button data-testid="adjudicate-open" onclick={open}
                    aria-label={format!("Adjudicate allegation {allegation_id}")}>{"Adjudicate"}</button></td>
            </tr>
        }
    });
    let queue_len = count(Final::needs_adjudication);

    html! {
        <section class="team-panel" data-testid="team-panel">
            <h2>{"Team review"}</h2>
            <SyncSection />
            <div class="team-assign">
                <h3>{"Team and assignment"}</h3>
                <p class="hint">{"Each reviewer's id is the name they set in their reviewer profile: events are stamped with it. Reviewers work blind: on an allegation assigned to them, the others' work stays hidden until they record their own verdict and choose to open it."}</p>
                <label>{"Team (one per line: id or id: Name)"}
                    <textarea data-testid="team-members" rows="4" value={(*members).clone()} oninput={on_members} /></label>
                <div class="row">
                    <label>{"Reviewers per allegation "}
                        <input type="number" min="1" data-testid="team-per-allegation" value={(*per).clone()} oninput={text_input(&per)} /></label>
                    <label>{"Seed "}
                        <input type="number" min="0" data-testid="team-seed" value={(*seed).clone()} oninput={text_input(&seed)} /></label>
                    <button class="primary" data-testid="team-assign" onclick={on_assign}>
                        { if assignment.is_some() { "Make a new assignment" } else { "Assign the allegations" } }</button>
                </div>
                <div role="status" aria-live="polite">
                    if let Some(message) = &*error { <p class="error" data-testid="team-error">{ message.clone() }</p> }
                </div>
                { loads.unwrap_or_else(|| html! { <p class="empty" data-testid="team-none">{"No assignment yet: this case is reviewed by one reviewer."}</p> }) }
            </div>
            if assignment.is_some() {
                <div class="team-standing">
                    <h3>{"Where the allegations stand"}</h3>
                    <p data-testid="team-counts">{ format!("{} agreed, {} adjudicated, {} to adjudicate, {} awaiting a reviewer.",
                        count(|outcome| matches!(outcome, Final::Agreed { .. })),
                        count(|outcome| matches!(outcome, Final::Adjudicated { .. })),
                        count(|outcome| matches!(outcome, Final::Disagreement { .. })),
                        count(|outcome| matches!(outcome, Final::Missing { .. }))) }</p>
                    <button data-testid="team-finalize" onclick={on_finalize} disabled={*to_finalize == 0}>
                        { format!("Record {} agreed verdict{} as final", to_finalize, if *to_finalize == 1 { "" } else { "s" }) }</button>
                    <button data-testid="team-agreement" onclick={{ let d = app.dispatch.clone(); move |_| d.emit(AppAction::SetView(View::Dashboard)) }}>
                        {"Agreement figures (dashboard)"}</button>
                    <h3>{ format!("Adjudication queue ({queue_len})") }</h3>
                    if queue_len == 0 {
                        <p class="empty" data-testid="adjudication-empty">{"Nothing to adjudicate."}</p>
                    } else {
                        <table class="adjudication" data-testid="adjudication-queue">{ for queue }</table>
                    }
                </div>
            }
        </section>
    }
}
