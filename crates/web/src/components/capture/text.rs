//! The capture's extracted text, by blocks, with its cited passages marked; a keyboard caret and
//! selection in it (no pointer needed); a find box; and `cite_selection`, which makes the selected
//! passage a text citation with exact W3C selectors. Only ever text: the captured HTML is not
//! rendered here.
//!
//! Virtualised (issue 18): the blocks are cut into display chunks (`domain::text_window`) and only
//! the chunks on or near the screen are in the DOM, between two spacers that stand for the rest at
//! their estimated (then measured) heights; a render costs what is on screen, whatever the size of
//! the capture. Each chunk keeps the DOM contract of a block: `class="block"` and `data-start`, its
//! first code point, which `selection_offsets` maps a selection by. The chunks where a selection
//! starts and ends stay rendered while it is scrolled away. Places off screen are reached by
//! offset: jump to a citation (`TextReveal`, through the app state), find (searched in the
//! canonical text, not the DOM), Ctrl+Up/Down between blocks and Ctrl+Home/End.

use std::cell::RefCell;
use std::ops::Range;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::{SharedCapture, TextMark};
use crate::app::{effects, use_app, AppAction, TextReveal};
use crate::domain::capture::BlockKind;
use crate::domain::citation::{self, Citation, Selector};
use crate::domain::ids::AllegationId;
use crate::domain::order;
use crate::domain::text_window::{self, Chunk, Heights, Metrics};

/// The most chunks in the DOM at once.
const MAX_CHUNKS: usize = 300;
/// Pixels rendered above and below the view, at least.
const MIN_OVERSCAN: f64 = 400.0;
/// First guesses of the layout (14px/1.45 text), until chunks are measured.
const LINE_HEIGHT: f64 = 20.3;
const CHAR_WIDTH: f64 = 7.0;
const BLOCK_GAP: f64 = 8.0;
/// How long typing in the find box waits before searching (milliseconds).
const FIND_DEBOUNCE_MS: u32 = 200;

#[derive(Properties, PartialEq)]
pub struct CaptureTextProps {
    pub capture: SharedCapture,
    /// The cited passages of this capture.
    pub marks: Rc<Vec<TextMark>>,
    /// A place of this capture's text to show (jump to a citation).
    #[prop_or_default]
    pub reveal: Option<TextReveal>,
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

/// A cited passage as one chunk shows it: code points of the chunk, and whether the mark carries
/// the citation's element id (only in the chunk where the passage starts: ids are unique).
#[derive(Clone, PartialEq)]
struct ChunkMark {
    range: Range<usize>,
    citation_id: AttrValue,
    with_id: bool,
}

/// The cited passages that overlap a chunk, cut to it (the first of overlapping ones wins).
fn chunk_marks(chunk: &Chunk, marks: &[TextMark]) -> Vec<ChunkMark> {
    let (start, end) = (chunk.start, chunk.end());
    let mut cuts: Vec<ChunkMark> = marks
        .iter()
        .filter(|mark| mark.start < end && mark.end > start)
        .map(|mark| ChunkMark {
            range: mark.start.max(start) - start..mark.end.min(end) - start,
            citation_id: mark.citation_id.clone(),
            with_id: mark.start >= start,
        })
        .collect();
    order::sort_by_key(&mut cuts, |mark| (mark.range.start, mark.range.end));
    let mut at = 0;
    cuts.retain(|mark| {
        let keep = mark.range.start >= at;
        if keep {
            at = mark.range.end;
        }
        keep
    });
    cuts
}

/// The text of `chars[range]`, with the find matches in it marked (`found`: ranges of the chunk,
/// and whether each is the current one).
fn with_found(chars: &[char], range: Range<usize>, found: &[(Range<usize>, bool)]) -> Html {
    let mut parts = Vec::new();
    let mut at = range.start;
    let text =
        |from: usize, to: usize| chars.get(from..to).map(|part| part.iter().collect::<String>()).unwrap_or_default();
    for (hit, current) in found.iter().filter(|(hit, _)| hit.start < range.end && hit.end > range.start) {
        let (from, to) = (hit.start.max(range.start), hit.end.min(range.end));
        if from > at {
            parts.push(html! { { text(at, from) } });
        }
        let class = classes!("found", current.then_some("current"));
        parts.push(html! { <mark class={class} data-testid="text-find-match">{ text(from, to) }</mark> });
        at = to;
    }
    if at < range.end {
        parts.push(html! { { text(at, range.end) } });
    }
    html! { <>{ for parts }</> }
}

#[derive(Properties, PartialEq)]
struct ChunkViewProps {
    capture: SharedCapture,
    index: usize,
    chunk: Chunk,
    /// `auto` for a block's first chunk; the first chunk's direction for the others.
    dir: AttrValue,
    marks: Vec<ChunkMark>,
    found: Vec<(Range<usize>, bool)>,
}

/// One display chunk: a block, or a piece of a long one (rendered again only when it changes).
#[function_component(ChunkView)]
fn chunk_view(props: &ChunkViewProps) -> Html {
    let chunk = &props.chunk;
    let blocks = &props.capture.text.blocks;
    let kind = blocks.get(chunk.block).map_or(BlockKind::Paragraph, |block| block.kind);
    let chars: Vec<char> = chunk.text(blocks).chars().collect();
    let tag = match kind {
        BlockKind::Heading => "h4",
        // A list item of the page is shown as a paragraph marked as one (the text view is not a list).
        BlockKind::ListItem => "p",
        BlockKind::Quote => "blockquote",
        BlockKind::Preformatted => "pre",
        _ => "p",
    };
    let mut parts = Vec::new();
    let mut at = 0;
    for mark in &props.marks {
        if mark.range.start > at {
            parts.push(with_found(&chars, at..mark.range.start, &props.found));
        }
        let id = mark.with_id.then(|| format!("mark-{}", mark.citation_id));
        parts.push(html! {
            <mark class="cited" data-citation={mark.citation_id.clone()} id={id} tabindex="-1">
                { with_found(&chars, mark.range.clone(), &props.found) }
            </mark>
        });
        at = mark.range.end;
    }
    if at < chars.len() {
        parts.push(with_found(&chars, at..chars.len(), &props.found));
    }
    let class = classes!(
        "block",
        matches!(kind, BlockKind::ListItem).then_some("list-item"),
        (!chunk.first).then_some("cont"),
        (!chunk.last).then_some("more"),
    );
    html! {
        <@{tag} {class} dir={props.dir.clone()} data-start={chunk.start.to_string()} data-chunk={props.index.to_string()}>
            { for parts }
        </@>
    }
}

/// The text view's layout, kept across renders (not state: measuring never re-renders by itself).
struct Layout {
    chunks: Vec<Chunk>,
    /// The direction of each block cut into several chunks (by its first chunk): `Some(true)` right to left.
    directions: std::collections::HashMap<usize, Option<bool>>,
    heights: Heights,
    metrics: Metrics,
    /// The width the estimates were made for (0: a guess).
    width: i32,
    /// Whether the characters per line were measured on a chunk.
    calibrated: bool,
    scroll_top: f64,
    viewport: f64,
    /// Something to do once the place it needs is rendered.
    pending: Option<Pending>,
    /// Renders a pending place has waited (given up after a few).
    waited: u32,
}

#[derive(Clone, Debug, PartialEq)]
enum Pending {
    /// Scroll to `start..end`; focus and flash the citation's mark, or show the current find match.
    Reveal { start: usize, target: RevealTarget, seq: Option<u64> },
    /// The caret to `offset` (`extend`: the selection's focus, keeping its anchor).
    Caret { offset: usize, extend: bool },
}

#[derive(Clone, Debug, PartialEq)]
enum RevealTarget {
    Citation(String),
    Found,
}

impl Layout {
    fn new(capture: &SharedCapture) -> Layout {
        let blocks = &capture.text.blocks;
        let chunks = text_window::chunks(blocks);
        let mut directions = std::collections::HashMap::new();
        for chunk in chunks.iter().filter(|chunk| chunk.first && !chunk.last) {
            directions.insert(chunk.block, text_window::first_strong_rtl(chunk.text(blocks)));
        }
        let metrics = Metrics { chars_per_line: 640.0 / CHAR_WIDTH, line_height: LINE_HEIGHT, block_gap: BLOCK_GAP };
        let heights = Heights::estimated(&chunks, &metrics);
        Layout {
            chunks,
            directions,
            heights,
            metrics,
            width: 0,
            calibrated: false,
            scroll_top: 0.0,
            viewport: 600.0,
            pending: None,
            waited: 0,
        }
    }

    fn window(&self) -> Range<usize> {
        let overscan = self.viewport.max(MIN_OVERSCAN);
        text_window::window(&self.heights, self.scroll_top, self.viewport, overscan, MAX_CHUNKS)
    }

    /// The direction attribute of a chunk.
    fn dir(&self, chunk: &Chunk) -> &'static str {
        if chunk.first {
            return "auto";
        }
        match self.directions.get(&chunk.block) {
            Some(Some(true)) => "rtl",
            Some(Some(false)) => "ltr",
            _ => "auto",
        }
    }

    /// Waits for a place to be rendered, to do `pending` there (after the next render).
    fn wait_for(&mut self, pending: Pending) {
        self.waited = 0;
        self.pending = Some(pending);
    }

    /// A find match to show.
    fn show_match(&mut self, found: &Range<usize>) {
        self.wait_for(Pending::Reveal { start: found.start, target: RevealTarget::Found, seq: None });
    }

    /// The chunk at the top of the view.
    fn chunk_in_view(&self) -> usize {
        self.heights.index_at(self.scroll_top)
    }

    /// Reads the rendered chunks' heights (and the view's width: new estimates when it changed).
    fn measure(&mut self, root: &web_sys::Element) {
        let mut measured = Vec::new();
        if let Ok(rendered) = root.query_selector_all("[data-chunk]") {
            for item in 0..rendered.length() {
                let Some(element) = rendered.item(item).and_then(|node| node.dyn_into::<web_sys::Element>().ok())
                else {
                    continue;
                };
                let index = element.get_attribute("data-chunk").and_then(|value| value.parse::<usize>().ok());
                // The next sibling (a chunk or a spacer) starts where this one ends, margin included.
                if let (Some(index), Some(next)) = (index, element.next_element_sibling()) {
                    measured.push((
                        index,
                        next.get_bounding_client_rect().top() - element.get_bounding_client_rect().top(),
                    ));
                }
            }
        }
        // New estimates (one pass over the chunks) when the width changed or a rendered chunk
        // first tells the characters per line.
        let width = root.client_width();
        let resized = width > 0 && width != self.width;
        if resized {
            self.width = width;
            self.metrics.chars_per_line = (f64::from(width) - 24.0).max(CHAR_WIDTH) / CHAR_WIDTH;
            self.calibrated = false;
        }
        let calibrated = !self.calibrated && measured.iter().any(|(index, height)| self.calibrate(*index, *height));
        if resized {
            self.heights = Heights::estimated(&self.chunks, &self.metrics);
        } else if calibrated {
            self.heights.reestimate(&self.chunks, &self.metrics);
        }
        for (index, height) in measured {
            if (height - self.heights.get(index)).abs() > 0.5 || !self.heights.is_measured(index) {
                self.heights.set(index, height);
            }
        }
    }

    /// The characters per line, from a measured chunk of several lines of running text; whether
    /// it told them.
    fn calibrate(&mut self, index: usize, height: f64) -> bool {
        let Some(chunk) = self.chunks.get(index) else { return false };
        let gap = if chunk.last { self.metrics.block_gap } else { 0.0 };
        let lines = ((height - gap) / self.metrics.line_height).round();
        if chunk.newlines == 0 && chunk.chars >= 300 && lines >= 3.0 {
            self.metrics.chars_per_line = chunk.chars as f64 / (lines - 0.5);
            self.calibrated = true;
        }
        self.calibrated
    }
}

/// What is rendered: the window and the chunks kept for a selection.
#[derive(Clone, PartialEq)]
struct Shown {
    window: Range<usize>,
    pins: Vec<usize>,
}

/// The chunk index of the element holding `node`, if it is in the text view.
fn chunk_of(node: &web_sys::Node) -> Option<usize> {
    let element = match node.dyn_ref::<web_sys::Element>() {
        Some(element) => element.clone(),
        None => node.parent_element()?,
    };
    element.closest("[data-chunk]").ok()??.get_attribute("data-chunk")?.parse().ok()
}

/// The chunks holding the ends of a selection made in the text view (kept rendered).
fn selection_pins(root: &web_sys::Element) -> Vec<usize> {
    let Some(selection) = web_sys::window().and_then(|window| window.get_selection().ok().flatten()) else {
        return Vec::new();
    };
    if selection.is_collapsed() {
        return Vec::new();
    }
    [selection.anchor_node(), selection.focus_node()]
        .into_iter()
        .flatten()
        .filter(|node| root.contains(Some(node)))
        .filter_map(|node| chunk_of(&node))
        .collect()
}

/// Reads the scroll position and renders the chunks it shows.
fn follow_scroll(root: &web_sys::Element, layout: &RefCell<Layout>, shown: &UseStateHandle<Shown>) {
    let mut layout = layout.borrow_mut();
    layout.scroll_top = f64::from(root.scroll_top());
    layout.viewport = f64::from(root.client_height().max(1));
    let window = layout.window();
    let pins = selection_pins(root).into_iter().filter(|pin| *pin < layout.chunks.len()).collect();
    shown.set(Shown { window, pins });
}

/// The DOM point `offset` code points into a chunk element.
fn dom_point(element: &web_sys::Element, offset: usize) -> Option<(web_sys::Node, u32)> {
    let walker = gloo::utils::document().create_tree_walker_with_what_to_show(element, 4).ok()?;
    let mut remaining = offset;
    let mut last = None;
    while let Ok(Some(node)) = walker.next_node() {
        let text = node.text_content().unwrap_or_default();
        let count = text.chars().count();
        if remaining <= count {
            let units: usize = text.chars().take(remaining).map(char::len_utf16).sum();
            return Some((node, units as u32));
        }
        remaining -= count;
        let units = text.encode_utf16().count();
        last = Some((node, units as u32));
    }
    last.or_else(|| Some((element.clone().into(), 0)))
}

fn scroll_to(element: &web_sys::Element, block: web_sys::ScrollLogicalPosition) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(block);
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Marks an element for a moment (a jump lands on it).
fn flash(element: &web_sys::Element) {
    let _ = element.class_list().add_1("flash");
    let element = element.clone();
    gloo::timers::callback::Timeout::new(1200, move || {
        let _ = element.class_list().remove_1("flash");
    })
    .forget();
}

/// Does the pending place if it is rendered (else scrolls to it, so that it will be); returns the
/// reveal request it completed.
fn settle_pending(root: &web_sys::Element, layout: &RefCell<Layout>) -> Option<u64> {
    let mut state = layout.borrow_mut();
    let pending = state.pending.clone()?;
    let offset = match &pending {
        Pending::Reveal { start, .. } => *start,
        Pending::Caret { offset, .. } => *offset,
    };
    let index = text_window::chunk_at(&state.chunks, offset)?;
    let Some(element) = root.query_selector(&format!("[data-chunk=\"{index}\"]")).ok().flatten() else {
        state.waited += 1;
        if state.waited > 8 {
            state.pending = None;
        } else {
            // A third of the way down the view: rendered at the next scroll event.
            let top = (state.heights.top(index) - state.viewport / 3.0).max(0.0);
            root.set_scroll_top(top as i32);
        }
        return None;
    };
    state.pending = None;
    state.waited = 0;
    let chunk_start = state.chunks.get(index).map_or(0, |chunk| chunk.start);
    drop(state);
    match pending {
        Pending::Reveal { target: RevealTarget::Citation(id), seq, .. } => {
            let marks = root.query_selector_all("mark.cited").ok();
            let mark = marks.and_then(|marks| {
                (0..marks.length())
                    .filter_map(|at| marks.item(at).and_then(|node| node.dyn_into::<web_sys::Element>().ok()))
                    .find(|mark| mark.get_attribute("data-citation").as_deref() == Some(id.as_str()))
            });
            let target = mark.unwrap_or(element);
            scroll_to(&target, web_sys::ScrollLogicalPosition::Center);
            // Keyboard users land on it too (the mark is focusable for this).
            if let Some(target) = target.dyn_ref::<web_sys::HtmlElement>() {
                let _ = target.focus();
            }
            flash(&target);
            seq
        }
        Pending::Reveal { target: RevealTarget::Found, seq, .. } => {
            let target = element.query_selector("mark.found.current").ok().flatten().unwrap_or(element);
            scroll_to(&target, web_sys::ScrollLogicalPosition::Center);
            seq
        }
        Pending::Caret { offset, extend } => {
            let selection = web_sys::window().and_then(|window| window.get_selection().ok().flatten())?;
            let (node, at) = dom_point(&element, offset.saturating_sub(chunk_start))?;
            let anchored = selection.anchor_node().is_some_and(|anchor| root.contains(Some(&anchor)));
            if extend && anchored {
                let _ = selection.extend_with_offset(&node, at);
            } else {
                let _ = selection.collapse_with_offset(Some(&node), at);
            }
            scroll_to(&element, web_sys::ScrollLogicalPosition::Nearest);
            None
        }
    }
}

/// Keyboard caret and selection in the capture text (no pointer needed to select a passage):
/// arrows move a caret (Ctrl: by word; up/down: by line, Ctrl: by paragraph; Home/End: line
/// ends, Ctrl: the whole text's), Shift extends the selection. Left/right are visual, so they
/// follow right-to-left text. Moves to places that may not be rendered (the next block, the ends
/// of the text) come back as a `Pending` caret. Returns whether the key was one of these.
fn caret_key(root: &web_sys::Element, layout: &Layout, event: &KeyboardEvent) -> (bool, Option<Pending>) {
    let by_word = event.ctrl_key() || event.alt_key();
    let key = event.key();
    let selection = web_sys::window().and_then(|window| window.get_selection().ok().flatten());
    let focus_chunk = selection
        .as_ref()
        .and_then(|selection| selection.focus_node())
        .filter(|node| root.contains(Some(node)))
        .and_then(|node| chunk_of(&node));
    if by_word && !event.shift_key() && (key == "ArrowDown" || key == "ArrowUp") {
        event.prevent_default();
        let forward = key == "ArrowDown";
        let target = match focus_chunk {
            None => Some(layout.chunk_in_view()),
            Some(at) => text_window::neighbour_block(&layout.chunks, at, forward).or(Some(at)),
        };
        let offset = target.and_then(|index| layout.chunks.get(index)).map(|chunk| chunk.start);
        return (true, offset.map(|offset| Pending::Caret { offset, extend: false }));
    }
    if event.ctrl_key() && (key == "Home" || key == "End") {
        event.prevent_default();
        let offset = if key == "Home" { 0 } else { layout.chunks.last().map_or(0, Chunk::end) };
        return (true, Some(Pending::Caret { offset, extend: event.shift_key() }));
    }
    let (direction, granularity) = match key.as_str() {
        "ArrowLeft" => ("left", if by_word { "word" } else { "character" }),
        "ArrowRight" => ("right", if by_word { "word" } else { "character" }),
        "ArrowUp" => ("backward", if by_word { "paragraphboundary" } else { "line" }),
        "ArrowDown" => ("forward", if by_word { "paragraphboundary" } else { "line" }),
        "Home" => ("backward", "lineboundary"),
        "End" => ("forward", "lineboundary"),
        _ => return (false, None),
    };
    let Some(selection) = selection else { return (false, None) };
    event.prevent_default();
    if focus_chunk.is_none() {
        // The caret starts at the beginning of the first block in view.
        let first = layout.chunk_in_view();
        let Some(element) = root.query_selector(&format!("[data-chunk=\"{first}\"]")).ok().flatten() else {
            return (true, None);
        };
        let _ = selection.collapse_with_offset(Some(&element), 0);
        if !event.shift_key() {
            return (true, None);
        }
    }
    let alter = if event.shift_key() { "extend" } else { "move" };
    let _ = selection.modify(alter, direction, granularity);
    // Keep the caret in view (the window follows the scroll).
    let focused = selection.focus_node().and_then(|node| match node.dyn_ref::<web_sys::Element>() {
        Some(element) => Some(element.clone()),
        None => node.parent_element(),
    });
    if let Some(element) = focused {
        scroll_to(&element, web_sys::ScrollLogicalPosition::Nearest);
    }
    (true, None)
}

/// "3 of 12" for the find box (empty before a search).
fn find_count(query: &str, matches: &[Range<usize>], current: Option<usize>) -> String {
    if query.is_empty() {
        return String::new();
    }
    if matches.is_empty() {
        return "no match".to_string();
    }
    let more = if matches.len() >= text_window::MAX_MATCHES { "+" } else { "" };
    format!("{} of {}{more}", current.map_or(0, |at| at + 1), matches.len())
}

#[function_component(CaptureText)]
pub fn capture_text(props: &CaptureTextProps) -> Html {
    let capture = &props.capture;
    let dispatch = use_app().dispatch;
    let layout = use_memo(capture.clone(), |capture| RefCell::new(Layout::new(capture)));
    let shown = {
        let layout = layout.clone();
        use_state_eq(move || Shown { window: layout.borrow().window(), pins: Vec::new() })
    };
    let redraw = use_force_update();
    let text_ref = use_node_ref();
    let find_ref = use_node_ref();
    let query = use_state_eq(String::new);
    let typed = use_mut_ref(String::new);
    let debounce = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    let matches = use_memo((capture.clone(), (*query).clone()), |(capture, query)| {
        text_window::find(&capture.text.canonical, query)
    });
    let current = use_state_eq(|| None::<usize>);

    // A jump to a citation: rendered, scrolled to, focused (then the request is done).
    {
        let layout = layout.clone();
        let redraw = redraw.clone();
        use_effect_with(props.reveal.clone(), move |reveal| {
            if let Some(reveal) = reveal {
                layout.borrow_mut().wait_for(Pending::Reveal {
                    start: reveal.start,
                    target: reveal.citation_id.clone().map_or(RevealTarget::Found, RevealTarget::Citation),
                    seq: Some(reveal.seq),
                });
                redraw.force_update();
            }
            || ()
        });
    }
    // A new search: the first match from the top of the view.
    {
        let layout = layout.clone();
        let current = current.clone();
        let redraw = redraw.clone();
        let matches = matches.clone();
        use_effect_with((*query).clone(), move |_| {
            let mut state = layout.borrow_mut();
            let from = state.chunks.get(state.chunk_in_view()).map_or(0, |chunk| chunk.start);
            let first = text_window::match_from(&matches, from);
            current.set(first);
            if let Some(found) = first.and_then(|at| matches.get(at)) {
                state.show_match(found);
                redraw.force_update();
            }
            || ()
        });
    }
    // After every render: measure what is rendered, do what waits for it, follow the scroll.
    {
        let layout = layout.clone();
        let shown = shown.clone();
        let text_ref = text_ref.clone();
        use_effect(move || {
            if let Some(root) = text_ref.cast::<web_sys::Element>() {
                layout.borrow_mut().measure(&root);
                if let Some(seq) = settle_pending(&root, &layout) {
                    dispatch.emit(AppAction::TextRevealed(seq));
                }
                follow_scroll(&root, &layout, &shown);
            }
            || ()
        });
    }

    let on_scroll = {
        let layout = layout.clone();
        let shown = shown.clone();
        let text_ref = text_ref.clone();
        Callback::from(move |_: Event| {
            if let Some(root) = text_ref.cast::<web_sys::Element>() {
                follow_scroll(&root, &layout, &shown);
            }
        })
    };
    let on_text_key = {
        let layout = layout.clone();
        let text_ref = text_ref.clone();
        let find_ref = find_ref.clone();
        let redraw = redraw.clone();
        Callback::from(move |event: KeyboardEvent| {
            if (event.ctrl_key() || event.meta_key()) && event.key().eq_ignore_ascii_case("f") {
                if let Some(input) = find_ref.cast::<web_sys::HtmlElement>() {
                    event.prevent_default();
                    let _ = input.focus();
                }
                return;
            }
            let Some(root) = text_ref.cast::<web_sys::Element>() else { return };
            let (_, pending) = caret_key(&root, &layout.borrow(), &event);
            if let Some(pending) = pending {
                layout.borrow_mut().wait_for(pending);
                redraw.force_update();
            }
        })
    };
    // Find: typing waits a moment, then searches the whole text; Enter (Shift+Enter) goes to the
    // next (previous) match, as the buttons do.
    let step = {
        let matches = matches.clone();
        let current = current.clone();
        let layout = layout.clone();
        let redraw = redraw.clone();
        Callback::from(move |delta: isize| {
            let total = matches.len();
            if total == 0 {
                return;
            }
            let next = match *current {
                Some(at) => (at as isize + delta).rem_euclid(total as isize) as usize,
                None => 0,
            };
            current.set(Some(next));
            if let Some(found) = matches.get(next) {
                layout.borrow_mut().show_match(found);
            }
            redraw.force_update();
        })
    };
    let search_now = {
        let query = query.clone();
        let typed = typed.clone();
        let debounce = debounce.clone();
        Callback::from(move |_: ()| {
            debounce.borrow_mut().take();
            query.set(typed.borrow().trim().to_string());
        })
    };
    let on_find_input = {
        let typed = typed.clone();
        let debounce = debounce.clone();
        let search_now = search_now.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            *typed.borrow_mut() = input.value();
            let search_now = search_now.clone();
            *debounce.borrow_mut() =
                Some(gloo::timers::callback::Timeout::new(FIND_DEBOUNCE_MS, move || search_now.emit(())));
        })
    };
    let on_find_key = {
        let step = step.clone();
        let query = query.clone();
        let typed = typed.clone();
        let search_now = search_now.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() != "Enter" {
                return;
            }
            event.prevent_default();
            if typed.borrow().trim() != query.as_str() {
                search_now.emit(());
            } else {
                step.emit(if event.shift_key() { -1 } else { 1 });
            }
        })
    };

    let state = layout.borrow();
    let found_current = (*current).and_then(|at| matches.get(at).cloned());
    let blocks = &capture.text.blocks;
    let ranges = text_window::rendered(shown.window.clone(), &shown.pins);
    let mut children: Vec<Html> = Vec::new();
    let mut edge = 0;
    for range in &ranges {
        let range = range.start.min(state.chunks.len())..range.end.min(state.chunks.len());
        let gap = state.heights.top(range.start) - state.heights.top(edge);
        children.push(html! { <div key={format!("gap-{}", range.start)} class="text-spacer" aria-hidden="true" style={height_style(gap)}></div> });
        for index in range.clone() {
            let Some(chunk) = state.chunks.get(index) else { continue };
            let found: Vec<(Range<usize>, bool)> = text_window::matches_in(&matches, chunk.start..chunk.end())
                .iter()
                .map(|hit| {
                    (
                        hit.start.saturating_sub(chunk.start)..hit.end.min(chunk.end()) - chunk.start,
                        found_current.as_ref() == Some(hit),
                    )
                })
                .collect();
            children.push(html! {
                <ChunkView key={index.to_string()} capture={capture.clone()} index={index} chunk={chunk.clone()}
                    dir={AttrValue::Static(state.dir(chunk))} marks={chunk_marks(chunk, &props.marks)} found={found} />
            });
        }
        edge = range.end;
    }
    let rest = state.heights.total() - state.heights.top(edge);
    children
        .push(html! { <div key="gap-end" class="text-spacer" aria-hidden="true" style={height_style(rest)}></div> });
    let state_chunks = state.chunks.len();
    drop(state);

    let text_help_id = format!("text-help-{}", super::safe_id(&capture.id));
    let count = find_count(&query, &matches, *current);
    let chunk_count = state_chunks;
    let none = matches.is_empty();
    html! {
        <>
            <p class="hint" id={text_help_id.clone()}>{"In the text: arrows move a caret, Shift+arrows select (Ctrl: by word), then Cite."}</p>
            <div class="text-find" role="search">
                <input type="search" data-testid="text-find" ref={find_ref} placeholder="Find in the text"
                    aria-label="Find in the capture text (Enter: next match, Shift+Enter: previous)"
                    oninput={on_find_input} onkeydown={on_find_key} />
                <button data-testid="text-find-prev" disabled={none} onclick={{ let step = step.clone(); move |_| step.emit(-1) }}
                    aria-label="Previous match">{"Previous"}</button>
                <button data-testid="text-find-next" disabled={none} onclick={move |_| step.emit(1)}
                    aria-label="Next match">{"Next"}</button>
                <span class="find-count" data-testid="text-find-count" role="status" aria-live="polite">{ count }</span>
            </div>
            <div class="capture-text" data-testid="capture-text" lang="" dir="auto" tabindex="0" role="region"
                aria-label={format!("Text of the capture of {}", capture.url)} aria-describedby={text_help_id}
                data-blocks={blocks.len().to_string()} data-chunks={chunk_count.to_string()} ref={text_ref} onkeydown={on_text_key} onscroll={on_scroll}>
                if blocks.is_empty() { <p class="empty">{"No text was extracted from this capture."}</p> }
                else { { for children } }
            </div>
        </>
    }
}

/// `height:…px` to a tenth of a pixel, formatted as integers, as the queue's progress bar is (each
/// use of `{:.1}` on an `f64` links the float formatter; another use still does, BENCHMARKS.md).
fn height_style(pixels: f64) -> String {
    let tenths = (pixels.max(0.0) * 10.0).round() as u64;
    format!("height:{}.{}px", tenths / 10, tenths % 10)
}
