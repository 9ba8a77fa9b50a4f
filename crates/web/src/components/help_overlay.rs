//! The keyboard help (`?`): the keyboard map, and the single-key shortcut settings — turn them all
//! off, or remap each one (WCAG 2.1.4). A modal dialog: focus starts on its Close button and stays
//! inside (Tab wraps), Escape closes it, and focus returns to the help button.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::{use_app, AppAction, ShortcutAction};
use crate::components::profile_dialog::trap_tab;

/// The keys that are not single-key shortcuts (always on, never remapped).
const FIXED_KEYS: [(&str, &str); 10] = [
    ("Tab / Shift+Tab", "move between controls (focus is always outlined)"),
    ("↑ / ↓, Home / End (in the queue)", "previous / next allegation, first / last"),
    (
        "← → ↑ ↓ (in the capture text)",
        "move the caret: Ctrl+← → by word, ↑ ↓ by line, Ctrl+↑ ↓ to the previous / next paragraph",
    ),
    ("Shift + arrows (in the capture text)", "select a passage to cite (Ctrl+Shift by word)"),
    ("Ctrl+Home / End, Ctrl+F (in the capture text)", "the caret to the start / end of the text; the find box"),
    ("Enter (on the screenshot)", "start marking a region"),
    ("arrows / Shift+arrows (on the screenshot)", "move / resize the region (Alt: 1 pixel steps)"),
    ("Enter / Space", "press the focused button, open a select"),
    ("Esc", "close this help, the export menu or a message; cancel a region"),
    ("Enter (in a note or a select)", "keep the value"),
];

fn focus_help_button() {
    gloo::timers::callback::Timeout::new(0, || {
        if let Ok(Some(element)) = gloo::utils::document().query_selector("[data-testid=help-open]") {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    })
    .forget();
}

#[function_component(HelpOverlay)]
pub fn help_overlay() -> Html {
    let app = use_app();
    let shortcuts = app.state.shortcuts.clone();
    let dialog_ref = use_node_ref();
    let close_ref = use_node_ref();
    {
        let close_ref = close_ref.clone();
        use_effect_with((), move |_| {
            if let Some(button) = close_ref.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
            || ()
        });
    }
    let close = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(AppAction::ToggleHelp);
            focus_help_button();
        })
    };
    let on_key = {
        let dispatch = app.dispatch.clone();
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                dispatch.emit(AppAction::ToggleHelp);
                focus_help_button();
            }
            "Tab" => {
                if let Some(dialog) = dialog_ref.cast::<web_sys::Element>() {
                    trap_tab(&dialog, &event);
                }
            }
            _ => {}
        })
    };
    let save = crate::app::use_save_shortcuts();
    let on_enabled = {
        let save = save.clone();
        let shortcuts = shortcuts.clone();
        Callback::from(move |event: Event| {
            if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                let mut next = shortcuts.clone();
                next.enabled = input.checked();
                save.emit(next);
            }
        })
    };
    let on_reset = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save.emit(Default::default()))
    };
    let rows = ShortcutAction::ALL.iter().map(|action| {
        let action = *action;
        let onchange = {
            let save = save.clone();
            let shortcuts = shortcuts.clone();
            Callback::from(move |event: Event| {
                if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
                    save.emit(shortcuts.remap(action, &input.value()));
                }
            })
        };
        let id = format!("shortcut-{}", action.id());
        html! {
            <tr>
                <td><input id={id.clone()} data-testid={id.clone()} maxlength="1" value={shortcuts.key(action)}
                    disabled={!shortcuts.enabled} {onchange} autocomplete="off" /></td>
                <td><label for={id}>{ action.description() }</label></td>
            </tr>
        }
    });
    let state_line = if shortcuts.enabled {
        "Single-key shortcuts are on. They never act while you type in a field."
    } else {
        "Single-key shortcuts are off: use Tab and the buttons."
    };
    html! {
        <div class="overlay" data-testid="help-overlay">
            <div class="dialog help-dialog" role="dialog" aria-modal="true" aria-labelledby="help-title"
                ref={dialog_ref} onkeydown={on_key}>
                <h2 id="help-title">{"Keyboard"}</h2>
                <p>{"Everything works without a pointer. Select text in the capture and cite it (c); mark a screenshot region with the keyboard (r, then arrows) or by dragging."}</p>
                <fieldset class="shortcut-settings">
                    <legend>{"Single-key shortcuts"}</legend>
                    <label class="toggle">
                        <input type="checkbox" data-testid="shortcuts-enabled" checked={shortcuts.enabled} onchange={on_enabled} />
                        {" Use single-key shortcuts"}
                    </label>
                    <p class="shortcut-note" role="status" data-testid="shortcuts-state">{ state_line }</p>
                    <table>
                        <thead><tr><th scope="col">{"Key"}</th><th scope="col">{"Action"}</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                    <p class="shortcut-note">{"Type one character to remap an action (a key taken by another action moves here); leave it empty to turn that one off."}</p>
                    <button type="button" data-testid="shortcuts-reset" onclick={on_reset}>{"Restore the default keys"}</button>
                </fieldset>
                <h3>{"Always on"}</h3>
                <table class="fixed-keys">
                    <tbody>{ for FIXED_KEYS.iter().map(|(key, what)| html! { <tr><th scope="row"><kbd>{ *key }</kbd></th><td>{ *what }</td></tr> }) }</tbody>
                </table>
                <p>{"Give each citation a finding (what it shows, from the case's codebook). Your name and working languages are in your profile (the button with your name): a quote not reliably in one of your languages needs your translation."}</p>
                <button data-testid="help-close" ref={close_ref} onclick={close}>{"Close"}</button>
            </div>
        </div>
    }
}
