//! The diff of two captures' extracted text, for the "Over time" step: an earlier capture beside
//! a later one, to see what was removed. It owns the block-level diff (one block = one unit),
//! the pairing of a removed block with a similar added block into a `Changed` block with
//! word-level marks, the summary counts, the list of passages that are gone, and the
//! whitespace- and case-tolerant absence check behind the `removed` verdict rule.
//!
//! It must never panic, read a clock, allocate without bound on hostile input, or reach for
//! anything outside the pure core (no yew, web-sys, gloo, wasm-bindgen): it compiles for wasm32
//! and runs in a web worker. Work is bounded without a deadline or clock: blocks are interned
//! and diffed with `similar` (Histogram); word-level diffs run only inside runs of removed and
//! added blocks, within a small window, never on blocks longer than
//! [`DiffOptions::max_word_diff_chars`], and only until [`DiffOptions::max_word_diff_work`] is
//! spent (then blocks stay unpaired and [`TextDiff::word_budget_exhausted`] says so).

mod tokens;

use std::collections::HashMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, diff_ratio, Algorithm, DiffTag};

use crate::domain::capture::ExtractedText;

/// What happened to one word token (or run of tokens) inside a changed block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordTag {
    Equal,
    Delete,
    Insert,
}

/// A run of text inside a changed block. Concatenating the `Equal` and `Delete` runs in order
/// gives the earlier block's text exactly; `Equal` and `Insert` give the later block's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WordChange {
    pub tag: WordTag,
    pub text: String,
}

/// One entry of the block-level diff. Indices point into the earlier (`before`) and later
/// (`after`) captures' `ExtractedText::blocks`. Entries come in document order on both sides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BlockChange {
    Unchanged {
        before_index: usize,
        after_index: usize,
    },
    Removed {
        before_index: usize,
    },
    Added {
        after_index: usize,
    },
    /// A removed block paired with a similar added block (word similarity at least
    /// [`DiffOptions::similarity_threshold`]), with word-level marks.
    Changed {
        before_index: usize,
        after_index: usize,
        words: Vec<WordChange>,
    },
}

/// Counts of block changes, and of code points removed and added (whole removed/added blocks
/// plus deleted/inserted words of changed blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DiffSummary {
    pub unchanged: usize,
    pub removed: usize,
    pub added: usize,
    pub changed: usize,
    pub removed_chars: usize,
    pub added_chars: usize,
}

/// The diff of two captures' extracted text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextDiff {
    pub changes: Vec<BlockChange>,
    pub summary: DiffSummary,
    /// The text that was on the earlier page and is gone now, in document order: each removed
    /// block whose text no longer appears as a block of the later page (a block that only moved
    /// is not gone), and each run of deleted words of a changed block that holds a letter or
    /// digit. See [`TextDiff::removed_text`].
    pub removed_passages: Vec<String>,
    /// True when [`DiffOptions::max_word_diff_work`] ran out: from then on removed and added
    /// blocks were left unpaired (`Removed` + `Added` rather than `Changed`). The block-level
    /// diff itself is always complete.
    pub word_budget_exhausted: bool,
}

impl TextDiff {
    /// The text that was on the earlier page and is gone now: whole removed blocks (unless the
    /// same text is still a block of the later page, i.e. it only moved) plus the deleted words
    /// of changed blocks, in document order.
    #[must_use]
    pub fn removed_text(&self) -> Vec<String> {
        self.removed_passages.clone()
    }

    /// True when both sides hold the same blocks in the same order.
    #[must_use]
    pub fn is_identical(&self) -> bool {
        self.changes.iter().all(|c| matches!(c, BlockChange::Unchanged { .. }))
    }

    /// A compact plain-text rendering, one line per block: `  text` unchanged, `- text` removed,
    /// `+ text` added, `~ text [-deleted-]{+inserted+}` changed. Newlines inside a block are
    /// shown as `\n`. `before` and `after` are the blocks' texts the diff was computed from.
    #[must_use]
    pub fn render_compact(&self, before: &[&str], after: &[&str]) -> String {
        fn line(out: &mut String, prefix: &str, text: &str) {
            out.push_str(prefix);
            out.push_str(&text.replace('\n', "\\n"));
            out.push('\n');
        }
        let mut out = String::new();
        for change in &self.changes {
            match change {
                BlockChange::Unchanged { before_index, .. } => {
                    line(&mut out, "  ", before.get(*before_index).copied().unwrap_or("?"));
                }
                BlockChange::Removed { before_index } => {
                    line(&mut out, "- ", before.get(*before_index).copied().unwrap_or("?"));
                }
                BlockChange::Added { after_index } => {
                    line(&mut out, "+ ", after.get(*after_index).copied().unwrap_or("?"));
                }
                BlockChange::Changed { words, .. } => {
                    let mut text = String::new();
                    for w in words {
                        match w.tag {
                            WordTag::Equal => text.push_str(&w.text),
                            WordTag::Delete => {
                                text.push_str("[-");
                                text.push_str(&w.text);
                                text.push_str("-]");
                            }
                            WordTag::Insert => {
                                text.push_str("{+");
                                text.push_str(&w.text);
                                text.push_str("+}");
                            }
                        }
                    }
                    line(&mut out, "~ ", &text);
                }
            }
        }
        out
    }
}

/// Tuning and work caps for [`diff_blocks_with`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiffOptions {
    /// A removed and an added block pair up as `Changed` when similar's ratio over their words
    /// (whitespace left out) is at least this. Default 0.5.
    pub similarity_threshold: f32,
    /// Blocks pair up (and get word-level marks) only when their combined length, in code
    /// points, is at most this. Larger pairs stay `Removed` + `Added`. Default 40 000.
    pub max_word_diff_chars: usize,
    /// How many of the next unpaired added blocks a removed block is compared with. Default 8.
    pub pairing_window: usize,
    /// Total work allowed for word-level comparisons over the whole diff, in units of
    /// (words compared + 1) × (words differing + 1) per comparison, a proxy for the cost of a
    /// Myers diff. Default 150 million, about a fifth of a second natively when every
    /// comparison is of large unrelated blocks; ordinary pages use a small fraction of it.
    pub max_word_diff_work: u64,
    /// The block-level algorithm. Default Histogram: anchors on rare blocks like Patience (so
    /// it reads well on reordered blocks) and was the fastest of Patience, Myers and Histogram
    /// on large pages with many changes, and as fast on repeated blocks (`benches/diff.rs`).
    pub block_algorithm: Algorithm,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            similarity_threshold: 0.5,
            max_word_diff_chars: 40_000,
            pairing_window: 8,
            max_word_diff_work: 150_000_000,
            block_algorithm: Algorithm::Histogram,
        }
    }
}

/// Diffs two captures' extracted text block by block (see [`diff_blocks_with`]).
#[must_use]
pub fn diff_texts(before: &ExtractedText, after: &ExtractedText) -> TextDiff {
    let before: Vec<&str> = before.blocks.iter().map(|b| b.text.as_str()).collect();
    let after: Vec<&str> = after.blocks.iter().map(|b| b.text.as_str()).collect();
    diff_blocks_with(&before, &after, &DiffOptions::default())
}

/// Diffs two lists of block texts with the default options.
#[must_use]
pub fn diff_block_strings(before: &[&str], after: &[&str]) -> TextDiff {
    diff_blocks_with(before, after, &DiffOptions::default())
}

/// Diffs two lists of block texts: a block-level diff of whole blocks, then, inside each run of
/// removed and added blocks, pairing of similar blocks into `Changed` entries with word marks.
#[must_use]
pub fn diff_blocks_with(before: &[&str], after: &[&str], options: &DiffOptions) -> TextDiff {
    // Intern the texts: after's distinct texts get ids 0..after_distinct, so a before block
    // whose id is below that still appears, verbatim, somewhere on the later page.
    let mut ids: HashMap<&str, u32> = HashMap::with_capacity(after.len().saturating_add(before.len()));
    let mut intern = |text| {
        let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        *ids.entry(text).or_insert(next)
    };
    let new_ids: Vec<u32> = after.iter().map(|t| intern(t)).collect();
    let after_distinct = ids.len();
    let mut intern = |text| {
        let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        *ids.entry(text).or_insert(next)
    };
    let old_ids: Vec<u32> = before.iter().map(|t| intern(t)).collect();

    let ops = capture_diff_slices(options.block_algorithm, &old_ids, &new_ids);

    let mut b = Builder {
        before,
        after,
        options,
        work_left: options.max_word_diff_work,
        still_present: |i: usize| old_ids.get(i).is_some_and(|&id| (id as usize) < after_distinct),
        diff: TextDiff { changes: Vec::with_capacity(before.len().max(after.len())), ..TextDiff::default() },
    };
    for op in &ops {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                for (i, j) in old.zip(new) {
                    b.diff.summary.unchanged += 1;
                    b.diff.changes.push(BlockChange::Unchanged { before_index: i, after_index: j });
                }
            }
            DiffTag::Delete => old.for_each(|i| b.removed(i)),
            DiffTag::Insert => new.for_each(|j| b.added(j)),
            DiffTag::Replace => b.pair_hunk(old, new),
        }
    }
    b.diff
}

/// A block's text split for word-level comparison.
struct Prepared<'a> {
    tokens: Vec<&'a str>,
    /// The tokens that are not whitespace, in order: what similarity is measured on.
    words: Vec<&'a str>,
    /// The same words sorted, for the cheap upper bound of the similarity.
    sorted: Vec<&'a str>,
}

impl<'a> Prepared<'a> {
    fn new(text: &'a str) -> Self {
        let tokens = tokens::tokenize(text);
        let words: Vec<&str> = tokens.iter().copied().filter(|t| !tokens::is_space(t)).collect();
        let mut sorted = words.clone();
        sorted.sort_unstable();
        Prepared { tokens, words, sorted }
    }
}

struct Builder<'a, 'o, F> {
    before: &'a [&'a str],
    after: &'a [&'a str],
    options: &'o DiffOptions,
    work_left: u64,
    still_present: F,
    diff: TextDiff,
}

impl<'a, F: Fn(usize) -> bool> Builder<'a, '_, F> {
    fn removed(&mut self, i: usize) {
        let text = self.before.get(i).copied().unwrap_or("");
        self.diff.summary.removed += 1;
        self.diff.summary.removed_chars += text.chars().count();
        if !(self.still_present)(i) && has_letter_or_digit(text) {
            self.diff.removed_passages.push(text.to_owned());
        }
        self.diff.changes.push(BlockChange::Removed { before_index: i });
    }

    fn added(&mut self, j: usize) {
        let text = self.after.get(j).copied().unwrap_or("");
        self.diff.summary.added += 1;
        self.diff.summary.added_chars += text.chars().count();
        self.diff.changes.push(BlockChange::Added { after_index: j });
    }

    /// Walks a run of removed blocks `old` replaced by added blocks `new`, pairing each removed
    /// block with the most similar of the next `pairing_window` unpaired added blocks. Pairs
    /// never cross, so the output stays in document order on both sides.
    fn pair_hunk(&mut self, old: Range<usize>, new: Range<usize>) {
        let window = self.options.pairing_window.max(1);
        let max_chars = self.options.max_word_diff_chars;
        let threshold = self.options.similarity_threshold;
        let new_start = new.start;
        // Lazily computed per added block: its length and, when short enough, its words.
        let mut new_cache: Vec<Option<(usize, Option<Prepared<'a>>)>> = Vec::new();
        new_cache.resize_with(new.len(), || None);
        let mut next_new = new.start;

        for i in old {
            let old_text = self.before.get(i).copied().unwrap_or("");
            let old_chars = old_text.chars().count();
            let window_end = next_new.saturating_add(window).min(new.end);
            let mut best: Option<(usize, f32)> = None;
            let mut old_prepared: Option<Prepared<'a>> = None;
            if self.work_left == 0 {
                self.diff.word_budget_exhausted = true;
            } else if old_chars <= max_chars {
                for j in next_new..window_end {
                    let Some(slot) = new_cache.get_mut(j - new_start) else {
                        break;
                    };
                    let (new_chars, new_prepared) = slot.get_or_insert_with(|| {
                        let text = self.after.get(j).copied().unwrap_or("");
                        let chars = text.chars().count();
                        (chars, (chars <= max_chars).then(|| Prepared::new(text)))
                    });
                    let Some(new_prepared) = new_prepared.as_ref() else {
                        continue;
                    };
                    if old_chars.saturating_add(*new_chars) > max_chars {
                        continue;
                    }
                    let old_p = old_prepared.get_or_insert_with(|| Prepared::new(old_text));
                    let (a, b) = (old_p.words.len(), new_prepared.words.len());
                    // Upper bounds of the ratio, from the word counts, then from the words the
                    // two blocks share regardless of order (difflib's quick ratio).
                    if a + b > 0
                        && ((2 * a.min(b)) as f32 / ((a + b) as f32) < threshold
                            || (2 * common_words(&old_p.sorted, &new_prepared.sorted)) as f32 / ((a + b) as f32)
                                < threshold)
                    {
                        continue;
                    }
                    if self.work_left == 0 {
                        break;
                    }
                    let ops = capture_diff_slices(Algorithm::Myers, &old_p.words, &new_prepared.words);
                    self.work_left = self.work_left.saturating_sub(work(&ops, a + b));
                    let ratio = diff_ratio(&ops, a, b);
                    if ratio >= threshold && best.is_none_or(|(_, r)| ratio > r) {
                        best = Some((j, ratio));
                    }
                }
            }
            let paired = best.and_then(|(j, _)| {
                let old_p = old_prepared.as_ref()?;
                let new_p = new_cache.get(j - new_start)?.as_ref()?.1.as_ref()?;
                Some((j, word_changes(&old_p.tokens, &new_p.tokens)))
            });
            match paired {
                Some((j, (words, spent))) => {
                    self.work_left = self.work_left.saturating_sub(spent);
                    for skipped in next_new..j {
                        self.added(skipped);
                    }
                    self.changed(i, j, words);
                    next_new = j + 1;
                }
                None => self.removed(i),
            }
        }
        for j in next_new..new.end {
            self.added(j);
        }
    }

    fn changed(&mut self, i: usize, j: usize, words: Vec<WordChange>) {
        let s = &mut self.diff.summary;
        s.changed += 1;
        for w in &words {
            match w.tag {
                WordTag::Equal => {}
                WordTag::Delete => {
                    s.removed_chars += w.text.chars().count();
                    if has_letter_or_digit(&w.text) {
                        self.diff.removed_passages.push(w.text.trim().to_owned());
                    }
                }
                WordTag::Insert => s.added_chars += w.text.chars().count(),
            }
        }
        self.diff.changes.push(BlockChange::Changed { before_index: i, after_index: j, words });
    }
}

/// How many words two sorted word lists share, counting repeats (multiset intersection).
fn common_words(a: &[&str], b: &[&str]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The work charged for one word-level diff of `compared` items that produced `ops`.
fn work(ops: &[similar::DiffOp], compared: usize) -> u64 {
    let differing: usize =
        ops.iter().filter(|op| op.tag() != DiffTag::Equal).map(|op| op.old_range().len() + op.new_range().len()).sum();
    (compared as u64 + 1).saturating_mul(differing as u64 + 1)
}

fn has_letter_or_digit(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

/// Word-level marks between two token lists. Consecutive changes are merged into one deleted
/// run followed by one inserted run, and whitespace-only equal runs between two changes are
/// folded into both, so "the cat sat" → "the dog ran" reads `the [-cat sat-]{+dog ran+}`.
/// Also returns the work spent.
fn word_changes(old: &[&str], new: &[&str]) -> (Vec<WordChange>, u64) {
    let ops = capture_diff_slices(Algorithm::Myers, old, new);
    let spent = work(&ops, old.len() + new.len());
    let slice = |side: &[&str], r: Range<usize>| -> String { side.get(r).map(<[&str]>::concat).unwrap_or_default() };
    let mut out: Vec<WordChange> = Vec::new();
    let mut del = String::new();
    let mut ins = String::new();
    let flush = |out: &mut Vec<WordChange>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(WordChange { tag: WordTag::Delete, text: std::mem::take(del) });
        }
        if !ins.is_empty() {
            out.push(WordChange { tag: WordTag::Insert, text: std::mem::take(ins) });
        }
    };
    for (k, op) in ops.iter().enumerate() {
        let (tag, o, n) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                let pending = !del.is_empty() || !ins.is_empty();
                let next_is_change = ops.get(k + 1).is_some_and(|next| next.tag() != DiffTag::Equal);
                let only_space = old.get(o.clone()).is_some_and(|ts| ts.iter().all(|t| tokens::is_space(t)));
                if pending && next_is_change && only_space {
                    let text = slice(old, o);
                    del.push_str(&text);
                    ins.push_str(&text);
                    continue;
                }
                flush(&mut out, &mut del, &mut ins);
                out.push(WordChange { tag: WordTag::Equal, text: slice(old, o) });
            }
            DiffTag::Delete => del.push_str(&slice(old, o)),
            DiffTag::Insert => ins.push_str(&slice(new, n)),
            DiffTag::Replace => {
                del.push_str(&slice(old, o));
                ins.push_str(&slice(new, n));
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    (out, spent)
}

/// The diff as the app shows it: the summary, what the earlier page had that the later one lacks,
/// then every block (`same`, `removed`, `added`, or `changed` with word marks), every captured
/// text escaped. `diff` must be the diff of `before` and `after`.
pub fn diff_html(before: &ExtractedText, after: &ExtractedText, diff: &TextDiff) -> String {
    let escape = crate::domain::export::escape_html;
    let block = |text: &ExtractedText, index: usize| text.blocks.get(index).map_or(String::new(), |b| escape(&b.text));
    let summary = &diff.summary;
    let mut html = format!(
        "<p class=\"diff-summary\">{} blocks removed, {} added, {} changed, {} unchanged</p>",
        summary.removed, summary.added, summary.changed, summary.unchanged
    );
    let removed = diff.removed_text();
    if !removed.is_empty() {
        html.push_str(
            "<div class=\"gone\" data-testid=\"diff-gone\"><h3>On the earlier page, gone from the later one</h3><ul>",
        );
        for text in &removed {
            html.push_str(&format!("<li dir=\"auto\"><del>{}</del></li>", escape(text)));
        }
        html.push_str("</ul></div>");
    }
    html.push_str(
        "<div class=\"diff-rows scroll-region\" tabindex=\"0\" role=\"region\" aria-label=\"Text differences\">",
    );
    for change in &diff.changes {
        match change {
            BlockChange::Unchanged { before_index, .. } => {
                html.push_str(&format!(
                    "<div class=\"diff-row same\" dir=\"auto\">{}</div>",
                    block(before, *before_index)
                ));
            }
            BlockChange::Removed { before_index } => html.push_str(&format!(
                "<div class=\"diff-row removed\" data-testid=\"diff-removed\" dir=\"auto\"><del>{}</del></div>",
                block(before, *before_index)
            )),
            BlockChange::Added { after_index } => html.push_str(&format!(
                "<div class=\"diff-row added\" data-testid=\"diff-added\" dir=\"auto\"><ins>{}</ins></div>",
                block(after, *after_index)
            )),
            BlockChange::Changed { words, .. } => {
                html.push_str("<div class=\"diff-row changed\" data-testid=\"diff-changed\" dir=\"auto\">");
                for word in words {
                    let text = escape(&word.text);
                    match word.tag {
                        WordTag::Equal => html.push_str(&text),
                        WordTag::Delete => html.push_str(&format!("<del>{text}</del>")),
                        WordTag::Insert => html.push_str(&format!("<ins>{text}</ins>")),
                    }
                }
                html.push_str("</div>");
            }
        }
    }
    html.push_str("</div>");
    html
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn word_changes_fold_spaces_between_changes() {
        let old = tokens::tokenize("the cat sat here");
        let new = tokens::tokenize("the dog ran here");
        let (words, _) = word_changes(&old, &new);
        let rendered: Vec<(WordTag, &str)> = words.iter().map(|w| (w.tag, w.text.as_str())).collect();
        assert_eq!(
            rendered,
            [
                (WordTag::Equal, "the "),
                (WordTag::Delete, "cat sat"),
                (WordTag::Insert, "dog ran"),
                (WordTag::Equal, " here"),
            ]
        );
    }

    #[test]
    fn moved_block_is_not_gone() {
        let d =
            diff_block_strings(&["Alpha one", "Beta two", "Gamma three"], &["Beta two", "Gamma three", "Alpha one"]);
        assert!(d.removed_text().is_empty(), "{d:?}");
        assert_eq!(d.summary.removed, 1);
        assert_eq!(d.summary.added, 1);
    }
}
