//! The capture's extracted text, by blocks, with its cited passages marked; a keyboard caret and
//! selection in it (no pointer needed); and `cite_selection`, which makes the selected passage a
//! text citation with exact W3C selectors. Only ever text: the captured HTML is not rendered here.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{SharedCapture, TextMark};
use crate::app::effects;
use crate::domain::capture::BlockKind;
use crate::domain::citation::{self, Citation, Selector};
use crate::domain::ids::AllegationId;

#[derive(Properties, PartialEq)]
pub struct CaptureTextProps {
    pub capture: SharedCapture,
    /// The cited passages of this capture.
    pub marks: Rc<Vec<TextMark>>,
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

/// The first words of a citation's quote, for a status message.
pub fn quote_words(cited: &Citation) -> String {
    let text = cited.quoted_text();
    let mut words: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        words.push('…');
    }
    words
}

/// The passage selected in the capture text as a citation for the allegation, with the message
/// that says so; or the message that says why there is none. A citation made clears the selection.
pub fn cite_selection(
    capture: &SharedCapture,
    allegation_id: Option<&AllegationId>,
) -> Result<(Citation, String), String> {
    let Some(allegation_id) = allegation_id else {
        return Err("Open an allegation to cite evidence for it.".to_string());
    };
    let Some((start, end)) = selection_offsets() else {
        return Err("Select a passage in the capture text first, then press Cite (c).".to_string());
    };
    let Some((quote, position)) = citation::text_selectors(&capture.text.canonical, start, end) else {
        return Err("That selection is not inside the capture text.".to_string());
    };
    let Some(artifact) = capture.text_artifact() else {
        return Err("This capture has no text artifact to cite.".to_string());
    };
    let cited = Citation {
        id: effects::new_id("q").into(),
        allegation_id: allegation_id.clone(),
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
    Ok((cited, format!("Passage cited: “{words}”. Give it a finding and a note under Evidence.")))
}

/// Splits a block into plain and cited segments: `(text, citation id)`.
fn segments(text: &str, block_start: usize, marks: &[TextMark]) -> Vec<(String, Option<AttrValue>)> {
    let chars: Vec<char> = text.chars().collect();
    let block_end = block_start + chars.len();
    let mut cuts: Vec<(usize, usize, AttrValue)> = marks
        .iter()
        .filter(|mark| mark.start < block_end && mark.end > block_start)
        .map(|mark| {
            (mark.start.max(block_start) - block_start, mark.end.min(block_end) - block_start, mark.citation_id.clone())
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

#[function_component(CaptureText)]
pub fn capture_text(props: &CaptureTextProps) -> Html {
    let capture = &props.capture;
    let text_ref = use_node_ref();
    let on_text_key = {
        let text_ref = text_ref.clone();
        Callback::from(move |event: KeyboardEvent| {
            if let Some(root) = text_ref.cast::<web_sys::Element>() {
                caret_key(&root, &event);
            }
        })
    };
    let blocks = capture.text.blocks.iter().map(|block| {
        let parts = segments(&block.text, block.start, &props.marks);
        let tag = match block.kind {
            BlockKind::Heading => "h4",
            // A list item of the page is shown as a paragraph marked as one (the text view is not a list).
            BlockKind::ListItem => "p",
            BlockKind::Quote => "blockquote",
            BlockKind::Preformatted => "pre",
            _ => "p",
        };
        html! {
            <@{tag} class={classes!("block", matches!(block.kind, BlockKind::ListItem).then_some("list-item"))}
                dir="auto" data-start={block.start.to_string()}>
                { for parts.into_iter().map(|(text, cited)| match cited {
                    Some(id) => html! { <mark class="cited" data-citation={id.clone()} id={format!("mark-{id}")} tabindex="-1">{ text }</mark> },
                    None => html! { { text } },
                }) }
            </@>
        }
    });
    let text_help_id = format!("text-help-{}", super::safe_id(&capture.id));
    html! {
        <>
            <p class="hint" id={text_help_id.clone()}>{"In the text: arrows move a caret, Shift+arrows select (Ctrl: by word), then Cite."}</p>
            <div class="capture-text" data-testid="capture-text" lang="" dir="auto" tabindex="0" role="region"
                aria-label={format!("Text of the capture of {}", capture.url)} aria-describedby={text_help_id}
                ref={text_ref} onkeydown={on_text_key}>
                if capture.text.blocks.is_empty() { <p class="empty">{"No text was extracted from this capture."}</p> }
                { for blocks }
            </div>
        </>
    }
}
