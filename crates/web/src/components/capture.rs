//! The parts of one capture's view, each its own component: `meta` (metadata, integrity, hashes,
//! language, links), `text` (the extracted text with its citation marks; a selection becomes a
//! citation), `screenshot` (the image with its cited regions; mark a new one by dragging, with the
//! `use_drag` hook, or with the keyboard) and `page_view` (the sanitized page in a sandboxed frame).
//! `capture_pane::CaptureView` lays them out.
//!
//! They get the capture as a `SharedCapture` (the case's `Arc` and an index: cloning or comparing
//! it copies no text) and the marks and callbacks they need as props; none of them reads or writes
//! storage, and none renders the captured HTML as is.

pub mod meta;
pub mod page_view;
pub mod screenshot;
pub mod text;
pub mod use_drag;

use std::ops::Deref;
use std::sync::Arc;

use yew::prelude::*;

use crate::app::effects::{self, stamp};
use crate::app::AppAction;
use crate::domain::capture::Capture;
use crate::domain::citation::{self, Citation, PixelRect, Selector};
use crate::domain::ids::CaptureId;
use crate::domain::review_log::ReviewState;
use crate::domain::session::{Case, SessionAction};

/// One capture of the open case, by reference: cheap to clone and to compare (two are equal when
/// they are the same capture of the same case), so it can be a prop.
#[derive(Clone)]
pub struct SharedCapture {
    case: Arc<Case>,
    index: usize,
}

impl SharedCapture {
    /// The capture with this id in the case, if any.
    pub fn find(case: &Arc<Case>, capture_id: &CaptureId) -> Option<SharedCapture> {
        let index = case.captures.iter().position(|capture| capture.id == capture_id)?;
        Some(SharedCapture { case: case.clone(), index })
    }
}

impl Deref for SharedCapture {
    type Target = Capture;

    fn deref(&self) -> &Capture {
        &self.case.captures[self.index]
    }
}

impl PartialEq for SharedCapture {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.case, &other.case) && self.index == other.index
    }
}

/// A cited passage of the text, in code points of the canonical text.
#[derive(Clone, PartialEq)]
pub struct TextMark {
    pub start: usize,
    pub end: usize,
    pub citation_id: AttrValue,
}

/// A cited region of the screenshot, with what it says (its accessible name).
#[derive(Clone, PartialEq)]
pub struct RegionMark {
    pub rect: PixelRect,
    pub citation_id: AttrValue,
    pub label: AttrValue,
}

/// This capture's citations, in one pass: text marks and screenshot regions.
pub fn citation_marks(review: &ReviewState, capture_id: &CaptureId) -> (Vec<TextMark>, Vec<RegionMark>) {
    let mut marks = Vec::new();
    let mut regions = Vec::new();
    for cited in review.citations.values().filter(|cited| cited.capture_id == capture_id) {
        match &cited.selector {
            Selector::Text { position, .. } => marks.push(TextMark {
                start: position.start,
                end: position.end,
                citation_id: AttrValue::from(cited.id.to_string()),
            }),
            Selector::Region { rect, transcription } => {
                let said = if transcription.trim().is_empty() {
                    cited.description.clone().unwrap_or_else(|| "no transcription".to_string())
                } else {
                    transcription.clone()
                };
                regions.push(RegionMark {
                    rect: *rect,
                    citation_id: AttrValue::from(cited.id.to_string()),
                    label: AttrValue::from(format!("Cited region {}: {said}", citation::format_fragment(rect))),
                });
            }
        }
    }
    (marks, regions)
}

/// A capture id as it may appear in an element id (other characters become `-`).
pub fn safe_id(capture_id: &str) -> String {
    capture_id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect()
}

/// Tags each citation's quote with its language (detected in the worker, so the language models
/// stay out of the app), then adds the citations in order.
pub fn add_citations(citations: Vec<Citation>, reviewer: String, dispatch: Callback<AppAction>) {
    wasm_bindgen_futures::spawn_local(async move {
        for mut cited in citations {
            cited.quote_language = effects::quote_language(cited.quoted_text()).await;
            dispatch.emit(AppAction::Review(SessionAction::AddCitation { citation: cited, stamp: stamp(&reviewer) }));
        }
    });
}
