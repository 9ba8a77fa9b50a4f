//! The keyboard help overlay (`?`).

use yew::prelude::*;

use crate::app::{use_app, AppAction};

#[function_component(HelpOverlay)]
pub fn help_overlay() -> Html {
    let app = use_app();
    let close = {
        let dispatch = app.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::ToggleHelp))
    };
    let keys = [
        ("j / k", "next / previous allegation"),
        ("c", "cite the selected passage"),
        ("1 … 5", "choose supported, not supported, removed, inconclusive, unreviewable"),
        ("/", "filter the queue"),
        ("?", "show or hide this help"),
        ("Esc", "dismiss a message"),
    ];
    html! {
        <div class="overlay" data-testid="help-overlay" role="dialog" aria-label="Keyboard shortcuts">
            <div class="dialog">
                <h2>{"Keyboard shortcuts"}</h2>
                <table>{ for keys.iter().map(|(key, what)| html! { <tr><th><kbd>{ *key }</kbd></th><td>{ *what }</td></tr> }) }</table>
                <p>{"Drag a rectangle on the screenshot to cite a region. Select text in the capture and press c to cite a passage."}</p>
                <p>{"Give each citation a finding (what it shows, from the case's codebook). Your name and working languages are in your profile (the button with your name): a quote not reliably in one of your languages needs your translation."}</p>
                <button onclick={close}>{"Close"}</button>
            </div>
        </div>
    }
}
