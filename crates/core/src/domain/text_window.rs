//! The arithmetic of the app's virtualised capture text (issue 18): only the part of the text on or
//! near the screen is in the DOM, so opening a capture of any size paints at once.
//!
//! - `chunks`: the text's blocks cut into display chunks of at most `CHUNK_CHARS` code points (a
//!   50 MB one-line page is one block: no DOM node may hold megabytes). A long block is cut after a
//!   space when there is one near the limit, and never before a combining mark or a joiner, so a
//!   chunk never starts in the middle of what reads as one character (unless a run of marks is
//!   longer than a chunk). Built once per capture.
//! - `chunk_at`: the chunk holding a code-point offset (binary search on the chunks' starts).
//! - `Heights`: each chunk's height in pixels, estimated from its length until it has been
//!   measured, in a Fenwick tree: a measurement, the height above a chunk and the chunk at a scroll
//!   position are each O(log n), so a render costs what is on screen, not what the capture holds.
//! - `window`: the chunks to render for a scroll position.
//! - `find`: every case-insensitive occurrence of a query in the canonical text, in one pass
//!   (Knuth–Morris–Pratt over case-folded code points), as code-point ranges.
//!
//! Offsets are code points into `ExtractedText::canonical`, as everywhere else (W3C TextPosition).

use std::ops::Range;

use super::capture::{Block, BlockKind};

use crate::domain::order;

/// The most code points one display chunk holds.
pub const CHUNK_CHARS: usize = 2048;

/// How far back from the limit a long block's cut looks for a space to cut after.
const CUT_LOOKBACK: usize = 256;

/// One display chunk: a block, or a piece of a long one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunk {
    /// The index of its block.
    pub block: usize,
    /// Its first code point in the canonical text.
    pub start: usize,
    /// Its length in code points.
    pub chars: usize,
    /// Its bytes in the block's `text`.
    pub bytes: Range<usize>,
    /// Line breaks inside it (counted in pre-formatted blocks, the only ones that keep them), for
    /// the height estimate.
    pub newlines: usize,
    /// Whether it is the first (last) chunk of its block.
    pub first: bool,
    pub last: bool,
}

impl Chunk {
    /// Its text, from its block's text (empty if the block does not match the chunk).
    pub fn text<'a>(&self, blocks: &'a [Block]) -> &'a str {
        blocks.get(self.block).and_then(|block| block.text.get(self.bytes.clone())).unwrap_or("")
    }

    /// One past its last code point in the canonical text.
    pub fn end(&self) -> usize {
        self.start + self.chars
    }
}

/// Whether a chunk may not start with `c`: it belongs to the character before it (a combining
/// mark, a variation selector, a joiner).
fn clings(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5
        | 0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8 | 0x06EA..=0x06ED | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200C..=0x200D | 0x20D0..=0x20FF
        | 0x302A..=0x302F | 0x3099..=0x309A | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0x1F3FB..=0x1F3FF
        | 0xE0020..=0xE007F | 0xE0100..=0xE01EF)
}

/// The display chunks of a text's blocks, in order. O(total length) for long blocks' cuts; a
/// block of at most `CHUNK_CHARS` code points is one chunk.
pub fn chunks(blocks: &[Block]) -> Vec<Chunk> {
    chunks_of(blocks, CHUNK_CHARS)
}

/// `chunks` with another limit (for tests).
pub fn chunks_of(blocks: &[Block], limit: usize) -> Vec<Chunk> {
    let limit = limit.max(1);
    // Only pre-formatted text keeps line breaks (elsewhere whitespace is collapsed): only its
    // blocks are scanned for them.
    let newlines = |block: &Block, text: &str| match block.kind {
        BlockKind::Preformatted => text.bytes().filter(|byte| *byte == b'\n').count(),
        _ => 0,
    };
    let mut out = Vec::with_capacity(blocks.len());
    // The next `limit + 1` characters of a long block (byte offset from the cut, character).
    let mut ahead: Vec<(usize, char)> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let text = &block.text;
        let total = block.end.saturating_sub(block.start);
        if total <= limit {
            let newlines = newlines(block, text);
            out.push(Chunk {
                block: index,
                start: block.start,
                chars: total,
                bytes: 0..text.len(),
                newlines,
                first: true,
                last: true,
            });
            continue;
        }
        let (mut at_byte, mut at_char, mut first) = (0, block.start, true);
        while at_byte < text.len() {
            let rest = text.get(at_byte..).unwrap_or("");
            ahead.clear();
            ahead.extend(rest.char_indices().take(limit + 1));
            // Where the next chunk starts, as an index into `ahead` (`ahead.len()`: the block ends).
            let cut = if ahead.len() <= limit {
                ahead.len()
            } else {
                let starts_well = |i: &usize| ahead.get(*i).is_some_and(|(_, c)| !clings(*c));
                let after_space = (limit.saturating_sub(CUT_LOOKBACK).max(1)..=limit)
                    .rev()
                    .find(|i| starts_well(i) && ahead.get(i - 1).is_some_and(|(_, c)| c.is_whitespace()));
                after_space.or_else(|| (1..=limit).rev().find(starts_well)).unwrap_or(limit)
            };
            let end_byte = ahead.get(cut).map_or(text.len(), |(byte, _)| at_byte + byte);
            let piece = text.get(at_byte..end_byte).unwrap_or("");
            let last = end_byte >= text.len();
            out.push(Chunk {
                block: index,
                start: at_char,
                chars: cut,
                bytes: at_byte..end_byte,
                newlines: newlines(block, piece),
                first,
                last,
            });
            first = false;
            at_byte = end_byte;
            at_char += cut;
        }
    }
    out
}

/// The index of the chunk holding code point `offset` (an offset between two blocks gives the
/// chunk before it; one past the end, the last chunk). `None` when there is no chunk.
pub fn chunk_at(chunks: &[Chunk], offset: usize) -> Option<usize> {
    if chunks.is_empty() {
        return None;
    }
    Some(chunks.partition_point(|chunk| chunk.start <= offset).saturating_sub(1))
}

/// The first chunk of the block after (`forward`) or before the block of chunk `at`; `None` at
/// either end of the text.
pub fn neighbour_block(chunks: &[Chunk], at: usize, forward: bool) -> Option<usize> {
    let block = chunks.get(at)?.block;
    if forward {
        (at + 1..chunks.len()).find(|i| chunks.get(*i).is_some_and(|chunk| chunk.first && chunk.block != block))
    } else {
        let own_first = (0..=at).rev().find(|i| chunks.get(*i).is_some_and(|chunk| chunk.first))?;
        (0..own_first).rev().find(|i| chunks.get(*i).is_some_and(|chunk| chunk.first))
    }
}

/// How chunk heights are guessed before they are measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    /// Code points that fit on one line of the text view.
    pub chars_per_line: f64,
    pub line_height: f64,
    /// Space after a block (not after a chunk that its block continues).
    pub block_gap: f64,
}

impl Metrics {
    /// The estimated height of a chunk.
    pub fn estimate(&self, chunk: &Chunk) -> f64 {
        let per_line = self.chars_per_line.max(1.0);
        let lines = ((chunk.chars as f64 / per_line).ceil() + chunk.newlines as f64).max(1.0);
        lines * self.line_height + if chunk.last { self.block_gap } else { 0.0 }
    }
}

/// The chunks' heights (estimated, then measured), as a Fenwick tree over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Heights {
    values: Vec<f64>,
    tree: Vec<f64>,
    measured: Vec<bool>,
}

impl Heights {
    /// Every chunk at its estimated height. O(n).
    pub fn estimated(chunks: &[Chunk], metrics: &Metrics) -> Heights {
        Heights::from_values(chunks.iter().map(|chunk| metrics.estimate(chunk)).collect())
    }

    pub fn from_values(values: Vec<f64>) -> Heights {
        let mut tree = values.clone();
        for i in 0..tree.len() {
            let parent = i | (i + 1);
            if parent < tree.len() {
                let value = tree[i];
                tree[parent] += value;
            }
        }
        let measured = vec![false; values.len()];
        Heights { values, tree, measured }
    }

    /// Estimates again every chunk not measured yet (the text view's width changed, or its
    /// characters per line were measured). O(n).
    pub fn reestimate(&mut self, chunks: &[Chunk], metrics: &Metrics) {
        let values = self
            .values
            .iter()
            .zip(&self.measured)
            .zip(chunks)
            .map(|((value, measured), chunk)| if *measured { *value } else { metrics.estimate(chunk) })
            .collect();
        let measured = std::mem::take(&mut self.measured);
        *self = Heights::from_values(values);
        self.measured = measured;
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The height of chunk `index` (0 out of range).
    pub fn get(&self, index: usize) -> f64 {
        self.values.get(index).copied().unwrap_or(0.0)
    }

    /// Whether chunk `index` has been measured.
    pub fn is_measured(&self, index: usize) -> bool {
        self.measured.get(index).copied().unwrap_or(false)
    }

    /// Sets a chunk's measured height; returns how much it changed. O(log n).
    pub fn set(&mut self, index: usize, height: f64) -> f64 {
        let Some(old) = self.values.get(index).copied() else { return 0.0 };
        let height = if height.is_finite() { height.max(0.0) } else { old };
        let delta = height - old;
        if let (Some(value), Some(measured)) = (self.values.get_mut(index), self.measured.get_mut(index)) {
            *value = height;
            *measured = true;
        }
        let mut i = index;
        while let Some(node) = self.tree.get_mut(i) {
            *node += delta;
            i |= i + 1;
        }
        delta
    }

    /// The height of chunks `0..index` (where chunk `index` starts). O(log n).
    pub fn top(&self, index: usize) -> f64 {
        let mut sum = 0.0;
        let mut i = index.min(self.tree.len());
        while i > 0 {
            sum += self.tree.get(i - 1).copied().unwrap_or(0.0);
            i &= i - 1;
        }
        sum
    }

    /// The height of every chunk.
    pub fn total(&self) -> f64 {
        self.top(self.len())
    }

    /// The chunk at `y` pixels from the top (the last one past the bottom). O(log n).
    pub fn index_at(&self, y: f64) -> usize {
        let n = self.tree.len();
        if n == 0 {
            return 0;
        }
        let mut position = 0;
        let mut remaining = y;
        let mut step = n.next_power_of_two();
        while step > 0 {
            let next = position + step;
            if let Some(node) = self.tree.get(next - 1) {
                if *node <= remaining {
                    position = next;
                    remaining -= node;
                }
            }
            step >>= 1;
        }
        position.min(n - 1)
    }
}

/// The chunks to render when the view shows `viewport` pixels from `scroll_top`: those on screen
/// and `overscan` pixels either side, at most `max_chunks`. Empty when there is no chunk.
pub fn window(heights: &Heights, scroll_top: f64, viewport: f64, overscan: f64, max_chunks: usize) -> Range<usize> {
    if heights.is_empty() {
        return 0..0;
    }
    let first = heights.index_at((scroll_top - overscan).max(0.0));
    let last = heights.index_at(scroll_top.max(0.0) + viewport.max(0.0) + overscan) + 1;
    first..last.min(first + max_chunks.max(1)).min(heights.len())
}

/// The window around chunk `index`, as if it were scrolled to the top of the view.
pub fn window_around(heights: &Heights, index: usize, viewport: f64, overscan: f64, max_chunks: usize) -> Range<usize> {
    window(heights, heights.top(index), viewport, overscan, max_chunks)
}

/// What to render: the window, and the chunks outside it that must stay in the DOM (where a
/// selection starts and ends), as sorted, disjoint, non-adjacent ranges.
pub fn rendered(window: Range<usize>, pins: &[usize]) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = pins
        .iter()
        .map(|pin| *pin..pin.saturating_add(1))
        .chain(std::iter::once(window))
        .filter(|range| !range.is_empty())
        .collect();
    order::sort_by_key(&mut ranges, |range| range.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// The most matches `find` returns.
pub const MAX_MATCHES: usize = 100_000;

/// The folded form of a code point for a case-insensitive match (one code point for one, so
/// offsets stay those of the text).
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

/// Every occurrence of `query` in `text`, case-insensitively, as code-point ranges, at most
/// `MAX_MATCHES`; occurrences do not overlap. O(text + query): Knuth–Morris–Pratt over the UTF-8
/// bytes of the folded code points (a match starts on a lead byte, so it is whole code points),
/// with ASCII, most of any text, folded byte by byte without decoding.
pub fn find(text: &str, query: &str) -> Vec<Range<usize>> {
    let mut needle: Vec<u8> = Vec::with_capacity(query.len());
    let mut needle_chars = 0;
    for c in query.chars() {
        let mut buffer = [0u8; 4];
        needle.extend_from_slice(fold(c).encode_utf8(&mut buffer).as_bytes());
        needle_chars += 1;
    }
    let Some(&first) = needle.first() else { return Vec::new() };
    // failure[i]: the length of the longest proper border of needle[..=i].
    let mut failure = vec![0usize; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle.get(i) != needle.get(k) {
            k = failure.get(k - 1).copied().unwrap_or(0);
        }
        if needle.get(i) == needle.get(k) {
            k += 1;
        }
        if let Some(slot) = failure.get_mut(i) {
            *slot = k;
        }
    }
    let step = |matched: usize, byte: u8| -> usize {
        let mut matched = matched;
        while matched > 0 && needle.get(matched) != Some(&byte) {
            matched = failure.get(matched - 1).copied().unwrap_or(0);
        }
        if needle.get(matched) == Some(&byte) {
            matched + 1
        } else {
            0
        }
    };
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let (mut at, mut chars, mut matched) = (0, 0, 0);
    while let Some(&byte) = bytes.get(at) {
        if byte < 0x80 {
            let folded = byte.to_ascii_lowercase();
            matched = if matched == 0 && folded != first { 0 } else { step(matched, folded) };
            at += 1;
        } else {
            let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else { break };
            let mut buffer = [0u8; 4];
            for folded in fold(c).encode_utf8(&mut buffer).bytes() {
                matched = step(matched, folded);
            }
            at += c.len_utf8();
        }
        chars += 1;
        if matched == needle.len() {
            found.push(chars - needle_chars..chars);
            if found.len() >= MAX_MATCHES {
                break;
            }
            matched = 0;
        }
    }
    found
}

/// The matches that overlap `range` (matches sorted and disjoint, as `find` gives them).
pub fn matches_in(matches: &[Range<usize>], range: Range<usize>) -> &[Range<usize>] {
    let from = matches.partition_point(|found| found.end <= range.start);
    let to = matches.partition_point(|found| found.start < range.end);
    matches.get(from..to.max(from)).unwrap_or(&[])
}

/// The first match at or after `offset` (wrapping to the first), for "find next" from the caret.
pub fn match_from(matches: &[Range<usize>], offset: usize) -> Option<usize> {
    if matches.is_empty() {
        return None;
    }
    let at = matches.partition_point(|found| found.start < offset);
    Some(if at < matches.len() { at } else { 0 })
}

/// The base direction of text as its first strong character gives it (`Some(true)`: right to
/// left), by script ranges: for the continuation chunks of a long block, which must read in the
/// direction the block's first chunk takes (`dir="auto"` on each piece would let each decide).
pub fn first_strong_rtl(text: &str) -> Option<bool> {
    text.chars().find_map(|c| {
        let code = c as u32;
        let rtl =
            matches!(code, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF);
        if rtl && !clings(c) && !(0x0660..=0x0669).contains(&code) && !(0x06F0..=0x06F9).contains(&code) {
            Some(true)
        } else if c.is_alphabetic() && !rtl {
            Some(false)
        } else {
            None
        }
    })
}

#[cfg(test)]
// Ranges of matches and of chunks are what these tests compare, one or several.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    /// Blocks as the extractor makes them: joined by a blank line.
    fn blocks(texts: &[&str]) -> (String, Vec<Block>) {
        let mut canonical = String::new();
        let mut out = Vec::new();
        let mut at = 0;
        for text in texts {
            if !canonical.is_empty() {
                canonical.push_str("\n\n");
                at += 2;
            }
            let start = at;
            canonical.push_str(text);
            at += text.chars().count();
            out.push(Block { kind: BlockKind::Paragraph, start, end: at, text: text.to_string() });
        }
        (canonical, out)
    }

    /// Every chunk is the canonical text at its offsets, chunks tile each block in order, none is
    /// longer than the limit or starts with a clinging mark.
    fn check_tiling(canonical: &str, blocks: &[Block], chunks: &[Chunk], limit: usize) {
        let all: Vec<char> = canonical.chars().collect();
        let mut previous: Option<&Chunk> = None;
        for chunk in chunks {
            let text = chunk.text(blocks);
            assert_eq!(text.chars().count(), chunk.chars, "chunk {chunk:?}");
            assert!(chunk.chars <= limit, "chunk of {} > {limit}", chunk.chars);
            let expected: String = all[chunk.start..chunk.end()].iter().collect();
            assert_eq!(text, expected, "chunk {chunk:?} is not the canonical text at its offsets");
            if let Some(first) = text.chars().next() {
                assert!(chunk.first || !clings(first), "a chunk starts with the mark U+{:04X}", first as u32);
            }
            match previous {
                Some(before) if before.block == chunk.block => {
                    assert_eq!(before.end(), chunk.start);
                    assert_eq!(before.bytes.end, chunk.bytes.start);
                    assert!(!before.last && !chunk.first);
                }
                Some(before) => assert!(before.last && chunk.first && chunk.block == before.block + 1),
                None => assert!(chunk.first && chunk.block == 0),
            }
            previous = Some(chunk);
        }
        if let Some(last) = chunks.last() {
            assert!(last.last);
            assert_eq!(last.block + 1, blocks.len());
            assert_eq!(last.bytes.end, blocks[last.block].text.len());
        }
    }

    #[test]
    fn short_blocks_are_one_chunk_each() {
        let (canonical, blocks) = blocks(&["Heading", "A short paragraph.", "Another one."]);
        let chunks = chunks(&blocks);
        assert_eq!(chunks.len(), 3);
        check_tiling(&canonical, &blocks, &chunks, CHUNK_CHARS);
        assert_eq!(chunks[2].start, blocks[2].start);
    }

    #[test]
    fn a_long_block_is_cut_after_spaces_and_tiles_exactly() {
        let words: Vec<String> = (0..3000).map(|i| format!("word{i}")).collect();
        let long = words.join(" ");
        let (canonical, blocks) = blocks(&["Before.", &long, "After."]);
        let chunks = chunks_of(&blocks, 100);
        check_tiling(&canonical, &blocks, &chunks, 100);
        assert!(chunks.len() > 150, "{} chunks", chunks.len());
        // Every cut inside the long block follows a space (there is one within reach).
        for pair in chunks.windows(2).filter(|pair| pair[0].block == 1 && pair[1].block == 1) {
            assert!(pair[0].text(&blocks).ends_with(' '), "cut mid-word: {:?}", pair[0].text(&blocks));
        }
    }

    #[test]
    fn a_block_without_spaces_is_cut_at_code_points_never_before_a_mark() {
        // Arabic letters each carrying a combining mark, emoji with skin tones, CJK with no spaces:
        // multi-byte code points, and marks where a naive cut would fall.
        let arabic: String = std::iter::repeat_n("بَ", 500).collect();
        let emoji: String = std::iter::repeat_n("👍🏽", 300).collect();
        let cjk: String = std::iter::repeat_n("示例文本", 400).collect();
        let (canonical, blocks) = blocks(&[&arabic, &emoji, &cjk]);
        for limit in [2, 3, 7, 64, 100, 1000] {
            let chunks = chunks_of(&blocks, limit);
            check_tiling(&canonical, &blocks, &chunks, limit);
        }
    }

    #[test]
    fn a_single_huge_line_makes_bounded_chunks() {
        let line = "x".repeat(5 * CHUNK_CHARS + 17);
        let (canonical, blocks) = blocks(&[&line]);
        let chunks = chunks(&blocks);
        assert_eq!(chunks.len(), 6);
        check_tiling(&canonical, &blocks, &chunks, CHUNK_CHARS);
        assert_eq!(chunks[5].chars, 17);
    }

    #[test]
    fn offsets_find_their_chunk() {
        let long = "abc ".repeat(100);
        let (_, blocks) = blocks(&["one", &long, "three"]);
        let chunks = chunks_of(&blocks, 50);
        for offset in 0..=blocks[2].end {
            let at = chunk_at(&chunks, offset).unwrap();
            let chunk = &chunks[at];
            // In its chunk, or in the gap after it (the blank line between blocks), or the end.
            let next_start = chunks.get(at + 1).map_or(usize::MAX, |next| next.start);
            assert!(chunk.start <= offset && offset < next_start, "offset {offset} → chunk {chunk:?}");
        }
        assert_eq!(chunk_at(&[], 5), None);
        assert_eq!(chunk_at(&chunks, usize::MAX), Some(chunks.len() - 1));
    }

    #[test]
    fn neighbour_blocks_skip_continuations() {
        let long = "abc ".repeat(100);
        let (_, blocks) = blocks(&["one", &long, "three"]);
        let chunks = chunks_of(&blocks, 50);
        let middle = chunks.iter().position(|chunk| chunk.block == 1 && !chunk.first).unwrap();
        let third = chunks.iter().position(|chunk| chunk.block == 2).unwrap();
        let second = chunks.iter().position(|chunk| chunk.block == 1).unwrap();
        assert_eq!(neighbour_block(&chunks, middle, true), Some(third));
        assert_eq!(neighbour_block(&chunks, middle, false), Some(0));
        assert_eq!(neighbour_block(&chunks, third, false), Some(second));
        assert_eq!(neighbour_block(&chunks, third, true), None);
        assert_eq!(neighbour_block(&chunks, 0, false), None);
    }

    #[test]
    fn heights_sum_search_and_update_in_log_time() {
        let values: Vec<f64> = (0..1000).map(|i| 10.0 + (i % 7) as f64).collect();
        let mut heights = Heights::from_values(values.clone());
        let mut expected = values.clone();
        heights.set(500, 400.0);
        expected[500] = 400.0;
        heights.set(0, 1.0);
        expected[0] = 1.0;
        assert_eq!(heights.set(5000, 3.0), 0.0, "out of range is ignored");
        assert!(heights.is_measured(500) && !heights.is_measured(501));
        let mut top = 0.0;
        for (index, value) in expected.iter().enumerate() {
            assert!((heights.top(index) - top).abs() < 1e-6, "top of {index}");
            // Any y inside chunk `index` finds it.
            assert_eq!(heights.index_at(top), index);
            assert_eq!(heights.index_at(top + value / 2.0), index);
            top += value;
        }
        assert!((heights.total() - top).abs() < 1e-6);
        assert_eq!(heights.index_at(top + 1000.0), 999);
        assert_eq!(heights.index_at(-5.0), 0);
    }

    #[test]
    fn reestimating_keeps_what_was_measured() {
        let (_, blocks) = blocks(&[&"y".repeat(160), &"y".repeat(160), &"y".repeat(160)]);
        let chunks = chunks(&blocks);
        let narrow = Metrics { chars_per_line: 40.0, line_height: 20.0, block_gap: 0.0 };
        let wide = Metrics { chars_per_line: 160.0, ..narrow };
        let mut heights = Heights::estimated(&chunks, &narrow);
        assert_eq!(heights.total(), 240.0);
        heights.set(1, 33.0);
        heights.reestimate(&chunks, &wide);
        assert_eq!((heights.get(0), heights.get(1), heights.get(2)), (20.0, 33.0, 20.0));
        assert!(heights.is_measured(1) && !heights.is_measured(0));
        assert_eq!(heights.total(), 73.0);
        assert_eq!(heights.index_at(30.0), 1);
    }

    #[test]
    fn the_window_covers_the_screen_and_overscan_and_no_more() {
        let heights = Heights::from_values(vec![20.0; 200_000]);
        let shown = window(&heights, 1_000_000.0, 600.0, 300.0, 400);
        // Rows 50_000..50_030 are on screen; 15 more either side.
        assert_eq!(shown, 49_985..50_046);
        assert_eq!(window(&heights, 0.0, 600.0, 300.0, 400), 0..46);
        assert_eq!(window(&heights, 1e12, 600.0, 300.0, 400), 199_999..200_000);
        assert_eq!(window(&heights, 0.0, 1e9, 0.0, 400).len(), 400, "capped");
        assert_eq!(window(&Heights::from_values(Vec::new()), 0.0, 600.0, 0.0, 10), 0..0);
        assert_eq!(window_around(&heights, 1000, 600.0, 0.0, 400), 1000..1031);
    }

    #[test]
    fn a_pinned_chunk_is_rendered_apart_or_joined() {
        assert_eq!(rendered(10..20, &[]), vec![10..20]);
        assert_eq!(rendered(10..20, &[15]), vec![10..20]);
        assert_eq!(rendered(10..20, &[3]), vec![3..4, 10..20]);
        assert_eq!(rendered(10..20, &[9]), vec![9..20]);
        assert_eq!(rendered(10..20, &[20]), vec![10..21]);
        assert_eq!(rendered(10..20, &[90]), vec![10..20, 90..91]);
        assert_eq!(rendered(10..20, &[90, 3]), vec![3..4, 10..20, 90..91]);
        assert_eq!(rendered(10..20, &[3, 4]), vec![3..5, 10..20]);
        assert_eq!(rendered(0..0, &[7]), vec![7..8]);
    }

    #[test]
    fn estimates_grow_with_length_and_lines() {
        let metrics = Metrics { chars_per_line: 80.0, line_height: 20.0, block_gap: 8.0 };
        let (_, mut blocks) = blocks(&["short", &"y".repeat(200), "a\nb\nc", "d\ne"]);
        blocks[2].kind = BlockKind::Preformatted;
        let chunks = chunks(&blocks);
        assert_eq!(metrics.estimate(&chunks[0]), 28.0);
        assert_eq!(metrics.estimate(&chunks[1]), 68.0);
        assert_eq!(metrics.estimate(&chunks[2]), 68.0);
        assert_eq!(metrics.estimate(&chunks[3]), 28.0, "only pre-formatted text keeps its line breaks");
    }

    #[test]
    fn find_is_case_insensitive_with_code_point_offsets() {
        let text = "Ünïcode café, CAFÉ and Café; ÇA ça";
        let found = find(text, "café");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(found.len(), 3);
        for range in &found {
            let hit: String = chars[range.clone()].iter().collect();
            assert_eq!(hit.to_lowercase(), "café");
        }
        assert_eq!(find(text, "ça").len(), 2);
        assert!(find(text, "").is_empty());
        assert!(find(text, "absent").is_empty());
        // Borders of the needle (KMP's failure table) are followed, not skipped.
        assert_eq!(find("aaab aab", "aab"), vec![1..4, 5..8]);
        assert_eq!(find("abababx", "ababx"), vec![2..7]);
        // Non-overlapping.
        assert_eq!(find("aaaa", "aa"), vec![0..2, 2..4]);
        // A letter whose lower case is two code points keeps the offsets of the text.
        assert_eq!(find("İstanbul İstanbul", "stan"), vec![1..5, 10..14]);
    }

    #[test]
    fn find_folds_like_the_char_by_char_comparison() {
        // Every folded text, compared the slow way: each query's matches are where the folded
        // code points equal, without overlaps.
        let text = "Ab ÄB ab Σσς KELVIN \u{212A}elvin kelvin İi ﬃ ab\u{301}a\u{301}B";
        for query in ["ab", "äb", "σ", "ΣΣ", "kelvin", "i", "ffi", "b\u{301}", "a\u{301}b", "\u{301}", " "] {
            let chars: Vec<char> = text.chars().map(fold).collect();
            let needle: Vec<char> = query.chars().map(fold).collect();
            let mut expected = Vec::new();
            let mut at = 0;
            while at + needle.len() <= chars.len() {
                if chars[at..at + needle.len()] == needle[..] {
                    expected.push(at..at + needle.len());
                    at += needle.len();
                } else {
                    at += 1;
                }
            }
            assert_eq!(find(text, query), expected, "query {query:?}");
        }
        assert_eq!(find(text, "kelvin").len(), 3, "the Kelvin sign folds to k");
    }

    #[test]
    fn find_stops_at_the_cap() {
        let text = "a".repeat(MAX_MATCHES + 50);
        assert_eq!(find(&text, "a").len(), MAX_MATCHES);
    }

    #[test]
    fn matches_are_found_by_range_and_from_an_offset() {
        let matches = vec![2..4, 10..12, 20..25];
        assert_eq!(matches_in(&matches, 0..3), &[2..4]);
        assert_eq!(matches_in(&matches, 4..10), &[] as &[Range<usize>]);
        assert_eq!(matches_in(&matches, 11..21), &[10..12, 20..25]);
        assert_eq!(match_from(&matches, 0), Some(0));
        assert_eq!(match_from(&matches, 3), Some(1));
        assert_eq!(match_from(&matches, 21), Some(0), "wraps");
        assert_eq!(match_from(&[], 0), None);
    }

    #[test]
    fn the_first_strong_character_gives_the_direction() {
        assert_eq!(first_strong_rtl("123 مرحبا hello"), Some(true));
        assert_eq!(first_strong_rtl("«שלום» world"), Some(true));
        assert_eq!(first_strong_rtl("٣٤ hello"), Some(false));
        assert_eq!(first_strong_rtl("— hello مرحبا"), Some(false));
        assert_eq!(first_strong_rtl("123 …"), None);
    }
}
