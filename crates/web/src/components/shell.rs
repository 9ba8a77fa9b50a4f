//! The page frame: header (case, views, demo, export, save status), banners, the queue beside
//! the workspace, global keyboard shortcuts and the help overlay.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::effects;
use crate::app::{use_app, AppAction, SaveStatus, ShortcutAction, View};
use crate::components::allegation_pane::AllegationPane;
use crate::components::capture_list::CaptureList;
use crate::components::capture_pane::CapturePane;
use crate::components::citation_list::CitationList;
use crate::components::dashboard::Dashboard;
use crate::components::diff_view::DiffView;
use crate::components::export_menu::ExportMenu;
use crate::components::help_overlay::HelpOverlay;
use crate::components::import_panel::ImportPanel;
use crate::components::profile_dialog::{language_label, ProfileDialog};
use crate::components::queue::Queue;
use crate::components::step_indicator::StepIndicator;
use crate::components::team_bar::TeamBar;
use crate::components::team_panel::TeamPanel;
use crate::components::verdict_form::VerdictForm;

fn typing_in_field(event: &KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
        .map(|element| {
            let tag = element.tag_name();
            ["input", "textarea", "select"].iter().any(|name| tag.eq_ignore_ascii_case(name))
                || element.has_attribute("contenteditable")
        })
        .unwrap_or(false)
}

#[function_component(Shell)]
pub fn shell() -> Html {
    let app = use_app();
    let state = &app.state;

    // Global single-key shortcuts (j/k, c, r, 1–5, /, ? by default): each can be remapped, and all
    // turned off, in the keyboard help (WCAG 2.1.4). They never fire while typing in a field or
    // while a modal dialog is open.
    {
        let dispatch = app.dispatch.clone();
        let shortcuts = state.shortcuts.clone();
        use_effect_with(shortcuts, move |shortcuts| {
            let shortcuts = shortcuts.clone();
            let listener = gloo::events::EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                if event.ctrl_key() || event.meta_key() || event.alt_key() || typing_in_field(event) || dialog_open() {
                    return;
                }
                let key = event.key();
                if key == "Escape" {
                    dispatch.emit(AppAction::Banner(None));
                    return;
                }
                let Some(action) = shortcuts.action_for(&key) else { return };
                match action {
                    ShortcutAction::Next => dispatch.emit(AppAction::Step(1)),
                    ShortcutAction::Previous => dispatch.emit(AppAction::Step(-1)),
                    ShortcutAction::Help => {
                        event.prevent_default();
                        dispatch.emit(AppAction::ToggleHelp);
                    }
                    ShortcutAction::Filter => {
                        event.prevent_default();
                        focus("[data-testid=queue-filter]");
                    }
                    ShortcutAction::Cite => click("[data-testid=cite-button]"),
                    ShortcutAction::MarkRegion => {
                        event.prevent_default();
                        dispatch.emit(AppAction::MarkRegion);
                    }
                    other => {
                        if let Some(verdict) = other.verdict() {
                            dispatch.emit(AppAction::DraftVerdict(Some(verdict)));
                        }
                    }
                }
            });
            move || drop(listener)
        });
    }

    let set_view = |view: View| {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SetView(view)))
    };
    let load_demo = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            wasm_bindgen_futures::spawn_local(crate::app::effects::load_demo(dispatch.clone()));
        })
    };
    let tab = |view: View, label: &'static str, testid: &'static str| {
        let active = state.view == view;
        let class = if active { "tab active" } else { "tab" };
        html! {
            <button class={class} data-testid={testid} onclick={set_view(view)}
                aria-current={active.then_some("page")}>{label}</button>
        }
    };
    // How many events this browser's log holds (saved or on their way): what a reload must keep.
    let events = state.log.events.len().to_string();
    let save = match &state.save {
        SaveStatus::Saved => {
            html! { <span class="save ok" data-testid="save-status" data-events={events.clone()} data-state="saved">{"Saved"}</span> }
        }
        SaveStatus::Saving => {
            html! { <span class="save pending" data-testid="save-status" data-events={events.clone()} data-state="saving">{"Saving…"}</span> }
        }
        SaveStatus::LocalOnly(reason) => html! {
            <span class="save warn" data-testid="save-status" data-events={events.clone()} data-state="local" title={reason.clone()}>{"Saved in this browser only (localStorage)"}</span>
        },
        SaveStatus::Failed(reason) => html! {
            <span class="save bad" data-testid="save-status" data-events={events.clone()} data-state="unsaved" title={reason.clone()}>{"Not saved — export your review"}</span>
        },
    };
    let case = &state.session.case;
    let profile_button = {
        let open = {
            let dispatch = app.dispatch.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::OpenProfile(true)))
        };
        let (text, title) = match &state.profile {
            Some(profile) => (
                format!("{} · {}", profile.name, profile.languages.join(", ")),
                format!(
                    "Reviewer profile: {}, working in {}. Click to edit.",
                    profile.name,
                    profile.languages.iter().map(|code| language_label(code)).collect::<Vec<_>>().join(", ")
                ),
            ),
            None => ("Set your profile".to_string(), "Reviewer profile: not set yet".to_string()),
        };
        html! {
            <button class="profile-button" data-testid="profile-open" onclick={open} title={title.clone()}
                aria-haspopup="dialog"><bdi>{ text }</bdi></button>
        }
    };

    html! {
        <div class="shell">
            <header class="topbar">
                <h1>{"Exhibit"}</h1>
                <span class="case-name" data-testid="case-name">{ if case.name.is_empty() { "No case".to_string() } else { case.name.clone() } }</span>
                <nav class="tabs" aria-label="Views">
                    { tab(View::Review, "Review", "view-review") }
                    { tab(View::Captures, "Captures", "view-captures") }
                    { tab(View::Import, "Import", "view-import") }
                    { tab(View::Dashboard, "Dashboard", "view-dashboard") }
                    { tab(View::Team, "Team", "view-team") }
                </nav>
                <button data-testid="load-demo" onclick={load_demo}>{"Load demo case"}</button>
                <ExportMenu />
                { profile_button }
                // Saved / unsaved is announced to screen readers (WCAG 4.1.3).
                <span role="status" aria-live="polite" aria-atomic="true" class="save-live">{ save }</span>
                <button class="help-button" data-testid="help-open" aria-label="Keyboard shortcuts and settings"
                    aria-keyshortcuts={state.shortcuts.aria(ShortcutAction::Help)} aria-haspopup="dialog"
                    onclick={{ let d = app.dispatch.clone(); move |_| d.emit(AppAction::ToggleHelp) }}>{"?"}</button>
            </header>
            if let Some(banner) = &state.banner {
                <div class="banner" role="alert" data-testid="banner">
                    <span>{ banner.clone() }</span>
                    <button data-testid="banner-dismiss" onclick={{ let d = app.dispatch.clone(); move |_| d.emit(AppAction::Banner(None)) }}>{"Dismiss"}</button>
                </div>
            }
            if let SaveStatus::Failed(reason) = &state.save {
                <div class="banner bad" role="alert" data-testid="storage-banner">
                    { format!("Your last changes could not be saved ({reason}). They are kept in this tab: export the review file now.") }
                </div>
            }
            // Loading and import progress, announced (the live region is always there).
            <div role="status" aria-live="polite" class="loading-live">
                if let Some(message) = &state.loading {
                    <div class="loading" data-testid="loading">
                        <span>{ message.clone() }</span>
                        if let Some((done, total)) = state.load_progress {
                            <progress max={total.to_string()} value={done.to_string()} aria-label={message.clone()} />
                            <span class="visually-hidden">{ format!("{done} of {total}") }</span>
                        }
                        if state.loading_cancellable {
                            <button data-testid="import-cancel" class="loading-cancel"
                                onclick={|_| { effects::cancel_import(); }}>{"Cancel import"}</button>
                        }
                    </div>
                }
            </div>
            <div class="layout">
                <Queue />
                // Focusable so a keyboard can scroll it in every view (some have no control inside).
                <main class="workspace" id="workspace" tabindex="0" aria-label="Workspace">
                    { match state.view {
                        View::Review => html! { <ReviewWorkspace /> },
                        View::Captures => html! { <CaptureList /> },
                        View::Import => html! { <ImportPanel /> },
                        View::Dashboard => html! { <Dashboard /> },
                        View::Team => html! { <TeamPanel /> },
                    } }
                </main>
            </div>
            if state.help_open { <HelpOverlay /> }
            if state.profile_dialog_shown() { <ProfileDialog /> }
        </div>
    }
}

#[function_component(ReviewWorkspace)]
fn review_workspace() -> Html {
    let app = use_app();
    let state = &app.state;
    let Some(allegation_id) = state.selected_allegation.as_deref().map(crate::domain::ids::AllegationId::from) else {
        return html! { <p class="empty">{"No allegation selected. Load the demo case or import a list."}</p> };
    };
    let captures = state.session.case.captures_for(&allegation_id);
    html! {
        <div class="review">
            <StepIndicator allegation_id={allegation_id.clone()} />
            <div class="compare">
                <AllegationPane allegation_id={allegation_id.clone()} />
                <CapturePane allegation_id={allegation_id.clone()} />
            </div>
            if captures.len() >= 2 {
                <DiffView allegation_id={allegation_id.clone()} />
            }
            <TeamBar allegation_id={allegation_id.clone()} />
            <div class="decide">
                <CitationList allegation_id={allegation_id.clone()} />
                <VerdictForm allegation_id={allegation_id} />
            </div>
        </div>
    }
}

/// Whether a modal dialog (the reviewer profile) is open: shortcuts then wait.
fn dialog_open() -> bool {
    matches!(gloo::utils::document().query_selector("[role=dialog][aria-modal=true]"), Ok(Some(_)))
}

fn focus(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    }
}

fn click(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            element.click();
        }
    }
}
