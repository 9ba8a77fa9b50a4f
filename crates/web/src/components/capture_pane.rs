//! The capture beside the claim: which capture, its metadata and hashes, the language profile, the
//! extracted text by blocks (select and Cite), the screenshot (drag a region and Cite), and an
//! optional sanitized page view in a sandboxed frame. The captured HTML is never rendered as is.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::app::effects::{self, stamp};
use crate::app::{use_app, AppAction, ShortcutAction};
use crate::components::language_profile::LanguageProfile;
use crate::domain::capture::{ArtifactKind, Capture};
use crate::domain::citation::{self, Citation, PixelRect, Selector};
use crate::domain::session::SessionAction;

#[derive(Properties, PartialEq)]
pub struct CapturePaneProps {
    pub allegation_id: AttrValue,
}

/// The capture to show for an allegation: the one chosen, else the latest matched.
pub fn shown_capture<'a>(captures: &[&'a Capture], chosen: Option<&str>) -> Option<&'a Capture> {
    chosen.and_then(|id| captures.iter().find(|capture| capture.id == id).copied()).or_else(|| captures.last().copied())
}

#[function_component(CapturePane)]
pub fn capture_pane(props: &CapturePaneProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let case = state.session.case.clone();
    let captures = case.captures_for(&props.allegation_id);
    let Some(capture) = shown_capture(&captures, state.selected_capture.as_deref()) else {
        return html! {
            <section class="capture-pane empty" data-testid="capture-pane">
                <h2>{"Capture"}</h2>
                <p>{"No capture matches this allegation. Import captures, or record it as unreviewable with a reason."}</p>
            </section>
        };
    };
    let tabs = captures.iter().map(|candidate| {
        let active = candidate.id == capture.id;
        let onclick = {
            let dispatch = app.dispatch.clone();
            let id = candidate.id.clone();
            Callback::from(move |_: MouseEvent| dispatch.emit(AppAction::SelectCapture(Some(id.clone()))))
        };
        html! {
            <button class={classes!("capture-tab", active.then_some("active"))} onclick={onclick} data-testid="capture-tab"
                data-capture-id={candidate.id.clone()} aria-pressed={active.to_string()}>
                { candidate.captured_at.clone().unwrap_or_else(|| "time unknown".to_string()) }
            </button>
        }
    });
    html! {
        <section class="capture-pane" data-testid="capture-pane" data-capture-id={capture.id.clone()}>
            <h2>{"Capture"}</h2>
            <div class="capture-tabs">{ for tabs }</div>
            <CaptureView key={capture.id.clone()} allegation_id={props.allegation_id.clone()} capture_id={AttrValue::from(capture.id.clone())} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct CaptureViewProps {
    /// The allegation citations made here belong to (none when browsing captures).
    #[prop_or_default]
    pub allegation_id: Option<AttrValue>,
    pub capture_id: AttrValue,
}

/// Offsets (code points into the canonical text) of the current selection inside the text view.
fn selection_offsets() -> Option<(usize, usize)> {
    let window = web_sys::window()?;
    let selection = window.get_selection().ok()??;
    if selection.is_collapsed() || selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let start = point_offset(&range.start_container().ok()?, range.start_offset().ok()?)?;
    let end = point_offset(&range.end_container().ok()?, range.end_offset().ok()?)?;
    (start < end).then_some((start, end))
}

fn point_offset(node: &web_sys::Node, offset: u32) -> Option<usize> {
    let mut current = Some(node.clone());
    let block = loop {
        let candidate = current?;
        if let Some(element) = candidate.dyn_ref::<web_sys::Element>() {
            if element.has_attribute("data-start") {
                break element.clone();
            }
            if element.get_attribute("data-testid").as_deref() == Some("capture-text") {
                return None;
            }
        }
        current = candidate.parent_node();
    };
    let start: usize = block.get_attribute("data-start")?.parse().ok()?;
    let document = web_sys::window()?.document()?;
    let before = document.create_range().ok()?;
    before.select_node_contents(&block).ok()?;
    before.set_end(node, offset).ok()?;
    let text: String = before.to_string().into();
    Some(start + text.chars().count())
}

/// Splits a block into plain and cited segments: `(text, citation id)`.
fn segments(text: &str, block_start: usize, marks: &[(usize, usize, String)]) -> Vec<(String, Option<String>)> {
    let chars: Vec<char> = text.chars().collect();
    let block_end = block_start + chars.len();
    let mut cuts: Vec<(usize, usize, String)> = marks
        .iter()
        .filter(|(start, end, _)| *start < block_end && *end > block_start)
        .map(|(start, end, id)| {
            ((*start).max(block_start) - block_start, (*end).min(block_end) - block_start, id.clone())
        })
        .collect();
    cuts.sort();
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, id) in cuts {
        if start < at {
            continue;
        }
        if start > at {
            out.push((chars[at..start].iter().collect(), None));
        }
        out.push((chars[start..end].iter().collect(), Some(id)));
        at = end;
    }
    if at < chars.len() {
        out.push((chars[at..].iter().collect(), None));
    }
    out
}

/// Keyboard caret and selection in the capture text (no pointer needed to select a passage):
/// arrows move a caret (Ctrl: by word; up/down: by line, Ctrl: by paragraph; Home/End: line
/// ends), Shift extends the selection. Left/right are visual, so they follow right-to-left text.
/// Returns whether the key was one of these.
fn caret_key(root: &web_sys::Element, event: &KeyboardEvent) -> bool {
    let by_word = event.ctrl_key() || event.alt_key();
    let key = event.key();
    if by_word && !event.shift_key() && (key == "ArrowDown" || key == "ArrowUp") {
        event.prevent_default();
        caret_to_block(root, key == "ArrowDown");
        return true;
    }
    let (direction, granularity) = match key.as_str() {
        "ArrowLeft" => ("left", if by_word { "word" } else { "character" }),
        "ArrowRight" => ("right", if by_word { "word" } else { "character" }),
        "ArrowUp" => ("backward", if by_word { "paragraphboundary" } else { "line" }),
        "ArrowDown" => ("forward", if by_word { "paragraphboundary" } else { "line" }),
        "Home" => ("backward", if by_word { "documentboundary" } else { "lineboundary" }),
        "End" => ("forward", if by_word { "documentboundary" } else { "lineboundary" }),
        _ => return false,
    };
    let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) else {
        return false;
    };
    event.prevent_default();
    let inside = selection.anchor_node().is_some_and(|node| root.contains(Some(&node)));
    if !inside {
        // The caret starts at the beginning of the first block.
        let Some(first) = root.query_selector(".block").ok().flatten() else { return true };
        let Ok(range) = gloo::utils::document().create_range() else { return true };
        if range.set_start(&first, 0).is_err() {
            return true;
        }
        range.collapse_with_to_start(true);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
        if !event.shift_key() {
            return true;
        }
    }
    let alter = if event.shift_key() { "extend" } else { "move" };
    let _ = selection.modify(alter, direction, granularity);
    // Keep the caret in view.
    let focused = selection.focus_node().and_then(|node| match node.dyn_ref::<web_sys::Element>() {
        Some(element) => Some(element.clone()),
        None => node.parent_element(),
    });
    if let Some(element) = focused {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
    true
}

/// Ctrl+Down / Ctrl+Up: the caret to the start of the next (previous) block of the text.
fn caret_to_block(root: &web_sys::Element, forward: bool) {
    let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) else { return };
    let Ok(blocks) = root.query_selector_all(".block") else { return };
    let blocks: Vec<web_sys::Element> =
        (0..blocks.length()).filter_map(|index| blocks.item(index)).filter_map(|node| node.dyn_into().ok()).collect();
    let current = selection.focus_node().and_then(|node| blocks.iter().position(|block| block.contains(Some(&node))));
    let target = match (current, forward) {
        (None, _) => 0,
        (Some(at), true) => (at + 1).min(blocks.len().saturating_sub(1)),
        (Some(at), false) => at.saturating_sub(1),
    };
    let Some(block) = blocks.get(target) else { return };
    let Ok(range) = gloo::utils::document().create_range() else { return };
    if range.set_start(block, 0).is_ok() {
        range.collapse_with_to_start(true);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        block.scroll_into_view_with_scroll_into_view_options(&options);
    }
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

/// The first words of a citation's quote, for a status message.
fn quote_words(cited: &Citation) -> String {
    let text = cited.quoted_text();
    let mut words: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        words.push('…');
    }
    words
}

/// Tags each citation's quote with its language (detected in the worker, so the language models
/// stay out of the app), then adds the citations in order.
fn add_citations(citations: Vec<Citation>, reviewer: String, dispatch: Callback<AppAction>) {
    wasm_bindgen_futures::spawn_local(async move {
        for mut cited in citations {
            cited.quote_language = effects::quote_language(cited.quoted_text()).await;
            dispatch.emit(AppAction::Review(SessionAction::AddCitation { citation: cited, stamp: stamp(&reviewer) }));
        }
    });
}

#[function_component(CaptureView)]
pub fn capture_view(props: &CaptureViewProps) -> Html {
    let app = use_app();
    let state = &app.state;
    let case = state.session.case.clone();
    let screenshot_url = use_state(|| None::<String>);
    let natural_size = use_state(|| None::<(u32, u32)>);
    let drag = use_state(|| None::<(f64, f64, f64, f64)>);
    let pending_region = use_state(|| None::<PixelRect>);
    let transcription = use_state(String::new);
    let region_note = use_state(String::new);
    let region_description = use_state(String::new);
    let page_view = use_state(|| false);
    // Focus inside the sandboxed page view outlines the frame here too (its own outline is inside it).
    let frame_focused = use_state(|| false);
    let frame_view_ref = use_node_ref();
    {
        // The frame gets no focus event of its own: the window's blur says focus went somewhere
        // else, and the document's active element says whether that is this frame.
        let frame_focused = frame_focused.clone();
        let frame_view_ref = frame_view_ref.clone();
        use_effect_with(*page_view, move |on| {
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
    let cite_message = use_state(|| None::<String>);
    let image_ref = use_node_ref();
    let frame_ref = use_node_ref();
    let text_ref = use_node_ref();

    // The region shortcut (r) starts a region in the middle of the screenshot and focuses it.
    {
        let pending_region = pending_region.clone();
        let natural_size = natural_size.clone();
        let frame_ref = frame_ref.clone();
        let can_cite = props.allegation_id.is_some();
        use_effect_with(state.mark_region, move |asked| {
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
        let capture = case.capture(&props.capture_id).cloned();
        use_effect_with(props.capture_id.clone(), move |_| {
            let url =
                capture.as_ref().and_then(|capture| capture.artifact(ArtifactKind::Screenshot)).and_then(|artifact| {
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

    // The sanitized page view is built in the worker when first asked for.
    let page_document = use_state(|| None::<String>);
    {
        let page_document = page_document.clone();
        let capture_id = props.capture_id.clone();
        use_effect_with(*page_view, move |wanted| {
            if *wanted && page_document.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    let document = effects::page_view_document(&capture_id).await;
                    page_document.set(Some(document));
                });
            }
            || ()
        });
    }
    let Some(capture) = case.capture(&props.capture_id) else {
        return html! { <p>{"Capture not found"}</p> };
    };
    let text_artifact = capture.text_artifact().cloned();
    let screenshot = capture.artifact(ArtifactKind::Screenshot).cloned();
    // This capture's citations, in one pass: text marks and screenshot regions.
    let mut marks: Vec<(usize, usize, String)> = Vec::new();
    let mut regions: Vec<(PixelRect, String, String)> = Vec::new();
    for cited in state.session.review.citations.values().filter(|cited| cited.capture_id == capture.id) {
        match &cited.selector {
            Selector::Text { position, .. } => marks.push((position.start, position.end, cited.id.clone())),
            Selector::Region { rect, transcription } => {
                let said = if transcription.trim().is_empty() {
                    cited.description.clone().unwrap_or_else(|| "no transcription".to_string())
                } else {
                    transcription.clone()
                };
                regions.push((
                    *rect,
                    cited.id.clone(),
                    format!("Cited region {}: {said}", citation::format_fragment(rect)),
                ));
            }
        }
    }

    let on_cite = {
        let dispatch = app.dispatch.clone();
        let allegation_id = props.allegation_id.clone();
        let capture = capture.clone();
        let reviewer = state.reviewer_name();
        let cite_message = cite_message.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(allegation_id) = allegation_id.clone() else {
                cite_message.set(Some("Open an allegation to cite evidence for it.".to_string()));
                return;
            };
            let Some((start, end)) = selection_offsets() else {
                cite_message.set(Some("Select a passage in the capture text first, then press Cite (c).".to_string()));
                return;
            };
            let Some((quote, position)) = citation::text_selectors(&capture.text.canonical, start, end) else {
                cite_message.set(Some("That selection is not inside the capture text.".to_string()));
                return;
            };
            let Some(artifact) = capture.text_artifact() else {
                cite_message.set(Some("This capture has no text artifact to cite.".to_string()));
                return;
            };
            let cited = Citation {
                id: effects::new_id("q"),
                allegation_id: allegation_id.to_string(),
                capture_id: capture.id.clone(),
                artifact_sha256: artifact.sha256.clone(),
                selector: Selector::Text { quote, position },
                quote_language: None,
                note: String::new(),
                translation: None,
                linked_citation: None,
                finding: None,
                description: None,
                archive: artifact.archive.clone().map(Box::new),
            };
            if let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) {
                let _ = selection.remove_all_ranges();
            }
            let words = quote_words(&cited);
            cite_message.set(Some(format!("Passage cited: “{words}”. Give it a finding and a note under Evidence.")));
            add_citations(vec![cited], reviewer.clone(), dispatch.clone());
        })
    };

    // Region selection on the screenshot, in image pixels.
    let to_image = {
        let image_ref = image_ref.clone();
        move |event: &MouseEvent| -> Option<(f64, f64, f64)> {
            let image = image_ref.cast::<web_sys::HtmlImageElement>()?;
            let rect = image.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return None;
            }
            let scale = image.natural_width() as f64 / rect.width();
            let x = (event.client_x() as f64 - rect.left()).clamp(0.0, rect.width());
            let y = (event.client_y() as f64 - rect.top()).clamp(0.0, rect.height());
            Some((x * scale, y * scale, scale))
        }
    };
    let on_mouse_down = {
        let drag = drag.clone();
        let to_image = to_image.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            if let Some((x, y, _)) = to_image(&event) {
                drag.set(Some((x, y, x, y)));
            }
        })
    };
    let on_mouse_move = {
        let drag = drag.clone();
        let to_image = to_image.clone();
        Callback::from(move |event: MouseEvent| {
            if let (Some((x0, y0, _, _)), Some((x, y, _))) = (*drag, to_image(&event)) {
                drag.set(Some((x0, y0, x, y)));
            }
        })
    };
    let on_mouse_up = {
        let drag = drag.clone();
        let pending_region = pending_region.clone();
        let to_image = to_image.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some((x0, y0, mut x1, mut y1)) = *drag {
                if let Some((x, y, _)) = to_image(&event) {
                    x1 = x;
                    y1 = y;
                }
                let rect = PixelRect {
                    x: x0.min(x1).round() as u32,
                    y: y0.min(y1).round() as u32,
                    w: (x1 - x0).abs().round() as u32,
                    h: (y1 - y0).abs().round() as u32,
                };
                if rect.w >= 4 && rect.h >= 4 {
                    pending_region.set(Some(rect));
                }
            }
            drag.set(None);
        })
    };
    // The screenshot with the keyboard (WCAG 2.5.7): Enter starts a region in the middle, arrows
    // move it, Shift+arrows resize it (10 pixels; with Alt 1 pixel), Enter again goes to its form,
    // Escape cancels it.
    let on_frame_key = {
        let pending_region = pending_region.clone();
        let natural_size = natural_size.clone();
        let can_cite = props.allegation_id.is_some();
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
    let on_text_key = {
        let text_ref = text_ref.clone();
        Callback::from(move |event: KeyboardEvent| {
            if let Some(root) = text_ref.cast::<web_sys::Element>() {
                caret_key(&root, &event);
            }
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
        let dispatch = app.dispatch.clone();
        let allegation_id = props.allegation_id.clone();
        let capture = capture.clone();
        let reviewer = state.reviewer_name();
        let pending_region = pending_region.clone();
        let transcription = transcription.clone();
        let region_note = region_note.clone();
        let region_description = region_description.clone();
        let cite_message = cite_message.clone();
        Callback::from(move |_: MouseEvent| {
            let (Some(allegation_id), Some(rect)) = (allegation_id.clone(), *pending_region) else { return };
            let Some(image) = capture.artifact(ArtifactKind::Screenshot) else { return };
            let said = transcription.trim().to_string();
            let description = Some(region_description.trim().to_string()).filter(|text| !text.is_empty());
            let described_only = said.is_empty();
            if said.is_empty() && description.is_none() {
                cite_message.set(Some(
                    "Transcribe what the marked region says (so it can be checked and found in the text), or, when \
                     it has no text, describe what it depicts."
                        .to_string(),
                ));
                return;
            }
            let mut linked = None;
            let mut citations = Vec::new();
            let searched =
                if said.is_empty() { None } else { citation::find_transcription(&capture.text.canonical, &said) };
            if let (Some(position), Some(artifact)) = (searched, capture.text_artifact()) {
                if let Some((quote, position)) =
                    citation::text_selectors(&capture.text.canonical, position.start, position.end)
                {
                    let text_citation = Citation {
                        id: effects::new_id("q"),
                        allegation_id: allegation_id.to_string(),
                        capture_id: capture.id.clone(),
                        artifact_sha256: artifact.sha256.clone(),
                        quote_language: None,
                        selector: Selector::Text { quote, position },
                        note: region_note.trim().to_string(),
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
            let region = Citation {
                id: effects::new_id("r"),
                allegation_id: allegation_id.to_string(),
                capture_id: capture.id.clone(),
                artifact_sha256: image.sha256.clone(),
                quote_language: None,
                selector: Selector::Region { rect, transcription: said },
                note: region_note.trim().to_string(),
                translation: None,
                linked_citation: linked,
                finding: None,
                description,
                archive: image.archive.clone().map(Box::new),
            };
            citations.push(region);
            add_citations(citations, reviewer.clone(), dispatch.clone());
            pending_region.set(None);
            transcription.set(String::new());
            region_note.set(String::new());
            region_description.set(String::new());
            cite_message.set(Some(if described_only {
                "Region cited with your description (it has no text to transcribe).".to_string()
            } else if found {
                "Region cited and linked to the same words in the extracted text.".to_string()
            } else {
                "Region cited. Its transcription was not found in the extracted text (it may be in an image)."
                    .to_string()
            }));
        })
    };

    let overlay = |rect: PixelRect, class: &'static str, id: Option<String>, label: Option<String>| -> Html {
        let Some((width, height)) = *natural_size else { return html! {} };
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
    };
    let dragging = drag.map(|(x0, y0, x1, y1)| PixelRect {
        x: x0.min(x1) as u32,
        y: y0.min(y1) as u32,
        w: (x1 - x0).abs() as u32,
        h: (y1 - y0).abs() as u32,
    });

    let blocks = capture.text.blocks.iter().map(|block| {
        let parts = segments(&block.text, block.start, &marks);
        let tag = match block.kind {
            crate::domain::capture::BlockKind::Heading => "h4",
            // A list item of the page is shown as a paragraph marked as one (the text view is not a list).
            crate::domain::capture::BlockKind::ListItem => "p",
            crate::domain::capture::BlockKind::Quote => "blockquote",
            crate::domain::capture::BlockKind::Preformatted => "pre",
            _ => "p",
        };
        html! {
            <@{tag} class={classes!("block", matches!(block.kind, crate::domain::capture::BlockKind::ListItem).then_some("list-item"))}
                dir="auto" data-start={block.start.to_string()}>
                { for parts.into_iter().map(|(text, cited)| match cited {
                    Some(id) => html! { <mark class="cited" data-citation={id.clone()} id={format!("mark-{id}")} tabindex="-1">{ text }</mark> },
                    None => html! { { text } },
                }) }
            </@>
        }
    });
    let hashes = capture.artifacts.iter().map(|artifact| {
        html! {
            <li>
                <span class="kind">{ artifact.kind.as_str() }</span>
                {" "}<code class="sha256" title={artifact.source.clone()}>{ artifact.sha256.clone() }</code>
                { format!(" {} · {} bytes", artifact.media_type, artifact.bytes) }
            </li>
        }
    });

    let links = capture.text.links.iter().take(300).map(|link| {
        let host = link.normalized_host.clone();
        let live = link.normalized_url.clone().filter(|url| url.starts_with("http://") || url.starts_with("https://"));
        let open = live.map(|url| {
            Callback::from(move |_: MouseEvent| open_live(&url))
        });
        html! {
            <li>
                <bdi>{ crate::components::allegation_pane::reveal_invisible(&link.text) }</bdi>
                {" → "}
                <span class="href" dir="ltr">{ host.clone().unwrap_or_else(|| link.href.chars().take(120).collect()) }</span>
                if let Some(open) = open {
                    {" "}<button class="open-live" data-testid="open-live" onclick={open} title="Opens the live site in a new tab, after you confirm">{"open live…"}</button>
                }
            </li>
        }
    });
    let summary = capture.integrity_summary();
    let screenshot_alt = format!(
        "Screenshot of {}, captured {}",
        capture.url,
        capture.captured_at.clone().unwrap_or_else(|| "at an unknown time".to_string())
    );
    let safe_id: String = capture.id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let frame_help_id = format!("frame-help-{safe_id}");
    let text_help_id = format!("text-help-{safe_id}");
    html! {
        <div class="capture-view">
            <dl class="capture-meta" data-testid="capture-meta">
                <dt>{"URL"}</dt><dd dir="ltr" class="url">{ capture.url.clone() }</dd>
                <dt>{"Captured"}</dt><dd>{ capture.captured_at.clone().unwrap_or_else(|| "unknown".to_string()) }</dd>
                <dt>{"Origin"}</dt><dd>{ capture.origin.clone() }</dd>
                if let Some(title) = &capture.title { <dt>{"Title"}</dt><dd dir="auto">{ title.clone() }</dd> }
                <dt>{"Integrity"}</dt>
                <dd data-testid="integrity" data-status={summary.state()}>
                    <p class={classes!("integrity-summary", summary.state())} data-testid="integrity-summary">{ summary.line() }</p>
                    if let Some(signature) = &summary.signature {
                        <p class="integrity-signature" data-testid="integrity-signature" dir="auto">{ signature.clone() }</p>
                    }
                    if !capture.integrity_checks.is_empty() {
                        <details class="integrity-checks" open={summary.failed > 0}>
                            <summary>{ format!("{} checks", capture.integrity_checks.len()) }</summary>
                            <ul>{ for capture.integrity_checks.iter().map(|check| html! {
                                <li class={classes!("integrity-check", check.status.as_str())} data-testid="integrity-check" data-status={check.status.as_str()}>
                                    <span class="status">{ check.status.label() }</span>{" "}
                                    <span class="subject" dir="auto">{ check.subject.clone() }</span>{": "}
                                    <span class="message" dir="auto">{ check.message.clone() }</span>
                                </li>
                            }) }</ul>
                        </details>
                    }
                    if capture.integrity.is_empty() && summary.failed == 0 { <span class="ok">{"no problems found"}</span> }
                    else if !capture.integrity.is_empty() { <ul class="integrity bad">{ for capture.integrity.iter().map(|note| html! { <li>{ note.clone() }</li> }) }</ul> }
                </dd>
            </dl>
            <ul class="hashes">{ for hashes }</ul>
            <LanguageProfile profile={capture.language.clone()} />
            if !capture.text.links.is_empty() {
                <details class="capture-links" data-testid="capture-links">
                    <summary>{ format!("{} links in the page (shown as text; never followed)", capture.text.links.len()) }</summary>
                    <ul class="links scroll-region" tabindex="0" aria-label="Links in the page">{ for links }</ul>
                </details>
            }
            <div class="side-by-side">
                <div class="text-column">
                    <div class="toolbar">
                        <button data-testid="cite-button" onclick={on_cite} disabled={text_artifact.is_none() || props.allegation_id.is_none()}
                            title="Select a passage, then Cite" aria-keyshortcuts={state.shortcuts.aria(ShortcutAction::Cite)}>{"Cite selection"}</button>
                        <label class="toggle">
                            <input type="checkbox" data-testid="page-view-toggle" checked={*page_view}
                                onchange={{ let page_view = page_view.clone(); move |_| page_view.set(!*page_view) }} />
                            {" Sanitized page view"}
                        </label>
                    </div>
                    <div role="status" aria-live="polite" class="cite-live">
                        if let Some(message) = &*cite_message { <p class="hint" data-testid="cite-message">{ message.clone() }</p> }
                    </div>
                    if *page_view {
                        if let Some(document) = page_document.as_ref().filter(|document| !document.is_empty()) {
                            // Its document scrolls in a focusable <main>: Tab enters it (arrows scroll), Tab leaves it.
                            <iframe class={classes!("page-view", frame_focused.then_some("focused"))} data-testid="page-view"
                                title="Sanitized page view (no scripts, no network)"
                                ref={frame_view_ref.clone()}
                                sandbox="" referrerpolicy="no-referrer" srcdoc={document.clone()} />
                        } else {
                            <p class="hint" data-testid="page-view-pending">
                                { if page_document.is_some() { "The sanitized view could not be prepared; the text and screenshot above are unaffected." } else { "Preparing the sanitized view…" } }
                            </p>
                        }
                    }
                    <p class="hint" id={text_help_id.clone()}>{"In the text: arrows move a caret, Shift+arrows select (Ctrl: by word), then Cite."}</p>
                    <div class="capture-text" data-testid="capture-text" lang="" dir="auto" tabindex="0" role="region"
                        aria-label={format!("Text of the capture of {}", capture.url)} aria-describedby={text_help_id.clone()}
                        ref={text_ref} onkeydown={on_text_key}>
                        if capture.text.blocks.is_empty() { <p class="empty">{"No text was extracted from this capture."}</p> }
                        { for blocks }
                    </div>
                </div>
                <div class="shot-column">
                    if let (Some(url), Some(_)) = (&*screenshot_url, &screenshot) {
                        <div class="screenshot-frame" onmousedown={on_mouse_down} onmousemove={on_mouse_move} onmouseup={on_mouse_up}
                            tabindex="0" role="group" aria-label={format!("{screenshot_alt}: mark a region")} aria-describedby={frame_help_id.clone()}
                            aria-keyshortcuts={state.shortcuts.aria(ShortcutAction::MarkRegion)}
                            data-testid="screenshot-frame" ref={frame_ref} onkeydown={on_frame_key}>
                            <img src={url.clone()} data-testid="screenshot" alt={screenshot_alt.clone()}
                                ref={image_ref} onload={on_image_load} draggable="false" />
                            { for regions.iter().map(|(rect, id, said)| overlay(*rect, "cited", Some(id.clone()), Some(said.clone()))) }
                            if let Some(rect) = dragging { { overlay(rect, "dragging", None, None) } }
                            if let Some(rect) = *pending_region { { overlay(rect, "pending", None, None) } }
                        </div>
                        <p class="hint" id={frame_help_id.clone()}>
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
                                <button data-testid="cite-region" onclick={on_cite_region} disabled={props.allegation_id.is_none()}>{"Cite region"}</button>
                                <button data-testid="region-cancel" onclick={{ let p = pending_region.clone(); move |_| p.set(None) }}>{"Cancel"}</button>
                            </div>
                        }
                    } else {
                        <p class="empty">{"No screenshot in this capture."}</p>
                    }
                </div>
            </div>
        </div>
    }
}

/// Opens a live URL only after the reviewer confirms, in a new tab without opener or referrer.
fn open_live(url: &str) {
    let Some(window) = web_sys::window() else { return };
    let question = format!(
        "Open {url} live?\n\nThe site will see your IP address and browser. Exhibit never opens captured links by itself."
    );
    if window.confirm_with_message(&question).unwrap_or(false) {
        let _ = window.open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    }
}
