//! The optional sanitized page view: the worker's ammonia output, asked for when first shown and
//! kept while the capture is open, in an `<iframe sandbox srcdoc>` with no `allow-scripts` and no
//! `allow-same-origin` (its CSP forbids every fetch). It never gets the captured HTML as is, and
//! never loosens the sandbox.

use yew::prelude::*;

use crate::app::effects;
use crate::domain::ids::CaptureId;

#[derive(Properties, PartialEq)]
pub struct PageViewProps {
    pub capture_id: CaptureId,
    /// Whether the reviewer asked for it (it renders nothing otherwise, and keeps its document).
    pub shown: bool,
}

#[function_component(PageView)]
pub fn page_view(props: &PageViewProps) -> Html {
    // Focus inside the sandboxed page view outlines the frame here too (its own outline is inside it).
    let frame_focused = use_state(|| false);
    let frame_view_ref = use_node_ref();
    {
        // The frame gets no focus event of its own: the window's blur says focus went somewhere
        // else, and the document's active element says whether that is this frame.
        let frame_focused = frame_focused.clone();
        let frame_view_ref = frame_view_ref.clone();
        use_effect_with(props.shown, move |on| {
            let listeners = on.then(|| {
                let window = gloo::utils::window();
                let on_blur = {
                    let frame_focused = frame_focused.clone();
                    gloo::events::EventListener::new(&window, "blur", move |_| {
                        let frame_focused = frame_focused.clone();
                        let frame_view_ref = frame_view_ref.clone();
                        gloo::timers::callback::Timeout::new(0, move || {
                            let active = gloo::utils::document().active_element();
                            let frame = frame_view_ref.cast::<web_sys::Element>();
                            frame_focused.set(active.is_some() && active == frame);
                        })
                        .forget();
                    })
                };
                let on_focus = gloo::events::EventListener::new(&window, "focus", move |_| frame_focused.set(false));
                (on_blur, on_focus)
            });
            move || drop(listeners)
        });
    }

    // Whether the frame has loaded its document (`data-loaded`: until then Tab cannot enter it).
    let loaded = use_state(|| false);
    // The sanitized page view is built in the worker when first asked for.
    let page_document = use_state(|| None::<String>);
    {
        let page_document = page_document.clone();
        let capture_id = props.capture_id.clone();
        use_effect_with(props.shown, move |wanted| {
            if *wanted && page_document.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let document = effects::page_view_document(&capture_id).await;
                    page_document.set(Some(document));
                });
            }
            || ()
        });
    }

    if !props.shown {
        return html! {};
    }
    html! {
        if let Some(document) = page_document.as_ref().filter(|document| !document.is_empty()) {
            // Its document scrolls in a focusable <main>: Tab enters it (arrows scroll), Tab leaves it.
            <iframe class={classes!("page-view", frame_focused.then_some("focused"))} data-testid="page-view"
                title="Sanitized page view (no scripts, no network)"
                ref={frame_view_ref.clone()} data-loaded={loaded.to_string()}
                onload={{ let loaded = loaded.clone(); Callback::from(move |_: Event| loaded.set(true)) }}
                sandbox="" referrerpolicy="no-referrer" srcdoc={document.clone()} />
        } else {
            <p class="hint" data-testid="page-view-pending">
                { if page_document.is_some() { "The sanitized view could not be prepared; the text and screenshot above are unaffected." } else { "Preparing the sanitized view…" } }
            </p>
        }
    }
}
