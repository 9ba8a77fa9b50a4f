//! Citations: evidence pinned to the bytes it came from. A text citation carries W3C
//! TextQuoteSelector and TextPositionSelector over a capture's canonical text; a region citation
//! carries a FragmentSelector (`xywh=pixel:x,y,w,h`) over a screenshot. Re-anchoring finds a
//! citation again after a reload or re-extraction, or reports it orphaned: never silently dropped.

use serde::{Deserialize, Serialize};

/// W3C TextQuoteSelector: the exact quote with up to 32 characters of context either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// W3C TextPositionSelector: offsets in Unicode code points into the canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPosition {
    pub start: usize,
    pub end: usize,
}

/// A rectangle in image pixels (`xywh=pixel:x,y,w,h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PixelRect {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Selector {
    Text { quote: TextQuote, position: TextPosition },
    Region { rect: PixelRect, transcription: String },
}

/// One piece of cited evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub id: String,
    pub allegation_id: String,
    pub capture_id: String,
    /// SHA-256 of the artifact the selector points into (HTML/text, or the screenshot).
    pub artifact_sha256: String,
    pub selector: Selector,
    /// ISO 639-3 code of the quote's (or transcription's) detected language, when reliable.
    pub quote_language: Option<String>,
    /// What this shows.
    pub note: String,
    /// The reviewer's translation, when the quote is not in the reviewer's working language.
    pub translation: Option<String>,
    /// For a region citation: the id of the text citation its transcription was found as.
    pub linked_citation: Option<String>,
}
