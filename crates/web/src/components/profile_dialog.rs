//! The reviewer profile: a name and working languages (ISO 639-3), asked on first use before
//! anything is reviewed and editable later from the shell's profile button. The name is stamped
//! into every event and named by every export; the languages go into every verdict and decide
//! which quotes need the reviewer's translation (`policy::translation_needed`).
//!
//! A modal dialog: labelled, focus starts in the name field and stays inside the dialog (Tab and
//! Shift+Tab wrap), Enter saves, Escape closes it when a profile already exists.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::state::{language_code, ReviewerProfile};
use crate::app::{use_app, AppAction};

/// Languages offered by name: `(code, name)`. Any other ISO 639-3 code can be typed.
pub const COMMON_LANGUAGES: [(&str, &str); 26] = [
    ("eng", "English"),
    ("ara", "Arabic"),
    ("pes", "Persian (Farsi)"),
    ("rus", "Russian"),
    ("tur", "Turkish"),
    ("fra", "French"),
    ("deu", "German"),
    ("spa", "Spanish"),
    ("urd", "Urdu"),
    ("heb", "Hebrew"),
    ("ckb", "Kurdish, Sorani"),
    ("kmr", "Kurdish, Kurmanji"),
    ("che", "Chechen"),
    ("pus", "Pashto"),
    ("aze", "Azerbaijani"),
    ("uzb", "Uzbek"),
    ("hin", "Hindi"),
    ("ben", "Bengali"),
    ("ind", "Indonesian"),
    ("por", "Portuguese"),
    ("ita", "Italian"),
    ("nld", "Dutch"),
    ("ukr", "Ukrainian"),
    ("cmn", "Chinese (Mandarin)"),
    ("amh", "Amharic"),
    ("som", "Somali"),
];

/// A language's name for the reviewer: `Arabic (ara)`, or the bare code when unknown.
pub fn language_label(code: &str) -> String {
    let name = COMMON_LANGUAGES
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, name)| *name)
        .or_else(|| crate::domain::language::language_name(code));
    match name {
        Some(name) => format!("{name} ({code})"),
        None => code.to_string(),
    }
}

/// Whether the language detector can identify a language at all (it has no Kurdish, Chechen or
/// Pashto, for example): quotes in one it cannot identify always need a translation.
pub fn detectable(code: &str) -> bool {
    crate::domain::language::language_name(code).is_some()
}

const UNDETECTABLE_NOTE: &str = "the language detector cannot identify it, so quotes in it always need a translation \
     into another of your languages";

fn value_of(event: &Event) -> String {
    event
        .target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
        .or_else(|| event.target_dyn_into::<web_sys::HtmlSelectElement>().map(|select| select.value()))
        .unwrap_or_default()
}

fn input_value(event: &InputEvent) -> String {
    event.target_dyn_into::<web_sys::HtmlInputElement>().map(|input| input.value()).unwrap_or_default()
}

/// Moves focus back to the profile button once the dialog is gone.
fn focus_profile_button() {
    gloo::timers::callback::Timeout::new(0, || {
        if let Ok(Some(element)) = gloo::utils::document().query_selector("[data-testid=profile-open]") {
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let _ = element.focus();
            }
        }
    })
    .forget();
}

/// Keeps Tab inside the dialog: from the last control to the first, and back with Shift.
pub fn trap_tab(dialog: &web_sys::Element, event: &KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all("input, select, button, textarea, [tabindex]") else { return };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|index| list.item(index))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|element| !element.has_attribute("disabled"))
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else { return };
    let active = gloo::utils::document().active_element();
    let at = |element: &web_sys::HtmlElement| active.as_ref().is_some_and(|active| active == element.as_ref());
    if event.shift_key() && at(first) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}

#[function_component(ProfileDialog)]
pub fn profile_dialog() -> Html {
    let app = use_app();
    let state = &app.state;
    let existing = state.profile.clone();
    let name = {
        let existing = existing.clone();
        use_state(move || existing.map(|profile| profile.name).unwrap_or_else(crate::app::effects::remembered_name))
    };
    let languages = {
        let existing = existing.clone();
        use_state(move || existing.map(|profile| profile.languages).unwrap_or_default())
    };
    let choice = use_state(|| COMMON_LANGUAGES[0].0.to_string());
    let typed = use_state(String::new);
    let error = use_state(|| None::<String>);
    let dialog_ref = use_node_ref();
    let name_ref = use_node_ref();

    {
        let name_ref = name_ref.clone();
        use_effect_with((), move |_| {
            if let Some(input) = name_ref.cast::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
            || ()
        });
    }

    let add = {
        let languages = languages.clone();
        let error = error.clone();
        move |typed_code: &str| -> bool {
            match language_code(typed_code) {
                Ok(code) => {
                    if !languages.contains(&code) {
                        let mut next = (*languages).clone();
                        next.push(code);
                        languages.set(next);
                    }
                    error.set(None);
                    true
                }
                Err(message) => {
                    error.set(Some(message));
                    false
                }
            }
        }
    };
    let on_add_choice = {
        let add = add.clone();
        let choice = choice.clone();
        Callback::from(move |_: MouseEvent| {
            add(&choice);
        })
    };
    let add_typed = {
        let add = add.clone();
        let typed = typed.clone();
        move || {
            if add(&typed) {
                typed.set(String::new());
            }
        }
    };
    let on_add_typed = {
        let add_typed = add_typed.clone();
        Callback::from(move |_: MouseEvent| add_typed())
    };
    let on_typed_key = {
        let add_typed = add_typed.clone();
        Callback::from(move |event: KeyboardEvent| {
            // Enter here adds the code rather than saving the whole profile.
            if event.key() == "Enter" {
                event.prevent_default();
                add_typed();
            }
        })
    };
    let remove = |code: String| {
        let languages = languages.clone();
        Callback::from(move |_: MouseEvent| {
            languages.set(languages.iter().filter(|known| **known != code).cloned().collect());
        })
    };
    let make_first = |code: String| {
        let languages = languages.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next: Vec<String> = vec![code.clone()];
            next.extend(languages.iter().filter(|known| **known != code).cloned());
            languages.set(next);
        })
    };
    let on_save = {
        let dispatch = app.dispatch.clone();
        let name = name.clone();
        let languages = languages.clone();
        let error = error.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if name.trim().is_empty() {
                error.set(Some("Give your name: it is stamped into every event you record.".to_string()));
                return;
            }
            match ReviewerProfile::new(&name, &languages) {
                Some(profile) => {
                    error.set(None);
                    crate::app::effects::save_profile(profile, &dispatch);
                    focus_profile_button();
                }
                None => error.set(Some(
                    "Add at least one working language: it decides which quotes you must translate.".to_string(),
                )),
            }
        })
    };
    let can_close = existing.is_some();
    let on_cancel = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(AppAction::OpenProfile(false));
            focus_profile_button();
        })
    };
    let on_key = {
        let dispatch = app.dispatch.clone();
        let dialog_ref = dialog_ref.clone();
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" if can_close => {
                event.prevent_default();
                dispatch.emit(AppAction::OpenProfile(false));
                focus_profile_button();
            }
            "Tab" => {
                if let Some(dialog) = dialog_ref.cast::<web_sys::Element>() {
                    trap_tab(&dialog, &event);
                }
            }
            _ => {}
        })
    };

    let chosen = languages.iter().enumerate().map(|(index, code)| {
        let label = language_label(code);
        html! {
            <li key={code.clone()} data-code={code.clone()} data-testid="profile-language-item">
                <span class="language-name">{ label.clone() }</span>
                if index == 0 { <span class="main-language">{" — main language"}</span> }
                if !detectable(code) { <span class="note">{ format!(" — {UNDETECTABLE_NOTE}") }</span> }
                if index > 0 {
                    <button type="button" class="link" onclick={make_first(code.clone())}
                        aria-label={format!("Make {label} the main language")}>{"Make main"}</button>
                }
                <button type="button" class="link" data-testid="profile-language-remove" onclick={remove(code.clone())}
                    aria-label={format!("Remove {label}")}>{"Remove"}</button>
            </li>
        }
    });

    html! {
        <div class="overlay profile-overlay">
            <div class="profile-dialog" role="dialog" aria-modal="true" aria-labelledby="profile-title"
                aria-describedby="profile-intro" data-testid="profile-dialog" ref={dialog_ref} onkeydown={on_key}>
                <h2 id="profile-title">{"Reviewer profile"}</h2>
                <p id="profile-intro">
                    {"Your name is stamped into every event you record and named in every export. Your working \
                      languages decide which quotes you must translate: any quote not reliably identified as one of \
                      them needs your translation."}
                </p>
                <form onsubmit={on_save} novalidate=true>
                    <div class="field">
                        <label for="profile-name">{"Your name"}</label>
                        <input id="profile-name" data-testid="profile-name" dir="auto" autocomplete="name" ref={name_ref}
                            value={(*name).clone()}
                            oninput={{ let name = name.clone(); move |event: InputEvent| name.set(input_value(&event)) }} />
                    </div>
                    <fieldset class="languages">
                        <legend>{"Working languages (the first is your main one)"}</legend>
                        <ol class="chosen-languages" data-testid="profile-languages" aria-live="polite">
                            { for chosen }
                        </ol>
                        if languages.is_empty() {
                            <p class="hint" data-testid="profile-languages-empty">{"None yet: add at least one."}</p>
                        }
                        <div class="row">
                            <label for="profile-language">{"Add a language "}</label>
                            <select id="profile-language" data-testid="profile-language"
                                onchange={{ let choice = choice.clone(); move |event: Event| choice.set(value_of(&event)) }}>
                                { for COMMON_LANGUAGES.iter().map(|(code, language)| html! {
                                    <option value={*code} selected={*choice == *code}>
                                        { format!("{language} ({code}){}", if detectable(code) { "" } else { " *" }) }
                                    </option>
                                }) }
                            </select>
                            <button type="button" data-testid="profile-language-add" onclick={on_add_choice}>{"Add"}</button>
                        </div>
                        <div class="row">
                            <label for="profile-language-code">{"or type an ISO 639-3 code "}</label>
                            <input id="profile-language-code" data-testid="profile-language-code" size="8"
                                placeholder="e.g. ckb" value={(*typed).clone()} onkeydown={on_typed_key}
                                oninput={{ let typed = typed.clone(); move |event: InputEvent| typed.set(input_value(&event)) }} />
                            <button type="button" data-testid="profile-language-code-add" onclick={on_add_typed}>{"Add code"}</button>
                        </div>
                        <p class="hint">
                            {"* The language detector cannot identify Kurdish (Sorani or Kurmanji), Chechen, Pashto, Somali \
                              and some others: quotes in them always need a translation into another of your languages."}
                        </p>
                    </fieldset>
                    if let Some(message) = &*error {
                        <p class="error" role="alert" data-testid="profile-error">{ message.clone() }</p>
                    }
                    <div class="actions">
                        <button type="submit" class="primary" data-testid="profile-save">{"Save profile"}</button>
                        if can_close {
                            <button type="button" data-testid="profile-cancel" onclick={on_cancel}>{"Cancel"}</button>
                        }
                    </div>
                </form>
            </div>
        </div>
    }
}
