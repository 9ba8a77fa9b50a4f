//! The capture's screenshot, shown from its bytes as a `blob:` URL (never fetched from the site),
//! with its cited regions drawn over it, and the marking of a new region: by dragging (`use_drag`),
//! or with the keyboard (Enter, arrows, Shift+arrows, typed coordinates; WCAG 2.5.7), then its form
//! (transcription, description, note) and Cite region. A region whose transcription is found in the
//! extracted text is cited together with that passage, linked. It only reports citations through
//! its callbacks: it never writes the review itself.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::use_drag::use_drag;
use super::{RegionMark, SharedCapture};
use crate::app::effects;
use crate::domain::capture::ArtifactKind;
use crate::domain::citation::{self, Citation, PixelRect, Selector};
use crate::domain::ids::AllegationId;

#[derive(Properties, PartialEq)]
pub struct ScreenshotProps {
    pub capture: SharedCapture,
    /// The allegation a region cited here belongs to (none when browsing captures: no citing).
    pub allegation_id: Option<AllegationId>,
    /// The cited regions of this capture.
    pub regions: Rc<Vec<RegionMark>>,
    /// How many times the region shortcut was pressed: each press starts a region and focuses the
    /// screenshot.
    pub mark_region: u32,
    /// The region shortcut, for `aria-keyshortcuts` (empty when shortcuts are off).
    pub keyshortcuts: AttrValue,
    /// Citations to add, in order (a region, after the passage it is linked to).
    pub on_cite: Callback<Vec<Citation>>,
    /// A status message for the reviewer.
    pub on_message: Callback<String>,
}

/// A region clamped inside an image of `size` (at least 4×4 pixels).
fn clamp_region(rect: PixelRect, size: Option<(u32, u32)>) -> PixelRect {
    let (width, height) = size.filter(|(w, h)| *w >= 4 && *h >= 4).unwrap_or((u32::MAX, u32::MAX));
    let w = rect.w.clamp(4, width);
    let h = rect.h.clamp(4, height);
    PixelRect { x: rect.x.min(width - w), y: rect.y.min(height - h), w, h }
}

/// The region a keyboard user starts from: the middle of the image.
fn default_region(size: Option<(u32, u32)>) -> PixelRect {
    match size {
        Some((width, height)) if width >= 8 && height >= 8 => {
            PixelRect { x: width / 4, y: height / 4, w: width / 2, h: height / 4 }
        }
        _ => PixelRect { x: 0, y: 0, w: 200, h: 100 },
    }
}

/// `part / whole` as a CSS percentage with three decimals, formatted from integers.
fn percent(part: u32, whole: u32) -> String {
    let thousandths = (u64::from(part) * 100_000).checked_div(u64::from(whole)).unwrap_or(0);
    format!("{}.{:03}%", thousandths / 1000, thousandths % 1000)
}

/// What the reviewer wrote about a marked region.
struct RegionWords<'a> {
    transcription: &'a str,
    description: &'a str,
    note: &'a str,
}

/// The citations for a marked region (the passage its transcription is found at, if it is, then
/// the region linked to it) and the message that says what was cited; or the message that says
/// why nothing can be. `None` when the capture has no screenshot.
fn region_citations(
    capture: &SharedCapture,
    allegation_id: &AllegationId,
    rect: PixelRect,
    words: RegionWords<'_>,
) -> Option<Result<(Vec<Citation>, String), String>> {
    let image = capture.artifact(ArtifactKind::Screenshot)?;
    let said = words.transcription.trim().to_string();
    let description = Some(words.description.trim().to_string()).filter(|text| !text.is_empty());
    let described_only = said.is_empty();
    if said.is_empty() && description.is_none() {
        return Some(Err("Transcribe what the marked region says (so it can be checked and found in the text), or, \
                         when it has no text, describe what it depicts."
            .to_string()));
    }
    let mut linked = None;
    let mut citations = Vec::new();
    let searched = if said.is_empty() { None } else { citation::find_transcription(&capture.text.canonical, &said) };
    if let (Some(position), Some(artifact)) = (searched, capture.text_artifact()) {
        if let Some((quote, position)) = citation::text_selectors(&capture.text.canonical, position.start, position.end)
        {
            let text_citation = Citation {
                id: effects::new_id("q").into(),
                allegation_id: allegation_id.clone(),
                capture_id: capture.id.clone(),
                artifact_sha256: artifact.sha256.clone(),
                quote_language: None,
                selector: Selector::Text { quote, position },
                note: words.note.trim().to_string(),
                translation: None,
                linked_citation: None,
                finding: None,
                description: None,
                archive: artifact.archive.clone().map(Box::new),
            };
            linked = Some(text_citation.id.clone());
            citations.push(text_citation);
        }
    }
    let found = linked.is_some();
    citations.push(Citation {
        id: effects::new_id("r").into(),
        allegation_id: allegation_id.clone(),
        capture_id: capture.id.clone(),
        artifact_sha256: image.sha256.clone(),
        quote_language: None,
        selector: Selector::Region { rect, transcription: said },
        note: words.note.trim().to_string(),
        translation: None,
        linked_citation: linked,
        finding: None,
        description,
        archive: image.archive.clone().map(Box::new),
    });
    let message = if described_only {
        "Region cited with your description (it has no text to transcribe).".to_string()
    } else if found {
        "Region cited and linked to the same words in the extracted text.".to_string()
    } else {
        "Region cited. Its transcription was not found in the extracted text (it may be in an image).".to_string()
    };
    Some(Ok((citations, message)))
}

/// A region drawn over the image, placed in percentages of its natural size (nothing before the
/// image has loaded). A cited region is named by its label; the others are hidden from assistive
/// technology.
fn overlay(
    rect: PixelRect,
    size: Option<(u32, u32)>,
    class: &'static str,
    id: Option<AttrValue>,
    label: Option<AttrValue>,
) -> Html {
    let Some((width, height)) = size else { return html! {} };
    if width == 0 || height == 0 {
        return html! {};
    }
    let style = format!(
        "left:{};top:{};width:{};height:{}",
        percent(rect.x, width),
        percent(rect.y, height),
        percent(rect.w, width),
        percent(rect.h, height)
    );
    match label {
        Some(label) => html! {
            <div class={classes!("region", class)} style={style} data-citation={id} data-testid="region-mark"
                role="img" aria-label={label}></div>
        },
        None => html! {
            <div class={classes!("region", class)} style={style} data-citation={id} data-testid="region-mark" aria-hidden="true"></div>
        },
    }
}

#[function_component(Screenshot)]
pub fn screenshot(props: &ScreenshotProps) -> Html {
    let capture = &props.capture;
    let screenshot_url = use_state(|| None::<String>);
    let natural_size = use_state(|| None::<(u32, u32)>);
    let pending_region = use_state(|| None::<PixelRect>);
    let transcription = use_state(String::new);
    let region_note = use_state(String::new);
    let region_description = use_state(String::new);
    let image_ref = use_node_ref();
    let frame_ref = use_node_ref();
    let can_cite = props.allegation_id.is_some();

    // The region shortcut (r) starts a region in the middle of the screenshot and focuses it.
    {
        let pending_region = pending_region.clone();
        let natural_size = natural_size.clone();
        let frame_ref = frame_ref.clone();
        use_effect_with(props.mark_region, move |asked| {
            if *asked > 0 && can_cite {
                if let Some(frame) = frame_ref.cast::<web_sys::HtmlElement>() {
                    if pending_region.is_none() {
                        pending_region.set(Some(default_region(*natural_size)));
                    }
                    let _ = frame.focus();
                }
            }
            || ()
        });
    }

    // The screenshot is shown from its bytes as a blob: URL, never fetched from the site.
    {
        let screenshot_url = screenshot_url.clone();
        let natural_size = natural_size.clone();
        let capture = capture.clone();
        use_effect_with(capture.id.clone(), move |_| {
            let url = capture.artifact(ArtifactKind::Screenshot).and_then(|artifact| {
                let bytes = artifact.content.as_ref()?;
                effects::blob_url(bytes, &artifact.media_type).ok()
            });
            screenshot_url.set(url.clone());
            natural_size.set(None);
            move || {
                if let Some(url) = url {
                    let _ = web_sys::Url::revoke_object_url(&url);
                }
            }
        });
    }

    let drag = use_drag(image_ref.clone(), {
        let pending_region = pending_region.clone();
        Callback::from(move |rect: PixelRect| pending_region.set(Some(rect)))
    });

    // The screenshot with the keyboard (WCAG 2.5.7): Enter starts a region in the middle, arrows
    // move it, Shift+arrows resize it (10 pixels; with Alt 1 pixel), Enter again goes to its form,
    // Escape cancels it.
    let on_frame_key = {
        let pending_region = pending_region.clone();
        let natural_size = natural_size.clone();
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            let size = *natural_size;
            match (*pending_region, key.as_str()) {
                (None, "Enter" | " ") if can_cite => {
                    event.prevent_default();
                    pending_region.set(Some(default_region(size)));
                }
                (Some(_), "Escape") => {
                    event.prevent_default();
                    event.stop_propagation();
                    pending_region.set(None);
                }
                (Some(_), "Enter") => {
                    event.prevent_default();
                    if let Ok(Some(field)) =
                        gloo::utils::document().query_selector("[data-testid=region-transcription]")
                    {
                        if let Ok(field) = field.dyn_into::<web_sys::HtmlElement>() {
                            let _ = field.focus();
                        }
                    }
                }
                (Some(rect), "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown") => {
                    event.prevent_default();
                    let step: i64 = if event.alt_key() { 1 } else { 10 };
                    let (dx, dy) = match key.as_str() {
                        "ArrowLeft" => (-step, 0),
                        "ArrowRight" => (step, 0),
                        "ArrowUp" => (0, -step),
                        _ => (0, step),
                    };
                    let shift = |value: u32, by: i64| (i64::from(value) + by).clamp(0, i64::from(u32::MAX)) as u32;
                    let next = if event.shift_key() {
                        PixelRect { w: shift(rect.w, dx), h: shift(rect.h, dy), ..rect }
                    } else {
                        PixelRect { x: shift(rect.x, dx), y: shift(rect.y, dy), ..rect }
                    };
                    pending_region.set(Some(clamp_region(next, size)));
                }
                _ => {}
            }
        })
    };
    // Typed coordinates, another way to place the region without dragging.
    let coordinate = |which: char| {
        let pending_region = pending_region.clone();
        let natural_size = natural_size.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let Ok(value) = input.value().trim().parse::<u32>() else { return };
            let rect = (*pending_region).unwrap_or_else(|| default_region(*natural_size));
            let next = match which {
                'x' => PixelRect { x: value, ..rect },
                'y' => PixelRect { y: value, ..rect },
                'w' => PixelRect { w: value, ..rect },
                _ => PixelRect { h: value, ..rect },
            };
            pending_region.set(Some(clamp_region(next, *natural_size)));
        })
    };
    let on_image_load = {
        let natural_size = natural_size.clone();
        let image_ref = image_ref.clone();
        Callback::from(move |_: Event| {
            if let Some(image) = image_ref.cast::<web_sys::HtmlImageElement>() {
                natural_size.set(Some((image.natural_width(), image.natural_height())));
            }
        })
    };
    let on_cite_region = {
        let capture = capture.clone();
        let allegation_id = props.allegation_id.clone();
        let on_cite = props.on_cite.clone();
        let on_message = props.on_message.clone();
        let pending_region = pending_region.clone();
        let transcription = transcription.clone();
        let region_note = region_note.clone();
        let region_description = region_description.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(allegation_id), Some(rect)) = (allegation_id.as_ref(), *pending_region) else { return };
            let words =
                RegionWords { transcription: &transcription, description: &region_description, note: &region_note };
            match region_citations(&capture, allegation_id, rect, words) {
                None => {}
                Some(Err(message)) => on_message.emit(message),
                Some(Ok((citations, message))) => {
                    on_cite.emit(citations);
                    pending_region.set(None);
                    transcription.set(String::new());
                    region_note.set(String::new());
                    region_description.set(String::new());
                    on_message.emit(message);
                }
            }
        })
    };

    let has_screenshot = capture.artifact(ArtifactKind::Screenshot).is_some();
    let Some(url) = screenshot_url.as_ref().filter(|_| has_screenshot) else {
        return html! { <p class="empty">{"No screenshot in this capture."}</p> };
    };
    let size = *natural_size;
    let screenshot_alt = format!(
        "Screenshot of {}, captured {}",
        capture.url,
        capture.captured_at.as_deref().unwrap_or("at an unknown time")
    );
    let frame_help_id = format!("frame-help-{}", super::safe_id(&capture.id));
    html! {
        <>
            <div class="screenshot-frame" onmousedown={drag.on_mouse_down} onmousemove={drag.on_mouse_move} onmouseup={drag.on_mouse_up}
                tabindex="0" role="group" aria-label={format!("{screenshot_alt}: mark a region")} aria-describedby={frame_help_id.clone()}
                aria-keyshortcuts={props.keyshortcuts.clone()}
                data-testid="screenshot-frame" ref={frame_ref} onkeydown={on_frame_key}>
                <img src={url.clone()} data-testid="screenshot" alt={screenshot_alt}
                    ref={image_ref} onload={on_image_load} draggable="false" />
                { for props.regions.iter().map(|region| overlay(region.rect, size, "cited", Some(region.citation_id.clone()), Some(region.label.clone()))) }
                if let Some(rect) = drag.dragging { { overlay(rect, size, "dragging", None, None) } }
                if let Some(rect) = *pending_region { { overlay(rect, size, "pending", None, None) } }
            </div>
            <p class="hint" id={frame_help_id}>
                {"Drag on the screenshot, or focus it and press Enter: arrows move the region, Shift+arrows resize it (Alt: by 1 pixel), Enter goes to its form."}
            </p>
            if let Some(rect) = *pending_region {
                <div class="region-form" data-testid="region-form">
                    <p class="region-position" role="status" data-testid="region-position">{ format!("Region {} (x, y, width, height in image pixels)", citation::format_fragment(&rect)) }</p>
                    <fieldset class="region-coordinates">
                        <legend>{"Position and size (pixels)"}</legend>
                        <label>{"x "}<input type="number" min="0" data-testid="region-x" value={rect.x.to_string()} onchange={coordinate('x')} /></label>
                        <label>{"y "}<input type="number" min="0" data-testid="region-y" value={rect.y.to_string()} onchange={coordinate('y')} /></label>
                        <label>{"width "}<input type="number" min="4" data-testid="region-w" value={rect.w.to_string()} onchange={coordinate('w')} /></label>
                        <label>{"height "}<input type="number" min="4" data-testid="region-h" value={rect.h.to_string()} onchange={coordinate('h')} /></label>
                    </fieldset>
                    <label>{"What the region says (transcription)"}
                        <textarea data-testid="region-transcription" dir="auto" value={(*transcription).clone()}
                            oninput={{ let t = transcription.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlTextAreaElement>() { t.set(x.value()) } }} />
                    </label>
                    <label>{"Description (when the region has no text): what it depicts"}
                        <input data-testid="region-description" dir="auto" value={(*region_description).clone()}
                            oninput={{ let d = region_description.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlInputElement>() { d.set(x.value()) } }} />
                    </label>
                    <label>{"What this shows"}
                        <input data-testid="region-note" dir="auto" value={(*region_note).clone()}
                            oninput={{ let n = region_note.clone(); move |e: InputEvent| if let Some(x) = e.target_dyn_into::<web_sys::HtmlInputElement>() { n.set(x.value()) } }} />
                    </label>
                    <button data-testid="cite-region" onclick={on_cite_region} disabled={!can_cite}>{"Cite region"}</button>
                    <button data-testid="region-cancel" onclick={{ let p = pending_region.clone(); move |_| p.set(None) }}>{"Cancel"}</button>
                </div>
            }
        </>
    }
}
