//! The yew app: one `AppState`, one `AppAction`, one reducer that delegates review transitions to
//! `domain::session::apply`, and one context reached through `use_app()`. Effects here call `io`
//! (loading, saving, tabs); components only render and dispatch.
//!
//! Nothing here parses, matches or judges: that is `domain`'s work.

pub mod effects;
/// Browser I/O: private to the app, so that no component can name it (a compile error).
mod io;
pub mod loader;
pub mod state;

/// The worker binary's entry point (`exhibit-worker`).
pub use io::worker::run_worker;

/// Browser I/O reached by the wasm tests (`crates/web/tests`), never by components: the layering
/// test (tests/layering.rs) refuses any component line that names it.
#[doc(hidden)]
pub mod testing {
    pub use super::io::{clock, hash, storage};
}

use yew::prelude::*;

pub use state::{
    AppAction, AppState, QueueSort, SaveStatus, ShortcutAction, Shortcuts, SyncSettings, SyncStatus, TextReveal, View,
};

use crate::components::shell::Shell;

/// What every component gets from context: the state and the one way to change it.
#[derive(Clone)]
pub struct AppContext {
    pub state: UseReducerHandle<AppState>,
    pub dispatch: Callback<AppAction>,
    /// `state.revision` when this context was made.
    revision: u64,
}

impl AppContext {
    pub fn new(state: UseReducerHandle<AppState>, dispatch: Callback<AppAction>) -> AppContext {
        let revision = state.revision;
        AppContext { state, dispatch, revision }
    }
}

/// Equal when made from the same revision of the state. (The handle's own `==` compares whole
/// states, the case and its captured texts included, on every render of the provider; and a
/// handle always reads the newest state, so the revision is taken when the context is made.)
impl PartialEq for AppContext {
    fn eq(&self, other: &Self) -> bool {
        self.revision == other.revision && self.dispatch == other.dispatch
    }
}

/// The one hook components use to reach the app. Components are only ever mounted inside
/// `App` (or a test harness that provides the same context).
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("Exhibit components are mounted inside the app context")
}

/// The callback that saves shortcut settings (stored in this browser by the app's effects, then
/// made the app's): what the help overlay's controls emit.
#[hook]
pub fn use_save_shortcuts() -> Callback<Shortcuts> {
    let dispatch = use_app().dispatch;
    Callback::from(move |shortcuts: Shortcuts| loader::save_shortcuts(shortcuts, &dispatch))
}

#[function_component(App)]
pub fn app() -> Html {
    let reducer = use_reducer(AppState::deferring);
    let dispatcher = reducer.dispatcher();
    let dispatch = use_memo((), move |_| Callback::from(move |action: AppAction| dispatcher.dispatch(action)));
    let context = AppContext::new(reducer.clone(), (*dispatch).clone());

    // Open storage, then restore the last case or load the demo on first visit.
    {
        let dispatch = (*dispatch).clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(loader::start(dispatch));
            || ()
        });
    }
    // Persist every appended event; the state says saved only after it read back.
    {
        let dispatch = (*dispatch).clone();
        let outbox = reducer.outbox.clone();
        let case_key = reducer.case_key.clone();
        let key = (outbox.len(), outbox.last().map(|event| event.id.clone()));
        use_effect_with(key, move |_| {
            if !outbox.is_empty() {
                wasm_bindgen_futures::spawn_local(loader::persist(case_key, outbox, dispatch));
            }
            || ()
        });
    }
    // Judge the verdicts a reopened case, a merged log or an undo left pending, a slice of about
    // 25 ms at a time with the page free in between; mark when none is left.
    {
        let dispatch = (*dispatch).clone();
        // The blind view of a team member is a session of its own, with its own pending.
        // Nothing is judged before the policy's tables are in (`AppState::policy_ready`).
        let pending = (reducer.log.pending.len(), reducer.session.pending.len(), reducer.policy_ready);
        use_effect_with(pending, move |&(log, shown, ready)| {
            let slice = (ready && log + shown > 0).then(|| {
                gloo::timers::callback::Timeout::new(0, move || {
                    dispatch.emit(AppAction::JudgePending { budget_ms: 25.0, now: io::clock::now_ms })
                })
            });
            if ready && log + shown == 0 {
                io::clock::mark("exhibit-gate-settled");
            }
            move || drop(slice)
        });
    }
    // Hear other tabs' events.
    {
        let dispatch = (*dispatch).clone();
        use_effect_with((), move |_| {
            let channel = crate::app::io::tabs::TabChannel::open(move |json| {
                let dispatch = dispatch.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let events = crate::app::io::worker::read_events(vec![json]).await.events;
                    if !events.is_empty() {
                        dispatch.emit(AppAction::Remote(events));
                    }
                });
            });
            loader::set_channel(channel);
            || loader::set_channel(None)
        });
    }

    // Live sync: the settings kept in this browser, then a sync whenever the log changes and every
    // 15 seconds while configured (not after a refusal: that waits for new settings).
    let tick = use_state(|| 0u32);
    {
        let dispatch = (*dispatch).clone();
        let tick = tick.clone();
        use_effect_with((), move |_| {
            if let Some(saved) = effects::saved_sync() {
                dispatch.emit(AppAction::SyncConfigured(Some(saved)));
            }
            let interval = gloo::timers::callback::Interval::new(15_000, move || tick.set(tick.wrapping_add(1)));
            move || drop(interval)
        });
    }
    {
        let dispatch = (*dispatch).clone();
        let state = reducer.clone();
        let configured = state.sync.settings.is_some() && state.sync.password.is_some();
        let key = (configured, state.sync.settings.clone(), state.log.events.len(), state.case_key.clone(), *tick);
        use_effect_with(key, move |_| {
            let idle = !matches!(state.sync.status, SyncStatus::Syncing | SyncStatus::Refused(_));
            if let (true, true, Some(settings), Some(password)) = (
                configured,
                idle && !state.case_key.is_empty(),
                state.sync.settings.clone(),
                state.sync.password.clone(),
            ) {
                let events = state.log.events.clone();
                let case_key = state.case_key.clone();
                wasm_bindgen_futures::spawn_local(effects::sync_once(settings, password, case_key, events, dispatch));
            }
            || ()
        });
    }

    html! {
        <ContextProvider<AppContext> context={context}>
            <Shell />
        </ContextProvider<AppContext>>
    }
}

/// Mounts the app on `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
