//! Citations: evidence pinned to the bytes it came from. A text citation carries W3C
//! TextQuoteSelector and TextPositionSelector over a capture's canonical text; a region citation
//! carries a FragmentSelector (`xywh=pixel:x,y,w,h`) over a screenshot. Re-anchoring finds a
//! citation again after a reload or re-extraction, or reports it orphaned: never silently dropped.
//!
//! Offsets are Unicode code points, never bytes. Nothing here panics on any input (no slicing at
//! a byte offset that was not checked to be a char boundary), guesses a position for a quote that
//! is gone, or reads anything but the strings it is given.

use serde::{Deserialize, Serialize};

use crate::domain::ids::{AllegationId, CaptureId, CitationId};

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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Selector {
    Text { quote: TextQuote, position: TextPosition },
    Region { rect: PixelRect, transcription: String },
}

/// Reads the shape `Serialize` writes (`type` beside the variant's fields, in any order). Written
/// by hand because serde's internally tagged enums buffer through its generic `Content`
/// representation, which doubles the deserialisation code in the app's bundle.
impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Selector, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Text,
            Region,
        }
        #[derive(Deserialize)]
        struct Wire {
            #[serde(rename = "type")]
            kind: Kind,
            quote: Option<TextQuote>,
            position: Option<TextPosition>,
            rect: Option<PixelRect>,
            transcription: Option<String>,
        }
        let wire = Wire::deserialize(deserializer)?;
        let missing = |field: &str| serde::de::Error::custom(format!("missing field `{field}` in a selector"));
        Ok(match wire.kind {
            Kind::Text => Selector::Text {
                quote: wire.quote.ok_or_else(|| missing("quote"))?,
                position: wire.position.ok_or_else(|| missing("position"))?,
            },
            Kind::Region => Selector::Region {
                rect: wire.rect.ok_or_else(|| missing("rect"))?,
                transcription: wire.transcription.ok_or_else(|| missing("transcription"))?,
            },
        })
    }
}

/// One piece of cited evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub id: CitationId,
    pub allegation_id: AllegationId,
    pub capture_id: CaptureId,
    /// SHA-256 of the artifact the selector points into (HTML/text, or the screenshot).
    pub artifact_sha256: String,
    pub selector: Selector,
    /// Language of the quote (or transcription) as detected when the citation was made: an ISO
    /// 639-3 code when reliable, else `und-` and the ISO 15924 script (`und-Arab`), else none.
    pub quote_language: Option<String>,
    /// What this shows, in the reviewer's words.
    pub note: String,
    /// What this shows, as a finding id from the case codebook (`recruitment`, `reporting`…).
    /// Citations made before findings existed have none, and cannot back a verdict until given one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finding: Option<String>,
    /// For a screenshot region without text: what it depicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Where the cited artifact came from as archived, for a capture read from a WARC or WACZ: the
    /// archive file's SHA-256, the record's offset and length, its stated digests. Lets anyone
    /// (warcio, py-wacz) find and re-check the record without Exhibit's decoding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<Box<crate::domain::capture::integrity::ArchiveLocator>>,
    /// The reviewer's translation, when the quote is not in the reviewer's working language.
    pub translation: Option<String>,
    /// For a region citation: the id of the text citation its transcription was found as.
    pub linked_citation: Option<CitationId>,
}

impl Citation {
    /// The words cited: a text quote, or a region's transcription.
    pub fn quoted_text(&self) -> &str {
        match &self.selector {
            Selector::Text { quote, .. } => &quote.exact,
            Selector::Region { transcription, .. } => transcription,
        }
    }
}

/// Characters of context kept either side of a quote (W3C TextQuoteSelector prefix/suffix).
pub const CONTEXT_CHARS: usize = 32;

/// Where a citation was found again in a capture's canonical text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "anchor", rename_all = "snake_case")]
pub enum Anchor {
    /// The text at the recorded position is still the quote.
    Exact(TextPosition),
    /// The quote was found elsewhere (the text moved, or was re-extracted).
    Moved(TextPosition),
    /// The quote is no longer in the text.
    Orphaned,
}

impl Anchor {
    pub fn position(self) -> Option<TextPosition> {
        match self {
            Anchor::Exact(position) | Anchor::Moved(position) => Some(position),
            Anchor::Orphaned => None,
        }
    }
}

/// Byte offset of each code-point offset in `offsets` (which must be sorted ascending), or `None`
/// for an offset past the end. Offset `len` (one past the last char) maps to `text.len()`.
fn byte_offsets(text: &str, offsets: &[usize]) -> Vec<Option<usize>> {
    let mut result = vec![None; offsets.len()];
    let mut next = 0;
    for (char_index, (byte_index, _)) in text.char_indices().enumerate() {
        while next < offsets.len() && offsets[next] == char_index {
            result[next] = Some(byte_index);
            next += 1;
        }
        if next == offsets.len() {
            return result;
        }
    }
    let char_count = text.chars().count();
    while next < offsets.len() && offsets[next] == char_count {
        result[next] = Some(text.len());
        next += 1;
    }
    result
}

/// Builds the W3C quote and position selectors for the code points `start..end` of `canonical`.
/// `None` when the range is empty, reversed or past the end of the text.
pub fn text_selectors(canonical: &str, start: usize, end: usize) -> Option<(TextQuote, TextPosition)> {
    if start >= end {
        return None;
    }
    let prefix_start = start.saturating_sub(CONTEXT_CHARS);
    let offsets = byte_offsets(canonical, &[prefix_start, start, end]);
    let (prefix_byte, start_byte, end_byte) = match offsets.as_slice() {
        [Some(a), Some(b), Some(c)] => (*a, *b, *c),
        _ => return None,
    };
    let suffix: String = canonical.get(end_byte..)?.chars().take(CONTEXT_CHARS).collect();
    let quote = TextQuote {
        exact: canonical.get(start_byte..end_byte)?.to_string(),
        prefix: canonical.get(prefix_byte..start_byte)?.to_string(),
        suffix,
    };
    Some((quote, TextPosition { start, end }))
}

/// The code points `position.start..position.end` of `text`, when in range.
pub fn text_at<'a>(text: &'a str, position: &TextPosition) -> Option<&'a str> {
    if position.start > position.end {
        return None;
    }
    match byte_offsets(text, &[position.start, position.end]).as_slice() {
        [Some(start), Some(end)] => text.get(*start..*end),
        _ => None,
    }
}

/// Finds a citation again: first at its recorded position, then by its quote, choosing among
/// several occurrences the one whose surrounding text best matches the recorded prefix and suffix
/// (ties go to the occurrence nearest the recorded position), then by a whitespace-tolerant search.
/// Never guesses beyond that: a quote that is gone is `Orphaned`.
pub fn reanchor(canonical: &str, quote: &TextQuote, position: &TextPosition) -> Anchor {
    if quote.exact.is_empty() {
        return Anchor::Orphaned;
    }
    if position.start < position.end && text_at(canonical, position) == Some(quote.exact.as_str()) {
        return Anchor::Exact(*position);
    }
    if let Some(found) = best_occurrence(canonical, quote, position) {
        return Anchor::Moved(found);
    }
    match find_tolerant(canonical, &quote.exact, false) {
        Some(found) => Anchor::Moved(found),
        None => Anchor::Orphaned,
    }
}

/// Number of chars that `a` and `b` share at their ends (compared from the back).
fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars().rev().zip(b.chars().rev()).take_while(|(x, y)| x == y).count()
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn best_occurrence(canonical: &str, quote: &TextQuote, position: &TextPosition) -> Option<TextPosition> {
    let exact_chars = quote.exact.chars().count();
    // (score, distance to the recorded start, position)
    let mut best: Option<(usize, usize, TextPosition)> = None;
    let mut search_from = 0; // byte offset
    let mut chars_before = 0; // code points before `counted_to`
    let mut counted_to = 0; // byte offset up to which chars_before is counted
    while let Some(relative) = canonical.get(search_from..).and_then(|rest| rest.find(&quote.exact)) {
        let byte_start = search_from + relative;
        chars_before += canonical.get(counted_to..byte_start).map_or(0, |gap| gap.chars().count());
        counted_to = byte_start;
        let byte_end = byte_start + quote.exact.len();
        let before = canonical.get(..byte_start).unwrap_or("");
        let after = canonical.get(byte_end..).unwrap_or("");
        let score = common_suffix_chars(before, &quote.prefix) + common_prefix_chars(after, &quote.suffix);
        let found = TextPosition { start: chars_before, end: chars_before + exact_chars };
        let distance = chars_before.abs_diff(position.start);
        let better = match &best {
            None => true,
            Some((best_score, best_distance, _)) => {
                score > *best_score || (score == *best_score && distance < *best_distance)
            }
        };
        if better {
            best = Some((score, distance, found));
        }
        // Continue one char after this match start, so overlapping occurrences are seen too.
        let step = canonical.get(byte_start..).and_then(|rest| rest.chars().next()).map_or(1, char::len_utf8);
        search_from = byte_start + step;
    }
    best.map(|(_, _, found)| found)
}

/// Characters that differ between a transcription and extracted text without changing what it
/// says: zero-width and bidi marks, the Arabic tatweel and Arabic vowel marks.
fn is_ignorable(character: char) -> bool {
    matches!(character,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}'
        | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{00AD}')
}

/// `text` folded for tolerant search: whitespace runs become one space, ignorable marks vanish,
/// and (when `fold_case`) letters are lowercased. Returns the folded string and, for each folded
/// char, the code-point offset of the original char it came from.
fn fold_for_search(text: &str, fold_case: bool) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    let mut pending_space: Option<usize> = None;
    for (index, character) in text.chars().enumerate() {
        if character.is_whitespace() {
            if pending_space.is_none() {
                pending_space = Some(index);
            }
            continue;
        }
        if is_ignorable(character) {
            continue;
        }
        if let Some(space_index) = pending_space.take() {
            if !folded.is_empty() {
                folded.push(' ');
                origins.push(space_index);
            }
        }
        if fold_case {
            for lower in character.to_lowercase() {
                folded.push(lower);
                origins.push(index);
            }
        } else {
            folded.push(character);
            origins.push(index);
        }
    }
    (folded, origins)
}

fn find_tolerant(canonical: &str, needle: &str, fold_case: bool) -> Option<TextPosition> {
    let (needle, _) = fold_for_search(needle, fold_case);
    if needle.is_empty() {
        return None;
    }
    let (haystack, origins) = fold_for_search(canonical, fold_case);
    let byte_start = haystack.find(&needle)?;
    let first = haystack.get(..byte_start)?.chars().count();
    let count = needle.chars().count();
    let start = *origins.get(first)?;
    let end = *origins.get(first + count - 1)? + 1;
    Some(TextPosition { start, end })
}

/// Finds a screenshot region's transcription in the extracted text, tolerating differences of
/// whitespace, letter case, zero-width marks, tatweel and Arabic vowel marks. The position covers
/// the original text from the first to the last matched character.
pub fn find_transcription(canonical: &str, transcription: &str) -> Option<TextPosition> {
    find_tolerant(canonical, transcription, true)
}

/// The W3C media fragment for a region: `xywh=pixel:x,y,w,h`.
pub fn format_fragment(rect: &PixelRect) -> String {
    format!("xywh=pixel:{},{},{},{}", rect.x, rect.y, rect.w, rect.h)
}

/// Reads `xywh=pixel:x,y,w,h` (also with a leading `#`, or without the `pixel:` unit, which is the
/// default). Percent units, missing or extra numbers, and empty regions are refused.
pub fn parse_fragment(fragment: &str) -> Option<PixelRect> {
    let fragment = fragment.trim();
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let values = fragment.strip_prefix("xywh=")?;
    let values = values.strip_prefix("pixel:").unwrap_or(values);
    let mut numbers = values.split(',').map(|part| {
        if part.is_empty() || !part.bytes().all(|byte| byte.is_ascii_digit()) {
            None
        } else {
            part.parse::<u32>().ok()
        }
    });
    let rect = PixelRect { x: numbers.next()??, y: numbers.next()??, w: numbers.next()??, h: numbers.next()?? };
    if numbers.next().is_some() || rect.w == 0 || rect.h == 0 {
        return None;
    }
    Some(rect)
}
